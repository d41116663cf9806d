"""Drawing inside a claim's condition instead of drawing and rejecting, and counting the draws a search wastes.

A claim searched under a condition can draw every scenario of its space and reject those outside the condition
(`strategy.filter(condition)`): for a condition that fixes a depth, bias kinds or equal targets, most draws are thrown
away. `Within` says how to draw inside the condition directly: `scenarios()` draws with the parts of the condition
that a strategy can build satisfied by construction (an activation set, bias kinds, target modes, a depth), and `rest`
is the part left to test on the numbers drawn (activations that do not vanish at the start, an initial error).

`counted` puts a strategy to work for one search and counts in a `Draws` the scenarios it rejects as outside the
condition; the search's check counts the others it is given: diverged, vacuous, or examples. A scenario drawn by
construction that passes `rest` is still tested against the whole condition, and one that fails it raises
`OutsideCondition`: the construction has a bug, and the search must not count what it drew.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from symproof.search.scenario import Scenario

__all__ = ["Draws", "OutsideCondition", "Within", "counted"]


@dataclass(frozen=True)
class Within:
    """How a searched claim draws inside its condition: `scenarios()` satisfies its constructible parts by
    construction; `rest` (None: nothing) is the part left to test on each scenario drawn."""

    scenarios: Callable[[], st.SearchStrategy[Scenario]]
    rest: Callable[[Scenario], bool] | None = None

    def __post_init__(self) -> None:
        if not callable(self.scenarios) or not (self.rest is None or callable(self.rest)):
            raise TypeError(f"scenarios and rest must be functions; got {self.scenarios!r} and {self.rest!r}")


class OutsideCondition(AssertionError):
    """A scenario drawn inside a condition by construction fails the condition: a bug in the construction."""


@dataclass
class Draws:
    """The scenarios one search drew, and those that did not count: outside the condition, diverged, vacuous."""

    drawn: int = 0
    outside: int = 0
    diverged: int = 0
    vacuous: int = 0

    def rejected(self) -> float:
        """Return the share of the scenarios drawn that did not count as examples (0 when none were drawn)."""
        return (self.outside + self.diverged + self.vacuous) / self.drawn if self.drawn else 0.0

    def record(self) -> dict[str, Any]:
        """Return the counts and the rejected share, as plain data for the ledger."""
        return {
            "drawn": self.drawn,
            "outside the condition": self.outside,
            "diverged": self.diverged,
            "vacuous": self.vacuous,
            "rejected share": round(self.rejected(), 3),
        }


def counted(
    strategy: st.SearchStrategy[Scenario],
    draws: Draws,
    keep: Callable[[Scenario], bool] | None = None,
    must: Callable[[Scenario], bool] | None = None,
) -> st.SearchStrategy[Scenario]:
    """Return `strategy` whose draws that fail `keep` are filtered out (counted in `draws` as drawn and outside the
    condition), and a draw that passes `keep` but fails `must` raises OutsideCondition; without either, `strategy`.
    (The search counts the draws it is given.)"""
    if keep is None and must is None:
        return strategy

    def inside(scenario: Scenario) -> bool:
        if keep is not None and not keep(scenario):
            draws.drawn += 1
            draws.outside += 1
            return False
        if must is not None and not must(scenario):
            raise OutsideCondition(f"a scenario drawn inside the condition by construction fails it: {scenario}")
        return True

    return strategy.filter(inside)
