"""The equivariance lemma, proven symbolically: grad L(P theta; P x, P y) = P grad L(theta; x, y).

P permutes the neurons of every layer at once (the input and output layers too, with the inputs and the targets):
W_l -> P_(l-1) W_l P_l^T, b_l -> P_l b_l. For each small topology, every weight, bias, input and target is its own
Symbol; the gradient at P theta is computed again by backpropagation on the permuted network (not obtained by
relabelling symbols), on the same tape as the gradient at theta, so that equal computations share one Symbol, and
compared entry by entry with P grad L(theta). The loss itself is compared too. Non-goals: other losses than mse.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from typing import Any

from symproof.symbolic.network import SymbolicNetwork
from symproof.symbolic.params import SymbolicParams, initial_params, inputs, targets
from symproof.symbolic.structure import Prover, all_decided
from symproof.symbolic.tape import Tape
from symproof.verdict.proof import Proof

__all__ = ["equivariance", "permuted"]


def permuted(params: SymbolicParams, perms: Sequence[Sequence[int]]) -> SymbolicParams:
    """Return P theta: W_l -> P_(l-1) W_l P_l^T and b_l -> P_l b_l, for one permutation per layer."""
    ws = [w.extract(list(perms[l]), list(perms[l + 1])) for l, w in enumerate(params.weights)]
    bs = [b.extract(list(perms[l + 1]), [0]) for l, b in enumerate(params.biases)]
    return SymbolicParams(tuple(ws), tuple(bs))


def equivariance(
    *,
    cases: Sequence[tuple[int, ...]] = ((2, 2, 2), (2, 3, 2), (3, 2, 2), (2, 2, 2, 2), (3, 3, 2)),
    batch: int = 2,
    permute_data: bool = True,
    expected_gradient: Callable[[SymbolicParams, Sequence[Sequence[int]]], SymbolicParams] | None = None,
) -> Proof:
    """Return the proof that grad(P theta; P x, P y) = P grad(theta; x, y) for every permutation of every layer.

    With `permute_data=False` the inputs and targets stay in place, and the statement fails (a test shows it).
    `expected_gradient(grads, perms)` replaces P grad (default `permuted`); tests pass a wrong one to show that the
    gradient comparison, not only the loss's, can fail.
    """
    expect = permuted if expected_gradient is None else expected_gradient
    start = time.perf_counter()
    failures: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for topology in cases:
        net = SymbolicNetwork(topology)
        params = initial_params(topology, "random", "random")
        x, y = inputs(topology[0], batch), targets(topology[-1], batch, equal=False)
        grads, fwd = net.gradient(params, x, y)
        loss = net.loss_value(fwd, y)
        prover = Prover(net.tape or Tape())
        perms = list(itertools.product(*[itertools.permutations(range(n)) for n in topology]))
        examples = list(range(batch))
        for perm in perms:
            px = x.extract(list(perm[0]), examples) if permute_data else x
            py = y.extract(list(perm[-1]), examples) if permute_data else y
            moved, moved_fwd = net.gradient(permuted(params, perm), px, py)
            expected = expect(grads, perm)
            checks = [prover.equal(net.loss_value(moved_fwd, py), loss, "loss")]
            checks += [
                prover.equal(a, b, "gradient") for m, e in zip(moved.arrays(), expected.arrays()) for a, b in zip(m, e)
            ]
            decision = all_decided("equivariance", checks)
            if not decision.holds:
                failures.append(
                    {"topology": list(topology), "permutation": [list(p) for p in perm], "detail": decision.detail}
                )
        counts[str(list(topology))] = len(perms)
    scope = (
        f"For the topologies {[list(t) for t in cases]}, every permutation of the neurons of every layer (inputs and "
        f"targets permuted alike), independent symbols for every weight, bias, input and target, batch {batch}, the "
        "mse loss and undefined differentiable sigma, exact expression equality proves L(P theta) = L(theta) and "
        "grad L(P theta) = P grad L(theta) for every entry."
    )
    evidence = {"permutations": counts, "failures": failures[:5]}
    return Proof(not failures, scope, evidence, time.perf_counter() - start)
