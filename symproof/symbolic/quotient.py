"""The quotient network: a block-constant network is a narrower network with one neuron per block.

Split the neurons of every layer into blocks and let every W_l be constant on each (block r of layer l-1) x
(block c of layer l) rectangle, every b_l constant on each block, the inputs tied within input blocks and the targets
within output blocks. Then each neuron of a block computes the same thing, and one step of training is computed by
the quotient network: one neuron per block, whose block sizes n_{l,r} enter as multiplicities,

    z_l[c] = sum_r n_{l-1,r} w_l[r,c] a_{l-1}[r] + b_l[c],
    delta_{l-1}[r] = f'(z_{l-1}[r]) sum_c n_{l,c} w_l[r,c] delta_l[c],

with the mse mean taken over the full output width sum_c n_{L,c}, and the per-entry gradient a_{l-1}[r] delta_l[c].

- `quotient_network` builds it symbolically (a `SymbolicNetwork` with symbolic multiplicities n_{l,r}).
- `FullNetwork` writes one step of the *full* network at symbolic width: a neuron is (block, index within the block),
  sums over a block are SymPy `Sum`s with the symbolic block size as upper limit, and the state is whatever the caller
  says (block-constant, or not). `block_invariance` proves that from a block-constant state the new parameters do
  not depend on the index within a block and equal the quotient network's step, for concrete block counts
  (`concrete_invariance`); and, by induction over layers, for a symbolic number of blocks, symbolic block sizes and a
  symbolic batch, with SGD and with any elementwise update U(theta, g, s) (`inductive_step`).
- `quotient_params`, `quotient_gradient`, `expand` do the same numerically in NumPy, so that the engine's trajectory
  can be compared with the quotient's.

Non-goals: losses that are not separable over output units are only covered by the inductive proof (softmax cross
entropy); dropout (its masks are not block-constant).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import NDArray

from symproof.activations import ACTIVATIONS as NUMERIC_ACTIVATIONS
from symproof.inits import BlockInit
from symproof.params import Params
from symproof.proof import Proof
from symproof.symbolic.network import (
    ACTIVATIONS,
    LR,
    SIGMA,
    SIGMA_PRIME,
    SymbolicNetwork,
    SymbolicParams,
    from_rows,
    inputs,
    matrix,
)

__all__ = [
    "FullNetwork",
    "block_constant",
    "block_constant_bias",
    "block_invariance",
    "concrete_invariance",
    "expand",
    "inductive_step",
    "multiplicity",
    "quotient_gradient",
    "quotient_network",
    "quotient_params",
]

Array = NDArray[Any]
# A weight of the full network: (layer l, block r, index i, block c, index j) -> W_l[(r, i), (c, j)].
Weight = Callable[[int, int, sp.Expr, int, sp.Expr], sp.Expr]


def multiplicity(layer: int, block: int) -> sp.Symbol:
    """Return the symbolic size n_{layer,block} of a block (a positive integer)."""
    return sp.Symbol(f"n{layer}_{block}", positive=True, integer=True)


def quotient_network(blocks: Sequence[int], activation: str = "sigma", loss: str = "mse") -> SymbolicNetwork:
    """Return the quotient network: one neuron per block, with symbolic multiplicities n_{l,r}."""
    mult = tuple(tuple(multiplicity(l, r) for r in range(k)) for l, k in enumerate(blocks))
    return SymbolicNetwork(tuple(blocks), activation, loss, mult)  # type: ignore[arg-type]


def _index(name: str) -> sp.Symbol:
    return sp.Symbol(name, integer=True, positive=True)


class FullNetwork:
    """The full network at symbolic width: neuron (block, index within the block), sums over blocks as `Sum`s.

    `weight(l, r, i, c, j)` and `bias(l, c, j)` give the state; inputs x[r,k] and targets y[c,k] are tied within
    blocks. Every quantity is memoised per (layer, block, index, example), so each is built once.
    """

    def __init__(
        self,
        blocks: Sequence[int],
        weight: Weight,
        bias: Callable[[int, int, sp.Expr], sp.Expr],
        batch: int,
        activation: str = "sigma",
    ) -> None:
        self.blocks, self.weight, self.bias, self.batch = tuple(blocks), weight, bias, batch
        self.act = ACTIVATIONS[activation]
        self.depth = len(blocks) - 1
        self.x = inputs(blocks[0], batch)
        self._memo: dict[tuple[Any, ...], sp.Expr] = {}

    def _cached(self, key: tuple[Any, ...], build: Callable[[], sp.Expr]) -> sp.Expr:
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def _block_sum(self, layer: int, block: int, term: Callable[[sp.Symbol], sp.Expr], name: str) -> sp.Expr:
        """Return the sum of term(index) over the neurons of `block` of `layer` (a Sum up to its symbolic size)."""
        index = _index(name)
        return sp.Sum(term(index), (index, 1, multiplicity(layer, block))).doit()

    def _forward_term(self, layer: int, r: int, c: int, j: sp.Expr, k: int, i: sp.Expr) -> sp.Expr:
        """Return W_layer[(r, i), (c, j)] a_(layer-1)[(r, i), k], the term of neuron i of block r in z_layer."""
        return self.weight(layer, r, i, c, j) * self.a(layer - 1, r, i, k)

    def _backward_term(self, layer: int, r: int, i: sp.Expr, c: int, k: int, j: sp.Expr) -> sp.Expr:
        """Return W_(layer+1)[(r, i), (c, j)] delta_(layer+1)[(c, j), k], the term of neuron j of block c."""
        return self.weight(layer + 1, r, i, c, j) * self.delta(layer + 1, c, j, k)

    def a(self, layer: int, block: int, i: sp.Expr, k: int) -> sp.Expr:
        """Return the activation of neuron i of `block` of `layer` in example k (the input row for layer 0)."""
        if layer == 0:
            return self.x[block, k]
        return self._cached(("a", layer, block, i, k), lambda: self.act.f(self.z(layer, block, i, k)))

    def z(self, layer: int, block: int, j: sp.Expr, k: int) -> sp.Expr:
        """Return the pre-activation of neuron j of `block` of `layer` in example k."""

        def build() -> sp.Expr:
            terms = [
                self._block_sum(layer - 1, r, partial(self._forward_term, layer, r, block, j, k), f"i{layer}")
                for r in range(self.blocks[layer - 1])
            ]
            return sp.Add(*terms) + self.bias(layer, block, j)

        return self._cached(("z", layer, block, j, k), build)

    def delta(self, layer: int, block: int, j: sp.Expr, k: int) -> sp.Expr:
        """Return dL/dz of neuron j of `block` of `layer` in example k (mse over the full output width)."""

        def build() -> sp.Expr:
            z = self.z(layer, block, j, k)
            if layer == self.depth:
                width = sp.Add(*[multiplicity(layer, c) for c in range(self.blocks[layer])])
                return 2 * (self.act.f(z) - sp.Symbol(f"y[{block},{k}]")) * self.act.df(z) / (width * self.batch)
            terms = [
                self._block_sum(layer + 1, c, partial(self._backward_term, layer, block, j, c, k), f"j{layer + 1}")
                for c in range(self.blocks[layer + 1])
            ]
            return sp.Add(*terms) * self.act.df(z)

        return self._cached(("d", layer, block, j, k), build)

    def sgd(self, layer: int, r: int, i: sp.Expr, c: int, j: sp.Expr) -> sp.Expr:
        """Return W_layer[(r, i), (c, j)] after one SGD step."""
        grad = sp.Add(*[self.a(layer - 1, r, i, k) * self.delta(layer, c, j, k) for k in range(self.batch)])
        return self.weight(layer, r, i, c, j) - LR * grad

    def sgd_bias(self, layer: int, c: int, j: sp.Expr) -> sp.Expr:
        """Return b_layer[(c, j)] after one SGD step."""
        return self.bias(layer, c, j) - LR * sp.Add(*[self.delta(layer, c, j, k) for k in range(self.batch)])


def block_constant(l: int, r: int, i: sp.Expr, c: int, j: sp.Expr) -> sp.Expr:
    """Return the block-constant state's W_l entry: w_l[r,c] for every neuron i of block r and j of block c."""
    return sp.Symbol(f"w{l}[{r},{c}]")


