"""What a ledger records about the run: the environment verdicts depend on, and the machine they must not.

`environment()` names the versions of Python and of the libraries that compute verdicts, and the arithmetic mode.
`machine()` names the BLAS kernel, its thread count and numpy's SIMD extensions: recorded to show they do not matter
(the reproducible arithmetic uses neither BLAS nor numpy's SIMD transcendental functions), and left out when two
ledgers are compared.
"""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Any

import numpy as np

from symproof.engine import fp

__all__ = ["environment", "machine"]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _blas() -> str:
    """Return the BLAS library numpy was built with, as 'name version'."""
    try:
        config: Any = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '?')}".strip()
    except (KeyError, TypeError, ValueError):  # pragma: no cover - older numpy
        return "unknown"


def environment() -> dict[str, str]:
    """Return the versions and the arithmetic mode that a ledger's verdicts depend on."""
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "hypothesis": _version("hypothesis"),
        "sympy": _version("sympy"),
        "scipy": _version("scipy"),
        "mpmath": _version("mpmath"),
        "arithmetic": fp.get_mode(),
        "floating point": fp.describe()["environment"],
        "blas": _blas(),
    }


def machine() -> dict[str, Any]:
    """Return the BLAS kernel and threads in use and numpy's SIMD extensions (what must not change a verdict)."""
    found: dict[str, Any] = {"machine": platform.machine()}
    try:
        from threadpoolctl import threadpool_info  # type: ignore[import-untyped]

        blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        found["blas_kernel"] = [i.get("architecture") for i in blas]
        found["blas_threads"] = [i.get("num_threads") for i in blas]
    except ImportError:
        found["blas_kernel"] = "threadpoolctl not installed"
    try:
        from numpy._core._multiarray_umath import __cpu_features__  # type: ignore[import-not-found]

        found["simd"] = sorted(k for k, v in __cpu_features__.items() if v)
    except ImportError:  # pragma: no cover
        found["simd"] = "unknown"
    return found
