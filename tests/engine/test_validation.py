"""Bad input: one table. Each case raises ValueError or TypeError naming the argument and the value, and changes
nothing that was passed in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from symproof import SGD, Adam, Momentum, Network, Params, make_optimizer, train, train_step
from symproof.structure.predicates import is_block_constant, is_constant, neurons_identical

Inputs = dict[str, Any]


def fresh() -> Inputs:
    """Return valid inputs for a (3, 2, 1) network; the cases below spoil one of them."""
    rng = np.random.default_rng(0)
    params = Params.normal((3, 2, 1), rng)
    return {
        "net": Network((3, 2, 1)),
        "params": params,
        "w": [np.array(w) for w in params.weights],
        "b": [np.array(b) for b in params.biases],
        "x": rng.standard_normal((3, 4)),
        "y": rng.standard_normal((1, 4)),
    }


def with_entry(array: np.ndarray, value: float) -> np.ndarray:
    spoiled = array.copy()
    spoiled.flat[1] = value
    return spoiled


CASES: list[tuple[str, Callable[[Inputs], Any], type[Exception], list[str]]] = [
    ("one layer", lambda d: Network((3,)), ValueError, ["topology", "(3,)"]),
    ("empty topology", lambda d: Network(()), ValueError, ["topology", "()"]),
    ("topology not a sequence", lambda d: Network(3), TypeError, ["topology", "3"]),
    ("zero width", lambda d: Network((3, 0, 1)), ValueError, ["topology[1]", "0"]),
    ("negative width", lambda d: Network((3, -2, 1)), ValueError, ["topology[1]", "-2"]),
    ("fractional width", lambda d: Network((3, 2.5, 1)), TypeError, ["topology[1]", "2.5"]),
    ("bool width", lambda d: Network((3, True, 1)), TypeError, ["topology[1]", "True"]),
    (
        "weight shape",
        lambda d: Params.from_arrays([d["w"][0], np.ones((3, 1))], d["b"]),
        ValueError,
        ["weights[1]", "(2, 1)", "(3, 1)"],
    ),
    (
        "bias shape",
        lambda d: Params.from_arrays(d["w"], [np.ones((2,)), d["b"][1]]),
        ValueError,
        ["biases[0]", "(2, 1)", "(2,)"],
    ),
    ("bias count", lambda d: Params.from_arrays(d["w"], d["b"][:1]), ValueError, ["biases", "2 and 1"]),
    (
        "params topology",
        lambda d: Network((3, 3, 1)).forward(d["params"], d["x"]),
        ValueError,
        ["params", "[3, 3, 1]", "[3, 2, 1]"],
    ),
    ("x shape", lambda d: d["net"].forward(d["params"], d["x"][:2]), ValueError, ["x", "(3, B)", "(2, 4)"]),
    ("x as a vector", lambda d: d["net"].forward(d["params"], d["x"][:, 0]), ValueError, ["x", "(3,)"]),
    ("y shape", lambda d: d["net"].gradient(d["params"], d["x"], d["y"][:, :3]), ValueError, ["y", "(1, 4)", "(1, 3)"]),
    ("nan in x", lambda d: d["net"].forward(d["params"], with_entry(d["x"], np.nan)), ValueError, ["x", "nan"]),
    (
        "inf in y",
        lambda d: d["net"].gradient(d["params"], d["x"], with_entry(d["y"], np.inf)),
        ValueError,
        ["y", "inf"],
    ),
    (
        "nan in weights",
        lambda d: Params.from_arrays([with_entry(d["w"][0], np.nan), d["w"][1]], d["b"]),
        ValueError,
        ["weights[0]", "nan"],
    ),
    (
        "inf in biases",
        lambda d: Params.from_arrays(d["w"], [d["b"][0], np.full((1, 1), -np.inf)]),
        ValueError,
        ["biases[1]", "-inf"],
    ),
    (
        "float32 overflow",
        lambda d: Params.from_arrays(d["w"], [d["b"][0], np.full((1, 1), 1e300)], dtype="float32"),
        ValueError,
        ["biases[1]", "float32", "1e+300"],
    ),
    ("strings in x", lambda d: d["net"].forward(d["params"], np.array([["a"]])), TypeError, ["x", "<U1"]),
    ("unknown activation", lambda d: Network((3, 1), activation="sigmoidd"), ValueError, ["activation", "'sigmoidd'"]),
    ("activation not a string", lambda d: Network((3, 1), activation=None), TypeError, ["activation", "None"]),
    (
        "unknown output activation",
        lambda d: Network((3, 1), output_activation="softmax"),
        ValueError,
        ["output_activation", "'softmax'"],
    ),
    (
        "link clash",
        lambda d: Network((3, 1), loss="bce", output_activation="tanh"),
        ValueError,
        ["output_activation", "'tanh'", "'sigmoid'"],
    ),
    ("unknown loss", lambda d: Network((3, 1), loss="l1"), ValueError, ["loss", "'l1'"]),
    ("unknown optimizer", lambda d: make_optimizer("rmsprop", 0.1), ValueError, ["optimizer", "'rmsprop'"]),
    ("zero lr", lambda d: SGD(0.0), ValueError, ["lr", "0.0"]),
    ("negative lr", lambda d: Momentum(-0.1), ValueError, ["lr", "-0.1"]),
    ("nan lr", lambda d: Adam(float("nan")), ValueError, ["lr", "nan"]),
    ("inf lr", lambda d: make_optimizer("sgd", float("inf")), ValueError, ["lr", "inf"]),
    ("string lr", lambda d: SGD("0.1"), TypeError, ["lr", "'0.1'"]),
    ("momentum of 1", lambda d: Momentum(0.1, momentum=1.0), ValueError, ["momentum", "1.0"]),
    ("negative weight decay", lambda d: SGD(0.1, weight_decay=-1.0), ValueError, ["weight_decay", "-1.0"]),
    (
        "zero steps",
        lambda d: train(d["net"], d["params"], d["x"], d["y"], SGD(0.1), steps=0),
        ValueError,
        ["steps", "0"],
    ),
    (
        "grads mismatch",
        lambda d: SGD(0.1).update(d["params"], Params.constant((3, 3, 1)), None),
        ValueError,
        ["grads", "[3, 3, 1]"],
    ),
    (
        "params not Params",
        lambda d: train_step(d["net"], d["w"], d["x"], d["y"], SGD(0.1)),
        TypeError,
        ["params", "list"],
    ),
    (
        "per-layer constants",
        lambda d: Params.constant((3, 2, 1), biases=[0.1, 0.2, 0.3]),
        ValueError,
        ["biases", "[0.1, 0.2, 0.3]"],
    ),
    ("integer dtype", lambda d: Params.constant((3, 1), dtype=np.int64), ValueError, ["dtype", "int64"]),
    ("negative tolerance", lambda d: is_constant(d["x"], tol=-1.0), ValueError, ["tol", "-1.0"]),
    (
        "layer out of range",
        lambda d: neurons_identical(d["net"].forward(d["params"], d["x"]), 3),
        ValueError,
        ["layer", "3"],
    ),
    ("fractional layer", lambda d: d["net"].forward(d["params"], d["x"]).z(1.5), TypeError, ["layer", "1.5"]),
    ("bool layer", lambda d: d["net"].forward(d["params"], d["x"]).a(True), TypeError, ["layer", "True"]),
    ("huge lr", lambda d: SGD(10**400), ValueError, ["lr", "must be finite"]),
    ("huge constant", lambda d: Params.constant((3, 1), weights=10**400), ValueError, ["weights", "must be finite"]),
    (
        "float32 overflow of a constant",
        lambda d: Params.constant((3, 1), weights=1e39, dtype="float32"),
        ValueError,
        ["weights", "float32", "1e+39"],
    ),
    (
        "float32 overflow in astype",
        lambda d: Params.constant((3, 1), biases=1e39).astype("float32"),
        ValueError,
        ["biases[0]", "float32"],
    ),
    ("too many parameters", lambda d: Params.constant((10**6, 10**6)), ValueError, ["topology", "parameters"]),
    ("ragged x", lambda d: d["net"].forward(d["params"], [[1.0, 2.0], [3.0]]), ValueError, ["x", "rectangular"]),
    ("bool x", lambda d: d["net"].forward(d["params"], np.ones((3, 2), dtype=bool)), TypeError, ["x", "bool"]),
    (
        "direct Params with a bad bias",
        lambda d: Params((d["w"][0], d["w"][1]), (np.ones(2), d["b"][1])),
        ValueError,
        ["biases[0]", "(2, 1)", "(2,)"],
    ),
    ("direct Params with lists", lambda d: Params(d["w"], d["b"]), TypeError, ["Params.weights", "tuple"]),
    (
        "nan params reach the engine",
        lambda d: d["net"].forward(Params((with_entry(d["w"][0], np.nan), d["w"][1]), tuple(d["b"])), d["x"]),
        ValueError,
        ["params.weights[0]", "nan"],
    ),
    (
        "optimizer as a string",
        lambda d: train(d["net"], d["params"], d["x"], d["y"], "sgd", steps=1),
        TypeError,
        ["optimizer", "'sgd'"],
    ),
    (
        "unknown optimizer option",
        lambda d: make_optimizer("sgd", 0.1, momentum=0.9),
        TypeError,
        ["momentum=0.9", "'sgd'"],
    ),
    (
        "momentum state of another network",
        lambda d: Momentum(0.1).update(d["params"], d["params"], Momentum(0.1).init(Params.constant((3, 1)))),
        ValueError,
        ["state", "[3, 1]"],
    ),
    (
        "missing adam state",
        lambda d: Adam(0.1).update(d["params"], d["params"], None),
        TypeError,
        ["state", "AdamState", "NoneType"],
    ),
    (
        "state of another optimizer",
        lambda d: train_step(d["net"], d["params"], d["x"], d["y"], Momentum(0.1), Adam(0.1).init(d["params"])),
        TypeError,
        ["state", "Params", "AdamState"],
    ),
    ("blocks not a sequence", lambda d: is_block_constant(d["x"], 5, None), TypeError, ["row_blocks", "5"]),
    (
        "fractional block index",
        lambda d: is_block_constant(d["x"], [[0.0, 1.9], [2]], None),
        TypeError,
        ["row_blocks", "1.9"],
    ),
    ("bool matrix", lambda d: is_constant(np.ones((2, 2), dtype=bool)), TypeError, ["m", "bool"]),
]


@pytest.mark.parametrize(("case", "call", "error", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_named_and_nothing_is_mutated(
    case: str, call: Callable[[Inputs], Any], error: type[Exception], fragments: list[str]
) -> None:
    inputs = fresh()
    arrays = [inputs["x"], inputs["y"], *inputs["w"], *inputs["b"], *inputs["params"].arrays()]
    snapshot = [a.copy() for a in arrays]
    with pytest.raises(error) as info:
        call(inputs)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert all(np.array_equal(a, s) for a, s in zip(arrays, snapshot))
