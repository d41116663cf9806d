"""The built-in claims, by stable ID: one registry, each claim defined once, with its source attached.

`REGISTRY` holds every claim; `CLAIMS` (searched), `MEASURED` and `SYMBOLIC` are its views by method. The seed
passages live in `symproof.claims.sources`, keyed by the same IDs; a test checks that every claim has one. A searched
claim's pinned counterexamples live beside its module, in `seed000.pins.json` and `general.pins.json`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from symproof.claims import general, seed000
from symproof.claims.general import CLAIMS as GENERAL
from symproof.claims.seed000 import CLAIMS as SEED000
from symproof.claims.seed004 import CLAIMS as SEED004
from symproof.claims.seed004 import SYMBOLIC as SEED004_SYMBOLIC
from symproof.claims.sources import SOURCES
from symproof.measured import MeasuredClaim
from symproof.pins import pinned
from symproof.registry import AnyClaim, SymbolicClaim
from symproof.verdict import Claim

__all__ = ["CLAIMS", "MEASURED", "REGISTRY", "SYMBOLIC", "get_claim"]

C = TypeVar("C", Claim, MeasuredClaim, SymbolicClaim)


def _sourced(claims: list[C]) -> dict[str, C]:
    return {claim.id: replace(claim, source=SOURCES.get(claim.id)) for claim in claims}


# Claims decided by a Hypothesis search over scenarios.
# Each module's pinned counterexamples (`<module>.pins.json` beside it) are bound to its claims.
CLAIMS: dict[str, Claim] = _sourced([*pinned(SEED000, seed000.__file__), *pinned(GENERAL, general.__file__)])
# Claims decided by exact computation and sampling with error control.
MEASURED: dict[str, MeasuredClaim] = _sourced(SEED004)
# Claims decided by SymPy alone.
SYMBOLIC: dict[str, SymbolicClaim] = _sourced(SEED004_SYMBOLIC)
REGISTRY: dict[str, AnyClaim] = {**CLAIMS, **MEASURED, **SYMBOLIC}


def get_claim(claim_id: str) -> AnyClaim:
    """Return the built-in claim with ID `claim_id`."""
    from symproof._validation import check_choice

    return REGISTRY[check_choice("claim", claim_id, REGISTRY)]
