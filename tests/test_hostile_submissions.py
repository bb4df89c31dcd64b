"""Hostile submissions: code that crashes, hangs, forks, lies or misbehaves.

Each variant is built from a copy of the reference solution (so every test
that the attack does not touch must keep full marks) and graded through the
real worker.  Every test checks that
  (a) grading finished and returned a result (grade_folder also validates
      the results JSON against tests/results_schema.json),
  (b) every test's score is exactly what the attack should cost, computed
      from the weights in assignment.yaml (never copied from a run), and
  (c) the affected tests' output says what happened in a student's words.

Attacks are bounded: loops stop by themselves after 60 s and children sleep
at most 30 s, so a broken sandbox cannot wedge a developer's machine.
Submissions that hang are graded with time_limit=2 to keep the suite fast.

Tests marked xfail(strict=True) document engine bugs found while writing
this file; each reason says what goes wrong.  When a bug is fixed the test
XPASSes, which fails the run: then remove the marker.
"""
import json
import os
import re
import textwrap
import time
import uuid

import pytest

from autograder import config
from conftest import (grade_folder, kill_processes, mutate, processes_with, require_daemons_contained,
                      result_of, wait_until)

ASSIGNMENT = config.load("perceptron")
HANG_LIMIT = 2  # seconds per call and per import for submissions that hang
PROMPT = 20     # seconds: a generous bound on grading the whole submission
ENV_ALLOWED = {"PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "PYTHONDONTWRITEBYTECODE",
               "PYTHONHASHSEED", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
               "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"}


# ------------------------------------------------------------------ helpers

def graded_functions(assignment=ASSIGNMENT):
    """Every function the inputs-untouched test covers (as the engine counts them)."""
    return sorted({t.function for t in assignment.tests if t.function} |
                  {t.forward for t in assignment.tests if t.forward})


def module_functions(module, assignment=ASSIGNMENT):
    return {f for f in graded_functions(assignment) if f.split(".")[0] == module}


def numbers_calling(functions, assignment=ASSIGNMENT):
    """Numbers of the tests that call one of `functions` (as function or forward)."""
    return {t.number for t in assignment.tests if {t.function, t.forward} & set(functions)}


def expected_scores(assignment=ASSIGNMENT, failing=(), incomplete=None):
    """{test number: score} when every call of a function in `failing` fails
    its case and every call of one in `incomplete` (default: `failing`) never
    returns (raises, hangs, dies).  A backward test calls its forward first,
    so its backward never runs when the forward does not return; the
    inputs-untouched test gives weight * (functions that ran) / (all functions)."""
    failing = set(failing)
    incomplete = failing if incomplete is None else set(incomplete)
    assert failing | incomplete <= set(graded_functions(assignment)), "unknown function"
    scores, completed = {}, set()
    for test in assignment.tests:
        if test.check == "inputs_untouched":
            continue
        calls = [test.forward, test.function] if test.forward else [test.function]
        returned = True
        for function in calls:
            if function in incomplete:
                returned = False
                break
            completed.add(function)
        scores[test.number] = test.weight if returned and not set(calls) & failing else 0.0
    graded = graded_functions(assignment)
    for test in assignment.tests:
        if test.check == "inputs_untouched":
            scores[test.number] = round(test.weight * len(completed & set(graded)) / len(graded), 4)
    return scores


def expected_score(assignment=ASSIGNMENT, failing=(), incomplete=None):
    return round(sum(expected_scores(assignment, failing, incomplete).values()), 4)


def assert_grades(result, failing=(), incomplete=None):
    """Every test's score and the total are exactly what the attack costs."""
    wanted = expected_scores(ASSIGNMENT, failing, incomplete)
    got = {t.number: t.score for t in result.tests}
    assert got == pytest.approx(wanted, abs=1e-9), {
        n: (got.get(n), wanted.get(n)) for n in wanted if got.get(n) != pytest.approx(wanted[n])}
    assert result.score == pytest.approx(expected_score(ASSIGNMENT, failing, incomplete), abs=1e-9)
    assert result.max_score == pytest.approx(ASSIGNMENT.total_points)


