"""The `symproof` command line: `verify` (the main job), `replay`, `list`, `show` and `experiment`.

Exit status: 0 when every computed verdict equals its recorded expectation (`replay`: the claim holds, or says
nothing); 1 when a verdict differs or a pin needs review (`replay`: the counterexample is reproduced); 2 on bad usage
and bad values, with one line on stderr naming the argument, never a traceback; 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _build() -> argparse.ArgumentParser:
    from symproof import __version__

    parser = _Parser(
        prog="symproof",
        description="Verify claims about neural networks under their weight initialisation.",
    )
    parser.add_argument("--version", action="version", version=f"symproof {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    verify = commands.add_parser(
        "verify",
        help="judge every built-in claim, print a summary table, and write the ledger",
        description="Judge the built-in claims (pinned counterexamples first, then search, measurement and SymPy "
        "proofs) and compare each verdict with its recorded expectation. Exit 0 when all agree, 1 when any differs or "
        "a pin needs review, 2 on bad usage.",
    )
    verify.add_argument(
        "--effort",
        choices=["quick", "default", "ci", "thorough"],
        default=None,
        help="examples per searched claim: quick 50, default 200, ci 200, thorough 1000 (default: ci when the CI "
        "variable is set, else default)",
    )
    verify.add_argument("--only", metavar="GLOB", help="judge only the claims whose ID matches GLOB, e.g. 's000.*'")
    verify.add_argument("--seed", type=int, default=0, help="seed of every search and sample (default 0)")
    verify.add_argument("--json", metavar="PATH", help="write the ledger as JSON to PATH")
    verify.add_argument("--markdown", metavar="PATH", help="write the ledger as markdown to PATH")
    verify.add_argument("--jobs", type=int, default=None, help="processes to use (default: one per core)")
    verify.add_argument(
        "--update-pins",
        action="store_true",
        help="write the counterexamples this run found, and drop the pins that no longer fail, in the claims' "
        "reviewed pin files (symproof/claims/*.pins.json)",
    )
    replay = commands.add_parser(
        "replay",
        help="run a searched claim on one recorded scenario (a counterexample from the ledger)",
        description="Run a searched claim's check on a scenario given as JSON. Exit 1 when the claim fails on it "
        "(the counterexample is reproduced), 0 when it holds.",
    )
    replay.add_argument("claim", help="claim ID, e.g. s000.linear-zero-stuck")
    replay.add_argument(
        "scenario", help="the scenario as JSON, as the ledger prints it; or a file holding it; or - for standard input"
    )
    commands.add_parser(
        "list", help="list the built-in claims", description="List every built-in claim: ID, kind, expected verdict."
    )
    show = commands.add_parser(
        "show",
        help="show one claim: statement, condition, source, why, and its pinned counterexamples",
        description="Show one built-in claim: its statement, condition, source, where the reasoning is, and the "
        "replay command of every pinned counterexample.",
    )
    show.add_argument("claim", help="claim ID, e.g. gen.adam-rounding")
    experiment = commands.add_parser(
        "experiment",
        help="run seed 000's experiment and print every step's matrices",
        description="Run seed 000's experiment ([5,4,3,2,2], zero weights, biases 0.1..0.4, sigmoid, MSE, lr 0.8).",
    )
    experiment.add_argument("--steps", type=int, default=6, help="number of steps (default 6)")
    experiment.add_argument("--seed", type=int, default=0, help="seed of the N(0,1) inputs (default 0)")
    experiment.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    return parser


def _experiment(args: argparse.Namespace) -> int:
    from symproof.experiments import format_step, seed000_experiment

    for index, step in enumerate(seed000_experiment(steps=args.steps, seed=args.seed, dtype=args.dtype)):
        print(format_step(index, step))
    return 0


def _verify(args: argparse.Namespace) -> int:
    import json

    from symproof._validation import check_positive_int
    from symproof.effort import get_effort
    from symproof.ledger import summary_table
    from symproof.pins import update_pins
    from symproof.verify import default_jobs, pin_changes, select, verify

    effort = get_effort(args.effort or ("ci" if os.environ.get("CI") else "default"))
    seed = _seed(args.seed)
    jobs = default_jobs() if args.jobs is None else check_positive_int("jobs", args.jobs)
    for option in ("json", "markdown"):
        _check_output(f"--{option}", getattr(args, option))
    ids = select(args.only)
    if args.update_pins:
        _check_pin_files(ids)
    # With a ledger on standard output, everything else goes to standard error.
    stream = sys.stderr if "-" in (args.json, args.markdown) else sys.stdout

    def say(line: str = "") -> None:
        print(line, file=stream, flush=True)

    processes = min(jobs, len(ids))
    say(
        f"symproof verify: {len(ids)} claim{'s' if len(ids) != 1 else ''}, effort {effort.name} ({effort.examples} "
        f"examples per searched claim), seed {seed}, {processes} process{'es' if processes > 1 else ''}"
    )
    ledger, wall = verify(ids, effort=effort, seed=seed, jobs=jobs, echo=say)
    say()
    say(summary_table(ledger.claims))
    if args.json == "-":
        sys.stdout.write(json.dumps(ledger.to_dict(), indent=1, ensure_ascii=False, default=str) + "\n")
    elif args.json is not None:
        ledger.write_json(args.json)
        say(f"ledger written to {args.json}")
    if args.markdown == "-":
        sys.stdout.write(ledger.to_markdown(command="symproof verify --markdown -"))
    elif args.markdown is not None:
        ledger.write_markdown(args.markdown)
        say(f"ledger written to {args.markdown}")
    changes = pin_changes(ledger)
    if args.update_pins:
        for path, pins in changes.items():
            update_pins(path, pins)
            say(f"updated the pins of {', '.join(sorted(pins))} in {path}")
    wrong = ledger.mismatches()
    if changes and not args.update_pins:
        changed = sorted(claim_id for pins in changes.values() for claim_id in pins)
        say(
            f"\npins differ from the reviewed pin files for {', '.join(changed)}: a pin no longer fails, or the "
            "search found a counterexample no pin had (see the ledger's evidence); `--update-pins` writes them"
        )
        if not wrong:
            return 1
    if wrong:
        names = ", ".join(f"{e.id} ({e.verdict}, expected {e.expected})" for e in wrong)
        say(f"\n{len(wrong)} of {len(ids)} verdicts differ from the expectation: {names}; wall {wall:.1f} s")
        return 1
    say(f"\nall {len(ids)} verdicts as expected; wall {wall:.1f} s")
    return 0


# What `symproof replay` will run: a recorded counterexample is small; a scenario beyond these is a typo or an attack.
REPLAY_MAX_STEPS = 10_000
REPLAY_MAX_PARAMETERS = 10**6


def _replay(args: argparse.Namespace) -> int:
    import itertools
    import json

    from symproof.claims import get_claim
    from symproof.scenario import Diverged, Scenario
    from symproof.structure import Check
    from symproof.verdict import Claim, outcome

    claim = get_claim(args.claim)
    if not isinstance(claim, Claim):
        raise ValueError(f"claim must be a searched claim to replay a scenario; got {args.claim!r} ({claim.kind})")
    text = _scenario_text(args.scenario)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"scenario must be JSON; got {text[:40]!r} ({error.msg})") from None
    scenario = Scenario.from_dict(record)
    sizes = scenario.topology
    parameters = sum(a * b + b for a, b in itertools.pairwise(sizes))
    if scenario.steps > REPLAY_MAX_STEPS or parameters > REPLAY_MAX_PARAMETERS:
        raise ValueError(
            f"scenario is beyond what replay runs ({REPLAY_MAX_STEPS} steps, {REPLAY_MAX_PARAMETERS:.0e} parameters); "
            f"got {scenario.steps} steps and {parameters} parameters"
        )
    try:
        result = outcome(claim, claim.holds(scenario))
    except Diverged as error:
        print(f"{claim.id}: says nothing about this scenario: training diverged ({error})")
        return 0
    if isinstance(result, Check) and result.vacuous:
        said = "says nothing about this scenario (vacuous)"
    else:
        said = "holds on this scenario" if result else "fails on this scenario"
    print(f"{claim.id}: {said}: {result!r}")
    return 0 if result else 1


def _scenario_text(given: str) -> str:
    """Return the scenario's JSON: the argument itself, standard input for -, or the file it names."""
    if given == "-":
        return sys.stdin.read()
    if not given.lstrip().startswith(("{", "[")) and os.path.isfile(given):
        with open(given, encoding="utf-8") as file:
            return file.read()
    return given


