"""Gates of a computational graph, each with a forward and a backward pass.

Every gate is an object used in two steps, on the same instance::

    gate = MultiplyGate()
    out = gate.forward(x, y)        # computes the output, remembers what it needs
    dx, dy = gate.backward(dout)    # dout = dL/d(out), the upstream gradient

``forward(...)`` computes the gate's output and stores on ``self`` whatever
``backward`` will need. ``backward(dout)`` applies the chain rule,
``[downstream gradient] = [upstream gradient] x [local gradient]``, and
returns one gradient per input of ``forward``, in the order ``forward``
took them (a tuple when there are several, the gradient alone when there is
one). Each gradient has its input's shape.

Gates work elementwise, on Python floats and on NumPy arrays of any shape.
The two inputs of a binary gate always have the same shape (no
broadcasting); ``dout`` has the shape of the output. For float inputs the
results may be Python floats, NumPy scalars or 0-d arrays; for array inputs
they are float64 ndarrays. No gate modifies its inputs (``x``, ``y``,
``dout``) in place, and gradients returned for different inputs must be
distinct objects (changing one must not change another). Calling
``backward`` before ``forward`` is not graded.
"""

import numpy as np


class AddGate:
    """Addition gate: ``out = x + y``.

    Local gradients: ``d(out)/dx = 1`` and ``d(out)/dy = 1``, so the gate is a
    *gradient distributor*: both inputs receive the upstream gradient
    unchanged, ``dx = dout`` and ``dy = dout``.
    """

    def forward(self, x, y):
        """Return ``x + y`` (elementwise; ``x`` and ``y`` have the same shape).

        Args:
            x, y: floats or arrays of one shape.

        Returns:
            out: of the inputs' shape.
        """
        ### BEGIN SOLUTION
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        return x + y
        ### END SOLUTION

    def backward(self, dout):
        """Gradients of the loss with respect to ``x`` and ``y``.

        Args:
            dout: upstream gradient, the shape of ``out``.

        Returns:
            (dx, dy): each the shape of ``x`` (two distinct objects).
        """
        ### BEGIN SOLUTION
        dout = np.asarray(dout, dtype=np.float64)
        dx = np.array(dout, dtype=np.float64)
        dy = np.array(dout, dtype=np.float64)
        return dx, dy
        ### END SOLUTION


class MultiplyGate:
    """Multiplication gate: ``out = x * y`` (elementwise).

    Local gradients: ``d(out)/dx = y`` and ``d(out)/dy = x``, so the gate is a
    *swap multiplier*: each input's gradient is the upstream gradient times
    the OTHER input, ``dx = dout * y`` and ``dy = dout * x``.
    """

    def forward(self, x, y):
        """Return ``x * y`` (elementwise; ``x`` and ``y`` have the same shape).

        Args:
            x, y: floats or arrays of one shape.

        Returns:
            out: of the inputs' shape.
        """
        ### BEGIN SOLUTION
        x = np.array(x, dtype=np.float64)
        y = np.array(y, dtype=np.float64)
        self.x, self.y = x, y
        return x * y
        ### END SOLUTION

    def backward(self, dout):
        """Gradients of the loss with respect to ``x`` and ``y``.

        Args:
            dout: upstream gradient, the shape of ``out``.

        Returns:
            (dx, dy): each the shape of ``x``.
        """
        ### BEGIN SOLUTION
        dout = np.asarray(dout, dtype=np.float64)
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy
        ### END SOLUTION


class MaxGate:
    """Maximum gate: ``out = max(x, y)`` (elementwise).

    Local gradients: 1 for the input that is the maximum, 0 for the other, so
    the gate is a *gradient router*: the whole upstream gradient goes to the
    winning input and the other input gets 0. On a tie (``x == y``) the whole
    gradient goes to ``x``, the first input (this course's rule; PyTorch's
    ``torch.maximum`` would split it 0.5 / 0.5).
    """

    def forward(self, x, y):
        """Return ``max(x, y)`` (elementwise; ``x`` and ``y`` have the same shape).

        Args:
            x, y: floats or arrays of one shape.

        Returns:
            out: of the inputs' shape.
        """
        ### BEGIN SOLUTION
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        self.x_wins = x >= y
        return np.where(self.x_wins, x, y)
        ### END SOLUTION

    def backward(self, dout):
        """Gradients of the loss with respect to ``x`` and ``y``.

        ``dx = dout`` where ``x >= y`` and 0 elsewhere; ``dy = dout`` where
        ``y > x`` and 0 elsewhere.

        Args:
            dout: upstream gradient, the shape of ``out``.

        Returns:
            (dx, dy): each the shape of ``x``.
        """
        ### BEGIN SOLUTION
        dout = np.asarray(dout, dtype=np.float64)
        dx = np.where(self.x_wins, dout, 0.0)
        dy = np.where(self.x_wins, 0.0, dout)
        return dx, dy
        ### END SOLUTION


class CopyGate:
    """Copy (fan-out) gate: one input used twice, ``forward(x) -> (x, x)``.

    When a value feeds two branches of a graph, the gradients flowing back
    from both branches add up: the gate is a *gradient adder*,
    ``dx = d1 + d2``.
    """

    def forward(self, x):
        """Return two copies of ``x``.

        The two outputs must be independent: if the caller modifies one of
        them in place, neither the other output nor ``x`` changes.

        Args:
            x: a float or an array.

        Returns:
            (out1, out2): both equal to ``x``, of ``x``'s shape.
        """
        ### BEGIN SOLUTION
        x = np.asarray(x, dtype=np.float64)
        return np.array(x, dtype=np.float64), np.array(x, dtype=np.float64)
        ### END SOLUTION

    def backward(self, d1, d2):
        """Gradient of the loss with respect to ``x``.

        Args:
            d1: upstream gradient of the first output.
            d2: upstream gradient of the second output (same shape as ``d1``).

        Returns:
            dx: ``d1 + d2``, of ``x``'s shape.
        """
        ### BEGIN SOLUTION
        d1 = np.asarray(d1, dtype=np.float64)
        d2 = np.asarray(d2, dtype=np.float64)
        return d1 + d2
        ### END SOLUTION


