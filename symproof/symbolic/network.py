"""The symbolic network: the NumPy engine's forward pass, MSE loss, backpropagation and SGD step, in SymPy.

Same layout as `symproof.engine.network`: W_l has shape (n_{l-1}, n_l) and row i holds the weights leaving neuron i,
b_l has shape (n_l, 1), a batch is a matrix of columns, z_l = W_l^T a_{l-1} + b_l, a_l = f(z_l); the output layer
uses the hidden activation (the engine's default for `mse` and `quadratic`).

- Every number is a Symbol (`symproof.symbolic.params`, re-exported here): one per constant init value (`c_l`), per
  constant bias (`b_l`), per entry of a random matrix (`w_l[i,j]`) or random bias (`b_l[j]`), per input (`x[i,k]`),
  per target (`y[k]` when the targets are equal across outputs, `y[j,k]` otherwise), and the learning rate `lr`.
- The activation (`symproof.symbolic.activation`, re-exported here) is either undefined, `sigma` with its derivative
  `sigma'` a second undefined function, so that a proof holds for every differentiable activation, or concrete
  (sigmoid, tanh, identity) where a claim depends on one. `tests/symbolic/test_network.py` checks that
  backpropagation with sigma' equals SymPy's own derivative of the loss.
- Losses: `mse` is the engine's mean((a - y)^2) over outputs and batch, delta_L = 2 (a - y) f'(z) / (n_L B);
  `quadratic` is 1/2 ||a - y||^2 summed over outputs and averaged over the batch.
- Multiplicities (for the quotient network, `symproof.symbolic.quotient`): neuron j of layer l may stand for
  m_l[j] identical neurons. Sums over a layer then weight each term by its multiplicity, and the mse mean runs over
  the full width sum(m_L). With every multiplicity 1 this is the ordinary network.

Every intermediate quantity (z, a, delta, gradient, new parameter) is bound on a `Tape`, so trees stay one layer deep
and equal computations share one Symbol; each is built by a function of its operands alone, keyed by them, so an
entry whose operands were seen before (equal neurons of a symmetric start, a forward pass repeated) is not rebuilt.
Non-goals: other losses and optimizers (the quotient proof treats a general elementwise update), dropout, numerical
speed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import sympy as sp

from symproof.symbolic.activation import (
    ACTIVATIONS,
    SIGMA,
    SIGMA_PRIME,
    SymbolicActivation,
    as_sigma_prime,
    concrete_functions,
)
from symproof.symbolic.params import (
    LR,
    Matrix,
    SymbolicParams,
    from_rows,
    initial_params,
    inputs,
    matrix,
    targets,
)
from symproof.symbolic.tape import Numeric, Tape

__all__ = [
    "ACTIVATIONS",
    "LR",
    "SIGMA",
    "SIGMA_PRIME",
    "Matrix",
    "SymbolicActivation",
    "SymbolicForward",
    "SymbolicNetwork",
    "SymbolicParams",
    "SymbolicStep",
    "as_sigma_prime",
    "concrete_functions",
    "from_rows",
    "initial_params",
    "inputs",
    "matrix",
    "targets",
]


# What the network binds on its tape, each a function of its operands alone (`SymbolicNetwork._bind`). A factor
# 1 (no multiplicities) is left out: 1 * w is w, so the expression is the same.
def _dot(m: Sequence[sp.Expr] | None, weights: Sequence[sp.Expr], values: Sequence[sp.Expr]) -> sp.Expr:
    if m is None:
        return sp.Add(*[w * v for w, v in zip(weights, values)])
    return sp.Add(*[n * w * v for n, w, v in zip(m, weights, values)])


def _affine(m: Sequence[sp.Expr] | None, weights: Sequence[sp.Expr], values: Sequence[sp.Expr], b: sp.Expr) -> sp.Expr:
    return _dot(m, weights, values) + b


def _activate(activation: str, z: sp.Expr) -> sp.Expr:
    return ACTIVATIONS[activation].f(z)


def _backward(
    activation: str,
    m: Sequence[sp.Expr] | None,
    weights: Sequence[sp.Expr],
    deltas: Sequence[sp.Expr],
    z: sp.Expr,
) -> sp.Expr:
    return _dot(m, weights, deltas) * ACTIVATIONS[activation].df(z)


def _output_delta(activation: str, scale: sp.Expr | None, batch: int, z: sp.Expr, a: sp.Expr, y: sp.Expr) -> sp.Expr:
    """Return delta_L: 2 (a - y) f'(z) / (width B) for mse (`scale` = width B), (a - y) f'(z) / B for quadratic."""
    df = ACTIVATIONS[activation].df(z)
    return 2 * (a - y) * df / scale if scale is not None else (a - y) * df / batch


def _inner(a: Sequence[sp.Expr], d: Sequence[sp.Expr]) -> sp.Expr:
    return sp.Add(*[u * v for u, v in zip(a, d)])


def _total(d: Sequence[sp.Expr]) -> sp.Expr:
    return sp.Add(*d)


def _descend(lr: sp.Expr, p: sp.Expr, g: sp.Expr) -> sp.Expr:
    return p - lr * g


def _matrix(rows: Iterable[Sequence[sp.Expr]]) -> Matrix:
    return Matrix(tuple(tuple(row) for row in rows))


@dataclass(frozen=True)
class SymbolicForward:
    """The pre-activations z_1..z_L and activations a_0..a_L of one forward pass."""

    zs: tuple[Matrix, ...]
    activations: tuple[Matrix, ...]

    @property
    def output(self) -> Matrix:
        """Return a_L."""
        return self.activations[-1]


@dataclass(frozen=True)
class SymbolicStep:
    """One SGD step: the parameters after it, and the gradients and forward pass at the parameters before it."""

    params: SymbolicParams
    grads: SymbolicParams
    forward: SymbolicForward


@dataclass(frozen=True)
class SymbolicNetwork:
    """A dense network of `topology` with a symbolic `activation` and `loss`, binding its quantities on `tape`.

    `multiplicities[l][j]` is how many identical neurons neuron j of layer l stands for (None: all 1). `tape=None`
    builds plain trees (the naive baseline of the benchmark).
    """

    topology: tuple[int, ...]
    activation: str = "sigma"
    loss: Literal["mse", "quadratic"] = "mse"
    multiplicities: tuple[tuple[sp.Expr, ...], ...] | None = None
    tape: Tape | None = field(default_factory=Tape)

    def __post_init__(self) -> None:
        object.__setattr__(self, "topology", tuple(int(n) for n in self.topology))
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}; got {self.activation!r}")
        if self.loss not in ("mse", "quadratic"):
            raise ValueError(f"loss must be 'mse' or 'quadratic'; got {self.loss!r}")
        if self.multiplicities is not None and [len(m) for m in self.multiplicities] != list(self.topology):
            raise ValueError(f"multiplicities must give one number per neuron of {list(self.topology)}")

    @property
    def depth(self) -> int:
        """Return L, the number of weight matrices."""
        return len(self.topology) - 1

    def _bind(self, name: str, build: Callable[..., sp.Expr], *operands: Any) -> sp.Expr:
        """Return build(*operands) bound on the tape as `name`; `build` is a function of its operands alone, so the
        tape builds each distinct quantity once (`Tape.bind_built`)."""
        if self.tape is None:
            return build(*operands)
        return self.tape.bind_built((build, operands), lambda: build(*operands), name)

    def _m(self, layer: int, i: int) -> sp.Expr:
        return sp.Integer(1) if self.multiplicities is None else self.multiplicities[layer][i]

    def _layer(self, layer: int) -> tuple[sp.Expr, ...] | None:
        return None if self.multiplicities is None else self.multiplicities[layer]

    def forward(self, params: SymbolicParams, x: Matrix, *, step: int = 0) -> SymbolicForward:
        """Return every layer's pre-activations and activations for the symbolic batch `x` (tag `step` in names)."""
        batch, activation = x.shape[1], self.activation
        zs: list[Matrix] = []
        acts = [x]
        for l, (w, b) in enumerate(zip(params.weights, params.biases), start=1):
            prev, m = acts[-1], self._layer(l - 1)
            inputs = [prev.col(k) for k in range(batch)]
            z = _matrix(
                [self._bind(f"z{l}[{j},{k}]@{step}", _affine, m, w.col(j), p, b[j, 0]) for k, p in enumerate(inputs)]
                for j in range(w.shape[1])
            )
            zs.append(z)
            acts.append(
                _matrix(
                    [self._bind(f"a{l}[{j},{k}]@{step}", _activate, activation, e) for k, e in enumerate(r)]
                    for j, r in enumerate(z.rows)
                )
            )
        return SymbolicForward(tuple(zs), tuple(acts))

    def _width(self, layer: int) -> sp.Expr:
        return sp.Add(*[self._m(layer, j) for j in range(self.topology[layer])])

    def loss_value(self, forward: SymbolicForward, y: Matrix) -> sp.Expr:
        """Return the loss of the forward pass on targets `y` (not bound on the tape)."""
        a, batch = forward.output, y.shape[1]
        total = sp.Add(
            *[self._m(self.depth, j) * (a[j, k] - y[j, k]) ** 2 for j in range(y.shape[0]) for k in range(batch)]
        )
        if self.loss == "mse":
            return total / (self._width(self.depth) * batch)
        return total / (2 * batch)

    def gradient(
        self, params: SymbolicParams, x: Matrix, y: Matrix, *, step: int = 0
    ) -> tuple[SymbolicParams, SymbolicForward]:
        """Return the gradient of the loss with respect to every weight and bias (backpropagation), and the forward."""
        fwd = self.forward(params, x, step=step)
        depth, batch, activation = self.depth, x.shape[1], self.activation
        z_out, out = fwd.zs[-1], fwd.output
        scale = self._width(depth) * batch if self.loss == "mse" else None
        delta = _matrix(
            [
                self._bind(f"d{depth}[{j},{k}]@{step}", _output_delta, activation, scale, batch, z, a, y[j, k])
                for k, (z, a) in enumerate(zip(z_row, a_row))
            ]
            for j, (z_row, a_row) in enumerate(zip(z_out.rows, out.rows))
        )
        grad_w: list[Matrix] = [delta] * depth
        grad_b: list[Matrix] = [delta] * depth
        for l in range(depth, 0, -1):
            a_prev, d = fwd.activations[l - 1], delta
            grad_w[l - 1] = _matrix(
                [self._bind(f"gw{l}[{i},{j}]@{step}", _inner, a_row, d_row) for j, d_row in enumerate(d.rows)]
                for i, a_row in enumerate(a_prev.rows)
            )
            grad_b[l - 1] = _matrix([self._bind(f"gb{l}[{j}]@{step}", _total, r)] for j, r in enumerate(d.rows))
            if l > 1:
                w, z, m = params.weights[l - 1], fwd.zs[l - 2], self._layer(l)
                errors = [d.col(k) for k in range(batch)]
                delta = _matrix(
                    [
                        self._bind(f"d{l - 1}[{i},{k}]@{step}", _backward, activation, m, w.row(i), e, z[i, k])
                        for k, e in enumerate(errors)
                    ]
                    for i in range(w.shape[0])
                )
        return SymbolicParams(tuple(grad_w), tuple(grad_b)), fwd

    def _update(self, p: Matrix, g: Matrix, lr: sp.Expr, name: str, step: int) -> Matrix:
        return _matrix(
            [self._bind(f"{name}[{i},{j}]^{step}", _descend, lr, e, ge) for j, (e, ge) in enumerate(zip(p_row, g_row))]
            for i, (p_row, g_row) in enumerate(zip(p.rows, g.rows))
        )

    def sgd(self, params: SymbolicParams, grads: SymbolicParams, lr: sp.Expr = LR, *, step: int = 1) -> SymbolicParams:
        """Return theta - lr * g for every weight and bias, bound on the tape (named after `step`)."""
        pairs = enumerate(zip(params.weights, grads.weights, params.biases, grads.biases), start=1)
        new = [
            (self._update(w, gw, lr, f"W{l}", step), self._update(b, gb, lr, f"b{l}", step))
            for l, (w, gw, b, gb) in pairs
        ]
        return SymbolicParams(tuple(w for w, _ in new), tuple(b for _, b in new))

    def train(
        self, params: SymbolicParams, x: Matrix, y: Matrix, *, steps: int, lr: sp.Expr = LR
    ) -> list[SymbolicStep]:
        """Return `steps` successive SGD steps of full-batch training on (x, y), starting from `params`."""
        history: list[SymbolicStep] = []
        for step in range(1, steps + 1):
            grads, fwd = self.gradient(params, x, y, step=step)
            params = self.sgd(params, grads, lr, step=step)
            history.append(SymbolicStep(params, grads, fwd))
        return history

    def values(
        self,
        exprs: Sequence[sp.Expr],
        numbers: Mapping[sp.Symbol, Any],
        functions: Mapping[str, Numeric] | None = None,
        *,
        dps: int = 30,
    ) -> list[Any]:
        """Return the mpmath values of `exprs` at `numbers`, with `functions` for an undefined sigma and sigma'."""
        tape = self.tape if self.tape is not None else Tape()
        return tape.evaluate(exprs, numbers, functions or {}, dps=dps)
