"""Turn the raw data of an assignment.yaml into `config.Assignment`, refusing
anything wrong with a ConfigError that names the file, the test and the key
and says the fix.  Per-kind rules (which keys a check needs, how many values
it returns) come from the kind itself (kinds.py).
"""
import math
import os

from .definitions import (DEFAULT_ABS_TOLERANCE, DEFAULT_TIME_LIMIT, DEFAULT_TOLERANCE, VISIBILITIES,
                     Assignment, Test, leaves)
from .errors import ConfigError
from .cases import ABOUT
from .kinds import KINDS
from .python_tests import discover as discover_python_tests
from .python_tests import number_order

DEFAULT_FORBIDDEN = ("torch", "scipy", "tensorflow", "jax", "sklearn")
ASSIGNMENT_KEYS = {"title", "total_points", "files", "forbidden_imports", "seeds",
                   "defaults", "tests", "worker_modules"}
TEST_KEYS = {"number", "name", "weight", "visibility", "check", "function", "forward",
             "torch", "returns", "keep", "grads", "compare", "tolerance", "abs_tolerance", "time_limit",
             "no_warnings", "reference", "cases", "construct", "init", "set", "instance_as", "collect",
             "updates", "steps", "feed", "vary", "raises"}
DEFAULT_KEYS = {"tolerance", "abs_tolerance", "time_limit", "import_time_limit"}
ABOUT_LENGTH = 120  # characters of a case's about-case text


