"""Every built-in claim: the computed verdict equals the recorded expectation, and its evidence replays."""

from __future__ import annotations

import json

import pytest

from symproof.claims import CLAIMS, get_claim
from symproof.scenario import Scenario
from symproof.verdict import Verdict, decide, replay

EXAMPLES = 200  # the default profile's floor per claim (issue 3)


@pytest.fixture(scope="module")
def verdicts() -> dict[str, Verdict]:
    return {claim_id: decide(claim, max_examples=EXAMPLES) for claim_id, claim in CLAIMS.items()}


@pytest.mark.parametrize("claim_id", sorted(CLAIMS))
def test_computed_verdict_equals_the_recorded_expectation(claim_id: str, verdicts: dict[str, Verdict]) -> None:
    verdict = verdicts[claim_id]
    assert verdict.status == CLAIMS[claim_id].expected, verdict


@pytest.mark.parametrize("claim_id", sorted(CLAIMS))
def test_evidence_is_complete_and_replays(claim_id: str, verdicts: dict[str, Verdict]) -> None:
    claim, verdict = CLAIMS[claim_id], verdicts[claim_id]
    if verdict.status == "verified":
        assert verdict.counterexample is None
        assert verdict.examples == EXAMPLES * claim.budget
        return
    assert verdict.counterexample is not None
    json.dumps(verdict.counterexample)
    assert not replay(claim, verdict.counterexample), "the counterexample must fail again on replay"
    if verdict.status == "conditional":
        assert claim.condition is not None
        assert verdict.condition == claim.condition.name
        assert not claim.condition.test(Scenario.from_dict(verdict.counterexample))
        assert verdict.examples_under_condition >= EXAMPLES
        assert verdict.counterexample_under_condition is None


def test_claim_ids_are_stable_and_kinds_declared() -> None:
    for claim_id, claim in CLAIMS.items():
        assert claim_id == claim.id
        assert claim_id.split(".")[0] in {"s000", "gen"}
        assert claim.kind in {"universal", "generic"}
    with pytest.raises(ValueError, match="claim must be one of"):
        get_claim("s000.nope")
