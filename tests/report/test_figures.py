"""The figures: each is written as a small PNG, and the numbers each one draws are the claims' numbers."""

from __future__ import annotations

import math
import struct
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy.integrate import trapezoid

from symproof.claims import REGISTRY
from symproof.claims.general import NEARLY_SYMMETRIC
from symproof.report.figures import CLAIMED, NAIVE, NAMES, SAMPLES, SCALED, main, scaled_sample, z_stds
from symproof.report.figures_general import STEPS, adam_versus_sgd, pinned_scenario
from symproof.report.figures_seed004 import CODE, DRAWS, SAID, default_init_law, default_init_z, gaussian_pdfs
from symproof.stats.variance import slope_threshold
from symproof.structure.predicates import Check
from symproof.symbolic.seed004 import gaussian_pdf
from symproof.verdict.claim import Claim
from symproof.verdict.measured import Measure
from symproof.verdict.searched import replay


def _measure(claim_id: str) -> dict[str, float]:
    """Return the evidence of a measured claim, measured as stated with seed 0."""
    claim = REGISTRY[claim_id]
    assert isinstance(claim.decider, Measure)
    return claim.decider.measure(np.random.default_rng(0), False).evidence


def test_figures_are_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    assert main([str(tmp_path / "figures")]) == 0
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == sorted(NAMES)
    for path in (tmp_path / "figures").iterdir():
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG")
        assert 10_000 < len(data) < 150_000, path.name
        width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk: small images, about 100 dpi
        assert width <= 1000 and height <= 400, (path.name, width, height)
        assert b"Software" not in data  # no version stamp: the same commit writes the same bytes
    assert capsys.readouterr().out.count(".png") == len(NAMES)


def test_z_pdf_draws_the_claimed_and_the_exact_stds() -> None:
    stds = z_stds()
    assert stds[NAIVE] == (math.sqrt(501), math.sqrt(501))  # s004.naive-std: the claim is the law
    law, claimed = stds[SCALED]
    evidence = _measure("s004.scaled-std")
    assert claimed == CLAIMED[SCALED] == evidence["claimed_std"] == math.sqrt(500 / 1000)
    assert law == evidence["exact_std"] == pytest.approx(math.sqrt(1.5), rel=1e-15)
    sample = scaled_sample()
    assert sample.size == SAMPLES
    # The std of a normal sample has relative standard error about 1/sqrt(2N): the sample sits at the law, and 40%
    # away from the claim.
    assert abs(sample.std(ddof=1) / law - 1) < 6 / math.sqrt(2 * SAMPLES)
    np.testing.assert_array_equal(sample, scaled_sample())


def test_default_init_code_draws_rand_against_randn() -> None:
    law = default_init_law()
    evidence = _measure("s004.default-init-code")
    ones = 500  # the seed's x: half of its 1000 inputs are 1
    bias_var = 1 / 30**2  # biases randn(y, 1)/y with y = 30
    assert law[CODE] == pytest.approx(
        (ones * evidence["exact_weight_mean"], math.sqrt(ones * evidence["exact_weight_std"] ** 2 + bias_var))
    )
    assert law[SAID] == pytest.approx((0.0, math.sqrt(ones * evidence["promised_weight_std"] ** 2 + bias_var)))
    assert law[CODE][0] == pytest.approx(7.906, abs=1e-3) and law[SAID][1] == pytest.approx(0.708, abs=1e-3)
    samples = default_init_z()
    for name, z in samples.items():
        mean, std = law[name]
        assert z.size == DRAWS
        assert abs(z.mean() - mean) < 6 * std / math.sqrt(DRAWS)
        assert abs(z.std(ddof=1) / std - 1) < 6 / math.sqrt(2 * DRAWS)
    assert samples[CODE].min() > slope_threshold(0.01)  # as coded, every draw is saturated
    assert abs(evidence["z_mean"] - law[CODE][0]) < 6 * law[CODE][1] / math.sqrt(20_000)
    np.testing.assert_array_equal(default_init_z(500)[CODE], default_init_z(500)[CODE])


def test_gaussian_pdf_draws_the_seed_density_and_the_normal_one() -> None:
    x = np.linspace(-12, 12, 24_001)
    seed, right = gaussian_pdfs(x)
    assert trapezoid(right, x) == pytest.approx(1.0, abs=1e-9)
    assert trapezoid(seed, x) == pytest.approx(math.sqrt(2) / 2, abs=1e-9)
    # The areas are SymPy's, and the seed's curve is 1/sqrt(2) times the density of N(0, 1/2).
    assert trapezoid(seed, x) == pytest.approx(gaussian_pdf(seed_exponent=True).evidence["integral_value"])
    assert trapezoid(right, x) == pytest.approx(gaussian_pdf(seed_exponent=False).evidence["integral_value"])
    half = np.exp(-(x**2)) / math.sqrt(math.pi)
    np.testing.assert_allclose(seed, half / math.sqrt(2), rtol=1e-14)
    seed2, right2 = gaussian_pdfs(x, mu=1.0, sigma=2.0)
    assert trapezoid(seed2, x) == pytest.approx(math.sqrt(2) / 2, abs=1e-6)
    assert right2[np.argmax(right2)] == pytest.approx(1 / (2 * math.sqrt(2 * math.pi)))


def test_adam_rounding_draws_the_claims_measure_on_its_pinned_counterexample() -> None:
    curves = adam_versus_sgd()
    adam, sgd = curves["adam"], curves["sgd"]
    assert len(adam) == len(sgd) == STEPS + 1
    assert adam[0] == sgd[0] == pytest.approx(np.finfo(float).eps, rel=1e-15)  # the nudge: one ulp of 1.0
    claim = REGISTRY["gen.adam-rounding"]
    assert isinstance(claim, Claim)
    pinned = pinned_scenario()
    # The first two steps are the pinned run of the claim: the figure's worst deviation there is the claim's own.
    for name, curve in curves.items():
        check = replay(claim, replace(pinned, optimizer=name).to_dict())
        assert isinstance(check, Check)
        assert max(curve[1 : pinned.steps + 1]) == check.relative
    assert adam[2] > 0.1 and min(adam[2:]) > 1e4 * NEARLY_SYMMETRIC  # Adam leaves the symmetric start, and stays out
    assert max(sgd) <= np.finfo(float).eps  # SGD stays within one ulp for all STEPS steps
