"""Measure backpropagation against central finite differences for every activation x loss pair.

Run: python benchmarks/gradcheck.py [--problems N] [--seed K]
Prints, per pair, the median and largest norm-wise relative error ||g - fd|| / max(||g||, ||fd||) over N random
networks (depth 1..3, widths 1..4, batch 1..3, N(0, s^2) parameters with s in {0.5, 1, 2}). The figures go into
docs/engine.md; tests/engine/test_network.py holds the pass/fail version.
"""

from __future__ import annotations

import argparse

import numpy as np

from symproof import ACTIVATIONS, LOSSES, Network, Params
from symproof.engine.gradcheck import finite_difference, flat, relative_error

KINK_MARGIN = 1e-4


def targets(loss: str, n: int, batch: int, rng: np.random.Generator) -> np.ndarray:
    if loss == "bce":
        return rng.uniform(0.0, 1.0, size=(n, batch))
    if loss == "softmax_ce":
        return rng.dirichlet(np.ones(n), size=batch).T
    return rng.standard_normal((n, batch))


def errors(activation: str, loss: str, count: int, rng: np.random.Generator) -> list[float]:
    found: list[float] = []
    while len(found) < count:
        depth = int(rng.integers(1, 4))
        topology = tuple(int(n) for n in rng.integers(1, 5, size=depth + 1))
        batch = int(rng.integers(1, 4))
        net = Network(topology, activation, loss)
        params = Params.normal(topology, rng, weight_std=float(rng.choice([0.5, 1.0, 2.0])))
        x, y = rng.standard_normal((topology[0], batch)), targets(loss, topology[-1], batch, rng)
        kinked = activation in ("relu", "leaky_relu")
        if kinked and min(float(np.abs(z).min()) for z in net.forward(params, x).zs) <= KINK_MARGIN:
            continue
        found.append(relative_error(flat(net.gradient(params, x, y).grads), finite_difference(net, params, x, y)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    print(f"{args.problems} problems per pair, seed {args.seed}")
    print("| activation | " + " | ".join(sorted(LOSSES)) + " |")
    print("|---|" + "---|" * len(LOSSES))
    worst = 0.0
    for activation in sorted(ACTIVATIONS):
        cells = []
        for loss in sorted(LOSSES):
            found = np.array(errors(activation, loss, args.problems, rng))
            worst = max(worst, float(found.max()))
            cells.append(f"{np.median(found):.0e} / {found.max():.0e}")
        print(f"| {activation} | " + " | ".join(cells) + " |")
    print(f"\ncells: median / max relative error; overall max {worst:.1e}")


if __name__ == "__main__":
    main()
