"""Misconceptions: the wrong ideas students bring to a function, each modelled
on its own, independently of the reference solution.

An assignment declares them in `assignments/<id>/misconceptions.py` as a list
`MISCONCEPTIONS` of `misconception(id, sentence, *models)` (the helpers are
exported by `autograder.instructor`).  A model says what a student with that
idea observably does on a case:

- `values(target, f)`: `f` is the student's function as such a student writes
  it; it receives the case's inputs by parameter name (only those it declares;
  backward tests add `dout`, and `douts` for several outputs) and returns
  `{leaf: value}` for the leaves it models (or the function's own return
  value, unpacked like the test's `returns`); leaves it leaves out are not
  judged, so a model of a dW-only mistake returns only dW;
- `shape(target, f)`: `f` returns the wrong shape(s), `{leaf: shape}`;
- `crash(target, when, error, message)`: `when(**inputs)` says where the
  student's code raises (`error`: the exception's type name, or "timeout");
- `unstable(target, f)`: `f` is the naive function; where it warns
  (overflow, divide by zero, invalid value) or returns inf/NaN, so does the
  student;
- `in_place(target, *arguments)`: the student changes these arguments;
- `no_raise(target, when)`: where `when(**inputs)` is true, the student's
  code returns normally although a `raises` test wants an exception (an
  invalid mode silently treated as a valid one).

The grader runs the models once per case when it computes the references
(predictions.py) and matches them with what the student's code did
(diagnoses.py).  This module only declares and validates.
"""
import re
from dataclasses import dataclass
from typing import Callable, Optional

from .assignment_files import optional_module
from .errors import ConfigError

KINDS = ("values", "shape", "crash", "unstable", "in_place", "no_raise")
CASE_KINDS = ("values", "shape", "no_raise")  # judged case by case; the others over every case of a function
# A sentence is shown on hidden tests too, whose feedback never holds these.
REVEALING = re.compile(r"expected|received|index|\(\d+(, \d+)*,?\)", re.IGNORECASE)
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Model:
    """One observable consequence of a misconception, on one graded function."""
    kind: str
    target: str                          # the function as tests name it: "layers.conv_backward"
    function: Optional[Callable] = None  # the model (values, shape, unstable) or the predicate (crash, no_raise)
    error: str = ""                      # crash: the exception's type name, or "timeout"
    message: str = ""                    # crash: text its message contains
    arguments: tuple = ()                # in_place: the arguments changed

    @property
    def name(self):
        return getattr(self.function, "__name__", self.kind)


@dataclass(frozen=True)
class Misconception:
    id: str
    sentence: str        # said to the student: the cause and the fix, never naming our code
    models: tuple

    @property
    def targets(self):
        return sorted({m.target for m in self.models})


def values(target, function):
    """The student's values: `function(**inputs) -> {leaf: value}` (only the leaves it models)."""
    return Model("values", target, function)


def shape(target, function):
    """The student's wrong shape: `function(**inputs) -> {leaf: shape}`."""
    return Model("shape", target, function)


def crash(target, when, error="", message=""):
    """The student's code raises exactly where `when(**inputs)` is true: an exception
    of type `error` (any exception when empty; "timeout" for a call that never
    ends) whose message contains `message` (when given)."""
    return Model("crash", target, when, error=error, message=message)


def unstable(target, function):
    """The naive `function`: the student's code warns or returns inf/NaN exactly
    where this one does, with the same kinds of warning and non-finite leaves."""
    return Model("unstable", target, function)


def in_place(target, *arguments):
    """The student's `target` changes exactly these arguments in place."""
    return Model("in_place", target, arguments=tuple(arguments))


def no_raise(target, when):
    """Where `when(**inputs)` is true, the student's `target` returns normally
    instead of raising the exception a `raises` test wants."""
    return Model("no_raise", target, when)


def misconception(id, sentence, *models):  # noqa: A002 (the id the survey gives)
    return Misconception(id, sentence, tuple(models))


# ------------------------------------------------------------------- loading

def load(assignment, called):
    """The validated MISCONCEPTIONS of the assignment ([] without the file).
    `called(target)` says whether some test calls that function, and how:
    "graded" (a test's function), "called" (a forward or constructor) or None."""
    module = optional_module(assignment, "misconceptions")
    if module is None:
        return []
    path = module.__file__
    found = getattr(module, "MISCONCEPTIONS", None)
    if not isinstance(found, (list, tuple)) or not all(isinstance(m, Misconception) for m in found):
        raise ConfigError(f"{path}: MISCONCEPTIONS must be a list of misconception(...)")
    for item in found:
        _check(item, called, path)
    for attribute in ("id", "sentence"):
        seen = [getattr(m, attribute) for m in found]
        twice = sorted({s for s in seen if seen.count(s) > 1})
        if twice:
            raise ConfigError(f"{path}: two misconceptions share the {attribute} {twice[0]!r}")
    return list(found)


def _check(item, called, path):
    where = f"{path}: misconception {item.id!r}"
    if not isinstance(item.id, str) or not IDENTIFIER.match(item.id):
        raise ConfigError(f"{where}: the id must be a name made of letters, digits and underscores")
    if not isinstance(item.sentence, str) or not item.sentence.strip():
        raise ConfigError(f"{where}: needs the sentence said to the student")
    if REVEALING.search(item.sentence):
        raise ConfigError(f"{where}: its sentence is shown on hidden tests too, so it must not "
                          f"contain 'expected', 'received', 'index' or a shape such as (3, 4)")
    if not item.models:
        raise ConfigError(f"{where}: needs at least one model (values, shape, crash, unstable, "
                          "in_place, no_raise)")
    for model in item.models:
        if not isinstance(model, Model) or model.kind not in KINDS:
            raise ConfigError(f"{where}: {model!r} is not a model (use values, shape, crash, "
                              "unstable, in_place or no_raise)")
        how = called(model.target)
        if how is None:
            raise ConfigError(f"{where}: no test calls {model.target} (name it as tests do, "
                              "e.g. layers.conv_backward or cnn.SmallConvNet.loss)")
        if model.kind in CASE_KINDS and how != "graded":
            raise ConfigError(f"{where}: a {model.kind} model needs a test whose function is "
                              f"{model.target}; it is only called before one")
        if model.kind != "in_place" and not callable(model.function):
            raise ConfigError(f"{where}: the {model.kind} model of {model.target} needs a function")
        if model.kind == "in_place" and not model.arguments:
            raise ConfigError(f"{where}: in_place({model.target!r}) names no argument")
