"""Every symbolic proof bound to a built-in claim comes out as expected, and each can fail: mutations make it False."""

from __future__ import annotations

import functools
import json

import pytest

from symproof.claims import REGISTRY
from symproof.symbolic import proofs, seed004
from symproof.verdict.claim import Claim
from symproof.verdict.proof import Proof, ProofFn, Prove


def _proofs(claim: Claim) -> tuple[ProofFn | None, ProofFn | None]:
    """Return the proofs `claim` holds, of the statement and under its condition: its decider's or beside it."""
    if isinstance(claim.decider, Prove):
        return claim.decider.stated, claim.decider.under
    return claim.proof, claim.proof_under_condition


# The proofs each built-in claim holds: of the statement as made, and under its condition.
AS_STATED = {c.id: p for c in REGISTRY.values() if (p := _proofs(c)[0]) is not None}
UNDER_CONDITION = {c.id: p for c in REGISTRY.values() if (p := _proofs(c)[1]) is not None}

# The seed's Gaussian density and its output-gradient formula are wrong as written; everything else holds.
FALSE_AS_STATED = {"s004.gaussian-pdf", "s004.output-gradient-formula"}


@functools.cache
def _run(registry: str, claim_id: str) -> Proof:
    return (AS_STATED if registry == "as stated" else UNDER_CONDITION)[claim_id]()


ENTRIES = [("as stated", c) for c in sorted(AS_STATED)] + [("under condition", c) for c in sorted(UNDER_CONDITION)]


def test_the_registries_hold_the_contracted_claims() -> None:
    assert set(AS_STATED) == {
        "gen.equivariance",
        "gen.block-invariance",
        "s004.variance-law",
        "s004.gaussian-pdf",
        "s004.output-gradient-formula",
    }
    assert set(UNDER_CONDITION) == {
        "s000.constant-init-structure",
        "s000.zero-init-k-step",
        "s000.first-m-random",
        "s000.single-random-column-equal",
        "s004.gaussian-pdf",
        "s004.output-gradient-formula",
    }


@pytest.mark.parametrize(("registry", "claim_id"), ENTRIES)
def test_every_proof_comes_out_as_expected(registry: str, claim_id: str) -> None:
    proof = _run(registry, claim_id)
    expected = not (registry == "as stated" and claim_id in FALSE_AS_STATED)
    assert isinstance(proof, Proof)
    assert proof.holds is expected, proof.evidence
    assert proof.seconds > 0.0
    assert proof.scope.endswith(".") and proof.scope.count(". ") == 0, proof.scope  # one sentence
    json.dumps(proof.evidence)


def test_the_registry_stays_within_its_budget() -> None:
    """The ledger runs every callable at its default scope; together they must stay well inside symproof verify's
    60 s (the budget is ~15 s on two cores; measured ~11 s). Generous here: CI machines vary."""
    assert sum(_run(registry, claim_id).seconds for registry, claim_id in ENTRIES) < 30.0


def test_gaussian_evidence_gives_the_integral() -> None:
    stated, conditioned = _run("as stated", "s004.gaussian-pdf"), _run("under condition", "s004.gaussian-pdf")
    assert stated.evidence["integral"] == "sqrt(2)/2"
    assert stated.evidence["integral_value"] == pytest.approx(2**-0.5, rel=1e-15)
    assert conditioned.evidence["integral"] == "1"


def test_output_gradient_evidence_shows_the_missing_input_factor() -> None:
    evidence = _run("as stated", "s004.output-gradient-formula").evidence
    assert evidence["ratio_sympy_over_seed"] == ["a1", "a2", "a3"]
    assert evidence["bias_gradient_equals_seed"] is True
    assert evidence["concrete_case"]["sympy"] == "1/16" and evidence["concrete_case"]["seed"] == "1/8"


def test_zero_init_evidence_states_the_nonzero_condition() -> None:
    evidence = _run("under condition", "s000.zero-init-k-step").evidence
    first = evidence["nonzero_conditions"]["L=4 step 1: W_4"]
    assert set(first) == {"sigma(b_3) != 0", "-y[0] + sigma(b_4) != 0", "sigma'(b_4) != 0"}
    assert "x[0,0] != 0" in evidence["nonzero_conditions"]["L=4 step 4: W_1"]
    assert evidence["counts"]["collapsed after L steps"] == evidence["topologies"] == 360


