"""The grader's own trainer for `SmallConvNet` (trusted code, run in the
student's worker process before any student module is imported).

It imports nothing but NumPy and nothing from the solution: it only calls the
model's `loss(X, y)` method and reads/writes `model.params`. The student's
own initialisation (`weight_scale=1e-2`) would need many epochs of plain SGD,
so the trainer replaces it with its own (He) initialisation and trains with
Adam and a cosine-decaying step size, which reaches about 96% validation
accuracy on the 8x8 digits within two epochs over 1000 images (a fraction of
a second for a vectorised net, about 40 s for one written with plain loops).
"""
import numpy as np

WEIGHTS = ("W1", "W2", "W3")
BIASES = ("b1", "b2", "b3")


def initial_params(shapes, seed):
    """He initialisation for the shapes {name: shape} of a SmallConvNet's
    params: W ~ N(0, 2 / fan_in) (fan_in = C*k*k for W1, the number of rows
    for W2 and W3), biases 0. Drawn in the order W1, W2, W3 from
    default_rng(seed)."""
    rng = np.random.default_rng(seed)
    params = {}
    for name in WEIGHTS:
        shape = shapes[name]
        fan_in = int(np.prod(shape[1:])) if len(shape) == 4 else int(shape[0])
        params[name] = rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)
    for name in BIASES:
        params[name] = np.zeros(shapes[name])
    return params


def train(model, X, y, epochs=2, lr=0.02, batch_size=8, seed=0):
    """Re-initialise `model.params` (see `initial_params`), then train them
    with Adam (beta1 0.9, beta2 0.999, eps 1e-8) on minibatches, the step
    size decaying from `lr` towards 0 along a half cosine over the T steps
    (step t = 0 .. T-1 uses lr * (1 + cos(pi * t / T)) / 2). Epoch e shuffles
    with default_rng(seed + e).permutation(N) and visits every batch (the
    last one possibly smaller). Each step calls
    `loss, grads = model.loss(X[B], y[B])` and stores the new parameters with
    `model.params[name] = ...` (fresh arrays: the trainer keeps its own
    copies, so a `loss` that changed `params` in place cannot disturb the
    training). X and y are not modified. Returns the list of the batch
    losses, one per step."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    shapes = {name: np.shape(model.params[name]) for name in WEIGHTS + BIASES}
    params = initial_params(shapes, seed)
    model.params = {name: value.copy() for name, value in params.items()}
    first = {name: np.zeros(shape) for name, shape in shapes.items()}
    second = {name: np.zeros(shape) for name, shape in shapes.items()}
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    N = X.shape[0]
    total = epochs * ((N + batch_size - 1) // batch_size)
    losses, step = [], 0
    for epoch in range(epochs):
        order = np.random.default_rng(seed + epoch).permutation(N)
        for start in range(0, N, batch_size):
            batch = order[start:start + batch_size]
            loss, grads = model.loss(X[batch], y[batch])
            losses.append(float(loss))
            rate = lr * 0.5 * (1.0 + np.cos(np.pi * step / total))
            step += 1
            for name in shapes:
                grad = np.asarray(grads[name], dtype=np.float64)
                if grad.shape != shapes[name]:
                    raise ValueError(f"grads[{name!r}] has shape {grad.shape}, "
                                     f"expected {shapes[name]} (the shape of params[{name!r}])")
                first[name] = beta1 * first[name] + (1 - beta1) * grad
                second[name] = beta2 * second[name] + (1 - beta2) * grad * grad
                m_hat = first[name] / (1 - beta1 ** step)
                v_hat = second[name] / (1 - beta2 ** step)
                params[name] = params[name] - rate * m_hat / (np.sqrt(v_hat) + eps)
                model.params[name] = params[name].copy()
    return losses
