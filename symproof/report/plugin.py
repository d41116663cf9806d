"""The pytest plugin (entry point ``symproof``): the effort and seed of claims, the claims ledger, a terminal summary.

It stays out of the way of a project that does not check claims: it registers no Hypothesis profile and changes no
setting, imports nothing heavy, and adds nothing to the output unless a claim is checked or one of its options is
given (benchmarks/plugin_startup.py measures what it adds to a trivial run).

- ``--symproof-effort quick|default|ci|thorough``: the effort of every claim `symproof.report.testing.check` judges
  (default: ci when the CI variable is set, else default). ``--hypothesis-seed N`` seeds the claims' searches too.
- ``--symproof-ledger PATH`` writes the ledger of the claims that the run checked (markdown, or JSON when PATH ends
  in .json).
- ``--symproof-update`` records each checked claim's verdict and counterexamples in its module's snapshot file
  (`symproof.verdict.snapshots`) instead of asserting them.
- Functions decorated with `symproof.claim` are collected as tests whatever their name.
- A terminal-summary section lists each checked claim with its verdict.

Claims are recorded by `symproof.report.testing.check` on the running test's ``user_properties``, which pytest-xdist
sends from its workers to the controller with each report; the controller collects them from the reports.
"""

from __future__ import annotations

import contextvars
import inspect
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from symproof.report.ledger import Entry
    from symproof.verdict.claim import Claim
    from symproof.verdict.snapshots import Snapshot

__all__ = ["effort", "record", "record_snapshot", "seed", "updating"]

PROPERTY = "symproof"
SNAPSHOT = "symproof-snapshot"
EFFORT_NAMES = ("quick", "default", "ci", "thorough")
_item: contextvars.ContextVar[pytest.Item | None] = contextvars.ContextVar("symproof_item", default=None)
_config: list[pytest.Config] = []  # the running session's config, once configured


def effort() -> str:
    """Return the name of the effort for claims: --symproof-effort, else ci when CI is set, else default."""
    chosen = _config[-1].getoption("symproof_effort") if _config else None
    if chosen is not None:
        return str(chosen)
    from symproof.verdict.effort import default_effort  # light: no numpy, no Hypothesis

    return default_effort().name


def seed() -> int:
    """Return the seed for claims' searches: --hypothesis-seed when given (a number, or a stable hash), else 0."""
    given = _config[-1].getoption("hypothesis_seed", default=None) if _config else None
    if given is None:
        return 0
    text = str(given)
    if text.isdigit():
        return int(text)
    import zlib

    return zlib.crc32(text.encode())


def updating() -> bool:
    """Return whether the run records snapshots (--symproof-update) instead of asserting them."""
    return bool(_config and _config[-1].getoption("symproof_update", default=False))


def record(entry: Entry) -> None:
    """Attach `entry` to the running test, if any, for the ledger."""
    item = _item.get()
    if item is not None:
        item.user_properties.append((PROPERTY, entry.to_dict()))


def record_snapshot(claim: Claim, snapshot: Snapshot) -> None:
    """Attach the new `snapshot` of `claim` to the running test, for the controller to write at the end."""
    item = _item.get()
    if item is None or claim.snapshot is None:
        raise RuntimeError(f"claim {claim.id!r}: --symproof-update records snapshots of claims checked in a test")
    import json  # plain data only: xdist sends it between processes (numpy floats become Python floats)

    record = json.loads(json.dumps({"path": claim.snapshot, "id": claim.id, **snapshot.to_dict()}))
    item.user_properties.append((SNAPSHOT, record))


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("symproof", "symproof: the claims ledger")
    group.addoption(
        "--symproof-effort",
        choices=EFFORT_NAMES,
        default=None,
        help="effort of every checked claim: quick 50, default 200, ci 200, thorough 1000 examples per search "
        "(default: ci when the CI variable is set, else default)",
    )
    group.addoption(
        "--symproof-update",
        action="store_true",
        default=False,
        help="record each checked claim's verdict and counterexamples in its module's snapshot file "
        "(__snapshots__/<module>.symproof.json) instead of asserting them",
    )
    group.addoption(
        "--symproof-ledger",
        metavar="PATH",
        default=None,
        help="write the ledger of the checked claims to PATH (markdown, or JSON if PATH ends in .json)",
    )


