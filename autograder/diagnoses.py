"""Likely causes: match what a student's code did with what each modelled
misconception predicts (predictions.py, stored with the references).

Never a guess.  A misconception is named only when one of its models
explains everything observed on the function it models, over every case of
the submission that the model says something about:

- values: on every case where the model differs from the reference, every
  leaf the model gives holds the model's value (within the test's tolerance);
  leaves it leaves out are not judged;
- shape: on every case where the model's shape differs from the reference's,
  the student's value has the model's shape;
- crash: over every case that called the function, the cases where it raised
  are exactly the predicted ones (the predicted exception), and some case
  where it should not raise did not (or the error's message is the
  predicted one);
- unstable: over every case that called the function, the cases with
  numerical warnings or inf/NaN are exactly the predicted ones, with the
  same kinds of warning and NaN, inf and -inf in the same places, and some
  case is predicted stable;
- in_place: the function changed exactly the predicted arguments;
- no_raise: on every case of a `raises` test where the model says the call
  returns, it returned (a crash model judges an exception of another type).

A model that fits one case but not another is not named at all: two wrong
ideas that agree on one case are told apart by the others.  The sentence is
shown on the tests whose failed cases the model explains.
"""
import numbers
import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .predictions import warning_kind

CAUSE = "Likely cause: "
NOT_A_CRASH = ("NotImplementedError",)   # an unfinished template, not a misconception


@dataclass
class Observation:
    """What one case of the student's code did, as far as the diagnoses need it."""
    calls: list = field(default_factory=list)        # dotted names called, in order
    returned: set = field(default_factory=set)       # ... of those that returned
    failure: Optional[tuple] = None                   # (dotted, exception type or "timeout", message)
    warnings: dict = field(default_factory=dict)     # dotted -> {overflow, divide, invalid}
    nonfinite: dict = field(default_factory=dict)    # {leaf: where NaN, inf, -inf are} (predictions.py)

    def warned(self, dotted, texts):
        kinds = {warning_kind(text) for text in texts} - {None}
        if kinds:
            self.warnings.setdefault(dotted, set()).update(kinds)


@dataclass
class SeenCase:
    """A case run, with what the models predicted and what the student's code returned."""
    test: object
    predictions: list
    observation: Observation
    passed: bool
    received: Optional[dict] = None    # {leaf: value}, None when the code did not return


# ----------------------------------------------------------- case by case

def _fits_case(case, prediction):
    """Whether a value or shape prediction holds on this case."""
    received, test = case.received, case.test
    if received is None:
        return False
    if prediction["kind"] == "values":
        return same(received, prediction["values"], test.tolerance, test.abs_tolerance)
    if prediction["kind"] == "no_raise":
        return "returned" in received
    return _has_shapes(received, prediction["shapes"])


def _has_shapes(received, shapes):
    """Whether every value named in `shapes` (nested for a dict leaf) has that shape."""
    return isinstance(received, dict) and all(
        key in received and (_has_shapes(received[key], size) if isinstance(size, dict)
                             else shape_of(received[key]) == tuple(size))
        for key, size in shapes.items())


def same(received, predicted, tolerance, abs_tolerance):
    """Whether a student's value is the model's: same structure and shape, booleans
    for booleans, numbers within the tolerance, inf and NaN exactly where the model has them.
    A dict is judged on the keys the model gives (the others are not modelled)."""
    if isinstance(predicted, dict):
        return isinstance(received, dict) and all(
            key in received and same(received[key], value, tolerance, abs_tolerance)
            for key, value in predicted.items())
    a, b = _numbers(received), _numbers(predicted)
    if a is None or b is None or a.shape != b.shape or (a.dtype.kind == "b") != (b.dtype.kind == "b"):
        return False
    a, b = a.astype(np.float64), b.astype(np.float64)
    finite = np.isfinite(b)
    if not np.array_equal(np.isfinite(a), finite):
        return False
    if not np.all((np.isnan(a) & np.isnan(b))[~finite] | (a == b)[~finite]):
        return False
    with np.errstate(over="ignore", invalid="ignore"):
        close = np.abs(a - b) <= abs_tolerance + tolerance * (np.abs(a) + np.abs(b))
    return bool(np.all(close[finite]))


