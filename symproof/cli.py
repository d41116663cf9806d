"""The `symproof` command line: `symproof verify` (the main job), `symproof replay`, `symproof experiment`.

`symproof verify` exits 0 when every computed verdict equals its recorded expectation and 1 when any differs.
Bad usage and bad values exit with status 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

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
    replay.add_argument("scenario", help="the scenario as JSON, as the ledger prints it")
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
    from symproof._validation import check_positive_int
    from symproof.effort import get_effort
    from symproof.ledger import summary_table
    from symproof.pins import update_pins
    from symproof.verify import default_jobs, pin_changes, select, verify

    effort = get_effort(args.effort or ("ci" if os.environ.get("CI") else "default"))
    seed = _seed(args.seed)
    jobs = default_jobs() if args.jobs is None else check_positive_int("jobs", args.jobs)
    for option in ("json", "markdown"):
        path = getattr(args, option)
        if path is not None and not os.path.isdir(os.path.dirname(os.path.abspath(path))):
            raise ValueError(f"--{option} must be a path in an existing directory; got {path!r}")
    ids = select(args.only)
    if args.update_pins:
        _check_pin_files(ids)
    print(
        f"symproof verify: {len(ids)} claims, effort {effort.name} ({effort.examples} examples per searched "
        f"claim), seed {seed}, {jobs} job{'s' if jobs > 1 else ''}",
        flush=True,
    )
    ledger, wall = verify(ids, effort=effort, seed=seed, jobs=jobs, echo=lambda line: print(line, flush=True))
    print()
    print(summary_table(ledger.claims))
    if args.json:
        ledger.write_json(args.json)
    if args.markdown:
        ledger.write_markdown(args.markdown)
    changes = pin_changes(ledger)
    if args.update_pins:
        for path, pins in changes.items():
            update_pins(path, pins)
            print(f"updated the pins of {', '.join(sorted(pins))} in {path}")
    wrong = ledger.mismatches()
    if changes and not args.update_pins:
        changed = sorted(claim_id for pins in changes.values() for claim_id in pins)
        print(
            f"\npins differ from the reviewed pin files for {', '.join(changed)}: a pin no longer fails, or the "
            "search found a counterexample no pin had (see the ledger's evidence); `--update-pins` writes them"
        )
        if not wrong:
            return 1
    if wrong:
        names = ", ".join(f"{e.id} ({e.verdict}, expected {e.expected})" for e in wrong)
        print(f"\n{len(wrong)} of {len(ids)} verdicts differ from the expectation: {names}; wall {wall:.1f} s")
        return 1
    print(f"\nall {len(ids)} verdicts as expected; wall {wall:.1f} s")
    return 0


def _replay(args: argparse.Namespace) -> int:
    import json

    from symproof.claims import get_claim
    from symproof.structure import Check
    from symproof.verdict import Claim, replay

    claim = get_claim(args.claim)
    if not isinstance(claim, Claim):
        raise ValueError(f"claim must be a searched claim to replay a scenario; got {args.claim!r} ({claim.kind})")
    try:
        scenario = json.loads(args.scenario)
    except json.JSONDecodeError as error:
        raise ValueError(f"scenario must be JSON; got {args.scenario[:40]!r} ({error.msg})") from None
    if not isinstance(scenario, dict):
        raise TypeError(f"scenario must be a JSON object; got {type(scenario).__name__}")
    result = replay(claim, scenario)
    if isinstance(result, Check) and result.vacuous:
        said = "says nothing about this scenario (vacuous)"
    else:
        said = "holds on this scenario" if result else "fails on this scenario"
    print(f"{claim.id}: {said}: {result!r}")
    return 0 if result else 1


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
    try:
        return {"verify": _verify, "replay": _replay, "experiment": _experiment}[args.command](args)
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
