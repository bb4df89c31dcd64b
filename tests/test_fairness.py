"""Fairness of the feedback on real students' code (issue 15):

- a stability test (`no_warnings: true`) counts only NumPy's floating-point
  warnings (overflow, divide by zero, invalid value); any other warning is
  a note that costs nothing;
- the in-place advice fits what was modified (a dict entry, an array);
- a case's `about-case` text follows the call's description, visible or hidden;
- constructors are judged on their initial parameters, with statistical
  bands for the random weights that a correct initialisation never leaves
  (in practice: below 1e-8), whatever generator it draws from.

Each grades a solution copy with one planted change on the few tests concerned.
"""
import copy
import dataclasses
import os
import re
import shutil

import numpy as np
import pytest
import yaml

from autograder import cases, config, grading, initial_params, numerical_warnings, plan
from autograder.loading import open_assignment
from autograder.submission import prepared
from conftest import SHAPE, assignment_code, mutate, opened, result_of, solution_copy

SOFTMAX = ("    scores = np.asarray(scores, dtype=np.float64)\n"
           "    shifted = scores - np.max(scores, axis=1, keepdims=True)\n")


def grade_tests(assignment_id, folder, numbers):
    """Grade `folder` on the listed tests only (the others would only cost time)."""
    code = copy.copy(assignment_code(assignment_id))
    code.assignment = dataclasses.replace(
        code.assignment, tests=tuple(t for t in code.assignment.tests if t.number in numbers))
    with prepared(str(folder), code.assignment.files) as submission:
        return grading.grade(code, submission, opened(assignment_id).expected_for)


def softmax_with(tmp_path, extra_line):
    """The backprop solution whose softmax also runs `extra_line` (its result unused)."""
    folder = solution_copy("backprop", tmp_path / "submission")
    mutate(folder, "losses.py", SOFTMAX, SOFTMAX + f"    {extra_line}\n")
    return grade_tests("backprop", folder, {"3.3", "3.4"})


# ---------------------------------------------------------------- warnings
def test_a_deprecation_warning_in_a_stable_function_is_a_note_not_a_failure(tmp_path):
    # float() of a 1-element 2-D array: exact and stable, but NumPy 1.25+ deprecates it
    result = softmax_with(tmp_path, "_first = float(np.mean(scores[:1, :1], keepdims=True))")
    stable = result_of(result, "3.4")
    assert stable.passed, stable.output
    assert "DeprecationWarning: Conversion of an array with ndim > 0" in stable.output
    assert "not counted: only overflow, divide by zero and invalid value" in stable.output
    assert result_of(result, "3.3").passed


def test_an_overflow_in_a_stable_function_still_fails_with_correct_values(tmp_path):
    result = softmax_with(tmp_path, "_unused = np.exp(scores)")  # values right, exp overflows
    stable = result_of(result, "3.4")
    assert stable.score == 0, stable.output
    assert "losses.softmax must be numerically stable but raised: RuntimeWarning: overflow " \
           "encountered in exp" in stable.output
    assert "Called losses.softmax(scores=float64 array (3, 4)). This case: scores of magnitude " \
           "~1e4." in stable.output  # what is special about the case, after the call
    plain = result_of(result, "3.3")  # no_warnings is off there: a note, no cost
    assert plain.passed and "numerical warnings: RuntimeWarning: overflow" not in plain.output


@pytest.mark.parametrize("warning, floating", [
    ({"category": "RuntimeWarning", "message": "overflow encountered in exp"}, True),
    ({"category": "RuntimeWarning", "message": "divide by zero encountered in log"}, True),
    ({"category": "RuntimeWarning", "message": "invalid value encountered in divide"}, True),
    ({"category": "RuntimeWarning", "message": "overflow encountered in scalar multiply"}, True),
    ({"category": "RuntimeWarning", "message": "Mean of empty slice."}, False),
    ({"category": "DeprecationWarning", "message": "Conversion of an array with ndim > 0 to a "
                                                   "scalar is deprecated"}, False),
    ({"category": "UserWarning", "message": "overflow encountered in exp"}, False),
    ("RuntimeWarning: overflow encountered in exp", False),  # not the worker's format
])
def test_only_numpy_floating_point_errors_count(warning, floating):
    counted, other = numerical_warnings.split([warning])
    assert (len(counted), len(other)) == ((1, 0) if floating else (0, 1))


