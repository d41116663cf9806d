"""The pytest plugin as a user meets it: the example of docs/writing-claims.md run in a fresh pytest process.

Every run is a subprocess (`runpytest_subprocess`), so the plugin loads through its ``pytest11`` entry point, as it
does for a user, and the Hypothesis profile of one run cannot leak into another.
"""

from __future__ import annotations

import json
import re
import types
from pathlib import Path
from typing import Any

import pytest

import symproof
from symproof.ledger import read_verdicts
from symproof.scenario import Scenario
from symproof.verdict import replay

pytest_plugins = ["pytester"]

DOC = Path(__file__).resolve().parents[1] / "docs" / "writing-claims.md"
MARKER = "<!-- example: test file -->"
UPDATES, SYMMETRIC = "leaky.zero-init-updates", "leaky.zero-init-symmetric"
DOC_VERDICTS = {UPDATES: "conditional", SYMMETRIC: "verified"}
LEDGER_KEYS = {"symproof_version", "effort", "seed", "environment", "claims", "machine"}
ENTRY_KEYS = {
    "id",
    "source",
    "statement",
    "kind",
    "verdict",
    "expected",
    "methods",
    "examples",
    "vacuous",
    "seconds",
    "evidence",
    "counterexample",
}
EXAMPLES = {"quick": 50, "default": 200, "ci": 200}

# Tiny claims for the tests below: depth <= 2, width <= 2, one step.
TINY = '''
import json
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st

from symproof.inits import WeightInit
from symproof.registry import claim
from symproof.scenario import Scenario
from symproof.strategies import scenarios, topologies
from symproof.structure import is_zero
from symproof.testing import check


def tiny() -> st.SearchStrategy[Scenario]:
    return scenarios(
        topology=topologies(max_depth=2, max_width=2),
        activation=st.just("leaky_relu"),
        weights=lambda depth: st.just((WeightInit("zero"),) * depth),
        max_steps=1,
    )


def first_frozen(s: Scenario) -> bool:
    """After one step from all-zero weights, every weight matrix but the last is still exactly 0."""
    return all(is_zero(w) for w in s.run()[-1].params.weights[:-1])


def updates(s: Scenario) -> bool:
    """With leaky_relu and all weights 0, the weights update in one step."""
    return not all(is_zero(w) for w in s.run()[-1].params.weights)


FROZEN = claim("tiny.first-frozen", kind="universal", expected="verified", scenarios=tiny)(first_frozen)
FROZEN_80 = claim("tiny.first-frozen-80", kind="universal", expected="verified", scenarios=tiny, min_examples=80)(
    first_frozen
)
WRONG = claim("tiny.updates", kind="generic", expected="verified", scenarios=tiny)(updates)
'''


def example() -> str:
    """Return the complete test file that docs/writing-claims.md shows after its marker."""
    lines = DOC.read_text().splitlines()
    assert lines.count(MARKER) == 1
    start = lines.index(MARKER)
    assert lines[start + 1] == "```python"
    end = lines.index("```", start + 2)
    return "\n".join(lines[start + 2 : end]) + "\n"


def example_module() -> types.ModuleType:
    """Return the doc's example, executed as a module (defining its claims checks nothing)."""
    module = types.ModuleType("writing_claims_example")
    exec(compile(example(), str(DOC), "exec"), module.__dict__)
    return module


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
        if re.match(r"\d+ claims: ", line):
            break
        claim_id, verdict, examples, vacuous, seconds, *flag = line.split()
        assert int(vacuous) >= 0
        float(seconds)
        table[claim_id] = (verdict, int(examples), " ".join(flag))
    return table


def tally(lines: list[str]) -> str:
    """Return the line of a section that counts the claims."""
    (line,) = (line for line in lines if re.match(r"\d+ claims: ", line))
    return line


def load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text())
    assert isinstance(data, dict)
    return data


def without_seconds(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in entry.items() if k != "seconds"} for entry in data["claims"]]


def test_example_is_one_complete_test_file() -> None:
    module = example_module()
    assert {module.zero_init_updates.id, module.zero_init_symmetric.id} == set(DOC_VERDICTS)
    assert {name for name in vars(module) if name.startswith("test_")} == {
        "test_zero_init_updates",
        "test_zero_init_symmetric",
    }
    assert {module.zero_init_updates.kind, module.zero_init_symmetric.kind} == {"generic", "universal"}
    assert module.zero_init_updates.expected == DOC_VERDICTS[UPDATES]
    assert module.zero_init_symmetric.expected == DOC_VERDICTS[SYMMETRIC]


