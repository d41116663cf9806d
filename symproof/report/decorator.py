"""The `claim` decorator: a claim in one function, which pytest collects and checks as a test.

    from symproof import claim, scenarios

    @claim(scenarios=scenarios(activation="relu", weights="zero", max_depth=2))
    def zero_relu_stays_zero(s):
        \"\"\"With relu and all weights 0, the weights stay 0.\"\"\"
        return all(not w.any() for w in s.final.weights)

The decorated name is a test function of no arguments that judges the claim and compares the verdict with the
expectation recorded in the module's snapshot file (`symproof.verdict.snapshots`; ``pytest --symproof-update`` writes
it). The claim itself is its `claim` attribute. What the function is decides the kind of claim:

- with `scenarios` (a strategy of Scenarios, or a function returning one), a **searched** claim: the function
  takes a Scenario and returns a bool or a Check; `kind` is "universal" (every scenario, as drawn; the default) or
  "generic" (almost every scenario: the search jitters values, see `symproof.search.data.generic`);
- with ``kind="symbolic"``, a claim decided by **SymPy** alone: the function takes no argument and returns a
  `symproof.verdict.proof.Proof`, or a bool (SymPy's `true`/`false` included);
- otherwise a **measured** claim (``kind`` "statistical" or "exact"): the function takes a numpy Generator, and a
  second argument `conditioned` if the claim has a condition, and returns a `symproof.verdict.measured.Measurement` or a
  bool.

`proof` and `proof_under_condition` attach SymPy proofs (functions of no arguments, as for symbolic claims) to
searched and measured claims. The ID defaults to ``module.function`` (without a leading ``test_``), the statement
to the docstring.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import numpy as np
from hypothesis import strategies as st

from symproof.search.scenario import Scenario
from symproof.verdict.claim import Claim, ClaimKind, Condition
from symproof.verdict.measured import Measure, Measurement
from symproof.verdict.proof import Proof, ProofFn, Prove
from symproof.verdict.searched import Search
from symproof.verdict.snapshots import bind, snapshot_file
from symproof.verdict.source import Source

__all__ = ["ClaimTest", "claim", "claim_of"]

T = TypeVar("T")


def _with_claim(claim_id: str, build: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Return `build(*args, **kwargs)`, its ValueError or TypeError naming the claim."""
    try:
        return build(*args, **kwargs)
    except (ValueError, TypeError) as error:
        if str(error).startswith(f"claim {claim_id!r}"):
            raise
        raise type(error)(f"claim {claim_id!r}: {error}") from None


class ClaimTest(Protocol):
    """A test function made by `claim`: call it to check the claim; `claim` is the claim."""

    claim: Claim
    __name__: str

    def __call__(self) -> None: ...


def claim_of(value: Any) -> Claim:
    """Return the claim that `value` is, or that a function decorated by `claim` carries."""
    found = getattr(value, "__symproof_claim__", value)
    if not isinstance(found, Claim):
        raise TypeError(f"claim must be a claim, or a function decorated with @claim; got {type(value).__name__}")
    return found


def _statement(claim_id: str, fn: Callable[..., Any], given: str | None) -> str:
    text = given if given is not None else " ".join((fn.__doc__ or "").split())
    if not text:
        raise ValueError(f"claim {claim_id!r} needs a statement: pass statement= or give the function a docstring")
    return text


def _condition(claim_id: str, given: Any) -> Condition | None:
    if given is None or isinstance(given, Condition):
        return given
    if callable(given):
        doc = " ".join((given.__doc__ or "").split())
        return Condition(doc.rstrip(".") or given.__name__.replace("_", " "), given)
    raise TypeError(f"claim {claim_id!r}: condition must be a Condition or a function of the scenario; got {given!r}")


def _proof(claim_id: str, option: str, fn: Any) -> ProofFn | None:
    """Return `fn` as a function returning a Proof: a bool (or SymPy's true/false) becomes one, timed."""
    if fn is None:
        return None
    if not callable(fn):
        raise TypeError(f"claim {claim_id!r}: {option} must be a function of no arguments; got {fn!r}")

    def prove() -> Proof:
        start = time.perf_counter()
        result = fn()
        if isinstance(result, Proof):
            return result
        if result not in (True, False):  # SymPy's true and false compare equal to True and False
            raise TypeError(f"claim {claim_id!r}: {option} must return a Proof or a bool; got {result!r}")
        scope = " ".join((getattr(fn, "__doc__", None) or "").split()) or getattr(fn, "__name__", option)
        return Proof(bool(result), scope, seconds=time.perf_counter() - start)

    return prove


