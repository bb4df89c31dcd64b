"""What each misconception predicts on one case, computed with the references.

Trusted code only: it runs in the grader when the references are computed
(never in the worker) and its results are stored with them, as plain data
(store.py's wire format), so the Gradescope zip and the student handout
carry them and grading never imports an assignment's misconceptions.py.

Each prediction is a dict: "model" (misconception id and model number),
"id", "sentence", "kind", "target", and what the kind needs:

- values:   {"values": {leaf: value}}, every leaf the model gives, when one of
            them differs from the reference (else the model predicts nothing here);
- shape:    {"shapes": {leaf: [sizes]}} where the shape differs from the reference's;
- crash:    {"raises": bool, "error": type name or "timeout", "message": text};
- unstable: {"unstable": bool, "warnings": [kinds], "nonfinite": {leaf: where
             NaN, inf and -inf are}, "graded": whether the target is the test's graded function};
- in_place: {"arguments": [names]};
- no_raise: {} on the cases of a `raises` test where it says the call returns.
"""
import copy
import inspect
import numbers
import warnings

import numpy as np

from . import cases, comparison, plan
from .definitions import leaves
from .errors import ConfigError, Mismatch

WARNING_KINDS = {"overflow": "overflow", "divide by zero": "divide", "invalid value": "invalid"}


def warning_kind(text):
    """'RuntimeWarning: overflow encountered in exp' -> 'overflow'; None when not numerical."""
    return next((kind for words, kind in WARNING_KINDS.items() if words in str(text)), None)


def graded_target(test):
    """What the test grades: its function, or the constructor of a test that
    reads only what the constructor made."""
    return test.target(test.function) if test.function else test.construct


def called_targets(test):
    """The functions a case of the test calls: its graded function and the forward before it."""
    return {test.target(name) for name in (test.function, test.forward) if name} | {graded_target(test)}


def for_case(misconceptions, test, inputs, douts, reference):
    """The predictions of every model that concerns this test, on one case.
    `inputs` are the case's public inputs, `douts` the upstream gradients given
    to a backward test (or None), `reference` {leaf: the reference value}."""
    available = _first_call_inputs(inputs, test)
    if douts is not None:
        available.update(dout=douts[0], douts=tuple(douts))
    graded, called = graded_target(test), called_targets(test)
    found = []
    for item in misconceptions:
        for number, model in enumerate(item.models):
            if model.target != graded and (model.kind in ("values", "shape") or model.target not in called):
                continue
            if model.kind == "no_raise" and test.kind.values_models:
                continue  # a call that should have raised: raises tests only
            if model.kind in ("values", "shape", "unstable") and not test.kind.values_models:
                continue  # returned values: not on a raises test
            head = {"model": f"{item.id}#{number}", "id": item.id, "sentence": item.sentence,
                    "kind": model.kind, "target": model.target}
            body = _predict(model, test, available, reference, f"{item.id} ({model.name})")
            if body is not None:
                found.append(dict(head, **body))
    return found


def _predict(model, test, available, reference, who):
    if model.kind == "in_place":
        return {"arguments": list(model.arguments)}
    if model.kind == "no_raise":
        return {} if _call(model.function, available, test, who) else None
    if model.kind == "crash":
        return {"raises": bool(_call(model.function, available, test, who)),
                "error": model.error, "message": model.message}
    if model.kind == "unstable":
        return _instability(model, test, available, reference, who)
    try:
        with np.errstate(all="ignore"):
            made = _call(model.function, available, test, who)
    except ConfigError:
        raise
    except Exception:  # the student's code would raise here too: nothing to compare with
        return None
    if made is None:
        return None
    if model.kind == "shape":
        return _shapes(made, test, reference, who)
    predicted = _first_step(as_leaves(made, test, who), test)
    differs = any(comparison.compare(leaf, value, reference[leaf], True, test.tolerance,
                                     test.abs_tolerance)[0] for leaf, value in predicted.items())
    return {"values": predicted} if differs else None


def _instability(model, test, available, reference, who):
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            made = _call(model.function, available, test, who)
        except ConfigError:
            raise
        except Exception:
            return None
    kinds = sorted({warning_kind(w.message) for w in caught} - {None})
    graded = model.target == graded_target(test)
    nonfinite = nonfinite_patterns(as_leaves(made, test, who), reference) if graded and made is not None else {}
    return {"unstable": bool(kinds or nonfinite), "warnings": kinds, "nonfinite": nonfinite,
            "graded": graded}


