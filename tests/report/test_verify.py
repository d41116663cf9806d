"""verify's torch backend: a verdict that differs there is replayed on both backends and explained, or not."""

from __future__ import annotations

from symproof.report.ledger import Entry
from symproof.report.verify import backend_difference
from symproof.search.scenario import Scenario
from symproof.search.space import scenarios
from symproof.verdict.claim import Claim
from symproof.verdict.searched import Search, decide, on_backend
from tests._torch import need_torch


def toy(holds: object) -> Claim:
    return Claim("user.toy", "toy", "universal", Search(lambda: scenarios(max_steps=1), holds), expected="verified")  # type: ignore[arg-type]


def test_a_difference_is_explained_only_when_the_numpy_backend_holds_on_the_counterexample() -> None:
    need_torch()
    for holds, explained in ((lambda s: s.backend == "numpy", True), (lambda s: False, False)):
        numpy_claim = toy(holds)
        verdict = decide(on_backend(numpy_claim, "torch"), max_examples=5)
        assert verdict.status == "refuted" and verdict.counterexample is not None
        assert verdict.counterexample["backend"] == "torch"
        found = backend_difference(numpy_claim, Entry.of(numpy_claim, verdict), "torch")
        assert found["explained"] is explained, found
        on_numpy = holds(Scenario.from_dict({**verdict.counterexample, "backend": "numpy"}))
        assert (found["torch"], found["numpy"]) == ("False", repr(on_numpy))


def test_a_claim_without_a_counterexample_is_not_explained() -> None:
    numpy_claim = toy(lambda s: True)
    verdict = decide(numpy_claim, max_examples=5)
    assert backend_difference(numpy_claim, Entry.of(numpy_claim, verdict), "torch")["explained"] is False
