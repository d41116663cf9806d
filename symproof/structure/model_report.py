"""Symmetry report for a user's PyTorch model: interchangeable neurons, dead units, layers collapsed to one neuron.

Scope: a torch model whose trainable layers are `nn.Linear` in sequence with elementwise activations between them
(nn.Sequential, plain MLP modules); every conversion goes through `symproof.engine.torch_layout`. Layer l = 1..L is
the output of the l-th nn.Linear; the input features (layer 0) are data, not reported.

- **Classes.** Neuron j of layer l carries its incoming weights W_l[:, j], its bias b_l[j] and, below the output
  layer, its outgoing weights W_{l+1}[j, :] (`symmetry.signatures`). Two neurons are interchangeable when every part
  agrees within `tol` times that part's largest |entry| in the layer: the rule of `symmetry.classes_within`,
  evaluated row by row (memory O(n^2 + nk) instead of O(n^2 k)). A layer's effective width is its number of
  classes; it is collapsed when it has more than one neuron and one class.
- **Dead units** (exact, `== 0.0`, no tolerance). A unit is *constant* when its output cannot depend on the input:
  every nonzero incoming weight comes from a constant unit (all-zero incoming weights being the simplest case;
  the bias does not matter), or, given `inputs` (at least 2 examples), the value it passes on (the input of the
  next nn.Linear; for the output layer the model's output, or its pre-activation) takes one value over the batch,
  as a dead ReLU does. A hidden unit is *silent* when every outgoing weight is 0.0 or leads to a silent unit: its
  value never reaches the output. Dead = constant or silent.
- **Tolerance.** One step changes each parameter through at most m = L n_max + B accumulated products (the forward
  sums, the backpropagated sums, the gradient's sum over a batch of B), each sum within gamma_m = m u / (1 - m u) of
  its term scale (u the unit roundoff of the model's dtype; Higham, Accuracy and Stability of Numerical Algorithms,
  sec. 3.1), so two interchangeable neurons differ after one step by at most 2 gamma_m of their scale. `rounding_tol`
  accumulates that over `steps` linearly: tol = 2 gamma_m steps, exactly 0 before any step (then equality is
  `== 0.0`). The part's largest |entry| stands in for the term scale (`training.rounding_scale`), which torch's
  training does not record; the two differ when the updates dwarf the parameters. The linear accumulation assumes
  the training dynamics do not amplify earlier differences, which nothing guarantees (docs/tolerances.md): the
  report states the deviation it absorbed inside classes and the separation between classes, so the margin is
  visible. Pass `tol` to override.

Non-goals: convolutions, normalisation, attention, residual connections, shared weights; deciding *why* a layer
collapsed (that is `symmetry.predict`'s job on symproof's own networks).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from symproof.engine._validation import as_real_array, check_real
from symproof.engine.params import Params
from symproof.engine.torch_layout import linear_layers, params_of, torch
from symproof.structure.symmetry import signatures, union_find_classes

__all__ = [
    "LayerReport",
    "SymmetryReport",
    "assert_no_collapse",
    "assert_symmetry_broken",
    "rounding_tol",
    "symmetry_report",
    "train_steps",
]

Array = NDArray[Any]
Classes = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class LayerReport:
    """The classes, dead units, absorbed deviation and class separation of the neurons of one layer."""

    layer: int
    width: int
    classes: Classes
    dead: tuple[int, ...]
    constant: tuple[int, ...]
    silent: tuple[int, ...]
    deviation: float
    separation: float
    hidden: bool

    @property
    def effective_width(self) -> int:
        """Return the number of classes of interchangeable neurons."""
        return len(self.classes)

    @property
    def collapsed(self) -> bool:
        """Return whether the layer has several neurons that all act as one."""
        return self.width > 1 and self.effective_width == 1


@dataclass(frozen=True)
class SymmetryReport:
    """The per-layer reports of a model, and the tolerance they were measured with."""

    model: str
    dtype: str
    layers: tuple[LayerReport, ...]
    tol: float
    rule: str

    @property
    def hidden(self) -> tuple[LayerReport, ...]:
        """Return the reports of the hidden layers 1..L-1."""
        return tuple(layer for layer in self.layers if layer.hidden)

    @property
    def collapsed(self) -> tuple[int, ...]:
        """Return the hidden layers collapsed to one effective neuron."""
        return tuple(layer.layer for layer in self.hidden if layer.collapsed)

    @property
    def symmetric(self) -> tuple[int, ...]:
        """Return the hidden layers that hold two or more interchangeable neurons."""
        return tuple(layer.layer for layer in self.hidden if layer.effective_width < layer.width)

    def __str__(self) -> str:
        head = f"symmetry report: {self.model}, {len(self.layers)} linear layers, {self.dtype}, "
        head += f"tol {self.tol:.2g} ({self.rule})"
        columns = ("layer", "kind", "width", "effective", "collapsed", "dead", "deviation", "separation", "classes")
        rows = [columns]
        for r in self.layers:
            together = [c for c in r.classes if len(c) > 1]
            shown = " ".join("{" + _indices(c) + "}" for c in together) if together else "all distinct"
            rows.append(
                (str(r.layer), "hidden" if r.hidden else "output", str(r.width), str(r.effective_width),
                 "yes" if r.collapsed else "no", _indices(r.dead) or "-", f"{r.deviation:.2g}",
                 "-" if math.isinf(r.separation) else f"{r.separation:.2g}", shown)
            )  # fmt: skip
        widths = [max(len(row[i]) for row in rows) for i in range(len(columns) - 1)]
        lines = ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths)), row[-1]]) for row in rows]
        return "\n".join([head, *lines])


def _indices(indices: Iterable[int]) -> str:
    """Return sorted indices with runs compressed: 0-3,5."""
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _count(name: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {low}; got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")
    return int(value)


def rounding_tol(unit_roundoff: float, terms: int, steps: int) -> float:
    """Return 2 gamma_terms x steps, the relative rounding bound after `steps` steps of `terms`-term sums."""
    u = check_real("unit_roundoff", unit_roundoff, positive=True)
    m, k = _count("terms", terms, 1), _count("steps", steps, 0)
    if m * u >= 1:
        raise ValueError(f"terms x unit_roundoff must be below 1 for a rounding bound; got {m} x {u:.3g}: pass tol")
    return 2 * m * u / (1 - m * u) * k


def _distances(parts: list[Array], tol: float) -> tuple[Array, Array]:
    """Return (close, relative distance) matrices of the neurons: `classes_within`'s rule, one row at a time."""
    n = parts[0].shape[0]
    close, distance = np.ones((n, n), dtype=bool), np.zeros((n, n))
    for part in parts:
        scale = float(np.max(np.abs(part)))
        for i in range(n):
            spread = np.max(np.abs(part - part[i]), axis=1)
            close[i] &= spread <= tol * scale
            distance[i] = np.maximum(distance[i], spread / scale if scale > 0 else 0.0)
    return close, distance


