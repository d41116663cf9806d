"""Pinned counterexamples: the reviewed files, their binding to claims, and every built-in pin replaying."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from symproof.claims import CLAIMS
from symproof.ledger import Entry, Ledger
from symproof.pins import Pin, load_pins, pin_file, pinned, update_pins
from symproof.scenario import Scenario
from symproof.verdict import Claim, Verdict, replay
from symproof.verify import pin_changes

PINNED = sorted(claim_id for claim_id, claim in CLAIMS.items() if claim.pins)


def test_every_refuted_or_conditional_searched_claim_has_a_pin() -> None:
    for claim in CLAIMS.values():
        assert bool(claim.pins) == (claim.expected in ("refuted", "conditional")), claim.id
        assert claim.pin_path is not None and Path(claim.pin_path).name.endswith(".pins.json")


@pytest.mark.parametrize("claim_id", PINNED)
def test_every_built_in_pin_fails_its_claim_and_lies_where_its_verdict_says(claim_id: str) -> None:
    claim = CLAIMS[claim_id]
    for pin in claim.pins:
        result = replay(claim, pin.scenario)
        assert not result, (claim_id, result)
        inside = claim.condition is None or claim.condition.test(Scenario.from_dict(pin.scenario))
        assert inside is (claim.expected == "refuted"), claim_id


def test_pin_files_sit_beside_their_modules_and_round_trip(tmp_path: Path) -> None:
    assert pin_file("/x/claims/seed000.py") == Path("/x/claims/seed000.pins.json")
    path = tmp_path / "mine.pins.json"
    assert load_pins(path) == {}
    first = Pin({"topology": [1, 1]}, "search seed 3, effort quick")
    update_pins(path, {"b.claim": [first], "a.claim": [Pin({"topology": [2, 1]})]})
    assert list(json.loads(path.read_text())) == ["a.claim", "b.claim"]  # sorted: reviewable diffs
    assert load_pins(path)["b.claim"] == (first,)
    update_pins(path, {"a.claim": []})
    assert set(load_pins(path)) == {"b.claim"}


@pytest.mark.parametrize(
    ("text", "match"),
    [("[", "not valid JSON"), ("[]", "must hold an object keyed by claim ID"), ('{"a": [1]}', "'a' must hold a list")],
)
def test_a_bad_pin_file_is_a_value_error_naming_the_file(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "bad.pins.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=match) as error:
        load_pins(path)
    assert str(path) in str(error.value)


def test_pins_of_an_unknown_claim_are_refused(tmp_path: Path) -> None:
    update_pins(tmp_path / "m.pins.json", {"nobody": [Pin({"topology": [1, 1]})]})
    claim = next(iter(CLAIMS.values()))
    with pytest.raises(ValueError, match="pins unknown claims: \\['nobody'\\]"):
        pinned([claim], tmp_path / "m.py")


def test_pin_changes_drop_stale_pins_and_add_discoveries(tmp_path: Path) -> None:
    claim = CLAIMS["gen.adam-rounding"]
    old, new = claim.pins[0], {"topology": [9, 9]}
    own = replace(claim, pin_path=str(tmp_path / "g.pins.json"))
    verdict = Verdict(claim.id, "refuted", 3, new, evidence={"stale pins": [old.scenario]}, new_pins=(Pin(new, "s 1"),))
    entry = Entry.of(own, verdict)
    import symproof.claims

    registry = dict(symproof.claims.REGISTRY)
    try:
        symproof.claims.REGISTRY[claim.id] = own
        changes = pin_changes(Ledger("0", "quick", 1, {}, [entry], {}))
    finally:
        symproof.claims.REGISTRY.clear()
        symproof.claims.REGISTRY.update(registry)
    assert changes == {str(tmp_path / "g.pins.json"): {claim.id: [Pin(new, "s 1")]}}


def test_a_claim_record_carries_its_pins() -> None:
    assert isinstance(CLAIMS["gen.adam-rounding"], Claim)
    assert all(isinstance(pin, Pin) for pin in CLAIMS["gen.adam-rounding"].pins)
