"""Ctrl-C for the command line: one line on standard error, exit status 130, within a second, never a traceback."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["INTERRUPTED", "interruptible"]

INTERRUPTED = "symproof: interrupted"


@contextlib.contextmanager
def interruptible(status: int = 130) -> Iterator[None]:
    """Make Ctrl-C stop the command within a second, even where Python would swallow the KeyboardInterrupt.

    The interrupt is raised as usual, and the caller returns `status` on it. But an exception raised inside a
    garbage-collection callback (Hypothesis installs one) is only reported and ignored, so a watchdog also starts: if
    the process is still alive after half a second, it terminates the worker processes, prints the one line and exits
    with `status`.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop_now() -> None:
        for child in multiprocessing.active_children():
            child.terminate()
        if not reported.is_set():
            print(INTERRUPTED, file=sys.stderr, flush=True)
        os._exit(status)

    def on_interrupt(signum: int, frame: object) -> None:
        if not watchdog.is_alive():
            watchdog.start()
        raise KeyboardInterrupt

    def unraisable(record: Any) -> None:
        if not isinstance(record.exc_value, KeyboardInterrupt):  # the swallowed interrupt: the watchdog acts on it
            hook(record)

    reported = threading.Event()
    watchdog = threading.Timer(0.5, stop_now)
    watchdog.daemon = True
    previous, hook = signal.signal(signal.SIGINT, on_interrupt), sys.unraisablehook
    sys.unraisablehook = unraisable
    try:
        yield
    except KeyboardInterrupt:
        reported.set()
        print(INTERRUPTED, file=sys.stderr, flush=True)
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
        sys.unraisablehook = hook
        watchdog.cancel()
