"""The evidence of seed 004's measured claims (their verdicts are checked with every claim's in test_claims.py)."""

from __future__ import annotations

import math

import pytest

from symproof.claims import MEASURED
from symproof.measured import decide_measured


def test_scaled_std_evidence_shows_nielsens_value() -> None:
    evidence = decide_measured(MEASURED["s004.scaled-std"]).evidence
    stated, bare = evidence["as stated"], evidence["under the condition"]
    assert not stated["interval"][0] <= 0.7071 <= stated["interval"][1]
    assert stated["exact_std"] == pytest.approx(math.sqrt(1.5))
    assert stated["interval"][0] <= math.sqrt(1.5) <= stated["interval"][1]
    assert bare["interval"][0] <= math.sqrt(0.5) <= bare["interval"][1]


def test_the_seed_code_saturates_more_than_the_naive_init() -> None:
    code = decide_measured(MEASURED["s004.default-init-code"]).evidence
    naive = decide_measured(MEASURED["s004.saturation-slows-learning"]).evidence["N(0,1)"]
    assert code["z_mean"] == pytest.approx(500 * 0.5 / math.sqrt(1000), rel=1e-2)
    assert code["mean_sigma_prime"] < naive["mean_sigma_prime"]
