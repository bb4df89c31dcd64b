"""Layers of a convolutional network: forward and backward passes.

Every ``NAME_forward(...)`` returns ``(out, cache)``; every
``NAME_backward(dout, cache)`` returns the gradient(s) of the loss with
respect to the forward's input(s), in the order the forward took them, given
``dout``, the gradient of the loss with respect to ``out`` (of ``out``'s
shape). ``cache`` is whatever your backward needs; only your own backward
reads it.

Conventions:

- Images are batches of shape ``(N, C, H, W)``: N samples, C channels, H rows,
  W columns. Filters are ``(F, C, HH, WW)``: F filters, each spanning all C
  input channels.
- "Convolution" here is cross-correlation, as in every deep-learning library:
  the kernel is NOT flipped.
- A window slides in steps of ``stride``; a window that does not fit entirely
  inside the (padded) input is dropped, so the output size uses a floor::

      H' = 1 + (H + 2 * pad - HH) // stride

- No function modifies its inputs (``x``, ``w``, ``b``, ``dout``, the
  parameter dicts, or the contents of ``cache``). Outputs are float64
  ndarrays of exactly the documented shapes.
- Kinks follow PyTorch: ReLU'(0) = 0; in max pooling a tie goes to the FIRST
  maximum of the window in row-major order.
"""

import numpy as np


def correlate2d(image, kernel):
    """Single-channel "valid" 2-D cross-correlation (the lecture's filtering).

    With ``f = kernel`` of shape (KH, KW) and ``I = image`` of shape (H, W)::

        h[m, n] = sum_{k=0}^{KH-1} sum_{l=0}^{KW-1} f[k, l] * I[m + k, n + l]

    for ``m = 0 .. H - KH`` and ``n = 0 .. W - KW``: the kernel is laid on the
    image with its top-left corner at ``(m, n)``, without flipping and without
    padding, and only positions where it fits entirely are kept. (A true
    convolution would use ``f[KH-1-k, KW-1-l]``, the kernel rotated by 180
    degrees; for a symmetric kernel the two agree.)

    Args:
        image: array of shape (H, W).
        kernel: array of shape (KH, KW), with KH <= H and KW <= W.

    Returns:
        h: float64 ndarray of shape (H - KH + 1, W - KW + 1).
    """
    ### BEGIN SOLUTION
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    windows = np.lib.stride_tricks.sliding_window_view(image, kernel.shape)
    return np.tensordot(windows, kernel, axes=([2, 3], [0, 1]))
    ### END SOLUTION


def affine_forward(x, w, b):
    """Affine (fully connected) layer: ``out = x_flat @ w + b``.

    ``x`` of shape ``(N, d1, ..., dk)`` is first flattened row by row to
    ``x_flat = x.reshape(N, D)`` with ``D = d1 * ... * dk`` (C order: for an
    image batch ``(N, C, H, W)`` the channel index varies slowest, the column
    index fastest).

    Args:
        x: array of shape (N, d1, ..., dk).
        w: weights, array of shape (D, M).
        b: biases, array of shape (M,).

    Returns:
        (out, cache): ``out`` float64 ndarray of shape (N, M).
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    x_flat = x.reshape(x.shape[0], -1)
    out = x_flat @ w + b
    cache = (x.shape, x_flat.copy(), w.copy())
    return out, cache
    ### END SOLUTION


def affine_backward(dout, cache):
    """Backward pass of the affine layer.

    With ``x_flat = x.reshape(N, D)``::

        dx_flat = dout @ w.T          # (N, D), then reshaped to x's shape
        dw      = x_flat.T @ dout     # (D, M)
        db      = sum of dout over the N rows   # (M,)

    Args:
        dout: upstream gradient of shape (N, M).
        cache: the cache returned by ``affine_forward``.

    Returns:
        (dx, dw, db): float64 ndarrays of the shapes of ``x``, ``w`` and ``b``.
    """
    ### BEGIN SOLUTION
    x_shape, x_flat, w = cache
    dout = np.asarray(dout, dtype=np.float64)
    dx = (dout @ w.T).reshape(x_shape)
    dw = x_flat.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db
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
    out = np.maximum(x, 0.0)
    cache = x > 0
    return out, cache
    ### END SOLUTION


def relu_backward(dout, cache):
    """Backward pass of the ReLU: ``dx = dout`` where ``x > 0``, else 0
    (ReLU'(0) = 0, as in PyTorch).

    Args:
        dout: upstream gradient, of ``x``'s shape.
        cache: the cache returned by ``relu_forward``.

    Returns:
        dx: float64 ndarray of ``x``'s shape.
    """
    ### BEGIN SOLUTION
    positive = cache
    dout = np.asarray(dout, dtype=np.float64)
    return np.where(positive, dout, 0.0)
    ### END SOLUTION


def conv_forward(x, w, b, conv_param):
    """Convolutional layer (cross-correlation, no kernel flip), forward pass.

    The input is zero-padded by ``pad`` rows/columns on every side (top,
    bottom, left, right) to ``xp`` of shape (N, C, H + 2*pad, W + 2*pad).
    Then, for every sample n, filter f and output position (i, j)::

        out[n, f, i, j] = b[f] + sum_{c, k, l} w[f, c, k, l]
                                     * xp[n, c, i*stride + k, j*stride + l]

    with ``c`` over the C channels, ``k < HH``, ``l < WW``. The output size is::

        H' = 1 + (H + 2*pad - HH) // stride
        W' = 1 + (W + 2*pad - WW) // stride

    (floor division: a window that would stick out of the padded input is
    dropped). Example: 7x7 input, 3x3 filter, pad 0: stride 1 gives 5x5,
    stride 2 gives 3x3, stride 3 gives 2x2 (the last column and row are never
    covered).

    Args:
        x: input, array of shape (N, C, H, W).
        w: filters, array of shape (F, C, HH, WW).
        b: biases, array of shape (F,).
        conv_param: dict with the int entries ``"stride"`` (>= 1) and
            ``"pad"`` (>= 0).

    Returns:
        (out, cache): ``out`` float64 ndarray of shape (N, F, H', W').
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    stride, pad = int(conv_param["stride"]), int(conv_param["pad"])
    F, C, HH, WW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    # windows[n, c, i, j, k, l] = xp[n, c, i*stride + k, j*stride + l]
    windows = np.lib.stride_tricks.sliding_window_view(xp, (HH, WW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3]))  # (N, H', W', F)
    out = out.transpose(0, 3, 1, 2) + b[None, :, None, None]
    cache = (x.shape, xp, w.copy(), stride, pad)
    return np.ascontiguousarray(out), cache
    ### END SOLUTION


