"""The scenario spaces that the claims of seed 000 search, each a function of the `scenarios()` options that narrow
it: called without options, a claim's space as stated; with them, the draws inside its condition
(`symproof.claims._common.within`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from hypothesis import strategies as st

from symproof.claims.experiment import BIASES, LR, TOPOLOGY
from symproof.engine.inits import BiasInit, WeightInit
from symproof.search.scenario import Scenario
from symproof.search.space import scenarios
from symproof.search.strategies import bias_inits, first_m_random, only_random, topologies

__all__ = [
    "constant_space",
    "first_m_space",
    "k_step_space",
    "linear_space",
    "output_widths",
    "random_bias_space",
    "seed_setting",
    "single_random_space",
    "zeros",
]

ZERO = WeightInit("zero")
REST: list[Literal["zero", "constant"]] = ["zero", "constant"]
NONZERO = st.floats(-2.0, 2.0).filter(lambda c: c != 0.0).map(lambda c: WeightInit("constant", c))
Space = st.SearchStrategy[Scenario]


def zeros(depth: int) -> st.SearchStrategy[tuple[WeightInit, ...]]:
    """Return all-zero weight inits for `depth` matrices."""
    return st.just((ZERO,) * depth)


def _constants(depth: int) -> st.SearchStrategy[tuple[WeightInit, ...]]:
    return st.tuples(*[NONZERO] * depth)


def constant_space(**under: Any) -> Space:
    """Return scenarios whose every matrix starts at a nonzero constant."""
    return scenarios(weights=_constants, max_steps=20, **under)


def k_step_space(**under: Any) -> Space:
    """Return scenarios with all weights zero, up to 8 steps."""
    return scenarios(weights=zeros, topology=topologies(max_depth=4), min_steps=1, max_steps=8, **under)


def first_m_space(**under: Any) -> Space:
    """Return scenarios whose first m matrices are random and the rest zero or constant."""

    def weights(d: int) -> st.SearchStrategy[tuple[WeightInit, ...]]:
        return st.integers(0, d).flatmap(
            lambda m: st.sampled_from(REST).flatmap(lambda r: first_m_random(d, m, rest=r))
        )

    return scenarios(weights=weights, max_steps=8, **under)


def linear_space(**under: Any) -> Space:
    """Return scenarios without an activation (identity), all weights zero, a squared loss."""
    return scenarios(weights=zeros, activation=st.just("identity"), loss=st.sampled_from(["mse", "quadratic"]), **under)


def single_random_space(first: int = 2) -> Space:
    """Return scenarios whose only random matrix is W_j, j >= `first` (>= 2: some matrix comes before it)."""
    return scenarios(
        topology=topologies(min_depth=first),
        weights=lambda d: st.integers(first, d).flatmap(lambda j: only_random(d, j)),
        biases=lambda d: bias_inits(d, kinds=("zero", "constant")),
        max_steps=10,
    )


def random_bias_space(**under: Any) -> Space:
    """Return scenarios with zero weights and random biases, 5 to 10 steps at lr up to 0.5."""
    return scenarios(
        weights=zeros,
        biases=lambda d: bias_inits(d, kinds=("random",)),
        min_steps=5,
        max_steps=10,
        max_lr=0.5,
        **under,
    )


def output_widths(low: int = 1, targets: tuple[str, ...] = ("equal", "distinct")) -> Space:
    """Return the seed's setting with low..4 outputs (with one, a run would be compared with itself: vacuous)."""
    return seed_setting(topology=st.integers(low, 4).map(lambda n: (*TOPOLOGY[:-1], n)), targets=list(targets))


def seed_setting(**overrides: Any) -> Space:
    """Return the seed's own experiment, with `overrides` of its `scenarios()` options."""
    base: dict[str, Any] = {
        "topology": st.just(TOPOLOGY),
        "activation": st.just("sigmoid"),
        "loss": st.just("mse"),
        "weights": zeros,
        "biases": st.just(tuple(BiasInit("constant", b) for b in BIASES)),
        "optimizer": ["sgd"],
        "min_lr": LR,
        "max_lr": LR,
        "max_weight_decay": 0.0,
        "max_batch": 1,
        "min_steps": 6,
        "max_steps": 6,
        "targets": ["equal"],
        "data": False,  # the seed's data: fresh N(0, 1) inputs at every step, and targets 1
    }
    base.update(overrides)
    return scenarios(**base).map(lambda s: replace(s, fresh_inputs=True, y=_ones(s) if s.targets == "equal" else None))


def _ones(s: Scenario) -> tuple[tuple[float, ...], ...]:
    """Return the seed's targets: 1 for every output and example."""
    return ((1.0,) * s.batch,) * s.topology[-1]
