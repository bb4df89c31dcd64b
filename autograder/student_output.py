"""What `check.py` prints: one line per test, the first failure in full (with
its likely cause, when one is named), a count of the rest, and a summary line last.  Short on purpose: a student runs
it dozens of times an hour.  Colour only where it renders (a terminal or a
Jupyter notebook) and never when NO_COLOR is set (https://no-color.org).
"""
import os
import sys

NOT_IMPLEMENTED = "not implemented yet"  # grading.error_lines' words for a NotImplementedError
NAME_WIDTH = 58
GREEN, RED, BOLD, RESET = "\033[32m", "\033[31m", "\033[1m", "\033[0m"


def wants_colour(stream=None):
    stream = stream or sys.stdout
    if "NO_COLOR" in os.environ:
        return False
    in_notebook = "ipykernel" in sys.modules  # Jupyter renders ANSI colours in cell output
    return in_notebook or (hasattr(stream, "isatty") and stream.isatty())


class Painter:
    def __init__(self, colour):
        self.colour = colour

    def __call__(self, text, code):
        return f"{code}{text}{RESET}" if self.colour else text


def _points(x):
    return f"{x:g}" if float(x).is_integer() else f"{x:.2f}"


def _status(test):
    if test.passed:
        return "passed"
    failed = [case for case in test.cases if not case.passed]
    if failed and all(any(NOT_IMPLEMENTED in line for line in case.details) for case in failed):
        return "failed: not implemented"
    return "failed"


def test_lines(result, paint):
    numbers = max((len(t.number) for t in result.tests), default=3)
    names = min(NAME_WIDTH, max((len(t.name) for t in result.tests), default=4))
    scores = [f"{_points(t.score)}/{_points(t.weight)}" for t in result.tests]
    width = max((len(s) for s in scores), default=5)
    lines = []
    for test, score in zip(result.tests, scores):
        name = test.name if len(test.name) <= names else test.name[:names - 3] + "..."
        status = paint(_status(test), GREEN if test.passed else RED)
        lines.append(f"{test.number:<{numbers}}  {name:<{names}}  {score:>{width}}  {status}")
    return lines


def case_details(test, case):
    """A failed case in full: what was called, what differed, the first differing values."""
    lines = [f"  {case.description}"] + [f"  {line}" for line in case.details]
    for table in case.tables:
        more = f" ({table.more} more differ)" if table.more else ""
        lines.append(f"  first differing values of {table.name}{more}:")
        rows = [("index", "expected", "received", "difference")] + [tuple(r) for r in table.rows]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines += ["    " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
                  for row in rows]
    return lines


def failure_lines(result, paint, rerun):
    failing = [t for t in result.tests if not t.passed]
    if not failing:
        return []
    first = failing[0]
    cases = [c for c in first.cases if not c.passed]
    if not cases:  # a test without cases of its own: its output says it all
        return [paint(f"First failure: test {first.number} {first.name}", BOLD)] + \
            [f"  {line}" for line in first.output.splitlines()]
    case = cases[0]
    lines = [paint(f"First failure: test {first.number} ({first.name}), {case.label} "
                   f"of {len(first.cases)}:", BOLD)]
    lines += case_details(first, case)
    lines += [f"  Likely cause: {sentence}" for sentence in first.causes]
    others = []
    if len(cases) > 1:
        others.append(f"{len(cases) - 1} more failing case{'s' if len(cases) > 2 else ''} of "
                      f"test {first.number}")
    if len(failing) > 1:
        others.append(f"{len(failing) - 1} more failing test{'s' if len(failing) > 2 else ''} "
                      f"({rerun(failing[1].number)} shows the next)")
    if others:
        lines.append(f"Not shown: {' and '.join(others)}.")
    return lines


def summary_line(result, paint, note):
    passed = sum(t.passed for t in result.tests)
    total = len(result.tests)
    verdict = paint(f"{passed} of {total} visible test{'s' if total != 1 else ''} passed",
                    GREEN if passed == total else RED)
    return f"{verdict} ({_points(result.score)} / {_points(result.max_score)} points). {note}"


def report(result, title, note, colour=False, rerun=lambda number: f"python check.py {number}"):
    """The whole report; `rerun(number)` says how to run one test where the student is."""
    paint = Painter(colour)
    lines = [paint(title, BOLD)] + test_lines(result, paint) + failure_lines(result, paint, rerun)
    lines += result.notes
    lines.append(summary_line(result, paint, note))
    return "\n".join(lines)
