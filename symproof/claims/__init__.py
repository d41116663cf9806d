"""The built-in claims, by stable ID: one registry, each claim defined once, with its source attached.

`REGISTRY` holds every claim; `CLAIMS` (searched), `MEASURED` and `SYMBOLIC` are its views by decider. The seed
passages live in `symproof.claims.sources`, keyed by the same IDs; a test checks that every claim has one. A searched
module's expected verdicts and pinned counterexamples are its snapshot file (`symproof.verdict.snapshots`), in
`symproof/claims/__snapshots__/`, reviewed like code.
"""

from __future__ import annotations

from dataclasses import replace

from symproof.claims import general, seed000, seed004
from symproof.claims.general import CLAIMS as GENERAL
from symproof.claims.seed000 import CLAIMS as SEED000
from symproof.claims.seed004 import CLAIMS as SEED004
from symproof.claims.seed004 import SYMBOLIC as SEED004_SYMBOLIC
from symproof.claims.sources import SOURCES
from symproof.verdict.claim import Claim
from symproof.verdict.snapshots import bind, load, snapshot_file

__all__ = ["CLAIMS", "MEASURED", "REGISTRY", "SYMBOLIC", "get_claim"]


def _sourced(claims: list[Claim]) -> dict[str, Claim]:
    return {claim.id: replace(claim, source=SOURCES.get(claim.id)) for claim in claims}


_SEED004 = snapshot_file(seed004.__file__)  # one snapshot file per module: its measured and symbolic claims
# Claims decided by a Hypothesis search over scenarios.
CLAIMS: dict[str, Claim] = _sourced(
    [*bind(SEED000, snapshot_file(seed000.__file__)), *bind(GENERAL, snapshot_file(general.__file__))]
)
# Claims decided by exact computation and sampling with error control.
MEASURED: dict[str, Claim] = _sourced(bind(SEED004, _SEED004, strict=False))
# Claims decided by SymPy alone.
SYMBOLIC: dict[str, Claim] = _sourced(bind(SEED004_SYMBOLIC, _SEED004, strict=False))
REGISTRY: dict[str, Claim] = {**CLAIMS, **MEASURED, **SYMBOLIC}
if _unknown := sorted(set(load(_SEED004)) - {*MEASURED, *SYMBOLIC}):
    raise ValueError(f"snapshot file {str(_SEED004)!r} holds unknown claims: {_unknown}")


def get_claim(claim_id: str) -> Claim:
    """Return the built-in claim with ID `claim_id`."""
    from symproof.engine._validation import check_choice

    return REGISTRY[check_choice("claim", claim_id, REGISTRY)]
