"""Static checks of a submission's source, before any of it runs.

Forbidden imports are refused twice: here, by reading the files (so that
code which disables the worker's import hook is still caught), and in the
worker by an import hook (which also catches imports this scan cannot see).

The files are parsed in a child process under memory and time limits, never
in the grader's: Python's parser gives up on deeply nested expressions with
MemoryError or RecursionError (`x = ----...1`, a long `1+1+...` chain), and a
large file's syntax tree can take hundreds of MB.  A file that cannot be
parsed costs its own tests, with the reason, as an unimportable module does;
the worker is then never asked to import it, so the reason is given once.
Run as a script, this file is that child: it imports nothing of `autograder`.
"""
import ast
import json
import os
import resource
import subprocess
import sys
import threading

IMPORTERS = {"__import__", "import_module"}
PARSE_SECONDS = 30
PARSE_MEMORY = 2**30
# CPython 3.11's parser is not safe to run in two threads at once (a batch
# grades in threads): "SystemError: AST constructor recursion depth mismatch".
# Submissions are parsed in the child; the grader's own files (python_tests.py)
# are parsed in process, under this lock.
PARSING = threading.Lock()


def _imported_names(tree):
    """(line, top-level module name) of every import the source spells out."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]
        elif isinstance(node, ast.Call) and node.args and \
                isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else \
                getattr(function, "id", "")
            if name in IMPORTERS:
                yield node.lineno, node.args[0].value.split(".")[0]


def _parse_each(folder, names):
    """The child's work: one JSON line per file, written as soon as it is known."""
    for name in names:
        try:
            with open(os.path.join(folder, name), "rb") as handle:
                outcome = {"imports": sorted(_imported_names(ast.parse(handle.read(), name)))}
        except (OSError, SyntaxError, ValueError):
            outcome = {"imports": []}  # broken files are reported by the worker, with the line
        except (MemoryError, RecursionError) as error:
            outcome = {"unparsable": type(error).__name__}
        print(json.dumps({"file": name, **outcome}), flush=True)


def _limit_child():
    resource.setrlimit(resource.RLIMIT_AS, (PARSE_MEMORY, PARSE_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (PARSE_SECONDS, PARSE_SECONDS))


def parsed(folder, names):
    """{file name: the child's outcome} for the files it got through."""
    command = [sys.executable, "-I", "-S", os.path.abspath(__file__), folder, *names]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PARSE_SECONDS,
                              preexec_fn=_limit_child)
        output = done.stdout
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or ""
        output = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    outcomes = {}
    for line in output.splitlines():
        try:
            outcome = json.loads(line)
            outcomes[outcome.pop("file")] = outcome
        except (ValueError, KeyError, AttributeError):
            continue  # a line cut short when the child was stopped
    return outcomes


def forbidden_imports(folder, files, forbidden):
    """{module: message} for each submitted file that imports a forbidden module
    or cannot be parsed at all."""
    present = [name for name in files if os.path.isfile(os.path.join(folder, name))]
    outcomes = parsed(folder, present) if present else {}
    found = {}
    for name in present:
        outcome = outcomes.get(name)
        if outcome is None:
            found[name[:-3]] = (f"{name} could not be parsed: Python's parser needed more than "
                                f"{PARSE_SECONDS} s or {PARSE_MEMORY // 2**30} GB of memory")
        elif "unparsable" in outcome:
            found[name[:-3]] = (f"{name} could not be parsed: an expression in it is nested too "
                                f"deeply for Python's parser ({outcome['unparsable']}); "
                                "split it into several statements")
        for line, module in outcome.get("imports", []) if outcome else []:
            if module in forbidden:
                found[name[:-3]] = (f"{name}, line {line}: imports {module}, which is not allowed "
                                    f"in this assignment (forbidden: {', '.join(sorted(forbidden))})")
                break
    return found


if __name__ == "__main__":
    _parse_each(sys.argv[1], sys.argv[2:])
