"""What the reproducible arithmetic costs: one matrix product, one exp, one training step, side by side in one process.

Three ways to sum W^T a are compared: BLAS (`fp.arithmetic("fast")`, kernel-dependent order), a fixed-order sum
without BLAS (one numpy add per term: the same on every machine, but its result depends on the order of the terms,
so permuting neurons changes it by rounding), and the correctly rounded sum of `symproof.engine.fp` (the same on every
machine and independent of the order of the terms). Ratios are quoted against BLAS; run it on an idle machine.

    python benchmarks/arithmetic_cost.py
"""

from __future__ import annotations

import timeit
from collections.abc import Callable
from typing import Any

import numpy as np

from symproof.engine import fp
from symproof.engine.network import Network
from symproof.engine.optimizers import SGD
from symproof.engine.params import Params
from symproof.engine.training import train_step


def fixed_order(w: Any, a: Any) -> Any:
    """Return W^T a summed term by term in index order, without BLAS."""
    total = w[0][:, None] * a[0][None, :]
    for k in range(1, w.shape[0]):
        total = total + w[k][:, None] * a[k][None, :]
    return total


def best(fn: Callable[[], object], number: int = 2000) -> float:
    """Return the best time per call in microseconds over 5 repeats."""
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6


def main() -> None:
    rng = np.random.default_rng(0)
    w, a, z = rng.standard_normal((5, 5)), rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    net = Network((5, 5, 5, 2), "sigmoid", "mse")
    params = Params.normal(net.topology, rng)
    x, y = rng.standard_normal((5, 3)), rng.uniform(size=(2, 3))
    rows = []
    with fp.arithmetic("fast"):
        blas = best(lambda: w.T @ a)
        np_exp = best(lambda: np.exp(z))
        fast_step = best(lambda: train_step(net, params, x, y, SGD(0.1)), number=300)
    ordered = best(lambda: fixed_order(w, a))
    rounded = best(lambda: fp.matmul(w.T, a))
    exact_exp = best(lambda: fp.exp(z))
    step = best(lambda: train_step(net, params, x, y, SGD(0.1)), number=300)
    rows.append(("W^T a, W (5, 5), a (5, 3)", blas, {"fixed order": ordered, "correctly rounded (fp)": rounded}))
    rows.append(("exp of a (5, 3) array", np_exp, {"fp.exp": exact_exp}))
    rows.append(("one SGD step, [5, 5, 5, 2], batch 3", fast_step, {"reproducible": step}))
    print("| operation | fast (BLAS, numpy ufuncs) µs | machine-independent µs | ratio |")
    print("|---|---:|---|---|")
    for name, base, others in rows:
        text = ", ".join(f"{k} {v:.1f}" for k, v in others.items())
        ratios = ", ".join(f"{v / base:.1f}x" for v in others.values())
        print(f"| {name} | {base:.1f} | {text} | {ratios} |")


if __name__ == "__main__":
    main()
