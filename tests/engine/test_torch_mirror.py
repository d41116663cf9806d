"""symproof's engine against torch autograd and torch.optim (`symproof.engine.torch_mirror`), and the table of
differences in docs/engine.md, one check per row.

The tolerance is a first-order rounding bound computed for each network, not a number fitted to observed drift.
With u the unit roundoff and gamma(n) = n u / (1 - n u) (Higham, Accuracy and Stability of Numerical Algorithms,
sec. 3.1), each library computes z_l with an error of at most gamma(n_{l-1} + 1) times the size of the terms summed,
and the two libraries' results differ by at most the sum of their errors. Sizes are bounded by an "absolute network":
P_l = |W_l|^T Q_{l-1} + |b_l| with Q_0 = |x| and Q_l = P_l + 1 bounds |z_l|, |a_l| and the terms behind them, because
every activation has |f(z)| <= |z| + 1, |f'| <= 1 and |f''| <= 1. Errors then propagate through |W| (|f'| <= 1);
every elementwise operation adds C u times the size of its operands, where C = 32 covers both libraries' elementary
functions (symproof's within 1.5 ulps, fp.py; torch's within a few) and the handful of multiplications per entry,
and absolutely: torch's sigmoid' = s(1 - s) and tanh' = 1 - t^2 are accurate to a few u, not relatively (docs/engine.md,
sigmoid-derivative). Backpropagation bounds |delta_L| and its sensitivity to z_L by D_L = 2 (1 + M + Y) / norm, with
M the column's largest Q_L plus log n_L and Y the column's sum of |y|, for every loss. Along a trajectory, torch's
parameters differ from symproof's by at most eta; that moves the loss by at most |g| . eta and the gradient by at most
|H| eta, with H the loss's Hessian at symproof's parameters (torch.func.hessian; its own rounding is second order).
Each optimizer's update then propagates the bounds with its own coefficients (Adam through 1/(sqrt(v_hat) + eps),
capped at 2 lr since |m_hat| <= sqrt(v_hat) when beta1^2 <= beta2), plus C u times the size of the update's terms.
Second-order terms, smaller by the relative errors themselves (< 1e-6),
are covered by MARGIN = 2. Hypotheses checked on every forward pass: no relu / leaky_relu pre-activation within its
error bound of the kink, and |z| < 20 wherever torch's Softplus is used (docs/engine.md, softplus-threshold).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from symproof import ACTIVATIONS, LOSSES, OPTIMIZERS, SGD, Adam, Momentum, Network, Params, make_optimizer, train
from symproof.engine import fp
from symproof.engine.training import Divergence, Step
from tests._torch import need_torch

torch = need_torch()

from symproof.engine.torch_layout import batch_from_torch, batch_to_torch, load_params, params_of  # noqa: E402
from symproof.engine.torch_mirror import (  # noqa: E402
    torch_loss,
    torch_model,
    torch_optimizer,
    torch_train,
)

Array = NDArray[Any]

C = 32  # elementwise roundings per entry, both libraries (module docstring)
MARGIN = 2.0  # neglected second-order terms (module docstring)
STEPS = 5
KINKED = {"relu", "leaky_relu"}
LR = {"sgd": 0.05, "momentum": 0.05, "adam": 0.01}
DECAY = (0.0, 0.05)
TOPOLOGIES = ((3, 4, 2), (2, 3, 3, 2), (4, 3), (2, 5, 1, 3))  # pairs: depth 1 or 2, then depth 3


@pytest.fixture(autouse=True, scope="module")
def one_thread() -> Any:
    """Run torch on one thread: on these tiny tensors a second thread only waits (30 times slower on a busy machine)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def gamma(n: int, u: float) -> float:
    return n * u / (1.0 - n * u)


