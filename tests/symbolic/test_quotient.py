"""The quotient network: symbolic invariance for every width, and the same trajectory as the full NumPy network."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
import sympy as sp

from symproof import SGD, Adam, Momentum, Network, train
from symproof.engine.inits import BlockInit
from symproof.engine.optimizers import Optimizer
from symproof.engine.params import Params
from symproof.symbolic import induction
from symproof.symbolic.network import SIGMA, SymbolicNetwork, SymbolicParams, from_rows, inputs, targets
from symproof.symbolic.quotient import (
    block_constant,
    block_invariance,
    concrete_invariance,
    expand,
    inductive_step,
    multiplicity,
    quotient_gradient,
    quotient_network,
    quotient_params,
)
from symproof.symbolic.sums import UnprovenGuard, collapse

# The full network sums n_r equal terms where the quotient multiplies one term by n_r; the two roundings differ by a
# few ulps per step and are then propagated. Measured over the cases below (20 steps): largest difference relative
# to the largest parameter 1.6e-16 (SGD), 2.6e-16 (momentum), 3.4e-16 (Adam). 1e-12 sits more than three orders
# above that and far below any real difference (a block that splits differs at O(1) within a few steps).
TRAJECTORY_RTOL = 1e-12

BLOCK = BlockInit(
    blocks=((0, 0, 1, 1, 1), (0, 1, 1, 0), (0, 0, 0), (0, 1, 1)),
    weights=(((0.3, -0.7), (0.5, 0.2)), ((0.4,), (-0.6,)), ((0.8, -0.3),)),
    biases=((0.1, -0.2), (0.05,), (0.3, -0.1)),
)


def _first_of_each_block(labels: tuple[int, ...]) -> list[int]:
    return [labels.index(b) for b in range(max(labels) + 1)]


def _quotient_trajectory(
    block: BlockInit, x: np.ndarray, y: np.ndarray, optimizer: Optimizer, activation: str, loss: str, steps: int
) -> list[Params]:
    params, sizes = quotient_params(block)
    xq, yq = x[_first_of_each_block(block.blocks[0])], y[_first_of_each_block(block.blocks[-1])]
    state: Any = optimizer.init(params)
    found = []
    for _ in range(steps):
        grads = quotient_gradient(params, sizes, xq, yq, activation=activation, loss=loss)
        params, state = optimizer.update(params, grads, state)
        found.append(expand(params, block))
    return found


@pytest.mark.parametrize(
    ("activation", "loss", "optimizer"),
    [("sigmoid", "mse", SGD(0.5)), ("tanh", "quadratic", Momentum(0.1)), ("sigmoid", "mse", Adam(0.05))],
)
def test_full_network_and_quotient_follow_the_same_trajectory(activation: str, loss: str, optimizer: Optimizer) -> None:
    rng = np.random.default_rng(11)
    labels_in, labels_out = np.array(BLOCK.blocks[0]), np.array(BLOCK.blocks[-1])
    x = rng.standard_normal((2, 3))[labels_in]
    y = rng.uniform(0.0, 1.0, (2, 3))[labels_out]
    net = Network(tuple(len(b) for b in BLOCK.blocks), activation, loss)
    full = [step.params for step in train(net, BLOCK.params(), x, y, optimizer, steps=20)]
    quotient = _quotient_trajectory(BLOCK, x, y, optimizer, activation, loss, 20)
    for a, b in zip(full, quotient):
        scale = max(float(np.max(np.abs(p))) for p in a.arrays())
        worst = max(float(np.max(np.abs(p - q))) for p, q in zip(a.arrays(), b.arrays()))
        assert worst <= TRAJECTORY_RTOL * scale


def test_quotient_equals_the_full_symbolic_network_at_concrete_widths() -> None:
    """With n substituted, the quotient's step is the step of the full network with that many copies per block."""
    blocks = (2, 2, 1)
    sizes = ((1, 2), (2, 1), (3,))
    quotient = quotient_network(blocks)
    zero = sp.Integer(0)
    params = SymbolicParams(
        tuple(
            from_rows([block_constant(l, r, zero, c, zero) for c in range(blocks[l])] for r in range(blocks[l - 1]))
            for l in (1, 2)
        ),
        tuple(from_rows([sp.Symbol(f"b{l}[{c}]")] for c in range(blocks[l])) for l in (1, 2)),
    )
    x, y = inputs(2, 1), targets(1, 1)
    step = quotient.train(params, x, y, steps=2)[-1].params
    labels = [[r for r, n in enumerate(layer) for _ in range(n)] for layer in sizes]
    full_net = SymbolicNetwork(tuple(len(lab) for lab in labels))
    full_params = SymbolicParams(
        tuple(w.extract(labels[l], labels[l + 1]) for l, w in enumerate(params.weights)),
        tuple(b.extract(labels[l + 1], [0]) for l, b in enumerate(params.biases)),
    )
    full_step = full_net.train(full_params, x.extract(labels[0], [0]), y.extract(labels[-1], [0]), steps=2)[-1].params
    values = {multiplicity(l, r): n for l, layer in enumerate(sizes) for r, n in enumerate(layer)}
    assert quotient.tape is not None and full_net.tape is not None
    for l, w in enumerate(step.weights):
        for i, r in enumerate(labels[l]):
            for j, c in enumerate(labels[l + 1]):
                q = quotient.tape.inline(w[r, c]).xreplace(values)
                f = full_net.tape.inline(full_step.weights[l][i, j])
                assert q == f or sp.simplify(q - f) == 0


