"""scenarios(): typed options checked when built, plain values and lists, init shorthands per layer; generic."""

from __future__ import annotations

from random import Random
from typing import Any

import numpy as np
import pytest
from hypothesis import find, given
from hypothesis import strategies as st

from symproof.engine.inits import BiasInit, WeightInit
from symproof.search.scenario import Scenario
from symproof.search.space import GENERIC_JITTER, generic, scenarios


@pytest.mark.parametrize(
    ("options", "error", "fragment"),
    [
        ({"min_steps": 5, "max_steps": 2}, ValueError, "min_steps must be <= max_steps"),
        ({"max_batch": 0}, ValueError, "max_batch must be a positive integer"),
        ({"min_lr": 2.0, "max_lr": 1.0}, ValueError, "min_lr must be <= max_lr"),
        ({"min_weight_decay": 0.2, "max_weight_decay": 0.1}, ValueError, "min_weight_decay must be <= max_weight"),
        ({"targets": ["same"]}, ValueError, r"targets\[0\] must be one of"),
        ({"activation": "tahn"}, ValueError, "activation must be one of"),
        ({"activation": ["tanh", "rleu"]}, ValueError, r"activation\[1\] must be one of"),
        ({"loss": 3}, TypeError, "loss must be a string"),
        ({"optimizer": "lbfgs"}, ValueError, "optimizer must be one of"),
        ({"lr": -1.0}, ValueError, "lr must be positive"),
        ({"lr": float("nan")}, ValueError, "lr must be"),
        ({"momentum": -0.5}, ValueError, "momentum must be"),
        ({"beta1": 1.0}, ValueError, r"beta1 must be in \[0, 1\)"),
        ({"beta2": [0.9, 2.0]}, ValueError, r"beta2\[1\] must be in \[0, 1\)"),
        ({"eps": 0.0}, ValueError, "eps must be positive"),
        ({"dtype": "float16"}, ValueError, "dtype must be one of"),
        ({"dropout": 1.0}, ValueError, r"dropout must be in \[0, 1\)"),
        ({"batch": 0}, ValueError, "batch must be a positive integer"),
        ({"steps": True}, (ValueError, TypeError), "steps must be a positive integer"),
        ({"topology": (2, 0, 1)}, ValueError, "topology"),
        ({"topology": (2, 1), "max_depth": 3}, TypeError, "topology or the depth and width bounds"),
        ({"weights": "ones"}, ValueError, "weights must be a number or one of"),
        ({"weights": ["zero", "row-equal N(0,2)"]}, ValueError, r"weights\[1\] must be a number or one of"),
        ({"weights": True}, TypeError, "weights must be an init shorthand, not a bool"),
        ({"biases": "row-equal"}, ValueError, "biases must be a number or one of"),
        ({"biases": float("inf")}, ValueError, "biases must be finite"),
        ({"weights": ["zero"], "biases": ["zero", "zero"]}, ValueError, "must list the same number of layers"),
        ({"weights": ["zero", "zero"], "max_depth": 1}, ValueError, "give 2 layers, outside depth"),
        ({"weights": ["zero", "zero"], "topology": (1, 1)}, ValueError, "has 1 layers, but weights or biases give 2"),
        ({"block": True, "weights": "zero"}, TypeError, "block=True or weights/biases"),
        ({"activation": lambda: "tanh"}, TypeError, "activation must be a value, a list of values or a strategy"),
        ({"stepz": 3}, TypeError, "unexpected keyword argument .stepz."),
    ],
)
def test_every_option_is_checked_when_built_and_the_error_names_it(
    options: dict[str, Any], error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error, match=fragment):
        scenarios(**options)


def test_plain_values_and_lists_fix_or_choose_parts() -> None:
    drawn = find(
        scenarios(activation="tanh", loss=["bce", "mse"], optimizer="adam", lr=0.25, beta1=0.5, eps=1e-6, steps=2),
        lambda s: s.loss == "bce",
    )
    assert (drawn.activation, drawn.loss, drawn.optimizer, drawn.lr, drawn.steps) == ("tanh", "bce", "adam", 0.25, 2)
    assert (drawn.beta1, drawn.beta2, drawn.eps) == (0.5, 0.999, 1e-6)
    assert drawn.make_optimizer() == drawn.make_optimizer()
    assert drawn.make_optimizer().beta1 == 0.5  # type: ignore[attr-defined]
    momentum = find(scenarios(optimizer="momentum", momentum=0.5, dtype="float32", dropout=0.25), lambda s: True)
    assert momentum.make_optimizer().momentum == 0.5  # type: ignore[attr-defined]
    assert (momentum.dtype, momentum.dropout) == ("float32", 0.25)
    assert momentum.initial.dtype == np.float32


