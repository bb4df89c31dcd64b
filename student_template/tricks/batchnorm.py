"""Batch normalisation of a fully connected layer: forward and backward.

Inputs are batches ``x`` of shape ``(N, D)``: N samples, D features. Every
feature is normalised with its own statistics over the batch (axis 0), then
scaled by ``gamma`` and shifted by ``beta`` (both of shape ``(D,)``).

The running statistics follow PyTorch's convention (``torch.nn.BatchNorm1d``,
``F.batch_norm``): ``momentum`` is the weight of the NEW batch statistic and
the running variance is updated with the UNBIASED batch variance. (CS231n's
assignments use another rule, where momentum weights the old value; see the
handout.) They are returned, never updated in place.

No function modifies its inputs (``x``, ``gamma``, ``beta``,
``running_mean``, ``running_var``, ``dout`` or the contents of ``cache``).
Outputs are float64 ndarrays of exactly the documented shapes.
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, running_mean, running_var, mode, momentum=0.1, eps=1e-5):
    """Batch normalisation, in train or test mode.

    Train mode (``mode == 'train'``) normalises with the batch's statistics::

        mu   = x.mean(axis=0)                  # (D,)
        var  = x.var(axis=0)                   # (D,), biased: divides by N
        xhat = (x - mu) / np.sqrt(var + eps)
        out  = gamma * xhat + beta

    and returns the updated running statistics (N >= 2)::

        new_running_mean = (1 - momentum) * running_mean + momentum * mu
        new_running_var  = (1 - momentum) * running_var + momentum * var * N / (N - 1)

    (the running variance uses the unbiased variance, ``var * N / (N - 1)``).

    Test mode (``mode == 'test'``) normalises with ``running_mean`` and
    ``running_var`` instead of the batch's statistics and returns the running
    statistics unchanged (as new arrays with the same values).

    Any other ``mode`` raises ``ValueError``.

    Args:
        x: array of shape (N, D).
        gamma: scale, array of shape (D,).
        beta: shift, array of shape (D,).
        running_mean: array of shape (D,).
        running_var: array of shape (D,), positive.
        mode: 'train' or 'test'.
        momentum: weight of the batch statistics in the running averages.
        eps: added to the variance before the square root.

    Returns:
        (out, cache, new_running_mean, new_running_var): ``out`` float64
        ndarray (N, D); the running statistics float64 ndarrays (D,).
    """
    raise NotImplementedError("batchnorm_forward: not implemented yet")


def batchnorm_backward(dout, cache):
    """Backward pass of batch normalisation.

    For a cache made in train mode, the gradients flow through the batch
    statistics too (``mu`` and ``var`` depend on every sample of the batch):
    the result must equal PyTorch's autograd of
    ``F.batch_norm(x, ..., training=True)``. For a cache made in test mode,
    the statistics were constants (the running ones): the layer is the affine
    map ``gamma * (x - running_mean) / sqrt(running_var + eps) + beta``.

    Args:
        dout: upstream gradient, array of shape (N, D).
        cache: what your ``batchnorm_forward`` returned.

    Returns:
        (dx, dgamma, dbeta): float64 ndarrays of shapes (N, D), (D,), (D,).
    """
    raise NotImplementedError("batchnorm_backward: not implemented yet")
