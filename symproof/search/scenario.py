"""A scenario: one complete, replayable training set-up, held as plain data.

A scenario names a topology, an activation and loss, an optimizer, the initialisation of every matrix and bias (or a
block-constant init), the batch, how the targets relate across outputs, and a seed. `run()` rebuilds everything from
that data alone, so a counterexample is just `scenario.to_dict()`, and `Scenario.from_dict(d).run()` replays it.

The data are explicit (`x`, `y`: the strategies draw them with Hypothesis, so that they shrink and a search can
steer them), or, where `x` or `y` is None, drawn from the seed: inputs N(0, 1), targets U(0, 1) (a softmax target is
a probability column). With targets "equal" every output row of y is the same; with "distinct" the rows are
independent. A block init ties input rows within input blocks and target rows within output blocks instead.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass
from typing import Any, Literal, NamedTuple

import numpy as np
from numpy.typing import NDArray

from symproof.engine.inits import BiasInit, BlockInit, WeightInit, build_params
from symproof.engine.network import Network
from symproof.engine.optimizers import Optimizer, make_optimizer
from symproof.engine.params import Params
from symproof.engine.torch_mirror import torch_iterate
from symproof.engine.training import Divergence, Step, iterate

__all__ = ["BLOW_UP", "Data", "Diverged", "Scenario"]

Array = NDArray[Any]


# A parameter beyond this size means the run is blowing up (identity activations at lr 1 reach 1e80 in six steps);
# such a run lies outside every claim's scope, like one that overflows.
BLOW_UP = 1e6


class Diverged(ArithmeticError):
    """Training blew up (a parameter beyond BLOW_UP, or any value non-finite: `symproof.engine.training.Divergence`):
    outside every claim's scope, so the search discards the scenario."""


class Data(NamedTuple):
    """A scenario's batch: inputs x, shape (n_0, B), and targets y, shape (n_L, B), as read-only arrays."""

    x: Array
    y: Array


# The options of each optimizer that a scenario records, with their defaults (PyTorch's).
OPTIMIZER_OPTIONS = {"sgd": (), "momentum": ("momentum",), "adam": ("beta1", "beta2", "eps")}


# Who trains a scenario: symproof's NumPy engine, or PyTorch (`symproof.engine.torch_mirror.torch_iterate`).
Backend = Literal["numpy", "torch"]


