"""The PyTorch equivalents whose autograd gradients are the references.

Float arrays arrive as float64 tensors (integer arrays as int64 tensors,
scalars that are differentiated as 0-d float64 tensors, other arguments as
given). Each function declares only the inputs it uses, by the student
function's argument names; it returns the forward's output (a tensor, or a
tuple of tensors for `copy`) or, for a loss, a scalar tensor.
"""
import torch
import torch.nn.functional as F


# ------------------------------------------------------------------ gates.py
def add(x, y):
    return x + y


def multiply(x, y):
    return x * y


def maximum(x, y):
    # splits ties 0.5/0.5: tie cases use the course's rule (the solution) instead
    return torch.maximum(x, y)


def copy(x):
    return x.clone(), x.clone()


def exp(x):
    return torch.exp(x)


def reciprocal(x):
    return torch.reciprocal(x)


def add_constant(x, c):
    return c + x


def scale(x, a):
    return a * x


def sigmoid(x):
    return torch.sigmoid(x)


# ----------------------------------------------------------------- graphs.py
def simple_graph(x, y, z):
    return (x + y) * z


def sigmoid_neuron(w, x):
    return torch.sigmoid(w[0] * x[0] + w[1] * x[1] + w[2])


def matrix_example(X, W1, W2):
    return ((torch.relu(X @ W1) @ W2) ** 2).sum()


# ----------------------------------------------------------------- losses.py
def quadratic_loss(y, y_star):
    return F.mse_loss(y, y_star, reduction="sum") / (2 * y.shape[0])


def binary_cross_entropy(y, y_star):
    return F.binary_cross_entropy(y, y_star)


def softmax(scores):
    return F.softmax(scores, dim=1)


def softmax_cross_entropy(scores, labels):
    return F.cross_entropy(scores, labels)


# ---------------------------------------------------------- two_layer_net.py
def two_layer_net_scores(X, W1, b1, W2, b2):
    return torch.relu(X @ W1 + b1) @ W2 + b2


def two_layer_net_loss(X, y, W1, b1, W2, b2, reg=0.0):
    scores = two_layer_net_scores(X, W1, b1, W2, b2)
    return F.cross_entropy(scores, y) + 0.5 * reg * ((W1 ** 2).sum() + (W2 ** 2).sum())
