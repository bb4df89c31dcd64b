"""Python tests (assignments/<id>/tests_*.py): unittest methods with
gradescope-utils' decorators, run in the grader, reaching student code only
through the proxy (autograder/student_proxy.py).

Proven here, on backprop's solution and template with extra probe tests
defined in this file: the proxy cannot be bypassed (student code sees no
grader object, a grader object cannot be sent, a monkeypatched runner or a
forged results.json changes no score); hidden Python tests reveal nothing,
whatever the test writes, and run after every visible test; a crash or a
hang costs only its test; partial credit and the leaderboard reach
results.json; mistakes in a tests_*.py file are refused with the file, the
method and the fix.
"""
import copy
import dataclasses
import json
import os
import types
import unittest

import jsonschema
import numpy as np
import pytest
from gradescope_utils.autograder_utils import json_test_runner
from gradescope_utils.autograder_utils.decorators import leaderboard, number, partial_credit, weight

from autograder import cli, grading, python_runner, python_tests, results
from autograder import definitions
from autograder.errors import ConfigError
from autograder.instructor import StudentError, StudentTestCase
from autograder.student_proxy import Channel, Student
from autograder.yaml_validator import Validator
from conftest import (ROOT, SCHEMA, assert_reveals_no_data, assignment_code, grade_folder, opened, result_of,
                      solution_copy)

ASSIGNMENT = "backprop"
PROBE_FILE = "tests_probe.py"
EXTRA_GATES = '''

import os as _os
import time as _time
_multiply_forward = MultiplyGate.forward


def _printing_forward(self, x, y):
    print("PRINTED-BY-STUDENT")
    return _multiply_forward(self, x, y)


MultiplyGate.forward = _printing_forward


def crash():
    _os._exit(3)


def hang():
    end = _time.monotonic() + 60
    while _time.monotonic() < end:
        pass
'''


class Probe(StudentTestCase):
    """Probe tests; the engine's Test entries below decide number and visibility."""
    __test__ = False  # run by the grader, not collected by pytest

    @number("9.1")
    @weight(1)
    def test_message_with_values(self):
        out = self.student.gates.MultiplyGate().forward(3.0, -4.0)
        self.assertEqual(float(out), 12.5, f"the test writer quotes the value {float(out)}")

    @number("9.2")
    @weight(1)
    def test_engine_comparison(self):
        received = self.student.gates.MultiplyGate().forward(np.arange(6.0).reshape(2, 3), np.ones((2, 3)))
        self.assert_matches("out", received, np.arange(6.0).reshape(2, 3) + 1)

    @number("9.3")
    @weight(1)
    def test_crash(self):
        self.student.gates.crash()

    @number("9.4")
    @weight(1)
    def test_hang(self):
        self.student.gates.hang()

    @number("9.5")
    @weight(1)
    def test_after_the_failures(self):
        self.assert_matches("out", self.student.gates.AddGate().forward(1.0, 2.0), 3.0)

    @number("9.6")
    @partial_credit(4)
    def test_partial_credit(self, set_score=None):
        set_score(1.5)

    @number("9.7")
    @weight(0)
    @leaderboard("probe score", "asc")
    def test_leaderboard(self, set_leaderboard_value=None):
        set_leaderboard_value(np.float64(0.25))

    @number("9.8")
    @weight(1)
    def test_expects_a_student_error(self):
        with self.assertRaises(StudentError) as raised:
            self.student.gates.MaxGate().backward(1.0)  # before forward: the solution has no x_wins
        self.assertEqual(raised.exception.error_type, "AttributeError")

    @number("9.9")
    @weight(1)
    def test_object_of_a_dead_worker(self):
        gate = self.student.gates.AddGate()
        with self.assertRaises(StudentError):
            self.student.gates.crash()
        gate.forward(1.0, 2.0)

    @number("9.10")
    @weight(1)
    def test_sends_a_grader_object(self):
        self.student.gates.AddGate().forward(self, 1.0)


def probe(method, number, visibility="visible", time_limit=10.0):
    return definitions.Test(number=number, name=method, weight=4.0 if method == "test_partial_credit" else 1.0,
                visibility=visibility, check="python", python=f"{PROBE_FILE}::Probe.{method}",
                time_limit=time_limit)


