"""Conversion of the samples a statistical test receives into a validated float64 NumPy array.

Scope: NumPy arrays, nested lists and scalars, objects with `__array__` (PyTorch, JAX, CuPy with a host copy, ...)
and objects with only `__dlpack__`. PyTorch is never imported: a tensor is recognised by duck typing (callable
`detach`), detached from its graph (a tensor that requires grad refuses both `__array__` and `__dlpack__`), moved to
the host with `cpu()` and, if NumPy has no matching dtype (bfloat16), widened with `float()`, which is exact.

Non-goals: no device-side computation (a GPU tensor is copied to the host), no complex or boolean samples, and no
masked or sparse arrays. The input is never mutated, and the result never aliases it (it is always a fresh copy).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from symproof.engine._validation import _show, as_real_array, check_finite

__all__ = ["as_float_array"]


def _to_host(name: str, value: Any) -> Any:
    """Return a PyTorch-like tensor detached and on the host; any other value unchanged (duck typing, no import)."""
    tensor_like = hasattr(value, "__array__") or hasattr(value, "__dlpack__")
    if not tensor_like or not callable(getattr(value, "detach", None)):
        return value
    try:
        value = value.detach()
        return value.cpu() if callable(getattr(value, "cpu", None)) else value
    except Exception as error:  # any tensor library's failure, reported with the argument's name
        raise TypeError(f"{name} could not be detached and copied to the host: {_show(value)} ({error})") from None


def _to_numpy(name: str, value: Any) -> Any:
    """Return `value` as a NumPy array through `__array__`, else DLPack; other values go to np.asarray unchanged."""
    if hasattr(value, "__array__"):
        try:
            return np.asarray(value)
        except (TypeError, RuntimeError) as error:  # e.g. torch.bfloat16, which NumPy has no dtype for
            widen = getattr(value, "float", None)
            if callable(widen) and not isinstance(value, np.ndarray):
                return _to_numpy(name, widen())
            raise TypeError(f"{name} could not be converted by __array__: {_show(value)} ({error})") from None
    if hasattr(value, "__dlpack__"):
        try:
            return np.from_dlpack(value)
        except (TypeError, RuntimeError, BufferError, ValueError) as error:
            raise TypeError(f"{name} could not be converted through DLPack: {_show(value)} ({error})") from None
    return value


def as_float_array(name: str, value: Any) -> NDArray[np.float64]:
    """Return `value` as a fresh float64 array of its shape: non-empty, finite and real, else a named error."""
    array = as_real_array(name, _to_numpy(name, _to_host(name, value)))
    if array.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {array.shape}")
    result = array.astype(np.float64)  # a copy: the caller's array is neither aliased nor mutated
    check_finite(name, result)
    return result
