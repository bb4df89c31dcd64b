"""Comparators for outcomes that have no single right value (see the
perceptron assignment's comparators.py for the calling convention)."""
import numpy as np

from autograder.instructor import initial_params_problems, trained_params


def spiral_accuracy(received, expected, inputs, solution, hidden, min_accuracy):
    """train_two_layer_net is graded by what its trained parameters achieve on
    held-out points, computed here with the reference forward pass."""
    trained, problem = trained_params("net.params", received["params"], expected["params"])
    if problem:
        return [problem]
    losses = received["losses"]
    if not isinstance(losses, (list, tuple)) or len(losses) != len(expected["losses"]):
        steps = "" if hidden else f" {len(expected['losses'])}"  # a hidden setting: not said
        return [f"train_two_layer_net should return the list of the loss at each of the{steps} steps"]
    net = solution["two_layer_net"].TwoLayerNet(inputs["input_dim"], inputs["hidden_dim"],
                                                inputs["num_classes"])
    net.params = trained
    accuracy = np.mean(np.argmax(net.loss(inputs["_X_test"]), axis=1) == inputs["_y_test"])
    if accuracy < min_accuracy:
        return [f"held-out accuracy is below {min_accuracy}" if hidden else
                f"held-out accuracy {accuracy:.3f} is below {min_accuracy}"]
    return []


def initial_params(received, expected, inputs, solution, hidden, default_weight_scale):
    """TwoLayerNet's constructor: params' names, shapes and dtype as the
    reference's, zero biases, weights drawn at the scale weight_scale (the
    case's, else the documented default); any random generator will do."""
    scale = inputs.get("weight_scale", default_weight_scale)
    return initial_params_problems("params", received["params"], expected["params"], scale, hidden)
