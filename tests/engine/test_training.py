"""Training steps: results equal a manual gradient step, nothing passed in is changed, divergence is named, and
streaming keeps no step."""

from __future__ import annotations

import dataclasses
import gc
import itertools
import pickle
import re
import weakref

import numpy as np
import pytest

from symproof import SGD, Adam, AdamState, Momentum, Network, Optimizer, Params, make_optimizer, train, train_step
from symproof.engine import fp
from symproof.engine.training import Divergence, Step, iterate, rounding_scale


def test_train_step_is_one_gradient_step() -> None:
    rng = np.random.default_rng(3)
    net = Network((3, 4, 2), "tanh", "quadratic")
    params = Params.normal(net.topology, rng)
    x, y = rng.standard_normal((3, 5)), rng.standard_normal((2, 5))
    step = train_step(net, params, x, y, SGD(0.3))
    gradient = net.gradient(params, x, y)
    assert step.loss == gradient.loss
    assert step.grads.equals(gradient.grads)
    assert step.params.equals(params.map(lambda p, g: p - 0.3 * g, gradient.grads))


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_train_leaves_inputs_alone_and_reduces_the_loss(name: str) -> None:
    rng = np.random.default_rng(4)
    net = Network((2, 3, 1), "sigmoid", "bce")
    params = Params.normal(net.topology, rng)
    x = rng.standard_normal((2, 8))
    y = (x[:1] > 0).astype(float)
    copies = [a.copy() for a in (*params.arrays(), x, y)]
    history = train(net, params, x, y, make_optimizer(name, 0.05), steps=60)
    assert len(history) == 60
    assert all(np.array_equal(a, b) for a, b in zip((*params.arrays(), x, y), copies))
    assert history[-1].loss < history[0].loss
    assert history[0].params is not params and history[1].loss == net.loss_value(history[0].params, x, y)


def test_rounding_scale_covers_the_terms_of_each_new_parameter() -> None:
    net = Network((1, 5), "sigmoid", "softmax_ce")
    params = Params.constant(net.topology, weights=1.0, biases=0.0)
    x, y = np.ones((1, 1)), np.full((5, 1), 0.2)
    for optimizer in (SGD(0.5, weight_decay=0.1), make_optimizer("momentum", 0.5)):
        step = train_step(net, params, x, y, optimizer)
        scale = rounding_scale(net, step, params, y, optimizer)
        for before, after, s in zip(params.arrays(), step.params.arrays(), scale.arrays()):
            assert np.all(s >= np.abs(before) + np.abs(after))
        # The exact gradient is 0, so W stays 1 up to rounding; the scale counts lr times the size of a and y.
        assert np.all(scale.biases[0] >= 0.5 * 0.4 * (1 - 1e-12))


def _identity_net() -> tuple[Network, Params]:
    """Return the [1, 1] identity network with mse, and W = b = 1."""
    return Network((1, 1), "identity", "mse"), Params.constant((1, 1), weights=1.0, biases=1.0)


def test_divergence_names_the_step_and_keeps_the_history() -> None:
    # z = w + b on x = 1, y = 0: the loss is z^2 and both gradients are 2z, so lr 4.25 maps z to (1 - 17) z = -16 z.
    # From z_0 = 2, every value is a power of two, exact: after n steps w = b = (-16)^n. The loss at step n + 1 is
    # z_n^2 = 2^(2 + 8n), finite up to n = 127 and inf (past 2^1024) at n = 128, so step 129 diverges.
    net, params = _identity_net()
    with pytest.raises(Divergence) as raised:
        train(net, params, [[1.0]], [[0.0]], SGD(4.25), steps=1000)
    error = raised.value
    assert isinstance(error, ArithmeticError)
    assert (error.step, error.what, len(error.history)) == (129, "loss", 128)
    assert str(error) == "training diverged at step 129: loss became non-finite (inf)"
    assert all(s.params.weights[0][0, 0] == (-16.0) ** n for n, s in enumerate(error.history, 1))
    assert error.history[-1].loss == 2.0**1018


def test_the_issue_s_diverging_run_is_a_divergence_not_a_value_error() -> None:
    net = Network((1, 1), "identity", "mse")
    with pytest.raises(Divergence, match=r"^training diverged at step \d+: loss became non-finite \(inf\)$") as raised:
        train(net, Params.constant((1, 1), weights=1.0), [[3.0]], [[0.0]], SGD(10.0), steps=1000)
    error = raised.value
    assert error.step == len(error.history) + 1 > 1
    assert all(np.isfinite(a).all() for a in error.history[-1].params.arrays())
    assert pickle.loads(pickle.dumps(error)).history[-1].params.equals(error.history[-1].params)


