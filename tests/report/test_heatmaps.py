"""The heatmap data: zeros recede one matrix per step from the output back, and the symmetric part collapses."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from symproof.claims.experiment import seed000_experiment
from symproof.report.heatmaps import CASES, STEPS, main, trajectories, write_heatmaps
from symproof.structure.predicates import is_constant, is_row_equal


def nonzero(ws: tuple[np.ndarray, ...]) -> list[bool]:
    return [not bool(np.all(w == 0.0)) for w in ws]


def test_shapes_follow_the_layout() -> None:
    for case in CASES:
        states = trajectories(case)
        assert len(states) == STEPS + 1
        for ws in states:
            assert [w.shape for w in ws] == [(5, 4), (4, 3), (3, 2), (2, 2)]


@pytest.mark.parametrize("k", range(5))
def test_zero_init_after_k_steps_exactly_the_last_k_matrices_are_nonzero(k: int) -> None:
    ws = trajectories("zero_init")[k]
    assert nonzero(ws) == [False] * (4 - k) + [True] * k
    for w in ws[: 4 - k]:
        assert np.all(w == 0.0)


def test_zero_init_collapses() -> None:
    states = trajectories("zero_init")
    assert all(nonzero(ws) == [True] * 4 for ws in states[4:])
    for ws in states[1:]:
        for w in ws[1:]:
            assert is_constant(w, tol=0.0)  # W_2..W_4: every entry equal (zero before it moves)
        assert is_row_equal(ws[0], tol=0.0)  # W_1: row i is x_i times a constant
    assert not is_constant(states[-1][0], tol=0.0)


def test_zero_init_is_the_seed_experiment() -> None:
    states = trajectories("zero_init")
    for k, step in enumerate(seed000_experiment(steps=STEPS), start=1):
        for got, want in zip(states[k], step.params.weights):
            np.testing.assert_array_equal(got, want)


def test_first_m_random_starts_from_a_seeded_normal_draw() -> None:
    states = trajectories("first_m_random")
    np.testing.assert_array_equal(states[0][0], np.random.default_rng(0).standard_normal((5, 4)))
    assert nonzero(states[0]) == [True, False, False, False]


def test_first_m_random_zeros_recede_behind_the_random_matrix() -> None:
    states = trajectories("first_m_random")
    assert [nonzero(ws)[1:] for ws in states[:4]] == [
        [False, False, False],
        [False, False, True],
        [False, True, True],
        [True, True, True],
    ]
    assert all(nonzero(ws) == [True] * 4 for ws in states[3:])
    for ws in states[1:4]:
        np.testing.assert_array_equal(ws[0], states[0][0])  # W_1 first moves at step 4, once W_2 is nonzero
    assert not np.array_equal(states[4][0], states[0][0])


def test_first_m_random_keeps_w1_random_and_collapses_the_rest() -> None:
    for ws in trajectories("first_m_random"):
        w1 = ws[0]
        assert not is_row_equal(w1, tol=0.0)
        assert len({tuple(r) for r in w1}) == w1.shape[0]  # no two rows equal
        assert len({tuple(c) for c in w1.T}) == w1.shape[1]  # no two columns equal
    for ws in trajectories("first_m_random")[1:]:
        assert is_row_equal(ws[1], tol=0.0)  # every neuron of layer 2 receives the same weight from neuron i
        assert is_constant(ws[2], tol=0.0)
        assert is_constant(ws[3], tol=0.0)
    assert not is_constant(trajectories("first_m_random")[-1][1], tol=0.0)


def test_trajectories_returns_fresh_arrays() -> None:
    first = trajectories("first_m_random", steps=1)
    assert len(first) == 2
    first[0][0][0, 0] = 99.0
    assert trajectories("first_m_random", steps=1)[0][0][0, 0] != 99.0


def test_unknown_case_and_bad_steps_are_rejected() -> None:
    with pytest.raises(ValueError, match="case must be one of"):
        trajectories("random")
    with pytest.raises(ValueError, match="steps"):
        trajectories("zero_init", steps=0)


def test_heatmaps_are_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    paths = write_heatmaps(tmp_path / "figures")
    assert [p.name for p in paths] == ["seed000_zero_init.png", "seed000_first_m_random.png"]
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG")
        assert len(data) > 10_000
    assert main([str(tmp_path / "again")]) == 0
    assert capsys.readouterr().out.count(".png") == 2
    assert sorted(p.name for p in (tmp_path / "again").iterdir()) == sorted(p.name for p in paths)
