"""Elementwise optimizers: SGD, SGD with momentum, and Adam, each with optional L2 weight decay.

An optimizer is a frozen configuration. `init(params)` returns its state, and `update(params, grads, state)` returns
new Params and a new state; neither touches its arguments. The updates, with g the gradient:

- weight decay (all three): g <- g + weight_decay * W for weight matrices (biases are not decayed);
- `SGD`: theta <- theta - lr * g;
- `Momentum` (PyTorch's convention): v <- momentum * v + g, theta <- theta - lr * v, with v = 0 at the start;
- `Adam` (Kingma and Ba, 2015): m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g^2, t <- t + 1,
  theta <- theta - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).

Every rule acts entry by entry, the same way on every entry; this is what makes symmetric states stay symmetric.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from symproof.engine._validation import check_choice, check_real
from symproof.engine.params import Params

Array = NDArray[Any]

__all__ = ["OPTIMIZERS", "SGD", "Adam", "AdamState", "Momentum", "Optimizer", "make_optimizer"]


class Optimizer(Protocol):
    """The interface shared by every optimizer."""

    @property
    def lr(self) -> float:
        """Return the learning rate."""

    def init(self, params: Params) -> Any:
        """Return the state before the first step."""

    def update(self, params: Params, grads: Params, state: Any) -> tuple[Params, Any]:
        """Return the parameters after one step, and the new state."""


def _check_pair(params: Params, grads: Params) -> None:
    for name, value in (("params", params), ("grads", grads)):
        if not isinstance(value, Params):
            raise TypeError(f"{name} must be a symproof Params; got {type(value).__name__}")
    if grads.topology != params.topology or grads.dtype != params.dtype:
        raise ValueError(
            f"grads must match params ({list(params.topology)}, {params.dtype}); "
            f"got {list(grads.topology)}, {grads.dtype}"
        )


def _check_state(name: str, state: Any, kind: type, params: Params) -> None:
    if not isinstance(state, kind):
        raise TypeError(f"state must be the {kind.__name__} that {name}.init returns; got {type(state).__name__}")
    parts = [state] if isinstance(state, Params) else [state.m, state.v] if isinstance(state, AdamState) else []
    for part in parts:
        if part.topology != params.topology or part.dtype != params.dtype:
            raise ValueError(
                f"state must match params ({list(params.topology)}, {params.dtype}); "
                f"got {list(part.topology)}, {part.dtype}"
            )


def _decayed(params: Params, grads: Params, weight_decay: float) -> Params:
    if weight_decay == 0.0:
        return grads
    return Params._wrap([_axpy(weight_decay, w, g) for g, w in zip(grads.weights, params.weights)], list(grads.biases))


def _axpy(alpha: float, x: Array, y: Array) -> Array:
    """Return y + alpha x (y - |alpha| x for a negative alpha), rounded as written, in one new array."""
    out = np.multiply(x, abs(alpha))  # the only new array: a fresh one per step is what costs at large widths
    return np.add(y, out, out=out) if alpha >= 0 else np.subtract(y, out, out=out)


def _rate(name: str, value: float) -> float:
    number = check_real(name, value, nonnegative=True)
    if number >= 1.0:
        raise ValueError(f"{name} must be in [0, 1); got {value!r}")
    return number


@dataclass(frozen=True)
class SGD:
    """Plain gradient descent."""

    lr: float
    weight_decay: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "lr", check_real("lr", self.lr, positive=True))
        object.__setattr__(self, "weight_decay", check_real("weight_decay", self.weight_decay, nonnegative=True))

    def init(self, params: Params) -> None:
        """Return the state before the first step (SGD keeps none)."""
        return None

    def update(self, params: Params, grads: Params, state: None) -> tuple[Params, None]:
        """Return theta - lr * g, and no state."""
        _check_pair(params, grads)
        g = _decayed(params, grads, self.weight_decay)
        return params.map(lambda p, d: _axpy(-self.lr, d, p), g), None


@dataclass(frozen=True)
class Momentum:
    """Gradient descent with heavy-ball momentum."""

    lr: float
    momentum: float = 0.9
    weight_decay: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "lr", check_real("lr", self.lr, positive=True))
        object.__setattr__(self, "momentum", _rate("momentum", self.momentum))
        object.__setattr__(self, "weight_decay", check_real("weight_decay", self.weight_decay, nonnegative=True))

    def init(self, params: Params) -> Params:
        """Return a zero velocity."""
        return params.map(np.zeros_like)

    def update(self, params: Params, grads: Params, state: Params) -> tuple[Params, Params]:
        """Return theta - lr * v with v = momentum * v + g, and the new v."""
        _check_pair(params, grads)
        _check_state("Momentum", state, Params, params)
        velocity = state.map(lambda v, d: _axpy(self.momentum, v, d), _decayed(params, grads, self.weight_decay))
        return params.map(lambda p, v: _axpy(-self.lr, v, p), velocity), velocity


@dataclass(frozen=True, eq=False)
class AdamState:
    """Adam's step count and first and second moment estimates."""

    t: int
    m: Params
    v: Params


@dataclass(frozen=True)
class Adam:
    """Adam with bias-corrected moments."""

    lr: float
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "lr", check_real("lr", self.lr, positive=True))
        object.__setattr__(self, "beta1", _rate("beta1", self.beta1))
        object.__setattr__(self, "beta2", _rate("beta2", self.beta2))
        object.__setattr__(self, "eps", check_real("eps", self.eps, positive=True))
        object.__setattr__(self, "weight_decay", check_real("weight_decay", self.weight_decay, nonnegative=True))

    def init(self, params: Params) -> AdamState:
        """Return t = 0 and zero moments."""
        zeros = params.map(np.zeros_like)
        return AdamState(0, zeros, zeros)

    def update(self, params: Params, grads: Params, state: AdamState) -> tuple[Params, AdamState]:
        """Return the Adam step and the new moments."""
        _check_pair(params, grads)
        _check_state("Adam", state, AdamState, params)
        g = _decayed(params, grads, self.weight_decay)
        t = state.t + 1
        m = state.m.map(lambda m_, d: self.beta1 * m_ + (1.0 - self.beta1) * d, g)
        v = state.v.map(lambda v_, d: self.beta2 * v_ + (1.0 - self.beta2) * d * d, g)
        c1, c2 = 1.0 - _power(self.beta1, t), 1.0 - _power(self.beta2, t)
        new = params.map(lambda p, m_, v_: p - self.lr * (m_ / c1) / (np.sqrt(v_ / c2) + self.eps), m, v)
        return new, AdamState(t, m, v)


@functools.lru_cache(maxsize=4096)
def _power(base: float, t: int) -> float:
    """Return base**t correctly rounded: from the exact rational power, not the C library's pow (which is not
    correctly rounded, and differs between machines)."""
    return float(Fraction(base) ** t)


OPTIMIZERS: dict[str, type[SGD] | type[Momentum] | type[Adam]] = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def make_optimizer(name: str, lr: float, **options: float) -> Optimizer:
    """Return the optimizer called `name` ("sgd", "momentum" or "adam") with learning rate `lr`."""
    cls = OPTIMIZERS[check_choice("optimizer", name, OPTIMIZERS)]
    known = set(cls.__dataclass_fields__) - {"lr"}
    for option, value in options.items():
        if option not in known:
            raise TypeError(f"{option}={value!r} is not an option of optimizer {name!r}; options: {sorted(known)}")
    optimizer: Optimizer = cls(lr, **options)
    return optimizer
