"""Optimizers against updates computed by hand on a one-weight network, and their immutability."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from symproof import SGD, Adam, Momentum, Params, make_optimizer


def one_weight(w: float, b: float = 0.0) -> Params:
    return Params.from_arrays([[[w]]], [[[b]]])


def grad(g: float, gb: float = 0.0) -> Params:
    return one_weight(g, gb)


def weight(params: Params) -> float:
    return float(params.weights[0][0, 0])


def test_sgd_by_hand() -> None:
    new, state = SGD(0.1).update(one_weight(1.0, 2.0), grad(0.5, -1.0), None)
    assert state is None
    assert weight(new) == 1.0 - 0.1 * 0.5
    assert float(new.biases[0][0, 0]) == 2.0 + 0.1 * 1.0


def test_weight_decay_acts_on_weights_only() -> None:
    new, _ = SGD(0.1, weight_decay=0.2).update(one_weight(1.0, 2.0), grad(0.5, 0.0), None)
    assert weight(new) == pytest.approx(1.0 - 0.1 * (0.5 + 0.2 * 1.0), rel=1e-15)
    assert float(new.biases[0][0, 0]) == 2.0


def test_momentum_by_hand() -> None:
    opt = Momentum(0.1, momentum=0.9)
    params, state = one_weight(1.0), opt.init(one_weight(1.0))
    params, state = opt.update(params, grad(0.5), state)
    assert weight(params) == pytest.approx(0.95, rel=1e-15)  # v = 0.5
    params, state = opt.update(params, grad(0.5), state)
    assert weight(params) == pytest.approx(0.95 - 0.1 * (0.9 * 0.5 + 0.5), rel=1e-15)  # v = 0.95
    assert float(state.weights[0][0, 0]) == pytest.approx(0.95, rel=1e-15)


def test_adam_by_hand() -> None:
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    opt = Adam(lr, beta1=b1, beta2=b2, eps=eps)
    params, state = one_weight(1.0), opt.init(one_weight(1.0))
    w, m, v = 1.0, 0.0, 0.0
    for t, g in enumerate([0.5, 0.25, -2.0], start=1):
        params, state = opt.update(params, grad(g), state)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        w -= lr * (m / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + eps)
        assert weight(params) == pytest.approx(w, rel=1e-14)
        assert state.t == t
    # The first Adam step moves every parameter with a nonzero gradient by lr (up to eps): 1 - 0.1 / (1 + 2e-8).
    first, _ = Adam(lr).update(one_weight(1.0), grad(0.5), Adam(lr).init(one_weight(1.0)))
    assert weight(first) == pytest.approx(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), rel=1e-15)


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_update_never_mutates_and_returns_read_only_arrays(name: str) -> None:
    rng = np.random.default_rng(0)
    params, grads = Params.normal((3, 2, 1), rng), Params.normal((3, 2, 1), rng)
    before = [a.copy() for a in (*params.arrays(), *grads.arrays())]
    opt = make_optimizer(name, 0.1)
    state = opt.init(params)
    new, _ = opt.update(params, grads, state)
    assert all(np.array_equal(a, b) for a, b in zip((*params.arrays(), *grads.arrays()), before))
    assert not any(np.shares_memory(a, b) for a in new.arrays() for b in params.arrays())
    with pytest.raises(ValueError, match="read-only"):
        new.weights[0][0, 0] = 1.0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_update_keeps_dtype(name: str, dtype: type) -> None:
    params = Params.constant((2, 2), weights=1.0, dtype=dtype)
    opt = make_optimizer(name, 0.1, weight_decay=0.01)
    new, _ = opt.update(params, params, opt.init(params))
    assert new.dtype == dtype


def test_momentum_and_adam_apply_weight_decay_to_weights_only() -> None:
    params = one_weight(2.0, 3.0)
    grads = grad(0.5, 0.5)
    new, _ = Momentum(0.1, momentum=0.9, weight_decay=0.25).update(params, grads, Momentum(0.1).init(params))
    assert weight(new) == pytest.approx(2.0 - 0.1 * (0.5 + 0.25 * 2.0), rel=1e-15)
    assert float(new.biases[0][0, 0]) == pytest.approx(3.0 - 0.1 * 0.5, rel=1e-15)
    lr, wd, eps = 0.1, 0.5, 1e-8
    new, state = Adam(lr, weight_decay=wd).update(params, grads, Adam(lr).init(params))
    g = 0.5 + wd * 2.0  # the decayed gradient enters both moments
    assert weight(new) == pytest.approx(2.0 - lr * g / (g + eps), rel=1e-14)
    assert float(state.v.weights[0][0, 0]) == pytest.approx(0.001 * g * g, rel=1e-14)


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_update_checks_the_gradients_against_the_params(name: str) -> None:
    params = Params.constant((2, 3, 1), weights=0.5, biases=0.1)
    optimizer = make_optimizer(name, 0.1)
    state = optimizer.init(params)
    with pytest.raises(TypeError, match="grads must be a symproof Params; got str"):
        optimizer.update(params, "gradients", state)  # type: ignore[arg-type]
    other = Params.constant((2, 2, 1), weights=0.5, biases=0.1)
    with pytest.raises(ValueError, match=r"grads must match params \(\[2, 3, 1\], float64\); got \[2, 2, 1\]"):
        optimizer.update(params, other, state)


# Each hyperparameter and the values it must refuse beyond those every real-valued one refuses (nan, a string):
# rates lie in [0, 1), step sizes are positive, weight decay is non-negative.
LIMITS = {
    "lr": (0.0, -0.1),
    "eps": (0.0, -1e-8),
    "momentum": (1.0, -0.1),
    "beta1": (1.0, -0.1),
    "beta2": (1.0, -0.1),
    "weight_decay": (-1e-3,),
}


@pytest.mark.parametrize(
    ("kind", "name"),
    [(kind, f.name) for kind in (SGD, Momentum, Adam) for f in dataclasses.fields(kind)],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_every_hyperparameter_is_checked_and_stored_as_a_float(kind: type, name: str) -> None:
    given = {"lr": 0.1}
    refused = [(float("nan"), ValueError), ("0.5", TypeError), *((limit, ValueError) for limit in LIMITS[name])]
    for bad, error in refused:
        with pytest.raises(error, match=f"^{name} must be"):
            kind(**(given | {name: bad}))
    whole = 1 if name in ("lr", "eps") else 0  # an int where allowed: stored as a float
    value = getattr(kind(**(given | {name: whole})), name)
    assert type(value) is float and value == whole


def test_states_are_frozen() -> None:
    state = Adam(0.1).init(one_weight(1.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.t = 5  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Adam(0.1).lr = 1.0  # type: ignore[misc]
