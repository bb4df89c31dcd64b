"""What students get wrong in the backprop assignment, each mistake modelled
the way such a student writes the function (docs/student-mistakes.md has the
survey; ids are its ids, or name a catalogued mutant's idea).

A model receives the case's inputs by parameter name (backward tests add
`dout`, or `douts` for a gate with two outputs) and returns the values of the
leaves it models; the grader compares them with the student's
(autograder/misconception_models.py says how each kind of model is judged).  This
file stays with the instructor: the handout leaves it out.
"""
import numpy as np

from autograder.instructor import in_place, misconception, unstable, values

SOFTMAX = "losses.softmax"
CROSS_ENTROPY = "losses.softmax_cross_entropy"
NET = "two_layer_net.TwoLayerNet.loss"
TRAIN = "two_layer_net.train_two_layer_net"
STEP = "two_layer_net.sigmoid_regression_step"


def _array(value):
    return np.asarray(value, dtype=np.float64)


# -------------------------------------------------------------------- gates.py
def copy_backward_first(douts):
    return _array(douts[0])


def copy_backward_second(douts):
    return _array(douts[1])


def max_backward_dy_always(x, y, dout):
    return {"dy": _array(dout)}


def max_backward_both_always(x, y, dout):
    return {"dx": _array(dout), "dy": _array(dout)}


def max_backward_tie_to_y(x, y, dout):
    x_wins = _array(x) > _array(y)
    return np.where(x_wins, dout, 0.0), np.where(x_wins, 0.0, dout)


def multiply_backward_unswapped(x, y, dout):
    return _array(dout) * _array(x), _array(dout) * _array(y)


def reciprocal_backward_positive(x, dout):
    return _array(dout) / _array(x) ** 2


def scale_backward_without_a(dout):
    return _array(dout)


def sigmoid_backward_s_only(x, dout):
    s = 1 / (1 + np.exp(-np.clip(_array(x), -500, 500)))
    return _array(dout) * s


def naive_sigmoid_gate(x):
    return 1 / (1 + np.exp(-_array(x)))


# ------------------------------------------------------------------- graphs.py
def simple_graph_swapped(x, y, z):
    q = x + y
    return {"dfdx": q, "dfdy": q, "dfdz": z}


def sigmoid_neuron_sign(w, x):
    s = w[0] * x[0] + w[1] * x[1] + w[2]
    f = 1 / (1 + np.exp(-s))
    ds = (f - 1) * f
    return {"dw": np.array([x[0] * ds, x[1] * ds, ds]), "dx": np.array([w[0] * ds, w[1] * ds])}


def _matrix(X, W1, W2, mask=lambda z1: z1 > 0, factor=2.0):
    z1 = X @ W1
    h1 = np.maximum(z1, 0)
    y_hat = h1 @ W2
    dy_hat = factor * y_hat
    dh1 = dy_hat @ W2.T
    return {"dW1": X.T @ (dh1 * mask(z1)), "dW2": h1.T @ dy_hat}


def matrix_without_relu_mask(X, W1, W2):
    return {"dW1": _matrix(X, W1, W2, mask=lambda z1: 1.0)["dW1"]}


def matrix_without_factor_2(X, W1, W2):
    return _matrix(X, W1, W2, factor=1.0)


def matrix_relu_gradient_1_at_0(X, W1, W2):
    return {"dW1": _matrix(X, W1, W2, mask=lambda z1: z1 >= 0)["dW1"]}


# ------------------------------------------------------------------- losses.py
def quadratic_over_all_elements(y, y_star):
    diff = y - y_star
    return np.sum(diff ** 2) / (2 * y.size), diff / y.size


def bce_summed(y, y_star):
    return (-np.sum(y_star * np.log(y) + (1 - y_star) * np.log(1 - y)),
            -y_star / y + (1 - y_star) / (1 - y))


def _onehot(labels, K):
    onehot = np.zeros((len(labels), K))
    onehot[np.arange(len(labels)), labels] = 1
    return onehot


def softmax_unshifted(scores):
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


def softmax_batch_shift(scores):
    e = np.exp(scores - np.max(scores))
    return e / e.sum(axis=1, keepdims=True)


