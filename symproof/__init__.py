"""symproof: property-based and symbolic verification of claims about neural-network initialisation.

A claim is one decorated function: ``from symproof import claim, scenarios`` is enough for the common case (see
`symproof.report.decorator` and docs/writing-claims.md). The engine (`Network`, `Params`, the optimizers) is a small
NumPy backpropagation network whose layout is documented in `symproof.engine.network`. The structure predicates in
`symproof.structure.predicates` check which neurons stay interchangeable.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from symproof.engine.activations import ACTIVATIONS, Activation, get_activation
    from symproof.engine.losses import LOSSES, Loss, get_loss
    from symproof.engine.network import Forward, Gradient, Network
    from symproof.engine.optimizers import OPTIMIZERS, SGD, Adam, AdamState, Momentum, Optimizer, make_optimizer
    from symproof.engine.params import Params
    from symproof.engine.training import Divergence, Step, iterate, train, train_step
    from symproof.report.decorator import claim
    from symproof.report.testing import check
    from symproof.search.scenario import Scenario
    from symproof.search.space import scenarios
    from symproof.search.within import Within
    from symproof.stats.init_check import assert_init, check_init
    from symproof.structure.model_report import (
        assert_no_collapse,
        assert_symmetry_broken,
        symmetry_report,
        train_steps,
    )
    from symproof.structure.predicates import (
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
    from symproof.verdict.claim import Claim, Condition
    from symproof.verdict.measured import Measure, Measurement
    from symproof.verdict.proof import Proof, Prove
    from symproof.verdict.searched import Search, all_of, replay

# The public names, by the module that defines them. They load on first use (PEP 562), so that `import symproof`
# (which the pytest plugin's entry point does in every pytest run) costs nothing until the engine is used.
_EXPORTS = {
    "symproof.engine.activations": ("ACTIVATIONS", "Activation", "get_activation"),
    "symproof.report.decorator": ("claim",),
    "symproof.verdict.measured": ("Measure", "Measurement"),
    "symproof.verdict.proof": ("Proof", "Prove"),
    "symproof.search.scenario": ("Scenario",),
    "symproof.stats.init_check": ("assert_init", "check_init"),
    "symproof.structure.model_report": (
        "assert_no_collapse",
        "assert_symmetry_broken",
        "symmetry_report",
        "train_steps",
    ),
    "symproof.search.space": ("scenarios",),
    "symproof.search.within": ("Within",),
    "symproof.report.testing": ("check",),
    "symproof.verdict.claim": ("Claim", "Condition"),
    "symproof.verdict.searched": ("Search", "all_of", "replay"),
    "symproof.engine.losses": ("LOSSES", "Loss", "get_loss"),
    "symproof.engine.network": ("Forward", "Gradient", "Network"),
    "symproof.engine.optimizers": ("OPTIMIZERS", "SGD", "Adam", "AdamState", "Momentum", "Optimizer", "make_optimizer"),
    "symproof.engine.params": ("Params",),
    "symproof.structure.predicates": (
        "Check",
        "Structure",
        "classify",
        "is_block_constant",
        "is_column_equal",
        "is_constant",
        "is_row_equal",
        "is_zero",
        "neurons_identical",
    ),
    "symproof.engine.training": ("Divergence", "Step", "iterate", "train", "train_step"),
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
    "Claim",
    "Condition",
    "Divergence",
    "Forward",
    "Gradient",
    "Loss",
    "Measure",
    "Measurement",
    "Momentum",
    "Network",
    "Optimizer",
    "Params",
    "Proof",
    "Prove",
    "Scenario",
    "Search",
    "Step",
    "Structure",
    "Within",
    "__version__",
    "all_of",
    "assert_init",
    "assert_no_collapse",
    "assert_symmetry_broken",
    "check",
    "check_init",
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
    "replay",
    "scenarios",
    "symmetry_report",
    "train",
    "train_step",
    "train_steps",
]
