"""The command line: --version, --help, verify, replay, experiment, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import symproof
from symproof.claims import REGISTRY
from symproof.cli import main
from symproof.inits import BiasInit, WeightInit
from symproof.ledger import read_verdicts
from symproof.scenario import Scenario


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"symproof {symproof.__version__}"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "experiment" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: symproof")
    assert "experiment" in out


def test_a_closed_pipe_is_not_a_traceback() -> None:
    command = f"{sys.executable} -m symproof experiment --steps 500 | head -1"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)
    assert result.stdout == "step:0\n"
    assert result.stderr == ""


def test_experiment_prints_every_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["experiment", "--steps", "3", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("step:")] == ["step:0", "step:1", "step:2"]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["experiment", "--steps", "0"], "steps must be a positive integer; got 0"),
        (["experiment", "--steps", "two"], "--steps: invalid int value: 'two'"),
        (["experiment", "--dtype", "float16"], "--dtype: invalid choice: 'float16'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["experiment", "--seed", "-1"], "seed must be a non-negative integer; got -1"),
        (["verify", "--effort", "heroic"], "--effort: invalid choice: 'heroic'"),
        (["verify", "--only", "nope.*"], "only matches no claim; got 'nope.*'"),
        (["verify", "--seed", "-1"], "seed must be a non-negative integer; got -1"),
        (["verify", "--jobs", "0"], "jobs must be a positive integer; got 0"),
        (["verify", "--json", "/nonexistent/dir/l.json"], "--json must be a path in an existing directory"),
        (["replay", "s000.nope", "{}"], "claim must be one of"),
        (["replay", "s000.linear-zero-stuck", "{topology"], "scenario must be JSON"),
        (["replay", "s000.linear-zero-stuck", "[1]"], "scenario must be a JSON object; got list"),
        (["replay", "s004.naive-std", "{}"], "claim must be a searched claim to replay a scenario"),
        (["replay", "s000.linear-zero-stuck", "{}"], "scenario must give its topology"),
        (["replay", "s000.linear-zero-stuck", '{"topology": [1, 1], "steps": true}'], "steps must be an integer"),
        (["replay", "s000.linear-zero-stuck", '{"topology": [1, 1], "color": 1}'], "unknown fields ['color']"),
        (["replay", "s000.linear-zero-stuck", '{"topology": [1, 1], "steps": 100000000}'], "beyond what replay runs"),
        (["replay", "s000.linear-zero-stuck", '{"topology": [1, 1000000000]}'], "beyond what replay runs"),
        (
            [
                "replay",
                "s000.linear-zero-stuck",
                '{"topology": [1, 1], "weights": ["1"], "weight_specs": [{"kind": "zero"}]}',
            ],
            "contradicts weight_specs",
        ),
        (["show", "s000.nope"], "claim must be one of"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(argv: list[str], fragment: str) -> None:
    result = subprocess.run([sys.executable, "-m", "symproof", *argv], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("symproof") and fragment in lines[0], result.stderr


def test_verify_prints_progress_and_a_table_and_writes_both_ledgers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["verify", "--only", "s004.default-*", "--jobs", "1", "--effort", "quick"]
    assert main([*argv, "--json", str(tmp_path / "l.json"), "--markdown", str(tmp_path / "l.md")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "symproof verify: 1 claim, effort quick (50 examples per searched claim), seed 0, 1 process"
    assert out[1].startswith("[ 1/1] s004.default-init-code: refuted in ")
    assert out[3].split() == ["ID", "verdict", "examples", "vacuous", "seconds"]
    assert out[4].split()[:3] == ["s004.default-init-code", "refuted", "1"]
    assert out[-1].startswith("all 1 verdicts as expected; wall ")
    assert (
        read_verdicts(tmp_path / "l.json") == read_verdicts(tmp_path / "l.md") == {"s004.default-init-code": "refuted"}
    )
    assert json.loads((tmp_path / "l.json").read_text())["effort"] == "quick"


def test_verify_exits_1_naming_a_verdict_that_differs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    claim = REGISTRY["s004.default-init-code"]
    monkeypatch.setitem(REGISTRY, claim.id, replace(claim, expected="verified"))
    assert main(["verify", "--only", claim.id, "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    assert "EXPECTED verified" in out
    assert out.splitlines()[-1].startswith(
        "1 of 1 verdicts differ from the expectation: s004.default-init-code (refuted, expected verified)"
    )


def test_verify_in_parallel_gives_the_same_verdicts(tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        argv = ["verify", "--only", "s004.[dn]*", "--jobs", jobs, "--json", str(tmp_path / f"{jobs}.json")]
        result = subprocess.run([sys.executable, "-m", "symproof", *argv], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    assert (
        read_verdicts(tmp_path / "1.json")
        == read_verdicts(tmp_path / "2.json")
        == {
            "s004.naive-std": "verified",
            "s004.default-init-code": "refuted",
        }
    )


def test_replay_reproduces_a_counterexample(capsys: pytest.CaptureFixture[str]) -> None:
    zero = Scenario((1, 1), activation="identity", lr=1.0, weights=(WeightInit("zero"),), biases=(BiasInit("zero"),))
    scenario = zero.to_dict()
    assert main(["replay", "s000.linear-zero-stuck", json.dumps(scenario)]) == 1
    assert capsys.readouterr().out.startswith("s000.linear-zero-stuck: fails on this scenario")
    zeros = (WeightInit("zero"),) * 2, (BiasInit("zero"),) * 2
    hidden = replace(zero, topology=(1, 2, 1), weights=zeros[0], biases=zeros[1])  # inside the condition
    assert main(["replay", "s000.linear-zero-stuck", json.dumps(hidden.to_dict())]) == 0
    assert "holds on this scenario" in capsys.readouterr().out


def test_verify_replays_pins_first_and_update_pins_refuses_an_installed_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        main(
            [
                "verify",
                "--only",
                "gen.adam-rounding",
                "--jobs",
                "1",
                "--effort",
                "quick",
                "--json",
                str(tmp_path / "l.json"),
            ]
        )
        == 0
    )
    entry = json.loads((tmp_path / "l.json").read_text())["claims"][0]
    assert entry["verdict"] == "refuted" and "general.pins.json" in entry["evidence"]["pinned"]
    capsys.readouterr()
    from symproof.claims import CLAIMS

    claim = CLAIMS["gen.adam-rounding"]
    fake = f"/usr/lib/python3/site-packages/symproof/claims/{Path(str(claim.pin_path)).name}"
    monkeypatch.setitem(REGISTRY, "gen.adam-rounding", replace(claim, pin_path=fake))
    assert main(["verify", "--only", "gen.adam-rounding", "--update-pins"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "needs a source checkout" in err[0] and fake in err[0]


def test_replay_says_when_a_claim_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    scenario = {"topology": [1, 1], "weight_specs": [{"kind": "zero"}], "bias_specs": [{"kind": "zero"}]}
    scenario |= {"activation": "sigmoid", "loss": "softmax_ce", "x": [[0.5]], "y": [[1.0]]}
    assert main(["replay", "s000.zero-init-updates", json.dumps(scenario)]) == 0
    assert "says nothing about this scenario (vacuous)" in capsys.readouterr().out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_every_worker_with_one_line_and_exit_130(jobs: str) -> None:
    import signal
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "symproof", "verify", "--jobs", jobs, "--only", "s000.*"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        process.stdout.readline()  # the header: the claims are running
        time.sleep(2.0)
        sent = time.perf_counter()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        assert time.perf_counter() - sent < 3.0  # within 1 s of work, plus the interpreter's exit
    finally:
        process.kill()
        process.communicate()
    assert process.returncode == 130
    assert err.strip().splitlines() == ["symproof: interrupted"]


@pytest.mark.parametrize(
    ("option", "path", "fragment"),
    [
        ("--json", "", "--json must name a file (or - for standard output); got ''"),
        ("--json", ".", "--json must name a file (or - for standard output); got '.'"),
        ("--markdown", "/nonexistent/dir/l.md", "--markdown must be a path in an existing directory"),
        ("--json", "/proc/l.json", "--json cannot be written: '/proc/l.json' is not writable"),
    ],
)
def test_bad_output_paths_fail_before_any_work(option: str, path: str, fragment: str) -> None:
    import time

    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "symproof", "verify", option, path], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"symproof: error: {fragment}"] or fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert time.perf_counter() - start < 10.0  # no claim was judged


def test_a_ledger_on_standard_output_keeps_the_progress_on_standard_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "symproof", "verify", "--only", "s004.gaussian-pdf", "--json", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["claims"][0]["id"] == "s004.gaussian-pdf"
    assert "all 1 verdicts as expected" in result.stderr


def test_list_and_show_describe_the_claims(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"{len(REGISTRY)} claims" and len(lines) == len(REGISTRY) + 1
    assert lines[0].split()[:3] == ["s000.zero-init-updates", "generic", "conditional"]
    assert main(["show", "gen.adam-rounding"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("gen.adam-rounding (universal; property); expected verdict: refuted")
    replay_line = next(line for line in shown.splitlines() if line.startswith("Pinned counterexample"))
    assert main(["replay", "gen.adam-rounding", replay_line.split("'")[1]]) == 1  # the pin replays from `show`


def test_replay_reads_a_file_and_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    pin = json.dumps(REGISTRY["s000.linear-zero-stuck"].pins[0].scenario)  # type: ignore[union-attr]
    (tmp_path / "ce.json").write_text(pin)
    assert main(["replay", "s000.linear-zero-stuck", str(tmp_path / "ce.json")]) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO(pin))
    assert main(["replay", "s000.linear-zero-stuck", "-"]) == 1
