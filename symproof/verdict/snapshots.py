"""Snapshots: the expected verdict of each claim, and the counterexamples that decide it, in a reviewed file.

syrupy's snapshots are the model. The claims of a module ``dir/name.py`` keep their expectations in
``dir/__snapshots__/name.symproof.json``, an object keyed by claim ID::

    {"leaky.zero-init-updates": {"verdict": "conditional",
                                 "pins": [{"scenario": {...}, "found": "search seed 0, effort default"}]}}

`verdict` is what the claim is expected to get; `pins` are counterexample scenarios (`Scenario.to_dict`), replayed
before any search, so a recorded refutation is final at every search seed (Hypothesis' `@example` is the
precedent). Only an explicit request writes the file (``pytest --symproof-update``, ``symproof verify --update``),
and the change is reviewed like code. Whether a pin lies inside the claim's condition is computed at every replay,
never stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from symproof.verdict.claim import Claim

__all__ = ["Pin", "Snapshot", "bind", "load", "recorded", "snapshot_file", "update", "updated"]

STATUSES = ("proven", "verified", "refuted", "conditional")


@dataclass(frozen=True)
class Pin:
    """A counterexample scenario (plain data) and where it was found."""

    scenario: dict[str, Any]
    found: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the pin as plain data."""
        return {"scenario": self.scenario, "found": self.found}


@dataclass(frozen=True)
class Snapshot:
    """What one claim is expected to get: its verdict, and its pinned counterexamples."""

    verdict: str | None = None
    pins: tuple[Pin, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the snapshot as plain data (no pins key when there are none)."""
        data: dict[str, Any] = {"verdict": self.verdict}
        if self.pins:
            data["pins"] = [pin.to_dict() for pin in self.pins]
        return data


def snapshot_file(module_file: str | Path) -> Path:
    """Return the snapshot file of a module of claims: `dir/name.py` -> `dir/__snapshots__/name.symproof.json`."""
    path = Path(module_file)
    return path.parent / "__snapshots__" / f"{path.stem}.symproof.json"


def _entry(file: Path, claim_id: str, data: Any) -> Snapshot:
    where = f"snapshot file {str(file)!r}, claim {claim_id!r}"
    if not isinstance(data, dict) or set(data) - {"verdict", "pins"}:
        raise ValueError(f"{where}: must be an object with the keys verdict and pins; got {data!r}")
    verdict = data.get("verdict")
    if verdict is not None and verdict not in STATUSES:
        raise ValueError(f"{where}: verdict must be one of {', '.join(STATUSES)}; got {verdict!r}")
    pins = data.get("pins", [])
    if not isinstance(pins, list) or not all(isinstance(p, dict) and isinstance(p.get("scenario"), dict) for p in pins):
        raise ValueError(f"{where}: pins must be a list of {{'scenario': {{...}}, 'found': ...}} objects")
    return Snapshot(verdict, tuple(Pin(dict(p["scenario"]), str(p.get("found", ""))) for p in pins))


def load(path: str | Path) -> dict[str, Snapshot]:
    """Return the snapshots recorded in `path` by claim ID (none when the file does not exist)."""
    file = Path(path)
    if not file.exists():
        return {}
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"snapshot file {str(file)!r} is not valid JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(data, dict):
        raise ValueError(
            f"snapshot file {str(file)!r} must hold an object keyed by claim ID; got {type(data).__name__}"
        )
    return {claim_id: _entry(file, claim_id, entry) for claim_id, entry in data.items()}


def bind(claims: Iterable[Claim], path: str | Path, *, strict: bool = True) -> list[Claim]:
    """Return `claims` with their snapshots in `path` bound to them (`expected`, `pins`, `snapshot`).

    With `strict`, a snapshot of an ID that none of `claims` has is a ValueError (a renamed or deleted claim).
    """
    found = load(path)
    bound = []
    for claim in claims:
        snap = found.get(claim.id, Snapshot())
        fields: dict[str, Any] = {"snapshot": str(path), "pins": snap.pins}
        if snap.verdict is not None:
            fields["expected"] = snap.verdict
        bound.append(replace(claim, **fields))
    unknown = set(found) - {c.id for c in bound}
    if strict and unknown:
        raise ValueError(f"snapshot file {str(path)!r} holds unknown claims: {sorted(unknown)}")
    return bound


def update(path: str | Path, changes: Mapping[str, Snapshot | None]) -> None:
    """Set the snapshot of each claim in `changes` (None removes it) and rewrite `path`, sorted by claim ID."""
    file = Path(path)
    current = load(file)
    for claim_id, snap in changes.items():
        if snap is None:
            current.pop(claim_id, None)
        else:
            current[claim_id] = snap
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(_text({claim_id: current[claim_id] for claim_id in sorted(current)}), encoding="utf-8")


def _text(snapshots: Mapping[str, Snapshot]) -> str:
    """Return the file's text: one line per verdict and per pin, so that a review diff shows what changed."""

    def line(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    blocks = []
    for claim_id, snap in snapshots.items():
        pins = ",\n".join(f"   {line(pin.to_dict())}" for pin in snap.pins)
        tail = f',\n  "pins": [\n{pins}\n  ]' if snap.pins else ""
        blocks.append(f' {line(claim_id)}: {{\n  "verdict": {line(snap.verdict)}{tail}\n }}')
    return "{\n" + ",\n".join(blocks) + "\n}\n"


def updated(status: str, pins: Iterable[Pin], stale: list[dict[str, Any]], new: Iterable[Pin]) -> Snapshot:
    """Return the snapshot of a claim judged `status`: its `pins` but the `stale` scenarios, then the `new` ones."""
    return Snapshot(status, (*(pin for pin in pins if pin.scenario not in stale), *new))


def recorded(claim: Any, verdict: Any) -> Snapshot:
    """Return the snapshot that records `verdict` of `claim`: its status, the pins that still fail, and the
    counterexamples its search found that no pin had."""
    return updated(verdict.status, getattr(claim, "pins", ()), verdict.evidence.get("stale pins", []), verdict.new_pins)
