"""Activation functions as layers: forward and backward passes.

Every ``NAME_forward(x, ...)`` returns ``(out, cache)``, with ``out`` of the
same shape as ``x`` (float64); every ``NAME_backward(dout, cache)`` returns
the gradient of the loss with respect to the forward's input(s), given
``dout``, the gradient with respect to ``out``. ``cache`` is whatever your
backward needs; only your own backward reads it. No function modifies its
inputs (``x``, ``dout`` or the contents of ``cache``).

Kinks follow PyTorch: ReLU'(0) = 0, LeakyReLU'(0) = slope, ELU'(0) = alpha.
In maxout a tie between the two pieces sends the whole gradient to the first
piece.
"""

import numpy as np


def sigmoid_forward(x):
    """Sigmoid activation, elementwise: ``out = 1 / (1 + exp(-x))``.

    Must be numerically stable: no overflow warning, no NaN, for ``|x|`` up
    to 1e4 (results in [0, 1]).

    Args:
        x: array of any shape.

    Returns:
        (out, cache): ``out`` float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    cache = out.copy()
    return out, cache
    ### END SOLUTION


def sigmoid_backward(dout, cache):
    """Backward pass of the sigmoid.

    With ``s = sigmoid(x)``, the local derivative is ``s * (1 - s)``, so
    ``dx = dout * s * (1 - s)``.

    Args:
        dout: upstream gradient, same shape as the forward's ``out``.
        cache: the cache returned by ``sigmoid_forward``.

    Returns:
        dx: float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    s = cache
    dout = np.asarray(dout, dtype=np.float64)
    return dout * s * (1.0 - s)
    ### END SOLUTION


def tanh_forward(x):
    """Hyperbolic tangent activation, elementwise: ``out = tanh(x)``.

    Args:
        x: array of any shape.

    Returns:
        (out, cache): ``out`` float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    out = np.tanh(x)
    cache = out.copy()
    return out, cache
    ### END SOLUTION


def tanh_backward(dout, cache):
    """Backward pass of tanh.

    With ``t = tanh(x)``, the local derivative is ``1 - t**2``, so
    ``dx = dout * (1 - t**2)``.

    Args:
        dout: upstream gradient, same shape as the forward's ``out``.
        cache: the cache returned by ``tanh_forward``.

    Returns:
        dx: float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    t = cache
    dout = np.asarray(dout, dtype=np.float64)
    return dout * (1.0 - t * t)
    ### END SOLUTION


def relu_forward(x):
    """Rectified linear unit, elementwise: ``out = max(0, x)``.

    Args:
        x: array of any shape.

    Returns:
        (out, cache): ``out`` float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    mask = x > 0
    out = np.where(mask, x, 0.0)
    cache = mask
    return out, cache
    ### END SOLUTION


def relu_backward(dout, cache):
    """Backward pass of ReLU.

    The local derivative is 1 where ``x > 0`` and 0 where ``x < 0``; at the
    kink ``x == 0`` it is taken to be 0 (as PyTorch does).

    Args:
        dout: upstream gradient, same shape as the forward's ``out``.
        cache: the cache returned by ``relu_forward``.

    Returns:
        dx: float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    mask = cache
    dout = np.asarray(dout, dtype=np.float64)
    return np.where(mask, dout, 0.0)
    ### END SOLUTION


def leaky_relu_forward(x, slope=0.1):
    """Leaky ReLU, elementwise: ``out = x`` where ``x > 0``, else ``slope * x``.

    With the lecture's ``slope = 0.1`` this is ``max(0.1 x, x)``.

    Args:
        x: array of any shape.
        slope: the slope for negative inputs, a float in [0, 1).

    Returns:
        (out, cache): ``out`` float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    mask = x > 0
    out = np.where(mask, x, slope * x)
    cache = (mask, float(slope))
    return out, cache
    ### END SOLUTION


def leaky_relu_backward(dout, cache):
    """Backward pass of leaky ReLU.

    The local derivative is 1 where ``x > 0`` and ``slope`` where ``x < 0``;
    at the kink ``x == 0`` it is taken to be ``slope`` (as PyTorch does).

    Args:
        dout: upstream gradient, same shape as the forward's ``out``.
        cache: the cache returned by ``leaky_relu_forward``.

    Returns:
        dx: float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    mask, slope = cache
    dout = np.asarray(dout, dtype=np.float64)
    return np.where(mask, dout, slope * dout)
    ### END SOLUTION


