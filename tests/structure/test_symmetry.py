"""The predictor: known cases, the universal invariance over block inits, and generic sharpness."""

from __future__ import annotations

from typing import Literal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from symproof import SGD, Network, Params, Structure, train
from symproof.claims.experiment import BIASES, TOPOLOGY
from symproof.engine.inits import BiasInit, WeightInit
from symproof.search.scenario import Diverged, Scenario
from symproof.search.space import scenarios
from symproof.structure.symmetry import classes_within, measured_classes, predict, structure_of


def test_seed_experiment_prediction() -> None:
    params = Params.constant(TOPOLOGY, weights=0.0, biases=BIASES)
    x, y = np.random.default_rng(0).standard_normal((5, 1)), np.ones((2, 1))
    prediction = predict(params, x, y)
    assert prediction.classes == (((0,), (1,), (2,), (3,), (4,)), ((0, 1, 2, 3),), ((0, 1, 2),), ((0, 1),), ((0, 1),))
    assert [prediction.pattern(l) for l in range(1, 5)] == [Structure.ROW_EQUAL] + [Structure.CONSTANT] * 3
    assert prediction.zero_until == (3, 2, 1, 0)


def test_distinct_targets_split_the_outputs_only() -> None:
    params = Params.constant((3, 2, 2), weights=0.5, biases=0.1)
    x = np.random.default_rng(1).standard_normal((3, 2))
    prediction = predict(params, x, np.array([[0.2, 0.3], [0.9, 0.1]]))
    assert prediction.classes[1] == ((0, 1),)
    assert prediction.classes[2] == ((0,), (1,))
    assert prediction.pattern(2) is Structure.COLUMN_EQUAL
    assert prediction.zero_until == (0, 0)


def test_equal_input_rows_are_interchangeable_inputs() -> None:
    params = Params.constant((3, 2, 1), weights=0.5)
    x = np.array([[1.0, 2.0], [1.0, 2.0], [0.0, 1.0]])
    assert predict(params, x, np.ones((1, 2))).classes[0] == ((0, 1), (2,))


def test_structure_names() -> None:
    assert structure_of(((0, 1),), ((0,), (1,))) is Structure.COLUMN_EQUAL
    assert structure_of(((0,), (1,)), ((0, 1),)) is Structure.ROW_EQUAL
    assert structure_of(((0,), (1,)), ((0,), (1,))) is None


@settings(max_examples=200)
@given(scenarios(block=True, max_steps=50))
def test_predicted_equalities_hold_at_every_step(scenario: Scenario) -> None:
    params, x, y, _ = scenario.build()
    prediction = predict(params, x, y)
    try:
        steps = scenario.run()
    except Diverged:
        return
    for step in steps:
        for check in prediction.checks(step.params, step.forward):
            assert check, (check, scenario)


@settings(max_examples=200)
@given(scenarios(block=True, generic_blocks=True, min_steps=3, max_steps=20))
def test_no_equality_beyond_the_prediction(scenario: Scenario) -> None:
    params, x, y, _ = scenario.build()
    try:
        last = scenario.run()[-1].params
    except Diverged:
        return
    assert measured_classes(last, scenario.network().forward(last, x)) == predict(params, x, y).classes


