"""Loss functions of the output layer, each with its gradient with respect to the output pre-activation z_L.

z_L, a_L and the target y have shape (n_L, B): one column per example.

- `mse`: the seed's mean squared error, mean((a - y)**2) over outputs and batch (TensorFlow's reduce_mean).
- `quadratic`: Nielsen's quadratic cost, 1/2 ||a - y||^2 summed over outputs, averaged over the batch.
- `bce`: binary cross-entropy on a sigmoid output, summed over outputs and averaged over the batch. It is computed from
  the logits, softplus(z) - y z, so it is finite for every finite z.
- `softmax_ce`: cross-entropy on a softmax output over the n_L units, -sum_j y_j log softmax(z)_j, averaged over the
  batch. Its gradient softmax(z) * sum_j y_j - y holds for any target, normalised or not.

`bce` and `softmax_ce` fix the output activation (sigmoid, softmax). `mse` and `quadratic` use the network's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from symproof.engine import fp
from symproof.engine._validation import check_choice
from symproof.engine.activations import ACTIVATIONS

__all__ = ["LOSSES", "Loss", "get_loss", "softmax"]

Array = NDArray[Any]


def softmax(z: Array) -> Array:
    """Return the softmax of each column of `z`."""
    e = fp.exp(z - z.max(axis=0, keepdims=True))
    return e / fp.total(e, axis=0, keepdims=True)


def _logsumexp(z: Array) -> Array:
    top = z.max(axis=0, keepdims=True)
    return top + fp.log(fp.total(fp.exp(z - top), axis=0, keepdims=True))


@dataclass(frozen=True)
class Loss:
    """A loss `value(z, a, y)` and its gradient `delta(z, a, y, df)` = dL/dz, where df = f'(z) of the output layer.

    `link` is the output activation the loss requires (None: the network's own activation), `link_name` its name.
    """

    name: str
    value: Callable[[Array, Array, Array], float]
    delta: Callable[[Array, Array, Array, Array | None], Array]
    link: Callable[[Array], Array] | None = None
    link_name: str | None = None
    # (value(z, link(z), y), link(z)) with the same bits as separate calls, from shared exponentials, or None
    value_and_link: Callable[[Array, Array], tuple[float, Array]] | None = None

    def delta_scale(self, z: Array, a: Array, y: Array, df: Array | None) -> Array:
        """Return the size of the terms that `delta` subtracts: the same formula on |a| and |y|, added not subtracted.

        delta cancels where a ~ y; its rounding error is then a few eps times this scale, not times |delta|.
        """
        if self.name == "softmax_ce":
            return (np.abs(a) * fp.total(np.abs(y), axis=0, keepdims=True) + np.abs(y)) / z.shape[1]
        return np.abs(self.delta(z, np.abs(a), -np.abs(y), None if df is None else np.abs(df)))


def _mse(z: Array, a: Array, y: Array) -> float:
    return float(fp.total((a - y) ** 2)) / a.size


def _mse_delta(z: Array, a: Array, y: Array, df: Array | None) -> Array:
    assert df is not None
    return 2.0 * (a - y) * df / a.size


def _quadratic(z: Array, a: Array, y: Array) -> float:
    return float(0.5 * fp.total((a - y) ** 2) / a.shape[1])


def _quadratic_delta(z: Array, a: Array, y: Array, df: Array | None) -> Array:
    assert df is not None
    return (a - y) * df / a.shape[1]


def _bce(z: Array, a: Array, y: Array) -> float:
    softplus = ACTIVATIONS["softplus"].f
    return float(fp.total(softplus(z) - y * z) / z.shape[1])


def _bce_and_sigmoid(z: Array, y: Array) -> tuple[float, Array]:
    softplus, a = fp.softplus_and_sigmoid(z)
    return float(fp.total(softplus - y * z) / z.shape[1]), a


def _bce_delta(z: Array, a: Array, y: Array, df: Array | None) -> Array:
    return (a - y) / z.shape[1]


def _softmax_ce(z: Array, a: Array, y: Array) -> float:
    mass = fp.total(y, axis=0, keepdims=True)
    return float((fp.total(_logsumexp(z) * mass) - fp.total(y * z)) / z.shape[1])


def _softmax_ce_delta(z: Array, a: Array, y: Array, df: Array | None) -> Array:
    return (a * fp.total(y, axis=0, keepdims=True) - y) / z.shape[1]


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("mse", _mse, _mse_delta),
        Loss("quadratic", _quadratic, _quadratic_delta),
        Loss("bce", _bce, _bce_delta, ACTIVATIONS["sigmoid"].f, "sigmoid", _bce_and_sigmoid),
        Loss("softmax_ce", _softmax_ce, _softmax_ce_delta, softmax, "softmax"),
    )
}


def get_loss(name: str) -> Loss:
    """Return the loss called `name`."""
    return LOSSES[check_choice("loss", name, LOSSES)]
