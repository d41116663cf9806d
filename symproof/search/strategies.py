"""Hypothesis strategies for the parts of a scenario: topologies, activations, losses, optimizers, inits and data.

Every bound is keyword-only and checked when the strategy is built, not when it is drawn. Strategies shrink towards
small, shallow networks, the first activation listed (sigmoid), zero biases and one step. Random weight matrices come
from a `numpy.random.Generator` whose seed Hypothesis draws; constants, learning rates and block values are
Hypothesis floats. Whole scenarios come from `symproof.search.space.scenarios`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from symproof.engine._validation import check_choice, check_positive_int, check_real, check_topology
from symproof.engine.activations import ACTIVATIONS
from symproof.engine.inits import SCHEMES, WEIGHT_KINDS, BiasInit, BlockInit, WeightInit
from symproof.engine.losses import LOSSES
from symproof.engine.optimizers import OPTIMIZERS, Optimizer, make_optimizer

__all__ = [
    "ACTIVATION_ORDER",
    "activations",
    "batch_sizes",
    "bias_inits",
    "block_inits",
    "first_m_random",
    "inputs",
    "learning_rates",
    "losses",
    "only_random",
    "optimizers",
    "targets",
    "topologies",
    "weight_inits",
]

# Shrinking goes to the front of each list.
ACTIVATION_ORDER = ("sigmoid", "tanh", "relu", "identity", "leaky_relu", "softplus")
LOSS_ORDER = ("mse", "quadratic", "bce", "softmax_ce")
OPTIMIZER_ORDER = ("sgd", "momentum", "adam")
SEEDS = st.integers(0, 2**32 - 1)


def _bounds(name: str, low: int, high: int) -> None:
    check_positive_int(f"min_{name}", low)
    check_positive_int(f"max_{name}", high)
    if low > high:
        raise ValueError(f"min_{name} must be <= max_{name}; got {low} > {high}")


def _ordered(name: str, low: float, high: float) -> tuple[float, float]:
    a, b = check_real(f"min_{name}", low), check_real(f"max_{name}", high)
    if a > b:
        raise ValueError(f"min_{name} must be <= max_{name}; got {low!r} > {high!r}")
    return a, b


def _names(argument: str, names: Sequence[str] | None, order: Sequence[str], known: Any) -> list[str]:
    chosen = list(order) if names is None else [check_choice(argument, n, known) for n in names]
    if not chosen:
        raise ValueError(f"{argument} must name at least one choice; got {names!r}")
    return chosen


def topologies(
    *, min_depth: int = 1, max_depth: int = 4, min_width: int = 1, max_width: int = 5
) -> st.SearchStrategy[tuple[int, ...]]:
    """Return layer widths (n_0, ..., n_L) with L weight matrices, min_depth <= L <= max_depth."""
    _bounds("depth", min_depth, max_depth)
    _bounds("width", min_width, max_width)
    widths = st.integers(min_width, max_width)
    return st.integers(min_depth, max_depth).flatmap(lambda depth: st.tuples(*[widths] * (depth + 1)))


def activations(*, names: Sequence[str] | None = None) -> st.SearchStrategy[str]:
    """Return activation names, shrinking towards sigmoid."""
    return st.sampled_from(_names("names", names, ACTIVATION_ORDER, ACTIVATIONS))


def losses(*, names: Sequence[str] | None = None) -> st.SearchStrategy[str]:
    """Return loss names, shrinking towards mse."""
    return st.sampled_from(_names("names", names, LOSS_ORDER, LOSSES))


def learning_rates(*, min_value: float = 1e-3, max_value: float = 1.0) -> st.SearchStrategy[float]:
    """Return learning rates in [min_value, max_value]."""
    low = check_real("min_value", min_value, positive=True)
    high = check_real("max_value", max_value, positive=True)
    if low > high:
        raise ValueError(f"min_value must be <= max_value; got {low} > {high}")
    return st.floats(low, high)


def batch_sizes(*, min_size: int = 1, max_size: int = 4) -> st.SearchStrategy[int]:
    """Return batch sizes B."""
    _bounds("size", min_size, max_size)
    return st.integers(min_size, max_size)


def optimizers(
    *, names: Sequence[str] | None = None, min_lr: float = 1e-3, max_lr: float = 1.0, max_weight_decay: float = 0.0
) -> st.SearchStrategy[Optimizer]:
    """Return SGD, momentum or Adam optimizers with a learning rate and an optional weight decay."""
    chosen = _names("names", names, OPTIMIZER_ORDER, OPTIMIZERS)
    decay = check_real("max_weight_decay", max_weight_decay, nonnegative=True)
    return st.builds(
        make_optimizer,
        st.sampled_from(chosen),
        learning_rates(min_value=min_lr, max_value=max_lr),
        weight_decay=st.just(0.0) | st.floats(0.0, decay) if decay else st.just(0.0),
    )


def weight_inits(
    *,
    kinds: Sequence[str] = ("zero", "constant", "random"),
    min_value: float = -2.0,
    max_value: float = 2.0,
    schemes: Sequence[str] = ("N(0,1)", "N(0,1/n_in)"),
) -> st.SearchStrategy[WeightInit]:
    """Return one matrix's init: zero, a constant in [min_value, max_value] (negative included), random,
    row-equal or column-equal (the last three under one of `schemes`)."""
    for kind in kinds:
        check_choice("kinds", kind, WEIGHT_KINDS)
    for scheme in schemes:
        check_choice("schemes", scheme, SCHEMES)
    low, high = _ordered("value", min_value, max_value)
    options = {
        "zero": st.just(WeightInit("zero")),
        "constant": st.floats(low, high).map(lambda c: WeightInit("constant", c)),
        "random": st.sampled_from(list(schemes)).map(lambda s: WeightInit("random", scheme=s)),
        "row-equal": st.sampled_from(list(schemes)).map(lambda s: WeightInit("row-equal", scheme=s)),
        "column-equal": st.sampled_from(list(schemes)).map(lambda s: WeightInit("column-equal", scheme=s)),
    }
    return st.one_of(*[options[k] for k in kinds])


def first_m_random(
    depth: int, m: int, *, rest: Literal["zero", "constant"], min_value: float = -2.0, max_value: float = 2.0
) -> st.SearchStrategy[tuple[WeightInit, ...]]:
    """Return inits whose first m matrices are random N(0, 1) and the other depth - m are zero or constants."""
    check_positive_int("depth", depth)
    if not 0 <= m <= depth:
        raise ValueError(f"m must be in 0..{depth}; got {m!r}")
    later = weight_inits(kinds=[rest], min_value=min_value, max_value=max_value)
    return st.tuples(*[st.just(WeightInit("random"))] * m, *[later] * (depth - m))


def only_random(
    depth: int,
    j: int,
    *,
    rest: Literal["zero", "constant"] = "constant",
    min_value: float = -2.0,
    max_value: float = 2.0,
) -> st.SearchStrategy[tuple[WeightInit, ...]]:
    """Return inits in which only matrix j (1-based) is random and every other is zero or a constant."""
    check_positive_int("depth", depth)
    if not 1 <= j <= depth:
        raise ValueError(f"j must be in 1..{depth}; got {j!r}")
    other = weight_inits(kinds=[rest], min_value=min_value, max_value=max_value)
    return st.tuples(*[st.just(WeightInit("random")) if l == j else other for l in range(1, depth + 1)])


def bias_inits(
    depth: int,
    *,
    kinds: Sequence[str] = ("zero", "constant", "random"),
    min_value: float = -1.0,
    max_value: float = 1.0,
    per_layer: bool = False,
) -> st.SearchStrategy[tuple[BiasInit, ...]]:
    """Return per-layer bias inits: all zero, one constant per layer (like the seed's 0.1..0.4), or all random;
    with `per_layer`, each layer's kind is drawn on its own."""
    check_positive_int("depth", depth)
    for kind in kinds:
        check_choice("kinds", kind, ("zero", "constant", "random"))
    constants = st.floats(*_ordered("value", min_value, max_value))
    if per_layer:
        one = {"zero": st.just(BiasInit("zero")), "constant": constants.map(lambda c: BiasInit("constant", c))}
        one["random"] = st.just(BiasInit("random"))
        return st.tuples(*[st.one_of(*[one[k] for k in kinds])] * depth)
    options = {
        "zero": st.just((BiasInit("zero"),) * depth),
        "constant": st.tuples(*[constants.map(lambda c: BiasInit("constant", c))] * depth),
        "random": st.just((BiasInit("random"),) * depth),
    }
    return st.one_of(*[options[k] for k in kinds])


def inputs(
    n_in: int, *, min_batch: int = 1, max_batch: int = 4, scale: float = 1.0, max_abs: float = 5.0
) -> st.SearchStrategy[NDArray[Any]]:
    """Return an (n_in, B) batch of N(0, scale^2) inputs truncated to |x| <= max_abs (redrawn, not clipped, so the
    law stays continuous), drawn from a Generator seeded by Hypothesis."""
    check_positive_int("n_in", n_in)
    _bounds("batch", min_batch, max_batch)
    s = check_real("scale", scale, positive=True)
    bound = check_real("max_abs", max_abs, positive=True)

    def draw(seed: int, batch: int) -> NDArray[Any]:
        rng = np.random.default_rng(seed)
        x = s * rng.standard_normal((n_in, batch))
        while (outside := np.abs(x) > bound).any():
            x[outside] = s * rng.standard_normal(int(outside.sum()))
        return x

    return st.builds(draw, SEEDS, st.integers(min_batch, max_batch))


def targets(n_out: int, batch: int, *, equal: bool | None = None) -> st.SearchStrategy[NDArray[Any]]:
    """Return (n_out, batch) U(0, 1) targets whose rows are all equal (equal=True), independent, or either."""
    check_positive_int("n_out", n_out)
    check_positive_int("batch", batch)
    modes = st.sampled_from([True, False]) if equal is None else st.just(equal)

    def draw(seed: int, same: bool) -> NDArray[Any]:
        rows = np.random.default_rng(seed).uniform(0.0, 1.0, size=(1 if same else n_out, batch))
        return np.repeat(rows, n_out, axis=0) if same else rows

    return st.builds(draw, SEEDS, modes)


def block_inits(
    topology: Sequence[int],
    *,
    max_blocks: int = 3,
    min_value: float = -2.0,
    max_value: float = 2.0,
    generic: bool = False,
) -> st.SearchStrategy[BlockInit]:
    """Return block-constant inits for `topology` (see `_block_inits`); bounds are checked here, eagerly."""
    sizes = check_topology(topology)
    check_positive_int("max_blocks", max_blocks)
    low, high = _ordered("value", min_value, max_value)
    return _block_inits(sizes, max_blocks=max_blocks, min_value=low, max_value=high, generic=generic)


@st.composite
def _block_inits(
    draw: st.DrawFn,
    topology: Sequence[int],
    *,
    max_blocks: int,
    min_value: float,
    max_value: float,
    generic: bool,
) -> BlockInit:
    """Return a block-constant init for `topology`: a partition of every layer into at most max_blocks blocks, one
    value per (row block x column block) of each W_l and per block of each b_l. With generic=True the values come
    from a seeded Generator (continuous, so almost surely distinct); otherwise they are Hypothesis floats."""
    values = st.floats(min_value, max_value)
    labels = []
    for n in topology:
        raw = draw(st.lists(st.integers(0, max_blocks - 1), min_size=n, max_size=n))
        canon = {k: i for i, k in enumerate(dict.fromkeys(raw))}
        labels.append(tuple(canon[k] for k in raw))
    counts = [max(b) + 1 for b in labels]
    rng = np.random.default_rng(draw(SEEDS)) if generic else None

    def table(rows: int, cols: int) -> tuple[tuple[float, ...], ...]:
        if rng is not None:
            return tuple(tuple(float(v) for v in row) for row in rng.uniform(min_value, max_value, (rows, cols)))
        return tuple(tuple(draw(values) for _ in range(cols)) for _ in range(rows))

    weights = tuple(table(counts[l], counts[l + 1]) for l in range(len(topology) - 1))
    biases = tuple(table(1, counts[l + 1])[0] for l in range(len(topology) - 1))
    return BlockInit(tuple(labels), weights, biases)
