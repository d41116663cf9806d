"""The search decider: a claim about every scenario a strategy can draw, decided by Hypothesis.

A searched claim (a `symproof.verdict.claim.Claim` whose decider is a `Search`) says, for every scenario its strategy
can draw, that `holds(scenario)` is true. Its check returns a bool
or a `Check` (anything else is a TypeError naming the claim); a Check marked vacuous says the claim has nothing to say
about that scenario, and such examples are counted apart, never as passes. `decide` first replays the claim's pinned
counterexamples (`symproof.verdict.snapshots`), then searches with `hypothesis.find`, which also shrinks what it finds,
steering toward large measured deviations with `hypothesis.target`.

- A pin that fails inside the condition (or a claim without one): **refuted**, at every search seed, with no search.
- A pin that fails outside the condition: the search runs over the scenarios that satisfy the condition only.
- No failing pin: the search runs over all scenarios; what it finds is a *discovery*, reported with the seed that
  found it and offered as a new pin.
- No counterexample in N non-vacuous examples: **verified** (N is reported, with the vacuous count).
- A counterexample outside the condition and none in N non-vacuous examples under it: **conditional**. One under the
  condition too: **refuted**.

A claim whose condition fixes what a strategy can build (an activation set, bias kinds, target modes, a depth) draws
its conditional search `Within` the condition (`symproof.search.within`) instead of drawing and rejecting; each
scenario so drawn is still tested against the whole condition, and one that fails it raises. The evidence counts
the scenarios each search drew ("scenarios drawn"): those rejected as outside the condition, diverged, vacuous,
and the share rejected.

A scenario that blows up (`Diverged`) is rejected, not counted. A generic claim (true almost surely) searches
`symproof.search.data.generic` scenarios, whose learning rates and constants carry a continuous jitter of 1e-3, so that
measure-zero coincidences are excluded openly. **proven** verdicts come from the symbolic layer.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from hypothesis import HealthCheck, Phase, Verbosity, find, reject, settings, target
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample, Unsatisfiable

from symproof.search.data import generic
from symproof.search.scenario import BACKENDS, Backend, Diverged, Scenario
from symproof.search.within import Draws, OutsideCondition, Within, counted
from symproof.structure.predicates import Check
from symproof.verdict._hypothesis_seam import no_local_constants
from symproof.verdict.claim import Claim, ClaimKind, Method, Status, Verdict
from symproof.verdict.effort import EFFORTS, Effort
from symproof.verdict.snapshots import Pin

__all__ = ["Search", "all_of", "decide", "on_backend", "outcome", "replay"]


@dataclass(frozen=True)
class Search:
    """The decider of a searched claim: `holds(scenario)` for every scenario that `scenarios()` draws."""

    scenarios: Callable[[], st.SearchStrategy[Scenario]]
    holds: Callable[[Scenario], Check | bool]
    min_examples: int = 0  # the search runs at least this many scenarios: set for claims whose counterexamples are rare
    jitter: bool = True  # generic claims search `search.data.generic(...)` scenarios, unless the setting is fixed
    backend: Backend = "numpy"  # who trains the scenarios: "numpy" (symproof's engine) or "torch" (`on_backend`)
    within: Within | None = None  # how to draw inside the claim's condition; None: draw all, reject those outside
    kinds: ClassVar[tuple[ClaimKind, ...]] = ("universal", "generic")
    methods: ClassVar[tuple[Method, ...]] = ("property",)
    replays: ClassVar[bool] = True

    def __post_init__(self) -> None:
        if isinstance(self.min_examples, bool) or not isinstance(self.min_examples, int) or self.min_examples < 0:
            raise ValueError(f"min_examples must be a non-negative integer; got {self.min_examples!r}")
        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}; got {self.backend!r}")
        if not callable(self.scenarios) or not callable(self.holds):
            raise TypeError(f"scenarios and holds must be functions; got {self.scenarios!r} and {self.holds!r}")
        if self.within is not None and not isinstance(self.within, Within):
            raise TypeError(f"within must be a Within; got {self.within!r}")

    def decide(self, claim: Claim, *, effort: Effort, seed: int) -> Verdict:
        """Return the verdict of `claim` searched at `effort` (its `min_examples` scaled to it) with `seed`."""
        return decide(
            claim,
            max_examples=effort.examples,
            seed=seed,
            effort=effort.name,
            min_examples=effort.scaled(self.min_examples),
        )


def on_backend(claim: Claim, backend: Backend) -> Claim:
    """Return `claim` with its scenarios, pins included, trained by `backend`; a claim that is not searched trains no
    network of a scenario, and is returned as it is."""
    if not isinstance(claim.decider, Search) or backend == claim.decider.backend:
        return claim
    search = replace(claim.decider, backend=backend)
    pins = tuple(Pin({**pin.scenario, "backend": backend}, pin.found) for pin in claim.pins)
    return replace(claim, decider=search, pins=pins)


def _search_of(claim: Claim) -> Search:
    if not isinstance(claim.decider, Search):
        raise TypeError(f"claim {claim.id!r} is not searched: its decider is {type(claim.decider).__name__}")
    return claim.decider


def all_of(name: str, checks: list[Check]) -> Check:
    """Return one Check that holds when every check does, reporting the worst relative deviation."""
    if not checks:
        return Check(name, True, 0.0, 0.0, 0.0)
    worst = max(checks, key=lambda c: (not c.holds, c.relative))
    return Check(name, all(checks), worst.deviation, worst.scale, worst.tol)


def outcome(claim: Claim, result: object) -> Check | bool:
    """Return `result` of `claim`'s check as a bool or a Check; anything else is a TypeError naming the claim."""
    if isinstance(result, Check):
        return result
    if isinstance(result, bool | np.bool_):
        return bool(result)
    raise TypeError(f"claim {claim.id!r}: its check must return a bool or a Check; got {type(result).__name__}")


