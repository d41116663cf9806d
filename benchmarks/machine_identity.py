"""Is the ledger the same on every machine? Run `symproof verify` under every BLAS kernel, thread count and SIMD width.

Each run sets one of: OPENBLAS_CORETYPE (the kernel numpy's bundled OpenBLAS runs; a kernel the CPU cannot run is
skipped), OPENBLAS_NUM_THREADS, or NPY_DISABLE_CPU_FEATURES (numpy's own SIMD dispatch narrowed). The ledger JSON,
with every "seconds" field and the "machine" section removed, must be byte-identical across runs. Then every replay
command of the ledger is run under every setting: each must reproduce its counterexample (exit 1).

    python benchmarks/machine_identity.py --effort quick

threadpoolctl reports the kernel each run actually used (the table's second column).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

KERNELS = ["Prescott", "Nehalem", "Sandybridge", "Haswell", "SkylakeX", "Zen"]
SETTINGS: list[dict[str, str]] = [
    {},
    *({"OPENBLAS_CORETYPE": kernel} for kernel in KERNELS),
    {"OPENBLAS_NUM_THREADS": "1"},
    {"OPENBLAS_NUM_THREADS": "2"},
    {"NPY_DISABLE_CPU_FEATURES": "AVX512_ICL X86_V4"},
    {"NPY_DISABLE_CPU_FEATURES": "AVX512_ICL X86_V4 X86_V3"},
]
PROBE = (
    "import numpy\nfrom threadpoolctl import threadpool_info\n"
    "print(','.join(i.get('architecture', '?') for i in threadpool_info()))"
)


def strip(data: Any) -> Any:
    """Return `data` without timings ("seconds") and without the "machine" section."""
    if isinstance(data, dict):
        return {k: strip(v) for k, v in data.items() if k not in ("seconds", "machine")}
    if isinstance(data, list):
        return [strip(v) for v in data]
    return data


def environment(setting: dict[str, str]) -> dict[str, str]:
    """Return os.environ with `setting` applied (and none of the three variables inherited)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS")}
    env.pop("NPY_DISABLE_CPU_FEATURES", None)
    return {**env, **setting}


def kernel(env: dict[str, str]) -> str:
    """Return the OpenBLAS kernel threadpoolctl reports under `env`."""
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=False)
    return done.stdout.strip() or (done.stderr.strip().splitlines() or ["?"])[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--effort", default="quick", choices=["quick", "default", "ci", "thorough"])
    parser.add_argument("--only", default=None, help="a glob of claim IDs (default: all)")
    args = parser.parse_args()
    rows, digests, ledgers = [], set(), []
    with tempfile.TemporaryDirectory() as tmp:
        for index, setting in enumerate(SETTINGS):
            env = environment(setting)
            out = Path(tmp) / f"{index}.json"
            command = [sys.executable, "-m", "symproof", "verify", "--effort", args.effort, "--json", str(out)]
            command += ["--only", args.only] if args.only else []
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if not out.exists():
                rows.append(f"| {setting or 'as is'} | {kernel(env)} | {done.returncode} | no ledger |")
                continue
            ledger = json.loads(out.read_text())
            text = json.dumps(strip(ledger), indent=1, ensure_ascii=False)
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
            digests.add(digest)
            ledgers.append(ledger)
            rows.append(f"| {setting or 'as is'} | {kernel(env)} | {done.returncode} | {digest} |")
            print(rows[-1], flush=True)
        first = ledgers[0]["claims"] if ledgers else []
        replays = [c["evidence"].get("replay", "") for c in first]
        replays = [r for r in replays if r.startswith("symproof replay")]
        failures = []
        for setting in SETTINGS:
            env = environment(setting)
            for line in replays:
                argv = shlex.split(line)
                done = subprocess.run([sys.executable, "-m", "symproof", *argv[1:]], env=env, capture_output=True,
                                      text=True, check=False)  # fmt: skip
                if done.returncode != 1:
                    failures.append(f"{setting or 'as is'}: {argv[2]} exited {done.returncode}")
    print()
    print("| setting | kernel (threadpoolctl) | exit | ledger sha256 (no seconds, no machine) |")
    print("|---|---|---:|---|")
    print("\n".join(rows))
    print(f"\n{len(digests)} distinct ledger(s) over {len(rows)} settings (effort {args.effort}).")
    print(f"{len(replays)} replay commands x {len(SETTINGS)} settings: {len(failures)} did not reproduce.")
    for failure in failures:
        print(f"  {failure}")
    if len(digests) != 1 or failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
