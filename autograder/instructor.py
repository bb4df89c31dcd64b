"""The engine's API for an assignment's own code: what `comparators.py` and
`inputs.py` may import (`from autograder.instructor import ...`).  Everything
else in `autograder` is internal and may change.

- `inputs.py`: generators `f(rng, **options) -> {argument name: value}`
  (names starting with `_` stay with the grader).  They need nothing from here.
- `comparators.py`: `f(received, expected, inputs, solution, hidden, **options)
  -> [problem sentences]` (empty: passed).  `received` and `expected` are
  {returned name: value}; `solution` is {module name: the solution's module};
  `hidden` says the sentences must reveal no data.  The helpers below turn a
  student's value into something safe to compute with.
- `misconceptions.py`: `MISCONCEPTIONS = [misconception(id, sentence, *models)]`,
  the wrong ideas students have, each with the sentence a student who has it
  is told ("Likely cause: ...") and one or more models of what such a student
  observably returns, written as that student would (see
  autograder/misconception_models.py and docs/architecture.md):
  `values(target, f)`, `shape(target, f)`, `crash(target, when, error, message)`,
  `unstable(target, f)`, `in_place(target, *arguments)`.
- Worker modules (`worker_modules:` in assignment.yaml, e.g. a trainer) run
  inside the student's process, where `autograder` does not exist: they
  import only NumPy and receive what they work on as arguments: the
  student's objects, and the module under test itself when a case gives
  `{module: layers}` (the student's `layers` in the worker; the solution's,
  or a mutant's, when the grader computes the reference).  A worker module
  never imports a submitted module by name.
- Python tests (`tests_*.py`): `StudentTestCase` subclasses with
  gradescope-utils' decorators; see the class below and docs/authoring.md.
"""
import unittest
from typing import List, Optional, Tuple

import numpy as np

from . import initial_params as _initial_params
from .comparison import Comparison
from .comparison import as_array as _as_array
from .comparison import relative_error as _relative_error
from .errors import CheckFailed, StudentError
from .misconception_models import crash, in_place, misconception, no_raise, shape, unstable, values

__all__ = ["StudentTestCase", "StudentError", "CheckFailed", "time_limit", "as_array",
           "relative_error", "trained_params", "initial_params_problems",
           "misconception", "values", "shape", "crash", "unstable", "in_place", "no_raise"]


def as_array(name: str, value, expected: np.ndarray) -> Tuple[Optional[np.ndarray], Optional[str]]:
    """(array, None) when `value` (a student's return) can be read as a numeric
    array like `expected`; else (None, a sentence naming `name` and the problem)."""
    return _as_array(name, value, expected)


def relative_error(received, expected) -> float:
    """max |a - b| / max(1e-8, |a| + |b|): the measure every feedback reports."""
    return _relative_error(received, expected)


def trained_params(label: str, received, expected: dict) -> Tuple[Optional[dict], Optional[str]]:
    """A dict of arrays a student's training left behind (e.g. `net.params`),
    checked against the reference's keys and shapes and for finite values:
    ({name: float64 array}, None), or (None, a sentence saying what is wrong)."""
    if not isinstance(received, dict) or set(received) != set(expected):
        return None, f"{label} should be a dict with the keys {', '.join(expected)} after training"
    trained = {}
    for name, reference in expected.items():
        array, problem = _as_array(f"{label}[{name!r}]", received[name], reference)
        if problem:
            return None, problem
        if array.shape != reference.shape or array.dtype.kind not in "biuf" or \
                not np.all(np.isfinite(array)):
            return None, f"{label}[{name!r}] has the wrong shape or is not finite after training"
        trained[name] = array.astype(np.float64)
    return trained, None


def initial_params_problems(label: str, received, expected: dict, weight_scale: float,
                            hidden: bool) -> List[str]:
    """What is wrong with the parameters a constructor made (`received`, e.g. its
    `params` dict) against the reference's `expected` (names and shapes): each
    must be a float64 array of the reference's shape; names starting with "b"
    (biases) exactly 0; names starting with "W" (weights) centred on 0 with a
    root mean square at `weight_scale`, within bands that a correct random
    initialisation leaves with probability below 1e-8 (initial_params.py).
    `hidden`: the sentences reveal no values or shapes."""
    return _initial_params.problems(label, received, expected, weight_scale, hidden)


class time_limit:  # noqa: N801  (a decorator, named like gradescope-utils' ones)
    """`@time_limit(60)`: seconds of wall clock each call to student code in this
    Python test may take (default: the assignment's `defaults: time_limit`)."""

    def __init__(self, seconds):
        self.seconds = float(seconds)

    def __call__(self, function):
        function.__time_limit__ = self.seconds
        return function


class StudentTestCase(unittest.TestCase):
    """The base class of Python tests.  The grader runs each test method on
    its own, in the grader's process, with:

    - `self.student`: the student's code, in the sandboxed worker:
      `self.student.layers.conv_forward(x, w, b, p)` sends the call there and
      returns plain values (arrays, numbers, lists, tuples, dicts); an object
      comes back as a proxy whose methods run there (`gate.forward(x, y)`) and
      whose attributes are read and set there (`net.params = {...}`).  Only
      data, the student's own objects and modules (`self.student.layers`)
      can be passed.  A failing call raises `StudentError` (its `.lines` say
      what happened; the worker restarts after a crash or a timeout); left
      uncaught, it fails the test with those lines.  Worker modules of the
      assignment are reached the same way (`self.student.trainer.train(...)`).
    - `self.reference`: the reference solution's modules, here in the grader
      (and the worker modules): `self.reference.layers.conv_forward(...)`.
    - `self.rng`: a NumPy Generator seeded from the visible or hidden seed and
      the test number; `self.generate(name, **options)` calls a generator of
      the assignment's inputs.py with it.
    - `self.assert_matches(name, received, expected)`: the comparison YAML tests
      use (shape, dtype, NaN/inf, tolerance, the first differing values).
    - `self.hidden`: whether the test is hidden.  The engine, not the test,
      keeps hidden tests quiet: their feedback shows no inputs, values,
      messages or printed output, whatever the test writes.
    """

    _autograder = None  # set by the grader (python_runner.Context) before the test runs

    def _context(self):
        if self._autograder is None:
            raise RuntimeError("a StudentTestCase runs only inside the autograder "
                               "(python -m autograder grade ...), which gives it the student's code")
        return self._autograder

    @property
    def student(self):
        return self._context().student

    @property
    def reference(self):
        return self._context().reference

    @property
    def rng(self):
        return self._context().rng

    @property
    def hidden(self):
        return self._context().test.hidden

    def generate(self, name, **options):
        """{argument name: value} from the generator `name` of the assignment's inputs.py,
        drawn with self.rng (keys starting with `_` are for the grader only)."""
        return dict(self._context().generator(name)(self.rng, **options))

    def assert_matches(self, name, received, expected, tolerance=None, abs_tolerance=None):
        """Fail with the engine's sentences (and, for a visible test, the table
        of the first differing values) unless `received` matches `expected`:
        arrays by shape, dtype and values within the tolerance (default: the
        assignment's), numbers likewise, dicts key by key, lists of whole
        numbers exactly."""
        test = self._context().test
        verdict = Comparison(name, test.hidden, test.tolerance if tolerance is None else tolerance,
                             test.abs_tolerance if abs_tolerance is None else abs_tolerance)
        problems = verdict.run(received, expected)
        if problems:
            raise CheckFailed(problems, [] if test.hidden else verdict.tables)
