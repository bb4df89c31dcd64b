"""What students get wrong in the cnn assignment, each mistake modelled the way
such a student writes the layer: explicit loops over samples, filters and
output positions, in row-major order where the order matters (`=` on
overlapping windows).  docs/student-mistakes.md has the survey; ids are its
ids, or name a catalogued mutant's idea.

A model receives the case's inputs by parameter name (backward tests add
`dout`) and returns the values of the leaves it models; the grader compares
them with the student's (autograder/misconception_models.py says how each kind of
model is judged).  This file stays with the instructor: the handout leaves
it out.
"""
import numpy as np

from autograder.instructor import crash, in_place, misconception, shape, unstable, values

CONV_F, CONV_B = "layers.conv_forward", "layers.conv_backward"
POOL_F, POOL_B = "layers.max_pool_forward", "layers.max_pool_backward"
AVG_F, AVG_B = "layers.avg_pool_forward", "layers.avg_pool_backward"
L2_F, L2_B = "layers.l2_pool_forward", "layers.l2_pool_backward"
SOFTMAX = "layers.softmax_loss"
NET = "cnn.SmallConvNet.loss"


# --------------------------------------------------------------- convolution
def _conv_sizes(x, w, conv_param):
    s, p = conv_param["stride"], conv_param["pad"]
    (N, _, H, W), (F, _, HH, WW) = x.shape, w.shape
    return N, F, 1 + (H + 2 * p - HH) // s, 1 + (W + 2 * p - WW) // s, HH, WW, s, p


def _padded(x, p, one_side=False):
    widths = (0, 2 * p) if one_side else (p, p)
    return np.pad(x, ((0, 0), (0, 0), widths, widths))


def conv_loops(x, w, b, conv_param, flip=False, one_side=False):
    """out[n, f, i, j] = sum(window * w[f]) + b[f], window by window."""
    N, F, Ho, Wo, HH, WW, s, p = _conv_sizes(x, w, conv_param)
    w = w[:, :, ::-1, ::-1] if flip else w
    xp = _padded(x, p, one_side)
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, f, i, j] = np.sum(xp[n, :, i * s:i * s + HH, j * s:j * s + WW] * w[f]) + b[f]
    return out


def conv_backward_loops(x, w, conv_param, dout, flip=False, one_side=False, stride_in_dx=True,
                        stride_in_dw=True, crop="symmetric"):
    N, F, Ho, Wo, HH, WW, s, p = _conv_sizes(x, w, conv_param)
    H, W = x.shape[2], x.shape[3]
    w = w[:, :, ::-1, ::-1] if flip else w
    xp = _padded(x, p, one_side)
    dxp, dw, db = np.zeros_like(xp), np.zeros_like(w), np.zeros(F)
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    d = dout[n, f, i, j]
                    r, c = (i * s, j * s) if stride_in_dw else (i, j)
                    dw[f] += d * xp[n, :, r:r + HH, c:c + WW]
                    r, c = (i * s, j * s) if stride_in_dx else (i, j)
                    dxp[n, :, r:r + HH, c:c + WW] += d * w[f]
                    db[f] += d
    dw = dw[:, :, ::-1, ::-1] if flip else dw
    top = 0 if crop == "origin" else p
    return dxp[:, :, top:top + H, top:top + W], dw, db


def correlate_flipped(image, kernel):
    KH, KW = kernel.shape
    flipped = kernel[::-1, ::-1]
    out = np.zeros((image.shape[0] - KH + 1, image.shape[1] - KW + 1))
    for m in range(out.shape[0]):
        for n in range(out.shape[1]):
            out[m, n] = np.sum(image[m:m + KH, n:n + KW] * flipped)
    return out


def conv_flipped(x, w, b, conv_param):
    return {"out": conv_loops(x, w, b, conv_param, flip=True)}


def conv_backward_flipped(x, w, conv_param, dout):
    return conv_backward_loops(x, w, conv_param, dout, flip=True)


def conv_one_side(x, w, b, conv_param):
    return {"out": conv_loops(x, w, b, conv_param, one_side=True)}


def conv_backward_one_side(x, w, conv_param, dout):
    return conv_backward_loops(x, w, conv_param, dout, one_side=True, crop="origin")