def assert_says(result, numbers, *phrases):
    """Each test in `numbers` has an output holding every phrase (case-insensitive)."""
    assert numbers, "no test to look at"
    for number in sorted(numbers):
        output = result_of(result, number).output
        for phrase in phrases:
            assert phrase.lower() in output.lower(), \
                f"test {number}: {phrase!r} not in output:\n{output}"


def visible(numbers):
    return {t.number for t in ASSIGNMENT.tests if t.number in numbers and not t.hidden}


def variant(solution_dir, file_name, code):
    """A copy of the solution with `code` (dedented) appended to `file_name`.
    Appending a `def` of an existing name replaces that function."""
    folder = solution_dir("perceptron")
    with open(os.path.join(folder, file_name), "a") as out:
        out.write("\n\n" + textwrap.dedent(code).strip("\n") + "\n")
    return folder


def line_of(folder, file_name, text):
    """1-based number of the (only) line of folder/file_name holding `text`."""
    lines = open(os.path.join(folder, file_name), encoding="latin-1").read().splitlines()
    found = [i + 1 for i, line in enumerate(lines) if text in line]
    assert len(found) == 1, f"{text!r} found on lines {found}"
    return found[0]


def wrapper(function, body):
    """Code replacing `function` by one whose body may call `_original(*args, **kwargs)`."""
    return f"_original = {function}\n\n\ndef {function}(*args, **kwargs):\n" + \
        textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n"


def grade_timed(folder, time_limit=None):
    started = time.monotonic()
    result = grade_folder("perceptron", folder, time_limit)
    return result, time.monotonic() - started


LOOP_60_S = textwrap.dedent("""
    import time as _time
    _start = _time.monotonic()
    while _time.monotonic() - _start < 60:  # ends by itself if nothing kills it
        pass
""")


# ------------------------------------------------------------- the template

def test_template_scores_zero_and_says_not_implemented():
    folder = os.path.join(config.ROOT, "student_template", "perceptron")
    result = grade_folder("perceptron", folder)
    everything = graded_functions()
    assert_grades(result, failing=everything)
    assert result.score == 0
    calling = {t.number for t in ASSIGNMENT.tests if t.check != "inputs_untouched"}
    assert_says(result, calling, "not implemented")
    untouched = [t.number for t in ASSIGNMENT.tests if t.check == "inputs_untouched"]
    assert_says(result, untouched, f"0 of {len(everything)} functions ran", "never ran to completion")
    for number in untouched:
        output = result_of(result, number).output
        assert all(f in output for f in everything)


# ------------------------------------------- a whole module cannot be used

def _append(file_name, code):
    def apply(folder):
        with open(os.path.join(folder, file_name), "a") as out:
            out.write("\n\n" + textwrap.dedent(code).strip("\n") + "\n")
    return apply


def _remove(folder):
    os.remove(os.path.join(folder, "logistic.py"))


def _wrong_case(folder):
    os.rename(os.path.join(folder, "logistic.py"), os.path.join(folder, "Logistic.py"))


def _latin_1_string(folder):
    """Python reads source as UTF-8; a Latin-1 "é" in a string is a SyntaxError
    (in a comment it is let through, and so is the file)."""
    with open(os.path.join(folder, "logistic.py"), "ab") as out:
        out.write('\n# café\nGREETING = "café"\n'.encode("latin-1"))


def _pad_beyond_size_cap(folder):
    with open(os.path.join(folder, "logistic.py"), "a") as out:
        out.write(("#" * 79 + "\n") * 30_000)  # 2.4 MB


def _import_torch(folder):
    mutate(folder, "logistic.py", "import numpy as np\n", "import numpy as np\nimport torch\n")


