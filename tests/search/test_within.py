"""Within and counted: drawing inside a condition, counting the draws rejected, and raising on a bad construction."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symproof.search.scenario import Scenario
from symproof.search.space import scenarios
from symproof.search.within import Draws, OutsideCondition, Within, counted

FEW = settings(max_examples=30, database=None, deadline=None, suppress_health_check=list(HealthCheck))


def test_the_rejected_share_counts_every_reason_and_is_zero_without_draws() -> None:
    assert Draws().rejected() == 0.0
    draws = Draws(drawn=10, outside=2, diverged=1, vacuous=2)
    assert draws.rejected() == 0.5
    assert draws.record() == {
        "drawn": 10,
        "outside the condition": 2,
        "diverged": 1,
        "vacuous": 2,
        "rejected share": 0.5,
    }


def test_counted_filters_out_and_counts_the_draws_outside() -> None:
    draws = Draws()
    seen: list[Scenario] = []

    @FEW
    @given(counted(scenarios(max_steps=1), draws, keep=lambda s: s.activation == "tanh"))
    def search(s: Scenario) -> None:
        seen.append(s)

    search()
    assert seen and all(s.activation == "tanh" for s in seen)
    assert draws.outside > 0 and draws.drawn == draws.outside  # the search counts the draws it is given


def test_without_a_test_the_strategy_is_returned_as_it_is() -> None:
    strategy = scenarios(max_steps=1)
    assert counted(strategy, Draws()) is strategy


def test_a_draw_kept_but_outside_the_condition_raises() -> None:
    strategy = counted(scenarios(activation=["tanh", "relu"]), Draws(), must=lambda s: s.activation == "tanh")

    @FEW
    @given(strategy)
    def search(s: Scenario) -> None:
        pass

    with pytest.raises(OutsideCondition, match="by construction fails it"):
        search()


def test_within_takes_functions() -> None:
    within = Within(lambda: scenarios(activation="tanh"), lambda s: s.depth > 1)
    assert within.rest is not None
    with pytest.raises(TypeError, match="scenarios and rest must be functions"):
        Within(st.just(Scenario((1, 1))))  # type: ignore[arg-type]
