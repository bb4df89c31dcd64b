"""The catalog of realistic bugs in the `backprop` solutions (mutants).

Each entry is (id, file, old text, new text, the tests that must lose points:
exactly these[, the diagnosis a student whose output equals the mutant's is
given as the likely cause]).  `make mutants` applies each one to a copy of solutions/backprop/
and grades it; the test suite requires every mutant to lose exactly the listed
tests, so the suite's strength can never drop silently.  This file quotes
solution code: it stays with the instructor (the handout leaves it out).
"""

MUTANTS = [
    # ------------------------------------------------------------------ gates.py
    # 1.16 (a Python test) builds the lecture's graphs from the gates: a gate bug
    # that changes a gradient there costs it too
    ("copy_backward_returns_d1_only", "gates.py",
     "return d1 + d2", "return d1", {"1.5"},
     'a copy gate adds the gradients of its two outputs: dx = d1 + d2'),
    ("max_routes_gradient_to_both", "gates.py",
     "dy = np.where(self.x_wins, 0.0, dout)", "dy = np.array(dout)", {"1.3", "1.4", "1.14", "1.16"}),
    ("max_tie_to_y", "gates.py",
     "self.x_wins = x >= y", "self.x_wins = x > y", {"1.4"},
     'on a tie, the whole gradient goes to x (the first input)'),
    ("multiply_does_not_swap", "gates.py",
     "dx = dout * self.y\n        dy = dout * self.x",
     "dx = dout * self.x\n        dy = dout * self.y", {"1.2", "1.16"},
     'a multiply gate swaps its inputs: dx = dout * y and dy = dout * x'),
    ("reciprocal_without_minus", "gates.py",
     "return -dout * self.out * self.out", "return dout * self.out * self.out", {"1.7", "1.16"}),
    ("scale_forgets_a", "gates.py",
     "return self.a * dout", "return dout", {"1.9", "1.16"}),
    ("sigmoid_gate_local_gradient_s", "gates.py",
     "return dout * s * (1.0 - s)", "return dout * s", {"1.10", "1.15", "1.16"}),
    ("sigmoid_gate_unstable", "gates.py",
     "        e = np.exp(-np.abs(x))\n        s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
     "        s = 1.0 / (1.0 + np.exp(-x))", {"1.13"}),
    # ----------------------------------------------------------------- graphs.py
    ("simple_graph_swaps_q_and_z", "graphs.py",
     "dfdq = z * dfdf\n    dfdz = q * dfdf", "dfdq = q * dfdf\n    dfdz = z * dfdf", {"2.1", "2.2"}),
    ("sigmoid_neuron_sign_error", "graphs.py",
     "ds = (1.0 - f) * f", "ds = (f - 1.0) * f", {"2.3", "2.4"}),
    ("matrix_dW1_without_relu_mask", "graphs.py",
     "dz1 = dh1 * (z1 > 0)", "dz1 = dh1", {"2.5", "2.6", "2.7"}),
    ("matrix_forgets_factor_2", "graphs.py",
     "dy_hat = 2.0 * y_hat", "dy_hat = y_hat", {"2.5", "2.6", "2.7"}),
    # ----------------------------------------------------------------- losses.py
    ("quadratic_divided_by_NK", "losses.py",
     "    J = float(np.sum(diff * diff) / (2.0 * N))\n    dy = diff / N",
     "    J = float(np.sum(diff * diff) / (2.0 * y.size))\n    dy = diff / y.size", {"3.1"}),
    ("bce_sums_instead_of_mean", "losses.py",
     "    M = y.size\n    J = float(-np.mean(", "    M = 1\n    J = float(-np.sum(", {"3.2"},
     'the loss is a sum, not the mean over all elements'),
    ("softmax_without_max_shift", "losses.py",
     "shifted = scores - np.max(scores, axis=1, keepdims=True)\n    e = np.exp(shifted)",
     "shifted = scores\n    e = np.exp(shifted)", {"3.4"},
     'softmax overflows for large scores: subtract the row maximum first'),
    ("softmax_ce_without_1_over_N", "losses.py",
     "loss = float(-np.mean(log_probs[rows, labels]))\n    dscores = np.exp(log_probs)\n"
     "    dscores[rows, labels] -= 1.0\n    dscores /= N\n",
     "loss = float(-np.sum(log_probs[rows, labels]))\n    dscores = np.exp(log_probs)\n"
     "    dscores[rows, labels] -= 1.0\n", {"3.5", "3.6", "3.7"},
     'the loss is not divided by the batch size N'),
    ("softmax_ce_forgets_one_hot", "losses.py",
     "    dscores[rows, labels] -= 1.0\n", "", {"3.5", "3.6", "3.7"}),
    ("softmax_ce_log_of_probabilities", "losses.py",
     "    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))\n    loss",
     "    log_probs = np.log(np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True))\n"
     "    loss", {"3.6"}),
    # ---------------------------------------------------------- two_layer_net.py
    ("regression_step_gradient_ascent", "two_layer_net.py",
     "w1_new = w1 - lr * grad_w1\n    w2_new = w2 - lr * grad_w2",
     "w1_new = w1 + lr * grad_w1\n    w2_new = w2 + lr * grad_w2", {"4.1", "4.9"}),
    ("net_scores_without_b2", "two_layer_net.py",   # trains to 0.883 < 0.9 too
     "        scores = h @ W2 + b2\n        if y is None", "        scores = h @ W2\n        if y is None",
     {"4.2", "4.3", "4.4", "4.5", "4.6", "4.8"}),
    ("net_reg_gradient_2x", "two_layer_net.py",
     'grads["W2"] = h.T @ dscores + self.reg * W2', 'grads["W2"] = h.T @ dscores + 2 * self.reg * W2',
     {"4.4", "4.5"}),
    ("net_reg_gradient_half", "two_layer_net.py",
     'grads["W1"] = X.T @ dz1 + self.reg * W1', 'grads["W1"] = X.T @ dz1 + 0.5 * self.reg * W1',
     {"4.4", "4.5"}),
    ("net_reg_missing_from_loss", "two_layer_net.py",
     "reg_loss = 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))", "reg_loss = 0.0",
     {"4.4", "4.5"}),
    # db2 of shape (N,): training then raises, so train_two_layer_net never
    # completes and 5.1 cannot check it (it says so and withholds its share)
    ("net_db2_summed_over_wrong_axis", "two_layer_net.py",
     'grads["b2"] = np.sum(dscores, axis=0)', 'grads["b2"] = np.sum(dscores, axis=1)',
     {"4.3", "4.4", "4.5", "4.6", "4.7", "4.8", "5.1"}),
    ("net_relu_mask_from_dh", "two_layer_net.py",
     "dz1 = dh * (z1 > 0)", "dz1 = dh * (dh > 0)", {"4.3", "4.4", "4.5", "4.6", "4.7", "4.8"}),
    ("train_updates_a_copy", "two_layer_net.py",
     "for k in net.params:\n                net.params[k] -= lr * grads[k]",
     "for k, v in net.params.items():\n                v = v - lr * grads[k]", {"4.6", "4.8"}),
    ("train_drops_last_batch", "two_layer_net.py",
     "for start in range(0, N, batch_size):", "for start in range(0, N - batch_size + 1, batch_size):",
     {"4.6", "4.8", "4.11"}),
    ("train_returns_no_losses", "two_layer_net.py",
     "            losses.append(float(loss))\n", "", {"4.6", "4.8"}),
    # --------------------------------------------- in place: values stay right, 5.1 fails
    ("softmax_shifts_scores_in_place", "losses.py",
     "    shifted = scores - np.max(scores, axis=1, keepdims=True)\n    e = np.exp(shifted)",
     "    scores -= np.max(scores, axis=1, keepdims=True)\n    shifted = scores\n    e = np.exp(shifted)",
     {"5.1"}),
    ("regression_step_updates_in_place", "two_layer_net.py",
     "    w1_new = w1 - lr * grad_w1\n    w2_new = w2 - lr * grad_w2\n    return loss, w1_new, w2_new",
     "    w1 -= lr * grad_w1\n    w2 -= lr * grad_w2\n    return loss, w1, w2", {"5.1"}),
    ("sigmoid_gate_backward_in_place", "gates.py",
     "        s = self.out\n        return dout * s * (1.0 - s)",
     "        s = self.out\n        dout *= s * (1.0 - s)\n        return dout", {"5.1"}),
    # gaps the first table revealed, closed by cases 2.7, 4.7, 4.8 and 4.9
    ("matrix_relu_gradient_1_at_0", "graphs.py",
     "dz1 = dh1 * (z1 > 0)", "dz1 = dh1 * (z1 >= 0)", {"2.7"}),
    ("net_softmax_without_max_shift", "two_layer_net.py",
     "shifted = scores - np.max(scores, axis=1, keepdims=True)", "shifted = scores", {"4.7"}),
    ("regression_step_unstable_sigmoid", "two_layer_net.py",
     "    e = np.exp(-np.abs(z))\n    h = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
     "    h = 1.0 / (1.0 + np.exp(-z))", {"4.9"}),
    ("train_without_shuffling", "two_layer_net.py",
     "        perm = np.random.default_rng(seed + e).permutation(N)", "        perm = np.arange(N)",
     {"4.8", "4.11"}),  # 4.11 (a Python test) sees the batches themselves
    # ------------------------------------------ the constructor (4.10; the other tests set params)
    # a real student's: the biases are the number 0; loss and training still work
    ("net_biases_integer_zero", "two_layer_net.py",
     'self.params["b1"] = np.zeros(hidden_dim)', 'self.params["b1"] = 0', {"4.10"}),
    ("net_init_ignores_weight_scale", "two_layer_net.py",   # the default, hard-coded
     'self.params["W1"] = weight_scale * rng.standard_normal((input_dim, hidden_dim))\n'
     '        self.params["b1"] = np.zeros(hidden_dim)\n'
     '        self.params["W2"] = weight_scale * rng.standard_normal((hidden_dim, num_classes))',
     'self.params["W1"] = 1e-3 * rng.standard_normal((input_dim, hidden_dim))\n'
     '        self.params["b1"] = np.zeros(hidden_dim)\n'
     '        self.params["W2"] = 1e-3 * rng.standard_normal((hidden_dim, num_classes))', {"4.10"}),
]
