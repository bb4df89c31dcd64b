"""What students get wrong in the perceptron assignment, each mistake modelled
the way such a student writes the function (docs/student-mistakes.md has the
survey; ids are its ids, or name a catalogued mutant's idea).

A model receives the case's inputs by parameter name and returns the values
of the leaves it models; the grader compares them with the student's
(autograder/misconception_models.py says how each kind of model is judged).  This
file stays with the instructor: the handout leaves it out.
"""
import numpy as np

from autograder.instructor import crash, in_place, misconception, shape, unstable, values

PREDICT = "perceptron.perceptron_predict"
TRAIN = "perceptron.perceptron_train"
SIGMOID = "logistic.sigmoid"
LOSS = "logistic.logistic_loss"
LOGISTIC_PREDICT = "logistic.logistic_predict"
SGD = "logistic.sgd_train"


# --------------------------------------------------------------- perceptron.py
def _step(score):
    return 1 if score > 0 else 0


def _rosenblatt(X, y, lr=1.0, max_epochs=100, predict=_step, update=None, stop_early=True,
                epochs=None):
    """Rosenblatt's loop as students write it: samples in order, one epoch at a
    time; `predict(score)` and `update(w, b, x_i, y_i, pred, lr) -> (w, b, was_a_mistake)`
    are where the mistakes go."""
    update = update or _update
    w = np.zeros(X.shape[1])
    b = 0.0
    mistakes = []
    for _ in range(max_epochs if epochs is None else epochs):
        count = 0
        for i in range(len(X)):
            pred = predict(X[i] @ w + b)
            w, b, wrong = update(w, b, X[i], y[i], pred, lr)
            count += wrong
        mistakes.append(count)
        if stop_early and count == 0:
            break
    return w, b, mistakes


def _update(w, b, x, y, pred, lr, w_rate=None, b_rate=None):
    if pred == y:
        return w, b, 0
    error = y - pred
    w = w + (lr if w_rate is None else w_rate) * error * x
    b = b + (lr if b_rate is None else b_rate) * error
    return w, b, 1


def predict_ge_zero(X, w, b):
    return (X @ w + b >= 0).astype(int)


def train_ge_zero(X, y, lr=1.0, max_epochs=100):
    return _rosenblatt(X, y, lr, max_epochs, predict=lambda s: 1 if s >= 0 else 0)


def predict_plus_minus_one(X, w, b):
    return np.where(X @ w + b > 0, 1, -1)


def train_plus_minus_one(X, y, lr=1.0, max_epochs=100):
    """Raschka's style: predictions in {-1, 1}, the 0/1 labels used as given."""
    def update(w, b, x, y_i, pred, lr):
        step = lr * (y_i - pred)
        return w + step * x, b + step, int(step != 0)
    return _rosenblatt(X, y, lr, max_epochs, predict=lambda s: 1 if s > 0 else -1, update=update)


def train_margin_rule(X, y, lr=1.0, max_epochs=100):
    """A mistake is y_s * score <= 0 with y_s = 2y - 1: a score of 0 always updates."""
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        count = 0
        for i in range(len(X)):
            y_s = 2 * y[i] - 1
            if y_s * (X[i] @ w + b) <= 0:
                w = w + lr * y_s * X[i]
                b = b + lr * y_s
                count += 1
        mistakes.append(count)
        if count == 0:
            break
    return w, b, mistakes


def train_all_epochs(X, y, lr=1.0, max_epochs=100):
    return _rosenblatt(X, y, lr, max_epochs, stop_early=False)


def train_one_epoch(X, y, lr=1.0, max_epochs=100):
    return _rosenblatt(X, y, lr, max_epochs, epochs=1)


def train_one_epoch_short(X, y, lr=1.0, max_epochs=100):
    return _rosenblatt(X, y, lr, max_epochs, epochs=max_epochs - 1)


def predict_threshold_half(X, w, b):
    return (X @ w + b > 0.5).astype(int)


def train_threshold_half(X, y, lr=1.0, max_epochs=100):
    return _rosenblatt(X, y, lr, max_epochs, predict=lambda s: 1 if s > 0.5 else 0)


def never_separates(X, y, lr=1.0):
    """Training without an epoch limit runs for ever where the rule never stops."""
    return _rosenblatt(X, y, lr, 2000)[2][-1] != 0


