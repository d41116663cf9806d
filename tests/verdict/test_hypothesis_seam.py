"""The private Hypothesis seam: still there, patched only inside a search, restored after."""

from __future__ import annotations

from hypothesis.internal.conjecture import providers

from symproof.verdict._hypothesis_seam import no_local_constants, seam_available


def test_the_private_function_still_exists_and_is_restored() -> None:
    assert seam_available(), (
        "Hypothesis moved _get_local_constants: find the new seam (symproof/verdict/_hypothesis_seam.py)"
    )
    original = providers._get_local_constants
    with no_local_constants():
        constants = providers._get_local_constants()
        assert not any(len(part) for part in vars(constants).values() if hasattr(part, "__len__"))
    assert providers._get_local_constants is original
