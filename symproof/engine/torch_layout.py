"""The one place where symproof's layout meets PyTorch's.

symproof stores W_l with shape (n_{l-1}, n_l), b_l with shape (n_l, 1), and a batch as a matrix of columns
(`symproof.engine.network`). torch's `nn.Linear` stores its weight as (out, in) = (n_l, n_{l-1}), its bias as (n_l,),
and a batch as rows. Every conversion between the two goes through this module, so that the transposes live in one
place. PyTorch is optional (``pip install 'symproof[torch]'``); without it, these functions raise an ImportError that
names the extra.

Non-goals: any layer other than `nn.Linear` (convolutions, normalisation, attention); models whose linear layers do
not run in sequence.
"""

from __future__ import annotations

import importlib
import itertools
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from symproof.engine.params import Params

__all__ = ["TORCH_EXTRA", "batch_from_torch", "batch_to_torch", "linear_layers", "load_params", "params_of", "torch"]

TORCH_EXTRA = "pip install 'symproof[torch]'  (torch==2.13.0, the CPU build)"

Array = NDArray[Any]


def torch() -> ModuleType:
    """Return the torch module, or raise an ImportError that says how to install it."""
    try:
        return importlib.import_module("torch")
    except ImportError as error:
        raise ImportError(f"this symproof feature needs PyTorch: {TORCH_EXTRA}") from error


def linear_layers(model: Any) -> list[Any]:
    """Return the `nn.Linear` layers of `model` in the order they run: `model` itself if it is one, else its
    submodules in registration order (nn.Sequential and plain MLP modules register them in order)."""
    nn = torch().nn
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    layers = [model] if isinstance(model, nn.Linear) else [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not layers:
        raise ValueError(f"model must hold at least one nn.Linear layer; got {type(model).__name__} with none")
    for before, after in itertools.pairwise(layers):
        if before.out_features != after.in_features:
            raise ValueError(
                f"model's nn.Linear layers must run in sequence; got out_features {before.out_features} "
                f"followed by in_features {after.in_features}"
            )
    return layers


def params_of(model: Any, *, dtype: Any = np.float64, grad: bool = False) -> Params:
    """Return the weights and biases of `model`'s linear layers in symproof's layout (W_l = weight.T; a layer
    without a bias gets b_l = 0); with `grad`, their gradients instead (0 where a parameter has none)."""

    def value(tensor: Any) -> Array:
        held = tensor.grad if grad else tensor
        return np.zeros(tuple(tensor.shape)) if held is None else held.detach().cpu().double().numpy()

    weights, biases = [], []
    for layer in linear_layers(model):
        weight = value(layer.weight)
        weights.append(weight.T)
        bias = layer.bias
        biases.append(np.zeros((weight.shape[0], 1)) if bias is None else value(bias)[:, None])
    return Params.from_arrays(weights, biases, dtype=dtype)


def load_params(model: Any, params: Params) -> None:
    """Copy `params` into `model`'s linear layers in place (weight = W_l.T, bias = b_l[:, 0]), in each layer's dtype."""
    layers = linear_layers(model)
    if tuple([layers[0].in_features] + [layer.out_features for layer in layers]) != params.topology:
        shape = [layers[0].in_features] + [layer.out_features for layer in layers]
        raise ValueError(f"params must have the model's topology {shape}; got {list(params.topology)}")
    th = torch()
    with th.no_grad():
        for layer, w, b in zip(layers, params.weights, params.biases, strict=True):
            layer.weight.copy_(th.from_numpy(np.array(w.T)))
            if layer.bias is not None:
                layer.bias.copy_(th.from_numpy(np.array(b[:, 0])))
            elif np.any(b):
                raise ValueError("params must have zero biases for a layer without a bias")


def batch_to_torch(x: Array, *, dtype: Any = None) -> Any:
    """Return the batch `x` (one example per column, symproof's layout) as a torch tensor of one example per row."""
    th = torch()
    tensor = th.from_numpy(np.ascontiguousarray(np.asarray(x).T))
    return tensor if dtype is None else tensor.to(dtype)


def batch_from_torch(tensor: Any) -> Array:
    """Return a torch batch of one example per row as a float64 array of one example per column."""
    return np.asarray(tensor.detach().cpu().double().numpy().T)