def test_block_invariance_holds_for_every_width() -> None:
    proof = block_invariance()
    assert proof.holds, proof.evidence
    assert all(proof.evidence["inductive_steps"].values())
    json.dumps(proof.evidence)


def test_a_start_that_is_not_block_constant_is_not_proven() -> None:
    """W_1 depending on the neuron within its block (an undefined omega(i, j)) makes the step index-dependent."""
    omega = sp.Function("omega")

    def weight(l: int, r: int, i: sp.Expr, c: int, j: sp.Expr) -> sp.Expr:
        return omega(i, j) if l == 1 else block_constant(l, r, i, c, j)

    found = concrete_invariance((1, 2, 1), batch=1, weight=weight)
    assert "W1[0,0]" in found["index_dependent"]
    steps = inductive_step(block_constant_weights=False)
    assert not steps["forward z_l and a_l = sigma(z_l)"] and not steps["backward delta_l"]
    assert not steps["sgd update of W_l"] and not steps["elementwise update (U, V)(theta, g, s) of W_l"]
    assert steps["output delta, mse"]  # the losses do not involve the weights
    found = induction.lemmas(block_constant_weights=False)
    assert not found["forward z_l and a_l = sigma(z_l)"].free and not found["sgd update of W_l"].free


def test_biases_that_are_not_block_constant_are_not_proven() -> None:
    """b_l depending on the neuron within its block (Beta(c, j)): the forward pass and the bias updates depend on j."""
    found = induction.lemmas(block_constant_biases=False)
    for name in (
        "forward z_l and a_l = sigma(z_l)",
        "sgd update of b_l",
        "elementwise update (U, V)(theta, g, s) of b_l",
    ):
        assert not found[name].free and not found[name].holds, name
    assert found["sgd update of W_l"].holds and found["bias gradient dL/db_l"].holds


def _block_sum(s: induction.Symbols, term: Any) -> sp.Expr:
    c = sp.Symbol("c", integer=True, positive=True)
    return sp.Sum(term(c), (c, 1, s.k))


# Two wrong output deltas that a test of index-freeness alone would accept: neither contains the index j.
WRONG_DELTAS = {
    "mse": lambda s: 7 * (SIGMA(s.Z[s.c0, s.k0]) + s.y[s.c0, s.k0]) / s.batch,
    "softmax cross-entropy": lambda s: (
        (sp.exp(s.Z[s.c0, s.k0]) * _block_sum(s, lambda c: s.n[c] * s.y[c, s.k0]) + s.y[s.c0, s.k0]) * 3
    ),
}


@pytest.mark.parametrize("loss", sorted(WRONG_DELTAS))
def test_a_wrong_output_delta_is_not_proven(monkeypatch: pytest.MonkeyPatch, loss: str) -> None:
    """The output deltas are derived with diff and compared with the quotient's formula: a wrong formula fails."""
    monkeypatch.setitem(induction.OUTPUT_DELTAS, loss, WRONG_DELTAS[loss])
    proof = block_invariance(cases=())
    assert not proof.holds
    assert not proof.evidence["inductive_steps"][f"output delta, {loss}"]
    assert sum(not v for v in proof.evidence["inductive_steps"].values()) == 1


def test_a_wrong_loss_derives_a_delta_that_differs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The derivation is real: the mse loss without its square derives a delta that is not the quotient's."""
    real = induction._losses

    def losses(s: induction.Symbols) -> dict[str, sp.Expr]:
        found = real(s)
        found["mse"] = found["mse"].replace(lambda e: e.is_Pow and e.exp == 2, lambda e: e.base)
        return found

    monkeypatch.setattr(induction, "_losses", losses)
    assert not induction.inductive_step()["output delta, mse"]


def test_the_softmax_delta_matches_the_two_block_prototype() -> None:
    """With K = 2 blocks: delta for a neuron of block 1 is n_2 (y_2 e^Z1 - y_1 e^Z2) / (B (n_1 e^Z1 + n_2 e^Z2))."""
    s = induction.Symbols()
    derived = induction.lemmas()["output delta, softmax cross-entropy"].derived[0]
    two = derived.xreplace({s.k: 2, s.c0: 1}).doit()
    z1, z2, y1, y2, n1, n2 = (s.Z[1, s.k0], s.Z[2, s.k0], s.y[1, s.k0], s.y[2, s.k0], s.n[1], s.n[2])
    prototype = n2 * (y2 * sp.exp(z1) - y1 * sp.exp(z2)) / (s.batch * (n1 * sp.exp(z1) + n2 * sp.exp(z2)))
    assert sp.simplify(two - prototype) == 0


def test_every_lemma_is_derived_free_of_the_index_within_a_block() -> None:
    s = induction.Symbols()
    for name, found in induction.lemmas().items():
        assert found.holds, name
        assert not {s.i0, s.j0} & found.derived.free_symbols, name


def test_a_delta_outside_the_stated_ranges_is_not_summed_out() -> None:
    """Without the hypothesis j0 <= n[c0] (the entry exists), the Kronecker delta cannot be summed out."""
    s = induction.Symbols()
    loss = induction._losses(s)["mse"]
    with pytest.raises(UnprovenGuard):
        collapse(sp.diff(loss, s.z[s.c0, s.j0, s.k0]), [h for h in s.ranges if h != sp.Le(s.j0, s.n[s.c0])])


def test_multiplicities_are_positive_integers() -> None:
    n = multiplicity(2, 1)
    assert n.is_positive and n.is_integer and str(n) == "n2_1"
