"""`symproof verify`: judge the built-in claims, print progress and a summary, and build the ledger.

Claims are independent and each is seeded, so they run in parallel processes (one per core by default) and the
verdicts do not depend on the number of processes or their order. A claim whose judging raises (a check returning the
wrong type, a search that cannot reach its examples: undecided) gets the verdict "error" in the ledger, with the
exception in its evidence; so does every claim still pending when a worker process dies. Either way the other claims
are judged and the ledger is complete.
"""

from __future__ import annotations

import fnmatch
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from symproof.report.environment import environment, machine
from symproof.report.ledger import Entry, Ledger
from symproof.verdict.effort import Effort
from symproof.verdict.snapshots import Pin, Snapshot, updated

if TYPE_CHECKING:
    from symproof.search.scenario import Backend
    from symproof.verdict.claim import Claim

__all__ = ["backend_difference", "default_jobs", "select", "snapshot_changes", "verify"]


def default_jobs() -> int:
    """Return the number of processes to use: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def select(patterns: str | Sequence[str] | None = None) -> list[str]:
    """Return the IDs of the built-in claims that match any of the globs `patterns` (all of them for None), in the
    registry's order; raise ValueError naming a glob that matches no claim."""
    from symproof.claims import REGISTRY

    if patterns is None:
        return list(REGISTRY)
    globs = [patterns] if isinstance(patterns, str) else list(patterns)
    for glob in globs:
        if not any(fnmatch.fnmatchcase(claim_id, glob) for claim_id in REGISTRY):
            raise ValueError(
                f"--only must match a claim ID (`symproof list` lists them, e.g. 's000.zero-init-k-step'); got {glob!r}"
            )
    return [claim_id for claim_id in REGISTRY if any(fnmatch.fnmatchcase(claim_id, glob) for glob in globs)]


def _judge(claim_id: str, effort: Effort, seed: int, backend: Backend = "numpy") -> Entry:
    """Return the ledger entry of the claim `claim_id`, its scenarios trained by `backend`: its verdict, or the
    exception its judging raised."""
    from symproof.claims import REGISTRY
    from symproof.verdict.judge import judge
    from symproof.verdict.searched import on_backend

    claim, start = on_backend(REGISTRY[claim_id], backend), time.perf_counter()
    try:
        entry = Entry.of(claim, judge(claim, effort=effort, seed=seed))
    except Exception as error:  # recorded, never dropped; the other claims go on
        entry = replace(Entry.error(claim, error), seconds=round(time.perf_counter() - start, 3))
    if backend == "numpy":
        return entry
    trained = backend if "property" in claim.methods else "numpy (a measured or symbolic claim trains no scenario)"
    evidence = {**entry.evidence, "backend": trained}
    if entry.verdict not in ("error", claim.expected):
        evidence["backend difference"] = backend_difference(REGISTRY[claim_id], entry, backend)
    return replace(entry, evidence=evidence)


def backend_difference(claim: Claim, entry: Entry, backend: str) -> dict[str, Any]:
    """Return why the verdict `entry` found on `backend` differs from the numpy backend's expectation: the deciding
    counterexample replayed on both backends. It is *explained* when the claim holds there on the numpy backend: the
    backend's rounding breaks an equality that symproof's correctly rounded arithmetic keeps."""
    from symproof.verdict.searched import replay

    found = entry.evidence.get("counterexample_under_condition") or entry.counterexample
    if found is None or "property" not in claim.methods:
        return {"explained": False, "why": "no counterexample scenario to replay on the numpy backend"}
    on_backend, on_numpy = replay(claim, found), replay(claim, {**found, "backend": "numpy"})
    explained = bool(on_numpy) and not bool(on_backend)
    why = (
        f"the counterexample found on {backend} holds on the numpy backend: {backend}'s rounding (summation order, "
        "libm) breaks an equality that symproof's correctly rounded, order-independent arithmetic keeps"
        if explained
        else "the counterexample fails on the numpy backend too: the difference is not the backend's arithmetic"
    )
    return {"explained": explained, "why": why, backend: repr(on_backend), "numpy": repr(on_numpy)}


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _in_processes(
    ids: list[str], effort: Effort, seed: int, jobs: int, done: Callable[[Entry], None], backend: Backend
) -> None:
    """Judge the claims `ids` in `jobs` worker processes, calling `done` with each entry as it comes.

    A worker that dies (killed, out of memory, a crash in native code) takes every pending claim down with it; each of
    those is judged again alone in a fresh process, so that only the claim that kills its process is an error.
    """
    from symproof.claims import REGISTRY

    for claim_id in _pool(ids, effort, seed, jobs, done, backend):
        if len(ids) == 1 or _pool([claim_id], effort, seed, 1, done, backend):
            died = BrokenProcessPool("the process judging it ended abruptly (killed, out of memory, or a native crash)")
            done(Entry.error(REGISTRY[claim_id], died))