# Every search runs Hypothesis with at least the default effort's examples, and a smaller effort stops it after its
# own number of non-vacuous examples: the quick search is the start of the default one, not a different search.
# (Hypothesis paces its generation by `max_examples`: with 50 it reaches large, slow scenarios sooner than the first
# 50 of 200.) It is the default effort's number, so it moves with the efforts; at quick the target phase, which starts
# halfway through the default search, does not run.
SEARCH_FLOOR = EFFORTS["default"].examples


class _Enough(BaseException):
    """The search has its examples (a BaseException, so that Hypothesis stops at once instead of shrinking it)."""


class _Tally:
    def __init__(self, claim: Claim, limit: int, draws: Draws) -> None:
        self.claim = claim
        self.holds = _search_of(claim).holds
        self.limit = limit
        self.valid = 0
        self.draws = draws
        self.until_failure: int | None = None
        self.margin = 0.0

    @property
    def vacuous(self) -> int:
        return self.draws.vacuous

    def fails(self, scenario: Scenario) -> bool:
        if self.valid >= self.limit and self.until_failure is None:
            raise _Enough
        self.draws.drawn += 1
        try:
            result = outcome(self.claim, self.holds(scenario))
        except Diverged:
            self.draws.diverged += 1
            reject()
        if isinstance(result, Check) and result.vacuous:
            self.draws.vacuous += 1
            reject()
        self.valid += 1
        if not result and self.until_failure is None:
            self.until_failure = self.valid
        if isinstance(result, Check):
            if result:
                self.margin = max(self.margin, result.relative)
            if np.isfinite(result.relative):
                target(result.relative, label="relative deviation")
        return not result


def _search(
    claim: Claim, strategy: st.SearchStrategy[Scenario], max_examples: int, seed: int, draws: Draws
) -> tuple[Scenario | None, _Tally]:
    tally = _Tally(claim, max_examples, draws)
    config = settings(
        max_examples=max(max_examples, SEARCH_FLOOR),
        verbosity=Verbosity.quiet,  # no "reproduce with @seed" note when the search stops early: it is seeded
        derandomize=False,  # the search is seeded by `seed` below, in every Hypothesis profile
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.target, Phase.shrink],
    )
    try:
        with no_local_constants():
            return find(strategy, tally.fails, settings=config, random=random.Random(seed)), tally
    except (NoSuchExample, Unsatisfiable, _Enough):
        return None, tally
    except (ValueError, TypeError, OutsideCondition) as error:  # a bad strategy or check: say whose it is
        if str(error).startswith(f"claim {claim.id!r}"):
            raise
        raise type(error)(f"claim {claim.id!r}: {error}") from error


def _pinned(claim: Claim, pin: Pin) -> str:
    """Return the ledger's note of the pin that decided half of a verdict."""
    return f"counterexample pinned in {Path(claim.snapshot or '').name} ({pin.found})"


def _fails(claim: Claim, pin: Pin) -> bool:
    """Return whether the claim fails on a pinned scenario (a run that blows up, or a vacuous example, does not)."""
    try:
        result = outcome(claim, _search_of(claim).holds(Scenario.from_dict(pin.scenario)))
    except Diverged:
        return False
    return not result and not (isinstance(result, Check) and result.vacuous)


