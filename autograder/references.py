"""Expected outputs of a case: the NumPy solution for values, PyTorch autograd
(float64) for gradients, and a torch_ops function's values where a forward
test names one (`torch:`, e.g. torch.optim's trajectory over `steps`).

Everything here is trusted: it runs in the grader and imports the solutions
and the assignment's own code.  `expected()` is a pure function of the case,
so the references of a whole assignment can be computed once and stored
(see `store.py`).  torch is imported only when a gradient is computed.
"""
import inspect

import numpy as np

from . import cases, plan, predictions
from .definitions import leaves
from .errors import ConfigError, Mismatch


class LocalExecutor:
    """Runs a case's plan on the reference solution, in this process.  Arrays
    are copied on the way in, so the inputs stay as the student will get them."""

    def __init__(self, code):
        self.code = code
        self.read_back = []  # the arguments read back after the last call

    def construct(self, dotted, args, kwargs):
        return self.code.solution_function(dotted)(*self._fresh(args), **self._fresh(kwargs))

    def set(self, instance, attribute, value):
        setattr(instance, attribute, self._fresh(value))

    def call(self, test, instance, name, args, kwargs, keep=(), read_back=()):
        function = getattr(instance, name) if instance is not None else \
            self.code.solution_function(name)
        args, kwargs = self._fresh(list(args)), self._fresh(kwargs)
        value = function(*args, **kwargs)
        self.read_back = [_fresh(args[i] if isinstance(i, int) else kwargs[i]) for i in read_back]
        return value

    def get(self, instance, attribute):
        return _fresh(getattr(instance, attribute))

    def _fresh(self, value):
        """Fresh copies, with {module: name} arguments turned into the solution's
        module (or the mutant's, for a mutant's code)."""
        return _fresh(value, self.code.solution)


def _fresh(value, modules=None):
    """Copies of the arrays in `value` (containers rebuilt, other objects kept);
    with `modules`, a ModuleRef becomes the module it names."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, cases.ModuleRef) and modules is not None:
        return modules[value.name]
    if isinstance(value, (list, tuple)):
        return type(value)(_fresh(v, modules) for v in value)
    if isinstance(value, dict):
        return {k: _fresh(v, modules) for k, v in value.items()}
    return value


def expected(code, test, case_index, inputs):
    """The reference of one case: {"values": {leaf name: value}, "dout": upstream
    gradients given to a backward test (a tuple) or None, "predictions": what each
    modelled misconception predicts on it (predictions.py)}."""
    call = plan.split(code, test, inputs, f"test {test.number!r}, case {case_index + 1}")
    seed = code.assignment.seeds["hidden" if test.hidden else "visible"]
    rng = cases.case_rng(seed, f"{test.number}/dout", case_index)
    values, douts = plan.run(test, call, LocalExecutor(code), lambda out: plan.draw_douts(rng, out))
    problem = test.kind.reference_problem(test, values)
    if problem:
        raise ConfigError(f"test {test.number!r}, case {case_index + 1}: {problem}")
    if test.kind.torch_values and test.torch and test.reference == "torch":
        values = torch_values(code.torch_ops, test, cases.public(inputs), set(values),
                              f"test {test.number!r}, case {case_index + 1}")
    if test.kind.gradients and test.reference == "torch":
        names = test.kind.autograd_leaves(leaves(test.returns))
        values.update(zip(names, torch_gradients(code.torch_ops, test.torch, cases.public(inputs),
                                                 test.grads, douts)))
    predicted = predictions.for_case(code.misconceptions, test, cases.public(inputs), douts, values)
    return {"values": values, "dout": douts, "predictions": predicted}


def torch_values(torch_ops, test, inputs, names, where):
    """{leaf: value} from torch_ops.<test.torch>, which receives the case's inputs
    its signature names (NumPy values, as the student's function does) and returns
    what the function returns, or with `steps` a list of that, one per step.
    `names`: the solution's leaves, which torch's must be (no more, no fewer)."""
    op = getattr(torch_ops, test.torch, None)
    if op is None:
        raise ConfigError(f"{where}: torch_ops.py has no {test.torch}")
    wanted = inspect.signature(op).parameters
    made = op(**{name: _fresh(value) for name, value in inputs.items() if name in wanted})
    if test.steps and (not isinstance(made, (list, tuple)) or len(made) != test.steps):
        raise ConfigError(f"{where}: torch_ops.{test.torch} should return a list "
                          f"of {test.steps} results, one per step")
    values = {}
    for number, value in enumerate(made if test.steps else [made], 1):
        try:
            found = plan.unpack(value, test.returns)
        except Mismatch as mismatch:
            raise ConfigError(f"{where}: torch_ops.{test.torch} should return "
                              f"{plan.shape_of(test.returns)}, {mismatch}") from None
        found = {k: v for k, v in found.items() if k not in test.keep}
        values.update({f"{k} (step {number})": v for k, v in found.items()} if test.steps else found)
    if set(values) != names:
        raise ConfigError(f"{where}: torch_ops.{test.torch} gives {', '.join(sorted(values))}; the test "
                          f"compares {', '.join(sorted(names))}")
    return values


def torch_gradients(torch_ops, op_name, inputs, wrt, douts=None):
    """Gradients of torch_ops.<op_name> with respect to the inputs named in
    `wrt`, in float64: the vector-Jacobian product with `douts` (one per
    output), or the gradient of a scalar output.  The op receives the inputs
    its signature names."""
    import torch

    op = getattr(torch_ops, op_name, None)
    if op is None:
        raise ConfigError(f"torch_ops.py has no {op_name}")
    wanted = inspect.signature(op).parameters
    tensors = {}
    for name, value in inputs.items():
        if name not in wanted:
            continue
        if name in wrt:
            tensors[name] = torch.tensor(np.asarray(value, np.float64), requires_grad=True)
        elif isinstance(value, np.ndarray):
            tensors[name] = torch.from_numpy(value.copy())
        else:
            tensors[name] = value
    out = op(**tensors)
    outs = out if isinstance(out, tuple) else (out,)
    grad_tensors = None if douts is None else [torch.as_tensor(np.asarray(d, np.float64)) for d in douts]
    torch.autograd.backward(outs, grad_tensors)
    return tuple(np.zeros(np.shape(inputs[n])) if tensors[n].grad is None
                 else tensors[n].grad.numpy().copy() for n in wrt)
