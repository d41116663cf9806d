"""A hash of the engine's outputs over many training runs, both arithmetic modes: a speed change must not move it.

Run: python benchmarks/engine_bits.py [SEED]   (and PYTHONPATH=<other checkout> python benchmarks/engine_bits.py)

For every activation x loss x optimizer, three random networks (float64 and float32, constant and random starts,
dropout masks, fresh inputs, an input of 1e-300) train 6 steps; every parameter, gradient, pre-activation,
activation, loss, gradient scale and term scale is hashed, with the divergences, then fp's elementary functions and
sums on awkward values (zeros, subnormals, inf, nan, overflow thresholds). It prints the number of steps hashed and
the SHA-256: two checkouts that print the same hash compute the same bits.
"""

from __future__ import annotations

import hashlib
import itertools
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from symproof.engine import fp
from symproof.engine.network import Network
from symproof.engine.optimizers import SGD, Adam, Momentum, Optimizer
from symproof.engine.params import Params
from symproof.engine.training import Divergence, iterate

ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "identity", "softplus"]
LOSSES = ["mse", "quadratic", "bce", "softmax_ce"]
OPTIMIZERS: list[Callable[[], Optimizer]] = [
    lambda: SGD(0.3, weight_decay=0.01),
    lambda: Momentum(0.1),
    lambda: Adam(0.05, weight_decay=0.1),
]


class Digest:
    """A SHA-256 of arrays: dtype, shape and bytes of each."""

    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def eat(self, value: Any) -> None:
        """Return nothing; add `value` (an array or a number) to the hash."""
        array = np.ascontiguousarray(np.asarray(value))
        self.hash.update(f"{array.dtype}{array.shape}".encode())
        self.hash.update(array.tobytes())


def dropout(rng: np.random.Generator, sizes: tuple[int, ...], dtype: Any) -> Callable[[int], list[Any]]:
    """Return a function of the batch size that draws inverted-dropout masks (keep 0.7) for the hidden layers."""
    return lambda batch: [(rng.uniform(size=(n, batch)) < 0.7).astype(dtype) / 0.7 for n in sizes]


def fresh(rng: np.random.Generator, shape: tuple[int, int], dtype: Any) -> Callable[[int], Any]:
    """Return a function of the step number that draws fresh N(0, 1) inputs."""
    return lambda step: rng.standard_normal(shape).astype(dtype)


def training(digest: Digest, rng: np.random.Generator) -> int:
    """Return the number of steps hashed: every setting, in the current arithmetic mode."""
    count = 0
    for activation, loss, optimizer in itertools.product(ACTIVATIONS, LOSSES, OPTIMIZERS):
        for rep in range(3):
            depth = int(rng.integers(1, 4))
            topology = tuple(int(v) for v in rng.integers(1, 6, size=depth + 1))
            dtype = np.float32 if rep == 2 else np.float64
            kind = int(rng.integers(0, 3))
            if kind == 0:
                params = Params.normal(topology, rng, weight_std=float(rng.uniform(0.1, 3)), dtype=dtype)
            else:
                w, b = (float(rng.choice([0.0, 0.5, -1.0])), float(rng.choice([0.0, 0.3]))) if kind == 1 else (0, 0)
                params = Params.constant(topology, weights=w, biases=b, dtype=dtype)
            batch = int(rng.integers(1, 5))
            x = rng.standard_normal((topology[0], batch)).astype(dtype)
            y = rng.uniform(size=(topology[-1], batch)).astype(dtype)
            if rep == 1 and dtype == np.float64:
                x[0, 0] = 1e-300
            net = Network(topology, activation, loss)
            sizes = topology[1:-1]
            masks = dropout(rng, sizes, dtype) if rep == 1 and depth > 1 else None
            inputs = fresh(rng, (topology[0], batch), dtype) if rep == 0 else None
            try:
                for step in iterate(net, params, x, y, optimizer(), steps=6, inputs=inputs, masks=masks):
                    for array in (*step.params.arrays(), *step.grads.arrays(), *step.forward.zs):
                        digest.eat(array)
                    for array in step.forward.activations:
                        digest.eat(array)
                    digest.eat(step.loss)
                    count += 1
                    for array in net.gradient_scale(step.forward, y, masks=step.masks or None).arrays():
                        digest.eat(array)
                    for layer in range(depth + 1):
                        digest.eat(step.forward.term_scale(layer))
            except Divergence as error:
                digest.hash.update(str(error).encode())
            digest.eat(net.loss_value(params, x, y))
    return count


def arithmetic(digest: Digest, rng: np.random.Generator) -> None:
    """Return nothing; hash fp's functions and sums on awkward values, in the current arithmetic mode."""
    special = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-310, -1e-320, 709.8, -745.2, 1e300, -1e300, 2.0**-1074]
    values = np.concatenate([rng.standard_normal(200) * 10, rng.standard_normal(50) * 800, special])
    with np.errstate(all="ignore"):
        for f in (fp.exp, fp.expm1, fp.log, fp.log1p, fp.tanh, fp.sigmoid, fp.softplus):
            digest.eat(f(values))
            digest.eat(f(values.astype(np.float32)))
        for m, k, n in [(1, 1, 1), (3, 1, 4), (2, 5, 3), (4, 4, 1), (1, 7, 2), (6, 3, 5)]:
            for scale in (1.0, 1e-200, 1e250):
                a, b = rng.standard_normal((m, k)) * scale, rng.standard_normal((k, n))
                c = rng.standard_normal((m, 1))
                for product in (
                    fp.matmul(a, b),
                    fp.matmul(a, b, add=c),
                    fp.matmul(a.astype(np.float32), b.astype(np.float32)),
                    fp.matmul(-a, np.zeros_like(b)),
                    fp.matmul(a, b, add=np.full((m, n), -0.0)),
                ):
                    digest.eat(product)
                for axis in (None, 0, 1, (0, 1)):
                    digest.eat(fp.total(a, axis=axis))
                    if axis is not None:
                        digest.eat(fp.total(a, axis=axis, keepdims=True))
            bad = rng.standard_normal((m, k))
            bad[0, 0] = np.inf
            digest.eat(fp.matmul(bad, rng.standard_normal((k, n))))
            bad[0, 0] = np.nan
            digest.eat(fp.matmul(bad, rng.standard_normal((k, n))))
            digest.eat(fp.total(bad, axis=1))
            digest.eat(fp.matmul(np.full((m, k), 1e300), np.full((k, n), 1e300)))
            digest.eat(fp.total(np.full((m, k), 1.7e308), axis=1))


def main() -> None:
    rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    digest, count = Digest(), 0
    for mode in ("reproducible", "fast"):
        with fp.arithmetic(mode):
            count += training(digest, rng)
            arithmetic(digest, rng)
    print(count, digest.hash.hexdigest())


if __name__ == "__main__":
    main()
