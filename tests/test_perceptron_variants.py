"""Buggy variants of the perceptron solution: the proof that each check works.

A test that the reference solution passes proves little on its own: a check
that compares nothing, or inputs that never reach the interesting branch,
pass the solution too.  So each entry of VARIANTS below is a mistake that
students really make, written as one small text replacement of the reference
solution (`mutate` fails if the replaced text is not there exactly once, so a
variant cannot silently stop applying).  Every variant is graded through the
real worker, and the set of tests that lose points must be exactly the set
the table names: the listed tests catch the bug, and no unrelated test is
hurt by it.  A few focused tests then check what the feedback says (visible
tests explain the difference, hidden tests reveal no data) and that an
in-place modification costs test 4.1 only, with a message that names the
function and the argument.

Bugs that no graded behaviour can reveal (an unshuffled or last-batch-dropping
sgd_train still reaches the outcome thresholds that grade it) are absent: a
variant is only listed once grading it is shown to cost points.
"""

import pytest

from conftest import (assert_caught_exactly, assert_diagnoses_only_their_own_mutant,
                      assert_full_marks, assert_in_place_costs_only_untouched,
                      assert_reveals_no_data, mutant_catalog, result_of, variant_grader)

ASSIGNMENT = "perceptron"

VARIANTS = mutant_catalog(ASSIGNMENT)  # assignments/<id>/mutants.py


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return variant_grader(ASSIGNMENT, VARIANTS, tmp_path_factory)


def test_solution_scores_full_marks(graded):
    assert_full_marks(graded())


@pytest.mark.parametrize("variant_id, file_name, old, new, caught_by", VARIANTS,
                         ids=[v[0] for v in VARIANTS])
def test_variant_loses_exactly_the_expected_tests(graded, variant_id, file_name, old, new, caught_by):
    assert_caught_exactly(graded(variant_id), variant_id, caught_by)


def test_visible_value_failure_explains_the_difference(graded):
    output = result_of(graded("collapse_forgets_b1_W2"), "1.5").output
    assert "Called perceptron.collapse_linear(W1=float64 array (3, 4)" in output
    for words in ("max relative error", "expected", "received", "index"):
        assert words in output, output


@pytest.mark.parametrize("variant_id, number", [
    ("train_drops_final_zero_epoch", "1.4"),   # a list of the wrong length
    ("train_shuffles_samples", "1.4"),         # wrong values
    ("loss_regularises_bias", "3.4"),          # a wrong scalar
    ("maxout_db_summed_over_wrong_axis", "2.13"),  # a wrong shape
])
def test_hidden_failure_reveals_no_data(graded, variant_id, number):
    test = result_of(graded(variant_id), number)
    assert_reveals_no_data(test)


@pytest.mark.parametrize("variant_id, function, argument, value_tests", [
    ("relu_forward_in_place", "activations.relu_forward", "x", {"2.3", "2.9", "2.14"}),
    ("sigmoid_backward_in_place", "activations.sigmoid_backward", "dout", {"2.7"}),
])
def test_in_place_modification_costs_only_test_4_1(graded, variant_id, function, argument,
                                                   value_tests):
    assert_in_place_costs_only_untouched(graded(variant_id), ASSIGNMENT, function, argument,
                                         value_tests)


def test_diagnoses_name_the_mistake_and_only_that_mistake(graded):
    assert_diagnoses_only_their_own_mutant(graded, ASSIGNMENT)
