"""Writing an assignment, done as an instructor would, in a temporary copy of
the repository (removed afterwards): `make new` gives a skeleton that grades
as stated, and docs/authoring.md's walkthrough, followed word for word
(every file it shows written, every command it shows run, every output it
promises checked), gives a gradable assignment."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

GUIDE = os.path.join(ROOT, "docs", "authoring.md")
LEFT_OUT = {".git", ".cache", ".venv", "results", "dist", ".pytest_cache", "__pycache__"}


def venv_view(copy):
    """The copy's .venv: the shared virtual environment's packages seen through
    a venv of its own, marked installed, so `make` never reinstalls anything
    and never touches the shared one."""
    venv = os.path.join(copy, ".venv")
    os.makedirs(os.path.join(venv, "bin"))
    shutil.copy(os.path.join(sys.prefix, "pyvenv.cfg"), venv)
    os.symlink(os.path.realpath(sys.executable), os.path.join(venv, "bin", "python"))
    os.symlink(os.path.join(sys.prefix, "lib"), os.path.join(venv, "lib"))
    open(os.path.join(venv, "installed"), "w").close()  # newer than requirements.txt


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    """A copy of the repository to write assignments into; removed at the end."""
    copy = str(tmp_path_factory.mktemp("authoring") / "repository")
    shutil.copytree(ROOT, copy, ignore=lambda folder, names: [n for n in names if n in LEFT_OUT])
    venv_view(copy)
    cache = os.path.join(ROOT, ".cache", "gradescope-venv")  # the emulation's venv, made once
    os.makedirs(cache, exist_ok=True)
    os.makedirs(os.path.join(copy, ".cache"))
    os.symlink(cache, os.path.join(copy, ".cache", "gradescope-venv"))
    yield copy
    shutil.rmtree(copy)
    assert not os.path.exists(copy)


def run(copy, command, timeout=900):
    done = subprocess.run(command, shell=True, cwd=copy, capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    return done.returncode, done.stdout + done.stderr


def test_make_new_writes_a_skeleton_that_grades_as_stated(repository):
    code, output = run(repository, "make new ASSIGNMENT=fresh")
    assert code == 0, output
    for path in ("assignments/fresh/assignment.yaml", "assignments/fresh/tests_fresh.py",
                 "assignments/fresh/mutants.py", "assignments/fresh/misconceptions.py",
                 "assignments/fresh/README.md",
                 "solutions/fresh/functions.py", "student_template/fresh/functions.py"):
        assert os.path.isfile(os.path.join(repository, path)), path
    expectations = [("make grade ASSIGNMENT=fresh", "Total: 100 / 100"),
                    ("make grade ASSIGNMENT=fresh SUBMISSION=student_template/fresh", "Total: 0 / 100"),
                    ("make mutants ASSIGNMENT=fresh", "1 of 1 caught, 0 survived; 1 of 1 diagnosed "
                                                      "(100%), 0 wrong diagnoses"),
                    ("make test ASSIGNMENT=fresh", " passed"),
                    (".venv/bin/python -m autograder templates --check --assignment fresh", "")]
    for command, expected in expectations:
        code, output = run(repository, command)
        assert code == 0 and expected in output, f"{command}:\n{output}"
    code, output = run(repository, "make new ASSIGNMENT=fresh")
    assert code == 2 and "already exists" in output, output
    code, output = run(repository, "make new ASSIGNMENT=Bad-Name")
    assert code == 2 and "lower-case letters" in output, output


def walkthrough_steps(text):
    """[("file", path, content) | ("run", command, expected output)] of the
    guide's walkthrough, in order."""
    start, end = text.index("<!-- walkthrough:start -->"), text.index("<!-- walkthrough:end -->")
    part, steps = text[start:end], []
    for match in re.finditer(r"(?:^File `([^`]+)`[^\n]*:\n\n)?^(`{3,})(\w+)\n(.*?)^\2$", part, re.M | re.S):
        path, _, language, body = match.groups()
        if path:
            steps.append(("file", path, body))
        elif language == "sh":
            for line in filter(str.strip, body.splitlines()):
                command, _, promise = line.partition("# prints: ")
                steps.append(("run", command.strip(), promise.strip()))
    return steps


def test_the_guide_walkthrough_is_complete():
    steps = walkthrough_steps(open(GUIDE, encoding="utf-8").read())
    written = {path for kind, path, _ in steps if kind == "file"}
    assert {"solutions/norms/functions.py", "assignments/norms/assignment.yaml",
            "assignments/norms/tests_norms.py", "assignments/norms/mutants.py",
            "assignments/norms/torch_ops.py", "assignments/norms/inputs.py",
            "assignments/norms/README.md", "assignments/norms/misconceptions.py"} == written
    commands = [command for kind, command, _ in steps if kind == "run"]
    assert commands[0] == "make new ASSIGNMENT=norms" and "make mutants ASSIGNMENT=norms" in commands


def test_the_guide_followed_literally_gives_a_gradable_assignment(repository):
    for kind, target, detail in walkthrough_steps(open(GUIDE, encoding="utf-8").read()):
        if kind == "file":
            with open(os.path.join(repository, target), "w", encoding="utf-8") as out:
                out.write(detail)
            continue
        code, output = run(repository, target)
        assert code == 0, f"{target} failed:\n{output}"
        assert detail in output, f"{target} should print {detail!r}:\n{output}"
    assert os.path.isfile(os.path.join(repository, "dist", "norms-handout.zip"))
