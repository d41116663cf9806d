"""Structure predicates for matrices and layers, each reporting the deviation it measured.

A predicate returns a `Check`: truthy when the structure holds, and carrying the largest deviation from it.
Equality is relative, group by group: the entries of one group (a row, a column, a block, the neurons of a block in
one example) may differ by at most `tol * scale`, where `scale` is the largest absolute entry of that group (for
neurons, the size of the terms summed into them). A group of tiny entries is therefore never hidden by a large entry
elsewhere. `tol=0.0` asks for exact equality. `is_zero` is always exact (`== 0.0`).

The default tolerance is 0: exact equality. It is a derived rounding bound, not a measurement. In the reproducible
arithmetic of `symproof.engine.fp` (the default) every sum is correctly rounded and every elementwise function is a
fixed function of its argument's bits, so neurons that are interchangeable in exact arithmetic go through the same
operations on the same operands and their values are bitwise equal: the rounding error of their difference is 0.
Under `fp.arithmetic("fast")` BLAS sums in a kernel-dependent order and no such bound holds after training; pass an
explicit `tol` there (the spread of a single dot product of n terms is at most 2 gamma_n times its term scale,
gamma_n = n eps / (1 - n eps); Higham, Accuracy and Stability of Numerical Algorithms, sec. 3.1).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from symproof.engine._validation import as_real_array, check_finite, check_real
from symproof.engine.network import Forward

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

# Exact equality in every dtype: see the module docstring for the bound behind it.
DEFAULT_TOL: dict[np.dtype[Any], float] = {np.dtype(np.float64): 0.0, np.dtype(np.float32): 0.0}


@dataclass(frozen=True)
class Check:
    """The verdict of one predicate: whether `name` holds, the largest deviation, the scale and tolerance used.

    A `vacuous` Check marks an example where the claim says nothing (its premise is not met): it is neither a pass
    nor a failure, and searches count it apart.
    """

    name: str
    holds: bool
    deviation: float
    scale: float
    tol: float
    vacuous: bool = False

    @classmethod
    def vacuous_example(cls, reason: str) -> Check:
        """Return the Check of an example where the claim says nothing, for `reason`."""
        return cls(reason, True, 0.0, 0.0, 0.0, vacuous=True)

    def __bool__(self) -> bool:
        return bool(self.holds)

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
    array = as_real_array(name, m)
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array; got shape {array.shape}")
    if array.dtype.kind in "iu":
        array = array.astype(np.float64)
    check_finite(name, array)
    return array


def _tol(tol: float | None, array: Array) -> float:
    if tol is None:
        return DEFAULT_TOL.get(array.dtype, DEFAULT_TOL[np.dtype(np.float64)])
    return check_real("tol", tol, nonnegative=True)


def _verdict(name: str, array: Array, groups: list[tuple[Array, Array]], tol: float | None) -> Check:
    """Return the Check over `groups`: each is (values that must be equal, values that set their scale)."""
    rtol = _tol(tol, array)
    deviations = np.array([float(values.max() - values.min()) for values, _ in groups])  # np.ptp, without its wrapper
    scales = np.array([float(np.abs(terms).max()) for _, terms in groups])
    holds = bool(np.all(deviations <= rtol * scales))
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(scales > 0, deviations / np.where(scales > 0, scales, 1.0), 0.0)
    failing = deviations > rtol * scales
    worst = int(np.argmax(np.where(failing, relative, -1.0))) if not holds else int(np.argmax(relative))
    return Check(name, holds, float(deviations[worst]), float(scales[worst]), rtol)


def _partition(name: str, blocks: Partition | None, n: int) -> list[Array]:
    if blocks is None:
        return [np.arange(n)]
    if isinstance(blocks, (str, bytes)) or not isinstance(blocks, Sequence):
        raise TypeError(f"{name} must be a sequence of blocks of indices; got {blocks!r}")
    groups = []
    for block in blocks:
        indices = np.asarray(block).ravel()
        if isinstance(block, (str, bytes)) or (indices.dtype.kind not in "iu" and indices.size):
            raise TypeError(f"{name} must hold integer indices; got {blocks!r}")
        groups.append(indices.astype(np.intp))
    seen = np.sort(np.concatenate(groups)) if groups else np.array([], dtype=np.intp)
    if any(g.size == 0 for g in groups) or not np.array_equal(seen, np.arange(n)):
        raise ValueError(f"{name} must split 0..{n - 1} into non-empty disjoint blocks; got {blocks!r}")
    return groups


def _own_scale(groups: list[Array]) -> list[tuple[Array, Array]]:
    return [(g, g) for g in groups]


def is_zero(m: Any) -> Check:
    """Return whether every entry is exactly 0.0, with the largest absolute entry as the deviation."""
    array = _matrix("m", m)
    deviation = float(np.max(np.abs(array)))
    return Check("zero", deviation == 0.0, deviation, deviation, 0.0)


def is_constant(m: Any, *, tol: float | None = None) -> Check:
    """Return whether all entries are equal."""
    array = _matrix("m", m)
    return _verdict("constant", array, _own_scale([array]), tol)


def is_row_equal(m: Any, *, tol: float | None = None) -> Check:
    """Return whether each row is constant (row i of W_l: the weights leaving neuron i are all equal)."""
    array = _matrix("m", m)
    return _verdict("row-equal", array, _own_scale(list(array)), tol)


def is_column_equal(m: Any, *, tol: float | None = None) -> Check:
    """Return whether each column is constant (column j of W_l: the weights entering neuron j are all equal)."""
    array = _matrix("m", m)
    return _verdict("column-equal", array, _own_scale(list(array.T)), tol)


def is_block_constant(
    m: Any,
    row_blocks: Partition | None,
    col_blocks: Partition | None,
    *,
    tol: float | None = None,
    scale: Any = None,
) -> Check:
    """Return whether `m` is constant on every (row block x column block) rectangle; None means one block.

    Each rectangle is compared against its own largest |entry|, or against the largest entry of `scale` (same shape
    as `m`: the size of the terms each entry was computed from, e.g. `training.rounding_scale`) if that is larger.
    """
    array = _matrix("m", m)
    rows = _partition("row_blocks", row_blocks, array.shape[0])
    cols = _partition("col_blocks", col_blocks, array.shape[1])
    terms = array if scale is None else _matrix("scale", scale)
    if terms.shape != array.shape:
        raise ValueError(f"scale must have the shape of m, {array.shape}; got {terms.shape}")
    rectangles = [np.ix_(r, c) for r in rows for c in cols]
    return _verdict(
        "block-constant", array, [(array[i], np.r_[array[i].ravel(), terms[i].ravel()]) for i in rectangles], tol
    )


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

    Each block is compared example by example, against the largest |W_l|^T |a_{l-1}| + |b_l| of the block in that
    example (`Forward.term_scale`): a pre-activation that cancels to nearly zero still carries the rounding error of
    its terms, and one large example must not hide a difference in another. Every activation here has |f'| <= 1,
    so the same scale bounds the activations. The reported numbers are those of the worst (block, example).
    """
    if not isinstance(forward, Forward):
        raise TypeError(f"forward must be a symproof Forward; got {type(forward).__name__}")
    quantities = [forward.a(layer)] if layer == 0 else [forward.z(layer), forward.a(layer)]
    scale = forward.term_scale(layer)
    groups = _partition("blocks", blocks, scale.shape[0])
    pairs = [(q[g, k], scale[g, k]) for q in quantities for g in groups for k in range(scale.shape[1])]
    return _verdict("neurons-identical", quantities[0], pairs, tol)
