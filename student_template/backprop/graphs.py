"""The lecture's worked backpropagation examples, forward and backward by hand.

Each function evaluates a small computational graph (the forward pass) and
then walks it backwards, multiplying each upstream gradient by the local
gradient of each node (the backward pass). No function modifies its inputs.
"""

import numpy as np


def simple_graph(x, y, z):
    """The lecture's first example, ``f(x, y, z) = (x + y) * z``.

    As a graph: an add node ``q = x + y`` then a multiply node ``f = q * z``.
    Lecture values: ``x = -2, y = 5, z = -4`` give ``f = -12`` and
    ``(df/dx, df/dy, df/dz) = (-4, -4, 3)``.

    Args:
        x, y, z: floats.

    Returns:
        (f, (dfdx, dfdy, dfdz)): ``f`` and the three partial derivatives,
        each a float (a Python float, NumPy scalar or 0-d array). Note the
        nested tuple.
    """
    raise NotImplementedError("simple_graph: not implemented yet")


def sigmoid_neuron(w, x):
    """The lecture's second example, a 2-input sigmoid neuron::

        f(w, x) = sigmoid(w0*x0 + w1*x1 + w2) = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))

    ``w2`` is the bias. Lecture values: ``w = [2, -3, -3]``, ``x = [-1, -2]``
    give ``f = 0.7311``, ``df/dw = [-0.1966, -0.3932, 0.1966]`` and
    ``df/dx = [0.3932, -0.5898]``.

    Args:
        w: array of shape (3,).
        x: array of shape (2,).

    Returns:
        (f, dw, dx): ``f`` a float (Python float, NumPy scalar or 0-d array);
        ``dw = df/dw`` float64 ndarray of shape (3,); ``dx = df/dx`` float64
        ndarray of shape (2,).
    """
    raise NotImplementedError("sigmoid_neuron: not implemented yet")


def matrix_example(X, W1, W2):
    """The lecture's homework, a matrix example::

        z1    = X @ W1          # (N, H)
        h1    = relu(z1)        # (N, H), relu(z) = max(0, z)
        y_hat = h1 @ W2         # (N, K)
        L     = sum(y_hat**2)   # the squared Frobenius norm, a scalar

    Return ``L`` and its gradients with respect to ``W1`` and ``W2``. The
    ReLU's derivative at exactly 0 is taken to be 0.

    Args:
        X: array of shape (N, D).
        W1: array of shape (D, H).
        W2: array of shape (H, K).

    Returns:
        (L, dW1, dW2): ``L`` a float (Python float, NumPy scalar or 0-d
        array); ``dW1`` float64 ndarray (D, H); ``dW2`` float64 ndarray (H, K).
    """
    raise NotImplementedError("matrix_example: not implemented yet")