def _list(args: argparse.Namespace) -> int:
    from symproof.claims import REGISTRY
    from symproof.registry import methods_of

    width = max(len(claim_id) for claim_id in REGISTRY)
    for claim_id, claim in REGISTRY.items():
        print(f"{claim_id:<{width}}  {claim.kind:<11}  {claim.expected:<11}  {', '.join(methods_of(claim))}")
    print(f"{len(REGISTRY)} claim{'s' if len(REGISTRY) != 1 else ''}")
    return 0


def _show(args: argparse.Namespace) -> int:
    import json

    from symproof.claims import get_claim
    from symproof.registry import methods_of
    from symproof.verdict import Claim

    claim = get_claim(args.claim)
    condition = getattr(claim, "condition", None)
    print(f"{claim.id} ({claim.kind}; {', '.join(methods_of(claim))}); expected verdict: {claim.expected}")
    print(f"Statement: {claim.statement}")
    if condition is not None:
        print(f"Condition: {getattr(condition, 'name', condition)}")
    if claim.source is not None:
        print(f"Source: {claim.source.seed}: {claim.source.english}")
    print("Why: docs/theory.md (the principle, and this claim's row), docs/claims.md#" + claim.id.replace(".", ""))
    if isinstance(claim, Claim):
        for pin in claim.pins:
            print(f"Pinned counterexample ({pin.found}): symproof replay {claim.id} '{json.dumps(pin.scenario)}'")
    else:
        print(f"Decide it: symproof verify --only {claim.id}")
    return 0


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
        raise ValueError(f"{option} cannot be written: {path!r} is not writable ({error.strerror})") from None
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise ValueError(f"{option} cannot be written: {path!r} is not writable")


