"""A fully connected network in NumPy: forward pass, loss, and gradients by backpropagation.

Layout
------
This is the one place where symproof fixes its layout; it is chosen so that the seeds' words read literally.

- Layers are numbered 0..L: layer 0 is the input, layer L the output, and n_l is the width of layer l.
- W_l (l = 1..L) has shape (n_{l-1}, n_l). Row i of W_l holds the weights that leave neuron i of layer l-1;
  column j holds the weights that enter neuron j of layer l.
- b_l has shape (n_l, 1).
- A batch is a matrix of columns: x = a_0 has shape (n_0, B), and so do z_l, a_l with n_l rows.
- z_l = W_l^T a_{l-1} + b_l and a_l = f(z_l); the output layer uses the output activation, or the link that the
  loss fixes (sigmoid for `bce`, softmax for `softmax_ce`).
- Python tuples are 0-based: `params.weights[l - 1]` is W_l and `params.biases[l - 1]` is b_l.

Arithmetic: every sum (W^T a, the backpropagated W delta, the gradients' sums over the batch) goes through
`symproof.engine.fp`. In its reproducible mode (the default) each is correctly rounded, so the result does not depend on
the order of the terms, the BLAS kernel or the machine: neurons that are interchangeable in exact arithmetic compute the
same operations on the same operands and stay bitwise equal, and permuting neurons permutes every result exactly.
`fp.arithmetic("fast")` uses BLAS instead.

Scope: dense layers, one hidden activation, float64 (default) or float32. Non-goals: convolution, GPUs, speed at scale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from symproof.engine import fp
from symproof.engine._validation import check_array, check_choice, check_finite, check_index, check_topology
from symproof.engine.activations import ACTIVATIONS, Activation, get_activation
from symproof.engine.losses import get_loss
from symproof.engine.params import Params

__all__ = ["Forward", "Gradient", "Network"]

Array = NDArray[Any]


@dataclass(frozen=True, eq=False)
class Forward:
    """The pre-activations z_1..z_L and activations a_0..a_L of one forward pass, and the Params it used."""

    zs: tuple[Array, ...]
    activations: tuple[Array, ...]
    params: Params
    slopes: tuple[Array, ...] = ()  # f'(z_l) for l = 1..L (not the output when the loss fixes its link), or ()

    def z(self, layer: int) -> Array:
        """Return z_layer, for layer in 1..L."""
        return self.zs[check_index("layer", layer, 1, len(self.zs)) - 1]

    def a(self, layer: int) -> Array:
        """Return a_layer, for layer in 0..L (a_0 is the input)."""
        return self.activations[check_index("layer", layer, 0, len(self.zs))]

    def term_scale(self, layer: int) -> Array:
        """Return |W_l|^T |a_{l-1}| + |b_l|, the size of the terms summed into z_l (|a_0| for layer 0).

        Rounding error in z_l is bounded by a small multiple of eps times this scale (Higham, Accuracy and Stability
        of Numerical Algorithms, sec. 3.1), not by |z_l|, which cancellation can make arbitrarily small.
        """
        if layer == 0:
            return np.abs(self.a(0))
        self.z(layer)
        w, b = self.params.weights[layer - 1], self.params.biases[layer - 1]
        return fp.matmul(np.abs(w).T, np.abs(self.activations[layer - 1]), add=np.abs(b))

    @property
    def output(self) -> Array:
        """Return a_L."""
        return self.activations[-1]


@dataclass(frozen=True, eq=False)
class Gradient:
    """The loss at the current parameters, its gradient, and the forward pass it came from."""

    loss: float
    grads: Params
    forward: Forward


@dataclass(frozen=True)
class Network:
    """A dense network of `topology` with a hidden `activation`, a `loss`, and an optional `output_activation`."""

    topology: tuple[int, ...]
    activation: str = "sigmoid"
    loss: str = "mse"
    output_activation: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "topology", check_topology(self.topology))
        get_activation(self.activation)
        loss = get_loss(self.loss)
        if loss.link_name is not None:
            if self.output_activation not in (None, loss.link_name):
                raise ValueError(
                    f"output_activation must be {loss.link_name!r} (or None) with loss {self.loss!r}; "
                    f"got {self.output_activation!r}"
                )
        elif self.output_activation is not None:
            check_choice("output_activation", self.output_activation, ACTIVATIONS)

    @property
    def depth(self) -> int:
        """Return L, the number of weight matrices."""
        return len(self.topology) - 1

    @property
    def hidden(self) -> Activation:
        """Return the activation of layers 1..L-1."""
        return ACTIVATIONS[self.activation]

    @property
    def out(self) -> Activation | None:
        """Return the elementwise output activation, or None when the loss fixes the output link."""
        if get_loss(self.loss).link is not None:
            return None
        return ACTIVATIONS[self.output_activation or self.activation]

    def _output_function(self, z: Array) -> Array:
        """Return a_L: the output activation, or the link that the loss fixes."""
        out, link = self.out, get_loss(self.loss).link
        if out is not None:
            return out.f(z)
        assert link is not None
        return link(z)

    def _check(self, params: Params, x: Any, y: Any = None) -> tuple[Array, Array | None]:
        if not isinstance(params, Params):
            raise TypeError(f"params must be a symproof Params; got {type(params).__name__}")
        if params.topology != self.topology:
            raise ValueError(f"params must have topology {list(self.topology)}; got {list(params.topology)}")
        for l, (w, b) in enumerate(zip(params.weights, params.biases)):
            check_finite(f"params.weights[{l}]", w)
            check_finite(f"params.biases[{l}]", b)
        xs = check_array("x", x, (self.topology[0], None), params.dtype)
        if xs is x:
            xs = xs.copy()  # the Forward keeps a_0; it must not change when the caller's x does
        if y is None:
            return xs, None
        return xs, check_array("y", y, (self.topology[-1], xs.shape[1]), params.dtype)

    def _masks(self, masks: Any, batch: int, dtype: np.dtype[Any]) -> list[Array | None]:
        """Return one dropout mask per layer 0..L (None where there is none); masks cover hidden layers 1..L-1."""
        if masks is None:
            return [None] * (self.depth + 1)
        if isinstance(masks, np.ndarray) or not isinstance(masks, Sequence) or len(masks) != self.depth - 1:
            raise ValueError(f"masks must be {self.depth - 1} arrays, one per hidden layer; got {type(masks).__name__}")
        checked = [check_array(f"masks[{l}]", m, (self.topology[l + 1], batch), dtype) for l, m in enumerate(masks)]
        return [None, *checked, None]

    def forward(self, params: Params, x: Any, *, masks: Sequence[Any] | None = None) -> Forward:
        """Return every layer's pre-activations and activations for the batch `x` of shape (n_0, B).

        `masks` (dropout) multiply the activations of hidden layers 1..L-1: one (n_l, B) array per hidden layer,
        already scaled (inverted dropout uses keep / (1 - p)).
        """
        xs, _ = self._check(params, x)
        return self._forward(params, xs, self._masks(masks, xs.shape[1], params.dtype))

    def _forward(
        self, params: Params, x: Array, masks: list[Array | None] | None = None, *, slopes: bool = False
    ) -> Forward:
        """Return the forward pass of checked arguments; with `slopes`, also f'(z_l), from the same exponentials."""
        return self._pass(params, x, masks, slopes, None)[0]

    def _pass(
        self, params: Params, x: Array, masks: list[Array | None] | None, slopes: bool, y: Array | None
    ) -> tuple[Forward, float | None]:
        """Return the forward pass, and the loss at targets `y` if the loss computes it with its link (else None)."""
        value = None
        fused = get_loss(self.loss).value_and_link if y is not None else None
        zs: list[Array] = []
        activations = [x]
        derivatives: list[Array] = []
        last = self.depth - 1
        out = self.out
        for l, (w, b) in enumerate(zip(params.weights, params.biases)):
            z = fp._product(w.T, activations[-1], b)
            zs.append(z)
            f = self.hidden if l < last else out
            if f is None and fused is not None:
                value, a = fused(z, y)  # type: ignore[arg-type]
            elif f is None:
                a = self._output_function(z)
            elif slopes:
                a, df = f.both(z)
                derivatives.append(df)
            else:
                a = f.f(z)
            mask = masks[l + 1] if masks is not None and l < last else None
            activations.append(a if mask is None else a * mask)
        for array in (*zs, *activations, *derivatives):
            array.flags.writeable = False
        return Forward(tuple(zs), tuple(activations), params, tuple(derivatives)), value

    def loss_value(self, params: Params, x: Any, y: Any, *, masks: Sequence[Any] | None = None) -> float:
        """Return the loss of `params` on inputs `x` and targets `y` of shape (n_L, B)."""
        xs, ys = self._check(params, x, y)
        fwd = self._forward(params, xs, self._masks(masks, xs.shape[1], params.dtype))
        return get_loss(self.loss).value(fwd.zs[-1], fwd.output, ys)  # type: ignore[arg-type]

    def gradient(self, params: Params, x: Any, y: Any, *, masks: Sequence[Any] | None = None) -> Gradient:
        """Return the loss and its gradient with respect to every weight and bias, by backpropagation."""
        xs, ys = self._check(params, x, y)
        assert ys is not None
        return self._gradient(params, xs, ys, self._masks(masks, xs.shape[1], params.dtype))

    def _gradient(self, params: Params, x: Array, y: Array, masks: list[Array | None]) -> Gradient:
        """Return `gradient` of arguments already checked (the training loop's path after its first step)."""
        fwd, value = self._pass(params, x, masks, True, y)
        loss = get_loss(self.loss)
        z_out = fwd.zs[-1]
        delta = loss.delta(z_out, fwd.output, y, fwd.slopes[-1] if self.out is not None else None)
        if value is None:
            value = loss.value(z_out, fwd.output, y)
        return Gradient(value, self._backward(fwd, delta, masks), fwd)

    def _backward(self, fwd: Forward, delta: Array, masks: list[Array | None], *, absolute: bool = False) -> Params:
        """Return the weight and bias gradients backpropagated from the output `delta`.

        With `absolute`, every factor (activations, weights, f', masks) enters by its absolute value: the result is
        the size of the terms each gradient entry sums (`gradient_scale`).
        """
        size: Callable[[Array], Array] = np.abs if absolute else (lambda a: a)
        grad_w: list[Array] = [delta] * self.depth
        grad_b: list[Array] = [delta] * self.depth
        for l in range(self.depth - 1, -1, -1):  # l indexes W_{l+1}
            grad_w[l] = fp._product(size(fwd.activations[l]), delta.T)
            grad_b[l] = fp.total(delta, axis=1, keepdims=True)
            if l > 0:
                df = fwd.slopes[l - 1] if fwd.slopes else self.hidden.df(fwd.zs[l - 1])
                delta = fp._product(size(fwd.params.weights[l]), delta) * size(df)
                mask = masks[l]
                if mask is not None:
                    delta = delta * size(mask)
        return Params._wrap(grad_w, grad_b)

    def gradient_scale(self, forward: Forward, y: Any, *, masks: Sequence[Any] | None = None) -> Params:
        """Return the size of the terms summed into each gradient entry, by backpropagating absolute values.

        The output delta is replaced by `Loss.delta_scale`, W by |W| and f' by |f'|. A gradient that cancels to
        (nearly) zero carries rounding error of a few eps times this scale, as `Forward.term_scale` does for z.
        """
        params = forward.params
        ys = check_array("y", y, (self.topology[-1], forward.a(0).shape[1]), params.dtype)
        dropped = self._masks(masks, ys.shape[1], params.dtype)
        z_out, out = forward.zs[-1], self.out
        scale = get_loss(self.loss).delta_scale(z_out, forward.output, ys, out.df(z_out) if out is not None else None)
        return self._backward(forward, scale, dropped, absolute=True)
