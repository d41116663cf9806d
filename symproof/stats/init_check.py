"""pytest-ready checks of a weight initialisation: `assert_init(weight, std=... or scheme=..., ...)`.

One call tests a weight tensor (NumPy, list, torch tensor, anything with __array__ or __dlpack__; see `_arrays`)
against a claimed std and mean, at a stated false-alarm probability `alpha` for the whole assertion, split equally
(Bonferroni) among its tests:

- std: `check_std` (chi-square if the sample kurtosis does not reject kappa <= 3, else the fourth-moment test);
- mean: the z-test |mean - mu0| <= z_{a/2} s0 / sqrt(N) with the claimed std s0 (exact for normal draws under the
  claim, the central limit theorem otherwise);
- independence (on by default): Wald-Wolfowitz runs tests about the median, along the flattened rows and, for arrays
  of 2 or more dimensions, down the first axis. Distribution-free for i.i.d. draws; the normal approximation of the
  runs count is conservative in the far tail. They catch copied rows or columns, sorted or smoothed weights;
- support (uniform schemes only, no false alarms): every |w - mu0| <= the half-width (relative slack 1e-6 for float32).

The expected std is stated directly (`std=`) or by a scheme of torch.nn.init, whose std depends on fan_in and fan_out.
Layout matters: torch stores a weight as (out, in, *kernel), symproof as (in, out); swapping them swaps fan_in and
fan_out. So a scheme needs `layout="torch"` or `layout="symproof"`, or explicit `fan_in=` / `fan_out=`; there is no
default, because a NumPy copy of a torch weight looks the same as a symproof weight.

Non-goals: the shape of the law beyond its std, its mean and (uniform schemes) its support: kaiming_normal and
kaiming_uniform have the same std and both pass a normal sample of it unless the support check applies (use a
Kolmogorov-Smirnov test for the law). Independence between different tensors, and orthogonal_ / sparse_ / dirac_ /
eye_ initialisations, which are not i.i.d. draws, are out of scope.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from symproof.engine._validation import check_choice, check_positive_int, check_real
from symproof.stats._arrays import as_float_array
from symproof.stats.std import ALPHA, StdCheck, StdMethod, check_std, normal_isf

__all__ = ["SCHEMES", "InitCheck", "assert_init", "check_init", "fans", "runs_z", "scheme_std"]

Scheme = Literal["kaiming_normal", "kaiming_uniform", "xavier_normal", "xavier_uniform", "linear"]
Layout = Literal["torch", "symproof"]
# scheme -> (default gain, law). "linear": nn.Linear's default, kaiming_uniform_(a=sqrt(5)) = U(-1/sqrt(fan_in), ...).
SCHEMES: dict[str, tuple[float, str]] = {
    "kaiming_normal": (math.sqrt(2.0), "normal"),  # torch's default nonlinearity leaky_relu with a = 0: gain sqrt(2)
    "kaiming_uniform": (math.sqrt(2.0), "uniform"),
    "xavier_normal": (1.0, "normal"),
    "xavier_uniform": (1.0, "uniform"),
    "linear": (math.sqrt(1.0 / 3.0), "uniform"),
}
SUPPORT_SLACK = 1e-6  # relative: torch draws U(-b, b) in float32, whose rounding may exceed the double b by 6e-8 b


def fans(shape: tuple[int, ...], layout: Layout) -> tuple[int, int]:
    """Return (fan_in, fan_out) of a weight of `shape`: torch (out, in, *kernel), or symproof (in, out)."""
    check_choice("layout", layout, ("torch", "symproof"))
    if layout == "symproof":
        if len(shape) != 2:
            raise ValueError(f"a symproof weight is 2-D (in, out); got shape {shape}")
        return shape[0], shape[1]
    if len(shape) < 2:
        raise ValueError(f"a torch weight has at least 2 dimensions (out, in, *kernel); got shape {shape}")
    field = math.prod(shape[2:])
    return shape[1] * field, shape[0] * field


def scheme_std(
    scheme: Scheme, *, fan_in: int, fan_out: int, gain: float | None = None, mode: str = "fan_in"
) -> tuple[float, float | None]:
    """Return the std of `scheme` and the half-width of its uniform law (None for a normal law), as torch.nn.init."""
    check_choice("scheme", scheme, SCHEMES)
    fi, fo = check_positive_int("fan_in", fan_in), check_positive_int("fan_out", fan_out)
    default, law = SCHEMES[scheme]
    if scheme == "linear" and gain is not None:
        raise ValueError(f"scheme 'linear' fixes the gain at sqrt(1/3); got gain={gain!r}")
    g = default if gain is None else check_real("gain", gain, positive=True)
    if scheme.startswith("xavier"):
        std = g * math.sqrt(2.0 / (fi + fo))
    else:
        std = g / math.sqrt(fi if check_choice("mode", mode, ("fan_in", "fan_out")) == "fan_in" else fo)
    return std, (std * math.sqrt(3.0) if law == "uniform" else None)


def runs_z(sequence: NDArray[np.float64]) -> float:
    """Return the Wald-Wolfowitz runs statistic (R - E R) / sd R of `sequence` about its median (0.0 if undefined)."""
    med = np.median(sequence)
    above = sequence[sequence != med] > med
    n, n1 = int(above.size), int(np.count_nonzero(above))
    n2 = n - n1
    var = 2 * n1 * n2 * (2 * n1 * n2 - n) / (n * n * (n - 1)) if n > 1 else 0.0
    if var <= 0:
        return 0.0
    runs = 1 + int(np.count_nonzero(above[1:] != above[:-1]))
    return (runs - (2 * n1 * n2 / n + 1)) / math.sqrt(var)


@dataclass(frozen=True)
class InitCheck:
    """The outcome of `check_init`: the claim, each test's measurement, and the message `assert_init` raises.

    alpha bounds the false-alarm probability of the whole check; each of its `tests` ran at alpha / len(tests).
    mean_low/mean_high: the acceptance interval of the sample mean. runs: the runs tests' z (rows first, then down
    the first axis), compared with +-runs_cutoff. bound: the uniform half-width (None: not a uniform scheme).
    """

    shape: tuple[int, ...]
    n: int
    scheme: str | None
    fan_in: int | None
    fan_out: int | None
    claimed_std: float
    claimed_mean: float
    alpha: float
    tests: tuple[str, ...]
    std: StdCheck
    mean: float
    mean_low: float
    mean_high: float
    runs: tuple[float, ...]
    runs_cutoff: float
    bound: float | None
    max_deviation: float
    failures: tuple[str, ...]
    message: str

    def __bool__(self) -> bool:
        return not self.failures


def _claim(
    shape: tuple[int, ...], std: float | None, scheme: Scheme | None, layout: Layout | None, kw: dict[str, Any]
) -> tuple[float, float | None, int | None, int | None, str]:
    """Return the claimed std, uniform half-width, fans and a description, from `std=` or a scheme and its fans."""
    fan_in, fan_out, gain, mode = kw["fan_in"], kw["fan_out"], kw["gain"], kw["mode"]
    if (std is None) == (scheme is None):
        raise TypeError(f"state exactly one of std= and scheme=; got std={std!r}, scheme={scheme!r}")
    if scheme is None:
        if any(v is not None for v in (layout, fan_in, fan_out, gain)):
            raise TypeError("layout=, fan_in=, fan_out= and gain= belong to scheme=, not to std=")
        return check_real("std", std, positive=True), None, None, None, f"std {std:.6g}"
    if layout is not None and (fan_in is not None or fan_out is not None):
        raise TypeError(f"state layout= or fan_in=/fan_out=, not both; got layout={layout!r}, fan_in={fan_in!r}")
    if layout is not None:
        fan_in, fan_out = fans(shape, layout)
    elif fan_in is None and fan_out is None:
        raise TypeError(
            f"scheme={scheme!r} needs the weight's layout: layout='torch' (out, in, *kernel), layout='symproof' "
            "(in, out), or fan_in= and fan_out=; swapping the layouts swaps fan_in and fan_out"
        )
    check_choice("mode", mode, ("fan_in", "fan_out"))
    needed = ("fan_in", "fan_out") if scheme.startswith("xavier") else ("fan_in",) if scheme == "linear" else (mode,)
    if any({"fan_in": fan_in, "fan_out": fan_out}[k] is None for k in needed):
        raise TypeError(f"scheme={scheme!r} needs {'= and '.join(needed)}=; got fan_in={fan_in!r}, fan_out={fan_out!r}")
    f_in, f_out = fan_in if fan_in is not None else fan_out, fan_out if fan_out is not None else fan_in
    s0, bound = scheme_std(scheme, fan_in=f_in, fan_out=f_out, gain=gain, mode=mode)
    where = f"layout {layout}" if layout else "fans stated"
    g = SCHEMES[scheme][0] if gain is None else gain
    text = (
        f"{scheme} (fan_in {fan_in}, fan_out {fan_out}, {where}, gain {g:.6g}"
        + (", mode fan_out" * (mode == "fan_out"))
        + ")"
    )
    return s0, bound, fan_in, fan_out, f"{text}: std {s0:.6g}"


def check_init(
    weight: Any,
    *,
    std: float | None = None,
    scheme: Scheme | None = None,
    layout: Layout | None = None,
    fan_in: int | None = None,
    fan_out: int | None = None,
    gain: float | None = None,
    mode: Literal["fan_in", "fan_out"] = "fan_in",
    mean: float = 0.0,
    alpha: float = ALPHA,
    method: StdMethod = "auto",
    independence: bool = True,
) -> InitCheck:
    """Return the check of `weight` against the claimed init, without raising on failure (see `assert_init`)."""
    w = as_float_array("weight", weight)
    shape = tuple(int(m) for m in w.shape)
    kw = {"fan_in": fan_in, "fan_out": fan_out, "gain": gain, "mode": mode}
    s0, bound, f_in, f_out, claim = _claim(shape, std, scheme, layout, kw)
    mu0 = check_real("mean", mean)
    total = check_real("alpha", alpha, positive=True)
    if total >= 1:
        raise ValueError(f"alpha must be in (0, 1); got {alpha!r}")
    if not isinstance(independence, bool):
        raise TypeError(f"independence must be True or False; got {independence!r}")
    tests = ("std", "mean", "independence") if independence else ("std", "mean")
    each = total / len(tests)
    flat = w.ravel()
    n = int(flat.size)
    sd = check_std(flat, s0, alpha=each, method=method)
    measured_mean = float(np.sum(flat) / n)
    half = normal_isf(each / 2) * s0 / math.sqrt(n)
    failures = [] if sd else ["std"]
    if not mu0 - half <= measured_mean <= mu0 + half:
        failures.append("mean")
    down = w.ndim >= 2 and shape[0] > 1 and n > shape[0]  # a second order: down the first axis, column by column
    orders = [flat, w.reshape(shape[0], -1).T.ravel()] if down else [flat]
    runs = tuple(runs_z(seq) for seq in orders) if independence else ()
    cutoff = normal_isf(each / (2 * len(orders))) if independence else math.inf
    if any(abs(z) > cutoff for z in runs):
        failures.append("independence")
    max_dev = float(np.max(np.abs(flat - mu0)))
    if bound is not None and max_dev > bound * (1 + SUPPORT_SLACK):
        failures.append("support")
    result = InitCheck(
        shape, n, scheme, f_in, f_out, s0, mu0, total, tests, sd, measured_mean, mu0 - half, mu0 + half, runs,
        cutoff, bound, max_dev, tuple(failures), "",
    )  # fmt: skip
    return _with_message(result, claim)


def _with_message(r: InitCheck, claim: str) -> InitCheck:
    """Return `r` with its one-paragraph message: each test's figures, alpha, power and the assumptions checked."""

    def mark(test: str) -> str:
        return "REJECTED" if test in r.failures else "ok"

    sd, each = r.std, r.alpha / len(r.tests)
    kurt = "b2 undefined" if sd.kurtosis is None else f"b2 = {sd.kurtosis:.3f}, cut-off {sd.kurtosis_cutoff:.3f}"
    parts = [
        f"init check {'failed on ' + ', '.join(r.failures) if r.failures else 'passed'}: weight of shape {r.shape} "
        f"(N = {r.n}) against {claim}, mean {r.claimed_mean:.6g}.",
        f"Std: measured {sd.measured:.6g} ({sd.deviation:+.2%}), {1 - each:.10g} interval [{sd.low:.6g}, "
        f"{sd.high:.6g}] by the {sd.method} test ({kurt}): {mark('std')}.",
        f"Mean: measured {r.mean:.4g}, acceptance interval [{r.mean_low:.4g}, {r.mean_high:.4g}] "
        f"(z-test with the claimed std): {mark('mean')}.",
    ]
    if r.runs:
        zs = ", ".join(f"{z:+.2f}" for z in r.runs)
        order = "along rows, then down the first axis" if len(r.runs) == 2 else "in order"
        parts.append(f"Independence: runs-test z = {zs} ({order}), |z| <= {r.runs_cutoff:.2f}: {mark('independence')}.")
    if r.bound is not None:
        parts.append(f"Support: max |w - mean| = {r.max_deviation:.6g} <= half-width {r.bound:.6g}: {mark('support')}.")
    parts += [
        f"False-alarm probability of this check: at most {r.alpha:.3g} ({each:.3g} for each of {', '.join(r.tests)};"
        f" Bonferroni). Power: at this N it detects a relative std error of {sd.detectable:.2%} (either sign) with"
        " probability 0.999.",
        "Assumptions: independent, identically distributed draws"
        + (" (checked by the runs tests)" if r.runs else " (not checked: independence=False)")
        + "; for the chi-square std test a kurtosis <= 3 (checked; above the cut-off the fourth-moment test is used);"
        " a normal sample mean (exact for normal draws, the central limit theorem otherwise).",
    ]
    return replace(r, message=" ".join(parts))