def gradient_bound(net: Network, params: Params, x: Array, y: Array, u: float, eta: list[Array]) -> tuple[Any, ...]:
    """Return rounding bounds on |loss difference| and on each |gradient difference| (Params.arrays order) between
    symproof and torch at `params`, and bounds on each |z_l| difference when torch's parameters are also off by at
    most `eta` entrywise."""
    depth = net.depth
    ws, bs = [np.abs(w).astype(float) for w in params.weights], [np.abs(b).astype(float) for b in params.biases]
    q: list[Array] = [np.abs(x)]  # Q_l, bounds |a_l|
    ea: list[Array] = [np.zeros_like(x)]  # rounding bound of a_l
    ez: list[Array] = []  # rounding bound of z_l
    shift, shifts = np.zeros_like(x), []  # the change of a_l, z_l that eta can make
    for l in range(depth):
        p = ws[l].T @ q[l] + bs[l]
        ez.append(ws[l].T @ ea[l] + 2 * gamma(ws[l].shape[0] + 1, u) * p)
        shifts.append(ws[l].T @ shift + eta[l].T @ q[l] + eta[depth + l])
        shift = shifts[-1]
        q.append(p + 1.0)
        ea.append(ez[l] + C * u * q[l + 1])
    n_out, batch = y.shape
    norm = y.size if net.loss == "mse" else batch
    m = q[depth].max(axis=0, keepdims=True) + math.log(n_out)
    col = np.abs(y).sum(axis=0, keepdims=True)
    d = np.broadcast_to(2.0 * (1.0 + m + col) / norm, y.shape)
    e_max = ez[-1].max(axis=0, keepdims=True)
    loss = float(np.sum(d * e_max) + (2 * gamma(y.size + n_out, u) + C * u) * n_out * np.sum((m + col) ** 2) / norm)
    f = d * (e_max + C * u)  # rounding bound of delta_L
    gw: list[Array] = [d] * depth
    gb: list[Array] = [d] * depth
    for l in range(depth - 1, -1, -1):
        gw[l] = q[l] @ f.T + ea[l] @ d.T + 2 * gamma(batch, u) * (q[l] @ d.T)
        gb[l] = f.sum(axis=1, keepdims=True) + 2 * gamma(batch, u) * d.sum(axis=1, keepdims=True)
        if l > 0:
            back = ws[l] @ d
            f = ws[l] @ f + back * (2 * gamma(ws[l].shape[1], u) + C * u + ez[l - 1])
            d = back
    return loss, gw + gb, [e + s for e, s in zip(ez, shifts)]


def flat(model: Any, arrays: list[Array]) -> Array:
    """Return `arrays` (Params.arrays order, symproof's layout) as one vector in the order of `model`'s parameters."""
    depth = len(arrays) // 2
    load_params(model, Params.from_arrays(arrays[:depth], arrays[depth:]))
    return np.concatenate([p.detach().numpy().ravel() for p in model.parameters()])


def unflat(model: Any, vector: Array) -> list[Array]:
    """Return the inverse of `flat`."""
    torch.nn.utils.vector_to_parameters(torch.from_numpy(vector), model.parameters())
    return list(params_of(model).arrays())


def hessian(net: Network, model: Any, params: Params, x: Array, y: Array) -> Array:
    """Return the Hessian of the loss at `params` in float64, in the order of `model`'s parameters."""
    names, shapes = zip(*((n, p.shape) for n, p in model.named_parameters()))
    xs, ys, loss = batch_to_torch(x, dtype=torch.float64), batch_to_torch(y, dtype=torch.float64), torch_loss(net.loss)

    def value(vector: Any) -> Any:
        parts = torch.split(vector, [math.prod(s) for s in shapes])
        state = {n: part.reshape(s) for n, part, s in zip(names, parts, shapes)}
        return loss(torch.func.functional_call(model, state, (xs,)), ys)

    start = torch.from_numpy(flat(model, [a.astype(float) for a in params.arrays()]))
    return np.asarray(torch.func.jacrev(torch.func.jacrev(value))(start).numpy())  # reverse over reverse


def hypotheses(net: Network, step: Step, ez: list[Array]) -> str | None:
    """Return why the bound does not apply to this forward pass (a kink within reach, softplus beyond 20), or None."""
    out = net.out
    for l, z in enumerate(step.forward.zs):
        name = net.activation if l < net.depth - 1 else (out.name if out is not None else "")
        if name in KINKED and np.any(np.abs(z) <= MARGIN * ez[l]):
            return f"a {name} pre-activation of layer {l + 1} is within its rounding bound of the kink"
        if name == "softplus" and np.max(np.abs(z)) >= 20.0:
            return f"softplus beyond torch's threshold 20 in layer {l + 1}"
    return None


