"""The space a claim searches: `scenarios()`, a strategy of whole training scenarios, and `generic`, its jitter.

Every option of `scenarios()` is keyword-only, typed, and checked when the strategy is built, never when it is drawn:
an error names the option and the value. Each option takes a strategy, or a plain value, or a list of values to
choose from (`symproof.search.shorthands`); `weights` and `biases` take init shorthands, one for every layer or a list
with one per layer. Options left out keep the default search, and a plain value draws nothing, so fixing an option does
not change how the others are searched.

Scenario data (inputs and targets) are Hypothesis floats, bounded, tied within the classes the scenario fixes
(`symproof.search.data`), so that a counterexample in the data shrinks and `hypothesis.target` can steer the search.
`generic` (from the same module) adds a continuous jitter to learning rates, constants and data, for claims that hold
almost surely.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias, TypeVar

from hypothesis import strategies as st

from symproof.engine._validation import check_choice, check_positive_int, check_real, check_topology
from symproof.engine.activations import ACTIVATIONS
from symproof.engine.inits import BiasInit, BlockInit, WeightInit
from symproof.engine.losses import LOSSES
from symproof.engine.optimizers import OPTIMIZERS
from symproof.search.data import DATA_BOUND, GENERIC_JITTER, generic, with_data
from symproof.search.scenario import Scenario
from symproof.search.shorthands import bias_spec, choice, weight_spec
from symproof.search.strategies import (
    ACTIVATION_ORDER,
    LOSS_ORDER,
    OPTIMIZER_ORDER,
    SEEDS,
    bias_inits,
    block_inits,
    topologies,
    weight_inits,
)

__all__ = ["DATA_BOUND", "GENERIC_JITTER", "generic", "scenarios"]  # the first three from symproof.search.data

T = TypeVar("T")
Spec: TypeAlias = "T | list[T] | st.SearchStrategy[T]"
InitSpec: TypeAlias = "Any"  # a shorthand, a list of them (one per layer), a strategy, or a function of the depth


def _int_range(name: str, low: int, high: int) -> tuple[int, int]:
    check_positive_int(f"min_{name}", low)
    check_positive_int(f"max_{name}", high)
    if low > high:
        raise ValueError(f"min_{name} must be <= max_{name}; got {low} > {high}")
    return low, high


def _real(**bounds: Any) -> Callable[[str, Any], float]:
    def check(name: str, value: Any) -> float:
        return check_real(name, value, **bounds)

    return check


def _per_layer(spec: Any) -> int | None:
    return len(spec) if isinstance(spec, list | tuple) else None


def scenarios(
    *,
    topology: Spec[Sequence[int]] | None = None,
    min_depth: int | None = None,
    max_depth: int | None = None,
    min_width: int = 1,
    max_width: int = 5,
    activation: Spec[str] | None = None,
    loss: Spec[str] | None = None,
    weights: InitSpec = None,
    biases: InitSpec = None,
    block: bool = False,
    generic_blocks: bool = False,
    optimizer: Spec[str] | None = None,
    lr: Spec[float] | None = None,
    min_lr: float = 1e-3,
    max_lr: float = 1.0,
    momentum: Spec[float] = 0.9,
    beta1: Spec[float] = 0.9,
    beta2: Spec[float] = 0.999,
    eps: Spec[float] = 1e-8,
    min_weight_decay: float = 0.0,
    max_weight_decay: float = 0.1,
    batch: Spec[int] | None = None,
    max_batch: int = 4,
    steps: Spec[int] | None = None,
    min_steps: int = 1,
    max_steps: int = 10,
    targets: Spec[str] | None = None,
    dtype: Spec[str] = "float64",
    dropout: Spec[float] = 0.0,
    data: bool = True,
) -> st.SearchStrategy[Scenario]:
    """Return a strategy of Scenarios; every option is checked here, and an error names it.

    `topology` (or the depth and width bounds: 1 to 4 matrices, widths 1 to 5), `activation` (all six), `loss` (all
    four), `optimizer` (sgd, momentum, adam) with `lr` (or [min_lr, max_lr]), `momentum`, Adam's `beta1`, `beta2`
    and `eps`, weight decay 0 or in [min_weight_decay, max_weight_decay], `batch` (or 1..max_batch), `steps` (or
    min_steps..max_steps), `targets` ("equal" across outputs, "distinct", or either), `dtype`, `dropout` (on the
    hidden layers). `weights` and `biases`: see `symproof.search.shorthands` (default: each matrix zero, a constant in
    [-2, 2] or random; biases all zero, one constant per layer in [-1, 1], or all random). `block`: a block-constant
    start instead of per-layer inits. `data`: inputs and targets drawn by Hypothesis (else from the scenario's seed).
    """
    if topology is not None and (min_depth is not None or max_depth is not None or (min_width, max_width) != (1, 5)):
        raise TypeError("scenarios() takes topology or the depth and width bounds, not both")
    layers = {n for n in (_per_layer(weights), _per_layer(biases)) if n is not None}
    if len(layers) > 1:
        raise ValueError(f"weights and biases must list the same number of layers; got {weights!r} and {biases!r}")
    fixed = layers.pop() if layers else None
    if block and (weights is not None or biases is not None):
        raise TypeError("scenarios() takes block=True or weights/biases, not both")
    if topology is None:
        if fixed is not None and not (min_depth or fixed) <= fixed <= (max_depth or fixed):
            raise ValueError(
                f"weights and biases give {fixed} layers, outside depth {min_depth or 1}..{max_depth or 4}"
            )
        low, high = _int_range("depth", min_depth or fixed or 1, max_depth or fixed or 4)
        shapes: Any = topologies(min_depth=low, max_depth=high, min_width=min_width, max_width=max_width)
    else:
        given: Any = [tuple(t) for t in topology] if _nested(topology) else topology  # type: ignore[union-attr,arg-type]
        shapes = _Fixed(_shape(fixed)("topology", given)) if _flat(given) else choice("topology", given, _shape(fixed))
    lr_low, lr_high = (check_real(n, v, positive=True) for n, v in (("min_lr", min_lr), ("max_lr", max_lr)))
    if lr_low > lr_high:
        raise ValueError(f"min_lr must be <= max_lr; got {min_lr!r} > {max_lr!r}")
    decay = (
        check_real("min_weight_decay", min_weight_decay, nonnegative=True),
        check_real("max_weight_decay", max_weight_decay, nonnegative=True),
    )
    if decay[0] > decay[1]:
        raise ValueError(
            f"min_weight_decay must be <= max_weight_decay; got {min_weight_decay!r} > {max_weight_decay!r}"
        )
    _int_range("steps", min_steps, max_steps)
    check_positive_int("max_batch", max_batch)
    parts = {
        "topology": shapes,
        "weights": _inits("weights", weights, weight_spec),
        "biases": _inits("biases", biases, bias_spec),
        "activation": _named("activation", activation, ACTIVATION_ORDER, ACTIVATIONS),
        "loss": _named("loss", loss, LOSS_ORDER, LOSSES),
        "optimizer": _named("optimizer", optimizer, OPTIMIZER_ORDER, OPTIMIZERS),
        "lr": st.floats(lr_low, lr_high) if lr is None else _part("lr", lr, _real(positive=True)),
        "decay": st.floats(*decay) if decay[0] > 0 else st.just(0.0) | st.floats(*decay) if decay[1] else _Fixed(0.0),
        "batch": st.integers(1, max_batch) if batch is None else _part("batch", batch, _count),
        "targets": _named("targets", targets, ("equal", "distinct"), ("equal", "distinct")),
        "steps": st.integers(min_steps, max_steps) if steps is None else _part("steps", steps, _count),
        "built": {},  # the init strategies that functions of the depth give, built once per depth
    }
    parts["options"] = {
        "momentum": _part("momentum", momentum, _real(nonnegative=True)),
        "beta1": _part("beta1", beta1, _unit),
        "beta2": _part("beta2", beta2, _unit),
        "eps": _part("eps", eps, _real(positive=True)),
        "dtype": _part("dtype", dtype, _one(("float64", "float32"))),
        "dropout": _part("dropout", dropout, _unit),
    }
    return _scenarios(parts, block=block, generic_blocks=generic_blocks, data=data)


@dataclass(frozen=True)
class _Fixed:
    """A part of the scenario given as a plain value: set without a draw, so that fixing it leaves the search of
    the other parts exactly as it is without it."""

    value: Any


def _part(option: str, value: Any, check: Callable[[str, Any], Any]) -> Any:
    """Return a plain `value` as _Fixed (checked), and a list or strategy as a strategy."""
    if isinstance(value, st.SearchStrategy | list | tuple) or callable(value):
        return choice(option, value, check)
    return _Fixed(check(option, value))


def _flat(topology: Any) -> bool:
    return isinstance(topology, list | tuple) and all(isinstance(n, int) for n in topology)


def _nested(topology: Any) -> bool:
    return isinstance(topology, list) and bool(topology) and all(isinstance(t, list | tuple) for t in topology)


def _one(known: Any) -> Callable[[str, Any], str]:
    return lambda name, value: check_choice(name, value, known)


def _named(option: str, value: Any, order: Sequence[str], known: Any) -> Any:
    """Return the part of a named choice: all of `order` (shrinking to its first) when `value` is None."""
    return _part(option, list(order) if value is None else value, _one(known))


def _shape(depth: int | None) -> Callable[[str, Any], tuple[int, ...]]:
    def check(name: str, value: Any) -> tuple[int, ...]:
        shape = check_topology(value)
        if depth is not None and len(shape) - 1 != depth:
            raise ValueError(f"{name} {list(shape)} has {len(shape) - 1} layers, but weights or biases give {depth}")
        return shape

    return check


def _count(name: str, value: Any) -> int:
    return check_positive_int(name, value)


def _unit(name: str, value: Any) -> float:
    number = check_real(name, value, nonnegative=True)
    if not number < 1.0:
        raise ValueError(f"{name} must be in [0, 1); got {value!r}")
    return number


def _inits(name: str, spec: Any, one: Callable[..., st.SearchStrategy[Any]]) -> Any:
    """Return `spec` as None (the default), a function of the depth, or a strategy (of per-layer tuples, or of one
    init that every layer draws for itself)."""
    if spec is None or isinstance(spec, st.SearchStrategy) or callable(spec):
        return spec
    if isinstance(spec, list | tuple) and not isinstance(spec, WeightInit | BiasInit):
        return st.tuples(*[one(f"{name}[{i}]", s) for i, s in enumerate(spec)])
    each = one(name, spec)
    return lambda depth: st.tuples(*[each] * depth)


@st.composite
def _scenarios(draw: st.DrawFn, parts: dict[str, Any], *, block: bool, generic_blocks: bool, data: bool) -> Scenario:
    """Return a Scenario drawn from the checked `parts`; the draws come in the order of earlier versions."""

    def get(part: Any) -> Any:
        return part.value if isinstance(part, _Fixed) else draw(part)

    shape = get(parts["topology"])
    depth = len(shape) - 1

    def resolve(name: str, default: Any) -> Any:
        spec = parts[name]
        if spec is None:
            return draw(default)
        strategy = spec if isinstance(spec, st.SearchStrategy) else _of_depth(parts, name, depth)
        first = draw(strategy)
        specs = tuple(first) if isinstance(first, tuple) else (first, *[draw(strategy) for _ in range(depth - 1)])
        if len(specs) != depth:
            raise ValueError(f"{name} must give one init per layer: {depth} for topology {list(shape)}; got {specs}")
        return specs

    block_init = draw(_blocks(shape, generic_blocks)) if block else None
    weight_specs = () if block else resolve("weights", _weights(depth))
    bias_specs = () if block else resolve("biases", _biases(depth))
    name = get(parts["optimizer"])
    scenario = Scenario(
        topology=shape,
        optimizer=name,
        weight_decay=get(parts["decay"]),
        activation=get(parts["activation"]),
        loss=get(parts["loss"]),
        lr=get(parts["lr"]),
        weights=tuple(weight_specs),
        biases=tuple(bias_specs),
        block=block_init,
        batch=get(parts["batch"]),
        targets=get(parts["targets"]),
        seed=draw(SEEDS),
        steps=get(parts["steps"]),
        **{name: get(part) for name, part in parts["options"].items()},
    )
    return with_data(draw, scenario) if data else scenario


# Strategies are built once per depth or shape, not at every draw: building and validating them cost more than
# drawing from them. The choices drawn are the same.
@functools.cache
def _weights(depth: int) -> st.SearchStrategy[tuple[WeightInit, ...]]:
    return st.tuples(*[weight_inits()] * depth)


@functools.cache
def _biases(depth: int) -> st.SearchStrategy[tuple[BiasInit, ...]]:
    return bias_inits(depth)


@functools.cache
def _blocks(shape: tuple[int, ...], generic: bool) -> st.SearchStrategy[BlockInit]:
    return block_inits(shape, generic=generic)


def _of_depth(parts: dict[str, Any], name: str, depth: int) -> st.SearchStrategy[Any]:
    """Return the strategy of the init part `name` (a function of the depth) at `depth`, built once per search."""
    built: dict[tuple[str, int], st.SearchStrategy[Any]] = parts["built"]
    if (name, depth) not in built:
        built[name, depth] = parts[name](depth)
    return built[name, depth]
