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
  import only NumPy and receive the student's objects as arguments.
"""
from typing import List, Optional, Tuple

import numpy as np

from . import initial_params as _initial_params
from .comparison import as_array as _as_array
from .comparison import relative_error as _relative_error
from .misconception_models import crash, in_place, misconception, shape, unstable, values

__all__ = ["as_array", "relative_error", "trained_params",
           "misconception", "values", "shape", "crash", "unstable", "in_place"]


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
