"""The PyTorch equivalents whose autograd gradients are the references.

Float arrays arrive as float64 tensors (integer arrays as int64 tensors,
other arguments, such as the `conv_param` and `pool_param` dicts, as given).
Each function declares only the inputs it uses, by the student function's
argument names; it returns the forward's output (a tensor) or, for a loss, a
scalar tensor. PyTorch's conv2d is a cross-correlation (no kernel flip), as
the course's.
"""
import torch
import torch.nn.functional as F


def _pool_args(pool_param):
    return (int(pool_param["pool_height"]), int(pool_param["pool_width"])), int(pool_param["stride"])


# ----------------------------------------------------------------- layers.py
def correlate2d(image, kernel):
    return F.conv2d(image[None, None], kernel[None, None])[0, 0]


def affine(x, w, b):
    return x.reshape(x.shape[0], -1) @ w + b


def relu(x):
    return torch.relu(x)


def conv(x, w, b, conv_param):
    return F.conv2d(x, w, b, stride=int(conv_param["stride"]), padding=int(conv_param["pad"]))


def max_pool(x, pool_param):
    # PyTorch (CPU) also sends a tie to the first maximum; tie cases use the solution anyway
    kernel, stride = _pool_args(pool_param)
    return F.max_pool2d(x, kernel, stride)


def avg_pool(x, pool_param):
    kernel, stride = _pool_args(pool_param)
    return F.avg_pool2d(x, kernel, stride)


def l2_pool(x, pool_param):
    # = F.lp_pool2d(x, 2, kernel, stride); written out so the formula is visible
    kernel, stride = _pool_args(pool_param)
    return torch.sqrt(F.avg_pool2d(x * x, kernel, stride) * (kernel[0] * kernel[1]))


def l2_feature_pool(x, group_size):
    N, C, H, W = x.shape
    g = int(group_size)
    return torch.sqrt((x.reshape(N, C // g, g, H, W) ** 2).sum(dim=2))


def softmax_loss(scores, y):
    return F.cross_entropy(scores, y)


# -------------------------------------------------------------------- cnn.py
def small_convnet_scores(X, W1, b1, W2, b2, W3, b3, filter_size):
    a1 = torch.relu(F.conv2d(X, W1, b1, stride=1, padding=(int(filter_size) - 1) // 2))
    p1 = F.max_pool2d(a1, 2, 2)
    h = torch.relu(p1.reshape(p1.shape[0], -1) @ W2 + b2)
    return h @ W3 + b3


def small_convnet_loss(X, y, W1, b1, W2, b2, W3, b3, filter_size, reg=0.0):
    scores = small_convnet_scores(X, W1, b1, W2, b2, W3, b3, filter_size)
    return F.cross_entropy(scores, y) + 0.5 * reg * ((W1 ** 2).sum() + (W2 ** 2).sum()
                                                     + (W3 ** 2).sum())