def pytest_configure(config: pytest.Config) -> None:
    _config.append(config)
    config.pluginmanager.register(_Collector(config), "symproof-ledger")


def pytest_unconfigure(config: pytest.Config) -> None:
    if config in _config:
        _config.remove(config)


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> Any:
    if inspect.isfunction(obj) and getattr(obj, "__symproof_claim__", None) is not None:
        return [pytest.Function.from_parent(collector, name=name, callobj=obj)]
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    token = _item.set(item)
    try:
        return (yield)
    finally:
        _item.reset(token)


class _Collector:
    """Collect the recorded claims from the test reports (local, or sent by xdist workers); write and list them."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.entries: dict[str, dict[str, Any]] = {}
        self.snapshots: dict[str, dict[str, dict[str, Any]]] = {}  # path -> claim ID -> snapshot

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        for name, value in report.user_properties:
            if name == PROPERTY and isinstance(value, dict):
                self.entries[value["id"]] = value
            elif name == SNAPSHOT and isinstance(value, dict):
                self.snapshots.setdefault(value["path"], {})[value["id"]] = value

    def ledger(self) -> Any:
        from symproof import __version__
        from symproof.report.environment import environment, machine
        from symproof.report.ledger import Entry, Ledger

        claims = [Entry.from_dict(self.entries[claim_id]) for claim_id in sorted(self.entries)]
        efforts = {e.evidence.get("effort") for e in claims} or {effort()}
        seeds = {e.evidence.get("seed") for e in claims} or {0}
        # One effort and seed in the header when the entries agree; "mixed" and null when they do not.
        return Ledger(
            __version__,
            str(efforts.pop()) if len(efforts) == 1 else "mixed",
            seeds.pop() if len(seeds) == 1 else None,
            environment(),
            claims,
            machine(),
        )

    def pytest_sessionfinish(self) -> None:
        if hasattr(self.config, "workerinput"):  # xdist workers leave the ledger and snapshots to the controller
            return
        if self.snapshots:
            from symproof.verdict.snapshots import Pin, Snapshot, update

            for file, found in self.snapshots.items():
                update(
                    file,
                    {i: Snapshot(v["verdict"], tuple(Pin(**p) for p in v.get("pins", []))) for i, v in found.items()},
                )
        path = self.config.getoption("symproof_ledger")
        if path is None:
            return
        ledger = self.ledger()
        if str(path).endswith(".json"):
            ledger.write_json(path)
        else:
            ledger.write_markdown(path, command=f"pytest --symproof-ledger {path}")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.entries:
            return
        from symproof.report.ledger import summary_table

        ledger = self.ledger()
        counts: dict[str, int] = {}
        for entry in ledger.claims:
            counts[entry.verdict] = counts.get(entry.verdict, 0) + 1
        wrong = ledger.mismatches()
        tally = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
        terminalreporter.section("symproof claims")
        terminalreporter.write_line(summary_table(ledger.claims))
        terminalreporter.write_line(
            f"{len(ledger.claims)} claim{'' if len(ledger.claims) == 1 else 's'}: {tally}; {len(wrong)} "
            f"{'differs' if len(wrong) == 1 else 'differ'} from the expectation"
            + (f" ({', '.join(e.id for e in wrong)})" if wrong else "")
        )
        path = self.config.getoption("symproof_ledger")
        if path is not None:
            terminalreporter.write_line(f"ledger written to {path}")
        for file, found in sorted(self.snapshots.items()):
            terminalreporter.write_line(f"snapshots of {len(found)} claim{'s' * (len(found) != 1)} written to {file}")
