"""Central finite differences of the loss: the reference that backpropagation is tested against.

The difference quotient with step h errs by truncation, about h^2 |L'''| / 6, and by rounding, about eps |L| / h per
entry. `fd_noise` is that rounding term for a whole gradient, with a tenfold margin.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from symproof.engine.network import Network
from symproof.engine.params import Params

__all__ = ["fd_noise", "finite_difference", "flat", "relative_error"]

Array = NDArray[Any]


def flat(params: Params) -> Array:
    """Return every entry of W_1..W_L, then b_1..b_L, as one vector."""
    return np.concatenate([a.ravel() for a in params.arrays()])


def finite_difference(network: Network, params: Params, x: Any, y: Any, *, h: float = 1e-6, masks: Any = None) -> Array:
    """Return the central-difference gradient of the loss, flattened like `flat`."""
    arrays = [a.astype(np.float64) for a in params.arrays()]
    depth = params.depth
    grads = []
    for array in arrays:
        for index in np.ndindex(array.shape):
            original = array[index]
            values = []
            for shift in (h, -h):
                array[index] = original + shift
                values.append(network.loss_value(Params.from_arrays(arrays[:depth], arrays[depth:]), x, y, masks=masks))
            array[index] = original
            grads.append((values[0] - values[1]) / (2 * h))
    return np.array(grads)


def fd_noise(loss: float, size: int, *, h: float = 1e-6) -> float:
    """Return the rounding-error bound of a `size`-entry central-difference gradient at loss value `loss`."""
    return float(10 * np.sqrt(size) * np.finfo(np.float64).eps * max(abs(loss), 1.0) / h)


def relative_error(a: Array, b: Array) -> float:
    """Return ||a - b|| / max(||a||, ||b||), and 0 when both vanish."""
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0
