"""Buggy variants of the backprop solution: the proof that each check works.

A test that the reference solution passes proves little on its own: a check
that compares nothing, or inputs that never reach the interesting branch,
pass the solution too.  So each entry of VARIANTS below is a mistake that
students really make, written as one small text replacement of the reference
solution (`mutate` fails if the replaced text is not there exactly once, so a
variant cannot silently stop applying).  Every variant is graded through the
real worker, and the set of tests that lose points must be exactly the set
the table names: the listed tests catch the bug, and no unrelated test is
hurt by it.  The template must score 0.  A few focused tests then check what
the feedback says (visible tests explain the difference, hidden tests reveal
no data) and that an in-place modification costs test 5.1 only, with a
message that names the function and the argument.

Bugs that no configured case can reveal are absent: a variant is only listed
once grading it is shown to cost points.  Gates returning aliased outputs
(CopyGate.forward returning the very x twice, AddGate.backward returning dout
twice) are not bugs under the contract, which grades values, not identity.
"""
import pytest

from conftest import (assert_caught_exactly, assert_diagnoses_only_their_own_mutant,
                      assert_full_marks, assert_in_place_costs_only_untouched,
                      assert_reveals_no_data, assert_template_scores_zero, mutant_catalog,
                      result_of, variant_grader)

ASSIGNMENT = "backprop"

VARIANTS = mutant_catalog(ASSIGNMENT)  # assignments/<id>/mutants.py


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return variant_grader(ASSIGNMENT, VARIANTS, tmp_path_factory)


def test_solution_scores_full_marks(graded):
    assert_full_marks(graded())


def test_template_scores_zero():
    assert_template_scores_zero(ASSIGNMENT)


@pytest.mark.parametrize("variant_id, file_name, old, new, caught_by", VARIANTS,
                         ids=[v[0] for v in VARIANTS])
def test_variant_loses_exactly_the_expected_tests(graded, variant_id, file_name, old, new, caught_by):
    assert_caught_exactly(graded(variant_id), variant_id, caught_by)


def test_visible_gate_failure_explains_the_difference(graded):
    output = result_of(graded("multiply_does_not_swap"), "1.2").output
    assert "Made gates.MultiplyGate(), called gates.MultiplyGate.forward(x=" in output
    assert "then gates.MultiplyGate.backward(dout)" in output
    for words in ("max relative error", "expected", "received", "index"):
        assert words in output, output


@pytest.mark.parametrize("variant_id, number", [
    ("max_routes_gradient_to_both", "1.14"),     # a hidden gate, wrong values
    ("matrix_dW1_without_relu_mask", "2.6"),     # hidden shapes, wrong values
    ("softmax_ce_forgets_one_hot", "3.7"),       # a wrong scalar and gradient
    ("net_reg_gradient_2x", "4.5"),              # wrong gradients in a dict
    ("net_db2_summed_over_wrong_axis", "4.5"),   # a wrong shape
])
def test_hidden_failure_reveals_no_data(graded, variant_id, number):
    test = result_of(graded(variant_id), number)
    assert_reveals_no_data(test)


@pytest.mark.parametrize("variant_id, function, argument, value_tests", [
    ("softmax_shifts_scores_in_place", "losses.softmax", "scores", {"3.3", "3.4"}),
    ("regression_step_updates_in_place", "two_layer_net.sigmoid_regression_step", "w1, w2",
     {"4.1"}),
    ("sigmoid_gate_backward_in_place", "gates.SigmoidGate.backward", "dout", {"1.10", "1.15"}),
])
def test_in_place_modification_costs_only_test_5_1(graded, variant_id, function, argument,
                                                   value_tests):
    assert_in_place_costs_only_untouched(graded(variant_id), ASSIGNMENT, function, argument,
                                         value_tests)


def test_diagnoses_name_the_mistake_and_only_that_mistake(graded):
    assert_diagnoses_only_their_own_mutant(graded, ASSIGNMENT)
