"""What the symproof pytest plugin adds to a trivial pytest run (target: at most 20 ms).

Runs `python -m pytest` on a one-test file, alternately with the plugin and with `-p no:symproof`, in fresh processes,
and reports the medians and their difference. Alternating the two keeps a noisy machine's drift out of the ratio.

    python benchmarks/plugin_startup.py --runs 21
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall(args: list[str], folder: str) -> float:
    """Return the wall time of one pytest run in `folder`, in seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=folder,
                   capture_output=True, check=True)  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "test_trivial.py").write_text("def test_trivial() -> None:\n    assert 1 + 1 == 2\n")
        wall([], folder)  # warm the file system cache
        with_plugin, without = [], []
        for _ in range(args.runs):
            with_plugin.append(wall([], folder))
            without.append(wall(["-p", "no:symproof"], folder))
    a, b = statistics.median(with_plugin), statistics.median(without)
    print("| runs | median with symproof (ms) | median with -p no:symproof (ms) | added (ms) |")
    print("|---:|---:|---:|---:|")
    print(f"| {args.runs} | {a * 1e3:.0f} | {b * 1e3:.0f} | {(a - b) * 1e3:.0f} |")


if __name__ == "__main__":
    main()