@pytest.fixture
def with_probes(monkeypatch):
    """backprop's code with the given probe Tests added (loaded from this file)."""
    original = python_tests.load
    monkeypatch.setattr(python_tests, "load", lambda folder, name: types.SimpleNamespace(Probe=Probe)
                        if name == PROBE_FILE else original(folder, name))

    def code_with(*tests):
        code = copy.copy(assignment_code(ASSIGNMENT))
        code.assignment = dataclasses.replace(code.assignment, tests=code.assignment.tests + tests)
        return code

    return code_with


def grade(code, folder):
    result = grading.grade(code, str(folder), opened(ASSIGNMENT).expected_for)
    jsonschema.validate(results.gradescope_json(result), SCHEMA)
    return result


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    """The solution with a printing MultiplyGate and crash/hang functions, graded
    with every probe (visible, and hidden twins of the first two)."""
    def run(code):
        folder = solution_copy(ASSIGNMENT, tmp_path_factory.mktemp("probe") / "submission")
        with open(folder / "gates.py", "a") as out:
            out.write(EXTRA_GATES)
        return grade(code, folder)
    return run


def test_python_tests_report_what_happened_and_hidden_ones_reveal_nothing(with_probes, probed):
    tests = (probe("test_message_with_values", "9.1"), probe("test_engine_comparison", "9.2"),
             probe("test_message_with_values", "9.11", "after_due_date"),
             probe("test_engine_comparison", "9.12", "hidden"),
             probe("test_crash", "9.3", time_limit=2), probe("test_hang", "9.4", time_limit=2),
             probe("test_after_the_failures", "9.5"), probe("test_partial_credit", "9.6"),
             probe("test_leaderboard", "9.7"), probe("test_expects_a_student_error", "9.8"),
             probe("test_object_of_a_dead_worker", "9.9"), probe("test_sends_a_grader_object", "9.10"))
    result = probed(with_probes(*tests))
    assert all(t.passed for t in result.tests if not t.number.startswith("9.")), "backprop's own tests"
    visible, said = result_of(result, "9.1"), result_of(result, "9.2")
    assert "the test writer quotes the value -12.0" in visible.output and "PRINTED-BY-STUDENT" in visible.output
    assert "Called gates.MultiplyGate(), gates.MultiplyGate.forward(x=3.0, y=-4.0)" in visible.output
    assert "out: 6 of 6 values differ" in said.output and said.cases[0].tables, said.output
    quiet, compared = result_of(result, "9.11"), result_of(result, "9.12")
    for test in (quiet, compared):
        assert_reveals_no_data(test)
        for word in ("quotes", "-12", "PRINTED"):
            assert word not in test.output, test.output
    assert "a check of this test failed" in quiet.output
    assert "out: values differ" in compared.output and not compared.cases[0].tables
    assert "crashed" in result_of(result, "9.3").output and result_of(result, "9.3").score == 0
    assert "did not finish within the time limit of 2 s" in result_of(result, "9.4").output
    assert result_of(result, "9.5").passed, result_of(result, "9.5").output
    assert result_of(result, "9.6").score == 1.5 and not result_of(result, "9.6").passed
    assert result_of(result, "9.8").passed, result_of(result, "9.8").output
    assert "this object was lost" in result_of(result, "9.9").output
    assert "can pass student code only data" in result_of(result, "9.10").output
    assert result.leaderboard == [{"name": "probe score", "value": 0.25, "order": "asc"}]
    assert results.gradescope_json(result)["leaderboard"] == result.leaderboard


def test_hidden_python_tests_run_after_every_visible_test(with_probes, monkeypatch, tmp_path):
    order = []
    run_test = grading.Session.run_test
    monkeypatch.setattr(grading.Session, "run_test",
                        lambda session, test: order.append((test.hidden, test.number)) or run_test(session, test))
    code = with_probes(probe("test_after_the_failures", "0.1", "hidden"),
                       probe("test_after_the_failures", "9.5"))
    grade(code, solution_copy(ASSIGNMENT, tmp_path / "s"))
    hidden = [h for h, _ in order]
    assert hidden == sorted(hidden), order  # every visible test (False) before any hidden one
    assert (True, "0.1") in order and (False, "9.5") in order and (False, "1.16") in order


