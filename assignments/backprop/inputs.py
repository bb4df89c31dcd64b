"""Input generators for `from:` cases of the backprop assignment.

Each is `f(rng, **options) -> dict of argument name -> value`; names that
start with `_` stay with the grader (held-out data for a comparator).
"""
import numpy as np


def _spiral_points(rng, points_per_class, classes, noise):
    """The classic spiral (CS231n style): class j is an arm with radius
    linspace(0, 1) and angle linspace(4j, 4(j+1)) plus Gaussian noise.
    Rows are in class order."""
    X = np.zeros((points_per_class * classes, 2))
    y = np.zeros(points_per_class * classes, dtype=np.int64)
    for j in range(classes):
        rows = slice(points_per_class * j, points_per_class * (j + 1))
        r = np.linspace(0.0, 1.0, points_per_class)
        t = np.linspace(j * 4.0, (j + 1) * 4.0, points_per_class) \
            + noise * rng.standard_normal(points_per_class)
        X[rows] = np.column_stack([r * np.sin(t), r * np.cos(t)])
        y[rows] = j
    return X, y


def spiral(rng, points_per_class=100, classes=3, noise=0.2, test_points_per_class=100):
    """A spiral training set for the student and a held-out test set drawn
    the same way (fresh noise) for the grader."""
    X, y = _spiral_points(rng, points_per_class, classes, noise)
    X_test, y_test = _spiral_points(rng, test_points_per_class, classes, noise)
    return {"X": X, "y": y, "_X_test": X_test, "_y_test": y_test}


def probabilities(rng, shape, low=0.05, high=0.95):
    """Predicted probabilities y in (low, high) and 0/1 float targets y_star
    of the same shape, for binary_cross_entropy."""
    shape = tuple(shape)
    return {"y": rng.uniform(low, high, shape),
            "y_star": rng.integers(0, 2, shape).astype(np.float64)}


def classification_scores(rng, n, k, scale=1.0):
    """Scores (n, k) of standard deviation `scale` and int64 labels in [0, k)."""
    return {"scores": rng.standard_normal((n, k)) * scale,
            "labels": rng.integers(0, k, n, dtype=np.int64)}


def two_layer_problem(rng, n, d, h, k, weight_scale=0.5):
    """A batch, labels and the parameters of a TwoLayerNet (the grader builds
    TwoLayerNet(input_dim, hidden_dim, num_classes) and sets its params to
    W1, b1, W2, b2)."""
    return {"X": rng.standard_normal((n, d)),
            "y": rng.integers(0, k, n, dtype=np.int64),
            "W1": rng.standard_normal((d, h)) * weight_scale,
            "b1": rng.standard_normal(h) * 0.1,
            "W2": rng.standard_normal((h, k)) * weight_scale,
            "b2": rng.standard_normal(k) * 0.1,
            "input_dim": d, "hidden_dim": h, "num_classes": k}


def regression_problem(rng, n, d, h, k):
    """x (n, d), y (n, k), w1 (d, h), w2 (h, k), all standard normal, for
    sigmoid_regression_step (the learning rate comes from the case)."""
    return {"x": rng.standard_normal((n, d)),
            "y": rng.standard_normal((n, k)),
            "w1": rng.standard_normal((d, h)),
            "w2": rng.standard_normal((h, k))}
