"""Stateful tests in YAML: `steps` (a call repeated, named returns fed back,
every step compared), `{per_step: spec}` inputs, `collect` of an argument
(read back after the call), `updates` (an argument the contract says the call
changes, exempt from the in-place check, which looks inside object
arguments), and `{module: name}` arguments for worker modules.  Shown on
backprop's sigmoid_regression_step and train_two_layer_net, with the real
solution and catalogued or ad-hoc bugs."""
import copy
import dataclasses
import types

import numpy as np
import pytest

from autograder import cases, grading, references
from autograder.errors import ConfigError
from autograder.sandbox import Handle, Worker
from autograder.yaml_validator import Validator
from conftest import assignment_code, mutate, result_of, solution_copy

ASSIGNMENT = "backprop"
STEP = "two_layer_net.sigmoid_regression_step"


def code_with(**changes):
    """backprop's code with tests replaced: {number: {field: value}}."""
    code = copy.copy(assignment_code(ASSIGNMENT))
    code.assignment = dataclasses.replace(code.assignment, tests=tuple(
        dataclasses.replace(t, **changes.get(t.number.replace(".", "_"), {})) for t in code.assignment.tests))
    return code


def graded(code, folder):
    """Graded with references computed now (the tests differ from the stored ones)."""
    return grading.grade(code, str(folder), lambda test, index, inputs:
                         references.expected(code, test, index, inputs))


def test_steps_compare_every_step_and_name_the_first_that_differs(solution_dir):
    """A step function that is right twice, then forgets the learning rate: only
    steps 3 to 5 differ, and the feedback says so."""
    folder = solution_dir(ASSIGNMENT)
    with open(folder / "two_layer_net.py", "a") as out:
        out.write("\n\n_calls, _step = [], sigmoid_regression_step\n\n\n"
                  "def sigmoid_regression_step(x, y, w1, w2, lr):\n"
                  "    _calls.append(1)\n"
                  "    return _step(x, y, w1, w2, lr if len(_calls) % 5 in (1, 2) else 2 * lr)\n")
    test = result_of(graded(code_with(), folder), "4.1")
    assert test.score == 0 and "5 times, each step's w1_new as w1, w2_new as w2 of the next" in test.output
    first_case = test.output.split("case 2")[0]
    assert "w1_new (step 3)" in first_case and "(step 1)" not in first_case \
        and "(step 2)" not in first_case, first_case


def test_per_step_inputs_are_drawn_afresh_for_every_step(solution_dir):
    case = {"x": {"per_step": [6, 3]}, "y": [6, 2], "w1": [3, 4], "w2": [4, 2], "lr": 0.01}
    code = code_with(**{"4_1": {"cases": (case,)}})
    test = next(t for t in code.assignment.tests if t.number == "4.1")
    inputs = cases.make_inputs(code.assignment, test, 0, code.inputs)
    assert isinstance(inputs["x"], cases.PerStep) and len(inputs["x"]) == 5
    assert len({a.tobytes() for a in inputs["x"]}) == 5
    result = graded(code, solution_dir(ASSIGNMENT))
    assert result_of(result, "4.1").passed and "5 values, one per step" in result_of(result, "4.1").cases[0].description
    plain = dataclasses.replace(test, steps=0)
    with pytest.raises(ConfigError, match="'per_step' draws one value per step"):
        cases.make_inputs(code.assignment, plain, 0, code.inputs)


def test_an_argument_read_back_shows_an_in_place_update(tmp_path):
    """collect: [w1] reads w1 after the call: a step that updates w1 in place
    (the catalogued regression_step_updates_in_place) now fails 4.1 itself;
    the solution passes."""
    code = code_with(**{"4_1": {"collect": ("w1",), "steps": 0, "feed": {}}})
    folder = solution_copy(ASSIGNMENT, tmp_path / "in_place")
    mutate(folder, "two_layer_net.py", "    w1_new = w1 - lr * grad_w1\n    w2_new = w2 - lr * grad_w2\n"
           "    return loss, w1_new, w2_new", "    w1 -= lr * grad_w1\n    w2 -= lr * grad_w2\n"
           "    return loss, w1, w2")
    broken = result_of(graded(code, folder), "4.1")
    assert not broken.passed and "w1: " in broken.output and "read w1" in broken.output, broken.output
    assert result_of(graded(code, solution_copy(ASSIGNMENT, tmp_path / "right")), "4.1").passed


def test_updates_exempts_the_arguments_the_contract_changes(tmp_path):
    """The in-place check looks inside an object argument (net.params): without
    `updates: [net]`, train_two_layer_net's documented update would cost 5.1."""
    folder = solution_copy(ASSIGNMENT, tmp_path / "s")
    strict = graded(code_with(**{"4_6": {"updates": ()}}), folder)
    untouched = result_of(strict, "5.1")
    assert 0 < untouched.score < untouched.weight
    assert "train_two_layer_net modified its inputs net.params['W1']" in untouched.output, untouched.output
    assert result_of(graded(code_with(), folder), "5.1").passed


