"""`make new ASSIGNMENT=id`: the skeleton of a new assignment, every file an
assignment has, working as written: one YAML test, one Python test, a
solution with markers, its template, a README handout, and one catalogued
mutant with a diagnosis.  The solution scores 100, the template 0, and the
mutant is caught by both tests and diagnosed (docs/authoring.md goes on from
here)."""
import json
import os
import re
import secrets

from . import templates
from .config import ASSIGNMENTS_DIR, ROOT, SOLUTIONS_DIR
from .errors import ConfigError

ID = re.compile(r"^[a-z][a-z0-9_]*$")

ASSIGNMENT_YAML = """\
# The graded tests of the `{id}` assignment.  Every key: docs/authoring.md and
# the README ("assignment.yaml reference").  Weights must add up to total_points,
# counting the Python tests of tests_{id}.py.
title: "{id}: rename me"
total_points: 100
files: [functions.py]                  # what students submit
seeds: {{visible: {visible}, hidden: {hidden}}}   # the hidden seed never leaves the grader
defaults: {{tolerance: 1.0e-6, time_limit: 10}}

tests:
  - number: "1.1"
    name: relu matches the reference solution
    weight: 60
    check: forward
    function: functions.relu
    cases:
      - {{x: [4, 5]}}
      - {{x: {{random: normal, shape: [3, 2, 2], scale: 10}}}}

  # 2.1 (relu(x) - relu(-x) is x) is a Python test: tests_{id}.py
"""

SOLUTION = '''\
"""{id}: the functions students write.

Everything outside the solution markers is what students get (`make
templates` writes student_template/{id}/): the docstrings are the contract
the tests grade.
"""
import numpy as np


def relu(x):
    """Rectified linear unit, elementwise: ``max(0, x)``.

    Args:
        x: float array of any shape (not modified).

    Returns:
        out: float64 array of the shape of ``x``: ``x`` where ``x > 0``, 0 elsewhere.
    """
    ### BEGIN SOLUTION
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)
    ### END SOLUTION
'''

PYTHON_TEST = '''\
"""Python tests of the `{id}` assignment: checks that read better as code
than as one call per case.  They run in the grader; `self.student` reaches
the student's code in the sandbox, `self.reference` the solution."""
import numpy as np
from gradescope_utils.autograder_utils.decorators import number, weight

from autograder.instructor import StudentTestCase


class Relu(StudentTestCase):
    @number("2.1")
    @weight(40)
    def test_relu_of_x_minus_relu_of_minus_x_is_x(self):
        """relu(x) - relu(-x) is x, and relu keeps exact zeros"""
        relu = self.student.functions.relu
        x = self.rng.standard_normal((5, 4))
        self.assert_matches("relu(x) - relu(-x)", relu(x) - relu(-x), x)
        edges = np.array([-2.0, 0.0, 3.5])
        self.assert_matches("relu([-2, 0, 3.5])", relu(edges), self.reference.functions.relu(edges))
'''

MUTANTS = '''\
"""Realistic bugs in the `{id}` solution (see the backprop assignment's
mutants.py for the format): (id, file, old text, new text, the tests that
must lose points: exactly these[, the misconception of misconceptions.py
its feedback must name]).  `make mutants ASSIGNMENT={id}` grades each one."""

MUTANTS = [
    ("relu_leaks", "functions.py",
     "np.maximum(np.asarray(x, dtype=np.float64), 0.0)",
     "np.maximum(np.asarray(x, dtype=np.float64), 0.01 * np.asarray(x, dtype=np.float64))",
     {{"1.1", "2.1"}}, "relu_leaks"),
]
'''

MISCONCEPTIONS = '''\
"""What students get wrong in `{id}`, as models of the wrong idea, written
the way a student with that idea writes the code (see docs/authoring.md)."""
import numpy as np

from autograder.instructor import misconception, values


def leaky_relu(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, 0.01 * x)


MISCONCEPTIONS = [
    misconception("relu_leaks",
                  "Negative inputs leak through (a leaky ReLU): relu is exactly 0 wherever x <= 0.",
                  values("functions.relu", leaky_relu)),
]
'''

