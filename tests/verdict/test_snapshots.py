"""Snapshots: the reviewed files of expected verdicts and pins, their binding to claims, the built-in pins replaying."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symproof.claims import CLAIMS, REGISTRY
from symproof.search.scenario import Scenario
from symproof.verdict.claim import Claim, Verdict
from symproof.verdict.searched import replay
from symproof.verdict.snapshots import Pin, Snapshot, bind, load, recorded, snapshot_file, update

PINNED = sorted(claim_id for claim_id, claim in CLAIMS.items() if claim.pins)


def test_every_built_in_claim_has_a_recorded_verdict_in_its_module_snapshot() -> None:
    for claim in REGISTRY.values():
        assert claim.expected is not None, claim.id
        assert claim.snapshot is not None and Path(claim.snapshot).parent.name == "__snapshots__", claim.id
        assert load(claim.snapshot)[claim.id].verdict == claim.expected


def test_every_refuted_or_conditional_searched_claim_has_a_pin() -> None:
    for claim in CLAIMS.values():
        assert bool(claim.pins) == (claim.expected in ("refuted", "conditional")), claim.id


@pytest.mark.parametrize("claim_id", PINNED)
def test_every_built_in_pin_fails_its_claim_and_lies_where_its_verdict_says(claim_id: str) -> None:
    claim = CLAIMS[claim_id]
    for pin in claim.pins:
        result = replay(claim, pin.scenario)
        assert not result, (claim_id, result)
        inside = claim.condition is None or claim.condition(Scenario.from_dict(pin.scenario))
        assert inside is (claim.expected == "refuted"), claim_id


def test_snapshot_files_sit_in_a_snapshots_folder_and_round_trip(tmp_path: Path) -> None:
    assert snapshot_file("/x/claims/seed000.py") == Path("/x/claims/__snapshots__/seed000.symproof.json")
    path = tmp_path / "__snapshots__" / "mine.symproof.json"
    assert load(path) == {}
    first = Pin({"topology": [1, 1]}, "search seed 3, effort quick")
    update(path, {"b.claim": Snapshot("refuted", (first,)), "a.claim": Snapshot("verified")})
    assert list(json.loads(path.read_text())) == ["a.claim", "b.claim"]  # sorted: reviewable diffs
    assert load(path)["b.claim"] == Snapshot("refuted", (first,))
    line = '   {"scenario": {"topology": [1, 1]}, "found": "search seed 3, effort quick"}'
    assert line in path.read_text().splitlines()  # one line per pin
    update(path, {"a.claim": None})
    assert set(load(path)) == {"b.claim"}


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("[", "not valid JSON"),
        ("[]", "must hold an object keyed by claim ID"),
        ('{"a": [1]}', "'a': must be an object with the keys verdict and pins"),
        ('{"a": {"verdict": "true"}}', "'a': verdict must be one of"),
        ('{"a": {"verdict": "refuted", "pins": [1]}}', "'a': pins must be a list"),
    ],
)
def test_a_bad_snapshot_file_is_a_value_error_naming_the_file(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "bad.symproof.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=match) as error:
        load(path)
    assert str(path) in str(error.value)


def test_snapshots_of_an_unknown_claim_are_refused_unless_not_strict(tmp_path: Path) -> None:
    path = tmp_path / "m.symproof.json"
    update(path, {"nobody": Snapshot("verified")})
    claim = next(iter(CLAIMS.values()))
    with pytest.raises(ValueError, match="holds unknown claims: \\['nobody'\\]"):
        bind([claim], path)
    (bound,) = bind([claim], path, strict=False)
    assert (bound.expected, bound.pins, bound.snapshot) == (claim.expected, (), str(path))  # nothing recorded here


def test_recorded_drops_stale_pins_and_adds_discoveries() -> None:
    claim = CLAIMS["gen.adam-rounding"]
    old, new = claim.pins[0], {"topology": [9, 9]}
    verdict = Verdict(claim.id, "refuted", 3, new, evidence={"stale pins": [old.scenario]}, new_pins=(Pin(new, "s 1"),))
    assert recorded(claim, verdict) == Snapshot("refuted", (Pin(new, "s 1"),))
    kept = Verdict(claim.id, "refuted", 0, old.scenario)
    assert recorded(claim, kept) == Snapshot("refuted", claim.pins)


def test_a_claim_record_carries_its_pins() -> None:
    assert isinstance(CLAIMS["gen.adam-rounding"], Claim)
    assert all(isinstance(pin, Pin) for pin in CLAIMS["gen.adam-rounding"].pins)
