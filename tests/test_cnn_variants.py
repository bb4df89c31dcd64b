"""Buggy variants of the cnn solution: the proof that each check works.

A test that the reference solution passes proves little on its own: a check
that compares nothing, or inputs that never reach the interesting branch,
pass the solution too.  So each entry of VARIANTS below is a mistake that
students really make, written as one small text replacement of the reference
solution (`mutate` fails if the replaced text is not there exactly once, so a
variant cannot silently stop applying).  The solution is vectorised, so each
bug is written in its terms (a kernel flip is `w[:, :, ::-1, ::-1]`, `=`
instead of `+=` is the accumulation over the window offsets, the output size
with a ceiling is a last, partial window kept by padding the input by
stride - 1 at the end, as `ceil_mode` does).  Every variant is graded through
the real worker, and the set of tests that lose points must be exactly the
set the table names: the listed tests catch the bug, and no unrelated test is
hurt by it.  Test 6.5 trains the student's SmallConvNet with the grader's own
trainer; it loses its points where the bug spoils the gradients the trainer
follows (a sign error in dW3 or dW1), not where Adam is blind to it (a
softmax_loss without 1/N only rescales every gradient).

The template must score 0, and the naive-loop fixture (what a careful student
writes with explicit loops) must score 100 with every case well inside its
time limit.  A few focused tests then check what the feedback says (visible
tests explain the difference, hidden tests reveal no data, the training test
names the validation accuracy) and that an in-place modification costs test
7.1 only, with a message that names the function and the argument.

Bugs that no configured case can reveal are absent: a variant is only listed
once grading it is shown to cost points.  Not graded, because the contract
does not specify it: l2_feature_pool's gradient for an all-zero channel
group (the curriculum gives the zero-window rule for l2_pool only), and
SmallConvNet's initial parameter values (every test sets or re-initialises
them).
"""
import os

import numpy as np
import pytest

from autograder import config
from conftest import (assert_caught_exactly, assert_reveals_no_data, assignment_code, failing,
                       grade_folder, result_of, variant_grader)

ASSIGNMENT = "cnn"
NAIVE = os.path.join(config.ROOT, "tests", "fixtures", "cnn_naive")