def _ce_from_probabilities(probs, labels):
    """-mean(log p[y]) and (p - onehot) / N, from probabilities however made."""
    N = len(labels)
    loss = -np.mean(np.log(probs[np.arange(N), labels]))
    return loss, (probs - _onehot(labels, probs.shape[1])) / N


def _row_shifted_probabilities(scores):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _log_softmax(scores, shift):
    shifted = scores - shift
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def ce_unshifted(scores, labels):
    return _ce_from_probabilities(softmax_unshifted(scores), labels)


def ce_unshifted_log_sum_exp(scores, labels):
    log_probs = _log_softmax(scores, 0.0)
    N = len(labels)
    return -np.mean(log_probs[np.arange(N), labels]), (np.exp(log_probs) - _onehot(labels, scores.shape[1])) / N


def ce_batch_shift(scores, labels):
    return _ce_from_probabilities(softmax_batch_shift(scores), labels)


def ce_batch_shift_log_sum_exp(scores, labels):
    log_probs = _log_softmax(scores, np.max(scores))
    N = len(labels)
    return -np.mean(log_probs[np.arange(N), labels]), (np.exp(log_probs) - _onehot(labels, scores.shape[1])) / N


def ce_log_of_probability(scores, labels):
    return _ce_from_probabilities(_row_shifted_probabilities(scores), labels)


def _reciprocal_gradient(probs, labels):
    """The chain rule through -log p_y: dL/dp_y = -1/p_y, times dp_y/ds, row by row."""
    N = len(labels)
    dscores = np.zeros_like(probs)
    for i in range(N):
        p_y = probs[i, labels[i]]
        dp_ds = -p_y * probs[i]
        dp_ds[labels[i]] = p_y - p_y ** 2
        dscores[i] = (-1.0 / p_y) * dp_ds / N
    return dscores


def ce_reciprocal_gradient(scores, labels):
    probs = _row_shifted_probabilities(scores)
    return ce_log_of_probability(scores, labels)[0], _reciprocal_gradient(probs, labels)


def ce_stable_loss_reciprocal_gradient(scores, labels):
    log_probs = _log_softmax(scores, scores.max(axis=1, keepdims=True))
    loss = -np.mean(log_probs[np.arange(len(labels)), labels])
    return loss, _reciprocal_gradient(np.exp(log_probs), labels)


def ce_stable(scores, labels):
    log_probs = _log_softmax(scores, scores.max(axis=1, keepdims=True))
    N = len(labels)
    return -np.mean(log_probs[np.arange(N), labels]), (np.exp(log_probs) - _onehot(labels, scores.shape[1])) / N


def ce_summed(scores, labels):
    loss, dscores = ce_stable(scores, labels)
    return loss * len(labels), dscores * len(labels)


def ce_without_one_hot(scores, labels):
    log_probs = _log_softmax(scores, scores.max(axis=1, keepdims=True))
    return {"dscores": np.exp(log_probs) / len(labels)}


# ------------------------------------------------------------ two_layer_net.py
def _sigmoid_step(x, y, w1, w2, lr, sigmoid, sign=-1.0):
    h = sigmoid(x @ w1)
    y_pred = h @ w2
    loss = np.sum((y_pred - y) ** 2)
    grad_y_pred = 2 * (y_pred - y)
    grad_w2 = h.T @ grad_y_pred
    grad_w1 = x.T @ (grad_y_pred @ w2.T * h * (1 - h))
    return loss, w1 + sign * lr * grad_w1, w2 + sign * lr * grad_w2


def _stable_sigmoid(z):
    return np.exp(-np.logaddexp(0, -z))


def regression_step_ascent(x, y, w1, w2, lr):
    return _sigmoid_step(x, y, w1, w2, lr, _stable_sigmoid, sign=1.0)


def regression_step_naive_sigmoid(x, y, w1, w2, lr):
    return _sigmoid_step(x, y, w1, w2, lr, lambda z: 1 / (1 + np.exp(-z)))


