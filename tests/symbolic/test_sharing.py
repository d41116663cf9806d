"""The work the proofs no longer repeat: entries built once per distinct operands, forwards reused, one interval
context, and cheap checks tried before simplify; each gives what the full computation gives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sympy as sp

from symproof.symbolic import proofs
from symproof.symbolic.network import SIGMA, SymbolicNetwork, initial_params, inputs, targets
from symproof.symbolic.seed004 import _simplifies_to_zero
from symproof.symbolic.structure import DIGITS, Prover
from symproof.symbolic.sums import same
from symproof.symbolic.tape import Tape


def test_bind_built_builds_once_per_key_and_returns_what_bind_returns() -> None:
    tape, calls = Tape(), []
    a, b = sp.symbols("a b")

    def build() -> sp.Expr:
        calls.append(1)
        return a * b + 1

    first = tape.bind_built(("ab", a, b), build, "p")
    assert tape.bind_built(("ab", a, b), build, "q") is first and len(calls) == 1
    assert tape.bind(1 + b * a, "r") is first  # the same Symbol that bind gives the expression
    assert tape.bind_built(("other key",), build, "s") is first and len(calls) == 2  # built, then found by bind
    assert tape.bind_built(("atom",), lambda: a, "t") is a  # atoms are not bound


def test_a_taken_name_gets_a_suffix() -> None:
    tape = Tape()
    a, b = sp.symbols("a b")
    first, second = tape.bind(a + b, "p"), tape.bind(a * b, "p")
    assert str(first) == "p" and str(second) == "p#1"
    assert tape.dependencies([second, first]) == [first, second]  # creation order
    assert tape.free_symbols(second) == {a, b}


@pytest.mark.parametrize(("weights", "biases"), [("constant", "constant"), ("zero", "constant"), ("random", "random")])
@pytest.mark.parametrize("loss", ["mse", "quadratic"])
def test_the_taped_network_inlines_to_the_plain_trees(weights: Any, biases: Any, loss: Any) -> None:
    """Entries built once per operands are the entries built every time (the plain trees, no tape)."""
    topology = (2, 3, 2)
    params, x, y = initial_params(topology, weights, biases), inputs(2, 2), targets(2, 2, equal=False)
    taped, plain = SymbolicNetwork(topology, loss=loss), SymbolicNetwork(topology, loss=loss, tape=None)
    tape = taped.tape
    assert tape is not None
    got, expected = taped.train(params, x, y, steps=2)[-1], plain.train(params, x, y, steps=2)[-1]
    for m, e in zip(got.params.arrays() + got.grads.arrays(), expected.params.arrays() + expected.grads.arrays()):
        assert [tape.inline(g) for g in m] == list(e)


class CountingTape(Tape):
    """A tape that counts the entries asked for and the ones built."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = self.built = 0

    def bind_built(self, key: Any, build: Callable[[], sp.Expr], name: str) -> sp.Expr:
        self.asked += 1

        def counted() -> sp.Expr:
            self.built += 1
            return build()

        return super().bind_built(key, counted, name)


def test_a_symmetric_start_builds_each_distinct_entry_once() -> None:
    """One step of (3, 3, 3) from a constant start asks for 66 entries; 18 are distinct (W_1 differs by row, through
    the inputs), and only those are built."""
    topology, tape = (3, 3, 3), CountingTape()
    net = SymbolicNetwork(topology, tape=tape)
    net.train(initial_params(topology, "constant", "constant"), inputs(3), targets(3), steps=1)
    assert (tape.asked, tape.built) == (66, 18)


@pytest.mark.parametrize("last_forward", [True, False])
def test_train_reuses_the_forward_of_the_next_step(last_forward: bool) -> None:
    topology = (2, 2, 2)
    net, x, states, _ = proofs._train(topology, "constant", "constant", 3, last_forward=last_forward)
    for k, (params, forward) in enumerate(states, start=1):
        if k == len(states) and not last_forward:
            assert forward is None
        else:
            assert forward == net.forward(params, x, step=k + 1)


def test_provers_share_one_interval_context_at_their_precision() -> None:
    first, second = Prover(Tape()), Prover(Tape(), seed=1)
    assert first._ctx is second._ctx and first._ctx.dps == DIGITS
    assert first.functions is not second.functions  # each prover its own copy


def test_a_witness_settles_a_nonzero_difference_and_simplify_an_identity() -> None:
    u, v = sp.symbols("u v", real=True)
    assert not _simplifies_to_zero(SIGMA(u) * v - SIGMA(u))
    assert _simplifies_to_zero(sp.sin(u) ** 2 + sp.cos(u) ** 2 - 1)  # the witness has 0 in it: simplify decides
    assert _simplifies_to_zero(sp.Derivative(SIGMA(u), u).subs(u, v) - sp.Subs(sp.Derivative(SIGMA(u), u), u, v))


def test_same_expands_before_it_simplifies() -> None:
    a, b = sp.symbols("a b")
    assert same((a + b) ** 2, a**2 + 2 * a * b + b**2)
    assert not same((a + b) ** 2, a**2 + b**2)
