"""One training step: symproof's engine against PyTorch and a naive NumPy step, side by side in one process.

Run: python benchmarks/engine_vs_torch.py [--rounds 7] [--widths 4 32 256] [--depth 4]

Setting (the speed issue's): float64, `depth` weight matrices of `width` x `width`, batch 1, sigmoid hidden and output
activations, mse, one SGD step (lr 0.1) from the same parameters every time. The contenders, interleaved within every
round so that a noisy machine slows them alike (each entry is the median over rounds of the best of 5 repeats):

- `train_step` in symproof's reproducible arithmetic (the mode claims use: correctly rounded sums, machine-independent
  elementary functions), and in the fast mode (BLAS, numpy ufuncs);
- `iterate` per step, both modes: the loop claims run, which checks its arguments once per run;
- PyTorch 2.13 CPU, 1 thread: `nn.Sequential` of `nn.Linear` + `nn.Sigmoid`, `MSELoss`, autograd, `optim.SGD`;
- a naive 25-line NumPy step (BLAS, no checks, no copies).

It prints a table of microseconds per step and the ratios the issue asks for: torch / symproof (target >= 8 at widths
4 and 32, >= 1.5 at 256), and reproducible / fast (target <= 2 at widths <= 8). Needs the torch extra.
"""

from __future__ import annotations

import argparse
import statistics
import timeit
from collections.abc import Callable
from typing import Any

import numpy as np

from symproof.engine import fp
from symproof.engine.network import Network
from symproof.engine.optimizers import SGD
from symproof.engine.params import Params
from symproof.engine.training import iterate, train_step

LR = 0.1


def naive_step(ws: list[Any], bs: list[Any], x: Any, y: Any) -> tuple[list[Any], list[Any]]:
    """Return the weights and biases after one SGD step of a sigmoid mse network, in plain NumPy."""
    a, acts = x, [x]
    for w, b in zip(ws, bs):
        a = 1.0 / (1.0 + np.exp(-(w.T @ a + b)))
        acts.append(a)
    delta = (a - y) * a * (1.0 - a) / y.shape[1]
    new_w, new_b = [None] * len(ws), [None] * len(bs)
    for l in range(len(ws) - 1, -1, -1):
        new_w[l] = ws[l] - LR * (acts[l] @ delta.T)
        new_b[l] = bs[l] - LR * delta.sum(axis=1, keepdims=True)
        if l:
            delta = (ws[l] @ delta) * acts[l] * (1.0 - acts[l])
    return new_w, new_b


def per_step(fn: Callable[[], object], number: int) -> float:
    """Return the best of 5 repeats of `number` calls, in microseconds per call."""
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6


def contenders(width: int, depth: int) -> dict[str, tuple[Callable[[], object], int]]:
    """Return each contender's one-step function and the steps per call, for one width."""
    import torch

    topology = (width,) * (depth + 1)
    rng = np.random.default_rng(0)
    net = Network(topology, "sigmoid", "mse")
    params = Params.normal(topology, rng, weight_std=1.0 / np.sqrt(width))
    x, y = rng.standard_normal((width, 1)), rng.uniform(size=(width, 1))
    sgd = SGD(LR)
    steps = 20

    def run(mode: str) -> Callable[[], object]:
        def go() -> object:
            with fp.arithmetic(mode):  # type: ignore[arg-type]
                return list(iterate(net, params, x, y, sgd, steps=steps))[-1]

        return go

    def step(mode: str) -> Callable[[], object]:
        def go() -> object:
            with fp.arithmetic(mode):  # type: ignore[arg-type]
                return train_step(net, params, x, y, sgd)

        return go

    layers: list[Any] = []
    for w, b in zip(params.weights, params.biases):
        linear = torch.nn.Linear(w.shape[0], w.shape[1], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(w.T.copy()))
            linear.bias.copy_(torch.from_numpy(b[:, 0].copy()))
        layers += [linear, torch.nn.Sigmoid()]
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    tx, ty = torch.from_numpy(x.T.copy()), torch.from_numpy(y.T.copy())
    loss_fn = torch.nn.MSELoss()

    def torch_step() -> object:
        opt.zero_grad()
        loss = loss_fn(model(tx), ty)
        loss.backward()
        opt.step()
        return loss

    ws, bs = list(params.weights), list(params.biases)
    return {
        "reproducible train_step": (step("reproducible"), 1),
        "reproducible iterate": (run("reproducible"), steps),
        "fast train_step": (step("fast"), 1),
        "fast iterate": (run("fast"), steps),
        "torch": (torch_step, 1),
        "naive numpy": (lambda: naive_step(ws, bs, x, y), 1),
    }


def main() -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--widths", type=int, nargs="+", default=[4, 32, 256])
    parser.add_argument("--depth", type=int, default=4)
    args = parser.parse_args()
    torch.set_num_threads(1)
    table: dict[int, dict[str, float]] = {}
    for width in args.widths:
        fns = contenders(width, args.depth)
        times: dict[str, list[float]] = {name: [] for name in fns}
        number = max(1, int(2000 / width))
        for _ in range(args.rounds):
            for name, (fn, steps) in fns.items():  # interleaved: every round runs every contender once
                times[name].append(per_step(fn, max(1, number // steps)) / steps)
        table[width] = {name: statistics.median(ts) for name, ts in times.items()}
    names = list(next(iter(table.values())))
    print(f"float64, depth {args.depth}, batch 1, sigmoid + mse, one SGD step; median of {args.rounds} rounds; µs")
    print("| width | " + " | ".join(names) + " | torch / repro iterate | torch / fast iterate | repro / fast |")
    print("|---:|" + "---:|" * (len(names) + 3))
    for width, row in table.items():
        cells = " | ".join(f"{row[n]:.0f}" for n in names)
        ratios = (
            row["torch"] / row["reproducible iterate"],
            row["torch"] / row["fast iterate"],
            row["reproducible iterate"] / row["fast iterate"],
        )
        print(f"| {width} | {cells} | " + " | ".join(f"{r:.2f}" for r in ratios) + " |")


if __name__ == "__main__":
    main()
