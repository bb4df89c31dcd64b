"""What is particular to the tricks assignment (the solution's full marks,
the template's zero, every mutant losing exactly its tests, hidden tests
revealing no data and diagnoses are checked for every assignment in
test_assignments.py).

Its forward tests' references come from the NumPy solution (frozen once),
but the optimisers' trajectories (8.x), whose references are torch.optim's
weights and state after every step (`torch:`); the tests below prove that
the solution equals PyTorch on every graded case: F.batch_norm's output and
running statistics (train and test mode), the contract's dropout mask, and
torch.optim's weights and state after one step (every single-step optimiser
test) and after every step of the trajectories (the solution fed its own
returned config, so a student following the solution gets full marks).  The
backward tests compare with autograd directly (and test_engine checks that
the solution's gradients agree with it).

Then: a wrong config entry is named by its key, an in-place change costs
only test 7.1 (naming function and argument), and every catalogued mistake
names a misconception of misconceptions.py (test_assignments.py checks that
its feedback shows it and no other), the in-place ones on test 7.1.
"""
import numpy as np
import pytest

from autograder import cases, references
from autograder.comparison import relative_error
from autograder.definitions import leaves
from conftest import (assert_in_place_costs_only_untouched, assignment_code, misconceptions_of,
                      mutant_catalog, result_of)

ASSIGNMENT = "tricks"
AGREE = 1e-9  # relative error between the solution and PyTorch (measured: <= 2e-11)


@pytest.fixture(scope="module")
def graded(graded_variants):
    return lambda mutant_id=None: graded_variants(ASSIGNMENT, mutant_id)


@pytest.fixture(scope="module")
def torch_ops():
    return assignment_code(ASSIGNMENT).torch_ops


def graded_cases(check, module):
    """(test, case index, inputs, reference values) of every case of the tests
    with this check that call a function of `module`."""
    code = assignment_code(ASSIGNMENT)
    found = []
    for test in code.assignment.tests:
        if test.check == check and test.function.split(".")[0] == module:
            for index in range(len(test.cases)):
                inputs = cases.make_inputs(code.assignment, test, index, code.inputs)
                values = references.expected(code, test, index, inputs)["values"]
                found.append((test, index, inputs, values))
    return found


def assert_agree(name, ours, theirs):
    assert np.shape(ours) == np.shape(theirs), name
    assert relative_error(ours, theirs) < AGREE, name


# ------------------------------------------------------- references are PyTorch's
def test_dropout_references_follow_the_contracts_mask(torch_ops):
    import torch
    for test, index, inputs, values in graded_cases("forward", "dropout"):
        expected = torch_ops.dropout(torch.tensor(inputs["x"]), inputs["p"], inputs["mode"],
                                     inputs.get("seed", 0)).numpy()
        assert_agree(f"{test.number}#{index} out", values["out"], expected)
        if inputs["mode"] == "train":  # the contract's formula, written out
            mask = np.random.default_rng(inputs.get("seed", 0)).random(inputs["x"].shape) < inputs["p"]
            assert np.array_equal(values["out"] != 0, mask)


def test_batchnorm_references_equal_F_batch_norm_output_and_running_statistics(torch_ops):
    import torch
    seen_modes = set()
    for test, index, inputs, values in graded_cases("forward", "batchnorm"):
        tensors = {k: torch.tensor(v) if isinstance(v, np.ndarray) else v for k, v in inputs.items()}
        out, mean, var = torch_ops.batchnorm_with_running(**tensors)
        for name, theirs in (("out", out), ("running_mean", mean), ("running_var", var)):
            assert_agree(f"{test.number}#{index} {name}", values[name], theirs.numpy())
        seen_modes.add((inputs["mode"], inputs["x"].shape[0] == 2))
    assert {("train", True), ("train", False), ("test", False)} <= seen_modes


def test_every_optimiser_case_equals_one_torch_optim_step(torch_ops):
    checked = 0
    for test, index, inputs, values in graded_cases("forward", "optim"):
        if test.steps:
            continue  # the trajectories: below
        name = test.function.split(".")[1]
        (next_w, config_after), = torch_ops.optimiser_steps(name, inputs["w"], [inputs["dw"]],
                                                            inputs["config"])
        assert_agree(f"{test.number}#{index} next_w", values["next_w"], next_w)
        for leaf in leaves(test.returns)[1:]:
            if leaf in values:  # compared leaves: config['key']
                key = leaf[len("config['"):-2]
                if key == "t":
                    assert values[leaf] == config_after["t"] and isinstance(values[leaf], int)
                else:
                    assert_agree(f"{test.number}#{index} {leaf}", values[leaf], config_after[key])
        checked += 1
    assert checked >= 20


