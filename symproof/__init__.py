"""symproof: property-based and symbolic verification of claims about neural-network initialisation.

The engine (`Network`, `Params`, the optimizers) is a small NumPy backpropagation network whose layout is documented
in `symproof.network`. The structure predicates in `symproof.structure` check which neurons stay interchangeable.
"""

from __future__ import annotations

from symproof.activations import ACTIVATIONS, Activation, get_activation
from symproof.losses import LOSSES, Loss, get_loss
from symproof.network import Forward, Gradient, Network
from symproof.optimizers import OPTIMIZERS, SGD, Adam, AdamState, Momentum, Optimizer, make_optimizer
from symproof.params import Params
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
from symproof.training import Step, train, train_step

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
    "Forward",
    "Gradient",
    "Loss",
    "Momentum",
    "Network",
    "Optimizer",
    "Params",
    "Step",
    "Structure",
    "__version__",
    "classify",
    "get_activation",
    "get_loss",
    "is_block_constant",
    "is_column_equal",
    "is_constant",
    "is_row_equal",
    "is_zero",
    "make_optimizer",
    "neurons_identical",
    "train",
    "train_step",
]
