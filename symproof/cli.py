"""The `symproof` command line: `symproof --version`, `symproof experiment`.

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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]) and return the exit status."""
    parser = _build()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return _experiment(args)
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