@pytest.mark.parametrize(
    ("optimizer", "x", "what"),
    [
        (SGD(1e308), 1.0, "params.weights[0]"),  # lr * gradient overflows in the update
        (Adam(0.1), 1e100, "state.v.weights[0]"),  # g^2 overflows: v = inf, and Adam would stall without a word
    ],
)
def test_train_step_raises_divergence_for_a_non_finite_result(optimizer: Optimizer, x: float, what: str) -> None:
    net, params = _identity_net()
    with pytest.raises(Divergence, match=rf"^training diverged at step 1: {re.escape(what)} became non-finite") as e:
        train_step(net, params, [[x]], [[0.0]], optimizer)
    assert (e.value.step, e.value.what, e.value.history) == (1, what, ())


def test_non_finite_arguments_are_value_errors_that_name_them() -> None:
    net, params = _identity_net()
    bad = Params((np.array([[np.inf]]),), (np.zeros((1, 1)),))
    velocity = Params((np.zeros((1, 1)),), (np.array([[np.nan]]),))
    sgd, one, zero = SGD(0.1), [[1.0]], [[0.0]]
    calls = [
        ("params.weights[0]", lambda: train(net, bad, one, zero, sgd, steps=3)),
        ("x", lambda: train(net, params, [[np.inf]], zero, sgd, steps=3)),
        ("y", lambda: iterate(net, params, one, [[np.nan]], sgd)),
        ("params.weights[0]", lambda: train_step(net, bad, one, zero, sgd)),
        ("state.biases[0]", lambda: train_step(net, params, one, zero, Momentum(0.1), velocity)),
    ]
    for name, call in calls:
        with pytest.raises(ValueError, match=rf"^{re.escape(name)} must be finite"):
            call()


def _same(a: Step, b: Step) -> bool:
    """Return whether two Steps hold bitwise equal arrays and losses."""
    states = [(a.state, b.state)] if isinstance(a.state, Params) else []
    if isinstance(a.state, AdamState) and isinstance(b.state, AdamState):
        states = [(a.state.m, b.state.m), (a.state.v, b.state.v)] if a.state.t == b.state.t else []
    arrays = [(p.arrays(), q.arrays()) for p, q in [(a.params, b.params), (a.grads, b.grads), *states]]
    arrays += [(a.forward.zs, b.forward.zs), (a.forward.activations, b.forward.activations)]
    return (
        a.loss == b.loss
        and type(a.state) is type(b.state)
        and len(states) == (a.state is not None) + isinstance(a.state, AdamState)
        and all(len(u) == len(v) and all(np.array_equal(s, t) for s, t in zip(u, v)) for u, v in arrays)
    )


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_iterate_yields_the_steps_of_train_bitwise(name: str) -> None:
    rng = np.random.default_rng(5)
    net = Network((3, 4, 2), "tanh", "quadratic")
    params = Params.normal(net.topology, rng)
    x, y = rng.standard_normal((3, 5)), rng.standard_normal((2, 5))
    kept = train(net, params, x, y, make_optimizer(name, 0.1), steps=30)
    streamed = iterate(net, params, x, y, make_optimizer(name, 0.1), steps=30)
    x[...] = 0.0  # iterate read x when it was called
    pairs = list(itertools.zip_longest(kept, streamed))
    assert len(pairs) == 30
    assert all(a is not None and b is not None and _same(a, b) for a, b in pairs)


def test_iterate_keeps_only_the_step_it_last_yielded() -> None:
    net, params = _identity_net()
    steps = iterate(net, params, [[1.0]], [[0.5]], SGD(0.1))  # steps=None: forever
    refs = [weakref.ref(step) for step in itertools.islice(steps, 200)]
    gc.collect()
    assert [i for i, ref in enumerate(refs) if ref() is not None] == [199]  # the iterator's own, for the next step
    next(steps)
    gc.collect()
    assert all(ref() is None for ref in refs)


def test_iterate_divergence_holds_only_the_last_step() -> None:
    net, params = _identity_net()
    steps = iterate(net, params, [[1.0]], [[0.0]], SGD(4.25))
    with pytest.raises(Divergence) as raised:
        for _ in steps:
            pass
    assert (raised.value.step, len(raised.value.history)) == (129, 1)
    assert raised.value.history[0].params.weights[0][0, 0] == 2.0**512


