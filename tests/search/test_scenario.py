"""Scenarios: plain-data round trip, deterministic replay, blow-up detection, inits."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given

from symproof.engine.inits import BiasInit, WeightInit, build_params, scheme_std
from symproof.search.scenario import Diverged, Scenario
from symproof.search.space import scenarios
from tests._torch import need_torch


@given(scenarios(max_steps=3) | scenarios(block=True, max_steps=3))
def test_round_trip_through_json_replays_the_same_run(scenario: Scenario) -> None:
    again = Scenario.from_dict(json.loads(json.dumps(scenario.to_dict())))
    assert again == scenario
    try:
        first, second = scenario.run(), again.run()
    except Diverged:
        return
    assert all(a.params.equals(b.params) for a, b in zip(first, second))


def test_build_params_follows_each_spec() -> None:
    rng = np.random.default_rng(0)
    params = build_params(
        (3, 4, 2),
        (WeightInit("random", scheme="N(0,1/n_in)"), WeightInit("constant", -0.5)),
        (BiasInit("zero"), BiasInit("constant", 0.3)),
        rng,
    )
    assert np.all(params.weights[1] == -0.5)
    assert np.all(params.biases[0] == 0.0)
    assert np.all(params.biases[1] == 0.3)
    assert len(np.unique(params.weights[0])) == 12
    assert scheme_std("N(0,1/n_in)", 4, 2) == 0.5
    assert scheme_std("xavier", 3, 5) == pytest.approx(0.5)


def test_targets_equal_or_distinct_across_outputs() -> None:
    specs = {"weights": (WeightInit("zero"),), "biases": (BiasInit("zero"),), "batch": 4}
    equal = Scenario((2, 3), targets="equal", **specs).build()[2]  # type: ignore[arg-type]
    distinct = Scenario((2, 3), targets="distinct", **specs).build()[2]  # type: ignore[arg-type]
    assert np.array_equal(equal, np.repeat(equal[:1], 3, axis=0))
    assert len({tuple(row) for row in distinct}) == 3
    softmax = Scenario((2, 3), loss="softmax_ce", targets="distinct", **specs).build()[2]  # type: ignore[arg-type]
    assert np.allclose(softmax.sum(axis=0), 1.0)


def test_blow_up_is_reported() -> None:
    scenario = Scenario(
        (1, 1, 1, 1, 4),
        activation="identity",
        loss="bce",
        lr=1.0,
        steps=20,
        weights=(WeightInit("constant", -1.9),) * 4,
        biases=(BiasInit("constant", 1.0),) * 4,
    )
    with pytest.raises(Diverged, match="step"):
        scenario.run()


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda: WeightInit("ones"), "kind must be one of"),  # type: ignore[arg-type]
        (lambda: WeightInit("zero", 1.0), "value must be 0.0"),
        (lambda: WeightInit("random", scheme="glorot"), "scheme must be one of"),
        (lambda: BiasInit("random", std=0.0), "std must be positive"),
        (lambda: WeightInit("constant", float("nan")), "value must be finite"),
        (lambda: build_params((2, 1), (), (), np.random.default_rng()), "weights must be 1 WeightInit"),
    ],
)
def test_bad_specs_are_named(make: object, fragment: str) -> None:
    with pytest.raises((ValueError, TypeError), match=fragment):
        make()  # type: ignore[operator]


def test_row_and_column_equal_inits_draw_one_value_per_row_or_column() -> None:
    rng = np.random.default_rng(3)
    specs = (WeightInit("row-equal", scheme="N(0,1/n_in)"), WeightInit("column-equal"))
    params = build_params((4, 3, 2), specs, (BiasInit("zero"), BiasInit("zero")), rng)
    w1, w2 = params.weights
    assert np.array_equal(w1, np.repeat(w1[:, :1], 3, axis=1)) and len(set(w1[:, 0])) == 4
    assert np.array_equal(w2, np.repeat(w2[:1], 3, axis=0)) and len(set(w2[0])) == 2
    again = np.random.default_rng(3)
    assert np.array_equal(w1[:, 0], scheme_std("N(0,1/n_in)", 4, 3) * again.standard_normal((4, 1))[:, 0])
    assert [str(s) for s in specs] == ["row-equal N(0,1/n_in)", "column-equal N(0,1)"]


def test_a_scenario_exposes_its_data_parameters_and_history_computed_once() -> None:
    s = Scenario(
        (2, 3, 1),
        "tanh",
        "mse",
        "momentum",
        0.1,
        weights=(WeightInit("constant", 0.5),) * 2,
        biases=(BiasInit("zero"),) * 2,
        batch=3,
        steps=4,
        momentum=0.5,
    )
    x, y = s.data
    assert x.shape == (2, 3) and y.shape == (1, 3) and not x.flags.writeable
    assert np.array_equal(s.initial.weights[0], np.full((2, 3), 0.5))
    assert len(s.history) == 4 and s.history is s.history  # trained once
    assert s.final is s.history[-1].params
    assert [step.params for step in s.run()] == [step.params for step in s.history]
    assert s.make_optimizer().momentum == 0.5  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("optimizer", "recorded"), [("sgd", set()), ("momentum", {"momentum"}), ("adam", {"beta1", "beta2", "eps"})]
)
def test_a_record_holds_the_options_of_its_own_optimizer_only(optimizer: str, recorded: set[str]) -> None:
    s = Scenario((1, 1), optimizer=optimizer, weights=(WeightInit("zero"),), biases=(BiasInit("zero"),), beta2=0.99)
    data = s.to_dict()
    assert {"momentum", "beta1", "beta2", "eps"} & set(data) == recorded
    if optimizer == "adam":
        assert Scenario.from_dict(data) == s
    else:
        with pytest.raises(ValueError, match=f"scenario beta1 is not an option of optimizer '{optimizer}'"):
            Scenario.from_dict({**data, "beta1": 0.5})


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize(("dropout", "fresh"), [(0.0, False), (0.5, True)])
def test_the_torch_backend_trains_the_same_run(optimizer: str, dropout: float, fresh: bool) -> None:
    need_torch()
    numpy_run = Scenario(
        (3, 4, 4, 2),
        "tanh",
        "mse",
        optimizer,
        lr=0.1,
        weights=(WeightInit("random"),) * 3,
        biases=(BiasInit("random"),) * 3,
        batch=3,
        steps=5,
        dropout=dropout,
        fresh_inputs=fresh,
    )
    torch_run = replace(numpy_run, backend="torch")
    assert len(torch_run.history) == len(numpy_run.history) == 5
    for ours, theirs in zip(numpy_run.history, torch_run.history, strict=True):
        assert [m.tolist() for m in ours.masks] == [m.tolist() for m in theirs.masks]  # the same masks reach torch
        # 5 steps of a 4-wide float64 network: the two sum in different orders, within 1e-12 of parameters of size
        # about 1 (docs/engine.md, "Differences from PyTorch"; tests/engine/test_torch_mirror.py bounds this closely).
        deviation = max(float(np.max(np.abs(a - b))) for a, b in zip(ours.params.arrays(), theirs.params.arrays()))
        assert deviation < 1e-12, deviation
        assert theirs.loss == pytest.approx(ours.loss, rel=1e-12)
    record = torch_run.to_dict()
    assert record["backend"] == "torch" and "backend" not in numpy_run.to_dict()  # numpy records are unchanged
    assert Scenario.from_dict(record) == torch_run


def test_a_bad_backend_is_named() -> None:
    with pytest.raises(ValueError, match=r"scenario backend must be one of \('numpy', 'torch'\); got 'jax'"):
        Scenario.from_dict({"topology": [1, 1], "backend": "jax"})
    with pytest.raises(ValueError, match="got 'jax'"):
        Scenario((1, 1), weights=(WeightInit("zero"),), biases=(BiasInit("zero"),), backend="jax").run()  # type: ignore[arg-type]


def test_the_torch_backend_reports_divergence() -> None:
    need_torch()
    weights, biases = (WeightInit("constant", 1e200),) * 2, (BiasInit("zero"),) * 2
    huge = Scenario((2, 2, 1), "identity", "mse", lr=1.0, weights=weights, biases=biases, backend="torch")
    with pytest.raises(Diverged):
        huge.run()
