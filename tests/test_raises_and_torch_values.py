"""Two test forms shown on the tricks assignment: `check: raises` (a call that
must raise an exception class, a subclass too) and a forward test whose values
come from a torch_ops function (`torch:`), such as torch.optim's trajectory
over `steps`, computed when the references are and frozen."""
import copy
import re
import dataclasses
import types

import numpy as np
import pytest

from autograder import cases, grading, references
from autograder.errors import ConfigError
from autograder.yaml_validator import Validator
from conftest import assignment_code, mutate, result_of, solution_copy

ASSIGNMENT = "tricks"


@pytest.fixture(scope="module")
def graded(graded_variants):
    return lambda mutant_id=None: graded_variants(ASSIGNMENT, mutant_id)


def code_with(torch_ops=None, **changes):
    """tricks' code with tests changed ({"1_8": {field: value}}) and maybe another torch_ops."""
    code = copy.copy(assignment_code(ASSIGNMENT))
    code.assignment = dataclasses.replace(code.assignment, tests=tuple(
        dataclasses.replace(t, **changes.get(t.number.replace(".", "_"), {})) for t in code.assignment.tests))
    if torch_ops is not None:
        code._torch_ops = torch_ops  # what the torch_ops property would load
    return code


def numbered(code, number):
    return next(t for t in code.assignment.tests if t.number == number)


def graded_now(code, folder):
    """Graded with references computed now (the tests differ from the stored ones)."""
    return grading.grade(code, str(folder), lambda test, index, inputs:
                         references.expected(code, test, index, inputs))


# ------------------------------------------------------------------- raises
def test_a_call_that_returns_is_told_it_should_have_raised(graded):
    result = result_of(graded("dropout_unknown_mode_as_test"), "1.8")
    assert result.score == 0, result.output
    assert "Called dropout.dropout_forward(x=float64 array (3, 4), p=0.5, mode='eval')" in result.output
    assert "it should have raised ValueError, but it returned normally (it returned a tuple of 2)" \
        in result.output, result.output
    assert "Likely cause: A mode other than 'train' or 'test'" in result.output


def test_another_exception_is_named_with_its_message_and_line(graded):
    result = result_of(graded("batchnorm_mode_asserted"), "2.8")
    assert "it should have raised ValueError, but batchnorm.batchnorm_forward raised AssertionError: eval" in result.output, result.output
    assert "batchnorm.py, line" in result.output and "Likely cause: An unknown mode must raise" in result.output


def test_a_subclass_passes_and_a_hidden_raises_test_shows_no_message(tmp_path):
    folder = solution_copy(ASSIGNMENT, tmp_path / "subclass")
    mutate(folder, "dropout.py", "        raise ValueError(f\"mode must be 'train' or 'test', got {mode!r}\")",
           "        raise ModeError(mode)")
    with open(folder / "dropout.py", "a") as out:
        out.write("\n\nclass ModeError(ValueError):\n    pass\n")
    assert result_of(graded_now(code_with(), folder), "1.8").passed
    mutate(folder, "dropout.py", "        raise ModeError(mode)", "        raise KeyError(f'got {mode}')")
    hidden = result_of(graded_now(code_with(**{"1_8": {"visibility": "hidden"}}), folder), "1.8")
    assert hidden.score == 0 and "it should have raised ValueError, but dropout.dropout_forward raised KeyError" in hidden.output
    assert "got eval" not in hidden.output and "(3, 4)" not in hidden.output, hidden.output  # the message


def test_a_solution_that_does_not_raise_is_the_instructors_mistake():
    code = code_with(**{"1_8": {"cases": ({"x": [3, 4], "p": 0.5, "mode": "test"},)}})
    test = numbered(code, "1.8")
    inputs = cases.make_inputs(code.assignment, test, 0, code.inputs)
    with pytest.raises(ConfigError, match="test '1.8', case 1: the solution's dropout.dropout_forward "
                                          "returned instead of raising ValueError"):
        references.expected(code, test, 0, inputs)
    other = dataclasses.replace(test, raises="KeyError", cases=({"x": [3, 4], "p": 0.5, "mode": "eval"},))
    with pytest.raises(ConfigError, match="raised ValueError, not KeyError"):
        references.expected(code, other, 0, cases.make_inputs(code.assignment, other, 0, code.inputs))


