"""The PyTorch equivalents whose autograd gradients are the references.

Each takes the same argument names as the student's forward function (arrays
arrive as float64 tensors) and returns the forward's output (a tensor) or, for
a loss, a scalar tensor.
"""
import torch
import torch.nn.functional as F


def sigmoid(x):
    return torch.sigmoid(x)


def tanh(x):
    return torch.tanh(x)


def relu(x):
    return torch.relu(x)


def leaky_relu(x, slope=0.1):
    return F.leaky_relu(x, slope)


def elu(x, alpha=1.0):
    return F.elu(x, alpha)


def maxout(x, W1, b1, W2, b2):
    return torch.maximum(x @ W1 + b1, x @ W2 + b2)


def logistic_loss(theta, X, y, reg=0.0):
    scores = X @ theta
    return F.binary_cross_entropy_with_logits(scores, y) + reg * 0.5 * (theta[1:] ** 2).sum()
