"""Python tests: the unittest methods of an assignment's `tests_*.py` files,
found and read into `Test`s next to the YAML ones.

A Python test is a method of a `unittest.TestCase` subclass of
`autograder.instructor.StudentTestCase`, decorated with gradescope-utils'
decorators (`@number`, `@weight` or `@partial_credit`, `@visibility`,
`@leaderboard`).  It runs in the grader (python_runner.py) and reaches the
student's code only through the proxy of student_proxy.py.  This module only
finds the tests and checks their declarations; each grading session loads its
own copy of the files (`load`), since gradescope-utils keeps a test's score
and leaderboard value on the test function itself.
"""
import ast
import itertools
import os
import re
import types
import unittest

from .definitions import VISIBILITIES, Test
from .errors import ConfigError
from .scan import PARSING

FILE_PATTERN = re.compile(r"^tests_\w+\.py$")
_loaded = itertools.count()


def files(folder):
    """The Python test files of an assignment folder, in name order."""
    if not os.path.isdir(folder):
        return []
    return sorted(name for name in os.listdir(folder) if FILE_PATTERN.match(name))


_compiled = {}  # (path, modification time) -> code object: compiled once, in one thread


def load(folder, file_name):
    """A fresh module object of one tests_*.py file (trusted instructor code).
    Compiled once per version of the file: a batch loads it in every grading
    thread, and CPython's compiler must not run in two threads at once (see
    scan.PARSING)."""
    path = os.path.join(folder, file_name)
    name = f"_python_tests_{next(_loaded)}_{file_name[:-3]}"
    try:
        key = (path, os.stat(path).st_mtime_ns)
        with PARSING:
            if key not in _compiled:
                with open(path, encoding="utf-8") as handle:
                    _compiled[key] = compile(handle.read(), path, "exec")
        module = types.ModuleType(name)
        module.__file__ = path
        exec(_compiled[key], module.__dict__)
    except Exception as error:  # the instructor's file: say which and why, no traceback
        hint = " (install the pinned requirements: pip install -r requirements.txt)" \
            if isinstance(error, ImportError) and "gradescope_utils" in str(error) else ""
        raise ConfigError(f"{path}: cannot be imported: {type(error).__name__}: {error}{hint}") from None
    return module


def methods(module):
    """(class, method name) of every test method of the module's own test classes."""
    loader = unittest.TestLoader()
    found = []
    for cls in vars(module).values():
        if isinstance(cls, type) and issubclass(cls, unittest.TestCase) and \
                cls.__module__ == module.__name__:
            found += [(cls, name) for name in loader.getTestCaseNames(cls)]
    return found


def number_order(number):
    """A sort key that orders "1.2" before "1.10", as Gradescope does."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in number.split("."))


def discover(folder, defaults):
    """The Python tests of the assignment in `folder` as `Test`s (check "python");
    `defaults` gives tolerance, abs_tolerance and time_limit."""
    tests = []
    for file_name in files(folder):
        from .instructor import StudentTestCase  # the base class the test module imports too
        module = load(folder, file_name)
        for cls, method in methods(module):
            where = f"{os.path.join(folder, file_name)}: {cls.__name__}.{method}"
            if not issubclass(cls, StudentTestCase):
                raise ConfigError(f"{where}: the class must derive from "
                                  "autograder.instructor.StudentTestCase (it gives self.student)")
            tests.append(_test(getattr(cls, method), f"{file_name}::{cls.__name__}.{method}",
                               where, defaults))
    return tuple(tests)


def _test(function, address, where, defaults):
    """The Test of one method, from its gradescope-utils decorators."""
    number = getattr(function, "__number__", None)
    if number is None:
        raise ConfigError(f"{where}: missing @number(\"...\") "
                          "(from gradescope_utils.autograder_utils.decorators)")
    weight = getattr(function, "__weight__", None)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
        raise ConfigError(f"{where}: needs @weight(points) or @partial_credit(points) with a "
                          f"number >= 0, got {weight!r}")
    visibility = getattr(function, "__visibility__", "visible")
    if visibility not in VISIBILITIES:
        raise ConfigError(f"{where}: @visibility({visibility!r}) is not one of {', '.join(VISIBILITIES)}")
    doc = (function.__doc__ or "").strip()
    time_limit = getattr(function, "__time_limit__", None) or defaults["time_limit"]
    return Test(number=str(number), name=doc.splitlines()[0] if doc else address.split(".")[-1],
                weight=float(weight), visibility=visibility, check="python", python=address,
                time_limit=float(time_limit), tolerance=defaults["tolerance"],
                abs_tolerance=defaults["abs_tolerance"])


def generator_calls(folder):
    """(file name, line, generator, options) of every `self.generate("name", key=literal)`
    in the tests_*.py files: what can be tried before grading (a missing data file)."""
    found = []
    for file_name in files(folder):
        with open(os.path.join(folder, file_name), encoding="utf-8") as handle, PARSING:
            tree = ast.parse(handle.read(), file_name)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "generate" and node.args and isinstance(node.args[0], ast.Constant):
                try:
                    options = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
                except ValueError:  # options computed at run time: tried when the test runs
                    continue
                found.append((file_name, node.lineno, node.args[0].value, options))
    return found


def located(python):
    """("tests_x.py", "Class", "test_method") of a Test's `python` address."""
    file_name, _, qualified = python.partition("::")
    cls, _, method = qualified.partition(".")
    return file_name, cls, method
