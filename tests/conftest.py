"""Shared fixtures: grade a folder of code through the real engine and worker.

`grade_folder` writes every result through results.gradescope_json and
validates it against tests/results_schema.json, so each test that grades
something also checks the results format.  `graded_variants` grades the
solution and each catalogued mutant once per session, for every test file.
"""
import copy
import dataclasses
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import jsonschema
import pytest

from autograder import bug_catalog, config, grading, mutation_testing, results
from autograder.loading import open_assignment
from autograder.submission import prepared

ROOT = config.ROOT
with open(os.path.join(os.path.dirname(__file__), "results_schema.json"), encoding="utf-8") as _schema:
    SCHEMA = json.load(_schema)


@functools.lru_cache(maxsize=None)
def opened(assignment_id):
    return open_assignment(assignment_id)


@functools.lru_cache(maxsize=None)
def assignment_code(assignment_id, time_limit=None):
    """The assignment's code; with `time_limit`, every test's limit is capped
    (keeps hostile submissions that hang from slowing the suite)."""
    code = opened(assignment_id).code
    if time_limit is not None:
        code = copy.copy(code)
        tests = tuple(dataclasses.replace(t, time_limit=min(t.time_limit, time_limit))
                      for t in code.assignment.tests)
        code.assignment = dataclasses.replace(code.assignment, tests=tests,
                                              import_time_limit=time_limit)
    return code


def grade_folder(assignment_id, folder, time_limit=None):
    code = assignment_code(assignment_id, time_limit)
    with prepared(str(folder), code.assignment.files) as submission:  # as real submissions are
        result = grading.grade(code, submission, opened(assignment_id).expected_for)
    jsonschema.validate(results.gradescope_json(result), SCHEMA)
    return result


def result_of(result, number):
    """The TestResult with this number."""
    return next(t for t in result.tests if t.number == number)


def solution_copy(assignment_id, target):
    """A writable copy of the reference solution in `target` (a folder)."""
    shutil.copytree(os.path.join(config.SOLUTIONS_DIR, assignment_id), target, dirs_exist_ok=True)
    return target


def mutate(folder, file_name, old, new):
    """Replace `old` by `new` once in folder/file_name (an ad-hoc bug for one test)."""
    bug_catalog.replace_once(os.path.join(folder, file_name), old, new)


# ------------------------------------------------ buggy variants of a solution
SHAPE = re.compile(r"\(\d+(, \d+)*,?\)")  # (40, 4), (7,), ...: what hidden output must not show


def failing(result):
    return {t.number for t in result.tests if not t.passed}


def mutant_catalog(assignment_id):
    """The catalogued mutants (bug_catalog.Mutant) of assignments/<id>/mutants.py."""
    return bug_catalog.catalog(config.load(assignment_id))


@pytest.fixture(scope="session")
def graded_variants(tmp_path_factory):
    """grade(assignment_id, mutant_id=None) -> the SubmissionResult of the
    solution, or of the solution with that catalogued mutant applied; each
    graded once per session, whichever test file asks first."""
    done = {}

    def grade(assignment_id, mutant_id=None):
        if (assignment_id, mutant_id) not in done:
            folder = solution_copy(assignment_id, tmp_path_factory.mktemp("variant") / "submission")
            if mutant_id is not None:
                mutant = next(m for m in mutant_catalog(assignment_id) if m.id == mutant_id)
                bug_catalog.apply(mutant, folder)
            done[assignment_id, mutant_id] = grade_folder(assignment_id, folder)
        return done[assignment_id, mutant_id]

    return grade


def assert_full_marks(result):
    """Every test passed, out of the assignment's 100 points."""
    lost = {t.number: t.output for t in result.tests if not t.passed}
    assert result.max_score == 100
    assert result.score == 100 and failing(result) == set(), lost


def untouched_test(assignment_id):
    """The number of the assignment's inputs-untouched test (None if it has none)."""
    return next((t.number for t in config.load(assignment_id).tests if t.check == "inputs_untouched"), None)


def assert_template_scores_zero(assignment_id):
    """The generated template: 0 points, every test failed, and every test that
    calls a function says it is not implemented."""
    result = grade_folder(assignment_id, os.path.join(config.ROOT, "student_template", assignment_id))
    assert result.score == 0
    assert failing(result) == {t.number for t in result.tests}
    for test in result.tests:
        if test.number != untouched_test(assignment_id):
            assert "not implemented" in test.output, test.output


def assert_in_place_costs_only_untouched(result, assignment_id, function, argument, value_tests):
    """A function that modifies an input in place loses part of the
    inputs-untouched test, which names it, and nothing of its value tests."""
    untouched = result_of(result, untouched_test(assignment_id))
    assert 0 < untouched.score < untouched.weight
    inputs = "its inputs" if "," in argument else "its input"
    assert f"{function} modified {inputs} {argument} in place" in untouched.output, untouched.output
    for number in value_tests:
        assert result_of(result, number).passed, result_of(result, number).output


def assert_caught_exactly(result, variant_id, caught_by):
    """Every test in `caught_by` lost points, and no other test did."""
    for number in sorted(caught_by):
        test = result_of(result, number)
        assert test.score < test.weight, f"test {number} did not catch {variant_id}"
    assert result.score < result.max_score
    unexpected = {n: result_of(result, n).output for n in failing(result) - set(caught_by)}
    assert not unexpected, f"{variant_id} also cost unrelated tests: {unexpected}"


def misconceptions_of(assignment_id):
    """The assignment's modelled misconceptions (misconceptions.py)."""
    return opened(assignment_id).code.misconceptions


def named_causes(result, assignment_id):
    """The ids of the misconceptions a graded result names as a likely cause."""
    feedback = "\n".join(t.output for t in result.tests)
    return mutation_testing.named_causes(misconceptions_of(assignment_id), feedback)


