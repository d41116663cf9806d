"""Every built-in claim, through the one registry: the computed verdict equals the recorded expectation (checked and
recorded in the pytest ledger by symproof.report.testing.check), its evidence is complete, and its counterexample
replays."""

from __future__ import annotations

import json

import pytest

from symproof.claims import CLAIMS, MEASURED, REGISTRY, SYMBOLIC, get_claim
from symproof.claims.sources import SOURCES
from symproof.report import plugin
from symproof.report.testing import check
from symproof.search.scenario import Scenario
from symproof.symbolic.ref import ProofRef
from symproof.verdict.claim import Claim
from symproof.verdict.effort import get_effort
from symproof.verdict.proof import Prove
from symproof.verdict.searched import Search, replay


@pytest.mark.parametrize("claim_id", sorted(REGISTRY))
def test_computed_verdict_equals_the_recorded_expectation(claim_id: str) -> None:
    claim = REGISTRY[claim_id]
    verdict = check(claim)  # raises AssertionError when the verdict differs from claim.expected
    json.dumps(verdict.evidence, default=float)
    if verdict.status == "proven":
        assert verdict.scope, "a proven verdict states its scope"
    if verdict.status in {"refuted", "conditional"}:
        assert verdict.counterexample is not None
        json.dumps(verdict.counterexample, default=float)
    if not isinstance(claim.decider, Search):
        return
    examples = max(get_effort(plugin.effort()).examples, claim.decider.min_examples)
    if verdict.status in {"verified", "proven"}:
        assert verdict.counterexample is None
        assert verdict.examples == examples
    else:
        assert verdict.counterexample is not None
        assert not replay(claim, verdict.counterexample), "the counterexample must fail again on replay"
    if verdict.status == "conditional":
        assert claim.condition is not None
        assert verdict.condition == claim.condition.name
        assert not claim.condition(Scenario.from_dict(verdict.counterexample or {}))
        assert verdict.examples_under_condition >= examples
        assert verdict.counterexample_under_condition is None


def test_every_claim_has_an_id_a_kind_a_source_and_its_methods() -> None:
    for claim_id, claim in REGISTRY.items():
        assert claim_id == claim.id and claim_id.split(".")[0] in {"s000", "s004", "gen"}
        assert claim.source is not None and claim.source == SOURCES[claim_id]
        assert claim.source.seed in {"", "000_bd9babc96dcc5140.txt", "004_93c8ae1e0716315a.txt"}
        assert claim.kind in {"universal", "generic", "statistical", "symbolic"}
        assert claim.methods, claim_id
    assert set(SOURCES) == set(REGISTRY)
    assert {c.kind for c in CLAIMS.values()} <= {"universal", "generic"}
    assert {c.kind for c in MEASURED.values()} == {"statistical"}
    assert {c.kind for c in SYMBOLIC.values()} == {"symbolic"}
    with pytest.raises(ValueError, match="claim must be one of"):
        get_claim("s000.nope")


def test_every_proof_names_a_proof_function_and_every_symbolic_claim_has_one() -> None:
    from symproof.symbolic import proofs

    for claim in REGISTRY.values():
        for ref in (claim.proof, claim.proof_under_condition):
            assert ref is None or (isinstance(ref, ProofRef) and callable(getattr(proofs, ref.name))), (claim.id, ref)
    for claim in SYMBOLIC.values():
        assert isinstance(claim.decider, Prove), f"{claim.id} is symbolic but not decided by a proof"
        assert isinstance(claim.decider.stated, ProofRef) and callable(getattr(proofs, claim.decider.stated.name))


def test_proofs_are_bound_to_the_claim_object_not_its_id() -> None:
    """A user claim that reuses a built-in ID gets no built-in proof."""
    from dataclasses import replace

    built_in = CLAIMS["gen.equivariance"]
    assert built_in.proof is not None and "symbolic" in built_in.methods
    impostor = Claim(built_in.id, "mine", "universal", built_in.decider, expected="verified")
    assert (impostor.proof, impostor.proof_under_condition) == (None, None)
    assert impostor.methods == ("property",)
    assert replace(built_in, proof=None).methods == ("property",)


def test_a_built_in_proof_narrows_its_stated_scope_at_the_quick_effort() -> None:
    ref = CLAIMS["s000.zero-init-k-step"].proof_under_condition
    assert isinstance(ref, ProofRef) and ref.quick == (("max_depth", 3),)
    quick, full = ref("quick"), ref("default")
    assert quick.holds and full.holds
    assert "1 <= L <= 3" in quick.scope and "1 <= L <= 4" in full.scope
