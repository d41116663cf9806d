"""General claims: the lemma (equivariance), the theorem (block invariance), its sharpness, and symmetry breakers."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from hypothesis import strategies as st

from symproof.claims._common import (
    LIVE_WITH_ERROR,
    LIVE_WITH_ERROR_WITHIN,
    NOT_SOFTMAX,
    SMOOTH_AND_LIVE,
    SMOOTH_AND_LIVE_WITHIN,
    hidden_collapsed,
    within,
)
from symproof.engine.inits import BiasInit, WeightInit
from symproof.engine.network import Network
from symproof.engine.params import Params
from symproof.engine.training import rounding_scale, train
from symproof.search.scenario import Scenario
from symproof.search.space import scenarios
from symproof.search.strategies import topologies
from symproof.structure.predicates import Check
from symproof.structure.symmetry import classes_within, measured_classes, predict, signatures
from symproof.symbolic.ref import ProofRef
from symproof.verdict.claim import Claim, Condition
from symproof.verdict.searched import Search, all_of

# Permuting neurons permutes the terms of every sum. The reproducible arithmetic rounds each sum correctly, so the
# result does not depend on the order of its terms: grad(P theta) and P grad(theta) are bitwise equal, and the
# rounding bound of their difference is 0 (symproof.engine.fp).
EQUIVARIANCE_TOL = 0.0


def _equivariance(s: Scenario) -> Check | bool:
    params, x, y, _ = s.build()
    rng = np.random.default_rng(s.seed + 1)
    perms = [rng.permutation(n) for n in s.topology]
    if all(np.array_equal(p, np.arange(len(p))) for p in perms):
        return Check.vacuous_example("every permutation drawn is the identity")

    def permute(p: Params) -> Params:
        ws = [w[np.ix_(perms[l], perms[l + 1])] for l, w in enumerate(p.weights)]
        return Params.from_arrays(ws, [b[perms[l + 1]] for l, b in enumerate(p.biases)])

    net = s.network()
    moved = net.gradient(permute(params), x[perms[0]], y[perms[-1]]).grads
    expected = permute(net.gradient(params, x, y).grads)
    scale = max(float(np.max(np.abs(g))) for g in expected.arrays())
    deviation = max(float(np.max(np.abs(a - b))) for a, b in zip(moved.arrays(), expected.arrays()))
    return Check("equivariance", deviation <= EQUIVARIANCE_TOL * scale, deviation, scale, EQUIVARIANCE_TOL)


def _block_invariance(s: Scenario) -> Check | bool:
    params, x, y, _ = s.build()
    prediction = predict(params, x, y)
    if all(len(block) == 1 for layer in prediction.classes for block in layer):
        return Check.vacuous_example("no two neurons share a class: no equality is predicted")
    return all_of("block-invariance", [c for step in s.run() for c in prediction.checks(step.params, step.forward)])


# How far a start one ulp from symmetric may drift, relative to each block's size, for "stays nearly symmetric":
# about 4.5e9 times the perturbation (one ulp of 1.0 is 2.2e-16).
NEARLY_SYMMETRIC = 1e-6


def _nudged_stays_close(s: Scenario) -> Check | bool:
    """Return whether a constant start with one weight of W_L moved to the next float stays nearly symmetric."""
    params, x, y, _ = s.build()
    prediction = predict(params, x, y)
    weights = [np.array(w) for w in params.weights]
    weights[-1][0, 0] = np.nextafter(weights[-1][0, 0], np.inf)
    previous = Params.from_arrays(weights, params.biases)
    net, optimizer, checks = s.network(), s.make_optimizer(), []
    for step in train(net, previous, x, y, optimizer, steps=s.steps):
        # Each block is compared against the size of the terms its parameters were computed from, so that a bias
        # near 0 is not judged by its own tiny size.
        scale = rounding_scale(net, step, previous, y, optimizer)
        checks += prediction.checks(step.params, tol=NEARLY_SYMMETRIC, scale=scale)
        previous = step.params
    return all_of("nearly-symmetric", checks)


def _final_classes(s: Scenario) -> tuple[tuple[tuple[int, ...], ...], ...]:
    x = s.build()[1]
    last = s.run()[-1].params
    return measured_classes(last, s.network().forward(last, x))


def _own_classes(params: Params, layer: int, tol: float) -> tuple[tuple[int, ...], ...]:
    """Return the neurons of `layer` whose incoming weights, bias and outgoing weights agree within `tol` (per pair).

    Applied to gradients (a Params too), it compares the neurons' gradients.
    """
    return classes_within(signatures(params)[layer], tol, pairwise=True)


def _exact_structure(s: Scenario) -> Check | bool:
    params, x, y, _ = s.build()
    predicted = predict(params, x, y).classes
    if _final_classes(s) != predicted:
        return False
    # Sharpness of every matrix too: neurons of different classes differ in their own weights, not only through
    # the data (inputs of different classes must not end with equal rows of W_1, for instance).
    last = s.run()[-1].params
    return all(_own_classes(last, l, 0.0) == predicted[l] for l in range(s.depth + 1))


def _distinct_targets(s: Scenario) -> Check | bool:
    steps = s.run()
    outputs = _final_classes(s)[-1]
    if any(len(block) > 1 for block in outputs):
        return False
    return all_of("hidden-collapsed", [hidden_collapsed(step) for step in steps])


def _single(net: Network, params: Params, x: Any, y: Any, masks: tuple[Any, ...], k: int) -> Params:
    """Return the gradient of example k alone, under its own dropout masks."""
    return net.gradient(params, x[:, [k]], y[:, [k]], masks=[m[:, [k]] for m in masks]).grads


def _dropout_classes(s: Scenario) -> Check | bool:
    if max(s.topology[1:-1], default=1) < 2:
        return Check.vacuous_example("no hidden layer of two neurons: no pair for dropout to split")
    (step,) = s.run()
    params, x, y, _ = s.build()
    net = s.network()
    for l in range(1, s.depth):
        # A mask entry only matters where the backward signal of its example reaches layer l: delta_{l+1} != 0.
        live = [k for k in range(s.batch) if np.any(_single(net, params, x, y, step.masks, k).biases[l])]
        history = step.masks[l - 1][:, live] if live else np.zeros((s.topology[l], 1))
        _, labels = np.unique(history, axis=0, return_inverse=True)
        flat = labels.ravel()
        by_mask = tuple(sorted(tuple(i for i, k in enumerate(flat) if k == label) for label in set(flat)))
        # Neurons dropped alike get bitwise equal gradients (the reproducible arithmetic's bound,
        # symproof.structure.predicates); neurons dropped differently get gradients that are not even bitwise equal.
        if _own_classes(step.grads, l, 0.0) != by_mask:
            return False
    return True


def _all_random(depth: int) -> st.SearchStrategy[tuple[WeightInit, ...]]:
    return st.just((WeightInit("random"),) * depth)


def _constants(depth: int) -> st.SearchStrategy[tuple[WeightInit, ...]]:
    return st.tuples(*[st.floats(-2.0, 2.0).map(lambda c: WeightInit("constant", c))] * depth)


def _constant_biases(depth: int) -> st.SearchStrategy[tuple[BiasInit, ...]]:
    return st.tuples(*[st.floats(-1.0, 1.0).map(lambda c: BiasInit("constant", c))] * depth)


def _nonzero_constants(depth: int) -> st.SearchStrategy[tuple[WeightInit, ...]]:
    value = st.floats(-2.0, 2.0).filter(lambda c: abs(c) > 1e-3)
    return st.tuples(*[value.map(lambda c: WeightInit("constant", c))] * depth)


def _distinct_space(**under: Any) -> st.SearchStrategy[Scenario]:
    return scenarios(
        weights=_constants, biases=_constant_biases, targets=["distinct"], topology=None, min_steps=2, **under
    )


def _dropout_space(**under: Any) -> st.SearchStrategy[Scenario]:
    return scenarios(
        topology=topologies(min_depth=2),  # at least one hidden layer: without one, dropout drops nothing
        weights=_nonzero_constants,
        biases=_constant_biases,
        min_steps=1,
        max_steps=1,
        max_lr=0.5,
        max_batch=1,  # with several examples, one example's share of a gradient can be lost in the batch sum
        **under,
    ).flatmap(lambda s: st.sampled_from([0.5, 0.1, 0.9]).map(lambda p: replace(s, dropout=p)))


CLAIMS = [
    Claim(
        "gen.equivariance",
        "The gradient map commutes with permutations of the neurons of every layer (with inputs and targets "
        "permuted alike): grad(P theta) = P grad(theta).",
        "universal",
        Search(
            lambda: scenarios(weights=_all_random, biases=lambda d: st.just((BiasInit("random"),) * d)), _equivariance
        ),
        proof=ProofRef("equivariance", quick=(("cases", ((2, 2, 2), (2, 3, 2), (3, 2, 2))),)),
    ),
    Claim(
        "gen.block-invariance",
        "Any block-constant start stays block-constant, with identical neurons inside each block, for every "
        "elementwise optimizer, batch and permutation-invariant loss (in exact arithmetic, and bit for bit in the "
        "reproducible floating-point arithmetic).",
        "universal",
        Search(lambda: scenarios(block=True, max_steps=50), _block_invariance),
        proof=ProofRef("block_invariance", quick=(("cases", ((2, 2, 2), (1, 2, 2, 1))),)),
    ),
    Claim(
        "gen.adam-rounding",
        "Adam keeps a nearly symmetric start nearly symmetric: with nonzero constant weights, biases constant per "
        "layer, softmax cross-entropy and targets equal across outputs (so that the exact gradient of the output "
        "layer is zero), moving one weight of the last matrix to the next float leaves "
        "every predicted equality within 1e-6 of the size of the terms behind each parameter, after every step.",
        "universal",
        Search(
            lambda: scenarios(
                weights=_nonzero_constants,  # one ulp of a zero weight is not small relative to it
                biases=_constant_biases,
                loss=st.just("softmax_ce"),
                targets=["equal"],
                optimizer=["adam"],
                max_steps=20,
            ),
            _nudged_stays_close,
        ),
        figures=("adam_rounding.png",),
    ),
    Claim(
        "gen.exact-structure",
        "With generic (continuous random) block values and data, nothing more symmetric than predicted appears: "
        "after training, the classes of identical neurons are exactly the predicted ones.",
        "generic",
        Search(lambda: scenarios(block=True, generic_blocks=True, min_steps=3, max_steps=20), _exact_structure),
    ),
    Claim(
        "gen.distinct-targets",
        "Distinct targets separate the output neurons of a constant start, but every hidden layer stays collapsed.",
        "generic",
        Search(_distinct_space, _distinct_targets, within=within(_distinct_space, **SMOOTH_AND_LIVE_WITHIN)),
        condition=SMOOTH_AND_LIVE,
    ),
    Claim(
        "gen.dropout",
        "Dropout breaks the symmetry of a constant start: in the first step on one example, two neurons of a hidden "
        "layer get the same gradients exactly when they were dropped alike (or no gradient reached their layer).",
        "generic",
        Search(
            _dropout_space, _dropout_classes, within=within(_dropout_space, loss=NOT_SOFTMAX, **LIVE_WITH_ERROR_WITHIN)
        ),
        condition=Condition(
            LIVE_WITH_ERROR.name + ", and a loss other than softmax cross-entropy (its output gradients sum to zero, "
            "so a constant last layer sends no signal back at all)",
            lambda s: LIVE_WITH_ERROR(s) and s.loss != "softmax_ce",
        ),
    ),
]
