"""The Gradescope zip run as Gradescope runs it (emulated, without torch), and
the student handout: what it holds, what it must not hold, and its checker."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
import zipfile

import jsonschema
import pytest

from autograder import bug_catalog, bundles, config, emulate
from conftest import (ROOT, SCHEMA, grade_folder, kill_processes, mutant_catalog, mutate,
                      processes_with, require_sandbox_account, solution_copy, wait_until)

ASSIGNMENTS = config.available()
SOME_VARIANTS = {a: mutant_catalog(a)[:3] for a in ASSIGNMENTS}


@pytest.fixture(scope="module")
def autograder_zips(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    return {a: bundles.gradescope_zip(a, str(dist)) for a in ASSIGNMENTS}


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    return {a: bundles.handout_zip(a, str(dist)) for a in ASSIGNMENTS}


def template_dir(assignment_id):
    return os.path.join(ROOT, "student_template", assignment_id)


# ------------------------------------------------------------- gradescope
def require_emulated_sandbox_account(namespaces="on"):
    """The emulation's grading Python, or a skip saying why student code would
    not run as the stand-in sandbox account there (not root, or the account
    cannot run that Python)."""
    if os.geteuid() != 0:  # checked first: building the grading venv takes a while
        require_sandbox_account(sys.executable, emulate.STAND_IN_ACCOUNT, namespaces)
    python = emulate.grading_python(bundles.grading_requirements())
    require_sandbox_account(python, emulate.STAND_IN_ACCOUNT, namespaces)
    return python


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_autograder_zip_layout(autograder_zips, assignment_id):
    with zipfile.ZipFile(autograder_zips[assignment_id]) as archive:
        names = archive.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in archive.infolist()}
        requirements = archive.read("requirements.txt").decode()
    for script in ("setup.sh", "run_autograder"):
        assert script in names and modes[script] & 0o111, script
    assert any(re.match(rf"\.cache/references/{assignment_id}-\w+\.refs$", n) for n in names)
    assert "numpy==" in requirements and "torch" not in requirements


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_zip_grades_the_solution_100_and_the_template_0_without_torch(autograder_zips, assignment_id):
    for folder, wanted in ((os.path.join(config.SOLUTIONS_DIR, assignment_id), 100),
                           (template_dir(assignment_id), 0)):
        results, log = emulate.run(autograder_zips[assignment_id], folder)
        jsonschema.validate(results, SCHEMA)
        assert results["score"] == wanted, log


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_frozen_references_grade_like_live_ones(autograder_zips, assignment_id, tmp_path):
    """The zip (frozen references, no torch) and the repository's grader give
    every test the same score, for the solution and for buggy variants."""
    for variant in [None] + SOME_VARIANTS[assignment_id]:
        folder = solution_copy(assignment_id, tmp_path / (variant.id if variant else "solution"))
        if variant:
            bug_catalog.apply(variant, folder)
        live = {t.number: t.score for t in grade_folder(assignment_id, folder).tests}
        frozen, log = emulate.run(autograder_zips[assignment_id], str(folder))
        assert {t["number"]: t["score"] for t in frozen["tests"]} == live, log


def test_nested_folder_and_missing_metadata_are_fine(autograder_zips, tmp_path):
    nested = tmp_path / "upload" / "my homework"
    shutil.copytree(os.path.join(config.SOLUTIONS_DIR, "perceptron"), nested)
    results, log = emulate.run(autograder_zips["perceptron"], str(tmp_path / "upload"), metadata=None)
    assert results["score"] == 100, log
    assert "no readable submission_metadata.json" in log


def test_a_broken_grader_still_writes_valid_results_and_says_so(autograder_zips, tmp_path):
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(autograder_zips["perceptron"]) as source, \
            zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            if not info.filename.endswith(".refs"):  # the frozen references are gone
                target.writestr(info, source.read(info))
    results, log = emulate.run(str(broken), os.path.join(config.SOLUTIONS_DIR, "perceptron"))
    jsonschema.validate(results, SCHEMA)
    assert results["score"] == 0 and "autograder itself failed" in results["output"]
    assert len(results["tests"]) == len(config.load("perceptron").tests)
    assert "frozen references" in log and "rebuild the package" in log  # for the instructor


# ---------------------------------------------------------------- handout
def solution_blocks(assignment_id):
    """The text of every solution block (between the markers) of the solutions."""
    blocks = []
    folder = os.path.join(config.SOLUTIONS_DIR, assignment_id)
    for name in os.listdir(folder):
        if name.endswith(".py"):
            text = open(os.path.join(folder, name)).read()
            found = re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", text, re.S)
            assert found and len(found) == text.count("### BEGIN SOLUTION"), \
                f"{name}: the solution's marked blocks were not found"
            blocks += found
    return blocks


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_handout_holds_no_solution_no_hidden_case_and_no_reference_code(handouts, assignment_id):
    assignment = config.load(assignment_id)
    with zipfile.ZipFile(handouts[assignment_id]) as archive:
        texts = {n: archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                 if not n.endswith((".refs", ".npz"))}
        names = archive.namelist()
    for block in solution_blocks(assignment_id):
        for name, text in texts.items():
            assert block not in text, f"solution code in {name}"
    assert not [n for n in names if n.endswith(("torch_ops.py", "comparators.py", "assignment.yaml"))]
    assert not [n for n in names if "PENDING_" in n or n.endswith("AUTHORING_NOTES.md")]
    assert not [n for n in names if n.startswith(".checker/assignments/")  # models quote solution code
                and n.endswith(("mutants.py", "misconceptions.py"))]
    for name, text in texts.items():
        assert str(assignment.seeds["hidden"]) not in text, f"the hidden seed is in {name}"
    shipped = json.loads(texts[f".checker/assignments/{assignment_id}/assignment.json"])
    assert shipped["tests"] and all(t.get("visibility", "visible") == "visible" for t in shipped["tests"])
    hidden = {t.number for t in assignment.tests if t.hidden}
    assert not hidden & {t["number"] for t in shipped["tests"]}
    for name in assignment.files + ("README.md", "check.py"):
        assert name in names


# check.py itself (names, exit statuses, --save, --watch) and the notebooks: test_student_side.py.


def test_student_code_cannot_read_the_source_or_write_the_results(autograder_zips, tmp_path):
    """As on Gradescope: the grader is root, student code runs as an unprivileged
    account that can neither read source/ (solutions, hidden seeds, frozen
    references) nor write results/."""
    require_emulated_sandbox_account()
    root = tempfile.mkdtemp(prefix="autograder-root-", dir="/tmp")  # traversable, like /autograder
    try:
        folder = solution_copy("perceptron", tmp_path / "submission")
        with open(folder / "perceptron.py", "a") as out:
            out.write(f"""

