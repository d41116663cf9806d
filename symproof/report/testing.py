"""Check claims inside a test suite: judge, record the verdict in the pytest ledger, assert the expectation.

A function decorated with `symproof.claim` calls `check` itself; `check(my_claim)` does the same for a claim object.
The expectation is the claim's snapshot (`symproof.verdict.snapshots`): its recorded verdict, and its pinned
counterexamples. Under ``pytest --symproof-update`` nothing is asserted: the verdict and the counterexamples are
recorded, and the plugin writes them to the snapshot files at the end of the session.

Under pytest (with symproof installed, its plugin is active) each checked claim joins the ledger that
`pytest --symproof-ledger PATH` writes and the terminal summary lists, also under pytest-xdist.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from symproof.report.decorator import claim_of
from symproof.report.ledger import Entry
from symproof.verdict.claim import Claim, Verdict
from symproof.verdict.effort import Effort
from symproof.verdict.judge import judge
from symproof.verdict.searched import replay
from symproof.verdict.snapshots import recorded

__all__ = ["check", "failure"]


def check(claim: Any, *, effort: Effort | str | None = None, seed: int | None = None) -> Verdict:
    """Return the verdict of `claim`, recorded in the ledger; raise AssertionError if it differs from its snapshot.

    `claim` is a claim, or a function decorated with `symproof.claim`. The effort defaults to pytest's
    ``--symproof-effort`` (else ci when CI is set, else default), and the seed to ``--hypothesis-seed`` (else 0). A
    claim whose judging raises is recorded with the verdict "error" (never dropped from the summary or the
    ledger), and the exception propagates.
    """
    __tracebackhide__ = True  # a failure points at the claim's test, not into symproof
    from symproof.report import plugin

    claim = claim_of(claim)
    chosen = effort if effort is not None else plugin.effort()
    try:
        verdict = judge(claim, effort=chosen, seed=seed if seed is not None else plugin.seed())
    except Exception as error:
        plugin.record(Entry.error(claim, error))
        raise
    entry = Entry.of(claim, verdict)
    snapshot = recorded(claim, verdict)
    if plugin.updating():  # the verdict becomes the expectation
        plugin.record(replace(entry, expected=verdict.status))
        plugin.record_snapshot(claim, snapshot)
        return verdict
    plugin.record(entry if claim.expected is not None else replace(entry, expected="unrecorded"))
    where = f" in {claim.snapshot}" if claim.snapshot else ""
    if claim.expected is None:
        raise AssertionError(
            f"{claim.id}: no expected verdict is recorded{where}; computed {verdict.status}. "
            "Run pytest --symproof-update to record it, then review the snapshot file."
        )
    if not entry.as_expected:
        raise AssertionError(failure(claim, entry))
    pins = getattr(claim, "pins", ())
    if claim.snapshot and {json.dumps(p.scenario, sort_keys=True) for p in snapshot.pins} != {
        json.dumps(p.scenario, sort_keys=True) for p in pins
    }:
        raise AssertionError(_pins_differ(claim, entry, where))
    return verdict


def _pins_differ(claim: Claim, entry: Entry, where: str) -> str:
    """Return the report of a verdict whose counterexamples differ from the pinned ones."""
    lines = [f"{claim.id}: {entry.verdict} as expected, but its counterexamples differ from the snapshot{where}"]
    for pin in entry.evidence.get("new pins", []):
        lines.append(f"  + new counterexample ({pin['found']}): {json.dumps(pin['scenario'], separators=(',', ':'))}")
    for scenario in entry.evidence.get("stale pins", []):
        lines.append(f"  - pinned, no longer fails: {json.dumps(scenario, separators=(',', ':'))}")
    lines.append("  Run pytest --symproof-update to record them, then review the snapshot file.")
    return "\n".join(lines)


def failure(claim: Claim, entry: Entry) -> str:
    """Return the report of a verdict that differs from its expectation: the statement, the deviation measured, the
    counterexample, and how to replay it in Python and from the shell."""
    lines = [
        f"{claim.id}: the verdict differs from its snapshot{' in ' + claim.snapshot if claim.snapshot else ''}",
        f"  - expected: {claim.expected}",
        f"  + computed: {entry.verdict} ({entry.examples} examples, effort {entry.evidence.get('effort')}, "
        f"seed {entry.evidence.get('seed')})",
        f"  statement: {claim.statement}",
    ]
    where = entry.evidence.get("counterexample_under_condition") or entry.counterexample
    if where is not None:
        record = json.dumps(where, separators=(",", ":"), default=str)
        lines.append(f"  counterexample: {record}")
        if claim.decider.replays:
            try:
                lines.append(f"  deviation there: {replay(claim, where)!r}")
            except Exception as error:  # the report must not hide the verdict behind a second failure
                lines.append(f"  deviation there: replay raised {type(error).__name__}: {error}")
            lines.append(f"  replay in Python: symproof.replay(claim, json.loads({record!r}))")
            from symproof.claims import REGISTRY

            if REGISTRY.get(claim.id) is claim:
                lines.append(f"  replay from the shell: symproof replay {claim.id} '{record}'")
    if claim.snapshot:
        lines.append("  If the change is intended, run pytest --symproof-update and review the snapshot file.")
    else:
        lines.append(f"  evidence: {json.dumps(entry.evidence, default=str)}")
    return "\n".join(lines)
