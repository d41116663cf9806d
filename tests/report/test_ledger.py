"""The ledger: the JSON shape, the markdown, the summary table, and reading verdicts back."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from symproof.claims import REGISTRY
from symproof.report.ledger import Entry, Ledger, plain, read_verdicts, summary_table
from symproof.report.reasoning import anchors, why
from symproof.search.space import scenarios
from symproof.verdict.claim import Claim, Condition, Verdict
from symproof.verdict.proof import Proof, Prove
from symproof.verdict.searched import Search
from symproof.verdict.source import Source

KEYS = {"id", "source", "statement", "kind", "verdict", "expected", "methods", "examples", "vacuous", "seconds",
        "evidence", "counterexample", "why", "figures"}  # fmt: skip
DOCS = Path(__file__).resolve().parents[2] / "docs"
ENV = {"python": "3.11.7", "arithmetic": "reproducible"}
SOURCE = Source(
    "000_bd9babc96dcc5140.txt", "其实完全错误,只要有误差,就会更新。", "Completely wrong: with error, they update."
)


def entries() -> list[Entry]:
    toy = Search(scenarios, lambda s: True)
    named = Condition("not tanh", lambda s: True)
    searched = Claim("user.a", "a <claim> | with markup", "universal", toy, named, "conditional", source=SOURCE)
    found = {"topology": [1, 1], "activation": "tanh"}
    conditional = Verdict("user.a", "conditional", 3, found, "not tanh", 200, margin=1e-12, seconds=1.25, vacuous=4)
    symbolic = Claim("user.b", "a formula", "symbolic", Prove(lambda: Proof(True, "")), expected="proven")
    refuted = Verdict("user.b", "refuted", 1, {"integral": "sqrt(2)/2"}, evidence={"value": np.float64(0.7)})
    return [Entry.of(searched, conditional), Entry.of(symbolic, refuted)]


def test_entries_have_the_documented_shape_and_evidence() -> None:
    a, b = entries()
    assert set(a.to_dict()) == KEYS
    assert (a.verdict, a.examples, a.methods, a.source) == ("conditional", 203, ["property"], SOURCE.to_dict())
    assert a.evidence["examples_to_counterexample"] == 3 and a.evidence["examples_under_condition"] == 200
    assert a.evidence["replay"] == "symproof.replay(claim, counterexample)" and "replay" not in b.evidence
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
    assert "Replay: `symproof.replay(claim, counterexample)`" in text
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


def test_every_built_in_claim_links_to_its_explanation_in_theory_md() -> None:
    defined = anchors((DOCS / "theory.md").read_text(encoding="utf-8"))
    for claim_id, claim in REGISTRY.items():
        link = why(claim_id)
        assert link is not None, f"{claim_id} has no explanation in docs/theory.md"
        path, anchor = link.split("#")
        assert path == "docs/theory.md" and anchor in defined, f"{link}: no such anchor in docs/theory.md"
        assert Entry.error(claim, RuntimeError("x")).why == link
    assert why("user.a") is None


def test_json_entries_carry_the_link_and_old_ledgers_read_as_null() -> None:
    claim = REGISTRY["s004.gaussian-pdf"]
    entry = Entry.of(claim, Verdict(claim.id, "refuted", 1, {"integral": "sqrt(2)/2"}))
    assert entry.to_dict()["why"] == "docs/theory.md#s004.gaussian-pdf"
    old = {k: v for k, v in entry.to_dict().items() if k != "why"}  # a ledger written before the field existed
    assert Entry.from_dict(old).why is None
    assert [e.to_dict()["why"] for e in entries()] == [None, None]  # not built-in claims


def test_markdown_links_the_explanation_relative_to_the_ledger(tmp_path: Path) -> None:
    claim = REGISTRY["s004.scaled-std"]
    entry = Entry.of(claim, Verdict(claim.id, "conditional", 1, {"z_std": 1.22}, "c", 1))
    ledger = Ledger("0.1.0", "default", 0, ENV, [entry, *entries()], {})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "theory.md").write_text("# Theory\n")
    ledger.write_markdown(tmp_path / "docs" / "claims.md")  # docs/claims.md, beside docs/theory.md
    text = (tmp_path / "docs" / "claims.md").read_text()
    assert "**Why.** [theory.md#s004.scaled-std](theory.md#s004.scaled-std)" in text
    assert text.count("**Why.**") == 1  # the other entries are not built-in claims
    ledger.write_markdown(tmp_path / "claims.md")  # at the root: docs/theory.md is below it
    assert (
        "**Why.** [docs/theory.md#s004.scaled-std](docs/theory.md#s004.scaled-std)"
        in (tmp_path / "claims.md").read_text()
    )
    (tmp_path / "elsewhere").mkdir()
    ledger.write_markdown(tmp_path / "elsewhere" / "claims.md")
    text = (tmp_path / "elsewhere" / "claims.md").read_text()
    assert "**Why.** `docs/theory.md#s004.scaled-std`" in text  # no theory.md to link: named, not linked


def test_built_in_quotes_render_as_clean_text() -> None:
    verdicts = [Verdict("s004.naive-std", "verified", 1), Verdict("s004.scaled-std", "conditional", 2)]
    verdicts.append(Verdict("s004.gaussian-pdf", "refuted", 1, {"integral": "sqrt(2)/2"}))
    ledger = Ledger("0.1.0", "default", 0, ENV, [Entry.of(REGISTRY[v.claim], v) for v in verdicts], {})
    quotes = [line for line in ledger.to_markdown().splitlines() if line.startswith("> ")]
    assert "> 仍以上文的设置为基础,我们来分析,现在z的pdf,均值为0,标准差为√(500/1000) ≈ 0.707" in quotes
    for line in quotes:
        assert not any(mark in line for mark in ("&lt;", "&gt;", "script", "MathJax", "\\", "$")), line


def test_figures_are_attached_to_their_claims_and_are_in_docs_figures() -> None:
    shown = {claim_id for claim_id, claim in REGISTRY.items() if claim.figures}
    for claim_id in shown:
        for name in REGISTRY[claim_id].figures:
            assert (DOCS / "figures" / name).is_file(), name
    assert {"gen.adam-rounding", "s004.default-init-code", "s004.gaussian-pdf", "s004.scaled-std"} <= shown
