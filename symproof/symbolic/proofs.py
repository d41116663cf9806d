"""Symbolic proofs of the seed-000 claims, and the names by which claims refer to every proof (with the proofs of
equivariance, block invariance and seed 004 from their own modules).

Each proof function builds the symbolic network (`symproof.symbolic.network`) on every topology of its scope, trains
it for the stated number of SGD steps on the mse loss with the undefined sigma, and decides the claim's structure
exactly (`symproof.symbolic.structure`). It returns a `Proof` whose `scope` sentence names the topologies, steps,
activation, loss, optimizer and what stayed symbolic. Keyword arguments widen or narrow the scope; the registries
call every function with its defaults, which together stay within a few seconds.

A claim holds its proofs as `symproof.symbolic.ref.ProofRef`s to the names here (of the statement as made, and under the
claim's condition), so a proof is bound to one claim object, never to an ID.
Non-goals: deciding claims that need sampling or floating point (they stay in symproof.claims).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from typing import Any

from symproof.symbolic import quotient, seed004
from symproof.symbolic.equivariance import equivariance
from symproof.symbolic.network import SymbolicNetwork
from symproof.symbolic.params import InitKind, Matrix, SymbolicParams, initial_params, inputs, targets
from symproof.symbolic.structure import Decision, Prover, all_decided
from symproof.symbolic.tape import Tape
from symproof.verdict.proof import Proof

__all__ = [
    "block_invariance",
    "constant_init_structure",
    "equivariance",
    "first_m_random",
    "gaussian_pdf",
    "output_gradient_formula",
    "single_random_column_equal",
    "topologies",
    "variance_law",
    "zero_init_k_step",
]

RESTS: tuple[InitKind, ...] = ("zero", "constant")


def _symbols(*, constant: bool = False, random: bool = False, equal_targets: bool = True) -> str:
    """Return what stayed symbolic, for a scope sentence."""
    parts = ["one constant c_l per constant matrix"] if constant else []
    parts += ["one symbol w_l[i,j] per entry of a random matrix"] if random else []
    parts += ["one bias b_l per layer", "inputs x[i,k]"]
    parts += ["one target y[k] per example shared by all outputs" if equal_targets else "one target y[j,k] per entry"]
    return "symbolic: " + ", ".join(parts) + " and the learning rate lr"


NAMES = (
    "names on the tape: W_l[i,j]^t is W_l after step t; z_l[j,k]@t, a_l[j,k]@t and d_l[j,k]@t are the pre-activation, "
    "activation and backpropagated delta of neuron j of layer l for example k in step t"
)


def topologies(max_depth: int, max_width: int, *, min_depth: int = 1, min_width: int = 1) -> list[tuple[int, ...]]:
    """Return every topology (n_0, ..., n_L) with min_depth <= L <= max_depth and min_width <= n_l <= max_width."""
    widths = range(min_width, max_width + 1)
    return [t for depth in range(min_depth, max_depth + 1) for t in itertools.product(widths, repeat=depth + 1)]


def _set(max_depth: int, max_width: int, count: int, *, min_depth: int = 1, min_width: int = 1) -> str:
    widths = ", ".join(str(n) for n in range(min_width, max_width + 1))
    return (
        f"every topology (n_0, ..., n_L) with {min_depth} <= L <= {max_depth} and every n_l in {{{widths}}} ({count})"
    )


def _collapsed(prover: Prover, params: SymbolicParams, forward: Any, first: int) -> Decision:
    """Return whether W_first is row-equal, every later W constant, and every hidden layer >= first one neuron."""
    depth = params.depth
    checks = [prover.is_row_equal(params.weights[first - 1])] if first <= depth else []
    checks += [prover.is_constant(w) for w in params.weights[first:]]
    checks += [prover.neurons_identical(forward, l) for l in range(first, depth)]
    return all_decided("collapsed", checks)


def _train(
    topology: tuple[int, ...],
    weights: InitKind | Sequence[InitKind],
    biases: InitKind | Sequence[InitKind],
    steps: int,
    *,
    batch: int = 1,
    equal_targets: bool = True,
    activation: str = "sigma",
    last_forward: bool = True,
) -> tuple[SymbolicNetwork, Matrix, list[tuple[SymbolicParams, Any]], Prover]:
    """Return the network, inputs, and (params, forward at those params) after each of `steps` SGD steps.

    The forward at the params after step k < `steps` is the one step k + 1 computed (same names); only the last is
    new, and it is None unless `last_forward`.
    """
    net = SymbolicNetwork(topology, activation)
    x, y = inputs(topology[0], batch), targets(topology[-1], batch, equal=equal_targets)
    history = net.train(initial_params(topology, weights, biases), x, y, steps=steps)
    last = net.forward(history[-1].params, x, step=steps + 1) if last_forward and history else None
    forwards = [s.forward for s in history[1:]] + [last]
    states = [(s.params, forward) for s, forward in zip(history, forwards)]
    return net, x, states, Prover(net.tape or Tape())


def _proof(holds: bool, scope: str, evidence: dict[str, Any], start: float) -> Proof:
    return Proof(holds, scope, evidence, time.perf_counter() - start)


def constant_init_structure(
    *,
    max_depth: int = 4,
    max_width: int = 3,
    steps: int = 2,
    batch: int = 1,
    biases: InitKind | Sequence[InitKind] = "constant",
    equal_targets: bool = True,
) -> Proof:
    """Return the proof that a constant start keeps W_1 row-equal, later W constant and hidden layers collapsed."""
    start = time.perf_counter()
    cases = topologies(max_depth, max_width)
    failures: list[dict[str, Any]] = []
    checks = 0
    for topology in cases:
        _, _, states, prover = _train(topology, "constant", biases, steps, batch=batch, equal_targets=equal_targets)
        for k, (params, forward) in enumerate(states, start=1):
            decision = _collapsed(prover, params, forward, 1)
            checks += 1
            if not decision.holds:
                failures.append(
                    {"topology": list(topology), "step": k, "method": decision.method, "detail": decision.detail}
                )
    scope = (
        f"For {_set(max_depth, max_width, len(cases))}, after each of SGD steps 1..{steps} on the mse loss with batch "
        f"{batch}, undefined differentiable sigma, every weight matrix starting at its own constant, biases "
        f"{biases if isinstance(biases, str) else list(biases)} per layer and "
        f"{'one target per example shared by all outputs' if equal_targets else 'distinct targets'} "
        f"({_symbols(constant=True, equal_targets=equal_targets)}), "
        "exact expression equality proves that W_1 is row-equal, W_2..W_L are constant and the neurons of every "
        "hidden layer have identical pre-activations and activations."
    )
    evidence = {
        "topologies": len(cases),
        "steps": steps,
        "cases": checks,
        "failures": failures[:5],
        "failed": len(failures),
    }
    return _proof(not failures, scope, evidence, start)


def zero_init_k_step(
    *, max_depth: int = 4, max_width: int = 3, activation: str = "sigma", biases: InitKind = "constant"
) -> Proof:
    """Return the proof of the k-step schedule of all-zero weights, with the conditions for the nonzero matrices.

    `activation` and `biases` exist to show what the condition excludes: tanh with zero biases never moves.
    """
    start = time.perf_counter()
    cases = topologies(max_depth, max_width)
    failures: list[dict[str, Any]] = []
    conditions: dict[str, list[str]] = {}
    counted = {"identically zero": 0, "nonzero": 0, "collapsed after L steps": 0}
    for topology in cases:
        depth = len(topology) - 1
        _, _, states, prover = _train(topology, "zero", biases, depth, activation=activation)
        for k, (params, _) in enumerate(states, start=1):
            for l, w in enumerate(params.weights, start=1):
                case = {"topology": list(topology), "step": k, "matrix": l}
                if l <= depth - k:
                    if not prover.is_zero(w).holds:
                        failures.append({**case, "expected": "zero"})
                    counted["identically zero"] += 1
                    continue
                shown = topology == (max_width,) * (depth + 1) and l == depth - k + 1
                found = prover.nonzero(w[0, 0], conditions=shown)
                if not found.holds:
                    failures.append({**case, "expected": "nonzero", "witness": found.witness})
                counted["nonzero"] += 1
                if shown:
                    conditions[f"L={depth} step {k}: W_{l}"] = list(found.conditions)
        collapsed = _collapsed(prover, *states[-1], 1)
        counted["collapsed after L steps"] += collapsed.holds
        if not collapsed.holds:
            failures.append(
                {"topology": list(topology), "step": depth, "expected": "collapsed", "detail": collapsed.detail}
            )
    sigma = "undefined differentiable sigma and sigma'" if activation == "sigma" else activation
    scope = (
        f"For {_set(max_depth, max_width, len(cases))}, all weights 0 and biases {biases} per layer, after each SGD "
        f"step k = 1..L on the mse loss with batch 1, {sigma} ({_symbols()}), W_1..W_(L-k) are identically 0 and "
        "each of W_(L-k+1)..W_L is a nonzero expression (witnessed with the sigmoid), the matrix that first moves at "
        "step k being a product that is nonzero exactly when the factors listed in the evidence (all widths "
        f"{max_width}) are, and after L steps W_1 is row-equal, later matrices are constant and hidden neurons "
        "identical."
    )
    evidence: dict[str, Any] = {
        "topologies": len(cases),
        "counts": counted,
        "nonzero_conditions": conditions,
        "names": NAMES,
        "failures": failures[:5],
    }
    return _proof(not failures, scope, evidence, start)


def first_m_random(*, max_depth: int = 3, max_width: int = 3, steps: int = 2, equal_targets: bool = True) -> Proof:
    """Return the proof of the first-M-random structure, for every M and both rests (zero, constant)."""
    start = time.perf_counter()
    cases = topologies(max_depth, max_width, min_width=2)
    failures: list[dict[str, Any]] = []
    count = 0
    for topology, rest in itertools.product(cases, RESTS):
        depth = len(topology) - 1
        for m in range(1, depth + 1):
            random: list[InitKind] = ["random"]
            kinds = random * m + [rest] * (depth - m)
            reach = depth - m if rest == "zero" else 1  # the step from which the final structure holds
            _, _, states, prover = _train(
                topology, kinds, "constant", max(steps, reach + steps - 1), equal_targets=equal_targets
            )
            for k, (params, forward) in enumerate(states, start=1):
                count += 1
                checks = [prover.unstructured(w) for w in params.weights[:m]]
                if rest == "zero" and k < reach:
                    checks += [prover.is_zero(w) for w in params.weights[m : depth - k]]
                    checks += [_nonzero(prover, w) for w in params.weights[depth - k :]]
                    checks += [prover.is_constant(w) for w in params.weights[depth - k :]]
                elif k >= reach:
                    checks.append(_collapsed(prover, params, forward, m + 1))
                decision = all_decided("first-m-random", checks)
                if not decision.holds:
                    failures.append(
                        {"topology": list(topology), "m": m, "rest": rest, "step": k, "detail": decision.detail}
                    )
    scope = (
        f"For {_set(max_depth, max_width, len(cases), min_width=2)}, every M = 1..L with W_1..W_M random and the other "
        f"{'' if equal_targets else '(with distinct targets) '}"
        f"matrices all zero or all constant (one constant c_l each), one bias b_l per layer, SGD on the mse loss with "
        f"batch 1, undefined differentiable sigma ({_symbols(constant=True, random=True, equal_targets=equal_targets)}"
        "): W_1..W_M have no two equal rows, no two equal columns and no constant row or column (each witnessed by an "
        "entry pair proven different); with zeros, after step k < L - M, W_(M+1)..W_(L-k) are identically 0 and the "
        "later matrices nonzero (witnessed) and constant; and "
        f"from step L - M (zero rest) or step 1 (constant rest) on, for {steps} steps, W_(M+1) is row-equal, later "
        "matrices are constant and the hidden layers after M are collapsed, all by exact expression equality."
    )
    return _proof(not failures, scope, {"cases": count, "topologies": len(cases), "failures": failures[:5]}, start)


def _nonzero(prover: Prover, w: Matrix) -> Decision:
    found = prover.nonzero(w[0, 0])
    return Decision("nonzero", found.holds, "witness", f"witness {found.witness:.3g}")


def single_random_column_equal(
    *, min_depth: int = 3, max_depth: int = 4, max_width: int = 3, steps: int = 2, js: Sequence[int] | None = None
) -> Proof:
    """Return the proof that with only W_j random (j >= 3 unless `js` says otherwise) W_(j-1) stays column-equal."""
    start = time.perf_counter()
    cases = topologies(max_depth, max_width, min_depth=min_depth, min_width=2)
    failures: list[dict[str, Any]] = []
    count = 0
    for topology in cases:
        depth = len(topology) - 1
        for j in js if js is not None else range(3, depth + 1):
            for rest in itertools.product(RESTS, repeat=depth - 1):  # every other matrix zero or constant, each
                kinds: list[InitKind] = [*rest[: j - 1], "random", *rest[j - 1 :]]
                _, _, states, prover = _train(topology, kinds, "constant", steps, last_forward=False)
                for k, (params, _) in enumerate(states, start=1):
                    count += 1
                    decision = prover.is_column_equal(params.weights[j - 2])
                    if not decision.holds:
                        failures.append(
                            {"topology": list(topology), "j": j, "kinds": kinds, "step": k, "detail": decision.detail}
                        )
    which = "every j >= 3" if js is None else f"j in {list(js)}"
    scope = (
        f"For {_set(max_depth, max_width, len(cases), min_depth=min_depth, min_width=2)} and {which}, with W_j random "
        "and every other matrix, independently, zero or its own constant c_l (all 2^(L-1) combinations), after each "
        f"of SGD steps 1..{steps} on the mse loss with batch 1, undefined differentiable sigma "
        f"({_symbols(constant=True, random=True)}), exact expression equality proves W_(j-1) column-equal."
    )
    return _proof(not failures, scope, {"cases": count, "topologies": len(cases), "failures": failures[:5]}, start)


block_invariance = quotient.block_invariance
variance_law = seed004.variance_law
gaussian_pdf = seed004.gaussian_pdf
output_gradient_formula = seed004.output_gradient_formula
