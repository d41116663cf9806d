"""The per-layer lemmas of block invariance, derived for a symbolic number of blocks, symbolic block sizes and batch.

A neuron of layer l is (block c, index j within the block), c = 1..K and j = 1..n[c]; every quantity of the full
network is an `IndexedBase` entry (W[r,i,c,j], b[c,j], a[r,i,k], z[c,j,k], delta[c,j,k]), and every sum over a layer
is a double `Sum` up to the symbolic K and n[c]. Each lemma is *derived*, not written down: the pre-activation is the
sum that defines it, the deltas and gradients are SymPy's `diff` of the loss or of the next pre-activation with
respect to one entry (chain rule), the Kronecker deltas are summed out under the hypothesis that the entry exists
(`symproof.symbolic.sums.collapse`), and only then are the hypotheses of the lemma substituted:

- block-constant state: W[r,i,c,j] = w[r,c], b[c,j] = beta[c], optimizer state S[r,i,c,j] = s[r,c], Sb[c,j] = sb[c];
- the layer below collapsed: a[r,i,k] = A[r,k] (for l = 1: the inputs tied within input blocks);
- the layer itself collapsed in the forward pass: z[c,j,k] = Z[c,k] (the forward lemma);
- the deltas collapsed: delta_l[c,j,k] = D[c,k] (the output-delta or backward lemma), delta_(l+1)[e,m,k] = Dn[e,k].

A lemma holds when the result is free of the entry's indices within blocks (i0, j0: they are free symbols of the
result, never bound summation indices) and equals the quotient network's formula exactly. The quotient formulas are
the targets in `OUTPUT_DELTAS` and in `lemmas`; a wrong target makes its lemma fail. Chaining the lemmas over layers
(forward from the inputs, backward from the output) and over steps (the new state is block-constant again) is the
induction written out in docs/symbolic.md; it is not mechanised here.
Non-goals: losses that are not sums over examples; optimizers that mix entries (not elementwise).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from symproof.symbolic.network import LR, SIGMA, SIGMA_PRIME, as_sigma_prime
from symproof.symbolic.sums import UnprovenGuard, collapse, same, tie

__all__ = ["OUTPUT_DELTAS", "Lemma", "Symbols", "inductive_step", "lemmas", "mse_delta"]


def _index(name: str) -> sp.Symbol:
    return sp.Symbol(name, integer=True, positive=True)


class Symbols:
    """The symbols of one layer l: block counts and sizes of layers l-1, l, l+1, the batch, the entry's indices."""

    def __init__(self) -> None:
        self.k_prev, self.k, self.k_next, self.batch = (_index(s) for s in ("K_prev", "K", "K_next", "B"))
        self.r0, self.i0, self.c0, self.j0, self.k0 = (_index(s) for s in ("r0", "i0", "c0", "j0", "k0"))
        self.n_prev, self.n, self.n_next = (sp.IndexedBase(s) for s in ("n_prev", "n", "n_next"))
        # Full-network entries (indexed by block and index within the block) and their block values.
        self.W, self.b, self.a, self.z, self.d = (sp.IndexedBase(s) for s in ("W", "b", "a", "z", "delta"))
        self.Wn, self.dn, self.S, self.Sb = (sp.IndexedBase(s) for s in ("W_next", "delta_next", "S", "Sb"))
        self.w, self.beta, self.A, self.Z = (sp.IndexedBase(s) for s in ("w", "beta", "A", "Z"))
        self.D, self.wn, self.Dn, self.s, self.sb = (sp.IndexedBase(s) for s in ("D", "w_next", "Dn", "s", "sb"))
        self.y = sp.IndexedBase("y")  # targets, tied within output blocks: y[c,k]
        self.ell = sp.Function("ell")
        # The entry exists: the hypotheses under which Kronecker deltas are summed out.
        self.ranges = [
            sp.Le(self.r0, self.k_prev),
            sp.Le(self.i0, self.n_prev[self.r0]),
            sp.Le(self.c0, self.k),
            sp.Le(self.j0, self.n[self.c0]),
            sp.Le(self.k0, self.batch),
        ]


def mse_delta(
    z: sp.Expr,
    y: sp.Expr,
    width: sp.Expr,
    batch: sp.Expr,
    f: Callable[[sp.Expr], sp.Expr] = SIGMA,
    df: Callable[[sp.Expr], sp.Expr] = SIGMA_PRIME,
) -> sp.Expr:
    """Return the mse output delta 2 (f(z) - y) f'(z) / (width B), the mean over the full output width (the formula
    `FullNetwork` uses, and the target of the derived mse lemma)."""
    return 2 * (f(z) - y) * df(z) / (width * batch)


def _width(s: Symbols) -> sp.Expr:
    c = _index("c")
    return sp.Sum(s.n[c], (c, 1, s.k))