def test_warnings_on_hidden_inputs_show_no_student_text():
    counted, other = numerical_warnings.split([
        {"category": "RuntimeWarning", "message": "overflow encountered in exp [[1234.5]]"},
        {"category": "UserWarning", "message": "scores were [[1234.5, -3.25]]"}])
    assert numerical_warnings.described(counted, hidden=True) == "RuntimeWarning: overflow encountered"
    assert numerical_warnings.described(other, hidden=True) == "UserWarning"
    assert "1234.5" in numerical_warnings.described(other, hidden=False)


# ------------------------------------------------------------- in-place advice
RELU_FORWARD = "    cache = x > 0\n    return out, cache\n"
RELU_BACKWARD = "    positive = cache\n"


def relu_untouched_line(tmp_path, forward, backward):
    """The inputs-untouched line about relu_backward, for a variant of the cnn solution."""
    folder = solution_copy("cnn", tmp_path / "submission")
    mutate(folder, "layers.py", RELU_FORWARD, forward)
    mutate(folder, "layers.py", RELU_BACKWARD, backward)
    result = grade_tests("cnn", folder, {"2.3", "2.4", "7.1"})
    assert result_of(result, "2.3").passed and result_of(result, "2.4").passed
    untouched = result_of(result, "7.1")
    assert untouched.score < untouched.weight
    return next(line for line in untouched.output.splitlines() if "relu_backward modified" in line)


def test_a_modified_dict_entry_gets_the_dict_advice(tmp_path):
    line = relu_untouched_line(  # a dict cache whose entry the backward drops ("to free memory")
        tmp_path, "    cache = {'x': x}\n    return out, cache\n",
        "    positive = cache['x'] > 0\n    cache['x'] = None\n")
    assert "modified its input cache['x'] in place" in line
    assert "build a new dict (new = dict(config)" in line and "x.copy()" not in line


def test_a_modified_array_gets_the_array_advice(tmp_path):
    line = relu_untouched_line(
        tmp_path, RELU_FORWARD, "    positive = cache\n    dout[~positive] = 0\n")
    assert "modified its input dout in place" in line
    assert "work on a copy (x = x.copy())" in line and "dict" not in line


# ------------------------------------------------------------------ about-case
def test_every_stability_case_says_what_is_special_about_it():
    for assignment_id in config.available():
        for test in config.load(assignment_id).tests:
            for number, case in enumerate(test.cases if test.no_warnings else (), 1):
                assert cases.about(case), f"{assignment_id} test {test.number} case {number}"


def test_about_case_follows_the_description_of_hidden_cases_too():
    code = assignment_code("backprop")
    test = next(t for t in code.assignment.tests if t.number == "3.6")
    hidden = dataclasses.replace(test, visibility="after_due_date")
    inputs = cases.make_inputs(code.assignment, hidden, 0, code.inputs)
    assert "about-case" not in inputs  # not an argument
    text = plan.describe_call(code, hidden, plan.split(code, hidden, inputs, "here"),
                              cases.about(hidden.cases[0]))
    assert text == ("Called losses.softmax_cross_entropy on hidden inputs. "
                    "This case: scores of magnitude ~1e4.")


@pytest.mark.parametrize("about", [3, "", "two\nlines", "x" * 121, ["a list"]])
def test_a_bad_about_case_is_a_config_error_naming_test_case_and_key(tmp_path, about):
    raw = yaml.safe_load(open(os.path.join(config.ROOT, "assignments/perceptron/assignment.yaml")))
    raw["tests"][0]["cases"][0]["about-case"] = about
    (tmp_path / "assignment.yaml").write_text(yaml.safe_dump(raw))
    with pytest.raises(config.ConfigError) as error:
        config.load("perceptron", str(tmp_path))
    for words in ("assignment.yaml", "test '1.1': case 1", "key 'about-case'", "one line of text"):
        assert words in str(error.value)


# ------------------------------------------------------------ constructors
SIZES = [1, 2, 5, 9, 18, 45, 90, 240, 720, 8192]


@pytest.mark.parametrize("n", SIZES)
def test_the_bands_fail_a_correct_initialisation_with_probability_below_1e_8(n):
    """Exact tails (chi-square through the regularised incomplete gamma function,
    the normal through erfc), not the bounds the bands were derived from."""
    import math

    import torch

    low, high = initial_params.rms_band(n, 1.0)
    half, to_tensor = torch.tensor(n / 2, dtype=torch.float64), lambda v: torch.tensor(v, dtype=torch.float64)
    below = float(torch.special.gammainc(half, to_tensor(n * low ** 2 / 2)))
    above = float(torch.special.gammaincc(half, to_tensor(n * high ** 2 / 2)))
    off_centre = math.erfc(initial_params.mean_bound(n, 1.0) * math.sqrt(n) / math.sqrt(2))
    assert below + above + off_centre < 1e-8, (below, above, off_centre)


