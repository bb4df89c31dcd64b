"""Run one Python test (a unittest method of tests_*.py) in the grader.

The test gets the student's code through the proxy (student_proxy.py), the
reference solution in this process, a seeded generator and the engine's
comparison.  gradescope-utils' result class collects its score (`@weight`,
`@partial_credit`) and leaderboard value (`@leaderboard`).  The feedback is
written here, by the engine, from what failed: the engine's own sentences for
a comparison, the student's traceback lines for a failing call, the test's
assertion message for a visible test only.  A hidden test shows none of the
inputs, values, messages or printed output, whatever the test writer put in
an assertion.
"""
import io
import time
import traceback
import types
import unittest
from dataclasses import dataclass, field

from . import cases, python_tests
from .errors import CheckFailed, ConfigError, StudentError
from .student_proxy import GRADER_CODE, Channel, Student


# Grader-side code of Python tests and comparators runs one at a time in a
# batch (threads): NumPy's BLAS gave nondeterministic results to a reference
# forward pass computed while another thread did the same (a wrong accuracy
# in one `make mutants` run of ~4).  Student calls release it while the
# worker computes, so submissions still overlap where the time goes.
@dataclass
class Ran:
    """What one Python test came to; grading.py turns it into a TestResult."""
    score: float
    passed: bool
    description: str
    details: list
    seconds: float
    tables: list = field(default_factory=list)
    leaderboard: list = field(default_factory=list)  # Gradescope leaderboard entries


@dataclass
class Context:
    """What a StudentTestCase reads through self.student, self.reference, ..."""
    test: object
    student: Student
    reference: types.SimpleNamespace
    rng: object
    generators: object

    def generator(self, name):
        function = getattr(self.generators, name, None) if self.generators else None
        if not callable(function):
            raise ConfigError(f"self.generate({name!r}): the assignment's inputs.py has no {name}")
        return function


def new_collector():
    """gradescope-utils' result class, keeping the exception itself (the engine
    writes the feedback) and giving a weighted leaderboard test its score too.
    Imported here, not at the top: the student's checker (numpy only) imports
    grading.py but never runs a Python test."""
    from gradescope_utils.autograder_utils.json_test_runner import JSONTestResult

    class Collector(JSONTestResult):
        def __init__(self):
            super().__init__(io.StringIO(), True, 0, [], [], "")
            self.error, self.skipped_reason = None, None

        def processResult(self, test, err=None):  # noqa: N802  (unittest's naming)
            if err is not None and self.error is None:
                self.error = err
            if not isinstance(test, unittest.TestCase):  # setUpClass/tearDownClass failed
                return
            if self.getLeaderboardData(test)[0]:
                self.leaderboard.append(self.buildLeaderboardEntry(test))
            self.results.append(self.buildResult(test, err))

        def addSubTest(self, test, subtest, err):  # noqa: N802
            super().addSubTest(test, subtest, err)
            if err is not None and self.error is None:
                self.error = err

        def addSkip(self, test, reason):  # noqa: N802
            super().addSkip(test, reason)
            self.skipped_reason = reason

    return Collector()


def test_case(session, test):
    """An instance of the test's class from this session's own copy of its file."""
    file_name, cls, method = python_tests.located(test.python)
    modules = session.python_modules
    if file_name not in modules:
        modules[file_name] = python_tests.load(session.assignment.folder, file_name)
    case = getattr(modules[file_name], cls)(method)
    function = getattr(type(case), method)
    for stale in ("__score__", "__leaderboard_value__"):  # gradescope-utils keeps them on the function
        if hasattr(function, stale):
            setattr(function, stale, None)
    return case


def run(session, test):
    started = time.monotonic()
    case = test_case(session, test)
    channel = Channel(session, test)
    seed = session.assignment.seeds["hidden" if test.hidden else "visible"]
    case._autograder = Context(test, Student(channel, _modules(session.assignment)),
                               types.SimpleNamespace(**session.code.solution),
                               cases.case_rng(seed, test.number, 0), session.code.inputs)
    collector = new_collector()
    try:
        with GRADER_CODE:
            unittest.TestSuite([case]).run(collector)
    finally:
        session.release()
    entry = collector.results[0] if collector.results else {}
    failed = collector.error is not None or collector.skipped_reason is not None or not entry
    score = 0.0 if not entry else min(test.weight, max(0.0, float(entry.get("score", 0.0))))
    passed = not failed and score >= test.weight - 1e-9
    details, tables = ([], []) if passed else _failure(session, test, collector)
    return Ran(score, passed, channel.described(),
               details + channel.notes, time.monotonic() - started, tables,
               _leaderboard(collector.leaderboard))


def _modules(assignment):
    return assignment.modules + tuple(name[:-3] for name in assignment.worker_modules)


def _failure(session, test, collector):
    """The feedback sentences (and value tables) of a failed test."""
    if collector.skipped_reason is not None:
        return [f"the test was skipped: {collector.skipped_reason}"], []
    if collector.error is None:
        return ["the test lost points (partial credit)"] if collector.results else \
            ["the test did not report a result"], []
    error = collector.error[1]
    if isinstance(error, CheckFailed):
        return error.lines, [] if test.hidden else error.tables
    if isinstance(error, StudentError):
        return error.lines, []
    if isinstance(error, AssertionError):
        return (["a check of this test failed"] if test.hidden else
                [line for line in str(error).splitlines() if line.strip()] or ["a check failed"]), []
    where = traceback.extract_tb(collector.error[2])[-1]
    session.notes.append(f"test {test.number}: the Python test raised {type(error).__name__} "
                         f"({where.filename.rsplit('/', 1)[-1]}, line {where.lineno})")
    if test.hidden:
        return [f"your result could not be checked ({type(error).__name__}); compare its type and "
                "shape with the docstring"], []
    return [f"your result could not be checked: {type(error).__name__}: {error}"], []


def _leaderboard(entries):
    """Gradescope leaderboard entries with a value set (numbers as plain floats)."""
    found = []
    for entry in entries:
        value = entry.get("value")
        if value is None:
            continue
        try:
            value = value if isinstance(value, str) else float(value)
        except (TypeError, ValueError):  # the test set something that is not a number
            continue
        found.append({"name": str(entry["name"]), "value": value,
                      "order": entry.get("order") or "desc"})
    return found
