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
    raise NotImplementedError("sigmoid_forward: not implemented yet")


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
    raise NotImplementedError("sigmoid_backward: not implemented yet")


def tanh_forward(x):
    """Hyperbolic tangent activation, elementwise: ``out = tanh(x)``.

    Args:
        x: array of any shape.

    Returns:
        (out, cache): ``out`` float64 ndarray of ``x``'s shape.
    """
    raise NotImplementedError("tanh_forward: not implemented yet")


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
    raise NotImplementedError("tanh_backward: not implemented yet")


def relu_forward(x):
    """Rectified linear unit, elementwise: ``out = max(0, x)``.

    Args:
        x: array of any shape.

    Returns:
        (out, cache): ``out`` float64 ndarray of ``x``'s shape.
    """
    raise NotImplementedError("relu_forward: not implemented yet")


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
    raise NotImplementedError("relu_backward: not implemented yet")


def leaky_relu_forward(x, slope=0.1):
    """Leaky ReLU, elementwise: ``out = x`` where ``x > 0``, else ``slope * x``.

    With the lecture's ``slope = 0.1`` this is ``max(0.1 x, x)``.

    Args:
        x: array of any shape.
        slope: the slope for negative inputs, a float in [0, 1).

    Returns:
        (out, cache): ``out`` float64 ndarray of ``x``'s shape.
    """
    raise NotImplementedError("leaky_relu_forward: not implemented yet")


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
    raise NotImplementedError("leaky_relu_backward: not implemented yet")


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
    raise NotImplementedError("elu_forward: not implemented yet")


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
    raise NotImplementedError("elu_backward: not implemented yet")


def maxout_forward(x, W1, b1, W2, b2):
    """Maxout unit with two affine pieces, elementwise maximum::

        out = max(x @ W1 + b1, x @ W2 + b2)

    Args:
        x: array of shape (N, D).
        W1: (D, H), b1: (H,), W2: (D, H), b2: (H,).

    Returns:
        (out, cache): ``out`` float64 ndarray of shape (N, H).
    """
    raise NotImplementedError("maxout_forward: not implemented yet")


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
    raise NotImplementedError("maxout_backward: not implemented yet")
