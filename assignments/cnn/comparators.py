"""Comparators for outcomes that have no single right value (see the
perceptron assignment's comparators.py for the calling convention)."""
import numpy as np

from autograder.checks import as_array

PARAMETERS = ("W1", "b1", "W2", "b2", "W3", "b3")


def digits_accuracy(received, expected, inputs, solution, hidden, min_accuracy):
    """The grader's trainer trained the student's SmallConvNet with the
    student's `loss`; what the trained params achieve on held-out digits is
    computed here, with the reference forward pass."""
    params = received["params"]
    if not isinstance(params, dict) or set(params) != set(PARAMETERS):
        return ["model.params should be a dict with the keys " + ", ".join(PARAMETERS)]
    trained = {}
    for name in PARAMETERS:
        array, problem = as_array(f"model.params[{name!r}]", params[name], expected["params"][name])
        if problem:
            return [problem]
        if array.shape != expected["params"][name].shape or not np.all(np.isfinite(array)):
            return [f"model.params[{name!r}] has the wrong shape or is not finite after training"]
        trained[name] = array.astype(np.float64)
    net = solution["cnn"].SmallConvNet(tuple(inputs["input_dim"]), inputs["num_filters"],
                                       inputs["filter_size"], inputs["hidden_dim"],
                                       inputs["num_classes"])
    net.params = trained
    accuracy = np.mean(np.argmax(net.loss(inputs["_X_val"]), axis=1) == inputs["_y_val"])
    if accuracy < min_accuracy:
        return [f"validation accuracy is below {min_accuracy}" if hidden else
                f"validation accuracy {accuracy:.3f} is below {min_accuracy} (the trainer's "
                "losses went from your loss's gradients: check them)"]
    return []
