"""Hypothesis strategies for networks, initialisations, data and whole training scenarios.

Every bound is keyword-only and checked when the strategy is built, not when it is drawn. Strategies shrink towards
small, shallow networks, the first activation listed (sigmoid), zero biases and one step.

Scenario data (inputs and targets) are Hypothesis floats, bounded, tied within the classes the scenario fixes, so
that a counterexample in the data shrinks and `hypothesis.target` can steer the search. Random weight matrices come
from a `numpy.random.Generator` whose seed Hypothesis draws. Constants, learning rates and block values are Hypothesis
floats, for universal claims; `generic` adds a continuous jitter to all of them, data included, for generic claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Literal

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from symproof._validation import check_choice, check_positive_int, check_real, check_topology
from symproof.activations import ACTIVATIONS
from symproof.inits import SCHEMES, BiasInit, BlockInit, WeightInit
from symproof.losses import LOSSES
from symproof.optimizers import OPTIMIZERS, Optimizer, make_optimizer
from symproof.scenario import Scenario

__all__ = [
    "ACTIVATION_ORDER",
    "activations",
    "batch_sizes",
    "bias_inits",
    "block_inits",
    "first_m_random",
    "generic",
    "inputs",
    "learning_rates",
    "losses",
    "only_random",
    "optimizers",
    "scenarios",
    "targets",
    "topologies",
    "weight_inits",
]

# Shrinking goes to the front of each list.
ACTIVATION_ORDER = ("sigmoid", "tanh", "relu", "identity", "leaky_relu", "softplus")
LOSS_ORDER = ("mse", "quadratic", "bce", "softmax_ce")
OPTIMIZER_ORDER = ("sgd", "momentum", "adam")
SEEDS = st.integers(0, 2**32 - 1)
# The relative jitter `generic` applies to learning rates and constants.
GENERIC_JITTER = 1e-3


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
    """Return one matrix's init: zero, a constant in [min_value, max_value] (negative included), or random."""
    for kind in kinds:
        check_choice("kinds", kind, ("zero", "constant", "random"))
    for scheme in schemes:
        check_choice("schemes", scheme, SCHEMES)
    low, high = _ordered("value", min_value, max_value)
    options = {
        "zero": st.just(WeightInit("zero")),
        "constant": st.floats(low, high).map(lambda c: WeightInit("constant", c)),
        "random": st.sampled_from(list(schemes)).map(lambda s: WeightInit("random", scheme=s)),
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
) -> st.SearchStrategy[tuple[BiasInit, ...]]:
    """Return per-layer bias inits: all zero, one constant per layer (like the seed's 0.1..0.4), or all random."""
    check_positive_int("depth", depth)
    for kind in kinds:
        check_choice("kinds", kind, ("zero", "constant", "random"))
    constants = st.floats(*_ordered("value", min_value, max_value))
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


SCENARIO_OPTIONS = frozenset(
    {
        "topology",
        "activation",
        "loss",
        "weights",
        "biases",
        "block",
        "generic_blocks",
        "target_modes",
        "optimizer_names",
        "min_lr",
        "max_lr",
        "max_weight_decay",
        "max_batch",
        "min_steps",
        "max_steps",
        "data",
    }
)
# Bounds of the data that `scenarios` draws: inputs in [-DATA_BOUND, DATA_BOUND], targets in [0, 1].
DATA_BOUND = 3.0


def scenarios(**options: Any) -> st.SearchStrategy[Scenario]:
    """Return Scenarios (see `_scenarios` for the options); every bound is checked here, eagerly."""
    for name in options:
        if name not in SCENARIO_OPTIONS:
            raise TypeError(f"scenarios() got an unknown option {name}={options[name]!r}")
    _bounds("steps", options.get("min_steps", 1), options.get("max_steps", 10))
    check_positive_int("max_batch", options.get("max_batch", 4))
    check_real("min_lr", _ordered("lr", options.get("min_lr", 1e-3), options.get("max_lr", 1.0))[0], positive=True)
    check_real("max_weight_decay", options.get("max_weight_decay", 0.1), nonnegative=True)
    for mode in options.get("target_modes", ("equal", "distinct")):
        check_choice("target_modes", mode, ("equal", "distinct"))
    return _scenarios(**options)


@st.composite
def _scenarios(
    draw: st.DrawFn,
    *,
    topology: st.SearchStrategy[tuple[int, ...]] | None = None,
    activation: st.SearchStrategy[str] | None = None,
    loss: st.SearchStrategy[str] | None = None,
    weights: Any = None,
    biases: Any = None,
    block: bool = False,
    generic_blocks: bool = False,
    target_modes: Sequence[str] = ("equal", "distinct"),
    optimizer_names: Sequence[str] | None = None,
    min_lr: float = 1e-3,
    max_lr: float = 1.0,
    max_weight_decay: float = 0.1,
    max_batch: int = 4,
    min_steps: int = 1,
    max_steps: int = 10,
    data: bool = True,
) -> Scenario:
    """Return a Scenario. `weights` and `biases` may be strategies, or callables from depth to a strategy.

    With `data`, the inputs and targets are drawn here, as Hypothesis floats; without, from the scenario's seed.
    """
    shape = draw(topology if topology is not None else topologies())
    depth = len(shape) - 1

    def resolve(spec: Any, default: Any) -> Any:
        if spec is None:
            return draw(default)
        return draw(spec(depth) if callable(spec) and not isinstance(spec, st.SearchStrategy) else spec)

    block_init = draw(block_inits(shape, generic=generic_blocks)) if block else None
    weight_specs = () if block else resolve(weights, st.tuples(*[weight_inits()] * depth))
    bias_specs = () if block else resolve(biases, bias_inits(depth))
    name = draw(st.sampled_from(_names("optimizer_names", optimizer_names, OPTIMIZER_ORDER, OPTIMIZERS)))
    decay = draw(st.just(0.0) | st.floats(0.0, max_weight_decay)) if max_weight_decay > 0 else 0.0
    scenario = Scenario(
        topology=shape,
        activation=draw(activation if activation is not None else activations()),
        loss=draw(loss if loss is not None else losses()),
        optimizer=name,
        lr=draw(learning_rates(min_value=min_lr, max_value=max_lr)),
        weight_decay=decay,
        weights=tuple(weight_specs),
        biases=tuple(bias_specs),
        block=block_init,
        batch=draw(batch_sizes(max_size=max_batch)),
        targets=draw(st.sampled_from(list(target_modes))),
        seed=draw(SEEDS),
        steps=draw(st.integers(min_steps, max_steps)),
    )
    return _with_data(draw, scenario) if data else scenario


