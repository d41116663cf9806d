"""judge(): searched, measured and symbolic claims combined with their proofs."""

from __future__ import annotations

import pytest

from symproof.report.decorator import claim
from symproof.search.scenario import Scenario
from symproof.search.space import scenarios
from symproof.verdict import judge as registry
from symproof.verdict.decide import Claim, Condition
from symproof.verdict.judge import SymbolicClaim, judge, methods_of
from symproof.verdict.measured import MeasuredClaim, Measurement
from symproof.verdict.proof import Proof

TRUE, FALSE = Proof(True, "every case", {"cases": 3}, 0.5), Proof(False, "every case", {"failed": "case 2"}, 0.5)


def proofs(monkeypatch: pytest.MonkeyPatch, stated: Proof | None, under: Proof | None) -> None:
    found = (None if stated is None else lambda: stated, None if under is None else lambda: under)
    monkeypatch.setattr(registry, "proofs_for", lambda claim_id: found)


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
def test_a_verified_search_with_a_proof_of_the_statement(
    monkeypatch: pytest.MonkeyPatch, stated: Proof | None, status: str
) -> None:
    proofs(monkeypatch, stated, None)
    verdict = judge(searched(True), effort="quick")
    assert verdict.status == status
    assert verdict.examples == 50
    if stated is not None:
        assert verdict.evidence["proof of the statement"]["holds"] is stated.holds
        assert verdict.scope == "every case"
    if status == "refuted":
        assert verdict.counterexample == {"failed": "case 2"}


def test_a_proof_of_the_condition_keeps_a_conditional_verdict_or_refutes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    condition = Condition("not tanh", lambda s: s.activation != "tanh")
    proofs(monkeypatch, None, TRUE)
    kept = judge(searched(None, condition), effort="default")
    assert (kept.status, kept.scope) == ("conditional", "every case")
    assert kept.counterexample is not None and kept.counterexample["activation"] == "tanh"
    proofs(monkeypatch, None, FALSE)
    assert judge(searched(None, condition), effort="default").status == "refuted"


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
def test_symbolic_claims(
    monkeypatch: pytest.MonkeyPatch, stated: Proof, under: Proof | None, condition: str | None, status: str
) -> None:
    proofs(monkeypatch, stated, under)
    verdict = judge(SymbolicClaim("user.sym", "a formula", "proven", condition))
    assert verdict.status == status
    assert verdict.counterexample == (None if status == "proven" else stated.evidence)
    if under is not None:
        assert ("under the condition" if condition else "corrected") in verdict.evidence


def test_a_symbolic_claim_without_a_proof_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    proofs(monkeypatch, None, None)
    with pytest.raises(ValueError, match="no proof of its statement"):
        judge(SymbolicClaim("user.sym", "a formula", "proven"))


def test_measured_claims_and_methods(monkeypatch: pytest.MonkeyPatch) -> None:
    proofs(monkeypatch, TRUE, None)
    measured = MeasuredClaim("user.m", "a law", "statistical", lambda rng, c: Measurement(True, {"n": 1}), "verified")
    assert judge(measured).status == "proven"
    assert methods_of(measured) == ("exact", "statistical", "symbolic")
    proofs(monkeypatch, None, None)
    assert methods_of(measured) == ("exact", "statistical")
    assert methods_of(searched(True)) == ("property",)


def test_bad_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    proofs(monkeypatch, None, None)
    with pytest.raises(TypeError, match="claim must be a Claim"):
        judge("s000.experiment")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="effort must be one of"):
        judge(searched(True), effort="heroic")