MODULE_CASES = [
    # id, module, how to break it, phrases (every test of the module),
    # line marker (file and line named in visible tests), time limit
    ("import-infinite-loop", "perceptron", _append("perceptron.py", LOOP_60_S),
     ["importing perceptron.py", "did not finish within the time limit"], None, HANG_LIMIT),
    ("sys-exit-at-import", "activations", _append("activations.py", "import sys\nsys.exit(1)"),
     ["activations.py could not be imported", "SystemExit"], "sys.exit(1)", None),
    ("runtime-error-at-import", "logistic", _append("logistic.py", 'raise RuntimeError("boom")'),
     ["logistic.py could not be imported", "RuntimeError", "boom"], 'raise RuntimeError("boom")', None),
    ("syntax-error", "activations", _append("activations.py", "def broken(:\n    pass"),
     ["activations.py could not be imported", "SyntaxError"], "def broken(:", None),
    ("non-utf-8-source", "logistic", _latin_1_string,
     ["logistic.py could not be imported", "SyntaxError", "save the file with UTF-8"], "GREETING",
     None),
    ("file-over-size-cap", "logistic", _pad_beyond_size_cap,
     ["logistic.py is 2.3 MB", "over 2 MB are not graded"], None, None),
    ("missing-file", "logistic", _remove, ["logistic.py is missing"], None, None),
    ("wrong-case-file-name", "logistic", _wrong_case,
     ["logistic.py is missing", "Logistic.py", "case-sensitive"], None, None),
    ("forbidden-import-torch", "logistic", _import_torch,
     ["logistic.py", "imports torch", "not allowed"], "import torch", None),
    ("forbidden-import-in-a-function", "logistic",
     _append("logistic.py", wrapper("sigmoid", "import scipy.special\nreturn scipy.special.expit(args[0])")),
     ["logistic.py", "imports scipy", "not allowed"], "import scipy.special", None),
]


@pytest.mark.parametrize("module, breaker, phrases, marker, time_limit",
                         [c[1:] for c in MODULE_CASES], ids=[c[0] for c in MODULE_CASES])
def test_unusable_module_costs_only_its_own_tests(solution_dir, module, breaker, phrases,
                                                  marker, time_limit):
    folder = solution_dir("perceptron")
    breaker(folder)
    result, seconds = grade_timed(folder, time_limit)
    functions = module_functions(module)
    assert_grades(result, failing=functions)
    affected = numbers_calling(functions)
    assert_says(result, affected, *phrases)
    if marker:
        assert_says(result, visible(affected),
                    f"{module}.py, line {line_of(folder, module + '.py', marker)}")
    assert seconds < PROMPT


# ------------------------------------------------ one function misbehaves

