"""General claims: the lemma (equivariance), the theorem (block invariance), its sharpness, and symmetry breakers."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from symproof.claims._common import SMOOTH_AND_LIVE, hidden_collapsed
from symproof.inits import BiasInit, WeightInit
from symproof.params import Params
from symproof.scenario import Scenario
from symproof.strategies import scenarios
from symproof.structure import Check
from symproof.symmetry import measured_classes, predict
from symproof.verdict import Claim, all_of

# Permuting hidden units reorders the sums in W^T a; the results then differ by rounding only. 1e-9 of the largest
# gradient entry is the float64 default tolerance of symproof.structure (docs/tolerances.md).
EQUIVARIANCE_TOL = 1e-9


def _equivariance(s: Scenario) -> Check | bool:
    params, x, y, _ = s.build()
    rng = np.random.default_rng(s.seed + 1)
    perms = [rng.permutation(n) for n in s.topology]

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
    return all_of("block-invariance", [c for step in s.run() for c in prediction.checks(step.params, step.forward)])


def _final_classes(s: Scenario) -> tuple[tuple[tuple[int, ...], ...], ...]:
    x = s.build()[1]
    last = s.run()[-1].params
    return measured_classes(last, s.network().forward(last, x))


def _exact_structure(s: Scenario) -> Check | bool:
    params, x, y, _ = s.build()
    return _final_classes(s) == predict(params, x, y).classes


def _distinct_targets(s: Scenario) -> Check | bool:
    steps = s.run()
    outputs = _final_classes(s)[-1]
    if any(len(block) > 1 for block in outputs):
        return False
    return all_of("hidden-collapsed", [hidden_collapsed(step) for step in steps])


def _all_random(depth: int) -> st.SearchStrategy[tuple[WeightInit, ...]]:
    return st.just((WeightInit("random"),) * depth)


def _constants(depth: int) -> st.SearchStrategy[tuple[WeightInit, ...]]:
    return st.tuples(*[st.floats(-2.0, 2.0).map(lambda c: WeightInit("constant", c))] * depth)


def _constant_biases(depth: int) -> st.SearchStrategy[tuple[BiasInit, ...]]:
    return st.tuples(*[st.floats(-1.0, 1.0).map(lambda c: BiasInit("constant", c))] * depth)


CLAIMS = [
    Claim(
        "gen.equivariance",
        "The gradient map commutes with permutations of the neurons of every layer (with inputs and targets "
        "permuted alike): grad(P theta) = P grad(theta).",
        "universal",
        lambda: scenarios(weights=_all_random, biases=lambda d: st.just((BiasInit("random"),) * d)),
        _equivariance,
        expected="verified",
    ),
    Claim(
        "gen.block-invariance",
        "Any block-constant start stays block-constant, with identical neurons inside each block, for every "
        "elementwise optimizer, batch and permutation-invariant loss.",
        "universal",
        lambda: scenarios(block=True, max_steps=50),
        _block_invariance,
        expected="verified",
    ),
    Claim(
        "gen.exact-structure",
        "With generic (continuous random) block values and data, nothing more symmetric than predicted appears: "
        "after training, the classes of identical neurons are exactly the predicted ones.",
        "generic",
        lambda: scenarios(block=True, generic_blocks=True, min_steps=3, max_steps=20),
        _exact_structure,
        expected="verified",
    ),
    Claim(
        "gen.distinct-targets",
        "Distinct targets separate the output neurons of a constant start, but every hidden layer stays collapsed.",
        "generic",
        lambda: scenarios(
            weights=_constants, biases=_constant_biases, target_modes=["distinct"], topology=None, min_steps=2
        ),
        _distinct_targets,
        expected="conditional",
        condition=SMOOTH_AND_LIVE,
    ),
]
