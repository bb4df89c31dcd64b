"""What is particular to the backprop assignment's feedback, on the
catalogued mutants (assignments/backprop/mutants.py; every mutant losing
exactly its tests, the solution's full marks and the template's zero are
checked for every assignment in test_assignments.py): visible tests explain
the difference, chosen hidden tests reveal no data, and an in-place
modification costs the inputs-untouched test only, naming the function and
the argument.

Gates returning aliased outputs (CopyGate.forward returning the very x twice,
AddGate.backward returning dout twice) are not bugs under the contract, which
grades values, not identity, so the catalog leaves them out.
"""
import pytest

from conftest import assert_in_place_costs_only_untouched, assert_reveals_no_data, result_of

ASSIGNMENT = "backprop"


@pytest.fixture(scope="module")
def graded(graded_variants):
    return lambda mutant_id=None: graded_variants(ASSIGNMENT, mutant_id)


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