def raw_test(**extra):
    test = {"number": "1.1", "name": "f", "weight": 1, "check": "raises", "function": "m.f",
            "raises": "ValueError", "cases": [{"w": 1.0}]}
    test.update(extra)
    return {"title": "t", "total_points": 1, "files": ["m.py"], "seeds": {"visible": 1, "hidden": 2},
            "tests": [{k: v for k, v in test.items() if v is not None}]}


@pytest.mark.parametrize("extra, words", [
    ({"raises": None}, "missing required key 'raises'"),
    ({"raises": "not a name"}, "key 'raises': expected the name of an exception class"),
    ({"check": "forward"}, "key 'raises' needs check: raises"),
    ({"torch": "f"}, "key 'torch': a raises test takes no torch reference"),
    ({"steps": 2}, "key 'steps': a raises test's calls cannot be repeated"),
    ({"check": "forward", "raises": None, "reference": "torch"}, "with torch: <function>"),
    ({"check": "forward", "raises": None, "torch": "f", "reference": "autograd"}, "'autograd' is not"),
])
def test_raises_and_torch_keys_are_checked(tmp_path, extra, words):
    with pytest.raises(ConfigError, match=words.replace("(", r"\(")):
        Validator(str(tmp_path / "assignment.yaml")).assignment("t", str(tmp_path), raw_test(**extra))
    made = Validator("x").assignment("t", str(tmp_path), raw_test())
    assert (made.tests[0].check, made.tests[0].raises) == ("raises", "ValueError")


# ------------------------------------------------------------- torch values
def shifted_sgd_steps(w, dws, config):
    """Not SGD: a reference the solution cannot meet, to show whose values are compared."""
    out, w = [], np.array(w)
    for dw in dws:
        w = w - 0.5 * dw
        out.append((w.copy(), dict(config)))
    return out


def test_a_forward_tests_values_come_from_torch_ops_when_it_names_one(tmp_path):
    real = assignment_code(ASSIGNMENT).torch_ops
    test = numbered(assignment_code(ASSIGNMENT), "8.1")
    assert test.torch == "sgd_steps" and test.reference == "torch"
    stub = types.SimpleNamespace(**{name: getattr(real, name) for name in dir(real)})
    stub.sgd_steps = shifted_sgd_steps
    code = code_with(torch_ops=stub)
    inputs = cases.make_inputs(code.assignment, test, 0, code.inputs)
    values = references.expected(code, test, 0, inputs)["values"]
    w = inputs["w"] - 0.5 * inputs["dws"][0]
    assert np.array_equal(values["next_w (step 1)"], w) and list(values)[:2] == [
        "next_w (step 1)", "config['learning_rate'] (step 1)"]
    assert not result_of(graded_now(code, solution_copy(ASSIGNMENT, tmp_path / "s")), "8.1").passed
    # the real torch.optim reference: the solution follows it to the last step
    truth = references.expected(code_with(torch_ops=real), test, 0, inputs)["values"]
    assert np.array_equal(truth["next_w (step 5)"], real.sgd_steps(inputs["w"], inputs["dws"],
                                                                   inputs["config"])[4][0])


@pytest.mark.parametrize("op, words", [
    (lambda w, dws, config: shifted_sgd_steps(w, dws, config)[:3], "a list of 5 results, one per step"),
    (lambda w, dws, config: [(w, {})] * 5, "should return (next_w, config (a dict with keys "
                                           "learning_rate)), got keys  as config"),
    (lambda w, dws, config: [w] * 5, "should return (next_w, config"),
])
def test_a_torch_ops_function_that_does_not_fit_is_a_config_error(op, words):
    code = code_with(torch_ops=types.SimpleNamespace(sgd_steps=op))
    test = numbered(code, "8.1")
    with pytest.raises(ConfigError, match="test '8.1', case 1: torch_ops.sgd_steps .*" + re.escape(words)):
        references.expected(code, test, 0, cases.make_inputs(code.assignment, test, 0, code.inputs))
