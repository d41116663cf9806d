"""Measure how far the symbolic proofs reach: (topology, steps) -> seconds, for the undefined-sigma proofs.

Run: python benchmarks/symbolic_reach.py [--quick]
Prints a Markdown table (the one in docs/symbolic.md) with, per row, the seconds to build the symbolic network for
the given steps and to decide the claim's structure exactly, and the tape size (named intermediate quantities).
Rows:

- constant: every W_l one constant, one bias per layer, equal targets; prove W_1 row-equal, later W constant, hidden
  neurons identical after every step (`s000.constant-init-structure`);
- zero: all weights 0; prove the k-step schedule for k = 1..L with the nonzero witnesses (`s000.zero-init-k-step`);
- random: every weight and bias its own symbol, one step (forward, backprop, SGD), no predicate: the size of a
  general step;
- first-m: W_1..W_M random (M = L // 2), later matrices constant; prove W_1..W_M unstructured (interval witnesses),
  W_(M+1) row-equal, later matrices constant and hidden layers after M collapsed, after every step;
- equivariance: `gen.equivariance` on one topology, every permutation of every layer (the last column counts them);
- quotient: `gen.block-invariance`: the per-layer lemmas derived with `diff` for symbolic block counts, sizes and
  batch, and the full network's step against the quotient's at three concrete block counts (size: entries compared);
- naive: the issue's baseline, plain trees (no tape) with a concrete sigmoid and `simplify(a - b) == 0` for every
  equality the constant-init proof needs.

Each figure is the best of `--repeat` runs in a fresh process state (a new tape each run; SymPy's global cache is
cleared between runs).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import sympy as sp
from sympy.core.cache import clear_cache

from symproof.symbolic import proofs
from symproof.symbolic.network import SymbolicNetwork
from symproof.symbolic.params import InitKind, initial_params, inputs, targets
from symproof.symbolic.quotient import block_invariance
from symproof.symbolic.structure import Prover
from symproof.symbolic.tape import Tape


def _best(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        clear_cache()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def constant(topology: tuple[int, ...], steps: int) -> int:
    """Prove the constant-init structure after each step; return the tape size."""
    net = SymbolicNetwork(topology)
    x = inputs(topology[0])
    history = net.train(initial_params(topology, "constant"), x, targets(topology[-1]), steps=steps)
    prover = Prover(net.tape or Tape())
    for k, step in enumerate(history, start=1):
        assert proofs._collapsed(prover, step.params, net.forward(step.params, x, step=k + 1), 1).holds
    return len(net.tape or ())


def zero(topology: tuple[int, ...], steps: int) -> int:
    """Prove the zero-init schedule for k = 1..steps; return the tape size."""
    net = SymbolicNetwork(topology)
    history = net.train(initial_params(topology, "zero"), inputs(topology[0]), targets(topology[-1]), steps=steps)
    prover = Prover(net.tape or Tape())
    depth = len(topology) - 1
    for k, step in enumerate(history, start=1):
        for l, w in enumerate(step.params.weights, start=1):
            assert prover.is_zero(w).holds if l <= depth - k else prover.nonzero(w[0, 0], conditions=False).holds
    return len(net.tape or ())


def random(topology: tuple[int, ...], steps: int) -> int:
    """Build `steps` SGD steps with every parameter its own symbol; return the tape size."""
    net = SymbolicNetwork(topology)
    net.train(initial_params(topology, "random", "random"), inputs(topology[0]), targets(topology[-1]), steps=steps)
    return len(net.tape or ())


def first_m(topology: tuple[int, ...], steps: int) -> int:
    """Prove the first-M-random structure with M = L // 2 and constant later matrices; return the tape size."""
    depth = len(topology) - 1
    m = depth // 2
    net = SymbolicNetwork(topology)
    x = inputs(topology[0])
    random_kind: list[InitKind] = ["random"]
    constant_kind: list[InitKind] = ["constant"]
    kinds = random_kind * m + constant_kind * (depth - m)
    history = net.train(initial_params(topology, kinds), x, targets(topology[-1]), steps=steps)
    prover = Prover(net.tape or Tape())
    for k, step in enumerate(history, start=1):
        assert all(prover.unstructured(w).holds for w in step.params.weights[:m])
        assert proofs._collapsed(prover, step.params, net.forward(step.params, x, step=k + 1), m + 1).holds
    return len(net.tape or ())


