"""Expected outputs of a case: the NumPy solution for values, PyTorch autograd
(float64) for gradients.

Everything here is trusted: it runs in the grader and imports the solutions
and the assignment's own code.  `expected()` is a pure function of the case,
so the references of a whole assignment can be computed once and stored
(see `store.py`).  torch is imported only when a gradient is computed.
"""
import copy
import functools
import importlib.util
import inspect
import os
import shutil
import sys
import tempfile

import numpy as np

from . import cases, checks, mutants, plan
from .config import ConfigError, leaves


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
        for name in assignment.worker_modules:
            self.solution[name[:-3]] = load_module(os.path.join(assignment.folder, name),
                                                   f"_assignment_{assignment.id}_{name[:-3]}")
        self.inputs = self._optional("inputs")
        self.comparators = self._optional("comparators")
        self._torch_ops = None
        self._diagnosable = None

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
        """The solution's module.function, module.Class or module.Class.method."""
        module, *path = dotted.split(".")
        found = self.solution.get(module)
        for name in path:
            found = getattr(found, name, None)
        if found is None or not path:
            raise ConfigError(f"{self.assignment.folder}/assignment.yaml names {dotted}, "
                              f"but solutions/{self.assignment.id}/{module}.py has no {'.'.join(path)}")
        return found

    def diagnosable(self, test):
        """[(mutant, the mutant's code)] of the catalogued mutants with a diagnosis
        that the test catches (the mutant's code loaded once per assignment)."""
        if self._diagnosable is None:
            self._diagnosable = [(m, self._with_mutant(m)) for m in mutants.catalog(self.assignment)
                                 if m.diagnosis]
        return [(m, code) for m, code in self._diagnosable if test.number in m.caught_by]

    def _with_mutant(self, mutant):
        clone = copy.copy(self)
        with tempfile.TemporaryDirectory(prefix="autograder-mutant-") as folder:
            shutil.copytree(self.assignment.solution_dir, folder, dirs_exist_ok=True)
            mutants.apply(mutant, folder)
            clone.solution = dict(self.solution, **load_folder_modules(
                folder, self.assignment.modules, f"_mutant_{self.assignment.id}_{mutant.id}"))
        return clone

    @functools.cached_property
    def worker_sources(self):
        """{module name: source} of the trusted modules the worker preloads
        (read once: a batch starts a worker per submission)."""
        sources = {}
        for name in self.assignment.worker_modules:
            with open(os.path.join(self.assignment.folder, name), encoding="utf-8") as handle:
                sources[name[:-3]] = handle.read()
        return sources

    def comparator(self, name):
        function = getattr(self.comparators, name, None) if self.comparators else None
        if not callable(function):
            raise ConfigError(f"{self.assignment.folder}/assignment.yaml: compare: {name} names no "
                              f"function in {self.assignment.folder}/comparators.py")
        return function

    def validate(self):
        """Everything a typo could break, checked before grading starts."""
        for test in self.assignment.tests:
            for name in filter(None, (test.construct, test.function, test.forward)):
                self.solution_function(plan.target_name(test, name))
            if test.compare:
                self.comparator(test.compare)
            for index in range(len(test.cases)):
                inputs = cases.make_inputs(self.assignment, test, index, self.inputs)
                plan.split(self, test, inputs, f"{self.assignment.folder}/assignment.yaml: "
                                               f"test {test.number!r}, case {index + 1}")

    def parameter_names(self, dotted):
        return list(plan.signature(self.solution_function(dotted)).parameters)


class LocalExecutor:
    """Runs a case's plan on the reference solution, in this process.  Arrays
    are copied on the way in, so the inputs stay as the student will get them."""

    def __init__(self, code):
        self.code = code

    def construct(self, dotted, args, kwargs):
        return self.code.solution_function(dotted)(*_fresh(args), **_fresh(kwargs))

    def set(self, instance, attribute, value):
        setattr(instance, attribute, _fresh(value))

    def call(self, test, instance, name, args, kwargs, keep=()):
        function = getattr(instance, name) if instance is not None else \
            self.code.solution_function(name)
        return function(*_fresh(args), **_fresh(kwargs))

    def get(self, instance, attribute):
        return _fresh(getattr(instance, attribute))


def _fresh(value):
    """Copies of the arrays in `value` (containers rebuilt, other objects kept)."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_fresh(v) for v in value)
    if isinstance(value, dict):
        return {k: _fresh(v) for k, v in value.items()}
    return value


def expected(code, test, case_index, inputs):
    """The reference of one case: {"values": {leaf name: value}, "dout": upstream
    gradients given to a backward test (a tuple) or None}."""
    call = plan.split(code, test, inputs, f"test {test.number!r}, case {case_index + 1}")
    seed = code.assignment.seeds["hidden" if test.hidden else "visible"]
    rng = cases.case_rng(seed, f"{test.number}/dout", case_index)
    values, douts = plan.run(test, call, LocalExecutor(code), lambda out: plan.draw_douts(rng, out))
    if test.reference == "torch" and test.check in ("backward", "loss_gradient"):
        names = leaves(test.returns)
        names = names[1:] if test.check == "loss_gradient" else names
        values.update(zip(names, torch_gradients(code.torch_ops, test.torch, cases.public(inputs),
                                                 test.grads, douts)))
    return {"values": values, "dout": douts, "diagnoses": _diagnoses(code, test, call, douts, values)}


def _diagnoses(code, test, call, douts, values):
    """What each diagnosable mutant computes on this case (where it differs from
    the reference): [{"cause": sentence, "values": {leaf: value}}]."""
    if test.compare:
        return []  # outcomes have no single wrong value
    found = []
    for mutant, mutant_code in code.diagnosable(test):
        try:
            with np.errstate(all="ignore"):
                wrong, _ = plan.run(test, call, LocalExecutor(mutant_code), lambda out: douts)
        except Exception:  # the mutant crashes on this case: nothing to compare with
            continue
        if any(checks.compare(name, wrong.get(name), value, False, test.tolerance,
                              test.abs_tolerance)[0] for name, value in values.items()):
            found.append({"cause": mutant.diagnosis, "values": wrong})
    return found


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