def block_constant_bias(l: int, c: int, j: sp.Expr) -> sp.Expr:
    """Return the block-constant state's b_l entry: b_l[c] for every neuron j of block c."""
    return sp.Symbol(f"b{l}[{c}]")


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    """Return whether a and b are equal: canonical form first, then simplify of the difference."""
    return bool(a == b or sp.simplify(a - b) == 0)


def concrete_invariance(blocks: Sequence[int], *, batch: int = 2, weight: Weight = block_constant) -> dict[str, Any]:
    """Return whether one SGD step of the full network (symbolic block sizes) keeps it block-constant and equal
    to the quotient network's step, entry by entry (concrete block counts `blocks`)."""
    full = FullNetwork(blocks, weight, block_constant_bias, batch)
    quotient = quotient_network(blocks)
    depth = len(blocks) - 1
    zero = sp.Integer(0)
    q_params = SymbolicParams(
        tuple(
            from_rows([block_constant(l, r, zero, c, zero) for c in range(blocks[l])] for r in range(blocks[l - 1]))
            for l in range(1, depth + 1)
        ),
        tuple(from_rows([block_constant_bias(l, c, zero)] for c in range(blocks[l])) for l in range(1, depth + 1)),
    )
    y = matrix(blocks[-1], batch, lambda c, k: sp.Symbol(f"y[{c},{k}]"))
    grads, _ = quotient.gradient(q_params, inputs(blocks[0], batch), y)
    stepped = quotient.sgd(q_params, grads)
    i, j = _index("I"), _index("J")
    # Entry name -> (the full network's new entry for neuron i of block r and j of block c, the quotient's entry).
    entries: dict[str, tuple[sp.Expr, sp.Expr]] = {}
    for l in range(1, depth + 1):
        for r in range(blocks[l - 1]):
            for c in range(blocks[l]):
                entries[f"W{l}[{r},{c}]"] = (full.sgd(l, r, i, c, j), stepped.weights[l - 1][r, c])
        for c in range(blocks[l]):
            entries[f"b{l}[{c}]"] = (full.sgd_bias(l, c, j), stepped.biases[l - 1][c, 0])
    dependent = [name for name, (new, _) in entries.items() if {i, j} & new.free_symbols]
    tape = quotient.tape
    assert tape is not None
    # Comparing with the quotient only means something for a block-constant result.
    mismatched = [] if dependent else [n for n, (new, q) in entries.items() if not _same(new, tape.inline(q))]
    return {
        "blocks": list(blocks),
        "entries": len(entries),
        "index_dependent": dependent,
        "differ_from_quotient": mismatched,
    }


