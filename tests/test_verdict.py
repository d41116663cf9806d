"""decide(): verified, refuted with a shrunk counterexample, conditional, and rejection of blown-up runs."""

from __future__ import annotations

import json

from hypothesis import strategies as st

from symproof.scenario import Diverged, Scenario
from symproof.strategies import scenarios
from symproof.structure import Check
from symproof.verdict import Claim, Condition, all_of, decide, replay


def claim(holds: object, condition: Condition | None = None, expected: str = "verified") -> Claim:
    return Claim("test.toy", "toy", "generic", lambda: scenarios(max_steps=1), holds, expected, condition)  # type: ignore[arg-type]


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
        "test.toy", "toy", "generic", build, lambda s: s.batch < 2, "conditional", Condition("b", lambda s: s.batch < 2)
    )
    assert decide(toy, max_examples=20).status == "conditional"
    assert len(calls) == 2
