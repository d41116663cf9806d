"""symproof.stats.init_check: assert_init passes correct initialisations (NumPy and torch), fails a 20% std error, a
swapped layout, a shifted mean, copied rows and a wrong support, holds its stated false-alarm rate by simulation on
four laws, and refuses incomplete or contradictory claims with named errors."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from symproof.stats.init_check import SCHEMES, InitCheck, assert_init, check_init, fans, runs_z, scheme_std
from tests._torch import need_torch

Law = Callable[[np.random.Generator, tuple[int, ...]], np.ndarray]
# Four laws of std 1 and mean 0: kurtosis 3, 1.8, 6 and 9 (Student-t(5) scaled by sqrt(3/5)).
LAWS: dict[str, Law] = {
    "normal": lambda rng, shape: rng.standard_normal(shape),
    "uniform": lambda rng, shape: rng.uniform(-math.sqrt(3.0), math.sqrt(3.0), shape),
    "Laplace": lambda rng, shape: rng.laplace(0.0, 1.0 / math.sqrt(2.0), shape),
    "Student-t(5)": lambda rng, shape: rng.standard_t(5, shape) * math.sqrt(3.0 / 5.0),
}


def test_fans_follow_the_layout() -> None:
    assert fans((64, 32), "torch") == (32, 64)
    assert fans((64, 32, 3, 3), "torch") == (32 * 9, 64 * 9)
    assert fans((64, 32), "symproof") == (64, 32)
    with pytest.raises(ValueError, match=r"a symproof weight is 2-D \(in, out\); got shape \(2, 3, 4\)"):
        fans((2, 3, 4), "symproof")
    with pytest.raises(ValueError, match="a torch weight has at least 2 dimensions"):
        fans((10,), "torch")


def test_scheme_std_is_torch_nn_init_formula() -> None:
    assert scheme_std("kaiming_normal", fan_in=50, fan_out=8) == (math.sqrt(2 / 50), None)
    assert scheme_std("kaiming_normal", fan_in=50, fan_out=8, mode="fan_out")[0] == math.sqrt(2 / 8)
    std, bound = scheme_std("kaiming_uniform", fan_in=50, fan_out=8, gain=1.0)
    assert bound == pytest.approx(math.sqrt(3 / 50), rel=1e-15)
    assert std == pytest.approx(1 / math.sqrt(50), rel=1e-15)
    assert scheme_std("xavier_normal", fan_in=50, fan_out=8)[0] == math.sqrt(2 / 58)
    assert scheme_std("xavier_uniform", fan_in=50, fan_out=8)[1] == pytest.approx(math.sqrt(6 / 58), rel=1e-15)
    assert scheme_std("linear", fan_in=50, fan_out=8)[1] == pytest.approx(1 / math.sqrt(50), rel=1e-15)


def test_passes_a_correct_numpy_init_and_returns_plain_data() -> None:
    rng = np.random.default_rng(0)
    w = rng.normal(0.0, math.sqrt(2 / 300), (300, 200))  # symproof layout (in, out)
    result = assert_init(w, scheme="kaiming_normal", layout="symproof")
    assert isinstance(result, InitCheck)
    assert result
    assert (result.fan_in, result.fan_out, result.n) == (300, 200, 60_000)
    assert result.tests == ("std", "mean", "independence")
    assert result.std.detectable < 0.03
    assert dataclasses.asdict(result)["std"]["method"] == "chi2"
    assert assert_init(w.tolist(), std=math.sqrt(2 / 300)).std.measured == result.std.measured


def test_rejects_a_20_percent_std_error_with_a_one_paragraph_message() -> None:
    rng = np.random.default_rng(1)
    for r in (0.2, -0.2):
        w = rng.normal(0.0, (1 + r) * 0.05, (100, 50))
        with pytest.raises(AssertionError) as caught:
            assert_init(w, std=0.05)
        message = str(caught.value)
        assert "\n" not in message
        for fragment in ("failed on std", "measured", "interval", "False-alarm probability", "at most 1e-09"):
            assert fragment in message
        assert "relative std error of" in message
        assert "kurtosis <= 3 (checked" in message
        assert "Assumptions: independent" in message
        assert check_init(w, std=0.05).std.detectable < 0.1  # N = 5000 is adequate for 20%


def test_power_at_a_20_percent_error_by_simulation() -> None:
    """N = 20000: every draw 20% off is rejected where the reported detectable error is at most 20% (all normal,
    uniform and Laplace draws; Student-t(5), whose fourth moment is poorly estimated, reports up to 56% on some)."""
    rng = np.random.default_rng(2)
    for name, law in LAWS.items():
        results = [check_init(1.2 * law(rng, (100, 200)), std=1.0) for _ in range(50)]
        assert not any(r for r in results if r.std.detectable <= 0.2), name
        if name != "Student-t(5)":
            assert max(r.std.detectable for r in results) < 0.1, name


def test_a_shifted_mean_copied_rows_and_sorted_weights_fail() -> None:
    rng = np.random.default_rng(3)
    w = rng.standard_normal((100, 100))
    assert check_init(w + 0.1, std=1.0).failures == ("mean",)
    assert check_init(w + 0.1, std=1.0, mean=0.1)
    rows = np.repeat(rng.standard_normal((1, 400)), 50, axis=0)
    assert "independence" in check_init(rows, std=1.0).failures
    assert "independence" in check_init(np.sort(w, axis=None).reshape(100, 100), std=1.0).failures
    assert check_init(np.sort(w, axis=None), std=1.0, independence=False).tests == ("std", "mean")
    assert runs_z(np.tile([1.0, -1.0], 500)) > 30  # alternating: far too many runs


def test_the_uniform_schemes_check_the_support() -> None:
    rng = np.random.default_rng(4)
    w = rng.normal(0.0, 1.0 / math.sqrt(64), (64, 64))  # kaiming_uniform's std (gain 1), but a normal law
    result = check_init(w, scheme="kaiming_uniform", layout="torch", gain=1.0)
    assert result.failures == ("support",)
    assert "Support: max |w - mean|" in result.message
    assert check_init(w, scheme="kaiming_normal", layout="torch", gain=1.0)


def test_swapped_layout_is_rejected_for_kaiming_and_harmless_for_xavier() -> None:
    rng = np.random.default_rng(5)
    w = rng.normal(0.0, math.sqrt(2 / 512), (64, 512))  # torch layout (out, in): fan_in 512
    assert check_init(w, scheme="kaiming_normal", layout="torch")
    assert check_init(w, scheme="kaiming_normal", fan_in=512)
    swapped = check_init(w, scheme="kaiming_normal", layout="symproof")
    assert swapped.failures == ("std",)
    assert swapped.fan_in == 64
    x = rng.normal(0.0, math.sqrt(2 / 576), (64, 512))
    assert check_init(x, scheme="xavier_normal", layout="torch")
    assert check_init(x, scheme="xavier_normal", layout="symproof")


@pytest.mark.parametrize("law", list(LAWS))
def test_false_alarm_rate_is_at_most_alpha(law: str) -> None:
    """4000 seeded weights of 1000 values per law at alpha = 0.03: at most alpha plus a 5-sd binomial margin."""
    rng, trials, alpha = np.random.default_rng(sum(map(ord, law))), 4000, 0.03
    alarms = sum(not check_init(LAWS[law](rng, (25, 40)), std=1.0, alpha=alpha) for _ in range(trials))
    sd = math.sqrt(trials * alpha * (1 - alpha))  # 10.8 of an expected 120; 5 sd: a false failure ~3e-7
    assert alarms <= trials * alpha + 5 * sd
    if law == "normal":  # exact std and mean tests: the rate is alpha, not far below (the check is not vacuous)
        assert alarms >= trials * alpha - 5 * sd


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({}, TypeError, "state exactly one of std= and scheme="),
        ({"std": 1.0, "scheme": "xavier_normal"}, TypeError, "state exactly one of std= and scheme="),
        ({"std": 1.0, "layout": "torch"}, TypeError, "belong to scheme=, not to std="),
        ({"std": -1.0}, ValueError, "std must be positive; got -1.0"),
        ({"std": 0.0}, ValueError, "std must be positive; got 0.0"),
        ({"scheme": "kaiming_normal"}, TypeError, "needs the weight's layout: layout='torch'"),
        ({"scheme": "kaiming_normal", "layout": "torch", "fan_in": 3}, TypeError, "not both"),
        ({"scheme": "xavier_normal", "fan_in": 3}, TypeError, "needs fan_in= and fan_out=; got fan_in=3"),
        ({"scheme": "kaiming_normal", "fan_in": 3, "mode": "fan_out"}, TypeError, "needs fan_out="),
        ({"scheme": "kaiming_normal", "layout": "tf"}, ValueError, "layout must be one of"),
        ({"scheme": "he", "layout": "torch"}, ValueError, "scheme must be one of"),
        ({"scheme": "linear", "layout": "torch", "gain": 2.0}, ValueError, "fixes the gain"),
        ({"scheme": "kaiming_normal", "fan_in": 0}, ValueError, "fan_in must be a positive integer; got 0"),
        ({"std": 1.0, "alpha": 1.0}, ValueError, r"alpha must be in \(0, 1\); got 1.0"),
        ({"std": 1.0, "alpha": 0.0}, ValueError, "alpha must be positive; got 0.0"),
        ({"std": 1.0, "mean": math.nan}, ValueError, "mean must be finite; got nan"),
        ({"std": 1.0, "independence": 1}, TypeError, "independence must be True or False; got 1"),
        ({"std": 1.0, "method": "t"}, ValueError, "method must be one of"),
    ],
)
def test_bad_claims_are_named(kwargs: dict[str, Any], error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        assert_init(np.zeros((10, 10)) + np.arange(10.0), **kwargs)


def test_bad_weights_are_named() -> None:
    with pytest.raises(ValueError, match=r"weight must be finite; got inf at index \(0, 1\)"):
        assert_init([[0.0, math.inf]] * 20, std=1.0)
    with pytest.raises(ValueError, match="weight must not be empty"):
        assert_init(np.empty((0, 5)), std=1.0)
    with pytest.raises(ValueError, match="samples must hold at least 20 values; got 6"):
        assert_init(np.ones((2, 3)), std=1.0)
    with pytest.raises(ValueError, match="a torch weight has at least 2 dimensions"):
        assert_init(np.ones(30), scheme="linear", layout="torch")


def test_torch_initialisers_pass_in_the_torch_layout() -> None:
    torch = need_torch()
    generator = torch.Generator().manual_seed(0)
    init = torch.nn.init
    for scheme in SCHEMES:
        w = torch.empty(256, 128, 3, requires_grad=True)
        with torch.no_grad():
            if scheme == "linear":
                init.kaiming_uniform_(w, a=math.sqrt(5), generator=generator)
            else:
                getattr(init, scheme + "_")(w, generator=generator)
        keep = w.detach().clone()
        result = assert_init(w, scheme=scheme, layout="torch")  # type: ignore[arg-type]
        assert (result.fan_in, result.fan_out) == (384, 768)
        assert torch.equal(w.detach(), keep)
        assert w.requires_grad
    layer = torch.nn.Linear(300, 200)
    assert assert_init(layer.weight, scheme="linear", layout="torch").bound == pytest.approx(1 / math.sqrt(300))
    with pytest.raises(AssertionError, match="failed on std"):
        assert_init(layer.weight, scheme="linear", layout="symproof")  # fan_in 200 claimed: std 22% too large
    bad = torch.nn.init.normal_(torch.empty(128, 128), std=1.2 / math.sqrt(128), generator=generator)
    with pytest.raises(AssertionError, match=r"Std: measured .* \(\+\d+\.\d+%\)"):
        assert_init(bad, std=1 / math.sqrt(128))