def update_bound(
    name: str, opt: Any, steps: list[Step], t: int, start: Params, eg: list[Array], u: float, acc: Any
) -> tuple[list[Array], list[Any]]:
    """Return the bound on |theta difference| after step t+1, and the optimizer's carried error bounds."""
    before = start if t == 0 else steps[t - 1].params
    eta, carry = acc
    lr, wd = opt.lr, opt.weight_decay
    depth = before.depth
    out, new = [], []
    for i, (p, g, e, h) in enumerate(zip(before.arrays(), steps[t].grads.arrays(), eg, eta)):
        decay = wd if i < depth else 0.0
        g_dec, e_dec = np.abs(g) + decay * np.abs(p), e + decay * h
        if name == "sgd":
            out.append(h + lr * e_dec + C * u * (np.abs(p) + lr * g_dec))
            continue
        state, old = steps[t].state, (None if t == 0 else steps[t - 1].state)
        if name == "momentum":
            v_old = np.zeros_like(p) if old is None else np.abs(old.arrays()[i])
            nu = (carry[i] if carry else 0.0) * opt.momentum + e_dec + C * u * (opt.momentum * v_old + g_dec)
            new.append(nu)
            out.append(h + lr * nu + C * u * (np.abs(p) + lr * np.abs(state.arrays()[i])))
            continue
        dm_old, dv_old = carry[i] if carry else (0.0, 0.0)
        m_old = np.zeros_like(p) if old is None else np.abs(old.m.arrays()[i])
        v_old = np.zeros_like(p) if old is None else old.v.arrays()[i]
        dm = opt.beta1 * dm_old + (1 - opt.beta1) * e_dec + C * u * (opt.beta1 * m_old + g_dec)
        dv = opt.beta2 * dv_old + (1 - opt.beta2) * 2 * g_dec * e_dec + C * u * (opt.beta2 * v_old + g_dec**2)
        new.append((dm, dv))
        c1, c2 = 1 - opt.beta1 ** (t + 1), 1 - opt.beta2 ** (t + 1)
        m_hat, v_hat, dm_hat, dv_hat = np.abs(state.m.arrays()[i]) / c1, state.v.arrays()[i] / c2, dm / c1, dv / c2
        root = np.sqrt(v_hat) + opt.eps
        d_root = dv_hat / np.maximum(np.sqrt(v_hat) + np.sqrt(v_hat + dv_hat), np.finfo(float).tiny)
        ds = lr * (dm_hat / root + m_hat * d_root / root**2) + C * u * lr * m_hat / root
        out.append(h + np.minimum(ds, 2 * lr) + C * u * (np.abs(p) + lr))
    return out, new


def worst(measured: list[Array], bound: list[Array]) -> tuple[float, float]:
    """Return the largest deviation and the largest deviation / (MARGIN * bound) over entries."""
    dev = max(float(np.max(m)) for m in measured)
    ratio = max(float(np.max(m / (MARGIN * b))) for m, b in zip(measured, bound))
    return dev, ratio


