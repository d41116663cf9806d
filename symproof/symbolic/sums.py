"""Sums over symbolic ranges: collapse Kronecker deltas under stated range hypotheses, and tie indexed quantities.

Differentiating a `Sum` with respect to one `Indexed` entry (SymPy's `diff`) gives Kronecker deltas between the
summation indices and the entry's indices. SymPy's own `doit` then leaves a `Piecewise` guard such as
``j0 <= n[c0]`` that it cannot discharge. `collapse` does the same substitution itself and discharges every guard
explicitly: a guard must be true outright (``1 <= c0`` for a positive integer), one of the stated `hypotheses`
(the differentiated entry exists: ``c0 <= K``, ``j0 <= n[c0]``), or the range of an index that is still summed over.
A guard that is none of these raises `UnprovenGuard`, so a proof never silently assumes a range.

`canonical` nests every `Sum` one index at a time, pulls out the factors free of its index and renames the index by
nesting depth (alpha-equivalent sums become equal); `same` compares two expressions in that form, then by `expand`
and `simplify` of the difference, and anything it cannot settle counts as not equal. `tie` replaces every entry of
an `IndexedBase` by a function of its indices (z[c, j, k] -> Z[c, k]: the hypothesis that the layer is
block-constant).
Non-goals: general delta summation (sympy.concrete.delta), infinite sums.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import sympy as sp

__all__ = ["UnprovenGuard", "canonical", "collapse", "same", "tie"]

Limit = tuple[sp.Symbol, sp.Expr, sp.Expr]


class UnprovenGuard(ValueError):
    """A Kronecker delta's range condition that neither holds outright nor follows from the hypotheses."""


def _orientations(delta: sp.KroneckerDelta, limits: Sequence[Limit]) -> list[tuple[sp.Symbol, sp.Expr]]:
    """Return the ways to sum `delta` out: (v, e) with v summed, v not in e, and no summed index of e ranging over
    limits that mention v."""
    bounds = {v: lo.free_symbols | hi.free_symbols for v, lo, hi in limits}
    found = []
    for v, e in (delta.args, delta.args[::-1]):
        if v in bounds and v not in e.free_symbols and not any(v in bounds[u] for u in e.free_symbols & set(bounds)):
            found.append((v, e))
    return found


def _term(term: sp.Expr, limits: Sequence[Limit], hypotheses: frozenset[sp.Basic]) -> sp.Expr:
    """Return one term of a sum with its deltas summed out; the range guards are checked once all are applied."""
    factors, ranges = list(sp.Mul.make_args(term)), list(limits)
    guards: list[sp.Basic] = []
    while True:
        chosen = next(
            ((f, ve) for f in factors if isinstance(f, sp.KroneckerDelta) for ve in _orientations(f, ranges)), None
        )
        if chosen is None:
            break
        delta, (v, e) = chosen
        lo, hi = next((lo, hi) for u, lo, hi in ranges if u == v)
        guards = [g.xreplace({v: e}) for g in guards] + [sp.Le(lo, e), sp.Le(e, hi)]
        factors = [f.xreplace({v: e}) for f in factors if f is not delta]
        ranges = [(u, lo_.xreplace({v: e}), hi_.xreplace({v: e})) for u, lo_, hi_ in ranges if u != v]
    known = set(hypotheses) | {sp.Le(lo, u) for u, lo, _ in ranges} | {sp.Le(u, hi) for u, _, hi in ranges}
    for guard in guards:
        if guard is not sp.true and guard not in known:
            raise UnprovenGuard(f"summing out a Kronecker delta needs {guard}")
    body = sp.Mul(*factors)
    return sp.Sum(body, *ranges) if ranges else body


def collapse(expr: sp.Expr, hypotheses: Iterable[sp.Basic] = ()) -> sp.Expr:
    """Return `expr` with every Kronecker delta on a summation index summed out, innermost sums first.

    Raises `UnprovenGuard` when a delta's index lies in a range that the hypotheses do not establish.
    """
    known = frozenset(hypotheses)

    def one(s: sp.Sum) -> sp.Expr:
        limits: list[Limit] = [(v, lo, hi) for v, lo, hi in s.limits]
        terms = sp.Add.make_args(sp.expand_mul(s.function))
        return sp.Add(*[_term(t, limits, known) for t in terms])

    return expr.replace(lambda e: isinstance(e, sp.Sum), one)


def tie(expr: sp.Expr, base: sp.IndexedBase, value: Callable[..., sp.Expr]) -> sp.Expr:
    """Return `expr` with every entry base[i1, i2, ...] replaced by value(i1, i2, ...)."""
    return expr.replace(
        lambda e: isinstance(e, sp.Indexed) and e.base == base,
        lambda e: value(*e.indices),
    )


def _rename(expr: sp.Basic, depth: int) -> sp.Basic:
    if isinstance(expr, sp.Sum):
        (v, lo, hi), inner = expr.limits[-1], expr.limits[:-1]
        body = sp.Sum(expr.function, *inner) if inner else expr.function
        new = sp.Symbol(f"_sum{depth}", integer=True, positive=True)
        found = _rename(body.xreplace({v: new}), depth + 1)
        constant, varying = found.as_independent(new, as_Add=False)
        return constant * sp.Sum(varying, (new, _rename(lo, depth), _rename(hi, depth)))
    if not expr.args:
        return expr
    return expr.func(*[_rename(a, depth) for a in expr.args])


def canonical(expr: sp.Basic) -> sp.Basic:
    """Return `expr` with every Sum nested one index at a time, the factors free of its index pulled out, and its
    index renamed by nesting depth (so alpha-equivalent sums become equal)."""
    for _ in range(3):  # pulling a factor out of a sum lowers the depth of the sums inside it: rename again
        found = _rename(expr, 0)
        if found == expr:
            break
        expr = found
    return expr


def same(a: sp.Expr, b: sp.Expr) -> bool:
    """Return whether `a` and `b` are proven equal: the same canonical form, or a difference that expands (cheap, tried
    first) or simplifies to 0. Anything else, SymPy failing inside `simplify` included, is not a proof of equality."""
    ca, cb = canonical(a), canonical(b)
    if ca == cb:
        return True
    try:
        return sp.expand(ca - cb) == 0 or bool(sp.simplify(ca - cb) == 0)
    except (StopIteration, RuntimeError, ValueError, TypeError):  # sum_simplify can fail on some sums
        return False
