"""Batch grading: discovery of the three folder layouts, parallel grading in
which a bad submission costs only itself, resumability, and the class reports."""
import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile

import jsonschema
import pytest

from autograder import batch, config
from conftest import ROOT, SCHEMA, mutate, opened


def make_class(folder):
    """Two correct students, a buggy one, the template, a zip, a broken zip, an empty folder."""
    folder.mkdir()
    solution = os.path.join(config.SOLUTIONS_DIR, "perceptron")
    for name in ("alice", "bob"):
        shutil.copytree(solution, folder / name)
    shutil.copytree(solution, folder / "carol")
    mutate(folder / "carol", "perceptron.py", "b = b1 @ W2 + b2", "b = b2")
    shutil.copytree(os.path.join(ROOT, "student_template", "perceptron"), folder / "dan")
    with zipfile.ZipFile(folder / "erin.zip", "w") as archive:
        for name in os.listdir(solution):
            if name.endswith(".py"):
                archive.write(os.path.join(solution, name), f"erin-hw/{name}")
    (folder / "frank.zip").write_bytes(b"this is not a zip file")
    (folder / "gina").mkdir()
    return folder


def run_batch(folder, cwd, *extra):
    return subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment", "perceptron",
                           "--submissions", str(folder), "--jobs", "2", *extra],
                          cwd=cwd, capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, PYTHONPATH=ROOT))


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    base = tmp_path_factory.mktemp("batch")
    folder = make_class(base / "class")
    done = run_batch(folder, base)
    assert done.returncode == 0, done.stderr
    return base, folder, done


def test_every_submission_gets_a_valid_results_file(graded_class):
    base, folder, _ = graded_class
    out = base / "results" / "perceptron" / "class" / "submissions"
    names = sorted(os.listdir(out))
    assert names == sorted(os.listdir(folder))
    scores = {}
    for name in names:
        data = json.loads((out / name / "results.json").read_text())
        jsonschema.validate(data, SCHEMA)
        scores[name] = data["score"]
    assert scores["alice"] == scores["bob"] == scores["erin.zip"] == 100
    assert 0 < scores["carol"] < 100
    assert scores["dan"] == scores["frank.zip"] == scores["gina"] == 0


def test_grades_csv_opens_as_a_table_in_test_number_order(graded_class):
    base, _, _ = graded_class
    with open(base / "results" / "perceptron" / "class" / "grades.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    numbers = [t.number for t in config.load("perceptron").tests]
    assert [k for k in rows[0] if k.startswith("test ")] == [f"test {n}" for n in numbers]
    by_name = {row["submission"]: row for row in rows}
    assert float(by_name["carol"]["total"]) < 100 and float(by_name["carol"]["test 1.5"]) == 0
    assert "not a readable zip file" in by_name["frank.zip"]["problem"]


def test_summary_and_report_name_the_hardest_test_and_the_problem(graded_class):
    base, _, done = graded_class
    out = base / "results" / "perceptron" / "class"
    text = (out / "summary.txt").read_text()
    assert "7 submissions" in text and "frank.zip" in text
    hardest = text.split("hardest first:\n")[1].splitlines()[0]
    assert "1.5" in hardest  # carol's bug makes collapse_linear the least passed test
    page = (out / "report.html").read_text()
    assert page.startswith("<!doctype html>") and "<svg" in page and "frank.zip" in page
    slowest = text.split("slowest submissions:\n")[1].splitlines()[0].split()[-1]
    assert 'id="slowest"' in page and f">{slowest}</a>" in page.split('id="slowest"')[1]
    assert sorted(os.listdir(out / "feedback")) == sorted(f"{n}.html" for n in os.listdir(out / "submissions"))
    assert (out / "similarity.html").is_file()  # alice, bob, carol, erin: 4 copies of the solution
    assert "6 pairs share 50% or more" in page and "similar pairs)" in done.stdout
    assert "1/7" not in done.stdout  # the progress bar goes to stderr
    assert "7/7" in done.stderr


def test_a_second_run_regrades_only_what_changed(graded_class):
    base, folder, _ = graded_class
    mutate(folder / "bob", "perceptron.py", "b = b1 @ W2 + b2", "b = b2")
    done = run_batch(folder, base)
    assert "(6 unchanged since the last run, not regraded)" in done.stdout
    data = json.loads((base / "results" / "perceptron" / "class" / "submissions" / "bob" /
                       "results.json").read_text())
    assert data["score"] < 100
    forced = run_batch(folder, base, "--force")
    assert "(0 unchanged" in forced.stdout


def test_gradescope_export_names_students_from_the_metadata(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    shutil.copytree(os.path.join(config.SOLUTIONS_DIR, "perceptron"), export / "submission_101")
    shutil.copytree(os.path.join(ROOT, "student_template", "perceptron"), export / "submission_102")
    (export / "submission_metadata.yml").write_text(
        "submission_101:\n  :submitters:\n  - :name: Ada Lovelace\n    :sid: '7'\n"
        "    :email: ada@example.edu\n  - :name: Alan Turing\n    :sid: '8'\n"
        "    :email: alan@example.edu\n  :score: 0.0\nsubmission_102:\n  :submitters:\n"
        "  - :name: Élise Müller\n    :sid: '9'\n    :email: elise@example.edu\n")
    entries = batch.discover(str(export))
    assert [e.submission_id for e in entries] == ["101", "102"]
    assert [s["name"] for s in entries[0].students] == ["Ada Lovelace", "Alan Turing"]
    done = run_batch(export, tmp_path)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "results" / "perceptron" / "export" / "grades.csv", encoding="utf-8-sig") as handle:
        rows = {row["submission id"]: row for row in csv.DictReader(handle)}
    assert rows["101"]["names"] == "Ada Lovelace; Alan Turing" and rows["101"]["total"] == "100.0"
    assert rows["102"]["names"] == "Élise Müller" and rows["102"]["emails"] == "elise@example.edu"


def test_a_grader_failure_on_one_submission_is_flagged_and_the_batch_goes_on(tmp_path, monkeypatch):
    out = tmp_path / "out"
    runner = batch.Batch(opened("perceptron"), str(out), jobs=2, progress=None)
    original = batch.grading.grade

    def grade_unless_boom(code, folder, expected_for):
        if os.path.exists(os.path.join(folder, "BOOM.py")):
            raise RuntimeError("simulated grader bug")
        return original(code, folder, expected_for)

    monkeypatch.setattr(batch.grading, "grade", grade_unless_boom)
    good = tmp_path / "good"
    shutil.copytree(os.path.join(config.SOLUTIONS_DIR, "perceptron"), good)
    bad = tmp_path / "bad"
    shutil.copytree(os.path.join(config.SOLUTIONS_DIR, "perceptron"), bad)
    (bad / "BOOM.py").write_text("")
    graded = runner.grade_all([batch.Entry("good", str(good)), batch.Entry("bad", str(bad))])
    assert [g.results["score"] for g in graded] == [100, 0]
    assert "simulated grader bug" in graded[1].problem
    jsonschema.validate(graded[1].results, SCHEMA)
