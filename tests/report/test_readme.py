"""The README's example runs, and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_example_prints_what_it_claims() -> None:
    code = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert len(code) == 2
    source = code[0]
    claims = [line.split("#", 1)[1].strip() for line in source.splitlines() if line.startswith("print(")]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, str(README), "exec"), {})
    printed = out.getvalue().splitlines()
    assert len(printed) == len(claims) == 2
    assert printed[0] == claims[0]
    assert printed[1].startswith(claims[1].removesuffix("...)"))


def test_readme_commands_are_marked_for_ci() -> None:
    text = README.read_text(encoding="utf-8")
    for marker in ("<!-- ci:main -->", "<!-- ci:test -->"):
        assert marker in text
    assert "pip install . && .venv/bin/symproof" in text
    assert "pip install -e '.[test,torch]' && .venv/bin/python -m pytest" in text  # CI runs the torch tests


def test_readme_claim_example_prints_the_verdict() -> None:
    source = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)[1]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, str(README), "exec"), {})
    printed = out.getvalue().splitlines()
    assert printed[0] == "conditional"
    assert printed[1].startswith("[1, 1] at least one hidden layer, and every bias 0")
