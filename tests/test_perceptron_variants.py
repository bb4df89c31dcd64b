"""What is particular to the perceptron assignment's feedback, on the
catalogued mutants (assignments/perceptron/mutants.py; every mutant losing
exactly its tests, the solution's full marks and the template's zero are
checked for every assignment in test_assignments.py): visible tests explain
the difference, chosen hidden tests reveal no data, and an in-place
modification costs the inputs-untouched test only, naming the function and
the argument.

Bugs that no graded behaviour can reveal (an unshuffled or last-batch-dropping
sgd_train still reaches the outcome thresholds that grade it) are absent from
the catalog: a mutant is only listed once grading it is shown to cost points.
"""

import pytest

from conftest import assert_in_place_costs_only_untouched, assert_reveals_no_data, result_of

ASSIGNMENT = "perceptron"


@pytest.fixture(scope="module")
def graded(graded_variants):
    return lambda mutant_id=None: graded_variants(ASSIGNMENT, mutant_id)


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
