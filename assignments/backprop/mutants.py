"""The catalog of realistic bugs in the `backprop` solutions (mutants).

Each entry is (id, file, old text, new text, the tests that must lose points:
exactly these[, the id of the misconception in misconceptions.py whose
"Likely cause" its feedback must show, and no other]).  Entries marked
"survey" reproduce a mistake found in real students' code
(docs/student-mistakes.md).  `make mutants` applies each one to a copy of solutions/backprop/
and grades it; the test suite requires every mutant to lose exactly the listed
tests, so the suite's strength can never drop silently.  This file quotes
solution code: it stays with the instructor (the handout leaves it out).
"""

NET_REG_BLOCK = ("""        reg_loss = 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        loss = float(data_loss + reg_loss)
        # backward
        dscores = np.exp(log_probs)
        dscores[rows, y] -= 1.0
        dscores /= N
        grads = {}
        grads["W2"] = h.T @ dscores + self.reg * W2
        grads["b2"] = np.sum(dscores, axis=0)
        dh = dscores @ W2.T
        dz1 = dh * (z1 > 0)
        grads["W1"] = X.T @ dz1 + self.reg * W1
""")

MUTANTS = [
    # ------------------------------------------------------------------ gates.py
    # 1.16 (a Python test) builds the lecture's graphs from the gates: a gate bug
    # that changes a gradient there costs it too
    ("copy_backward_returns_d1_only", "gates.py",
     "return d1 + d2", "return d1", {"1.5"}, "copy_gate_keeps_one_gradient"),
    ("max_routes_gradient_to_both", "gates.py",
     "dy = np.where(self.x_wins, 0.0, dout)", "dy = np.array(dout)", {"1.3", "1.4", "1.14", "1.16"}, "max_gate_gradient_to_both"),
    ("max_tie_to_y", "gates.py",
     "self.x_wins = x >= y", "self.x_wins = x > y", {"1.4"}, "max_gate_tie_to_y"),
    ("multiply_does_not_swap", "gates.py",
     "dx = dout * self.y\n        dy = dout * self.x",
     "dx = dout * self.x\n        dy = dout * self.y", {"1.2", "1.16"}, "multiply_gate_no_swap"),
    ("reciprocal_without_minus", "gates.py",
     "return -dout * self.out * self.out", "return dout * self.out * self.out", {"1.7", "1.16"}, "reciprocal_gradient_sign"),
    ("scale_forgets_a", "gates.py",
     "return self.a * dout", "return dout", {"1.9", "1.16"}, "scale_gate_forgets_a"),
    ("sigmoid_gate_local_gradient_s", "gates.py",
     "return dout * s * (1.0 - s)", "return dout * s", {"1.10", "1.15", "1.16"}, "sigmoid_local_gradient_s"),
    ("sigmoid_gate_unstable", "gates.py",
     "        e = np.exp(-np.abs(x))\n        s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
     "        s = 1.0 / (1.0 + np.exp(-x))", {"1.13"}, "sigmoid_naive_overflow"),
    # ----------------------------------------------------------------- graphs.py
    ("simple_graph_swaps_q_and_z", "graphs.py",
     "dfdq = z * dfdf\n    dfdz = q * dfdf", "dfdq = q * dfdf\n    dfdz = z * dfdf", {"2.1", "2.2"}, "simple_graph_swaps_q_z"),
    ("sigmoid_neuron_sign_error", "graphs.py",
     "ds = (1.0 - f) * f", "ds = (f - 1.0) * f", {"2.3", "2.4"}, "sigmoid_derivative_sign"),
    ("matrix_dW1_without_relu_mask", "graphs.py",
     "dz1 = dh1 * (z1 > 0)", "dz1 = dh1", {"2.5", "2.6", "2.7"}, "matrix_relu_mask_missing"),
    ("matrix_forgets_factor_2", "graphs.py",
     "dy_hat = 2.0 * y_hat", "dy_hat = y_hat", {"2.5", "2.6", "2.7"}, "matrix_square_factor_2"),
    # ----------------------------------------------------------------- losses.py
    ("quadratic_divided_by_NK", "losses.py",
     "    J = float(np.sum(diff * diff) / (2.0 * N))\n    dy = diff / N",
     "    J = float(np.sum(diff * diff) / (2.0 * y.size))\n    dy = diff / y.size", {"3.1"}, "quadratic_mean_over_all_elements"),
    ("bce_sums_instead_of_mean", "losses.py",
     "    M = y.size\n    J = float(-np.mean(", "    M = 1\n    J = float(-np.sum(", {"3.2"}, "bce_sum_not_mean"),
    ("softmax_without_max_shift", "losses.py",
     "shifted = scores - np.max(scores, axis=1, keepdims=True)\n    e = np.exp(shifted)",
     "shifted = scores\n    e = np.exp(shifted)", {"3.4"}, "softmax_no_max_shift"),
    ("softmax_ce_without_1_over_N", "losses.py",
     "loss = float(-np.mean(log_probs[rows, labels]))\n    dscores = np.exp(log_probs)\n"
     "    dscores[rows, labels] -= 1.0\n    dscores /= N\n",
     "loss = float(-np.sum(log_probs[rows, labels]))\n    dscores = np.exp(log_probs)\n"
     "    dscores[rows, labels] -= 1.0\n", {"3.5", "3.6", "3.7"}, "softmax_ce_without_1_over_N"),
    ("softmax_ce_forgets_one_hot", "losses.py",
     "    dscores[rows, labels] -= 1.0\n", "", {"3.5", "3.6", "3.7"}, "softmax_ce_gradient_forgets_one_hot"),
    ("softmax_ce_log_of_probabilities", "losses.py",
     "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))\n    loss",
     "    log_probs = np.log(np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True))\n"
     "    loss", {"3.6"}, "softmax_ce_log_of_underflowed_probability"),
    # ---------------------------------------------------------- two_layer_net.py
    ("regression_step_gradient_ascent", "two_layer_net.py",
     "w1_new = w1 - lr * grad_w1\n    w2_new = w2 - lr * grad_w2",
     "w1_new = w1 + lr * grad_w1\n    w2_new = w2 + lr * grad_w2", {"4.1", "4.9"}, "regression_step_ascent"),
    ("net_scores_without_b2", "two_layer_net.py",   # trains to 0.883 < 0.9 too
     "        scores = h @ W2 + b2\n        if y is None", "        scores = h @ W2\n        if y is None",
     {"4.2", "4.3", "4.4", "4.5", "4.6", "4.8"}, "net_scores_without_b2"),
    ("net_reg_gradient_2x", "two_layer_net.py",
     'grads["W2"] = h.T @ dscores + self.reg * W2', 'grads["W2"] = h.T @ dscores + 2 * self.reg * W2',
     {"4.4", "4.5"}, "reg_gradient_2x"),
    ("net_reg_gradient_half", "two_layer_net.py",
     'grads["W1"] = X.T @ dz1 + self.reg * W1', 'grads["W1"] = X.T @ dz1 + 0.5 * self.reg * W1',
     {"4.4", "4.5"}, "reg_gradient_half"),
    ("net_reg_missing_from_loss", "two_layer_net.py",
     "reg_loss = 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))", "reg_loss = 0.0",
     {"4.4", "4.5"}, "reg_missing_from_loss"),
    # db2 of shape (N,): training then raises, so train_two_layer_net never
    # completes and 5.1 cannot check it (it says so and withholds its share)
    ("net_db2_summed_over_wrong_axis", "two_layer_net.py",
     'grads["b2"] = np.sum(dscores, axis=0)', 'grads["b2"] = np.sum(dscores, axis=1)',
     {"4.3", "4.4", "4.5", "4.6", "4.7", "4.8", "5.1"}, "bias_gradient_wrong_axis"),
    ("net_relu_mask_from_dh", "two_layer_net.py",
     "dz1 = dh * (z1 > 0)", "dz1 = dh * (dh > 0)", {"4.3", "4.4", "4.5", "4.6", "4.7", "4.8"}, "relu_mask_from_upstream"),
    ("train_updates_a_copy", "two_layer_net.py",
     "for k in net.params:\n                net.params[k] -= lr * grads[k]",
     "for k, v in net.params.items():\n                v = v - lr * grads[k]", {"4.6", "4.8"}, "train_updates_a_copy"),
    ("train_drops_last_batch", "two_layer_net.py",
     "for start in range(0, N, batch_size):", "for start in range(0, N - batch_size + 1, batch_size):",
     {"4.6", "4.8", "4.11"}, "train_drops_last_batch"),
    ("train_returns_no_losses", "two_layer_net.py",
     "            losses.append(float(loss))\n", "", {"4.6", "4.8"}, "train_returns_no_losses"),
    # --------------------------------------- survey: mistakes seen in real code
    ("softmax_global_max_shift", "losses.py",
     "shifted = scores - np.max(scores, axis=1, keepdims=True)\n    e = np.exp(shifted)",
     "shifted = scores - np.max(scores)\n    e = np.exp(shifted)", {"3.4"}, "softmax_global_max_shift"),
    ("softmax_ce_global_max_shift", "losses.py",
     "shifted = scores - np.max(scores, axis=1, keepdims=True)\n    log_probs",
     "shifted = scores - np.max(scores)\n    log_probs", {"3.6"}, "softmax_global_max_shift"),
    ("softmax_ce_without_max_shift", "losses.py",
     "shifted = scores - np.max(scores, axis=1, keepdims=True)\n    log_probs",
     "shifted = scores\n    log_probs", {"3.6"}, "softmax_no_max_shift"),
    ("softmax_ce_gradient_through_reciprocal", "losses.py",
     "    dscores = np.exp(log_probs)\n    dscores[rows, labels] -= 1.0\n    dscores /= N\n",
     "    probs = np.exp(log_probs)\n    p_y = probs[rows, labels]\n"
     "    dscores = (-1.0 / p_y)[:, None] * (-p_y[:, None] * probs)\n"
     "    dscores[rows, labels] = (-1.0 / p_y) * (p_y - p_y ** 2)\n    dscores /= N\n",
     {"3.6"}, "softmax_ce_gradient_through_reciprocal"),
    ("net_softmax_global_max_shift", "two_layer_net.py",
     "shifted = scores - np.max(scores, axis=1, keepdims=True)", "shifted = scores - np.max(scores)",
     {"4.7"}, "softmax_global_max_shift"),
    ("net_loss_log_of_probabilities", "two_layer_net.py",
     "        log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))\n        data_loss",
     "        log_probs = np.log(np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True))\n"
     "        data_loss", {"4.7"}, "softmax_ce_log_of_underflowed_probability"),
    # CS231n assignment 1's convention: reg * sum(W**2) and 2 * reg * W
    ("net_l2_without_half", "two_layer_net.py", NET_REG_BLOCK,
     NET_REG_BLOCK.replace("0.5 * self.reg", "self.reg").replace("+ self.reg * W", "+ 2 * self.reg * W"),
     {"4.4", "4.5"}, "l2_without_half"),
    ("net_l2_regularises_biases", "two_layer_net.py",
     'grads["b1"] = np.sum(dz1, axis=0)',
     'grads["b1"] = np.sum(dz1, axis=0) + self.reg * b1\n        grads["b2"] = grads["b2"] + self.reg * b2',
     {"4.4", "4.5"}, "l2_regularises_biases_in_gradient"),
    # --------------------------------------------- in place: values stay right, 5.1 fails
    ("softmax_shifts_scores_in_place", "losses.py",
     "    shifted = scores - np.max(scores, axis=1, keepdims=True)\n    e = np.exp(shifted)",
     "    scores -= np.max(scores, axis=1, keepdims=True)\n    shifted = scores\n    e = np.exp(shifted)",
     {"5.1"}, "softmax_changes_scores"),
    ("regression_step_updates_in_place", "two_layer_net.py",
     "    w1_new = w1 - lr * grad_w1\n    w2_new = w2 - lr * grad_w2\n    return loss, w1_new, w2_new",
     "    w1 -= lr * grad_w1\n    w2 -= lr * grad_w2\n    return loss, w1, w2", {"5.1"}, "regression_step_changes_weights"),
    ("sigmoid_gate_backward_in_place", "gates.py",
     "        s = self.out\n        return dout * s * (1.0 - s)",
     "        s = self.out\n        dout *= s * (1.0 - s)\n        return dout", {"5.1"}, "sigmoid_gate_changes_dout"),
    # gaps the first table revealed, closed by cases 2.7, 4.7, 4.8 and 4.9
    ("matrix_relu_gradient_1_at_0", "graphs.py",
     "dz1 = dh1 * (z1 > 0)", "dz1 = dh1 * (z1 >= 0)", {"2.7"}, "relu_gradient_1_at_0"),
    ("net_softmax_without_max_shift", "two_layer_net.py",
     "shifted = scores - np.max(scores, axis=1, keepdims=True)", "shifted = scores", {"4.7"}, "softmax_no_max_shift"),
    ("regression_step_unstable_sigmoid", "two_layer_net.py",
     "    e = np.exp(-np.abs(z))\n    h = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
     "    h = 1.0 / (1.0 + np.exp(-z))", {"4.9"}, "sigmoid_naive_overflow"),
    ("train_without_shuffling", "two_layer_net.py",
     "        perm = np.random.default_rng(seed + e).permutation(N)", "        perm = np.arange(N)", {"4.8", "4.11"}, "train_without_shuffling"),
    # ------------------------------------------ the constructor (4.10; the other tests set params)
    # a real student's: the biases are the number 0; loss and training still work
    ("net_biases_integer_zero", "two_layer_net.py",
     'self.params["b1"] = np.zeros(hidden_dim)', 'self.params["b1"] = 0', {"4.10"},
     "net_bias_not_float_array"),
    ("net_init_ignores_weight_scale", "two_layer_net.py",   # the default, hard-coded
     'self.params["W1"] = weight_scale * rng.standard_normal((input_dim, hidden_dim))\n'
     '        self.params["b1"] = np.zeros(hidden_dim)\n'
     '        self.params["W2"] = weight_scale * rng.standard_normal((hidden_dim, num_classes))',
     'self.params["W1"] = 1e-3 * rng.standard_normal((input_dim, hidden_dim))\n'
     '        self.params["b1"] = np.zeros(hidden_dim)\n'
     '        self.params["W2"] = 1e-3 * rng.standard_normal((hidden_dim, num_classes))', {"4.10"}),
]
