"""The default tolerances against a fresh drift measurement: every measured drift must sit far below them."""

from __future__ import annotations

import numpy as np

from symproof.drift import measure_drift
from symproof.structure import DEFAULT_TOL


def test_default_tolerance_is_far_above_the_measured_drift() -> None:
    runs = measure_drift(runs_per_setting=1, steps=100, seed=2026)
    assert len(runs) == 2 * 6 * 4 * 3
    finite = [r for r in runs if r.finite]
    assert len(finite) >= 0.9 * len(runs)
    for run in finite:
        assert run.drift <= DEFAULT_TOL[np.dtype(run.dtype)] / 10, run