def train_bias_step_on_weights(X, y, lr=1.0, max_epochs=100):
    def update(w, b, x, y_i, pred, lr):
        if pred == y_i:
            return w, b, 0
        step = lr * (y_i - pred)
        w = w + step * x
        w = w + step
        return w, b + step, 1
    return _rosenblatt(X, y, lr, max_epochs, update=update)


def train_w_without_lr(X, y, lr=1.0, max_epochs=100):
    return _rosenblatt(X, y, lr, max_epochs,
                       update=lambda w, b, x, y_i, p, lr: _update(w, b, x, y_i, p, lr, w_rate=1.0))


def train_b_without_lr(X, y, lr=1.0, max_epochs=100):
    return _rosenblatt(X, y, lr, max_epochs,
                       update=lambda w, b, x, y_i, p, lr: _update(w, b, x, y_i, p, lr, b_rate=1.0))


def train_without_lr(X, y, max_epochs=100):
    return _rosenblatt(X, y, 1.0, max_epochs)


def train_without_final_zero(X, y, lr=1.0, max_epochs=100):
    w, b, mistakes = _rosenblatt(X, y, lr, max_epochs)
    return w, b, mistakes[:-1] if mistakes[-1] == 0 else mistakes


def predict_without_bias(X, w):
    return (X @ w > 0).astype(int)


def predict_booleans(X, w, b):
    return X @ w + b > 0


def collapse_without_b1(b2):
    return {"b": b2}


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def mlp3_no_first_sigmoid(X, W1, b1, W2, b2, W3, b3):
    h1 = X @ W1 + b1
    h2 = _sigmoid(h1 @ W2 + b2)
    return h2 @ W3 + b3


def mlp3_tanh(X, W1, b1, W2, b2, W3, b3):
    h1 = np.tanh(X @ W1 + b1)
    h2 = np.tanh(h1 @ W2 + b2)
    return h2 @ W3 + b3


# ------------------------------------------------------------- activations.py
def sigmoid_backward_with_x(x, dout):
    return dout * x * (1 - x)


def tanh_backward_not_squared(x, dout):
    return dout * (1 - np.tanh(x))


def relu_backward_ge(x, dout):
    return dout * (x >= 0)


def leaky_relu_backward_zero_at_kink(x, dout, slope=0.1):
    dx = np.zeros_like(dout)
    dx[x > 0] = dout[x > 0]
    dx[x < 0] = slope * dout[x < 0]
    return dx


def leaky_relu_backward_swapped(x, dout, slope=0.1):
    return np.where(x > 0, slope * dout, dout)


def elu_backward_ge(x, dout, alpha=1.0):
    return np.where(x >= 0, dout, dout * alpha * np.exp(x))


def _maxout_pieces(x, W1, b1, W2, b2, dout, first_wins_tie=True):
    z1, z2 = x @ W1 + b1, x @ W2 + b2
    first = z1 >= z2 if first_wins_tie else z1 > z2
    return np.where(first, dout, 0.0), np.where(first, 0.0, dout)


def maxout_tie_to_second(x, W1, b1, W2, b2, dout):
    d1, d2 = _maxout_pieces(x, W1, b1, W2, b2, dout, first_wins_tie=False)
    return d1 @ W1.T + d2 @ W2.T, x.T @ d1, d1.sum(axis=0), x.T @ d2, d2.sum(axis=0)


def maxout_db1_over_samples(x, W1, b1, W2, b2, dout):
    d1, _ = _maxout_pieces(x, W1, b1, W2, b2, dout)
    return {"db1": d1.sum(axis=1)}


def maxout_db2_over_samples(x, W1, b1, W2, b2, dout):
    _, d2 = _maxout_pieces(x, W1, b1, W2, b2, dout)
    return {"db2": d2.sum(axis=1)}


def maxout_biases_over_samples(x, W1, b1, W2, b2, dout):
    d1, d2 = _maxout_pieces(x, W1, b1, W2, b2, dout)
    return {"db1": d1.sum(axis=1), "db2": d2.sum(axis=1)}


def maxout_dx_first_piece(x, W1, b1, W2, b2, dout):
    d1, _ = _maxout_pieces(x, W1, b1, W2, b2, dout)
    return {"dx": d1 @ W1.T}