README = """\
# {id}: rename me

Implement the function in `functions.py` below its docstring (replace the
`raise NotImplementedError`), then run `python check.py` to see the visible
tests.  Upload `functions.py` to Gradescope.

## `functions.py`

- `relu(x) -> out`: `max(0, x)` elementwise, for float arrays of any shape;
  `x` is not modified.

## Grading

| test | points | what it checks |
|---|---|---|
| 1.1 | 60 | `relu` on random arrays, against the reference |
| 2.1 | 40 | `relu(x) - relu(-x)` equals `x`; exact zeros |
"""


def notebook(assignment_id):
    """A first notebook for the handout (no outputs): the checks of `relu` beside
    a plot of the student's own relu; extend it as the assignment grows."""
    def cell(kind, source):
        extra = {"execution_count": None, "outputs": []} if kind == "code" else {}
        return {"cell_type": kind, "metadata": {}, "source": source, **extra}
    cells = [
        cell("markdown", f"# {assignment_id}\n\nThis notebook runs **your** code and draws what it "
                         "does. It is not graded. Each section first runs `check.py`'s visible tests."),
        cell("code", "%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt\n\n"
                     "from check import run_checks, stop_at_missing_functions\n\n"
                     "stop_at_missing_functions()  # a missing function stops here with one line"),
        cell("code", 'run_checks("relu")'),
        cell("code", "from functions import relu\n\nx = np.linspace(-3, 3, 101)\n"
                     "plt.plot(x, relu(x))\nplt.title(\"your relu\")\nplt.show()"),
        cell("code", "samples = np.random.default_rng(0).standard_normal(10_000)\n"
                     "plt.hist(relu(samples), bins=50)\n"
                     "plt.title(\"relu of standard normal samples: half of them are 0\")\nplt.show()"),
    ]
    return json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5,
                       "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                   "name": "python3"},
                                    "language_info": {"name": "python"}}}, indent=1) + "\n"


def files(assignment_id):
    """{path relative to the repository: text} of the skeleton."""
    visible = secrets.randbelow(10**6)
    hidden = (visible + 1 + secrets.randbelow(10**6)) % 10**7
    fields = {"id": assignment_id, "visible": visible, "hidden": hidden}
    folder = f"assignments/{assignment_id}"
    return {f"{folder}/assignment.yaml": ASSIGNMENT_YAML.format(**fields),
            f"{folder}/tests_{assignment_id}.py": PYTHON_TEST.format(**fields),
            f"{folder}/mutants.py": MUTANTS.format(**fields),
            f"{folder}/misconceptions.py": MISCONCEPTIONS.format(**fields),
            f"{folder}/{assignment_id}.ipynb": notebook(assignment_id),
            f"{folder}/README.md": README.format(**fields),
            f"solutions/{assignment_id}/functions.py": SOLUTION.format(**fields)}


def create(assignment_id, root=ROOT):
    """Write the skeleton under `root` (the repository) and its template; the paths written."""
    if not ID.match(assignment_id or ""):
        raise ConfigError(f"ASSIGNMENT={assignment_id!r}: an assignment id is lower-case letters, "
                          "digits and underscores, starting with a letter (it names folders)")
    for taken in (os.path.join(ASSIGNMENTS_DIR, assignment_id), os.path.join(SOLUTIONS_DIR, assignment_id)):
        if os.path.exists(taken):
            raise ConfigError(f"{taken} already exists: choose another id, or remove it first")
    written = []
    for path, text in files(assignment_id).items():
        target = os.path.join(root, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as out:
            out.write(text)
        written.append(path)
    template = templates.write(assignment_id)
    written += [os.path.relpath(os.path.join(template, name), root) for name in sorted(os.listdir(template))]
    return written