def _net(X, W1, b1, W2, b2, y=None, reg=0.0, data=ce_stable, with_b2=True, mask="z1", reg_loss=0.5,
         reg_grad=(1.0, 1.0), bias_reg=0.0, db2_axis=0):
    """The two-layer net's loss and gradients as students write them; the
    keywords are where the mistakes go."""
    z1 = X @ W1 + b1
    h = np.maximum(z1, 0)
    scores = h @ W2 + (b2 if with_b2 else 0.0)
    if y is None:
        return {"scores": scores}
    data_loss, dscores = data(scores, y)
    loss = data_loss + reg_loss * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    grads = {"W2": h.T @ dscores + reg_grad[1] * reg * W2, "b2": np.sum(dscores, axis=db2_axis)}
    dh = dscores @ W2.T
    dz1 = dh * (z1 > 0) if mask == "z1" else dh * (dh > 0)
    grads["W1"] = X.T @ dz1 + reg_grad[0] * reg * W1
    grads["b1"] = np.sum(dz1, axis=0)
    if bias_reg:
        grads["b1"], grads["b2"] = grads["b1"] + bias_reg * reg * b1, grads["b2"] + bias_reg * reg * b2
    return loss, grads


def _only(made, *names):
    """The loss (right: the mistake is in the gradients) and the named gradients
    of a (loss, grads) result, or nothing for a scores-only call."""
    if isinstance(made, dict):
        return None
    return {"loss": made[0], "grads": {name: made[1][name] for name in names}}


def net_without_b2(X, W1, b1, W2, b2, y=None, reg=0.0):
    return _net(X, W1, b1, W2, b2, y, reg, with_b2=False)


def net_reg_grad_2x_W1(X, W1, b1, W2, b2, y=None, reg=0.0):
    return _only(_net(X, W1, b1, W2, b2, y, reg, reg_grad=(2.0, 1.0)), "W1")


def net_reg_grad_2x_W2(X, W1, b1, W2, b2, y=None, reg=0.0):
    return _only(_net(X, W1, b1, W2, b2, y, reg, reg_grad=(1.0, 2.0)), "W2")


def net_reg_grad_2x_both(X, W1, b1, W2, b2, y=None, reg=0.0):
    return _only(_net(X, W1, b1, W2, b2, y, reg, reg_grad=(2.0, 2.0)), "W1", "W2")


def net_reg_grad_half_W1(X, W1, b1, W2, b2, y=None, reg=0.0):
    return _only(_net(X, W1, b1, W2, b2, y, reg, reg_grad=(0.5, 1.0)), "W1")


def net_reg_grad_half_W2(X, W1, b1, W2, b2, y=None, reg=0.0):
    return _only(_net(X, W1, b1, W2, b2, y, reg, reg_grad=(1.0, 0.5)), "W2")


def net_reg_grad_half_both(X, W1, b1, W2, b2, y=None, reg=0.0):
    return _only(_net(X, W1, b1, W2, b2, y, reg, reg_grad=(0.5, 0.5)), "W1", "W2")


def net_without_reg_loss(X, W1, b1, W2, b2, y=None, reg=0.0):
    made = _net(X, W1, b1, W2, b2, y, reg, reg_loss=0.0)
    return None if isinstance(made, dict) else {"loss": made[0]}


def net_l2_without_half(X, W1, b1, W2, b2, y=None, reg=0.0):
    made = _net(X, W1, b1, W2, b2, y, reg, reg_loss=1.0, reg_grad=(2.0, 2.0))
    return None if isinstance(made, dict) else {"loss": made[0], "grads": {"W1": made[1]["W1"],
                                                                           "W2": made[1]["W2"]}}


def net_biases_regularised(X, W1, b1, W2, b2, y=None, reg=0.0):
    return _only(_net(X, W1, b1, W2, b2, y, reg, bias_reg=1.0), "b1", "b2")


def net_db2_over_samples(X, W1, b1, W2, b2, y=None, reg=0.0):
    return _only(_net(X, W1, b1, W2, b2, y, reg, db2_axis=1), "b2")


def net_relu_mask_from_dh(X, W1, b1, W2, b2, y=None, reg=0.0):
    return _only(_net(X, W1, b1, W2, b2, y, reg, mask="dh"), "W1", "b1")


def _net_with(data):
    def model(X, W1, b1, W2, b2, y=None, reg=0.0):
        return _net(X, W1, b1, W2, b2, y, reg, data=data)
    model.__name__ = f"net_{data.__name__}"
    return model


