"""Run torch.nn.init's initialisers through assert_init and PyTorch's own KS criterion on the same seeded draws.

Run: python benchmarks/torch_init_table.py [--repeats R] [--seed S] [--out O] [--in I]
Initialiser i (0..5) draws R <= 1000 torch-layout (out, in) weights from torch.Generator().manual_seed(S + 1000 i + r),
r < R: no draw is shared between initialisers (one seed would give the normal ones the same standard normals, scaled).
On each draw: symproof's `check_init` (the test behind assert_init) at its default alpha = 1e-9 and at alpha = 0.01,
and PyTorch's criterion from test/nn/test_init.py (scipy.stats.kstest against the fully specified law, pass when
p > 1e-4), for the correct claim and for five wrong ones: the draw scaled by 1.05, 1.2 and 0.8, the fans swapped
(layout "symproof" instead of "torch"; KS against the law with swapped fans), and the law swapped (normal <-> uniform
of the same std). Prints the markdown table of docs/init-tests.md.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from scipy import stats

from symproof.stats.init_check import check_init, scheme_std

KS_P = 1e-4  # test/nn/test_init.py: _is_normal / _is_uniform pass when the KS p-value exceeds 1e-4
NORMAL_STD = 0.02


@dataclass(frozen=True)
class Init:
    """An initialiser: how torch draws it, its claim to check_init, its law, and the claim of the other law (if any)."""

    name: str
    draw: Callable[[torch.Tensor, torch.Generator], Any]
    claim: dict[str, Any]
    law: str  # "normal" or "uniform"
    other_law: dict[str, Any] | None  # claim of the other law with the same std; None: not expressible


def ks_passes(x: np.ndarray, law: str, std: float) -> bool:
    """Return PyTorch's verdict: kstest against N(0, std^2) or U(-b, b) with b = std sqrt 3, p > 1e-4."""
    if law == "normal":
        return bool(stats.kstest(x, "norm", args=(0.0, std)).pvalue > KS_P)
    b = std * math.sqrt(3.0)
    return bool(stats.kstest(x, "uniform", args=(-b, 2 * b)).pvalue > KS_P)


def _std(init: Init, fan_in: int, fan_out: int) -> float:
    """Return the std that `init` claims at these fans."""
    if "std" in init.claim:
        return float(init.claim["std"])
    return scheme_std(init.claim["scheme"], fan_in=fan_in, fan_out=fan_out)[0]


_init = torch.nn.init
INITS = [
    Init("normal_(std=0.02)", lambda w, g: _init.normal_(w, 0.0, NORMAL_STD, g), {"std": NORMAL_STD}, "normal", None),
    Init("kaiming_normal_", lambda w, g: _init.kaiming_normal_(w, generator=g), {"scheme": "kaiming_normal"}, "normal",
         {"scheme": "kaiming_uniform"}),
    Init("kaiming_uniform_", lambda w, g: _init.kaiming_uniform_(w, generator=g), {"scheme": "kaiming_uniform"},
         "uniform", {"scheme": "kaiming_normal"}),
    Init("xavier_normal_", lambda w, g: _init.xavier_normal_(w, generator=g), {"scheme": "xavier_normal"}, "normal",
         {"scheme": "xavier_uniform"}),
    Init("xavier_uniform_", lambda w, g: _init.xavier_uniform_(w, generator=g), {"scheme": "xavier_uniform"},
         "uniform", {"scheme": "xavier_normal"}),
    Init("nn.Linear default", lambda w, g: _init.kaiming_uniform_(w, a=math.sqrt(5), generator=g),
         {"scheme": "linear"}, "uniform", {"std": None}),  # the normal law of the same std, claimed by std=
]  # fmt: skip
OTHER = {"normal": "uniform", "uniform": "normal"}
COLUMNS = ("correct", "alpha 0.01", "x1.05", "x1.2", "x0.8", "fans swapped", "law swapped")


