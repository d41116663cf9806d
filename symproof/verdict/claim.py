"""The claim record: one statement, how it is decided, and everything attached to it.

Every claim, built in or a user's, is one `Claim`. What differs between claims is how they are decided, and that is
the claim's `decider`, a plug-in object with a `decide(claim, effort=, seed=)` method that returns a `Verdict`:

- `symproof.verdict.searched.Search`: a Hypothesis search over scenarios (kinds "universal" and "generic");
- `symproof.verdict.measured.Measure`: an exact law and a sample with stated error rates ("statistical", "exact");
- `symproof.verdict.proof.Prove`: SymPy alone ("symbolic").

Everything else is attached to the claim object itself, never looked up by ID: its `condition`, the SymPy proofs
that strengthen a searched or measured verdict (`proof`, `proof_under_condition`), the pinned counterexamples and the
expected verdict (from its snapshot file, `symproof.verdict.snapshots`), its source passage and its figures.
`symproof.verdict.judge.judge` runs the decider, then the proofs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from symproof.search.scenario import Scenario
    from symproof.verdict.effort import Effort
    from symproof.verdict.proof import ProofFn
    from symproof.verdict.snapshots import Pin
    from symproof.verdict.source import Source

__all__ = ["Claim", "ClaimKind", "Condition", "Decider", "Method", "Status", "Verdict"]

Status = Literal["proven", "verified", "refuted", "conditional"]
# What a claim asserts: for every scenario (universal), almost surely (generic), of a distribution (statistical), an
# exact law computed without sampling error (exact), or a formula (symbolic).
ClaimKind = Literal["universal", "generic", "statistical", "exact", "symbolic"]
# How a verdict was reached, as the ledger lists it.
Method = Literal["symbolic", "property", "statistical", "exact"]


@dataclass(frozen=True)
class Condition:
    """An extra hypothesis under which a claim is re-checked: its name, and for a searched claim a test on
    scenarios (a measured claim's function applies its condition itself; a symbolic claim's proof states it)."""

    name: str
    test: Callable[[Scenario], bool] | None = None

    def __call__(self, scenario: Scenario) -> bool:
        """Return whether `scenario` satisfies the condition."""
        if self.test is None:
            raise TypeError(
                f"condition {self.name!r} has no test of scenarios: it belongs to a measured or symbolic claim"
            )
        return self.test(scenario)


@dataclass(frozen=True)
class Verdict:
    """The computed verdict of a claim, with its evidence."""

    claim: str
    status: Status
    examples: int
    counterexample: dict[str, Any] | None = None
    condition: str | None = None
    examples_under_condition: int = 0
    counterexample_under_condition: dict[str, Any] | None = None
    margin: float = 0.0
    seconds: float = 0.0
    evidence: dict[str, Any] = field(default_factory=dict)
    scope: str | None = None  # what a proof covered, for a proven verdict or a proven condition
    vacuous: int = 0  # examples where the claim said nothing, searched beside the `examples` that count
    new_pins: tuple[Pin, ...] = ()  # counterexamples this search found that no pin had: discoveries


class Decider(Protocol):
    """How a claim is decided: its kinds, the methods it uses, and `decide`."""

    @property
    def kinds(self) -> tuple[ClaimKind, ...]:
        """Return the kinds of claim this decider can decide."""
        ...

    @property
    def methods(self) -> tuple[Method, ...]:
        """Return the methods this decider uses, as the ledger lists them."""
        ...

    @property
    def replays(self) -> bool:
        """Return whether a counterexample is a scenario that `symproof.replay` reruns."""
        ...

    def decide(self, claim: Claim, *, effort: Effort, seed: int) -> Verdict:
        """Return the verdict of `claim` at `effort`, seeded by `seed`."""
        ...


@dataclass(frozen=True)
class Claim:
    """A statement, the decider that computes its verdict, and the verdict the suite expects."""

    id: str
    statement: str
    kind: ClaimKind
    decider: Decider
    condition: Condition | None = None
    expected: Status | None = None  # None: not recorded yet (symproof.verdict.snapshots)
    source: Source | None = None
    proof: ProofFn | None = None  # a SymPy proof of the statement as made, beside the decider's verdict
    proof_under_condition: ProofFn | None = None  # a SymPy proof of the statement under `condition`
    pins: tuple[Pin, ...] = ()  # counterexamples replayed before any search (symproof.verdict.snapshots)
    snapshot: str | None = None  # the reviewed file that holds the expected verdict and the pins
    figures: tuple[str, ...] = ()  # files in docs/figures that show the claim, linked from the ledger

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"claim id must be a non-empty string; got {self.id!r}")
        kinds = getattr(self.decider, "kinds", None)
        if kinds is None or not callable(getattr(self.decider, "decide", None)):
            raise TypeError(f"claim {self.id!r}: decider must be a Search, Measure or Prove; got {self.decider!r}")
        if self.kind not in kinds:
            raise ValueError(
                f"claim {self.id!r}: kind must be one of {kinds} for a {type(self.decider).__name__} decider; "
                f"got {self.kind!r}"
            )
        if self.condition is not None and not isinstance(self.condition, Condition):
            raise TypeError(f"claim {self.id!r}: condition must be a Condition; got {self.condition!r}")

    @property
    def methods(self) -> tuple[Method, ...]:
        """Return the methods that decide the claim, in the ledger's order: its decider's, then its proofs'."""
        proofs: tuple[Method, ...] = ("symbolic",) if self.proof or self.proof_under_condition else ()
        return tuple(dict.fromkeys((*self.decider.methods, *proofs)))
