"""Init shorthands and plain values as strategies: what each shorthand means, checked when it is given."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import find
from hypothesis import strategies as st

from symproof.engine.inits import BiasInit, WeightInit
from symproof.search.shorthands import bias_spec, choice, weight_spec


def first(strategy: st.SearchStrategy[Any]) -> Any:
    return find(strategy, lambda value: True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zero", WeightInit("zero")),
        (0, WeightInit("zero")),
        (-0.0, WeightInit("zero")),
        (0.5, WeightInit("constant", 0.5)),
        ("he", WeightInit("random", scheme="he")),
        ("N(0,1/n_in)", WeightInit("random", scheme="N(0,1/n_in)")),
        ("row-equal", WeightInit("row-equal")),
        ("column-equal xavier", WeightInit("column-equal", scheme="xavier")),
        (WeightInit("constant", 2.0), WeightInit("constant", 2.0)),
    ],
)
def test_a_weight_shorthand_names_one_init(value: Any, expected: WeightInit) -> None:
    assert first(weight_spec("weights", value)) == expected


def test_drawn_shorthands_draw_within_their_bounds() -> None:
    constant = find(weight_spec("weights", "constant", low=1.0, high=3.0), lambda w: w.value > 2.5)
    assert constant.kind == "constant" and 2.5 < constant.value <= 3.0
    assert {first(weight_spec("w", "random")).kind, first(bias_spec("b", "random")).kind} == {"random"}
    bias = find(bias_spec("b", "constant"), lambda b: b.value > 0.9)
    assert bias.kind == "constant" and 0.9 < bias.value <= 1.0  # default bounds [-1, 1]
    assert first(bias_spec("b", 0.1)) == BiasInit("constant", 0.1)


@pytest.mark.parametrize(
    ("make", "error", "fragment"),
    [
        (lambda: weight_spec("weights[2]", "row-equal N(0,7)"), ValueError, r"weights\[2\] must be a number or one of"),
        (lambda: weight_spec("weights", None), TypeError, "weights must be an init shorthand, a spec or a strategy"),
        (lambda: bias_spec("biases", float("nan")), ValueError, "biases must be finite"),
        (lambda: bias_spec("biases", False), TypeError, "biases must be an init shorthand, not a bool"),
        (lambda: choice("activation", []), ValueError, "activation must name at least one choice"),
        (lambda: choice("loss", print), TypeError, "loss must be a value, a list of values or a strategy"),
    ],
)
def test_bad_shorthands_are_errors_that_name_the_option(make: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        make()


def test_choice_keeps_strategies_fixes_values_and_chooses_from_lists() -> None:
    strategy = st.integers(3, 4)
    assert choice("x", strategy) is strategy
    assert first(choice("x", 7)) == 7
    assert find(choice("x", ["a", "b"]), lambda v: v == "b") == "b"
    assert first(choice("x", (2, 1), lambda name, v: v * 10)) == 20  # each item checked (and converted)
