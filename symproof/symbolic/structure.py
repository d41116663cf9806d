"""Exact structure predicates on symbolic matrices: identically zero, constant, row-equal, column-equal, identical.

Every predicate decides equalities between entries in three stages, cheapest first, and says which one settled it:

1. canonical: the two entries are the same expression (on a `Tape`, the same Symbol). This proves equality.
2. witness: the two entries, evaluated at one random point (random numbers for every symbol, sigmoid and its
   derivative for the undefined sigma and sigma') in 50-digit interval arithmetic, give an interval for a - b that
   excludes 0. This proves that they are not equal as functions (an identity for every activation would hold for the
   sigmoid too). Intervals, not a threshold: the values reach 1e-208 (zero init, depth 8), far below any fixed one.
3. simplify: `simplify(a - b) == 0` on the inlined expressions; this proves equality that the canonical form misses.
   If it does not return 0, the equality is undecided and the predicate does not hold.

A nonzero witness is an interval (50 digits) that excludes 0.

Zero is literal: a matrix is identically zero when its entries are the number 0, which is what products with zero
weights give. A `NonZero` carries a witness value and the condition for being nonzero: the factors of the entry
(opened through the tape while they are products) that are not known to be nonzero, each of which must not vanish.
Non-goals: deciding equalities that hold only on part of the parameter space; proofs of inequality other than by
a witness.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import Any, Literal

import mpmath
import numpy as np
import sympy as sp

from symproof.symbolic.network import Matrix, SymbolicForward, concrete_functions
from symproof.symbolic.tape import Numeric, Tape, evaluate_tree

__all__ = ["Decision", "NonZero", "Prover", "all_decided"]

DecisionMethod = Literal["canonical", "witness", "simplify", "undecided", "literal"]
# A condition is shown inlined (in the initial symbols) when it is this short and rests on few named quantities;
# otherwise by the names of the tape (W4[i,j]^k: W_4 after step k; z, a, d l[j,k]@t: pre-activation, activation
# and delta of layer l, example k, in step t).
SHOWN_LENGTH = 160
SHOWN_DEPTH = 12
DIGITS = 50


@dataclass(frozen=True)
class Decision:
    """Whether a predicate holds exactly, how it was decided, and the entries that decided it."""

    name: str
    holds: bool
    method: DecisionMethod
    detail: str = ""

    def __bool__(self) -> bool:
        return self.holds


def all_decided(name: str, decisions: Sequence[Decision]) -> Decision:
    """Return a Decision that holds when every one of `decisions` holds (the first failure otherwise)."""
    for decision in decisions:
        if not decision.holds:
            return Decision(name, False, decision.method, f"{decision.name}: {decision.detail}")
    methods = sorted({d.method for d in decisions})
    return Decision(name, True, "simplify" if "simplify" in methods else "canonical", f"{len(decisions)} checks")


@dataclass(frozen=True)
class NonZero:
    """Whether an entry is not identically zero (a witness value, the midpoint of an interval that excludes 0),
    and the factors that must not vanish."""

    holds: bool
    witness: float
    conditions: tuple[str, ...]

    def __bool__(self) -> bool:
        return self.holds


def _float(interval: Any) -> float:
    """Return the midpoint of an interval as a float (for reports; it may underflow to 0.0 where the interval
    does not contain 0)."""
    return float(interval.mid)


@cache
def _context() -> tuple[Any, dict[str, Numeric]]:
    """Return the provers' interval context (private, so that its precision is theirs alone: DIGITS, never changed)
    and the sigmoid and its derivative in it; made once, as making a context costs a millisecond."""
    ctx = mpmath.iv.__class__()
    ctx.dps = DIGITS
    return ctx, concrete_functions("sigmoid", ctx)


class Prover:
    """Decides exact equalities and non-vanishing of entries built on `tape`, with one random witness point."""

    def __init__(self, tape: Tape, *, seed: int = 0, functions: Mapping[str, Numeric] | None = None) -> None:
        self.tape = tape
        self._ctx, sigmoid = _context()
        self.functions = dict(functions or sigmoid)
        self._rng = np.random.default_rng(seed)
        self._env: dict[sp.Basic, Any] = {}

    def value(self, expr: sp.Expr) -> Any:
        """Return the interval value of `expr` at the witness point (50 digits); each definition is evaluated once."""
        expr = sp.sympify(expr)
        for symbol in self.tape.dependencies([expr], self._env):
            self._env[symbol] = self._evaluate(self.tape.definitions[symbol], self.tape.free_symbols(symbol))
        return self._evaluate(expr, expr.free_symbols)

    def _evaluate(self, expr: sp.Expr, free: set[sp.Basic]) -> Any:
        """Return the value of `expr`, with `free` its free symbols: new leaves get random values, in name order."""
        for leaf in sorted((s for s in free if s not in self._env), key=str):
            low = 0.1 if leaf.is_positive else -1.0
            self._env[leaf] = self._ctx.mpf(float(self._rng.uniform(low, 1.0)))
        return evaluate_tree(expr, self._env, self.functions, self._ctx)

    def equal(self, a: sp.Expr, b: sp.Expr, name: str = "equal") -> Decision:
        """Return whether `a` and `b` are identically equal: canonically, else disproved by witness, else simplify."""
        if a == b:
            return Decision(name, True, "canonical", str(a))
        va, vb = self.value(a), self.value(b)
        if 0 not in va - vb:
            return Decision(name, False, "witness", f"{a} = {_float(va):.6g} but {b} = {_float(vb):.6g}")
        if sp.simplify(self.tape.inline(a) - self.tape.inline(b)) == 0:
            return Decision(name, True, "simplify", f"{a} - {b} simplifies to 0")
        return Decision(name, False, "undecided", f"{a} - {b}: simplify does not reach 0")

    def all_equal(self, entries: Sequence[sp.Expr], name: str) -> Decision:
        """Return whether every entry equals the first."""
        return all_decided(name, [self.equal(entries[0], e, name) for e in entries[1:]])

    def is_zero(self, m: Matrix) -> Decision:
        """Return whether every entry of `m` is literally 0 (the witness shows a nonzero entry otherwise)."""
        for e in m:
            if e != 0:
                return Decision("zero", False, "witness", f"{e} = {_float(self.value(e)):.6g}")
        return Decision("zero", True, "literal", f"{m.shape[0]}x{m.shape[1]} zeros")

    def is_constant(self, m: Matrix) -> Decision:
        """Return whether all entries of `m` are equal."""
        return self.all_equal(list(m), "constant")

    def is_row_equal(self, m: Matrix) -> Decision:
        """Return whether each row of `m` is constant (the weights leaving each neuron are equal)."""
        return all_decided("row-equal", [self.all_equal(list(m.row(i)), f"row {i}") for i in range(m.shape[0])])

    def is_column_equal(self, m: Matrix) -> Decision:
        """Return whether each column of `m` is constant (the weights entering each neuron are equal)."""
        return all_decided("column-equal", [self.all_equal(list(m.col(j)), f"column {j}") for j in range(m.shape[1])])

    def neurons_identical(self, forward: SymbolicForward, layer: int) -> Decision:
        """Return whether all neurons of `layer` have equal pre-activations and activations in every example."""
        quantities = [forward.activations[layer]] + ([forward.zs[layer - 1]] if layer > 0 else [])
        return all_decided(
            f"neurons-identical({layer})",
            [
                self.all_equal(list(q.col(k)), f"layer {layer} example {k}")
                for q in quantities
                for k in range(q.shape[1])
            ],
        )

    def differ(self, a: sp.Expr, b: sp.Expr) -> bool:
        """Return whether `a` and `b` are proven different (by the witness point)."""
        decision = self.equal(a, b)
        return decision.method == "witness" and not decision.holds

    def unstructured(self, m: Matrix) -> Decision:
        """Return whether `m` has no two equal rows, no two equal columns, and no constant row or column: for each
        pair of rows (columns) some entry is proven different, and each row (column) has two entries proven
        different."""
        rows, cols = m.shape

        def differs(pairs: Sequence[tuple[sp.Expr, sp.Expr]]) -> bool:
            return any(self.differ(a, b) for a, b in pairs)

        failed = [
            f"rows {p} and {q} not proven different"
            for p, q in combinations(range(rows), 2)
            if not differs(list(zip(m.row(p), m.row(q))))
        ]
        failed += [
            f"columns {p} and {q} not proven different"
            for p, q in combinations(range(cols), 2)
            if not differs(list(zip(m.col(p), m.col(q))))
        ]
        if cols > 1:
            failed += [
                f"row {i} not proven non-constant"
                for i in range(rows)
                if not differs([(m[i, 0], e) for e in m.row(i)[1:]])
            ]
        if rows > 1:
            failed += [
                f"column {j} not proven non-constant"
                for j in range(cols)
                if not differs([(m[0, j], e) for e in m.col(j)[1:]])
            ]
        detail = (
            "; ".join(failed) if failed else f"{rows}x{cols}: no two rows or columns equal, none constant (witnessed)"
        )
        return Decision("unstructured", not failed, "witness", detail)

    def nonzero(self, expr: sp.Expr, *, conditions: bool = True) -> NonZero:
        """Return whether `expr` is not identically zero, with the factors that must not vanish (if `conditions`)."""
        if expr == 0:
            return NonZero(False, 0.0, ("0 != 0",))
        witness = self.value(expr)
        holds = 0 not in witness
        if not conditions:
            return NonZero(holds, _float(witness), ())
        found: list[str] = []
        for factor in self._factors(expr):
            shown = self.tape.inline(factor)
            shown = shown.as_content_primitive()[1] if shown.is_Add else shown
            text = str(shown) if len(self.tape.dependencies([factor])) < SHOWN_DEPTH else ""
            found.append(f"{text if text and len(text) <= SHOWN_LENGTH else factor} != 0")
        return NonZero(holds, _float(witness), tuple(dict.fromkeys(found)))

    def _factors(self, expr: sp.Expr) -> list[sp.Expr]:
        """Return the factors of `expr` that may vanish, opening bound products through the tape."""
        found: list[sp.Expr] = []
        for factor in sp.Mul.make_args(expr):
            if factor.is_Pow and factor.exp.is_number:
                if factor.exp.is_negative:
                    continue  # a denominator: where it vanishes the expression is undefined, not zero
                factor = factor.base
            if factor.is_number or factor.is_zero is False:
                continue
            if factor.is_Add:
                factor = factor.as_content_primitive()[1]  # 2*a - 2*y: the condition is a - y != 0
            definition = self.tape.definitions.get(factor)
            if definition is not None and (definition.is_Mul or definition.is_Pow):
                found.extend(self._factors(definition))
            else:
                found.append(factor)
        return found
