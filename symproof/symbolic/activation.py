"""Symbolic activations: an undefined sigma with its derivative sigma' as a second undefined function, or a concrete
one (sigmoid, tanh, identity); and numeric functions to put in place of sigma and sigma' when evaluating.

Treating sigma' as a function of its own is a generalisation: an identity that holds for every pair of functions
holds for (f, f'). `symproof.symbolic.network` uses these and re-exports them. Non-goals: activations with kinks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp

from symproof.symbolic.tape import Numeric

__all__ = ["ACTIVATIONS", "SIGMA", "SIGMA_PRIME", "SymbolicActivation", "as_sigma_prime", "concrete_functions"]


SIGMA = sp.Function("sigma")
SIGMA_PRIME = sp.Function("sigma'")


@dataclass(frozen=True)
class SymbolicActivation:
    """An activation `f` and its derivative `df`, each mapping a SymPy expression to one."""

    name: str
    f: Callable[[sp.Expr], sp.Expr]
    df: Callable[[sp.Expr], sp.Expr]


def _sigmoid(z: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-z))


ACTIVATIONS: dict[str, SymbolicActivation] = {
    a.name: a
    for a in (
        SymbolicActivation("sigma", SIGMA, SIGMA_PRIME),
        SymbolicActivation("sigmoid", _sigmoid, lambda z: sp.exp(-z) / (1 + sp.exp(-z)) ** 2),
        SymbolicActivation("tanh", sp.tanh, lambda z: 1 - sp.tanh(z) ** 2),
        SymbolicActivation("identity", lambda z: z, lambda z: sp.Integer(1)),
    )
}


def as_sigma_prime(expr: sp.Expr) -> sp.Expr:
    """Return `expr` with SymPy's derivatives of sigma, Derivative(sigma(u), u) at any point, written as sigma'."""
    found = expr.replace(
        lambda e: isinstance(e, sp.Derivative) and e.expr.func == SIGMA and e.variable_count == ((e.expr.args[0], 1),),
        lambda e: SIGMA_PRIME(e.expr.args[0]),
    )
    return found.replace(lambda e: isinstance(e, sp.Subs), lambda e: e.doit())


def concrete_functions(name: str, ctx: Any = mpmath.mp) -> dict[str, Numeric]:
    """Return functions of the mpmath context `ctx` to put in place of the undefined sigma and sigma'."""
    exp = ctx.exp

    def sigmoid(u: Any) -> Any:
        return 1 / (1 + exp(-u))

    def sigmoid_prime(u: Any) -> Any:
        e = exp(-u)  # once: the same value twice
        return e / (1 + e) ** 2

    def tanh(u: Any) -> Any:
        return 1 - 2 / (exp(2 * u) + 1)

    def tanh_prime(u: Any) -> Any:
        return 1 - tanh(u) ** 2

    table: dict[str, tuple[Numeric, Numeric]] = {
        "sigmoid": (sigmoid, sigmoid_prime),
        "tanh": (tanh, tanh_prime),
        "identity": (lambda u: u, lambda u: ctx.mpf(1)),
    }
    f, df = table[name]
    return {"sigma": f, "sigma'": df}
