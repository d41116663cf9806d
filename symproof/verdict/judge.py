"""Judge any claim: run its decider, add the SymPy proofs attached to it, and return one verdict.

Every claim is one record, `symproof.verdict.claim.Claim`; its decider (`Search`, `Measure` or `Prove`) computes the
first verdict. A claim may also carry proofs beside its decider (`proof`, of the statement as made, and
`proof_under_condition`; built-in claims hold a `symproof.symbolic.ref.ProofRef`, so a proof is bound to the claim
object, never looked up by ID). They combine with the searched or measured verdict like this:

- a proof that fails refutes the claim, whatever the sampling found (the proof's evidence is the counterexample);
- verified by sampling, and proven as stated: **proven**, with the proof's scope;
- otherwise the sampled verdict stands, and the proof's scope and evidence are added to it.

Users define their own claims with the `symproof.claim` decorator.
"""

from __future__ import annotations

import time
from dataclasses import replace

from symproof.verdict.claim import Claim, Verdict
from symproof.verdict.effort import Effort, get_effort
from symproof.verdict.proof import Proof, ProofFn, record

__all__ = ["judge"]


def _run(prove: ProofFn, effort: str) -> Proof:
    """Return the proof, with its scope for `effort` when it scales with the effort (a built-in `ProofRef`)."""
    return prove(effort) if getattr(prove, "scales_with_effort", False) else prove()  # type: ignore[call-arg]


def _with_proofs(verdict: Verdict, stated: ProofFn | None, under: ProofFn | None, effort: str) -> Verdict:
    evidence = dict(verdict.evidence)
    for about, prove in (("statement", stated), ("condition", under)):
        if prove is None or (about == "condition" and verdict.status != "conditional"):
            continue
        proof = _run(prove, effort)
        evidence[f"proof of the {about}"] = record(about, proof)
        verdict = replace(verdict, seconds=verdict.seconds + proof.seconds, evidence=evidence)
        if not proof:
            return replace(verdict, status="refuted", counterexample=proof.evidence, scope=proof.scope)
        if about == "statement" and verdict.status == "verified":
            verdict = replace(verdict, status="proven", scope=proof.scope)
        elif about == "condition":
            verdict = replace(verdict, scope=proof.scope)
    return verdict


def judge(claim: Claim, *, effort: Effort | str = "default", seed: int = 0) -> Verdict:
    """Return the verdict of `claim`: decided at `effort` with `seed`, then with the proofs it carries."""
    if not isinstance(claim, Claim):
        raise TypeError(f"claim must be a Claim, not {type(claim).__name__}")
    level = get_effort(effort) if isinstance(effort, str) else effort
    start = time.perf_counter()
    decided = claim.decider.decide(claim, effort=level, seed=seed)
    verdict = _with_proofs(decided, claim.proof, claim.proof_under_condition, level.name)
    evidence = {**verdict.evidence, "effort": level.name, "seed": seed}
    return replace(verdict, seconds=time.perf_counter() - start, evidence=evidence)
