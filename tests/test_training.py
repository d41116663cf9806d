"""Training steps: results equal a manual gradient step, and nothing passed in is changed."""

from __future__ import annotations

import numpy as np
import pytest

from symproof import SGD, Network, Params, make_optimizer, train, train_step
from symproof.training import rounding_scale


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
