"""The figures of docs/variance.md are written as PNG files."""

from __future__ import annotations

from pathlib import Path

import pytest

from symproof.figures import main  # matplotlib comes with the test extra, so this test never skips


def test_figures_are_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "figures")]) == 0
    names = sorted(p.name for p in (tmp_path / "figures").iterdir())
    assert names == ["sigmoid_slope.png", "std_power.png", "z_pdf.png"]
    for path in (tmp_path / "figures").iterdir():
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG")
        assert len(data) > 10_000
    assert capsys.readouterr().out.count(".png") == 3
