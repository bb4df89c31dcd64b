"""The likely causes on real students' mistakes (issue 15).

Every mistake the survey found in public student code (docs/student-mistakes.md,
sections perceptron, backprop, cnn and tricks) is reproduced in our own words in
tests/fixtures/student_mistakes/<assignment>.py: one function of an
independent loop-style implementation replaced by the way such a student
writes it, with that one mistake.  Each is graded through the real engine
(the training-outcome tests left out: no survey mistake is about them, and
they take most of the time); its feedback must name its misconception and
no other, and the mistake must cost points.  At least 80% of the survey's
mistakes must get their likely cause.
"""
import ast
import copy
import dataclasses
import importlib.util
import os
import re
import shutil
import textwrap

import pytest

from autograder import grading
from autograder.submission import prepared
from conftest import ROOT, named_causes, opened

FIXTURES = os.path.join(ROOT, "tests", "fixtures")
SECTIONS = ("perceptron", "backprop", "cnn", "tricks")


def mistakes_of(assignment_id):
    path = os.path.join(FIXTURES, "student_mistakes", f"{assignment_id}.py")
    spec = importlib.util.spec_from_file_location(f"_student_mistakes_{assignment_id}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BASE, module.MISTAKES


CASES = [(a, *m) for a in SECTIONS for m in mistakes_of(a)[1]]


def replace_function(text, dotted, source):
    """`text` with the function (or Class.method) `dotted` replaced by `source`."""
    nodes, found = ast.parse(text).body, None
    for name in dotted.split("."):
        found = next(n for n in nodes if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == name)
        nodes = found.body
    lines = text.splitlines(keepends=True)
    start = min([found.lineno] + [d.lineno for d in found.decorator_list]) - 1
    new = textwrap.indent(textwrap.dedent(source).strip("\n") + "\n", " " * found.col_offset)
    return "".join(lines[:start]) + new + "".join(lines[found.end_lineno:])


def submission(tmp_path, assignment_id, file_name, function, source):
    base, _ = mistakes_of(assignment_id)
    folder = tmp_path / "submission"
    shutil.copytree(os.path.join(FIXTURES, base), folder)
    path = folder / file_name
    path.write_text(replace_function(path.read_text(), function, source))
    return folder


def grade_without_training(assignment_id, folder):
    """Grade every test but the training outcomes (comparators of a function
    that trains; a constructor's comparator is quick and stays)."""
    code = copy.copy(opened(assignment_id).code)
    code.assignment = dataclasses.replace(code.assignment, tests=tuple(
        t for t in code.assignment.tests if not (t.compare and t.function)))
    with prepared(str(folder), code.assignment.files) as ready:
        return grading.grade(code, ready, opened(assignment_id).expected_for)


@pytest.mark.parametrize("assignment_id, survey_id, variant, file_name, function, source", CASES,
                         ids=[f"{c[0]}-{c[1] or c[2]}-{c[2]}" for c in CASES])
def test_a_real_mistake_gets_its_likely_cause_and_no_other(tmp_path, assignment_id, survey_id, variant,
                                                          file_name, function, source):
    result = grade_without_training(assignment_id, submission(tmp_path, assignment_id, file_name,
                                                              function, source))
    if survey_id:  # (a mistake no graded test can see costs nothing yet: the constructor's)
        assert result.score < result.max_score, f"{survey_id} ({variant}) lost no points"
    told = named_causes(result, assignment_id)
    assert told == ({survey_id} if survey_id else set()), \
        "\n".join(t.output for t in result.tests if not t.passed)


def test_the_fixtures_replace_a_function_and_nothing_else():
    text = "import x\n\n\nclass A:\n    def f(self):\n        return 1\n\n    def g(self):\n        return 2\n"
    changed = replace_function(text, "A.f", "def f(self):\n    return 3\n")
    assert changed == text.replace("return 1", "return 3")


def survey_ids(section):
    """The ids in a section's table of docs/student-mistakes.md."""
    with open(os.path.join(ROOT, "docs", "student-mistakes.md"), encoding="utf-8") as handle:
        text = handle.read()
    part = text.split(f"## Assignment `{section}`")[1].split("\n## ")[0]
    return set(re.findall(r"^\| `([A-Za-z0-9_]+)` \|", part, re.M))


def test_every_surveyed_mistake_is_reproduced_and_most_get_their_cause():
    """Each survey id of perceptron, backprop, cnn and tricks has a reproduction; at
    least 80% of them are expected to be named (test above checks each)."""
    ids, named = set(), set()
    for section in SECTIONS:
        ids |= survey_ids(section)
        for survey_id, variant, *_ in mistakes_of(section)[1]:
            named |= {survey_id or variant}
    assert ids, "no survey table found"
    assert not ids - named, f"survey mistakes without a reproduction: {sorted(ids - named)}"
    diagnosed = {survey_id for section in SECTIONS for survey_id, *_ in mistakes_of(section)[1] if survey_id}
    share = len(ids & diagnosed) / len(ids)
    assert share >= 0.8, f"only {share:.0%} of the surveyed mistakes get their likely cause"