def _strategy(claim_id: str, given: Any) -> Callable[[], st.SearchStrategy[Scenario]]:
    if isinstance(given, st.SearchStrategy):
        return lambda: given
    if callable(given):
        return given
    raise TypeError(f"claim {claim_id!r}: scenarios must be a strategy (symproof.scenarios(...)); got {given!r}")


def _measure(claim_id: str, fn: Callable[..., Any], conditioned: bool) -> Callable[[np.random.Generator, bool], Any]:
    arity = len(inspect.signature(fn).parameters)
    if arity not in ((2,) if conditioned else (1, 2)):
        raise TypeError(
            f"claim {claim_id!r}: a measured claim's function takes (rng, conditioned) with a condition, else (rng)"
        )

    def measure(rng: np.random.Generator, under: bool) -> Measurement:
        result = fn(rng, under) if arity == 2 else fn(rng)
        if isinstance(result, Measurement):
            return result
        if isinstance(result, bool | np.bool_):
            return Measurement(bool(result))
        raise TypeError(f"claim {claim_id!r}: must return a Measurement or a bool; got {type(result).__name__}")

    return measure


def claim(
    id: str | None = None,
    *,
    scenarios: st.SearchStrategy[Scenario] | Callable[[], st.SearchStrategy[Scenario]] | None = None,
    kind: ClaimKind | None = None,
    condition: Condition | Callable[[Scenario], bool] | str | None = None,
    statement: str | None = None,
    min_examples: int = 0,
    jitter: bool = True,
    source: Source | None = None,
    proof: Callable[[], Proof | bool] | None = None,
    proof_under_condition: Callable[[], Proof | bool] | None = None,
) -> Callable[[Callable[..., Any]], ClaimTest]:
    """Return a decorator that makes a claim of a function, and a pytest test of the claim (see the module)."""

    def define(fn: Callable[..., Any]) -> ClaimTest:
        claim_id = id if id is not None else f"{fn.__module__}.{fn.__name__.removeprefix('test_')}"
        if not isinstance(claim_id, str) or not claim_id:
            raise ValueError(f"claim id must be a non-empty string; got {claim_id!r}")
        family = "searched" if scenarios is not None else "symbolic" if kind == "symbolic" else "measured"
        text = _statement(claim_id, fn, statement)
        under = _proof(claim_id, "proof_under_condition", proof_under_condition)
        decider: Search | Measure | Prove
        if family == "searched":
            decider = _with_claim(claim_id, Search, _strategy(claim_id, scenarios), fn, min_examples, jitter)
            stated = _proof(claim_id, "proof", proof)
            named = _condition(claim_id, condition)
        else:
            if condition is not None and not isinstance(condition, str):
                raise TypeError(
                    f"claim {claim_id!r}: a {family} claim's condition is its name (a str); got {condition!r}"
                )
            named = Condition(condition) if condition is not None else None
            if family == "symbolic":
                prove = _proof(claim_id, "the function", fn)
                assert prove is not None  # fn is a function
                decider, stated, under = Prove(prove, under), None, None
            else:
                decider = Measure(_measure(claim_id, fn, condition is not None))
                stated = _proof(claim_id, "proof", proof)
        made = _with_claim(
            claim_id,
            Claim,
            claim_id,
            text,
            kind if kind is not None else decider.kinds[0],
            decider,
            condition=named,
            source=source,
            proof=stated,
            proof_under_condition=under,
        )
        try:
            where = inspect.getfile(fn)
        except TypeError:
            where = None
        if where is not None:
            made = bind([made], snapshot_file(where), strict=False)[0]

        def test() -> None:
            __tracebackhide__ = True
            from symproof.report.testing import check

            check(made)

        test.__name__, test.__qualname__, test.__module__ = fn.__name__, fn.__qualname__, fn.__module__
        test.__doc__ = fn.__doc__
        test.claim = made  # type: ignore[attr-defined]
        test.__symproof_claim__ = made  # type: ignore[attr-defined]
        return test  # type: ignore[return-value]

    return define