def test_correct_initialisations_from_any_generator_pass():
    rng = np.random.default_rng(0)
    shapes = {"W1": (3, 2, 5, 5), "b1": (3,), "W2": (60, 12), "b2": (12,), "W3": (12, 5), "b3": (5,)}
    expected = {name: np.zeros(shape) for name, shape in shapes.items()}
    for trial in range(300):
        scale = 10.0 ** rng.uniform(-4, 1)
        legacy = np.random.RandomState(trial)  # the generator of np.random.randn
        draw = [lambda s: rng.standard_normal(s), lambda s: legacy.randn(*s),
                lambda s: rng.normal(0, 1, s)][trial % 3]
        params = {n: (scale * draw(s) if n.startswith("W") else np.zeros(s)) for n, s in shapes.items()}
        assert initial_params.problems("params", params, expected, scale, False) == []


@pytest.mark.parametrize("change, visible, hidden", [
    (lambda p: p.update(b1=0), "params['b1'] should be a float64 array of shape (4,), got 0",
     "params['b1'] should be a float64 array"),
    (lambda p: p.update(b1=np.zeros(4, dtype=np.int64)), "params['b1'] has dtype int64", None),
    (lambda p: p.update(b1=np.full(4, 0.01)), "should start at exactly 0 (np.zeros), but its largest "
     "magnitude is 0.01", "params['b1'] should start at exactly 0 (np.zeros)"),
    (lambda p: p.update(W1=p["W1"].T.copy()), "params['W1'] has shape (300, 200), expected (200, 300)",
     "params['W1'] has the wrong shape"),
    (lambda p: p.update(W1=p["W1"] * 0.01), "params['W1'] is not at the scale weight_scale: its root "
     "mean square is", "params['W1'] is not at the scale weight_scale"),
    (lambda p: p.update(W1=np.abs(p["W1"])), "params['W1'] is not centred on 0: its mean is", None),
    (lambda p: p.pop("b1"), "params should be a dict with the keys W1, b1, got keys W1", None),
])
def test_constructor_sentences_say_what_is_wrong_and_hidden_ones_show_no_data(change, visible, hidden):
    expected = {"W1": np.zeros((200, 300)), "b1": np.zeros(4)}
    params = {"W1": 0.5 * np.random.default_rng(1).standard_normal((200, 300)), "b1": np.zeros(4)}
    change(params)
    shown = initial_params.problems("params", params, expected, 0.5, False)
    assert len(shown) == 1 and visible in shown[0], shown
    secret = initial_params.problems("params", params, expected, 0.5, True)
    assert len(secret) == 1 and (hidden is None or secret[0] == hidden), secret
    assert not SHAPE.search(secret[0]) and not re.search(r"\d\.\d", secret[0]), secret


@pytest.mark.parametrize("edit, words", [
    (lambda t: t.pop("collect"), "a test without 'function' checks the object it makes"),
    (lambda t: t.update(returns=["out"]), "key 'returns': a test without 'function' calls nothing"),
    (lambda t: t.update(init=["input_dim", "hidden_dim", "num_classes"]),
     "case 2: the inputs ['seed', 'weight_scale'] go to no call"),
])
def test_a_constructor_test_is_checked_before_grading(tmp_path, edit, words):
    raw = yaml.safe_load(open(os.path.join(config.ROOT, "assignments/backprop/assignment.yaml")))
    edit(next(t for t in raw["tests"] if "construct" in t and "function" not in t))
    (tmp_path / "assignment.yaml").write_text(yaml.safe_dump(raw))
    for name in os.listdir(os.path.join(config.ROOT, "assignments/backprop")):  # its worker module
        if name.endswith(".py") and name != "mutants.py":                     # and Python tests too
            shutil.copy(os.path.join(config.ROOT, "assignments/backprop", name), tmp_path)
    with pytest.raises(config.ConfigError, match=re.escape(words)) as error:
        open_assignment("backprop", folder=str(tmp_path))
    assert "test '4.10'" in str(error.value)
