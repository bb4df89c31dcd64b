"""What students get wrong in the tricks assignment, each mistake modelled the
way such a student writes the function: batch normalisation's backward as
the staged graph of the lecture (dxhat, dvar, dmu, dx), the running
statistics and the optimisers' state as in the course notes they come from
(CS231n's conventions, the legacy np.random masks).  docs/student-mistakes.md
has the survey; ids are its ids, or name a catalogued mutant's idea.

A model receives the case's inputs by parameter name (backward tests add
`dout`) and returns the values of the leaves it models; the grader compares
them with the student's (autograder/misconception_models.py says how each
kind of model is judged).  This file stays with the instructor: the handout
leaves it out.
"""
import numpy as np

from autograder.instructor import crash, in_place, misconception, no_raise, shape, values

DROP_F, DROP_B = "dropout.dropout_forward", "dropout.dropout_backward"
BN_F, BN_B = "batchnorm.batchnorm_forward", "batchnorm.batchnorm_backward"
SGD, MOMENTUM = "optim.sgd", "optim.sgd_momentum"
RMSPROP, ADAM = "optim.rmsprop", "optim.adam"
OPTIMISERS = (SGD, MOMENTUM, RMSPROP, ADAM)


# ------------------------------------------------------------------ dropout.py
def _uniform(x, seed, legacy=False, size=None):
    """The random numbers behind the mask: the contract's generator, or the
    legacy np.random.seed(seed); np.random.rand(...) (same numbers as RandomState)."""
    size = np.shape(x) if size is None else size
    if legacy:
        return np.random.RandomState(seed).random_sample(size)
    return np.random.default_rng(seed).random(size)


def _dropout(keep, scale, test_scale=1.0):
    """A student's dropout pair: `keep(x, p, seed)` is the mask, the kept
    units are divided by `scale(p)` in train mode, and test mode multiplies
    by `test_scale(p)` (1: the identity)."""
    def forward(x, p, mode, seed=0):
        x = np.asarray(x, dtype=np.float64)
        if mode == "train":
            return {"out": x * keep(x, p, seed) / scale(p)}
        return {"out": x * (test_scale(p) if callable(test_scale) else test_scale)}

    def backward(x, p, mode, dout, seed=0):
        if mode == "train":
            return {"dx": dout * keep(x, p, seed) / scale(p)}
        return {"dx": dout * 1.0}
    return forward, backward


def _keep_below(threshold, legacy=False, shared=False):
    def keep(x, p, seed):
        size = (1,) + np.shape(x)[1:] if shared else None
        return _uniform(x, seed, legacy, size) < threshold(p)
    return keep


def _keep_at_or_above_p(legacy=False):
    return lambda x, p, seed: _uniform(x, seed, legacy) >= p


KEEP_P = lambda p: p            # noqa: E731
KEEP_1_MINUS_P = lambda p: 1 - p  # noqa: E731
BY_P = lambda p: p              # noqa: E731
NOT_SCALED = lambda p: 1.0      # noqa: E731

drop_probability = _dropout(_keep_below(KEEP_1_MINUS_P), KEEP_1_MINUS_P)
drop_probability_legacy = _dropout(_keep_below(KEEP_1_MINUS_P, legacy=True), KEEP_1_MINUS_P)
drop_probability_rand_above_p = _dropout(_keep_at_or_above_p(legacy=True), KEEP_1_MINUS_P)
not_rescaled = _dropout(_keep_below(KEEP_P), NOT_SCALED)
test_mode_scales_by_p = _dropout(_keep_below(KEEP_P), BY_P, test_scale=BY_P)
not_inverted_legacy = _dropout(_keep_below(KEEP_1_MINUS_P, legacy=True), NOT_SCALED,
                               test_scale=KEEP_1_MINUS_P)
