"""The layers of pyproject.toml's import-linter contracts hold, and a wrong import breaks them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("importlinter")
LINT = Path(sys.executable).with_name("lint-imports")


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    """Return the result of lint-imports on the package `symproof` found first on `path`."""
    env = {**os.environ, "PYTHONPATH": str(path)}
    return subprocess.run(
        [str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True, text=True, env=env, cwd=path, check=False,
    )  # fmt: skip


def test_the_package_keeps_its_contracts() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("engine/params.py", "import symproof.report.ledger", "The engine imports nothing else of symproof"),
        ("search/space.py", "from symproof.claims import REGISTRY", "Layers"),
    ],
)
def test_a_wrong_import_breaks_a_contract(tmp_path: Path, module: str, line: str, broken: str) -> None:
    shutil.copytree(ROOT / "symproof", tmp_path / "symproof", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "symproof" / module
    target.write_text(target.read_text() + f"\n{line}  # a deliberate layering violation\n")
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout
