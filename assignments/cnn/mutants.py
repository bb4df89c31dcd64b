"""The catalog of realistic bugs in the `cnn` solutions (mutants).

Each entry is (id, file, old text, new text, the tests that must lose points:
exactly these[, the diagnosis a student whose output equals the mutant's is
given as the likely cause]).  `make mutants` applies each one to a copy of solutions/cnn/
and grades it; the test suite requires every mutant to lose exactly the listed
tests, so the suite's strength can never drop silently.  This file quotes
solution code: it stays with the instructor (the handout leaves it out).
"""

MUTANTS = [
    # ------------------------------------------------------- correlate2d, affine, relu
    ("correlate2d_flips_kernel", "layers.py",   # the box filter of 1.1 is symmetric
     "return np.tensordot(windows, kernel, axes=([2, 3], [0, 1]))",
     "return np.tensordot(windows, kernel[::-1, ::-1], axes=([2, 3], [0, 1]))", {"1.2", "1.3"},
     'your output equals true convolution (kernel flipped); this function is cross-correlation, with no flip'),
    ("affine_backward_dx_not_reshaped", "layers.py",   # the net's training then raises
     "dx = (dout @ w.T).reshape(x_shape)", "dx = dout @ w.T",
     {"2.2", "6.2", "6.3", "6.4", "6.5"}),
    ("relu_gradient_1_at_0", "layers.py",
     "cache = x > 0", "cache = x >= 0", {"2.4"},
     "ReLU's gradient at exactly 0 should be 0"),
    # ------------------------------------------------------------------ convolution
    # a true convolution: forward and backward both use the flipped filters
    ("conv_flips_kernel", "layers.py",
     "    w = np.asarray(w, dtype=np.float64)\n    b = np.asarray(b, dtype=np.float64)\n    stride, pad",
     "    w = np.asarray(w, dtype=np.float64)[:, :, ::-1, ::-1]\n"
     "    b = np.asarray(b, dtype=np.float64)\n    stride, pad",
     {"3.1", "3.2", "3.3", "3.4", "6.1", "6.2", "6.3", "6.4", "6.5"},
     'your output equals true convolution (kernel flipped); this layer is cross-correlation, with no flip'),
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
     {"3.2", "3.4", "6.2", "6.3", "6.4"},
     "the bias gradient has the wrong axes: sum dout over N, H' and W' (axes 0, 2, 3)"),
    ("conv_db_summed_over_N_only", "layers.py",   # db (F, H', W'): the trainer raises
     "db = np.sum(dout, axis=(0, 2, 3))", "db = np.sum(dout, axis=0)",
     {"3.2", "3.4", "6.2", "6.3", "6.4", "6.5"}),
    ("conv_backward_ignores_stride", "layers.py",   # the net's conv has stride 1
     "        for l in range(WW):\n"
     "            rows = slice(k, k + stride * (Ho - 1) + 1, stride)\n"
     "            cols = slice(l, l + stride * (Wo - 1) + 1, stride)",
     "        for l in range(WW):\n            rows = slice(k, k + Ho)\n            cols = slice(l, l + Wo)",
     {"3.2", "3.4"},
     'the backward pass ignores the stride: window (i, j) starts at (i * stride, j * stride)'),
    # ---------------------------------------------------------------------- pooling
    # `=` instead of `+=`: only overlapping windows (stride < window) tell
    ("max_pool_backward_assigns", "layers.py",
     "dx[:, :, rows, cols] += np.where(argmax == k * pw + l, dout, 0.0)",
     "dx[:, :, rows, cols] = np.where(argmax == k * pw + l, dout, 0.0)", {"4.2", "4.3", "4.11"},
     'gradients from overlapping windows are overwritten instead of summed (use += )'),
    ("avg_pool_backward_assigns", "layers.py",
     "dx[:, :, rows, cols] += share", "dx[:, :, rows, cols] = share", {"4.5"},
     'gradients from overlapping windows are overwritten instead of summed (use += )'),
    ("l2_pool_backward_assigns", "layers.py",
     "dx[:, :, rows, cols] += scale * x[:, :, rows, cols]",
     "dx[:, :, rows, cols] = scale * x[:, :, rows, cols]", {"4.7", "4.12"},
     'gradients from overlapping windows are overwritten instead of summed (use += )'),
    ("max_pool_backward_ignores_stride", "layers.py",
     "dx[:, :, rows, cols] += np.where(argmax == k * pw + l, dout, 0.0)",
     "dx[:, :, k:k + Ho, l:l + Wo] += np.where(argmax == k * pw + l, dout, 0.0)",
     {"4.2", "4.3", "4.11", "6.2", "6.3", "6.4", "6.5"}),
    ("max_pool_tie_to_last", "layers.py",
     "argmax = np.argmax(flat, axis=-1)",
     "argmax = flat.shape[-1] - 1 - np.argmax(flat[..., ::-1], axis=-1)", {"4.3"}),
    ("avg_pool_forward_sums", "layers.py",
     "out = np.mean(windows, axis=(4, 5))", "out = np.sum(windows, axis=(4, 5))", {"4.4"},
     'average pooling is missing the division by the window size'),
    ("avg_pool_backward_without_division", "layers.py",
     "share = dout / (ph * pw)", "share = dout", {"4.5"},
     'average pooling is missing the division by the window size'),
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
     "    dscores[rows, y] -= 1.0\n", {"5.1", "6.2", "6.3", "6.4"},
     'the loss is not divided by the batch size N'),
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
    # ------------------------------------------- the constructor (6.6; the other tests set params)
    # a real student's: W2's rows right for square inputs only (the 8x8 digits train fine)
    ("net_W2_sized_for_square_inputs", "cnn.py",
     "standard_normal((F * (H // 2) * (W // 2), hidden_dim))",
     "standard_normal((F * (H // 2) * (H // 2), hidden_dim))", {"6.6"}),
    # the trainer sizes its own initialisation by params' shapes: a bias of shape () fails there too
    ("net_biases_integer_zero", "cnn.py",
     'self.params["b2"] = np.zeros(hidden_dim)', 'self.params["b2"] = 0', {"6.5", "6.6"}),
    ("net_init_ignores_weight_scale", "cnn.py",   # the default, hard-coded
     'self.params["W1"] = weight_scale * rng.standard_normal((F, C, k, k))',
     'self.params["W1"] = 1e-2 * rng.standard_normal((F, C, k, k))', {"6.6"}),
    # ------------------------------------------------ in place: values stay right, 7.1 fails
    ("relu_backward_modifies_dout", "layers.py",
     "    return np.where(positive, dout, 0.0)", "    dout[~positive] = 0.0\n    return dout", {"7.1"}),
    ("softmax_loss_shifts_scores_in_place", "layers.py",
     "    shifted = scores - np.max(scores, axis=1, keepdims=True)\n    log_probs",
     "    scores -= np.max(scores, axis=1, keepdims=True)\n    shifted = scores\n    log_probs",
     {"7.1"}),
]
