"""Claims decided by measurement rather than by search: a number, its exact or statistical interval, a verdict.

A measured claim (a `symproof.verdict.claim.Claim` whose decider is a `Measure`) computes evidence from a seeded
Generator: `measure(rng, conditioned)` returns a `Measurement` (holds or not, with its figures). The statement is
measured as made; if it fails and the claim names a condition, the measurement is repeated under that condition.
Verdicts: verified, refuted, or conditional, as for searched claims; the evidence carries the interval and the error
rates instead of a counterexample scenario.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from symproof.verdict.claim import Claim, ClaimKind, Method, Verdict
from symproof.verdict.effort import EFFORTS, Effort

__all__ = ["Measure", "Measurement"]


@dataclass(frozen=True)
class Measurement:
    """Whether a measured statement holds, with the figures that show it (plain data)."""

    holds: bool
    evidence: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.holds


@dataclass(frozen=True)
class Measure:
    """The decider of a measured claim: `measure(rng, conditioned)`, as made and then under the claim's condition.

    With `scales`, the measure takes a third argument, the effort's budget against the default effort (0.25 at quick,
    5 at thorough), and scales its sample sizes by it; its evidence then states the power those sizes give.
    """

    measure: Callable[..., Measurement]
    scales: bool = False
    kinds: ClassVar[tuple[ClaimKind, ...]] = ("statistical", "exact")
    methods: ClassVar[tuple[Method, ...]] = ("exact", "statistical")
    replays: ClassVar[bool] = False

    def __post_init__(self) -> None:
        if not callable(self.measure):
            raise TypeError(f"measure must be a function of (rng, conditioned); got {self.measure!r}")

    def decide(self, claim: Claim, *, effort: Effort, seed: int) -> Verdict:
        """Return the verdict of `claim`, measured with numpy.random.default_rng(`seed`) (and `effort`'s budget if
        the measure scales)."""
        start = time.perf_counter()
        budget = (effort.examples / EFFORTS["default"].examples,) if self.scales else ()
        plain = self.measure(np.random.default_rng(seed), False, *budget)
        if plain:
            return Verdict(claim.id, "verified", 1, seconds=time.perf_counter() - start, evidence=plain.evidence)
        if claim.condition is None:
            seconds = time.perf_counter() - start
            return Verdict(claim.id, "refuted", 1, plain.evidence, seconds=seconds, evidence=plain.evidence)
        under = self.measure(np.random.default_rng(seed), True, *budget)
        return Verdict(
            claim.id,
            "conditional" if under else "refuted",
            1,
            plain.evidence,
            claim.condition.name,
            1,
            None if under else under.evidence,
            seconds=time.perf_counter() - start,
            evidence={"as stated": plain.evidence, "under the condition": under.evidence},
        )
