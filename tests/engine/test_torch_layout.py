"""The layout conversion between symproof (W_l of shape (n_{l-1}, n_l), batches of columns) and torch."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest

from symproof import Network, Params
from symproof.engine.torch_layout import batch_from_torch, batch_to_torch, linear_layers, load_params, params_of
from tests._torch import need_torch

torch = need_torch()


def mlp(*widths: int) -> Any:
    layers: list[Any] = []
    for n_in, n_out in itertools.pairwise(widths):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.Sigmoid()]
    return torch.nn.Sequential(*layers).double()


def test_a_torch_mlp_and_its_params_compute_the_same_outputs() -> None:
    model = mlp(3, 4, 2)
    params = params_of(model)
    assert params.topology == (3, 4, 2)
    assert params.weights[0].shape == (3, 4) and params.biases[0].shape == (4, 1)
    x = np.random.default_rng(0).standard_normal((3, 5))
    ours = Network((3, 4, 2), "sigmoid").forward(params, x).a(2)
    theirs = batch_from_torch(model(batch_to_torch(x)))
    # The same dot products and sigmoid in float64: a few ulps of the outputs, which lie in (0, 1).
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-15)


def test_load_params_round_trips_and_checks_the_topology() -> None:
    model = mlp(2, 3, 1)
    params = Params.normal((2, 3, 1), np.random.default_rng(1))
    load_params(model, params)
    assert params_of(model).equals(params)
    assert torch.equal(model[0].weight, torch.from_numpy(np.array(params.weights[0].T)))
    with pytest.raises(ValueError, match=r"params must have the model's topology \[2, 3, 1\]; got \[2, 2, 1\]"):
        load_params(model, Params.normal((2, 2, 1), np.random.default_rng(1)))


def test_bad_models_are_named() -> None:
    with pytest.raises(TypeError, match=r"model must be a torch\.nn\.Module; got list"):
        linear_layers([1, 2])
    with pytest.raises(ValueError, match=r"at least one nn\.Linear"):
        linear_layers(torch.nn.Sigmoid())
    with pytest.raises(ValueError, match="must run in sequence"):
        linear_layers(torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(4, 1)))


def test_without_torch_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    model = mlp(1, 1)
    monkeypatch.setitem(sys.modules, "torch", None)  # as if torch were not installed
    with pytest.raises(ImportError, match=r"pip install 'symproof\[torch\]'"):
        params_of(model)