not_inverted_by_p = _dropout(_keep_below(KEEP_P), NOT_SCALED, test_scale=BY_P)
legacy_mask = _dropout(_keep_below(KEEP_P, legacy=True), BY_P)
shared_mask = _dropout(_keep_below(KEEP_P, shared=True), BY_P)
shared_mask_legacy = _dropout(_keep_below(KEEP_P, legacy=True, shared=True), BY_P)
keep_scale_mismatch = _dropout(_keep_at_or_above_p(), BY_P)
keep_scale_mismatch_legacy = _dropout(_keep_at_or_above_p(legacy=True), BY_P)


def _dropout_models(*pairs):
    found = []
    for forward, backward in pairs:
        found += [values(DROP_F, forward), values(DROP_B, backward)]
    return found


# --------------------------------------------------------------- batchnorm.py
def _column_stats(x, ddof=0):
    """Each feature's mean and variance, column by column."""
    N, D = x.shape
    mu, var = np.zeros(D), np.zeros(D)
    for d in range(D):
        mu[d] = np.sum(x[:, d]) / N
        var[d] = np.sum((x[:, d] - mu[d]) ** 2) / (N - ddof)
    return mu, var


def _batchnorm(x, gamma, beta, running_mean, running_var, mode, momentum=0.1, eps=1e-5,
               old_weighted=False, running_biased=False, normalise_ddof=0, eps_outside=False,
               test_uses_batch=False, test_updates=False, test_update_biased=True, train_eps=None,
               no_eps=False):
    """A student's batch normalisation forward: (out, new_rm, new_rv, the cache's
    (xhat, std) and whether the statistics depend on the batch)."""
    N = x.shape[0]
    eps = 0.0 if no_eps else eps

    def update(mu, var_biased, biased):
        batch_var = var_biased if biased else var_biased * N / (N - 1)
        if old_weighted:
            return (momentum * running_mean + (1 - momentum) * mu,
                    momentum * running_var + (1 - momentum) * batch_var)
        return ((1 - momentum) * running_mean + momentum * mu,
                (1 - momentum) * running_var + momentum * batch_var)

    def std_of(var):   # eps_outside: True, or "test" for test mode only
        outside = eps_outside is True or (eps_outside == "test" and mode == "test")
        return np.sqrt(var) + eps if outside else np.sqrt(var + eps)

    if mode == "train" or test_uses_batch:
        mu, var = _column_stats(x, normalise_ddof)
        if mode == "train" and train_eps is not None:
            eps = train_eps
        std, batch = std_of(var), True
    else:
        mu, std, batch = running_mean, std_of(running_var), False
    if mode == "train":
        new_rm, new_rv = update(mu, _column_stats(x)[1], running_biased)
    elif test_updates:
        with np.errstate(all="ignore"):
            new_rm, new_rv = update(*_column_stats(x), test_update_biased)
    else:
        new_rm, new_rv = running_mean.copy(), running_var.copy()
    xhat = (x - mu) / std
    out = gamma * xhat + beta
    return out, new_rm, new_rv, xhat, std, batch and mode == "train"


def _bn_forward(momentum_default=0.1, leaves=("out", "running_mean", "running_var"), **options):
    def forward(x, gamma, beta, running_mean, running_var, mode, momentum=momentum_default,
                eps=1e-5):
        out, rm, rv, *_ = _batchnorm(x, gamma, beta, running_mean, running_var, mode, momentum,
                                     eps, **options)
        made = {"out": out, "running_mean": rm, "running_var": rv}
        return {leaf: made[leaf] for leaf in leaves}
    return forward


def _staged_backward(dout, gamma, xhat, std, through_stats, with_gamma=True, var_path=True,
                     mean_path=True):
    """The lecture's graph, stage by stage: out = gamma * xhat + beta,
    xhat = xmu / std, std = sqrt(var + eps), var = mean(xmu**2), xmu = x - mu."""
    N = dout.shape[0]
    dxhat = dout * gamma if with_gamma else dout * 1.0
    if not through_stats:
        return dxhat / std
    xmu = xhat * std
    dxmu = dxhat / std
    if var_path:
        dstd = np.sum(dxhat * xmu, axis=0) * -1.0 / std ** 2
        dvar = dstd / (2 * std)
        dxmu = dxmu + 2 * xmu * dvar / N
    if mean_path:
        dxmu = dxmu - np.sum(dxmu, axis=0) / N
    return dxmu


