"""symproof.stats._arrays: what the statistical tests accept (NumPy, lists, torch tensors, __array__ and DLPack
objects), what they refuse with a named error, and that the input is neither mutated nor aliased."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from symproof.stats._arrays import as_float_array
from symproof.stats.std import check_std
from symproof.stats.variance import preactivation_std, sample_preactivations
from tests._torch import need_torch


class OnlyArray:
    """An object that converts through `__array__` and nothing else."""

    def __init__(self, data: Any) -> None:
        self._data = np.asarray(data)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._data if dtype is None else self._data.astype(dtype)


class OnlyDLPack:
    """An object that converts through `__dlpack__` and nothing else (no `__array__`, no `__dlpack_device__`)."""

    def __init__(self, data: Any) -> None:
        self._data = data

    def __dlpack__(self, **kwargs: Any) -> Any:
        return self._data.__dlpack__(**kwargs)


class BrokenArray:
    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        raise RuntimeError("device lost")


class BrokenDLPack:
    def __dlpack__(self, **kwargs: Any) -> Any:
        raise BufferError("cannot export")


@pytest.mark.parametrize(
    "value",
    [
        np.arange(6.0).reshape(2, 3),
        np.arange(6, dtype=np.float32).reshape(2, 3),
        np.arange(6).reshape(2, 3),
        [[0, 1, 2], [3, 4, 5]],
        OnlyArray(np.arange(6.0).reshape(2, 3)),
        OnlyDLPack(np.arange(6.0).reshape(2, 3)),
    ],
    ids=["float64", "float32", "int", "list", "__array__", "__dlpack__"],
)
def test_accepts_array_likes_as_float64_of_the_same_shape(value: Any) -> None:
    out = as_float_array("w", value)
    assert out.dtype == np.float64
    assert out.shape == (2, 3)
    np.testing.assert_array_equal(out, np.arange(6.0).reshape(2, 3))


def test_the_result_is_a_copy_and_the_input_is_untouched() -> None:
    data = np.linspace(-1.0, 1.0, 30)
    keep = data.copy()
    out = as_float_array("w", data)
    out[:] = 7.0
    np.testing.assert_array_equal(data, keep)
    assert not np.shares_memory(out, data)


@pytest.mark.parametrize(
    ("value", "error", "fragment"),
    [
        (None, TypeError, "w must be an array of real numbers; got None"),
        ("0.1 0.2", TypeError, "w must be an array of real numbers; got '0.1 0.2'"),
        (np.array([True, False]), TypeError, "w must hold real numbers .*got dtype bool"),
        (np.array([1 + 2j, 3.0]), TypeError, "w must hold real numbers .*got dtype complex128"),
        (np.array([object(), 1.0]), TypeError, "w must hold real numbers .*got dtype object"),
        ([[1.0, 2.0], [3.0]], ValueError, "w must be a rectangular array"),
        ([], ValueError, r"w must not be empty; got shape \(0,\)"),
        (np.empty((3, 0)), ValueError, r"w must not be empty; got shape \(3, 0\)"),
        ([0.0, float("nan")], ValueError, r"w must be finite; got nan at index \(1,\)"),
        ([[0.0, 1.0], [-math.inf, 2.0]], ValueError, r"w must be finite; got -inf at index \(1, 0\)"),
        (BrokenArray(), TypeError, "w could not be converted by __array__: .*device lost"),
        (BrokenDLPack(), TypeError, "w could not be converted through DLPack: .*cannot export"),
    ],
)
def test_refuses_bad_input_naming_the_argument_and_value(value: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        as_float_array("w", value)


def test_the_entry_points_take_array_likes() -> None:
    rng = np.random.default_rng(5)
    z = rng.normal(0.0, 2.0, 500)
    reference = check_std(z, 2.0)
    for value in (z.tolist(), OnlyArray(z), OnlyDLPack(z)):
        assert check_std(value, 2.0) == reference
    x = [1.0, 2.0, 2.0]
    assert preactivation_std(OnlyDLPack(np.array(x)), weight_std=1.0) == 3.0
    a = sample_preactivations(OnlyArray(x), draws=10, rng=np.random.default_rng(1))
    b = sample_preactivations(np.array(x), draws=10, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="samples must not be empty"):
        check_std(OnlyArray([]), 1.0)
    with pytest.raises(ValueError, match="x must be finite; got nan"):
        preactivation_std(OnlyDLPack(np.array([1.0, np.nan])), weight_std=1.0)


def test_torch_tensors_of_every_kind() -> None:
    torch = need_torch()
    base = torch.arange(12, dtype=torch.float64).reshape(3, 4) / 7
    expected = base.numpy().copy()
    cases = {
        "float64": base,
        "float32": base.float(),
        "float16": base.half(),
        "bfloat16": base.bfloat16(),
        "transposed": base.T.contiguous().T,
        "int": (base * 7).round().long(),
        "__dlpack__ only": OnlyDLPack(base),
    }
    for name, tensor in cases.items():
        out = as_float_array("w", tensor)
        assert out.dtype == np.float64, name
        want = expected * 7 if name == "int" else expected
        tol = 1e-2 if name in ("float16", "bfloat16") else 1e-7
        np.testing.assert_allclose(out, want, rtol=tol, atol=tol, err_msg=name)


def test_a_torch_tensor_that_requires_grad_is_read_not_changed() -> None:
    torch = need_torch()
    w = torch.randn(20, 30, requires_grad=True, generator=torch.Generator().manual_seed(0))
    keep = w.detach().clone()
    out = as_float_array("w", w)
    out[:] = 0.0
    assert w.requires_grad
    assert w.grad is None
    assert torch.equal(w.detach(), keep)
    assert check_std(w, 1.0) == check_std(keep.numpy(), 1.0)
    with pytest.raises(ValueError, match=r"samples must be finite; got nan at index \(0, 1\)"):
        check_std(torch.tensor([[0.0, float("nan")]] * 20, requires_grad=True), 1.0)
    with pytest.raises(TypeError, match="samples must hold real numbers"):
        check_std(torch.zeros(30, dtype=torch.complex64), 1.0)
    with pytest.raises(TypeError, match="samples must hold real numbers"):
        check_std(torch.zeros(30, dtype=torch.bool), 1.0)
