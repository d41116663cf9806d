"""Check claims inside a test suite: judge, record the verdict in the pytest ledger, assert the expectation.

    from symproof.testing import check

    def test_my_claim() -> None:
        check(my_claim)

Under pytest (with symproof installed, its plugin is active) each checked claim joins the ledger that
`pytest --symproof-ledger PATH` writes and the terminal summary lists, also under pytest-xdist.
"""

from __future__ import annotations

from symproof.effort import Effort
from symproof.ledger import Entry
from symproof.registry import AnyClaim, judge
from symproof.verdict import Verdict

__all__ = ["check"]


def check(claim: AnyClaim, *, effort: Effort | str | None = None, seed: int | None = None) -> Verdict:
    """Return the verdict of `claim`, recorded in the ledger; raise AssertionError if it is not the expected one.

    The effort defaults to pytest's ``--symproof-effort`` (else ci when CI is set, else default), and the seed to
    ``--hypothesis-seed`` (else 0).
    """
    from symproof import plugin

    chosen = effort if effort is not None else plugin.effort()
    verdict = judge(claim, effort=chosen, seed=seed if seed is not None else plugin.seed())
    entry = Entry.of(claim, verdict)
    plugin.record(entry)
    if not entry.as_expected:
        data = entry.to_dict()
        shown = f"counterexample {data['counterexample']}" if entry.counterexample is not None else data["evidence"]
        raise AssertionError(f"{claim.id}: computed {verdict.status}, expected {claim.expected}; {shown}")
    return verdict