def _bn_backward(forward_options=None, grads="all", dgamma_rule=None, **slips):
    """The backward of a forward with `forward_options`, the graph walked with `slips`;
    returns the leaves `grads` names ("all", or a tuple)."""
    def backward(x, gamma, beta, running_mean, running_var, mode, dout, momentum=0.1, eps=1e-5):
        _, _, _, xhat, std, through = _batchnorm(x, gamma, beta, running_mean, running_var, mode,
                                                 momentum, eps, **(forward_options or {}))
        made = {"dx": _staged_backward(dout, gamma, xhat, std, through, **slips),
                "dgamma": (dgamma_rule or (lambda d, h: np.sum(d * h, axis=0)))(dout, xhat),
                "dbeta": np.sum(dout, axis=0)}
        return made if grads == "all" else {k: made[k] for k in grads}
    return backward


def _bn_models(forward_options, backward=True, **slips):
    found = [values(BN_F, _bn_forward(**forward_options))]
    if backward:
        found.append(values(BN_B, _bn_backward(forward_options, **slips)))
    return found


def stats_keepdims(x, mode):
    if mode == "train":
        return {"running_mean": (1, x.shape[1]), "running_var": (1, x.shape[1])}
    return {}


def param_grads_keepdims(x):
    return {"dgamma": (1, x.shape[1]), "dbeta": (1, x.shape[1])}


# --------------------------------------------------------------------- optim.py
def _state(config, key, w):
    value = config.get(key)
    return np.zeros_like(w) if value is None else value


def sgd_default_1e3(w, dw, config):
    return w - config.get("learning_rate", 1e-3) * dw, dict(config)


def _momentum(rule):
    def step(w, dw, config):
        lr, mu = config.get("learning_rate", 1e-2), config.get("momentum", 0.9)
        v, next_w = rule(_state(config, "velocity", w), dw, lr, mu, w)
        return next_w, dict(config, velocity=v)
    return step


def _cs231n_velocity(v, dw, lr, mu, w):
    v = mu * v - lr * dw
    return v, w + v


def _dampened_velocity(v, dw, lr, mu, w):
    v = mu * v + (1 - mu) * dw
    return v, w - lr * v


momentum_cs231n = _momentum(_cs231n_velocity)
momentum_dampened = _momentum(_dampened_velocity)


def _rmsprop(old_weight=True, sqrt=np.sqrt, eps_inside=False):
    def step(w, dw, config):
        lr = config.get("learning_rate", 1e-2)
        decay, eps = config.get("decay_rate", 0.99), config.get("epsilon", 1e-8)
        cache = _state(config, "cache", w)
        if old_weight:
            cache = decay * cache + (1 - decay) * dw ** 2
        else:
            cache = (1 - decay) * cache + decay * dw ** 2
        scale = np.sqrt(cache + eps) if eps_inside else sqrt(cache) + eps
        return w - lr * dw / scale, dict(config, cache=cache)
    return step


def _adam(correct_m=True, correct_v=True, eps_inside=False, t_default=0, increment="before",
          store_corrected=False, learning_rate_default=1e-3):
    def step(w, dw, config):
        lr = config.get("learning_rate", learning_rate_default)
        b1, b2 = config.get("beta1", 0.9), config.get("beta2", 0.999)
        eps = config.get("epsilon", 1e-8)
        m, v = _state(config, "m", w), _state(config, "v", w)
        t = config.get("t", t_default)
        if increment == "before":
            t += 1
        m = b1 * m + (1 - b1) * dw
        v = b2 * v + (1 - b2) * dw ** 2
        m_hat = m / (1 - b1 ** t) if correct_m else m
        v_hat = v / (1 - b2 ** t) if correct_v else v
        if increment == "after":
            t += 1
        scale = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
        next_w = w - lr * m_hat / scale
        new = dict(config)
        new.update(m=m_hat if store_corrected else m, v=v_hat if store_corrected else v, t=t)
        return next_w, new
    return step