def conv_backward_one_side_symmetric_crop(x, w, conv_param, dout):
    return conv_backward_loops(x, w, conv_param, dout, one_side=True)


def conv_ceil_size(x, w, conv_param):
    (N, _, H, W), (F, _, HH, WW) = x.shape, w.shape
    s, p = conv_param["stride"], conv_param["pad"]
    return {"out": (N, F, 1 + int(np.ceil((H + 2 * p - HH) / s)), 1 + int(np.ceil((W + 2 * p - WW) / s)))}


def conv_backward_empty_at_pad0(x, conv_param):
    if conv_param["pad"] != 0:
        return None
    return {"dx": (x.shape[0], x.shape[1], 0, 0)}


def conv_db_over_other_axes(dout):
    return {"db": dout.sum(axis=(1, 2, 3))}


def conv_db_over_samples_only(dout):
    return {"db": dout.sum(axis=0)}


def conv_backward_dx_ignores_stride(x, w, conv_param, dout):
    return {"dx": conv_backward_loops(x, w, conv_param, dout, stride_in_dx=False)[0]}


def conv_backward_ignores_stride(x, w, conv_param, dout):
    dx, dw, _ = conv_backward_loops(x, w, conv_param, dout, stride_in_dx=False, stride_in_dw=False)
    return {"dx": dx, "dw": dw}


def conv_backward_unfinished(x, w, dout):
    return np.zeros_like(x), np.zeros_like(w), dout.sum(axis=(0, 2, 3))


def output_size_divides(x, w, conv_param):
    return True  # `/` gives a float size: np.zeros refuses it whatever the sizes


def windows_do_not_tile(x, w, conv_param):
    (_, _, H, W), (_, _, HH, WW) = x.shape, w.shape
    s, p = conv_param["stride"], conv_param["pad"]
    return (H + 2 * p - HH) % s != 0 or (W + 2 * p - WW) % s != 0


def _rows_for_columns(Ho, Wo):
    """Where a student who flattens the grid with i * H' + j puts each output
    position: the matrix row of (i, j), and what reading it back gives."""
    return {(i, j): i * Ho + j for i in range(Ho) for j in range(Wo)}


def conv_grid_rows_for_columns(x, w, b, conv_param):
    """im2col by rows: row i * H' + j holds window (i, j) (instead of i * W' + j),
    read back with reshape(H', W'); raises IndexError where H' > W'."""
    N, F, Ho, Wo, HH, WW, s, p = _conv_sizes(x, w, conv_param)
    xp = _padded(x, p)
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        cols = np.zeros((Ho * Wo, x.shape[1] * HH * WW))
        for (i, j), row in _rows_for_columns(Ho, Wo).items():
            cols[row] = xp[n, :, i * s:i * s + HH, j * s:j * s + WW].ravel()
        out[n] = (cols @ w.reshape(F, -1).T + b).T.reshape(F, Ho, Wo)
    return {"out": out}


def conv_grid_too_tall(x, w, conv_param):
    N, F, Ho, Wo, *_ = _conv_sizes(x, w, conv_param)
    return Ho > Wo


