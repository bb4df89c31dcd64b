"""What is particular to the cnn assignment, on the catalogued mutants
(assignments/cnn/mutants.py; every mutant losing exactly its tests, the
solution's full marks and the template's zero are checked for every
assignment in test_assignments.py).

The naive-loop fixture (what a careful student writes with explicit loops)
must score 100 with every case well inside its time limit; correlate2d
reproduces the lecture's table.  Feedback: visible tests explain the
difference, chosen hidden tests reveal no data, the training test (6.5: the
grader's own trainer trains the student's SmallConvNet; it loses its points
where a bug spoils the gradients the trainer follows, not where Adam is blind
to it, such as a softmax_loss without 1/N) names the validation accuracy, and
an in-place modification costs test 7.1 only, naming function and argument.

Not graded, because the contract does not specify it: l2_feature_pool's
gradient for an all-zero channel group (the curriculum gives the zero-window
rule for l2_pool only).
"""
import os

import numpy as np
import pytest

from autograder import config
from conftest import (assert_full_marks, assert_in_place_costs_only_untouched, assert_reveals_no_data,
                      assignment_code, grade_folder, result_of)

ASSIGNMENT = "cnn"
NAIVE = os.path.join(config.ROOT, "tests", "fixtures", "cnn_naive")


# The lecture's example, copied from /work/shared/CURRICULUM.md (section cnn)
LECTURE_IMAGE = [
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 90, 90, 90, 90, 90, 0, 0],
    [0, 0, 0, 90, 90, 90, 90, 90, 0, 0],
    [0, 0, 0, 90, 90, 90, 90, 90, 0, 0],
    [0, 0, 0, 90, 0, 90, 90, 90, 0, 0],
    [0, 0, 0, 90, 90, 90, 90, 90, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 90, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
]
LECTURE_OUTPUT = [
    [0, 10, 20, 30, 30, 30, 20, 10],
    [0, 20, 40, 60, 60, 60, 40, 20],
    [0, 30, 60, 90, 90, 90, 60, 30],
    [0, 30, 50, 80, 80, 90, 60, 30],
    [0, 30, 50, 80, 80, 90, 60, 30],
    [0, 20, 30, 50, 50, 60, 40, 20],
    [10, 20, 30, 30, 30, 30, 20, 10],
    [10, 10, 10, 0, 0, 0, 0, 0],
]


@pytest.fixture(scope="module")
def graded(graded_variants):
    return lambda mutant_id=None: graded_variants(ASSIGNMENT, mutant_id)


def test_naive_loops_score_full_marks_well_within_the_time_limits():
    """The slow but correct loop version (graded once: its training takes ~35 s)
    passes everything, and no case uses more than half of its time limit."""
    result = grade_folder(ASSIGNMENT, NAIVE)
    assert_full_marks(result)
    limits = {t.number: t.time_limit for t in config.load(ASSIGNMENT).tests}
    slow = {(t.number, index + 1): (round(case.seconds, 3), limits[t.number])
            for t in result.tests for index, case in enumerate(t.cases)
            if case.seconds > limits[t.number] / 2}
    assert not slow, f"(test, case): (seconds, time_limit) over half the limit: {slow}"
    assert result_of(result, "6.5").cases, "the training test ran no case"


def test_correlate2d_reproduces_the_lecture_table():
    correlate2d = assignment_code(ASSIGNMENT).solution["layers"].correlate2d
    box = np.full((3, 3), 1.0 / 9.0)
    h = correlate2d(np.array(LECTURE_IMAGE, dtype=np.float64), box)
    assert isinstance(h, np.ndarray) and h.shape == (8, 8)
    np.testing.assert_allclose(h, LECTURE_OUTPUT, rtol=0, atol=1e-9)
    assert np.array_equal(np.round(h), np.array(LECTURE_OUTPUT, dtype=np.float64))


def test_visible_conv_failure_explains_the_difference(graded):
    output = result_of(graded("conv_flips_kernel"), "3.1").output
    assert "Called layers.conv_forward(x=float64 array (2, 3, 5, 5)" in output, output
    for words in ("max relative error", "expected", "received", "index"):
        assert words in output, output


@pytest.mark.parametrize("variant_id, number", [
    ("conv_flips_kernel", "3.3"),                    # hidden conv_forward, wrong values
    ("conv_flips_kernel", "3.4"),                    # hidden conv_backward, wrong values
    ("conv_backward_unpads_with_minus_pad", "3.4"),  # a wrong shape
    ("conv_output_size_ceil", "3.4"),                # the student's code raises
    ("max_pool_backward_assigns", "4.11"),           # hidden max pool gradient
    ("conv_flips_kernel", "6.4"),                    # wrong loss and gradients in a dict
    ("conv_db_summed_over_N_only", "6.4"),           # a wrong shape in a dict
])
def test_hidden_failure_reveals_no_data(graded, variant_id, number):
    test = result_of(graded(variant_id), number)
    assert_reveals_no_data(test)


@pytest.mark.parametrize("variant_id", ["net_dW3_sign_error", "net_dW1_sign_error",
                                        "conv_flips_kernel"])
def test_training_failure_names_the_validation_accuracy(graded, variant_id):
    test = result_of(graded(variant_id), "6.5")
    assert test.score == 0
    assert "validation accuracy" in test.output, test.output
    assert "is below 0.9" in test.output, test.output


@pytest.mark.parametrize("variant_id, function, argument, value_tests", [
    ("relu_backward_modifies_dout", "layers.relu_backward", "dout", {"2.3", "2.4", "6.2", "6.5"}),
    ("softmax_loss_shifts_scores_in_place", "layers.softmax_loss", "scores", {"5.1", "6.2"}),
])
def test_in_place_modification_costs_only_test_7_1(graded, variant_id, function, argument,
                                                   value_tests):
    assert_in_place_costs_only_untouched(graded(variant_id), ASSIGNMENT, function, argument,
                                         value_tests)
