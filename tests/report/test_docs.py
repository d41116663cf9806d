"""docs/writing-claims.md runs as written: its example file, the snapshot it shows, its measured and symbolic claims.

Every run is a subprocess (`runpytest_subprocess`), as a user runs pytest with symproof installed.
"""

from __future__ import annotations

import json
import re
import types
from pathlib import Path
from typing import Any

import pytest

import symproof
from symproof.report.decorator import claim_of
from symproof.report.ledger import read_verdicts
from symproof.search.scenario import Scenario
from symproof.verdict.claim import Claim
from symproof.verdict.searched import replay

pytest_plugins = ["pytester"]

DOC = Path(__file__).resolve().parents[2] / "docs" / "writing-claims.md"
MODULE = "test_leaky_zero_init"
UPDATES, SYMMETRIC = f"{MODULE}.zero_init_updates", f"{MODULE}.zero_init_symmetric"
DOC_VERDICTS = {UPDATES: "conditional", SYMMETRIC: "verified"}
SNAPSHOT = Path("__snapshots__") / f"{MODULE}.symproof.json"


def block(marker: str) -> str:
    """Return the fenced block that follows `marker` in the doc."""
    lines = DOC.read_text().splitlines()
    assert lines.count(marker) == 1, marker
    start = lines.index(marker)
    assert lines[start + 1].startswith("```")
    end = lines.index("```", start + 2)
    return "\n".join(lines[start + 2 : end]) + "\n"


def example() -> str:
    return block("<!-- example: test file -->")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=180)


def summary(result: pytest.RunResult) -> list[str]:
    """Return the non-empty lines of the "symproof claims" section."""
    text = result.stdout.str()
    return [line for line in text.split("symproof claims", 1)[1].splitlines()[1:] if line and "=" not in line[:3]]


def test_the_example_needs_one_import_line_and_four_names() -> None:
    imports = [line for line in example().splitlines() if line.startswith(("import ", "from "))]
    assert imports == ["from symproof import all_of, claim, neurons_identical, scenarios"]
    more = [
        line for line in block("<!-- example: more claims -->").splitlines() if line.startswith(("import ", "from "))
    ]
    assert len(more) == 2


def test_the_example_defines_two_claims_of_the_kinds_the_doc_names() -> None:
    module = types.ModuleType(MODULE)
    exec(compile(example(), str(DOC), "exec"), module.__dict__)
    updates, symmetric = claim_of(module.zero_init_updates), claim_of(module.zero_init_symmetric)
    assert (updates.id, symmetric.id) == (UPDATES, SYMMETRIC)
    assert (updates.kind, symmetric.kind) == ("generic", "universal")
    assert isinstance(updates, Claim) and updates.condition is not None
    assert updates.condition.name.startswith("no hidden layer, or some bias")


def test_the_example_records_its_snapshot_then_passes_with_the_summary_and_ledger_shown(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    pytester.makepyfile(**{MODULE: example()})
    first = run(pytester)
    first.assert_outcomes(failed=2)
    first.stdout.fnmatch_lines([f"E *{UPDATES}: no expected verdict is recorded in *; computed conditional.*"])
    updated = run(pytester, "--symproof-update")
    updated.assert_outcomes(passed=2)
    text = DOC.read_text()
    assert f"snapshots of 2 claims written to {pytester.path / SNAPSHOT}" in updated.stdout.str()
    # The snapshot the doc shows is the one written, up to the elided fields of the pin.
    written = json.loads((pytester.path / SNAPSHOT).read_text())
    shown = json.loads(block("<!-- example: snapshot -->"))
    assert {k: v["verdict"] for k, v in written.items()} == {k: v["verdict"] for k, v in shown.items()} == DOC_VERDICTS
    (pin,), (shown_pin,) = written[UPDATES]["pins"], shown[UPDATES]["pins"]
    assert pin["found"] == shown_pin["found"]
    assert {k: v for k, v in shown_pin["scenario"].items() if k != "..."}.items() <= pin["scenario"].items()
    result = run(pytester, "--symproof-ledger", "out.md")
    result.assert_outcomes(passed=2)
    lines = summary(result)
    assert lines[-2] == "2 claims: 1 conditional, 1 verified; 0 differ from the expectation"
    assert lines[-2] in text and lines[-1] == "ledger written to out.md"
    rows = {line.split()[0]: line.split()[1:3] for line in lines[1:3]}
    assert rows == {SYMMETRIC: ["verified", "200"], UPDATES: ["conditional", "200"]}  # the pin, then 200 under it
    assert read_verdicts(pytester.path / "out.md") == DOC_VERDICTS
    assert f"(symproof {symproof.__version__}, effort default, seed 0)" in (pytester.path / "out.md").read_text()


def test_the_counterexample_replays_and_xdist_gives_the_same_ledger(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**{MODULE: example()})
    run(pytester, "--symproof-effort", "quick", "--symproof-update").assert_outcomes(passed=2)
    serial = run(pytester, "--symproof-effort", "quick", "--symproof-ledger", "serial.json")
    parallel = run(pytester, "--symproof-effort", "quick", "-n", "2", "--symproof-ledger", "parallel.json")
    serial.assert_outcomes(passed=2)
    parallel.assert_outcomes(passed=2)
    parallel.stdout.fnmatch_lines(["*2 workers*"])

    def entries(name: str) -> list[dict[str, Any]]:
        data = json.loads((pytester.path / name).read_text())
        return [{k: v for k, v in e.items() if k != "seconds"} for e in data["claims"]]

    assert entries("parallel.json") == entries("serial.json")
    symmetric, updates = entries("serial.json")
    assert (symmetric["verdict"], symmetric["examples"], symmetric["counterexample"]) == ("verified", 50, None)
    assert (updates["verdict"], updates["expected"]) == ("conditional", "conditional")
    assert updates["evidence"]["examples_under_condition"] == 50
    assert updates["evidence"]["replay"] == "symproof.replay(claim, counterexample)"
    module = types.ModuleType(MODULE)
    exec(compile(example(), str(DOC), "exec"), module.__dict__)
    scenario = Scenario.from_dict(updates["counterexample"])
    assert not replay(claim_of(module.zero_init_updates), updates["counterexample"])
    assert not module.last_layer_fed(scenario)
    assert scenario.depth >= 2 and not scenario.initial.biases[-2].any()  # the last hidden layer starts at 0


def test_the_measured_and_symbolic_examples_are_verified_and_proven(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_more=block("<!-- example: more claims -->"))
    result = run(pytester, "--symproof-update")
    result.assert_outcomes(passed=2)
    verdicts = {
        k: v["verdict"]
        for k, v in json.loads((pytester.path / "__snapshots__/test_more.symproof.json").read_text()).items()
    }
    assert verdicts == {"test_more.uniform_mean": "verified", "test_more.sigmoid_slope": "proven"}
    assert re.search(r"Both are verified and proven, respectively", DOC.read_text())


def test_the_strategies_doc_example_runs(pytester: pytest.Pytester) -> None:
    text = (DOC.parent / "strategies.md").read_text()
    (code,) = re.findall(r"```python\n(.*?)```", text, re.S)
    pytester.makepyfile(test_strategies_doc=code)
    run(pytester).assert_outcomes(passed=1)