def decide(
    claim: Claim, *, max_examples: int = 200, seed: int = 0, effort: str = "", min_examples: int | None = None
) -> Verdict:
    """Return the verdict of `claim`: its pins replayed, then up to max(`max_examples`, `min_examples`, which
    defaults to `claim.min_examples`) non-vacuous scenarios searched (with and without its condition, as the pins
    leave open)."""
    start = time.perf_counter()
    search = _search_of(claim)
    max_examples = max(max_examples, search.min_examples if min_examples is None else min_examples)
    where = f"search seed {seed}" + (f", effort {effort}" if effort else "")

    def scenarios(space: Callable[[], st.SearchStrategy[Scenario]] = search.scenarios) -> st.SearchStrategy[Scenario]:
        strategy = space()
        strategy = generic(strategy) if claim.kind == "generic" and search.jitter else strategy
        if search.backend == "numpy":
            return strategy
        return strategy.map(lambda s: replace(s, backend=search.backend))

    condition = claim.condition
    if condition is not None and condition.test is None:
        raise ValueError(f"claim {claim.id!r}: a searched claim's condition needs a test of the scenario")
    if condition is None and search.within is not None:
        raise ValueError(f"claim {claim.id!r}: it draws within a condition, but has none")

    def inside(scenario: dict[str, Any]) -> bool:
        return condition is None or condition(Scenario.from_dict(scenario))

    failing = [pin for pin in claim.pins if _fails(claim, pin)]
    evidence: dict[str, Any] = {}
    searches: dict[str, Draws] = {}  # the draws of each search run, by what it searched

    def verdict(status: Status, examples: int, **more: Any) -> Verdict:
        if searches:
            evidence["scenarios drawn"] = {name: draws.record() for name, draws in searches.items()}
        vacuous = sum(draws.vacuous for draws in searches.values())
        seconds = time.perf_counter() - start
        return Verdict(claim.id, status, examples, seconds=seconds, evidence=evidence, vacuous=vacuous, **more)

    stale = [pin.scenario for pin in claim.pins if pin not in failing]
    if stale:
        evidence["stale pins"] = stale  # recorded counterexamples that no longer fail: review them
    decided = next((pin for pin in failing if inside(pin.scenario)), None)
    if decided is not None:
        evidence["pinned"] = _pinned(claim, decided)
        return verdict("refuted", 0, counterexample=decided.scenario)
    new: list[Pin] = []
    plain = failing[0].scenario if failing else None
    examples = 0
    if plain is None:
        found, tally = _search(claim, scenarios(), max_examples, seed, searches.setdefault("as stated", Draws()))
        if found is None:
            _enough(claim, tally, max_examples, "")
            return verdict("verified", tally.valid, margin=tally.margin)
        plain, examples = found.to_dict(), tally.until_failure or tally.valid
        new.append(Pin(plain, where))
        evidence["discovered"] = f"a counterexample that no pin had, found by {where}"
    else:
        evidence["pinned"] = _pinned(claim, failing[0])
    if condition is None or inside(plain):
        return verdict("refuted", examples, counterexample=plain, new_pins=tuple(new))
    draws = searches.setdefault("under the condition", Draws())
    if search.within is None:
        strategy = counted(scenarios(), draws, keep=condition)
    else:
        strategy = counted(scenarios(search.within.scenarios), draws, keep=search.within.rest, must=condition)
    under, conditional = _search(claim, strategy, max_examples, seed, draws)
    if under is None:
        _enough(claim, conditional, max_examples, f" under its condition {condition.name!r}")
    else:
        new.append(Pin(under.to_dict(), where))
        evidence["discovered"] = f"a counterexample under the condition, found by {where}"
    return verdict(
        "refuted" if under is not None else "conditional",
        examples,
        counterexample=plain,
        condition=condition.name,
        examples_under_condition=conditional.until_failure or conditional.valid,
        counterexample_under_condition=under.to_dict() if under is not None else None,
        margin=conditional.margin,
        new_pins=tuple(new),
    )


def _enough(claim: Claim, tally: _Tally, wanted: int, where: str) -> None:
    """Raise ValueError unless the search reached `wanted` non-vacuous examples: fewer decide nothing."""
    if tally.valid < wanted:
        raise ValueError(
            f"claim {claim.id!r} is undecided{where}: {tally.valid} non-vacuous examples of the {wanted} required "
            f"({tally.vacuous} vacuous, {tally.draws.diverged} diverged, {tally.draws.outside} outside the condition)"
        )


def replay(claim: Claim, counterexample: dict[str, Any]) -> Check | bool:
    """Return what the searched `claim` says of the scenario recorded in `counterexample` (`claim` may also be a
    function decorated with `symproof.claim`)."""
    claim = getattr(claim, "__symproof_claim__", claim)
    if not isinstance(claim, Claim):
        raise TypeError(f"claim must be a Claim or a function decorated with @claim; got {type(claim).__name__}")
    return outcome(claim, _search_of(claim).holds(Scenario.from_dict(counterexample)))
