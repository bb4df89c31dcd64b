"""Opening an assignment: its configuration, its trusted code (solutions,
input generators, comparators, torch equivalents, worker modules) and the
lookup of its references.  `open_assignment` is the one way in, for the
command line, the bundle builders, the tests and the benchmark.
"""
import functools
import importlib.util
import os
import sys
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import cases, config, plan, python_tests
from .predictions import called_targets, graded_target
from .assignment_files import load_module, optional_module
from .errors import ConfigError
from .store import reference_lookup


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
        self.inputs = optional_module(assignment, "inputs")
        self.comparators = optional_module(assignment, "comparators")
        self._torch_ops = None

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

    @functools.cached_property
    def misconceptions(self):
        """The assignment's modelled misconceptions (misconceptions.py), loaded only
        when references are computed: grading reads their predictions from the book
        (so the student's checker ships neither the file nor the module that loads it)."""
        from . import misconception_models
        return misconception_models.load(self.assignment, self._how_called)

    def _how_called(self, target):
        """"graded" when some test's function is `target`, "called" when a test
        only calls it first (a forward, a constructor), else None."""
        how = None
        for test in self.assignment.tests:
            if graded_target(test) == target:
                return "graded"
            if target in called_targets(test) or target == test.construct:
                how = "called"
        return how

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
                self.solution_function(test.target(name))
            if test.compare:
                self.comparator(test.compare)
            for index in range(len(test.cases)):
                inputs = cases.make_inputs(self.assignment, test, index, self.inputs)
                plan.split(self, test, inputs, f"{self.assignment.folder}/assignment.yaml: "
                                               f"test {test.number!r}, case {index + 1}")
        for file_name, line, name, options in python_tests.generator_calls(self.assignment.folder):
            cases.generated(np.random.default_rng(0), name, options, self.inputs,
                            f"{self.assignment.folder}/{file_name}, line {line}")

    def parameter_names(self, dotted):
        return list(plan.signature(self.solution_function(dotted)).parameters)


@dataclass
class Opened:
    """An assignment ready to grade: `expected_for(test, case_index, inputs)`
    returns a case's reference."""
    assignment: config.Assignment
    code: AssignmentCode
    expected_for: Callable


def open_assignment(assignment_id, frozen=False, folder=None):
    """Load and validate the assignment `assignment_id` (from `folder`, default
    assignments/<id>), and look up its references: computed once and stored,
    or, when `frozen` (Gradescope, the student handout), only read from what
    the bundle stored, never computing (so torch is never needed)."""
    code = AssignmentCode(config.load(assignment_id, folder))
    code.validate()
    return Opened(code.assignment, code, reference_lookup(code, frozen=frozen))