def _pool(
    ids: list[str], effort: Effort, seed: int, jobs: int, done: Callable[[Entry], None], backend: Backend
) -> list[str]:
    """Judge the claims `ids` in a pool of `jobs` processes, calling `done` with each entry as it comes; return the
    claims that a dying worker left unjudged."""
    from symproof.claims import REGISTRY

    # Workers ignore Ctrl-C; the parent gets it and terminates them at once (no queued claim runs on, and no worker
    # prints a traceback).
    pool, lost = ProcessPoolExecutor(jobs, initializer=_ignore_interrupts), []
    try:
        futures = {pool.submit(_judge, claim_id, effort, seed, backend): claim_id for claim_id in ids}
        for future in as_completed(futures):
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                lost.append(futures[future])
            else:
                done(future.result() if error is None else Entry.error(REGISTRY[futures[future]], error))
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return [claim_id for claim_id in ids if claim_id in lost]


def _stop(pool: ProcessPoolExecutor) -> None:
    """Terminate the workers of `pool` at once (Python 3.14 has pool.terminate_workers()), and wait for its manager
    thread to notice: the exit hook of concurrent.futures would otherwise race with it and print a traceback."""
    workers = list((pool._processes or {}).values())
    manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)  # typeshed has a wrong type
    for worker in workers:
        worker.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.join()
    if manager is not None:
        manager.join(timeout=1.0)


def verify(
    ids: list[str],
    *,
    effort: Effort,
    seed: int,
    jobs: int,
    echo: Callable[[str], None] = print,
    backend: Backend = "numpy",
) -> tuple[Ledger, float]:
    """Return the ledger of the claims `ids`, judged in `jobs` processes (in this one for 1) with the scenarios of
    searched claims trained by `backend`, and the wall time; echo a progress line per claim."""
    from symproof import __version__

    start = time.perf_counter()
    entries: dict[str, Entry] = {}

    def done(entry: Entry) -> None:
        entries[entry.id] = entry
        status = entry.verdict if entry.verdict != "error" else f"error ({entry.evidence['error']})"
        mark = "" if entry.as_expected else " (UNEXPECTED)"
        echo(f"[{len(entries):>2}/{len(ids)}] {entry.id}: {status}{mark} in {entry.seconds:.1f} s")

    if min(jobs, len(ids)) == 1:
        for claim_id in ids:
            done(_judge(claim_id, effort, seed, backend))
    else:
        _in_processes(ids, effort, seed, min(jobs, len(ids)), done, backend)
    ledger = Ledger(__version__, effort.name, seed, environment(), [entries[i] for i in ids], machine())
    return ledger, time.perf_counter() - start


def snapshot_changes(ledger: Ledger) -> dict[str, dict[str, Snapshot]]:
    """Return, per snapshot file, the new snapshot of every claim whose verdict or pins the ledger found changed.

    A claim gets its computed verdict, keeps its pins that still fail, loses the stale ones, and gains the
    counterexamples its search found (`--update` writes the result; the change is then reviewed like code). A claim
    that raised changes nothing.
    """
    from symproof.claims import REGISTRY

    changes: dict[str, dict[str, Snapshot]] = {}
    for entry in ledger.claims:
        claim = REGISTRY[entry.id]
        if entry.verdict == "error" or claim.snapshot is None:
            continue
        stale, new = entry.evidence.get("stale pins", []), entry.evidence.get("new pins", [])
        if entry.verdict != claim.expected or stale or new:
            found = (Pin(p["scenario"], p["found"]) for p in new)
            snapshot = updated(entry.verdict, getattr(claim, "pins", ()), stale, found)
            changes.setdefault(claim.snapshot, {})[claim.id] = snapshot
    return changes
