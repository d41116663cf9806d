"""decide(): verified, refuted with a shrunk counterexample, conditional, and rejection of blown-up runs."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import strategies as st

from symproof.engine.inits import WeightInit
from symproof.search.scenario import Diverged, Scenario
from symproof.search.space import scenarios
from symproof.search.within import OutsideCondition, Within
from symproof.structure.predicates import Check
from symproof.verdict.claim import Claim, Condition, Status
from symproof.verdict.measured import Measure, Measurement
from symproof.verdict.searched import Search, all_of, decide, on_backend, replay
from symproof.verdict.snapshots import Pin
from tests._torch import need_torch


def claim(holds: Any, condition: Condition | None = None, expected: Status = "verified") -> Claim:
    return Claim("test.toy", "toy", "generic", Search(lambda: scenarios(max_steps=1), holds), condition, expected)


def test_a_true_claim_is_verified_over_the_requested_examples() -> None:
    verdict = decide(claim(lambda s: True), max_examples=50)
    assert verdict.status == "verified"
    assert verdict.examples == 50
    assert verdict.counterexample is None


def test_a_false_claim_is_refuted_with_a_minimal_replayable_counterexample() -> None:
    toy = claim(lambda s: s.topology[0] < 3)
    verdict = decide(toy, max_examples=100)
    assert verdict.status == "refuted"
    assert verdict.counterexample is not None
    assert verdict.counterexample["topology"] == [3, 1]  # shrunk: the smallest failing input width, depth 1
    json.dumps(verdict.counterexample)
    assert not replay(toy, verdict.counterexample)


def test_conditional_shows_both_halves() -> None:
    toy = claim(lambda s: s.activation != "tanh", Condition("not tanh", lambda s: s.activation != "tanh"))
    verdict = decide(toy, max_examples=100)
    assert verdict.status == "conditional"
    assert verdict.counterexample is not None
    assert verdict.counterexample["activation"] == "tanh"
    assert verdict.condition == "not tanh"
    assert verdict.examples_under_condition == 100


def test_a_condition_that_does_not_help_gives_refuted() -> None:
    toy = claim(lambda s: s.topology[0] < 3, Condition("not tanh", lambda s: s.activation != "tanh"))
    verdict = decide(toy, max_examples=100)
    assert verdict.status == "refuted"


def test_blown_up_runs_are_rejected_not_counted() -> None:
    def holds(s: Scenario) -> bool:
        if s.activation == "identity":
            raise Diverged("toy")
        return True

    verdict = decide(claim(holds), max_examples=60)
    assert verdict.status == "verified"
    assert verdict.examples == 60


def test_all_of_reports_the_worst_check() -> None:
    checks = [Check("a", True, 1e-12, 1.0, 1e-9), Check("b", True, 1e-10, 1.0, 1e-9)]
    combined = all_of("both", checks)
    assert combined.holds
    assert combined.deviation == 1e-10
    assert not all_of("both", [*checks, Check("c", False, 1.0, 1.0, 1e-9)])
    assert all_of("none", []).holds


def test_strategy_is_rebuilt_for_each_search() -> None:
    calls = []

    def build() -> st.SearchStrategy[Scenario]:
        calls.append(1)
        return scenarios(max_steps=1)

    toy = Claim(
        "test.toy",
        "toy",
        "generic",
        Search(build, lambda s: s.batch < 2),
        expected="conditional",
        condition=Condition("b", lambda s: s.batch < 2),
    )
    assert decide(toy, max_examples=20).status == "conditional"
    assert len(calls) == 2


def pinned_claim(holds: object, pins: list[dict[str, object]], condition: Condition | None = None) -> Claim:
    from dataclasses import replace

    from symproof.verdict.snapshots import Pin

    return replace(claim(holds, condition), pins=tuple(Pin(p, "by hand") for p in pins), snapshot="toy.symproof.json")


RARE = Scenario(topology=(2, 3, 1), activation="tanh").to_dict()


def test_a_pinned_counterexample_refutes_at_every_seed_without_a_search() -> None:
    toy = pinned_claim(lambda s: s.topology != (2, 3, 1), [RARE])  # a counterexample no search of 50 would find
    for seed in range(5):
        verdict = decide(toy, max_examples=50, seed=seed)
        assert (verdict.status, verdict.counterexample, verdict.examples) == ("refuted", RARE, 0)
        assert "toy.symproof.json" in verdict.evidence["pinned"] and not verdict.new_pins


def test_a_failing_check_object_counts_as_a_failing_pin() -> None:
    toy = pinned_claim(lambda s: Check("x", s.topology != (2, 3, 1), 1.0, 1.0, 0.0), [RARE])
    assert decide(toy, max_examples=20).status == "refuted"


def test_a_pin_outside_the_condition_leaves_only_the_condition_to_search() -> None:
    toy = pinned_claim(
        lambda s: s.activation != "tanh", [RARE], Condition("not tanh", lambda s: s.activation != "tanh")
    )
    verdict = decide(toy, max_examples=30)
    assert (verdict.status, verdict.counterexample, verdict.examples_under_condition) == ("conditional", RARE, 30)
    assert not verdict.new_pins


def test_a_stale_pin_is_reported_and_a_new_counterexample_is_a_discovery() -> None:
    toy = pinned_claim(lambda s: s.topology[0] < 3, [RARE])  # RARE has input width 2: it no longer fails
    verdict = decide(toy, max_examples=100, seed=3)
    assert verdict.evidence["stale pins"] == [RARE]
    assert verdict.status == "refuted" and verdict.counterexample is not None
    assert [pin.scenario for pin in verdict.new_pins] == [verdict.counterexample]
    assert "seed 3" in verdict.new_pins[0].found and "seed 3" in verdict.evidence["discovered"]


@pytest.mark.parametrize("result", [[], [False], {"holds": False}, "yes", None, 1, iter([True])])
def test_a_check_must_return_a_bool_or_a_check(result: object) -> None:
    with pytest.raises(TypeError, match=r"claim 'test.toy': its check must return a bool or a Check"):
        decide(claim(lambda s: result), max_examples=5)


def test_vacuous_examples_are_counted_apart_and_never_as_passes() -> None:
    def holds(s: Scenario) -> Check | bool:
        if s.depth == 1:
            return Check.vacuous_example("one layer: nothing to say")
        return True

    verdict = decide(claim(holds), max_examples=40)
    assert verdict.status == "verified" and verdict.examples == 40 and verdict.vacuous > 0


def test_a_claim_that_is_always_vacuous_is_undecided() -> None:
    with pytest.raises(ValueError, match="undecided: 0 non-vacuous examples of the 20 required"):
        decide(claim(lambda s: Check.vacuous_example("never applies")), max_examples=20)


def test_an_error_raised_while_drawing_names_the_claim() -> None:
    from symproof.search.strategies import topologies

    bad = Claim(
        "user.layers",
        "Two layers of zero weights on any depth.",
        "universal",
        Search(
            lambda: scenarios(
                topology=topologies(min_depth=3, max_depth=3), weights=st.just((WeightInit("zero"),) * 2)
            ),
            lambda s: True,
        ),
    )
    with pytest.raises(ValueError, match=r"^claim 'user\.layers': weights must give one init per layer: 3"):
        decide(bad, max_examples=5)


def test_on_backend_moves_the_search_and_its_pins() -> None:
    pinned = replace(claim(lambda s: True), pins=(Pin({"topology": [1, 1]}, "by hand"),))
    moved = on_backend(pinned, "torch")
    assert isinstance(moved.decider, Search) and moved.decider.backend == "torch"
    assert moved.pins == (Pin({"topology": [1, 1], "backend": "torch"}, "by hand"),)
    assert on_backend(moved, "torch") is moved
    measured = Claim("user.m", "a law", "statistical", Measure(lambda rng, c: Measurement(True)))
    assert on_backend(measured, "torch") is measured  # it trains no scenario
    with pytest.raises(ValueError, match=r"backend must be one of \('numpy', 'torch'\); got 'jax'"):
        Search(lambda: scenarios(max_steps=1), lambda s: True, backend="jax")  # type: ignore[arg-type]


def test_a_search_on_the_torch_backend_draws_torch_scenarios() -> None:
    need_torch()
    verdict = decide(on_backend(claim(lambda s: s.backend == "torch"), "torch"), max_examples=10)
    assert (verdict.status, verdict.examples) == ("verified", 10)


NOT_TANH = Condition("not tanh", lambda s: s.activation != "tanh")


def within_claim(within: Within, condition: Condition = NOT_TANH) -> Claim:
    search = Search(lambda: scenarios(max_steps=1), lambda s: s.activation != "tanh", within=within)
    return replace(claim(search.holds, condition), decider=search)


def test_the_draws_of_each_search_are_in_the_evidence() -> None:
    verdict = decide(claim(lambda s: s.activation != "tanh", NOT_TANH), max_examples=40)
    draws = verdict.evidence["scenarios drawn"]
    assert list(draws) == ["as stated", "under the condition"]
    under = draws["under the condition"]
    assert under["outside the condition"] > 0  # drawn, then rejected by the filter
    assert under["drawn"] >= verdict.examples_under_condition + under["outside the condition"]
    share = (under["outside the condition"] + under["diverged"] + under["vacuous"]) / under["drawn"]
    assert under["rejected share"] == round(share, 3)


def test_a_search_within_its_condition_draws_nothing_outside_it() -> None:
    inside = Within(lambda: scenarios(max_steps=1, activation=["sigmoid", "relu", "identity"]))
    verdict = decide(within_claim(inside), max_examples=40)
    assert (verdict.status, verdict.examples_under_condition) == ("conditional", 40)
    assert verdict.evidence["scenarios drawn"]["under the condition"]["outside the condition"] == 0


def test_the_rest_of_a_condition_is_tested_and_its_rejections_counted() -> None:
    both = Condition("not tanh, batch under 3", lambda s: s.activation != "tanh" and s.batch < 3)
    inside = Within(lambda: scenarios(max_steps=1, activation=["sigmoid", "relu"]), rest=lambda s: s.batch < 3)
    verdict = decide(within_claim(inside, both), max_examples=40)
    assert (verdict.status, verdict.examples_under_condition) == ("conditional", 40)
    assert verdict.evidence["scenarios drawn"]["under the condition"]["outside the condition"] > 0


def test_a_construction_that_leaves_its_condition_raises_naming_the_claim() -> None:
    leaky = Within(lambda: scenarios(max_steps=1, activation=["sigmoid", "tanh"]))
    with pytest.raises(OutsideCondition, match=r"^claim 'test.toy': a scenario drawn inside the condition"):
        decide(within_claim(leaky), max_examples=40)
    with pytest.raises(TypeError, match="within must be a Within"):
        Search(lambda: scenarios(max_steps=1), lambda s: True, within=lambda: scenarios())  # type: ignore[arg-type]


def test_drawing_within_a_condition_needs_one() -> None:
    inside = Within(lambda: scenarios(max_steps=1))
    with pytest.raises(ValueError, match="draws within a condition, but has none"):
        decide(replace(within_claim(inside), condition=None), max_examples=5)