def _inputs(th: Any, inputs: Any, layer: Any) -> Any:
    tensor = inputs if isinstance(inputs, th.Tensor) else th.as_tensor(as_real_array("inputs", inputs))
    if tensor.ndim != 2 or tensor.shape[1] != layer.in_features or tensor.shape[0] < 2:
        raise ValueError(
            f"inputs must be a batch of shape (B, {layer.in_features}) with B >= 2, one example per row; "
            f"got shape {tuple(tensor.shape)}"
        )
    if not tensor.is_floating_point():
        raise TypeError(f"inputs must hold floating-point numbers; got dtype {tensor.dtype}")
    if not bool(th.isfinite(tensor).all()):
        raise ValueError(f"inputs must be finite; got {int((~th.isfinite(tensor)).sum())} non-finite entries")
    return tensor.detach().to(dtype=layer.weight.dtype, device=layer.weight.device)


def _signals(th: Any, model: Any, layers: list[Any], x: Any) -> list[Array]:
    """Return what each layer 0..L passes on over the batch x, one row per unit, in eval mode, without grad."""
    seen: list[Any] = []
    hooks = [layer.register_forward_pre_hook(lambda _, args: seen.append(args[0])) for layer in layers]
    hooks.append(layers[-1].register_forward_hook(lambda _m, _a, out: seen.append(out)))
    modes = [(module, module.training) for module in model.modules()]
    try:
        model.eval()
        with th.no_grad():
            output = model(x)
    finally:
        for hook in hooks:
            hook.remove()
        for module, mode in modes:
            module.training = mode
    if len(seen) != len(layers) + 1:
        raise ValueError(f"model must call each of its {len(layers)} nn.Linear layers once per forward pass")
    last = seen[len(layers)]
    if isinstance(output, th.Tensor) and tuple(output.shape) == tuple(last.shape):
        last = output
    return [t.detach().cpu().double().numpy().T for t in [*seen[: len(layers)], last]]


def _dead(params: Params, signals: list[Array] | None) -> tuple[list[Array], list[Array]]:
    """Return, per layer 1..L, the masks of constant units and of silent units (see the module docstring)."""
    constant = np.zeros(params.topology[0], dtype=bool) if signals is None else np.ptp(signals[0], axis=1) == 0
    constants = []
    for l, w in enumerate(params.weights, 1):
        constant = ~np.any((w != 0) & ~constant[:, None], axis=0)
        if signals is not None:
            constant |= np.ptp(signals[l], axis=1) == 0
        constants.append(constant)
    silents = [np.zeros(params.topology[-1], dtype=bool)]
    for w in reversed(params.weights[1:]):
        silents.insert(0, np.all((w == 0) | silents[0][None, :], axis=1))
    return constants, silents


