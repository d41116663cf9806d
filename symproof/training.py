"""Training steps: one gradient evaluation and one optimizer update, returning new objects only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from symproof._validation import check_positive_int
from symproof.network import Forward, Network
from symproof.optimizers import Optimizer
from symproof.params import Params

__all__ = ["Step", "rounding_scale", "train", "train_step"]


@dataclass(frozen=True, eq=False)
class Step:
    """One step: the parameters after it, and the loss, gradients and forward pass at the parameters before it."""

    params: Params
    grads: Params
    loss: float
    forward: Forward
    state: Any
    masks: tuple[Any, ...] = ()


def train_step(
    network: Network,
    params: Params,
    x: Any,
    y: Any,
    optimizer: Optimizer,
    state: Any = None,
    *,
    masks: Sequence[Any] | None = None,
) -> Step:
    """Return the result of one optimizer step on the batch (x, y); `state` None means a fresh optimizer state.

    `masks` are dropout masks for the hidden layers (see `Network.forward`).
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a symproof Network; got {type(network).__name__}")
    if not (callable(getattr(optimizer, "init", None)) and callable(getattr(optimizer, "update", None))):
        raise TypeError(f"optimizer must be an Optimizer such as SGD, Momentum or Adam; got {optimizer!r}")
    gradient = network.gradient(params, x, y, masks=masks)
    if state is None:
        state = optimizer.init(params)
    new, state = optimizer.update(params, gradient.grads, state)
    return Step(new, gradient.grads, gradient.loss, gradient.forward, state, tuple(masks or ()))


def rounding_scale(network: Network, step: Step, previous: Params, y: Any, optimizer: Optimizer) -> Params:
    """Return, per new parameter of `step`, the size of the terms it was computed from.

    |theta_before| + |theta_after| + lr (G + weight_decay |theta_before| + |velocity|), with G the gradient's term
    scale (`Network.gradient_scale`): a parameter that two neurons share in exact arithmetic differs between them in
    floating point by a few eps times this, even where a gradient cancels to zero. Adam is not covered: it divides
    by sqrt(v), so a cancelled gradient's rounding noise becomes a step of size lr (docs/tolerances.md).
    """
    terms = network.gradient_scale(step.forward, y, masks=step.masks or None)
    lr, decay = optimizer.lr, float(getattr(optimizer, "weight_decay", 0.0))
    velocity = step.state if isinstance(step.state, Params) else None
    arrays = zip(previous.arrays(), step.params.arrays(), terms.arrays(), (velocity or terms).arrays())
    scale = [
        np.abs(p) + np.abs(q) + lr * (g + decay * np.abs(p) + (np.abs(v) if velocity is not None else 0.0))
        for p, q, g, v in arrays
    ]
    depth = previous.depth
    return Params._wrap(scale[:depth], scale[depth:])


def train(network: Network, params: Params, x: Any, y: Any, optimizer: Optimizer, *, steps: int) -> list[Step]:
    """Return the `steps` successive steps of full-batch training on (x, y), starting from `params`."""
    check_positive_int("steps", steps)
    history: list[Step] = []
    state: Any = None
    for _ in range(steps):
        step = train_step(network, params, x, y, optimizer, state)
        history.append(step)
        params, state = step.params, step.state
    return history
