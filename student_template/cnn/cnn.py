"""A small convolutional network for 8x8 images, built from ``layers.py``.

``SmallConvNet`` is conv - ReLU - 2x2 max pool - affine - ReLU - affine -
softmax. Use your own layers: this folder is on ``sys.path``, so
``from layers import ...`` works.
"""

import numpy as np

from layers import (affine_backward, affine_forward, conv_backward, conv_forward,
                    max_pool_backward, max_pool_forward, relu_backward, relu_forward,
                    softmax_loss)


class SmallConvNet:
    """A small CNN: conv - ReLU - 2x2 max pool - affine - ReLU - affine - softmax.

    For inputs ``X`` of shape (N, C, H, W), with F filters of size k x k
    (k odd), ``pad = (k - 1) // 2`` and stride 1 (so the conv keeps H and W)::

        a1     = relu(conv(X, W1, b1, stride=1, pad=(k-1)//2))   # (N, F, H, W)
        p1     = max_pool(a1, 2x2, stride 2)                   # (N, F, H//2, W//2)
        h      = relu(p1.reshape(N, -1) @ W2 + b2)             # (N, hidden)
        scores = h @ W3 + b3                                   # (N, classes)

    The pooled maps are flattened as ``reshape(N, -1)`` (C order, as in
    ``affine_forward``): feature index ``f * (H//2) * (W//2) + i * (W//2) + j``.
    The loss is the softmax cross-entropy averaged over the N samples plus L2
    regularisation of the weights (not the biases)::

        loss = softmax_loss(scores, y)
               + 0.5 * reg * (sum(W1**2) + sum(W2**2) + sum(W3**2))

    Attributes:
        params: dict of float64 ndarrays ``"W1"`` (F, C, k, k), ``"b1"`` (F,),
            ``"W2"`` (F * (H//2) * (W//2), hidden), ``"b2"`` (hidden,),
            ``"W3"`` (hidden, classes), ``"b3"`` (classes,). Code outside the
            class (the grader, its trainer) may read and replace them; the
            methods must always use the current contents of ``params``.
        reg: the L2 regularisation strength, a float >= 0.
    """

    def __init__(self, input_dim=(1, 8, 8), num_filters=8, filter_size=3, hidden_dim=64,
                 num_classes=10, weight_scale=1e-2, reg=0.0, seed=0):
        """Initialise the parameters and store ``reg``.

        With ``rng = np.random.default_rng(seed)``, ``(C, H, W) = input_dim``,
        ``F = num_filters``, ``k = filter_size``, set, in this order::

            params["W1"] = weight_scale * rng.standard_normal((F, C, k, k))
            params["b1"] = np.zeros(F)
            params["W2"] = weight_scale * rng.standard_normal((F * (H//2) * (W//2), hidden_dim))
            params["b2"] = np.zeros(hidden_dim)
            params["W3"] = weight_scale * rng.standard_normal((hidden_dim, num_classes))
            params["b3"] = np.zeros(num_classes)

        and ``self.reg = reg``.

        Args:
            input_dim: (C, H, W), the shape of one input image (a tuple or a
                list of three ints).
            num_filters: F, the number of conv filters.
            filter_size: k, the (odd) height and width of the filters.
            hidden_dim: the number of hidden units of the first affine layer.
            num_classes: the number of classes.
            weight_scale: standard deviation of the initial weights.
            reg: L2 regularisation strength.
            seed: seed of the initialisation.
        """
        raise NotImplementedError("__init__: not implemented yet")

    def loss(self, X, y=None):
        """Scores, or the loss and its gradients, for a batch.

        Without labels (``y is None``) return the class scores
        ``(N, classes)`` (before the softmax). With labels return
        ``(loss, grads)``: the loss defined in the class docstring and
        ``grads``, a dict with the same keys as ``params`` holding the gradient
        of the loss with respect to each parameter (float64, the parameter's
        shape). The regularisation term contributes ``reg * W1``, ``reg * W2``
        and ``reg * W3`` to the weight gradients. The filter size and padding
        follow from the current ``params["W1"]``.

        Args:
            X: array of shape (N, C, H, W).
            y: None, or integer labels of shape (N,) with values in
                ``0 .. classes-1``.

        Returns:
            scores, a float64 ndarray (N, classes), if ``y`` is None; otherwise
            ``(loss, grads)`` with ``loss`` a float and ``grads`` a dict of
            float64 ndarrays keyed ``"W1", "b1", "W2", "b2", "W3", "b3"``.
        """
        raise NotImplementedError("loss: not implemented yet")