def naive_sigmoid_forward(x):
    return {"out": 1 / (1 + np.exp(-x))}


def naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def elu_exp_everywhere(x, alpha=1.0):
    return {"out": np.where(x > 0, x, alpha * (np.exp(x) - 1))}


# ---------------------------------------------------------------- logistic.py
def _data_part(theta, X, y):
    h = 1 / (1 + np.exp(-np.clip(X @ theta, -500, 500)))
    return h, X.T @ (h - y) / len(y)


def _data_loss(theta, X, y):
    return np.mean(np.logaddexp(0, X @ theta) - y * (X @ theta))


def loss_with_bias_regularised(theta, X, y, reg=0.0):
    return {"loss": _data_loss(theta, X, y) + reg * 0.5 * np.sum(theta ** 2)}


def loss_with_bias_regularised_over_m(theta, X, y, reg=0.0):
    return {"loss": _data_loss(theta, X, y) + reg / (2 * len(y)) * np.sum(theta ** 2)}


def grad_with_bias_regularised(theta, X, y, reg=0.0):
    return {"grad": _data_part(theta, X, y)[1] + reg * theta}


def grad_without_1_over_m(theta, X, y, reg=0.0):
    h, _ = _data_part(theta, X, y)
    theta_r = theta.copy()
    theta_r[0] = 0
    return {"grad": X.T @ (h - y) + reg * theta_r}


def loss_summed(theta, X, y, reg=0.0):
    z = X @ theta
    return {"loss": np.sum(np.logaddexp(0, z) - y * z) + reg * 0.5 * np.sum(theta[1:] ** 2)}


def grad_bias_zeroed(theta, X, y, reg=0.0):
    grad = _data_part(theta, X, y)[1] + reg * theta
    grad[0] = 0
    return {"grad": grad}


def grad_reg_over_m_squared(theta, X, y):
    h, _ = _data_part(theta, X, y)
    m = len(y)
    theta_r = theta.copy()
    theta_r[0] = 0
    return {"grad": (X.T @ (h - y) + theta_r / m) / m}


def grad_reg_over_m_squared_bias_zeroed(theta, X, y):
    h, _ = _data_part(theta, X, y)
    m = len(y)
    grad = (X.T @ (h - y) + theta / m) / m
    grad[0] = 0
    return {"grad": grad}


def grad_as_column(theta):
    return {"grad": (len(theta), 1)}


def loss_log_of_sigmoid(theta, X, y, reg=0.0):
    h = 1 / (1 + np.exp(-(X @ theta)))
    return {"loss": np.mean(-y * np.log(h) - (1 - y) * np.log(1 - h)) + reg * 0.5 * np.sum(theta[1:] ** 2)}


def loss_log_of_stable_sigmoid(theta, X, y, reg=0.0):
    z = X @ theta
    h = np.exp(-np.logaddexp(0, -z))
    return {"loss": np.mean(-y * np.log(h) - (1 - y) * np.log(1 - h)) + reg * 0.5 * np.sum(theta[1:] ** 2)}


def loss_log_of_sigmoid_dot(theta, X, y, reg=0.0):
    h = 1 / (1 + np.exp(-(X @ theta)))
    m = len(y)
    return {"loss": (-y.dot(np.log(h)) - (1 - y).dot(np.log(1 - h))) / m
            + reg / 2 * np.sum(theta[1:] ** 2)}


def predict_probability_at_0(theta, X):
    return (1 / (1 + np.exp(-np.clip(X @ theta, -500, 500))) >= 0).astype(int)


def predict_strictly_above_half(theta, X):
    return (1 / (1 + np.exp(-np.clip(X @ theta, -500, 500))) > 0.5).astype(int)


def predict_column(theta, X):
    return (len(X), 1)


def predict_booleans_at_half(theta, X):
    return 1 / (1 + np.exp(-np.clip(X @ theta, -500, 500))) >= 0.5


def predict_booleans_above_half(theta, X):
    return 1 / (1 + np.exp(-np.clip(X @ theta, -500, 500))) > 0.5


def _sgd(X, y, lr, reg, batch_size, epochs, seed, step, batches=None):
    theta = np.zeros(X.shape[1])
    for e in range(epochs):
        order = np.random.default_rng(seed + e).permutation(len(y))
        starts = list(range(0, len(y), batch_size)) if batches is None else batches
        for start in starts:
            idx = order[start:start + batch_size]
            _, grad = _data_part(theta, X[idx], y[idx])
            theta_r = theta.copy()
            theta_r[0] = 0
            theta = step(theta, grad + reg * theta_r, lr, len(idx))
    return theta


