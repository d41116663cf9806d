"""Claims decided by measurement rather than by search: a number, its exact or statistical interval, a verdict.

A `MeasuredClaim` computes evidence from a seeded Generator: `measure(rng, conditioned)` returns a `Measurement`
(holds or not, with its figures). The statement is measured as made; if it fails and the claim names a condition,
the measurement is repeated under that condition. Verdicts: verified, refuted, or conditional, as for searched
claims; the evidence carries the interval and the error rates instead of a counterexample scenario.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from symproof.verdict.decide import Status, Verdict
from symproof.verdict.proof import ProofFn
from symproof.verdict.source import Source

__all__ = ["MeasuredClaim", "Measurement", "decide_measured"]


@dataclass(frozen=True)
class Measurement:
    """Whether a measured statement holds, with the figures that show it (plain data)."""

    holds: bool
    evidence: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.holds


@dataclass(frozen=True)
class MeasuredClaim:
    """A statement checked by exact computation and sampling, with the verdict the suite expects."""

    id: str
    statement: str
    kind: str
    measure: Callable[[np.random.Generator, bool], Measurement]
    expected: Status | None = None  # None: not recorded yet (symproof.verdict.snapshots)
    condition: str | None = None
    source: Source | None = None
    proof: ProofFn | None = None
    proof_under_condition: ProofFn | None = None
    snapshot: str | None = None  # the reviewed file that holds the expected verdict
    figures: tuple[str, ...] = ()  # files in docs/figures that show the claim, linked from the ledger


def decide_measured(claim: MeasuredClaim, *, seed: int = 0) -> Verdict:
    """Return the verdict of `claim`, measured with numpy.random.default_rng(seed)."""
    start = time.perf_counter()
    plain = claim.measure(np.random.default_rng(seed), False)
    if plain:
        return Verdict(claim.id, "verified", 1, seconds=time.perf_counter() - start, evidence=plain.evidence)
    if claim.condition is None:
        return Verdict(
            claim.id, "refuted", 1, plain.evidence, seconds=time.perf_counter() - start, evidence=plain.evidence
        )
    under = claim.measure(np.random.default_rng(seed), True)
    return Verdict(
        claim.id,
        "conditional" if under else "refuted",
        1,
        plain.evidence,
        claim.condition,
        1,
        None if under else under.evidence,
        seconds=time.perf_counter() - start,
        evidence={"as stated": plain.evidence, "under the condition": under.evidence},
    )