def _check_pin_files(ids: list[str]) -> None:
    """Raise ValueError unless every pin file of the claims `ids` can be rewritten in a source checkout."""
    from symproof.claims import REGISTRY
    from symproof.verdict import Claim

    for path in sorted({c.pin_path for i in ids if isinstance(c := REGISTRY[i], Claim) and c.pin_path}):
        folder = os.path.dirname(path)
        if {"site-packages", "dist-packages"} & set(path.split(os.sep)):
            raise ValueError(f"--update-pins needs a source checkout (pip install -e .); the pins are in {path!r}")
        if not os.access(folder, os.W_OK):
            raise ValueError(f"--update-pins cannot write the pin file {path!r}: its directory is not writable")


def _seed(seed: int) -> int:
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed}")
    return seed


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]) and return the exit status."""
    parser = _build()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    commands = {"verify": _verify, "replay": _replay, "experiment": _experiment, "list": _list, "show": _show}
    try:
        with _interruptible():
            return _run(commands[args.command], args)
    except KeyboardInterrupt:
        return 130


_INTERRUPTED = "symproof: interrupted"


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Make Ctrl-C stop the command within a second, even where Python would swallow the KeyboardInterrupt.

    The interrupt is raised as usual. But an exception raised inside a garbage-collection callback (Hypothesis
    installs one) is only reported and ignored, so a watchdog also starts: if the process is still alive after half a
    second, it terminates the worker processes, prints the one line and exits with 130.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop_now() -> None:
        for child in multiprocessing.active_children():
            child.terminate()
        if not reported.is_set():
            print(_INTERRUPTED, file=sys.stderr, flush=True)
        os._exit(130)

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
        print(_INTERRUPTED, file=sys.stderr, flush=True)
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
        sys.unraisablehook = hook
        watchdog.cancel()


def _run(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Return the exit status of `command`; bad usage and unwritable output are one line on stderr."""
    try:
        return command(args)
    except (ValueError, TypeError) as error:
        print(f"symproof: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`symproof experiment | head`): stop without a traceback (Python docs, signal module).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        print(f"symproof: error: cannot write output: {error.strerror or error}", file=sys.stderr)
        return 1
