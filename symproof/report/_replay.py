"""`symproof replay`: read a recorded scenario (JSON given inline, in a file, or on standard input), check it against
the caps below, and run a searched claim's check on it.

Bad input is a ValueError or TypeError naming the argument (the command line's exit status 2); a check that raises on
a valid scenario is a `CheckRaised` (status 3).
"""

from __future__ import annotations

import itertools
import json
import os
import sys

__all__ = ["REPLAY_MAX_PARAMETERS", "REPLAY_MAX_STEPS", "CheckRaised", "replay_command"]

# What `symproof replay` will run: a recorded counterexample is small; a scenario beyond these is a typo or an attack.
REPLAY_MAX_STEPS = 10_000
REPLAY_MAX_PARAMETERS = 10**6


class CheckRaised(Exception):
    """The claim's check raised on a valid scenario: the claim, not the input, is at fault."""


def replay_command(claim_id: str, given: str) -> int:
    """Print what the claim `claim_id` says of the scenario `given`; return 1 when it fails there, else 0."""
    from symproof.claims import get_claim
    from symproof.search.scenario import Diverged, Scenario
    from symproof.structure.predicates import Check
    from symproof.verdict.searched import replay

    claim = get_claim(claim_id)
    if not claim.decider.replays:
        raise ValueError(f"claim must be a searched claim to replay a scenario; got {claim_id!r} ({claim.kind})")
    text = _scenario_text(given)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"scenario must be JSON; got {_short(text)} ({error.msg})") from None
    scenario = Scenario.from_dict(record)
    parameters = sum(a * b + b for a, b in itertools.pairwise(scenario.topology))
    if scenario.steps > REPLAY_MAX_STEPS or parameters > REPLAY_MAX_PARAMETERS:
        raise ValueError(
            f"scenario is beyond what replay runs ({REPLAY_MAX_STEPS} steps, {REPLAY_MAX_PARAMETERS:.0e} parameters); "
            f"got {scenario.steps} steps and {parameters} parameters"
        )
    try:
        result = replay(claim, record)
    except Diverged as error:
        print(f"{claim.id}: says nothing about this scenario: training diverged ({error})")
        return 0
    except Exception as error:
        raise CheckRaised(f"{claim.id} raised on this scenario: {type(error).__name__}: {error}") from error
    if isinstance(result, Check) and result.vacuous:
        said = "says nothing about this scenario (vacuous)"
    else:
        said = "holds on this scenario" if result else "fails on this scenario"
    print(f"{claim.id}: {said}: {result!r}")
    return 0 if result else 1


def _short(text: str, most: int = 40) -> str:
    return repr(text if len(text) <= most else text[: most - 3] + "...")


def _scenario_text(given: str) -> str:
    """Return the scenario's JSON: the argument itself, standard input for -, or the file it names."""
    if given == "-":
        return sys.stdin.read()
    if given.lstrip().startswith(("{", "[")):
        return given
    if not os.path.isfile(given):
        why = "a directory" if os.path.isdir(given) else "no such file"
        raise ValueError(
            f"scenario must be JSON, a file holding it, or - for standard input; got {_short(given, 200)} ({why})"
        )
    try:
        with open(given, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError) as error:
        why = (error.strerror or str(error)) if isinstance(error, OSError) else "not UTF-8 text"
        raise ValueError(f"scenario file {given!r} cannot be read ({why})") from None