FUNCTION_CASES = [
    # id, file, function, code, phrases (visible tests), returns?, time limit
    ("infinite-loop", "perceptron.py", "collapse_linear",
     wrapper("collapse_linear", LOOP_60_S + "return _original(*args, **kwargs)"),
     ["perceptron.collapse_linear did not finish within the time limit of 2 s"], False, HANG_LIMIT),
    ("ignores-sigterm-sigalrm-then-loops", "perceptron.py", "collapse_linear",
     wrapper("collapse_linear", textwrap.dedent("""
         import signal as _signal
         for _number in (_signal.SIGTERM, _signal.SIGALRM, _signal.SIGINT, _signal.SIGHUP):
             _signal.signal(_number, _signal.SIG_IGN)
         """) + LOOP_60_S + "return _original(*args, **kwargs)"),
     ["did not finish within the time limit"], False, HANG_LIMIT),
    ("os-exit-3", "logistic.py", "sigmoid",
     wrapper("sigmoid", "import os\nos._exit(3)"),
     ["logistic.sigmoid", "exited with code 3"], False, None),
    ("segfault", "activations.py", "relu_forward",
     wrapper("relu_forward", "import ctypes\nctypes.string_at(0)"),
     ["activations.relu_forward", "killed by signal SIGSEGV"], False, None),
    ("missing-function", "perceptron.py", "collapse_linear", "del collapse_linear",
     ["perceptron.py has no function collapse_linear"], False, None),
    ("memory-bomb-8-GB", "perceptron.py", "mlp3_forward",
     wrapper("mlp3_forward", """
         import numpy as np
         big = np.ones(2**30)  # 8 GB of float64
         return _original(*args, **kwargs) + big[:1]
         """),
     ["MemoryError"], False, None),
    ("returns-nan", "perceptron.py", "collapse_linear",
     wrapper("collapse_linear", """
         W, b = _original(*args, **kwargs)
         W = W.copy()
         W[0, 0] = float("nan")
         return W, b
         """),
     ["W: contains NaN"], True, None),
    ("returns-object-array", "perceptron.py", "mlp3_forward",
     wrapper("mlp3_forward", "return _original(*args, **kwargs).astype(object)"),
     ["should be a NumPy array", "dtype object"], True, None),
    ("returns-string", "perceptron.py", "mlp3_forward",
     wrapper("mlp3_forward", 'return "the answer is 42"'),
     ["should be a NumPy array", "the answer is 42"], True, None),
    ("returns-wrong-shape", "perceptron.py", "mlp3_forward",
     wrapper("mlp3_forward", "return _original(*args, **kwargs).ravel()"),
     ["has shape", "expected"], True, None),
    ("returns-inf", "perceptron.py", "collapse_linear",
     wrapper("collapse_linear", """
         W, b = _original(*args, **kwargs)
         return W, b - float("inf")
         """),
     ["b: contains inf"], True, None),
    ("returns-integer-dtype", "perceptron.py", "mlp3_forward",
     wrapper("mlp3_forward", "return _original(*args, **kwargs).astype(np.int64)"),
     ["should be a floating-point array, got dtype int64"], True, None),
    ("returns-519-MB-array", "perceptron.py", "mlp3_forward",
     wrapper("mlp3_forward", "return np.ones(68_000_000)"),
     ["returned a value the grader cannot take: the answer holds 519 MB of arrays, "
      "over the 512 MB the grader accepts"], False, None),  # no answer
    ("returns-tuple-extra-element", "perceptron.py", "collapse_linear",
     wrapper("collapse_linear", "W, b = _original(*args, **kwargs)\nreturn W, b, 0.0"),
     ["should return (W, b), got a tuple of 3"], True, None),
    ("returns-tuple-missing-element", "perceptron.py", "collapse_linear",
     wrapper("collapse_linear", "W, b = _original(*args, **kwargs)\nreturn (W,)"),
     ["should return (W, b), got a tuple of 1"], True, None),
    ("ndarray-subclass-that-claims-equality", "perceptron.py", "collapse_linear", textwrap.dedent("""
         class _AlwaysEqual(np.ndarray):
             def __eq__(self, other):
                 return np.ones(np.shape(self), dtype=bool)

             def __ne__(self, other):
                 return np.zeros(np.shape(self), dtype=bool)

             def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
                 if ufunc in (np.subtract, np.absolute, np.abs):
                     return np.zeros(np.shape(self))
                 return np.ones(np.shape(self), dtype=bool)

             def __array_function__(self, func, types, args, kwargs):
                 return True

         """) + wrapper("collapse_linear", """
         W, b = _original(*args, **kwargs)
         return (W + 1.0).view(_AlwaysEqual), (b - 1.0).view(_AlwaysEqual)
         """),
     ["values differ"], True, None),
    ("monkeypatches-numpy-comparisons", "perceptron.py", "collapse_linear",
     wrapper("collapse_linear", """
         np.allclose = lambda *a, **k: True
         np.array_equal = lambda *a, **k: True
         np.isclose = lambda a, *rest, **k: np.ones(np.shape(a), dtype=bool)
         np.testing.assert_allclose = lambda *a, **k: None
         np.testing.assert_array_equal = lambda *a, **k: None
         W, b = _original(*args, **kwargs)
         return W + 1.0, b
         """),
     ["values differ"], True, None),
    ("forges-results-json", "perceptron.py", "collapse_linear",
     wrapper("collapse_linear", """
         import json, os
         forged = {"score": 100.0, "output": "FORGED", "tests": []}
         for path in ("results.json", os.path.join("..", "results.json"),
                      os.path.join("results", "results.json")):
             try:
                 os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
                 with open(path, "w") as out:
                     json.dump(forged, out)
             except OSError:
                 pass
         W, b = _original(*args, **kwargs)
         return W + 1.0, b
         """),
     ["values differ"], True, None),
]


@pytest.mark.parametrize("file_name, function, code, phrases, returns, time_limit",
                         [c[1:] for c in FUNCTION_CASES], ids=[c[0] for c in FUNCTION_CASES])
