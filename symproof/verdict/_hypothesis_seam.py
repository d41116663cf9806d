"""The one place symproof reaches into Hypothesis' internals, and why it still must.

Hypothesis draws about 5% of its values from constants found in every local module imported so far. The same seed
then searches differently depending on which modules (which tests) were loaded: in one order, `sampled_from` over
six activations never drew tanh in 100 examples. A verdict must depend on the claim, the seed and the number of
examples only, and Hypothesis (6.170) has no public setting that turns this off. `no_local_constants` empties the
constant pool for the duration of a search. If the private function moves, the search still works, only less
reproducibly; tests/verdict/test_hypothesis_seam.py fails so that the move is noticed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

__all__ = ["no_local_constants", "seam_available"]


def seam_available() -> bool:
    """Return whether this Hypothesis has the private function that `no_local_constants` replaces."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover
        return False
    return hasattr(providers, "_get_local_constants") and hasattr(providers, "Constants")


@contextlib.contextmanager
def no_local_constants() -> Iterator[None]:
    """Keep Hypothesis from mixing constants found in the loaded modules into the search (see the module)."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    if original is None or not hasattr(providers, "Constants"):  # pragma: no cover
        yield
        return
    empty = providers.Constants()
    providers._get_local_constants = lambda: empty
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()
