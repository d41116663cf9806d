"""Params: the layout of every builder, private read-only copies, per-layer specs, dtypes, defaults, the size limit,
and bad input named with its value. References are hand-written arrays and scipy.stats, never Params itself."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import scipy.stats

import symproof.engine.params as params_module
from symproof import Params

TOPOLOGY = (3, 4, 2, 1)
LAYERS = [(3, 4), (4, 2), (2, 1)]  # (n_{l-1}, n_l) for l = 1..3, written out by hand


def ks_pvalue(sample: np.ndarray, std: float) -> float:
    """Return the Kolmogorov-Smirnov p-value of `sample` against N(0, std^2) (scipy.stats, not symproof)."""
    return float(scipy.stats.kstest(np.ravel(sample), "norm", args=(0.0, std)).pvalue)


def all_arrays_read_only(params: Params) -> bool:
    return all(not a.flags.writeable for a in (*params.weights, *params.biases))


# --- layout -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: Params.constant(TOPOLOGY, weights=0.5, biases=-1.0),
        lambda: Params.normal(TOPOLOGY, np.random.default_rng(0)),
        lambda: Params.from_arrays([np.ones(s) for s in LAYERS], [np.ones((n, 1)) for _, n in LAYERS]),
        lambda: Params.constant(TOPOLOGY).astype(np.float32),
    ],
    ids=["constant", "normal", "from_arrays", "astype"],
)
def test_shapes_follow_the_layout(build: Callable[[], Params]) -> None:
    params = build()
    assert [w.shape for w in params.weights] == LAYERS  # W_l is (n_{l-1}, n_l)
    assert [b.shape for b in params.biases] == [(4, 1), (2, 1), (1, 1)]  # b_l is (n_l, 1)
    assert params.topology == TOPOLOGY
    assert params.depth == 3
    assert len(params.arrays()) == 6
    assert all(a is b for a, b in zip(params.arrays(), (*params.weights, *params.biases)))


def test_per_layer_constants_land_on_their_own_layer() -> None:
    params = Params.constant(TOPOLOGY, weights=[1.0, 2.0, 3.0], biases=(-1.0, 0.5, 4.0))
    expected_w = [np.full((3, 4), 1.0), np.full((4, 2), 2.0), np.full((2, 1), 3.0)]
    expected_b = [np.full((4, 1), -1.0), np.full((2, 1), 0.5), np.full((1, 1), 4.0)]
    for got, want in zip(params.arrays(), expected_w + expected_b):
        assert got.shape == want.shape
        assert np.array_equal(got, want)


def test_one_constant_fills_every_layer() -> None:
    params = Params.constant((2, 3, 1), weights=0.25, biases=-2)
    assert [w.tolist() for w in params.weights] == [[[0.25] * 3] * 2, [[0.25]] * 3]
    assert [b.tolist() for b in params.biases] == [[[-2.0]] * 3, [[-2.0]]]


@pytest.mark.parametrize("dtype", [np.float32, "float32", np.dtype(np.float32), np.float64, "float64"])
def test_dtype_is_shared_by_every_array(dtype: Any) -> None:
    expected = np.dtype(dtype)
    rng = np.random.default_rng(3)
    for params in (
        Params.constant(TOPOLOGY, weights=0.1, biases=0.2, dtype=dtype),
        Params.normal(TOPOLOGY, rng, dtype=dtype),
        Params.from_arrays([np.ones(s) for s in LAYERS], [np.ones((n, 1)) for _, n in LAYERS], dtype=dtype),
    ):
        assert params.dtype == expected
        assert all(a.dtype == expected for a in params.arrays())
    constant = Params.constant((1, 1), weights=0.1, dtype=dtype)
    assert constant.weights[0][0, 0] == expected.type(0.1)  # 0.1 rounded once, to the nearest float of dtype


def test_astype_rounds_to_the_nearest_float32() -> None:
    params = Params.from_arrays([[[0.1, 1 / 3]]], [[[2.0], [1e-50]]])
    single = params.astype(np.float32)
    assert single.dtype == np.dtype(np.float32) and params.dtype == np.dtype(np.float64)
    assert single.weights[0].tolist() == [[float(np.float32(0.1)), float(np.float32(1 / 3))]]
    assert single.biases[0].tolist() == [[2.0], [0.0]]  # 1e-50 underflows to 0 in float32
    assert all_arrays_read_only(single)


# --- private, read-only copies ----------------------------------------------------------------------------------


def test_from_arrays_copies_the_callers_arrays() -> None:
    w1, w2 = np.arange(6.0).reshape(2, 3), np.ones((3, 1))
    b1, b2 = np.zeros((3, 1)), np.full((1, 1), 5.0)
    params = Params.from_arrays([w1, w2], [b1, b2])
    for array in (w1, w2, b1, b2):
        array += 100.0  # the caller writes to its arrays afterwards
    assert params.weights[0].tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert params.weights[1].tolist() == [[1.0]] * 3
    assert params.biases[0].tolist() == [[0.0]] * 3
    assert params.biases[1].tolist() == [[5.0]]
    assert all(a.flags.writeable for a in (w1, w2, b1, b2))  # the caller's arrays are not frozen in place
    assert not any(np.shares_memory(a, c) for a in params.arrays() for c in (w1, w2, b1, b2))


def test_from_arrays_copies_even_when_no_cast_is_needed() -> None:
    w = np.ones((2, 2), dtype=np.float32)
    b = np.zeros((2, 1), dtype=np.float32)
    w.flags.writeable = False  # an already read-only array of the right dtype must still be copied
    params = Params.from_arrays([w], [b], dtype=np.float32)
    assert params.weights[0] is not w and not np.shares_memory(params.weights[0], w)
    b[0, 0] = 9.0
    assert params.biases[0].tolist() == [[0.0], [0.0]]


def test_from_lists() -> None:
    params = Params.from_arrays([[[1, 2, 3], [4, 5, 6]]], [[[0.5], [0.25], [0.125]]])
    assert params.topology == (2, 3)
    assert params.weights[0].dtype == np.dtype(np.float64)
    assert params.weights[0].tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Params.constant(TOPOLOGY, weights=1.0),
        lambda: Params.normal(TOPOLOGY, np.random.default_rng(0)),
        lambda: Params.from_arrays([np.ones(s) for s in LAYERS], [np.ones((n, 1)) for _, n in LAYERS]),
        lambda: Params.constant(TOPOLOGY).astype(np.float32),
        lambda: Params.constant(TOPOLOGY).map(lambda a: a + 1.0),
        lambda: Params.constant(TOPOLOGY).map(np.add, Params.constant(TOPOLOGY, weights=2.0)),
    ],
    ids=["constant", "normal", "from_arrays", "astype", "map", "map-two"],
)
def test_arrays_are_read_only(build: Callable[[], Params]) -> None:
    params = build()
    assert all_arrays_read_only(params)
    for array in params.arrays():
        with pytest.raises(ValueError, match="read-only"):
            array[0, 0] = 42.0


def test_params_cannot_be_rebound() -> None:
    params = Params.constant((2, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.weights = (np.zeros((2, 1)),)  # type: ignore[misc]


def test_constructor_holds_private_read_only_copies() -> None:
    w, b = np.ones((2, 3)), np.zeros((3, 1))
    params = Params((w,), (b,))
    w[0, 0] = 7.0
    assert params.weights[0][0, 0] == 1.0
    assert all_arrays_read_only(params)


def test_constructor_validates_the_layout() -> None:
    w1, w2, b1, b2 = np.ones((3, 2)), np.ones((2, 1)), np.ones((2, 1)), np.ones((1, 1))
    assert Params((w1, w2), (b1, b2)).topology == (3, 2, 1)
    with pytest.raises(ValueError, match=r"weights\[1\] must have shape \(2, n\); got \(3, 1\)"):
        Params((w1, np.ones((3, 1))), (b1, b2))
    with pytest.raises(ValueError, match=r"biases\[0\] must have shape \(2, 1\); got \(1, 2\)"):
        Params((w1, w2), (np.ones((1, 2)), b2))
    with pytest.raises(ValueError, match="got 2 and 1"):
        Params((w1, w2), (b1,))
    with pytest.raises(ValueError, match="got 0 and 0"):
        Params((), ())
    for empty in (np.ones((0, 2)), np.ones((3, 0)), np.ones(3), np.ones((3, 2, 1))):  # layer 0 and a later layer
        shape = re.escape(str(empty.shape))
        with pytest.raises(
            ValueError, match=rf"weights\[0\] must be a 2-D array with no empty dimension; got shape {shape}"
        ):
            Params((empty,), (np.ones((2, 1)),))
        with pytest.raises(
            ValueError, match=rf"weights\[1\] must be a 2-D array with no empty dimension; got shape {shape}"
        ):
            Params((w1, empty), (b1, b2))
    with pytest.raises(ValueError, match="got 2 and 1"):
        Params.from_arrays([w1, w2], [b1])  # from_arrays checks too, before it zips them
    with pytest.raises(TypeError, match=r"Params\.weights must be a tuple of arrays"):
        Params([w1, w2], (b1, b2))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Params\.biases must be a tuple of arrays"):
        Params((w1, w2), (b1, [[1.0]]))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"biases\[1\] must be float64 or float32 like weights\[0\] \(float64\); got"):
        Params((w1, w2), (b1, b2.astype(np.float32)))
    with pytest.raises(TypeError, match=r"weights\[0\] must be float64 or float32.*got int64"):
        Params((np.ones((3, 2), dtype=np.int64),), (np.ones((2, 1), dtype=np.int64),))


# --- equals and map ---------------------------------------------------------------------------------------------


def test_equals_compares_shapes_dtypes_and_values_exactly() -> None:
    params = Params.constant((2, 3, 1), weights=[0.5, 1.0], biases=0.25)
    same = Params.from_arrays([np.full((2, 3), 0.5), np.ones((3, 1))], [np.full((3, 1), 0.25), [[0.25]]])
    assert params.equals(same) and same.equals(params) and params.equals(params)
    assert not params.equals(params.astype(np.float32))  # the same (exactly representable) values, another dtype
    assert not params.equals(Params.constant((2, 3, 1), weights=[0.5, 1.0], biases=[0.25, 0.25 + 2**-50]))
    assert not params.equals(Params.constant((2, 3), weights=0.5, biases=0.25))  # fewer layers
    assert not params.equals(Params.constant((3, 2, 1), weights=[0.5, 1.0], biases=0.25))  # other shapes
    assert Params.constant((1, 1), weights=-0.0).equals(Params.constant((1, 1), weights=0.0))  # -0.0 == 0.0


def test_map_applies_the_function_to_matching_arrays() -> None:
    p = Params.constant((2, 3, 1), weights=[1.0, 2.0], biases=[3.0, 4.0])
    q = Params.constant((2, 3, 1), weights=[10.0, 20.0], biases=[30.0, 40.0])
    product = p.map(np.multiply, q)
    assert product.topology == (2, 3, 1)
    assert [np.unique(a).tolist() for a in product.arrays()] == [[10.0], [40.0], [90.0], [160.0]]
    assert [np.unique(a).tolist() for a in p.map(np.negative).arrays()] == [[-1.0], [-2.0], [-3.0], [-4.0]]
    assert [np.unique(a).tolist() for a in p.arrays()] == [[1.0], [2.0], [3.0], [4.0]]  # p itself is unchanged


# --- Params.normal ----------------------------------------------------------------------------------------------


def test_normal_draws_weights_and_biases_with_their_own_std() -> None:
    params = Params.normal((1, 4000), np.random.default_rng(1), weight_std=0.5, bias_std=2.0)
    w, b = params.weights[0], params.biases[0]
    assert ks_pvalue(w, 0.5) > 1e-3 and ks_pvalue(b, 2.0) > 1e-3
    assert ks_pvalue(b, 1.0) < 1e-20 and ks_pvalue(w, 1.0) < 1e-20  # the test can tell the stds apart
    assert np.mean(np.abs(b)) > 3 * np.mean(np.abs(w))  # E|N(0, s^2)| = s sqrt(2/pi): ratio 4


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_normal_with_zero_bias_std_has_zero_biases(dtype: type) -> None:
    params = Params.normal(TOPOLOGY, np.random.default_rng(2), bias_std=0.0, dtype=dtype)
    assert all(np.array_equal(b, np.zeros((n, 1))) for b, (_, n) in zip(params.biases, LAYERS))
    assert all(np.count_nonzero(w) == w.size for w in params.weights)  # N(0, 1) draws are never exactly 0


def test_normal_with_zero_weight_std_has_zero_weights() -> None:
    params = Params.normal(TOPOLOGY, np.random.default_rng(2), weight_std=0.0, bias_std=0.5)
    assert all(not np.any(w) for w in params.weights)
    assert all(np.count_nonzero(b) == b.size for b in params.biases)


def test_normal_is_reproducible_and_consumes_the_generator() -> None:
    first = Params.normal(TOPOLOGY, np.random.default_rng(7))
    again = Params.normal(TOPOLOGY, np.random.default_rng(7))
    assert all(np.array_equal(a, b) for a, b in zip(first.arrays(), again.arrays()))
    rng = np.random.default_rng(7)
    one, two = Params.normal(TOPOLOGY, rng), Params.normal(TOPOLOGY, rng)
    assert not np.array_equal(one.weights[0], two.weights[0])  # the draws advance the caller's generator


# --- defaults ---------------------------------------------------------------------------------------------------


def test_constant_defaults_are_zero_float64() -> None:
    params = Params.constant((2, 3, 1))
    assert params.dtype == np.dtype(np.float64)
    expected = [np.zeros((2, 3)), np.zeros((3, 1)), np.zeros((3, 1)), np.zeros((1, 1))]
    assert all(a.dtype == np.float64 and np.array_equal(a, e) for a, e in zip(params.arrays(), expected))


def test_normal_defaults_are_standard_normal_float64() -> None:
    params = Params.normal((1, 4000), np.random.default_rng(1))
    assert params.dtype == np.dtype(np.float64)
    assert ks_pvalue(params.weights[0], 1.0) > 1e-3  # weight_std defaults to 1
    assert ks_pvalue(params.biases[0], 1.0) > 1e-3  # bias_std defaults to 1
    for std in (0.5, 2.0):
        assert ks_pvalue(params.weights[0], std) < 1e-20 and ks_pvalue(params.biases[0], std) < 1e-20
    explicit = Params.normal((1, 4000), np.random.default_rng(1), weight_std=1.0, bias_std=1.0, dtype=np.float64)
    assert all(np.array_equal(a, b) for a, b in zip(params.arrays(), explicit.arrays()))


def test_from_arrays_defaults_to_float64_and_infers_the_topology() -> None:
    w = np.ones((2, 3), dtype=np.float32)
    params = Params.from_arrays([w], [np.ones((3, 1), dtype=np.float32)])
    assert params.dtype == np.dtype(np.float64)  # the default dtype, not the inputs'
    assert params.topology == (2, 3)


# --- the size limit ---------------------------------------------------------------------------------------------


def test_the_parameter_limit_counts_the_biases() -> None:
    # 9999 * 10001 = 99_999_999 weights, just under 10^8; with the 10_001 biases, 100_010_000 parameters.
    # The limit is checked on the declared topology before any array is looked at or built.
    with pytest.raises(ValueError, match=r"^topology must have at most 1e\+08 parameters; got 100010000 for \[9999"):
        Params.from_arrays([np.zeros((1, 1))], [np.zeros((1, 1))], topology=(9999, 10001))


@pytest.mark.parametrize(
    "build",
    [
        lambda t: Params.constant(t),
        lambda t: Params.normal(t, np.random.default_rng(0)),
        lambda t: Params.from_arrays([np.zeros((t[0], t[1]))], [np.zeros((t[1], 1))]),
    ],
    ids=["constant", "normal", "from_arrays"],
)
def test_limit_is_inclusive_and_counts_weights_plus_biases(
    build: Callable[[tuple[int, int]], Params], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(params_module, "MAX_PARAMETERS", 20)
    assert build((4, 4)).topology == (4, 4)  # 16 weights + 4 biases = 20: at the limit, allowed
    with pytest.raises(ValueError, match=r"^topology must have at most 2e\+01 parameters; got 25 for \[4, 5\]$"):
        build((4, 5))  # 20 weights, at the limit, + 5 biases


def test_limit_counts_every_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(params_module, "MAX_PARAMETERS", 12)
    with pytest.raises(ValueError, match=r"got 13 for \[2, 3, 1\]"):
        Params.constant((2, 3, 1))  # (2*3 + 3) + (3*1 + 1) = 13
    monkeypatch.setattr(params_module, "MAX_PARAMETERS", 13)
    assert Params.constant((2, 3, 1)).topology == (2, 3, 1)


# --- bad input --------------------------------------------------------------------------------------------------

W = [np.ones((3, 2)), np.ones((2, 1))]
B = [np.ones((2, 1)), np.ones((1, 1))]
BAD: list[tuple[str, Callable[[], object], type[Exception], list[str]]] = [
    ("topology a string", lambda: Params.constant("32"), TypeError, ["topology", "'32'"]),  # type: ignore[arg-type]
    ("topology one layer", lambda: Params.constant((3,)), ValueError, ["topology", "(3,)"]),
    ("topology zero width", lambda: Params.normal((3, 0), np.random.default_rng(0)), ValueError, ["topology[1]", "0"]),
    ("topology float width", lambda: Params.constant((3, 2.0)), TypeError, ["topology[1]", "2.0"]),  # type: ignore[arg-type]
    ("too few per-layer weights", lambda: Params.constant((3, 2, 1), weights=[1.0]), ValueError, ["weights", "[1.0]"]),
    (
        "too many per-layer biases",
        lambda: Params.constant((3, 1), biases=(0.1, 0.2)),
        ValueError,
        ["biases", "one number or 1 numbers", "(0.1, 0.2)"],
    ),
    ("weights a string", lambda: Params.constant((3, 1), weights="1"), TypeError, ["weights", "'1'"]),  # type: ignore[arg-type]
    # a string is one value, not one per layer (a str is a Sequence): the same error at any depth
    (
        "weights a string, 2 layers",
        lambda: Params.constant((3, 2, 1), weights="12"),  # type: ignore[arg-type]
        TypeError,
        ["weights must", "'12'"],
    ),
    ("per-layer bool", lambda: Params.constant((3, 2, 1), weights=[1.0, True]), TypeError, ["weights[1]", "True"]),
    ("per-layer nan", lambda: Params.constant((3, 2, 1), biases=[0.0, np.nan]), ValueError, ["biases[1]", "nan"]),
    ("infinite constant", lambda: Params.constant((3, 1), weights=float("inf")), ValueError, ["weights", "inf"]),
    ("integer dtype", lambda: Params.constant((3, 1), dtype=np.int32), ValueError, ["dtype", "int32"]),
    ("float16 dtype", lambda: Params.constant((3, 1), dtype="float16"), ValueError, ["dtype", "float16"]),
    ("unknown dtype", lambda: Params.constant((3, 1), dtype="real"), TypeError, ["dtype", "'real'"]),
    ("rng a seed", lambda: Params.normal((3, 1), 0), TypeError, ["rng", "int"]),  # type: ignore[arg-type]
    (
        "legacy rng",
        lambda: Params.normal((3, 1), np.random.RandomState(0)),  # type: ignore[arg-type]
        TypeError,
        ["rng", "RandomState"],
    ),
    (
        "negative weight_std",
        lambda: Params.normal((3, 1), np.random.default_rng(0), weight_std=-1.0),
        ValueError,
        ["weight_std", "-1.0"],
    ),
    (
        "negative bias_std",
        lambda: Params.normal((3, 1), np.random.default_rng(0), bias_std=-0.5),
        ValueError,
        ["bias_std", "-0.5"],
    ),
    (
        "bias_std a string",
        lambda: Params.normal((3, 1), np.random.default_rng(0), bias_std="1"),  # type: ignore[arg-type]
        TypeError,
        ["bias_std", "'1'"],
    ),
    (
        "nan weight_std",
        lambda: Params.normal((3, 1), np.random.default_rng(0), weight_std=float("nan")),
        ValueError,
        ["weight_std", "nan"],
    ),
    (
        "float32 overflow of a draw",
        lambda: Params.normal((3, 1), np.random.default_rng(0), weight_std=1e300, dtype=np.float32),
        ValueError,
        ["weights", "float32"],
    ),
    (
        "weights an ndarray",
        lambda: Params.from_arrays(np.ones((1, 3, 1)), B[1:]),  # type: ignore[arg-type]
        TypeError,
        ["weights", "ndarray"],
    ),
    ("biases not a sequence", lambda: Params.from_arrays(W, 5), TypeError, ["biases", "int"]),  # type: ignore[arg-type]
    ("no layers", lambda: Params.from_arrays([], []), ValueError, ["weights and biases", "0 and 0"]),
    ("1-D weights", lambda: Params.from_arrays([np.ones(3)], [np.ones((1, 1))]), ValueError, ["weights", "(3,)"]),
    ("chain broken", lambda: Params.from_arrays([W[0], np.ones((3, 1))], B), ValueError, ["weights[1]", "(3, 1)"]),
    ("bias a row", lambda: Params.from_arrays(W, [np.ones((1, 2)), B[1]]), ValueError, ["biases[0]", "(1, 2)"]),
    (
        "topology disagrees",
        lambda: Params.from_arrays(W[:1], B[:1], topology=(3, 2, 1)),
        ValueError,
        ["topology", "[3, 2, 1]", "2 weight matrices", "got 1"],
    ),
    (
        "bool weights",
        lambda: Params.from_arrays([np.ones((3, 2), dtype=bool), W[1]], B),
        TypeError,
        ["weights[0]", "bool"],
    ),
    ("nan bias", lambda: Params.from_arrays(W, [B[0], np.full((1, 1), np.nan)]), ValueError, ["biases[1]", "nan"]),
    ("astype to int", lambda: Params.constant((3, 1)).astype("int8"), ValueError, ["dtype", "int8"]),
    (
        "map over another topology",
        lambda: Params.constant((3, 1)).map(np.add, Params.constant((3, 2))),
        ValueError,
        ["topology", "[3, 1]", "[3, 2]"],
    ),
]


@pytest.mark.parametrize(("case", "call", "error", "fragments"), BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_named_with_its_value(
    case: str, call: Callable[[], object], error: type[Exception], fragments: list[str]
) -> None:
    snapshot = [a.copy() for a in (*W, *B)]
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert all(np.array_equal(a, s) for a, s in zip((*W, *B), snapshot))


def test_a_read_only_array_of_the_callers_is_still_copied() -> None:
    w = np.ones((2, 3))
    w.flags.writeable = False
    params = Params((w,), (np.zeros((3, 1)),))
    w.flags.writeable = True  # the caller owns it and can unlock it
    w[0, 0] = 7.0
    assert params.weights[0][0, 0] == 1.0 and not params.weights[0].flags.writeable
