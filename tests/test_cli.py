"""The command line: --version, --help, the experiment command, and one-line errors with exit status 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

import symproof
from symproof.cli import main


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
    ],
)
def test_bad_usage_is_one_line_and_exit_2(argv: list[str], fragment: str) -> None:
    result = subprocess.run([sys.executable, "-m", "symproof", *argv], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("symproof") and fragment in lines[0], result.stderr
