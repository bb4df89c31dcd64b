"""Comparators for outcomes that have no single right value (see the
perceptron assignment's comparators.py for the calling convention)."""
from autograder.instructor import initial_params_problems


def initial_params(received, expected, inputs, solution, hidden, default_weight_scale):
    """SmallConvNet's constructor: params' names, shapes (W2's rows follow the
    pooled maps, F * (H//2) * (W//2)) and dtype as the reference's, zero
    biases, weights drawn at the scale weight_scale (the case's, else the
    documented default); any random generator will do."""
    scale = inputs.get("weight_scale", default_weight_scale)
    return initial_params_problems("params", received["params"], expected["params"], scale, hidden)
