"""Symbolic proofs: what SymPy showed, exactly, and for which scope; and the decider of claims SymPy alone decides.

A `Proof` is plain data so that the ledger can print it. `holds` says whether the proven statement is true in the
whole scope; `scope` says exactly what was covered (topologies, steps, activations, what stayed symbolic);
`evidence` carries the figures (per-case results, the integral's value, the expression that was compared).

`Prove` decides a symbolic claim: **proven** when the statement is, **conditional** when only the statement under
the claim's condition is, and **refuted** otherwise. Without a named condition, the second proof is of the corrected
statement: recorded as evidence, never a rescue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

if TYPE_CHECKING:
    from symproof.verdict.claim import Claim, ClaimKind, Method, Verdict
    from symproof.verdict.effort import Effort

__all__ = ["Proof", "ProofFn", "Prove", "record"]


@dataclass(frozen=True)
class Proof:
    """Whether a statement holds exactly within `scope`, with the evidence SymPy produced (plain data)."""

    holds: bool
    scope: str
    evidence: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def __bool__(self) -> bool:
        return self.holds


# A proof bound to a claim: any function of no arguments that returns a Proof (built-in claims hold a
# `symproof.symbolic.ref.ProofRef`, which also takes the effort).
ProofFn: TypeAlias = Callable[[], Proof]


def record(about: str, proof: Proof) -> dict[str, Any]:
    """Return the ledger's record of `proof`, of the claim's `about` ("statement" or "condition")."""
    return {"about": about, "holds": proof.holds, "scope": proof.scope, "seconds": proof.seconds, **proof.evidence}


@dataclass(frozen=True)
class Prove:
    """The decider of a symbolic claim: a proof of the statement, and optionally of it under the condition."""

    stated: ProofFn
    under: ProofFn | None = None
    kinds: ClassVar[tuple[ClaimKind, ...]] = ("symbolic",)
    methods: ClassVar[tuple[Method, ...]] = ("symbolic",)
    replays: ClassVar[bool] = False

    def __post_init__(self) -> None:
        if not callable(self.stated) or not (self.under is None or callable(self.under)):
            raise TypeError(f"stated and under must return a Proof; got {self.stated!r} and {self.under!r}")

    def decide(self, claim: Claim, *, effort: Effort, seed: int) -> Verdict:
        """Return the verdict of `claim` from its proofs (exact: the effort and the seed do not enter)."""
        from symproof.verdict.claim import Verdict

        plain = self.stated()
        evidence = {"as stated": record("statement", plain)}
        if plain:
            return Verdict(claim.id, "proven", 1, seconds=plain.seconds, evidence=evidence, scope=plain.scope)
        fixed = self.under() if self.under is not None else None
        if fixed is None:
            return Verdict(claim.id, "refuted", 1, plain.evidence, seconds=plain.seconds, evidence=evidence)
        condition = claim.condition.name if claim.condition is not None else None
        evidence["under the condition" if condition else "corrected"] = record("condition", fixed)
        conditional = bool(fixed) and condition is not None
        return Verdict(
            claim.id,
            "conditional" if conditional else "refuted",
            1,
            plain.evidence,
            condition,
            1 if condition else 0,
            seconds=plain.seconds + fixed.seconds,
            evidence=evidence,
            scope=fixed.scope if conditional else None,
        )
