"""Numerical gradient checks for your own code (NumPy only).

Centred differences: for each entry v of an input,

    df/dv  ~=  (f(v + h) - f(v - h)) / (2 h)

where f is the sum of your forward's output times an upstream gradient
`dout` (for a loss, the loss itself).  The analytic gradient your backward
returns is then compared entry by entry with CS231n's relative error

    rel_error(a, b) = max |a - b| / max(1e-8, |a| + |b|)

Rough guide in float64: below 1e-7 your backward is right; 1e-7 to 1e-4 look
closer (a kink such as ReLU's 0 nearby, or a loss with large values); above
1e-4 it is almost certainly wrong.

    from gradcheck import check_layer, check_gate, check_net, check_gradient
    check_layer(conv_forward, conv_backward, x, w, b, conv_param)   # {'x': ..., 'w': ..., 'b': ...}
    check_gate(MultiplyGate(), 3.0, -4.0)                           # {'x': ..., 'y': ...}
    check_net(net, X, y)                 # net.loss(X, y) -> (loss, grads), grads keyed like net.params
    check_gradient(f, [x], [dx])         # any f of arrays and your gradient of sum(f * dout)

The grader does not use this: it compares your gradients with PyTorch's
autograd, which is exact up to rounding, where finite differences are
approximate, fail near kinks and cost two evaluations per input entry.
"""
import inspect

import numpy as np