def compare(net: Network, params: Params, x: Array, y: Array, name: str, wd: float, u: float) -> tuple[float, float]:
    """Assert that symproof and torch agree within the bound at every step; return the worst ratios (loss, params)."""
    opt = make_optimizer(name, LR[name], weight_decay=wd)
    ours = train(net, params, x, y, opt, steps=STEPS)
    theirs: list[Step] = torch_train(net, params, x, y, opt, steps=STEPS)
    eta = [np.zeros_like(a, dtype=float) for a in params.arrays()]
    model = torch_model(net, params, dtype=torch.float64)  # for the Hessian and the layout of eta
    carry: Any = []
    worst_loss = worst_params = 0.0
    for t in range(STEPS):
        start = params if t == 0 else ours[t - 1].params
        loss_bound, grad_bound, ez = gradient_bound(net, start, x.astype(float), y.astype(float), u, eta)
        why = hypotheses(net, ours[t], ez)
        assert why is None, f"step {t + 1}: the rounding bound does not apply: {why}"
        # A parameter difference eta moves the loss by at most |g| . eta and the gradient by at most |H| eta.
        if t > 0:
            loss_bound += sum(float(np.sum(np.abs(g) * e)) for g, e in zip(ours[t].grads.arrays(), eta))
            moved = unflat(model, np.abs(hessian(net, model, start, x, y)) @ flat(model, eta))
            grad_bound = [b + e for b, e in zip(grad_bound, moved)]
        where = f"{net}, {name}, weight_decay={wd}, step {t + 1}"
        loss_dev = abs(ours[t].loss - theirs[t].loss)
        assert loss_dev <= MARGIN * loss_bound, f"{where}: loss differs by {loss_dev:.3g} > {MARGIN * loss_bound:.3g}"
        diffs = [np.abs(a.astype(float) - b) for a, b in zip(ours[t].grads.arrays(), theirs[t].grads.arrays())]
        dev, ratio = worst(diffs, grad_bound)
        assert ratio <= 1.0, f"{where}: a gradient differs by {dev:.3g}, {ratio:.3g} times its bound"
        eta, carry = update_bound(name, opt, ours, t, params, grad_bound, u, (eta, carry))
        diffs = [np.abs(a.astype(float) - b) for a, b in zip(ours[t].params.arrays(), theirs[t].params.arrays())]
        dev, ratio = worst(diffs, eta)
        assert ratio <= 1.0, f"{where}: a parameter differs by {dev:.3g}, {ratio:.3g} times its bound"
        worst_loss = max(worst_loss, loss_dev / (MARGIN * loss_bound))
        worst_params = max(worst_params, ratio)
    return worst_loss, worst_params


def problem(topology: tuple[int, ...], loss: str, seed: int, dtype: Any) -> tuple[Params, Array, Array]:
    rng = np.random.default_rng(seed)
    params = Params.normal(topology, rng, dtype=dtype)
    batch = 1 + seed % 5
    x = rng.standard_normal((topology[0], batch)).astype(dtype)
    y = rng.random((topology[-1], batch))
    if loss == "softmax_ce":
        y = y / y.sum(axis=0, keepdims=True)
    return params, x, y.astype(dtype)


COMBOS = [(a, lo, o, wd) for a in ACTIVATIONS for lo in LOSSES for o in OPTIMIZERS for wd in DECAY]


@pytest.mark.parametrize(("activation", "loss", "optimizer", "wd"), COMBOS)
def test_loss_gradients_and_trajectories_match_torch_in_float64(
    activation: str, loss: str, optimizer: str, wd: float
) -> None:
    index = COMBOS.index((activation, loss, optimizer, wd))
    for k in (2 * (index % 2), 2 * (index % 2) + 1):  # one network of depth 1 or 2, one of depth 3
        topology = TOPOLOGIES[k]
        net = Network(topology, activation, loss)
        params, x, y = problem(topology, loss, 1000 * index + k, np.float64)
        compare(net, params, x, y, optimizer, wd, 2.0**-53)


@pytest.mark.parametrize(
    ("activation", "loss", "optimizer", "wd"),
    [("sigmoid", "mse", "sgd", 0.0), ("tanh", "bce", "momentum", 0.05), ("softplus", "softmax_ce", "adam", 0.05),
     ("leaky_relu", "quadratic", "momentum", 0.0), ("relu", "bce", "sgd", 0.05), ("identity", "mse", "momentum", 0.0)],
)  # fmt: skip
def test_float32_matches_torch_within_the_float32_bound(activation: str, loss: str, optimizer: str, wd: float) -> None:
    # Shallow networks only: in float32 the bound after a step of a depth-3 network reaches a relu kink (hypotheses).
    for k, topology in enumerate((TOPOLOGIES[0], TOPOLOGIES[2])):
        net = Network(topology, activation, loss)
        params, x, y = problem(topology, loss, 7 + k, np.float32)
        compare(net, params, x, y, optimizer, wd, 2.0**-24)


# --- docs/engine.md, "Differences from PyTorch": one check per row --------------------------------------------------

DOCS = Path(__file__).resolve().parents[2] / "docs" / "engine.md"


