"""The catalog of realistic bugs in the `cnn` solutions (mutants).

Each entry is (id, file, old text, new text, the tests that must lose points:
exactly these[, the id of the misconception in misconceptions.py whose
"Likely cause" its feedback must show, and no other]).  Old and new may be
tuples: several replacements, made in order.  Entries marked "survey"
reproduce a mistake found in real students' code (docs/student-mistakes.md),
written the way those students wrote it (loops, where they used loops).  `make mutants` applies each one to a copy of solutions/cnn/
and grades it; the test suite requires every mutant to lose exactly the listed
tests, so the suite's strength can never drop silently.  This file quotes
solution code: it stays with the instructor (the handout leaves it out).
"""

CONV_PADDED = "    F, C, HH, WW = w.shape\n    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))\n"
CONV_BODY = ("""    # windows[n, c, i, j, k, l] = xp[n, c, i*stride + k, j*stride + l]
    windows = np.lib.stride_tricks.sliding_window_view(xp, (HH, WW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3]))  # (N, H', W', F)
    out = out.transpose(0, 3, 1, 2) + b[None, :, None, None]
""")
# im2col with the grid flattened as i * H' + j (the survey's grid_index_rows_for_columns)
CONV_GRID_ROWS_FOR_COLUMNS = ("""    N = x.shape[0]
    Ho = 1 + (x.shape[2] + 2 * pad - HH) // stride
    Wo = 1 + (x.shape[3] + 2 * pad - WW) // stride
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        cols = np.zeros((Ho * Wo, C * HH * WW))
        for i in range(Ho):
            for j in range(Wo):
                cols[i * Ho + j] = xp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW].ravel()
        out[n] = (cols @ w.reshape(F, -1).T + b).T.reshape(F, Ho, Wo)
""")
POOL_ARGMAX = "    flat = windows.reshape(windows.shape[:4] + (ph * pw,))\n    argmax = np.argmax(flat, axis=-1)"
POOL_OUT = "    out = np.take_along_axis(flat, argmax[..., None], axis=-1)[..., 0]\n"
POOL_GRID_ROWS_FOR_COLUMNS = ("""    Ho, Wo = windows.shape[2], windows.shape[3]
    out = np.zeros(windows.shape[:4])
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            cols = np.zeros(Ho * Wo)
            for i in range(Ho):
                for j in range(Wo):
                    cols[i * Ho + j] = np.max(flat[n, c, i, j])
            out[n, c] = cols.reshape(Ho, Wo)
""")
# max_pool_backward as students write it: a loop over the windows, which needs x in the cache
POOL_CACHE = ("    cache = (x.shape, argmax, ph, pw, stride)\n", "    cache = (x.copy(), ph, pw, stride)\n")
POOL_BACKWARD = ("""    x_shape, argmax, ph, pw, stride = cache
    dout = np.asarray(dout, dtype=np.float64)
    Ho, Wo = dout.shape[2], dout.shape[3]
    dx = np.zeros(x_shape)
    for k in range(ph):
        for l in range(pw):
            rows = slice(k, k + stride * (Ho - 1) + 1, stride)
            cols = slice(l, l + stride * (Wo - 1) + 1, stride)
            dx[:, :, rows, cols] += np.where(argmax == k * pw + l, dout, 0.0)
    return dx
""")


def pool_backward_loop(place):
    """(old texts, new texts) of a loop max_pool_backward in which window
    (n, c, i, j) runs the lines `place`."""
    body = ("""    x, ph, pw, stride = cache
    N, C, Ho, Wo = dout.shape
    dx = np.zeros(x.shape)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    window = x[n, c, i * stride:i * stride + ph, j * stride:j * stride + pw]
""" + "".join(f"                    {line}\n" for line in place) + "    return dx\n")
    return (POOL_CACHE[0], POOL_BACKWARD), (POOL_CACHE[1], body)


WINDOW = "dx[n, c, i * stride:i * stride + ph, j * stride:j * stride + pw]"
POINT_ASSIGN = pool_backward_loop(["a, b = np.unravel_index(np.argmax(window), window.shape)",
                                   "dx[n, c, i * stride + a, j * stride + b] = dout[n, c, i, j]"])
