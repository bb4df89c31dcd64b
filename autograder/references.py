"""Expected outputs of a case: the NumPy solution for values, PyTorch autograd
(float64) for gradients.

Everything here is trusted: it runs in the grader and imports the solutions
and the assignment's own code.  `expected()` is a pure function of the case,
so the references of a whole assignment can be computed once and stored
(see `store.py`).  torch is imported only when a gradient is computed.
"""
import importlib.util
import inspect
import os
import sys

import numpy as np

from . import cases
from .config import ConfigError


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_folder_modules(folder, module_names, prefix):
    """Import modules that may import each other by plain name (`import layers`),
    without leaving those plain names in sys.modules for the next assignment."""
    saved = {n: sys.modules.pop(n) for n in module_names if n in sys.modules}
    sys.path.insert(0, folder)
    try:
        loaded = {n: importlib.import_module(n) for n in module_names}
    finally:
        sys.path.remove(folder)
        for n in module_names:
            sys.modules.pop(n, None)
        sys.modules.update(saved)
    for n, module in loaded.items():
        sys.modules[f"{prefix}.{n}"] = module
    return loaded


class AssignmentCode:
    """The trusted code of one assignment: solutions, input generators,
    comparators and torch equivalents (each optional but the solutions)."""

    def __init__(self, assignment):
        self.assignment = assignment
        self.solution = load_folder_modules(assignment.solution_dir, assignment.modules,
                                            f"_solution_{assignment.id}")
        self.inputs = self._optional("inputs")
        self.comparators = self._optional("comparators")
        self._torch_ops = None

    def _optional(self, name):
        path = os.path.join(self.assignment.folder, f"{name}.py")
        return load_module(path, f"_assignment_{self.assignment.id}_{name}") \
            if os.path.isfile(path) else None

    @property
    def torch_ops(self):
        if self._torch_ops is None:
            path = os.path.join(self.assignment.folder, "torch_ops.py")
            if not os.path.isfile(path):
                raise ConfigError(f"{path} is missing: gradient tests with a torch reference need it")
            self._torch_ops = load_module(path, f"_assignment_{self.assignment.id}_torch_ops")
        return self._torch_ops

    def solution_function(self, dotted):
        module, _, name = dotted.partition(".")
        function = getattr(self.solution[module], name, None)
        if function is None:
            raise ConfigError(f"{self.assignment.folder}/assignment.yaml names {dotted}, "
                              f"but solutions/{self.assignment.id}/{module}.py has no {name}")
        return function

    def comparator(self, name):
        function = getattr(self.comparators, name, None) if self.comparators else None
        if not callable(function):
            raise ConfigError(f"{self.assignment.folder}/assignment.yaml: compare: {name} names no "
                              f"function in {self.assignment.folder}/comparators.py")
        return function

    def validate(self):
        """Everything a typo could break, checked before grading starts."""
        for test in self.assignment.tests:
            for dotted in filter(None, (test.function, test.forward)):
                self.solution_function(dotted)
            if test.compare:
                self.comparator(test.compare)
            for index in range(len(test.cases)):
                self.bind(test.forward or test.function,
                          cases.public(cases.make_inputs(self.assignment, test, index, self.inputs)),
                          where=f"test {test.number!r}, case {index + 1}")

    def parameter_names(self, dotted):
        return list(inspect.signature(self.solution_function(dotted)).parameters)

    def bind(self, dotted, inputs, where=""):
        """Positional arguments in the solution's parameter order."""
        try:
            bound = inspect.signature(self.solution_function(dotted)).bind(**inputs)
        except TypeError as error:
            raise ConfigError(f"{self.assignment.folder}/assignment.yaml: {where}: the inputs "
                              f"{sorted(inputs)} do not fit {dotted}: {error}") from None
        return list(bound.args), dict(bound.kwargs)


def named(values, names):
    """Pair a function's return value with the names the config gives it."""
    if len(names) == 1:
        return {names[0]: values}
    return dict(zip(names, values))


def expected(code, test, case_index, inputs):
    """The reference of one case: {"values": {name: value}, "dout": array or None}."""
    args, kwargs = code.bind(test.forward or test.function, cases.public(inputs))
    if test.check == "forward":
        values = named(code.solution_function(test.function)(*args, **kwargs), test.returns)
        return {"values": {k: v for k, v in values.items() if k not in test.keep}, "dout": None}
    if test.check == "loss_gradient":
        values = named(code.solution_function(test.function)(*args, **kwargs), test.returns)
        if test.reference == "torch":
            gradients = torch_gradients(code.torch_ops, test.torch, cases.public(inputs), test.grads)
            values.update(zip(test.returns[1:], gradients))
        return {"values": values, "dout": None}
    out, cache = code.solution_function(test.forward)(*args, **kwargs)
    seed = code.assignment.seeds["hidden" if test.hidden else "visible"]
    dout = cases.case_rng(seed, f"{test.number}/dout", case_index).standard_normal(np.shape(out))
    if test.reference == "torch":
        gradients = torch_gradients(code.torch_ops, test.torch, cases.public(inputs),
                                    test.grads, dout)
    else:
        gradients = code.solution_function(test.function)(dout, cache)
        gradients = gradients if isinstance(gradients, tuple) else (gradients,)
    return {"values": dict(zip(test.returns, gradients)), "dout": dout}


def torch_gradients(torch_ops, op_name, inputs, wrt, dout=None):
    """Gradients of torch_ops.<op_name>(**inputs) with respect to `wrt`, in
    float64: the vector-Jacobian product with `dout`, or of a scalar output."""
    import torch

    op = getattr(torch_ops, op_name, None)
    if op is None:
        raise ConfigError(f"torch_ops.py has no {op_name}")
    tensors = {}
    for name, value in inputs.items():
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            tensors[name] = torch.tensor(value, dtype=torch.float64, requires_grad=name in wrt)
        elif isinstance(value, np.ndarray):
            tensors[name] = torch.from_numpy(value.copy())
        else:
            tensors[name] = value
    out = op(**tensors)
    out.backward(None if dout is None else torch.from_numpy(np.asarray(dout, np.float64)))
    return tuple(np.zeros(inputs[n].shape) if tensors[n].grad is None
                 else tensors[n].grad.numpy().copy() for n in wrt)