def _softmax_target(s: Symbols) -> sp.Expr:
    c = _index("c")
    mass = sp.Sum(s.n[c] * s.y[c, s.k0], (c, 1, s.k))
    partition = sp.Sum(s.n[c] * sp.exp(s.Z[c, s.k0]), (c, 1, s.k))
    return (sp.exp(s.Z[s.c0, s.k0]) * mass / partition - s.y[s.c0, s.k0]) / s.batch


# The quotient network's output delta for each loss, as a function of the layer's symbols (entry c0, example k0).
OUTPUT_DELTAS: dict[str, Callable[[Symbols], sp.Expr]] = {
    "mse": lambda s: mse_delta(s.Z[s.c0, s.k0], s.y[s.c0, s.k0], _width(s), s.batch),
    "separable ell(z, y)": lambda s: sp.Derivative(s.ell(s.Z[s.c0, s.k0], s.y[s.c0, s.k0]), s.Z[s.c0, s.k0]) / s.batch,
    "softmax cross-entropy": _softmax_target,
}


def _losses(s: Symbols) -> dict[str, sp.Expr]:
    """Return each loss written over the full output width: sums over blocks c, indices j and examples k."""
    c, j, k, c2, j2 = (_index(n) for n in ("c", "j", "k", "c2", "j2"))
    z, y = s.z[c, j, k], s.y[c, k]
    over = ((j, 1, s.n[c]), (c, 1, s.k), (k, 1, s.batch))
    partition = sp.Sum(sp.exp(s.z[c2, j2, k]), (j2, 1, s.n[c2]), (c2, 1, s.k))
    return {
        "mse": sp.Sum((SIGMA(z) - y) ** 2, *over) / (_width(s) * s.batch),
        "separable ell(z, y)": sp.Sum(s.ell(z, y), *over) / s.batch,
        "softmax cross-entropy": -sp.Sum(y * (z - sp.log(partition)), *over) / s.batch,
    }


@dataclass(frozen=True)
class Lemma:
    """A derived quantity under the hypotheses, the quotient formula it must equal, and whether it does."""

    derived: sp.Expr
    expected: sp.Expr
    free: bool
    equal: bool

    @property
    def holds(self) -> bool:
        """Return whether the derived quantity is free of the within-block indices and equals the quotient's."""
        return self.free and self.equal


def _z(s: Symbols, c: sp.Expr, j: sp.Expr, k: sp.Expr) -> sp.Expr:
    """Return the definition of z_l[(c, j), k] = sum_r sum_i W[r,i,c,j] a[r,i,k] + b[c,j]."""
    r, i = _index("r"), _index("i")
    return sp.Sum(s.W[r, i, c, j] * s.a[r, i, k], (i, 1, s.n_prev[r]), (r, 1, s.k_prev)) + s.b[c, j]


def _chain(
    s: Symbols, upstream: sp.IndexedBase, wrt: sp.Expr, z: Callable[..., sp.Expr], count: sp.Expr, sizes: sp.IndexedBase
) -> sp.Expr:
    """Return sum_k sum_(c,j) upstream[c,j,k] d z(c, j, k) / d wrt (the chain rule through one layer), collapsed:
    c = 1..count blocks of sizes[c] neurons."""
    c, j, k = _index("c1"), _index("j1"), _index("k1")
    total = sp.Sum(upstream[c, j, k] * sp.diff(z(c, j, k), wrt), (j, 1, sizes[c]), (c, 1, count), (k, 1, s.batch))
    return as_sigma_prime(collapse(total, s.ranges))