def _with_data(draw: st.DrawFn, s: Scenario) -> Scenario:
    """Return `s` with Hypothesis-drawn inputs and targets, one row per class (tied rows stay equal)."""
    x_values = st.floats(-DATA_BOUND, DATA_BOUND)
    y_values = st.floats(0.0, 1.0)
    x_rows = [tuple(draw(x_values) for _ in range(s.batch)) for _ in range(int(s._labels(0).max()) + 1)]
    y_rows = [tuple(draw(y_values) for _ in range(s.batch)) for _ in range(int(s._labels(s.depth).max()) + 1)]
    return _tied(s, x_rows, y_rows)


def _tied(s: Scenario, x_rows: Sequence[Sequence[float]], y_rows: Sequence[Sequence[float]]) -> Scenario:
    """Return `s` with its data built from one row per class; softmax targets become probability columns."""
    x = np.array(x_rows, dtype=np.float64)[s._labels(0)]
    y = np.array(y_rows, dtype=np.float64)[s._labels(s.depth)]
    if s.loss == "softmax_ce":
        total = y.sum(axis=0, keepdims=True)  # a few terms, summed in a fixed order: the same on every machine
        y = np.where(total > 0, y / np.where(total > 0, total, 1.0), 1.0 / y.shape[0])
        if len(y_rows) == 1:
            # Equal targets are 1/n exactly, as softmax over equal outputs is: v / fl(n v) can differ from fl(1/n)
            # by an ulp, a rounding-only "error" whose gradient can round to exactly 0.
            y = np.full_like(y, 1.0 / y.shape[0])
    return replace(s, x=tuple(map(tuple, x.tolist())), y=tuple(map(tuple, y.tolist())))


def _jittered(scenario: Scenario) -> Scenario:
    rng = np.random.default_rng([scenario.seed, 0x6E6E])
    scale = 1.0 + rng.uniform(-GENERIC_JITTER, GENERIC_JITTER, size=2 + 2 * scenario.depth)
    weights = tuple(
        replace(w, value=w.value * scale[2 + l]) if w.kind == "constant" else w for l, w in enumerate(scenario.weights)
    )
    biases = tuple(
        replace(b, value=b.value * scale[2 + scenario.depth + l]) if b.kind == "constant" else b
        for l, b in enumerate(scenario.biases)
    )
    jittered = replace(
        scenario,
        lr=scenario.lr * scale[0],
        weight_decay=scenario.weight_decay * scale[1],
        weights=weights,
        biases=biases,
    )
    if scenario.x is None or scenario.y is None:
        return jittered
    # Data: one continuous shift per class, so tied rows stay tied; targets stay in [0, 1].
    x_classes, y_classes = int(scenario._labels(0).max()) + 1, int(scenario._labels(scenario.depth).max()) + 1
    x_rows = _class_rows(np.array(scenario.x), scenario._labels(0), x_classes)
    y_rows = _class_rows(np.array(scenario.y), scenario._labels(scenario.depth), y_classes)
    x_rows = x_rows + rng.uniform(-GENERIC_JITTER, GENERIC_JITTER, size=x_rows.shape)
    y_rows = y_rows * (1.0 - 2.0 * GENERIC_JITTER) + rng.uniform(0.0, 2.0 * GENERIC_JITTER, size=y_rows.shape)
    return _tied(jittered, x_rows.tolist(), y_rows.tolist())


def _class_rows(data: NDArray[Any], labels: NDArray[Any], classes: int) -> NDArray[Any]:
    """Return one row of `data` per class of `labels` (the first row of each class)."""
    return np.stack([data[int(np.flatnonzero(labels == k)[0])] for k in range(classes)])


def generic(strategy: st.SearchStrategy[Scenario]) -> st.SearchStrategy[Scenario]:
    """Return `strategy` with every learning rate, weight decay and constant multiplied by 1 + U(-1e-3, 1e-3), every
    input class shifted by U(-1e-3, 1e-3), and every target class moved by as much within [0, 1].

    For generic claims: the jitter comes from a Generator seeded by the scenario, so values keep Hypothesis' shape
    and shrinking while coincidences of measure zero (lr 0.5 with a bias of 0.5 making the output error flip sign
    exactly, so that a weight returns to exactly 0) have probability zero. Zero constants stay zero; zero data do not.
    """
    return strategy.map(_jittered)
