"""Network parameters: an immutable pair of weight and bias tuples.

The layout is the one documented in `symproof.network`: W_l has shape (n_{l-1}, n_l) and b_l has shape (n_l, 1).
Every array held by a Params is a private, read-only copy, so no later step can change it in place.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import DTypeLike, NDArray

from symproof._validation import check_array, check_dtype, check_real, check_topology

__all__ = ["Params"]

Array = NDArray[Any]


def _frozen(array: Array) -> Array:
    array.flags.writeable = False
    return array


def _per_layer(name: str, value: float | Sequence[float], count: int) -> list[float]:
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != count:
            raise ValueError(f"{name} must be one number or {count} numbers, one per layer; got {value!r}")
        return [check_real(f"{name}[{i}]", v) for i, v in enumerate(value)]
    return [check_real(name, value)] * count


@dataclass(frozen=True, eq=False)
class Params:
    """Weights W_1..W_L and biases b_1..b_L of a network (index 0 holds W_1)."""

    weights: tuple[Array, ...]
    biases: tuple[Array, ...]

    @classmethod
    def from_arrays(
        cls,
        weights: Sequence[Any],
        biases: Sequence[Any],
        *,
        topology: Sequence[int] | None = None,
        dtype: DTypeLike = np.float64,
    ) -> Params:
        """Return validated, read-only copies of `weights` and `biases` as Params of `dtype`."""
        resolved = check_dtype(dtype)
        for name, seq in (("weights", weights), ("biases", biases)):
            if isinstance(seq, np.ndarray) or not isinstance(seq, Sequence):
                raise TypeError(f"{name} must be a sequence of arrays, one per layer; got {type(seq).__name__}")
        if len(weights) == 0 or len(weights) != len(biases):
            raise ValueError(
                f"weights and biases must be non-empty and of equal length; got {len(weights)} and {len(biases)}"
            )
        if topology is None:
            shapes = [np.shape(w) for w in weights]
            if any(len(s) != 2 for s in shapes):
                raise ValueError(f"weights must be 2-D arrays; got shapes {shapes}")
            topology = [shapes[0][0], *(s[1] for s in shapes)]
        sizes = check_topology(topology)
        if len(sizes) != len(weights) + 1:
            raise ValueError(f"topology {list(sizes)} needs {len(sizes) - 1} weight matrices; got {len(weights)}")
        ws = tuple(
            _frozen(np.array(check_array(f"weights[{i}]", w, (sizes[i], sizes[i + 1]), resolved)))
            for i, w in enumerate(weights)
        )
        bs = tuple(
            _frozen(np.array(check_array(f"biases[{i}]", b, (sizes[i + 1], 1), resolved))) for i, b in enumerate(biases)
        )
        return cls(ws, bs)

    @classmethod
    def constant(
        cls,
        topology: Sequence[int],
        *,
        weights: float | Sequence[float] = 0.0,
        biases: float | Sequence[float] = 0.0,
        dtype: DTypeLike = np.float64,
    ) -> Params:
        """Return Params whose W_l and b_l are filled with one constant each (one number, or one per layer)."""
        sizes = check_topology(topology)
        depth = len(sizes) - 1
        cw, cb = _per_layer("weights", weights, depth), _per_layer("biases", biases, depth)
        resolved = check_dtype(dtype)
        return cls(
            tuple(_frozen(np.full((sizes[i], sizes[i + 1]), cw[i], dtype=resolved)) for i in range(depth)),
            tuple(_frozen(np.full((sizes[i + 1], 1), cb[i], dtype=resolved)) for i in range(depth)),
        )

    @classmethod
    def normal(
        cls,
        topology: Sequence[int],
        rng: np.random.Generator,
        *,
        weight_std: float = 1.0,
        bias_std: float = 1.0,
        dtype: DTypeLike = np.float64,
    ) -> Params:
        """Return Params with independent N(0, weight_std^2) weights and N(0, bias_std^2) biases drawn from `rng`."""
        sizes = check_topology(topology)
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator; got {type(rng).__name__}")
        sw = check_real("weight_std", weight_std, nonnegative=True)
        sb = check_real("bias_std", bias_std, nonnegative=True)
        resolved = check_dtype(dtype)
        pairs = list(itertools.pairwise(sizes))
        return cls(
            tuple(_frozen((sw * rng.standard_normal((m, n))).astype(resolved)) for m, n in pairs),
            tuple(_frozen((sb * rng.standard_normal((n, 1))).astype(resolved)) for _, n in pairs),
        )

    @classmethod
    def _wrap(cls, weights: Sequence[Array], biases: Sequence[Array]) -> Params:
        """Return Params of arrays the engine just made, frozen in place: no copy, no checks."""
        return cls(tuple(_frozen(w) for w in weights), tuple(_frozen(b) for b in biases))

    @property
    def topology(self) -> tuple[int, ...]:
        """Return the layer widths (n_0, ..., n_L)."""
        return (self.weights[0].shape[0], *(w.shape[1] for w in self.weights))

    @property
    def depth(self) -> int:
        """Return L, the number of weight matrices."""
        return len(self.weights)

    @property
    def dtype(self) -> np.dtype[Any]:
        """Return the dtype shared by every array."""
        return self.weights[0].dtype

    def arrays(self) -> tuple[Array, ...]:
        """Return W_1..W_L followed by b_1..b_L."""
        return self.weights + self.biases

    def astype(self, dtype: DTypeLike) -> Params:
        """Return a copy of these Params in `dtype` (float32 or float64)."""
        resolved = check_dtype(dtype)
        return self.map(lambda a: a.astype(resolved))

    def map(self, fn: Callable[..., Array], *others: Params) -> Params:
        """Return Params whose every array is `fn` of the matching arrays of `self` and `others`."""
        return Params._wrap(
            [fn(*ws) for ws in zip(self.weights, *(o.weights for o in others))],
            [fn(*bs) for bs in zip(self.biases, *(o.biases for o in others))],
        )

    def equals(self, other: Params) -> bool:
        """Return whether every array of `other` has the same shape, dtype and values (exact comparison)."""
        return len(self.arrays()) == len(other.arrays()) and all(
            a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b))
            for a, b in zip(self.arrays(), other.arrays())
        )