# ------------------------------------------------------------------- pooling
def _pool_sizes(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    return 1 + (x.shape[2] - ph) // s, 1 + (x.shape[3] - pw) // s, ph, pw, s


def _pool_backward(x, pool_param, dout, place, ignore_stride=False):
    """Visit every window in row-major order; `place(dx_nc, window, d, r, c)` writes its gradient."""
    Ho, Wo, ph, pw, s = _pool_sizes(x, pool_param)
    dx = np.zeros_like(x)
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            for i in range(Ho):
                for j in range(Wo):
                    window = x[n, c, i * s:i * s + ph, j * s:j * s + pw]
                    r, col = (i, j) if ignore_stride else (i * s, j * s)
                    place(dx[n, c], window, dout[n, c, i, j], r, col)
    return dx


def _first_max(window):
    return np.unravel_index(np.argmax(window), window.shape)


def _add_at_first_max(dx, window, d, r, c):
    a, b = _first_max(window)
    dx[r + a, c + b] += d


def _assign_at_first_max(dx, window, d, r, c):
    a, b = _first_max(window)
    dx[r + a, c + b] = d


def _assign_window(dx, window, d, r, c):
    dx[r:r + window.shape[0], c:c + window.shape[1]] = (window == window.max()) * d


def _add_to_every_max(dx, window, d, r, c):
    dx[r:r + window.shape[0], c:c + window.shape[1]] += (window == window.max()) * d


def _split_between_maxima(dx, window, d, r, c):
    mask = window == window.max()
    dx[r:r + window.shape[0], c:c + window.shape[1]] += mask / mask.sum() * d


def _add_at_last_max(dx, window, d, r, c):
    last = window.size - 1 - np.argmax(window.ravel()[::-1])
    a, b = np.unravel_index(last, window.shape)
    dx[r + a, c + b] += d


def pool_point_assign(x, pool_param, dout):
    return _pool_backward(x, pool_param, dout, _assign_at_first_max)


def pool_window_assign(x, pool_param, dout):
    return _pool_backward(x, pool_param, dout, _assign_window)


def _offset_assign(x, pool_param, dout, share):
    """Vectorised over windows, one slab per offset (k, l) of the window,
    assigned (=): a later offset overwrites what an earlier one wrote."""
    Ho, Wo, ph, pw, s = _pool_sizes(x, pool_param)
    dx = np.zeros_like(x)
    for k in range(ph):
        for l in range(pw):
            dx[:, :, k:k + s * (Ho - 1) + 1:s, l:l + s * (Wo - 1) + 1:s] = share(k, l)
    return dx


def _windows(x, pool_param):
    Ho, Wo, ph, pw, s = _pool_sizes(x, pool_param)
    view = np.lib.stride_tricks.sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::s, ::s]
    return view.reshape(view.shape[:4] + (ph * pw,))


def pool_offset_assign(x, pool_param, dout):
    argmax = np.argmax(_windows(x, pool_param), axis=-1)
    pw = pool_param["pool_width"]
    return _offset_assign(x, pool_param, dout, lambda k, l: np.where(argmax == k * pw + l, dout, 0.0))


def pool_ties_all(x, pool_param, dout):
    return _pool_backward(x, pool_param, dout, _add_to_every_max)


def pool_ties_split(x, pool_param, dout):
    return _pool_backward(x, pool_param, dout, _split_between_maxima)


def pool_tie_to_last(x, pool_param, dout):
    return _pool_backward(x, pool_param, dout, _add_at_last_max)


def pool_ignores_stride(x, pool_param, dout):
    return _pool_backward(x, pool_param, dout, _add_at_first_max, ignore_stride=True)


def pool_unfinished(x):
    return np.zeros_like(x)


def has_tied_window(x, pool_param):
    windows = _windows(x, pool_param)
    return bool(np.any(np.sum(windows == windows.max(axis=-1, keepdims=True), axis=-1) > 1))


