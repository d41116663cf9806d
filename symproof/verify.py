"""`symproof verify`: judge the built-in claims, print progress and a summary, and build the ledger.

Claims are independent and each is seeded, so they run in parallel processes (one per core by default) and the
verdicts do not depend on the number of processes or their order.
"""

from __future__ import annotations

import fnmatch
import multiprocessing
import os
import signal
import time
from collections.abc import Callable

from symproof.effort import Effort
from symproof.environment import environment, machine
from symproof.ledger import Entry, Ledger
from symproof.pins import Pin
from symproof.verdict import Verdict

__all__ = ["default_jobs", "pin_changes", "select", "verify"]


def default_jobs() -> int:
    """Return the number of processes to use: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def select(pattern: str | None) -> list[str]:
    """Return the IDs of the built-in claims that match the glob `pattern` (all of them for None), in order."""
    from symproof.claims import REGISTRY

    ids = [claim_id for claim_id in REGISTRY if pattern is None or fnmatch.fnmatchcase(claim_id, pattern)]
    if not ids:
        raise ValueError(f"only matches no claim; got {pattern!r} (claim IDs look like 's000.zero-init-k-step')")
    return ids


def _judge(claim_id: str, effort: Effort, seed: int) -> Verdict:
    from symproof.claims import REGISTRY
    from symproof.registry import judge

    return judge(REGISTRY[claim_id], effort=effort, seed=seed)


def _judge_star(task: tuple[str, Effort, int]) -> Verdict:
    return _judge(*task)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def verify(
    ids: list[str], *, effort: Effort, seed: int, jobs: int, echo: Callable[[str], None] = print
) -> tuple[Ledger, float]:
    """Return the ledger of the claims `ids`, judged in `jobs` processes, and the wall time; echo progress lines."""
    from symproof import __version__
    from symproof.claims import REGISTRY

    start = time.perf_counter()
    verdicts: dict[str, Verdict] = {}

    def done(verdict: Verdict) -> None:
        verdicts[verdict.claim] = verdict
        mark = "" if verdict.status == REGISTRY[verdict.claim].expected else " (UNEXPECTED)"
        echo(f"[{len(verdicts):>2}/{len(ids)}] {verdict.claim}: {verdict.status}{mark} in {verdict.seconds:.1f} s")

    if jobs == 1 or len(ids) == 1:
        for claim_id in ids:
            done(_judge(claim_id, effort, seed))
    else:
        # Workers ignore Ctrl-C; the parent gets it and terminates them at once (no queued claim runs on, and no
        # worker prints a traceback).
        pool = multiprocessing.Pool(min(jobs, len(ids)), initializer=_ignore_interrupts)
        try:
            for verdict in pool.imap_unordered(_judge_star, [(claim_id, effort, seed) for claim_id in ids]):
                done(verdict)
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    entries = [Entry.of(REGISTRY[claim_id], verdicts[claim_id]) for claim_id in ids]
    ledger = Ledger(__version__, effort.name, seed, environment(), entries, machine())
    return ledger, time.perf_counter() - start


def pin_changes(ledger: Ledger) -> dict[str, dict[str, list[Pin]]]:
    """Return, per pin file, the new pin list of every claim whose pins the ledger found stale or incomplete.

    A claim keeps its pins that still fail, loses the stale ones, and gains the counterexamples its search found
    (`--update-pins` writes the result; the change is then reviewed like code).
    """
    from symproof.claims import REGISTRY
    from symproof.verdict import Claim

    changes: dict[str, dict[str, list[Pin]]] = {}
    for entry in ledger.claims:
        claim = REGISTRY[entry.id]
        stale, new = entry.evidence.get("stale pins", []), entry.evidence.get("new pins", [])
        if not isinstance(claim, Claim) or claim.pin_path is None or not (stale or new):
            continue
        keep = [pin for pin in claim.pins if pin.scenario not in stale]
        changes.setdefault(claim.pin_path, {})[claim.id] = keep + [Pin(p["scenario"], p["found"]) for p in new]
    return changes