def inductive_step(*, block_constant_weights: bool = True) -> dict[str, bool]:
    """Return, for each inductive step with a symbolic number of blocks, block sizes and batch, whether its result
    is free of the index within a block (and equal to the quotient network's formula where there is one).

    Hypotheses: W_l[(r,i),(c,j)] = w[r,c] and b_l[(c,j)] = beta[c] (the state is block-constant; with
    `block_constant_weights=False` W_l is an arbitrary function Omega(r, i, c, j) instead), a_{l-1}[(r,i),k] = A[r,k]
    (layer l-1 is collapsed; for l = 1 the inputs are tied within blocks), z_l[(c,j),k] = Z[c,k], and
    delta_{l+1}[(c,j),k] = D[c,k] (the layer above is collapsed in the backward pass).
    """
    r, c, i, j, k, c2, j2 = (_index(s) for s in ("r", "c", "i", "j", "k", "c'", "j'"))
    blocks_prev, blocks, batch = (_index(s) for s in ("K_prev", "K", "B"))
    n_prev, n, w, beta = sp.IndexedBase("n_prev"), sp.IndexedBase("n"), sp.IndexedBase("w"), sp.IndexedBase("beta")
    a_prev, z_, d_next, y, state = (sp.IndexedBase(s) for s in ("A", "Z", "D", "y", "S"))
    omega = sp.Function("Omega")

    def weight(r_: sp.Expr, i_: sp.Expr, c_: sp.Expr, j_: sp.Expr) -> sp.Expr:
        return w[r_, c_] if block_constant_weights else omega(r_, i_, c_, j_)

    def free(expr: sp.Expr, *indices: sp.Symbol) -> bool:
        return not set(indices) & expr.free_symbols

    z = sp.Sum(sp.Sum(weight(r, i, c, j) * a_prev[r, k], (i, 1, n_prev[r])), (r, 1, blocks_prev)).doit() + beta[c]
    quotient_z = sp.Sum(n_prev[r] * w[r, c] * a_prev[r, k], (r, 1, blocks_prev)) + beta[c]
    delta = sp.Sum(sp.Sum(weight(r, i, c, j) * d_next[c, k], (j, 1, n[c])), (c, 1, blocks)).doit() * SIGMA_PRIME(
        z_[r, k]
    )
    quotient_delta = sp.Sum(n[c] * w[r, c] * d_next[c, k], (c, 1, blocks)) * SIGMA_PRIME(z_[r, k])
    width = sp.Sum(n[c2], (c2, 1, blocks))
    mse = 2 * (SIGMA(z_[c, k]) - y[c, k]) * SIGMA_PRIME(z_[c, k]) / (width * batch)
    separable = sp.Function("ell'")(z_[c, k], y[c, k]) / (width * batch)
    partition = sp.Sum(sp.Sum(sp.exp(z_[c2, k]), (j2, 1, n[c2])), (c2, 1, blocks)).doit()
    mass = sp.Sum(sp.Sum(y[c2, k], (j2, 1, n[c2])), (c2, 1, blocks)).doit()
    softmax = (sp.exp(z_[c, k]) / partition * mass - y[c, k]) / batch
    grad = sp.Sum(a_prev[r, k] * d_next[c, k], (k, 1, batch))
    sgd = weight(r, i, c, j) - LR * grad
    update = sp.Function("U")(weight(r, i, c, j), grad, state[r, c])
    return {
        "forward z_l": free(z, i, j) and z == quotient_z,
        "backward delta_l": free(delta, i, j) and delta == quotient_delta,
        "output delta, mse": free(mse, j),
        "output delta, any separable loss ell(z, y)": free(separable, j),
        "output delta, softmax cross-entropy": free(softmax, j),
        "gradient a_(l-1) delta_l^T": free(grad, i, j),
        "sgd update": free(sgd, i, j),
        "any elementwise update U(theta, g, s)": free(update, i, j),
    }


