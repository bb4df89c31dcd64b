"""Comparators for outcomes that have no single right value.

A comparator gets the student's named values, the reference's, the case's
inputs (with grader-only extras) and the solution modules, and returns a list
of problems (empty when the case passes).
"""
import numpy as np

from autograder.instructor import as_array


def sgd_outcome(received, expected, inputs, solution, hidden, min_accuracy, max_loss_ratio):
    """sgd_train is graded by what its weights achieve, not by the weights."""
    theta, problem = as_array("theta", received["theta"], expected["theta"])
    if problem:
        return [problem]
    if theta.shape != expected["theta"].shape:  # a hidden case's shape is its data: not said
        return ["theta: has the wrong shape" if hidden else
                f"theta: has shape {theta.shape}, expected {expected['theta'].shape}"]
    if not np.all(np.isfinite(theta)):
        return ["theta: contains NaN or inf"]
    logistic = solution["logistic"]
    theta = theta.astype(np.float64)
    accuracy = np.mean(logistic.logistic_predict(theta, inputs["_X_test"]) == inputs["_y_test"])
    loss = logistic.logistic_loss(theta, inputs["X"], inputs["y"], inputs.get("reg", 0.0))[0]
    reference = logistic.logistic_loss(expected["theta"], inputs["X"], inputs["y"],
                                       inputs.get("reg", 0.0))[0]
    problems = []
    if accuracy < min_accuracy:
        problems.append(f"held-out accuracy is below {min_accuracy}" if hidden else
                        f"held-out accuracy {accuracy:.3f} is below {min_accuracy}")
    if loss > max_loss_ratio * reference:
        problems.append(f"final training loss is more than {max_loss_ratio} x the reference's"
                        if hidden else f"final training loss {loss:.4g} is more than "
                        f"{max_loss_ratio} x the reference's {reference:.4g}")
    return problems
