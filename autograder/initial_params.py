"""What a constructor's initial parameters must be, judged without knowing
how the student drew them: names and shapes as the reference's, float64
arrays, biases exactly zero, weights that look like draws of
N(0, weight_scale^2).

The weights are random, and a student may draw them with any generator, so
they are judged statistically, with bands that a correct implementation
leaves with probability below 1e-8 per weight array, whatever its size
(the bands widen as the number of values shrinks):

- the mean of n draws of N(0, s^2) is N(0, s^2 / n), and a standard normal
  exceeds t with probability at most exp(-t^2 / 2) (Chernoff);
- n * (root mean square / s)^2 is chi-square with n degrees of freedom, for
  which Laurent and Massart (2000, Lemma 1) give, for every x > 0,
  P(X >= n + 2 sqrt(n x) + 2 x) <= exp(-x) and P(X <= n - 2 sqrt(n x)) <= exp(-x).
"""
import math

import numpy as np

from .comparison import describe

TAIL = 20.0  # x above: each bound fails a correct array with probability <= exp(-20) ~ 2e-9


def mean_bound(n, scale):
    """|mean| of n draws of N(0, scale^2) stays below this but with probability <= 2 exp(-TAIL)."""
    return scale * math.sqrt(2 * TAIL / n)


def rms_band(n, scale):
    """(low, high): the root mean square of n draws of N(0, scale^2) leaves it with
    probability <= 2 exp(-TAIL); low is 0 when n is too small to bound it."""
    low = max(0.0, n - 2 * math.sqrt(n * TAIL))
    high = n + 2 * math.sqrt(n * TAIL) + 2 * TAIL
    return scale * math.sqrt(low / n), scale * math.sqrt(high / n)


def problems(label, received, expected, weight_scale, hidden):
    """Sentences saying what is wrong with `received` (the constructor's `params`)
    against `expected` (the reference's, for names and shapes): names starting
    with "b" are biases (exactly 0), with "W" weights (scale `weight_scale`)."""
    if not isinstance(received, dict) or set(received) != set(expected):
        got = f"keys {', '.join(map(str, received))}" if isinstance(received, dict) else describe(received)
        return [f"{label} should be a dict with the keys {', '.join(expected)}"
                + ("" if hidden else f", got {got}")]
    found = []
    for name, reference in expected.items():
        problem = _array_problem(f"{label}[{name!r}]", received[name], reference, hidden)
        if not problem and name.startswith("b"):
            problem = _bias_problem(f"{label}[{name!r}]", received[name], hidden)
        if not problem and name.startswith("W"):
            problem = _weight_problem(f"{label}[{name!r}]", received[name], weight_scale, hidden)
        found += [problem] if problem else []
    return found


def _array_problem(name, value, reference, hidden):
    shape = "" if hidden else f" of shape {reference.shape}"
    if not isinstance(value, np.ndarray):
        return f"{name} should be a float64 array{shape}" + ("" if hidden else f", got {describe(value)}")
    if value.shape != reference.shape:
        return f"{name} has the wrong shape" if hidden else \
            f"{name} has shape {value.shape}, expected {reference.shape} for these arguments"
    if value.dtype != np.float64:
        return f"{name} has dtype {value.dtype}; parameters are float64 arrays"
    if not np.all(np.isfinite(value)):
        return f"{name} holds NaN or infinite values"
    return ""


def _bias_problem(name, value, hidden):
    if np.any(value != 0):
        return f"{name} should start at exactly 0 (np.zeros)" + \
            ("" if hidden else f", but its largest magnitude is {np.max(np.abs(value)):.3g}")
    return ""


def _weight_problem(name, value, scale, hidden):
    n = value.size
    mean, rms = float(np.mean(value)), float(np.sqrt(np.mean(value ** 2)))
    bound = mean_bound(n, scale)
    low, high = rms_band(n, scale)
    if abs(mean) > bound:
        return f"{name} is not centred on 0" + ("" if hidden else
            f": its mean is {mean:.3g}, but for {n} draws of N(0, weight_scale^2) with "
            f"weight_scale = {scale:g} it stays within +-{bound:.3g}")
    if not low <= rms <= high:
        return f"{name} is not at the scale weight_scale" + ("" if hidden else
            f": its root mean square is {rms:.3g}, but for {n} draws of N(0, weight_scale^2) "
            f"with weight_scale = {scale:g} it lies between {low:.3g} and {high:.3g}")
    return ""