def pool_ceil_size(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    return {"out": (N, C, 1 + int(np.ceil((H - ph) / s)), 1 + int(np.ceil((W - pw) / s)))}


def pool_windows_do_not_tile(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    return (x.shape[2] - ph) % s != 0 or (x.shape[3] - pw) % s != 0


def pool_grid_rows_for_columns(x, pool_param):
    Ho, Wo, ph, pw, s = _pool_sizes(x, pool_param)
    out = np.zeros((x.shape[0], x.shape[1], Ho, Wo))
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            cols = np.zeros(Ho * Wo)
            for (i, j), row in _rows_for_columns(Ho, Wo).items():
                cols[row] = x[n, c, i * s:i * s + ph, j * s:j * s + pw].max()
            out[n, c] = cols.reshape(Ho, Wo)
    return {"out": out}


def pool_grid_too_tall(x, pool_param):
    Ho, Wo, *_ = _pool_sizes(x, pool_param)
    return Ho > Wo


def avg_pool_sums(x, pool_param):
    Ho, Wo, ph, pw, s = _pool_sizes(x, pool_param)
    out = np.zeros(x.shape[:2] + (Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].sum(axis=(2, 3))
    return {"out": out}


def avg_pool_backward_undivided(x, pool_param, dout):
    def place(dx, window, d, r, c):
        dx[r:r + window.shape[0], c:c + window.shape[1]] += d
    return _pool_backward(x, pool_param, dout, place)


def avg_pool_backward_window_assign(x, pool_param, dout):
    def place(dx, window, d, r, c):
        dx[r:r + window.shape[0], c:c + window.shape[1]] = d / window.size
    return _pool_backward(x, pool_param, dout, place)


def avg_pool_backward_offset_assign(x, pool_param, dout):
    share = dout / (pool_param["pool_height"] * pool_param["pool_width"])
    return _offset_assign(x, pool_param, dout, lambda k, l: share)


def _l2_norms(x, pool_param):
    return np.sqrt(np.sum(_windows(x, pool_param) ** 2, axis=-1))


def l2_pool_backward_window_assign(x, pool_param, dout):
    def place(dx, window, d, r, c):
        norm = np.sqrt(np.sum(window ** 2))
        dx[r:r + window.shape[0], c:c + window.shape[1]] = d * window / norm if norm > 0 else 0.0
    return _pool_backward(x, pool_param, dout, place)


def l2_pool_backward_offset_assign(x, pool_param, dout):
    Ho, Wo, ph, pw, s = _pool_sizes(x, pool_param)
    norms = _l2_norms(x, pool_param)
    scale = np.divide(dout, norms, out=np.zeros(norms.shape), where=norms > 0)
    return _offset_assign(x, pool_param, dout, lambda k, l: scale * x[:, :, k:k + s * (Ho - 1) + 1:s,
                                                                       l:l + s * (Wo - 1) + 1:s])


def l2_pool_backward_divides_by_zero(x, pool_param, dout):
    def place(dx, window, d, r, c):
        dx[r:r + window.shape[0], c:c + window.shape[1]] += d * window / np.sqrt(np.sum(window ** 2))
    return _pool_backward(x, pool_param, dout, place)


def feature_pool_strided(x, group_size):
    G = x.shape[1] // group_size
    out = np.zeros((x.shape[0], G) + x.shape[2:])
    for j in range(G):
        out[:, j] = np.sqrt(np.sum(x[:, j::G] ** 2, axis=1))
    return {"out": out}


def feature_pool_backward_strided(x, group_size, dout):
    G = x.shape[1] // group_size
    dx = np.zeros_like(x)
    for j in range(G):
        norm = np.sqrt(np.sum(x[:, j::G] ** 2, axis=1))
        dx[:, j::G] = np.where(norm > 0, dout[:, j] / np.where(norm > 0, norm, 1.0), 0.0)[:, None] * x[:, j::G]
    return dx


def affine_dx_flat(x, w):
    return {"dx": (x.shape[0], w.shape[0])}


def relu_backward_ge(x, dout):
    return dout * (x >= 0)


# ---------------------------------------------------------------- softmax
def _onehot(y, K):
    onehot = np.zeros((len(y), K))
    onehot[np.arange(len(y)), y] = 1
    return onehot


def _from_probabilities(probs, y):
    N = len(y)
    return -np.mean(np.log(probs[np.arange(N), y])), (probs - _onehot(y, probs.shape[1])) / N


def _log_softmax(scores, shift):
    shifted = scores - shift
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def _from_log_probabilities(log_probs, y):
    N = len(y)
    return -np.mean(log_probs[np.arange(N), y]), (np.exp(log_probs) - _onehot(y, log_probs.shape[1])) / N


def ce_stable(scores, y):
    return _from_log_probabilities(_log_softmax(scores, scores.max(axis=1, keepdims=True)), y)


def ce_unshifted(scores, y):
    e = np.exp(scores)
    return _from_probabilities(e / e.sum(axis=1, keepdims=True), y)


def ce_unshifted_log_sum_exp(scores, y):
    return _from_log_probabilities(_log_softmax(scores, 0.0), y)


def ce_batch_shift(scores, y):
    e = np.exp(scores - np.max(scores))
    return _from_probabilities(e / e.sum(axis=1, keepdims=True), y)


def ce_batch_shift_log_sum_exp(scores, y):
    return _from_log_probabilities(_log_softmax(scores, np.max(scores)), y)


def _row_probabilities(scores):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def ce_log_of_probability(scores, y):
    return _from_probabilities(_row_probabilities(scores), y)


def _reciprocal_gradient(probs, y):
    N = len(y)
    dscores = np.zeros_like(probs)
    for i in range(N):
        p_y = probs[i, y[i]]
        dp_ds = -p_y * probs[i]
        dp_ds[y[i]] = p_y - p_y ** 2
        dscores[i] = (-1.0 / p_y) * dp_ds / N
    return dscores


def ce_reciprocal_gradient(scores, y):
    probs = _row_probabilities(scores)
    return _from_probabilities(probs, y)[0], _reciprocal_gradient(probs, y)


def ce_stable_loss_reciprocal_gradient(scores, y):
    log_probs = _log_softmax(scores, scores.max(axis=1, keepdims=True))
    return ce_stable(scores, y)[0], _reciprocal_gradient(np.exp(log_probs), y)


def ce_summed(scores, y):
    loss, dscores = ce_stable(scores, y)
    return loss * len(y), dscores * len(y)


# -------------------------------------------------------------------- cnn.py
def _small_convnet(X, W1, b1, W2, b2, W3, b3, y=None, reg=0.0, flip=False, channels_last=False,
                   data=ce_stable, relu1_backward=True, db1_axes=(0, 2, 3), pool_stride_in_backward=True,
                   reg_loss=(0.5, 0.5, 0.5), reg_grad=(1.0, 1.0, 1.0), data_sign=(1.0, 1.0, 1.0)):
    """The net as students write it from loop layers; the keywords are where the mistakes go."""
    conv_param = {"stride": 1, "pad": (W1.shape[2] - 1) // 2}
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    c1 = conv_loops(X, W1, b1, conv_param, flip=flip)
    a1 = np.maximum(c1, 0)
    Ho, Wo = a1.shape[2] // 2, a1.shape[3] // 2
    p1 = np.zeros(a1.shape[:2] + (Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            p1[:, :, i, j] = a1[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2].max(axis=(2, 3))
    flat = (p1.transpose(0, 2, 3, 1) if channels_last else p1).reshape(len(X), -1)
    z2 = flat @ W2 + b2
    h2 = np.maximum(z2, 0)
    scores = h2 @ W3 + b3
    if y is None:
        return {"scores": scores}
    data_loss, dscores = data(scores, y)
    weights = (W1, W2, W3)
    loss = data_loss + sum(r * reg * np.sum(W ** 2) for r, W in zip(reg_loss, weights))
    grads = {"W3": h2.T @ dscores, "b3": dscores.sum(axis=0)}
    dz2 = (dscores @ W3.T) * (z2 > 0)
    grads["W2"], grads["b2"] = flat.T @ dz2, dz2.sum(axis=0)
    dflat = dz2 @ W2.T
    dp1 = (dflat.reshape(len(X), Ho, Wo, -1).transpose(0, 3, 1, 2) if channels_last
           else dflat.reshape(p1.shape))
    da1 = _pool_backward(a1, pool_param, dp1, _add_at_first_max, ignore_stride=not pool_stride_in_backward)
    dc1 = da1 * (c1 > 0) if relu1_backward else da1
    _, grads["W1"], _ = conv_backward_loops(X, W1, conv_param, dc1, flip=flip)
    grads["b1"] = dc1.sum(axis=db1_axes)
    for name, sign, r, W in zip(("W1", "W2", "W3"), data_sign, reg_grad, weights):
        grads[name] = sign * grads[name] + r * reg * W
    return loss, grads


def _net_model(name, leaves=None, **mistake):
    """A model of SmallConvNet.loss with one mistake; `leaves`: the loss and the
    gradients it names, "scores" for the scores alone, None for everything."""
    def model(X, W1, b1, W2, b2, W3, b3, y=None, reg=0.0):
        if leaves == "scores" and y is not None:
            return None
        made = _small_convnet(X, W1, b1, W2, b2, W3, b3, y, reg, **mistake)
        if leaves in (None, "scores") or isinstance(made, dict):
            return made if leaves in (None, "scores") else None
        return {"loss": made[0], "grads": {k: made[1][k] for k in leaves}}
    model.__name__ = name
    return model


def constructor_bias_number_zero(name):
    def model():
        return {"params": {name: 0}}
    model.__name__ = f"constructor_{name}_number_zero"
    return model


def w2_rows_from_height_twice(input_dim, num_filters=8, hidden_dim=64):
    C, H, W = input_dim
    return {"params": {"W2": (num_filters * (H // 2) * (H // 2), hidden_dim)}}


MISCONCEPTIONS = [
    # ------------------------------------------------- correlate2d, affine, relu
    misconception(
        "kernel_flipped",
        "Your output equals true convolution (kernel flipped); this layer is cross-correlation, "
        "with no flip: multiply each window by the kernel as it is.",
        values("layers.correlate2d", correlate_flipped), values(CONV_F, conv_flipped),
        values(CONV_B, conv_backward_flipped), values(NET, _net_model("net_scores_flipped", "scores", flip=True)),
        values(NET, _net_model("net_flipped", ["W1", "b1", "W2", "b2", "W3", "b3"], flip=True))),
    misconception(
        "affine_dx_not_reshaped",
        "Your dx keeps the flattened shape (N, D): reshape it to x's shape, dx.reshape(x.shape).",
        shape("layers.affine_backward", affine_dx_flat)),
    misconception(
        "relu_gradient_1_at_0",
        "ReLU's gradient at exactly 0 should be 0 (as in PyTorch): pass dout only where x > 0.",
        values("layers.relu_backward", relu_backward_ge)),
    # ------------------------------------------------------------- convolution
    misconception(
        "conv_pads_one_side",
        "You pad only at the bottom and right: pad `pad` rows and columns on every side (top, "
        "bottom, left and right), with (pad, pad) as the widths of both image axes in np.pad.",
        values(CONV_F, conv_one_side), values(CONV_B, conv_backward_one_side),
        values(CONV_B, conv_backward_one_side_symmetric_crop)),
    misconception(
        "output_size_ceil",
        "Your output has one row or column too many: a window that does not fit entirely is dropped, "
        "so the size uses floor division, H' = 1 + (H + 2*pad − HH) // stride.",
        shape(CONV_F, conv_ceil_size), shape(POOL_F, pool_ceil_size)),
    misconception(
        "conv_backward_unpad_empty_at_pad0",
        "At pad = 0 your dx has size 0: the slice [pad:-pad] is [0:0], which is empty. Crop with "
        "[pad:pad + H, pad:pad + W] instead.",
        shape(CONV_B, conv_backward_empty_at_pad0)),
    misconception(
        "bias_gradient_wrong_axes",
        "Your bias gradient sums dout over the wrong axes: db[f] is the sum of dout[:, f] over the "
        "samples and every output position (axes 0, 2 and 3).",
        values(CONV_B, conv_db_over_other_axes), values(CONV_B, conv_db_over_samples_only),
        values(NET, _net_model("net_db1_over_other_axes", ["W1", "b1"], db1_axes=(1, 2, 3)))),
    misconception(
        "backward_ignores_stride",
        "Your backward pass ignores the stride: window (i, j) starts at (i * stride, j * stride), "
        "in the backward pass as in the forward.",
        values(CONV_B, conv_backward_dx_ignores_stride), values(CONV_B, conv_backward_ignores_stride),
        values(POOL_B, pool_ignores_stride),
        values(NET, _net_model("net_pool_backward_ignores_stride", ["W1", "b1"],
                               pool_stride_in_backward=False))),
    misconception(
        "backward_unfinished",
        "Your function returns gradients that are all zeros: it looks unfinished; compute every "
        "gradient before returning.",
        values(CONV_B, conv_backward_unfinished), values(POOL_B, pool_unfinished)),
    misconception(
        "output_size_true_division",
        "Your output size is computed with `/`, which gives a float in Python 3, and np.zeros refuses "
        "float sizes: use integer division `//`.",
        *[crash(target, output_size_divides if target == CONV_F else (lambda x, pool_param: True),
                error="TypeError", message="'float' object cannot be interpreted as an integer")
          for target in (CONV_F, POOL_F, AVG_F, L2_F)]),
    misconception(
        "assert_windows_tile_exactly",
        "Your code stops (assertion) when the windows do not tile the input exactly; rows and columns "
        "that do not fit a whole window are dropped: H' = 1 + (H + 2*pad − HH) // stride.",
        crash(CONV_F, windows_do_not_tile, error="AssertionError"),
        *[crash(target, pool_windows_do_not_tile, error="AssertionError") for target in (POOL_F, AVG_F, L2_F)]),
    misconception(
        "grid_index_rows_for_columns",
        "Your results are right for square outputs only: when you flatten the grid of output "
        "positions you multiply the row by the number of output rows; use the number of output "
        "columns (position = row * W' + col).",
        values(CONV_F, conv_grid_rows_for_columns), crash(CONV_F, conv_grid_too_tall, error="IndexError"),
        values(POOL_F, pool_grid_rows_for_columns), crash(POOL_F, pool_grid_too_tall, error="IndexError")),
    # ----------------------------------------------------------------- pooling
    misconception(
        "max_pool_backward_point_assign",
        "Where overlapping windows share a maximum, your dx keeps only the last window's gradient: "
        "accumulate with `+=`, each window adding its dout to its maximum.",
        values(POOL_B, pool_point_assign)),
    misconception(
        "max_pool_backward_window_assign",
        "You assign (=) a whole window of dx at a time, so with overlapping windows each window "
        "erases what the previous ones wrote there, zeros included: add into dx (`+=`) instead.",
        values(POOL_B, pool_window_assign), values(POOL_B, pool_offset_assign)),
    misconception(
        "pool_backward_assigns",
        "You assign (=) into dx, so where pooling windows overlap each window overwrites what the "
        "others wrote: add every window's gradient into dx (`+=`).",
        values(AVG_B, avg_pool_backward_window_assign), values(AVG_B, avg_pool_backward_offset_assign),
        values(L2_B, l2_pool_backward_window_assign), values(L2_B, l2_pool_backward_offset_assign)),
    misconception(
        "max_pool_backward_ties_all",
        "In a window whose maximum occurs several times you give the full gradient to every copy; "
        "send it to the first maximum in row-major order only (e.g. np.argmax of the flattened window).",
        values(POOL_B, pool_ties_all)),
    misconception(
        "max_pool_backward_ties_split",
        "In a window whose maximum occurs several times you split the gradient between the copies; "
        "this course, like PyTorch, sends all of it to the first maximum in row-major order.",
        values(POOL_B, pool_ties_split)),
    misconception(
        "max_pool_tie_to_last",
        "In a window whose maximum occurs several times you send the gradient to the last copy; it "
        "goes to the first maximum in row-major order (np.argmax of the flattened window).",
        values(POOL_B, pool_tie_to_last)),
    misconception(
        "max_pool_backward_crash_on_ties",
        "Your max_pool_backward fails on windows whose maximum occurs twice (np.where returns two "
        "positions): take one position, the first in row-major order, e.g. with np.argmax.",
        crash(POOL_B, has_tied_window, error="TypeError")),
    misconception(
        "avg_pool_missing_division",
        "Average pooling divides by the window size, pool_height * pool_width, in the forward pass "
        "and in the backward pass.",
        values(AVG_F, avg_pool_sums), values(AVG_B, avg_pool_backward_undivided)),
    misconception(
        "l2_pool_zero_window_nan",
        "An all-zero window gives 0/0 = NaN in your gradient: its gradient is 0 by this course's rule, "
        "so divide only where the window's norm is positive.",
        values(L2_B, l2_pool_backward_divides_by_zero)),
    misconception(
        "feature_pool_strided_groups",
        "Your groups take every G-th channel; a group is g consecutive channels, channels "
        "j*g to (j+1)*g − 1 (x.reshape(N, C // g, g, H, W)).",
        values("layers.l2_feature_pool_forward", feature_pool_strided),
        values("layers.l2_feature_pool_backward", feature_pool_backward_strided)),
    # ----------------------------------------------------------------- softmax
    misconception(
        "softmax_without_1_over_N",
        "The loss is not divided by the batch size N: it is the mean over the N samples, and its "
        "gradient is (probs − one_hot) / N.",
        values(SOFTMAX, ce_summed),
        values(NET, _net_model("net_softmax_summed", ["W1", "b1", "W2", "b2", "W3", "b3"], data=ce_summed))),
    misconception(
        "softmax_no_max_shift",
        "np.exp overflows for scores above about 709: subtract each row's maximum from the scores "
        "before np.exp (the softmax does not change).",
        unstable(SOFTMAX, ce_unshifted), unstable(SOFTMAX, ce_unshifted_log_sum_exp)),
    misconception(
        "softmax_global_max_shift",
        "You subtract the maximum of the whole batch: a row far below it underflows to all zeros. "
        "Subtract each row's own maximum, scores.max(axis=1, keepdims=True).",
        unstable(SOFTMAX, ce_batch_shift), unstable(SOFTMAX, ce_batch_shift_log_sum_exp)),
    misconception(
        "softmax_ce_log_of_underflowed_probability",
        "Your loss takes log of a probability that has underflowed to 0: compute log-probabilities "
        "directly, shifted − log(sum(exp(shifted))), and take −log_probs[y].",
        unstable(SOFTMAX, ce_log_of_probability)),
    misconception(
        "softmax_ce_gradient_through_reciprocal",
        "Your gradient divides by the probability of the correct class, which can be 0: use the "
        "closed form dscores = (probs − one_hot(y)) / N.",
        unstable(SOFTMAX, ce_reciprocal_gradient), unstable(SOFTMAX, ce_stable_loss_reciprocal_gradient)),
    misconception(
        "softmax_loss_changes_scores",
        "Your softmax_loss subtracts the row maximum from scores in place, which changes the caller's "
        "array: shifted = scores − scores.max(axis=1, keepdims=True) makes a new one.",
        in_place(SOFTMAX, "scores")),
    misconception(
        "relu_backward_changes_dout",
        "Your relu_backward zeroes entries of dout in place, which changes the caller's array: build "
        "dx as a new array, e.g. np.where(x > 0, dout, 0).",
        in_place("layers.relu_backward", "dout")),
    # ------------------------------------------------------------------ cnn.py
    misconception(
        "net_flattens_channels_last",
        "You flatten the pooled maps channels last; flatten them as they are, p1.reshape(N, -1) "
        "(channel slowest, column fastest), as affine_forward does.",
        values(NET, _net_model("net_scores_channels_last", "scores", channels_last=True)),
        values(NET, _net_model("net_channels_last", ["W1", "b1", "W2", "b2", "W3", "b3"],
                               channels_last=True))),
    misconception(
        "net_skips_relu_backward",
        "Your backward pass skips the ReLU after the convolution: pass the pooling gradient through "
        "relu_backward before conv_backward.",
        values(NET, _net_model("net_without_relu_backward", ["W1", "b1"], relu1_backward=False))),
    misconception(
        "reg_missing_a_weight",
        "Your regularisation leaves out one of the weight matrices: the loss has "
        "0.5 * reg * (sum(W1**2) + sum(W2**2) + sum(W3**2)) and each weight gradient gets reg * W.",
        *[values(NET, _net_model(f"net_reg_loss_without_W{k + 1}", [],
                                 reg_loss=tuple(0.0 if i == k else 0.5 for i in range(3))))
          for k in range(3)],
        *[values(NET, _net_model(f"net_reg_grad_without_W{k + 1}", [f"W{k + 1}"],
                                 reg_grad=tuple(0.0 if i == k else 1.0 for i in range(3))))
          for k in range(3)]),
    misconception(
        "gradient_sign_flipped",
        "One of your weight gradients has the wrong sign in its data part: backpropagation gives "
        "dW = (input).T @ (upstream gradient), with no minus sign.",
        *[values(NET, _net_model(f"net_dW{k + 1}_sign", [f"W{k + 1}"],
                                 data_sign=tuple(-1.0 if i == k else 1.0 for i in range(3))))
          for k in range(3)]),
    misconception(
        "net_bias_not_float_array",
        "Your constructor sets a bias to the number 0: biases are float arrays of zeros, "
        "b1 = np.zeros(num_filters), b2 = np.zeros(hidden_dim) and b3 = np.zeros(num_classes).",
        *[values("cnn.SmallConvNet", constructor_bias_number_zero(name)) for name in ("b1", "b2", "b3")]),
    misconception(
        "net_W2_sized_for_square_inputs",
        "Your W2 has the right number of rows for square inputs only: the pooled maps hold "
        "F * (H//2) * (W//2) values per image, so W2 needs that many rows.",
        shape("cnn.SmallConvNet", w2_rows_from_height_twice)),
    misconception(
        "l2_without_half",
        "Your L2 term is reg * sum(W**2), twice this course's 0.5 * reg * sum(W**2) (and its gradient "
        "2 * reg * W twice reg * W): include the factor 0.5.",
        values(NET, _net_model("net_l2_without_half", ["W1", "W2", "W3"], reg_loss=(1.0, 1.0, 1.0),
                               reg_grad=(2.0, 2.0, 2.0)))),
]