def test_variance_law_covers_normal_and_uniform_weights() -> None:
    cases = _run("as stated", "s004.variance-law").evidence["cases"]
    assert {(c["weights"], c["n"]) for c in cases} == {(w, n) for w in ("normal", "uniform") for n in (1, 2, 3)}


def test_variance_law_holds_for_symbolic_n_whatever_the_means() -> None:
    every_n = _run("as stated", "s004.variance-law").evidence["every_n"]
    assert every_n["holds"] and "mu" not in every_n["variance"] and "Sum(x[" in every_n["variance"]


def test_variance_law_for_symbolic_n_needs_independence() -> None:
    """Correlated weights (Cov(w_j, w_k) = rho for j != k) add rho sum_(j != k) x_j x_k: the proof must fail."""
    found = seed004.variance_for_every_n(correlated=True)
    assert not found["holds"] and "rho" in found["variance"]


def test_single_random_covers_every_mix_of_zero_and_constant_matrices() -> None:
    evidence = _run("under condition", "s000.single-random-column-equal").evidence
    # depth 3: 1 value of j and 2^2 mixes; depth 4: 2 values of j and 2^3 mixes; 2 steps each
    assert evidence["cases"] == 2 * (2**4 * 1 * 4 + 2**5 * 2 * 8)


# Mutations: each proof must be able to fail. Outside the claim's condition, the predicate comes out False.


def test_random_biases_break_the_constant_init_structure() -> None:
    proof = proofs.constant_init_structure(max_depth=2, max_width=2, steps=1, biases="random")
    assert not proof.holds
    assert proof.evidence["failures"][0]["method"] == "witness"


def test_distinct_targets_break_the_constant_init_structure() -> None:
    assert not proofs.constant_init_structure(max_depth=2, max_width=2, steps=1, equal_targets=False).holds


def test_tanh_with_zero_biases_never_moves() -> None:
    """tanh(0) = 0: with zero biases the zero weights stay zero, so the k-step schedule fails."""
    proof = proofs.zero_init_k_step(max_depth=2, max_width=2, activation="tanh", biases="zero")
    assert not proof.holds
    assert proof.evidence["failures"][0]["expected"] == "nonzero"


def test_distinct_targets_break_first_m_random() -> None:
    assert not proofs.first_m_random(max_depth=2, max_width=2, equal_targets=False).holds


def test_random_w2_leaves_w1_without_column_structure() -> None:
    """The condition j >= 3 is needed: with W_2 random, W_1's rows carry the distinct inputs."""
    assert not proofs.single_random_column_equal(min_depth=2, max_depth=2, max_width=2, js=[2]).holds


def test_equivariance_needs_the_data_permuted_too() -> None:
    assert not proofs.equivariance(cases=((2, 2, 2),), permute_data=False).holds


def test_equivariance_compares_the_gradient_not_only_the_loss() -> None:
    """The loss is permutation-invariant either way; expecting the unpermuted gradient must fail on the gradient."""
    proof = proofs.equivariance(cases=((2, 2, 2),), expected_gradient=lambda grads, perms: grads)
    assert not proof.holds
    assert all(f["detail"].startswith("gradient") for f in proof.evidence["failures"])


def test_topologies_is_the_stated_set() -> None:
    assert len(proofs.topologies(4, 3)) == 9 + 27 + 81 + 243
    assert proofs.topologies(1, 2) == [(1, 1), (1, 2), (2, 1), (2, 2)]


# Larger scopes than the registry's defaults.


@pytest.mark.slow
def test_constant_init_structure_three_steps_batch_two() -> None:
    assert proofs.constant_init_structure(steps=3, batch=2).holds


@pytest.mark.slow
def test_zero_init_k_step_depth_five() -> None:
    assert proofs.zero_init_k_step(max_depth=5, max_width=2).holds


@pytest.mark.slow
def test_first_m_random_depth_four() -> None:
    assert proofs.first_m_random(max_depth=4, max_width=3).holds


@pytest.mark.slow
def test_single_random_column_equal_three_steps() -> None:
    assert proofs.single_random_column_equal(max_depth=4, max_width=3, steps=3).holds


@pytest.mark.slow
def test_equivariance_on_wider_networks() -> None:
    assert proofs.equivariance(cases=((3, 3, 3), (2, 3, 3, 2))).holds


def test_seed004_output_gradient_for_one_input() -> None:
    assert not seed004.output_gradient_formula(n=1).holds
    assert seed004.output_gradient_formula(n=1, read_as_bias=True).holds
