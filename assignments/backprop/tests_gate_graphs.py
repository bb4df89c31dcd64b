"""Python tests of gates.py: the lecture's computational graphs, built from
the student's own gate objects (forward in order, backward in reverse) and
from the reference solution's, by the same code."""
from gradescope_utils.autograder_utils.decorators import number, weight

from autograder.instructor import StudentTestCase


def simple_graph(gates, x, y, z):
    """f = (x + y) * z (lecture: x=-2, y=5, z=-4 gives f=-12, gradients -4, -4, 3)."""
    add, mul = gates.AddGate(), gates.MultiplyGate()
    q = add.forward(x, y)
    f = mul.forward(q, z)
    dq, dz = mul.backward(1.0)
    dx, dy = add.backward(dq)
    return {"f": f, "df/dx": dx, "df/dy": dy, "df/dz": dz}


def sigmoid_neuron(gates, w, x):
    """f = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2))) as the lecture draws it: two
    multiplies, two adds, *-1, exp, +1, 1/x (f=0.73, dw=[-0.20, -0.39, 0.20])."""
    mul0, mul1, add0, add1 = gates.MultiplyGate(), gates.MultiplyGate(), gates.AddGate(), gates.AddGate()
    negate, exp, plus_one, invert = (gates.ScaleGate(-1.0), gates.ExpGate(), gates.AddConstantGate(1.0),
                                     gates.ReciprocalGate())
    z = add1.forward(add0.forward(mul0.forward(w[0], x[0]), mul1.forward(w[1], x[1])), w[2])
    f = invert.forward(plus_one.forward(exp.forward(negate.forward(z))))
    dz = negate.backward(exp.backward(plus_one.backward(invert.backward(1.0))))
    return {"f": f, **_neuron_gradients(dz, add0, add1, mul0, mul1)}


def sigmoid_neuron_with_sigmoid_gate(gates, w, x):
    """The same neuron with one SigmoidGate for the last four gates."""
    mul0, mul1, add0, add1, sigmoid = (gates.MultiplyGate(), gates.MultiplyGate(), gates.AddGate(),
                                       gates.AddGate(), gates.SigmoidGate())
    f = sigmoid.forward(add1.forward(add0.forward(mul0.forward(w[0], x[0]), mul1.forward(w[1], x[1])), w[2]))
    return {"f": f, **_neuron_gradients(sigmoid.backward(1.0), add0, add1, mul0, mul1)}


def _neuron_gradients(dz, add0, add1, mul0, mul1):
    ds, dw2 = add1.backward(dz)
    da, db = add0.backward(ds)
    dw0, dx0 = mul0.backward(da)
    dw1, dx1 = mul1.backward(db)
    return {"df/dw0": dw0, "df/dw1": dw1, "df/dw2": dw2, "df/dx0": dx0, "df/dx1": dx1}


def gradient_patterns(gates, x, y, z, w):
    """f = 2 * (x y + max(z, w)): add distributes, max routes, mul swaps
    (x=3, y=-4, z=2, w=-1 gives df/dx=-8, df/dy=6, df/dz=2, df/dw=0)."""
    mul, biggest, add, double = gates.MultiplyGate(), gates.MaxGate(), gates.AddGate(), gates.ScaleGate(2.0)
    f = double.forward(add.forward(mul.forward(x, y), biggest.forward(z, w)))
    dproduct, dmax = add.backward(double.backward(1.0))
    dx, dy = mul.backward(dproduct)
    dz, dw = biggest.backward(dmax)
    return {"f": f, "df/dx": dx, "df/dy": dy, "df/dz": dz, "df/dw": dw}


LECTURE_GRAPHS = [
    ("f = (x + y) z", simple_graph, {"x": -2.0, "y": 5.0, "z": -4.0}),
    ("sigmoid neuron", sigmoid_neuron, {"w": [2.0, -3.0, -3.0], "x": [-1.0, -2.0]}),
    ("sigmoid neuron with SigmoidGate", sigmoid_neuron_with_sigmoid_gate,
     {"w": [2.0, -3.0, -3.0], "x": [-1.0, -2.0]}),
    ("f = 2 (x y + max(z, w))", gradient_patterns, {"x": 3.0, "y": -4.0, "z": 2.0, "w": -1.0}),
]


class LectureGraphs(StudentTestCase):
    @number("1.16")
    @weight(2)
    def test_lecture_graphs_from_your_gates(self):
        """The lecture's graphs built from your gates (forward in order, backward in reverse)"""
        for title, graph, inputs in LECTURE_GRAPHS:
            received = graph(self.student.gates, **inputs)
            expected = graph(self.reference.gates, **inputs)
            for name, value in expected.items():
                self.assert_matches(f"{title}: {name}", received[name], value)
