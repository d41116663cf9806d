"""Mutation testing: sample random mutants of symproof's modules and check that the tests kill them.

Run: python benchmarks/mutants.py [--n 20 | --per-module K] [--seed 0] [--modules engine/params.py ...]
                                  [--timeout S] [--extra "python -m pytest -x -q -p no:cacheprovider tests"]
                                  [--log results.jsonl] [--dry-run]

Each mutant is one small change to one module, made on its AST and written back into the module's source text (only
the changed expression is replaced; the rest of the file is untouched). The operators:

- binop:   an arithmetic operator swapped (+ -, * /, // /, ** *, @ *, ...)
- drop:    an operand dropped (a + b -> a or b; x and y -> x or y; not x -> x; -x -> x)
- compare: a comparison swapped (< <=, > >=, == !=, is / is not, in / not in), `and` <-> `or`
- const:   a number or boolean changed (0 -> 1, n -> n + 1, n - 1, x -> 2x, ...), default arguments included
- index:   an index off by one (a[i] -> a[i + 1], a[i - 1]; slice bounds likewise)
- call:    a call swapped or dropped (np.max <-> np.min, any <-> all, ...; f(x) -> x; f(a, b) -> f(b, a); a call
           statement -> None)

Docstrings, strings, f-strings, annotations, imports and `raise` statements are left alone.

The repository (without .venv and .git) is copied to a temporary directory once; each mutant is written into the
copy, never into the working tree. For each mutant the mirror test file (tests/<layer>/test_<module>.py) runs first
(pytest -x); if the mutant survives it and --extra is given, the extra command runs too (in the copy, with this
Python's bin directory first on PATH). Tests that already fail on the unmutated copy are deselected and reported.
Verdicts: killed (a test failed), survived (all passed), timeout, error (pytest could not run: the mutant broke an
import, or the extra command exited with neither 0 nor 1).

The same --seed samples the same mutants as long as the sources are unchanged. --n samples uniformly from all the
mutants, so a large module dominates; --per-module K samples K from each module (a stratified sample, for a
per-module table). --log appends one JSON line per mutant as it finishes, so a stopped run keeps what it did.
--recheck LOG runs the survivors (and timeouts) recorded in LOG again, against the tests as they are now: each is
found again in the current source (the same change to the same text, at the nearest line), so that edits elsewhere
in the module do not lose it. This shows which test now kills a survivor.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MODULES = [
    "engine/activations",
    "engine/losses",
    "engine/optimizers",
    "engine/network",
    "engine/params",
    "structure/predicates",
    "structure/symmetry",
    "stats/std",
    "stats/variance",
]
IGNORED = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".hypothesis", "*_cache", "*.egg-info")
VERDICTS = ("killed", "survived", "timeout", "error")

BINOP_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
    ast.MatMult: ast.Mult,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
    ast.BitXor: ast.BitOr,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
}
COMPARE_SWAPS: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Lt: (ast.LtE, ast.Gt),
    ast.LtE: (ast.Lt, ast.GtE),
    ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.LtE),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
}
CALL_SWAPS = {
    "max": "min",
    "min": "max",
    "amax": "amin",
    "amin": "amax",
    "any": "all",
    "all": "any",
    "argmax": "argmin",
    "argmin": "argmax",
    "maximum": "minimum",
    "minimum": "maximum",
    "floor": "ceil",
    "ceil": "floor",
    "sum": "mean",
    "mean": "sum",
}
TYPE_NAMES = {"tuple", "list", "dict", "set", "frozenset", "type"}


@dataclass(frozen=True)
class Mutant:
    """One change: replace the source between (line, col) and (end_line, end_col) of `module` by `replacement`."""

    module: str
    operator: str
    line: int
    col: int
    end_line: int
    end_col: int
    original: str
    replacement: str

    def apply(self, source: str) -> str:
        lines = source.splitlines(keepends=True)

        def offset(line: int, col: int) -> int:  # ast columns count UTF-8 bytes
            return sum(len(s) for s in lines[: line - 1]) + len(lines[line - 1].encode()[:col].decode())

        return source[: offset(self.line, self.col)] + self.replacement + source[offset(self.end_line, self.end_col) :]

    def describe(self) -> str:
        return f"{self.module}:{self.line} [{self.operator}] `{_short(self.original)}` → `{_short(self.replacement)}`"


def _short(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def _skipped(tree: ast.Module) -> set[int]:
    """Return the ids of nodes no mutant may touch: docstrings, strings, annotations, imports, raise statements."""
    roots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                roots.append(body[0])
        if isinstance(node, (ast.JoinedStr, ast.Raise, ast.Import, ast.ImportFrom)):
            roots.append(node)
        elif isinstance(node, ast.arg) and node.annotation is not None:
            roots.append(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            roots.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            roots.append(node.annotation)
        elif _is_all(node) or _is_type_checking(node):
            roots.append(node)
    return {id(n) for root in roots for n in ast.walk(root)}


def _is_all(node: ast.AST) -> bool:
    return isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _paren(node: ast.AST) -> str:
    return f"({ast.unparse(node)})"


def _replaced(node: ast.AST, **changes: object) -> ast.AST:
    new = copy.deepcopy(node)
    for name, value in changes.items():
        setattr(new, name, value)
    return new


def _constants(value: object) -> list[bool | int | float]:
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return list(dict.fromkeys(v for v in (value + 1, value - 1, 0) if v != value))
    if isinstance(value, float):
        return list(dict.fromkeys(v for v in ((1.0 if value == 0 else 0.0), 2 * value, value + 1.0) if v != value))
    return []


def _is_type_subscript(node: ast.Subscript) -> bool:
    text = ast.unparse(node.value)
    return text in TYPE_NAMES or text.split(".")[-1][:1].isupper() or ast.unparse(node.slice)[:1].isupper()


def _changes(node: ast.AST) -> Iterator[tuple[str, ast.AST, str]]:
    """Yield (operator, node whose span is replaced, replacement text) for every mutant of `node`."""
    if isinstance(node, ast.BinOp):
        arithmetic = BINOP_SWAPS.get(type(node.op))
        if arithmetic is not None:
            yield "binop", node, _paren(_replaced(node, op=arithmetic()))
        yield "drop", node, _paren(node.left)
        yield "drop", node, _paren(node.right)
    elif isinstance(node, ast.BoolOp):
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield "compare", node, _paren(_replaced(node, op=other))
        for i in range(len(node.values)):
            rest = node.values[:i] + node.values[i + 1 :]
            yield "drop", node, _paren(rest[0] if len(rest) == 1 else _replaced(node, values=rest))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
        yield "drop", node, _paren(node.operand)
    elif isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            for comparison in COMPARE_SWAPS.get(type(op), ()):
                ops = [*node.ops[:i], comparison(), *node.ops[i + 1 :]]
                yield "compare", node, _paren(_replaced(node, ops=ops))
    elif isinstance(node, ast.Constant) and not isinstance(node.value, (str, bytes)):
        for value in _constants(node.value):
            yield "const", node, _paren(ast.Constant(value))
    elif isinstance(node, ast.Subscript) and not _is_type_subscript(node):
        bounds = [node.slice.lower, node.slice.upper] if isinstance(node.slice, ast.Slice) else [node.slice]
        for bound in bounds:
            if bound is None or isinstance(bound, (ast.Tuple, ast.Call, ast.Slice, ast.Starred)):
                continue
            if isinstance(bound, ast.Constant) and not isinstance(bound.value, int):
                continue  # a dict key
            for step in (ast.Add(), ast.Sub()):
                yield "index", bound, _paren(ast.BinOp(bound, step, ast.Constant(1)))
    elif isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name in CALL_SWAPS:
            swapped = (
                ast.Name(CALL_SWAPS[name]) if isinstance(func, ast.Name) else _replaced(func, attr=CALL_SWAPS[name])
            )
            yield "call", func, ast.unparse(swapped)
        positional = [a for a in node.args if not isinstance(a, ast.Starred)]
        if len(positional) == len(node.args) >= 1:
            yield "call", node, _paren(node.args[0])
        if len(positional) == len(node.args) >= 2 and ast.unparse(node.args[0]) != ast.unparse(node.args[1]):
            yield "call", node, _paren(_replaced(node, args=[node.args[1], node.args[0], *node.args[2:]]))
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        yield "call", node, "None"


def mutants_of(module: str, source: str) -> list[Mutant]:
    """Return every valid mutant of `source` (those that compile and differ from it), in a fixed order."""
    tree = ast.parse(source)
    skip = _skipped(tree)
    original_dump = ast.dump(tree)
    found: dict[tuple[int, int, int, int, str], Mutant] = {}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        for operator, target, replacement in _changes(node):
            if getattr(target, "end_lineno", None) is None:
                continue
            start = (target.lineno, target.col_offset)  # type: ignore[attr-defined]
            end = (target.end_lineno, target.end_col_offset)  # type: ignore[attr-defined]
            original = ast.get_source_segment(source, target) or ""
            mutant = Mutant(module, operator, *start, *end, original, replacement)
            key = (*start, *end, replacement)
            if key in found:
                continue
            try:
                mutated = ast.parse(mutant.apply(source))
                compile(mutated, module, "exec")
            except SyntaxError:
                continue
            if ast.dump(mutated) != original_dump:
                found[key] = mutant
    return list(found.values())


def module_path(name: str) -> str:
    path = name if name.startswith("symproof/") else f"symproof/{name}"
    return path if path.endswith(".py") else f"{path}.py"


PLUGIN = """
import json, os
_failed = []
def pytest_runtest_logreport(report):
    if report.failed:
        _failed.append(report.nodeid)
