"""Fairness of the feedback on real students' code (issue 15):

- a stability test (`no_warnings: true`) counts only NumPy's floating-point
  warnings (overflow, divide by zero, invalid value); any other warning is
  a note that costs nothing;
- the in-place advice fits what was modified (a dict entry, an array);
- a case's `about-case` text follows the call's description, visible or hidden.

Each grades a solution copy with one planted change on the few tests concerned.
"""
import copy
import dataclasses
import os

import pytest
import yaml

from autograder import cases, config, grading, numerical_warnings, plan
from autograder.submission import prepared
from conftest import assignment_code, mutate, opened, result_of, solution_copy

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
