"""Efforts, and the opt-in Hypothesis profiles (which never touch a profile of another name)."""

from __future__ import annotations

import pytest
from hypothesis import settings

from symproof.verdict.effort import EFFORTS, default_effort, get_effort, register_profiles


def test_efforts_scale_and_ci_searches_as_default_does() -> None:
    assert [EFFORTS[name].examples for name in ("quick", "default", "thorough")] == [50, 200, 1000]
    assert EFFORTS["ci"].examples == EFFORTS["default"].examples
    with pytest.raises(ValueError, match="effort must be one of"):
        get_effort("max")


def test_the_default_effort_follows_the_ci_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert default_effort() is EFFORTS["ci"]
    monkeypatch.delenv("CI")
    assert default_effort() is EFFORTS["default"]


def test_profiles_live_under_symproof_names_and_leave_others_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    current = settings.get_current_profile_name()
    settings.register_profile("ci", max_examples=7)
    settings.register_profile("quick", max_examples=3)
    try:
        monkeypatch.setenv("CI", "true")
        register_profiles()
        assert settings.get_current_profile_name() == "symproof-ci"
        assert settings().derandomize and settings().database is None and settings().deadline is None
        settings.load_profile("symproof-quick")
        assert settings().max_examples == 10
        assert settings.get_profile("ci").max_examples == 7 and settings.get_profile("quick").max_examples == 3
        monkeypatch.delenv("CI")
        register_profiles()
        assert settings.get_current_profile_name() == "symproof-default"
    finally:
        settings.load_profile(current)


def test_min_examples_is_stated_at_the_default_effort_and_scales_with_the_effort() -> None:
    assert [get_effort(name).scaled(80) for name in ("quick", "default", "ci", "thorough")] == [20, 80, 80, 400]
    assert get_effort("quick").scaled(1) == 1  # rounded up: a claim that asks for examples gets some
    assert get_effort("quick").scaled(0) == 0
