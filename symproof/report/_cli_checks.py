"""The checks of the command line's arguments, run before any work: each raises ValueError naming the option and the
value (the command line's exit status 2), and none leaves anything behind."""

from __future__ import annotations

import os
import tempfile

__all__ = ["check_outputs", "check_seed"]


def check_outputs(json: str | None, markdown: str | None) -> None:
    """Raise ValueError unless the ledgers can be written to `json` and `markdown` (None: not asked for; "-": standard
    output), two different places."""
    _check_output("--json", json)
    _check_output("--markdown", markdown)
    if json is not None and markdown is not None and _same_place(json, markdown):
        raise ValueError(f"--markdown must name another place than --json; both are {markdown!r}")


def _check_output(option: str, path: str | None) -> None:
    """Raise ValueError naming `option` and `path` unless the ledger can be written there ("-": standard output)."""
    if path is None or path == "-":
        return
    folder = os.path.dirname(os.path.abspath(path)) if path else ""
    if not path or os.path.isdir(path):
        raise ValueError(f"{option} must name a file (or - for standard output); got {path!r}")
    if not os.path.isdir(folder):
        raise ValueError(f"{option} must be a path in an existing directory; got {path!r}")
    try:  # a probe file beside it, removed at once: permissions alone do not tell (root, read-only mounts, /proc)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".symproof-probe-"):
            pass
    except OSError as error:
        why = f"no file can be created in {folder!r} ({error.strerror})"
        raise ValueError(f"{option} cannot be written: {path!r}: {why}") from None
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise ValueError(f"{option} cannot be written: {path!r} is not writable")


def _same_place(one: str, other: str) -> bool:
    """Return whether the output paths `one` and `other` name the same place (both "-": standard output)."""
    if "-" in (one, other):
        return one == other
    return os.path.realpath(one) == os.path.realpath(other)


def check_seed(seed: int) -> int:
    """Return `seed` if it is not negative."""
    if seed < 0:
        raise ValueError(f"--seed must be a non-negative integer; got {seed}")
    return seed
