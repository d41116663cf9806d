"""A reference from a built-in claim to its SymPy proof in `symproof.symbolic.proofs`, loaded when it runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from symproof.verdict.proof import Proof

__all__ = ["ProofRef"]


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
    scales_with_effort = True  # judge passes the effort (symproof.verdict.judge)

    def __call__(self, effort: str = "default") -> Proof:
        from symproof.symbolic import proofs  # SymPy loads only when a claim is judged

        options = dict(self.options) | (dict(self.quick) if effort == "quick" else {})
        return getattr(proofs, self.name)(**options)
