"""Judge any claim: run the check that decides it, add the SymPy proofs registered for it, and return one verdict.

A claim is one of three records, each defined once:

- `Claim` (symproof.verdict.decide): searched by Hypothesis over scenarios (method ``property``);
- `MeasuredClaim` (symproof.verdict.measured): an exact law and a sample with error rates (``exact``, ``statistical``);
- `SymbolicClaim` (here): decided by SymPy alone (``symbolic``).

A claim carries its own proofs (`proof`, of the statement as made, and `proof_under_condition`; each a
`symproof.symbolic.ref.ProofRef`, so a proof is bound to the claim object, never looked up by ID). They combine with the
searched or measured verdict like this:

- a proof that fails refutes the claim, whatever the sampling found (the proof's evidence is the counterexample);
- verified by sampling, and proven as stated: **proven**, with the proof's scope;
- otherwise the sampled verdict stands, and the proof's scope and evidence are added to it.

A `SymbolicClaim` is proven when its statement is, conditional when only the statement under its condition is, and
refuted otherwise. Users define their own claims with the `symproof.claim` decorator.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any, Literal

from symproof.verdict.decide import Claim, Kind, Status, Verdict, decide
from symproof.verdict.effort import Effort, get_effort
from symproof.verdict.measured import MeasuredClaim, decide_measured
from symproof.verdict.proof import Proof, ProofFn
from symproof.verdict.source import Source

__all__ = ["AnyClaim", "Method", "SymbolicClaim", "judge", "methods_of", "proofs_for"]

Method = Literal["symbolic", "property", "statistical", "exact"]


@dataclass(frozen=True)
class SymbolicClaim:
    """A statement decided by SymPy alone, with the verdict the suite expects."""

    id: str
    statement: str
    expected: Status | None = None  # None: not recorded yet (symproof.verdict.snapshots)
    condition: str | None = None
    source: Source | None = None
    kind: Kind = "symbolic"
    proof: ProofFn | None = None
    proof_under_condition: ProofFn | None = None
    snapshot: str | None = None  # the reviewed file that holds the expected verdict
    figures: tuple[str, ...] = ()  # files in docs/figures that show the claim, linked from the ledger


AnyClaim = Claim | MeasuredClaim | SymbolicClaim


def proofs_for(claim: AnyClaim) -> tuple[ProofFn | None, ProofFn | None]:
    """Return the proofs bound to `claim`: of the statement as made, and under its condition."""
    return claim.proof, claim.proof_under_condition


def methods_of(claim: AnyClaim) -> tuple[Method, ...]:
    """Return the methods that decide `claim`, in the ledger's order."""
    methods: list[Method] = []
    if isinstance(claim, Claim):
        methods.append("property")
    elif isinstance(claim, MeasuredClaim):
        methods += ["exact", "statistical"]
    if any(proofs_for(claim)):
        methods.append("symbolic")
    return tuple(methods)


def _proof_record(about: str, proof: Proof) -> dict[str, Any]:
    return {"about": about, "holds": proof.holds, "scope": proof.scope, "seconds": proof.seconds, **proof.evidence}


def _symbolic(claim: SymbolicClaim, stated: ProofFn | None, under: ProofFn | None) -> Verdict:
    if stated is None:
        raise ValueError(f"claim {claim.id!r} is symbolic but no proof of its statement is registered")
    plain = stated()
    evidence = {"as stated": _proof_record("statement", plain)}
    if plain:
        return Verdict(claim.id, "proven", 1, seconds=plain.seconds, evidence=evidence, scope=plain.scope)
    fixed = under() if under is not None else None
    if fixed is None:
        return Verdict(claim.id, "refuted", 1, plain.evidence, seconds=plain.seconds, evidence=evidence)
    # Without a named condition, the second proof is of the corrected statement: evidence, not a rescue.
    evidence["under the condition" if claim.condition else "corrected"] = _proof_record("condition", fixed)
    conditional = bool(fixed) and claim.condition is not None
    return Verdict(
        claim.id,
        "conditional" if conditional else "refuted",
        1,
        plain.evidence,
        claim.condition,
        1 if claim.condition else 0,
        seconds=plain.seconds + fixed.seconds,
        evidence=evidence,
        scope=fixed.scope if conditional else None,
    )


def _run(prove: ProofFn, effort: str) -> Proof:
    """Return the proof, with its scope for `effort` when it scales with the effort (a built-in `ProofRef`)."""
    return prove(effort) if getattr(prove, "scales_with_effort", False) else prove()  # type: ignore[call-arg]


def _with_proofs(verdict: Verdict, stated: ProofFn | None, under: ProofFn | None, effort: str) -> Verdict:
    evidence = dict(verdict.evidence)
    for about, prove in (("statement", stated), ("condition", under)):
        if prove is None or (about == "condition" and verdict.status != "conditional"):
            continue
        proof = _run(prove, effort)
        evidence[f"proof of the {about}"] = _proof_record(about, proof)
        verdict = replace(verdict, seconds=verdict.seconds + proof.seconds, evidence=evidence)
        if not proof:
            return replace(verdict, status="refuted", counterexample=proof.evidence, scope=proof.scope)
        if about == "statement" and verdict.status == "verified":
            verdict = replace(verdict, status="proven", scope=proof.scope)
        elif about == "condition":
            verdict = replace(verdict, scope=proof.scope)
    return verdict


def judge(claim: AnyClaim, *, effort: Effort | str = "default", seed: int = 0) -> Verdict:
    """Return the verdict of `claim`: searched or measured at `effort` with `seed`, then with its proofs."""
    if not isinstance(claim, Claim | MeasuredClaim | SymbolicClaim):
        raise TypeError(f"claim must be a Claim, MeasuredClaim or SymbolicClaim, not {type(claim).__name__}")
    level = get_effort(effort) if isinstance(effort, str) else effort
    start = time.perf_counter()
    stated, under = proofs_for(claim)
    if isinstance(claim, SymbolicClaim):
        verdict = _symbolic(claim, stated, under)
    else:
        sampled = (
            decide(
                claim,
                max_examples=level.examples,
                seed=seed,
                effort=level.name,
                min_examples=level.scaled(claim.min_examples),
            )
            if isinstance(claim, Claim)
            else decide_measured(claim, seed=seed)
        )
        verdict = _with_proofs(sampled, stated, under, level.name)
    evidence = {**verdict.evidence, "effort": level.name, "seed": seed}
    return replace(verdict, seconds=time.perf_counter() - start, evidence=evidence)
