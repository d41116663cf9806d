"""The built-in claims that draw inside their condition (`Search.within`) search what filtering would have searched:
each value of an activation, loss, target mode, bias kind, depth and random matrix that a scenario under the
condition can take is drawn, and every scenario drawn that passes the rest of the test satisfies the condition."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from symproof.claims import CLAIMS
from symproof.search.scenario import Scenario
from symproof.verdict.searched import Search

WITHIN = sorted(i for i, c in CLAIMS.items() if isinstance(c.decider, Search) and c.decider.within is not None)
DRAWS = settings(max_examples=120, database=None, deadline=None, suppress_health_check=list(HealthCheck))


def features(s: Scenario) -> dict[str, Any]:
    random_at = next((l for l, w in enumerate(s.weights, start=1) if w.kind == "random"), 0)
    return {
        "activation": s.activation,
        "loss": s.loss,
        "targets": s.targets,
        "bias kinds": frozenset(b.kind for b in s.biases),
        "depth": s.depth,
        "first random matrix": random_at,
    }


def drawn(strategy: st.SearchStrategy[Scenario], keep: Callable[[Scenario], bool]) -> list[Scenario]:
    """Return the scenarios of a seeded Hypothesis search of `strategy` that satisfy `keep`."""
    kept: list[Scenario] = []

    def collect(s: Scenario) -> bool:
        if keep(s):
            kept.append(s)
        return False

    with pytest.raises(NoSuchExample):
        find(strategy, collect, settings=settings(DRAWS, phases=[Phase.generate]), random=random.Random(0))
    return kept


def values(scenarios: list[Scenario]) -> dict[str, set[Any]]:
    seen: dict[str, set[Any]] = {}
    for s in scenarios:
        for name, value in features(s).items():
            seen.setdefault(name, set()).add(value)
    return seen


def test_some_claims_draw_within_their_condition() -> None:
    assert len(WITHIN) >= 8


@pytest.mark.parametrize("claim_id", WITHIN)
def test_a_claim_drawn_within_its_condition_draws_every_kind_of_scenario_filtering_keeps(claim_id: str) -> None:
    claim = CLAIMS[claim_id]
    assert isinstance(claim.decider, Search) and claim.decider.within is not None and claim.condition is not None
    condition, within = claim.condition, claim.decider.within
    rest = within.rest or (lambda s: True)
    filtered = drawn(claim.decider.scenarios(), condition)
    constructed = drawn(within.scenarios(), rest)
    assert filtered and constructed
    assert all(condition(s) for s in constructed), "a scenario drawn inside the condition fails it"
    missing = {name: seen - values(constructed)[name] for name, seen in values(filtered).items()}
    assert not any(missing.values()), f"drawn under the condition by filtering, never by construction: {missing}"