def table_ids() -> list[str]:
    """Return the row ids of the table in docs/engine.md's section "Differences from PyTorch"."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("\n## Differences from PyTorch\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z0-9-]+)` \|", section, flags=re.MULTILINE)


F = torch.nn.functional


def derivative(function: Callable[[Any], Any], z: float) -> float:
    """Return torch autograd's derivative of `function` at z, in float64."""
    point = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    function(point).backward()
    return float(point.grad)


def sample_network(loss: str = "mse", activation: str = "tanh") -> tuple[Network, Params, Array, Array]:
    rng = np.random.default_rng(5)
    net = Network((3, 4, 2), activation, loss)
    y = rng.random((2, 5))
    return net, Params.normal(net.topology, rng), rng.standard_normal((3, 5)), y / y.sum(axis=0)


def check_layout() -> None:
    net, params, _, _ = sample_network()
    model = torch_model(net, params)
    assert tuple(model[0].weight.shape) == (4, 3) and tuple(model[0].bias.shape) == (4,)
    assert np.array_equal(model[0].weight.detach().numpy(), params.weights[0].T)
    assert np.array_equal(model[0].bias.detach().numpy(), params.biases[0][:, 0])


def check_bias_decay() -> None:
    bias = torch.nn.Parameter(torch.tensor([1.0], dtype=torch.float64))
    bias.grad = torch.zeros_like(bias)
    torch.optim.SGD([bias], lr=0.1, weight_decay=0.5).step()
    assert float(bias.detach()) == 1.0 - 0.1 * 0.5  # torch decays a bias whose gradient is zero
    params, zero = Params.constant((1, 1), weights=1.0, biases=1.0), Params.constant((1, 1))
    new, _ = SGD(0.1, weight_decay=0.5).update(params, zero, None)
    assert new.biases[0][0, 0] == 1.0 and new.weights[0][0, 0] == 1.0 - 0.1 * 0.5  # symproof decays W only
    net, params, _, _ = sample_network()
    groups = torch_optimizer(SGD(0.1, weight_decay=0.5), torch_model(net, params)).param_groups
    assert [g["weight_decay"] for g in groups] == [0.5, 0.0]


def check_bce_sum() -> None:
    net, params, x, y = sample_network("bce")
    z = batch_to_torch(net.forward(params, x).z(2))
    ours = net.loss_value(params, x, y)
    theirs = float(torch.nn.BCEWithLogitsLoss()(z, batch_to_torch(y)) * y.shape[0])
    assert abs(ours - theirs) <= 1e-14 * abs(ours), (ours, theirs)  # n_L = 2 times torch's mean, to rounding
    assert abs(ours - float(torch.nn.BCEWithLogitsLoss()(z, batch_to_torch(y)))) > 0.1 * abs(ours)


def check_quadratic() -> None:
    net, params, x, y = sample_network("quadratic")
    a = batch_to_torch(net.forward(params, x).a(2))
    ours, mean = net.loss_value(params, x, y), float(torch.nn.MSELoss()(a, batch_to_torch(y)))
    assert abs(ours - y.shape[0] / 2 * mean) <= 1e-14 * ours, (ours, mean)


def check_mse_mean() -> None:
    net, params, x, y = sample_network("mse")
    a = batch_to_torch(net.forward(params, x).a(2))
    ours, mean = net.loss_value(params, x, y), float(torch.nn.MSELoss()(a, batch_to_torch(y)))
    assert abs(ours - mean) <= 1e-14 * ours, (ours, mean)


def check_softmax_ce() -> None:
    net, params, x, y = sample_network("softmax_ce")
    z = batch_to_torch(net.forward(params, x).z(2))
    for targets in (y, 3.0 * y):  # normalised, and not
        ours, theirs = net.loss_value(params, x, targets), float(F.cross_entropy(z, batch_to_torch(targets)))
        assert abs(ours - theirs) <= 1e-14 * abs(ours), (ours, theirs)
    one_hot = np.eye(2)[:, [0, 1, 1, 0, 1]]
    ours = net.loss_value(params, x, one_hot)
    theirs = float(F.cross_entropy(z, torch.tensor([0, 1, 1, 0, 1])))
    assert abs(ours - theirs) <= 1e-14 * abs(ours), (ours, theirs)