def pytest_collectreport(report):
    if report.failed:
        _failed.append(report.nodeid or "<collection>")
def pytest_sessionfinish(session, exitstatus):
    if "PYTEST_XDIST_WORKER" in os.environ:
        return  # the controller hears of every failure and writes the file
    with open(os.environ["MUTANTS_FAILED"], "w") as out:
        json.dump(sorted(set(_failed)), out)
"""


@dataclass
class Run:
    returncode: int | None  # None: timed out
    seconds: float
    failed: list[str]


class Sandbox:
    """A temporary copy of the repository in which mutants are written and tests are run."""

    def __init__(self, root: Path) -> None:
        self.root = root / "repo"
        shutil.copytree(REPO, self.root, ignore=IGNORED)
        plugin_dir = root / "plugin"
        plugin_dir.mkdir()
        (plugin_dir / "_mutants_plugin.py").write_text(PLUGIN)
        self.failed_file = root / "failed.json"
        self.env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join([str(self.root), str(plugin_dir)]),
            PYTHONDONTWRITEBYTECODE="1",
            PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
            MUTANTS_FAILED=str(self.failed_file),
            PYTEST_PLUGINS="_mutants_plugin",  # every pytest run records its failures, --extra's too
        )

    def run(self, command: Sequence[str], timeout: float) -> Run:
        self.failed_file.unlink(missing_ok=True)
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=self.root,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            returncode: int | None = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the whole process group this run started, nothing else
            process.wait()
            returncode = None
        failed = json.loads(self.failed_file.read_text()) if self.failed_file.exists() else []
        return Run(returncode, time.perf_counter() - start, failed)

    def pytest(self, test_file: str, deselect: Sequence[str], timeout: float, *, first_failure: bool = True) -> Run:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        command += ["-x"] if first_failure else []
        command += [f"--deselect={node}" for node in deselect]
        return self.run([*command, test_file], timeout)


@dataclass
class Result:
    mutant: Mutant
    verdict: str
    by: str
    seconds: float


def classify(run: Run, stage: str) -> tuple[str, str]:
    if run.returncode is None:
        return "timeout", stage
    if run.returncode == 0:
        return "survived", ""
    if run.returncode == 1 or (run.returncode == 2 and run.failed):
        # pytest exits 2 when -x stops a pytest-xdist session at its first failure: a kill, not an error
        return "killed", run.failed[0] if run.failed else stage
    return "error", f"{stage} exited {run.returncode}" + (f" ({run.failed[0]})" if run.failed else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--n", type=int, default=20, help="number of mutants to sample uniformly (default 20)")
    size.add_argument("--per-module", type=int, default=None, help="number of mutants to sample from each module")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--modules", nargs="+", default=DEFAULT_MODULES, help="e.g. engine/params.py or symproof/engine/params.py"
    )
    parser.add_argument("--timeout", type=float, default=None, help="seconds per test run (default: 5x baseline+10)")
    parser.add_argument("--extra", default=None, help="command to run on mutants the mirror test file misses")
    parser.add_argument("--log", type=Path, default=None, help="append one JSON line per mutant to this file")
    parser.add_argument("--recheck", type=Path, default=None, help="rerun the survivors recorded in this --log file")
    parser.add_argument("--dry-run", action="store_true", help="list the sampled mutants without running anything")
    args = parser.parse_args()

    modules = [module_path(m) for m in args.modules]
    pool: list[Mutant] = []
    for module in modules:
        pool += mutants_of(module, (REPO / module).read_text())
    counts = Counter(m.module for m in pool)
    rng = random.Random(args.seed)
    if args.recheck is not None:
        sample = [relocated(entry, pool) for entry in survivors(args.recheck)]
        modules = sorted({m.module for m in sample}, key=modules.index)
    elif args.per_module is None:
        sample = rng.sample(pool, min(args.n, len(pool)))
    else:
        sample = []
        for module in modules:
            mine = [m for m in pool if m.module == module]
            sample += rng.sample(mine, min(args.per_module, len(mine)))
    print(
        f"{len(sample)} mutants sampled (seed {args.seed}) from {len(pool)}: "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
    )
    if args.dry_run:
        for mutant in sample:
            print(f"  {mutant.describe()}")
        return

    with tempfile.TemporaryDirectory(prefix="symproof-mutants-") as tmp:
        box = Sandbox(Path(tmp))
        mirrors = baselines(box, sorted({mirror(m.module) for m in sample}))
        extra, extra_timeout = shlex.split(args.extra) if args.extra else None, args.timeout or 600.0
        if extra is not None:
            check = box.run(extra, extra_timeout)
            if check.returncode != 0:
                print(f"--extra fails on the unmutated copy (exit {check.returncode}, {check.failed[:3]}); not used")
                extra = None
            elif args.timeout is None:
                extra_timeout = 5 * check.seconds + 10
        results = []
        for k, mutant in enumerate(sample, start=1):
            path = box.root / mutant.module
            original = path.read_text()
            path.write_text(mutant.apply(original))
            start = time.perf_counter()
            try:
                verdict, by = "survived", ""
                baseline = mirrors[mirror(mutant.module)]
                if baseline is not None:
                    deselect, seconds = baseline
                    timeout = args.timeout or 5 * seconds + 10
                    verdict, by = classify(box.pytest(mirror(mutant.module), deselect, timeout), "mirror")
                elif extra is None:
                    verdict, by = "error", f"no runnable {mirror(mutant.module)} and no --extra"
                if verdict == "survived" and extra is not None:
                    verdict, by = classify(box.run(extra, extra_timeout), "--extra")
                    by = f"--extra: {by}" if verdict == "killed" else by
            finally:
                path.write_text(original)
            result = Result(mutant, verdict, by, time.perf_counter() - start)
            results.append(result)
            if args.log is not None:
                with args.log.open("a") as log:
                    log.write(json.dumps({**asdict(mutant), "verdict": verdict, "by": by, "seconds": result.seconds}))
                    log.write("\n")
            print(
                f"[{k}/{len(sample)}] {verdict:8} {result.seconds:5.1f} s  {mutant.describe()}  {by}", file=sys.stderr
            )
    report(results, modules)


def survivors(log: Path) -> list[dict[str, object]]:
    """Return the entries of a --log file whose mutant survived or timed out (a timeout on a loaded machine may be
    the load, not the mutant: it is run again)."""
    entries = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    return [entry for entry in entries if entry["verdict"] in ("survived", "timeout")]


def relocated(entry: dict[str, object], pool: list[Mutant]) -> Mutant:
    """Return the mutant of the current sources that makes the change `entry` recorded (the nearest line)."""
    same = [
        m
        for m in pool
        if (m.module, m.operator, m.original, m.replacement)
        == (entry["module"], entry["operator"], entry["original"], entry["replacement"])
    ]
    if not same:
        raise SystemExit(f"--recheck: the change {entry['original']!r} -> {entry['replacement']!r} is gone")
    return min(same, key=lambda m: (abs(m.line - int(entry["line"])), abs(m.col - int(entry["col"]))))  # type: ignore[call-overload]


def mirror(module: str) -> str:
    """Return the test file that mirrors `module`: symproof/<layer>/<name>.py -> tests/<layer>/test_<name>.py."""
    path = Path(module).relative_to("symproof")
    return str(Path("tests", *path.parts[:-1], f"test_{path.stem}.py"))


def baselines(box: Sandbox, test_files: list[str]) -> dict[str, tuple[list[str], float] | None]:
    """Run each test file on the unmutated copy: its failing tests (to deselect) and time, or None if it cannot run."""
    found: dict[str, tuple[list[str], float] | None] = {}
    for test_file in test_files:
        found[test_file] = None
        if not (box.root / test_file).exists():
            print(f"baseline: no {test_file}")
            continue
        base = box.pytest(test_file, [], 600.0, first_failure=False)
        if base.returncode not in (0, 1) or "<collection>" in base.failed:
            print(f"baseline: {test_file} does not run (exit {base.returncode})")
            continue
        found[test_file] = (base.failed, base.seconds)
        note = f"; {len(base.failed)} already failing, deselected: {', '.join(base.failed)}" if base.failed else ""
        print(f"baseline: {test_file} {base.seconds:.1f} s{note}")
    return found


def report(results: list[Result], modules: list[str]) -> None:
    print("\n| module | mutants | killed | survived | timeout | error | killed / (killed + survived) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    rows = [*modules, "total"]
    for module in rows:
        mine = [r for r in results if module in ("total", r.mutant.module)]
        if not mine:
            continue
        tally = Counter(r.verdict for r in mine)
        decided = tally["killed"] + tally["survived"]
        score = f"{tally['killed'] / decided:.0%}" if decided else "-"
        cells = " | ".join(str(tally[v]) for v in VERDICTS)
        print(f"| {module if module != 'total' else '**total**'} | {len(mine)} | {cells} | {score} |")
    for verdict in ("survived", "timeout", "error"):
        chosen = [r for r in results if r.verdict == verdict]
        if chosen:
            print(f"\n{verdict}:")
            for r in chosen:
                print(f"- {r.mutant.describe()}" + (f"  ({r.by})" if r.by else ""))


if __name__ == "__main__":
    main()
