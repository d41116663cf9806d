"""The built-in claims, by stable ID."""

from __future__ import annotations

from symproof.claims.general import CLAIMS as GENERAL
from symproof.claims.seed000 import CLAIMS as SEED000
from symproof.claims.seed004 import CLAIMS as SEED004
from symproof.measured import MeasuredClaim
from symproof.verdict import Claim

__all__ = ["CLAIMS", "MEASURED", "get_claim"]

# Claims decided by a Hypothesis search over scenarios.
CLAIMS: dict[str, Claim] = {claim.id: claim for claim in (*SEED000, *GENERAL)}
# Claims decided by exact computation and sampling with error control.
MEASURED: dict[str, MeasuredClaim] = {claim.id: claim for claim in SEED004}


def get_claim(claim_id: str) -> Claim:
    """Return the claim with ID `claim_id`."""
    from symproof._validation import check_choice

    return CLAIMS[check_choice("claim", claim_id, CLAIMS)]
