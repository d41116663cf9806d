"""Tests of the public namespace: every exported name resolves, once, to the object its home module defines."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import symproof

INIT = Path(symproof.__file__)


def test_every_name_is_exported_once() -> None:
    names = [name for names in symproof._EXPORTS.values() for name in names]
    assert [name for name, count in Counter(names).items() if count > 1] == []
    assert sorted([*names, "__version__"]) == sorted(symproof.__all__)


@pytest.mark.parametrize("name", sorted(set(symproof.__all__) - {"__version__"}))
def test_every_public_name_resolves_to_its_home(name: str) -> None:
    home = importlib.import_module(symproof._HOME[name])
    assert getattr(symproof, name) is getattr(home, name)
    assert name in dir(symproof)


def test_the_type_checking_imports_match_the_lazy_table() -> None:
    tree = ast.parse(INIT.read_text())
    guarded = next(node for node in tree.body if isinstance(node, ast.If))
    imported = {
        (node.module, alias.name)
        for node in ast.walk(guarded)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == {(module, name) for module, names in symproof._EXPORTS.items() for name in names}


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="'nope'"):
        symproof.nope  # noqa: B018


def test_import_loads_no_numpy() -> None:
    code = "import sys, symproof; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
