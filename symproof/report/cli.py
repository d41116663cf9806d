"""The `symproof` command line: `verify` (the main job), `replay`, `list`, `show` and `experiment`.

Exit status (`EXIT_STATUS`, shown by --help): 0 every verdict as expected (`replay`: the claim holds, or says
nothing); 1 a verdict differs from its expectation or a pin needs review (`replay`: the counterexample is reproduced);
2 bad usage, refused before any work with one line on stderr naming the argument and the value, nothing written; 3 a
claim raised or could not be decided (verdict "error": the other claims are judged and the ledger is written, the
exception in the claim's evidence; `replay`: the check raised); 4 the output could not be written (a full disk, a
closed pipe); 130 Ctrl-C (one line on stderr, every worker stopped within a second). Of 1, 3 and 4, the highest wins.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from symproof.report._interrupt import interruptible
from symproof.report._replay import CheckRaised

__all__ = ["EXIT_STATUS", "main"]

OK, DIFFERS, USAGE, CLAIM_ERROR, OUTPUT_ERROR, INTERRUPTED = 0, 1, 2, 3, 4, 130
EXIT_STATUS = """exit status:
  0    every verdict as expected (replay: the claim holds, or says nothing)
  1    a verdict differs, or a pin needs review (replay: the claim fails)
  2    bad usage: one line names the argument; nothing is run or written
  3    a claim raised or was undecided: verdict "error"; the ledger is written
  4    the output could not be written (a full disk, a closed pipe)
  130  interrupted (Ctrl-C)
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, f"{self.prog}: error: {message}\n")