def collapse_linear(W1, b1, W2, b2):
    import os
    seen = [f"uid:{{os.getuid()}}"]
    for kind, path, mode in (("read", "{root}/source/solutions/perceptron/perceptron.py", "r"),
                             ("write", "{root}/results/results.json", "w")):
        try:
            with open(path, mode) as handle:
                handle.write('{{"score": 100, "tests": []}}') if mode == "w" else handle.read()
            seen.append(kind + ":ALLOWED")
        except OSError:
            seen.append(kind + ":denied")
    raise RuntimeError(" ".join(seen))
""")
        results, log = emulate.run(autograder_zips["perceptron"], str(folder), root=root)
        output = next(t["output"] for t in results["tests"] if t["number"] == "1.5")
        assert "read:denied" in output and "write:denied" in output, output
        assert "uid:0" not in output, output
        jsonschema.validate(results, SCHEMA)
        assert 0 < results["score"] < 100
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_a_fork_bomb_is_capped_for_the_sandbox_account(autograder_zips, tmp_path):
    require_emulated_sandbox_account()
    folder = solution_copy("perceptron", tmp_path / "submission")
    with open(folder / "perceptron.py", "a") as out:
        out.write("""

def collapse_linear(W1, b1, W2, b2):
    import os, time
    forked = 0
    for _ in range(300):  # bounded: each child sleeps briefly and exits
        try:
            if os.fork() == 0:
                time.sleep(3)
                os._exit(0)
            forked += 1
        except OSError:
            break
    raise RuntimeError(f"forked {forked} processes")
