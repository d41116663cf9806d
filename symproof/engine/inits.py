"""Initialisation specs: how each weight matrix and each bias vector starts, as plain, replayable data.

A `WeightInit` is zero, a constant c, random under a named scheme, or row-equal or column-equal (each row, or each
column, one random value under the scheme: the seed's "row-equal" W_1 as a start, and its transpose). A `BiasInit`
is zero, a constant, or random.
`BlockInit` is the general symmetric start: each layer's neurons are split into blocks, and every weight matrix is
constant on each (row block x column block) rectangle, every bias constant on each block.
Random values are drawn from a `numpy.random.Generator`, so a spec plus a seed always rebuilds the same Params.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import DTypeLike

from symproof.engine._validation import check_choice, check_real, check_topology
from symproof.engine.params import Params

__all__ = ["SCHEMES", "WEIGHT_KINDS", "BiasInit", "BlockInit", "WeightInit", "build_params", "scheme_std"]

# Standard deviation of each random scheme, given (n_in, n_out) of the matrix.
SCHEMES: dict[str, Callable[[int, int], float]] = {
    "N(0,1)": lambda n_in, n_out: 1.0,
    "N(0,1/n_in)": lambda n_in, n_out: 1.0 / math.sqrt(n_in),
    "he": lambda n_in, n_out: math.sqrt(2.0 / n_in),
    "xavier": lambda n_in, n_out: math.sqrt(2.0 / (n_in + n_out)),
}


WEIGHT_KINDS = ("zero", "constant", "random", "row-equal", "column-equal")


def scheme_std(scheme: str, n_in: int, n_out: int) -> float:
    """Return the standard deviation of `scheme` for a matrix of shape (n_in, n_out)."""
    return SCHEMES[check_choice("scheme", scheme, SCHEMES)](n_in, n_out)


@dataclass(frozen=True)
class WeightInit:
    """How one weight matrix starts: "zero", "constant" (every entry `value`), "random" under `scheme`, or
    "row-equal" / "column-equal" (one value per row / per column, drawn under `scheme`)."""

    kind: Literal["zero", "constant", "random", "row-equal", "column-equal"]
    value: float = 0.0
    scheme: str = "N(0,1)"

    def __post_init__(self) -> None:
        check_choice("kind", self.kind, WEIGHT_KINDS)
        object.__setattr__(self, "value", check_real("value", self.value))
        check_choice("scheme", self.scheme, SCHEMES)
        if self.kind == "zero" and self.value != 0.0:
            raise ValueError(f"value must be 0.0 for a zero init; got {self.value!r}")

    def __str__(self) -> str:
        if self.kind in ("row-equal", "column-equal"):
            return f"{self.kind} {self.scheme}"
        return {"zero": "0", "constant": f"{self.value:g}", "random": self.scheme}[self.kind]


@dataclass(frozen=True)
class BiasInit:
    """How one bias vector starts: "zero", "constant" (every entry `value`), or "random" N(0, std^2)."""

    kind: Literal["zero", "constant", "random"]
    value: float = 0.0
    std: float = 1.0

    def __post_init__(self) -> None:
        check_choice("kind", self.kind, ("zero", "constant", "random"))
        object.__setattr__(self, "value", check_real("value", self.value))
        object.__setattr__(self, "std", check_real("std", self.std, positive=True))
        if self.kind == "zero" and self.value != 0.0:
            raise ValueError(f"value must be 0.0 for a zero init; got {self.value!r}")

    def __str__(self) -> str:
        return {"zero": "0", "constant": f"{self.value:g}", "random": f"N(0,{self.std:g}^2)"}[self.kind]


def build_params(
    topology: Sequence[int],
    weights: Sequence[WeightInit],
    biases: Sequence[BiasInit],
    rng: np.random.Generator,
    *,
    dtype: DTypeLike = np.float64,
) -> Params:
    """Return Params for `topology` built from one WeightInit and one BiasInit per layer, drawing from `rng`."""
    sizes = check_topology(topology)
    depth = len(sizes) - 1
    for name, specs, kind in (("weights", weights, WeightInit), ("biases", biases, BiasInit)):
        if len(specs) != depth or not all(isinstance(s, kind) for s in specs):
            raise ValueError(f"{name} must be {depth} {kind.__name__} specs, one per layer; got {specs!r}")
    ws, bs = [], []
    for l, (w, b) in enumerate(zip(weights, biases)):
        n_in, n_out = sizes[l], sizes[l + 1]
        if w.kind in ("random", "row-equal", "column-equal"):
            shape = {"random": (n_in, n_out), "row-equal": (n_in, 1), "column-equal": (1, n_out)}[w.kind]
            drawn = scheme_std(w.scheme, n_in, n_out) * rng.standard_normal(shape)
            ws.append(np.broadcast_to(drawn, (n_in, n_out)).copy())
        else:
            ws.append(np.full((n_in, n_out), w.value))
        bs.append(b.std * rng.standard_normal((n_out, 1)) if b.kind == "random" else np.full((n_out, 1), b.value))
    return Params.from_arrays(ws, bs, dtype=dtype)


@dataclass(frozen=True)
class BlockInit:
    """A block-constant start: `blocks[l]` labels the neurons of layer l, `weights[l-1][r][c]` is W_l's value on
    (row block r of layer l-1) x (column block c of layer l), and `biases[l-1][c]` is b_l's value on block c."""

    blocks: tuple[tuple[int, ...], ...]
    weights: tuple[tuple[tuple[float, ...], ...], ...]
    biases: tuple[tuple[float, ...], ...]

    def params(self, *, dtype: DTypeLike = np.float64) -> Params:
        """Return the Params this block init describes."""
        labels = [np.asarray(b, dtype=np.intp) for b in self.blocks]
        ws = [np.asarray(w, dtype=float)[np.ix_(labels[l], labels[l + 1])] for l, w in enumerate(self.weights)]
        bs = [np.asarray(b, dtype=float)[labels[l + 1]][:, None] for l, b in enumerate(self.biases)]
        return Params.from_arrays(ws, bs, dtype=dtype)

    def partition(self, layer: int) -> list[list[int]]:
        """Return the blocks of `layer` as lists of neuron indices."""
        labels = self.blocks[layer]
        return [[i for i, k in enumerate(labels) if k == block] for block in sorted(set(labels))]

    def to_dict(self) -> dict[str, Any]:
        """Return this init as plain data."""
        return {"blocks": self.blocks, "weights": self.weights, "biases": self.biases}