@given(st.integers(2, 5), st.integers(0, 2**32 - 1))
def test_zero_matrices_stay_zero_for_the_predicted_number_of_steps(depth: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    kinds: list[Literal["zero", "random"]] = ["zero" if z else "random" for z in rng.integers(0, 2, size=depth)]
    scenario = Scenario(
        topology=tuple(int(n) for n in rng.integers(1, 4, size=depth + 1)),
        weights=tuple(WeightInit(k) for k in kinds),
        biases=(BiasInit("random"),) * depth,
        seed=seed,
        steps=depth,
        lr=0.3,
    )
    params, x, y, _ = scenario.build()
    prediction = predict(params, x, y)
    for k, step in enumerate(scenario.run(), start=1):
        for l, w in enumerate(step.params.weights):
            if k <= prediction.zero_until[l]:
                assert not np.any(w), (k, l, scenario)


def test_a_partly_zero_matrix_is_not_zero() -> None:
    """W_1 = 0, W_2 partly zero, W_3 = 0: only W_1 waits, and only for W_3 (by hand: zero_until = (1, 0, 0))."""
    rng = np.random.default_rng(0)
    w2 = np.array([[0.0, 1.0], [0.0, 0.0]])
    biases = [rng.standard_normal((2, 1)), rng.standard_normal((2, 1)), rng.standard_normal((1, 1))]
    params = Params.from_arrays([np.zeros((2, 2)), w2, np.zeros((2, 1))], biases)
    x, y = rng.standard_normal((2, 3)), rng.standard_normal((1, 3))
    prediction = predict(params, x, y)
    assert prediction.zero_until == (1, 0, 0)
    steps = train(Network((2, 2, 2, 1), "tanh", "mse"), params, x, y, SGD(0.5), steps=2)
    for k, step in enumerate(steps, start=1):
        for l, w in enumerate(step.params.weights):
            if k <= prediction.zero_until[l]:
                assert not np.any(w), (k, l)
    assert np.any(steps[0].params.weights[1])  # W_2 was never zero: a bound of 1 step for it would be false
    assert np.any(steps[1].params.weights[0])  # and the bound for W_1 is tight: it moves at step 2


def test_classes_within_compares_every_column() -> None:
    part = np.array([[1.0, 2.0], [1.0, 5.0], [1.0, 2.0], [7.0, 2.0]])  # rows 0 and 2 agree everywhere
    for pairwise in (False, True):
        assert classes_within([part], 1e-9, pairwise=pairwise) == ((0, 2), (1,), (3,))


def test_classes_within_scales_each_part_by_its_largest_entry() -> None:
    # The part's largest |entry| is 4 (not its smallest, 0): rows within 1e-9 * 4 of each other are one class.
    for drift, joined in ((2**-50, True), (3e-9, True), (5e-9, False)):
        part = np.array([[4.0, 0.0], [4.0 + drift, 0.0], [0.0, 0.0]])
        expected = ((0, 1), (2,)) if joined else ((0,), (1,), (2,))
        assert classes_within([part], 1e-9) == expected, drift
    # Each part has its own scale: a part of large entries does not loosen the tolerance of a part of small ones.
    large, small = np.array([[1e6], [1e6], [1e6]]), np.array([[1.0], [1.0 + 1e-6], [1.0]])
    assert classes_within([large, small], 1e-9) == ((0, 2), (1,))


def test_classes_within_pairwise_scales_by_the_larger_row() -> None:
    part = np.array([[1.0, 0.0], [1.0 + 1e-12, 0.0], [1e-6, 0.0], [1e-6 + 1e-12, 0.0]])
    # Against the part's largest entry (1), a difference of 1e-12 is within 1e-9: two classes of two.
    assert classes_within([part], 1e-9) == ((0, 1), (2, 3))
    # Against the larger of the two rows, 1e-12 is within 1e-9 of 1 but not of 1e-6.
    assert classes_within([part], 1e-9, pairwise=True) == ((0, 1), (2,), (3,))


def test_pairwise_classes_scale_each_part_by_the_larger_row_of_the_pair() -> None:
    """Rows 0 and 1 differ by 0.9 in both parts; each part's larger row has size 1, so at tol 0.95 they are one class,
    though in each part the smaller row alone (size 0.1) would set too small a scale."""
    first, second = np.array([[1.0], [0.1]]), np.array([[0.1], [1.0]])
    assert classes_within([first, second], 0.95, pairwise=True) == ((0, 1),)
    assert classes_within([first, second], 0.85, pairwise=True) == ((0,), (1,))
