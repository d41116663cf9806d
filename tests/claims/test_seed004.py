"""The evidence of seed 004's measured claims (their verdicts are checked with every claim's in test_claims.py)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from symproof.claims import MEASURED, seed004
from symproof.stats.variance import sample_preactivations
from symproof.verdict.judge import judge


def test_scaled_std_evidence_shows_nielsens_value() -> None:
    evidence = judge(MEASURED["s004.scaled-std"]).evidence
    stated, bare = evidence["as stated"], evidence["under the condition"]
    assert not stated["interval"][0] <= 0.7071 <= stated["interval"][1]
    assert stated["exact_std"] == pytest.approx(math.sqrt(1.5))
    assert stated["interval"][0] <= math.sqrt(1.5) <= stated["interval"][1]
    assert bare["interval"][0] <= math.sqrt(0.5) <= bare["interval"][1]


def test_the_seed_code_saturates_more_than_the_naive_init() -> None:
    code = judge(MEASURED["s004.default-init-code"]).evidence
    naive = judge(MEASURED["s004.saturation-slows-learning"]).evidence["N(0,1)"]
    assert code["z_mean"] == pytest.approx(500 * 0.5 / math.sqrt(1000), rel=1e-2)
    assert code["mean_sigma_prime"] < naive["mean_sigma_prime"]


def test_std_evidence_names_the_method_and_the_kurtosis() -> None:
    evidence = judge(MEASURED["s004.naive-std"]).evidence
    assert evidence["method"] == "chi2"  # z is exactly normal: the kurtosis check does not fire on this seed
    assert abs(evidence["kurtosis"] - 3) < 0.1  # b2 of 107,448 normal draws: sd 0.015


def test_variance_law_checks_the_zero_mean_premise(monkeypatch: pytest.MonkeyPatch) -> None:
    evidence = seed004._law(np.random.default_rng(0), False).evidence
    assert all(abs(s["mean_z_score"]) <= evidence["mean_z_cut"] for s in evidence["settings"])
    assert evidence["mean_z_cut"] == pytest.approx(6.1094, abs=1e-4)  # two-sided 1e-9

    # The mutant of variance.sample_preactivations that draws U(a, 3a) instead of U(-a, a): same variance, so the std
    # checks pass, but E z = 2a sum x != 0 and the claim's mean check fails it.
    shifts: list[float] = []

    def shifted(x: Any, **kwargs: Any) -> np.ndarray:
        z = sample_preactivations(x, **kwargs)
        a = kwargs.get("uniform_half_width")
        shifts.append(0.0 if a is None else 2 * a * float(np.sum(np.asarray(x))))
        return z + shifts[-1]

    monkeypatch.setattr(seed004, "sample_preactivations", shifted)
    mutant = seed004._law(np.random.default_rng(0), False)
    assert not mutant
    # A shift is seen when it is well beyond the cut in standard errors law / sqrt(N); a sum of x near 0 hides it.
    n = seed004.draws_for(seed004.LAW_STD_ERROR)
    seen = [s for s, d in zip(mutant.evidence["settings"], shifts) if abs(d) / (s["law"] / n**0.5) > 2 * 6.1094]
    assert len(seen) >= 5 and all(s["uniform"] and not s["holds"] for s in seen)
