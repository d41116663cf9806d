"""The ledger: the JSON shape, the markdown, the summary table, and reading verdicts back."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from symproof import registry
from symproof.claims import REGISTRY
from symproof.ledger import Entry, Ledger, plain, read_verdicts, summary_table
from symproof.registry import SymbolicClaim
from symproof.source import Source
from symproof.strategies import scenarios
from symproof.verdict import Claim, Condition, Verdict

KEYS = {"id", "source", "statement", "kind", "verdict", "expected", "methods", "examples", "vacuous", "seconds",
        "evidence", "counterexample"}  # fmt: skip
ENV = {"python": "3.11.7", "arithmetic": "reproducible"}
SOURCE = Source(
    "000_bd9babc96dcc5140.txt", "其实完全错误,只要有误差,就会更新。", "Completely wrong: with error, they update."
)


@pytest.fixture(autouse=True)
def no_proofs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "proofs_for", lambda claim: (None, None))


def entries() -> list[Entry]:
    searched = Claim(
        "user.a", "a <claim> | with markup", "universal", scenarios, lambda s: True, "conditional",
        Condition("not tanh", lambda s: True), source=SOURCE,
    )  # fmt: skip
    found = {"topology": [1, 1], "activation": "tanh"}
    conditional = Verdict("user.a", "conditional", 3, found, "not tanh", 200, margin=1e-12, seconds=1.25, vacuous=4)
    symbolic = SymbolicClaim("user.b", "a formula", "proven")
    refuted = Verdict("user.b", "refuted", 1, {"integral": "sqrt(2)/2"}, evidence={"value": np.float64(0.7)})
    return [Entry.of(searched, conditional), Entry.of(symbolic, refuted)]


def test_entries_have_the_documented_shape_and_evidence() -> None:
    a, b = entries()
    assert set(a.to_dict()) == KEYS
    assert (a.verdict, a.examples, a.methods, a.source) == ("conditional", 203, ["property"], SOURCE.to_dict())
    assert a.evidence["examples_to_counterexample"] == 3 and a.evidence["examples_under_condition"] == 200
    assert a.evidence["replay"] == "symproof.verdict.replay(claim, counterexample)" and "replay" not in b.evidence
    assert not b.as_expected and b.to_dict()["evidence"]["value"] == 0.7
    assert Entry.from_dict(a.to_dict()) == a


def test_json_round_trip(tmp_path: Path) -> None:
    ledger = Ledger("0.1.0", "default", 0, ENV, entries(), {"blas_kernel": ["Haswell"]})
    ledger.write_json(tmp_path / "l.json")
    data = json.loads((tmp_path / "l.json").read_text())
    assert set(data) == {"symproof_version", "effort", "seed", "environment", "claims", "machine"}
    assert data["environment"] == ENV
    assert all(set(claim) == KEYS for claim in data["claims"])
    assert read_verdicts(tmp_path / "l.json") == {"user.a": "conditional", "user.b": "refuted"}
    assert [e.id for e in ledger.mismatches()] == ["user.b"]


def test_markdown_lists_every_claim_escapes_markup_and_reads_back(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    ledger = Ledger("0.1.0", "default", 0, ENV, entries(), {"blas_kernel": ["Haswell"]})
    ledger.write_markdown(tmp_path / "claims.md")
    text = (tmp_path / "claims.md").read_text()
    assert read_verdicts(tmp_path / "claims.md") == {"user.a": "conditional", "user.b": "refuted"}
    assert "a &lt;claim&gt; \\| with markup" in text and "<claim>" not in text
    assert "> 其实完全错误,只要有误差,就会更新。" in text and "**Condition.** not tanh" in text
    assert "Replay: `symproof.verdict.replay(claim, counterexample)`" in text
    assert "Environment: python 3.11.7, arithmetic reproducible." in text


def test_summary_table_flags_unexpected_verdicts() -> None:
    lines = summary_table(entries()).splitlines()
    assert lines[0].split() == ["ID", "verdict", "examples", "vacuous", "seconds"]
    assert lines[1].split() == ["user.a", "conditional", "203", "4", "1.25"]
    assert lines[2].endswith("EXPECTED proven")


def test_plain_keeps_json_types_only() -> None:
    assert plain({"a": (1, np.int64(2)), "b": np.float32(0.5), "c": Path("x")}) == {"a": [1, 2], "b": 0.5, "c": "x"}


def test_built_in_claims_replay_from_the_command_line() -> None:
    claim = REGISTRY["s000.linear-zero-stuck"]
    found = {"topology": [1, 1], "activation": "identity"}
    replay = Entry.of(claim, Verdict(claim.id, "conditional", 1, found, "c", 200)).evidence["replay"]
    assert replay.startswith("symproof replay s000.linear-zero-stuck '") and json.loads(replay.split("'")[1]) == found
    measured = REGISTRY["s004.default-init-code"]
    refuted = Verdict(measured.id, "refuted", 1, {"z_std": 1.0})
    assert Entry.of(measured, refuted).evidence["replay"] == "symproof verify --only s004.default-init-code"
