"""Efforts and Hypothesis profiles."""

from __future__ import annotations

import pytest
from hypothesis import settings

from symproof.effort import EFFORTS, current_effort, get_effort, register_profiles


def test_efforts_scale_and_ci_searches_as_default_does() -> None:
    assert [EFFORTS[name].examples for name in ("quick", "default", "thorough")] == [50, 200, 1000]
    assert EFFORTS["ci"].examples == EFFORTS["default"].examples
    with pytest.raises(ValueError, match="effort must be one of"):
        get_effort("max")


def test_profiles_are_registered_and_name_the_effort() -> None:
    current = settings.get_current_profile_name()
    try:
        for name, examples in (("quick", 10), ("thorough", 1000)):
            settings.load_profile(name)
            assert settings().max_examples == examples
            assert current_effort() is EFFORTS[name]
        settings.load_profile("ci")
        assert settings().derandomize and settings().database is None and settings().deadline is None
    finally:
        settings.load_profile(current)


def test_ci_is_loaded_when_the_variable_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    current = settings.get_current_profile_name()
    try:
        monkeypatch.setenv("CI", "true")
        register_profiles()
        assert settings.get_current_profile_name() == "ci"
        monkeypatch.delenv("CI")
        register_profiles()
        assert settings.get_current_profile_name() == "default"
    finally:
        settings.load_profile(current)