def test_a_fixed_option_leaves_the_search_of_the_others_unchanged() -> None:
    """Plain values draw nothing: the n-th scenario of a seeded search is the same with or without them."""

    def first(strategy: st.SearchStrategy[Scenario]) -> list[tuple[Any, ...]]:
        seen: list[tuple[Any, ...]] = []

        def enough(s: Scenario) -> bool:
            seen.append((s.topology, s.activation, s.seed))
            return len(seen) >= 30

        find(strategy, enough, random=Random(0))
        return seen

    assert first(scenarios(max_steps=2)) == first(scenarios(max_steps=2, momentum=0.9, dtype="float64", eps=1e-8))


def test_init_shorthands_per_layer_fix_the_depth() -> None:
    s = find(scenarios(weights=["row-equal", 0.5, "N(0,1/n_in)"], biases=["zero", 0.1, "random"]), lambda s: True)
    assert s.depth == 3
    assert [w.kind for w in s.weights] == ["row-equal", "constant", "random"]
    assert (s.weights[1].value, s.weights[2].scheme) == (0.5, "N(0,1/n_in)")
    assert [b.kind for b in s.biases] == ["zero", "constant", "random"]
    w1 = s.initial.weights[0]
    assert np.array_equal(w1, np.repeat(w1[:, :1], w1.shape[1], axis=1))  # each row one value


def test_one_shorthand_applies_to_every_layer() -> None:
    s = find(scenarios(weights="column-equal xavier", biases="constant", min_depth=3), lambda s: True)
    assert all(w == WeightInit("column-equal", scheme="xavier") for w in s.weights)
    assert all(b.kind == "constant" for b in s.biases)
    for w in s.initial.weights:
        assert np.array_equal(w, np.repeat(w[:1], w.shape[0], axis=0))  # each column one value
    zero = find(scenarios(weights=0, biases=0.0), lambda s: True)
    assert all(w.kind == "zero" for w in zero.weights) and all(b == BiasInit("zero") for b in zero.biases)


def test_a_strategy_of_one_init_is_drawn_for_each_layer() -> None:
    s = find(scenarios(weights=st.sampled_from([WeightInit("zero"), WeightInit("constant", 1.0)])), lambda s: True)
    assert len(s.weights) == s.depth


def test_scenarios_shrink_towards_the_smallest_network() -> None:
    smallest = find(scenarios(), lambda s: True)
    assert smallest.topology == (1, 1)
    assert (smallest.activation, smallest.loss, smallest.optimizer) == ("sigmoid", "mse", "sgd")
    assert smallest.steps == 1
    assert smallest.batch == 1


def test_scenarios_accept_fixed_parts() -> None:
    fixed = find(
        scenarios(weights=lambda d: st.just((WeightInit("zero"),) * d), activation=st.just("tanh")),
        lambda s: s.depth >= 3,
    )
    assert isinstance(fixed, Scenario)
    assert fixed.activation == "tanh"
    assert all(w.kind == "zero" for w in fixed.weights)
    assert fixed.depth >= 3


@given(scenarios(max_steps=1), st.data())
def test_generic_jitters_values_and_keeps_zeros(scenario: Scenario, data: st.DataObject) -> None:
    jittered = data.draw(generic(st.just(scenario)))
    assert jittered == data.draw(generic(st.just(scenario)))  # seeded by the scenario: replayable
    assert abs(jittered.lr / scenario.lr - 1) <= GENERIC_JITTER
    pairs: list[tuple[Any, Any]] = [
        *zip(scenario.weights, jittered.weights),
        *zip(scenario.biases, jittered.biases),
    ]
    for before, after in pairs:
        assert before.kind == after.kind
        if before.value == 0.0:
            assert after.value == 0.0
        else:
            assert abs(after.value / before.value - 1) <= GENERIC_JITTER