def block_invariance(
    *, cases: Sequence[Sequence[int]] = ((2, 2, 2), (1, 2, 2, 1), (2, 2, 2, 2)), batch: int = 2
) -> Proof:
    """Return the proof that one step keeps a block-constant state block-constant, for every width (see module)."""
    start = time.perf_counter()
    induction = inductive_step()
    concrete = [concrete_invariance(blocks, batch=batch) for blocks in cases]
    holds = all(induction.values()) and not any(c["index_dependent"] or c["differ_from_quotient"] for c in concrete)
    scope = (
        "For every depth, number of blocks, block size and batch size (all symbolic, by induction over layers), "
        "a block-constant start (W_l constant on block rectangles, b_l on blocks, inputs and targets tied within "
        "blocks) stays block-constant with identical neurons in each block after one step of SGD or of any "
        "elementwise update U(theta, g, s) with block-constant state, for the mse loss, any loss that is a sum of "
        "ell(z, y) over output units, and softmax cross-entropy, with undefined differentiable sigma; and for the "
        f"block counts {[list(c) for c in cases]} with symbolic block sizes and batch {batch}, the full network's "
        "SGD step (block sums as SymPy Sums) equals the quotient network's step entry by entry."
    )
    evidence = {"inductive_steps": induction, "concrete": concrete, "steps": 1}
    return Proof(holds, scope, evidence, time.perf_counter() - start)


def quotient_params(block: BlockInit) -> tuple[Params, list[Array]]:
    """Return the quotient network's Params (one neuron per block) and the block sizes of every layer."""
    sizes = [np.bincount(np.asarray(labels, dtype=np.intp)).astype(float) for labels in block.blocks]
    weights = [np.asarray(w, dtype=float) for w in block.weights]
    biases = [np.asarray(b, dtype=float)[:, None] for b in block.biases]
    return Params.from_arrays(weights, biases), sizes


def quotient_gradient(
    params: Params, sizes: Sequence[Array], x: Array, y: Array, *, activation: str = "sigmoid", loss: str = "mse"
) -> Params:
    """Return the full network's per-entry gradient on each block (NumPy), from the quotient network alone.

    `x` has one row per input block and `y` one row per output block; `loss` is "mse" or "quadratic".
    """
    f = NUMERIC_ACTIVATIONS[activation]
    zs, acts = [], [x]
    for l, (w, b) in enumerate(zip(params.weights, params.biases)):
        zs.append((w * sizes[l][:, None]).T @ acts[-1] + b)
        acts.append(f.f(zs[-1]))
    batch = x.shape[1]
    scale = 2.0 / (sizes[-1].sum() * batch) if loss == "mse" else 1.0 / batch
    delta = scale * (acts[-1] - y) * f.df(zs[-1])
    grad_w, grad_b = [delta] * params.depth, [delta] * params.depth
    for l in range(params.depth - 1, -1, -1):
        grad_w[l] = acts[l] @ delta.T
        grad_b[l] = delta.sum(axis=1, keepdims=True)
        if l > 0:
            delta = (params.weights[l] @ (sizes[l + 1][:, None] * delta)) * f.df(zs[l - 1])
    return Params.from_arrays(grad_w, grad_b)


def expand(params: Params, block: BlockInit) -> Params:
    """Return the full network's Params whose block values are the quotient's `params`."""
    labels = [np.asarray(b, dtype=np.intp) for b in block.blocks]
    ws = [w[np.ix_(labels[l], labels[l + 1])] for l, w in enumerate(params.weights)]
    bs = [b[labels[l + 1]] for l, b in enumerate(params.biases)]
    return Params.from_arrays(ws, bs)
