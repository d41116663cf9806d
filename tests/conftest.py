"""symproof's own test suite opts into its Hypothesis profiles: no deadline (the engine's first call warms up
slowly), and derandomized under CI. The plugin itself registers none (symproof.verdict.effort)."""

from __future__ import annotations

from symproof.verdict.effort import register_profiles

register_profiles()