def _train(X, y, W1, b1, W2, b2, lr, epochs, batch_size, seed, reg=0.0, shuffle=True, drop_last=False,
           write_back=True):
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    losses = []
    N = len(X)
    for e in range(epochs):
        order = np.random.default_rng(seed + e).permutation(N) if shuffle else np.arange(N)
        for start in range(0, N - batch_size + 1 if drop_last else N, batch_size):
            idx = order[start:start + batch_size]
            loss, grads = _net(X[idx], params["W1"], params["b1"], params["W2"], params["b2"], y[idx], reg)
            losses.append(loss)
            if write_back:
                params = {k: v - lr * grads[k] for k, v in params.items()}
    return {"losses": losses, "params": params}


def train_copy_updated(X, y, lr, epochs, batch_size, seed=0, reg=0.0, W1=None, b1=None, W2=None, b2=None):
    if W1 is None:  # the constructor's parameters: not modelled
        return None
    return _train(X, y, W1, b1, W2, b2, lr, epochs, batch_size, seed, reg, write_back=False)


def train_drops_last_batch(X, y, lr, epochs, batch_size, seed=0, reg=0.0, W1=None, b1=None, W2=None, b2=None):
    if W1 is None:
        return None
    return _train(X, y, W1, b1, W2, b2, lr, epochs, batch_size, seed, reg, drop_last=True)


def train_without_shuffling(X, y, lr, epochs, batch_size, seed=0, reg=0.0, W1=None, b1=None, W2=None, b2=None):
    if W1 is None:
        return None
    return _train(X, y, W1, b1, W2, b2, lr, epochs, batch_size, seed, reg, shuffle=False)


def train_returns_no_losses():
    return {"losses": []}


def constructor_b1_number_zero():
    return {"params": {"b1": 0}}


def constructor_b2_number_zero():
    return {"params": {"b2": 0}}


