"""Loss functions with their gradients, and the softmax.

Each loss returns ``(loss, gradient)``: the loss is a float (a Python float,
a NumPy scalar or a 0-d array) and the gradient is a float64 ndarray of the
shape of the predictions. Each docstring states what the loss averages over.
No function modifies its inputs.
"""

import numpy as np


def quadratic_loss(y, y_star):
    """Quadratic loss (half the mean squared error per sample) and its gradient.

    With ``N = y.shape[0]`` the batch size::

        J  = sum((y - y_star)**2) / (2 * N)      # sum over all elements, / 2N
        dy = dJ/dy = (y - y_star) / N

    For one scalar prediction (N = 1) this is the lecture's
    ``J = 1/2 (y - y*)**2`` with ``dJ/dy = y - y*``.

    Args:
        y: predictions, array of shape (N, K).
        y_star: targets, array of shape (N, K).

    Returns:
        (J, dy): ``J`` a float, ``dy`` float64 ndarray of shape (N, K).
    """
    raise NotImplementedError("quadratic_loss: not implemented yet")


def binary_cross_entropy(y, y_star):
    """Binary cross-entropy of predicted probabilities, and its gradient.

    With ``M = y.size`` the total number of elements (the mean is over ALL
    elements, as PyTorch's default ``reduction="mean"``)::

        J  = -mean( y_star * log(y) + (1 - y_star) * log(1 - y) )
        dy = dJ/dy = ( -y_star / y + (1 - y_star) / (1 - y) ) / M

    (The lecture's table drops the minus signs; this is the standard form,
    which is >= 0 and minimised when ``y = y_star``.)

    Args:
        y: predicted probabilities, strictly between 0 and 1, any shape.
        y_star: targets in [0, 1] (usually 0 or 1), of ``y``'s shape.

    Returns:
        (J, dy): ``J`` a float, ``dy`` float64 ndarray of ``y``'s shape.
    """
    raise NotImplementedError("binary_cross_entropy: not implemented yet")


def softmax(scores):
    """Row-wise softmax: turn each row of scores into probabilities::

        probs[i, k] = exp(scores[i, k]) / sum_l exp(scores[i, l])

    Each row of ``probs`` is positive (or 0 after underflow) and sums to 1.
    Must be numerically stable: no overflow, divide-by-zero or invalid-value
    warning and no NaN for scores up to 1e4 in magnitude. (Hint: softmax does
    not change when the same number is subtracted from every score of a row.)

    Args:
        scores: array of shape (N, K).

    Returns:
        probs: float64 ndarray of shape (N, K).
    """
    raise NotImplementedError("softmax: not implemented yet")


def softmax_cross_entropy(scores, labels):
    """Softmax followed by the cross-entropy (negative log-likelihood) of the
    correct classes, averaged over the N samples, and its gradient.

    With ``p = softmax(scores)`` row-wise and ``y_i = labels[i]``::

        loss    = -(1/N) * sum_i log p[i, y_i]
        dscores = dloss/dscores = (p - onehot(labels)) / N

    where ``onehot(labels)[i, k]`` is 1 if ``k == labels[i]`` else 0.

    Must be numerically stable: a finite loss, no warning and no NaN for
    scores up to 1e4 in magnitude, even when the correct class's
    probability rounds to 0 (compute ``log p`` from the scores with the
    log-sum-exp trick rather than taking the log of ``p``).

    Args:
        scores: array of shape (N, K).
        labels: integer array of shape (N,), values in ``0 .. K-1``.

    Returns:
        (loss, dscores): ``loss`` a float, ``dscores`` float64 ndarray (N, K).
    """
    raise NotImplementedError("softmax_cross_entropy: not implemented yet")
