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
  says (block-constant, or not). `concrete_invariance` shows that from a block-constant state the new parameters do
  not depend on the index within a block and equal the quotient network's step, for concrete block counts.
- `block_invariance` adds the per-layer lemmas of `symproof.symbolic.induction` (derived for a symbolic number of
  blocks, symbolic block sizes and batch, for mse, any separable loss and softmax cross-entropy, SGD and any
  elementwise update); chaining them over layers and steps is the induction of docs/symbolic.md.
- `quotient_params`, `quotient_gradient`, `expand` do the same numerically in NumPy, so that the engine's trajectory
  can be compared with the quotient's.

Non-goals: losses other than mse in the concrete comparison (the lemmas cover softmax cross-entropy and any separable
loss); dropout (its masks are not block-constant).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import NDArray

from symproof.engine.activations import ACTIVATIONS as NUMERIC_ACTIVATIONS
from symproof.engine.inits import BlockInit
from symproof.engine.params import Params
from symproof.symbolic.induction import inductive_step, lemmas, mse_delta
from symproof.symbolic.network import (
    ACTIVATIONS,
    LR,
    SymbolicNetwork,
    SymbolicParams,
    from_rows,
    inputs,
    matrix,
)
from symproof.symbolic.sums import UnprovenGuard, same
from symproof.verdict.proof import Proof

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
                return mse_delta(z, sp.Symbol(f"y[{block},{k}]"), width, self.batch, self.act.f, self.act.df)
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
    mismatched = [] if dependent else [n for n, (new, q) in entries.items() if not same(new, tape.inline(q))]
    return {
        "blocks": list(blocks),
        "entries": len(entries),
        "index_dependent": dependent,
        "differ_from_quotient": mismatched,
    }


def block_invariance(
    *, cases: Sequence[Sequence[int]] = ((2, 2, 2), (1, 2, 2, 1), (2, 2, 2, 2)), batch: int = 2
) -> Proof:
    """Return the proof of the per-layer lemmas of block invariance (symbolic block counts, sizes and batch) and of
    the full network's step against the quotient's at concrete block counts (see module)."""
    start = time.perf_counter()
    try:
        derived = {name: (found.holds, str(found.derived)) for name, found in lemmas().items()}
    except UnprovenGuard as error:
        derived = {"every Kronecker delta summed out under the stated ranges": (False, str(error))}
    induction = {name: holds for name, (holds, _) in derived.items()}
    concrete = [concrete_invariance(blocks, batch=batch) for blocks in cases]
    holds = all(induction.values()) and not any(c["index_dependent"] or c["differ_from_quotient"] for c in concrete)
    scope = (
        "For a symbolic number of blocks in layers l-1, l and l+1, symbolic block sizes and a symbolic batch B (sums "
        "over a layer written as SymPy Sums over blocks and over the neurons of each block), undefined "
        "differentiable sigma, a block-constant state (W_l constant on block rectangles, b_l and the optimizer state "
        "constant on blocks, targets tied within output blocks) and the layer below collapsed (for l = 1: inputs "
        "tied within input blocks), the per-layer lemmas are proven, each derived with SymPy's diff of the loss or "
        "of the next pre-activation with respect to one entry and compared exactly with the quotient network's "
        "formula: the forward pre-activation and activation, the backward delta, the output delta of the mse loss, "
        "of any loss that is a sum of ell(z, y) over output units and of softmax cross-entropy, the weight and bias "
        "gradients, and the SGD step and any elementwise update (theta, s) -> (U, V)(theta, g, s) of every weight "
        "and bias are free of the neuron's index within its block and equal the quotient's; chaining these lemmas "
        "over layers and steps is the induction in docs/symbolic.md, not mechanised here; and for the block counts "
        f"{[list(c) for c in cases]} with symbolic block sizes and batch {batch}, one SGD step of the full network "
        "on the mse loss (block sums as SymPy Sums) equals the quotient network's step entry by entry."
    )
    evidence = {
        "inductive_steps": induction,
        "derived": {name: text for name, (_, text) in derived.items()},
        "concrete": concrete,
        "steps": 1,
    }
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
