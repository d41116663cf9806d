"""PyTorch for the tests that need it: skipped where torch is not installed, except under CI, where it must be."""

from __future__ import annotations

import os
from types import ModuleType

import pytest


def need_torch() -> ModuleType:
    """Return torch; skip the calling test module without it, or fail under CI (CI installs the torch extra)."""
    if os.environ.get("CI"):
        import torch

        return torch
    return pytest.importorskip("torch", reason="the torch extra is not installed: pip install -e '.[test,torch]'")