def sgd_ascent(X, y, lr=0.1, reg=0.0, batch_size=32, epochs=20, seed=0):
    return _sgd(X, y, lr, reg, batch_size, epochs, seed, lambda t, g, lr, n: t + lr * g)


def sgd_lr_over_batch(X, y, lr=0.1, reg=0.0, batch_size=32, epochs=20, seed=0):
    return _sgd(X, y, lr, reg, batch_size, epochs, seed, lambda t, g, lr, n: t - lr * g / n)


def sgd_first_batch(X, y, lr=0.1, reg=0.0, batch_size=32, epochs=20, seed=0):
    return _sgd(X, y, lr, reg, batch_size, epochs, seed, lambda t, g, lr, n: t - lr * g, batches=[0])


MISCONCEPTIONS = [
    # ----------------------------------------------------------- perceptron.py
    misconception(
        "perceptron_predict_ge_zero",
        "Where the score X @ w + b is exactly 0 you predict 1; predict 1 only for a strictly "
        "positive score: use `> 0`, not `>= 0`.",
        values(PREDICT, predict_ge_zero), values(TRAIN, train_ge_zero)),
    misconception(
        "perceptron_labels_plus_minus_one",
        "Your predictions are −1 where they should be 0: this course's labels are 0 and 1, so "
        "predict 0 when the score is not positive (and update with y_i − pred for 0/1 labels).",
        values(PREDICT, predict_plus_minus_one), values(TRAIN, train_plus_minus_one)),
    misconception(
        "perceptron_zero_score_is_mistake",
        "You count a sample whose score is exactly 0 as a mistake even when its label is 0; with "
        "0/1 labels a score of 0 predicts 0. Update only where the prediction differs from the label.",
        values(TRAIN, train_margin_rule)),
    misconception(
        "perceptron_no_early_stop",
        "Your `mistakes` list goes on after an epoch with no mistakes: stop right after the first "
        "epoch with 0 mistakes (its 0 is the last entry).",
        values(TRAIN, train_all_epochs)),
    misconception(
        "perceptron_stops_after_first_epoch",
        "You return after the first epoch: move the `return` after the epoch loop so that training "
        "runs until an epoch has no mistakes or `max_epochs` is reached.",
        values(TRAIN, train_one_epoch)),
    misconception(
        "perceptron_one_epoch_short",
        "You stop one epoch before `max_epochs`: when mistakes remain, training runs exactly "
        "max_epochs epochs.",
        values(TRAIN, train_one_epoch_short)),
    misconception(
        "perceptron_threshold_half",
        "You compare the score with 0.5; the perceptron's threshold is 0 (0.5 is the threshold for "
        "a sigmoid probability, not for X @ w + b).",
        values(PREDICT, predict_threshold_half), values(TRAIN, train_threshold_half)),
    misconception(
        "perceptron_no_epoch_limit",
        "Training never ends on data that is not linearly separable: stop after `max_epochs` epochs "
        "even if mistakes remain.",
        crash(TRAIN, never_separates, error="timeout")),
    misconception(
        "perceptron_bias_step_added_to_weights",
        "On a mistake you also add the bias step lr*(y − pred) to every weight: update b by "
        "lr*(y − pred) and w by lr*(y − pred)*x_i, separately.",
        values(TRAIN, train_bias_step_on_weights)),
    misconception(
        "perceptron_update_without_lr",
        "Your update leaves out the learning rate: w += lr * (y_i − pred) * x_i and "
        "b += lr * (y_i − pred).",
        values(TRAIN, train_w_without_lr), values(TRAIN, train_b_without_lr),
        values(TRAIN, train_without_lr)),
    misconception(
        "perceptron_drops_final_zero",
        "Your `mistakes` list misses the last epoch, the one with 0 mistakes: append each epoch's "
        "count before checking whether to stop.",
        values(TRAIN, train_without_final_zero)),
    misconception(
        "perceptron_predict_forgets_bias",
        "Your predictions leave out the bias: the score is X @ w + b.",
        values(PREDICT, predict_without_bias)),
    misconception(
        "perceptron_predict_returns_bool",
        "Your predictions are booleans: return integers 0 and 1, e.g. (scores > 0).astype(int).",
        values(PREDICT, predict_booleans)),
    misconception(
        "collapse_forgets_b1",
        "Your bias leaves out the first layer's bias: X @ W1 + b1 passed through W2 gives "
        "b = b1 @ W2 + b2.",
        values("perceptron.collapse_linear", collapse_without_b1)),
    misconception(
        "mlp3_missing_first_sigmoid",
        "Your first layer has no sigmoid: h1 = sigmoid(X @ W1 + b1) before the second layer.",
        values("perceptron.mlp3_forward", mlp3_no_first_sigmoid)),
    misconception(
        "mlp3_tanh_for_sigmoid",
        "You use tanh as the hidden activation; this network uses the sigmoid, 1 / (1 + exp(−z)).",
        values("perceptron.mlp3_forward", mlp3_tanh)),
    # ---------------------------------------------------------- activations.py
    misconception(
        "sigmoid_backward_uses_input",
        "Your sigmoid gradient uses x where it needs s = sigmoid(x): dx = dout * s * (1 − s), so "
        "keep the forward's output in the cache.",
        values("activations.sigmoid_backward", sigmoid_backward_with_x)),
    misconception(
        "tanh_derivative_not_squared",
        "The derivative of tanh is 1 − t**2 (t = tanh(x)), not 1 − t.",
        values("activations.tanh_backward", tanh_backward_not_squared)),
    misconception(
        "relu_gradient_1_at_0",
        "ReLU's gradient at exactly 0 should be 0 (as in PyTorch): pass dout only where x > 0.",
        values("activations.relu_backward", relu_backward_ge)),
    misconception(
        "leaky_relu_gradient_0_at_0",
        "Your LeakyReLU gradient at exactly 0 is 0; as in PyTorch it is the slope there (x <= 0 "
        "gets slope * dout).",
        values("activations.leaky_relu_backward", leaky_relu_backward_zero_at_kink)),
    misconception(
        "leaky_relu_slope_swapped",
        "Your LeakyReLU gradient puts the slope on the positive side: dx = dout where x > 0 and "
        "slope * dout elsewhere.",
        values("activations.leaky_relu_backward", leaky_relu_backward_swapped)),
    misconception(
        "elu_gradient_1_at_0",
        "Your ELU gradient at exactly 0 is 1; as in PyTorch it is alpha there (x <= 0 gets "
        "alpha * exp(x) * dout).",
        values("activations.elu_backward", elu_backward_ge)),
    misconception(
        "maxout_tie_to_second",
        "On a tie between the two pieces you send the gradient to the second one; the whole "
        "gradient goes to the first piece (use >= when choosing it).",
        values("activations.maxout_backward", maxout_tie_to_second)),
    misconception(
        "bias_gradient_wrong_axis",
        "Your bias gradient sums over the wrong axis: sum over the samples, axis 0, to get one "
        "value per unit.",
        values("activations.maxout_backward", maxout_db1_over_samples),
        values("activations.maxout_backward", maxout_db2_over_samples),
        values("activations.maxout_backward", maxout_biases_over_samples)),
    misconception(
        "maxout_dx_one_piece",
        "Your dx comes from the first piece only: x feeds both pieces, so add both paths, "
        "dx = d1 @ W1.T + d2 @ W2.T.",
        values("activations.maxout_backward", maxout_dx_first_piece)),
    misconception(
        "sigmoid_naive_overflow",
        "np.exp(-z) overflows for z below about −709: compute exp only of non-positive numbers, "
        "1/(1+exp(−z)) where z ≥ 0 and exp(z)/(1+exp(z)) where z < 0.",
        unstable(SIGMOID, naive_sigmoid), unstable("activations.sigmoid_forward", naive_sigmoid_forward)),
    misconception(
        "elu_exp_of_positive_inputs",
        "np.exp(x) overflows for large positive x even though np.where then discards it (both "
        "branches are computed): take exp of np.minimum(x, 0) only.",
        unstable("activations.elu_forward", elu_exp_everywhere)),
    misconception(
        "relu_forward_changes_x",
        "Your relu_forward sets entries of x to 0 in place, which changes the caller's array: "
        "build the output as a new array, e.g. np.maximum(x, 0).",
        in_place("activations.relu_forward", "x")),
    misconception(
        "sigmoid_backward_changes_dout",
        "Your sigmoid_backward multiplies dout in place (dout *= ...), which changes the caller's "
        "array: compute dx = dout * s * (1 − s) as a new array.",
        in_place("activations.sigmoid_backward", "dout")),
    # ------------------------------------------------------------- logistic.py
    misconception(
        "logistic_loss_regularises_bias",
        "Your regularisation includes theta[0], the bias: sum theta[1:]**2 only.",
        values(LOSS, loss_with_bias_regularised), values(LOSS, loss_with_bias_regularised_over_m)),
    misconception(
        "logistic_grad_regularises_bias",
        "Your gradient regularises theta[0], the bias: its gradient has no reg term (use reg * "
        "theta with the first entry set to 0).",
        values(LOSS, grad_with_bias_regularised)),
    misconception(
        "logistic_grad_without_1_over_m",
        "Your gradient is not divided by the number of examples m: the loss is a mean, so its "
        "gradient is X.T @ (h − y) / m.",
        values(LOSS, grad_without_1_over_m)),
    misconception(
        "logistic_loss_sum_not_mean",
        "Your loss sums over the examples; it is the mean over the m examples.",
        values(LOSS, loss_summed)),
    misconception(
        "logistic_grad_zeroes_bias",
        "Your gradient for theta[0] is 0: leave the bias out of the regularisation only; its data "
        "part mean(h − y) still counts.",
        values(LOSS, grad_bias_zeroed)),
    misconception(
        "logistic_grad_reg_wrong_scale",
        "The regularisation part of your gradient is not reg * theta[1:]: the derivative of "
        "reg * 0.5 * sum(theta[1:]**2) is reg * theta[1:], with no extra 1/m.",
        values(LOSS, grad_reg_over_m_squared), values(LOSS, grad_reg_over_m_squared_bias_zeroed)),
    misconception(
        "logistic_theta_column",
        "Your gradient is a column vector: theta is a 1-D array of shape (D,), so keep the gradient "
        "1-D (no column vectors).",
        shape(LOSS, grad_as_column)),
    misconception(
        "logistic_loss_log_of_sigmoid",
        "log(h) or log(1 − h) takes the log of 0 once h rounds to 0 or 1 (about |X @ theta| > 37): "
        "write the loss in terms of z = X @ theta, e.g. mean(logaddexp(0, z) − y*z).",
        unstable(LOSS, loss_log_of_sigmoid), unstable(LOSS, loss_log_of_stable_sigmoid),
        unstable(LOSS, loss_log_of_sigmoid_dot)),
    misconception(
        "logistic_predict_probability_threshold_0",
        "You compare the probability sigmoid(X @ theta) with 0, which always holds: compare it "
        "with 0.5 (that is, X @ theta with 0).",
        values(LOGISTIC_PREDICT, predict_probability_at_0)),
    misconception(
        "logistic_predict_strict_half",
        "Where X @ theta is exactly 0 (h = 0.5) you predict 0; predict 1 where h ≥ 0.5, that is "
        "where X @ theta ≥ 0.",
        values(LOGISTIC_PREDICT, predict_strictly_above_half)),
    misconception(
        "logistic_predict_not_int_vector",
        "Your predictions are a column or booleans: return a 1-D integer array of shape (m,), e.g. "
        "(X @ theta >= 0).astype(int).",
        shape(LOGISTIC_PREDICT, predict_column), values(LOGISTIC_PREDICT, predict_booleans_at_half),
        values(LOGISTIC_PREDICT, predict_booleans_above_half)),
    misconception(
        "sgd_gradient_ascent",
        "You step along the gradient, which climbs the loss: theta = theta − lr * grad.",
        values(SGD, sgd_ascent)),
    misconception(
        "sgd_lr_divided_by_batch",
        "You divide the step by the batch size, but the loss is already a mean over the batch: "
        "theta = theta − lr * grad.",
        values(SGD, sgd_lr_over_batch)),
    misconception(
        "sgd_first_batch_only",
        "Each epoch you take one step, on the first batch only: loop over all batches of the "
        "shuffled order, one step each.",
        values(SGD, sgd_first_batch)),
]
