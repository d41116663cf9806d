"""The symbolic network: the NumPy engine's forward pass, MSE loss, backpropagation and SGD step, in SymPy.

Same layout as `symproof.engine.network`: W_l has shape (n_{l-1}, n_l) and row i holds the weights leaving neuron i,
b_l has shape (n_l, 1), a batch is a matrix of columns, z_l = W_l^T a_{l-1} + b_l, a_l = f(z_l); the output layer
uses the hidden activation (the engine's default for `mse` and `quadratic`).

- Every number is a Symbol (`symproof.symbolic.params`, re-exported here): one per constant init value (`c_l`), per
  constant bias (`b_l`), per entry of a random matrix (`w_l[i,j]`) or random bias (`b_l[j]`), per input (`x[i,k]`),
  per target (`y[k]` when the targets are equal across outputs, `y[j,k]` otherwise), and the learning rate `lr`.
- The activation is either undefined, `sigma` with its derivative `sigma'` a second undefined function, so that a
  proof holds for every differentiable activation, or concrete (sigmoid, tanh, identity) where a claim depends on one.
  Treating sigma' as a function of its own is a generalisation: an identity that holds for every pair of functions
  holds for (f, f'). `tests/symbolic/test_network.py` checks that backpropagation with sigma' equals SymPy's own
  derivative of the loss.
- Losses: `mse` is the engine's mean((a - y)^2) over outputs and batch, delta_L = 2 (a - y) f'(z) / (n_L B);
  `quadratic` is 1/2 ||a - y||^2 summed over outputs and averaged over the batch.
- Multiplicities (for the quotient network, `symproof.symbolic.quotient`): neuron j of layer l may stand for
  m_l[j] identical neurons. Sums over a layer then weight each term by its multiplicity, and the mse mean runs over
  the full width sum(m_L). With every multiplicity 1 this is the ordinary network.

Every intermediate quantity (z, a, delta, gradient, new parameter) is bound on a `Tape`, so trees stay one layer deep
and equal computations share one Symbol. Non-goals: other losses and optimizers (the quotient proof treats a general
elementwise update), dropout, numerical speed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import mpmath
import sympy as sp

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
        return exp(-u) / (1 + exp(-u)) ** 2

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

    def _bind(self, expr: sp.Expr, name: str) -> sp.Expr:
        return expr if self.tape is None else self.tape.bind(expr, name)

    def _m(self, layer: int, i: int) -> sp.Expr:
        return sp.Integer(1) if self.multiplicities is None else self.multiplicities[layer][i]

    def forward(self, params: SymbolicParams, x: Matrix, *, step: int = 0) -> SymbolicForward:
        """Return every layer's pre-activations and activations for the symbolic batch `x` (tag `step` in names)."""
        f = ACTIVATIONS[self.activation].f
        batch = x.shape[1]
        zs: list[Matrix] = []
        acts = [x]
        for l, (w, b) in enumerate(zip(params.weights, params.biases), start=1):
            prev, (rows, cols) = acts[-1], w.shape
            z = from_rows(
                [
                    self._bind(
                        sp.Add(*[self._m(l - 1, i) * w[i, j] * prev[i, k] for i in range(rows)]) + b[j, 0],
                        f"z{l}[{j},{k}]@{step}",
                    )
                    for k in range(batch)
                ]
                for j in range(cols)
            )
            zs.append(z)
            acts.append(
                from_rows([self._bind(f(z[j, k]), f"a{l}[{j},{k}]@{step}") for k in range(batch)] for j in range(cols))
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

    def _output_delta(self, z: sp.Expr, a: sp.Expr, y: sp.Expr, batch: int) -> sp.Expr:
        df = ACTIVATIONS[self.activation].df(z)
        if self.loss == "mse":
            return 2 * (a - y) * df / (self._width(self.depth) * batch)
        return (a - y) * df / batch

    def gradient(
        self, params: SymbolicParams, x: Matrix, y: Matrix, *, step: int = 0
    ) -> tuple[SymbolicParams, SymbolicForward]:
        """Return the gradient of the loss with respect to every weight and bias (backpropagation), and the forward."""
        fwd = self.forward(params, x, step=step)
        df = ACTIVATIONS[self.activation].df
        depth, batch = self.depth, x.shape[1]
        z_out, out = fwd.zs[-1], fwd.output
        delta = from_rows(
            [
                self._bind(self._output_delta(z_out[j, k], out[j, k], y[j, k], batch), f"d{depth}[{j},{k}]@{step}")
                for k in range(batch)
            ]
            for j in range(z_out.shape[0])
        )
        grad_w: list[Matrix] = [delta] * depth
        grad_b: list[Matrix] = [delta] * depth
        for l in range(depth, 0, -1):
            a_prev, d = fwd.activations[l - 1], delta
            grad_w[l - 1] = from_rows(
                [
                    self._bind(sp.Add(*[a_prev[i, k] * d[j, k] for k in range(batch)]), f"gw{l}[{i},{j}]@{step}")
                    for j in range(d.shape[0])
                ]
                for i in range(a_prev.shape[0])
            )
            grad_b[l - 1] = from_rows([self._bind(sp.Add(*d.row(j)), f"gb{l}[{j}]@{step}")] for j in range(d.shape[0]))
            if l > 1:
                w, z = params.weights[l - 1], fwd.zs[l - 2]
                delta = from_rows(
                    [
                        self._bind(
                            sp.Add(*[self._m(l, j) * w[i, j] * d[j, k] for j in range(w.shape[1])]) * df(z[i, k]),
                            f"d{l - 1}[{i},{k}]@{step}",
                        )
                        for k in range(batch)
                    ]
                    for i in range(w.shape[0])
                )
        return SymbolicParams(tuple(grad_w), tuple(grad_b)), fwd

    def _update(self, p: Matrix, g: Matrix, lr: sp.Expr, name: str, step: int) -> Matrix:
        rows, cols = p.shape
        return from_rows(
            [self._bind(p[i, j] - lr * g[i, j], f"{name}[{i},{j}]^{step}") for j in range(cols)] for i in range(rows)
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
