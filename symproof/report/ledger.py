"""The ledger: every judged claim as plain data, written as JSON (for tools) or markdown (for people).

JSON shape (stable; other tools read it)::

    {"symproof_version", "effort", "seed", "environment",
     "claims": [{"id", "source", "statement", "kind", "verdict", "expected", "methods", "examples", "vacuous",
                 "seconds", "evidence", "counterexample", "why", "figures"}],
     "machine"}

``environment`` names what the verdicts depend on: the versions of Python, numpy, hypothesis, sympy and scipy, the
arithmetic mode (`symproof.engine.fp`) and the BLAS library numpy was built with (not used by the reproducible mode).
``machine`` holds what must not matter and is recorded only to show it: the BLAS kernel and thread count in use,
and numpy's SIMD extensions. With ``seconds`` and ``machine`` removed, the JSON of one commit, effort and seed is the
same byte for byte on every machine (benchmarks/machine_identity.py).

``expected`` is the verdict recorded for the claim, or "unrecorded" before its snapshot holds one. ``source`` is
null or {"seed", "quote", "english"}; ``methods`` is drawn from symbolic, property, statistical and exact;
``counterexample`` is null or an object (a scenario for searched claims, the failed figures otherwise).
``why`` is null (a claim that is not built in) or the link, from the repository's root, to the passage of
docs/theory.md that explains the claim, e.g. "docs/theory.md#s004.scaled-std" (`symproof.report.reasoning.why`); ledgers
written before the field existed lack it, and `Entry.from_dict` reads them as null. The markdown ledger shows it per
entry, linked relative to the ledger where theory.md is found (docs/claims.md links "theory.md#s004.scaled-std").
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from symproof.report.reasoning import THEORY, why
from symproof.verdict.claim import Claim, Verdict

__all__ = ["Entry", "Ledger", "plain", "read_verdicts", "summary_table"]


def _replay(claim: Claim, verdict: Verdict) -> str | None:
    if verdict.counterexample is None:
        return None
    from symproof.claims import REGISTRY

    if claim.id not in REGISTRY or REGISTRY[claim.id] is not claim:
        return "symproof.replay(claim, counterexample)" if claim.decider.replays else None
    if claim.decider.replays:
        return f"symproof replay {claim.id} '{json.dumps(verdict.counterexample, separators=(',', ':'))}'"
    return f"symproof verify --only {claim.id}"


@dataclass(frozen=True)
class Entry:
    """One claim of the ledger: what it says, where it comes from, and its computed verdict with evidence."""

    id: str
    source: dict[str, str] | None
    statement: str
    kind: str
    verdict: str
    expected: str
    methods: list[str]
    examples: int
    vacuous: int
    seconds: float
    evidence: dict[str, Any]
    counterexample: dict[str, Any] | None
    why: str | None = None  # the link to the claim's explanation in docs/theory.md (symproof.report.reasoning.why)
    figures: tuple[str, ...] = ()  # the claim's figures: files in docs/figures

    @classmethod
    def of(cls, claim: Claim, verdict: Verdict) -> Entry:
        """Return the entry of `claim` judged as `verdict`."""
        evidence: dict[str, Any] = {
            "examples_to_counterexample" if verdict.counterexample is not None else "examples": verdict.examples
        }
        if verdict.margin:
            evidence["margin"] = verdict.margin
        if verdict.scope:
            evidence["scope"] = verdict.scope
        if verdict.condition:
            evidence["condition"] = verdict.condition
            evidence["examples_under_condition"] = verdict.examples_under_condition
            evidence["counterexample_under_condition"] = verdict.counterexample_under_condition
        replay = _replay(claim, verdict)
        if replay:
            evidence["replay"] = replay
        if verdict.new_pins:
            evidence["new pins"] = [pin.to_dict() for pin in verdict.new_pins]
        evidence.update(verdict.evidence)
        return cls(
            claim.id,
            claim.source.to_dict() if claim.source else None,
            claim.statement,
            claim.kind,
            verdict.status,
            _expected(claim),
            list(claim.methods),
            verdict.examples + verdict.examples_under_condition,
            verdict.vacuous,
            round(verdict.seconds, 3),
            evidence,
            verdict.counterexample,
            why(claim.id),
            tuple(claim.figures),
        )

    @classmethod
    def error(cls, claim: Claim, error: BaseException) -> Entry:
        """Return the entry of `claim` whose judging raised `error`: verdict "error", never dropped."""
        return cls(
            claim.id,
            claim.source.to_dict() if claim.source else None,
            claim.statement,
            claim.kind,
            "error",
            _expected(claim),
            list(claim.methods),
            0,
            0,
            0.0,
            {"error": f"{type(error).__name__}: {error}"},
            None,
            why(claim.id),
            tuple(claim.figures),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as plain data (JSON types only)."""
        return plain(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        """Return the entry recorded as `data` by `to_dict`."""
        return cls(**{**data, "figures": tuple(data.get("figures", ()))})

    @property
    def as_expected(self) -> bool:
        """Return whether the computed verdict equals the recorded expectation."""
        return self.verdict == self.expected


def _expected(claim: Claim) -> str:
    """Return the verdict recorded for `claim`, or "unrecorded" when its snapshot holds none yet."""
    return claim.expected if claim.expected is not None else "unrecorded"


def plain(data: Any) -> Any:
    """Return `data` with JSON types only (NumPy scalars become floats or ints, tuples lists, others strings)."""
    return json.loads(json.dumps(data, default=lambda o: o.item() if hasattr(o, "item") else str(o)))


def summary_table(entries: list[Entry]) -> str:
    """Return a fixed-width table: ID, verdict, examples, vacuous examples, seconds (and the expectation where it
    differs)."""
    width = max([len("ID"), *(len(e.id) for e in entries)])
    lines = [f"{'ID':<{width}}  {'verdict':<11}  {'examples':>8}  {'vacuous':>7}  {'seconds':>7}"]
    for e in entries:
        flag = "" if e.as_expected else f"  EXPECTED {e.expected}"
        lines.append(f"{e.id:<{width}}  {e.verdict:<11}  {e.examples:>8}  {e.vacuous:>7}  {e.seconds:>7.2f}{flag}")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _json_block(data: Any) -> list[str]:
    """Return a JSON object as a fenced block, one top-level key per line."""
    if not isinstance(data, dict) or not data:
        return ["```json", json.dumps(data, ensure_ascii=False, default=str), "```"]
    items = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False, default=str)}" for k, v in data.items()]
    return ["```json", "{", ",\n".join(items), "}", "```"]


