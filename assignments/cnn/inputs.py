"""Input generators for `from:` cases of the cnn assignment.

Each is `f(rng, **options) -> dict of argument name -> value`; names that
start with `_` stay with the grader (held-out data for a comparator).
"""
import os
import zipfile

import numpy as np

DIGITS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.npz")


def digits(rng, train=1000, validation=797):
    """The 8x8 handwritten digits (see DATA.md), scaled to [0, 1], as
    (N, 1, 8, 8) float64 images with int64 labels. A permutation drawn from
    `rng` splits them into `train` training images for the student's net and
    `validation` held-out images for the grader (train + validation <= 1797)."""
    try:
        with np.load(DIGITS) as data:
            images, labels = data["images"], data["labels"]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise OSError(f"{DIGITS} is unreadable ({type(error).__name__}: {error}); "
                      "restore it from the repository (see DATA.md)") from None
    if train + validation > len(labels):
        raise ValueError(f"digits: train + validation = {train + validation} > {len(labels)} images")
    X = (images.astype(np.float64) / 16.0).reshape(-1, 1, 8, 8)
    y = labels.astype(np.int64)
    order = rng.permutation(len(labels))
    fit, held_out = order[:train], order[train:train + validation]
    return {"X": X[fit], "y": y[fit], "_X_val": X[held_out], "_y_val": y[held_out]}


def conv_problem(rng, N, C, H, W, F, HH, WW, stride=1, pad=0):
    """x (N, C, H, W), w (F, C, HH, WW), b (F,), all standard normal, and the
    conv_param dict."""
    return {"x": rng.standard_normal((N, C, H, W)),
            "w": rng.standard_normal((F, C, HH, WW)),
            "b": rng.standard_normal(F),
            "conv_param": {"stride": int(stride), "pad": int(pad)}}


def pool_problem(rng, N, C, H, W, pool_height, pool_width, stride):
    """x (N, C, H, W) standard normal (no ties, almost surely) and the
    pool_param dict."""
    return {"x": rng.standard_normal((N, C, H, W)),
            "pool_param": {"pool_height": int(pool_height), "pool_width": int(pool_width),
                           "stride": int(stride)}}


def tied_pool(rng, N, C, H, W, pool_height, pool_width, stride, levels=3):
    """An input with exact ties inside the pooling windows: integer-valued
    floats in 0 .. levels-1 (so most windows hold their maximum several
    times), for the course's tie rule (the first maximum in row-major order)."""
    x = rng.integers(0, levels, (N, C, H, W)).astype(np.float64)
    return {"x": x,
            "pool_param": {"pool_height": int(pool_height), "pool_width": int(pool_width),
                           "stride": int(stride)}}


def convnet_problem(rng, N, C, H, W, num_filters, filter_size, hidden_dim, num_classes,
                    weight_scale=0.3):
    """A batch, labels and the parameters of a SmallConvNet (the grader builds
    SmallConvNet(input_dim, num_filters, filter_size, hidden_dim, num_classes)
    and sets its params to W1, b1, W2, b2, W3, b3)."""
    F, k = num_filters, filter_size
    flat = F * (H // 2) * (W // 2)
    return {"X": rng.standard_normal((N, C, H, W)),
            "y": rng.integers(0, num_classes, N, dtype=np.int64),
            "W1": rng.standard_normal((F, C, k, k)) * weight_scale,
            "b1": rng.standard_normal(F) * 0.1,
            "W2": rng.standard_normal((flat, hidden_dim)) * weight_scale,
            "b2": rng.standard_normal(hidden_dim) * 0.1,
            "W3": rng.standard_normal((hidden_dim, num_classes)) * weight_scale,
            "b3": rng.standard_normal(num_classes) * 0.1,
            "input_dim": [C, H, W], "num_filters": F, "filter_size": k,
            "hidden_dim": hidden_dim, "num_classes": num_classes}
