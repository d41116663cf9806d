"""The symmetry report of a torch model: classes, dead units, tolerance, argument checks, and docs/torch-symmetry.md."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest

from symproof import Network, Params
from symproof.engine.torch_layout import batch_to_torch, load_params
from symproof.structure.model_report import (
    _distances,
    assert_no_collapse,
    assert_symmetry_broken,
    rounding_tol,
    symmetry_report,
    train_steps,
)
from symproof.structure.symmetry import classes_within, measured_classes, union_find_classes
from tests._torch import need_torch

torch = need_torch()
nn = torch.nn

DOC = Path(__file__).resolve().parents[2] / "docs" / "torch-symmetry.md"


def mlp(*widths: int, bias: bool = True, activation: Any = None) -> Any:
    """Return a float64 tanh (or `activation`) MLP of `widths`."""
    layers: list[Any] = []
    for n_in, n_out in itertools.pairwise(widths):
        layers += [nn.Linear(n_in, n_out, bias=bias), (activation or nn.Tanh)()]
    return nn.Sequential(*layers[:-1]).double()


def loaded(weights: list[Any], biases: list[Any], **kwargs: Any) -> Any:
    """Return an MLP holding the given parameters (symproof's layout)."""
    params = Params.from_arrays(weights, biases)
    model = mlp(*params.topology, **kwargs)
    load_params(model, params)
    return model


def constant(*widths: int, value: float = 0.1) -> Any:
    model = mlp(*widths)
    for parameter in model.parameters():
        nn.init.constant_(parameter, value)
    return model


def test_exactly_equal_neurons_form_one_class_and_collapse_the_layer() -> None:
    report = symmetry_report(constant(3, 5, 4, 2))
    assert [r.classes for r in report.layers] == [((0, 1, 2, 3, 4),), ((0, 1, 2, 3),), ((0, 1),)]
    assert [r.effective_width for r in report.layers] == [1, 1, 1]
    assert report.collapsed == (1, 2) and report.symmetric == (1, 2)
    assert [r.deviation for r in report.layers] == [0.0, 0.0, 0.0]
    assert all(r.separation == np.inf for r in report.layers)
    assert report.tol == 0.0 and report.rule == "exact: no step taken"


def one_off(delta: float) -> Any:
    """Return a 2-3-1 model whose hidden neuron 2 has incoming weight W_1[0, 2] = 0.3 + delta, the others 0.3."""
    w1 = np.full((2, 3), 0.3)
    w1[0, 2] += delta
    return loaded([w1, np.full((3, 1), 0.7)], [np.full((3, 1), 0.2), np.zeros((1, 1))])


def test_one_ulp_is_a_difference_before_any_step_and_rounding_after_one() -> None:
    ulp = float(np.spacing(0.3))
    model = one_off(ulp)
    exact = symmetry_report(model).layers[0]
    assert exact.classes == ((0, 1), (2,))
    assert exact.separation == pytest.approx(ulp / (0.3 + ulp))
    rounded = symmetry_report(model, steps=1).layers[0]
    assert rounded.classes == ((0, 1, 2),) and rounded.collapsed
    assert 0 < rounded.deviation <= symmetry_report(model, steps=1).tol


def test_a_difference_of_1e_3_survives_the_rounding_tolerance_of_many_steps() -> None:
    layer = symmetry_report(one_off(1e-3), steps=1000).layers[0]
    assert layer.classes == ((0, 1), (2,))
    assert layer.separation == pytest.approx(1e-3 / 0.301)
    assert symmetry_report(one_off(1e-3), tol=0.01).layers[0].classes == ((0, 1, 2),)


def test_the_outgoing_weights_and_the_bias_separate_neurons_too() -> None:
    w2 = np.full((3, 1), 0.7)
    w2[1, 0] = -0.7
    by_outgoing = loaded([np.full((2, 3), 0.3), w2], [np.full((3, 1), 0.2), np.zeros((1, 1))])
    assert symmetry_report(by_outgoing).layers[0].classes == ((0, 2), (1,))
    b1 = np.full((3, 1), 0.2)
    b1[0] = 0.25
    by_bias = loaded([np.full((2, 3), 0.3), np.full((3, 1), 0.7)], [b1, np.zeros((1, 1))])
    assert symmetry_report(by_bias).layers[0].classes == ((0,), (1, 2))


def test_the_tolerance_is_two_gamma_m_per_step() -> None:
    u = 2.0**-53
    assert rounding_tol(u, 10, 3) == 2 * 10 * u / (1 - 10 * u) * 3
    assert rounding_tol(u, 10, 0) == 0.0
    report = symmetry_report(constant(3, 5, 2), torch.zeros(7, 3, dtype=torch.float64), steps=4)
    assert report.tol == rounding_tol(u, 2 * 5 + 7, 4)
    assert "m = 17" in report.rule
    assert symmetry_report(constant(3, 5, 2), steps=4, batch=100).tol == rounding_tol(u, 110, 4)
    float32 = symmetry_report(constant(3, 5, 2).float(), steps=4)
    assert float32.tol == rounding_tol(2.0**-24, 11, 4) and float32.dtype == "float32"
    with pytest.raises(ValueError, match=r"terms x unit_roundoff must be below 1"):
        rounding_tol(2.0**-8, 256, 1)


def test_the_rule_is_that_of_classes_within() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        base = rng.standard_normal((3, 4))
        part = base[rng.integers(0, 3, 9)] + rng.choice([0.0, 1e-9, 1e-3], size=(9, 1))
        parts = [part, part[:, :1] * 2.0, np.zeros((9, 2))]
        for tol in (0.0, 1e-8, 1e-2):
            close, distance = _distances(parts, tol)
            assert union_find_classes(close) == classes_within(parts, tol)
            assert np.array_equal(close, distance <= tol)


def test_the_report_agrees_with_measured_classes_on_the_same_params() -> None:
    rng = np.random.default_rng(7)
    for _ in range(10):
        topology = (3, 6, 5, 2)
        labels = [rng.integers(0, 3, n) for n in topology]
        values = [rng.standard_normal((3, 3)) for _ in topology[1:]]
        weights = [v[np.ix_(labels[l], labels[l + 1])] for l, v in enumerate(values)]
        biases = [rng.standard_normal((3, 1))[labels[l + 1]] for l in range(3)]
        params = Params.from_arrays(weights, biases)
        x = rng.standard_normal((3, 8))
        model = mlp(*topology)
        load_params(model, params)
        ours = [r.classes for r in symmetry_report(model, batch_to_torch(x)).layers]
        forward = Network(topology, "tanh").forward(params, x)
        assert ours == list(measured_classes(params, forward)[1:])


def test_dead_units_constant_silent_and_propagated() -> None:
    w1 = np.array([[0.5, 0.0, 0.3, -0.2], [0.4, 0.0, 0.1, 0.6]])
    w2 = np.array([[0.3, 0.0, 0.2], [0.5, 0.7, 0.1], [-0.4, 0.0, 0.9], [0.0, 0.0, 0.0]])
    w3 = np.array([[1.0], [-1.0], [0.0]])
    b = [np.array([[0.1], [0.9], [0.2], [0.3]]), np.array([[0.1], [0.2], [0.3]]), np.zeros((1, 1))]
    report = symmetry_report(loaded([w1, w2, w3], b))
    first, second, out = report.layers
    # Unit 1 of layer 1 has zero incoming weights (a nonzero bias): constant. Unit 3 sends only zeros: silent.
    assert (first.constant, first.silent, first.dead) == ((1,), (3,), (1, 3))
    # Unit 1 of layer 2 is fed by the constant unit 1 only: constant by propagation. Unit 2 sends only zeros.
    assert (second.constant, second.silent, second.dead) == ((1,), (2,), (1, 2))
    assert (out.constant, out.silent, out.dead) == ((), (), ())
    assert "1,3" in str(report)


def test_a_zero_unit_is_dead_and_a_dead_relu_is_found_over_the_batch() -> None:
    w1 = np.array([[0.5, 0.0, 0.3], [0.4, 0.0, 0.1]])
    b1 = np.array([[0.1], [0.0], [-50.0]])
    model = loaded([w1, np.full((3, 2), 0.5)], [b1, np.zeros((2, 1))], activation=nn.ReLU)
    assert symmetry_report(model).layers[0].dead == (1,)
    x = torch.randn(10, 2, dtype=torch.float64)
    assert symmetry_report(model, x).layers[0].dead == (1, 2)
    with_dead = symmetry_report(model, x)
    assert with_dead.layers[1].dead == ()
    assert_symmetry_broken(model, x)
    with pytest.raises(AssertionError, match=r"dead units in layers \[1\]"):
        assert_symmetry_broken(model, x, allow_dead=False)


def test_layers_without_bias_are_compared_by_their_weights() -> None:
    w1 = np.array([[0.5, 0.5, 0.3], [0.4, 0.4, 0.1]])
    zero = [np.zeros((3, 1)), np.zeros((2, 1))]
    model = loaded([w1, np.full((3, 2), 0.5)], zero, bias=False)
    assert all(layer.bias is None for layer in model if isinstance(layer, nn.Linear))
    report = symmetry_report(model, torch.randn(4, 2, dtype=torch.float64))
    assert report.layers[0].classes == ((0, 1), (2,)) and report.layers[1].classes == ((0, 1),)


def test_float32_training_keeps_the_collapse_within_the_rounding_tolerance() -> None:
    torch.manual_seed(1)
    model = constant(4, 33, 33, 2).float()
    x, y = torch.randn(16, 4), torch.randn(16, 2)
    losses = train_steps(model, nn.MSELoss(), torch.optim.SGD(model.parameters(), lr=0.1), [(x, y)] * 50)
    report = symmetry_report(model, x, steps=len(losses))
    assert report.collapsed == (1, 2)
    assert all(r.deviation <= report.tol for r in report.layers)


def test_train_steps_is_the_plain_loop() -> None:
    torch.manual_seed(2)
    ours, theirs = mlp(3, 4, 2), mlp(3, 4, 2)
    theirs.load_state_dict(ours.state_dict())
    batches = [(torch.randn(5, 3, dtype=torch.float64), torch.randn(5, 2, dtype=torch.float64)) for _ in range(3)]
    losses = train_steps(ours, nn.MSELoss(), torch.optim.Adam(ours.parameters(), lr=0.01), batches)
    optimizer = torch.optim.Adam(theirs.parameters(), lr=0.01)
    expected = []
    for x, y in batches:
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(theirs(x), y)
        loss.backward()
        optimizer.step()
        expected.append(loss.item())
    assert losses == expected
    assert all(torch.equal(a, b) for a, b in zip(ours.parameters(), theirs.parameters()))
    assert train_steps(ours, nn.MSELoss(), optimizer, []) == []


def test_the_report_changes_nothing() -> None:
    model = nn.Sequential(nn.Linear(3, 4), nn.Dropout(0.5), nn.ReLU(), nn.Linear(4, 2)).double()
    model.train()
    model[1].eval()  # a mixture of modes must come back as it was
    state = {k: v.clone() for k, v in model.state_dict().items()}
    modes = [m.training for m in model.modules()]
    x = torch.randn(6, 3, dtype=torch.float64)
    x_before = x.clone()
    symmetry_report(model, x, steps=3)
    assert all(torch.equal(state[k], v) for k, v in model.state_dict().items())
    assert [m.training for m in model.modules()] == modes
    assert all(p.grad is None for p in model.parameters())
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())
    assert torch.equal(x, x_before)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda m: symmetry_report("mlp"), TypeError, "model must be a torch.nn.Module; got str"),
        (lambda m: symmetry_report(m, steps=-1), ValueError, "steps must be an integer >= 0; got -1"),
        (lambda m: symmetry_report(m, steps=cast(Any, 1.5)), TypeError, "steps must be an integer >= 0; got 1.5"),
        (lambda m: symmetry_report(m, batch=0), ValueError, "batch must be an integer >= 1; got 0"),
        (lambda m: symmetry_report(m, tol=-0.1), ValueError, "tol must be non-negative; got -0.1"),
        (lambda m: symmetry_report(m, tol=cast(Any, "0")), TypeError, "tol must be a real number; got '0'"),
        (lambda m: symmetry_report(m, torch.zeros(4, 5)), ValueError, r"inputs must .* \(B, 3\) .* got shape \(4, 5\)"),
        (lambda m: symmetry_report(m, torch.zeros(1, 3)), ValueError, r"B >= 2.* got shape \(1, 3\)"),
        (lambda m: symmetry_report(m, torch.zeros(4, 3, dtype=torch.int64)), TypeError, "dtype torch.int64"),
        (lambda m: symmetry_report(m, torch.full((4, 3), np.nan)), ValueError, "inputs must be finite; got 12"),
        (lambda m: symmetry_report(m, "x"), TypeError, "inputs must be an array of real numbers; got 'x'"),
        (lambda m: train_steps(m, nn.MSELoss(), None, []), TypeError, "optimizer must have step"),
        (
            lambda m: train_steps(m, nn.MSELoss(), _sgd(m), cast(Any, 3)),
            TypeError,
            "batches must be an iterable.* got 3",
        ),
        (lambda m: train_steps(m, cast(Any, "mse"), None, []), TypeError, "loss_fn must be callable.*got 'mse'"),
        (lambda m: train_steps(m, nn.MSELoss(), _sgd(m), [torch.zeros(2, 3)]), TypeError, r"batches\[0\] must be"),
        (
            lambda m: train_steps(m, lambda a, b: a - b, _sgd(m), [(torch.zeros(2, 3, dtype=torch.float64), 0)]),
            ValueError,
            "scalar",
        ),
    ],
)
def test_bad_arguments_are_refused_by_name(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call(mlp(3, 4, 2))


def test_inputs_may_be_nested_lists_or_arrays_in_torch_layout() -> None:
    model = constant(2, 3, 1)
    nn.init.zeros_(model[0].weight)
    assert symmetry_report(model, [[0.0, 1.0], [2.0, 3.0]]).layers[0].dead == (0, 1, 2)
    assert symmetry_report(model, np.eye(2, dtype=np.float32)).layers[1].constant == (0,)


def test_the_module_imports_without_torch_and_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    code = "import sys; sys.modules['torch'] = None; import symproof.structure.model_report"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(ImportError, match=r"symproof\[torch\]"):
        symmetry_report(object())


def _sgd(model: Any) -> Any:
    return torch.optim.SGD(model.parameters(), lr=0.1)


def test_non_finite_parameters_and_shared_layers_are_refused() -> None:
    model = mlp(3, 4, 2)
    with torch.no_grad():
        model[2].weight[0, 0] = float("nan")
    with pytest.raises(ValueError, match="non-finite weight in linear layer 2"):
        symmetry_report(model)
    twice = nn.Linear(3, 3).double()
    shared = nn.Sequential(twice, nn.Tanh(), twice)
    with pytest.raises(ValueError, match=r"model must call each of its 1 nn.Linear layers once"):
        symmetry_report(shared, torch.zeros(2, 3, dtype=torch.float64))


def test_the_assertions_carry_the_report() -> None:
    model = constant(3, 4, 2)
    with pytest.raises(AssertionError, match=r"hidden layers \[1\] collapsed") as failure:
        assert_no_collapse(model)
    assert "layer  kind" in str(failure.value)
    with pytest.raises(AssertionError, match=r"interchangeable neurons in hidden layers \[1\]"):
        assert_symmetry_broken(model)
    partial = loaded([np.array([[0.5, 0.5, 0.3]]), np.full((3, 1), 0.5)], [np.zeros((3, 1)), np.zeros((1, 1))])
    assert assert_no_collapse(partial).layers[0].effective_width == 2
    with pytest.raises(AssertionError):
        assert_symmetry_broken(partial)


def blocks(kind: str) -> dict[str, str]:
    """Return the fenced blocks of docs/torch-symmetry.md marked `<!-- kind: name -->`, by name, in order."""
    found = re.findall(rf"<!-- {kind}: ([^>]*) -->\n```\w+\n(.*?)```", DOC.read_text(), re.S)
    return dict(found)


def test_the_docs_example_runs_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    examples = blocks("example")
    assert list(examples) == [
        "a constant-initialised MLP", "every variable changes", "the report", "the assertion", "random biases"
    ]  # fmt: skip
    namespace: dict[str, Any] = {}
    printed = {}
    for name, code in examples.items():
        exec(compile(code, str(DOC), "exec"), namespace)
        printed[name] = capsys.readouterr().out
    # The torchtest-style check passed: every parameter changed in the one step.
    changed = namespace["before"]
    assert len(changed) == 6
    report, broken = namespace["report"], namespace["broken"]
    assert report.collapsed == (1, 2) and [r.effective_width for r in report.hidden] == [1, 1]
    assert all(r.deviation == 0.0 for r in report.layers)
    assert broken.symmetric == () and [r.effective_width for r in broken.layers] == [8, 8, 2]
    assert printed["the assertion"] == "hidden layers [1, 2] collapsed to one effective neuron\n"
    shown = blocks("output")
    for name in ("the report", "random biases"):
        doc_lines, run_lines = shown[name].splitlines(), printed[name].splitlines()
        assert doc_lines[:2] == run_lines[:2]
        # Every column but the measured deviation and separation (BLAS-dependent digits) as printed.
        assert [line.split()[:6] + line.split()[8:] for line in doc_lines[2:]] == [
            line.split()[:6] + line.split()[8:] for line in run_lines[2:]
        ]
