"""Comparators for outcomes that have no single right value (see the
perceptron assignment's comparators.py for the calling convention)."""
import numpy as np

from autograder.instructor import initial_params_problems, trained_params


def digits_accuracy(received, expected, inputs, solution, hidden, min_accuracy):
    """The grader's trainer trained the student's SmallConvNet with the
    student's `loss`; what the trained params achieve on held-out digits is
    computed here, with the reference forward pass."""
    trained, problem = trained_params("model.params", received["params"], expected["params"])
    if problem:
        return [problem]
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


def initial_params(received, expected, inputs, solution, hidden, default_weight_scale):
    """SmallConvNet's constructor: params' names, shapes (W2's rows follow the
    pooled maps, F * (H//2) * (W//2)) and dtype as the reference's, zero
    biases, weights drawn at the scale weight_scale (the case's, else the
    documented default); any random generator will do."""
    scale = inputs.get("weight_scale", default_weight_scale)
    return initial_params_problems("params", received["params"], expected["params"], scale, hidden)
