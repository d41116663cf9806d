"""Every measured claim of seed 004: the computed verdict equals the recorded expectation, with its evidence."""

from __future__ import annotations

import json
import math

import pytest

from symproof.claims import MEASURED
from symproof.measured import decide_measured


@pytest.mark.parametrize("claim_id", sorted(MEASURED))
def test_computed_verdict_equals_the_recorded_expectation(claim_id: str) -> None:
    claim = MEASURED[claim_id]
    verdict = decide_measured(claim)
    assert verdict.status == claim.expected, verdict
    json.dumps(verdict.evidence, default=float)
    if verdict.status == "conditional":
        assert verdict.condition == claim.condition
        low, high = verdict.evidence["as stated"]["interval"]
        assert not low <= 0.7071 <= high


def test_scaled_std_evidence_shows_nielsens_value() -> None:
    evidence = decide_measured(MEASURED["s004.scaled-std"]).evidence
    stated, bare = evidence["as stated"], evidence["under the condition"]
    assert stated["exact_std"] == pytest.approx(math.sqrt(1.5))
    assert stated["interval"][0] <= math.sqrt(1.5) <= stated["interval"][1]
    assert bare["interval"][0] <= math.sqrt(0.5) <= bare["interval"][1]


def test_the_seed_code_saturates_more_than_the_naive_init() -> None:
    code = decide_measured(MEASURED["s004.default-init-code"]).evidence
    naive = decide_measured(MEASURED["s004.saturation-slows-learning"]).evidence["N(0,1)"]
    assert code["z_mean"] == pytest.approx(500 * 0.5 / math.sqrt(1000), rel=1e-2)
    assert code["mean_sigma_prime"] < naive["mean_sigma_prime"]
