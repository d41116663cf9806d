"""The result of a symbolic proof: what SymPy showed, exactly, and for which scope.

A `Proof` is plain data so that the ledger can print it. `holds` says whether the proven statement is true in the
whole scope; `scope` says exactly what was covered (topologies, steps, activations, what stayed symbolic);
`evidence` carries the figures (per-case results, the integral's value, the expression that was compared).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

__all__ = ["Proof", "ProofFn", "ProofRef"]


@dataclass(frozen=True)
class Proof:
    """Whether a statement holds exactly within `scope`, with the evidence SymPy produced (plain data)."""

    holds: bool
    scope: str
    evidence: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def __bool__(self) -> bool:
        return self.holds


@dataclass(frozen=True)
class ProofRef:
    """A proof bound to a claim: a function of `symproof.symbolic.proofs`, called with `options`.

    The claim holds the reference itself, so a proof belongs to one claim object, never to whichever claim carries
    a given ID; SymPy is imported only when the proof runs. A proof's budget scales with the effort as the search's
    does: at quick, `quick` narrows the scope (the proof states the scope it covered, so the verdict says so).
    """

    name: str
    options: tuple[tuple[str, Any], ...] = ()
    quick: tuple[tuple[str, Any], ...] = ()  # options that replace `options` at the quick effort: a smaller scope

    def __call__(self, effort: str = "default") -> Proof:
        from symproof.symbolic import proofs  # SymPy loads only when a claim is judged

        options = dict(self.options) | (dict(self.quick) if effort == "quick" else {})
        return getattr(proofs, self.name)(**options)


# A proof bound to a claim: a `ProofRef` to a built-in proof, or any function of no arguments that returns a Proof.
ProofFn: TypeAlias = Callable[[], Proof]
