"""Two-layer neural networks trained with hand-written backpropagation.

``sigmoid_regression_step`` is one iteration of the lecture's "2-layer
network in ~20 lines"; ``TwoLayerNet`` is an affine - ReLU - affine - softmax
classifier and ``train_two_layer_net`` trains it by minibatch SGD.

Convention: a batch of inputs is ``X`` of shape ``(N, D)``, one sample per
row; a layer computes ``X @ W + b``. No function modifies its inputs, except
that ``train_two_layer_net`` updates ``net.params``.
"""

import numpy as np


def sigmoid_regression_step(x, y, w1, w2, lr):
    """One gradient-descent iteration of the lecture's 2-layer regression net.

    Forward (no biases; ``sigmoid(z) = 1 / (1 + exp(-z))`` elementwise)::

        h      = sigmoid(x @ w1)             # (N, H)
        y_pred = h @ w2                      # (N, K)
        loss   = sum((y_pred - y)**2)        # summed, not averaged

    Then compute the gradients of ``loss`` with respect to ``w1`` and ``w2``
    by backpropagation and take one plain gradient step::

        w1_new = w1 - lr * dloss/dw1
        w2_new = w2 - lr * dloss/dw2

    The returned ``loss`` is the one computed with the old weights (before
    the step). ``x``, ``y``, ``w1`` and ``w2`` are not modified: return new
    arrays. The sigmoid must not overflow (no warning) for large ``|x @ w1|``.

    Args:
        x: inputs, array of shape (N, D).
        y: targets, array of shape (N, K).
        w1: array of shape (D, H).
        w2: array of shape (H, K).
        lr: learning rate, a float.

    Returns:
        (loss, w1_new, w2_new): ``loss`` a float; ``w1_new`` float64 ndarray
        (D, H); ``w2_new`` float64 ndarray (H, K).
    """
    raise NotImplementedError("sigmoid_regression_step: not implemented yet")


class TwoLayerNet:
    """A two-layer classifier: affine - ReLU - affine - softmax.

    For inputs ``X`` of shape (N, D)::

        h      = relu(X @ W1 + b1)           # (N, H), relu(z) = max(0, z)
        scores = h @ W2 + b2                 # (N, K)

    and the loss is the softmax cross-entropy of the scores averaged over the
    N samples, plus L2 regularisation of the weights (not the biases)::

        loss = -(1/N) sum_i log softmax(scores)[i, y_i]
               + 0.5 * reg * (sum(W1**2) + sum(W2**2))

    Attributes:
        params: dict of float64 ndarrays, ``"W1"`` (D, H), ``"b1"`` (H,),
            ``"W2"`` (H, K), ``"b2"`` (K,). Code outside the class (the
            grader, ``train_two_layer_net``) may read and replace them; the
            methods must always use the current contents of ``params``.
        reg: the L2 regularisation strength, a float >= 0.
    """

    def __init__(self, input_dim, hidden_dim, num_classes, weight_scale=1e-3, reg=0.0, seed=0):
        """Initialise the parameters and store ``reg``.

        With ``rng = np.random.default_rng(seed)``, ``D = input_dim``,
        ``H = hidden_dim`` and ``K = num_classes``, set, in this order::

            params["W1"] = weight_scale * rng.standard_normal((D, H))
            params["b1"] = np.zeros(H)
            params["W2"] = weight_scale * rng.standard_normal((H, K))
            params["b2"] = np.zeros(K)

        and ``self.reg = reg``.

        Args:
            input_dim: D, the number of input features.
            hidden_dim: H, the number of hidden units.
            num_classes: K, the number of classes.
            weight_scale: standard deviation of the initial weights.
            reg: L2 regularisation strength.
            seed: seed of the initialisation.
        """
        raise NotImplementedError("__init__: not implemented yet")

    def loss(self, X, y=None):
        """Scores, or the loss and its gradients, for a batch.

        Without labels (``y is None``) return the class scores ``(N, K)``
        (before the softmax). With labels return ``(loss, grads)``: the loss
        defined in the class docstring and ``grads``, a dict with the same keys
        as ``params`` holding the gradient of the loss with respect to each
        parameter (float64, the parameter's shape). The regularisation term
        contributes ``reg * W1`` and ``reg * W2`` to the weight gradients.
        ReLU'(0) is taken to be 0. The softmax cross-entropy must be
        numerically stable (no warning for large scores).

        Args:
            X: array of shape (N, D).
            y: None, or integer labels of shape (N,) with values in 0 .. K-1.

        Returns:
            scores, a float64 ndarray (N, K), if ``y`` is None; otherwise
            ``(loss, grads)`` with ``loss`` a float and ``grads`` a dict of
            float64 ndarrays keyed ``"W1", "b1", "W2", "b2"``.
        """
        raise NotImplementedError("loss: not implemented yet")


def train_two_layer_net(net, X, y, lr, epochs, batch_size, seed=0):
    """Train ``net`` by minibatch stochastic gradient descent.

    For each epoch ``e = 0, 1, ..., epochs - 1``:

    - shuffle with ``perm = np.random.default_rng(seed + e).permutation(N)``;
    - cut ``perm`` in order into consecutive batches of ``batch_size``
      indices (the last batch may be smaller) and, for each batch ``B`` in
      turn, compute ``loss, grads = net.loss(X[B], y[B])``, record ``loss``
      and update every parameter::

          net.params[k] <- net.params[k] - lr * grads[k]   for k in net.params

    ``net.params`` is updated (in place, or by storing the new arrays in the
    dict): when the function returns it holds the trained parameters.
    ``X`` and ``y`` are not modified.

    Args:
        net: a ``TwoLayerNet``.
        X: training inputs, array of shape (N, D).
        y: integer labels of shape (N,).
        lr: learning rate.
        epochs: number of passes over the data.
        batch_size: number of samples per batch (a positive int).
        seed: base seed of the per-epoch shuffles.

    Returns:
        losses: list of floats, the batch loss of every step in order
        (``epochs * ceil(N / batch_size)`` of them).
    """
    raise NotImplementedError("train_two_layer_net: not implemented yet")