def _without_keys(*keys):
    return lambda config: any(key not in config for key in keys)


def _unknown_mode(mode):
    """if mode == 'train': ... else: (test mode, or an assert): any mode but the two."""
    return mode not in ("train", "test")


# ------------------------------------------------------------------ sentences

MISCONCEPTIONS = [
    # ------------------------------------------------------------------ dropout
    misconception(
        "dropout_p_is_drop_probability",
        "You treat p as the probability of dropping a unit; here p is the probability of "
        "keeping it: keep where the random number is below p and divide the kept units by p "
        "(not by 1 - p).",
        *_dropout_models(drop_probability, drop_probability_legacy, drop_probability_rand_above_p)),
    misconception(
        "dropout_not_inverted",
        "This is inverted dropout: in train mode divide the kept units by p, in the forward "
        "(out = x * mask / p) and in the backward (dx = dout * mask / p), and in test mode "
        "return x unchanged; you leave out the division or scale at test time instead.",
        *_dropout_models(not_rescaled, test_mode_scales_by_p, not_inverted_legacy,
                         not_inverted_by_p)),
    misconception(
        "dropout_legacy_rng_mask",
        "Your mask is not the one this assignment specifies: draw it as "
        "np.random.default_rng(seed).random(x.shape) < p (np.random.seed with np.random.rand "
        "gives other numbers).",
        *_dropout_models(legacy_mask)),
    misconception(
        "dropout_mask_shared_across_batch",
        "Your mask has one value per feature, shared by every example of the batch: draw one "
        "random number per element of x (a mask of x's shape).",
        *_dropout_models(shared_mask, shared_mask_legacy)),
    misconception(
        "dropout_keep_scale_mismatch",
        "You keep a unit when the random number is at least p but divide by p: keep where it "
        "is below p (p is the keep probability), so that on average the output stays x.",
        *_dropout_models(keep_scale_mismatch, keep_scale_mismatch_legacy)),
    misconception(
        "dropout_forward_scales_x_in_place",
        "You scale x in place (x *= ...), which changes the caller's array: compute a new "
        "array instead, out = x * mask / p.", in_place(DROP_F, "x")),
    # ---------------------------------------------------------------- batchnorm
    misconception(
        "batchnorm_momentum_weights_old",
        "Your running statistics follow CS231n's rule, where momentum weights the old value. "
        "This course follows PyTorch: new = (1 - momentum) * old + momentum * batch statistic "
        "(momentum 0.1 by default), and the running variance takes the unbiased batch variance, "
        "var * N / (N - 1).",
        *[values(BN_F, _bn_forward(default, old_weighted=True, running_biased=biased))
          for default in (0.1, 0.9) for biased in (False, True)]),
    misconception(
        "batchnorm_running_var_biased",
        "Your running variance takes the biased batch variance; like PyTorch, update it with "
        "the unbiased one, var * N / (N - 1) (normalising the batch still uses the biased "
        "variance).",
        values(BN_F, _bn_forward(running_biased=True))),
    misconception(
        "batchnorm_normalises_with_unbiased_var",
        "You normalise the batch with the unbiased variance (dividing by N - 1); normalise with "
        "the biased one, dividing by N (np.var's default): only the running variance uses "
        "N - 1.",
        values(BN_F, _bn_forward(leaves=("out",), normalise_ddof=1)),
        values(BN_B, _bn_backward({"normalise_ddof": 1}, grads=("dgamma", "dbeta")))),
    misconception(
        "batchnorm_without_eps",
        "eps is missing from your normalisation: divide by np.sqrt(var + eps), so that a "
        "feature of (almost) constant value does not blow up.",
        *_bn_models({"train_eps": 0.0}),
        *_bn_models({"no_eps": True})),
    misconception(
        "batchnorm_eps_outside_sqrt",
        "You add eps after the square root: normalise with (x - mean) / np.sqrt(var + eps).",
        *_bn_models({"eps_outside": True}), *_bn_models({"eps_outside": "test"})),
    misconception(
        "batchnorm_test_mode_uses_batch_statistics",
        "In test mode normalise with running_mean and running_var, not with the batch's own "
        "statistics: at test time the layer is a fixed affine map.",
        *_bn_models({"test_uses_batch": True})),
    misconception(
        "batchnorm_test_mode_updates_running_stats",
        "Test mode must return the running statistics unchanged: update them in train mode "
        "only.",
        values(BN_F, _bn_forward(test_updates=True)),
        values(BN_F, _bn_forward(test_updates=True, test_update_biased=False))),
    misconception(
        "batchnorm_running_stats_in_place",
        "You update running_mean and running_var in place (*=, +=), which changes the caller's "
        "arrays: compute new arrays, new = (1 - momentum) * running + momentum * batch, and "
        "return those.",
        in_place(BN_F, "running_mean", "running_var")),
    misconception(
        "batchnorm_stats_keepdims",
        "Your running statistics have shape (1, D) instead of gamma's shape: take the means "
        "without keepdims (or reshape them).",
        shape(BN_F, stats_keepdims)),
    misconception(
        "batchnorm_param_grads_keepdims",
        "Your dgamma and dbeta keep a batch axis; they must have gamma's shape: sum over "
        "axis 0 without keepdims.",
        shape(BN_B, param_grads_keepdims)),
    misconception(
        "batchnorm_backward_ignores_batch_statistics",
        "In train mode the mean and variance depend on every sample, so the gradient also flows "
        "through them: dx = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) / std, with "
        "dxhat = dout * gamma.",
        values(BN_B, _bn_backward(var_path=False, mean_path=False))),
    misconception(
        "batchnorm_backward_forgets_variance_path",
        "Your dx leaves out the path through the batch variance: subtract "
        "xhat * mean(dxhat * xhat) too, as well as mean(dxhat).",
        values(BN_B, _bn_backward(var_path=False))),
    misconception(
        "batchnorm_backward_forgets_mean_path",
        "Your dx leaves out the path through the batch mean: subtract mean(dxhat) too.",
        values(BN_B, _bn_backward(mean_path=False))),
    misconception(
        "batchnorm_backward_forgets_gamma",
        "Your dx is missing the factor gamma: out = gamma * xhat + beta, so "
        "dxhat = dout * gamma.",
        values(BN_B, _bn_backward(with_gamma=False))),
    misconception(
        "batchnorm_dgamma_summed_over_everything",
        "Your dgamma sums over every axis: it has gamma's shape, one value per feature, so "
        "sum dout * xhat over the batch only (axis=0).",
        values(BN_B, _bn_backward(grads=("dgamma", "dbeta"),
                                  dgamma_rule=lambda d, h: np.sum(d * h)))),
    # -------------------------------------------------------------------- optim
    misconception(
        "sgd_default_learning_rate",
        "sgd's default learning rate is 1e-2: use it when config has no learning_rate.",
        values(SGD, sgd_default_1e3)),
    misconception(
        "sgd_momentum_cs231n_velocity",
        "Your velocity follows CS231n's convention (v = momentum * v - learning_rate * dw). "
        "This course follows torch.optim.SGD: v = momentum * v + dw and "
        "next_w = w - learning_rate * v.",
        values(MOMENTUM, momentum_cs231n)),
    misconception(
        "momentum_dampened_velocity",
        "Your velocity is an average with (1 - momentum) * dw; here it is a decayed sum: "
        "velocity = momentum * velocity + dw.",
        values(MOMENTUM, momentum_dampened)),
    misconception(
        "optimizer_requires_hyperparameter_keys",
        "A hyper-parameter missing from config takes its default: read it with "
        "config.get(key, default) rather than config[key].",
        crash(SGD, _without_keys("learning_rate"), error="KeyError"),
        crash(MOMENTUM, _without_keys("learning_rate", "momentum"), error="KeyError"),
        crash(RMSPROP, _without_keys("learning_rate", "decay_rate", "epsilon"), error="KeyError"),
        crash(ADAM, _without_keys("learning_rate", "beta1", "beta2", "epsilon"), error="KeyError")),
    misconception(
        "optimizer_mutates_config",
        "You change the config you were given (its entries, or the state arrays inside it, "
        "e.g. velocity *= momentum): build a new dict, config = dict(config), with new arrays "
        "(v = momentum * v + dw), and return that.",
        *[in_place(target, "config") for target in OPTIMISERS]),
    misconception(
        "optimizer_updates_w_in_place",
        "You update w in place (w -= ...), which changes the caller's array: compute "
        "next_w = w - ... as a new array.",
        *[in_place(target, "w") for target in OPTIMISERS]),
    misconception(
        "rmsprop_eps_inside_sqrt",
        "You add epsilon inside the square root: divide by np.sqrt(cache) + epsilon.",
        values(RMSPROP, _rmsprop(eps_inside=True))),
    misconception(
        "rmsprop_missing_sqrt",
        "You divide by the cache itself: RMSprop divides by its square root, "
        "np.sqrt(cache) + epsilon.",
        values(RMSPROP, _rmsprop(sqrt=lambda cache: cache))),
    misconception(
        "rmsprop_decay_weights_new_gradient",
        "decay_rate weights the OLD cache: cache = decay_rate * cache + (1 - decay_rate) * dw**2.",
        values(RMSPROP, _rmsprop(old_weight=False))),
    misconception(
        "adam_without_bias_correction",
        "Adam's bias correction is missing: divide m by (1 - beta1**t) and v by (1 - beta2**t) "
        "before the step.",
        values(ADAM, _adam(correct_m=False, correct_v=False))),
    misconception(
        "adam_corrects_only_m",
        "v needs its bias correction too: v_hat = v / (1 - beta2**t).",
        values(ADAM, _adam(correct_v=False))),
    misconception(
        "adam_t_incremented_after_correction",
        "Increment t before the bias corrections: the first step uses t = 1 (with t = 0 the "
        "corrections divide by zero).",
        values(ADAM, _adam(increment="after"))),
    misconception(
        "adam_t_starts_at_one",
        "Your first Adam step uses t = 2: t starts at 0 when config has none and is incremented "
        "before the bias correction, so the first step uses t = 1.",
        values(ADAM, _adam(t_default=1))),
    misconception(
        "adam_t_never_incremented",
        "Your step counter t never increases: add 1 to t on every step, before the bias "
        "correction, and return it in config.",
        values(ADAM, _adam(t_default=1, increment="never"))),
    misconception(
        "adam_eps_inside_sqrt",
        "You add epsilon inside the square root: divide by np.sqrt(v_hat) + epsilon.",
        values(ADAM, _adam(eps_inside=True))),
    misconception(
        "adam_stores_corrected_moments",
        "Store the raw moments m and v in config, not the bias-corrected m_hat and v_hat: the "
        "next step corrects them again.",
        values(ADAM, _adam(store_corrected=True))),
    misconception(
        "adam_default_learning_rate",
        "Adam's default learning rate is 1e-3: use it when config has no learning_rate.",
        values(ADAM, _adam(learning_rate_default=1e-2))),
    # ------------------------------------------------------------ unknown modes
    misconception(
        "unknown_mode_accepted",
        "A mode other than 'train' or 'test' (a typo such as 'eval' or 'Train') must raise "
        "ValueError; your code treats it as one of the two: end the if/elif with "
        "else: raise ValueError(...).",
        no_raise(DROP_F, _unknown_mode), no_raise(BN_F, _unknown_mode)),
    misconception(
        "invalid_mode_asserted",
        "An unknown mode must raise ValueError, as the docstring says; an assert raises "
        "AssertionError (and disappears under python -O): raise ValueError(...) instead.",
        crash(DROP_F, _unknown_mode, error="AssertionError"),
        crash(BN_F, _unknown_mode, error="AssertionError")),
]