def trajectory_cases():
    tests = [t for t in assignment_code(ASSIGNMENT).assignment.tests if t.steps and t.torch]
    return [(t, index) for t in tests for index in range(len(t.cases))]


@pytest.mark.parametrize("test, index", trajectory_cases(),
                         ids=[f"{t.number}#{i}" for t, i in trajectory_cases()])
def test_the_solution_fed_its_own_config_follows_torch_optim_step_by_step(torch_ops, test, index):
    """The multi-step tests: their generator, their torch reference and the
    solution agree after every step (weights, every config entry, t an int)."""
    code = assignment_code(ASSIGNMENT)
    inputs = cases.make_inputs(code.assignment, test, index, code.inputs)
    assert len(inputs["dws"]) == test.steps and test.reference == "torch"
    step = code.solution_function(test.function)
    trajectory = getattr(torch_ops, test.torch)(inputs["w"], inputs["dws"], inputs["config"])
    w, config_now = inputs["w"], inputs["config"]
    for number, (dw, (torch_w, torch_config)) in enumerate(zip(inputs["dws"], trajectory), 1):
        w, config_now = step(w, dw, config_now)
        assert_agree(f"step {number} next_w", w, torch_w)
        assert set(config_now) == set(torch_config)
        for key, value in torch_config.items():
            if key == "t":
                assert config_now["t"] == value == number + inputs["config"].get("t", 0)
            else:
                assert_agree(f"step {number} config[{key!r}]", config_now[key], value)


def test_an_optimiser_leaves_the_config_it_was_given_untouched():
    optim = assignment_code(ASSIGNMENT).solution["optim"]
    rng = np.random.default_rng(0)
    w, dw, v = rng.standard_normal(3), rng.standard_normal(3), rng.standard_normal(3)
    given = {"m": v.copy(), "v": v ** 2, "t": 2}
    _, returned = optim.adam(w, dw, given)
    assert given.keys() == {"m", "v", "t"} and given["t"] == 2 and np.array_equal(given["m"], v)
    assert returned is not given and returned["t"] == 3


# ----------------------------------------------------------------- feedback
def test_a_wrong_config_entry_is_named_with_its_key(graded):
    output = result_of(graded("momentum_cs231n_velocity"), "4.1").output
    assert "Called optim.sgd_momentum(w=float64 array (4, 3)" in output, output
    assert "config['velocity']: 12 of 12 values differ" in output, output


@pytest.mark.parametrize("variant_id, function, argument, value_tests", [
    ("dropout_forward_scales_x_in_place", "dropout.dropout_forward", "x",
     {"1.1", "1.2", "1.4", "1.6", "1.7"}),
    ("batchnorm_running_stats_in_place", "batchnorm.batchnorm_forward", "running_mean, running_var",
     {"2.1", "2.2", "2.4", "2.6", "2.7"}),
    ("momentum_velocity_in_place", "optim.sgd_momentum", "config['velocity']", {"4.2", "4.3", "4.4"}),
    # a config without velocity gains the key: the check sees the key set change too
    ("momentum_config_updated_in_place", "optim.sgd_momentum", "config.keys(), config['velocity']",
     {"4.2", "4.3", "4.4"}),
])
def test_in_place_modification_costs_only_test_7_1(graded, variant_id, function, argument,
                                                   value_tests):
    assert_in_place_costs_only_untouched(graded(variant_id), ASSIGNMENT, function, argument,
                                         value_tests)


def test_every_mistake_names_a_modelled_misconception():
    """No catalogued mistake waits for a diagnosis any more: each names one of
    misconceptions.py's ids (whether its feedback shows it: test_assignments.py)."""
    catalog = mutant_catalog(ASSIGNMENT)
    known = {m.id for m in misconceptions_of(ASSIGNMENT)}
    assert all(m.misconception in known for m in catalog), \
        sorted(m.id for m in catalog if m.misconception not in known)


@pytest.mark.parametrize("variant_id", ["dropout_forward_scales_x_in_place",
                                        "batchnorm_running_stats_in_place",
                                        "momentum_velocity_in_place"])
def test_an_in_place_change_is_told_its_cause_on_the_untouched_test(graded, variant_id):
    """An in-place mistake keeps every value right: its likely cause shows on 7.1 alone."""
    result = graded(variant_id)
    with_cause = [t.number for t in result.tests if "Likely cause" in t.output]
    assert with_cause == ["7.1"], with_cause