class ExpGate:
    """Exponential gate: ``out = exp(x)``; local gradient ``exp(x)``, so
    ``dx = dout * exp(x)``."""

    def forward(self, x):
        """Return ``exp(x)`` (elementwise).

        Args:
            x: a float or an array.

        Returns:
            out: of ``x``'s shape.
        """
        ### BEGIN SOLUTION
        x = np.asarray(x, dtype=np.float64)
        self.out = np.exp(x)
        return np.array(self.out, dtype=np.float64)
        ### END SOLUTION

    def backward(self, dout):
        """Gradient of the loss with respect to ``x``.

        Args:
            dout: upstream gradient, the shape of ``out``.

        Returns:
            dx: of ``x``'s shape.
        """
        ### BEGIN SOLUTION
        dout = np.asarray(dout, dtype=np.float64)
        return dout * self.out
        ### END SOLUTION


class ReciprocalGate:
    """Reciprocal gate: ``out = 1 / x``; local gradient ``-1 / x**2``, so
    ``dx = -dout / x**2``. Inputs are never 0."""

    def forward(self, x):
        """Return ``1 / x`` (elementwise).

        Args:
            x: a nonzero float or an array with no zeros.

        Returns:
            out: of ``x``'s shape.
        """
        ### BEGIN SOLUTION
        x = np.asarray(x, dtype=np.float64)
        self.out = 1.0 / x
        return np.array(self.out, dtype=np.float64)
        ### END SOLUTION

    def backward(self, dout):
        """Gradient of the loss with respect to ``x``.

        Args:
            dout: upstream gradient, the shape of ``out``.

        Returns:
            dx: of ``x``'s shape.
        """
        ### BEGIN SOLUTION
        dout = np.asarray(dout, dtype=np.float64)
        return -dout * self.out * self.out
        ### END SOLUTION


class AddConstantGate:
    """Add-a-constant gate: ``out = c + x`` for a fixed constant ``c`` given
    to the constructor; local gradient 1, so ``dx = dout``."""

    def __init__(self, c):
        """Create the gate for the constant ``c`` (a float).

        Args:
            c: the constant added by ``forward``.
        """
        ### BEGIN SOLUTION
        self.c = c
        ### END SOLUTION

    def forward(self, x):
        """Return ``c + x`` (elementwise).

        Args:
            x: a float or an array.

        Returns:
            out: of ``x``'s shape.
        """
        ### BEGIN SOLUTION
        x = np.asarray(x, dtype=np.float64)
        return self.c + x
        ### END SOLUTION

    def backward(self, dout):
        """Gradient of the loss with respect to ``x`` (not ``c``, a constant).

        Args:
            dout: upstream gradient, the shape of ``out``.

        Returns:
            dx: of ``x``'s shape (a new object, not ``dout`` itself).
        """
        ### BEGIN SOLUTION
        return np.array(dout, dtype=np.float64)
        ### END SOLUTION


class ScaleGate:
    """Scale gate: ``out = a * x`` for a fixed constant ``a`` given to the
    constructor; local gradient ``a``, so ``dx = a * dout``."""

    def __init__(self, a):
        """Create the gate for the constant factor ``a`` (a float).

        Args:
            a: the factor applied by ``forward``.
        """
        ### BEGIN SOLUTION
        self.a = a
        ### END SOLUTION

    def forward(self, x):
        """Return ``a * x`` (elementwise).

        Args:
            x: a float or an array.

        Returns:
            out: of ``x``'s shape.
        """
        ### BEGIN SOLUTION
        x = np.asarray(x, dtype=np.float64)
        return self.a * x
        ### END SOLUTION

    def backward(self, dout):
        """Gradient of the loss with respect to ``x`` (not ``a``, a constant).

        Args:
            dout: upstream gradient, the shape of ``out``.

        Returns:
            dx: of ``x``'s shape.
        """
        ### BEGIN SOLUTION
        dout = np.asarray(dout, dtype=np.float64)
        return self.a * dout
        ### END SOLUTION


class SigmoidGate:
    """Sigmoid gate: ``out = sigmoid(x) = 1 / (1 + exp(-x))``.

    Local gradient ``sigmoid(x) * (1 - sigmoid(x))``, best written with the
    output ``s``: ``dx = dout * s * (1 - s)``. (The lecture collapses the
    chain ``* -1``, ``exp``, ``+ 1``, ``1/x`` into this one gate.)

    Must be numerically stable: no overflow, divide-by-zero or invalid-value
    warning and no NaN for ``|x|`` up to 1e4, in ``forward`` and ``backward``.
    """

    def forward(self, x):
        """Return ``sigmoid(x)`` (elementwise), in [0, 1].

        Args:
            x: a float or an array.

        Returns:
            out: of ``x``'s shape.
        """
        ### BEGIN SOLUTION
        x = np.asarray(x, dtype=np.float64)
        e = np.exp(-np.abs(x))
        s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        self.out = s
        return np.array(s, dtype=np.float64)
        ### END SOLUTION

    def backward(self, dout):
        """Gradient of the loss with respect to ``x``.

        Args:
            dout: upstream gradient, the shape of ``out``.

        Returns:
            dx: of ``x``'s shape.
        """
        ### BEGIN SOLUTION
        dout = np.asarray(dout, dtype=np.float64)
        s = self.out
        return dout * s * (1.0 - s)
        ### END SOLUTION
