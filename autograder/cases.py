"""Deterministic inputs for a test case, from the assignment's seeds.

Input specs in `assignment.yaml` (one per argument name):

    X: [8, 3]                               standard normal array of that shape
    X: {random: normal, shape: [8, 3], scale: 2.0, loc: 0.0}
    X: {random: uniform, shape: [8, 3], low: -1, high: 1}
    y: {random: integers, shape: [8], low: 0, high: 2}
    x: {value: [[1.0, 0.0], [-2.0, 3.0]]}   a literal array (float64)
    input_dim: {literal: [1, 8, 8]}         passed as written (a list, not a shape)
    slope: 0.1  /  conv_param: {stride: 2}  any other value is passed as it is
    about-case: scores of magnitude ~1e4    not an input: said to the student
    lib: {module: layers}                   the module under test itself (for a worker module)
    dw: {per_step: [4, 5]}                  a `steps:` test: drawn afresh for every step

and a case may draw several arguments from a generator in the assignment's
`inputs.py`:  `{from: separable_data, with: {n: 40}, lr: 1.0}`.  A generator
is `f(rng, **with) -> dict`; keys starting with `_` stay with the grader
(held-out data for a comparator) and are never sent to the student.

Each case has its own generator state, derived from the seed (visible or
hidden), the test number and the case index, so editing one test never
changes another test's inputs.
"""
import zlib

import numpy as np

from .errors import ConfigError

class ModuleRef:
    """An argument that is a submitted module (`{module: layers}`): the student's
    module in the worker, the solution's (or a mutant's) in the grader.  This is
    how a worker module (a trainer, a checker) receives the module under test
    without naming any module of the engine."""

    def __init__(self, name):
        self.name = str(name)

    def __repr__(self):
        return f"the module {self.name}"

    def __eq__(self, other):
        return isinstance(other, ModuleRef) and other.name == self.name

    def __hash__(self):
        return hash(self.name)


class PerStep(list):
    """The values of one argument, one per step of a `steps:` test."""


RANDOM_KINDS = {"normal": ("loc", "scale"), "uniform": ("low", "high"),
                "integers": ("low", "high")}
# A case's keys are argument names (Python identifiers) except these: "from"
# and "with" are keywords, "about-case" has a hyphen, so none can clash with one.
ABOUT = "about-case"   # what is special about the case, shown after the call's description
CASE_KEYS = ("from", "with", ABOUT)


def case_rng(seed, test_number, case_index):
    return np.random.default_rng([seed, zlib.crc32(test_number.encode()), case_index])


def is_shape(spec):
    return isinstance(spec, list) and all(isinstance(n, int) and not isinstance(n, bool)
                                          and n >= 0 for n in spec)


def _random_array(rng, spec, where):
    kind, shape = spec.get("random"), spec.get("shape")
    if kind not in RANDOM_KINDS:
        raise ConfigError(f"{where}: 'random' must be one of {', '.join(RANDOM_KINDS)}, got {kind!r}")
    if not is_shape(shape):
        raise ConfigError(f"{where}: 'shape' must be a list of whole numbers, got {shape!r}")
    options = {k: v for k, v in spec.items() if k not in ("random", "shape")}
    unknown = set(options) - set(RANDOM_KINDS[kind])
    if unknown or (kind == "integers" and "high" not in options):
        raise ConfigError(f"{where}: random: {kind} takes {', '.join(RANDOM_KINDS[kind])} "
                          f"(high is required for integers), got {sorted(options)}")
    try:
        if kind == "normal":
            return rng.normal(options.get("loc", 0.0), options.get("scale", 1.0), shape)
        if kind == "uniform":
            return rng.uniform(options.get("low", -1.0), options.get("high", 1.0), shape)
        return rng.integers(options.get("low", 0), options["high"], shape, dtype=np.int64)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{where}: cannot draw {kind} numbers from {spec}: {error}") from None


def make_value(rng, spec, where, assignment=None, steps=0):
    if isinstance(spec, dict) and set(spec) == {"module"}:
        return _module(spec["module"], where, assignment)
    if isinstance(spec, dict) and set(spec) == {"per_step"}:
        if steps < 1:
            raise ConfigError(f"{where}: 'per_step' draws one value per step: the test needs "
                              "'steps: n'")
        return PerStep(make_value(rng, spec["per_step"], where, assignment) for _ in range(steps))
    if is_shape(spec):
        return rng.standard_normal(spec)
    if isinstance(spec, dict) and "random" in spec:
        return _random_array(rng, spec, where)
    if isinstance(spec, dict) and set(spec) == {"literal"}:
        return spec["literal"]
    if isinstance(spec, dict) and set(spec) == {"value"}:
        try:
            return np.array(spec["value"], dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{where}: 'value' is not a numeric array: {error}") from None
    return spec


def _module(name, where, assignment):
    modules = assignment.modules if assignment is not None else ()
    if name not in modules:
        raise ConfigError(f"{where}: 'module: {name}' names no submitted file "
                          f"(files: {', '.join(m + '.py' for m in modules)})")
    return ModuleRef(name)


def make_inputs(assignment, test, case_index, generators):
    """The named inputs of one case (an ordered dict, argument order as written)."""
    seed = assignment.seeds["hidden" if test.hidden else "visible"]
    rng = case_rng(seed, test.number, case_index)
    case = test.cases[case_index]
    where = f"{assignment.folder}/assignment.yaml: test {test.number!r}: case {case_index + 1}"
    inputs = {}
    if "from" in case:
        inputs.update(_generated(rng, case, generators, where))
    elif "with" in case:
        raise ConfigError(f"{where}: 'with' goes with 'from' (the generator to call)")
    for name, spec in case.items():
        if name not in CASE_KEYS:
            inputs[name] = make_value(rng, spec, f"{where}: argument {name!r}", assignment,
                                      test.steps)
    return inputs


def _generated(rng, case, generators, where):
    return generated(rng, case["from"], case.get("with", {}), generators, where)


def generated(rng, name, options, generators, where):
    """What inputs.py's generator `name` makes with `options` (a ConfigError
    naming `where` when it is missing or fails)."""
    generator = getattr(generators, str(name), None) if generators else None
    if not callable(generator):
        raise ConfigError(f"{where}: 'from: {name}' names no function in the assignment's inputs.py")
    if not isinstance(options, dict):
        raise ConfigError(f"{where}: 'with' must be a mapping of options for {name}")
    try:
        made = generator(rng, **options)
    except Exception as error:  # wrong options, a missing or unreadable data file, a bug
        raise ConfigError(f"{where}: inputs.py's {name}({options}) failed: "
                          f"{type(error).__name__}: {error}") from None
    return dict(made)


def public(inputs):
    """The inputs the student's function receives (without grader-only extras)."""
    return {k: v for k, v in inputs.items() if not k.startswith("_")}


def about(case):
    """The instructor's words on what is special about a case ("" if none)."""
    return str(case.get(ABOUT, "")).strip().rstrip(".")