def assert_init(
    weight: Any,
    *,
    std: float | None = None,
    scheme: Scheme | None = None,
    layout: Layout | None = None,
    fan_in: int | None = None,
    fan_out: int | None = None,
    gain: float | None = None,
    mode: Literal["fan_in", "fan_out"] = "fan_in",
    mean: float = 0.0,
    alpha: float = ALPHA,
    method: StdMethod = "auto",
    independence: bool = True,
) -> InitCheck:
    """Return the passing `check_init` of `weight`; raise AssertionError with its one-paragraph message if it fails.

    Keyword-only claim: std= (the expected std) or scheme= ("kaiming_normal", "kaiming_uniform", "xavier_normal",
    "xavier_uniform", or "linear" for nn.Linear's default) with layout= ("torch": (out, in, *kernel); "symproof":
    (in, out)) or fan_in= and fan_out=; gain= (default: torch's, sqrt(2) for kaiming, 1 for xavier), mode= ("fan_in"
    or "fan_out", kaiming only), mean= (default 0), alpha= (the whole check's false-alarm probability, default 1e-9),
    method= (the std test: "auto", "chi2" or "general") and independence= (default True).
    """
    result = check_init(
        weight, std=std, scheme=scheme, layout=layout, fan_in=fan_in, fan_out=fan_out, gain=gain, mode=mode,
        mean=mean, alpha=alpha, method=method, independence=independence,
    )  # fmt: skip
    if not result:
        raise AssertionError(result.message)
    return result