def test_misbehaving_function_costs_only_its_own_tests(solution_dir, file_name, function, code,
                                                       phrases, returns, time_limit):
    folder = variant(solution_dir, file_name, code)
    result, seconds = grade_timed(folder, time_limit)
    dotted = f"{file_name[:-3]}.{function}"
    assert_grades(result, failing={dotted}, incomplete=set() if returns else {dotted})
    affected = numbers_calling({dotted})
    assert_says(result, affected, "failed.")
    assert_says(result, visible(affected), *phrases)
    assert seconds < PROMPT


def test_hidden_inputs_cannot_come_back_in_visible_feedback(solution_dir):
    """Student code may remember what it is given, but hidden tests run after
    every visible one, so no visible output can carry a hidden input.  Here
    perceptron_predict records every X it sees and collapse_linear (test 1.5,
    visible, numbered after the hidden test 1.2) reports them."""
    def shapes(hidden):
        return {tuple(spec["X"]) for t in ASSIGNMENT.tests if t.hidden == hidden
                and t.function == "perceptron.perceptron_predict"
                for spec in t.cases if isinstance(spec.get("X"), list)}  # [shape] specs
    hidden_shapes, visible_shapes = shapes(True), shapes(False)
    assert hidden_shapes and visible_shapes and not hidden_shapes & visible_shapes
    folder = variant(solution_dir, "perceptron.py", """
        _SEEN, _predict = [], perceptron_predict


        def perceptron_predict(X, w, b):
            _SEEN.append(tuple(np.shape(X)))
            return _predict(X, w, b)


        def collapse_linear(W1, b1, W2, b2):
            raise RuntimeError(f"seen X shapes {sorted(set(_SEEN))}")
        """)
    result = grade_folder("perceptron", folder)
    assert_grades(result, failing={"perceptron.collapse_linear"})
    output = result_of(result, "1.5").output
    for shape in visible_shapes:
        assert str(shape) in output, output  # the recording works...
    for shape in hidden_shapes:
        assert str(shape) not in output, output  # ...and saw no hidden input yet


def test_forged_results_json_does_not_reach_the_grader(solution_dir):
    code = dict((c[0], c[3]) for c in FUNCTION_CASES)["forges-results-json"]
    folder = variant(solution_dir, "perceptron.py", code)
    result = grade_folder("perceptron", folder)
    assert_grades(result, failing={"perceptron.collapse_linear"}, incomplete=set())
    for place in (os.getcwd(), folder, os.path.dirname(str(folder))):
        path = os.path.join(place, "results.json")
        assert not (os.path.exists(path) and "FORGED" in open(path).read()), path


# --------------------------------------- harmless oddities that must pass

PASSING_CASES = [
    ("returns-float-list", "perceptron.py",
     wrapper("mlp3_forward", "return _original(*args, **kwargs).tolist()")),
    ("returns-int-list", "perceptron.py",
     wrapper("perceptron_predict", "return _original(*args, **kwargs).tolist()")),
    ("ndarray-subclass-with-right-values", "perceptron.py", textwrap.dedent("""
         class _Odd(np.ndarray):
             def __eq__(self, other):
                 return np.zeros(np.shape(self), dtype=bool)

         """) + wrapper("collapse_linear", """
         W, b = _original(*args, **kwargs)
         return W.view(_Odd), b.view(_Odd)
         """)),
]


@pytest.mark.parametrize("file_name, code", [c[1:] for c in PASSING_CASES],
                         ids=[c[0] for c in PASSING_CASES])
def test_plain_data_in_another_form_is_graded_by_value(solution_dir, file_name, code):
    result = grade_folder("perceptron", variant(solution_dir, file_name, code))
    assert_grades(result)
    assert result.score == ASSIGNMENT.total_points


def test_printing_50_mb_passes_with_a_short_excerpt(solution_dir):
    folder = variant(solution_dir, "perceptron.py", wrapper("collapse_linear", """
        line = "spam " * 200_000  # 1 MB
        for _ in range(50):
            print(line)
        return _original(*args, **kwargs)
        """))
    result, seconds = grade_timed(folder)
    assert_grades(result)
    for number in numbers_calling({"perceptron.collapse_linear"}):
        output = result_of(result, number).output
        assert "your code printed: spam spam" in output
        assert len(output.encode()) < 5000, f"{len(output.encode())} bytes of feedback"
    assert seconds < PROMPT