def _numbers(value):
    if not isinstance(value, (np.ndarray, np.generic, numbers.Number, list, tuple)):
        return None
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        return None
    return array if array.dtype.kind in "biuf" else None


def shape_of(value):
    array = _numbers(value)
    return None if array is None else array.shape


# ------------------------------------------------ over every case of a function

def causes(seen):
    """{test number: [sentences]} of the models (values, shape, crash, unstable)
    that explain everything they predict over all `seen` cases (SeenCase);
    each sentence goes to the tests whose failed cases its model explains."""
    groups = {}
    for case in seen:
        for prediction in case.predictions:
            if prediction["kind"] != "in_place":
                groups.setdefault(prediction["model"], []).append((case, prediction))
    found = {}
    for members in groups.values():
        for case, prediction in _explained(members):
            sentences = found.setdefault(case.test.number, [])
            if not case.passed and prediction["sentence"] not in sentences:
                sentences.append(prediction["sentence"])
    return {number: sentences for number, sentences in found.items() if sentences}


def _explained(members):
    """The (case, prediction) pairs a model explains, or [] when it does not fit them all."""
    kind, target = members[0][1]["kind"], members[0][1]["target"]
    if kind in ("values", "shape", "no_raise"):
        return members if all(_fits_case(c, p) for c, p in members) else []
    if kind == "crash":  # an exception a raises test wanted is no crash
        considered = [(c, p) for c, p in members if target in c.observation.calls
                      and not (c.test.check == "raises" and c.passed)]
        return [(c, p) for c, p in considered if p["raises"]] if _crash_fits(considered, target) else []
    considered = [(c, p) for c, p in members if target in c.observation.returned]
    return [(c, p) for c, p in considered if p["unstable"]] if _instability_fits(considered, target) else []


def _crash_fits(considered, target):
    predicted = [(c, p) for c, p in considered if p["raises"]]
    raised = [c for c, _ in considered if _raised_at(c.observation, target)]
    if not predicted or len(raised) != len(predicted) or \
            any(not _raised_at(c.observation, target) for c, _ in predicted):
        return False
    for case, prediction in predicted:
        _, kind, message = case.observation.failure
        if (prediction["error"] and kind != prediction["error"]) or \
                (not prediction["error"] and kind in ("timeout", "crash")) or \
                prediction["message"] not in message:
            return False
    return len(considered) > len(predicted) or bool(predicted[0][1]["message"])


def _raised_at(observation, target):
    failure = observation.failure
    return failure is not None and failure[0] == target and failure[1] not in NOT_A_CRASH


def _instability_fits(considered, target):
    predicted = [(c, p) for c, p in considered if p["unstable"]]
    if not predicted or len(predicted) == len(considered):
        return False
    for case, prediction in considered:
        warned = sorted(case.observation.warnings.get(target, ()))
        nonfinite = case.observation.nonfinite if prediction["graded"] else {}
        if not prediction["unstable"]:
            if warned or nonfinite:
                return False
        elif warned != prediction["warnings"] or not _same_patterns(nonfinite, prediction["nonfinite"]):
            return False
    return True


def _same_patterns(seen, predicted):
    return set(seen) == set(predicted) and all(
        np.array_equal(np.asarray(seen[leaf]), np.asarray(predicted[leaf])) for leaf in seen)


def _argument_of(changed):
    """The argument a change names: "config['t']", "config.keys()" and
    "len(sizes)" are changes to config, config and sizes."""
    name = changed[len("len("):] if changed.startswith("len(") else changed
    return re.split(r"[\[.)]", name, maxsplit=1)[0]


def in_place_causes(seen, mutations):
    """Sentences of the in_place models whose function changed exactly the
    predicted arguments (`mutations`: {dotted: names changed, e.g. "config['t']"})."""
    found = []
    for case in seen:
        for prediction in case.predictions:
            if prediction["kind"] != "in_place" or prediction["sentence"] in found:
                continue
            changed = {_argument_of(name) for name in mutations.get(prediction["target"], ())}
            if changed and changed == set(prediction["arguments"]):
                found.append(prediction["sentence"])
    return found
