"""Plain values where a strategy is expected: what `scenarios()` accepts for each option, turned into strategies.

A Hypothesis strategy is used as it is. Any other value is checked at once, and an error names the option:

- a plain value means exactly that value (``activation="tanh"``, ``lr=0.5``, ``topology=(2, 3, 1)``);
- a list or tuple means one of its items (``activation=["tanh", "relu"]``); a topology is a list or tuple of
  widths, and a list of them means one of them (``topology=[(2, 1), (3, 3, 1)]``);
- an init shorthand names a start, for one matrix or one bias vector: ``"zero"`` or ``0``, a number ``c`` (every
  entry c), ``"constant"`` (one constant per matrix, drawn), ``"random"`` (N(0, 1) or N(0, 1/n_in) weights, N(0, 1)
  biases), a scheme name (``"N(0,1)"``, ``"N(0,1/n_in)"``, ``"he"``, ``"xavier"``), and for weights ``"row-equal"``
  or ``"column-equal"``, optionally followed by a scheme (``"row-equal N(0,1/n_in)"``). For `weights` and `biases`
  a list holds one shorthand per layer, and fixes the depth.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

from symproof.engine.inits import SCHEMES, BiasInit, WeightInit

__all__ = ["bias_spec", "choice", "weight_spec"]

T = TypeVar("T")


def choice(option: str, value: Any, check: Callable[[str, Any], T] | None = None) -> st.SearchStrategy[Any]:
    """Return `value` as a strategy: a strategy as is, a list as one of its items, anything else as itself.

    `check(name, item)` validates (and may convert) each plain item; its error names the option.
    """
    if isinstance(value, st.SearchStrategy):
        return value
    if callable(value):
        raise TypeError(f"{option} must be a value, a list of values or a strategy; got the function {value!r}")
    several = isinstance(value, list | tuple)
    items = list(value) if several else [value]
    if not items:
        raise ValueError(f"{option} must name at least one choice; got {value!r}")
    if check is not None:
        items = [check(f"{option}[{i}]" if several else option, item) for i, item in enumerate(items)]
    return st.just(items[0]) if len(items) == 1 else st.sampled_from(items)


def _number(option: str, value: Any) -> float | None:
    if isinstance(value, bool):
        raise TypeError(f"{option} must be an init shorthand, not a bool; got {value!r}")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError(f"{option} must be finite; got {value!r}")
        return float(value)
    return None


def _unknown(option: str, value: Any, known: Sequence[str]) -> Exception:
    if not isinstance(value, str):
        return TypeError(f"{option} must be an init shorthand, a spec or a strategy; got {type(value).__name__}")
    return ValueError(f"{option} must be a number or one of {', '.join(map(repr, known))}; got {value!r}")


def _shared(option: str, value: Any, spec: Any, low: float, high: float) -> st.SearchStrategy[Any] | None:
    """Return the strategy of the shorthands that weights and biases share (a spec, a number, "zero", "constant")."""
    if isinstance(value, spec):
        return st.just(value)
    number = _number(option, value)
    if number is not None:
        return st.just(spec("zero") if number == 0.0 else spec("constant", number))
    if value == "zero":
        return st.just(spec("zero"))
    if value == "constant":
        return st.floats(low, high).map(lambda c: spec("constant", c))
    return None


def weight_spec(option: str, value: Any, *, low: float = -2.0, high: float = 2.0) -> st.SearchStrategy[WeightInit]:
    """Return the strategy of one matrix's init that the shorthand `value` names; constants drawn in [low, high]."""
    shared = _shared(option, value, WeightInit, low, high)
    if shared is not None:
        return shared
    if value == "random":
        return st.sampled_from(["N(0,1)", "N(0,1/n_in)"]).map(lambda s: WeightInit("random", scheme=s))
    if isinstance(value, str) and value in SCHEMES:
        return st.just(WeightInit("random", scheme=value))
    if isinstance(value, str):
        kind, _, scheme = value.partition(" ")
        if kind in ("row-equal", "column-equal") and (not scheme or scheme in SCHEMES):
            return st.just(WeightInit(kind, scheme=scheme or "N(0,1)"))  # type: ignore[arg-type]
    known = ["zero", "constant", "random", *SCHEMES, "row-equal", "column-equal"]
    raise _unknown(option, value, known)


def bias_spec(option: str, value: Any, *, low: float = -1.0, high: float = 1.0) -> st.SearchStrategy[BiasInit]:
    """Return the strategy of one bias vector's init that the shorthand `value` names; constants in [low, high]."""
    shared = _shared(option, value, BiasInit, low, high)
    if shared is not None:
        return shared
    if value in ("random", "N(0,1)"):
        return st.just(BiasInit("random"))
    raise _unknown(option, value, ["zero", "constant", "random", "N(0,1)"])