def check_logits() -> None:
    for loss in ("bce", "softmax_ce"):
        net, params, x, _ = sample_network(loss)
        forward, xs = net.forward(params, x), batch_to_torch(x)
        # Dot products of 5 terms of size < 10 and a sigmoid or softmax: each library within 1e-14 of the exact value.
        np.testing.assert_allclose(batch_from_torch(torch_model(net, params)(xs)), forward.z(2), rtol=0, atol=2e-14)
        np.testing.assert_allclose(batch_from_torch(torch_model(net, params, link=True)(xs)), forward.a(2), atol=2e-14)
        assert not np.allclose(forward.z(2), forward.a(2))


def check_softplus_threshold() -> None:
    softplus = ACTIVATIONS["softplus"].f
    assert float(F.softplus(torch.tensor(30.0, dtype=torch.float64))) == 30.0
    assert abs(float(softplus(np.array(30.0)) - 30.0) - math.exp(-30.0)) < 4e-15  # within ulp(30) of the truth
    for z in (20.5, 25.0):
        gap = float(softplus(np.array(z))) - float(F.softplus(torch.tensor(z, dtype=torch.float64)))
        assert abs(gap - math.exp(-z)) <= 4e-15, (z, gap)


def check_sigmoid_derivative() -> None:
    ours = ACTIVATIONS["sigmoid"].df
    assert derivative(torch.sigmoid, 40.0) == 0.0 and float(ours(np.array(40.0))) > 0.0
    exact = math.exp(-20.0) / (1.0 + math.exp(-20.0)) ** 2
    theirs = derivative(torch.sigmoid, 20.0)
    assert abs(theirs - exact) > 1e-9 * exact > abs(float(ours(np.array(20.0))) - exact) / 1e5, (theirs, exact)


def check_tanh_derivative() -> None:
    ours = ACTIVATIONS["tanh"].df
    exact = 4.0 * math.exp(-40.0) / (1.0 + math.exp(-40.0)) ** 2
    assert derivative(torch.tanh, 20.0) == 0.0
    assert abs(float(ours(np.array(20.0))) - exact) <= 1e-15 * exact


def check_leaky_relu_slope() -> None:
    assert torch.nn.LeakyReLU().negative_slope == 0.01 == ACTIVATIONS["leaky_relu"].f(np.array(-1.0)) * -1
    assert derivative(F.leaky_relu, -1.0) == 0.01 == float(ACTIVATIONS["leaky_relu"].df(np.array(-1.0)))


def check_kinks() -> None:
    assert derivative(F.relu, 0.0) == 0.0 == float(ACTIVATIONS["relu"].df(np.array(0.0)))
    assert derivative(F.leaky_relu, 0.0) == 0.01 == float(ACTIVATIONS["leaky_relu"].df(np.array(0.0)))


def torch_steps(factory: Callable[[list[Any]], Any], grads: list[float], start: float = 1.0) -> float:
    """Return one parameter after torch's optimizer takes steps with the given gradients."""
    weight = torch.nn.Parameter(torch.tensor([[start]], dtype=torch.float64))
    optimizer = factory([weight])
    for g in grads:
        weight.grad = torch.tensor([[g]], dtype=torch.float64)
        optimizer.step()
    return float(weight.detach())


def symproof_steps(optimizer: Any, grads: list[float], start: float = 1.0) -> float:
    params, state = Params.constant((1, 1), weights=start), None
    state = optimizer.init(params)
    for g in grads:
        params, state = optimizer.update(params, Params.constant((1, 1), weights=g), state)
    return float(params.weights[0][0, 0])


GRADS = [0.3, -1.7, 0.05, 2.2]


def check_momentum() -> None:
    assert not {"dampening", "nesterov"} & set(Momentum.__dataclass_fields__)
    ours = symproof_steps(Momentum(0.1, 0.9, weight_decay=0.2), GRADS)
    assert torch_steps(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.2), GRADS) == ours
    nesterov = torch_steps(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True), GRADS[:1])
    assert nesterov == 1.0 - 0.1 * (0.3 + 0.9 * 0.3) != symproof_steps(Momentum(0.1, 0.9), GRADS[:1])