def test_a_worker_module_receives_the_module_under_test(tmp_path):
    """{module: gates} is the student's gates in the worker, the solution's in the grader."""
    (tmp_path / "gates.py").write_text("WHO = 'student'\n")
    helper = "def whose(lib):\n    return lib.WHO\n"
    with Worker(str(tmp_path), preload={"helper": helper}) as worker:
        answer = worker.request({"op": "call", "target": "helper.whose", "kwargs": {},
                                 "args": [Handle("module:gates")]}, 10)
    assert answer["ok"] and answer["value"] == "student", answer
    code = assignment_code(ASSIGNMENT)
    local = references.LocalExecutor(code)
    assert local._fresh([cases.ModuleRef("gates")])[0] is code.solution["gates"]
    assignment = code.assignment
    assert cases.make_value(None, {"module": "gates"}, "here", assignment) == cases.ModuleRef("gates")
    with pytest.raises(ConfigError, match="names no submitted file"):
        cases.make_value(None, {"module": "os"}, "here", assignment)


def raw_test(**extra):
    test = {"number": "1.1", "name": "f", "weight": 1, "check": "forward", "function": "m.f",
            "returns": ["next_w", {"config": ["v"]}], "cases": [{"w": 1.0}]}
    test.update(extra)
    return {"title": "t", "total_points": 1, "files": ["m.py"], "seeds": {"visible": 1, "hidden": 2},
            "tests": [test]}


@pytest.mark.parametrize("extra, words", [
    ({"steps": 0}, "steps': expected a whole number >= 1"),
    ({"steps": 2, "feed": {"w": "nope"}}, "'nope' is not a named return"),
    ({"feed": {"w": "next_w"}}, "key 'feed' needs 'steps'"),
    ({"steps": 2, "vary": {"w": 3}}, "expected the name of a case input"),
    ({"steps": 2, "check": "backward", "forward": "m.g", "grads": ["w"], "reference": "solution",
      "returns": ["dw"]}, "steps repeat the one call"),
    ({"collect": ["w"], "check": "backward", "forward": "m.g", "grads": ["w"], "reference": "solution",
      "returns": ["dw"]}, "read back arguments in a forward or loss_gradient test"),
])
def test_stateful_keys_are_checked(tmp_path, extra, words):
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Validator(str(tmp_path / "assignment.yaml")).assignment("t", str(tmp_path), raw_test(**extra))
    steps = Validator("x").assignment("t", str(tmp_path), raw_test(steps=3, feed={"w": "next_w"},
                                                                  vary={"dw": "dws"}))
    assert (steps.tests[0].steps, steps.tests[0].feed, steps.tests[0].vary) == (3, {"w": "next_w"}, {"dw": "dws"})


@pytest.mark.parametrize("changes, words", [
    ({"collect": ("nope",), "steps": 0, "feed": {}}, "collect: 'nope' is no argument"),
    ({"feed": {"nope": "w1_new"}}, "feed: 'nope' is no argument"),
    ({"vary": {"x": "nope"}}, "vary: x: the input 'nope' should hold at least 5 values"),
    ({"updates": ("nope",)}, "updates: 'nope' is no parameter"),
])
def test_argument_names_are_checked_against_the_solution(changes, words):
    with pytest.raises(ConfigError, match=words):
        code_with(**{"4_1": changes}).validate()


def test_vary_gives_each_step_its_element_of_a_generated_list(solution_dir):
    """vary: {x: xs}: a generator's list of inputs, one per step."""
    code = code_with(**{"4_1": {"cases": ({"from": "trajectory"},), "vary": {"x": "xs"}}})

    def trajectory(rng):
        return {"xs": [rng.standard_normal((6, 3)) for _ in range(5)], "y": rng.standard_normal((6, 2)),
                "w1": rng.standard_normal((3, 4)), "w2": rng.standard_normal((4, 2)), "lr": 0.01}
    code.inputs = types.SimpleNamespace(**vars(code.inputs), trajectory=trajectory)
    test = result_of(graded(code, solution_dir(ASSIGNMENT)), "4.1")
    assert test.passed and "x=5 values, one per step" in test.cases[0].description, test.output


@pytest.mark.parametrize("body, changed", [
    ("config['velocity'] = 1.0", "[0][0].keys()"),       # a key added to a dict argument
    ("config['t'] += 1", "[0][0]['t']"),                 # a number inside it changed
    ("config['seen'].append(2)", "[0][0]['seen'].__len__()"),
    ("net.params['W'] += 1", "[0][1].params['W']"),      # inside an object argument
])
def test_the_in_place_check_sees_keys_numbers_lengths_and_object_attributes(tmp_path, body, changed):
    (tmp_path / "m.py").write_text("import numpy as np\n\n\nclass Net:\n    def __init__(self):\n"
                                   "        self.params = {'W': np.zeros(2)}\n\n\n"
                                   f"def f(config, net):\n    {body}\n    return 0\n")
    with Worker(str(tmp_path)) as worker:
        net = worker.request({"op": "call", "target": "m.Net", "args": [], "kwargs": {}, "keep": "all"}, 10)
        answer = worker.request({"op": "call", "target": "m.f", "kwargs": {},
                                 "args": [{"t": 1, "seen": [1]}, net["value"]]}, 10)
    assert answer["ok"] and changed in answer["mutated"], answer