@dataclass(frozen=True)
class Scenario:
    """One replayable training set-up; see the module docstring.

    Besides the record, a scenario exposes its run, computed once: `data` (x and y), `initial` and `final`
    parameters, and `history`, the Steps of training (`run()` returns them as a list).
    """

    topology: tuple[int, ...]
    activation: str = "sigmoid"
    loss: str = "mse"
    optimizer: str = "sgd"
    lr: float = 0.5
    weight_decay: float = 0.0
    weights: tuple[WeightInit, ...] = ()
    biases: tuple[BiasInit, ...] = ()
    block: BlockInit | None = None
    batch: int = 1
    targets: Literal["equal", "distinct"] = "equal"
    seed: int = 0
    steps: int = 1
    fresh_inputs: bool = False
    dtype: str = "float64"
    dropout: float = 0.0
    x: tuple[tuple[float, ...], ...] | None = None  # explicit inputs, (n_0, batch); None: drawn from the seed
    y: tuple[tuple[float, ...], ...] | None = None  # explicit targets, (n_L, batch); None: drawn from the seed
    momentum: float = 0.9  # the momentum optimizer's coefficient
    beta1: float = 0.9  # Adam's decay rates and epsilon
    beta2: float = 0.999
    eps: float = 1e-8
    backend: Backend = "numpy"  # who trains it: symproof's engine, or torch (the torch extra)

    @property
    def depth(self) -> int:
        """Return L, the number of weight matrices."""
        return len(self.topology) - 1

    def network(self) -> Network:
        """Return the network of this scenario."""
        return Network(self.topology, self.activation, self.loss)

    def make_optimizer(self) -> Optimizer:
        """Return the optimizer of this scenario."""
        options = {name: getattr(self, name) for name in OPTIMIZER_OPTIONS.get(self.optimizer, ())}
        return make_optimizer(self.optimizer, self.lr, weight_decay=self.weight_decay, **options)

    def _labels(self, layer: int) -> Array:
        if self.block is not None:
            return np.asarray(self.block.blocks[layer], dtype=np.intp)
        n = self.topology[layer]
        if layer == self.depth and self.targets == "equal":
            return np.zeros(n, dtype=np.intp)
        return np.arange(n)

    def build(self) -> tuple[Params, Array, Array, np.random.Generator]:
        """Return the initial Params, the inputs, the targets, and the generator that drew them."""
        rng = np.random.default_rng(self.seed)
        if self.block is not None:
            params = self.block.params(dtype=self.dtype)
        else:
            params = build_params(self.topology, self.weights, self.biases, rng, dtype=self.dtype)
        x = self.inputs(rng) if self.x is None else self._explicit("x", self.x, self.topology[0])
        y = self.target_matrix(rng) if self.y is None else self._explicit("y", self.y, self.topology[-1])
        return params, x, y, rng

    def _explicit(self, name: str, rows: tuple[tuple[float, ...], ...], n: int) -> Array:
        array = np.array(rows, dtype=self.dtype)
        if array.shape != (n, self.batch):
            raise ValueError(f"scenario {name} must have shape ({n}, {self.batch}); got {array.shape}")
        return array

    def inputs(self, rng: np.random.Generator) -> Array:
        """Return a batch of inputs, with rows tied within input blocks."""
        labels = self._labels(0)
        return rng.standard_normal((int(labels.max()) + 1, self.batch))[labels]

    def target_matrix(self, rng: np.random.Generator) -> Array:
        """Return the targets, with rows tied within output blocks."""
        labels = self._labels(self.depth)
        if self.loss == "softmax_ce":
            rows = rng.dirichlet(np.ones(int(labels.max()) + 1), size=self.batch).T[labels]
            return rows / rows.sum(axis=0, keepdims=True)
        return rng.uniform(0.0, 1.0, size=(int(labels.max()) + 1, self.batch))[labels]

    def masks(self, rng: np.random.Generator, batch: int) -> list[Array] | None:
        """Return inverted-dropout masks (keep / (1 - p)) for the hidden layers, or None without dropout."""
        if self.dropout == 0.0:
            return None
        keep = 1.0 - self.dropout
        return [(rng.random((n, batch)) < keep) / keep for n in self.topology[1:-1]]

    def run(self) -> list[Step]:
        """Return every step of training; raise Diverged if any value becomes non-finite."""
        return list(self.history)

    @functools.cached_property
    def history(self) -> tuple[Step, ...]:
        """Return every step of training, computed once; raise Diverged if any value becomes non-finite."""
        return tuple(self._train())

    @property
    def data(self) -> Data:
        """Return the inputs and targets of the first step, as read-only arrays."""
        _, x, y, _ = self.build()
        x.flags.writeable = y.flags.writeable = False
        return Data(x, y)

    @property
    def initial(self) -> Params:
        """Return the initial Params."""
        return self.build()[0]

    @property
    def final(self) -> Params:
        """Return the Params after the last step."""
        return self.history[-1].params

    def _train(self) -> list[Step]:
        params, x, y, rng = self.build()
        fresh = (lambda k: self.inputs(rng)) if self.fresh_inputs else None
        if self.backend not in BACKENDS:
            raise ValueError(f"scenario backend must be one of {BACKENDS}; got {self.backend!r}")
        loop = iterate if self.backend == "numpy" else torch_iterate
        steps = loop(
            self.network(),
            params,
            x,
            y,
            self.make_optimizer(),
            steps=self.steps,
            inputs=fresh,
            masks=lambda batch: self.masks(rng, batch),
        )
        history: list[Step] = []
        with np.errstate(all="ignore"):
            try:
                for step in steps:
                    size = max(float(np.max(np.abs(a))) for a in step.params.arrays())
                    if not size <= BLOW_UP:
                        raise Diverged(f"parameters of size {size:.3g} at step {len(history) + 1}")
                    history.append(step)
            except Divergence as error:
                raise Diverged(f"{error.what} became non-finite at step {error.step}") from error
        return history

    def to_dict(self) -> dict[str, Any]:
        """Return this scenario as plain data (JSON-serialisable)."""
        data = asdict(self)
        data["weights"] = [str(w) for w in self.weights]
        data["biases"] = [str(b) for b in self.biases]
        data["weight_specs"] = [asdict(w) for w in self.weights]
        data["bias_specs"] = [asdict(b) for b in self.biases]
        data["block"] = self.block.to_dict() if self.block is not None else None
        data["topology"] = list(self.topology)
        for name in ("momentum", "beta1", "beta2", "eps"):
            if name not in OPTIMIZER_OPTIONS.get(self.optimizer, ()):
                del data[name]  # only the options of the scenario's own optimizer are part of its record
        if self.backend == "numpy":
            del data["backend"]  # the default: records stay as they were before the torch backend existed
        for name in ("x", "y"):
            if data[name] is None:
                del data[name]  # drawn from the seed: the record stays as it was before explicit data existed
            else:
                data[name] = [list(row) for row in data[name]]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scenario:
        """Return the scenario that `to_dict` described; a missing, unknown, ill-typed or contradictory field is a
        ValueError or TypeError that names it."""
        _check_record(data)
        fields = {k: v for k, v in data.items() if k not in ("weight_specs", "bias_specs", "weights", "biases")}
        fields["topology"] = tuple(data["topology"])
        for name in ("x", "y"):
            if data.get(name) is not None:
                fields[name] = tuple(tuple(float(v) for v in row) for row in data[name])
        fields["weights"] = tuple(WeightInit(**w) for w in data.get("weight_specs", []))
        fields["biases"] = tuple(BiasInit(**b) for b in data.get("bias_specs", []))
        block = data.get("block")
        fields["block"] = (
            BlockInit(
                tuple(tuple(b) for b in block["blocks"]),
                tuple(tuple(tuple(r) for r in w) for w in block["weights"]),
                tuple(tuple(b) for b in block["biases"]),
            )
            if block
            else None
        )
        scenario = cls(**fields)
        for name, specs in (("weights", scenario.weights), ("biases", scenario.biases)):
            shown = data.get(name)
            if shown is not None and list(shown) != [str(spec) for spec in specs]:
                raise ValueError(
                    f"scenario {name} {shown!r} contradicts {name[:-1]}_specs, which give {[str(x) for x in specs]}; "
                    f"edit the specs (the readable field is derived from them), or drop one of the two"
                )
        return scenario