# ------------------------------------------------------------ the trust boundary
FORGING_HEADER = '''
import gc, inspect, json, os, sys, unittest
try:  # the grader's own library, as installed: patching this copy changes nothing there
    from gradescope_utils.autograder_utils import json_test_runner as _runner
    _runner.JSONTestResult.buildResult = lambda self, test, err=None: {{"score": 1000.0, "status": "passed"}}
    _runner.JSONTestResult.addFailure = lambda self, test, err: self.addSuccess(test)
except ImportError:
    pass
unittest.TestCase.run = lambda self, result=None: None
unittest.TestResult.addError = lambda self, test, err: None
try:
    with open({forged!r}, "w") as _out:
        json.dump({{"score": 100, "tests": [], "output": "FORGED"}}, _out)
except OSError:
    pass


def what_student_code_sees():
    grader = ("autograder", "_python_tests", "_solution", "_assignment", "conftest", "tests_")
    return {{"modules": sorted(m for m in sys.modules if m.startswith(grader)),
            "objects": sorted({{type(o).__qualname__ for o in gc.get_objects()
                               if isinstance(o, unittest.TestCase)
                               or str(getattr(type(o), "__module__", "")).startswith(grader)}}),
            "files": sorted({{os.path.basename(f.filename) for f in inspect.stack()}})}}

'''


def test_a_monkeypatching_submission_changes_no_score_and_sees_no_grader_object(tmp_path):
    """The template's gates.py with a header that patches gradescope-utils'
    result class and unittest and forges results.json: its Python tests still
    fail (score 0, as the plain template), the grader's classes are untouched,
    results.json is the grader's, and student code finds nothing of the grader."""
    forged = tmp_path / "results.json"
    folder = tmp_path / "submission"
    folder.mkdir()
    for name in opened(ASSIGNMENT).assignment.files:
        text = open(os.path.join(ROOT, "student_template", ASSIGNMENT, name)).read()
        if name == "gates.py":
            text = FORGING_HEADER.format(forged=str(forged)) + text
        (folder / name).write_text(text)
    originals = (json_test_runner.JSONTestResult.buildResult, json_test_runner.JSONTestResult.addFailure,
                 unittest.TestCase.run, unittest.TestResult.addError)
    result = cli.grade_one(ASSIGNMENT, str(folder), str(forged), details=False)
    assert result.score == 0
    for number in ("1.16", "4.11"):  # the Python tests
        assert "not implemented" in result_of(result, number).output
    assert (json_test_runner.JSONTestResult.buildResult, json_test_runner.JSONTestResult.addFailure,
            unittest.TestCase.run, unittest.TestResult.addError) == originals
    written = json.loads(forged.read_text())
    assert written["score"] == 0 and "FORGED" not in written["output"]

    code = assignment_code(ASSIGNMENT)
    session = grading.Session(code, str(folder), opened(ASSIGNMENT).expected_for)
    try:
        seen = Student(Channel(session, code.assignment.tests[0]), code.assignment.modules).gates \
            .what_student_code_sees()
    finally:
        session.worker.stop()
    assert seen["modules"] == [] and seen["objects"] == [], seen
    assert set(seen["files"]) <= {"worker_main.py", "gates.py"}, seen


def test_only_data_student_objects_and_modules_cross_to_the_worker(tmp_path):
    code = assignment_code(ASSIGNMENT)
    session = grading.Session(code, solution_copy(ASSIGNMENT, tmp_path / "s"), opened(ASSIGNMENT).expected_for)
    channel = Channel(session, code.assignment.tests[0])
    student = Student(channel, code.assignment.modules)
    try:
        gate = student.gates.MultiplyGate()
        assert float(gate.forward(2.0, 3.0)) == 6.0 and gate.x == 2.0  # an attribute read there
        for grader_object in (object(), code, code.solution["gates"], lambda: 1, {1: 2.0},
                              np.array([object()]), code.solution["gates"].AddGate()):
            with pytest.raises(TypeError, match="only data"):
                channel.outgoing(grader_object)
        with pytest.raises(AttributeError, match="not a submitted file"):
            student.os  # noqa: B018  (only the assignment's modules are reachable)
    finally:
        session.worker.stop()
    assert channel.calls[0][0] == "gates.MultiplyGate"


