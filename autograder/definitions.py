"""`Test` and `Assignment`: the typed form of an assignment.yaml (made by
yaml_validator, read everywhere else)."""
import os
from dataclasses import dataclass, field

from .kinds import KINDS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOLUTIONS_DIR = os.path.join(ROOT, "solutions")
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
# Correct float64 code agrees with the reference to ~1e-12; real bugs are off by
# far more than these, so they fail no correct implementation.
DEFAULT_TOLERANCE, DEFAULT_ABS_TOLERANCE, DEFAULT_TIME_LIMIT = 1e-6, 1e-9, 10.0


def leaves(spec):
    """Leaf names of a returns spec, in order: ["f", "dfdx", "grads['W1']", ...]."""
    names = []
    for item in spec:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            (name, keys), = item.items()
            names += [f"{name}[{key!r}]" for key in keys]
        else:
            names += leaves(item)
    return names


@dataclass(frozen=True)
class Test:
    number: str
    name: str
    weight: float
    visibility: str
    check: str
    function: str = ""          # module.function, a method name of the constructed object, or
                                # "" when a forward test checks only what `construct` made
    forward: str = ""           # for `backward`: the forward that makes the cache
    construct: str = ""         # module.Class: an object made before the call
    init: tuple = ()            # inputs passed to the constructor
    settings: dict = field(default_factory=dict)  # attribute -> inputs set on the object as a dict
    instance_as: str = ""       # pass the object to `function` as this argument
    collect: tuple = ()         # attributes of the object, or arguments, read after the call
    updates: tuple = ()         # arguments the contract says the call updates: exempt from the in-place check
    steps: int = 0              # call `function` this many times (0: once, no step names) ...
    feed: dict = field(default_factory=dict)  # ... giving argument <- the previous step's returned value
    vary: dict = field(default_factory=dict)  # argument <- a case input with one value per step
    torch: str = ""             # name of the equivalent op in the assignment's torch_ops.py
    raises: str = ""            # for `raises`: the exception class the call must raise, by name
    returns: tuple = ("out",)   # names of the returned values: str, nested list, or {name: [keys]}
                                # (none without a function)
    keep: tuple = ()            # returned names that stay in the worker (caches)
    grads: tuple = ()           # inputs whose gradients are returned, in order
    compare: str = ""           # a comparator in the assignment's comparators.py
    compare_options: dict = field(default_factory=dict)
    tolerance: float = DEFAULT_TOLERANCE          # |a - b| <= abs_tolerance + tolerance * (|a| + |b|)
    abs_tolerance: float = DEFAULT_ABS_TOLERANCE
    time_limit: float = DEFAULT_TIME_LIMIT        # seconds of wall clock per call
    no_warnings: bool = False   # floating-point warnings fail the case (numerical_warnings.py)
    reference: str = "torch"    # for gradients: "torch" autograd or the "solution"
    cases: tuple = ()           # each a dict: argument name -> input spec
    python: str = ""            # a Python test: "tests_x.py::Class.test_method" (python_tests.py)

    @property
    def hidden(self):
        """Hidden tests draw inputs from the secret seed and reveal no data."""
        return self.visibility != "visible"

    @property
    def kind(self):
        """The CheckKind that says how this test runs (kinds.py)."""
        return KINDS[self.check]

    def target(self, name):
        """The dotted name of a called function or method: `layers.conv_forward`,
        or `gates.MaxGate.forward` for a method of the constructed object."""
        return f"{self.construct}.{name}" if self.construct and "." not in name else name

    @property
    def modules(self):
        """The submitted modules this test's calls need."""
        return sorted({name.split(".")[0] for name in (self.construct, self.function, self.forward)
                       if "." in name})


@dataclass(frozen=True)
class Assignment:
    id: str
    folder: str
    title: str
    total_points: float
    files: tuple
    worker_modules: tuple       # trusted .py files of the assignment loaded into the worker
    forbidden_imports: tuple
    seeds: dict
    import_time_limit: float
    tests: tuple

    @property
    def solution_dir(self):
        return os.path.join(SOLUTIONS_DIR, self.id)

    @property
    def modules(self):
        return tuple(name[:-3] for name in self.files)