# ------------------------------------------ nothing of the student survives

def assert_graded_and_nothing_survives(folder, marker):
    try:
        result, seconds = grade_timed(folder)
        assert_grades(result)
        assert seconds < PROMPT
        assert wait_until(lambda: not processes_with(marker)), \
            f"still running: {processes_with(marker)}"
    finally:
        kill_processes(processes_with(marker))


def test_popen_child_does_not_outlive_grading(solution_dir):
    marker = f"hostile-popen-{uuid.uuid4().hex}"
    folder = variant(solution_dir, "perceptron.py", wrapper("collapse_linear", f"""
        import subprocess, sys
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", "{marker}"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return _original(*args, **kwargs)
        """))
    assert_graded_and_nothing_survives(folder, marker)


def _forking_variant(solution_dir, marker, new_session):
    """The forked child (after setsid() and a second fork when `new_session`:
    a daemon) becomes a `sleep` whose command line carries `marker`.  Markers,
    not pids, identify it: the worker may run in its own PID namespace."""
    escape = "os.setsid()\n" + " " * 16 + "if os.fork() == 0:" if new_session else "if True:"
    return variant(solution_dir, "perceptron.py", wrapper("collapse_linear", f"""
        import os
        if os.fork() == 0:
            try:
                {escape}
                    os.execv("/bin/sh", ["sh", "-c", "sleep 30; : {marker}"])
            finally:
                os._exit(0)
        return _original(*args, **kwargs)
        """))


@pytest.mark.parametrize("new_session", [False, True], ids=["fork", "fork-setsid-fork"])
def test_forked_child_does_not_outlive_grading(solution_dir, new_session):
    if new_session:  # a daemon leaves the process group: only a namespace or an identity stops it
        require_daemons_contained()
    marker = f"hostile-fork-{uuid.uuid4().hex}"
    folder = _forking_variant(solution_dir, marker, new_session)
    assert_graded_and_nothing_survives(folder, marker)


# ------------------------------------------------------- the environment

def test_worker_environment_holds_only_the_allowlist(solution_dir, monkeypatch):
    canary = f"canary-{uuid.uuid4().hex}"
    monkeypatch.setenv("AUTOGRADER_TEST_SECRET", canary)  # the grader's own environment
    folder = variant(solution_dir, "perceptron.py", wrapper("collapse_linear", """
        import json, os
        raise RuntimeError("ENV=" + json.dumps(sorted(os.environ)) + "=ENV "
                           + json.dumps(sorted(os.environ.values())))
        """))
    result = grade_folder("perceptron", folder)
    dotted = "perceptron.collapse_linear"
    assert_grades(result, failing={dotted})
    for number in visible(numbers_calling({dotted})):
        output = result_of(result, number).output
        found = re.search(r"ENV=(\[.*?\])=ENV", output)
        assert found, output
        names = set(json.loads(found.group(1)))
        assert "PATH" in names
        assert names <= ENV_ALLOWED, f"unexpected variables: {sorted(names - ENV_ALLOWED)}"
        assert canary not in output


# ------------------------------------------- engine bugs found on the way

CRASHING_VALUES = [  # (id, file, function, body, answer unreadable by the grader)
    ("huge-int-loss", "logistic.py", "logistic_loss",
     "loss, grad = _original(*args, **kwargs)\nreturn 10 ** 400, grad", False),
    ("numpy-bytes-loss", "logistic.py", "logistic_loss",
     "loss, grad = _original(*args, **kwargs)\nreturn np.bytes_(b'low'), grad", False),
    ("0-d-array-mistakes", "perceptron.py", "perceptron_train",
     "w, b, mistakes = _original(*args, **kwargs)\nreturn w, b, np.array(len(mistakes))", False),
    ("2-d-array-mistakes", "perceptron.py", "perceptron_train",
     "w, b, m = _original(*args, **kwargs)\n"
     "return w, b, np.tile(np.asarray(m)[:, None], (1, len(m) + 1))", False),
    ("deeply-nested-list", "perceptron.py", "mlp3_forward",
     "import sys\nsys.setrecursionlimit(20000)\nvalue = 0.0\n"
     "for _ in range(5000):\n    value = [value]\nreturn value", True),
]


