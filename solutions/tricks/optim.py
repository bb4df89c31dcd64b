"""First-order optimisers: one update step each.

Every function has the signature ``f(w, dw, config) -> (next_w, config)``:

- ``w``: the current weights, an array of any shape; ``dw``: the gradient of
  the loss with respect to ``w``, of the same shape.
- ``config``: a dict of hyper-parameters (``learning_rate``, ...) and of the
  optimiser's state (``velocity``, ``cache``, ``m``, ``v``, ``t``). A missing
  hyper-parameter takes the default listed in the function's docstring; a
  missing state starts at zero (arrays of zeros shaped like ``w``; ``t`` at
  the int 0).
- Return ``next_w`` (a new float64 array) and a NEW config dict that holds
  every key of the argument, with the state updated, so that it can be fed
  back in for the next step::

      config = {"learning_rate": 1e-3}
      for step in range(num_steps):
          w, config = adam(w, grad(w), config)

  The ``config`` passed in is left untouched: neither the dict nor the
  arrays inside it are modified. Build a new dict (``dict(config)``) and new
  arrays (``v = momentum * v + dw``, never ``v *= momentum``).

Each matches the named ``torch.optim`` optimiser step for step, with the same
hyper-parameters (no weight decay).
"""

import numpy as np


def sgd(w, dw, config):
    """Vanilla stochastic gradient descent (``torch.optim.SGD``)::

        next_w = w - learning_rate * dw

    Hyper-parameters (default): ``learning_rate`` (1e-2). No state.

    Args:
        w: weights, array of any shape.
        dw: gradient, array of ``w``'s shape.
        config: dict of hyper-parameters.

    Returns:
        (next_w, config): ``next_w`` float64 ndarray of ``w``'s shape; a new
        dict with the keys of the argument.
    """
    ### BEGIN SOLUTION
    learning_rate = config.get("learning_rate", 1e-2)
    next_w = np.asarray(w, dtype=np.float64) - learning_rate * np.asarray(dw, dtype=np.float64)
    return next_w, dict(config)
    ### END SOLUTION


def sgd_momentum(w, dw, config):
    """Stochastic gradient descent with momentum (``torch.optim.SGD`` with
    ``momentum``, dampening 0, not Nesterov)::

        velocity = momentum * velocity + dw
        next_w   = w - learning_rate * velocity

    The velocity is a running sum of past gradients, decayed by ``momentum``:
    the step keeps going in the directions that gradients agree on.

    Hyper-parameters (default): ``learning_rate`` (1e-2), ``momentum`` (0.9).
    State: ``velocity`` (zeros shaped like ``w`` when missing).

    Args:
        w: weights, array of any shape.
        dw: gradient, array of ``w``'s shape.
        config: dict of hyper-parameters and state.

    Returns:
        (next_w, config): ``next_w`` float64 ndarray of ``w``'s shape; a new
        dict with the keys of the argument and the new ``velocity``.
    """
    ### BEGIN SOLUTION
    w = np.asarray(w, dtype=np.float64)
    dw = np.asarray(dw, dtype=np.float64)
    learning_rate = config.get("learning_rate", 1e-2)
    momentum = config.get("momentum", 0.9)
    velocity = config.get("velocity")
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity = momentum * velocity + dw
    next_w = w - learning_rate * velocity
    config = dict(config)
    config["velocity"] = velocity
    return next_w, config
    ### END SOLUTION


def rmsprop(w, dw, config):
    """RMSProp (``torch.optim.RMSprop``, not centered, no momentum)::

        cache  = decay_rate * cache + (1 - decay_rate) * dw**2
        next_w = w - learning_rate * dw / (np.sqrt(cache) + epsilon)

    The cache is a running average of squared gradients: each weight's step
    is divided by the typical size of its own gradient. ``epsilon`` is added
    AFTER the square root.

    Hyper-parameters (default): ``learning_rate`` (1e-2), ``decay_rate``
    (0.99), ``epsilon`` (1e-8). State: ``cache`` (zeros when missing).

    Args:
        w: weights, array of any shape.
        dw: gradient, array of ``w``'s shape.
        config: dict of hyper-parameters and state.

    Returns:
        (next_w, config): ``next_w`` float64 ndarray of ``w``'s shape; a new
        dict with the keys of the argument and the new ``cache``.
    """
    ### BEGIN SOLUTION
    w = np.asarray(w, dtype=np.float64)
    dw = np.asarray(dw, dtype=np.float64)
    learning_rate = config.get("learning_rate", 1e-2)
    decay_rate = config.get("decay_rate", 0.99)
    epsilon = config.get("epsilon", 1e-8)
    cache = config.get("cache")
    if cache is None:
        cache = np.zeros_like(w)
    cache = decay_rate * cache + (1 - decay_rate) * dw ** 2
    next_w = w - learning_rate * dw / (np.sqrt(cache) + epsilon)
    config = dict(config)
    config["cache"] = cache
    return next_w, config
    ### END SOLUTION


def adam(w, dw, config):
    """Adam (``torch.optim.Adam``)::

        t      = t + 1
        m      = beta1 * m + (1 - beta1) * dw
        v      = beta2 * v + (1 - beta2) * dw**2
        m_hat  = m / (1 - beta1**t)
        v_hat  = v / (1 - beta2**t)
        next_w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)

    Momentum (``m``) and RMSProp's scaling (``v``) together; the bias
    corrections undo the pull of the zero initial state towards zero in the
    first steps. ``t`` counts the steps taken: it is incremented BEFORE the
    bias corrections, so the first step uses ``t = 1``. ``epsilon`` is added
    AFTER the square root.

    Hyper-parameters (default): ``learning_rate`` (1e-3), ``beta1`` (0.9),
    ``beta2`` (0.999), ``epsilon`` (1e-8). State: ``m``, ``v`` (zeros when
    missing) and ``t`` (an int, 0 when missing).

    Args:
        w: weights, array of any shape.
        dw: gradient, array of ``w``'s shape.
        config: dict of hyper-parameters and state.

    Returns:
        (next_w, config): ``next_w`` float64 ndarray of ``w``'s shape; a new
        dict with the keys of the argument and the new ``m``, ``v``, ``t``.
    """
    ### BEGIN SOLUTION
    w = np.asarray(w, dtype=np.float64)
    dw = np.asarray(dw, dtype=np.float64)
    learning_rate = config.get("learning_rate", 1e-3)
    beta1 = config.get("beta1", 0.9)
    beta2 = config.get("beta2", 0.999)
    epsilon = config.get("epsilon", 1e-8)
    m = config.get("m")
    v = config.get("v")
    m = np.zeros_like(w) if m is None else m
    v = np.zeros_like(w) if v is None else v
    t = int(config.get("t", 0)) + 1
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    next_w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)
    config = dict(config)
    config.update(m=m, v=v, t=t)
    return next_w, config
    ### END SOLUTION