WINDOW_ASSIGN = pool_backward_loop([f"{WINDOW} = (window == np.max(window)) * dout[n, c, i, j]"])
TIES_ALL = pool_backward_loop([f"{WINDOW} += (window == np.max(window)) * dout[n, c, i, j]"])
TIES_SPLIT = pool_backward_loop(["mask = window == np.max(window)",
                                 f"{WINDOW} += mask / np.sum(mask) * dout[n, c, i, j]"])
CRASH_ON_TIES = pool_backward_loop(["a, b = np.where(window == np.max(window))",
                                    "dx[n, c, i * stride + int(a), j * stride + int(b)] = dout[n, c, i, j]"])
NET_REG = ("reg_loss = 0.5 * self.reg * (", 'grads["W1"] = grads["W1"] + self.reg * W1a',
           'grads["W2"] = grads["W2"] + self.reg * W2a', 'grads["W3"] = grads["W3"] + self.reg * W3a')


MUTANTS = [
    # ------------------------------------------------------- correlate2d, affine, relu
    ("correlate2d_flips_kernel", "layers.py",   # the box filter of 1.1 is symmetric
     "return np.tensordot(windows, kernel, axes=([2, 3], [0, 1]))",
     "return np.tensordot(windows, kernel[::-1, ::-1], axes=([2, 3], [0, 1]))", {"1.2", "1.3"}, "kernel_flipped"),
    ("affine_backward_dx_not_reshaped", "layers.py",   # the net's training then raises
     "dx = (dout @ w.T).reshape(x_shape)", "dx = dout @ w.T",
     {"2.2", "6.2", "6.3", "6.4", "6.5"}, "affine_dx_not_reshaped"),
    ("relu_gradient_1_at_0", "layers.py",
     "cache = x > 0", "cache = x >= 0", {"2.4"}, "relu_gradient_1_at_0"),
    # ------------------------------------------------------------------ convolution
    # a true convolution: forward and backward both use the flipped filters
    ("conv_flips_kernel", "layers.py",
     "    w = np.asarray(w, dtype=np.float64)\n    b = np.asarray(b, dtype=np.float64)\n    stride, pad",
     "    w = np.asarray(w, dtype=np.float64)[:, :, ::-1, ::-1]\n"
     "    b = np.asarray(b, dtype=np.float64)\n    stride, pad",
     {"3.1", "3.2", "3.3", "3.4", "6.1", "6.2", "6.3", "6.4", "6.5"}, "kernel_flipped"),
    ("conv_pads_one_side", "layers.py",
     "xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))",
     "xp = np.pad(x, ((0, 0), (0, 0), (0, 2 * pad), (0, 2 * pad)))",
     {"3.1", "3.2", "3.3", "3.4", "6.1", "6.2", "6.3", "6.4", "6.5"}, "conv_pads_one_side"),
    # H' = 1 + ceil((H + 2p - HH) / s): the last, partial window is kept (zero-filled)
    ("conv_output_size_ceil", "layers.py",
     "xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))",
     "xp = np.pad(x, ((0, 0), (0, 0), (pad, pad + stride - 1), (pad, pad + stride - 1)))",
     {"3.1", "3.2", "3.4"}, "output_size_ceil"),
    ("max_pool_output_size_ceil", "layers.py",   # a last, partial window (ceil_mode)
     "    windows = np.lib.stride_tricks.sliding_window_view(x, (ph, pw), axis=(2, 3))\n"
     "    windows = windows[:, :, ::stride, ::stride]\n    flat = windows.reshape(windows.shape[:4] + (ph * pw,))\n"
     "    argmax",
     "    x = np.pad(x, ((0, 0), (0, 0), (0, stride - 1), (0, stride - 1)), constant_values=-np.inf)\n"
     "    windows = np.lib.stride_tricks.sliding_window_view(x, (ph, pw), axis=(2, 3))\n"
     "    windows = windows[:, :, ::stride, ::stride]\n    flat = windows.reshape(windows.shape[:4] + (ph * pw,))\n"
     "    argmax",
     {"4.1", "4.2", "4.3", "4.11", "6.2", "6.3", "6.4", "6.5"}, "output_size_ceil"),  # its cache breaks backward too
    ("conv_backward_unpads_with_minus_pad", "layers.py",   # empty at pad 0
     "dx = dxp[:, :, pad:pad + H, pad:pad + W].copy()", "dx = dxp[:, :, pad:-pad, pad:-pad].copy()",
     {"3.2", "3.4"}, "conv_backward_unpad_empty_at_pad0"),
    # db of shape (N,): the trainer's batches of 8 meet F = 8 filters, so the
    # shapes agree, training goes on and still reaches 90%: 6.5 is not lost
    ("conv_db_summed_over_wrong_axes", "layers.py",
     "db = np.sum(dout, axis=(0, 2, 3))", "db = np.sum(dout, axis=(1, 2, 3))",
     {"3.2", "3.4", "6.2", "6.3", "6.4"}, "bias_gradient_wrong_axes"),
    ("conv_db_summed_over_N_only", "layers.py",   # db (F, H', W'): the trainer raises
     "db = np.sum(dout, axis=(0, 2, 3))", "db = np.sum(dout, axis=0)",
     {"3.2", "3.4", "6.2", "6.3", "6.4", "6.5"}, "bias_gradient_wrong_axes"),
    ("conv_backward_ignores_stride", "layers.py",   # the net's conv has stride 1
     "        for l in range(WW):\n"
     "            rows = slice(k, k + stride * (Ho - 1) + 1, stride)\n"
     "            cols = slice(l, l + stride * (Wo - 1) + 1, stride)",
     "        for l in range(WW):\n            rows = slice(k, k + Ho)\n            cols = slice(l, l + Wo)",
     {"3.2", "3.4"}, "backward_ignores_stride"),
    # ---------------------------------------------------------------------- pooling
    # `=` instead of `+=`: only overlapping windows (stride < window) tell
    ("max_pool_backward_assigns", "layers.py",
     "dx[:, :, rows, cols] += np.where(argmax == k * pw + l, dout, 0.0)",
     "dx[:, :, rows, cols] = np.where(argmax == k * pw + l, dout, 0.0)", {"4.2", "4.3", "4.11"}, "max_pool_backward_window_assign"),
    ("avg_pool_backward_assigns", "layers.py",
     "dx[:, :, rows, cols] += share", "dx[:, :, rows, cols] = share", {"4.5"}, "pool_backward_assigns"),
    ("l2_pool_backward_assigns", "layers.py",
     "dx[:, :, rows, cols] += scale * x[:, :, rows, cols]",
     "dx[:, :, rows, cols] = scale * x[:, :, rows, cols]", {"4.7", "4.12"}, "pool_backward_assigns"),
    ("max_pool_backward_ignores_stride", "layers.py",
     "dx[:, :, rows, cols] += np.where(argmax == k * pw + l, dout, 0.0)",
     "dx[:, :, k:k + Ho, l:l + Wo] += np.where(argmax == k * pw + l, dout, 0.0)",
     {"4.2", "4.3", "4.11", "6.2", "6.3", "6.4", "6.5"}, "backward_ignores_stride"),
    ("max_pool_tie_to_last", "layers.py",
     "argmax = np.argmax(flat, axis=-1)",
     "argmax = flat.shape[-1] - 1 - np.argmax(flat[..., ::-1], axis=-1)", {"4.3"}, "max_pool_tie_to_last"),
    ("avg_pool_forward_sums", "layers.py",
     "out = np.mean(windows, axis=(4, 5))", "out = np.sum(windows, axis=(4, 5))", {"4.4"}, "avg_pool_missing_division"),
    ("avg_pool_backward_without_division", "layers.py",
     "share = dout / (ph * pw)", "share = dout", {"4.5"}, "avg_pool_missing_division"),
    ("l2_pool_nan_for_zero_window", "layers.py",
     "scale = np.divide(dout, out, out=np.zeros(out.shape), where=positive)", "scale = dout / out",
     {"4.8"}, "l2_pool_zero_window_nan"),
    # groups x[:, j::G] instead of x[:, j*g:(j+1)*g] (the backward keeps its reshape)
    ("feature_pool_strided_groups", "layers.py",
     "grouped = x.reshape(N, C // g, g, H, W)", "grouped = x.reshape(N, g, C // g, H, W).swapaxes(1, 2)",
     {"4.9", "4.10"}, "feature_pool_strided_groups"),
    # ----------------------------------------------------------------- softmax_loss
    # Adam is blind to a constant factor in every gradient: 6.5 still passes
    ("softmax_loss_without_1_over_N", "layers.py",
     "loss = float(-np.mean(log_probs[rows, y]))\n    dscores = np.exp(log_probs)\n"
     "    dscores[rows, y] -= 1.0\n    dscores /= N\n",
     "loss = float(-np.sum(log_probs[rows, y]))\n    dscores = np.exp(log_probs)\n"
     "    dscores[rows, y] -= 1.0\n", {"5.1", "6.2", "6.3", "6.4"}, "softmax_without_1_over_N"),
    ("softmax_loss_without_max_shift", "layers.py",
     "shifted = scores - np.max(scores, axis=1, keepdims=True)", "shifted = scores", {"5.1"}, "softmax_no_max_shift"),
    # ------------------------------------------------------------------------ cnn.py
    ("net_flattens_channels_last", "cnn.py",   # (N, H, W, F) rows: the trainer raises
     "affine_forward(p1, W2, b2)", "affine_forward(p1.transpose(0, 2, 3, 1), W2, b2)",
     {"6.1", "6.2", "6.3", "6.4", "6.5"}, "net_flattens_channels_last"),
    ("net_backward_skips_conv_relu", "cnn.py",
     "dc1 = relu_backward(da1, relu1_cache)", "dc1 = da1", {"6.2", "6.3", "6.4"}, "net_skips_relu_backward"),
    ("net_reg_loss_missing_W3", "cnn.py",
     " + np.sum(W2a ** 2) + np.sum(W3a ** 2))", " + np.sum(W2a ** 2))", {"6.3", "6.4"}, "reg_missing_a_weight"),
    ("net_reg_grad_missing_W3", "cnn.py",
     'grads["W3"] = grads["W3"] + self.reg * W3a', 'grads["W3"] = grads["W3"]', {"6.3", "6.4"}, "reg_missing_a_weight"),
    # catastrophic gradient bugs: the trainer climbs, the held-out accuracy falls
    ("net_dW3_sign_error", "cnn.py",
     'grads["W3"] = grads["W3"] + self.reg * W3a', 'grads["W3"] = -grads["W3"] + self.reg * W3a',
     {"6.2", "6.3", "6.4", "6.5"}, "gradient_sign_flipped"),
    ("net_dW1_sign_error", "cnn.py",
     'grads["W1"] = grads["W1"] + self.reg * W1a', 'grads["W1"] = -grads["W1"] + self.reg * W1a',
     {"6.2", "6.3", "6.4", "6.5"}, "gradient_sign_flipped"),
    # --------------------------------------- survey: mistakes seen in real code
    # Python 2's `/`: a float size, and np.zeros refuses it on every case (so the
    # function never returns and 7.1 cannot check it)
    ("conv_output_size_true_division", "layers.py", CONV_PADDED,
     CONV_PADDED + "    out = np.zeros((x.shape[0], F, 1 + (x.shape[2] + 2 * pad - HH) / stride,\n"
                   "                    1 + (x.shape[3] + 2 * pad - WW) / stride))\n",
     {"3.1", "3.2", "3.3", "3.4", "6.1", "6.2", "6.3", "6.4", "6.5", "7.1"}, "output_size_true_division"),
    ("max_pool_output_size_true_division", "layers.py", POOL_ARGMAX,
     "    out = np.zeros((x.shape[0], x.shape[1], 1 + (x.shape[2] - ph) / stride, "
     "1 + (x.shape[3] - pw) / stride))\n" + POOL_ARGMAX,
     {"4.1", "4.2", "4.3", "4.11", "6.1", "6.2", "6.3", "6.4", "6.5", "7.1"}, "output_size_true_division"),
    ("conv_asserts_windows_tile", "layers.py", CONV_PADDED,
     CONV_PADDED + "    assert (x.shape[2] + 2 * pad - HH) % stride == 0 and "
                   "(x.shape[3] + 2 * pad - WW) % stride == 0\n",
     {"3.1", "3.2", "3.4"}, "assert_windows_tile_exactly"),
    ("max_pool_asserts_windows_tile", "layers.py", POOL_ARGMAX,
     "    assert (x.shape[2] - ph) % stride == 0 and (x.shape[3] - pw) % stride == 0\n" + POOL_ARGMAX,
     {"4.1", "4.2"}, "assert_windows_tile_exactly"),
    ("conv_grid_rows_for_columns", "layers.py", CONV_BODY, CONV_GRID_ROWS_FOR_COLUMNS,
     {"3.1", "3.4", "6.1", "6.2", "6.4"}, "grid_index_rows_for_columns"),
    ("max_pool_grid_rows_for_columns", "layers.py", POOL_OUT, POOL_GRID_ROWS_FOR_COLUMNS,
     {"4.1", "4.2", "6.1", "6.2", "6.4"}, "grid_index_rows_for_columns"),
    ("max_pool_backward_point_assign", "layers.py", *POINT_ASSIGN, {"4.2", "4.3", "4.11"},
     "max_pool_backward_point_assign"),
    ("max_pool_backward_window_assign", "layers.py", *WINDOW_ASSIGN, {"4.2", "4.3", "4.11"},
     "max_pool_backward_window_assign"),
    ("max_pool_backward_ties_all", "layers.py", *TIES_ALL, {"4.3"}, "max_pool_backward_ties_all"),
    ("max_pool_backward_ties_split", "layers.py", *TIES_SPLIT, {"4.3"}, "max_pool_backward_ties_split"),
    ("max_pool_backward_crash_on_ties", "layers.py", *CRASH_ON_TIES,
     {"4.2", "4.3", "4.11", "6.2", "6.3", "6.4", "6.5"}, "max_pool_backward_crash_on_ties"),
    ("conv_backward_unfinished", "layers.py",
     "    dx = dxp[:, :, pad:pad + H, pad:pad + W].copy()\n    return dx, dw, db\n",
     "    return np.zeros(x_shape), np.zeros(w.shape), db\n",
     {"3.2", "3.4", "6.2", "6.3", "6.4"}, "backward_unfinished"),   # random filters still reach 90%
    ("softmax_loss_global_max_shift", "layers.py",
     "shifted = scores - np.max(scores, axis=1, keepdims=True)", "shifted = scores - np.max(scores)",
     {"5.1"}, "softmax_global_max_shift"),
    ("softmax_loss_log_of_probabilities", "layers.py",
     "log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))",
     "log_probs = np.log(np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True))",
     {"5.1"}, "softmax_ce_log_of_underflowed_probability"),
    ("softmax_loss_gradient_through_reciprocal", "layers.py",
     "    dscores = np.exp(log_probs)\n    dscores[rows, y] -= 1.0\n    dscores /= N\n",
     "    probs = np.exp(log_probs)\n    p_y = probs[rows, y]\n"
     "    dscores = (-1.0 / p_y)[:, None] * (-p_y[:, None] * probs)\n"
     "    dscores[rows, y] = (-1.0 / p_y) * (p_y - p_y ** 2)\n    dscores /= N\n",
     {"5.1"}, "softmax_ce_gradient_through_reciprocal"),
    # CS231n assignment 1's convention: reg * sum(W**2) and 2 * reg * W
    ("net_l2_without_half", "cnn.py", NET_REG,
     ("reg_loss = self.reg * (",) + tuple(line.replace("self.reg", "2 * self.reg") for line in NET_REG[1:]),
     {"6.3", "6.4"}, "l2_without_half"),
    # ------------------------------------------- the constructor (6.6; the other tests set params)
    # a real student's: W2's rows right for square inputs only (the 8x8 digits train fine)
    ("net_W2_sized_for_square_inputs", "cnn.py",
     "standard_normal((F * (H // 2) * (W // 2), hidden_dim))",
     "standard_normal((F * (H // 2) * (H // 2), hidden_dim))", {"6.6"}, "net_W2_sized_for_square_inputs"),
    # the trainer sizes its own initialisation by params' shapes: a bias of shape () fails there too
    ("net_biases_integer_zero", "cnn.py",
     'self.params["b2"] = np.zeros(hidden_dim)', 'self.params["b2"] = 0', {"6.5", "6.6"},
     "net_bias_not_float_array"),
    ("net_init_ignores_weight_scale", "cnn.py",   # the default, hard-coded
     'self.params["W1"] = weight_scale * rng.standard_normal((F, C, k, k))',
     'self.params["W1"] = 1e-2 * rng.standard_normal((F, C, k, k))', {"6.6"}),
    # ------------------------------------------------ in place: values stay right, 7.1 fails
    ("relu_backward_modifies_dout", "layers.py",
     "    return np.where(positive, dout, 0.0)", "    dout[~positive] = 0.0\n    return dout", {"7.1"}, "relu_backward_changes_dout"),
    ("softmax_loss_shifts_scores_in_place", "layers.py",
     "    shifted = scores - np.max(scores, axis=1, keepdims=True)\n    log_probs",
     "    scores -= np.max(scores, axis=1, keepdims=True)\n    shifted = scores\n    log_probs",
     {"7.1"}, "softmax_loss_changes_scores"),
]
