"""judge(): one claim record, its decider (search, measurement or proof), combined with the proofs it carries."""

from __future__ import annotations

from dataclasses import replace

import pytest

from symproof.report.decorator import claim
from symproof.search.scenario import Scenario
from symproof.search.space import scenarios
from symproof.verdict.claim import Claim, Condition
from symproof.verdict.judge import judge
from symproof.verdict.measured import Measure, Measurement
from symproof.verdict.proof import Proof, ProofFn, Prove

TRUE, FALSE = Proof(True, "every case", {"cases": 3}, 0.5), Proof(False, "every case", {"failed": "case 2"}, 0.5)


def returning(proof: Proof | None) -> ProofFn | None:
    return None if proof is None else lambda: proof


def with_proofs(made: Claim, stated: Proof | None, under: Proof | None = None) -> Claim:
    return replace(made, proof=returning(stated), proof_under_condition=returning(under))


def searched(holds: bool | None = None, condition: Condition | None = None) -> Claim:
    @claim("user.toy", kind="universal", scenarios=scenarios(max_steps=1), condition=condition)
    def toy(s: Scenario) -> bool:
        """A toy claim."""
        return holds if holds is not None else s.activation != "tanh"

    assert isinstance(toy.claim, Claim)
    return toy.claim


@pytest.mark.parametrize(
    ("stated", "status"), [(None, "verified"), (TRUE, "proven"), (FALSE, "refuted")], ids=["alone", "proof", "broken"]
)
def test_a_verified_search_with_a_proof_of_the_statement(stated: Proof | None, status: str) -> None:
    verdict = judge(with_proofs(searched(True), stated), effort="quick")
    assert verdict.status == status
    assert verdict.examples == 50
    if stated is not None:
        assert verdict.evidence["proof of the statement"]["holds"] is stated.holds
        assert verdict.scope == "every case"
    if status == "refuted":
        assert verdict.counterexample == {"failed": "case 2"}


def test_a_proof_of_the_condition_keeps_a_conditional_verdict_or_refutes_it() -> None:
    condition = Condition("not tanh", lambda s: s.activation != "tanh")
    kept = judge(with_proofs(searched(None, condition), None, TRUE), effort="default")
    assert (kept.status, kept.scope) == ("conditional", "every case")
    assert kept.counterexample is not None and kept.counterexample["activation"] == "tanh"
    assert judge(with_proofs(searched(None, condition), None, FALSE), effort="default").status == "refuted"


@pytest.mark.parametrize(
    ("stated", "under", "condition", "status"),
    [
        (TRUE, None, None, "proven"),
        (FALSE, None, None, "refuted"),
        (FALSE, TRUE, "with a fix", "conditional"),
        (FALSE, FALSE, "with a fix", "refuted"),
        (FALSE, TRUE, None, "refuted"),  # a proof of the corrected statement is evidence, not a rescue
    ],
)
def test_symbolic_claims(stated: Proof, under: Proof | None, condition: str | None, status: str) -> None:
    named = Condition(condition) if condition else None
    proven = Prove(lambda: stated, returning(under))
    verdict = judge(Claim("user.sym", "a formula", "symbolic", proven, named, "proven"))
    assert verdict.status == status
    assert verdict.counterexample == (None if status == "proven" else stated.evidence)
    if under is not None:
        assert ("under the condition" if condition else "corrected") in verdict.evidence


def test_measured_claims_and_methods() -> None:
    measured = Claim("user.m", "a law", "statistical", Measure(lambda rng, c: Measurement(True, {"n": 1})))
    assert judge(measured).status == "verified"
    assert judge(with_proofs(measured, TRUE)).status == "proven"
    assert with_proofs(measured, TRUE).methods == ("exact", "statistical", "symbolic")
    assert measured.methods == ("exact", "statistical")
    assert searched(True).methods == ("property",)
    assert Claim("user.sym", "a formula", "symbolic", Prove(lambda: TRUE)).methods == ("symbolic",)


def test_a_measured_claim_is_remeasured_under_its_condition() -> None:
    def law(rng: object, conditioned: bool) -> Measurement:
        return Measurement(conditioned, {"conditioned": conditioned})

    plain = Claim("user.m", "a law", "statistical", Measure(law))
    assert judge(plain).status == "refuted"
    verdict = judge(replace(plain, condition=Condition("with a fix")))
    assert (verdict.status, verdict.condition) == ("conditional", "with a fix")
    assert verdict.evidence["under the condition"] == {"conditioned": True}


def test_one_record_checks_its_decider_kind_and_condition() -> None:
    measure = Measure(lambda rng, c: True)  # type: ignore[arg-type, return-value]
    with pytest.raises(ValueError, match=r"claim 'user.m': kind must be one of \('statistical', 'exact'\)"):
        Claim("user.m", "a law", "universal", measure)
    with pytest.raises(TypeError, match="decider must be a Search, Measure or Prove"):
        Claim("user.m", "a law", "statistical", lambda: True)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="condition must be a Condition"):
        Claim("user.m", "a law", "statistical", measure, "a name")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="claim id must be a non-empty string"):
        Claim("", "a law", "statistical", measure)
    with pytest.raises(TypeError, match="'with a fix' has no test of scenarios"):
        Condition("with a fix")(None)  # type: ignore[arg-type]


def test_bad_arguments() -> None:
    with pytest.raises(TypeError, match="claim must be a Claim"):
        judge("s000.experiment")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="effort must be one of"):
        judge(searched(True), effort="heroic")


def test_a_scaling_measure_gets_the_effort_s_budget_and_others_do_not() -> None:
    seen: list[tuple[object, ...]] = []

    def law(rng: object, conditioned: bool, *budget: float) -> Measurement:
        seen.append(budget)
        return Measurement(True)

    for scales in (True, False):
        measured = Claim("user.m", "a law", "statistical", Measure(law, scales=scales))
        for effort in ("quick", "default", "ci", "thorough"):
            assert judge(measured, effort=effort).status == "verified"
    assert seen == [(0.25,), (1.0,), (1.0,), (5.0,), (), (), (), ()]
