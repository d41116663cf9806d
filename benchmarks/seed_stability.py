"""Does a verdict depend on the search seed? Run `symproof verify` at many seeds and tabulate the exit codes.

Each run is a fresh process (`symproof verify --effort E --seed S --json ...`), as a CI job that passes `--seed` would
run it. A run passes when it exits 0: every verdict equals its recorded expectation and no pin needs review. The
table lists, per effort, the seeds, how many exited 0, and for any that did not, which claims differed.

    python benchmarks/seed_stability.py --effort quick --seeds 0-29
    python benchmarks/seed_stability.py --effort default --seeds 0-9

This is a benchmark, not a timed test: it takes minutes per seed at default effort on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def seeds(text: str) -> list[int]:
    """Return the seeds of a range like '0-29' or a list like '0,3,7'."""
    if "-" in text:
        low, high = (int(v) for v in text.split("-"))
        return list(range(low, high + 1))
    return [int(v) for v in text.split(",")]


def run(effort: str, seed: int, jobs: int | None) -> tuple[int, list[str], float]:
    """Return the exit code, the claims whose verdict differs from the expectation, and the wall time of one run."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ledger.json"
        command = [sys.executable, "-m", "symproof", "verify", "--effort", effort, "--seed", str(seed)]
        command += ["--json", str(out)]
        if jobs is not None:
            command += ["--jobs", str(jobs)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        differing = []
        if out.exists():
            for claim in json.loads(out.read_text())["claims"]:
                if claim["verdict"] != claim["expected"] or "new pins" in claim["evidence"]:
                    differing.append(f"{claim['id']} ({claim['verdict']})")
        elif done.returncode != 0:
            differing.append(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no ledger")
        return done.returncode, differing, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--effort", default="quick", choices=["quick", "default", "ci", "thorough"])
    parser.add_argument("--seeds", default="0-29", help="a range 'A-B' or a list 'A,B,C' (default 0-29)")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    rows, passed = [], 0
    for seed in seeds(args.seeds):
        code, differing, wall = run(args.effort, seed, args.jobs)
        passed += code == 0
        rows.append(f"| {args.effort} | {seed} | {code} | {wall:.1f} | {', '.join(differing) or '-'} |")
        print(rows[-1], flush=True)
    print()
    print("| effort | seed | exit | wall (s) | verdicts that differ |")
    print("|---|---:|---:|---:|---|")
    print("\n".join(rows))
    print(f"\n{passed} of {len(rows)} runs exited 0 (effort {args.effort}, seeds {args.seeds})")


if __name__ == "__main__":
    main()
