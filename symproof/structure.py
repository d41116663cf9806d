"""Structure predicates for matrices and layers, each reporting the deviation it measured.

A predicate returns a `Check`: truthy when the structure holds, and carrying the largest deviation from it.
Equality is relative: entries that must be equal may differ by at most `tol * scale`, where `scale` is the largest
absolute entry of the matrix. `tol=0.0` asks for exact equality. `is_zero` is always exact (`== 0.0`).

The default tolerances, `DEFAULT_TOL`, come from a measurement (docs/tolerances.md, benchmarks/drift.py): neurons
that are identical in exact arithmetic were trained for 200 steps under every activation, loss and optimizer, and
the largest relative drift between them was recorded; the defaults sit orders of magnitude above that drift and
orders of magnitude below the O(1) relative spread of a generic random matrix.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from symproof._validation import check_real
from symproof.network import Forward

__all__ = [
    "DEFAULT_TOL",
    "Check",
    "Structure",
    "classify",
    "is_block_constant",
    "is_column_equal",
    "is_constant",
    "is_row_equal",
    "is_zero",
    "neurons_identical",
]

Array = NDArray[Any]
Partition = Sequence[Sequence[int]]

DEFAULT_TOL: dict[np.dtype[Any], float] = {np.dtype(np.float64): 1e-9, np.dtype(np.float32): 1e-3}


@dataclass(frozen=True)
class Check:
    """The verdict of one predicate: whether `name` holds, the largest deviation, the scale and tolerance used."""

    name: str
    holds: bool
    deviation: float
    scale: float
    tol: float

    def __bool__(self) -> bool:
        return self.holds

    @property
    def relative(self) -> float:
        """Return deviation / scale (0 for an all-zero matrix)."""
        return self.deviation / self.scale if self.scale > 0 else 0.0


class Structure(enum.StrEnum):
    """Matrix structures, from the most specific to none."""

    ZERO = "zero"
    CONSTANT = "constant"
    ROW_EQUAL = "row-equal"
    COLUMN_EQUAL = "column-equal"
    UNSTRUCTURED = "unstructured"


def _matrix(name: str, m: Any) -> Array:
    array = np.asarray(m)
    if array.ndim != 2 or array.size == 0 or array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be a non-empty 2-D real array; got shape {array.shape}, dtype {array.dtype}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite; got non-finite entries")
    return array


def _tol(tol: float | None, array: Array) -> float:
    if tol is None:
        return DEFAULT_TOL.get(array.dtype, DEFAULT_TOL[np.dtype(np.float64)])
    return check_real("tol", tol, nonnegative=True)


def _verdict(name: str, array: Array, deviation: float, tol: float | None) -> Check:
    scale = float(np.max(np.abs(array)))
    rtol = _tol(tol, array)
    return Check(name, deviation <= rtol * scale, deviation, scale, rtol)


def _partition(name: str, blocks: Partition | None, n: int) -> list[Array]:
    if blocks is None:
        return [np.arange(n)]
    groups = [np.asarray(block, dtype=np.intp).ravel() for block in blocks]
    seen = np.sort(np.concatenate(groups)) if groups else np.array([], dtype=np.intp)
    if any(g.size == 0 for g in groups) or not np.array_equal(seen, np.arange(n)):
        raise ValueError(f"{name} must split 0..{n - 1} into non-empty disjoint blocks; got {blocks!r}")
    return groups


def is_zero(m: Any) -> Check:
    """Return whether every entry is exactly 0.0, with the largest absolute entry as the deviation."""
    array = _matrix("m", m)
    deviation = float(np.max(np.abs(array)))
    return Check("zero", deviation == 0.0, deviation, deviation, 0.0)


def is_constant(m: Any, *, tol: float | None = None) -> Check:
    """Return whether all entries are equal."""
    array = _matrix("m", m)
    return _verdict("constant", array, float(np.ptp(array)), tol)


def is_row_equal(m: Any, *, tol: float | None = None) -> Check:
    """Return whether each row is constant (row i of W_l: the weights leaving neuron i are all equal)."""
    array = _matrix("m", m)
    return _verdict("row-equal", array, float(np.ptp(array, axis=1).max()), tol)


def is_column_equal(m: Any, *, tol: float | None = None) -> Check:
    """Return whether each column is constant (column j of W_l: the weights entering neuron j are all equal)."""
    array = _matrix("m", m)
    return _verdict("column-equal", array, float(np.ptp(array, axis=0).max()), tol)


def is_block_constant(
    m: Any, row_blocks: Partition | None, col_blocks: Partition | None, *, tol: float | None = None
) -> Check:
    """Return whether `m` is constant on every (row block x column block) rectangle; None means one block."""
    array = _matrix("m", m)
    rows = _partition("row_blocks", row_blocks, array.shape[0])
    cols = _partition("col_blocks", col_blocks, array.shape[1])
    deviation = max(float(np.ptp(array[np.ix_(r, c)])) for r in rows for c in cols)
    return _verdict("block-constant", array, deviation, tol)


def classify(m: Any, *, tol: float | None = None) -> Structure:
    """Return the most specific structure of `m`: zero, constant, row-equal, column-equal or unstructured."""
    if is_zero(m):
        return Structure.ZERO
    if is_constant(m, tol=tol):
        return Structure.CONSTANT
    if is_row_equal(m, tol=tol):
        return Structure.ROW_EQUAL
    if is_column_equal(m, tol=tol):
        return Structure.COLUMN_EQUAL
    return Structure.UNSTRUCTURED


def neurons_identical(
    forward: Forward, layer: int, blocks: Partition | None = None, *, tol: float | None = None
) -> Check:
    """Return whether the neurons of `layer` (within each of `blocks`) have identical pre-activations and activations.

    The scale is the largest |W_l|^T |a_{l-1}| + |b_l| of the layer (`Forward.term_scale`): a pre-activation that
    cancels to nearly zero still carries the rounding error of its terms. Every activation here has |f'| <= 1, so
    the same scale bounds the activations. The reported deviation is the larger of the two.
    """
    if not isinstance(forward, Forward):
        raise TypeError(f"forward must be a symproof Forward; got {type(forward).__name__}")
    quantities = [forward.a(layer)] if layer == 0 else [forward.z(layer), forward.a(layer)]
    groups = _partition("blocks", blocks, quantities[0].shape[0])
    deviation = max(float(np.ptp(q[g], axis=0).max()) for q in quantities for g in groups)
    scale = float(forward.term_scale(layer).max())
    rtol = _tol(tol, quantities[0])
    return Check("neurons-identical", deviation <= rtol * scale, deviation, scale, rtol)