def test_example_passes_with_summary_and_markdown_ledger(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    pytester.makepyfile(test_leaky_zero_init=example())
    result = run(pytester, "--symproof-ledger", "out.md")
    result.assert_outcomes(passed=2)
    assert result.ret == 0
    lines = section(result)
    table = rows(lines)
    assert table[SYMMETRIC] == ("verified", EXAMPLES["default"], "")
    verdict, examples, flag = table[UPDATES]
    assert (verdict, flag) == ("conditional", "")
    assert EXAMPLES["default"] < examples <= 2 * EXAMPLES["default"]  # up to the counterexample, then under it
    assert tally(lines) == "2 claims: 1 conditional, 1 verified; 0 differ from the expectation"
    assert lines[-1] == "ledger written to out.md"
    assert tally(lines) in DOC.read_text()  # the doc shows the output of this run
    ledger = pytester.path / "out.md"
    assert read_verdicts(ledger) == DOC_VERDICTS
    assert f"(symproof {symproof.__version__}, effort default, seed 0)" in ledger.read_text()


def test_example_json_ledger(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_leaky_zero_init=example())
    result = run(pytester, "--symproof-effort", "quick", "--symproof-ledger", "out.json")
    result.assert_outcomes(passed=2)
    path = pytester.path / "out.json"
    assert read_verdicts(path) == DOC_VERDICTS
    data = load(path)
    assert set(data) == LEDGER_KEYS
    assert (data["symproof_version"], data["effort"], data["seed"]) == (symproof.__version__, "quick", 0)
    assert [entry["id"] for entry in data["claims"]] == sorted(DOC_VERDICTS)
    assert all(set(entry) == ENTRY_KEYS for entry in data["claims"])
    symmetric, updates = data["claims"]
    assert symmetric == {
        **symmetric,
        "source": None,
        "kind": "universal",
        "verdict": "verified",
        "expected": "verified",
        "methods": ["property"],
        "examples": EXAMPLES["quick"],
        "vacuous": 0,
        "evidence": {"examples": EXAMPLES["quick"], "effort": "quick", "seed": 0},
        "counterexample": None,
    }
    assert symmetric["statement"].startswith("With leaky_relu, all weights 0 and each bias constant across its layer,")
    evidence = updates["evidence"]
    assert (updates["kind"], updates["verdict"], updates["expected"]) == ("generic", "conditional", "conditional")
    assert evidence["condition"].startswith("no hidden layer, or some bias of the last hidden layer exceeds 1e-50")
    assert evidence["examples_under_condition"] == EXAMPLES["quick"]
    assert evidence["counterexample_under_condition"] is None
    assert updates["examples"] == evidence["examples_to_counterexample"] + EXAMPLES["quick"]
    assert evidence["replay"] == "symproof.verdict.replay(claim, counterexample)"  # the CLI knows built-ins only
    # The recorded counterexample replays: the weights stay 0, and the condition excludes it.
    module = example_module()
    scenario = Scenario.from_dict(updates["counterexample"])
    assert scenario.activation == "leaky_relu"
    assert scenario.depth >= 2
    assert not replay(module.zero_init_updates, updates["counterexample"])
    assert not module.last_layer_fed(scenario)
    assert not scenario.initial().biases[-2].any()  # the last hidden layer starts at 0


def test_xdist_gives_the_same_ledger(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_leaky_zero_init=example())
    serial = run(pytester, "--symproof-effort", "quick", "--symproof-ledger", "serial.json")
    parallel = run(pytester, "--symproof-effort", "quick", "-n", "2", "--symproof-ledger", "parallel.json")
    serial.assert_outcomes(passed=2)
    parallel.assert_outcomes(passed=2)
    parallel.stdout.fnmatch_lines(["*2 workers*"])
    assert read_verdicts(pytester.path / "parallel.json") == DOC_VERDICTS
    parallel_ledger, serial_ledger = load(pytester.path / "parallel.json"), load(pytester.path / "serial.json")
    assert without_seconds(parallel_ledger) == without_seconds(serial_ledger)
    lines = section(parallel)
    assert {claim_id: row[0] for claim_id, row in rows(lines).items()} == DOC_VERDICTS
    assert rows(lines)[SYMMETRIC] == ("verified", EXAMPLES["quick"], "")
    assert tally(lines) == tally(section(serial))
    assert lines[-1] == "ledger written to parallel.json"


def test_wrong_expectation_fails_and_is_listed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        TINY
        + """

def test_wrong() -> None:
    check(WRONG)


def test_right() -> None:
    check(FROZEN)
"""
    )
    result = run(pytester, "--symproof-effort", "quick", "--symproof-ledger", "out.json")
    result.assert_outcomes(passed=1, failed=1)
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "E *AssertionError: tiny.updates: computed refuted, expected verified",
            "E *  statement: *",
            'E *  counterexample: {"topology":*',
            "E *  deviation there: False",
            "E *  replay in Python: symproof.verdict.replay(claim, json.loads(*",
            "E *  replay from the shell (built-in claims): symproof replay tiny.updates '{*",
        ]
    )
    lines = section(result)
    table = rows(lines)
    assert table["tiny.updates"][0] == "refuted"
    assert table["tiny.updates"][2] == "EXPECTED verified"
    assert table["tiny.first-frozen"] == ("verified", EXAMPLES["quick"], "")
    assert tally(lines) == "2 claims: 1 refuted, 1 verified; 1 differs from the expectation (tiny.updates)"
    entries = {entry["id"]: entry for entry in load(pytester.path / "out.json")["claims"]}
    assert (entries["tiny.updates"]["verdict"], entries["tiny.updates"]["expected"]) == ("refuted", "verified")
    assert entries["tiny.updates"]["counterexample"]["activation"] == "leaky_relu"
    assert read_verdicts(pytester.path / "out.json") == {"tiny.updates": "refuted", "tiny.first-frozen": "verified"}


