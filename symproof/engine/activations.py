"""Elementwise activation functions and their derivatives.

Every function maps an array to an array of the same shape and dtype, and is finite for every finite input:
sigmoid and softplus are written in terms of exp(-|z|), so that |z| up to 1e4 and beyond neither overflows nor warns.
The exponentials, logarithms and tanh come from `symproof.engine.fp`: in its reproducible mode (the default) they give
the same bits on every machine; numpy's own would depend on the CPU's SIMD extensions.

leaky_relu(z) is z for z > 0, else alpha z with alpha = 0.01 (`LEAKY_RELU_SLOPE`, PyTorch's default slope).
Derivatives at kinks follow one convention: the left derivative. So relu'(0) = 0 and leaky_relu'(0) = alpha.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from symproof.engine import fp
from symproof.engine._validation import check_choice

__all__ = ["ACTIVATIONS", "LEAKY_RELU_SLOPE", "Activation", "get_activation"]

Array = NDArray[Any]

LEAKY_RELU_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """An elementwise function `f` with its derivative `df`, both taking the pre-activation z.

    `f_df`, when given, returns (f(z), df(z)) with the same bits as the two calls, sharing their exponential.
    """

    name: str
    f: Callable[[Array], Array]
    df: Callable[[Array], Array]
    f_df: Callable[[Array], tuple[Array, Array]] | None = None

    def both(self, z: Array) -> tuple[Array, Array]:
        """Return (f(z), df(z))."""
        return self.f_df(z) if self.f_df is not None else (self.f(z), self.df(z))


def _sigmoid(z: Array) -> Array:
    return fp.sigmoid(z)


def _sigmoid_prime(z: Array) -> Array:
    e = fp.exp(-np.abs(z))
    return e / (1.0 + e) ** 2


def _sigmoid_both(z: Array) -> tuple[Array, Array]:
    s, e = fp.sigmoid_and_exp(z)
    return s, e / (1.0 + e) ** 2


def _softplus(z: Array) -> Array:
    return fp.softplus(z)


def _tanh(z: Array) -> Array:
    return fp.tanh(z)


def _tanh_prime(z: Array) -> Array:
    e = fp.exp(-2.0 * np.abs(z))  # 1 - tanh(z)^2 = 4 e^{-2|z|} / (1 + e^{-2|z|})^2, without cancellation
    return 4.0 * e / (1.0 + e) ** 2


def _relu(z: Array) -> Array:
    return np.where(z > 0, z, 0.0)


def _relu_prime(z: Array) -> Array:
    return np.where(z > 0, 1.0, 0.0).astype(z.dtype)


def _leaky_relu(z: Array) -> Array:
    return np.where(z > 0, z, LEAKY_RELU_SLOPE * z)


def _leaky_relu_prime(z: Array) -> Array:
    return np.where(z > 0, 1.0, LEAKY_RELU_SLOPE).astype(z.dtype)


def _identity(z: Array) -> Array:
    return z


def _one(z: Array) -> Array:
    return np.ones_like(z)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", _sigmoid, _sigmoid_prime, _sigmoid_both),
        Activation("tanh", _tanh, _tanh_prime),
        Activation("relu", _relu, _relu_prime),
        Activation("leaky_relu", _leaky_relu, _leaky_relu_prime),
        Activation("identity", _identity, _one),
        Activation("softplus", _softplus, _sigmoid, fp.softplus_and_sigmoid),
    )
}


def get_activation(name: str, *, argument: str = "activation") -> Activation:
    """Return the activation called `name`."""
    return ACTIVATIONS[check_choice(argument, name, ACTIVATIONS)]