# (id, file, old text, new text, the tests that lose points: exactly these)
VARIANTS = [
    # ------------------------------------------------------- correlate2d, affine, relu
    ("correlate2d_flips_kernel", "layers.py",   # the box filter of 1.1 is symmetric
     "return np.tensordot(windows, kernel, axes=([2, 3], [0, 1]))",
     "return np.tensordot(windows, kernel[::-1, ::-1], axes=([2, 3], [0, 1]))", {"1.2", "1.3"}),
    ("affine_backward_dx_not_reshaped", "layers.py",   # the net's training then raises
     "dx = (dout @ w.T).reshape(x_shape)", "dx = dout @ w.T",
     {"2.2", "6.2", "6.3", "6.4", "6.5"}),
    ("relu_gradient_1_at_0", "layers.py",
     "cache = x > 0", "cache = x >= 0", {"2.4"}),
    # ------------------------------------------------------------------ convolution
    # a true convolution: forward and backward both use the flipped filters
    ("conv_flips_kernel", "layers.py",
     "    w = np.asarray(w, dtype=np.float64)\n    b = np.asarray(b, dtype=np.float64)\n    stride, pad",
     "    w = np.asarray(w, dtype=np.float64)[:, :, ::-1, ::-1]\n"
     "    b = np.asarray(b, dtype=np.float64)\n    stride, pad",
     {"3.1", "3.2", "3.3", "3.4", "6.1", "6.2", "6.3", "6.4", "6.5"}),
    ("conv_pads_one_side", "layers.py",
     "xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))",
     "xp = np.pad(x, ((0, 0), (0, 0), (0, 2 * pad), (0, 2 * pad)))",
     {"3.1", "3.2", "3.3", "3.4", "6.1", "6.2", "6.3", "6.4", "6.5"}),
    # H' = 1 + ceil((H + 2p - HH) / s): the last, partial window is kept (zero-filled)
    ("conv_output_size_ceil", "layers.py",
     "xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))",
     "xp = np.pad(x, ((0, 0), (0, 0), (pad, pad + stride - 1), (pad, pad + stride - 1)))",
     {"3.1", "3.2", "3.4"}),
    ("max_pool_output_size_ceil", "layers.py",   # a last, partial window (ceil_mode)
     "    windows = np.lib.stride_tricks.sliding_window_view(x, (ph, pw), axis=(2, 3))\n"
     "    windows = windows[:, :, ::stride, ::stride]\n    flat = windows.reshape(windows.shape[:4] + (ph * pw,))\n"
     "    argmax",
     "    x = np.pad(x, ((0, 0), (0, 0), (0, stride - 1), (0, stride - 1)), constant_values=-np.inf)\n"
     "    windows = np.lib.stride_tricks.sliding_window_view(x, (ph, pw), axis=(2, 3))\n"
     "    windows = windows[:, :, ::stride, ::stride]\n    flat = windows.reshape(windows.shape[:4] + (ph * pw,))\n"
     "    argmax",
     {"4.1", "4.2", "4.3", "4.11", "6.2", "6.3", "6.4", "6.5"}),  # its cache breaks backward too
    ("conv_backward_unpads_with_minus_pad", "layers.py",   # empty at pad 0
     "dx = dxp[:, :, pad:pad + H, pad:pad + W].copy()", "dx = dxp[:, :, pad:-pad, pad:-pad].copy()",
     {"3.2", "3.4"}),
    # db of shape (N,): the trainer's batches of 8 meet F = 8 filters, so the
    # shapes agree, training goes on and still reaches 90%: 6.5 is not lost
    ("conv_db_summed_over_wrong_axes", "layers.py",
     "db = np.sum(dout, axis=(0, 2, 3))", "db = np.sum(dout, axis=(1, 2, 3))",
     {"3.2", "3.4", "6.2", "6.3", "6.4"}),
    ("conv_db_summed_over_N_only", "layers.py",   # db (F, H', W'): the trainer raises
     "db = np.sum(dout, axis=(0, 2, 3))", "db = np.sum(dout, axis=0)",
     {"3.2", "3.4", "6.2", "6.3", "6.4", "6.5"}),
    ("conv_backward_ignores_stride", "layers.py",   # the net's conv has stride 1
     "        for l in range(WW):\n"
     "            rows = slice(k, k + stride * (Ho - 1) + 1, stride)\n"
     "            cols = slice(l, l + stride * (Wo - 1) + 1, stride)",
     "        for l in range(WW):\n            rows = slice(k, k + Ho)\n            cols = slice(l, l + Wo)",
     {"3.2", "3.4"}),
    # ---------------------------------------------------------------------- pooling
    # `=` instead of `+=`: only overlapping windows (stride < window) tell
    ("max_pool_backward_assigns", "layers.py",
     "dx[:, :, rows, cols] += np.where(argmax == k * pw + l, dout, 0.0)",
     "dx[:, :, rows, cols] = np.where(argmax == k * pw + l, dout, 0.0)", {"4.2", "4.3", "4.11"}),
    ("avg_pool_backward_assigns", "layers.py",
     "dx[:, :, rows, cols] += share", "dx[:, :, rows, cols] = share", {"4.5"}),
    ("l2_pool_backward_assigns", "layers.py",
     "dx[:, :, rows, cols] += scale * x[:, :, rows, cols]",
     "dx[:, :, rows, cols] = scale * x[:, :, rows, cols]", {"4.7", "4.12"}),
    ("max_pool_backward_ignores_stride", "layers.py",
     "dx[:, :, rows, cols] += np.where(argmax == k * pw + l, dout, 0.0)",
     "dx[:, :, k:k + Ho, l:l + Wo] += np.where(argmax == k * pw + l, dout, 0.0)",
     {"4.2", "4.3", "4.11", "6.2", "6.3", "6.4", "6.5"}),
    ("max_pool_tie_to_last", "layers.py",
     "argmax = np.argmax(flat, axis=-1)",
     "argmax = flat.shape[-1] - 1 - np.argmax(flat[..., ::-1], axis=-1)", {"4.3"}),
    ("avg_pool_forward_sums", "layers.py",
     "out = np.mean(windows, axis=(4, 5))", "out = np.sum(windows, axis=(4, 5))", {"4.4"}),
    ("avg_pool_backward_without_division", "layers.py",
     "share = dout / (ph * pw)", "share = dout", {"4.5"}),
    ("l2_pool_nan_for_zero_window", "layers.py",
     "scale = np.divide(dout, out, out=np.zeros(out.shape), where=positive)", "scale = dout / out",
     {"4.8"}),
    # groups x[:, j::G] instead of x[:, j*g:(j+1)*g] (the backward keeps its reshape)
    ("feature_pool_strided_groups", "layers.py",
     "grouped = x.reshape(N, C // g, g, H, W)", "grouped = x.reshape(N, g, C // g, H, W).swapaxes(1, 2)",
     {"4.9", "4.10"}),
    # ----------------------------------------------------------------- softmax_loss
    # Adam is blind to a constant factor in every gradient: 6.5 still passes
    ("softmax_loss_without_1_over_N", "layers.py",
     "loss = float(-np.mean(log_probs[rows, y]))\n    dscores = np.exp(log_probs)\n"
     "    dscores[rows, y] -= 1.0\n    dscores /= N\n",
     "loss = float(-np.sum(log_probs[rows, y]))\n    dscores = np.exp(log_probs)\n"
     "    dscores[rows, y] -= 1.0\n", {"5.1", "6.2", "6.3", "6.4"}),
    ("softmax_loss_without_max_shift", "layers.py",
     "shifted = scores - np.max(scores, axis=1, keepdims=True)", "shifted = scores", {"5.1"}),
    # ------------------------------------------------------------------------ cnn.py
    ("net_flattens_channels_last", "cnn.py",   # (N, H, W, F) rows: the trainer raises
     "affine_forward(p1, W2, b2)", "affine_forward(p1.transpose(0, 2, 3, 1), W2, b2)",
     {"6.1", "6.2", "6.3", "6.4", "6.5"}),
    ("net_backward_skips_conv_relu", "cnn.py",
     "dc1 = relu_backward(da1, relu1_cache)", "dc1 = da1", {"6.2", "6.3", "6.4"}),
    ("net_reg_loss_missing_W3", "cnn.py",
     " + np.sum(W2a ** 2) + np.sum(W3a ** 2))", " + np.sum(W2a ** 2))", {"6.3", "6.4"}),
    ("net_reg_grad_missing_W3", "cnn.py",
     'grads["W3"] = grads["W3"] + self.reg * W3a', 'grads["W3"] = grads["W3"]', {"6.3", "6.4"}),
    # catastrophic gradient bugs: the trainer climbs, the held-out accuracy falls
    ("net_dW3_sign_error", "cnn.py",
     'grads["W3"] = grads["W3"] + self.reg * W3a', 'grads["W3"] = -grads["W3"] + self.reg * W3a',
     {"6.2", "6.3", "6.4", "6.5"}),
    ("net_dW1_sign_error", "cnn.py",
     'grads["W1"] = grads["W1"] + self.reg * W1a', 'grads["W1"] = -grads["W1"] + self.reg * W1a',
     {"6.2", "6.3", "6.4", "6.5"}),
    # ------------------------------------------------ in place: values stay right, 7.1 fails
    ("relu_backward_modifies_dout", "layers.py",
     "    return np.where(positive, dout, 0.0)", "    dout[~positive] = 0.0\n    return dout", {"7.1"}),
    ("softmax_loss_shifts_scores_in_place", "layers.py",
     "    shifted = scores - np.max(scores, axis=1, keepdims=True)\n    log_probs",
     "    scores -= np.max(scores, axis=1, keepdims=True)\n    shifted = scores\n    log_probs",
     {"7.1"}),
]
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
def graded(tmp_path_factory):
    return variant_grader(ASSIGNMENT, VARIANTS, tmp_path_factory)


