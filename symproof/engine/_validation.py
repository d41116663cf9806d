"""Argument checks shared by the engine: each raises ValueError or TypeError naming the argument and its value."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Return `value` if it is one of `choices`."""
    options = sorted(choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {options}; got {_show(value)}")
    if value not in options:
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def check_index(name: str, value: Any, low: int, high: int) -> int:
    """Return `value` if it is an integer (bool excluded) in low..high."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer in {low}..{high}; got {_show(value)}")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{name} must be in {low}..{high}; got {value!r}")
    return number


def check_positive_int(name: str, value: Any) -> int:
    """Return `value` as an int if it is a positive integer (bool excluded)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer; got {_show(value)}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def check_topology(topology: Any) -> tuple[int, ...]:
    """Return `topology` as a tuple of at least two positive widths."""
    if isinstance(topology, (str, bytes)) or not isinstance(topology, Sequence):
        raise TypeError(f"topology must be a sequence of layer widths; got {_show(topology)}")
    if len(topology) < 2:
        raise ValueError(f"topology must have at least 2 layers (input and output); got {_show(topology)}")
    return tuple(check_positive_int(f"topology[{i}]", n) for i, n in enumerate(topology))


def check_real(name: str, value: Any, *, positive: bool = False, nonnegative: bool = False) -> float:
    """Return `value` as a float if it is a finite real number with the requested sign."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {_show(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = float("inf")
    if not np.isfinite(number):
        raise ValueError(f"{name} must be finite; got {value!r}")
    if positive and number <= 0:
        raise ValueError(f"{name} must be positive; got {value!r}")
    if nonnegative and number < 0:
        raise ValueError(f"{name} must be non-negative; got {value!r}")
    return number


def check_dtype(dtype: Any) -> np.dtype[Any]:
    """Return `dtype` as a NumPy dtype if it is float32 or float64."""
    try:
        resolved: np.dtype[Any] = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"dtype must be float64 or float32; got {_show(dtype)}") from error
    if resolved not in FLOAT_DTYPES:
        raise ValueError(f"dtype must be float64 or float32; got {_show(dtype)}")
    return resolved


def as_real_array(name: str, value: Any) -> NDArray[Any]:
    """Return `value` as a NumPy array of integers or floats (bools, strings, objects and ragged lists refused)."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of real numbers; got {_show(value)}")
    try:
        array = np.asarray(value)
    except ValueError as error:
        raise ValueError(f"{name} must be a rectangular array; got {_show(value)} ({error})") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers (not bool or objects); got dtype {array.dtype}")
    return array


def check_finite(name: str, array: NDArray[Any]) -> None:
    """Raise ValueError naming the first non-finite entry of `array`."""
    finite = np.isfinite(array)
    if not finite.all():
        index = tuple(int(i) for i in np.argwhere(~finite)[0])
        raise ValueError(f"{name} must be finite; got {float(array[index])!r} at index {index}")


def check_array(name: str, value: Any, shape: tuple[int | None, ...], dtype: np.dtype[Any]) -> NDArray[Any]:
    """Return `value` as a finite array of `dtype` and `shape` (None matches any size); never aliases a list."""
    array = as_real_array(name, value)
    expected = "(" + ", ".join("B" if n is None else str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"
    if array.ndim != len(shape) or any(n is not None and n != m for n, m in zip(shape, array.shape)):
        raise ValueError(f"{name} must have shape {expected}; got {array.shape}")
    if any(m == 0 for m in array.shape):
        raise ValueError(f"{name} must not be empty; got shape {array.shape}")
    check_finite(name, array)
    with np.errstate(over="ignore"):
        cast = array.astype(dtype, copy=False)
    if not np.isfinite(cast).all():
        raise ValueError(f"{name} must be finite in {dtype}; got values up to {float(np.max(np.abs(array)))!r}")
    return cast
