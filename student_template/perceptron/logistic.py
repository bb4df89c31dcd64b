"""Binary logistic regression: a stable sigmoid, the regularised
cross-entropy loss and its gradient, prediction, and minibatch SGD.

``X`` has shape ``(m, D)`` with column 0 all ones (the bias feature), so
``theta[0]`` is the bias; labels ``y`` have shape ``(m,)`` with values in
{0, 1}. No function modifies its inputs.
"""

import numpy as np


def sigmoid(z):
    """The logistic function, elementwise: ``sigmoid(z) = 1 / (1 + exp(-z))``.

    Must be numerically stable: no overflow, divide-by-zero or invalid-value
    warning and no NaN for ``|z|`` up to 1e4; results lie in [0, 1].

    Args:
        z: a float or an array of any shape.

    Returns:
        float64 ndarray of ``z``'s shape (a 0-d array for a scalar input).
    """
    raise NotImplementedError("sigmoid: not implemented yet")


def logistic_loss(theta, X, y, reg=0.0):
    """Regularised cross-entropy loss of logistic regression and its gradient.

    With ``h = sigmoid(X @ theta)`` (shape (m,))::

        loss = mean_i( -y_i log h_i - (1 - y_i) log(1 - h_i) )
               + reg * 0.5 * sum(theta[1:] ** 2)

    The mean is over the m samples. The bias ``theta[0]`` is NOT regularised.
    The gradient is::

        grad = X.T @ (h - y) / m + reg * theta_r

    where ``theta_r`` equals ``theta`` except ``theta_r[0] = 0`` (the bias
    gets no regularisation gradient).

    Must be computed stably: the loss is finite and no warning is raised even
    when ``|X @ theta|`` is large (e.g. 1e4, as for separable data), where
    ``h`` rounds to exactly 0 or 1.

    Args:
        theta: parameters of shape (D,).
        X: array of shape (m, D), column 0 all ones.
        y: labels of shape (m,), values in {0, 1}.
        reg: L2 regularisation strength (>= 0).

    Returns:
        (loss, grad): ``loss`` a float (or NumPy scalar / 0-d array);
        ``grad`` float64 ndarray of shape (D,).
    """
    raise NotImplementedError("logistic_loss: not implemented yet")


def logistic_predict(theta, X):
    """Predict 0/1 labels: 1 where ``X @ theta >= 0`` (i.e. ``h >= 0.5``), else 0.

    Args:
        theta: parameters of shape (D,).
        X: array of shape (m, D), column 0 all ones.

    Returns:
        integer ndarray of shape (m,) with values in {0, 1}.
    """
    raise NotImplementedError("logistic_predict: not implemented yet")


def sgd_train(X, y, lr=0.1, reg=0.0, batch_size=32, epochs=20, seed=0):
    """Train logistic regression by minibatch stochastic gradient descent.

    Start from ``theta = 0`` (float64, shape (D,)). For each epoch
    ``e = 0, 1, ..., epochs - 1``:

    - shuffle with ``perm = np.random.default_rng(seed + e).permutation(m)``;
    - split ``perm`` in order into consecutive batches of ``batch_size``
      indices (the last batch may be smaller) and, for each batch ``B`` in
      turn, take one step on that batch's loss (the same loss as
      ``logistic_loss``, including the ``reg`` term)::

          theta <- theta - lr * grad of logistic_loss(theta, X[B], y[B], reg)

    Args:
        X: array of shape (m, D), column 0 all ones.
        y: labels of shape (m,), values in {0, 1}.
        lr: learning rate.
        reg: L2 regularisation strength (bias not regularised).
        batch_size: number of samples per batch (a positive int).
        epochs: number of passes over the data.
        seed: base seed of the per-epoch shuffles.

    Returns:
        theta: float64 ndarray of shape (D,).
    """
    raise NotImplementedError("sgd_train: not implemented yet")