@dataclass(frozen=True)
class Ledger:
    """The judged claims of one run, with the version, effort and seed that produced them."""

    symproof_version: str
    effort: str
    seed: int | None  # None when the entries were judged with different seeds
    environment: dict[str, str]
    claims: list[Entry]
    machine: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return the ledger as plain data (JSON types only), in the documented JSON shape."""
        return plain(asdict(self))

    def write_json(self, path: Path | str) -> None:
        """Write the ledger as JSON to `path`."""
        Path(path).write_text(json.dumps(self.to_dict(), indent=1, ensure_ascii=False, default=str) + "\n")

    def to_markdown(
        self, *, figures: Path | None = None, command: str = "symproof verify", theory: str | None = None
    ) -> str:
        """Return the ledger as markdown, naming the `command` that wrote it; figures found in `figures` are linked
        relative to its parent, and each claim's explanation through `theory`, the path of docs/theory.md from the
        ledger (None: the explanation is named by its path from the repository's root, unlinked)."""
        lines = [
            "# Claims ledger",
            "",
            f"Generated by `{command}` (symproof {self.symproof_version}, effort {self.effort}, seed {self.seed}). "
            "Do not edit by hand: run the command again.",
            "",
            "Environment: " + ", ".join(f"{k} {v}" for k, v in self.environment.items()) + ".",
            "",
            "| ID | verdict | expected | methods | examples | vacuous | seconds |",
            "|---|---|---|---|---:|---:|---:|",
        ]
        for e in self.claims:
            lines.append(
                f"| [{e.id}](#{_anchor(e.id)}) | **{e.verdict}** | {e.expected} | {', '.join(e.methods)} "
                f"| {e.examples} | {e.vacuous} | {e.seconds:.2f} |"
            )
        for e in self.claims:
            lines += [
                "",
                f"## {e.id}",
                "",
                f"**{e.verdict}** (expected {e.expected}) · {e.kind} · "
                f"{', '.join(e.methods)} · {e.examples} examples ({e.vacuous} vacuous) · {e.seconds:.2f} s",
                "",
            ]
            lines.append(f"**Statement.** {_escape(e.statement)}")
            if e.source and e.source["quote"]:
                lines += ["", f"**Source.** {e.source['seed']}:", ""]
                lines += [f"> {_escape(line)}" for line in e.source["quote"].splitlines()]
                lines += ["", f"*{_escape(e.source['english'])}*"]
            elif e.source:
                lines += ["", f"**Source.** {_escape(e.source['english'])}"]
            if e.why:
                lines += ["", f"**Why.** {_why(e.why, theory)}"]
            evidence = dict(e.evidence)
            if "condition" in evidence:
                lines += ["", f"**Condition.** {_escape(str(evidence.pop('condition')))}"]
            if "scope" in evidence:
                proven = "Proven" if e.verdict == "proven" else "Proven under the condition"
                lines += ["", f"**{proven}, with SymPy.** {_escape(str(evidence.pop('scope')))}"]
            if e.counterexample is not None:
                lines += ["", "**Counterexample.**", "", *_json_block(e.counterexample)]
            if "replay" in evidence:
                lines += ["", f"Replay: `{evidence.pop('replay')}`"]
            lines += ["", "<details><summary>Evidence</summary>", "", *_json_block(evidence), "", "</details>"]
            for name in e.figures:
                if figures is not None and (figures / name).is_file():
                    lines += ["", f"![{name}]({figures.name}/{name})"]
        return "\n".join(lines) + "\n"

    def write_markdown(self, path: Path | str, *, command: str | None = None) -> None:
        """Write the ledger as markdown to `path`, linking the figures of a `figures` directory beside it and the
        explanations of a theory.md beside it (or of docs/theory.md below its folder)."""
        target = Path(path)
        command = command or f"symproof verify --markdown {path}"
        theory = next((name for name in ("theory.md", THEORY) if (target.parent / name).is_file()), None)
        target.write_text(self.to_markdown(figures=target.parent / "figures", command=command, theory=theory))

    def mismatches(self) -> list[Entry]:
        """Return the entries whose verdict differs from the recorded expectation."""
        return [e for e in self.claims if not e.as_expected]


def _why(link: str, theory: str | None) -> str:
    """Return the markdown of an explanation's `link` (docs/theory.md#...), relative to the ledger through `theory`."""
    if theory is None or not link.startswith(THEORY + "#"):
        return f"`{link}`"
    relative = theory + link[len(THEORY) :]
    return f"[{relative}]({relative})"


def _anchor(claim_id: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", claim_id.lower()).replace(" ", "-")


_ROW = re.compile(r"^\| \[(?P<id>[^\]]+)\]\([^)]*\) \| \*\*(?P<verdict>[a-z]+)\*\* \|")


def read_verdicts(path: Path | str) -> dict[str, str]:
    """Return the verdict of each claim in a ledger file (JSON, or the markdown that `Ledger` writes)."""
    text = Path(path).read_text()
    if str(path).endswith(".json"):
        return {c["id"]: c["verdict"] for c in json.loads(text)["claims"]}
    return {m["id"]: m["verdict"] for line in text.splitlines() if (m := _ROW.match(line))}
