"""Network parameters: an immutable pair of weight and bias tuples.

The layout is the one documented in `symproof.engine.network`: W_l has shape (n_{l-1}, n_l) and b_l has shape (n_l, 1).
Every array held by a Params is a private, read-only copy, so no later step can change it in place.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import DTypeLike, NDArray

from symproof.engine._validation import check_array, check_dtype, check_real, check_topology

__all__ = ["Params"]

Array = NDArray[Any]


def _frozen(array: Array) -> Array:
    array.flags.writeable = False
    return array


# Beyond this many parameters a network is outside symproof's scope (it checks small networks exhaustively).
MAX_PARAMETERS = 10**8


def _sized(topology: Any) -> tuple[int, ...]:
    sizes = check_topology(topology)
    count = sum(m * n + n for m, n in itertools.pairwise(sizes))
    if count > MAX_PARAMETERS:
        raise ValueError(f"topology must have at most {MAX_PARAMETERS:.0e} parameters; got {count} for {list(sizes)}")
    return sizes


def _finite_cast(name: str, array: Array, dtype: np.dtype[Any]) -> Array:
    with np.errstate(over="ignore"):
        cast = array.astype(dtype)
    if not np.isfinite(cast).all():
        raise ValueError(f"{name} must be finite in {dtype}; got values up to {float(np.max(np.abs(array)))!r}")
    return _frozen(cast)


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

    def __post_init__(self) -> None:
        for name, seq in (("weights", self.weights), ("biases", self.biases)):
            if not isinstance(seq, tuple) or not all(isinstance(a, np.ndarray) for a in seq):
                raise TypeError(f"Params.{name} must be a tuple of arrays; use Params.from_arrays for other input")
        if not self.weights or len(self.weights) != len(self.biases):
            raise ValueError(
                f"weights and biases must be non-empty and of equal length; got {len(self.weights)} and "
                f"{len(self.biases)}"
            )
        dtype = self.weights[0].dtype
        for l, (w, b) in enumerate(zip(self.weights, self.biases)):
            if w.ndim != 2 or 0 in w.shape:
                raise ValueError(f"weights[{l}] must be a 2-D array with no empty dimension; got shape {w.shape}")
            expected_rows = w.shape[0] if l == 0 else self.weights[l - 1].shape[1]
            if w.shape[0] != expected_rows:
                raise ValueError(f"weights[{l}] must have shape ({expected_rows}, n); got {w.shape}")
            if b.shape != (w.shape[1], 1):
                raise ValueError(f"biases[{l}] must have shape ({w.shape[1]}, 1); got {b.shape}")
            for name, a in ((f"weights[{l}]", w), (f"biases[{l}]", b)):
                if a.dtype != dtype or a.dtype not in (np.dtype(np.float64), np.dtype(np.float32)):
                    raise TypeError(f"{name} must be float64 or float32 like weights[0] ({dtype}); got {a.dtype}")
        # Private and read-only: the caller keeps its arrays, and could make them writeable again.
        for name in ("weights", "biases"):
            object.__setattr__(self, name, tuple(_frozen(a.copy()) for a in getattr(self, name)))

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
        sizes = _sized(topology)
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
        sizes = _sized(topology)
        depth = len(sizes) - 1
        cw, cb = _per_layer("weights", weights, depth), _per_layer("biases", biases, depth)
        resolved = check_dtype(dtype)
        return cls(
            tuple(_finite_cast("weights", np.full((sizes[i], sizes[i + 1]), cw[i]), resolved) for i in range(depth)),
            tuple(_finite_cast("biases", np.full((sizes[i + 1], 1), cb[i]), resolved) for i in range(depth)),
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
        sizes = _sized(topology)
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator; got {type(rng).__name__}")
        sw = check_real("weight_std", weight_std, nonnegative=True)
        sb = check_real("bias_std", bias_std, nonnegative=True)
        resolved = check_dtype(dtype)
        pairs = list(itertools.pairwise(sizes))
        return cls(
            tuple(_finite_cast("weights", sw * rng.standard_normal((m, n)), resolved) for m, n in pairs),
            tuple(_finite_cast("biases", sb * rng.standard_normal((n, 1)), resolved) for _, n in pairs),
        )

    @classmethod
    def _wrap(cls, weights: Sequence[Array], biases: Sequence[Array]) -> Params:
        """Return Params of arrays the engine just made, frozen in place: no copy, no checks."""
        params = object.__new__(cls)
        object.__setattr__(params, "weights", tuple(_frozen(w) for w in weights))
        object.__setattr__(params, "biases", tuple(_frozen(b) for b in biases))
        return params

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
        return Params(
            tuple(_finite_cast(f"weights[{l}]", w, resolved) for l, w in enumerate(self.weights)),
            tuple(_finite_cast(f"biases[{l}]", b, resolved) for l, b in enumerate(self.biases)),
        )

    def map(self, fn: Callable[..., Array], *others: Params) -> Params:
        """Return Params whose every array is `fn` of the matching arrays of `self` and `others`."""
        for other in others:
            if not isinstance(other, Params) or other.topology != self.topology:
                shown = list(other.topology) if isinstance(other, Params) else type(other).__name__
                raise ValueError(f"Params must share topology {list(self.topology)} to be combined; got {shown}")
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