_FIELDS = {"topology", "activation", "loss", "optimizer", "lr", "weight_decay", "weights", "biases", "block", "batch"}
_FIELDS |= {"targets", "seed", "steps", "fresh_inputs", "dtype", "dropout", "x", "y", "weight_specs", "bias_specs"}
_FIELDS |= {"momentum", "beta1", "beta2", "eps", "backend"}
BACKENDS: tuple[Backend, ...] = ("numpy", "torch")


def _check_record(data: Any) -> None:
    """Raise TypeError or ValueError naming the first field of a scenario record that is missing, unknown or of the
    wrong type."""
    if not isinstance(data, dict):
        raise TypeError(f"scenario must be a JSON object; got {type(data).__name__}")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise ValueError(f"scenario has unknown fields {unknown}; known: {sorted(_FIELDS)}")
    if "topology" not in data:
        raise ValueError('scenario must give its topology, e.g. "topology": [2, 3, 1]')
    for name in ("batch", "seed", "steps"):
        value = data.get(name, 1)
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"scenario {name} must be an integer; got {value!r}")
    for name in ("lr", "weight_decay", "dropout", "momentum", "beta1", "beta2", "eps"):
        value = data.get(name, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"scenario {name} must be a number; got {value!r}")
    if data.get("backend", "numpy") not in BACKENDS:
        raise ValueError(f"scenario backend must be one of {BACKENDS}; got {data['backend']!r}")
    optimizer = data.get("optimizer", "sgd")
    for name in ("momentum", "beta1", "beta2", "eps"):
        if name in data and name not in OPTIMIZER_OPTIONS.get(optimizer, (name,)):
            raise ValueError(
                f"scenario {name} is not an option of optimizer {optimizer!r}; drop it or change optimizer"
            )
