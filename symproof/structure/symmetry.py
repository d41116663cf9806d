"""The symmetry predictor: the theorem that interchangeable neurons stay interchangeable, as code.

Let G be the group of permutations of the neurons of each layer (input and output layers included) that fix the
initial parameters, the inputs and the targets. Neurons i and i' of layer l can be swapped by an element of G when
they have the same incoming weights (column of W_l), the same outgoing weights (row of W_{l+1}), the same bias, and,
for inputs, the same input row, for outputs, the same target row. These swaps generate the product of the symmetric
groups of the classes they define, and its fixed-point subspace is: every W_l constant on each (class of layer l-1)
x (class of layer l) rectangle, every b_l constant on each class of layer l.

The loss is invariant under permuting outputs together with targets, so its gradient is G-equivariant; an
elementwise optimizer (SGD, momentum, Adam, weight decay) is equivariant too. Hence the fixed-point subspace is
invariant: the classes of the start are kept at every step, and neurons of one class stay identical. That is
`Prediction.checks`. With generic (continuous random) data nothing coarser appears: `measured_classes` after
training returns the same classes.

Exact zeros move on a schedule of their own. The gradient of W_l is a_{l-1} delta_l^T and delta_l = 0 while any
later weight matrix is zero; so a zero W_l stays exactly zero for at least `zero_until[l-1]` steps, one step more
than the zero matrices after it. This bound is universal; whether W_l moves right after it depends on the
activation not vanishing (f(b) != 0, f'(b) != 0), which the claims decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from symproof.engine.network import Forward
from symproof.engine.params import Params
from symproof.structure.predicates import Check, Structure, is_block_constant, neurons_identical

__all__ = [
    "Prediction",
    "classes_of",
    "classes_within",
    "measured_classes",
    "predict",
    "signatures",
    "structure_of",
    "union_find_classes",
]

Array = NDArray[Any]
Classes = tuple[tuple[int, ...], ...]


def _group_rows(signature: Array) -> Classes:
    _, labels = np.unique(signature, axis=0, return_inverse=True)
    labels = labels.ravel()
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return tuple(sorted(tuple(g) for g in groups.values()))


def signatures(params: Params, x: Array | None = None, y: Array | None = None) -> list[list[Array]]:
    """Return, for each layer, the arrays whose rows are the neurons' incoming, outgoing, bias and data entries
    (the inputs x and the targets y only where given)."""
    depth = params.depth
    parts: list[list[Array]] = [[] for _ in range(depth + 1)]
    if x is not None:
        parts[0].append(x)
    if y is not None:
        parts[depth].append(y)
    for l in range(1, depth + 1):
        parts[l].append(params.weights[l - 1].T)
        parts[l].append(params.biases[l - 1])
        parts[l - 1].append(params.weights[l - 1])
    return parts


def classes_of(params: Params, x: Array, y: Array) -> tuple[Classes, ...]:
    """Return, per layer 0..L, the classes of interchangeable neurons (exact equality of all their data)."""
    return tuple(_group_rows(np.hstack(parts)) for parts in signatures(params, x, y))


def structure_of(rows: Classes, cols: Classes) -> Structure | None:
    """Return the named structure of a matrix constant on rows x cols rectangles, or None for a finer block pattern."""
    if len(rows) == 1 and len(cols) == 1:
        return Structure.CONSTANT
    if len(cols) == 1:
        return Structure.ROW_EQUAL
    if len(rows) == 1:
        return Structure.COLUMN_EQUAL
    return None


@dataclass(frozen=True)
class Prediction:
    """What training must keep: the classes of each layer, and how long each zero weight matrix stays zero."""

    classes: tuple[Classes, ...]
    zero_until: tuple[int, ...]

    def pattern(self, layer: int) -> Structure | None:
        """Return the structure W_layer must keep (None: a block pattern finer than the named ones)."""
        return structure_of(self.classes[layer - 1], self.classes[layer])

    def checks(
        self, params: Params, forward: Forward | None = None, *, tol: float | None = None, scale: Params | None = None
    ) -> list[Check]:
        """Return one Check per predicted equality: block-constancy of every W_l and b_l, and identical neurons.

        `scale` (optional, e.g. `training.rounding_scale`) gives the size of the terms behind each parameter.
        """
        ws = scale.weights if scale is not None else [None] * params.depth
        bs = scale.biases if scale is not None else [None] * params.depth
        classes = self.classes
        found = [
            is_block_constant(w, classes[l], classes[l + 1], tol=tol, scale=ws[l]) for l, w in enumerate(params.weights)
        ]
        found += [is_block_constant(b, classes[l + 1], None, tol=tol, scale=bs[l]) for l, b in enumerate(params.biases)]
        if forward is not None:
            found += [neurons_identical(forward, l, self.classes[l], tol=tol) for l in range(len(self.classes))]
        return found


def predict(params: Params, x: Array, y: Array) -> Prediction:
    """Return the Prediction for training that starts at `params` on inputs `x` and targets `y`."""
    zero = [not np.any(w) for w in params.weights]
    zero_until = [0] * params.depth
    for l in range(params.depth - 1, -1, -1):
        if zero[l]:
            zero_until[l] = sum(zero[l + 1 :])
    return Prediction(classes_of(params, x, y), tuple(zero_until))


def union_find_classes(close: Array) -> Classes:
    """Return the connected components of the boolean relation `close` (an n x n matrix) as sorted classes."""
    n = close.shape[0]
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(close)):
        parent[root(int(i))] = root(int(j))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return tuple(sorted(tuple(g) for g in groups.values()))


def classes_within(parts: list[Array], tol: float, *, pairwise: bool = False) -> Classes:
    """Return the classes of rows that agree within `tol` in every one of `parts` (arrays with one row per neuron).

    Each part is compared relative to its largest absolute entry, or with pairwise=True relative to the larger of
    the two rows being compared.
    """
    n = parts[0].shape[0]
    close = np.ones((n, n), dtype=bool)
    for part in parts:
        spread = np.max(np.abs(part[:, None, :] - part[None, :, :]), axis=2)
        if pairwise:
            size = np.max(np.abs(part), axis=1)
            close &= spread <= tol * np.maximum(size[:, None], size[None, :])
        else:
            close &= spread <= tol * float(np.max(np.abs(part)))
    return union_find_classes(close)


def measured_classes(params: Params, forward: Forward, *, tol: float = 0.0) -> tuple[Classes, ...]:
    """Return, per layer, the neurons that are equal within `tol` in every part of their data and activations.

    Each part (incoming weights, outgoing weights, bias, pre-activations, activations, inputs) is compared relative
    to the largest absolute entry of that part. The default 0 asks for bitwise equality, which the reproducible
    arithmetic guarantees for interchangeable neurons (`symproof.structure.predicates`); no absolute floor can then
    merge two saturated neurons that differ. The targets are not part of the state; the output activations are.
    """
    parts = signatures(params, forward.a(0))
    for l, layer in enumerate(parts):
        layer.append(forward.a(l))
        if l > 0:
            layer.append(forward.z(l))
    return tuple(classes_within(layer, tol) for layer in parts)