def test_help_shows_the_option_group(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--help")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["symproof: the claims ledger:", "  --symproof-ledger=PATH*"])


EFFORT_TEST = """

def test_frozen() -> None:
    check(FROZEN)


def test_frozen_80() -> None:
    check(FROZEN_80)
"""


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
    pytester.makepyfile(TINY + EFFORT_TEST)
    args = ["--symproof-effort", option] if option else []
    result = run(pytester, *args, "--symproof-ledger", "out.json")
    result.assert_outcomes(passed=2)
    data = load(pytester.path / "out.json")
    assert data["effort"] == effort
    examples = {entry["id"]: entry["examples"] for entry in data["claims"]}
    assert examples == {"tiny.first-frozen": EXAMPLES[effort], "tiny.first-frozen-80": max(EXAMPLES[effort], 80)}


def test_hypothesis_seed_seeds_the_claims(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(TINY + EFFORT_TEST)
    run(pytester, "--symproof-effort", "quick", "--hypothesis-seed", "7", "--symproof-ledger", "out.json")
    assert {entry["evidence"]["seed"] for entry in load(pytester.path / "out.json")["claims"]} == {7}


# An unrelated project: its own Hypothesis profiles and a test that the default deadline fails. With symproof
# installed it must behave exactly as without (`-p no:symproof`).
UNRELATED_CONFTEST = """
import os
from hypothesis import settings

settings.register_profile("ci", max_examples=7)
settings.register_profile("default", max_examples=5)
settings.load_profile(os.environ.get("MY_PROFILE", "default"))
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


@pytest.mark.parametrize("profile", [None, "ci", "default"])
def test_an_unrelated_project_behaves_the_same_with_and_without_symproof(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, profile: str | None
) -> None:
    monkeypatch.delenv("CI", raising=False)
    if profile is not None:
        monkeypatch.setenv("MY_PROFILE", profile)
    pytester.makeconftest(UNRELATED_CONFTEST)
    pytester.makepyfile(test_unrelated=UNRELATED_TEST)
    seen, outcomes = [], []
    for extra in ([], ["-p", "no:symproof"]):
        result = run(pytester, *extra)
        outcomes.append(result.parseoutcomes())
        assert "DeadlineExceeded" in result.stdout.str()  # the default deadline still applies
        assert "symproof claims" not in result.stdout.str()  # no section of its own
        seen.append(load(pytester.path / "seen.json"))
    assert outcomes[0] == outcomes[1] == {"passed": 2, "failed": 1}
    assert seen[0] == seen[1]
    assert seen[0]["examples"] == {None: 5, "default": 5, "ci": 7}[profile]


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
    pytester.makepyfile(
        TINY
        + """

@claim("tiny.broken", kind="universal", expected="verified", scenarios=tiny)
def broken(s: Scenario) -> bool:
    \"\"\"A claim whose check returns a list.\"\"\"
    return []  # type: ignore[return-value]


def test_broken() -> None:
    check(broken)


def test_right() -> None:
    check(FROZEN)
"""
    )
    result = run(pytester, "--symproof-effort", "quick", "--symproof-ledger", "out.json")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*TypeError: claim 'tiny.broken': its check must return a bool or a Check; got list"])
    table = rows(section(result))
    assert table["tiny.broken"] == ("error", 0, "EXPECTED verified")
    entries = {entry["id"]: entry for entry in load(pytester.path / "out.json")["claims"]}
    assert entries["tiny.broken"]["verdict"] == "error"
    assert entries["tiny.broken"]["evidence"]["error"].startswith("TypeError: claim 'tiny.broken'")