@pytest.mark.parametrize("file_name, function, body, unreadable", [c[1:5] for c in CRASHING_VALUES],
                         ids=[c[0] for c in CRASHING_VALUES])
def test_odd_return_value_fails_its_case_without_crashing_the_grader(solution_dir, file_name,
                                                                     function, body, unreadable):
    folder = variant(solution_dir, file_name, wrapper(function, body))
    result = grade_folder("perceptron", folder)
    dotted = f"{file_name[:-3]}.{function}"
    # An answer the grader cannot read does not count as a completed call (test 4.1).
    assert_grades(result, failing={dotted}, incomplete={dotted} if unreadable else set())
    assert_says(result, numbers_calling({dotted}), "unreadable answer" if unreadable else "should be")


def test_forbidden_import_cannot_be_unblocked(solution_dir):
    """Removing the worker's import hook does not help: the source scan sees the import."""
    folder = variant(solution_dir, "logistic.py", """
        def sigmoid(z):
            import sys
            sys.meta_path[:] = [f for f in sys.meta_path
                                if type(f).__name__ != "ForbiddenImports"]
            import torch
            return torch.sigmoid(torch.as_tensor(z, dtype=torch.float64)).numpy()
        """)
    result = grade_folder("perceptron", folder)
    assert_grades(result, failing=module_functions("logistic"))
    assert_says(result, numbers_calling(module_functions("logistic")), "imports torch", "not allowed")


# ------------------------------------------------------------ the network

NETWORK_PROBE = """
    import ctypes, platform, socket
    def attempt(name, action):
        try:
            action()
            return name + ":OPEN"
        except OSError:
            return name + ":blocked"
    libc = ctypes.CDLL(None, use_errno=True)
    def raw(number, *args):  # the syscall itself, past Python's socket module
        if libc.syscall(number, *args) < 0:
            raise OSError(ctypes.get_errno(), "refused")
    seen = [attempt("tcp-loopback", lambda: socket.create_connection(("127.0.0.1", {port}),
                                                                     timeout=5).sendall(b"x")),
            attempt("udp6", lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)),
            attempt("io_uring", lambda: raw(425, 8, ctypes.create_string_buffer(120)))]
    if platform.machine() == "x86_64":  # kernels without x32 refuse it anyway; the filter covers those with it
        seen.append(attempt("x32-socket", lambda: raw(0x40000000 | 41, 2, 1, 0)))
    local = socket.socketpair()  # AF_UNIX stays: it reaches nothing outside
    raise RuntimeError("network " + " ".join(seen))
    """


@pytest.mark.parametrize("namespaces", ["on", "off"])
def test_no_network_not_even_loopback(solution_dir, monkeypatch, namespaces):
    """No socket but AF_UNIX: a seccomp filter holds with or without the
    network namespace ("off" is a platform that refuses unshare)."""
    import platform
    import socket
    from autograder.sandbox import confinement
    from autograder.sandbox.student_side import no_network
    if platform.machine() not in no_network.ARCHITECTURES:
        pytest.skip(f"the seccomp filter does not cover {platform.machine()}")
    monkeypatch.setenv("AUTOGRADER_NAMESPACES", namespaces)
    # Without namespaces the account may not reach this interpreter: the filter holds for root too.
    monkeypatch.setenv(confinement.ALLOW_ROOT, "1")
    confinement.current.cache_clear()
    try:
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            port = server.getsockname()[1]
            folder = variant(solution_dir, "perceptron.py", wrapper(
                "collapse_linear", textwrap.dedent(NETWORK_PROBE).format(port=port)))
            result = grade_folder("perceptron", folder)
    finally:
        confinement.current.cache_clear()
    dotted = "perceptron.collapse_linear"
    assert_grades(result, failing={dotted})
    assert_says(result, visible(numbers_calling({dotted})), "network tcp-loopback:blocked",
                "udp6:blocked", "io_uring:blocked")
    for number in visible(numbers_calling({dotted})):
        assert ":OPEN" not in result_of(result, number).output