def lemmas(*, block_constant_weights: bool = True, block_constant_biases: bool = True) -> dict[str, Lemma]:
    """Return every per-layer lemma, derived and compared (see module); `block_constant_weights=False` puts an
    arbitrary Omega(r, i, c, j) in place of the block values of W_l and W_(l+1), `block_constant_biases=False` an
    arbitrary Beta(c, j) in place of those of b_l (tests: the lemmas must then fail).

    Raises `UnprovenGuard` if a Kronecker delta cannot be summed out under the stated ranges.
    """
    s = Symbols()
    omega = sp.Function("Omega")
    r0, i0, c0, j0, k0, e = s.r0, s.i0, s.c0, s.j0, s.k0, _index("e")

    def block(expr: sp.Expr) -> sp.Expr:
        """Substitute the hypotheses (block-constant state, collapsed layers) and evaluate the sums."""
        ties: list[tuple[sp.IndexedBase, Callable[..., sp.Expr]]] = [
            (s.W, (lambda r, i, c, j: s.w[r, c]) if block_constant_weights else omega),
            (s.Wn, (lambda r, i, c, j: s.wn[r, c]) if block_constant_weights else omega),
            (s.b, (lambda c, j: s.beta[c]) if block_constant_biases else sp.Function("Beta")),
            (s.a, lambda r, i, k: s.A[r, k]),
            (s.z, lambda c, j, k: s.Z[c, k]),
            (s.d, lambda c, j, k: s.D[c, k]),
            (s.dn, lambda e_, m, k: s.Dn[e_, k]),
            (s.S, lambda r, i, c, j: s.s[r, c]),
            (s.Sb, lambda c, j: s.sb[c]),
        ]
        for base, value in ties:
            expr = tie(expr, base, value)
        return expr.doit()

    def lemma(derived: sp.Expr | tuple[sp.Expr, ...], expected: sp.Expr | tuple[sp.Expr, ...]) -> Lemma:
        pairs = list(zip(*(p if isinstance(p, tuple) else (p,) for p in (derived, expected)), strict=True))
        found = tuple(block(d) for d, _ in pairs)
        free = not any({i0, j0} & f.free_symbols for f in found)
        equal = all(same(f, q) for f, (_, q) in zip(found, pairs))
        return Lemma(sp.Tuple(*found), sp.Tuple(*(q for _, q in pairs)), free, equal)

    k = _index("k")
    found: dict[str, Lemma] = {}
    quotient_z = sp.Sum(s.n_prev[e] * s.w[e, c0] * s.A[e, k0], (e, 1, s.k_prev)) + s.beta[c0]
    found["forward z_l and a_l = sigma(z_l)"] = lemma(
        (_z(s, c0, j0, k0), SIGMA(_z(s, c0, j0, k0))), (quotient_z, SIGMA(quotient_z))
    )
    for loss, value in _losses(s).items():
        derived = as_sigma_prime(collapse(sp.diff(value, s.z[c0, j0, k0]), s.ranges))
        found[f"output delta, {loss}"] = lemma(derived, OUTPUT_DELTAS[loss](s))

    def z_next(c: sp.Expr, j: sp.Expr, k_: sp.Expr) -> sp.Expr:
        r, i = _index("r"), _index("i")
        return sp.Sum(s.Wn[r, i, c, j] * SIGMA(s.z[r, i, k_]), (i, 1, s.n[r]), (r, 1, s.k)) + sp.Symbol("b_next")

    found["backward delta_l"] = lemma(
        _chain(s, s.dn, s.z[c0, j0, k0], z_next, s.k_next, s.n_next),
        sp.Sum(s.n_next[e] * s.wn[c0, e] * s.Dn[e, k0], (e, 1, s.k_next)) * SIGMA_PRIME(s.Z[c0, k0]),
    )
    grad_w = _chain(s, s.d, s.W[r0, i0, c0, j0], lambda c, j, k_: _z(s, c, j, k_), s.k, s.n)
    grad_b = _chain(s, s.d, s.b[c0, j0], lambda c, j, k_: _z(s, c, j, k_), s.k, s.n)
    quotient_gw = sp.Sum(s.A[r0, k] * s.D[c0, k], (k, 1, s.batch))
    quotient_gb = sp.Sum(s.D[c0, k], (k, 1, s.batch))
    found["weight gradient dL/dW_l"] = lemma(grad_w, quotient_gw)
    found["bias gradient dL/db_l"] = lemma(grad_b, quotient_gb)
    weight, bias = s.W[r0, i0, c0, j0], s.b[c0, j0]
    found["sgd update of W_l"] = lemma(weight - LR * grad_w, s.w[r0, c0] - LR * quotient_gw)
    found["sgd update of b_l"] = lemma(bias - LR * grad_b, s.beta[c0] - LR * quotient_gb)
    update, state = sp.Function("U"), sp.Function("V")  # new parameter and new optimizer state of one entry

    def elementwise(theta: sp.Expr, g: sp.Expr, st: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
        return update(theta, g, st), state(theta, g, st)

    found["elementwise update (U, V)(theta, g, s) of W_l"] = lemma(
        elementwise(weight, grad_w, s.S[r0, i0, c0, j0]), elementwise(s.w[r0, c0], quotient_gw, s.s[r0, c0])
    )
    found["elementwise update (U, V)(theta, g, s) of b_l"] = lemma(
        elementwise(bias, grad_b, s.Sb[c0, j0]), elementwise(s.beta[c0], quotient_gb, s.sb[c0])
    )
    return found


def inductive_step(*, block_constant_weights: bool = True) -> dict[str, bool]:
    """Return whether each per-layer lemma holds (a guard that cannot be discharged counts as not holding)."""
    try:
        return {name: found.holds for name, found in lemmas(block_constant_weights=block_constant_weights).items()}
    except UnprovenGuard:
        return {"every Kronecker delta summed out under the stated ranges": False}
