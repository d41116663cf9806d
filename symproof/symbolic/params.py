"""Symbolic parameters and data: light immutable matrices of SymPy expressions, and the symbols of a start.

The layout is the engine's (`symproof.engine.network`): W_l has shape (n_{l-1}, n_l), b_l has shape (n_l, 1), a batch is
a matrix of columns. `initial_params` makes one Symbol per constant init value (`c_l`), per constant bias (`b_l`), per
entry of a random matrix (`w_l[i,j]`) or random bias (`b_l[j]`); `inputs` one per input entry (`x[i,k]`); `targets`
one per example shared by all outputs (`y[k]`) or one per entry (`y[j,k]`); `LR` is the learning rate, positive.
Non-goals: arithmetic on matrices (the network writes its sums out entry by entry).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import sympy as sp

__all__ = ["LR", "InitKind", "Matrix", "SymbolicParams", "from_rows", "initial_params", "inputs", "matrix", "targets"]

# The kind of an initial matrix or bias entry (as `symproof.engine.inits.WeightInit.kind`), not a claim's kind.
InitKind = Literal["zero", "constant", "random"]
LR = sp.Symbol("lr", positive=True)


@dataclass(frozen=True)
class Matrix:
    """An immutable matrix of SymPy expressions, held as a tuple of rows.

    `sympy.ImmutableMatrix` converts every entry into its domain-matrix form on creation and on indexing; for
    matrices that are only built, indexed and compared, that was most of the time of a proof.
    """

    rows: tuple[tuple[sp.Expr, ...], ...]

    @property
    def shape(self) -> tuple[int, int]:
        """Return (rows, columns)."""
        return len(self.rows), len(self.rows[0])

    def __getitem__(self, key: tuple[int, int]) -> sp.Expr:
        return self.rows[key[0]][key[1]]

    def __iter__(self) -> Iterator[sp.Expr]:
        return (e for row in self.rows for e in row)

    def row(self, i: int) -> tuple[sp.Expr, ...]:
        """Return row i."""
        return self.rows[i]

    def col(self, j: int) -> tuple[sp.Expr, ...]:
        """Return column j."""
        return tuple(row[j] for row in self.rows)

    def extract(self, rows: Sequence[int], cols: Sequence[int]) -> Matrix:
        """Return the submatrix (or permuted matrix) of the given rows and columns, in that order."""
        return Matrix(tuple(tuple(self.rows[i][j] for j in cols) for i in rows))

    def to_sympy(self) -> sp.ImmutableMatrix:
        """Return this matrix as a SymPy ImmutableMatrix."""
        return sp.ImmutableMatrix(self.rows)


def matrix(rows: int, cols: int, entry: Callable[[int, int], sp.Expr]) -> Matrix:
    """Return the rows x cols matrix of entry(i, j)."""
    return Matrix(tuple(tuple(sp.sympify(entry(i, j)) for j in range(cols)) for i in range(rows)))


def from_rows(rows: Iterable[Iterable[sp.Expr]]) -> Matrix:
    """Return the matrix with these rows."""
    return Matrix(tuple(tuple(row) for row in rows))


@dataclass(frozen=True)
class SymbolicParams:
    """Weights W_1..W_L and biases b_1..b_L as symbolic matrices (index 0 holds W_1)."""

    weights: tuple[Matrix, ...]
    biases: tuple[Matrix, ...]

    @property
    def topology(self) -> tuple[int, ...]:
        """Return the layer widths (n_0, ..., n_L)."""
        return (self.weights[0].shape[0], *(w.shape[1] for w in self.weights))

    @property
    def depth(self) -> int:
        """Return L, the number of weight matrices."""
        return len(self.weights)

    def arrays(self) -> tuple[Matrix, ...]:
        """Return W_1..W_L followed by b_1..b_L."""
        return self.weights + self.biases


def _per_layer(kinds: InitKind | Sequence[InitKind], depth: int) -> list[InitKind]:
    chosen: list[InitKind] = [kinds] * depth if isinstance(kinds, str) else list(kinds)
    if len(chosen) != depth or any(k not in ("zero", "constant", "random") for k in chosen):
        raise ValueError(f"need {depth} kinds among zero, constant, random; got {kinds!r}")
    return chosen


def _entry(kind: InitKind, constant: str, own: str) -> sp.Expr:
    return sp.Integer(0) if kind == "zero" else sp.Symbol(constant if kind == "constant" else own)


def initial_params(
    topology: Sequence[int],
    weights: InitKind | Sequence[InitKind] = "random",
    biases: InitKind | Sequence[InitKind] = "constant",
) -> SymbolicParams:
    """Return symbolic Params: per layer, zero, one constant symbol, or one symbol per entry ("random")."""
    sizes = tuple(int(n) for n in topology)
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"topology must have at least two positive widths; got {list(topology)}")
    depth = len(sizes) - 1
    kinds = zip(_per_layer(weights, depth), _per_layer(biases, depth))
    ws, bs = [], []
    for l, (wk, bk) in enumerate(kinds, start=1):
        ws.append(
            from_rows([_entry(wk, f"c_{l}", f"w{l}[{i},{j}]") for j in range(sizes[l])] for i in range(sizes[l - 1]))
        )
        bs.append(from_rows([_entry(bk, f"b_{l}", f"b{l}[{j}]")] for j in range(sizes[l])))
    return SymbolicParams(tuple(ws), tuple(bs))


def inputs(n: int, batch: int = 1) -> Matrix:
    """Return the symbolic input batch x of shape (n, batch), one symbol x[i,k] per entry."""
    return matrix(n, batch, lambda i, k: sp.Symbol(f"x[{i},{k}]"))


def targets(n: int, batch: int = 1, *, equal: bool = True) -> Matrix:
    """Return symbolic targets of shape (n, batch): y[k] in every row when `equal`, else one y[j,k] per entry."""
    return matrix(n, batch, lambda j, k: sp.Symbol(f"y[{k}]" if equal else f"y[{j},{k}]"))
