"""Which tests a student means by a name on `check.py`'s command line.

A name is a test number (`3.2`), a submitted file (`layers.py` or `layers`), a class
(`MaxGate`), a function or method (`conv_forward`, `layers.conv_forward`,
`MaxGate.backward`).  A function selects the tests that grade it; a backward
test also calls its forward first, but naming the forward does not select it
(`conv_forward` runs conv_forward's own tests, not conv_backward's), unless
the forward has no test of its own (`relu_forward`, tested only together with
`relu_backward`), where its backward's tests are the only ones that run it.
"""
import difflib


class UnknownName(Exception):
    """A name that matches no test; the message is one line listing what exists."""


def _called(test):
    """[(dotted name, is it the graded function)] of what a test calls."""
    names = [(test.target(test.function), True)]
    if test.forward:
        names.append((test.target(test.forward), False))
    return names


def _spellings(dotted):
    """Every way a student may write a dotted name: module.Class.method ->
    Class.method, module.Class.method; module.function -> function, module.function."""
    parts = dotted.split(".")
    return {".".join(parts[i:]) for i in range(len(parts)) if i < len(parts) - 1 or len(parts) == 2}


class Catalog:
    """The names of an assignment's tests, and the tests each name selects."""

    def __init__(self, tests, files):
        self.tests = list(tests)
        self.files = [f for f in files if any(f[:-3] in t.modules for t in self.tests)]
        graded, forward_only = {}, {}
        for test in self.tests:
            for dotted, is_graded in _called(test):
                for spelling in _spellings(dotted):
                    (graded if is_graded else forward_only).setdefault(spelling, []).append(test)
        self.functions = dict(graded)
        for spelling, tests in forward_only.items():
            self.functions.setdefault(spelling, tests)  # a forward without tests of its own
        self.classes = {}
        for test in self.tests:
            if test.construct:
                self.classes.setdefault(test.construct.split(".")[-1], []).append(test)

    def select(self, names):
        """The tests any of `names` selects, in the assignment's order."""
        chosen = set()
        for name in names:
            chosen.update(t.number for t in self.matching(name))
        return [t for t in self.tests if t.number in chosen]

    def matching(self, name):
        by_number = [t for t in self.tests if t.number == name]
        if by_number:
            return by_number
        found = self.classes.get(name) or self.functions.get(name)
        if found:
            return found
        file_name = name if name.endswith(".py") else f"{name}.py"  # `layers` also means layers.py
        if file_name in self.files:
            return [t for t in self.tests if file_name[:-3] in t.modules]
        raise UnknownName(self.unknown(name))

    def unknown(self, name):
        """One line: the name is unknown, a close spelling if any, and what exists."""
        functions = sorted(s for s in self.functions if "." not in s)
        methods = [s for s in self.functions if s.split(".")[0] in self.classes]
        known = functions + methods + list(self.classes) + self.files + [t.number for t in self.tests]
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        numbers = f"{self.tests[0].number} to {self.tests[-1].number}" if self.tests else "none"
        return (f"no visible test matches {name!r}{hint}; names are files: {', '.join(self.files)}; "
                f"classes: {', '.join(sorted(self.classes)) or 'none'}; "
                f"functions: {', '.join(functions) or 'none'}; tests: {numbers}")
