"""The command line: --version, --help, verify, replay, list, show, experiment, the exit statuses (0 as expected, 1 a
verdict differs, 2 bad usage, 3 a claim raised or was undecided, 4 output lost, 130 Ctrl-C), and every bad usage in
one table."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import symproof
from symproof.claims import CLAIMS, REGISTRY
from symproof.engine.inits import BiasInit, WeightInit
from symproof.report.cli import main
from symproof.report.ledger import read_verdicts
from symproof.search.scenario import Scenario
from symproof.structure.predicates import Check
from symproof.verdict.claim import Claim
from symproof.verdict.searched import Search
from symproof.verdict.snapshots import load as load_snapshots


def _holding(claim: Claim, holds: Any, **fields: Any) -> Claim:
    """Return the searched `claim` with its check replaced by `holds` (and `fields` replaced)."""
    assert isinstance(claim.decider, Search)
    return replace(claim, decider=replace(claim.decider, holds=holds), **fields)


REPLAYED = "s000.linear-zero-stuck"


def _symproof(*argv: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "symproof", *argv]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, check=False, timeout=120)


def _status(argv: list[str]) -> int | str | None:
    """Return main's exit status, also when argparse ends it with SystemExit."""
    try:
        return main(argv)
    except SystemExit as exit_info:
        return exit_info.code


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert _status(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"symproof {symproof.__version__}"


def test_help_lists_the_commands_and_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "experiment" in capsys.readouterr().out
    for argv in (["--help"], ["verify", "--help"]):
        assert _status(argv) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"usage: symproof{' verify' if 'verify' in argv else ''}")
        statuses = out.split("exit status:\n", 1)[1].splitlines()
        assert [line.split()[0] for line in statuses] == ["0", "1", "2", "3", "4", "130"]
    assert "experiment" in _symproof("--help").stdout


