"""Shared subexpressions: a tape that names every distinct intermediate quantity once, and evaluates it numerically.

A symbolic network written out as plain SymPy trees doubles in size with every layer and every step: each
pre-activation contains the whole network before it. The tape keeps trees one layer deep instead. `Tape.bind(expr)`
returns a Symbol that stands for `expr`; the same expression (in SymPy's canonical form: sorted, flattened sums and
products with like terms collected) always gets the same Symbol. This is hash-consing, and it is also the canonical
form the proofs compare first: two quantities whose definitions are equal term by term, all the way down, are bound
to one Symbol, so `a == b` on bound quantities is exact structural equality of the whole computation.
`Tape.bind_built(key, build, name)` also skips building: a key that determines the expression (the operation and
its operands, themselves bound Symbols) maps to the Symbol bound the first time.

Equal symbols prove equal values. Different symbols prove nothing by themselves; `symproof.symbolic.structure`
then falls back to a numeric witness (to prove a difference) or to `simplify` on the inlined expressions.

`evaluate` computes bound quantities numerically (mpmath, 30 digits by default), each definition once, with concrete
functions for the undefined activation; it is how a symbolic state is compared with the NumPy engine, and how a
nonzero expression gets a witness. Non-goals: general common-subexpression elimination (`sympy.cse` does that for
finished expressions); here sharing is built in while the expressions are made.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Hashable, Iterable, Mapping
from typing import Any

import mpmath
import sympy as sp

__all__ = ["Numeric", "Tape", "evaluate_tree"]

Numeric = Callable[[Any], Any]


class Tape:
    """Named intermediate quantities: each distinct expression is bound to one Symbol, in order of creation."""

    def __init__(self) -> None:
        self.definitions: dict[sp.Symbol, sp.Expr] = {}
        self._symbols: dict[sp.Expr, sp.Symbol] = {}
        self._inlined: dict[sp.Symbol, sp.Expr] = {}
        self._free: dict[sp.Symbol, set[sp.Basic]] = {}  # filled on first use by `free_symbols`
        self._order: dict[sp.Symbol, int] = {}  # creation order
        self._names: set[str] = set()  # the names of the bound Symbols
        self._built: dict[Hashable, sp.Expr] = {}  # what `bind_built` returned for each key

    def __len__(self) -> int:
        return len(self.definitions)

    def bind(self, expr: sp.Expr, name: str) -> sp.Expr:
        """Return the Symbol bound to `expr` (a new one called `name` if `expr` is new); atoms are returned as is."""
        if expr.is_Atom:
            return expr
        found = self._symbols.get(expr)
        if found is not None:
            return found
        name = name if name not in self._names else f"{name}#{len(self.definitions)}"
        symbol = sp.Symbol(name)
        self._names.add(name)
        self._symbols[expr] = symbol
        self.definitions[symbol] = expr
        self._order[symbol] = len(self._order)
        return symbol

    def bind_built(self, key: Hashable, build: Callable[[], sp.Expr], name: str) -> sp.Expr:
        """Return `bind(build(), name)`, calling `build` only the first time `key` is seen.

        The key must determine `build()` (the operation and every operand): a later call with an equal key would
        build an equal expression, which `bind` maps to the Symbol it returned the first time, so that Symbol is
        returned without building anything. Equal neurons, rows and steps of a symmetric start cost one build.
        """
        found = self._built.get(key)
        if found is None:
            found = self._built[key] = self.bind(build(), name)
        return found

    def free_symbols(self, symbol: sp.Symbol) -> set[sp.Basic]:
        """Return the free symbols of the definition of the bound `symbol` (computed once)."""
        free = self._free.get(symbol)
        if free is None:
            free = self._free[symbol] = self.definitions[symbol].free_symbols
        return free

    def is_bound(self, symbol: sp.Basic) -> bool:
        """Return whether `symbol` names an intermediate quantity of this tape."""
        return symbol in self.definitions

    def inline(self, expr: sp.Expr) -> sp.Expr:
        """Return `expr` with every bound Symbol replaced by its definition, recursively (trees can be large)."""
        needed = self.dependencies([expr], self._inlined)
        for symbol in needed:  # dependencies come in creation order, so each definition's symbols are ready
            self._inlined[symbol] = self.definitions[symbol].xreplace(self._inlined)
        return sp.sympify(expr).xreplace(self._inlined)

    def dependencies(self, exprs: Iterable[sp.Expr], known: Container[sp.Basic] = ()) -> list[sp.Symbol]:
        """Return the bound Symbols that `exprs` depend on, directly or through other definitions, in creation order;
        the walk stops at symbols in `known` (already evaluated, say)."""
        seen: set[sp.Symbol] = set()
        stack = [s for e in exprs for s in sp.sympify(e).free_symbols if s in self.definitions and s not in known]
        while stack:
            symbol = stack.pop()
            if symbol in seen:
                continue
            seen.add(symbol)
            stack.extend(s for s in self.free_symbols(symbol) if s in self.definitions and s not in known)
        return sorted(seen, key=self._order.__getitem__)

    def evaluate(
        self,
        exprs: Iterable[sp.Expr],
        values: Mapping[sp.Symbol, Any],
        functions: Mapping[str, Numeric],
        *,
        dps: int = 30,
    ) -> list[Any]:
        """Return the mpmath values of `exprs` given numbers for the free symbols and for the undefined functions."""
        wanted = [sp.sympify(e) for e in exprs]
        with mpmath.workdps(dps):
            env: dict[sp.Basic, Any] = {s: mpmath.mpf(v) for s, v in values.items()}
            for symbol in self.dependencies(wanted):
                env[symbol] = evaluate_tree(self.definitions[symbol], env, functions)
            return [evaluate_tree(e, env, functions) for e in wanted]


def evaluate_tree(
    expr: sp.Basic, env: dict[sp.Basic, Any], functions: Mapping[str, Numeric], ctx: Any = mpmath.mp
) -> Any:
    """Return the value of `expr` in the mpmath context `ctx` (mpmath.mp, or an interval context), with symbol values
    in `env` (extended in place as a memo of subtrees) and `functions` for undefined functions."""
    found = env.get(expr)
    if found is not None:
        return found
    if expr.is_Rational:
        value = ctx.mpf(int(expr.p)) / ctx.mpf(int(expr.q))
    elif expr.is_Number:
        value = ctx.mpf(str(expr))
    elif expr.is_Symbol:
        raise KeyError(f"no value for symbol {expr}")
    elif expr is sp.pi:
        value = ctx.pi
    elif expr is sp.E:
        value = ctx.e
    else:
        args = [evaluate_tree(a, env, functions, ctx) for a in expr.args]
        if expr.is_Add:
            value = ctx.fsum(args)
        elif expr.is_Mul:
            value = ctx.fprod(args)
        elif expr.is_Pow:
            value = args[0] ** args[1]
        else:
            value = _function(type(expr).__name__, functions, ctx)(*args)
    env[expr] = value
    return value


def _function(name: str, functions: Mapping[str, Numeric], ctx: Any) -> Numeric:
    """Return the numeric function called `name`: given, from the context, or tanh through exp (intervals lack it)."""
    if name in functions:
        return functions[name]
    if name == "tanh" and not hasattr(ctx, "tanh"):
        return lambda u: 1 - 2 / (ctx.exp(2 * u) + 1)
    function: Numeric = getattr(ctx, name)
    return function