def test_each_session_has_its_own_copy_of_the_test_files(tmp_path):
    """gradescope-utils keeps a test's score and leaderboard value on the
    function: two submissions graded at once must not share it."""
    code = assignment_code(ASSIGNMENT)
    test = next(t for t in code.assignment.tests if t.python)
    sessions = [grading.Session(code, str(tmp_path), None) for _ in range(2)]
    first, second = (python_runner.test_case(s, test) for s in sessions)
    assert type(first) is not type(second) and test.python.endswith(first._testMethodName)


# ------------------------------------------------------------ declarations
def yaml_with(tests_total):
    return {"title": "probe", "total_points": tests_total, "files": ["m.py"],
            "seeds": {"visible": 1, "hidden": 2},
            "tests": [{"number": "1.1", "name": "f", "weight": 1, "check": "forward", "function": "m.f",
                       "cases": [{"x": 1.0}]}]}


GOOD = '''from gradescope_utils.autograder_utils.decorators import number, visibility, weight
from autograder.instructor import StudentTestCase


class T(StudentTestCase):
    @number("2.1")
    @weight(2)
    def test_one(self):
        """a doc line"""
'''


@pytest.mark.parametrize("source, total, words", [
    (GOOD, 3, None),
    (GOOD.replace('@number("2.1")', '@number("1.1")'), 3, ["duplicate test number"]),
    (GOOD, 1, ["weights add up to 3"]),
    (GOOD.replace('    @number("2.1")\n', ""), 3, ["T.test_one: missing @number"]),
    (GOOD.replace('    @weight(2)\n', ""), 3, ["T.test_one: needs @weight(points)"]),
    (GOOD.replace('@weight(2)', '@weight(2)\n    @visibility("secret")'), 3, ["is not one of"]),
    (GOOD.replace("(StudentTestCase)", "(__import__('unittest').TestCase)"), 3, ["must derive from"]),
    (GOOD + "\n1 / 0\n", 3, ["cannot be imported: ZeroDivisionError"]),
])
def test_python_test_declarations_are_checked(tmp_path, source, total, words):
    (tmp_path / "tests_probe.py").write_text(source)
    validator = Validator(str(tmp_path / "assignment.yaml"))
    if words is None:
        assignment = validator.assignment("probe", str(tmp_path), yaml_with(total))
        added = [t for t in assignment.tests if t.python]
        assert [(t.number, t.name, t.weight, t.check) for t in added] == [("2.1", "a doc line", 2.0, "python")]
        return
    with pytest.raises(ConfigError) as error:
        validator.assignment("probe", str(tmp_path), yaml_with(total))
    for word in words:
        assert word in str(error.value), str(error.value)
    assert "tests_probe.py" in str(error.value) or "total_points" in str(error.value)


def test_yaml_cannot_declare_a_python_check(tmp_path):
    raw = yaml_with(1)
    raw["tests"][0]["check"] = "python"
    with pytest.raises(ConfigError, match="Python tests are unittest methods"):
        Validator(str(tmp_path / "assignment.yaml")).assignment("probe", str(tmp_path), raw)


# ------------------------------------------------------------ the assignments' own
def test_cnn_reports_its_validation_accuracy_on_the_leaderboard(graded_variants):
    result = graded_variants("cnn")
    (entry,) = results.gradescope_json(result)["leaderboard"]
    assert entry["name"] == "validation accuracy" and entry["order"] == "desc"
    assert 0.9 <= entry["value"] <= 1.0


def test_visible_python_test_failure_is_as_precise_as_a_yaml_one(graded_variants):
    output = result_of(graded_variants(ASSIGNMENT, "train_without_shuffling"), "4.11").output
    assert "Called batch_recorder.BatchRecorder(), two_layer_net.train_two_layer_net(net=your object" in output
    assert "rows of X in the call 1 to net.loss: " in output and "values differ" in output, output
    gates = result_of(graded_variants(ASSIGNMENT, "max_routes_gradient_to_both"), "1.16").output
    assert "f = 2 (x y + max(z, w)): df/dw: 1 of 1 values differ" in gates, gates
    assert "expected 0, received 2" in gates, gates

