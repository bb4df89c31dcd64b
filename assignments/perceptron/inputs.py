"""Input generators for `from:` cases of the perceptron assignment.

Each is `f(rng, **options) -> dict of argument name -> value`; names that
start with `_` stay with the grader (held-out data for a comparator).
"""
import numpy as np


def separable_data(rng, n, d, margin=0.3):
    """n points in d dimensions, labelled 0/1 by a random hyperplane, none
    closer to it than `margin` (so Rosenblatt's rule converges quickly)."""
    w, b = rng.standard_normal(d), rng.standard_normal() * 0.5
    w /= np.linalg.norm(w)
    points = []
    while len(points) < n:
        x = rng.standard_normal(d) * 2
        if abs(x @ w + b) > margin:
            points.append(x)
    X = np.array(points)
    return {"X": X, "y": (X @ w + b > 0).astype(np.int64)}


def exact_zero_scores(rng):
    """Four separable integer points on which Rosenblatt's rule meets scores of
    exactly 0: the first sample (label 0) at the start, where the prediction 0
    is right, and, for a rule that counted that 0 as a mistake, the second
    sample (label 1) right after it."""
    return {"X": np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 1.0], [-2.0, -1.0]]),
            "y": np.array([0, 1, 0, 1], dtype=np.int64)}


def noisy_labels(rng, n, d):
    """Random points with random 0/1 labels: not linearly separable, so the
    perceptron runs until max_epochs."""
    X = rng.standard_normal((n, d))
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]  # both classes present
    return {"X": X, "y": y}


def _with_bias(X):
    return np.hstack([np.ones((X.shape[0], 1)), X])


def logistic_problem(rng, m, d, theta_scale=1.0):
    """theta, X (m, d) whose column 0 is all ones, and 0/1 labels (floats)."""
    X = _with_bias(rng.standard_normal((m, d - 1)))
    theta = rng.standard_normal(d) * theta_scale
    y = rng.integers(0, 2, m).astype(np.float64)
    return {"theta": theta, "X": X, "y": y}


def logistic_blobs(rng, m, d, m_test=400, separation=1.5):
    """Two Gaussian blobs (labels 0/1 as floats) with a bias column, a training
    set for the student and a held-out set for the grader."""
    def draw(count):
        y = rng.integers(0, 2, count)
        centres = np.where(y[:, None] == 1, separation, -separation) * np.ones(d - 1)
        return _with_bias(centres + rng.standard_normal((count, d - 1))), y.astype(np.float64)
    X, y = draw(m)
    X_test, y_test = draw(m_test)
    return {"X": X, "y": y, "_X_test": X_test, "_y_test": y_test}
