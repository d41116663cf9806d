"""The engine's forward pass and gradients, against finite differences and against SymPy."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, target
from hypothesis import strategies as st

from symproof import ACTIVATIONS, LOSSES, Network, Params
from symproof.engine.activations import LEAKY_RELU_SLOPE
from symproof.engine.gradcheck import fd_noise, finite_difference, flat, relative_error
from tests._problems import problems, targets

# A correct gradient g satisfies ||g - fd|| <= FD_RTOL ||g|| + fd_noise(L, P): truncation at h = 1e-6 is ~1e-13,
# and fd_noise bounds the rounding of the differences. The measured errors are in docs/engine.md.
FD_RTOL = 1e-6
# relu and leaky_relu have a kink at 0; a difference that straddles it is meaningless. Such draws (|z| < KINK_MARGIN
# anywhere) have probability ~1e-3 per pre-activation and are excluded with assume().
KINK_MARGIN = 1e-4


@pytest.mark.parametrize("output", sorted(ACTIVATIONS))
@given(data=st.data())
def test_gradient_with_a_different_output_activation(output: str, data: st.DataObject) -> None:
    problem = data.draw(problems("tanh", "quadratic"))
    network = Network(problem.network.topology, "tanh", "quadratic", output_activation=output)
    if output in ("relu", "leaky_relu"):
        assume(float(np.abs(network.forward(problem.params, problem.x).zs[-1]).min()) > KINK_MARGIN)
    gradient = network.gradient(problem.params, problem.x, problem.y)
    backprop = flat(gradient.grads)
    reference = finite_difference(network, problem.params, problem.x, problem.y)
    assert np.linalg.norm(backprop - reference) <= FD_RTOL * np.linalg.norm(backprop) + fd_noise(
        gradient.loss, backprop.size
    )


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@given(data=st.data())
def test_gradient_matches_central_differences(activation: str, loss: str, data: st.DataObject) -> None:
    problem = data.draw(problems(activation, loss))
    if activation in ("relu", "leaky_relu"):
        forward = problem.network.forward(problem.params, problem.x)
        assume(min(float(np.abs(z).min()) for z in forward.zs) > KINK_MARGIN)
    gradient = problem.network.gradient(problem.params, problem.x, problem.y)
    backprop = flat(gradient.grads)
    reference = finite_difference(problem.network, problem.params, problem.x, problem.y)
    target(relative_error(backprop, reference), label="relative error")
    assert np.linalg.norm(backprop - reference) <= FD_RTOL * np.linalg.norm(backprop) + fd_noise(
        gradient.loss, backprop.size
    )


def test_forward_follows_the_layout() -> None:
    rng = np.random.default_rng(1)
    net = Network((3, 4, 2), "tanh", "mse", output_activation="identity")
    params = Params.normal(net.topology, rng)
    x = rng.standard_normal((3, 5))
    forward = net.forward(params, x)
    w1, w2 = params.weights
    b1, b2 = params.biases
    z1 = np.array([[sum(w1[i, j] * x[i, k] for i in range(3)) + b1[j, 0] for k in range(5)] for j in range(4)])
    assert np.allclose(forward.z(1), z1, rtol=1e-14, atol=1e-14)
    assert np.allclose(forward.a(1), np.tanh(forward.z(1)), rtol=4 * np.finfo(float).eps, atol=0.0)  # fp.tanh
    assert np.allclose(forward.z(2), w2.T @ np.tanh(z1) + b2, rtol=1e-14, atol=1e-14)
    assert np.array_equal(forward.output, forward.z(2))
    assert forward.a(0) is not None and forward.a(0).shape == (3, 5)
    assert [z.shape for z in forward.zs] == [(4, 5), (2, 5)]
    for bad in (-1, 3):  # a_0..a_2 only: a negative layer is not Python's count from the end
        with pytest.raises(ValueError, match="layer"):
            forward.a(bad)
    for bad in (0, 3):
        with pytest.raises(ValueError, match="layer"):
            forward.z(bad)


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_float32_runs_in_float32(loss: str) -> None:
    rng = np.random.default_rng(2)
    net = Network((3, 2, 2), "sigmoid", loss)
    params = Params.normal(net.topology, rng, dtype=np.float32)
    gradient = net.gradient(params, rng.standard_normal((3, 4)), targets(loss, 2, 4, rng))
    assert {a.dtype for a in gradient.grads.arrays()} == {np.dtype(np.float32)}
    assert {a.dtype for a in gradient.forward.activations} == {np.dtype(np.float32)}
    y = targets(loss, 2, 4, rng)
    single = net.gradient(params, gradient.forward.a(0), y.astype(np.float32))
    double = net.gradient(params.astype(np.float64), gradient.forward.a(0), y)
    # float32 rounding (eps 6e-8) through two layers: agreement to 1e-4 relative, measured ~1e-6.
    for a, b in zip(single.grads.arrays(), double.grads.arrays()):
        assert np.allclose(a, b, rtol=1e-4, atol=1e-4 * float(np.max(np.abs(b))))


# --- An independent reference: SymPy differentiates the loss written out in textbook form. ---

SYMPY_ACTIVATIONS = {
    "sigmoid": lambda z: 1 / (1 + sympy.exp(-z)),
    "tanh": sympy.tanh,
    "relu": lambda z: sympy.Piecewise((z, z > 0), (0, True)),
    "leaky_relu": lambda z: sympy.Piecewise((z, z > 0), (LEAKY_RELU_SLOPE * z, True)),
    "identity": lambda z: z,
    "softplus": lambda z: sympy.log(1 + sympy.exp(z)),
}


def _sympy_loss(activation: str, loss: str, w: list[Any], b: list[Any], x: Any, y: Any) -> Any:
    f = SYMPY_ACTIVATIONS[activation]
    a = x
    for l, (wl, bl) in enumerate(zip(w, b)):
        z = wl.T * a + bl * sympy.ones(1, a.shape[1])
        last = l == len(w) - 1
        if not last or loss in ("mse", "quadratic"):
            a = z.applyfunc(f)
        elif loss == "bce":
            a = z.applyfunc(SYMPY_ACTIVATIONS["sigmoid"])
        else:
            e = z.applyfunc(sympy.exp)
            a = sympy.Matrix([[e[i, k] / sum(e[:, k]) for k in range(e.shape[1])] for i in range(e.shape[0])])
    n, batch = y.shape
    if loss == "mse":
        return sum((a[i, k] - y[i, k]) ** 2 for i in range(n) for k in range(batch)) / (n * batch)
    if loss == "quadratic":
        return sum((a[i, k] - y[i, k]) ** 2 for i in range(n) for k in range(batch)) / (2 * batch)
    if loss == "bce":
        cells = [(i, k) for i in range(n) for k in range(batch)]
        return -sum(y[c] * sympy.log(a[c]) + (1 - y[c]) * sympy.log(1 - a[c]) for c in cells) / batch
    return -sum(y[i, k] * sympy.log(a[i, k]) for i in range(n) for k in range(batch)) / batch


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_gradient_matches_sympy(activation: str, loss: str) -> None:
    topology, batch = (2, 2, 2), 2
    rng = np.random.default_rng(sorted(ACTIVATIONS).index(activation) * 10 + sorted(LOSSES).index(loss))
    params = Params.normal(topology, rng)
    x = rng.standard_normal((topology[0], batch))
    y = targets(loss, topology[-1], batch, rng)
    shapes = list(itertools.pairwise(topology))
    w = [sympy.Matrix(m, n, lambda i, j, l=l: sympy.Symbol(f"w{l}_{i}_{j}")) for l, (m, n) in enumerate(shapes)]
    b = [sympy.Matrix(n, 1, lambda i, j, l=l: sympy.Symbol(f"b{l}_{i}")) for l, (_, n) in enumerate(shapes)]
    symbols = [s for m in (*w, *b) for s in m]
    expression = _sympy_loss(activation, loss, w, b, sympy.Matrix(x), sympy.Matrix(y))
    values = np.concatenate([a.ravel() for a in params.arrays()])
    derivatives = sympy.lambdify(symbols, [expression, *(sympy.diff(expression, s) for s in symbols)], "math", cse=True)
    value, *expected = derivatives(*values)
    gradient = Network(topology, activation, loss).gradient(params, x, y)
    actual = np.concatenate([g.ravel() for g in gradient.grads.arrays()])
    assert value == pytest.approx(gradient.loss, rel=1e-12)
    assert np.allclose(actual, expected, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "softplus"])
@given(data=st.data())
def test_gradient_with_dropout_masks(activation: str, data: st.DataObject) -> None:
    problem = data.draw(problems(activation, "mse", max_depth=3))
    net, batch = problem.network, problem.x.shape[1]
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    masks = [(rng.random((n, batch)) < 0.5) / 0.5 for n in net.topology[1:-1]]
    gradient = net.gradient(problem.params, problem.x, problem.y, masks=masks)
    backprop = flat(gradient.grads)
    reference = finite_difference(net, problem.params, problem.x, problem.y, masks=masks)
    assert np.linalg.norm(backprop - reference) <= FD_RTOL * np.linalg.norm(backprop) + fd_noise(
        gradient.loss, backprop.size
    )
    dropped = net.forward(problem.params, problem.x, masks=masks)
    for l, mask in enumerate(masks, start=1):
        assert np.array_equal(dropped.a(l), net.hidden.f(dropped.z(l)) * mask)


def test_masks_are_validated() -> None:
    net = Network((2, 3, 1))
    params = Params.constant(net.topology)
    with pytest.raises(ValueError, match="masks must be 1 arrays"):
        net.forward(params, np.ones((2, 2)), masks=[])
    with pytest.raises(ValueError, match=r"masks\[0\] must have shape \(3, 2\)"):
        net.forward(params, np.ones((2, 2)), masks=[np.ones((3, 1))])


@pytest.mark.parametrize("loss", sorted(LOSSES))
@given(data=st.data())
def test_gradient_scale_bounds_every_gradient_entry(loss: str, data: st.DataObject) -> None:
    problem = data.draw(problems(data.draw(st.sampled_from(sorted(ACTIVATIONS))), loss))
    gradient = problem.network.gradient(problem.params, problem.x, problem.y)
    scale = problem.network.gradient_scale(gradient.forward, problem.y)
    for g, s in zip(gradient.grads.arrays(), scale.arrays()):
        assert g.shape == s.shape
        assert np.all(np.abs(g) <= s * (1 + 1e-12) + 1e-300)  # |sum| <= sum of |terms|, up to rounding


def test_gradient_scale_is_the_size_of_a_gradient_that_cancels() -> None:
    # Softmax outputs at their targets: the exact gradient is 0; the scale is the size of a and y, not of 0.
    net = Network((1, 3), "sigmoid", "softmax_ce")
    params = Params.constant(net.topology, weights=1.0, biases=0.0)
    x, y = np.ones((1, 1)), np.full((3, 1), 1 / 3)
    gradient = net.gradient(params, x, y)
    assert np.max(np.abs(gradient.grads.weights[0])) <= 1e-16
    assert np.allclose(net.gradient_scale(gradient.forward, y).weights[0], 2 / 3, rtol=1e-15)


def test_term_scale_is_the_size_of_the_terms_by_hand() -> None:
    """|W_1|^T |x| + |b_1| for a W_1, x and b_1 of mixed signs, computed by hand: exact small integers and halves."""
    params = Params.from_arrays([[[1.0, -2.0], [-3.0, 4.0]]], [[[-0.5], [0.25]]])
    forward = Network((2, 2), "identity").forward(params, np.array([[1.0], [-1.0]]))
    assert forward.term_scale(1).tolist() == [[1 + 3 + 0.5], [2 + 4 + 0.25]]
    assert forward.term_scale(0).tolist() == [[1.0], [1.0]]
    assert forward.z(1).tolist() == [[1 + 3 - 0.5], [-2 - 4 + 0.25]]  # the terms themselves cancel partly
