"""Inverted dropout: forward and backward passes.

``dropout_forward`` returns ``(out, cache)``; ``dropout_backward(dout,
cache)`` returns the gradient of the loss with respect to the forward's
input ``x``, given ``dout``, the gradient with respect to ``out``.
``cache`` is whatever your backward needs; only your own backward reads it.

Conventions:

- ``p`` is the probability of KEEPING a unit (0 < p <= 1), as in the
  original dropout paper: ``p = 1`` keeps everything.
- The mask is drawn from NumPy's modern generator, seeded by the ``seed``
  argument, exactly as written in ``dropout_forward``'s docstring, so that
  your mask and the grader's are the same.
- No function modifies its inputs (``x``, ``dout`` or the contents of
  ``cache``). Outputs are float64 ndarrays of the input's shape.
"""

import numpy as np


def dropout_forward(x, p, mode, seed=0):
    """Inverted dropout with keep probability ``p``.

    In ``mode == 'train'`` each unit is kept with probability ``p`` and the
    kept units are divided by ``p``, so that the expected value of every
    output equals its input and nothing needs to change at test time. The
    mask is exactly::

        mask = np.random.default_rng(seed).random(x.shape) < p
        out = x * mask / p

    In ``mode == 'test'`` dropout does nothing: ``out`` equals ``x``.
    Any other ``mode`` raises ``ValueError``.

    Args:
        x: array of any shape.
        p: keep probability, a float with 0 < p <= 1.
        mode: 'train' or 'test'.
        seed: the seed of the mask's generator (an int).

    Returns:
        (out, cache): ``out`` float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    if mode == "train":
        mask = np.random.default_rng(seed).random(x.shape) < p
        out = x * mask / p
    elif mode == "test":
        mask = None
        out = x.copy()
    else:
        raise ValueError(f"mode must be 'train' or 'test', got {mode!r}")
    return out, (mode, mask, p)
    ### END SOLUTION


def dropout_backward(dout, cache):
    """Backward pass of inverted dropout.

    In train mode the gradient flows only through the kept units, scaled
    like the forward: ``dx = dout * mask / p``. In test mode the forward was
    the identity, so ``dx = dout``.

    Args:
        dout: upstream gradient, array of ``out``'s shape.
        cache: what your ``dropout_forward`` returned.

    Returns:
        dx: float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    mode, mask, p = cache
    dout = np.asarray(dout, dtype=np.float64)
    if mode == "train":
        return dout * mask / p
    return dout.copy()
    ### END SOLUTION
