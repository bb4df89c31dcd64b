"""The catalog of realistic bugs in the `tricks` solutions (mutants).

Each entry is (id, file, old text, new text, the tests that must lose points:
exactly these[, the id of the misconception in misconceptions.py whose
"Likely cause" its feedback must show]).  `make mutants` applies each one to a copy of
solutions/tricks/ and grades it; the test suite requires every mutant to lose
exactly the listed tests, so the suite's strength can never drop silently.
This file quotes solution code: it stays with the instructor (the handout
leaves it out).

Every mistake names its misconception (assignments/tricks/misconceptions.py,
a model of the wrong idea written independently of the solution; see
docs/architecture.md, "A misconception").
"""

TRAIN = 'if mode == "train":\n        '  # the mask's lines, not the docstring's copy
MASKED = TRAIN + "mask = np.random.default_rng(seed).random(x.shape) < p\n        "


MUTANTS = [
    # ----------------------------------------------------------------- dropout.py
    # p read as the probability of DROPPING a unit (and the rescaling to match);
    # at p = 1 it divides by zero
    ("dropout_p_is_drop_probability", "dropout.py",
     TRAIN + "mask = np.random.default_rng(seed).random(x.shape) < p\n        out = x * mask / p",
     TRAIN + "mask = np.random.default_rng(seed).random(x.shape) < 1 - p\n        out = x * mask / (1 - p)",
     {"1.1", "1.2", "1.4", "1.6", "1.7"}, "dropout_p_is_drop_probability"),
    # at p = 1 nothing changes: 1.2 still loses its p = 0.05 case
    ("dropout_forward_not_rescaled", "dropout.py",
     MASKED + "out = x * mask / p", MASKED + "out = x * mask", {"1.1", "1.2", "1.6"}, "dropout_not_inverted"),
    # the classic CS231n-era mask: a different generator, so a different mask
    ("dropout_legacy_np_random_mask", "dropout.py",
     TRAIN + "mask = np.random.default_rng(seed).random(x.shape) < p",
     TRAIN + "np.random.seed(seed)\n        mask = np.random.rand(*x.shape) < p",
     {"1.1", "1.2", "1.4", "1.6", "1.7"}, "dropout_legacy_rng_mask"),
    # non-inverted ("vanilla") dropout: scale at test time instead of train time
    ("dropout_test_mode_scales_by_p", "dropout.py",
     "        mask = None\n        out = x.copy()", "        mask = None\n        out = x * p",
     {"1.3", "1.6"}, "dropout_not_inverted"),
    ("dropout_backward_not_rescaled", "dropout.py",
     "return dout * mask / p", "return dout * mask", {"1.4", "1.7"}, "dropout_not_inverted"),
    # in place: the values stay right (at p = 1 x does not even change), 7.1 fails
    ("dropout_forward_scales_x_in_place", "dropout.py",
     MASKED + "out = x * mask / p", MASKED + "x *= mask / p\n        out = x", {"7.1"}, "dropout_forward_scales_x_in_place"),
    # any mode but 'train' taken for 'test': an unknown mode (a typo such as
    # 'eval' or 'Train') silently gives test-mode outputs instead of an error
    ("dropout_unknown_mode_as_test", "dropout.py",
     ('    elif mode == "test":\n        mask = None',
      '    else:\n        raise ValueError(f"mode must be \'train\' or \'test\', got {mode!r}")\n'),
     ('    else:\n        mask = None', ''),
     {"1.8"}, "unknown_mode_accepted"),
    # ---------------------------------------------------------------- batchnorm.py
    ("batchnorm_running_var_biased", "batchnorm.py",
     "new_running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)",
     "new_running_var = (1 - momentum) * running_var + momentum * var", {"2.1", "2.2", "2.6"}, "batchnorm_running_var_biased"),
    # CS231n's rule: momentum weights the OLD value
    ("batchnorm_running_stats_cs231n_weighting", "batchnorm.py",
     "        new_running_mean = (1 - momentum) * running_mean + momentum * mu\n"
     "        new_running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)",
     "        new_running_mean = momentum * running_mean + (1 - momentum) * mu\n"
     "        new_running_var = momentum * running_var + (1 - momentum) * var * N / (N - 1)",
     {"2.1", "2.2", "2.6"}, "batchnorm_momentum_weights_old"),
    # normalising with the unbiased variance: wrong outputs, and the backward,
    # derived for the biased one, no longer matches
    ("batchnorm_normalises_with_unbiased_var", "batchnorm.py",
     "var = x.var(axis=0)", "var = x.var(axis=0, ddof=1)", {"2.1", "2.2", "2.4", "2.6", "2.7"}, "batchnorm_normalises_with_unbiased_var"),
    # eps = 1e-5 moves xhat by ~5e-6 relative even at unit variance (above the
    # 1e-6 tolerance), so every train-mode test sees it; the cases with a
    # variance ~1e-4 make it gross
    ("batchnorm_without_eps", "batchnorm.py",
     "std = np.sqrt(var + eps)", "std = np.sqrt(var)", {"2.1", "2.2", "2.4", "2.6", "2.7"}, "batchnorm_without_eps"),
    ("batchnorm_test_mode_uses_batch_statistics", "batchnorm.py",
     "mu, std = running_mean, np.sqrt(running_var + eps)",
     "mu, std = x.mean(axis=0), np.sqrt(x.var(axis=0) + eps)", {"2.3", "2.5", "2.6", "2.7"}, "batchnorm_test_mode_uses_batch_statistics"),
    ("batchnorm_test_mode_updates_running_stats", "batchnorm.py",
     "new_running_mean, new_running_var = running_mean.copy(), running_var.copy()",
     "new_running_mean = (1 - momentum) * running_mean + momentum * x.mean(axis=0)\n"
     "        new_running_var = (1 - momentum) * running_var + momentum * x.var(axis=0)", {"2.3", "2.6"}, "batchnorm_test_mode_updates_running_stats"),
    # in place: the values stay right, 7.1 fails
    ("batchnorm_running_stats_in_place", "batchnorm.py",
     "        new_running_mean = (1 - momentum) * running_mean + momentum * mu\n"
     "        new_running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)",
     "        running_mean *= 1 - momentum\n        running_mean += momentum * mu\n"
     "        running_var *= 1 - momentum\n        running_var += momentum * var * N / (N - 1)\n"
     "        new_running_mean, new_running_var = running_mean, running_var",
     {"7.1"}, "batchnorm_running_stats_in_place"),
    # the mode checked with an assert: an unknown mode raises AssertionError
    ("batchnorm_mode_asserted", "batchnorm.py",
     '        raise ValueError(f"mode must be \'train\' or \'test\', got {mode!r}")',
     '        assert mode in ("train", "test"), mode', {"2.8"}, "invalid_mode_asserted"),
    # the batch statistics treated as constants: the test-mode formula in train mode
    ("batchnorm_backward_ignores_batch_statistics", "batchnorm.py",
     "dx = (dxhat - dxhat.mean(axis=0) - xhat * np.mean(dxhat * xhat, axis=0)) / std",
     "dx = dxhat / std", {"2.4", "2.7"}, "batchnorm_backward_ignores_batch_statistics"),
    ("batchnorm_backward_forgets_variance_path", "batchnorm.py",
     "dx = (dxhat - dxhat.mean(axis=0) - xhat * np.mean(dxhat * xhat, axis=0)) / std",
     "dx = (dxhat - dxhat.mean(axis=0)) / std", {"2.4", "2.7"}, "batchnorm_backward_forgets_variance_path"),
    ("batchnorm_backward_forgets_gamma", "batchnorm.py",
     "dxhat = dout * gamma", "dxhat = dout", {"2.4", "2.5", "2.7"}, "batchnorm_backward_forgets_gamma"),
    ("batchnorm_dgamma_summed_over_everything", "batchnorm.py",
     "dgamma = np.sum(dout * xhat, axis=0)", "dgamma = np.sum(dout * xhat)", {"2.4", "2.5", "2.7"}, "batchnorm_dgamma_summed_over_everything"),
    # --------------------------------------------------------------------- optim.py
    ("sgd_default_learning_rate_1e-3", "optim.py",
     'learning_rate = config.get("learning_rate", 1e-2)\n    next_w = np.asarray(w',
     'learning_rate = config.get("learning_rate", 1e-3)\n    next_w = np.asarray(w', {"3.2"}, "sgd_default_learning_rate"),
    # CS231n's convention: the same weights from a zero velocity, another state
    # (8.3 compares only the weights, which stay right at a constant learning rate)
    ("momentum_cs231n_velocity", "optim.py",
     "velocity = momentum * velocity + dw\n    next_w = w - learning_rate * velocity",
     "velocity = momentum * velocity - learning_rate * dw\n    next_w = w + velocity",
     {"4.1", "4.2", "4.3", "4.4", "8.2"}, "sgd_momentum_cs231n_velocity"),
    # an exponential average (Adam's first moment) instead of a decayed sum
    ("momentum_dampened_velocity", "optim.py",
     "velocity = momentum * velocity + dw\n    next_w",
     "velocity = momentum * velocity + (1 - momentum) * dw\n    next_w",
     {"4.1", "4.2", "4.3", "4.4", "8.2", "8.3"}, "momentum_dampened_velocity"),
    ("momentum_requires_key", "optim.py",
     'momentum = config.get("momentum", 0.9)', 'momentum = config["momentum"]', {"4.3", "8.3"}, "optimizer_requires_hyperparameter_keys"),
    # in place on the velocity fed in: the values stay right, 7.1 fails
    ("momentum_velocity_in_place", "optim.py",
     "\n    velocity = momentum * velocity + dw\n",
     "\n    velocity *= momentum\n    velocity += dw\n", {"7.1"}, "optimizer_mutates_config"),
    # the argument dict is updated and returned: values right, 7.1 fails (a
    # velocity fed in is replaced in the caller's dict)
    ("momentum_config_updated_in_place", "optim.py",
     '    config = dict(config)\n    config["velocity"] = velocity',
     '    config["velocity"] = velocity', {"7.1"}, "optimizer_mutates_config"),
    # 5.1's epsilon 1e-6 also shows it on its smallest gradient entries
    ("rmsprop_epsilon_inside_sqrt", "optim.py",
     "dw / (np.sqrt(cache) + epsilon)\n    config = dict(config)",
     "dw / np.sqrt(cache + epsilon)\n    config = dict(config)", {"5.1", "5.3", "8.4", "8.5"}, "rmsprop_eps_inside_sqrt"),
    ("rmsprop_decay_weights_new_gradient", "optim.py",
     "cache = decay_rate * cache + (1 - decay_rate) * dw ** 2",
     "cache = (1 - decay_rate) * cache + decay_rate * dw ** 2", {"5.1", "5.2", "5.3", "5.4", "8.4", "8.5"}, "rmsprop_decay_weights_new_gradient"),
    ("adam_without_bias_correction", "optim.py",
     "    m_hat = m / (1 - beta1 ** t)\n    v_hat = v / (1 - beta2 ** t)",
     "    m_hat = m\n    v_hat = v", {"6.1", "6.2", "6.3", "6.4", "6.5", "8.6", "8.7", "8.8", "8.9"}, "adam_without_bias_correction"),
    ("adam_corrects_only_m", "optim.py",
     "v_hat = v / (1 - beta2 ** t)", "v_hat = v", {"6.1", "6.2", "6.3", "6.4", "6.5", "8.6", "8.7", "8.8", "8.9"}, "adam_corrects_only_m"),
    # t incremented after the corrections: the first step divides by 1 - beta**0 = 0
    ("adam_t_incremented_after_correction", "optim.py",
     "    t = int(config.get(\"t\", 0)) + 1\n    m = beta1 * m + (1 - beta1) * dw\n"
     "    v = beta2 * v + (1 - beta2) * dw ** 2\n    m_hat = m / (1 - beta1 ** t)\n"
     "    v_hat = v / (1 - beta2 ** t)\n",
     "    t = int(config.get(\"t\", 0))\n    m = beta1 * m + (1 - beta1) * dw\n"
     "    v = beta2 * v + (1 - beta2) * dw ** 2\n    m_hat = m / (1 - beta1 ** t)\n"
     "    v_hat = v / (1 - beta2 ** t)\n    t = t + 1\n",
     {"6.1", "6.2", "6.3", "6.4", "6.5", "8.6", "8.7", "8.8", "8.9"}, "adam_t_incremented_after_correction"),
    ("adam_epsilon_inside_sqrt", "optim.py",
     "m_hat / (np.sqrt(v_hat) + epsilon)\n    config = dict(config)",
     "m_hat / np.sqrt(v_hat + epsilon)\n    config = dict(config)", {"6.3", "8.7"}, "adam_eps_inside_sqrt"),
    # 6.4 (one step, next_w only) cannot see it; 8.8 sees the second step correct again
    ("adam_stores_corrected_moments", "optim.py",
     "config.update(m=m, v=v, t=t)", "config.update(m=m_hat, v=v_hat, t=t)",
     {"6.1", "6.2", "6.3", "6.5", "8.6", "8.7", "8.8", "8.9"}, "adam_stores_corrected_moments"),
    ("adam_default_learning_rate_1e-2", "optim.py",
     'learning_rate = config.get("learning_rate", 1e-3)', 'learning_rate = config.get("learning_rate", 1e-2)',
     {"6.4", "8.8"}, "adam_default_learning_rate"),
]
