"""The catalog of realistic bugs in the `tricks` solutions (mutants).

Each entry is (id, file, old text, new text, the tests that must lose points:
exactly these[, the id of the misconception in misconceptions.py whose
"Likely cause" its feedback must show]).  `make mutants` applies each one to a copy of
solutions/tricks/ and grades it; the test suite requires every mutant to lose
exactly the listed tests, so the suite's strength can never drop silently.
This file quotes solution code: it stays with the instructor (the handout
leaves it out).

Every mistake has a diagnosis sentence.  Diagnoses are now models of
misconceptions (issue 15: assignments/<id>/misconceptions.py, see
docs/architecture.md, "A misconception"); this assignment has none yet, so
every sentence waits in DIAGNOSES_PENDING (not read by the engine) until a
misconception with a model names it: values, shape, crash (for
momentum_requires_key), unstable or in_place (for the four in-place mutants).
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
     {"1.1", "1.2", "1.4", "1.6", "1.7"}),
    # at p = 1 nothing changes: 1.2 still loses its p = 0.05 case
    ("dropout_forward_not_rescaled", "dropout.py",
     MASKED + "out = x * mask / p", MASKED + "out = x * mask", {"1.1", "1.2", "1.6"}),
    # the classic CS231n-era mask: a different generator, so a different mask
    ("dropout_legacy_np_random_mask", "dropout.py",
     TRAIN + "mask = np.random.default_rng(seed).random(x.shape) < p",
     TRAIN + "np.random.seed(seed)\n        mask = np.random.rand(*x.shape) < p",
     {"1.1", "1.2", "1.4", "1.6", "1.7"}),
    # non-inverted ("vanilla") dropout: scale at test time instead of train time
    ("dropout_test_mode_scales_by_p", "dropout.py",
     "        mask = None\n        out = x.copy()", "        mask = None\n        out = x * p",
     {"1.3", "1.6"}),
    ("dropout_backward_not_rescaled", "dropout.py",
     "return dout * mask / p", "return dout * mask", {"1.4", "1.7"}),
    # in place: the values stay right (at p = 1 x does not even change), 7.1 fails
    ("dropout_forward_scales_x_in_place", "dropout.py",
     MASKED + "out = x * mask / p", MASKED + "x *= mask / p\n        out = x", {"7.1"}),
    # ---------------------------------------------------------------- batchnorm.py
    ("batchnorm_running_var_biased", "batchnorm.py",
     "new_running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)",
     "new_running_var = (1 - momentum) * running_var + momentum * var", {"2.1", "2.2", "2.6"}),
    # CS231n's rule: momentum weights the OLD value
    ("batchnorm_running_stats_cs231n_weighting", "batchnorm.py",
     "        new_running_mean = (1 - momentum) * running_mean + momentum * mu\n"
     "        new_running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)",
     "        new_running_mean = momentum * running_mean + (1 - momentum) * mu\n"
     "        new_running_var = momentum * running_var + (1 - momentum) * var * N / (N - 1)",
     {"2.1", "2.2", "2.6"}),
    # normalising with the unbiased variance: wrong outputs, and the backward,
    # derived for the biased one, no longer matches
    ("batchnorm_normalises_with_unbiased_var", "batchnorm.py",
     "var = x.var(axis=0)", "var = x.var(axis=0, ddof=1)", {"2.1", "2.2", "2.4", "2.6", "2.7"}),
    # eps = 1e-5 moves xhat by ~5e-6 relative even at unit variance (above the
    # 1e-6 tolerance), so every train-mode test sees it; the cases with a
    # variance ~1e-4 make it gross
    ("batchnorm_without_eps", "batchnorm.py",
     "std = np.sqrt(var + eps)", "std = np.sqrt(var)", {"2.1", "2.2", "2.4", "2.6", "2.7"}),
    ("batchnorm_test_mode_uses_batch_statistics", "batchnorm.py",
     "mu, std = running_mean, np.sqrt(running_var + eps)",
     "mu, std = x.mean(axis=0), np.sqrt(x.var(axis=0) + eps)", {"2.3", "2.5", "2.6", "2.7"}),
    ("batchnorm_test_mode_updates_running_stats", "batchnorm.py",
     "new_running_mean, new_running_var = running_mean.copy(), running_var.copy()",
     "new_running_mean = 0.9 * running_mean + 0.1 * x.mean(axis=0)\n"
     "        new_running_var = 0.9 * running_var + 0.1 * x.var(axis=0)", {"2.3", "2.6"}),
    # in place: the values stay right, 7.1 fails
    ("batchnorm_running_stats_in_place", "batchnorm.py",
     "        new_running_mean = (1 - momentum) * running_mean + momentum * mu\n"
     "        new_running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)",
     "        running_mean *= 1 - momentum\n        running_mean += momentum * mu\n"
     "        running_var *= 1 - momentum\n        running_var += momentum * var * N / (N - 1)\n"
     "        new_running_mean, new_running_var = running_mean, running_var",
     {"7.1"}),
    # the batch statistics treated as constants: the test-mode formula in train mode
    ("batchnorm_backward_ignores_batch_statistics", "batchnorm.py",
     "dx = (dxhat - dxhat.mean(axis=0) - xhat * np.mean(dxhat * xhat, axis=0)) / std",
     "dx = dxhat / std", {"2.4", "2.7"}),
    ("batchnorm_backward_forgets_variance_path", "batchnorm.py",
     "dx = (dxhat - dxhat.mean(axis=0) - xhat * np.mean(dxhat * xhat, axis=0)) / std",
     "dx = (dxhat - dxhat.mean(axis=0)) / std", {"2.4", "2.7"}),
    ("batchnorm_backward_forgets_gamma", "batchnorm.py",
     "dxhat = dout * gamma", "dxhat = dout", {"2.4", "2.5", "2.7"}),
    ("batchnorm_dgamma_summed_over_everything", "batchnorm.py",
     "dgamma = np.sum(dout * xhat, axis=0)", "dgamma = np.sum(dout * xhat)", {"2.4", "2.5", "2.7"}),
    # --------------------------------------------------------------------- optim.py
    ("sgd_default_learning_rate_1e-3", "optim.py",
     'learning_rate = config.get("learning_rate", 1e-2)\n    next_w = np.asarray(w',
     'learning_rate = config.get("learning_rate", 1e-3)\n    next_w = np.asarray(w', {"3.2"}),
    # CS231n's convention: the same weights from a zero velocity, another state
    ("momentum_cs231n_velocity", "optim.py",
     "velocity = momentum * velocity + dw\n    next_w = w - learning_rate * velocity",
     "velocity = momentum * velocity - learning_rate * dw\n    next_w = w + velocity",
     {"4.1", "4.2", "4.3", "4.4"}),
    # an exponential average (Adam's first moment) instead of a decayed sum
    ("momentum_dampened_velocity", "optim.py",
     "velocity = momentum * velocity + dw\n    next_w",
     "velocity = momentum * velocity + (1 - momentum) * dw\n    next_w",
     {"4.1", "4.2", "4.3", "4.4"}),
    ("momentum_requires_key", "optim.py",
     'momentum = config.get("momentum", 0.9)', 'momentum = config["momentum"]', {"4.3"}),
    # in place on the velocity fed in: the values stay right, 7.1 fails
    ("momentum_velocity_in_place", "optim.py",
     "\n    velocity = momentum * velocity + dw\n",
     "\n    velocity *= momentum\n    velocity += dw\n", {"7.1"}),
    # the argument dict is updated and returned: values right, 7.1 fails (a
    # velocity fed in is replaced in the caller's dict)
    ("momentum_config_updated_in_place", "optim.py",
     '    config = dict(config)\n    config["velocity"] = velocity',
     '    config["velocity"] = velocity', {"7.1"}),
    # 5.1's epsilon 1e-6 also shows it on its smallest gradient entries
    ("rmsprop_epsilon_inside_sqrt", "optim.py",
     "dw / (np.sqrt(cache) + epsilon)\n    config = dict(config)",
     "dw / np.sqrt(cache + epsilon)\n    config = dict(config)", {"5.1", "5.3"}),
    ("rmsprop_decay_weights_new_gradient", "optim.py",
     "cache = decay_rate * cache + (1 - decay_rate) * dw ** 2",
     "cache = (1 - decay_rate) * cache + decay_rate * dw ** 2", {"5.1", "5.2", "5.3", "5.4"}),
    ("adam_without_bias_correction", "optim.py",
     "    m_hat = m / (1 - beta1 ** t)\n    v_hat = v / (1 - beta2 ** t)",
     "    m_hat = m\n    v_hat = v", {"6.1", "6.2", "6.3", "6.4", "6.5"}),
    ("adam_corrects_only_m", "optim.py",
     "v_hat = v / (1 - beta2 ** t)", "v_hat = v", {"6.1", "6.2", "6.3", "6.4", "6.5"}),
    # t incremented after the corrections: the first step divides by 1 - beta**0 = 0
    ("adam_t_incremented_after_correction", "optim.py",
     "    t = int(config.get(\"t\", 0)) + 1\n    m = beta1 * m + (1 - beta1) * dw\n"
     "    v = beta2 * v + (1 - beta2) * dw ** 2\n    m_hat = m / (1 - beta1 ** t)\n"
     "    v_hat = v / (1 - beta2 ** t)\n",
     "    t = int(config.get(\"t\", 0))\n    m = beta1 * m + (1 - beta1) * dw\n"
     "    v = beta2 * v + (1 - beta2) * dw ** 2\n    m_hat = m / (1 - beta1 ** t)\n"
     "    v_hat = v / (1 - beta2 ** t)\n    t = t + 1\n",
     {"6.1", "6.2", "6.3", "6.4", "6.5"}),
    ("adam_epsilon_inside_sqrt", "optim.py",
     "m_hat / (np.sqrt(v_hat) + epsilon)\n    config = dict(config)",
     "m_hat / np.sqrt(v_hat + epsilon)\n    config = dict(config)", {"6.3"}),
    ("adam_stores_corrected_moments", "optim.py",
     "config.update(m=m, v=v, t=t)", "config.update(m=m_hat, v=v_hat, t=t)",
     {"6.1", "6.2", "6.3", "6.5"}),
    ("adam_default_learning_rate_1e-2", "optim.py",
     'learning_rate = config.get("learning_rate", 1e-3)', 'learning_rate = config.get("learning_rate", 1e-2)',
     {"6.4"}),
]

# The sentences of the mistakes no misconception names yet (see above).
IN_PLACE_ARRAY = ("an array passed in was changed in place (x *= ..., x += ...): compute a "
                  "new array instead (x = x * ...)")
DIAGNOSES_PENDING = {
    "dropout_forward_scales_x_in_place": IN_PLACE_ARRAY,
    "batchnorm_running_stats_in_place": IN_PLACE_ARRAY,
    "momentum_velocity_in_place": IN_PLACE_ARRAY,
    "momentum_config_updated_in_place":
        "the config passed in was changed: build a new dict (config = dict(config)) and put the "
        "new state there",
    "momentum_requires_key":
        "a missing hyper-parameter takes its default (momentum 0.9): use config.get(key, default)",
    "dropout_p_is_drop_probability":
        "p is the probability of KEEPING a unit: keep where random(x.shape) < p and divide the kept units by p (not 1 - p)",
    "dropout_forward_not_rescaled":
        "inverted dropout divides the kept units by p in train mode (out = x * mask / p), so that test mode needs no change",
    "dropout_legacy_np_random_mask":
        "the mask comes from the legacy np.random functions; use exactly np.random.default_rng(seed).random(x.shape) < p",
    "dropout_test_mode_scales_by_p":
        "in test mode inverted dropout is the identity (out = x): the scaling by 1/p already happened in train mode",
    "dropout_backward_not_rescaled":
        "the backward pass must scale like the forward: dx = dout * mask / p",
    "batchnorm_running_var_biased":
        "the running variance uses the UNBIASED batch variance, var * N / (N - 1), as PyTorch does; the normalisation itself uses the biased one",
    "batchnorm_running_stats_cs231n_weighting":
        "this is CS231n's convention (momentum weights the old value); here, as in PyTorch, momentum weights the NEW batch statistic: (1 - momentum) * running + momentum * batch",
    "batchnorm_normalises_with_unbiased_var":
        "normalise with the biased batch variance (x.var(axis=0), dividing by N); only the running variance uses N - 1",
    "batchnorm_without_eps":
        "eps is missing: normalise by sqrt(var + eps)",
    "batchnorm_test_mode_uses_batch_statistics":
        "in test mode normalise with running_mean and running_var, not with the batch's statistics",
    "batchnorm_test_mode_updates_running_stats":
        "test mode must return the running statistics unchanged",
    "batchnorm_backward_ignores_batch_statistics":
        "in train mode mu and var depend on every sample: the gradient also flows through them (dx = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) / std)",
    "batchnorm_backward_forgets_variance_path":
        "the gradient through the batch variance is missing: subtract xhat * mean(dxhat * xhat) too",
    "batchnorm_backward_forgets_gamma":
        "dx is missing the factor gamma: out = gamma * xhat + beta, so dxhat = dout * gamma",
    "batchnorm_dgamma_summed_over_everything":
        "dgamma has shape (D,): sum dout * xhat over the batch only (axis=0)",
    "sgd_default_learning_rate_1e-3":
        "the default learning rate of sgd is 1e-2",
    "momentum_cs231n_velocity":
        "this is CS231n's velocity (momentum * v - learning_rate * dw); PyTorch's, used here, is velocity = momentum * velocity + dw and next_w = w - learning_rate * velocity",
    "momentum_dampened_velocity":
        "the velocity is a decayed sum, velocity = momentum * velocity + dw, not an average with (1 - momentum) * dw",
    "rmsprop_epsilon_inside_sqrt":
        "epsilon goes outside the square root: dw / (np.sqrt(cache) + epsilon)",
    "rmsprop_decay_weights_new_gradient":
        "decay_rate weights the OLD cache: cache = decay_rate * cache + (1 - decay_rate) * dw**2",
    "adam_without_bias_correction":
        "Adam's bias correction is missing: divide m by (1 - beta1**t) and v by (1 - beta2**t)",
    "adam_corrects_only_m":
        "v needs its bias correction too: v_hat = v / (1 - beta2**t)",
    "adam_t_incremented_after_correction":
        "increment t BEFORE the bias corrections: the first step uses t = 1",
    "adam_epsilon_inside_sqrt":
        "epsilon goes outside the square root: m_hat / (np.sqrt(v_hat) + epsilon)",
    "adam_stores_corrected_moments":
        "store the raw moments m and v in the config, not the bias-corrected m_hat and v_hat",
    "adam_default_learning_rate_1e-2":
        "the default learning rate of adam is 1e-3",
}
