"""How hard symproof looks: the examples each searched claim gets at each effort, and opt-in Hypothesis profiles.

Efforts (for claims): a searched claim gets ``examples`` scenarios, or its own ``min_examples`` scaled to the effort
if that is larger, with and without its condition: ``quick`` 50, ``default`` 200, ``ci`` 200, ``thorough`` 1000.
``min_examples`` is stated at the default effort and scales with it (a quarter at quick, five times at thorough), so
that every budget shrinks and grows alike. A quick search is the start of the default one (`verdict.SEARCH_FLOOR`),
and built-in SymPy proofs cover a smaller stated scope at quick (`symbolic.ref.ProofRef.quick`). ``ci`` searches as
``default`` does, so the verdicts of the committed ledger and of a CI run are comparable. Under pytest the effort
comes from ``--symproof-effort``, else from the ``CI`` variable (``ci`` when set, ``default`` otherwise): never from a
Hypothesis profile, which belongs to the project. A measured claim whose `Measure` scales gets the effort's budget
against the default (0.25 at quick, 5 at thorough) for its sample sizes, and its evidence states the power they
give; the built-in ones of seed 004 do. Symbolic claims do not depend on the effort.

Profiles (opt-in, for a project's own property tests; symproof's test suite uses them): `register_profiles`
registers ``symproof-quick`` (10 examples), ``symproof-default`` (Hypothesis' defaults without a deadline: the
engine's first call is slow to warm up), ``symproof-ci`` (derandomized, no deadline, no example database) and
``symproof-thorough`` (1000 examples). It never registers, loads or changes a profile of another name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["EFFORTS", "Effort", "default_effort", "get_effort", "register_profiles"]


@dataclass(frozen=True)
class Effort:
    """A named effort: the scenarios searched per claim (at least; see `Claim.min_examples`)."""

    name: str
    examples: int

    def scaled(self, min_examples: int) -> int:
        """Return a claim's `min_examples` (stated at the default effort, 200) scaled to this effort, rounded up."""
        return -(-min_examples * self.examples // EFFORTS["default"].examples)


EFFORTS: dict[str, Effort] = {
    effort.name: effort
    for effort in (Effort("quick", 50), Effort("default", 200), Effort("ci", 200), Effort("thorough", 1000))
}


def get_effort(name: str) -> Effort:
    """Return the effort called `name`."""
    from symproof.engine._validation import check_choice

    return EFFORTS[check_choice("effort", name, EFFORTS)]


def default_effort() -> Effort:
    """Return the effort to use when none is asked for: ci when the CI variable is set, else default."""
    return EFFORTS["ci" if "CI" in os.environ else "default"]


def register_profiles(*, load: bool = True) -> None:
    """Register the Hypothesis profiles symproof-quick, -default, -ci and -thorough; with `load`, load symproof-ci
    when CI is set, else symproof-default."""
    from hypothesis import HealthCheck, settings

    # Every profile derives from Hypothesis' defaults, never from whichever profile happens to be loaded (Hypothesis
    # itself loads its own ci profile on import when CI is set).
    base = settings(settings.get_profile("default"), deadline=None)
    settings.register_profile("symproof-quick", base, max_examples=10)
    settings.register_profile("symproof-default", base)
    ci = {"derandomize": True, "database": None, "print_blob": True}
    settings.register_profile("symproof-ci", base, suppress_health_check=[HealthCheck.too_slow], **ci)
    settings.register_profile("symproof-thorough", base, max_examples=1000)
    if load:
        settings.load_profile("symproof-ci" if "CI" in os.environ else "symproof-default")
