"""Check claims inside a test suite: judge, record the verdict in the pytest ledger, assert the expectation.

    from symproof.testing import check

    def test_my_claim() -> None:
        check(my_claim)

Under pytest (with symproof installed, its plugin is active) each checked claim joins the ledger that
`pytest --symproof-ledger PATH` writes and the terminal summary lists, also under pytest-xdist.
"""

from __future__ import annotations

import json

from symproof.effort import Effort
from symproof.ledger import Entry
from symproof.registry import AnyClaim, judge
from symproof.verdict import Claim, Verdict, replay

__all__ = ["check", "failure"]


def check(claim: AnyClaim, *, effort: Effort | str | None = None, seed: int | None = None) -> Verdict:
    """Return the verdict of `claim`, recorded in the ledger; raise AssertionError if it is not the expected one.

    The effort defaults to pytest's ``--symproof-effort`` (else ci when CI is set, else default), and the seed to
    ``--hypothesis-seed`` (else 0). A claim whose judging raises is recorded with the verdict "error" (never dropped
    from the summary or the ledger), and the exception propagates.
    """
    from symproof import plugin

    chosen = effort if effort is not None else plugin.effort()
    try:
        verdict = judge(claim, effort=chosen, seed=seed if seed is not None else plugin.seed())
    except Exception as error:
        plugin.record(Entry.error(claim, error))
        raise
    entry = Entry.of(claim, verdict)
    plugin.record(entry)
    if not entry.as_expected:
        raise AssertionError(failure(claim, entry))
    return verdict


def failure(claim: AnyClaim, entry: Entry) -> str:
    """Return the report of a verdict that differs from its expectation: the statement, the deviation measured, the
    counterexample, and how to replay it in Python and from the shell."""
    lines = [f"{claim.id}: computed {entry.verdict}, expected {claim.expected}", f"  statement: {claim.statement}"]
    where = entry.evidence.get("counterexample_under_condition") or entry.counterexample
    if where is not None:
        record = json.dumps(where, separators=(",", ":"), default=str)
        lines.append(f"  counterexample: {record}")
        if isinstance(claim, Claim):
            try:
                lines.append(f"  deviation there: {replay(claim, where)!r}")
            except Exception as error:  # the report must not hide the verdict behind a second failure
                lines.append(f"  deviation there: replay raised {type(error).__name__}: {error}")
            lines.append(f"  replay in Python: symproof.verdict.replay(claim, json.loads({record!r}))")
            lines.append(f"  replay from the shell (built-in claims): symproof replay {claim.id} '{record}'")
    else:
        lines.append(f"  evidence: {json.dumps(entry.evidence, default=str)}")
    return "\n".join(lines)