def _claims(init: Init, s0: float) -> dict[str, dict[str, Any] | None]:
    """Return check_init's claim per column (None: not applicable); a scheme gets layout="torch" (swapped: symproof)."""
    scheme = "scheme" in init.claim
    correct = {**init.claim, "layout": "torch"} if scheme else dict(init.claim)
    other = init.other_law
    if other is not None:
        other = {"std": s0} if "std" in other else {**other, "layout": "torch"}
    fans = {**correct, "layout": "symproof"} if scheme else None
    claims = dict.fromkeys(("correct", "x1.05", "x1.2", "x0.8"), correct)
    return claims | {"alpha 0.01": {**correct, "alpha": 0.01}, "fans swapped": fans, "law swapped": other}


def measure(init: Init, shape: tuple[int, int], repeats: int, seed: int) -> dict[str, tuple[float, float] | None]:
    """Return, per column, the rejection rates (check_init, PyTorch's KS) over `repeats` seeded draws."""
    fan_in, fan_out = shape[1], shape[0]
    s0, swapped_std = _std(init, fan_in, fan_out), _std(init, fan_out, fan_in)
    claims = _claims(init, s0)
    ks_law = dict.fromkeys(COLUMNS, init.law) | {"law swapped": OTHER[init.law]}
    ks_std = dict.fromkeys(COLUMNS, s0) | {"fans swapped": swapped_std}
    scale = dict.fromkeys(COLUMNS, 1.0) | {"x1.05": 1.05, "x1.2": 1.2, "x0.8": 0.8}
    counts = {k: [0, 0] for k in COLUMNS if claims[k] is not None}
    for r in range(repeats):
        w = torch.empty(shape)
        init.draw(w, torch.Generator().manual_seed(seed + r))
        x = w.numpy().astype(np.float64).ravel()
        for key, count in counts.items():
            claim = claims[key]
            assert claim is not None
            count[0] += not check_init(scale[key] * x.reshape(shape), **claim)
            count[1] += key != "alpha 0.01" and not ks_passes(scale[key] * x, ks_law[key], ks_std[key])
    return {k: (counts[k][0] / repeats, counts[k][1] / repeats) if k in counts else None for k in COLUMNS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20_000)
    parser.add_argument("--out", type=int, default=128, help="rows of the torch weight (fan_out)")
    parser.add_argument("--in", dest="fan_in", type=int, default=256, help="columns of the torch weight (fan_in)")
    args = parser.parse_args()
    if not 0 < args.repeats <= 1000:
        parser.error(
            f"--repeats must be in 1..1000 (the seeds of initialiser i are S + 1000 i + r); got {args.repeats}"
        )
    torch.set_num_threads(1)
    shape, start = (args.out, args.fan_in), time.perf_counter()
    n = shape[0] * shape[1]
    last = args.seed + 1000 * (len(INITS) - 1) + args.repeats - 1
    print(f"torch weight shape {shape} (N = {n}), {args.repeats} draws per initialiser, seeds {args.seed} + 1000 i + r")
    print(f"(up to {last}); rejection rates, assert_init (alpha = 1e-9) / PyTorch KS (p <= 1e-4).\n")
    heads = ("initialiser", "claim", "detectable (0.999)", "correct", "alpha=0.01", "std x1.05", "std x1.2", "std x0.8")
    print("| " + " | ".join((*heads, "fans swapped", "law swapped")) + " |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for i, init in enumerate(INITS):
        rates = measure(init, shape, args.repeats, args.seed + 1000 * i)
        w = torch.empty(shape)
        init.draw(w, torch.Generator().manual_seed(args.seed + 1000 * i))
        claim = _claims(init, _std(init, shape[1], shape[0]))["correct"]
        assert claim is not None
        detectable = check_init(w, **claim).std.detectable
        cells = []
        for key, rate in rates.items():
            cells.append(
                "n/a" if rate is None else f"{rate[0]:.3f}" if key == "alpha 0.01" else f"{rate[0]:.3f} / {rate[1]:.3f}"
            )
        text = ", ".join(f"{k}={v!r}" for k, v in claim.items())
        print(f"| {init.name} | {text} | {detectable:.2%} | " + " | ".join(cells) + " |")
    print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