def _never(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("bad usage must be refused before any work")


def _bad(*argv: str, says: str, stdin: str | None = None, process: bool = False, id: str) -> Any:
    """A row of the bad-usage table: `argv` must exit 2 with one line on stderr holding `says`. {tmp} stands for a
    fresh directory, {ro} for a directory nobody may write; `process` runs it as `python -m symproof`."""
    return pytest.param(list(argv), says, stdin, process, id=id)


BAD_USAGE = [
    # verify: output paths, checked before any claim is judged
    _bad(
        "verify", "--json", "{tmp}", says="--json must name a file (or - for standard output); got '{tmp}'", id="j-dir"
    ),
    _bad("verify", "--json", "", says="--json must name a file (or - for standard output); got ''", id="j-empty"),
    _bad(
        "verify", "--json", "/nonexistent/l.json", says="--json must be a path in an existing directory", id="j-no-dir"
    ),
    _bad(
        "verify", "--json", "/proc/l.json", says="--json cannot be written: '/proc/l.json'", process=True, id="j-proc"
    ),
    _bad("verify", "--json", "{ro}/l.json", says="--json cannot be written: '{ro}/l.json'", id="j-read-only"),
    _bad("verify", "--markdown", "{tmp}", says="--markdown must name a file (or - for standard output)", id="m-dir"),
    _bad(
        "verify", "--markdown", "", says="--markdown must name a file (or - for standard output); got ''", id="m-empty"
    ),
    _bad("verify", "--markdown", "/nonexistent/l.md", says="--markdown must be a path in an existing", id="m-no-dir"),
    _bad("verify", "--markdown", "/sys/l.md", says="--markdown cannot be written: '/sys/l.md'", id="m-sys"),
    _bad("verify", "--markdown", "{ro}/l.md", says="--markdown cannot be written: '{ro}/l.md'", id="m-read-only"),
    _bad("verify", "--json", "{tmp}/l", "--markdown", "{tmp}/./l", says="another place than --json", id="same-file"),
    _bad("verify", "--json", "-", "--markdown", "-", says="another place than --json; both are '-'", id="both-stdout"),
    # verify: which claims, how hard, how many processes
    _bad("verify", "--only", "nope.*", says="--only must match a claim ID", process=True, id="only-none"),
    _bad("verify", "--only", "s000.*", "--only", "nope.*", says="claim ID (`symproof list`", id="only-one-of-two"),
    _bad("verify", "--only", "", says="--only must match a claim ID (`symproof list` lists them", id="only-empty"),
    _bad("verify", "--effort", "heroic", says="--effort: invalid choice: 'heroic'", id="effort"),
    _bad("verify", "--seed", "-1", says="--seed must be a non-negative integer; got -1", id="seed-negative"),
    _bad("verify", "--seed", "x", says="--seed: invalid int value: 'x'", id="seed-text"),
    _bad("verify", "--jobs", "0", says="--jobs must be a positive integer; got 0", id="jobs-0"),
    _bad("verify", "--backend", "jax", says="--backend: invalid choice: 'jax'", id="backend"),
    _bad(
        "verify",
        "--backend",
        "torch",
        "--update",
        says="--update records the numpy backend's verdicts and pins; got --backend torch",
        id="backend-update",
    ),
    _bad("verify", "--frobnicate", says="unrecognized arguments: --frobnicate", id="verify-unknown-option"),
    # show and replay: the claim
    _bad("show", "s000.nope", says="claim must be one of [", id="show-unknown"),
    _bad("replay", "s000.nope", "{}", says="; got 's000.nope'", id="replay-unknown"),
    _bad("replay", "s004.naive-std", "{}", says="must be a searched claim to replay a scenario", id="replay-measured"),
    _bad("replay", REPLAYED, says="the following arguments are required: scenario", id="replay-no-scenario"),
    # replay: the scenario, its fields, and the caps (refused before the check runs)
    _bad("replay", REPLAYED, "{}", says='scenario must give its topology, e.g. "topology"', id="scenario-{}"),
    _bad("replay", REPLAYED, '{"topology": [1, 1], "steps": true}', says="steps must be an integer", id="steps-bool"),
    _bad("replay", REPLAYED, "{topology", says="scenario must be JSON; got '{topology'", id="malformed"),
    _bad("replay", REPLAYED, "[1]", says="scenario must be a JSON object; got list", id="json-list"),
    _bad("replay", REPLAYED, '{"topology": [1, 1], "color": 1}', says="unknown fields ['color']", id="unknown-field"),
    _bad(
        "replay",
        REPLAYED,
        '{"topology": [1, 1], "weights": ["1"], "weight_specs": [{"kind": "zero"}]}',
        says="scenario weights ['1'] contradicts weight_specs",
        id="contradiction",
    ),
    _bad("replay", REPLAYED, '{"topology": [1, 1000000000]}', says="got 1 steps and 2000000000 parameters", id="width"),
    _bad("replay", REPLAYED, '{"topology": [1, 1], "steps": 100000000}', says="got 100000000 steps", id="steps-1e8"),
    _bad("replay", REPLAYED, "{tmp}/missing.json", says="a file holding it, or - for standard input", id="no-file"),
    _bad("replay", REPLAYED, "{tmp}", says="or - for standard input; got '{tmp}' (a directory)", id="dir-as-file"),
    _bad("replay", REPLAYED, "-", stdin="{x", says="scenario must be JSON; got '{x'", process=True, id="stdin-bad"),
    _bad("replay", REPLAYED, "-", stdin="", says="scenario must be JSON; got '' (Expecting value)", id="stdin-empty"),
    # experiment, and the command itself
    _bad("experiment", "--steps", "0", says="--steps must be a positive integer; got 0", id="exp-steps-0"),
    _bad("experiment", "--steps", "two", says="--steps: invalid int value: 'two'", id="exp-steps-text"),
    _bad("experiment", "--seed", "-1", says="--seed must be a non-negative integer; got -1", id="exp-seed"),
    _bad("experiment", "--dtype", "float16", says="--dtype: invalid choice: 'float16'", id="exp-dtype"),
    _bad("frobnicate", says="invalid choice: 'frobnicate'", process=True, id="unknown-command"),
]


@pytest.mark.parametrize(("argv", "says", "stdin", "process"), BAD_USAGE)
def test_bad_usage_is_one_line_exit_2_and_no_work(
    argv: list[str],
    says: str,
    stdin: str | None,
    process: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole list of bad usage. In process, the work (judging, a replayed check, a training step) is replaced by
    a function that fails the test: a bad value is refused before any of it, and nothing is written."""
    read_only = tmp_path / "read-only"
    read_only.mkdir(mode=0o555)
    if any("{ro}" in arg for arg in argv) and getattr(os, "geteuid", lambda: -1)() == 0:
        pytest.skip("root may write in a read-only directory (/proc/l.json and /sys/l.md stand for it)")
    argv = [arg.replace("{tmp}", str(tmp_path)).replace("{ro}", str(read_only)) for arg in argv]
    says = says.replace("{tmp}", str(tmp_path)).replace("{ro}", str(read_only))
    before = sorted(tmp_path.rglob("*"))
    status: int | str | None
    if process:
        result = _symproof(*argv, stdin=stdin)
        status, out, err = result.returncode, result.stdout, result.stderr
    else:
        monkeypatch.setattr("symproof.report.verify.verify", _never)
        monkeypatch.setattr("symproof.claims.experiment.iterate", _never)
        monkeypatch.setitem(REGISTRY, REPLAYED, _holding(CLAIMS[REPLAYED], _never))
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin or ""))
        status = _status(argv)
        out, err = capsys.readouterr()
    assert status == 2, err
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("symproof") and says in lines[0], err
    assert sorted(tmp_path.rglob("*")) == before  # nothing written, not even a probe file


def test_a_closed_pipe_is_not_a_traceback() -> None:
    command = f"{sys.executable} -m symproof experiment --steps 500 | head -1; echo status ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)
    assert result.stdout == "step 0: initial state\nstatus 4\n"
    assert result.stderr == ""


def test_experiment_starts_at_the_initial_state_and_labels_every_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["experiment", "--steps", "3", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    headers = [line for line in out.splitlines() if line.startswith("step ")]
    assert headers == [
        "step 0: initial state",
        "step 1: after 1 update",
        "step 2: after 2 updates",
        "step 3: after 3 updates",
    ]
    first = out.split("------------------\n")[0].splitlines()
    labels = [line for line in first if line[0] in "Wb"]
    assert (labels[0], labels[-1], len(labels)) == ("W1 (5x4):", "b4 (2x1):", 8)  # all of them: test_experiments.py
    assert first[first.index("b1 (4x1):") + 1] == "[[0.1]"  # step 0: the biases as set, every weight 0
    assert first[first.index("W4 (2x2):") + 1 : first.index("b4 (2x1):")] == ["[[0. 0.]", " [0. 0.]]"]


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


def _wrong_type(scenario: Scenario) -> Any:
    return "yes"


def _says_nothing(scenario: Scenario) -> Check:
    return Check.vacuous_example("never applies")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_claim_that_raises_or_is_undecided_exits_3_with_the_whole_ledger(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Judged in this process or in workers (forked: they see the patched registry), the two claims that cannot be
    judged are "error" entries, the third is judged, and both ledgers are written."""
    broken, undecided = CLAIMS[REPLAYED], CLAIMS["s000.zero-init-updates"]
    monkeypatch.setitem(REGISTRY, broken.id, _holding(broken, _wrong_type, pins=()))
    monkeypatch.setitem(REGISTRY, undecided.id, _holding(undecided, _says_nothing, pins=()))
    globs = ["--only", broken.id, "--only", undecided.id, "--only", "s004.gaussian-pdf"]
    ledgers = ["--json", str(tmp_path / "l.json"), "--markdown", str(tmp_path / "l.md")]
    assert main(["verify", *globs, "--jobs", jobs, "--effort", "quick", *ledgers]) == 3
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(f"seed 0, {jobs} process{'es' if jobs == '2' else ''}")
    assert out[-1].startswith(f"2 of 3 claims raised or could not be decided: {undecided.id} (ValueError: claim ")
    assert f"{broken.id} (TypeError: claim '{broken.id}': its check must return a bool or a Check; got str)" in out[-1]
    expected = {undecided.id: "error", broken.id: "error", "s004.gaussian-pdf": "refuted"}
    assert read_verdicts(tmp_path / "l.json") == read_verdicts(tmp_path / "l.md") == expected
    entries = json.loads((tmp_path / "l.json").read_text())["claims"]
    errors = {e["id"]: e["evidence"]["error"] for e in entries if e["verdict"] == "error"}
    assert "is undecided" in errors[undecided.id] and errors[broken.id].startswith("TypeError: ")


def _dies(claim: Any, **kwargs: Any) -> Any:
    os._exit(9)


def test_a_worker_that_dies_costs_only_its_own_claim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from symproof.verdict.judge import judge

    monkeypatch.setattr(
        "symproof.verdict.judge.judge", lambda claim, **kw: _dies(claim) if claim.id == REPLAYED else judge(claim, **kw)
    )
    argv = ["verify", "--only", REPLAYED, "--only", "s004.[gn]*", "--jobs", "2", "--json", str(tmp_path / "l.json")]
    assert main(argv) == 3
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith(f"1 of 3 claims raised or could not be decided: {REPLAYED} (BrokenProcessPool: the process ")
    assert read_verdicts(tmp_path / "l.json") == {
        REPLAYED: "error",
        "s004.naive-std": "verified",
        "s004.gaussian-pdf": "refuted",
    }


def test_verify_in_parallel_gives_the_same_verdicts(tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        result = _symproof("verify", "--only", "s004.[dn]*", "--jobs", jobs, "--json", str(tmp_path / f"{jobs}.json"))
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
    assert main(["replay", REPLAYED, json.dumps(scenario)]) == 1
    assert capsys.readouterr().out.startswith(f"{REPLAYED}: fails on this scenario")
    zeros = (WeightInit("zero"),) * 2, (BiasInit("zero"),) * 2
    hidden = replace(zero, topology=(1, 2, 1), weights=zeros[0], biases=zeros[1])  # inside the condition
    assert main(["replay", REPLAYED, json.dumps(hidden.to_dict())]) == 0
    assert "holds on this scenario" in capsys.readouterr().out


def test_replay_exits_3_when_the_check_raises(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pin = json.dumps(CLAIMS[REPLAYED].pins[0].scenario)
    monkeypatch.setitem(REGISTRY, REPLAYED, _holding(CLAIMS[REPLAYED], _wrong_type))
    assert main(["replay", REPLAYED, pin]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"symproof: error: {REPLAYED} raised on this scenario: TypeError: claim '{REPLAYED}': its check must return a "
        "bool or a Check; got str"
    ]


def test_verify_replays_pins_first_and_update_refuses_an_installed_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["verify", "--only", "gen.adam-rounding", "--jobs", "1", "--effort", "quick"]
    assert main([*argv, "--json", str(tmp_path / "l.json")]) == 0
    from symproof.claims import CLAIMS

    claim = CLAIMS["gen.adam-rounding"]
    entry = json.loads((tmp_path / "l.json").read_text())["claims"][0]
    assert entry["verdict"] == "refuted" and Path(str(claim.snapshot)).name in entry["evidence"]["pinned"]
    capsys.readouterr()
    fake = f"/usr/lib/python3/site-packages/symproof/claims/__snapshots__/{Path(str(claim.snapshot)).name}"
    monkeypatch.setitem(REGISTRY, "gen.adam-rounding", replace(claim, snapshot=fake))
    assert main(["verify", "--only", "gen.adam-rounding", "--update"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "needs a source checkout" in err[0] and fake in err[0]


def test_verify_update_records_a_changed_verdict_and_its_pins_in_the_snapshot_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = CLAIMS["gen.adam-rounding"]
    file = tmp_path / "__snapshots__" / "general.symproof.json"
    wrong = replace(claim, expected="verified", snapshot=str(file))  # recorded wrongly, in a snapshot of our own
    monkeypatch.setitem(REGISTRY, claim.id, wrong)
    argv = ["verify", "--only", claim.id, "--jobs", "1", "--effort", "quick"]
    assert main(argv) == 1  # the verdict differs from the snapshot
    assert not file.exists()  # without --update nothing is written
    capsys.readouterr()
    assert main([*argv, "--update"]) == 0
    assert f"updated the snapshots of {claim.id} in {file}" in capsys.readouterr().out
    recorded = load_snapshots(file)[claim.id]
    assert recorded.verdict == "refuted" and recorded.pins == claim.pins  # the pin still fails: kept, not duplicated


def test_replay_says_when_a_claim_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    scenario = {"topology": [1, 1], "weight_specs": [{"kind": "zero"}], "bias_specs": [{"kind": "zero"}]}
    scenario |= {"activation": "sigmoid", "loss": "softmax_ce", "x": [[0.5]], "y": [[1.0]]}
    assert main(["replay", "s000.zero-init-updates", json.dumps(scenario)]) == 0
    assert "says nothing about this scenario (vacuous)" in capsys.readouterr().out


def _session(leader: int) -> list[int]:
    """Return the processes of the session `leader` started (Linux: field 6 of /proc/PID/stat)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == leader and fields[0] != "Z":
            found.append(int(pid))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="finds the workers through /proc")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_every_worker_with_one_line_and_exit_130(jobs: str) -> None:
    """Ctrl-C reaches the whole process group, as a terminal sends it; the run ends within the hard timeout (5 s; it
    takes about 0.1 s), and no worker outlives it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "symproof", "verify", "--jobs", jobs, "--only", "s000.*"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("symproof verify: 10 claims")  # the claims are running
        time.sleep(2.0)
        assert len(_session(process.pid)) == 1 + (jobs == "2") * 2  # the workers are there
        os.killpg(process.pid, signal.SIGINT)
        sent = time.perf_counter()
        _, err = process.communicate(timeout=5.0)
        took = time.perf_counter() - sent
    finally:
        process.kill()
        process.communicate()
    assert process.returncode == 130, f"{err} after {took:.2f} s"
    assert err.splitlines() == ["symproof: interrupted"], f"after {took:.2f} s"
    assert _session(process.pid) == []


def test_a_ledger_on_standard_output_keeps_the_progress_on_standard_error() -> None:
    result = _symproof("verify", "--only", "s004.gaussian-pdf", "--json", "-")
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
    pin = json.dumps(REGISTRY[REPLAYED].pins[0].scenario)
    (tmp_path / "ce.json").write_text(pin)
    assert main(["replay", REPLAYED, str(tmp_path / "ce.json")]) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO(pin))
    assert main(["replay", REPLAYED, "-"]) == 1


def test_verify_on_torch_without_torch_names_the_extra(capsys: pytest.CaptureFixture[str]) -> None:
    code = (
        "import sys; sys.modules['torch'] = None\n"  # as if torch were not installed
        "from symproof.report.cli import main; sys.exit(main(['verify', '--backend', 'torch']))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "symproof: error: --backend torch: this symproof feature needs PyTorch: "
        "pip install 'symproof[torch]'  (torch==2.13.0, the CPU build)"
    ]