def rel_error(a, b):
    """max |a - b| / max(1e-8, |a| + |b|) over the entries (0.0 for empty arrays)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


class Errors(dict):
    """{input name: relative error}, printed briefly."""

    def __repr__(self):
        return "{" + ", ".join(f"{k!r}: {v:.2e}" for k, v in self.items()) + "}"

    def worst(self):
        return max(self.values(), default=0.0)


def _as_parts(value):
    return value if isinstance(value, tuple) else (value,)


def _weighted_sum(out, dout):
    """sum(out * dout) over every output (a tuple of outputs takes a tuple of douts)."""
    return float(sum(np.sum(np.asarray(o, np.float64) * np.asarray(d, np.float64))
                     for o, d in zip(_as_parts(out), _as_parts(dout))))


def _random_like(out, rng):
    parts = tuple(rng.standard_normal(np.shape(o)) if np.shape(o) else float(rng.standard_normal())
                  for o in _as_parts(out))
    return parts if isinstance(out, tuple) else parts[0]


def _entries(shape, samples, rng):
    """Every index of an array of `shape`, or `samples` of them drawn at random."""
    size = int(np.prod(shape))
    chosen = range(size) if samples is None or samples >= size else rng.choice(size, samples, replace=False)
    return [np.unravel_index(int(i), shape) for i in chosen]


def _numeric(scalar_of, value, h, samples, rng):
    """(indices, centred differences) of scalar_of(v) around `value` (an array or a float)."""
    if np.ndim(value) == 0 and not isinstance(value, np.ndarray):
        return [()], np.array([(scalar_of(value + h) - scalar_of(value - h)) / (2 * h)])
    base = np.array(value, dtype=np.float64)
    indices = _entries(base.shape, samples, rng)
    found = []
    for index in indices:
        shifted = base.copy()
        shifted[index] = base[index] + h
        plus = scalar_of(shifted)
        shifted[index] = base[index] - h
        minus = scalar_of(shifted)
        found.append((plus - minus) / (2 * h))
    return indices, np.array(found)


def _compare(analytic, indices, numeric, name):
    analytic = np.asarray(analytic, dtype=np.float64)
    if indices != [()] and analytic.ndim == 0:
        raise ValueError(f"the gradient of {name} is a scalar, but {name} is an array")
    picked = np.array([analytic[i] for i in indices]) if analytic.ndim else analytic.reshape(1)
    return rel_error(picked, numeric)


def numerical_gradient(f, inputs, dout=None, h=1e-5, wrt=None):
    """Centred-difference gradients of sum(f(*inputs) * dout) with respect to the
    inputs at positions `wrt` (default: every float input).  `dout` defaults
    to 1 (f returns a scalar, a loss).  Returns a list, one gradient per
    position in `wrt`."""
    wrt = _differentiable(inputs) if wrt is None else list(wrt)
    gradients = []
    for position in wrt:
        def scalar_of(value, position=position):
            shifted = list(inputs)
            shifted[position] = value
            out = f(*shifted)
            return _weighted_sum(out, 1.0 if dout is None else dout)
        indices, numeric = _numeric(scalar_of, inputs[position], h, None, None)
        if indices == [()]:
            gradients.append(float(numeric[0]))
        else:
            gradients.append(numeric.reshape(np.shape(inputs[position])))
    return gradients


def check_gradient(f, inputs, analytic, dout=None, h=1e-5, wrt=None, names=None):
    """Relative error between your gradients `analytic` (one per position in
    `wrt`, default every float input) and the numerical ones of
    sum(f(*inputs) * dout)."""
    wrt = _differentiable(inputs) if wrt is None else list(wrt)
    analytic = list(analytic) if isinstance(analytic, (list, tuple)) else [analytic]
    if len(analytic) != len(wrt):
        raise ValueError(f"{len(analytic)} gradient(s) given for {len(wrt)} input(s)")
    names = names or _names(f, len(inputs))
    numeric = numerical_gradient(f, inputs, dout, h, wrt)
    return Errors((names[p], rel_error(a, n)) for p, a, n in zip(wrt, analytic, numeric))


def check_layer(forward, backward, *inputs, dout=None, h=1e-5, seed=0, wrt=None):
    """A `*_forward(...) -> (out, cache)` / `*_backward(dout, cache)` pair on
    `inputs`: backward's gradients (one per array input, in order) against
    centred differences.  `dout` defaults to a random array shaped like out."""
    out, cache = forward(*_copies(inputs))
    dout = _random_like(out, np.random.default_rng(seed)) if dout is None else dout
    grads = backward(_copies(dout), cache)
    wrt = [i for i, v in enumerate(inputs) if _float_array(v)] if wrt is None else list(wrt)
    return check_gradient(lambda *args: forward(*args)[0], list(inputs), _as_parts(grads),
                          dout, h, wrt, _names(forward, len(inputs)))


def check_gate(gate, *inputs, dout=None, h=1e-5, seed=0):
    """A gate object: `gate.forward(*inputs)`, then `gate.backward(dout)` (or
    `backward(d1, d2)` for a gate with two outputs) against centred
    differences of forward.  Inputs may be floats or arrays."""
    out = gate.forward(*_copies(inputs))
    dout = _random_like(out, np.random.default_rng(seed)) if dout is None else dout
    grads = gate.backward(*_copies(_as_parts(dout)))
    wrt = _differentiable(inputs)
    return check_gradient(gate.forward, list(inputs), _as_parts(grads), dout, h, wrt,
                          _names(gate.forward, len(inputs)))


def check_net(net, X, y, h=1e-5, samples=20, seed=0):
    """A network with `net.params` and `net.loss(X, y) -> (loss, grads)`: each
    parameter's gradient against centred differences of the loss, on
    `samples` random entries per parameter (all entries when fewer).
    `net.params` is restored afterwards."""
    _, grads = net.loss(X, y)
    rng = np.random.default_rng(seed)
    errors = Errors()
    for name in net.params:
        original = net.params[name]

        def loss_with(value, name=name):
            net.params[name] = value
            return float(net.loss(X, y)[0])
        try:
            indices, numeric = _numeric(loss_with, original, h, samples, rng)
        finally:
            net.params[name] = original
        errors[name] = _compare(grads[name], indices, numeric, name)
    return errors


def _float_array(value):
    return isinstance(value, np.ndarray) and value.dtype.kind == "f"


def _differentiable(inputs):
    """Positions of the float inputs: float arrays and plain floats."""
    return [i for i, v in enumerate(inputs) if _float_array(v) or
            (isinstance(v, (float, np.floating)) and not isinstance(v, bool))]


def _copies(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_copies(v) for v in value)
    return value


def _names(function, count):
    """The parameter names of `function`'s first `count` arguments, for the report."""
    try:
        names = [n for n in inspect.signature(function).parameters][:count]
    except (TypeError, ValueError):
        names = []
    return names + [f"input {i}" for i in range(len(names), count)]