def assert_diagnoses_only_their_own_mutant(grade, assignment_id):
    """Each mutant that names a misconception gets its sentence as a likely
    cause; no graded variant is ever told another misconception (a diagnosis
    is never a guess); the solution is told none; and at least 80% of the
    catalogued mutants are diagnosed (issue 15)."""
    catalog = mutant_catalog(assignment_id)
    known = {m.id for m in misconceptions_of(assignment_id)}
    if not known and not any(m.misconception for m in catalog):  # a new assignment, on its way
        pytest.skip(f"{assignment_id} has no misconceptions.py yet: none of its mutants is diagnosed")
    assert "Likely cause" not in "".join(t.output for t in grade(assignment_id).tests)
    for mutant in catalog:
        assert not mutant.misconception or mutant.misconception in known, \
            f"{mutant.id} names {mutant.misconception!r}, which misconceptions.py does not declare"
        own = {mutant.misconception} - {""}
        shown = named_causes(grade(assignment_id, mutant.id), assignment_id)
        assert shown <= own, f"{mutant.id} was told {shown - own}"
        assert shown == own, f"{mutant.id}: the likely cause {mutant.misconception} never appears"
    diagnosed = sum(1 for m in catalog if m.misconception)
    assert diagnosed >= 0.8 * len(catalog), f"only {diagnosed} of {len(catalog)} mutants are diagnosed"


def assert_reveals_no_data(test):
    """A failed hidden test's output: no expected or received values, indices or shapes."""
    assert test.visibility != "visible" and not test.passed
    assert "on hidden inputs." in test.output
    for word in ("expected", "received", "index"):
        assert word not in test.output, test.output
    assert not SHAPE.search(test.output), test.output


@pytest.fixture
def solution_dir(tmp_path):
    return lambda assignment_id: solution_copy(assignment_id, tmp_path / "submission")


# ------------------------------------------------ processes a submission starts

def processes_with(marker):
    """Pids of live processes whose command line holds `marker` (a zombie's
    command line is empty).  Markers, not pids, identify a submission's
    processes: the worker may run in its own PID namespace."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if marker.encode() in handle.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def wait_until(condition, seconds=2.0):
    """Give SIGKILL a moment to land; True as soon as `condition()` holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def kill_processes(pids):
    for pid in pids:  # only processes the test's own submission started
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


# ------------------------------------------------ the sandbox account's precondition

WORKER_PROBE = """
import json, os, shutil, sys, tempfile
sys.path.insert(0, sys.argv[1])
from autograder.sandbox import Worker
folder = tempfile.mkdtemp(prefix="worker-probe-")
with open(os.path.join(folder, "probe.py"), "w") as out:
    out.write("import os\\ndef who():\\n    return [os.getuid(), os.getpid()]\\n")
os.chmod(folder, 0o755)
with Worker(folder) as worker:
    answer = worker.request({"op": "call", "target": "probe.who", "args": [], "kwargs": {}}, 60)
shutil.rmtree(folder)
print(json.dumps(answer.get("value")))
"""


@functools.lru_cache(maxsize=None)
def worker_facts(python, environment):
    """([uid, pid] of a real worker started by a grader run with `python` and
    `environment` (a tuple of items), or None; and the probe's error, if any).
    Asking a worker, not the grader's internals, keeps the answer true however
    the grader picks the account, its interpreter or its namespaces."""
    done = subprocess.run([python, "-c", WORKER_PROBE, ROOT], capture_output=True, text=True,
                          timeout=120, env=dict(environment))
    try:
        return json.loads(done.stdout.strip().splitlines()[-1]), ""
    except (ValueError, IndexError):
        return None, (done.stderr.strip().splitlines() or ["the probe printed nothing"])[-1]


def sandbox_account_problem(python, account, namespaces="on"):
    """Why student code graded by `python` (with AUTOGRADER_NAMESPACES=`namespaces`)
    would NOT run as an unprivileged account, or None when it does."""
    if os.geteuid() != 0:
        return (f"the grader runs as uid {os.geteuid()}, not root: student code runs as that "
                "user, never as a sandbox account")
    facts, error = worker_facts(python, (("PATH", "/usr/bin:/bin"), ("AUTOGRADER_SANDBOX_USER", account),
                                         ("AUTOGRADER_NAMESPACES", namespaces)))
    if facts and facts[0] != 0:
        return None
    return (f"the sandbox account {account!r} cannot run {python} (is a folder above it closed "
            f"to other users, e.g. a clone under a mode-700 folder?): "
            + (error or "student code ran as root"))


def daemon_containment_problem():
    """Why a daemon (fork, setsid, fork) could outlive the worker of this test
    process's grader, or None: it cannot when the worker is PID 1 of its own PID
    namespace or runs as an identity whose processes are all killed."""
    facts, error = worker_facts(sys.executable, tuple(sorted(os.environ.items())))
    if facts and (facts[1] == 1 or facts[0] != os.getuid()):
        return None
    return ("student code runs as the grader's own user and outside a PID namespace (a grader "
            "that is not root), where a daemon that calls setsid() escapes the process-group "
            "kill (README: what the sandbox cannot guarantee)" + (f": {error}" if error else ""))


def require_daemons_contained():
    problem = daemon_containment_problem()
    if problem:
        pytest.skip(f"needs a worker in its own PID namespace or as a sandbox identity: {problem}")


def require_sandbox_account(python, account, namespaces="on"):
    """Skip, saying why, unless student code graded by `python` runs as `account`
    (without namespaces, the account itself must be able to reach the interpreter)."""
    problem = sandbox_account_problem(python, account, namespaces)
    if problem:
        pytest.skip(f"needs a root grader whose sandbox account can run its Python: {problem}")
