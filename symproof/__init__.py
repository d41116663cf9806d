"""symproof: property-based and symbolic verification of claims about neural-network initialisation.

A claim is one decorated function: ``from symproof import claim, scenarios`` is enough for the common case (see
`symproof.decorator` and docs/writing-claims.md). The engine (`Network`, `Params`, the optimizers) is a small NumPy
backpropagation network whose layout is documented in `symproof.network`. The structure predicates in
`symproof.structure` check which neurons stay interchangeable.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from symproof.activations import ACTIVATIONS, Activation, get_activation
    from symproof.decorator import claim
    from symproof.losses import LOSSES, Loss, get_loss
    from symproof.measured import Measurement
    from symproof.network import Forward, Gradient, Network
    from symproof.optimizers import OPTIMIZERS, SGD, Adam, AdamState, Momentum, Optimizer, make_optimizer
    from symproof.params import Params
    from symproof.proof import Proof
    from symproof.scenario import Scenario
    from symproof.search_space import scenarios
    from symproof.structure import (
        Check,
        Structure,
        classify,
        is_block_constant,
        is_column_equal,
        is_constant,
        is_row_equal,
        is_zero,
        neurons_identical,
    )
    from symproof.testing import check
    from symproof.training import Divergence, Step, iterate, train, train_step
    from symproof.verdict import Condition, all_of

# The public names, by the module that defines them. They load on first use (PEP 562), so that `import symproof`
# (which the pytest plugin's entry point does in every pytest run) costs nothing until the engine is used.
_EXPORTS = {
    "symproof.activations": ("ACTIVATIONS", "Activation", "get_activation"),
    "symproof.decorator": ("claim",),
    "symproof.measured": ("Measurement",),
    "symproof.proof": ("Proof",),
    "symproof.scenario": ("Scenario",),
    "symproof.search_space": ("scenarios",),
    "symproof.testing": ("check",),
    "symproof.verdict": ("Condition", "all_of"),
    "symproof.losses": ("LOSSES", "Loss", "get_loss"),
    "symproof.network": ("Forward", "Gradient", "Network"),
    "symproof.optimizers": ("OPTIMIZERS", "SGD", "Adam", "AdamState", "Momentum", "Optimizer", "make_optimizer"),
    "symproof.params": ("Params",),
    "symproof.structure": (
        "Check",
        "Structure",
        "classify",
        "is_block_constant",
        "is_column_equal",
        "is_constant",
        "is_row_equal",
        "is_zero",
        "iterate",
        "neurons_identical",
    ),
    "symproof.training": ("Divergence", "Step", "iterate", "train", "train_step"),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        value = getattr(importlib.import_module(_HOME[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'symproof' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "OPTIMIZERS",
    "SGD",
    "Activation",
    "Adam",
    "AdamState",
    "Check",
    "Condition",
    "Divergence",
    "Forward",
    "Gradient",
    "Loss",
    "Measurement",
    "Momentum",
    "Network",
    "Optimizer",
    "Params",
    "Proof",
    "Scenario",
    "Step",
    "Structure",
    "__version__",
    "all_of",
    "check",
    "claim",
    "classify",
    "get_activation",
    "get_loss",
    "is_block_constant",
    "is_column_equal",
    "is_constant",
    "is_row_equal",
    "is_zero",
    "iterate",
    "make_optimizer",
    "neurons_identical",
    "scenarios",
    "train",
    "train_step",
]