def nonfinite_patterns(values, reference):
    """{leaf: where it holds NaN (1), inf (2) and -inf (3), else 0} for the leaves
    with inf or NaN where the reference has none."""
    found = {}
    for leaf, value in values.items():
        got, want = _floats(value), _floats(reference.get(leaf))
        if got is not None and want is not None and np.all(np.isfinite(want)) and not np.all(np.isfinite(got)):
            found[leaf] = (np.isnan(got) * 1 + (got == np.inf) * 2 + (got == -np.inf) * 3).astype(np.int8)
    return found


def _floats(value):
    if not isinstance(value, (np.ndarray, np.generic, numbers.Number, list, tuple)) or isinstance(value, bool):
        return None
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):  # text, ragged lists, ints beyond float64
        return None


def _shapes(made, test, reference, who):
    named = _first_step(made if isinstance(made, dict) else {_only_leaf(test, who): made}, test)
    unknown = sorted(set(named) - set(reference))
    if unknown:
        raise ConfigError(f"misconceptions.py: {who} names {unknown[0]!r}, not a value test "
                          f"{test.number} compares ({', '.join(reference)})")
    wrong = _wrong_shapes(named, reference)
    return {"shapes": wrong} if wrong else None


def _wrong_shapes(named, reference):
    """The model's shapes that differ from the reference's; a dict leaf (the
    constructor's params) is a dict of shapes, by key."""
    wrong = {}
    for key, size in named.items():
        if isinstance(size, dict):
            inner = _wrong_shapes(size, reference.get(key) if isinstance(reference.get(key), dict) else {})
            if inner:
                wrong[key] = inner
        elif tuple(int(n) for n in size) != np.shape(reference.get(key)):
            wrong[key] = [int(n) for n in size]
    return wrong


def as_leaves(made, test, who):
    """A model's result as {leaf: value}: a dict of leaves (nested dicts such as
    {"grads": {"W1": ...}} read as "grads['W1']"), or the function's own
    return value, unpacked like the test's `returns`."""
    compared = [leaf for leaf in leaves(test.returns) if leaf not in test.keep] + list(test.collect)
    if isinstance(made, dict):
        flat = {}
        for key, value in made.items():
            if isinstance(value, dict) and key not in compared:
                flat.update({f"{key}[{inner!r}]": v for inner, v in value.items()})
            else:
                flat[key] = value
    else:
        try:
            flat = plan.unpack(made, test.returns)
        except Mismatch as mismatch:
            raise ConfigError(f"misconceptions.py: {who} should return {plan.shape_of(test.returns)} "
                              f"or a dict of leaves for test {test.number}, {mismatch}") from None
    flat = {leaf: value for leaf, value in flat.items() if leaf not in test.keep}
    unknown = sorted(set(flat) - set(compared))
    if unknown:
        raise ConfigError(f"misconceptions.py: {who} returns {unknown[0]!r}, not a value test "
                          f"{test.number} compares ({', '.join(compared)})")
    return flat


def _only_leaf(test, who):
    compared = [leaf for leaf in leaves(test.returns) if leaf not in test.keep]
    if len(compared) != 1:
        raise ConfigError(f"misconceptions.py: {who} must name its leaves ({', '.join(compared)})")
    return compared[0]


def _call(function, available, test, who):
    """Call a model with the inputs it declares, by name (fresh copies)."""
    arguments = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name in available:
            arguments[name] = copy.deepcopy(available[name])
        elif parameter.default is inspect.Parameter.empty:
            raise ConfigError(f"misconceptions.py: {who} takes {name!r}, which test {test.number}'s "
                              f"cases do not give (they give {', '.join(sorted(available))})")
    return function(**arguments)


def _first_step(leaves, test):
    """A model describes one call; a `steps` test names its values per step, and
    the model's call is the first one ("w1_new" -> "w1_new (step 1)")."""
    return {f"{leaf} (step 1)": value for leaf, value in leaves.items()} if test.steps else leaves


def _first_call_inputs(inputs, test):
    """The arguments of a `steps` test's first call, which the models describe:
    an input varied per step (`vary:`, `{per_step: ...}`) gives its first value."""
    if not test.steps:
        return dict(inputs)
    first = {name: value[0] if isinstance(value, cases.PerStep) else value
             for name, value in inputs.items() if name not in test.vary.values()}
    for argument, source in test.vary.items():
        first[argument] = inputs[source][0]
    return first
