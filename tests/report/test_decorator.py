"""@claim: one function is a claim and a pytest test; the ID, statement, kind and arguments are checked at import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy as sp

from symproof import Measurement, Proof, claim, scenarios
from symproof.report.decorator import claim_of
from symproof.search.scenario import Scenario
from symproof.verdict.claim import Claim, Condition
from symproof.verdict.judge import judge
from symproof.verdict.measured import Measure
from symproof.verdict.proof import Prove

TINY = scenarios(max_depth=1, max_width=2, max_steps=1)


def test_a_searched_claim_takes_its_id_statement_and_snapshot_from_the_function() -> None:
    @claim(scenarios=TINY)
    def test_stays_finite(s: Scenario) -> bool:
        """Every parameter stays finite."""
        return all(np.isfinite(a).all() for a in s.final.arrays())

    made = claim_of(test_stays_finite)
    assert isinstance(made, Claim) and made is test_stays_finite.claim
    assert made.id == f"{__name__}.stays_finite"  # module.function, without test_
    assert (made.statement, made.kind, made.expected, made.pins) == (
        "Every parameter stays finite.",
        "universal",
        None,
        (),
    )
    assert made.snapshot == str(Path(__file__).parent / "__snapshots__" / "test_decorator.symproof.json")
    assert (
        test_stays_finite.__name__ == "test_stays_finite"
        and test_stays_finite.__doc__ == "Every parameter stays finite."
    )
    assert judge(made, effort="quick").status == "verified"


def test_a_condition_function_is_named_by_its_docstring() -> None:
    def not_tanh(s: Scenario) -> bool:
        """the activation is not tanh."""
        return s.activation != "tanh"

    @claim("user.c", scenarios=TINY, condition=not_tanh, kind="generic")
    def never_tanh(s: Scenario) -> bool:
        """The activation is never tanh."""
        return s.activation != "tanh"

    made = never_tanh.claim
    assert isinstance(made, Claim) and made.condition is not None
    assert made.condition.name == "the activation is not tanh" and made.kind == "generic"
    assert judge(made, effort="quick").status == "conditional"


def test_measured_and_symbolic_claims_and_user_proofs() -> None:
    @claim("user.m")
    def fair_coin(rng: np.random.Generator) -> Measurement:
        """A fair coin lands heads about half the time."""
        heads = rng.integers(0, 2, size=10_000).mean()
        return Measurement(bool(abs(heads - 0.5) < 0.05), {"heads": float(heads)})

    @claim("user.m2", condition="with the right coin")
    def biased(rng: np.random.Generator, conditioned: bool) -> bool:
        """A coin lands heads half the time."""
        p = 0.5 if conditioned else 0.9
        return bool(abs(rng.random(10_000).__lt__(p).mean() - 0.5) < 0.05)

    def slope() -> Any:
        """d/dz tanh = 1 - tanh^2."""
        z = sp.Symbol("z")
        return sp.simplify(sp.diff(sp.tanh(z), z) - (1 - sp.tanh(z) ** 2)) == 0

    @claim("user.s", kind="symbolic")
    def tanh_slope() -> Any:
        """d/dz tanh = 1 - tanh^2."""
        return slope()

    @claim("user.p", scenarios=TINY, proof=slope)
    def always(s: Scenario) -> bool:
        """Always true."""
        return True

    assert isinstance(fair_coin.claim.decider, Measure) and fair_coin.claim.kind == "statistical"
    assert judge(fair_coin.claim).status == "verified"
    assert judge(biased.claim).status == "conditional"
    assert isinstance(tanh_slope.claim.decider, Prove)
    proven = judge(tanh_slope.claim)
    assert (proven.status, proven.scope) == ("proven", "d/dz tanh = 1 - tanh^2.")
    assert judge(always.claim, effort="quick").status == "proven"

    @claim("user.wrong", kind="symbolic")
    def wrong() -> Proof:
        """A false identity."""
        return Proof(False, "by hand", {"counterexample": 1})

    assert judge(wrong.claim).status == "refuted"


@pytest.mark.parametrize(
    ("arguments", "function", "error", "fragment"),
    [
        ({"scenarios": TINY, "kind": "symbolic"}, None, ValueError, "kind must be one of .'universal', 'generic'."),
        ({"kind": "universal"}, None, ValueError, "kind must be one of .'statistical', 'exact'. for a Measure decider"),
        ({"scenarios": lambda: TINY, "min_examples": -1}, None, ValueError, "min_examples must be a non-negative"),
        ({"scenarios": "all"}, None, TypeError, "scenarios must be a strategy"),
        ({"scenarios": TINY, "condition": 3}, None, TypeError, "condition must be a Condition or a function"),
        ({"condition": Condition("x", bool)}, None, TypeError, "a measured claim's condition is its name"),
        ({"scenarios": TINY, "proof": "yes"}, None, TypeError, "proof must be a function of no arguments"),
        ({"statement": "Three arguments."}, lambda rng, a, b: True, TypeError, "a measured claim's function takes"),
        ({"scenarios": TINY}, lambda s: True, ValueError, "needs a statement"),
        ({"id": ""}, None, ValueError, "claim id must be a non-empty string"),
    ],
)
def test_bad_arguments_name_the_claim_and_the_argument(
    arguments: dict[str, Any], function: Any, error: type[Exception], fragment: str
) -> None:
    def documented(s: Any) -> bool:
        """A statement."""
        return True

    claim_id = arguments.pop("id", "user.bad")
    with pytest.raises(error, match=fragment) as raised:
        claim(claim_id, **arguments)(function or documented)
    assert "user.bad" in str(raised.value) or claim_id == ""


def test_a_check_that_returns_a_proof_of_the_wrong_type_is_a_type_error() -> None:
    @claim("user.t", kind="symbolic")
    def vague() -> Any:
        """A vague proof."""
        return "probably"

    with pytest.raises(TypeError, match=r"'user\.t': the function must return a Proof or a bool; got 'probably'"):
        judge(vague.claim)


def test_claim_of_refuses_other_objects() -> None:
    with pytest.raises(TypeError, match="claim must be a claim, or a function decorated with @claim; got str"):
        claim_of("s000.experiment")
