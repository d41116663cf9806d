"""The PyTorch counterpart of a symproof network: the same model, loss and optimizer, built from torch's own modules.

`torch_model` returns an `nn.Sequential` of `nn.Linear` layers and torch activation modules holding a symproof
`Params`; `torch_loss` returns a callable on the model's output and row-layout targets with exactly symproof's loss
(`symproof.engine.losses`), and `torch_optimizer` a `torch.optim` optimizer with symproof's update rule
(`symproof.engine.optimizers`). `torch_gradient` and `torch_train` run them and return symproof objects, so that the
engine can be cross-checked against torch autograd and torch.optim, and later serve as a torch backend.

For `bce` and `softmax_ce` the model returns the logits z_L, which `torch_loss` expects (as torch's
`BCEWithLogitsLoss` and `CrossEntropyLoss` do); `link=True` appends the sigmoid or softmax, so that it returns a_L.
Every layout conversion goes through `symproof.engine.torch_layout`. PyTorch is optional and imported lazily: this
module imports without it, and its functions then raise the ImportError that names the extra.

The semantic differences between symproof and PyTorch (bias decay, torch's softplus threshold, saturated derivatives,
...) are listed in docs/engine.md, "Differences from PyTorch". Non-goals: dropout masks, layers other than
`nn.Linear`, GPUs, and optimizers or options symproof does not have (nesterov, dampening, AdamW, amsgrad).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from symproof.engine._validation import check_positive_int
from symproof.engine.activations import LEAKY_RELU_SLOPE, get_activation
from symproof.engine.losses import get_loss
from symproof.engine.network import Network
from symproof.engine.optimizers import SGD, Adam, Momentum, Optimizer
from symproof.engine.params import Params
from symproof.engine.torch_layout import batch_to_torch, linear_layers, load_params, params_of, torch
from symproof.engine.training import Divergence, Step

__all__ = [
    "torch_activation",
    "torch_dtype",
    "torch_gradient",
    "torch_iterate",
    "torch_loss",
    "torch_model",
    "torch_optimizer",
    "torch_train",
]


def torch_dtype(params: Params) -> Any:
    """Return the torch dtype of `params` (torch.float64 or torch.float32)."""
    th = torch()
    return th.float32 if params.dtype == np.dtype(np.float32) else th.float64


def torch_activation(name: str) -> Any:
    """Return the torch module of the activation called `name` (leaky_relu with symproof's slope, 0.01)."""
    nn = torch().nn
    modules: dict[str, Callable[[], Any]] = {
        "sigmoid": nn.Sigmoid,
        "tanh": nn.Tanh,
        "relu": nn.ReLU,
        "leaky_relu": lambda: nn.LeakyReLU(LEAKY_RELU_SLOPE),
        "identity": nn.Identity,
        "softplus": nn.Softplus,  # torch's default threshold 20 (docs/engine.md, softplus-threshold)
    }
    return modules[get_activation(name).name]()


def torch_model(network: Network, params: Params, *, dtype: Any = None, link: bool = False) -> Any:
    """Return an `nn.Sequential` that computes `network` with `params`, in `dtype` (default: that of `params`)."""
    th = torch()
    nn = th.nn
    dtype = torch_dtype(params) if dtype is None else dtype
    modules: list[Any] = []
    with th.device("meta"):  # no storage and no draw from torch's global generator: load_params sets every entry
        for l in range(network.depth):
            modules.append(nn.Linear(network.topology[l], network.topology[l + 1], dtype=dtype))
            if l < network.depth - 1:
                modules.append(torch_activation(network.activation))
    out = network.out
    if out is not None:
        modules.append(torch_activation(out.name))
    elif link:
        link_name = get_loss(network.loss).link_name
        modules.append(nn.Sigmoid() if link_name == "sigmoid" else nn.Softmax(dim=1))
    model = nn.Sequential(*modules).to_empty(device="cpu")
    load_params(model, params)
    return model


def torch_loss(name: str) -> Callable[[Any, Any], Any]:
    """Return symproof's loss `name` as a function of the model's output (the logits for bce and softmax_ce) and the
    targets, both of shape (B, n_L)."""
    functional = torch().nn.functional
    loss = get_loss(name).name

    def mse(a: Any, y: Any) -> Any:
        return functional.mse_loss(a, y)  # the mean over outputs and batch, as symproof's

    def quadratic(a: Any, y: Any) -> Any:
        return 0.5 * functional.mse_loss(a, y, reduction="sum") / a.shape[0]

    def bce(z: Any, y: Any) -> Any:
        # Summed over outputs, averaged over the batch: n_L times torch's default (a mean over both).
        return functional.binary_cross_entropy_with_logits(z, y, reduction="sum") / z.shape[0]

    def softmax_ce(z: Any, y: Any) -> Any:
        # Probability targets: -sum_j y_j log softmax(z)_j per example, averaged over the batch (any y, normalised
        # or not, as symproof's).
        return functional.cross_entropy(z, y)

    functions: dict[str, Callable[[Any, Any], Any]] = {
        "mse": mse,
        "quadratic": quadratic,
        "bce": bce,
        "softmax_ce": softmax_ce,
    }
    return functions[loss]


def torch_optimizer(optimizer: Optimizer, model: Any) -> Any:
    """Return the `torch.optim` optimizer with `optimizer`'s rule for `model`'s linear layers.

    Weights and biases go in two parameter groups: symproof never decays biases, torch decays every parameter of a
    group with weight_decay. Momentum is torch's SGD with dampening 0 and nesterov False (v <- mu v + g from v = 0;
    torch's first step sets v = g, the same); Adam is torch's Adam (L2 decay added to the gradient, not AdamW; eps
    added to the square root of the bias-corrected second moment; amsgrad False).
    """
    optim = torch().optim
    layers = linear_layers(model)
    weights = [layer.weight for layer in layers]
    biases = [layer.bias for layer in layers if layer.bias is not None]
    decay = float(getattr(optimizer, "weight_decay", 0.0))
    groups = [{"params": weights, "weight_decay": decay}, {"params": biases, "weight_decay": 0.0}]
    if isinstance(optimizer, SGD):
        return optim.SGD(groups, lr=optimizer.lr, momentum=0.0)
    if isinstance(optimizer, Momentum):
        return optim.SGD(groups, lr=optimizer.lr, momentum=optimizer.momentum, dampening=0.0, nesterov=False)
    if isinstance(optimizer, Adam):
        return optim.Adam(
            groups, lr=optimizer.lr, betas=(optimizer.beta1, optimizer.beta2), eps=optimizer.eps, amsgrad=False
        )
    raise TypeError(f"optimizer must be a symproof SGD, Momentum or Adam; got {optimizer!r}")


def _batch(network: Network, params: Params, x: Any, y: Any, dtype: Any) -> tuple[Any, Any]:
    xs, ys = network._check(params, x, y)
    assert ys is not None
    return batch_to_torch(xs, dtype=dtype), batch_to_torch(ys, dtype=dtype)


def torch_gradient(network: Network, params: Params, x: Any, y: Any) -> tuple[float, Params]:
    """Return the loss of `params` on (x, y) (symproof's layout, one example per column) and its gradient, by torch
    autograd in the dtype of `params`."""
    model = torch_model(network, params)
    xs, ys = _batch(network, params, x, y, torch_dtype(params))
    value = torch_loss(network.loss)(model(xs), ys)
    value.backward()
    return float(value.item()), params_of(model, dtype=params.dtype, grad=True)


def torch_train(network: Network, params: Params, x: Any, y: Any, optimizer: Optimizer, *, steps: int) -> list[Step]:
    """Return `steps` steps of full-batch training on (x, y) by torch (`torch_iterate`), as
    `symproof.engine.training.train` returns them; a non-finite value raises `Divergence`, as there."""
    return list(torch_iterate(network, params, x, y, optimizer, steps=steps))


def torch_iterate(
    network: Network,
    params: Params,
    x: Any,
    y: Any,
    optimizer: Optimizer,
    *,
    steps: int,
    inputs: Callable[[int], Any] | None = None,
    masks: Callable[[int], Sequence[Any] | None] | None = None,
) -> Iterator[Step]:
    """Yield `steps` steps of training as `symproof.engine.training.iterate` does, the parameters, loss and gradients
    computed by torch (`torch_model`, `torch_loss`, `torch_optimizer`): the torch backend of a scenario.

    `inputs` and `masks` are those of `iterate`: dropout masks multiply the hidden activations in torch too (forward
    hooks). Each Step's `forward` is symproof's forward pass at the parameters before the step (torch's activations
    are not kept) and its `state` is None. A non-finite loss, gradient or parameter raises `Divergence`."""
    check_positive_int("steps", steps)
    th = torch()
    model, dtype = torch_model(network, params), torch_dtype(params)
    loss, rule = torch_loss(network.loss), torch_optimizer(optimizer, model)
    xs, ys = network._check(params, x, y)
    assert ys is not None
    targets = batch_to_torch(ys, dtype=dtype)
    current: list[Any] = []  # this step's masks in torch's layout, read by the hooks
    hidden = [module for module in model if not isinstance(module, th.nn.Linear)][: network.depth - 1]
    for l, module in enumerate(hidden):
        module.register_forward_hook(lambda _m, _i, out, l=l: out * current[l] if current else out)
    for number in range(1, steps + 1):
        if inputs is not None and number > 1:
            xs = network._check(params, inputs(number), ys)[0]
        dropped = masks(xs.shape[1]) if masks is not None else None
        current[:] = [batch_to_torch(m, dtype=dtype) for m in dropped] if dropped is not None else []
        rule.zero_grad()
        value = loss(model(batch_to_torch(xs, dtype=dtype)), targets)
        value.backward()
        gradients = [p.grad for p in model.parameters() if p.grad is not None]
        if not bool(th.isfinite(value)) or not all(bool(th.isfinite(g).all()) for g in gradients):
            raise Divergence(number, "loss" if not bool(th.isfinite(value)) else "grads")
        grads = params_of(model, dtype=params.dtype, grad=True)
        rule.step()
        if not all(bool(th.isfinite(p).all()) for p in model.parameters()):
            raise Divergence(number, "params")
        forward = network.forward(params, xs, masks=dropped)
        params = params_of(model, dtype=params.dtype)
        yield Step(params, grads, float(value.item()), forward, None, tuple(dropped) if dropped is not None else ())