def _build() -> argparse.ArgumentParser:
    from symproof import __version__

    parser = _Parser(
        prog="symproof",
        description="Verify claims about neural networks under their weight initialisation.",
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"symproof {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    verify = commands.add_parser(
        "verify",
        help="judge every built-in claim, print a summary table, and write the ledger",
        description="Judge the built-in claims (pinned counterexamples first, then search, measurement and SymPy "
        "proofs) and compare each verdict with its recorded expectation.",
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument(
        "--effort",
        choices=["quick", "default", "ci", "thorough"],
        default=None,
        help="examples per searched claim: quick 50 (the start of the default search; built-in proofs of a smaller "
        "scope), default 200, ci 200, thorough 1000 (default: ci when the CI variable is set, else default)",
    )
    verify.add_argument(
        "--only",
        metavar="GLOB",
        action="append",
        help="judge only the claims whose ID matches GLOB, e.g. 's000.*'; repeat it for several globs",
    )
    verify.add_argument("--seed", type=int, default=0, help="seed of every search and sample (default 0)")
    verify.add_argument("--json", metavar="PATH", help="write the ledger as JSON to PATH")
    verify.add_argument("--markdown", metavar="PATH", help="write the ledger as markdown to PATH")
    verify.add_argument("--jobs", type=int, default=None, help="processes to use (default: one per core)")
    verify.add_argument(
        "--backend",
        choices=["numpy", "torch"],
        default="numpy",
        help="who trains the scenarios of searched claims: symproof's engine (default) or PyTorch (the torch extra); "
        "pins that fail on one backend only are listed in the ledger, not counted as differences",
    )
    verify.add_argument(
        "--update",
        action="store_true",
        help="record the computed verdicts and counterexamples (new pins; pins that no longer fail dropped) in the "
        "claims' reviewed snapshot files (symproof/claims/__snapshots__/*.symproof.json); needs a source checkout",
    )
    replay = commands.add_parser(
        "replay",
        help="run a searched claim on one recorded scenario (a counterexample from the ledger)",
        description="Run a searched claim's check on a scenario given as JSON. Exit 1 when the claim fails on it "
        "(the counterexample is reproduced), 0 when it holds or says nothing, 2 on bad input, 3 when the check raises.",
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
        help="run seed 000's experiment and print its matrices at the start and after every step",
        description="Run seed 000's experiment ([5,4,3,2,2], zero weights, biases 0.1..0.4, sigmoid, MSE, lr 0.8) and "
        "print every weight matrix and bias, labelled with its name and shape: step 0 is the initial state, step k the "
        "state after k updates.",
    )
    experiment.add_argument("--steps", type=int, default=6, help="number of updates (default 6)")
    experiment.add_argument("--seed", type=int, default=0, help="seed of the N(0,1) inputs (default 0)")
    experiment.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    return parser


def _experiment(args: argparse.Namespace) -> int:
    from symproof.claims.experiment import format_state, initial_params, seed000_experiment
    from symproof.engine._validation import check_positive_int
    from symproof.report._cli_checks import check_seed

    steps = seed000_experiment(
        steps=check_positive_int("--steps", args.steps), seed=check_seed(args.seed), dtype=args.dtype
    )
    print(format_state(0, initial_params(dtype=args.dtype)))
    for k, step in enumerate(steps, start=1):
        print(format_state(k, step.params))
    return OK


def _verify(args: argparse.Namespace) -> int:
    import json

    from symproof.claims import REGISTRY
    from symproof.engine._validation import check_positive_int
    from symproof.report._cli_checks import check_outputs, check_seed
    from symproof.report.ledger import summary_table
    from symproof.report.verify import default_jobs, select, snapshot_changes, verify
    from symproof.verdict.effort import default_effort, get_effort
    from symproof.verdict.snapshots import update

    effort = get_effort(args.effort) if args.effort else default_effort()
    seed = check_seed(args.seed)
    jobs = default_jobs() if args.jobs is None else check_positive_int("--jobs", args.jobs)
    check_outputs(args.json, args.markdown)
    ids = select(args.only)
    if args.update and args.backend != "numpy":
        raise ValueError(f"--update records the numpy backend's verdicts and pins; got --backend {args.backend}")
    if args.backend == "torch":
        from symproof.engine.torch_layout import torch

        try:
            torch()  # before any claim runs
        except ImportError as error:
            raise ValueError(f"--backend torch: {error}") from None
    if args.update:
        _check_snapshot_files(ids)
    # With a ledger on standard output, everything else goes to standard error.
    stream = sys.stderr if "-" in (args.json, args.markdown) else sys.stdout

    def say(line: str = "") -> None:
        print(line, file=stream, flush=True)

    processes = min(jobs, len(ids))
    say(
        f"symproof verify: {len(ids)} claim{'s' if len(ids) != 1 else ''}, effort {effort.name} ({effort.examples} "
        f"examples per searched claim), seed {seed}, {processes} process{'es' if processes > 1 else ''}"
        + (f", backend {args.backend}" if args.backend != "numpy" else "")
    )
    ledger, wall = verify(ids, effort=effort, seed=seed, jobs=jobs, echo=say, backend=args.backend)
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
    changes = snapshot_changes(ledger)
    if args.update:
        for path, snapshots in changes.items():
            update(path, snapshots)
            say(f"updated the snapshots of {', '.join(sorted(snapshots))} in {path}")
        changes = {}
    errors = [e for e in ledger.claims if e.verdict == "error"]
    wrong = [e for e in ledger.mismatches() if e.verdict != "error"] if not args.update else []
    explained = [e for e in wrong if e.evidence.get("backend difference", {}).get("explained")]
    wrong = [e for e in wrong if e not in explained]
    if explained:
        names = ", ".join(f"{e.id} ({e.verdict}, expected {e.expected})" for e in explained)
        say(f"\n{len(explained)} verdicts differ on the {args.backend} backend by its rounding alone: {names}")
    pins = sorted(i for found in changes.values() for i, snap in found.items() if snap.verdict == REGISTRY[i].expected)
    pins = pins if args.backend == "numpy" else []  # the reviewed pins are the numpy backend's: the ledger lists these
    if pins:
        say(
            f"\npins differ from the reviewed snapshot files for {', '.join(pins)}: a pin no longer fails, or the "
            "search found a counterexample no pin had (see the ledger's evidence); `--update` records them"
        )
    if wrong:
        names = ", ".join(f"{e.id} ({e.verdict}, expected {e.expected})" for e in wrong)
        say(f"\n{len(wrong)} of {len(ids)} verdicts differ from the expectation: {names}; wall {wall:.1f} s")
    if errors:
        names = "; ".join(f"{e.id} ({e.evidence['error']})" for e in errors)
        say(f"\n{len(errors)} of {len(ids)} claims raised or could not be decided: {names}; wall {wall:.1f} s")
        return CLAIM_ERROR
    if wrong or pins:
        return DIFFERS
    also = f", or differ by the {args.backend} backend's rounding alone" if explained else ""
    say(f"\nall {len(ids)} verdicts as expected{also}; wall {wall:.1f} s")
    return OK


def _replay(args: argparse.Namespace) -> int:
    from symproof.report._replay import replay_command

    return replay_command(args.claim, args.scenario)


def _list(args: argparse.Namespace) -> int:
    from symproof.claims import REGISTRY

    width = max(len(claim_id) for claim_id in REGISTRY)
    for claim_id, claim in REGISTRY.items():
        print(f"{claim_id:<{width}}  {claim.kind:<11}  {claim.expected:<11}  {', '.join(claim.methods)}")
    print(f"{len(REGISTRY)} claim{'s' if len(REGISTRY) != 1 else ''}")
    return OK


def _show(args: argparse.Namespace) -> int:
    import json

    from symproof.claims import get_claim

    claim = get_claim(args.claim)
    print(f"{claim.id} ({claim.kind}; {', '.join(claim.methods)}); expected verdict: {claim.expected}")
    print(f"Statement: {claim.statement}")
    if claim.condition is not None:
        print(f"Condition: {claim.condition.name}")
    if claim.source is not None:
        print(f"Source: {claim.source.seed}: {claim.source.english}")
    from symproof.report.reasoning import why

    print(f"Why: {why(claim.id) or 'docs/theory.md (the principle)'}")
    if claim.decider.replays:
        for pin in claim.pins:
            print(f"Pinned counterexample ({pin.found}): symproof replay {claim.id} '{json.dumps(pin.scenario)}'")
    else:
        print(f"Decide it: symproof verify --only {claim.id}")
    return OK


def _check_snapshot_files(ids: list[str]) -> None:
    """Raise ValueError unless every snapshot file of the claims `ids` can be rewritten in a source checkout."""
    from symproof.claims import REGISTRY

    for path in sorted({c.snapshot for i in ids if (c := REGISTRY[i]).snapshot}):
        folder = os.path.dirname(path)
        while folder and not os.path.exists(folder):  # update() creates the __snapshots__ folder when it must
            folder = os.path.dirname(folder)
        if {"site-packages", "dist-packages"} & set(path.split(os.sep)):
            raise ValueError(f"--update needs a source checkout (pip install -e .); the snapshots are in {path!r}")
        if not os.access(folder or ".", os.W_OK):
            raise ValueError(f"--update cannot write the snapshot file {path!r}: its directory is not writable")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]) and return the exit status (see `EXIT_STATUS`)."""
    parser = _build()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return OK
    commands = {"verify": _verify, "replay": _replay, "experiment": _experiment, "list": _list, "show": _show}
    try:
        with interruptible(INTERRUPTED):
            return _run(commands[args.command], args)
    except KeyboardInterrupt:
        return INTERRUPTED


def _run(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Return the exit status of `command`; bad usage, a check that raises and unwritable output are one line on
    stderr."""
    try:
        return command(args)
    except CheckRaised as error:
        print(f"symproof: error: {error}", file=sys.stderr)
        return CLAIM_ERROR
    except (ValueError, TypeError) as error:
        print(f"symproof: error: {error}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:
        # The reader went away (`symproof experiment | head`): stop without a traceback (Python docs, signal module).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return OUTPUT_ERROR
    except OSError as error:
        print(f"symproof: error: cannot write output: {error.strerror or error}", file=sys.stderr)
        return OUTPUT_ERROR
