"""Pinned counterexamples: the scenarios that decide a refuted or conditional verdict, kept in a reviewed file.

Hypothesis' `@example` and syrupy's snapshots are the precedent. The pins of a module of claims live beside it, in
`<module>.pins.json`; `decide` replays a claim's pins before any search, so a recorded refutation is final at every
search seed, and the search can only add to it. Only an explicit request writes the file
(`symproof verify --update-pins`), and the change is reviewed like code.

A pin is a scenario as plain data (`Scenario.to_dict`) and a note of where it was found (claim search seed and
effort). Whether it lies inside the claim's condition is computed again at every replay, never stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["Pin", "load_pins", "pin_file", "pinned", "update_pins"]

T = TypeVar("T")


@dataclass(frozen=True)
class Pin:
    """A counterexample scenario (plain data) and where it was found."""

    scenario: dict[str, Any]
    found: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the pin as plain data."""
        return {"scenario": self.scenario, "found": self.found}


def pin_file(module_file: str | Path) -> Path:
    """Return the pin file of a module of claims: `claims.py` -> `claims.pins.json` beside it."""
    path = Path(module_file)
    return path.with_name(f"{path.stem}.pins.json")


def load_pins(path: str | Path) -> dict[str, tuple[Pin, ...]]:
    """Return the pins recorded in `path` by claim ID (none when the file does not exist)."""
    file = Path(path)
    if not file.exists():
        return {}
    try:
        data = json.loads(file.read_text())
    except json.JSONDecodeError as error:
        raise ValueError(f"pin file {str(file)!r} is not valid JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(data, dict):
        raise ValueError(f"pin file {str(file)!r} must hold an object keyed by claim ID; got {type(data).__name__}")
    pins: dict[str, tuple[Pin, ...]] = {}
    for claim_id, entries in data.items():
        if not isinstance(entries, list) or not all(isinstance(e, dict) and "scenario" in e for e in entries):
            raise ValueError(f"pin file {str(file)!r}: {claim_id!r} must hold a list of {{'scenario': ...}} objects")
        pins[claim_id] = tuple(Pin(dict(e["scenario"]), str(e.get("found", ""))) for e in entries)
    return pins


def pinned(claims: Iterable[T], module_file: str | Path) -> list[T]:
    """Return `claims` with the pins of the file beside `module_file` bound to them (`pins`, `pin_path`)."""
    path = pin_file(module_file)
    found = load_pins(path)
    bound = [replace(c, pins=found.get(c.id, ()), pin_path=str(path)) for c in claims]  # type: ignore[type-var,attr-defined]
    unknown = set(found) - {c.id for c in bound}  # type: ignore[attr-defined]
    if unknown:
        raise ValueError(f"pin file {str(path)!r} pins unknown claims: {sorted(unknown)}")
    return bound


def update_pins(path: str | Path, changes: Mapping[str, Iterable[Pin]]) -> None:
    """Set the pins of each claim in `changes` (an empty list removes it) and rewrite `path`, sorted by claim ID."""
    file = Path(path)
    current = {k: [p.to_dict() for p in v] for k, v in load_pins(file).items()}
    for claim_id, pins in changes.items():
        entries = [p.to_dict() for p in pins]
        if entries:
            current[claim_id] = entries
        else:
            current.pop(claim_id, None)
    text = json.dumps(dict(sorted(current.items())), indent=1, ensure_ascii=False, sort_keys=False) + "\n"
    file.write_text(text)