def test_solution_scores_full_marks(graded):
    result = graded()
    assert result.max_score == 100
    assert result.score == 100, {t.number: t.output for t in result.tests if not t.passed}
    assert failing(result) == set()


def test_template_scores_zero():
    result = grade_folder(ASSIGNMENT, os.path.join(config.ROOT, "student_template", ASSIGNMENT))
    assert result.score == 0
    assert failing(result) == {t.number for t in result.tests}
    for test in result.tests:
        if test.number != "7.1":
            assert "not implemented" in test.output, test.output


def test_naive_loops_score_full_marks_well_within_the_time_limits():
    """The slow but correct loop version (graded once: its training takes ~35 s)
    passes everything, and no case uses more than half of its time limit."""
    result = grade_folder(ASSIGNMENT, NAIVE)
    assert result.score == 100, {t.number: t.output for t in result.tests if not t.passed}
    assert failing(result) == set()
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


@pytest.mark.parametrize("variant_id, file_name, old, new, caught_by", VARIANTS,
                         ids=[v[0] for v in VARIANTS])
def test_variant_loses_exactly_the_expected_tests(graded, variant_id, file_name, old, new, caught_by):
    assert_caught_exactly(graded(variant_id), variant_id, caught_by)


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
    result = graded(variant_id)
    untouched = result_of(result, "7.1")
    assert 0 < untouched.score < untouched.weight
    assert f"{function} modified its input {argument} in place" in untouched.output
    for number in value_tests:
        assert result_of(result, number).passed, result_of(result, number).output