def conv_backward(dout, cache):
    """Backward pass of the convolutional layer.

    Every weight ``w[f, c, k, l]`` is used at every output position (parameter
    sharing), so its gradient is a sum over all of them; every input pixel
    receives a contribution from every window that covers it::

        db[f]          = sum_{n, i, j} dout[n, f, i, j]
        dw[f, c, k, l] = sum_{n, i, j} dout[n, f, i, j] * xp[n, c, i*s + k, j*s + l]
        dxp[n, c, i*s + k, j*s + l] += dout[n, f, i, j] * w[f, c, k, l]
                                        (for all f, i, j, k, l)

    where ``s`` is the stride and ``xp`` the zero-padded input; ``dx`` is
    ``dxp`` with the padding cut off again. Input pixels that no window covers
    (dropped rows/columns) get 0.

    Args:
        dout: upstream gradient of shape (N, F, H', W').
        cache: the cache returned by ``conv_forward``.

    Returns:
        (dx, dw, db): float64 ndarrays of the shapes of ``x`` (N, C, H, W),
        ``w`` (F, C, HH, WW) and ``b`` (F,).
    """
    ### BEGIN SOLUTION
    x_shape, xp, w, stride, pad = cache
    dout = np.asarray(dout, dtype=np.float64)
    F, C, HH, WW = w.shape
    N, _, Ho, Wo = dout.shape
    windows = np.lib.stride_tricks.sliding_window_view(xp, (HH, WW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    db = np.sum(dout, axis=(0, 2, 3))
    dw = np.tensordot(dout, windows, axes=([0, 2, 3], [0, 2, 3]))  # (F, C, HH, WW)
    # dcols[n, i, j, c, k, l] = sum_f dout[n, f, i, j] * w[f, c, k, l]
    dcols = np.tensordot(dout, w, axes=([1], [0]))
    dxp = np.zeros(xp.shape)
    for k in range(HH):
        for l in range(WW):
            rows = slice(k, k + stride * (Ho - 1) + 1, stride)
            cols = slice(l, l + stride * (Wo - 1) + 1, stride)
            dxp[:, :, rows, cols] += dcols[:, :, :, :, k, l].transpose(0, 3, 1, 2)
    H, W = x_shape[2], x_shape[3]
    dx = dxp[:, :, pad:pad + H, pad:pad + W].copy()
    return dx, dw, db
    ### END SOLUTION


def max_pool_forward(x, pool_param):
    """Max pooling, forward pass (per channel, no padding).

    For every sample n, channel c and output position (i, j), the window is
    ``x[n, c, i*s : i*s + ph, j*s : j*s + pw]`` and::

        out[n, c, i, j] = max of the window

    with ``ph = pool_height``, ``pw = pool_width``, ``s = stride``. Windows may
    overlap (``s < ph`` or ``s < pw``). Output size (windows that do not fit
    are dropped)::

        H' = 1 + (H - ph) // s,    W' = 1 + (W - pw) // s

    Args:
        x: input, array of shape (N, C, H, W).
        pool_param: dict with the int entries ``"pool_height"``,
            ``"pool_width"`` and ``"stride"``.

    Returns:
        (out, cache): ``out`` float64 ndarray of shape (N, C, H', W').
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    ph, pw = int(pool_param["pool_height"]), int(pool_param["pool_width"])
    stride = int(pool_param["stride"])
    windows = np.lib.stride_tricks.sliding_window_view(x, (ph, pw), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    flat = windows.reshape(windows.shape[:4] + (ph * pw,))
    argmax = np.argmax(flat, axis=-1)  # the first maximum in row-major order
    out = np.take_along_axis(flat, argmax[..., None], axis=-1)[..., 0]
    cache = (x.shape, argmax, ph, pw, stride)
    return out, cache
    ### END SOLUTION


def max_pool_backward(dout, cache):
    """Backward pass of max pooling: a gradient router.

    Each window sends its whole upstream gradient ``dout[n, c, i, j]`` to the
    position of its maximum and 0 to the others. On a tie the gradient goes
    to the FIRST maximum in row-major order inside the window (the smallest
    row, then the smallest column), as PyTorch does. Where windows overlap,
    a pixel that is the maximum of several windows receives the SUM of their
    gradients.

    Args:
        dout: upstream gradient of shape (N, C, H', W').
        cache: the cache returned by ``max_pool_forward``.

    Returns:
        dx: float64 ndarray of ``x``'s shape (N, C, H, W).
    """
    ### BEGIN SOLUTION
    x_shape, argmax, ph, pw, stride = cache
    dout = np.asarray(dout, dtype=np.float64)
    Ho, Wo = dout.shape[2], dout.shape[3]
    dx = np.zeros(x_shape)
    for k in range(ph):
        for l in range(pw):
            rows = slice(k, k + stride * (Ho - 1) + 1, stride)
            cols = slice(l, l + stride * (Wo - 1) + 1, stride)
            dx[:, :, rows, cols] += np.where(argmax == k * pw + l, dout, 0.0)
    return dx
    ### END SOLUTION


def avg_pool_forward(x, pool_param):
    """Average pooling, forward pass: the mean of each window.

    Same windows and output size as ``max_pool_forward``::

        out[n, c, i, j] = (1 / (ph * pw)) * sum of x[n, c, i*s : i*s + ph, j*s : j*s + pw]

    Args:
        x: input, array of shape (N, C, H, W).
        pool_param: dict with the int entries ``"pool_height"``,
            ``"pool_width"`` and ``"stride"``.

    Returns:
        (out, cache): ``out`` float64 ndarray of shape (N, C, H', W').
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    ph, pw = int(pool_param["pool_height"]), int(pool_param["pool_width"])
    stride = int(pool_param["stride"])
    windows = np.lib.stride_tricks.sliding_window_view(x, (ph, pw), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    out = np.mean(windows, axis=(4, 5))
    cache = (x.shape, ph, pw, stride)
    return out, cache
    ### END SOLUTION


def avg_pool_backward(dout, cache):
    """Backward pass of average pooling.

    Every pixel of a window receives ``dout[n, c, i, j] / (ph * pw)``; where
    windows overlap the contributions add up, and pixels that no window
    covers get 0.

    Args:
        dout: upstream gradient of shape (N, C, H', W').
        cache: the cache returned by ``avg_pool_forward``.

    Returns:
        dx: float64 ndarray of ``x``'s shape (N, C, H, W).
    """
    ### BEGIN SOLUTION
    x_shape, ph, pw, stride = cache
    dout = np.asarray(dout, dtype=np.float64)
    Ho, Wo = dout.shape[2], dout.shape[3]
    share = dout / (ph * pw)
    dx = np.zeros(x_shape)
    for k in range(ph):
        for l in range(pw):
            rows = slice(k, k + stride * (Ho - 1) + 1, stride)
            cols = slice(l, l + stride * (Wo - 1) + 1, stride)
            dx[:, :, rows, cols] += share
    return dx
    ### END SOLUTION


def l2_pool_forward(x, pool_param):
    """L2 pooling, forward pass: the Euclidean norm of each window.

    Same windows and output size as ``max_pool_forward``::

        out[n, c, i, j] = sqrt( sum of x[n, c, i*s : i*s + ph, j*s : j*s + pw]**2 )

    Args:
        x: input, array of shape (N, C, H, W).
        pool_param: dict with the int entries ``"pool_height"``,
            ``"pool_width"`` and ``"stride"``.

    Returns:
        (out, cache): ``out`` float64 ndarray of shape (N, C, H', W').
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    ph, pw = int(pool_param["pool_height"]), int(pool_param["pool_width"])
    stride = int(pool_param["stride"])
    windows = np.lib.stride_tricks.sliding_window_view(x, (ph, pw), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    out = np.sqrt(np.sum(windows * windows, axis=(4, 5)))
    cache = (x.copy(), out.copy(), ph, pw, stride)
    return out, cache
    ### END SOLUTION


def l2_pool_backward(dout, cache):
    """Backward pass of L2 pooling.

    For a pixel ``x_p`` of a window with norm ``out > 0``,
    ``d out / d x_p = x_p / out``, so the pixel receives
    ``dout[n, c, i, j] * x_p / out[n, c, i, j]``. For an all-zero window
    (``out == 0``, where the square root has no derivative) the gradient is
    taken to be 0, without any division-by-zero warning. Where windows
    overlap the contributions add up; pixels that no window covers get 0.

    Args:
        dout: upstream gradient of shape (N, C, H', W').
        cache: the cache returned by ``l2_pool_forward``.

    Returns:
        dx: float64 ndarray of ``x``'s shape (N, C, H, W).
    """
    ### BEGIN SOLUTION
    x, out, ph, pw, stride = cache
    dout = np.asarray(dout, dtype=np.float64)
    Ho, Wo = dout.shape[2], dout.shape[3]
    positive = out > 0
    scale = np.divide(dout, out, out=np.zeros(out.shape), where=positive)
    dx = np.zeros(x.shape)
    for k in range(ph):
        for l in range(pw):
            rows = slice(k, k + stride * (Ho - 1) + 1, stride)
            cols = slice(l, l + stride * (Wo - 1) + 1, stride)
            dx[:, :, rows, cols] += scale * x[:, :, rows, cols]
    return dx
    ### END SOLUTION


def l2_feature_pool_forward(x, group_size):
    """L2 pooling over features (channels) instead of over space.

    The C channels are split into ``C // group_size`` groups of
    ``group_size`` CONSECUTIVE channels (group j holds channels
    ``j*g, ..., j*g + g - 1`` with ``g = group_size``); at every pixel::

        out[n, j, y, x] = sqrt( sum_{c = j*g}^{j*g + g - 1} x[n, c, y, x]**2 )

    Args:
        x: input, array of shape (N, C, H, W), C a multiple of ``group_size``.
        group_size: g, a positive int.

    Returns:
        (out, cache): ``out`` float64 ndarray of shape (N, C // g, H, W).
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    g = int(group_size)
    N, C, H, W = x.shape
    grouped = x.reshape(N, C // g, g, H, W)
    out = np.sqrt(np.sum(grouped * grouped, axis=2))
    cache = (grouped.copy(), out.copy())
    return out, cache
    ### END SOLUTION


def l2_feature_pool_backward(dout, cache):
    """Backward pass of L2 pooling over features.

    Channel ``c`` of group ``j`` receives ``dout[n, j, y, x] * x[n, c, y, x] /
    out[n, j, y, x]``, and 0 where ``out == 0`` (a group that is all zeros at
    that pixel), without any division-by-zero warning.

    Args:
        dout: upstream gradient of shape (N, C // g, H, W).
        cache: the cache returned by ``l2_feature_pool_forward``.

    Returns:
        dx: float64 ndarray of ``x``'s shape (N, C, H, W).
    """
    ### BEGIN SOLUTION
    grouped, out = cache
    dout = np.asarray(dout, dtype=np.float64)
    N, G, g, H, W = grouped.shape
    scale = np.divide(dout, out, out=np.zeros(out.shape), where=out > 0)
    dx = scale[:, :, None] * grouped
    return dx.reshape(N, G * g, H, W)
    ### END SOLUTION


def softmax_loss(scores, y):
    """Softmax cross-entropy loss, averaged over the N samples, and its gradient.

    With ``p = softmax(scores)`` row-wise::

        loss    = -(1/N) * sum_i log p[i, y_i]
        dscores = (p - onehot(y)) / N

    Must be numerically stable (no warning, finite loss for scores up to 1e4
    in magnitude): subtract each row's maximum and use
    ``log p = shifted - log(sum(exp(shifted)))``.

    Args:
        scores: array of shape (N, K).
        y: integer labels of shape (N,), values in ``0 .. K-1``.

    Returns:
        (loss, dscores): ``loss`` a float, ``dscores`` float64 ndarray (N, K).
    """
    ### BEGIN SOLUTION
    scores = np.asarray(scores, dtype=np.float64)
    y = np.asarray(y).astype(np.int64)
    N = scores.shape[0]
    rows = np.arange(N)
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    loss = float(-np.mean(log_probs[rows, y]))
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1.0
    dscores /= N
    return loss, dscores
    ### END SOLUTION