def check_adam() -> None:
    assert not {"amsgrad", "decoupled"} & set(Adam.__dataclass_fields__) and set(OPTIMIZERS) == {
        "sgd",
        "momentum",
        "adam",
    }
    ours = symproof_steps(Adam(0.01, weight_decay=0.3), GRADS)
    theirs = torch_steps(lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.3), GRADS)
    adamw = torch_steps(lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.3), GRADS)
    # Four steps of a few roundings each on values near 1: within 64 u of each other; AdamW is another algorithm.
    assert abs(ours - theirs) <= 64 * 2.0**-53 < 1e-6 < abs(ours - adamw), (ours, theirs, adamw)
    # Not always bit for bit: with the gradients given (no feedback), each of 30 steps rounds the step (< lr) and the
    # subtraction (|theta| < 2) in a different order, at most 8 u each: 30 * 8 u * (2 + lr) apart at most.
    rng, apart = np.random.default_rng(1), []
    for _ in range(20):
        grads = list(rng.standard_normal(30) * 10 ** rng.uniform(-6, 3))
        ours = symproof_steps(Adam(0.01), grads)
        apart.append(abs(ours - torch_steps(lambda p: torch.optim.Adam(p, lr=0.01), grads)))
    assert 0.0 < max(apart) <= 30 * 8 * 2.0**-53 * (2 + 0.01), apart


def check_summation() -> None:
    terms = [1e100, 1.0, -1e100, 1.0]
    orders = list(itertools.permutations(terms))
    assert {float(fp.total(np.array(order))) for order in orders} == {2.0}
    assert len({float(torch.tensor(order, dtype=torch.float64).sum()) for order in orders}) > 1


def check_float32_elementary() -> None:
    z = np.linspace(-10.0, 10.0, 20001, dtype=np.float32)
    exact = 1.0 / (1.0 + np.exp(-z.astype(np.float64)))
    ulp = np.spacing(exact.astype(np.float32))
    ours = np.abs(ACTIVATIONS["sigmoid"].f(z) - exact) / ulp
    theirs = np.abs(torch.sigmoid(torch.from_numpy(z)).numpy() - exact) / ulp
    assert ours.max() <= 0.5 + 1e-6 < 1.0 < theirs.max(), (ours.max(), theirs.max())


def check_non_finite() -> None:
    net, params, x, y = sample_network("mse", "identity")
    with pytest.raises(Divergence):
        train(net, params, 1e200 * x, y, SGD(1.0), steps=3)
    model = torch_model(net, params)
    loss = torch_loss("mse")(model(batch_to_torch(1e200 * x)), batch_to_torch(y))
    loss.backward()  # no exception: torch carries on
    assert not torch.isfinite(loss)
    with pytest.raises(Divergence):  # the mirror stops, as symproof's loop does
        torch_train(net, params, 1e200 * x, y, SGD(1.0), steps=3)


def check_no_bias() -> None:
    layer = torch.nn.Linear(2, 1, bias=False, dtype=torch.float64)
    params = params_of(layer)
    assert not np.any(params.biases[0])
    net, x = Network((2, 1), "identity", "mse"), np.ones((2, 3))
    assert np.any(net.gradient(params, x, np.full((1, 3), 5.0)).grads.biases[0])  # symproof would train it
    with pytest.raises(ValueError, match="zero biases"):
        load_params(layer, Params.constant((2, 1), biases=1.0))


CHECKS: dict[str, Callable[[], None]] = {
    name.removeprefix("check_").replace("_", "-"): check for name, check in dict(globals()).items()
    if name.startswith("check_") and callable(check)
}  # fmt: skip


@pytest.mark.parametrize("row", table_ids())
def test_each_documented_difference_is_checked(row: str) -> None:
    assert row in CHECKS, (
        f"docs/engine.md's row {row!r} has no check in this file (define check_{row.replace('-', '_')})"
    )
    CHECKS[row]()


def test_the_table_and_the_checks_name_the_same_rows() -> None:
    ids = table_ids()
    assert len(ids) >= 10 and len(set(ids)) == len(ids), ids
    assert set(CHECKS) == set(ids), f"checks without a row: {sorted(set(CHECKS) - set(ids))}"
