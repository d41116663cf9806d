"""The built-in claims, by stable ID."""

from __future__ import annotations

from symproof.claims.general import CLAIMS as GENERAL
from symproof.claims.seed000 import CLAIMS as SEED000
from symproof.verdict import Claim

__all__ = ["CLAIMS", "get_claim"]

CLAIMS: dict[str, Claim] = {claim.id: claim for claim in (*SEED000, *GENERAL)}


def get_claim(claim_id: str) -> Claim:
    """Return the claim with ID `claim_id`."""
    from symproof._validation import check_choice

    return CLAIMS[check_choice("claim", claim_id, CLAIMS)]
