"""Training steps: one gradient evaluation and one optimizer update, returning new objects only.

`train_step` takes one step, `iterate` yields steps one at a time (memory bounded by one step, however many are
taken), and `train` returns them all as a list. A step that produces a non-finite loss, gradient, parameter or
optimizer state raises `Divergence`; non-finite arguments are a ValueError that names the argument.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from symproof.engine import fp
from symproof.engine._validation import check_finite, check_positive_int
from symproof.engine.network import Forward, Network
from symproof.engine.optimizers import SGD, Adam, Momentum, Optimizer
from symproof.engine.params import Params

__all__ = ["Divergence", "Step", "iterate", "rounding_scale", "train", "train_step"]

_BUILT_IN = (SGD, Momentum, Adam)


@dataclass(frozen=True, eq=False)
class Step:
    """One step: the parameters after it, and the loss, gradients and forward pass at the parameters before it."""

    params: Params
    grads: Params
    loss: float
    forward: Forward
    state: Any
    masks: tuple[Any, ...] = ()


class Divergence(ArithmeticError):
    """Training produced an inf or nan at step `step` (1-based) in `what`; `history` holds Steps completed before it.

    `what` is the path of the value in the Step that was being made: "loss", "grads.biases[1]", "params.weights[0]",
    "state.v.weights[0]"; the message adds its value and index. `history` is every Step before it from `train`, the
    last one only (none at step 1) from `iterate`, which keeps no more than one step, and none from `train_step`,
    which counts its own step as 1.
    """

    def __init__(self, step: int, what: str, history: Sequence[Step] = (), detail: str = "") -> None:
        self.step = step
        self.what = what
        self.history = tuple(history)
        self.detail = detail
        super().__init__(
            f"training diverged at step {step}: {what} became non-finite" + (f" ({detail})" if detail else "")
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.step, self.what, self.history, self.detail))


def _check_engine(network: Any, optimizer: Any) -> None:
    if not isinstance(network, Network):
        raise TypeError(f"network must be a symproof Network; got {type(network).__name__}")
    if not (callable(getattr(optimizer, "init", None)) and callable(getattr(optimizer, "update", None))):
        raise TypeError(f"optimizer must be an Optimizer such as SGD, Momentum or Adam; got {optimizer!r}")


def _state_parts(state: Any) -> list[tuple[str, Params]]:
    """Return the Params held by an optimizer state (itself a Params, or a dataclass of them), each with its path."""
    if isinstance(state, Params):
        return [("state", state)]
    if dataclasses.is_dataclass(state) and not isinstance(state, type):
        parts = ((f"state.{field.name}", getattr(state, field.name)) for field in dataclasses.fields(state))
        return [(name, part) for name, part in parts if isinstance(part, Params)]
    return []


def _finite(params: Params) -> bool:
    """Return True if every entry of `params` is finite, by one reduction per array; False means "look closer"."""
    with np.errstate(over="ignore", invalid="ignore"):  # an inf or nan makes the sum non-finite; so can an
        return math.isfinite(sum(float(array.sum()) for array in params.arrays()))  # overflow of finite entries


def _non_finite(name: str, params: Params) -> tuple[str, str] | None:
    """Return the path and value of the first non-finite entry of `params`, or None if every entry is finite."""
    if _finite(params):
        return None
    for kind, arrays in (("weights", params.weights), ("biases", params.biases)):
        for l, array in enumerate(arrays):
            finite = np.isfinite(array)
            if not finite.all():
                index = tuple(int(i) for i in np.argwhere(~finite)[0])
                return f"{name}.{kind}[{l}]", f"{float(array[index])!r} at index {index}"
    return None


def _paths(name: str, params: Params) -> list[str]:
    """Return the names of the arrays of `params.arrays()`: name.weights[0], ..., name.biases[L-1]."""
    depth = params.depth
    return [f"{name}.weights[{l}]" for l in range(depth)] + [f"{name}.biases[{l}]" for l in range(depth)]


def _advance(
    network: Network,
    params: Params,
    x: Any,
    y: Any,
    optimizer: Optimizer,
    state: Any,
    masks: Sequence[Any] | None,
    number: int,
    checked: bool = False,
) -> Step:
    """Return step `number` from `params`; raise Divergence (with no history) if it produces a non-finite value.

    `checked` says that params, x and y are known good (they came from `iterate`'s checks and the previous step);
    the masks are checked either way.
    """
    # Overflow and invalid operations are not warned about: every one that matters leaves an inf or nan in the
    # loss, the gradients, the parameters or the state, which are checked below (symproof.engine.fp never warns).
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        with fp._quiet():  # only around symproof's own arithmetic: a custom optimizer keeps its own errstate
            if checked:
                gradient = network._gradient(params, x, y, network._masks(masks, x.shape[1], params.dtype))
            else:
                gradient = network.gradient(params, x, y, masks=masks)
        if state is None:
            state = optimizer.init(params)
        new, state = optimizer.update(params, gradient.grads, state)
    if not np.isfinite(gradient.loss):
        raise Divergence(number, "loss", (), repr(gradient.loss))
    later = [("params", new), *_state_parts(state)]
    # A built-in optimizer turns a non-finite gradient into a non-finite parameter (inf * lr, inf / inf, nan):
    # finite parameters and state then vouch for the gradients. Otherwise look in order, gradients first.
    if type(optimizer) in _BUILT_IN and all(_finite(part) for _, part in later):  # not a subclass: its own update
        return Step(new, gradient.grads, gradient.loss, gradient.forward, state, tuple(masks or ()))
    for name, part in (("grads", gradient.grads), *later):
        found = _non_finite(name, part)
        if found is not None:
            path, value = found
            raise Divergence(number, path, (), value)
    return Step(new, gradient.grads, gradient.loss, gradient.forward, state, tuple(masks or ()))


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

    `masks` are dropout masks for the hidden layers (see `Network.forward`). Raises Divergence (step 1, empty
    history) if the step produces a non-finite loss, gradient, parameter or state; ValueError if an argument
    (params, x, y, state) is itself non-finite.
    """
    _check_engine(network, optimizer)
    for name, part in _state_parts(state):
        for path, array in zip(_paths(name, part), part.arrays()):
            check_finite(path, array)
    return _advance(network, params, x, y, optimizer, state, masks, 1)


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


def iterate(
    network: Network,
    params: Params,
    x: Any,
    y: Any,
    optimizer: Optimizer,
    *,
    steps: int | None = None,
    inputs: Callable[[int], Any] | None = None,
    masks: Callable[[int], Sequence[Any] | None] | None = None,
) -> Iterator[Step]:
    """Yield the successive steps of training on (x, y) from `params`: `steps` of them, or forever if None.

    This is the one training loop of symproof. `inputs(k)`, when given, returns the inputs of step k >= 2 (fresh
    data at every step, as the seed's experiment draws them; step 1 uses x). `masks(batch)`, when given, returns
    each step's dropout masks (see `Network.forward`), drawn after that step's inputs.

    Memory stays that of one step: a step is dropped as soon as the caller drops it. The arguments are checked, and
    x and y copied, when `iterate` is called; a Divergence raised by the iterator holds only the last step yielded
    before it in `history` (none at step 1).
    """
    _check_engine(network, optimizer)
    if steps is not None:
        check_positive_int("steps", steps)
    xs, ys = _private(network, params, x, y)
    return _iterate(network, params, xs, ys, optimizer, steps, inputs, masks)


def _private(network: Network, params: Params, x: Any, y: Any) -> tuple[Any, Any]:
    """Return checked, read-only copies of x and y: changing them later does not change the run."""
    xs, ys = network._check(params, x, y)
    assert ys is not None
    xs, ys = np.array(xs), np.array(ys)
    xs.flags.writeable = ys.flags.writeable = False
    return xs, ys


def _iterate(
    network: Network,
    params: Params,
    x: Any,
    y: Any,
    optimizer: Optimizer,
    steps: int | None,
    inputs: Callable[[int], Any] | None,
    masks: Callable[[int], Sequence[Any] | None] | None,
) -> Iterator[Step]:
    numbers = itertools.count(1) if steps is None else range(1, steps + 1)
    state: Any = None
    last: Step | None = None  # the only step held while the caller has it: no list, whatever the number of steps
    for number in numbers:
        if inputs is not None and number > 1:
            x = _private(network, params, inputs(number), y)[0]
        dropped = masks(x.shape[1]) if masks is not None else None
        try:
            # iterate checked params, x and y; a built-in optimizer's update keeps them good, a custom one is checked
            trusted = number == 1 or type(optimizer) in _BUILT_IN
            last = _advance(network, params, x, y, optimizer, state, dropped, number, checked=trusted)
        except Divergence as error:
            error.history = () if last is None else (last,)
            raise
        yield last
        params, state = last.params, last.state


def train(network: Network, params: Params, x: Any, y: Any, optimizer: Optimizer, *, steps: int) -> list[Step]:
    """Return the `steps` successive steps of full-batch training on (x, y), starting from `params`.

    Raises Divergence, with every step before the one that diverged in its `history`, if a step produces a non-finite
    value. For long runs, `iterate` yields the same steps without keeping them.
    """
    check_positive_int("steps", steps)
    history: list[Step] = []
    try:
        for step in iterate(network, params, x, y, optimizer, steps=steps):
            history.append(step)
    except Divergence as error:
        error.history = tuple(history)
        raise
    return history