def symmetry_report(
    model: Any, inputs: Any = None, *, steps: int = 0, batch: int | None = None, tol: float | None = None
) -> SymmetryReport:
    """Return the symmetry report of `model`'s current parameters, `steps` optimizer steps after their start.

    `inputs` (optional, torch's layout: one example per row) lets the report find units whose value is constant
    over the batch; `batch` (default: the number of inputs, else 1) is the training batch size for the rounding
    bound. `tol` overrides `rounding_tol`. The model is not changed (its hooks and train/eval modes are restored).
    """
    th = torch()
    layers = linear_layers(model)
    steps = _count("steps", steps, 0)
    for l, layer in enumerate(layers, 1):
        for name, p in (("weight", layer.weight), ("bias", layer.bias)):
            if p is not None and not bool(th.isfinite(p).all()):
                raise ValueError(f"model's parameters must be finite; got a non-finite {name} in linear layer {l}")
    x = None if inputs is None else _inputs(th, inputs, layers[0])
    batch = _count("batch", batch, 1) if batch is not None else 1 if x is None else int(x.shape[0])
    params = params_of(model)
    terms = params.depth * max(params.topology) + batch
    if tol is None:
        u = max(float(th.finfo(layer.weight.dtype).eps) for layer in layers) / 2
        tol = rounding_tol(u, terms, steps)
        rule = f"2 gamma_m x {steps} steps, m = {terms}, u = {u:.2g}" if steps else "exact: no step taken"
    else:
        tol, rule = check_real("tol", tol, nonnegative=True), "given"
    constants, silents = _dead(params, None if x is None else _signals(th, model, layers, x))
    reports = tuple(
        _layer(l, parts, tol, constants[l - 1], silents[l - 1], l < params.depth)
        for l, parts in enumerate(signatures(params)[1:], 1)
    )
    dtype = str(layers[0].weight.dtype).removeprefix("torch.")
    return SymmetryReport(type(model).__name__, dtype, reports, tol, rule)


def _layer(l: int, parts: list[Array], tol: float, constant: Array, silent: Array, hidden: bool) -> LayerReport:
    """Return the report of layer `l` from its neurons' `parts` and its masks of constant and silent units."""
    close, distance = _distances(parts, tol)
    classes = union_find_classes(close)
    same = np.zeros_like(close)
    for c in classes:
        same[np.ix_(c, c)] = True
    dead, constants, silents = (tuple(int(i) for i in np.flatnonzero(m)) for m in (constant | silent, constant, silent))
    deviation, separation = float(np.max(distance[same])), float(np.min(distance[~same], initial=math.inf))
    return LayerReport(l, len(constant), classes, dead, constants, silents, deviation, separation, hidden)


def assert_symmetry_broken(model: Any, inputs: Any = None, *, allow_dead: bool = True, **kwargs: Any) -> SymmetryReport:
    """Return the report if no hidden layer holds interchangeable neurons (nor, unless `allow_dead`, dead units);
    else raise AssertionError with the report. `kwargs` go to `symmetry_report`."""
    report = symmetry_report(model, inputs, **kwargs)
    dead = [] if allow_dead else [r.layer for r in report.layers if r.dead]
    if report.symmetric or dead:
        found = f"interchangeable neurons in hidden layers {list(report.symmetric)}" if report.symmetric else ""
        found += ("; " if found and dead else "") + (f"dead units in layers {dead}" if dead else "")
        raise AssertionError(f"symmetry not broken: {found}\n{report}")
    return report


def assert_no_collapse(model: Any, inputs: Any = None, **kwargs: Any) -> SymmetryReport:
    """Return the report if no hidden layer collapsed to one effective neuron, else raise AssertionError with it."""
    report = symmetry_report(model, inputs, **kwargs)
    if report.collapsed:
        raise AssertionError(f"hidden layers {list(report.collapsed)} collapsed to one effective neuron\n{report}")
    return report


def train_steps(model: Any, loss_fn: Callable[[Any, Any], Any], optimizer: Any, batches: Iterable[Any]) -> list[float]:
    """Return the loss of each step, after one step of `optimizer` on `loss_fn(model(inputs), targets)` per
    (inputs, targets) pair of `batches`, in the model's current train/eval mode."""
    th = torch()
    if not isinstance(model, th.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable as loss_fn(outputs, targets); got {loss_fn!r}")
    if not (callable(getattr(optimizer, "step", None)) and callable(getattr(optimizer, "zero_grad", None))):
        raise TypeError(f"optimizer must have step() and zero_grad(), as torch.optim optimizers do; got {optimizer!r}")
    if isinstance(batches, (str, bytes)) or not isinstance(batches, Iterable):
        raise TypeError(f"batches must be an iterable of (inputs, targets) pairs; got {batches!r}")
    losses = []
    for k, pair in enumerate(batches):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"batches[{k}] must be an (inputs, targets) pair; got {type(pair).__name__}")
        optimizer.zero_grad()
        loss = loss_fn(model(pair[0]), pair[1])
        if not isinstance(loss, th.Tensor) or loss.numel() != 1:
            raise ValueError(f"loss_fn must return a scalar tensor; got {type(loss).__name__} at batches[{k}]")
        loss.backward()
        optimizer.step()
        losses.append(float(loss.detach()))
    return losses