def equivariance(topology: tuple[int, ...], _: int) -> int:
    """Prove gen.equivariance on one topology (every permutation of every layer); return the permutation count."""
    proof = proofs.equivariance(cases=(topology,))
    assert proof.holds
    return int(proof.evidence["permutations"][str(list(topology))])


def naive(topology: tuple[int, ...], steps: int) -> int:
    """The baseline: plain trees with a concrete sigmoid, then simplify(a - b) == 0 for every needed equality."""
    net = SymbolicNetwork(topology, "sigmoid", tape=None)
    x = inputs(topology[0])
    history = net.train(initial_params(topology, "constant"), x, targets(topology[-1]), steps=steps)
    pairs = 0
    for k, step in enumerate(history, start=1):
        w1, later = step.params.weights[0], step.params.weights[1:]
        groups = [list(w1.row(i)) for i in range(w1.shape[0])] + [list(w) for w in later]
        fwd = net.forward(step.params, x, step=k + 1)
        groups += [list(m.col(0)) for m in (*fwd.zs[:-1], *fwd.activations[1:-1])]
        for group in groups:
            for other in group[1:]:
                assert sp.simplify(group[0] - other) == 0
                pairs += 1
    return pairs


def quotient(_: tuple[int, ...], __: int) -> int:
    """Prove gen.block-invariance; return the number of concrete entries compared."""
    proof = block_invariance()
    assert proof.holds
    return sum(c["entries"] for c in proof.evidence["concrete"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the rows behind the three targets")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, Callable[[tuple[int, ...], int], int], tuple[int, ...], int]] = [
        ("naive", naive, (2, 2, 2, 2), 3),
        ("constant", constant, (2, 2, 2, 2), 3),
        ("constant", constant, (4, 4, 4, 4, 4), 1),
        ("random", random, (4, 4, 4, 4, 4), 1),
        ("zero", zero, (2, 2, 2, 2, 2), 4),
        ("zero", zero, (3, 3, 3, 3, 3), 4),
        ("zero", zero, (4, 4, 4, 4, 4), 4),
        ("quotient", quotient, (), 1),
        ("equivariance", equivariance, (2, 2, 2, 2), 1),
    ]
    if not args.quick:
        rows += [
            ("constant", constant, (4, 4, 4, 4, 4), 3),
            ("constant", constant, (8, 8, 8, 8, 8), 1),
            ("constant", constant, (8, 8, 8, 8, 8), 3),
            ("constant", constant, (16, 16, 16, 16, 16), 1),
            ("constant", constant, (2, 2, 2, 2), 10),
            ("zero", zero, (8, 8, 8, 8, 8), 4),
            ("zero", zero, (2,) * 9, 8),
            ("zero", zero, (4,) * 9, 8),
            ("random", random, (4, 4, 4, 4, 4), 2),
            ("random", random, (8, 8, 8, 8, 8), 1),
            ("random", random, (8, 8, 8, 8, 8), 3),
            ("random", random, (16, 16, 16, 16, 16), 1),
            ("random", random, (2, 2, 2, 2), 3),
            ("random", random, (3, 3, 3, 3), 3),
            ("first-m", first_m, (3, 3, 3, 3, 3), 2),
            ("first-m", first_m, (4, 4, 4, 4, 4), 2),
            ("first-m", first_m, (6, 6, 6, 6, 6), 2),
            ("equivariance", equivariance, (3, 3, 3), 1),
            ("equivariance", equivariance, (2, 3, 3, 2), 1),
            ("equivariance", equivariance, (4, 3, 2), 1),
            ("equivariance", equivariance, (4, 4, 3), 1),
            ("naive", naive, (2, 2, 2, 2), 1),
            ("naive", naive, (2, 2, 2, 2), 2),
        ]
    print(
        "| proof | topology | steps | seconds | size (tape; naive: simplified equalities; equivariance: permutations) |"
    )
    print("|---|---|---|---|---|")
    for name, run, topology, steps in rows:
        seconds, size = _best(partial(run, topology, steps), args.repeat)
        shown = "symbolic widths" if name == "quotient" else str(list(topology))
        print(f"| {name} | {shown} | {steps} | {seconds:.3f} | {size} |", flush=True)


if __name__ == "__main__":
    main()
