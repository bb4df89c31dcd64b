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

from conftest import (assert_caught_exactly, assert_reveals_no_data, failing, result_of,
                       variant_grader)

ASSIGNMENT = "perceptron"

# (id, file, old text, new text, the tests that lose points: exactly these)
VARIANTS = [
    # ------------------------------------------------------------ perceptron.py
    ("predict_returns_bool", "perceptron.py",
     "return (scores > 0).astype(np.int64)", "return scores > 0", {"1.1", "1.2", "1.8"}),
    ("predict_ge_zero", "perceptron.py",
     "return (scores > 0).astype(np.int64)", "return (scores >= 0).astype(np.int64)", {"1.8"}),
    ("predict_forgets_bias", "perceptron.py",
     "scores = X @ w + float(b)", "scores = X @ w", {"1.1", "1.2"}),
    ("train_w_update_without_lr", "perceptron.py",
     "w += lr * err * X[i]", "w += err * X[i]", {"1.3"}),
    ("train_b_update_without_lr", "perceptron.py",
     "b += lr * err", "b += err", {"1.3"}),
    ("train_predicts_with_ge", "perceptron.py",
     "pred = 1 if X[i] @ w + b > 0 else 0", "pred = 1 if X[i] @ w + b >= 0 else 0",
     {"1.3", "1.4"}),
    ("train_drops_final_zero_epoch", "perceptron.py",
     "        mistakes.append(int(count))\n        if count == 0:\n            break",
     "        if count == 0:\n            break\n        mistakes.append(int(count))",
     {"1.3", "1.4"}),
    ("train_shuffles_samples", "perceptron.py",
     "        for i in range(N):",
     "        for i in np.random.default_rng(0).permutation(N):", {"1.3", "1.4"}),
    ("train_one_epoch_short", "perceptron.py",
     "for _ in range(max_epochs):", "for _ in range(max_epochs - 1):", {"1.4"}),
    ("collapse_forgets_b1_W2", "perceptron.py",
     "b = b1 @ W2 + b2", "b = b2", {"1.5"}),
    ("mlp3_no_first_sigmoid", "perceptron.py",
     "    for W, b in ((W1, b1), (W2, b2)):",
     "    h = h @ W1 + b1\n    for W, b in ((W2, b2),):", {"1.6", "1.7"}),
    ("mlp3_tanh_instead_of_sigmoid", "perceptron.py",
     "        h = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n    out",
     "        h = np.tanh(z)\n    out", {"1.6", "1.7"}),
    # ----------------------------------------------------------- activations.py
    ("sigmoid_backward_uses_x", "activations.py",
     "    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n    cache = out.copy()",
     "    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n    cache = x.copy()",
     {"2.7"}),
    ("tanh_backward_1_minus_t", "activations.py",
     "return dout * (1.0 - t * t)", "return dout * (1.0 - t)", {"2.8"}),
    ("relu_gradient_1_at_0", "activations.py",
     "    mask = x > 0\n    out = np.where(mask, x, 0.0)",
     "    mask = x >= 0\n    out = np.where(mask, x, 0.0)", {"2.14"}),
    ("leaky_relu_gradient_0_at_0", "activations.py",
     "cache = (mask, float(slope))", "cache = (mask, np.where(x == 0, 0.0, slope))", {"2.15"}),
    ("leaky_relu_slope_on_positives", "activations.py",
     "return np.where(mask, dout, slope * dout)", "return np.where(mask, slope * dout, dout)",
     {"2.10", "2.15"}),
    ("elu_gradient_1_at_0", "activations.py",
     "    mask = x > 0\n    xneg", "    mask = x >= 0\n    xneg", {"2.16"}),
    ("maxout_tie_to_second_piece", "activations.py",
     "first = z1 >= z2", "first = z1 > z2", {"2.17"}),
    ("maxout_db_summed_over_wrong_axis", "activations.py",
     "db1 = d1.sum(axis=0)", "db1 = d1.sum(axis=1)", {"2.12", "2.13", "2.17"}),
    ("maxout_dx_from_first_piece_only", "activations.py",
     "dx = d1 @ W1.T + d2 @ W2.T", "dx = d1 @ W1.T", {"2.12", "2.13"}),
    # -------------------------------------------------------------- logistic.py
    ("sigmoid_unstable", "logistic.py",
     "    e = np.exp(-np.abs(z))\n    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
     "    return 1.0 / (1.0 + np.exp(-z))", {"3.2"}),
    ("loss_regularises_bias", "logistic.py",
     "reg_loss = 0.5 * reg * np.sum(theta[1:] ** 2)", "reg_loss = 0.5 * reg * np.sum(theta ** 2)",
     {"3.3", "3.4"}),
    ("gradient_regularises_bias", "logistic.py",
     "    reg_theta[0] = 0.0\n", "", {"3.3", "3.4"}),
    ("gradient_without_1_over_m", "logistic.py",
     "    grad = X.T @ (h - y) / m\n    reg_theta", "    grad = X.T @ (h - y)\n    reg_theta",
     {"3.3", "3.4", "3.5"}),
    ("loss_sums_instead_of_mean", "logistic.py",
     "data_loss = np.mean(", "data_loss = np.sum(", {"3.3", "3.4", "3.5"}),
    ("loss_log_of_sigmoid_unstable", "logistic.py",
     "data_loss = np.mean(np.logaddexp(0.0, z) - y * z)",
     "h_ = 1 / (1 + np.exp(-z))\n    data_loss = np.mean(-y * np.log(h_) - (1 - y) * np.log(1 - h_))",
     {"3.5"}),
    ("predict_thresholds_probability_at_0", "logistic.py",
     "return (X @ theta >= 0).astype(np.int64)",
     "return (sigmoid(X @ theta) >= 0).astype(np.int64)", {"3.6", "3.9"}),
    ("predict_gt_zero", "logistic.py",
     "return (X @ theta >= 0).astype(np.int64)", "return (X @ theta > 0).astype(np.int64)", {"3.9"}),
    ("sigmoid_forward_unstable", "activations.py",
     "    e = np.exp(-np.abs(x))\n    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
     "    out = 1.0 / (1.0 + np.exp(-x))", {"2.18"}),
    ("elu_forward_exp_everywhere", "activations.py",
     "out = np.where(mask, x, alpha * np.expm1(xneg))", "out = np.where(mask, x, alpha * (np.exp(x) - 1))",
     {"2.19"}),
    ("sgd_gradient_ascent", "logistic.py",
     "theta = theta - lr * grad", "theta = theta + lr * grad", {"3.7", "3.8"}),
    ("sgd_lr_divided_by_batch_size", "logistic.py",
     "theta = theta - lr * grad", "theta = theta - lr * grad / len(idx)", {"3.7", "3.8"}),
    ("sgd_first_batch_only", "logistic.py",
     "        for start in range(0, m, batch_size):", "        for start in range(0, 1):",
     {"3.7", "3.8"}),
    # ------------------------------------------- in place: values stay right, 4.1 fails
    ("relu_forward_in_place", "activations.py",
     "    mask = x > 0\n    out = np.where(mask, x, 0.0)",
     "    mask = x > 0\n    x[~mask] = 0.0\n    out = x.copy()", {"4.1"}),
    ("sigmoid_backward_in_place", "activations.py",
     "    dout = np.asarray(dout, dtype=np.float64)\n    return dout * s * (1.0 - s)",
     "    dout = np.asarray(dout, dtype=np.float64)\n    dout *= s * (1.0 - s)\n    return dout",
     {"4.1"}),
]
@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return variant_grader(ASSIGNMENT, VARIANTS, tmp_path_factory)


def test_solution_scores_full_marks(graded):
    result = graded()
    assert result.max_score == 100
    assert result.score == 100, {t.number: t.output for t in result.tests if not t.passed}
    assert failing(result) == set()


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
    result = graded(variant_id)
    untouched = result_of(result, "4.1")
    assert 0 < untouched.score < untouched.weight
    assert f"{function} modified its input {argument} in place" in untouched.output
    for number in value_tests:
        assert result_of(result, number).passed, result_of(result, number).output