class Validator:
    def __init__(self, path):
        self.path = path

    def fail(self, where, message):
        raise ConfigError(f"{self.path}: {where}: {message}")

    def mapping(self, where, value, allowed, required=()):
        if not isinstance(value, dict):
            self.fail(where, f"expected a mapping of keys, got {type(value).__name__}")
        for key in value:
            if key not in allowed:
                self.fail(where, f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in value:
                self.fail(where, f"missing required key {key!r}")
        return value

    def number(self, where, key, value, minimum=0.0):
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value) or value < minimum:
            self.fail(where, f"key {key!r}: expected a number >= {minimum:g}, got {value!r}")
        return float(value)

    def names(self, where, key, value):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(where, f"key {key!r}: expected a list of names, got {value!r}")
        return tuple(value)

    def dotted(self, where, key, value, modules):
        if not isinstance(value, str) or value.count(".") != 1:
            self.fail(where, f"key {key!r}: expected module.name (like perceptron.perceptron_predict), "
                             f"got {value!r}")
        if value.split(".")[0] not in modules:
            self.fail(where, f"key {key!r}: module {value.split('.')[0]!r} is not one of the "
                             f"submitted or worker files ({', '.join(m + '.py' for m in modules)})")
        return value

    def assignment(self, assignment_id, folder, raw):
        top = self.mapping("top level", raw, ASSIGNMENT_KEYS,
                           ("title", "total_points", "files", "seeds", "tests"))
        files = self.names("top level", "files", top["files"])
        if not all(f.endswith(".py") for f in files):
            self.fail("top level", f"key 'files': every file must be a .py file, got {list(files)}")
        seeds = self.mapping("seeds", top["seeds"], {"visible", "hidden"}, ("visible", "hidden"))
        for key, seed in seeds.items():
            if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
                self.fail("seeds", f"key {key!r}: expected a whole number >= 0, got {seed!r}")
        if seeds["visible"] == seeds["hidden"]:
            self.fail("seeds", "the hidden seed must differ from the visible one")
        defaults = self.mapping("defaults", top.get("defaults", {}), DEFAULT_KEYS)
        worker_modules = self.names("top level", "worker_modules", top.get("worker_modules", []))
        for name in worker_modules:
            if not name.endswith(".py") or not os.path.isfile(os.path.join(folder, name)):
                self.fail("top level", f"key 'worker_modules': {name} is not a .py file in {folder}")
            if name in files:
                self.fail("top level", f"key 'worker_modules': {name} is also a submitted file")
        modules = tuple(f[:-3] for f in files + worker_modules)
        if not isinstance(top["tests"], list) or not top["tests"]:
            self.fail("top level", "key 'tests': expected a non-empty list of tests")
        tests = tuple(self.test(i, t, defaults, modules) for i, t in enumerate(top["tests"]))
        tests += discover_python_tests(folder, self.test_defaults(defaults))
        tests = tuple(sorted(tests, key=lambda t: number_order(t.number)))  # as Gradescope shows them
        self.consistent(tests, self.number("top level", "total_points", top["total_points"]))
        forbidden = self.names("top level", "forbidden_imports",
                               top.get("forbidden_imports", list(DEFAULT_FORBIDDEN)))
        return Assignment(
            id=assignment_id, folder=folder, title=str(top["title"]),
            total_points=float(top["total_points"]), files=files, worker_modules=worker_modules,
            forbidden_imports=forbidden,
            seeds=dict(seeds), tests=tests,
            import_time_limit=self.number("defaults", "import_time_limit",
                                          defaults.get("import_time_limit", 10), 0.1))

    def consistent(self, tests, total):
        seen = {}
        for test in tests:
            where = f"test {test.number!r}" + (f" ({test.python})" if test.python else "")
            if test.number in seen:
                self.fail(where, f"duplicate test number (also used by {seen[test.number]!r}); "
                                 "numbers must be unique across assignment.yaml and tests_*.py")
            seen[test.number] = test.python or test.name
        weights = sum(t.weight for t in tests)
        if abs(weights - total) > 1e-9:
            self.fail("top level", f"the test weights add up to {weights:g} but total_points is "
                                   f"{total:g}; change a weight or total_points")

    def test_defaults(self, defaults):
        """The tolerances and time limit a test gets when it does not say."""
        return {"tolerance": self.number("defaults", "tolerance", defaults.get("tolerance", DEFAULT_TOLERANCE)),
                "abs_tolerance": self.number("defaults", "abs_tolerance",
                                             defaults.get("abs_tolerance", DEFAULT_ABS_TOLERANCE)),
                "time_limit": self.number("defaults", "time_limit",
                                          defaults.get("time_limit", DEFAULT_TIME_LIMIT), 0.1)}

    def test(self, index, raw, defaults, modules):
        label = f"test #{index + 1}"
        if isinstance(raw, dict) and "number" in raw:
            label = f"test {str(raw['number'])!r}"
        raw = self.mapping(label, raw, TEST_KEYS, ("number", "name", "weight", "check"))
        check = raw["check"]
        if check not in KINDS or not KINDS[check].in_yaml:
            self.fail(label, f"key 'check': {check!r} is not one of "
                             f"{', '.join(k for k in KINDS if KINDS[k].in_yaml)} (Python tests are "
                             "unittest methods in the assignment's tests_*.py files)")
        visibility = raw.get("visibility", "visible")
        if visibility not in VISIBILITIES:
            self.fail(label, f"key 'visibility': {visibility!r} is not one of {', '.join(VISIBILITIES)}")
        fields = dict(
            number=str(raw["number"]), name=str(raw["name"]), check=check, visibility=visibility,
            weight=self.number(label, "weight", raw["weight"]),
            tolerance=self.number(label, "tolerance",
                                  raw.get("tolerance", defaults.get("tolerance", DEFAULT_TOLERANCE))),
            abs_tolerance=self.number(label, "abs_tolerance", raw.get(
                "abs_tolerance", defaults.get("abs_tolerance", DEFAULT_ABS_TOLERANCE))),
            time_limit=self.number(label, "time_limit", raw.get(
                "time_limit", defaults.get("time_limit", DEFAULT_TIME_LIMIT)), 0.1),
            no_warnings=bool(raw.get("no_warnings", False)))
        if not KINDS[check].calls:
            for key in ("function", "cases"):
                if key in raw:
                    self.fail(label, f"key {key!r}: an {check} test covers every call "
                                     f"made by the other tests and takes no {key}")
            return Test(**fields)
        return Test(**fields, **self.call_fields(label, raw, check, modules))

    def call_fields(self, label, raw, check, modules):
        only_constructs = "function" not in raw and "construct" in raw and check == "forward"
        if "function" not in raw and not only_constructs:
            self.fail(label, f"missing required key 'function' (a {check} test calls one; a forward "
                             "test that only makes an object names it in 'construct')")
        out = {}
        if "construct" in raw:
            out["construct"] = self.dotted(label, "construct", raw["construct"], modules)
            out["init"] = self.names(label, "init", raw.get("init", []))
            settings = self.mapping(f"{label}: set", raw.get("set", {}), set(raw.get("set") or {}))
            out["settings"] = {a: self.names(label, f"set: {a}", v) for a, v in settings.items()}
            out["instance_as"] = str(raw.get("instance_as", ""))
        else:
            for key in ("init", "set", "instance_as"):
                if key in raw:
                    self.fail(label, f"key {key!r} needs 'construct' (the class of the object)")
        out["collect"] = self.names(label, "collect", raw.get("collect", []))  # attributes or arguments
        out["updates"] = self.names(label, "updates", raw.get("updates", []))
        if only_constructs:
            return self.construct_only_fields(label, raw, out)
        out["function"] = self.callable(label, "function", raw["function"], modules, "construct" in raw)
        kind = KINDS[check]
        for key in kind.required:
            if key not in raw:
                self.fail(label, f"missing required key {key!r} (a {check} test needs it)")
        if "forward" in kind.required:
            out["forward"] = self.callable(label, "forward", raw["forward"], modules, "construct" in raw)
        if kind.gradients:
            out["grads"] = self.names(label, "grads", raw.get("grads", []))
            reference = raw.get("reference", "torch")
            if reference not in ("torch", "solution"):
                self.fail(label, f"key 'reference': {reference!r} is not 'torch' or 'solution'")
            if reference == "torch" and "torch" not in raw:
                self.fail(label, "missing key 'torch': the name of the equivalent computation in "
                                 "torch_ops.py (or set reference: solution)")
            out["reference"] = reference
            out["torch"] = str(raw.get("torch", ""))
        else:
            out.update(self.value_reference(label, raw, kind))
        if "raises" in kind.required:
            raises = raw["raises"]
            if not isinstance(raises, str) or not raises.isidentifier():
                self.fail(label, f"key 'raises': expected the name of an exception class, such as "
                                 f"ValueError, got {raises!r}")
            out["raises"] = raises
        elif "raises" in raw:
            self.fail(label, "key 'raises' needs check: raises (a call that must raise)")
        out["returns"] = self.returns(label, raw.get("returns", ["out"]))
        out["keep"] = self.names(label, "keep", raw.get("keep", []))
        for name in out["keep"]:
            if name not in out["returns"]:
                self.fail(label, f"key 'keep': {name!r} is not one of the returns {list(out['returns'])}")
        problem = kind.check_returns(len(leaves(out["returns"])), out.get("grads", ()))
        if problem:
            self.fail(label, f"key 'returns': {problem}")
        if "steps" in raw:
            out.update(self.steps(label, raw, kind, out["returns"]))
        else:
            for key in ("feed", "vary"):
                if key in raw:
                    self.fail(label, f"key {key!r} needs 'steps' (how many times the call is made)")
        if out["collect"] and not kind.single_call and "construct" not in raw:
            self.fail(label, f"key 'collect': a {check} test reads nothing back; read back arguments "
                             "in a forward or loss_gradient test")
        out.update(self.comparator(label, raw.get("compare", "")))
        out["cases"] = self.case_list(label, raw.get("cases"))
        return out

    def value_reference(self, label, raw, kind):
        """A forward test's values come from the solution, or from torch_ops.<torch>."""
        if "torch" not in raw:
            if raw.get("reference", "solution") != "solution":
                self.fail(label, "key 'reference': a test of values takes them from the solution, or "
                                 "from torch_ops.py with torch: <function>")
            return {"reference": "solution", "torch": ""}
        if not kind.torch_values:
            self.fail(label, f"key 'torch': a {kind.name} test takes no torch reference")
        if not isinstance(raw["torch"], str) or not raw["torch"].isidentifier():
            self.fail(label, f"key 'torch': expected a function name of torch_ops.py, got {raw['torch']!r}")
        reference = raw.get("reference", "torch")
        if reference not in ("torch", "solution"):
            self.fail(label, f"key 'reference': {reference!r} is not 'torch' or 'solution'")
        return {"reference": reference, "torch": raw["torch"]}

    def case_list(self, label, cases):
        if not isinstance(cases, list) or not cases:
            self.fail(label, "key 'cases': expected a non-empty list of cases")
        for number, case in enumerate(cases, 1):
            if not isinstance(case, dict):
                self.fail(label, f"case {number}: expected a mapping of argument names to inputs")
            self.about(f"{label}: case {number}", case.get(ABOUT))
        return tuple(cases)

    def construct_only_fields(self, label, raw, out):
        """A test that makes an object and checks what its constructor left (`collect`)."""
        if not out["collect"]:
            self.fail(label, "key 'collect': a test without 'function' checks the object it makes; "
                             "name the attributes to read, e.g. collect: [params]")
        for key in ("returns", "keep", "instance_as", "set"):
            if key in raw:
                self.fail(label, f"key {key!r}: a test without 'function' calls nothing after the "
                                 "constructor")
        out.update(self.comparator(label, raw.get("compare", "")), returns=(), keep=())
        out["cases"] = self.case_list(label, raw.get("cases"))
        return out

    def about(self, where, text):
        """A case's `about-case`: one short line said to students, hidden tests included."""
        if text is None:
            return
        if not isinstance(text, str) or not text.strip() or "\n" in text.strip() or len(text) > ABOUT_LENGTH:
            self.fail(where, f"key {ABOUT!r}: expected one line of text of at most {ABOUT_LENGTH} "
                             f"characters saying what is special about the case, got {text!r}")

    def steps(self, label, raw, kind, returns):
        """`steps: n` (the call made n times), `feed: {argument: returned name}` (the
        next call's argument is this call's return), `vary: {argument: input}` (the
        argument of call k is element k of a list the case gives)."""
        count = raw["steps"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            self.fail(label, f"key 'steps': expected a whole number >= 1, got {count!r}")
        if not kind.single_call:
            self.fail(label, f"key 'steps': a {kind.name} test's calls cannot be repeated; steps "
                             "repeat the one call of a forward or loss_gradient test")
        feed = self.mapping(f"{label}: feed", raw.get("feed") or {}, set(raw.get("feed") or {}))
        named = {item if isinstance(item, str) else next(iter(item)) for item in returns
                 if isinstance(item, (str, dict))}
        for argument, returned in feed.items():
            if returned not in named:
                self.fail(label, f"key 'feed': {argument}: {returned!r} is not a named return "
                                 f"(returns: {', '.join(sorted(named))})")
        vary = self.mapping(f"{label}: vary", raw.get("vary") or {}, set(raw.get("vary") or {}))
        for argument, source in vary.items():
            if not isinstance(source, str) or argument in feed:
                self.fail(label, f"key 'vary': {argument}: expected the name of a case input holding "
                                 "one value per step (and an argument not also fed)")
        return {"steps": count, "feed": {str(a): str(r) for a, r in feed.items()},
                "vary": {str(a): str(s) for a, s in vary.items()}}

    def callable(self, label, key, value, modules, on_object):
        """module.function, or a bare method name when the test constructs an object."""
        if on_object and isinstance(value, str) and value.isidentifier():
            return value
        return self.dotted(label, key, value, modules)

    def returns(self, label, value):
        """A returns spec: names, nested lists of names (tuples) and {name: [keys]} (dicts)."""
        def item(x):
            if isinstance(x, str) and x:
                return x
            if isinstance(x, list) and x:
                return tuple(item(y) for y in x)
            if isinstance(x, dict) and len(x) == 1:
                (name, keys), = x.items()
                return {str(name): self.names(label, f"returns: {name}", keys)}
            self.fail(label, "key 'returns': each entry is a name, a list of entries (a tuple) "
                             f"or {{name: [keys]}} (a dict), got {x!r}")
        if not isinstance(value, list) or not value:
            self.fail(label, f"key 'returns': expected a list, got {value!r}")
        return tuple(item(x) for x in value)

    def comparator(self, label, compare):
        out = {"compare": "", "compare_options": {}}
        if isinstance(compare, dict):
            if len(compare) != 1:
                self.fail(label, "key 'compare': expected one comparator name with its options")
            (compare, options), = compare.items()
            out["compare_options"] = self.mapping(f"{label}: compare", options or {}, set(options or {}))
        if not isinstance(compare, str):
            self.fail(label, f"key 'compare': expected a comparator name, got {compare!r}")
        out["compare"] = compare
        return out
