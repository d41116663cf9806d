"""The figure of `gen.adam-rounding` (extra `plots`), written by `python -m symproof.report.figures docs/figures`.

adam_rounding.png: the claim's first pinned counterexample (`claim.pins`: [1, 1, 1, 2], sigmoid, softmax
cross-entropy, weights 1, biases 0, x = 0, targets 0.5 and 0.5, lr 1), started one ulp from symmetric as the claim
starts it (the first weight of W_L moved to the next float), trained for `STEPS` steps with Adam and with SGD. At
each step it plots the largest relative deviation between parameters that the theorem makes equal: the spread of a
block of W_l or b_l, over the size of the terms behind it (`training.rounding_scale`), exactly the measure the claim
compares with its tolerance 1e-6. Step 0 is the nudged start, each block over its own largest entry.

`adam_versus_sgd` returns the plotted numbers, without matplotlib.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from symproof.engine.params import Params
from symproof.engine.training import rounding_scale, train
from symproof.report.figures import save
from symproof.search.scenario import Scenario
from symproof.structure.symmetry import predict

__all__ = ["OPTIMIZERS", "STEPS", "adam_versus_sgd", "draw_adam_rounding", "pinned_scenario"]

STEPS = 20  # the claim searches runs of 1..20 steps
OPTIMIZERS = ("adam", "sgd")


def pinned_scenario() -> Scenario:
    """Return the first pinned counterexample of gen.adam-rounding."""
    from symproof.claims import REGISTRY

    pins = getattr(REGISTRY["gen.adam-rounding"], "pins", ())
    if not pins:
        raise LookupError("gen.adam-rounding has no pinned counterexample")
    return Scenario.from_dict(pins[0].scenario)


def adam_versus_sgd(steps: int = STEPS) -> dict[str, list[float]]:
    """Return, per optimizer ("adam", "sgd"), the largest relative deviation between parameters predicted equal, at
    steps 0..`steps` of the pinned scenario nudged one ulp from symmetric."""
    curves: dict[str, list[float]] = {}
    for name in OPTIMIZERS:
        scenario = replace(pinned_scenario(), optimizer=name, steps=steps)
        params, x, y, _ = scenario.build()
        prediction = predict(params, x, y)  # the classes of the exact, symmetric start
        weights = [np.array(w) for w in params.weights]
        weights[-1][0, 0] = np.nextafter(weights[-1][0, 0], np.inf)
        previous = Params.from_arrays(weights, params.biases)
        net, optimizer = scenario.network(), scenario.make_optimizer()
        curve = [max(c.relative for c in prediction.checks(previous))]
        for step in train(net, previous, x, y, optimizer, steps=steps):
            scale = rounding_scale(net, step, previous, y, optimizer)
            curve.append(max(c.relative for c in prediction.checks(step.params, scale=scale)))
            previous = step.params
        curves[name] = curve
    return curves


def draw_adam_rounding(plt: Any, path: Path) -> None:
    """Draw adam_rounding.png into `path`."""
    from symproof.claims.general import NEARLY_SYMMETRIC

    curves = adam_versus_sgd()
    floor = 1e-18  # an exact 0 has no place on a log scale: drawn here
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for (name, curve), style in zip(curves.items(), ("o-", "s-")):
        label = f"{'Adam' if name == 'adam' else 'SGD'}: {curve[2]:.2g} after step 2, {curve[-1]:.2g} after {STEPS}"
        ax.plot(range(len(curve)), np.maximum(curve, floor), style, ms=3.5, label=label)
    ax.axhline(NEARLY_SYMMETRIC, color="black", lw=0.8, ls="--", label=f"claim's tolerance {NEARLY_SYMMETRIC:g}")
    ax.axhline(np.finfo(float).eps, color="grey", lw=0.8, ls=":", label="one ulp of 1.0 (2.2e-16)")
    ax.set_yscale("log")
    ax.set(xlabel="step", ylabel="largest relative deviation", ylim=(floor, 10), xticks=range(0, STEPS + 1, 2))
    s = pinned_scenario()
    start = f"weights {', '.join(map(str, s.weights))}, biases {', '.join(map(str, s.biases))}"
    ax.set_title(
        f"gen.adam-rounding: {list(s.topology)}, {s.activation}, {s.loss}, lr {s.lr:g}, {start},\n"
        f"first weight of W_{s.depth} moved one ulp",
        fontsize=8,
    )
    ax.legend(fontsize=7, loc="center right")
    save(plt, fig, path)
