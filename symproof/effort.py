"""How hard symproof looks: the Hypothesis profiles, and the examples each searched claim gets at each effort.

Profiles (for every property test):

- ``quick``: 10 examples per test, for a smoke run.
- ``default``: Hypothesis' 100 examples, no deadline (the engine's first call is slow to warm up).
- ``ci``: derandomized, no deadline, no example database; loaded automatically when the ``CI`` variable is set
  (to any value, as Hypothesis reads it).
- ``thorough``: 1000 examples per test.

Efforts (for claims): a searched claim gets ``examples`` scenarios, or its own ``min_examples`` if that is larger,
with and without its condition.
``ci`` searches as ``default`` does, so the verdicts of the committed ledger and of a CI run are comparable.
Measured and symbolic claims do not depend on the effort: their sample sizes come from a power calculation, and their
proofs from a fixed scope.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["EFFORTS", "Effort", "current_effort", "get_effort", "register_profiles"]


@dataclass(frozen=True)
class Effort:
    """A named effort: the scenarios searched per claim (at least; see `Claim.min_examples`)."""

    name: str
    examples: int


EFFORTS: dict[str, Effort] = {
    effort.name: effort
    for effort in (Effort("quick", 50), Effort("default", 200), Effort("ci", 200), Effort("thorough", 1000))
}


def get_effort(name: str) -> Effort:
    """Return the effort called `name`."""
    from symproof._validation import check_choice

    return EFFORTS[check_choice("effort", name, EFFORTS)]


def register_profiles(*, load: bool = True) -> None:
    """Register the Hypothesis profiles quick, default, ci and thorough; with `load`, load ci when CI is set, else
    default."""
    from hypothesis import HealthCheck, settings

    # Every profile derives from Hypothesis' defaults, never from whichever profile happens to be loaded (Hypothesis
    # itself loads its own ci profile on import when CI is set).
    base = settings(settings.get_profile("default"), deadline=None)
    settings.register_profile("quick", base, max_examples=10)
    settings.register_profile("default", base)
    ci = {"derandomize": True, "database": None, "print_blob": True}
    settings.register_profile("ci", base, suppress_health_check=[HealthCheck.too_slow], **ci)
    settings.register_profile("thorough", base, max_examples=1000)
    if load:
        settings.load_profile("ci" if "CI" in os.environ else "default")


def current_effort() -> Effort:
    """Return the effort named after the loaded Hypothesis profile (default for a profile of another name)."""
    from hypothesis import settings

    return EFFORTS.get(settings.get_current_profile_name(), EFFORTS["default"])
