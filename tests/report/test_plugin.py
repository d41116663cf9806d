"""The pytest plugin as a user meets it: claims collected and checked, snapshots, summary, ledger, xdist, options.

Every run is a subprocess (`runpytest_subprocess`), so the plugin loads through its ``pytest11`` entry point, as it
does for a user, and the Hypothesis profile of one run cannot leak into another. The example of
docs/writing-claims.md is run by tests/report/test_docs.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import symproof

pytest_plugins = ["pytester"]

LEDGER_KEYS = {"symproof_version", "effort", "seed", "environment", "claims", "machine"}
EXAMPLES = {"quick": 50, "default": 200, "ci": 200}

# Tiny claims for the tests below: depth <= 2, width <= 2, one step. Their names do not start with test_: the
# plugin collects decorated claims whatever their name.
TINY = '''
from symproof import claim, scenarios
from symproof.structure.predicates import is_zero

TINY = scenarios(activation="leaky_relu", weights="zero", max_depth=2, max_width=2, max_steps=1)


@claim("tiny.first-frozen", scenarios=TINY)
def first_frozen(s):
    """After one step from all-zero weights, every weight matrix but the last is still exactly 0."""
    return all(is_zero(w) for w in s.final.weights[:-1])


@claim("tiny.first-frozen-80", scenarios=TINY, min_examples=80)
def first_frozen_80(s):
    """After one step from all-zero weights, every weight matrix but the last is still exactly 0."""
    return all(is_zero(w) for w in s.final.weights[:-1])


@claim("tiny.updates", kind="generic", scenarios=TINY)
def updates(s):
    """With leaky_relu and all weights 0, the weights update in one step."""
    return not all(is_zero(w) for w in s.final.weights)
'''
TINY_SNAPSHOT = {
    "tiny.first-frozen": {"verdict": "verified"},
    "tiny.first-frozen-80": {"verdict": "verified"},
    "tiny.updates": {"verdict": "verified"},  # wrong on purpose: it is refuted
}


def tiny(pytester: pytest.Pytester, extra: str = "", snapshot: dict[str, Any] | None = None) -> None:
    """Write test_tiny.py (TINY and `extra`) and its snapshot file (TINY_SNAPSHOT, or `snapshot`)."""
    pytester.makepyfile(test_tiny=TINY + extra)
    folder = pytester.path / "__snapshots__"
    folder.mkdir(exist_ok=True)
    (folder / "test_tiny.symproof.json").write_text(json.dumps(TINY_SNAPSHOT if snapshot is None else snapshot))


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=120)


def section(result: pytest.RunResult) -> list[str]:
    """Return the non-empty lines of the "symproof claims" section of the terminal summary."""
    heads = [i for i, line in enumerate(result.outlines) if re.fullmatch(r"=+ symproof claims =+", line)]
    assert len(heads) == 1, result.stdout.str()
    lines = []
    for line in result.outlines[heads[0] + 1 :]:
        if line.startswith("="):
            break
        if line:
            lines.append(line)
    return lines


def rows(lines: list[str]) -> dict[str, tuple[str, int, str]]:
    """Return the summary table of a section: ID -> (verdict, examples, flag)."""
    assert lines[0].split() == ["ID", "verdict", "examples", "vacuous", "seconds"]
    table = {}
    for line in lines[1:]:
        if re.match(r"\d+ claims?: ", line):
            break
        claim_id, verdict, examples, vacuous, seconds, *flag = line.split()
        assert int(vacuous) >= 0
        float(seconds)
        table[claim_id] = (verdict, int(examples), " ".join(flag))
    return table


def tally(lines: list[str]) -> str:
    """Return the line of a section that counts the claims."""
    (line,) = (line for line in lines if re.match(r"\d+ claims?: ", line))
    return line


def load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text())
    assert isinstance(data, dict)
    return data


def without_seconds(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in entry.items() if k != "seconds"} for entry in data["claims"]]


def test_decorated_claims_are_collected_whatever_their_name_and_a_wrong_one_fails(pytester: pytest.Pytester) -> None:
    tiny(pytester)
    result = run(pytester, "--symproof-effort", "quick", "--symproof-ledger", "out.json")
    result.assert_outcomes(passed=2, failed=1)
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "E *AssertionError: tiny.updates: the verdict differs from its snapshot in *test_tiny.symproof.json",
            "*  - expected: verified",
            "*  + computed: refuted (* examples, effort quick, seed 0)",
            "*  statement: *",
            '*  counterexample: {"topology":*',
            "*  deviation there: False",
            "*  replay in Python: symproof.replay(claim, json.loads(*",
            "*  If the change is intended, run pytest --symproof-update and review the snapshot file.",
        ]
    )
    assert "symproof/report/testing.py" not in result.stdout.str()  # no traceback into symproof
    assert "symproof replay tiny.updates" not in result.stdout.str()  # the shell replays built-in claims only
    lines = section(result)
    table = rows(lines)
    assert table["tiny.updates"][0] == "refuted"
    assert table["tiny.updates"][2] == "EXPECTED verified"
    assert table["tiny.first-frozen"] == ("verified", EXAMPLES["quick"], "")
    assert tally(lines) == "3 claims: 1 refuted, 2 verified; 1 differs from the expectation (tiny.updates)"
    entries = {entry["id"]: entry for entry in load(pytester.path / "out.json")["claims"]}
    assert (entries["tiny.updates"]["verdict"], entries["tiny.updates"]["expected"]) == ("refuted", "verified")
    assert entries["tiny.updates"]["counterexample"]["activation"] == "leaky_relu"


def test_a_missing_snapshot_fails_and_update_records_verdicts_and_pins(pytester: pytest.Pytester) -> None:
    tiny(pytester, snapshot={})
    missing = run(pytester, "--symproof-effort", "quick", "-k", "first_frozen and not 80")
    missing.assert_outcomes(failed=1, deselected=2)
    missing.stdout.fnmatch_lines(["E *tiny.first-frozen: no expected verdict is recorded in *; computed verified.*"])
    updated = run(pytester, "--symproof-effort", "quick", "--symproof-update", "-n", "2")
    updated.assert_outcomes(passed=3)
    updated.stdout.fnmatch_lines(["snapshots of 3 claims written to *__snapshots__/test_tiny.symproof.json"])
    text = (pytester.path / "__snapshots__" / "test_tiny.symproof.json").read_text()
    recorded = json.loads(text)
    assert {k: v["verdict"] for k, v in recorded.items()} == {
        "tiny.first-frozen": "verified",
        "tiny.first-frozen-80": "verified",
        "tiny.updates": "refuted",
    }
    (pin,) = recorded["tiny.updates"]["pins"]
    assert pin["found"] == "search seed 0, effort quick"
    assert sum(line.lstrip().startswith('{"scenario": ') for line in text.splitlines()) == 1  # one line per pin
    again = run(pytester, "--symproof-effort", "quick", "--hypothesis-seed", "5")
    again.assert_outcomes(passed=3)  # the pin decides the refutation at every seed


def test_a_pin_that_no_longer_fails_is_reported(pytester: pytest.Pytester) -> None:
    stale = {"topology": [1, 1], "activation": "leaky_relu", "weight_specs": [{"kind": "constant", "value": 1.0}]}
    stale["bias_specs"] = [{"kind": "zero"}]
    snapshot = {**TINY_SNAPSHOT, "tiny.updates": {"verdict": "refuted", "pins": [{"scenario": stale, "found": "x"}]}}
    tiny(pytester, snapshot=snapshot)
    result = run(pytester, "--symproof-effort", "quick", "-k", "updates")
    result.assert_outcomes(failed=1, deselected=2)
    result.stdout.fnmatch_lines(
        [
            "E *tiny.updates: refuted as expected, but its counterexamples differ from the snapshot in *",
            "*  + new counterexample (search seed 0, effort quick): {*",
            "*  - pinned, no longer fails: {*",
        ]
    )


def test_help_shows_the_option_group(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--help")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        ["symproof: the claims ledger:", "  --symproof-effort=*", "  --symproof-update*", "  --symproof-ledger=PATH*"]
    )


@pytest.mark.parametrize(
    ("option", "ci", "effort"),
    [("quick", None, "quick"), (None, "true", "ci"), (None, None, "default"), ("quick", "true", "quick")],
)
def test_the_effort_option_and_the_ci_variable_set_the_effort(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, option: str | None, ci: str | None, effort: str
) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    tiny(pytester)
    args = ["--symproof-effort", option] if option else []
    result = run(pytester, *args, "-k", "frozen", "--symproof-ledger", "out.json")
    result.assert_outcomes(passed=2, deselected=1)
    data = load(pytester.path / "out.json")
    assert data["effort"] == effort
    examples = {entry["id"]: entry["examples"] for entry in data["claims"]}
    # min_examples is stated at the default effort and scales with the effort: 80 -> 20 at quick.
    scaled = {"quick": 20, "default": 80, "ci": 80}[effort]
    assert examples == {"tiny.first-frozen": EXAMPLES[effort], "tiny.first-frozen-80": max(EXAMPLES[effort], scaled)}


def test_hypothesis_seed_seeds_the_claims(pytester: pytest.Pytester) -> None:
    tiny(pytester)
    run(pytester, "--symproof-effort", "quick", "-k", "frozen", "--hypothesis-seed", "7", "--symproof-ledger", "o.json")
    assert {entry["evidence"]["seed"] for entry in load(pytester.path / "o.json")["claims"]} == {7}


# An unrelated project: its own Hypothesis profiles and a test that the default deadline fails. With symproof
# installed it must behave exactly as without (`-p no:symproof`).
UNRELATED_CONFTEST = """
import os
from hypothesis import settings