MISCONCEPTIONS = [
    # ----------------------------------------------------------------- gates.py
    misconception(
        "copy_gate_keeps_one_gradient",
        "A copy gate adds the gradients of its two outputs: dx = d1 + d2 (you return only one of them).",
        values("gates.CopyGate.backward", copy_backward_first),
        values("gates.CopyGate.backward", copy_backward_second)),
    misconception(
        "max_gate_gradient_to_both",
        "A max gate routes the gradient: only the input that won the maximum gets dout, the other gets 0.",
        values("gates.MaxGate.backward", max_backward_dy_always),
        values("gates.MaxGate.backward", max_backward_both_always)),
    misconception(
        "max_gate_tie_to_y",
        "On a tie (x == y) the whole gradient goes to x, the first input: x wins where x >= y.",
        values("gates.MaxGate.backward", max_backward_tie_to_y)),
    misconception(
        "multiply_gate_no_swap",
        "A multiply gate swaps its inputs: dx = dout * y and dy = dout * x.",
        values("gates.MultiplyGate.backward", multiply_backward_unswapped)),
    misconception(
        "reciprocal_gradient_sign",
        "The derivative of 1/x is −1/x**2: your gradient has the wrong sign.",
        values("gates.ReciprocalGate.backward", reciprocal_backward_positive)),
    misconception(
        "scale_gate_forgets_a",
        "A scale gate multiplies the gradient by its factor too: dx = a * dout.",
        values("gates.ScaleGate.backward", scale_backward_without_a)),
    misconception(
        "sigmoid_local_gradient_s",
        "The sigmoid's local gradient is s * (1 − s), not s: dx = dout * s * (1 − s).",
        values("gates.SigmoidGate.backward", sigmoid_backward_s_only)),
    misconception(
        "sigmoid_naive_overflow",
        "np.exp(-x) overflows for x below about −709: compute exp only of non-positive numbers, "
        "1/(1+exp(−x)) where x ≥ 0 and exp(x)/(1+exp(x)) where x < 0.",
        unstable("gates.SigmoidGate.forward", naive_sigmoid_gate),
        unstable(STEP, regression_step_naive_sigmoid)),
    misconception(
        "sigmoid_gate_changes_dout",
        "Your SigmoidGate.backward multiplies dout in place (dout *= ...), which changes the caller's "
        "array: compute dx = dout * s * (1 − s) as a new array.",
        in_place("gates.SigmoidGate.backward", "dout")),
    # ---------------------------------------------------------------- graphs.py
    misconception(
        "simple_graph_swaps_q_z",
        "In f = q * z the gradient of q is z and the gradient of z is q (a multiply node swaps its "
        "inputs): df/dq = z, df/dz = q.",
        values("graphs.simple_graph", simple_graph_swapped)),
    misconception(
        "sigmoid_derivative_sign",
        "The sigmoid's derivative is (1 − f) * f, which is positive: yours has the opposite sign.",
        values("graphs.sigmoid_neuron", sigmoid_neuron_sign)),
    misconception(
        "matrix_relu_mask_missing",
        "Your dW1 skips the ReLU: multiply the gradient by the ReLU's local gradient, (z1 > 0), "
        "before X.T @ ...",
        values("graphs.matrix_example", matrix_without_relu_mask)),
    misconception(
        "matrix_square_factor_2",
        "The derivative of sum(y_hat**2) is 2 * y_hat: your gradients miss the factor 2.",
        values("graphs.matrix_example", matrix_without_factor_2)),
    misconception(
        "relu_gradient_1_at_0",
        "ReLU's gradient at exactly 0 should be 0 (as in PyTorch): pass the gradient only where z1 > 0.",
        values("graphs.matrix_example", matrix_relu_gradient_1_at_0)),
    # ---------------------------------------------------------------- losses.py
    misconception(
        "quadratic_mean_over_all_elements",
        "The quadratic loss divides by 2N with N the batch size (the number of rows), not by the "
        "number of elements.",
        values("losses.quadratic_loss", quadratic_over_all_elements)),
    misconception(
        "bce_sum_not_mean",
        "Your binary cross-entropy is a sum: it is the mean over all elements (and its gradient is "
        "divided by their number).",
        values("losses.binary_cross_entropy", bce_summed)),
    misconception(
        "softmax_no_max_shift",
        "np.exp overflows for scores above about 709: subtract each row's maximum from the scores "
        "before np.exp (the softmax does not change).",
        unstable(SOFTMAX, softmax_unshifted), unstable(CROSS_ENTROPY, ce_unshifted),
        unstable(CROSS_ENTROPY, ce_unshifted_log_sum_exp), unstable(NET, _net_with(ce_unshifted)),
        unstable(NET, _net_with(ce_unshifted_log_sum_exp))),
    misconception(
        "softmax_global_max_shift",
        "You subtract the maximum of the whole batch: a row far below it underflows to all zeros. "
        "Subtract each row's own maximum, scores.max(axis=1, keepdims=True).",
        unstable(SOFTMAX, softmax_batch_shift), unstable(CROSS_ENTROPY, ce_batch_shift),
        unstable(CROSS_ENTROPY, ce_batch_shift_log_sum_exp), unstable(NET, _net_with(ce_batch_shift)),
        unstable(NET, _net_with(ce_batch_shift_log_sum_exp))),
    misconception(
        "softmax_ce_log_of_underflowed_probability",
        "Your loss takes log of a probability that has underflowed to 0: compute log-probabilities "
        "directly, shifted − log(sum(exp(shifted))), and take −log_probs[y].",
        unstable(CROSS_ENTROPY, ce_log_of_probability), unstable(NET, _net_with(ce_log_of_probability))),
    misconception(
        "softmax_ce_gradient_through_reciprocal",
        "Your gradient divides by the probability of the correct class, which can be 0: use the "
        "closed form dscores = (probs − one_hot(y)) / N.",
        unstable(CROSS_ENTROPY, ce_reciprocal_gradient),
        unstable(CROSS_ENTROPY, ce_stable_loss_reciprocal_gradient),
        unstable(NET, _net_with(ce_reciprocal_gradient)),
        unstable(NET, _net_with(ce_stable_loss_reciprocal_gradient))),
    misconception(
        "softmax_ce_without_1_over_N",
        "The loss is not divided by the batch size N: it is the mean over the N samples, and its "
        "gradient is (probs − one_hot) / N.",
        values(CROSS_ENTROPY, ce_summed)),
    misconception(
        "softmax_ce_gradient_forgets_one_hot",
        "Your gradient is probs / N: subtract 1 at each row's correct class, (probs − one_hot(y)) / N.",
        values(CROSS_ENTROPY, ce_without_one_hot)),
    misconception(
        "softmax_changes_scores",
        "Your softmax subtracts the row maximum from scores in place, which changes the caller's "
        "array: shifted = scores − scores.max(axis=1, keepdims=True) makes a new one.",
        in_place(SOFTMAX, "scores")),
    # --------------------------------------------------------- two_layer_net.py
    misconception(
        "regression_step_ascent",
        "You step along the gradient, which climbs the loss: w_new = w − lr * dloss/dw.",
        values(STEP, regression_step_ascent)),
    misconception(
        "regression_step_changes_weights",
        "Your step updates w1 and w2 in place (w1 -= ...), which changes the caller's arrays: "
        "return new arrays, w1_new = w1 − lr * grad_w1.",
        in_place(STEP, "w1", "w2")),
    misconception(
        "net_scores_without_b2",
        "Your scores leave out the second layer's bias: scores = h @ W2 + b2.",
        values(NET, net_without_b2)),
    misconception(
        "reg_gradient_2x",
        "The regularisation part of your weight gradient is 2 * reg * W: the derivative of "
        "0.5 * reg * sum(W**2) is reg * W.",
        values(NET, net_reg_grad_2x_W1), values(NET, net_reg_grad_2x_W2), values(NET, net_reg_grad_2x_both)),
    misconception(
        "reg_gradient_half",
        "The regularisation part of your weight gradient is 0.5 * reg * W: the derivative of "
        "0.5 * reg * sum(W**2) is reg * W (the 2 of the square cancels the 0.5).",
        values(NET, net_reg_grad_half_W1), values(NET, net_reg_grad_half_W2),
        values(NET, net_reg_grad_half_both)),
    misconception(
        "reg_missing_from_loss",
        "Your loss leaves out the regularisation: add 0.5 * reg * (sum(W1**2) + sum(W2**2)).",
        values(NET, net_without_reg_loss)),
    misconception(
        "l2_without_half",
        "Your L2 term is reg * sum(W**2), twice this course's 0.5 * reg * sum(W**2) (and its gradient "
        "2 * reg * W twice reg * W): include the factor 0.5.",
        values(NET, net_l2_without_half)),
    misconception(
        "l2_regularises_biases_in_gradient",
        "Your bias gradients include reg * b, but the L2 term covers only W1 and W2: the biases' "
        "gradients have no regularisation part.",
        values(NET, net_biases_regularised)),
    misconception(
        "bias_gradient_wrong_axis",
        "Your bias gradient sums over the wrong axis: sum dscores over the samples, axis 0, to get "
        "one value per class.",
        values(NET, net_db2_over_samples)),
    misconception(
        "relu_mask_from_upstream",
        "The ReLU's gradient mask comes from its input z1 = X @ W1 + b1 (z1 > 0), not from the "
        "upstream gradient.",
        values(NET, net_relu_mask_from_dh)),
    misconception(
        "net_bias_not_float_array",
        "Your constructor sets a bias to the number 0: biases are float arrays of zeros, "
        "b1 = np.zeros(hidden_dim) and b2 = np.zeros(num_classes).",
        values("two_layer_net.TwoLayerNet", constructor_b1_number_zero),
        values("two_layer_net.TwoLayerNet", constructor_b2_number_zero)),
    misconception(
        "train_updates_a_copy",
        "Your training never changes net.params: `v = v - lr * g` only rebinds a local name; write "
        "the result back, net.params[k] = net.params[k] − lr * grads[k].",
        values(TRAIN, train_copy_updated)),
    misconception(
        "train_drops_last_batch",
        "You skip the last, smaller batch of each epoch: cut the shuffled order into batches of "
        "batch_size and keep the remainder as a last batch.",
        values(TRAIN, train_drops_last_batch)),
    misconception(
        "train_returns_no_losses",
        "Your `losses` list is empty: append each batch's loss as you train and return the list.",
        values(TRAIN, train_returns_no_losses)),
    misconception(
        "train_without_shuffling",
        "You visit the samples in their original order: shuffle each epoch with "
        "np.random.default_rng(seed + e).permutation(N).",
        values(TRAIN, train_without_shuffling)),
]
