"""The claims of seed 000 (zero and constant initialisation), each worded as the seed states it.

The seed argues in its own terms: "row-equal" (行相等) for W_1, "internally equal" (内部相等) for later matrices,
"k-step zero propagation" for all-zero weights. Each claim below searches the seed's setting widened to the cases it
does not name: activations, bias inits, targets, optimizers and depths. The verdicts are computed, never typed; the
`expected` field is what the test suite checks the computation against.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from symproof.claims._common import (
    NON_VANISHING,
    NON_VANISHING_WITHIN,
    NOT_RELU,
    SYMMETRIC_START,
    SYMMETRIC_START_WITHIN,
    collapsed,
    has_error,
    nonzero_pattern,
    output_error,
    stuck_free,
    within,
)
from symproof.claims._logistic import logistic
from symproof.claims._spaces000 import (
    constant_space,
    first_m_space,
    k_step_space,
    linear_space,
    output_widths,
    random_bias_space,
    seed_setting,
    single_random_space,
    zeros,
)
from symproof.engine.inits import BiasInit
from symproof.engine.training import Step
from symproof.search.scenario import Scenario
from symproof.search.space import scenarios
from symproof.search.strategies import topologies
from symproof.structure.predicates import Check, Structure, classify, is_column_equal, is_zero
from symproof.structure.symmetry import measured_classes
from symproof.symbolic.ref import ProofRef
from symproof.verdict.claim import Claim, Condition
from symproof.verdict.searched import Search, all_of


def _updates(s: Scenario) -> Check | bool:
    steps = s.run()
    first = steps[0].forward
    if not output_error(first.output, s.build()[2]):
        return Check.vacuous_example("no error at the start: the claim says nothing")
    return any(nonzero_pattern(steps[-1]))


def _constant_structure(s: Scenario) -> Check | bool:
    if max(s.topology) == 1:
        return Check.vacuous_example("every layer has one neuron: every structure holds trivially")
    return all_of("constant-init-structure", [collapsed(step, 1) for step in s.run()])


def _k_step(s: Scenario) -> Check | bool:
    depth, checks = s.depth, []
    for k, step in enumerate(s.run(), start=1):
        if nonzero_pattern(step) != [l > depth - k for l in range(1, depth + 1)] and k <= depth:
            return False
        if k >= depth:
            checks.append(collapsed(step, 1))
    return all_of("zero-init-k-step", checks)


def _random_count(s: Scenario) -> int:
    return sum(w.kind == "random" for w in s.weights)


def _first_m(s: Scenario) -> Check | bool:
    m, depth = _random_count(s), s.depth
    zeros = any(w.kind == "zero" for w in s.weights)
    checks = []
    for k, step in enumerate(s.run(), start=1):
        if zeros and k <= depth - m:
            expected = [l <= m or l > depth - k for l in range(1, depth + 1)]
            if nonzero_pattern(step) != expected:
                return False
        if not zeros or k >= depth - m:
            checks.append(collapsed(step, m + 1))
            for w in step.params.weights[:m]:
                if min(w.shape) >= 2 and classify(w).value != "unstructured":
                    return False
    return all_of("first-m-random", checks)


def _linear_stuck(s: Scenario) -> Check | bool:
    return all(is_zero(w) for w in s.run()[-1].params.weights)


def _column_equal_before_random(s: Scenario) -> Check | bool:
    j = next(l for l, w in enumerate(s.weights, start=1) if w.kind == "random")
    return all_of("column-equal", [is_column_equal(step.params.weights[j - 2]) for step in s.run()])


def _random_bias_breaks(s: Scenario) -> Check | bool:
    if max(s.topology[1:-1], default=1) < 2 and all(min(w) < 2 for w in zip(s.topology, s.topology[1:])):
        return Check.vacuous_example("no hidden pair of neurons and no matrix with two rows and two columns")
    last = s.run()[-1]
    classes = measured_classes(last.params, s.network().forward(last.params, s.build()[1]))
    if any(len(block) > 1 for layer in classes[1 : s.depth] for block in layer):
        return False
    return all(min(w.shape) < 2 or classify(w) is Structure.UNSTRUCTURED for w in last.params.weights)


def _classes(step: Step) -> list[Structure]:
    return [classify(w) for w in step.params.weights]


def _same_structure_as_one_output(s: Scenario) -> Check | bool:
    if s.topology[-1] == 1:
        return Check.vacuous_example("one output already: the run would be compared with itself")
    narrow = replace(s, topology=(*s.topology[:-1], 1), y=s.y[:1] if s.y is not None else None)
    wide, one = s.run(), narrow.run()
    return all(
        [classify(w) for w in a.params.weights] == [classify(w) for w in b.params.weights] for a, b in zip(wide, one)
    )


def _seed_experiment(s: Scenario) -> Check | bool:
    final = ["row-equal", "constant", "constant", "constant"]
    for k, step in enumerate(s.run(), start=1):
        reached = [classify(w).value for w in step.params.weights] == final
        if reached != (k >= 4):
            return False
    return collapsed(step, 1)


CLAIMS = [
    Claim(
        "s000.zero-init-updates",
        "With all weights initialised to 0 the weights still update, as long as there is error.",
        "generic",
        Search(lambda: scenarios(weights=zeros, max_steps=3), _updates),
        condition=Condition(
            "no activation vanishes at the start: |f(b_l)|, |f'(b_l)| > 1e-50 for the hidden and output biases",
            stuck_free,
        ),
    ),
    Claim(
        "s000.constant-init-structure",
        "With every weight matrix at a nonzero constant: after every step W_1 is row-equal, every later matrix is "
        "internally equal, and each hidden layer acts as one neuron (equal inputs and outputs).",
        "universal",
        Search(constant_space, _constant_structure, within=within(constant_space, **SYMMETRIC_START_WITHIN)),
        condition=SYMMETRIC_START,
        proof_under_condition=ProofRef("constant_init_structure", quick=(("max_depth", 3),)),
    ),
    Claim(
        "s000.zero-init-k-step",
        "With all weights 0: after step k the last k matrices have become nonzero and the others are still 0; "
        "after L steps the state has the constant-init structure.",
        "generic",
        Search(k_step_space, _k_step, within=within(k_step_space, **NON_VANISHING_WITHIN)),
        condition=NON_VANISHING,
        proof_under_condition=ProofRef("zero_init_k_step", quick=(("max_depth", 3),)),
        figures=("seed000_zero_init.png",),
    ),
    Claim(
        "s000.first-m-random",
        "With the first M matrices random and the rest 0 or constant: W_1..W_M stay random, W_{M+1} is row-equal, "
        "later matrices are internally equal and the hidden layers after M collapse; with zeros this is reached one "
        "matrix per step from the output back, with constants after the first step.",
        "generic",
        Search(first_m_space, _first_m, within=within(first_m_space, **NON_VANISHING_WITHIN)),
        condition=NON_VANISHING,
        proof_under_condition=ProofRef("first_m_random", quick=(("max_depth", 2),)),
        figures=("seed000_first_m_random.png",),
    ),
    Claim(
        "s000.logistic-zero-init",
        "Logistic regression (no hidden layer) can start with all weights 0: it learns what a random init learns. "
        "Decided under stated assumptions: L2 weight decay in [0.5, 1] (a unique minimiser) and soft targets in "
        "[0.1, 0.9]; both runs must reach the same objective within 3000 gradient steps.",
        "generic",
        Search(
            lambda: scenarios(
                topology=topologies(max_depth=1, max_width=3),
                activation=st.just("sigmoid"),
                loss=st.just("bce"),
                weights=zeros,
                biases=lambda d: st.just((BiasInit("zero"),) * d),
                optimizer=["sgd"],
                max_weight_decay=0.0,
            ).flatmap(lambda s: st.floats(0.5, 1.0).map(lambda wd: replace(s, weight_decay=wd, steps=3000))),
            logistic,
        ),
    ),
    Claim(
        "s000.linear-zero-stuck",
        "Without an activation function (identity) and with all weights 0, the weights never update.",
        "universal",
        Search(linear_space, _linear_stuck, within=within(linear_space, min_depth=2, biases="zero")),
        condition=Condition(
            "at least one hidden layer, and every bias 0",
            lambda s: s.depth >= 2 and all(b.kind == "zero" for b in s.biases),
        ),
    ),
    Claim(
        "s000.single-random-column-equal",
        "If only one weight matrix is random, then after backpropagation the matrix before it is column-equal.",
        "universal",
        Search(single_random_space, _column_equal_before_random, within=within(single_random_space, first=3)),
        condition=Condition(
            "the random matrix is W_j with j >= 3, so the matrix before it is not W_1",
            lambda s: next(l for l, w in enumerate(s.weights, start=1) if w.kind == "random") >= 3,
        ),
        proof_under_condition=ProofRef("single_random_column_equal", quick=(("max_depth", 3),)),
    ),
    Claim(
        "s000.random-bias-breaks",
        "Zero weights with random biases break the symmetry: the neurons of a hidden layer no longer agree, and no "
        "weight matrix keeps equal rows or columns.",
        "generic",
        Search(
            random_bias_space, _random_bias_breaks, within=within(random_bias_space, has_error, activation=NOT_RELU)
        ),
        condition=Condition(
            "an activation whose derivative never vanishes (not relu), and an initial output that differs from the "
            "target",
            lambda s: s.activation != "relu" and has_error(s),
        ),
    ),
    Claim(
        "s000.output-width-irrelevant",
        "The number of output neurons does not affect the result (the zero/nonzero pattern and the structure of "
        "every matrix after every step).",
        "generic",
        Search(
            output_widths,
            _same_structure_as_one_output,
            jitter=False,  # the seed's own set-up, lr 0.8 and biases 0.1..0.4 exactly
            within=within(output_widths, low=2, targets=("equal",)),  # one output says nothing: not drawn
        ),
        condition=Condition("targets equal across outputs", lambda s: s.targets == "equal"),
    ),
    Claim(
        "s000.experiment",
        "The seed's experiment ([5,4,3,2,2], zero weights, biases 0.1..0.4, sigmoid, MSE, lr 0.8, targets 1, fresh "
        "N(0,1) inputs): after 4 steps the network has reached its equilibrium structure, and not before.",
        "generic",
        Search(lambda: seed_setting(), _seed_experiment, jitter=False),
        figures=("seed000_zero_init.png",),
    ),
]