settings.register_profile("ci", max_examples=7)
settings.register_profile("default", max_examples=5)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
"""
UNRELATED_TEST = """
import json
import time
from pathlib import Path

from hypothesis import given, settings, strategies as st

SEEN = []


@given(st.integers())
def test_counts(n: int) -> None:
    SEEN.append(n)


def test_report() -> None:
    current = settings()
    Path("seen.json").write_text(json.dumps({
        "examples": len(SEEN),
        "profile": settings.get_current_profile_name(),
        "deadline": None if current.deadline is None else current.deadline.total_seconds(),
        "max_examples": current.max_examples,
        "derandomize": current.derandomize,
    }))


@settings(max_examples=2)
@given(st.integers())
def test_slow(n: int) -> None:
    time.sleep(0.3)
"""


@pytest.mark.parametrize(
    ("profile", "option"),
    [(None, None), ("ci", None), ("default", None), (None, "ci")],
    ids=["none", "ci", "default", "option"],
)
def test_an_unrelated_project_behaves_the_same_with_and_without_symproof(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, profile: str | None, option: str | None
) -> None:
    """Its deadline, its own ci and default profiles chosen by HYPOTHESIS_PROFILE, and --hypothesis-profile."""
    monkeypatch.delenv("CI", raising=False)
    if profile is not None:
        monkeypatch.setenv("HYPOTHESIS_PROFILE", profile)
    else:
        monkeypatch.delenv("HYPOTHESIS_PROFILE", raising=False)
    pytester.makeconftest(UNRELATED_CONFTEST)
    pytester.makepyfile(test_unrelated=UNRELATED_TEST)
    seen, outcomes = [], []
    chosen = ["--hypothesis-profile", option] if option else []
    for extra in ([], ["-p", "no:symproof"]):
        result = run(pytester, *chosen, *extra)
        outcomes.append(result.parseoutcomes())
        assert "DeadlineExceeded" in result.stdout.str()  # the default deadline still applies
        assert "symproof claims" not in result.stdout.str()  # no section of its own
        seen.append(load(pytester.path / "seen.json"))
    assert outcomes[0] == outcomes[1] == {"passed": 2, "failed": 1}
    assert seen[0] == seen[1]
    assert seen[0]["examples"] == {None: 5, "default": 5, "ci": 7}[option or profile]
    assert seen[0]["profile"] == (option or profile or "default")


def test_no_claim_checked(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain() -> None:\n    assert 1 + 1 == 2\n")
    result = run(pytester, "--symproof-effort", "quick", "--symproof-ledger", "out.json")
    result.assert_outcomes(passed=1)
    assert "symproof claims" not in result.stdout.str()
    assert "ledger written" not in result.stdout.str()
    # The ledger is still written, with no claims: a run that checks none has an empty ledger.
    data = load(pytester.path / "out.json")
    assert set(data) == LEDGER_KEYS
    assert (data["symproof_version"], data["effort"], data["seed"], data["claims"]) == (
        symproof.__version__,
        "quick",
        0,
        [],
    )
    assert data["environment"]["arithmetic"] == "reproducible"


def test_a_claim_that_raises_is_an_error_in_the_summary_and_the_ledger(pytester: pytest.Pytester) -> None:
    extra = '''

@claim("tiny.broken", scenarios=TINY)
def broken(s):
    """A claim whose check returns a list."""
    return []
'''
    tiny(pytester, extra, {**TINY_SNAPSHOT, "tiny.broken": {"verdict": "verified"}})
    result = run(pytester, "--symproof-effort", "quick", "-k", "broken or frozen", "--symproof-ledger", "out.json")
    result.assert_outcomes(passed=2, failed=1, deselected=1)
    result.stdout.fnmatch_lines(["*TypeError: claim 'tiny.broken': its check must return a bool or a Check; got list"])
    table = rows(section(result))
    assert table["tiny.broken"] == ("error", 0, "EXPECTED verified")
    entries = {entry["id"]: entry for entry in load(pytester.path / "out.json")["claims"]}
    assert entries["tiny.broken"]["verdict"] == "error"
    assert entries["tiny.broken"]["evidence"]["error"].startswith("TypeError: claim 'tiny.broken'")


def test_bad_claims_fail_at_import_naming_the_claim_and_the_option(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_bad='''
from symproof import claim, scenarios


@claim("bad.kind", kind="sometimes", scenarios=scenarios(max_steps=1))
def bad(s):
    """A claim of an unknown kind."""
    return True
'''
    )
    result = run(pytester)
    assert result.ret == 2  # a collection error
    result.stdout.fnmatch_lines(["E *ValueError: claim 'bad.kind': kind must be one of ('universal', 'generic')*"])
