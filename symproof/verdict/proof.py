"""The result of a symbolic proof: what SymPy showed, exactly, and for which scope.

A `Proof` is plain data so that the ledger can print it. `holds` says whether the proven statement is true in the
whole scope; `scope` says exactly what was covered (topologies, steps, activations, what stayed symbolic);
`evidence` carries the figures (per-case results, the integral's value, the expression that was compared).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

__all__ = ["Proof", "ProofFn"]


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
