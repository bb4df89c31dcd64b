"""Gradescope's results.json and the terminal table, from one SubmissionResult.

The results format follows Gradescope's autograder specification
(https://gradescope-autograders.readthedocs.io/en/latest/specs/); its JSON
schema is kept in tests/results_schema.json.
"""
import json
import os
import re
import tempfile
import textwrap

NAME_WIDTH = 60  # the terminal table's name column; results.json keeps the whole name


def gradescope_json(result):
    tests = [{
        "score": t.score,
        "max_score": t.weight,
        "status": "passed" if t.passed else "failed",
        "name": t.name,
        "number": t.number,
        "output": markdown(t),
        "output_format": "md",
        "visibility": t.visibility,
    } for t in result.tests]
    summary = f"Total: {_points(result.score)} / {_points(result.max_score)} points."
    data = {
        "score": result.score,
        "execution_time": round(result.seconds, 3),
        "output": "\n".join([summary] + result.notes),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }
    if result.leaderboard:  # @leaderboard Python tests (Gradescope's format)
        data["leaderboard"] = list(result.leaderboard)
    return data


def markdown(test):
    """A test's feedback in Gradescope's md format.  Only the grader's own words
    are Markdown; whatever a student controls (messages, code, printed output)
    sits in indented code blocks, which are shown verbatim."""
    if not test.cases:  # a test summarising other tests (inputs left untouched)
        return _code_block(test.output.splitlines())
    passed = sum(case.passed for case in test.cases)
    header = f"{passed} of {len(test.cases)} cases passed." if test.header is None else test.header
    parts = [f"**{header}**"] if header else []  # a Python test is one run: no count
    for case in test.cases:
        parts.append(f"{_escape(case.label)}: passed." if case.passed else
                     f"**{_escape(case.label)}: failed.** {_escape(case.description)}")
        if case.details:
            parts.append(_code_block(case.details))
        parts += [_value_table(table) for table in case.tables]
    if test.causes:  # the grader's sentences, in a block like the cases' details
        parts.append(_code_block([f"Likely cause: {sentence}" for sentence in test.causes]))
    return "\n\n".join(parts)


def _escape(text):
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", text)


def _code_block(lines):
    """Every physical line indented, so that no text (a student's print with
    newlines) can leave the block."""
    return "\n".join("    " + part for line in lines for part in (str(line).splitlines() or [""]))


def _value_table(table):
    more = f" ({table.more} more differ)" if table.more else ""
    lines = [f"First differing values of `{table.name}`{more}:", "",
             "| index | expected | received | difference |", "|---|--:|--:|--:|"]
    lines += [f"| {' | '.join(row)} |" for row in table.rows]
    return "\n".join(lines)


def failure_json(message, tests=()):
    """A valid results.json for a submission that could not be graded: score 0,
    every test failed with `message` (tests: the assignment's, if it loaded)."""
    return {"score": 0.0, "execution_time": 0.0, "output": message, "visibility": "visible",
            "stdout_visibility": "hidden",
            "tests": [{"score": 0.0, "max_score": t.weight, "status": "failed", "name": t.name,
                       "number": t.number, "output": message, "visibility": t.visibility}
                      for t in tests]}


def write_json(path, data):
    """Write atomically: a reader never sees half a file."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".results-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2)
        out.write("\n")
    os.replace(temporary, path)


def read_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _points(x):
    return f"{x:g}" if float(x).is_integer() else f"{x:.2f}"


def table(result, title=None, details=False):
    """A readable table: number, name, score/max, status; a total line last."""
    rows = [(t.number, t.name, f"{_points(t.score)}/{_points(t.weight)}",
             "passed" if t.passed else "FAILED") for t in result.tests]
    widths = [max(len(r[i]) for r in rows + [("Test", "Name", "Score", "Status")]) for i in range(4)]
    widths[1] = min(widths[1], NAME_WIDTH)

    def line(cells):
        return "  ".join(str(c)[:w].ljust(w) for c, w in zip(cells, widths)).rstrip()

    out = [title] if title else []
    out += [line(("Test", "Name", "Score", "Status")), line(["-" * w for w in widths])]
    for row, test in zip(rows, result.tests):
        # A long name wraps at word boundaries: its end is often the hint.
        name_lines = textwrap.wrap(row[1], NAME_WIDTH, break_on_hyphens=False) or [""]
        out.append(line((row[0], name_lines[0], row[2], row[3])))
        out += [line(("", more, "", "")) for more in name_lines[1:]]
        if details and not test.passed:
            out += ["      " + x for x in test.output.splitlines()]
    out.append(line(["-" * w for w in widths]))
    out.append(f"Total: {_points(result.score)} / {_points(result.max_score)}   "
               f"({sum(t.passed for t in result.tests)} of {len(result.tests)} tests passed, "
               f"{result.seconds:.1f} s)")
    out += [f"leaderboard: {entry['name']} = {entry['value']}" for entry in result.leaderboard]
    out += result.notes
    return "\n".join(out)