""")
    results, log = emulate.run(autograder_zips["perceptron"], str(folder))
    output = next(t["output"] for t in results["tests"] if t["number"] == "1.5")
    forked = int(re.search(r"forked (\d+) processes", output).group(1))
    assert forked < 64, output
    assert 0 < results["score"] < 100


def test_without_namespaces_a_daemon_still_dies_and_the_network_stays_closed(autograder_zips, tmp_path):
    """A platform that refuses `unshare` (AUTOGRADER_NAMESPACES=off stands for
    it): killing every process of the sandbox account ends a daemonised
    grandchild, and the seccomp filter alone keeps the network closed."""
    require_emulated_sandbox_account(namespaces="off")
    marker = f"daemon-{uuid.uuid4().hex}"
    folder = solution_copy("perceptron", tmp_path / "submission")
    with open(folder / "perceptron.py", "a") as out:
        out.write(f"""

def collapse_linear(W1, b1, W2, b2):
    import os, socket
    if os.fork() == 0:  # a daemon: new session, second fork, out of the worker's group
        try:
            os.setsid()
            if os.fork() == 0:
                os.execv("/bin/sh", ["sh", "-c", "sleep 30; : {marker}"])
        finally:
            os._exit(0)
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=2)
        outcome = "OPEN"
    except OSError as error:
        outcome = "blocked" if error.errno == 13 else f"unreachable (errno {{error.errno}})"
    raise RuntimeError(f"uid {{os.getuid()}}, network " + outcome)
""")
    try:
        results, log = emulate.run(autograder_zips["perceptron"], str(folder),
                                   environment={"AUTOGRADER_NAMESPACES": "off"})
        output = next(t["output"] for t in results["tests"] if t["number"] == "1.5")
        assert "network blocked" in output and "uid 0," not in output, output
        assert 0 < results["score"] < 100
        assert wait_until(lambda: not processes_with(marker)), \
            f"the daemon survived: {processes_with(marker)}"
    finally:
        kill_processes(processes_with(marker))


CONCURRENT_WORKERS = """
import json, sys
sys.path.insert(0, {root!r})
from autograder.sandbox import Worker
with Worker({a!r}) as first, Worker({b!r}) as second:
    first.start(), second.start()  # both alive at once, as in a batch
    call = {{"op": "call", "target": "probe.who", "args": [], "kwargs": {{}}}}
    print(json.dumps([first.request(call, 30)["value"], second.request(call, 30)["value"]]))
"""

PROBE = """
import glob, os


def who():
    others = [d for d in glob.glob("/tmp/autograder-worker-*/work") if d != os.getcwd()]
    readable = []
    for folder in others:
        try:
            with open(os.path.join(folder, "probe.py")) as handle:
                handle.read()
            readable.append(folder)
        except OSError:
            pass
    return [os.getuid(), len(others), readable]
"""


@pytest.mark.parametrize("namespaces", ["on", "off"])
def test_workers_alive_at_once_run_as_distinct_users_who_cannot_read_each_other(tmp_path, namespaces):
    python = require_emulated_sandbox_account(namespaces)
    folders = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "probe.py").write_text(PROBE)
        folders.append(str(tmp_path / name))
    script = CONCURRENT_WORKERS.format(root=ROOT, a=folders[0], b=folders[1])
    done = subprocess.run([python, "-c", script], capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "AUTOGRADER_SANDBOX_USER": emulate.STAND_IN_ACCOUNT,
                               "AUTOGRADER_NAMESPACES": namespaces})
    assert done.returncode == 0, done.stderr
    (uid_a, seen_a, read_a), (uid_b, seen_b, read_b) = json.loads(done.stdout)
    assert 0 not in (uid_a, uid_b) and uid_a != uid_b
    if namespaces == "off":  # with a mount namespace (bubblewrap) the other's folder is not even there
        assert seen_a >= 1 and seen_b >= 1, "each worker should see the other's folder name"
    assert read_a == [] and read_b == [], (read_a, read_b)
