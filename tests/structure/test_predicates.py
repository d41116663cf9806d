"""Structure predicates: exactness, reported deviations, and the negative cases."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symproof import (
    Check,
    Forward,
    Network,
    Params,
    Structure,
    classify,
    is_block_constant,
    is_column_equal,
    is_constant,
    is_row_equal,
    is_zero,
    neurons_identical,
)
from symproof.structure.predicates import DEFAULT_TOL

values = st.floats(min_value=-1e150, max_value=1e150, allow_nan=False, allow_infinity=False)


def test_is_zero_is_exact() -> None:
    assert is_zero(np.zeros((2, 3)))
    assert is_zero(np.array([[-0.0, 0.0]]))
    check = is_zero(np.array([[0.0, 1e-300]]))
    assert not check and check.deviation == 1e-300


@pytest.mark.parametrize(
    ("matrix", "structure"),
    [
        ([[0.0, 0.0], [0.0, 0.0]], Structure.ZERO),
        ([[2.0, 2.0], [2.0, 2.0]], Structure.CONSTANT),
        ([[1.0, 1.0, 1.0], [-3.0, -3.0, -3.0]], Structure.ROW_EQUAL),
        ([[1.0, -3.0], [1.0, -3.0], [1.0, -3.0]], Structure.COLUMN_EQUAL),
        ([[1.0, 2.0], [3.0, 4.0]], Structure.UNSTRUCTURED),
    ],
)
def test_classify_names_the_most_specific_structure(matrix: list[list[float]], structure: Structure) -> None:
    assert classify(np.array(matrix)) is structure


def test_deviation_is_reported_and_compared_relative_to_scale() -> None:
    m = np.array([[4.0, 4.0 + 4e-10], [4.0, 4.0]])
    check = is_constant(m)
    assert check.deviation == pytest.approx(4e-10, rel=1e-6)
    assert check.scale == pytest.approx(4.0 + 4e-10)
    assert check.relative == pytest.approx(1e-10, rel=1e-5)
    assert not check and check.tol == DEFAULT_TOL[np.dtype(np.float64)] == 0.0  # the default is exact equality
    assert is_constant(m, tol=1e-9)
    assert not is_constant(m, tol=1e-11)


@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(2, 6), cols=st.integers(2, 6))
def test_generic_matrix_has_no_structure(seed: int, rows: int, cols: int) -> None:
    m = np.random.default_rng(seed).standard_normal((rows, cols))
    assert classify(m) is Structure.UNSTRUCTURED
    for check in (is_zero(m), is_constant(m), is_row_equal(m), is_column_equal(m)):
        assert not check
    halves = [list(range(rows // 2)), list(range(rows // 2, rows))]
    assert not is_block_constant(m, halves, [list(range(cols))])


@given(column=st.lists(values, min_size=1, max_size=5), cols=st.integers(2, 5))
def test_row_equal_is_column_equal_only_when_constant(column: list[float], cols: int) -> None:
    m = np.repeat(np.array(column)[:, None], cols, axis=1)
    assert is_row_equal(m, tol=0.0) and is_row_equal(m, tol=0.0).deviation == 0.0
    assert bool(is_column_equal(m, tol=0.0)) == (len(set(column)) == 1)
    assert bool(is_column_equal(m.T, tol=0.0))


@given(data=st.data())
def test_block_constant_holds_exactly_and_breaks_on_one_entry(data: st.DataObject) -> None:
    rows = data.draw(st.lists(st.integers(0, 2), min_size=1, max_size=6))
    cols = data.draw(st.lists(st.integers(0, 2), min_size=1, max_size=6))
    table = np.array(data.draw(st.lists(st.lists(values, min_size=3, max_size=3), min_size=3, max_size=3)))
    m = table[np.ix_(rows, cols)]
    row_blocks = [[i for i, r in enumerate(rows) if r == k] for k in sorted(set(rows))]
    col_blocks = [[j for j, c in enumerate(cols) if c == k] for k in sorted(set(cols))]
    check = is_block_constant(m, row_blocks, col_blocks, tol=0.0)
    assert check and check.deviation == 0.0
    i, j = data.draw(st.integers(0, len(rows) - 1)), data.draw(st.integers(0, len(cols) - 1))
    broken = m.copy()
    broken[i, j] += 1e-6 * np.abs(m).max() or 1.0  # a relative change of 1e-6 of the matrix's scale
    row_block = next(block for block in row_blocks if i in block)
    col_block = next(block for block in col_blocks if j in block)
    alone = len(row_block) == 1 and len(col_block) == 1
    assert bool(is_block_constant(broken, row_blocks, col_blocks, tol=1e-9)) == alone


def test_neurons_identical_for_constant_and_random_layers() -> None:
    rng = np.random.default_rng(5)
    net = Network((3, 4, 2), "tanh", "mse")
    x = rng.standard_normal((3, 6))
    constant = net.forward(Params.constant(net.topology, weights=0.3, biases=-0.2), x)
    random = net.forward(Params.normal(net.topology, rng), x)
    assert neurons_identical(constant, 1, tol=0.0) and neurons_identical(constant, 2, tol=0.0)
    assert not neurons_identical(random, 1)
    assert not neurons_identical(constant, 0)  # the inputs differ
    check = neurons_identical(random, 1, blocks=[[0], [1], [2], [3]], tol=0.0)
    assert check and check.deviation == 0.0


def test_neurons_identical_within_blocks() -> None:
    w1 = np.array([[1.0, 1.0, 2.0], [0.5, 0.5, -1.0]])
    params = Params.from_arrays([w1, np.ones((3, 1))], [np.zeros((3, 1)), np.zeros((1, 1))])
    forward = Network((2, 3, 1), "relu", "mse").forward(params, np.array([[1.0, -2.0], [3.0, 0.5]]))
    assert neurons_identical(forward, 1, [[0, 1], [2]], tol=0.0)
    assert not neurons_identical(forward, 1, [[0, 2], [1]])


@pytest.mark.parametrize("blocks", [[[0, 1]], [[0, 1, 2], [2, 3]], [[0, 1, 2, 3, 4]], [[], [0, 1, 2, 3]]])
def test_bad_partitions_are_rejected(blocks: list[list[int]]) -> None:
    with pytest.raises(ValueError, match="row_blocks"):
        is_block_constant(np.zeros((4, 2)), blocks, None)


@pytest.mark.parametrize("blocks", ["0123", b"\x00\x01\x02\x03"])
def test_a_string_is_not_a_partition(blocks: object) -> None:
    """Bytes iterate as small integers and would pass as [[0], [1], [2], [3]]: they are refused as a whole."""
    with pytest.raises(TypeError, match="row_blocks must be a sequence of blocks of indices"):
        is_block_constant(np.zeros((4, 2)), blocks, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_default_tolerance_is_exact_in_every_dtype(dtype: type) -> None:
    """The default bound is 0 (bitwise equality, symproof.structure.predicates): one ulp apart is not equal."""
    base: np.ndarray = np.full((3, 3), 0.7, dtype=dtype)
    assert is_constant(base)
    m = base.copy()
    m[1, 2] = np.nextafter(m[1, 2], np.inf)
    check = is_constant(m)
    assert not check and check.tol == 0.0 and check.deviation > 0.0


def test_one_large_group_does_not_hide_a_small_one() -> None:
    assert classify(np.array([[1e10, 1e10], [1.0, 2.0]])) is Structure.UNSTRUCTURED
    w1 = np.array([[1.0, 1.0], [1.0, 2.0]])
    params = Params.from_arrays([w1], [np.zeros((2, 1))])
    forward = Network((2, 2), "identity", "mse").forward(params, np.array([[1e10, 0.0], [0.0, 1.0]]))
    check = neurons_identical(forward, 1)
    assert not check
    assert check.deviation == 1.0


def test_neurons_identical_looks_at_pre_activations_and_activations() -> None:
    params = Params.from_arrays([np.array([[1.0, 2.0]])], [np.zeros((2, 1))])
    dead = Network((1, 2), "relu", "mse").forward(params, np.array([[-1.0]]))
    assert np.array_equal(dead.a(1), np.zeros((2, 1)))
    assert not neurons_identical(dead, 1)  # equal activations, different pre-activations
    same_z = Network((1, 2), "relu", "mse").forward(Params.from_arrays([np.ones((1, 2))], [np.zeros((2, 1))]), [[1.0]])
    forged = Forward(same_z.zs, (same_z.a(0), np.array([[1.0], [0.5]])), same_z.params)
    assert not neurons_identical(forged, 1)  # equal pre-activations, different activations


def test_integer_matrices_are_compared_as_reals() -> None:
    assert classify(np.array([[-128, 127]], dtype=np.int8)) is Structure.COLUMN_EQUAL
    assert not is_constant(np.array([[-128, 127]], dtype=np.int8))
    assert is_zero(np.array([[-128]], dtype=np.int8)).deviation == 128.0


@pytest.mark.parametrize(("relative", "identical"), [(1e-7, False), (1e-13, True)])
def test_neuron_tolerance_is_relative_to_the_terms(relative: float, identical: bool) -> None:
    params = Params.from_arrays([np.array([[1.0, 1.0 + relative]])], [np.zeros((2, 1))])
    forward = Network((1, 2), "identity", "mse").forward(params, np.array([[1.0]]))
    check = neurons_identical(forward, 1, tol=1e-9)
    assert bool(check) is identical
    assert check.scale == pytest.approx(1.0 + relative)
    assert not neurons_identical(forward, 1)  # the default is exact


def test_block_constancy_against_the_terms_behind_each_entry() -> None:
    # A row that is 0 in exact arithmetic but picked up 2.8e-17 of rounding from terms of size 0.2.
    noisy = np.array([[1.0, 1.0], [0.0, 2.8e-17]])
    assert not is_block_constant(noisy, [[0], [1]], [[0, 1]], tol=1e-9).holds
    check = is_block_constant(noisy, [[0], [1]], [[0, 1]], scale=np.full((2, 2), 0.2), tol=1e-9)
    assert check.holds and check.scale == 0.2 and check.deviation == 2.8e-17
    assert not is_block_constant(np.array([[1.0, 2.0]]), None, [[0, 1]], scale=np.full((1, 2), 0.2)).holds
    with pytest.raises(ValueError, match="scale must have the shape of m"):
        is_block_constant(noisy, [[0], [1]], [[0, 1]], scale=np.ones((1, 2)))


def test_a_failing_check_reports_the_group_that_fails() -> None:
    # Row 0 holds relative to its scale (1e-7 / 1000 = 1e-10 <= 1e-9) though its deviation exceeds 1e-9 in absolute
    # terms; row 1 fails (1e-12 / 2e-12 = 0.5). The Check must report row 1's deviation and scale, by hand.
    m = np.array([[1000.0, 1000.0 + 1e-7], [1e-12, 2e-12]])
    for check in (is_row_equal(m, tol=1e-9), is_block_constant(m, [[0], [1]], None, tol=1e-9)):
        assert not check.holds
        assert check.deviation == pytest.approx(1e-12, rel=1e-12)
        assert check.scale == 2e-12
        assert check.relative == pytest.approx(0.5, rel=1e-12)
        assert check.tol == 1e-9
    # The worst of several failing groups, relative to their own scales: row 2 (relative 1) over row 1 (0.5).
    worst = is_row_equal(np.array([[1000.0, 1000.0 + 1e-7], [1e-12, 2e-12], [-3.0, 3.0]]), tol=1e-9)
    assert not worst and worst.deviation == 6.0 and worst.scale == 3.0


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0, 0), (3,), (2, 2, 2)])
@pytest.mark.parametrize("predicate", [is_zero, is_constant, is_row_equal, is_column_equal, classify])
def test_a_matrix_that_is_empty_or_not_2d_is_named(predicate: Any, shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match=rf"must be a non-empty 2-D array; got shape {re.escape(str(shape))}"):
        predicate(np.zeros(shape))


def test_a_check_built_from_numpy_booleans_is_truthy_as_a_bool() -> None:
    """Users build Checks from numpy comparisons: bool() of one must work (a __bool__ returning np.bool_ raises)."""
    assert bool(Check("numpy", np.bool_(True), 0.0, 0.0, 0.0)) is True  # type: ignore[arg-type]
    assert bool(Check("numpy", np.float64(1.0) > 2.0, 0.0, 0.0, 0.0)) is False  # type: ignore[arg-type]