def test_iterate_checks_its_arguments_when_called() -> None:
    net, params = _identity_net()
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        iterate(net, params, [[1.0]], [[0.0]], SGD(0.1), steps=0)
    with pytest.raises(TypeError, match="network must be a symproof Network"):
        iterate("net", params, [[1.0]], [[0.0]], SGD(0.1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"x must have shape \(1, B\)"):
        iterate(net, params, [[1.0], [2.0]], [[0.0]], SGD(0.1))


@pytest.mark.parametrize("loss", ["mse", "bce", "softmax_ce"])
def test_the_checked_loop_gives_the_bits_of_train_step_chained(loss: str) -> None:
    rng = np.random.default_rng(3)
    net = Network((3, 4, 2), "softplus", loss)
    params = Params.normal(net.topology, rng)
    x, y = rng.standard_normal((3, 5)), rng.uniform(size=(2, 5))
    optimizer, state, expected = Adam(0.01), None, params
    steps = list(iterate(net, params, x, y, optimizer, steps=4))
    for step in steps:
        chained = train_step(net, expected, x, y, optimizer, state)
        assert chained.loss == step.loss and chained.params.equals(step.params) and chained.grads.equals(step.grads)
        assert chained.loss == net.loss_value(expected, x, y)
        expected, state = chained.params, chained.state


def test_a_finite_step_whose_sum_overflows_is_not_a_divergence() -> None:
    net = Network((2, 2), "identity", "mse")
    params = Params.constant(net.topology, weights=1e308, biases=0.0)
    x, y = np.zeros((2, 1)), np.zeros((2, 1))
    step = train_step(net, params, x, y, SGD(1e-3))  # every entry finite; their sum is not
    with np.errstate(over="ignore"):
        assert np.isfinite(step.params.weights[0]).all() and float(step.params.weights[0].sum()) == np.inf


def test_a_custom_optimizer_that_hides_a_non_finite_gradient_still_diverges_on_it() -> None:
    class Frozen:  # keeps the parameters whatever the gradient: only the gradient check can see an inf
        lr = 1.0

        def init(self, params: Params) -> None:
            return None

        def update(self, params: Params, grads: Params, state: None) -> tuple[Params, None]:
            return params, None

    net = Network((1, 1), "identity", "mse")
    params = Params.constant(net.topology, weights=1e-50)  # z = 1e150: a finite loss of 1e300, but dL/dW = inf
    with pytest.raises(Divergence, match=r"grads\.weights\[0\] became non-finite"):
        train_step(net, params, np.array([[1e200]]), np.zeros((1, 1)), Frozen())


def test_a_custom_optimizer_s_parameters_are_checked_at_every_step() -> None:
    class Widening:  # returns float64 parameters for a float32 network: the next step must see them as given
        lr = 0.1

        def init(self, params: Params) -> None:
            return None

        def update(self, params: Params, grads: Params, state: None) -> tuple[Params, None]:
            return SGD(0.1).update(params.astype(np.float64), grads.astype(np.float64), None)[0], None

    rng = np.random.default_rng(2)
    net = Network((3, 2), "tanh", "mse")
    params = Params.normal(net.topology, rng, dtype=np.float32)
    x, y = rng.standard_normal((3, 4)).astype(np.float32), rng.uniform(size=(2, 4)).astype(np.float32)
    first, second = iterate(net, params, x, y, Widening(), steps=2)
    expected = net.gradient(first.params, x, y).grads
    assert second.grads.equals(expected) and second.grads.dtype == np.float64


def test_a_subclass_of_a_built_in_optimizer_does_not_vouch_for_its_gradients() -> None:
    @dataclasses.dataclass(frozen=True)
    class Sanitising(SGD):
        def update(self, params: Params, grads: Params, state: None) -> tuple[Params, None]:
            return super().update(params, grads.map(np.nan_to_num), state)

    net = Network((1, 1), "identity", "mse")
    params = Params.constant(net.topology, weights=1e-308)
    with pytest.raises(Divergence, match=r"grads\.weights\[0\] became non-finite"):
        train(net, params, np.array([[1.5e308]]), np.array([[-10.0]]), Sanitising(0.1), steps=1)


def test_a_custom_optimizer_keeps_its_own_floating_point_settings() -> None:
    class Strict:  # raises on underflow itself, and calls symproof's arithmetic, which must still not raise
        lr = 0.1

        def init(self, params: Params) -> None:
            return None

        def update(self, params: Params, grads: Params, state: None) -> tuple[Params, None]:
            with np.errstate(all="raise"):
                fp.matmul(np.array([[1e-200, 1.0]]), np.array([[1e-200], [1.0]]))
                with pytest.raises(FloatingPointError):
                    np.array([1e-200]) * np.array([1e-200])
            return params, None

    net = Network((1, 1), "sigmoid", "mse")
    steps = list(iterate(net, Params.constant(net.topology), np.ones((1, 1)), np.ones((1, 1)), Strict(), steps=2))
    assert len(steps) == 2
