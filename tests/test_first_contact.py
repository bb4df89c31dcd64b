"""First contact (issue 13): every path a new instructor or student tries
either works or says why in one line, and what a student reads is clear,
relative to their submission and free of the grader's paths."""
import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import zipfile

import pytest

from autograder import arguments, batch, bundles, cases, cli, config, grading, plan, progress, results
from autograder.choosing import choose
from autograder.progress import Progress
from conftest import ROOT, failing, grade_folder, opened, result_of
from handout_helpers import unzip
from test_hostile_submissions import assert_grades, module_functions, numbers_calling

PYTHON = sys.executable
PERCEPTRON_FILES = config.load("perceptron").files
TEMPLATE = os.path.join(ROOT, "student_template", "perceptron")
SOLUTION = os.path.join(config.SOLUTIONS_DIR, "perceptron")


def run_cli(*args, cwd=ROOT):
    return subprocess.run([PYTHON, "-m", "autograder", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env=dict(os.environ, PYTHONPATH=ROOT))


def run_make(*args, cwd=ROOT):
    """make, never (re)building .venv: the suite already runs in a working one."""
    return subprocess.run(["make", "--no-print-directory", "-o", ".venv/installed",
                           f"PY={PYTHON}", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def assert_one_line_error(done, *phrases):
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
    for phrase in phrases:
        assert phrase in errors[0], errors[0]


def copy_of(source, target):
    shutil.copytree(source, target)
    return target


# --------------------------------------------------- bad paths on the command line
@pytest.mark.parametrize("kind", ["missing", "zip"])
def test_submissions_that_is_not_a_folder_exits_2_in_one_line(tmp_path, kind):
    if kind == "missing":
        path, phrase = "/no/such/dir", "/no/such/dir does not exist"
    else:
        path = str(tmp_path / "some.zip")
        shutil.make_archive(path[:-4], "zip", SOLUTION)
        phrase = "is a file, not a folder"
    done = run_cli("grade", "--assignment", "perceptron", "--submissions", path, cwd=tmp_path)
    assert_one_line_error(done, phrase)
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize("args, phrase", [
    (["--submission", "x", "--submissions", "y"], "not both"),
    (["--results", "r.json", "--submissions", "y"], "RESULTS is for one submission"),
])
def test_conflicting_options_are_refused(tmp_path, args, phrase):
    assert_one_line_error(run_cli("grade", "--assignment", "perceptron", *args, cwd=tmp_path), phrase)


def test_gradescope_check_without_assignment_lists_the_assignments():
    done = run_make("gradescope-check")
    assert "error: gradescope-check needs ASSIGNMENT (one of: " in done.stderr, done.stderr
    assert all(a in done.stderr for a in config.available())
    assert "usage:" not in done.stderr and "Traceback" not in done.stderr


# ------------------------------------------------------- which folder is graded
def test_a_folder_of_several_student_folders_is_refused_naming_them(tmp_path):
    for name in ("ann", "ben", "cleo"):
        copy_of(TEMPLATE, tmp_path / "class" / name)
    done = run_cli("grade", "--assignment", "perceptron", "--submission", str(tmp_path / "class"),
                   cwd=tmp_path)
    assert_one_line_error(done, "ann/, ben/, cleo/", f"SUBMISSIONS={tmp_path / 'class'}")


def test_old_and_new_copies_the_rule_is_told_to_the_student(tmp_path):
    """A student's zip holds old/ (the template) and new/ (the solution): new/ is
    the more recent, so it is graded, and results.json and the table say so,
    with paths inside the zip only."""
    folder = tmp_path / "upload"
    copy_of(TEMPLATE, folder / "old")
    copy_of(SOLUTION, folder / "new")
    for name in os.listdir(folder / "old"):
        os.utime(folder / "old" / name, (1_600_000_000, 1_600_000_000))
    upload = shutil.make_archive(str(tmp_path / "frank"), "zip", folder)
    out = tmp_path / "results.json"
    done = run_cli("grade", "--assignment", "perceptron", "--submission", upload,
                   "--results", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    told = "Graded the files in new/; ignored old/"
    assert data["score"] == 100 and told in data["output"] and told in done.stdout
    assert_no_grader_path(data["output"], tmp_path)


def assert_no_grader_path(text, *more):
    """None of the grader's own paths (the repository, the interpreter, temporary folders)."""
    for path in (ROOT, os.path.dirname(PYTHON), "/tmp/", *map(str, more)):
        assert path not in text, (path, text)


@pytest.mark.parametrize("layout, graded", [
    ({"b": 3, "a": 3}, "a"),               # same count, same time: first by name
    ({"z": 3, "a": 2}, "z"),               # most expected files first
    ({".": 3, "copy": 3}, "."),            # then the shallowest
])
def test_the_folder_rule_is_deterministic(tmp_path, layout, graded):
    for place, count in layout.items():
        os.makedirs(tmp_path / place, exist_ok=True)
        for name in PERCEPTRON_FILES[:count]:
            (tmp_path / place / name).write_text("")
            os.utime(tmp_path / place / name, (1_600_000_000, 1_600_000_000))
    chosen = choose(str(tmp_path), PERCEPTRON_FILES, "upload")
    assert os.path.relpath(chosen, tmp_path) == graded
    assert len(chosen.notes) == 1 and "ignored" in chosen.notes[0]


def test_an_empty_folder_says_once_that_no_expected_file_was_found(tmp_path):
    (tmp_path / "empty").mkdir()
    done = run_cli("grade", "--assignment", "perceptron", "--submission", str(tmp_path / "empty"),
                   cwd=tmp_path)
    assert_one_line_error(done, "no expected files found in empty (expected: "
                          + ", ".join(PERCEPTRON_FILES) + ")")
    assert "missing" not in done.stdout + done.stderr
    zips = tmp_path / "zips"
    zips.mkdir()
    for name in ("ann", "ben"):
        shutil.make_archive(str(zips / name), "zip", TEMPLATE)
    done = run_cli("grade", "--assignment", "perceptron", "--submission", str(zips), cwd=tmp_path)
    assert_one_line_error(done, "no expected files found", f"SUBMISSIONS={zips}")


def test_check_py_in_a_folder_without_the_expected_files_says_so_once(tmp_path):
    folder = tmp_path / "hw1"
    unzip(bundles.handout_zip("perceptron", str(tmp_path / "dist")), folder)
    for name in PERCEPTRON_FILES:
        os.rename(folder / name, folder / f"old_{name}")
    done = subprocess.run([PYTHON, "check.py"], cwd=folder, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr and done.returncode == 1, (done.stdout, done.stderr)
    assert done.stdout.count("error: no expected files found in hw1 (expected: ") == 1, done.stdout
    assert "old_perceptron.py" in done.stdout and "missing" not in done.stdout


def test_on_gradescope_an_unusable_upload_is_the_students_not_the_graders(tmp_path):
    opened("perceptron")  # the frozen references exist
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "hw1.py").write_text("")
    assert cli.main(["gradescope", "--assignment", "perceptron", "--root", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "results" / "results.json").read_text())
    assert data["score"] == 0, data
    assert "Your submission could not be graded: no expected files found in your submission" in \
        data["output"] and "found only hw1.py" in data["output"], data["output"]
    assert "autograder itself failed" not in data["output"]


def test_feedback_never_shows_the_graders_paths(tmp_path):
    class_folder = tmp_path / "class"
    copy_of(TEMPLATE, class_folder / "ann")
    (class_folder / "frank.zip").write_bytes(b"this is not a zip file")
    (class_folder / "gina").mkdir()
    done = run_cli("grade", "--assignment", "perceptron", "--submissions", str(class_folder),
                   "--jobs", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = next((tmp_path / "results" / "perceptron").glob("**/submissions"))
    for name in os.listdir(out):
        assert_no_grader_path((out / name / "results.json").read_text(), tmp_path)
    frank = (out / "frank.zip" / "results.json").read_text()
    assert "frank.zip is not a readable zip file" in frank
    gina = json.loads((out / "gina" / "results.json").read_text())
    assert "no expected files found in gina" in gina["output"]
    assert "is missing" not in json.dumps(gina)


# ------------------------------------------------------------ paths with spaces
TARGETS = {  # target -> the variables it passes on (a value with a space must stay one word)
    "grade": {"ASSIGNMENT": "my hw", "SUBMISSION": "/x/my sub", "RESULTS": "/x/out dir/r.json"},
    "gradescope-check": {"ASSIGNMENT": "my hw", "SUBMISSION": "/x/my sub"},
    "templates": {"ASSIGNMENT": "my hw"},
    "gradescope": {"ASSIGNMENT": "my hw"},
    "handout": {"ASSIGNMENT": "my hw"},
    "mutants": {"ASSIGNMENT": "my hw", "JOBS": "2"},
    "new": {"ASSIGNMENT": "my hw"},
    "test": {"ASSIGNMENT": "my hw"},
}


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_every_make_target_keeps_a_path_with_spaces_whole(target):
    variables = dict(TARGETS[target])
    if target == "grade":
        batch_variables = {"ASSIGNMENT": "my hw", "SUBMISSIONS": "/x/my class", "JOBS": "2"}
        commands = [variables, batch_variables]
    else:
        commands = [variables]
    for given in commands:
        done = run_make("-n", target, *(f"{k}={v}" for k, v in given.items()))
        assert done.returncode == 0, done.stderr
        words = shlex.split(done.stdout.replace("\\\n", " "))
        for value in given.values():
            assert value in words, (value, words)


def test_make_grade_grades_a_submission_in_a_folder_with_spaces(tmp_path):
    submission = copy_of(TEMPLATE, tmp_path / "my sub")
    out = tmp_path / "out dir" / "r.json"
    done = run_make("grade", "ASSIGNMENT=perceptron", f"SUBMISSION={submission}", f"RESULTS={out}")
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["score"] == 0


# ------------------------------------------------- a file the parser gives up on
NESTED = {"unary-minus": "x = " + "-" * 200_000 + "1\n",
          "long-sum": "x = " + "1+" * 100_000 + "1\n"}


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_a_file_nested_too_deeply_costs_its_own_tests_once(solution_dir, kind):
    folder = solution_dir("perceptron")
    with open(folder / "logistic.py", "a") as out:
        out.write("\n" + NESTED[kind])
    result = grade_folder("perceptron", folder)
    functions = module_functions("logistic")
    assert_grades(result, failing=functions)
    for number in numbers_calling(functions):
        output = result_of(result, number).output
        assert "logistic.py could not be parsed: an expression in it is nested too deeply" in output
        assert "could not be imported" not in output, output  # said once, by the scan


# -------------------------------------------------------------- bundles
def without_readme(monkeypatch, tmp_path):
    """config.load('perceptron') gives a copy of the assignment with no README.md."""
    folder = copy_of(os.path.join(config.ASSIGNMENTS_DIR, "perceptron"), tmp_path / "perceptron")
    os.remove(folder / "README.md")
    load = config.load
    monkeypatch.setattr(bundles.config, "load", lambda assignment_id, where=None: load(
        assignment_id, where or str(folder)))


def test_a_handout_without_readme_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    without_readme(monkeypatch, tmp_path)
    dist = tmp_path / "dist"
    with pytest.raises(config.ConfigError, match="missing .*README.md"):
        bundles.handout_zip("perceptron", str(dist))
    assert not dist.exists() or os.listdir(dist) == []


def test_a_bundle_that_fails_midway_leaves_the_previous_zip_whole(tmp_path, monkeypatch):
    dist = tmp_path / "dist"
    good = bundles.gradescope_zip("perceptron", str(dist))
    before = open(good, "rb").read()

    def fail_midway(archive, *args, **kwargs):
        archive.writestr("half-written.txt", "x" * 1000)
        raise OSError("disk full")

    monkeypatch.setattr(bundles, "_add_tree", fail_midway)
    with pytest.raises(OSError, match="disk full"):
        bundles.gradescope_zip("perceptron", str(dist))
    assert open(good, "rb").read() == before
    assert os.listdir(dist) == [os.path.basename(good)]  # no temporary file left behind
    assert zipfile.ZipFile(good).testzip() is None


# --------------------------------------------------------------- the table
def test_long_names_wrap_at_word_boundaries_and_results_keep_them_whole():
    name = ("conv_forward matches the reference on stride 2 with padding 1 and an odd input "
            "(no kernel flip: cross-correlation)")
    result = grading.SubmissionResult(
        "x", [grading.TestResult("1.1", name, 2, "visible", 0.0, "0 of 1 cases passed.")], 0.1, [])
    lines = results.table(result).splitlines()
    start = lines[2].index(name[:10])
    cells = [line[start:start + results.NAME_WIDTH].strip() for line in lines[2:-2]]
    assert " ".join(cells) == name and all(len(c) <= results.NAME_WIDTH for c in cells)
    assert all(name.split().count(word) >= 1 for c in cells for word in c.split())
    assert results.gradescope_json(result)["tests"][0]["name"] == name


# ---------------------------------------------------- what a student reads
def test_literal_arguments_are_shown_as_written():
    code = opened("cnn").code
    test = next(t for t in code.assignment.tests if t.number == "6.1")  # C, H, W = 1, 8, 8
    inputs = cases.make_inputs(code.assignment, test, 0, code.inputs)
    text = plan.describe_call(code, test, plan.split(code, test, inputs, "here"))
    assert "SmallConvNet(input_dim=[1, 8, 8], num_filters=4," in text, text


def test_a_wrong_return_structure_shows_the_value_in_visible_tests_only(solution_dir):
    folder = solution_dir("perceptron")
    with open(folder / "perceptron.py", "a") as out:
        out.write("\n\ndef perceptron_train(*args, **kwargs):\n    return 0.123456789\n")
    result = grade_folder("perceptron", folder)
    train = [t for t in config.load("perceptron").tests if t.function == "perceptron.perceptron_train"]
    assert {t.number for t in train} <= failing(result)
    for test in train:
        output = result_of(result, test.number).output
        assert ("0.123456789" in output) == (not test.hidden), output


def test_an_import_failure_reads_as_a_sentence_then_the_line(solution_dir):
    folder = solution_dir("perceptron")
    with open(folder / "activations.py", "a") as out:
        out.write("\n\ndef broken(:\n    pass\n")
    result = grade_folder("perceptron", folder)
    number = next(t.number for t in config.load("perceptron").tests
                  if not t.hidden and t.function and t.function.startswith("activations."))
    lines = result_of(result, number).output.splitlines()
    head = next(line for line in lines if "could not be imported" in line)
    assert head.strip().endswith("activations.py could not be imported: SyntaxError: invalid syntax")
    where = lines[lines.index(head) + 1]
    assert "activations.py, line" in where and "def broken(:" in where and ";" not in head


def test_a_crash_shows_its_last_output_in_visible_tests_only_with_relative_paths(solution_dir):
    folder = solution_dir("perceptron")
    with open(folder / "perceptron.py", "a") as out:
        out.write("\n\ndef perceptron_predict(X, w, b):\n    import os\n"
                  "    os.write(2, f'CRASH-MARK {X.shape} in {os.getcwd()}/perceptron.py'.encode())\n"
                  "    os._exit(3)\n")
    result = grade_folder("perceptron", folder)
    predict = [t for t in config.load("perceptron").tests if t.function == "perceptron.perceptron_predict"]
    assert any(t.hidden for t in predict) and any(not t.hidden for t in predict)
    for test in predict:
        output = result_of(result, test.number).output
        assert "perceptron.perceptron_predict crashed" in output and "exited with code 3" in output
        if test.hidden:
            assert "CRASH-MARK" not in output, output  # it could carry hidden inputs
        else:
            assert "its last output:" in output and " in perceptron.py" in output, output
            assert "autograder-worker-" not in output, output


def test_the_cnn_training_message_says_what_to_check(graded_variants):
    output = result_of(graded_variants("cnn", "net_dW3_sign_error"), "6.5").output
    assert "validation accuracy" in output and "went from" not in output, output
    assert "check the gradients your loss returns" in output, output


@pytest.mark.parametrize("assignment_id, comparator, received, said", [
    ("perceptron", "sgd_outcome", {"theta": [1.0, 2.0]}, "(2,)"),            # theta of the wrong shape
    ("backprop", "spiral_accuracy", {"params": None, "losses": [0.5]}, "steps"),  # not one per step
])
def test_an_outcome_comparator_says_no_hidden_data(assignment_id, comparator, received, said):
    code = opened(assignment_id).code
    test = min((t for t in code.assignment.tests if t.compare == comparator), key=lambda t: not t.hidden)
    inputs = cases.make_inputs(code.assignment, test, 0, code.inputs)
    expected = opened(assignment_id).expected_for(test, 0, inputs)["values"]
    if "params" in received:
        received = dict(received, params=expected["params"])
    compare = code.comparator(test.compare)
    hidden, visible = (compare(received=received, expected=expected, inputs=inputs,
                               solution=code.solution, hidden=flag, **test.compare_options)
                       for flag in (True, False))
    assert hidden and not SHAPE_OR_COUNT.search(" ".join(hidden)), hidden
    assert said in " ".join(visible) and SHAPE_OR_COUNT.search(" ".join(visible)), visible


SHAPE_OR_COUNT = re.compile(r"\(\d+(, \d+)*,?\)|\d+ steps")


# ----------------------------------------------------------------- --help
def test_every_command_and_option_has_help():
    main = arguments.parser()
    subcommands = next(a for a in main._actions if isinstance(a, argparse._SubParsersAction))
    listed = {choice.dest for choice in subcommands._choices_actions}
    assert listed == set(cli.COMMANDS) == set(subcommands.choices)
    assert all(choice.help for choice in subcommands._choices_actions)
    for name, command in subcommands.choices.items():
        assert command.description, name
        for action in command._actions:
            assert action.help and action.help != argparse.SUPPRESS, (name, action.dest)
    top = run_cli("--help").stdout
    assert all(name in top for name in cli.COMMANDS) and "grade|templates" not in top


# -------------------------------------------------------- a second class
def test_a_second_class_keeps_its_results_apart_and_stale_ones_go(tmp_path):
    for name in ("ann", "ben"):
        copy_of(TEMPLATE, tmp_path / "first" / name)
    copy_of(TEMPLATE, tmp_path / "second" / "cleo")
    for folder in ("first", "second"):
        done = run_cli("grade", "--assignment", "perceptron", "--submissions", folder, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    out = tmp_path / "results" / "perceptron"
    assert sorted(os.listdir(out / "first" / "submissions")) == ["ann", "ben"]
    assert sorted(os.listdir(out / "second" / "submissions")) == ["cleo"]
    shutil.rmtree(tmp_path / "first" / "ben")
    done = run_cli("grade", "--assignment", "perceptron", "--submissions", "first", cwd=tmp_path)
    assert os.listdir(out / "first" / "submissions") == ["ann"]
    last = done.stdout.strip().splitlines()[-1]
    assert "results/perceptron/first/grades.csv" in last
    assert "removed the results of 1 submissions no longer in first (ben)" in last


# ---------------------------------------------------------- the progress line
class Done:
    def __init__(self, name, seconds):
        self.entry, self.seconds, self.skipped = batch.Entry(name, name), seconds, False


def test_time_left_counts_a_submission_that_hangs():
    progress = Progress(total=7, jobs=2, started_at=0.0)
    for index in range(6):
        progress.started(f"s{index}", index * 1.0)
        progress.finished(Done(f"s{index}", 1.0))
    progress.started("hangs", 6.0)
    line = progress.line(now=46.0)  # it has run 40 s; the others took 1 s each
    assert "6/7" in line and "~0:20 left" in line and "hangs has been running for 0:40" in line


def test_the_progress_line_moves_while_a_submission_hangs(tmp_path, monkeypatch):
    class Stream:
        def __init__(self):
            self.lines = []

        def write(self, text):
            self.lines.append(text)

        def flush(self):
            pass

    monkeypatch.setattr(progress, "SLOW_SECONDS", 1)  # named after 1 s rather than 5
    stream = Stream()
    runner = batch.Batch(opened("perceptron"), str(tmp_path), jobs=2, progress=stream)

    def grade_entry(entry):
        started = time.monotonic()
        runner.progress_bar.started(entry.name, started)
        time.sleep(3.5 if entry.name == "slow" else 0.1)
        return batch.Graded(entry, {}, time.monotonic() - started)

    monkeypatch.setattr(runner, "grade_entry", grade_entry)
    runner.grade_all([batch.Entry(name, name) for name in ("a", "b", "slow")])
    waiting = [line for line in stream.lines if "2/3" in line]
    assert len(waiting) >= 2, stream.lines  # redrawn while nothing finished
    assert "slow has been running for" in waiting[-1], waiting


# ---------------------------------------------------------------- torch
def test_installing_says_which_torch_and_the_readme_says_how_to_get_the_cpu_build():
    done = subprocess.run(["make", "-n", "-W", "requirements.txt", f"PY={PYTHON}", ".venv/installed"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)  # dry run: installs nothing
    report = [line for line in done.stdout.splitlines() if "import torch" in line]
    assert len(report) == 1, done.stdout
    said = subprocess.run(report[0], shell=True, cwd=ROOT, capture_output=True, text=True,
                          timeout=300).stdout
    import torch
    assert f"installed torch {torch.__version__}" in said
    assert ("(CPU build)" in said) == (torch.version.cuda is None), said
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    assert "--index-url https://download.pytorch.org/whl/cpu" in readme