def elu_forward(x, alpha=1.0):
    """Exponential linear unit, elementwise::

        out = x                      where x > 0
        out = alpha * (exp(x) - 1)   where x <= 0

    No overflow warning for large positive ``x`` (up to 1e4).

    Args:
        x: array of any shape.
        alpha: a positive float.

    Returns:
        (out, cache): ``out`` float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    mask = x > 0
    xneg = np.minimum(x, 0.0)
    out = np.where(mask, x, alpha * np.expm1(xneg))
    cache = (mask, alpha * np.exp(xneg), float(alpha))
    return out, cache
    ### END SOLUTION


def elu_backward(dout, cache):
    """Backward pass of ELU.

    The local derivative is 1 where ``x > 0`` and ``alpha * exp(x)`` where
    ``x < 0``; at the kink ``x == 0`` it is taken to be ``alpha``
    (as PyTorch does).

    Args:
        dout: upstream gradient, same shape as the forward's ``out``.
        cache: the cache returned by ``elu_forward``.

    Returns:
        dx: float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    mask, neg_grad, alpha = cache
    dout = np.asarray(dout, dtype=np.float64)
    return np.where(mask, dout, dout * neg_grad)
    ### END SOLUTION


def maxout_forward(x, W1, b1, W2, b2):
    """Maxout unit with two affine pieces, elementwise maximum::

        out = max(x @ W1 + b1, x @ W2 + b2)

    Args:
        x: array of shape (N, D).
        W1: (D, H), b1: (H,), W2: (D, H), b2: (H,).

    Returns:
        (out, cache): ``out`` float64 ndarray of shape (N, H).
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    W1 = np.asarray(W1, dtype=np.float64)
    b1 = np.asarray(b1, dtype=np.float64)
    W2 = np.asarray(W2, dtype=np.float64)
    b2 = np.asarray(b2, dtype=np.float64)
    z1 = x @ W1 + b1
    z2 = x @ W2 + b2
    first = z1 >= z2
    out = np.where(first, z1, z2)
    cache = (x, W1, W2, first)
    return out, cache
    ### END SOLUTION


def maxout_backward(dout, cache):
    """Backward pass of the two-piece maxout unit.

    Each output element routes its whole upstream gradient to the piece that
    won the maximum (a gradient router); the other piece gets zero. On a tie
    (``x @ W1 + b1 == x @ W2 + b2``) the whole gradient goes to the first
    piece. The gradients of the winning piece then flow back through its
    affine map to ``x``, ``W`` and ``b`` as for any affine layer.

    Args:
        dout: upstream gradient of shape (N, H).
        cache: the cache returned by ``maxout_forward``.

    Returns:
        (dx, dW1, db1, dW2, db2): float64 ndarrays of shapes
        (N, D), (D, H), (H,), (D, H), (H,).
    """
    ### BEGIN SOLUTION
    x, W1, W2, first = cache
    dout = np.asarray(dout, dtype=np.float64)
    d1 = np.where(first, dout, 0.0)
    d2 = np.where(first, 0.0, dout)
    dx = d1 @ W1.T + d2 @ W2.T
    dW1 = x.T @ d1
    db1 = d1.sum(axis=0)
    dW2 = x.T @ d2
    db2 = d2.sum(axis=0)
    return dx, dW1, db1, dW2, db2
    ### END SOLUTION
