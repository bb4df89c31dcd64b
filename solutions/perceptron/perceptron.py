"""The perceptron, Rosenblatt's learning rule, and stacked linear layers.

Convention: a batch of inputs is a row-per-sample array ``X`` of shape
``(N, D)``; a layer computes ``X @ W + b`` with ``W`` of shape ``(D, H)`` and
``b`` of shape ``(H,)``. No function modifies its inputs.
"""

import numpy as np


def perceptron_predict(X, w, b):
    """Predict 0/1 labels with a perceptron (a linear unit with a step activation).

    For each row ``x_i`` of ``X``::

        pred_i = 1  if  x_i . w + b > 0
        pred_i = 0  otherwise (in particular when x_i . w + b == 0)

    Args:
        X: array of shape (N, D), one sample per row.
        w: weight vector of shape (D,).
        b: bias, a scalar.

    Returns:
        pred: integer ndarray of shape (N,) with values in {0, 1}.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    scores = X @ w + float(b)
    return (scores > 0).astype(np.int64)
    ### END SOLUTION


def perceptron_train(X, y, lr=1.0, max_epochs=100):
    """Train a perceptron with Rosenblatt's learning rule.

    Start from ``w = 0`` (float64, shape (D,)) and ``b = 0.0``. One epoch
    visits the samples in order ``i = 0, 1, ..., N-1``; for each sample:

        pred = 1 if x_i . w + b > 0 else 0      (using the current w, b)
        if pred != y_i (a mistake):
            w <- w + lr * (y_i - pred) * x_i
            b <- b + lr * (y_i - pred)

    After each epoch append that epoch's number of mistakes to ``mistakes``.
    Stop after the first epoch with zero mistakes (its 0 is appended too) or
    after ``max_epochs`` epochs, whichever comes first.

    Args:
        X: array of shape (N, D), one sample per row.
        y: array of shape (N,) of labels in {0, 1}.
        lr: learning rate, a positive float.
        max_epochs: maximum number of epochs, a positive int.

    Returns:
        (w, b, mistakes):
        w: float64 ndarray of shape (D,).
        b: Python float.
        mistakes: list of Python ints, one per epoch run
            (1 <= len(mistakes) <= max_epochs).

    ``X`` and ``y`` are not modified.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    N, D = X.shape
    w = np.zeros(D, dtype=np.float64)
    b = 0.0
    mistakes = []
    for _ in range(max_epochs):
        count = 0
        for i in range(N):
            pred = 1 if X[i] @ w + b > 0 else 0
            err = float(y[i]) - pred
            if err != 0:
                w += lr * err * X[i]
                b += lr * err
                count += 1
        mistakes.append(int(count))
        if count == 0:
            break
    return w, float(b), mistakes
    ### END SOLUTION


def collapse_linear(W1, b1, W2, b2):
    """Collapse two stacked linear (affine) layers into a single one.

    Find ``W`` and ``b`` such that, for every input batch ``X`` of shape
    (N, D)::

        X @ W + b  ==  (X @ W1 + b1) @ W2 + b2

    This is why stacking linear layers without a nonlinearity in between adds
    no expressive power.

    Args:
        W1: array of shape (D, H).
        b1: array of shape (H,).
        W2: array of shape (H, O).
        b2: array of shape (O,).

    Returns:
        (W, b): float64 ndarrays of shapes (D, O) and (O,).
    """
    ### BEGIN SOLUTION
    W1 = np.asarray(W1, dtype=np.float64)
    b1 = np.asarray(b1, dtype=np.float64)
    W2 = np.asarray(W2, dtype=np.float64)
    b2 = np.asarray(b2, dtype=np.float64)
    W = W1 @ W2
    b = b1 @ W2 + b2
    return W, b
    ### END SOLUTION


def mlp3_forward(X, W1, b1, W2, b2, W3, b3):
    """Forward pass of the lecture's 3-layer network (row-vector form).

    With ``sigmoid(z) = 1 / (1 + exp(-z))`` applied elementwise::

        h1  = sigmoid(X  @ W1 + b1)     # (N, H1)
        h2  = sigmoid(h1 @ W2 + b2)     # (N, H2)
        out = h2 @ W3 + b3              # (N, O), no activation on the output

    (The lecture writes the same network for one column vector,
    ``f(np.dot(W1, x) + b1)``; here each sample is a row of ``X``.)

    Args:
        X: array of shape (N, D).
        W1: (D, H1), b1: (H1,), W2: (H1, H2), b2: (H2,), W3: (H2, O), b3: (O,).

    Returns:
        out: float64 ndarray of shape (N, O).
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    params = [np.asarray(p, dtype=np.float64) for p in (W1, b1, W2, b2, W3, b3)]
    W1, b1, W2, b2, W3, b3 = params

    h = X
    for W, b in ((W1, b1), (W2, b2)):
        z = h @ W + b
        e = np.exp(-np.abs(z))
        h = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    out = h @ W3 + b3
    return out
    ### END SOLUTION
