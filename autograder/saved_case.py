"""`check.py 3.2 --case 1 --save DIR`: one visible case as a plain `.npz`, and
the few lines of Python that replay it on the student's own code.

The file holds the case's inputs under their argument names, the upstream
gradient(s) of a backward test (`dout`, or `dout1`, `dout2`), and the
expected outputs (`expected_<name>`).  Arrays are stored as they are; other
values (a conv_param dict, a learning rate, a float input of a gate) as JSON
text in a 0-d string array, so `np.load(..., allow_pickle=False)` reads
everything and `json.loads` rebuilds the rest.  The calls in the snippet are
derived from the test's plan (`plan.split`), so they are the calls the
checker makes.
"""
import json
import os
import re

import numpy as np

from . import cases, plan


class SaveError(Exception):
    """The case cannot be saved; the message says why."""


class Variable:
    """Stands for an input in `plan.split`, so the bound call reads as names."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


def save_case(code, test, case_index, expected_for, folder):
    """Write `folder/<test>-<case>.npz`; return (path, stored names, snippet)."""
    if test.hidden:
        raise SaveError(f"test {test.number} is not visible: its inputs are not available")
    if not 0 <= case_index < len(test.cases):
        raise SaveError(f"test {test.number} has {len(test.cases)} case(s): use --case 1 to "
                        f"--case {len(test.cases)}")
    inputs = cases.make_inputs(code.assignment, test, case_index, code.inputs)
    reference = expected_for(test, case_index, inputs)
    stored, json_names, mixed = {}, [], {}
    douts = list(reference.get("dout") or ()) if test.check == "backward" else []
    dout_names = ["dout"] if len(douts) == 1 else [f"dout{i + 1}" for i in range(len(douts))]
    for name, value in list(cases.public(inputs).items()) + list(zip(dout_names, douts)):
        if isinstance(value, dict) and any(isinstance(v, np.ndarray) for v in value.values()):
            mixed[name] = _store_mixed(name, value, stored)
        else:
            stored[name] = _storable(name, value, json_names)
    expected_keys = {}
    for leaf, value in reference["values"].items():
        for key, part in _flatten(leaf, value):
            expected_keys[key] = _expected_key(key)
            stored[expected_keys[key]] = _storable(key, _numeric(part), [])
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{test.number}-{case_index + 1}.npz")
    np.savez(path, **stored)
    snippet = Snippet(code, test, inputs, path, (json_names, mixed), dout_names, expected_keys).text()
    return path, stored, snippet


def _storable(name, value, json_names):
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            raise SaveError(f"{name} is an object array, which cannot be saved without pickle")
        return value
    json_names.append(name)
    try:
        return np.array(json.dumps(value, default=_plain))
    except TypeError as error:
        raise SaveError(f"{name} cannot be saved as JSON: {error}") from None


def _store_mixed(name, value, stored):
    """A dict holding arrays (an optimiser's config with its state): its plain
    entries as JSON under `name`, each array under `<name>_<key>`; returns
    [(key, stored name)] of the arrays."""
    plain = {k: v for k, v in value.items() if not isinstance(v, np.ndarray)}
    stored[name] = _storable(name, plain, [])
    arrays = []
    for key, part in value.items():
        if isinstance(part, np.ndarray):
            arrays.append((key, f"{name}_{re.sub(r'[^0-9A-Za-z]+', '_', str(key))}"))
            stored[arrays[-1][1]] = _storable(key, part, [])
    return arrays


def _numeric(value):
    """An expected number or list of numbers as an array (compared with np.abs(a - b))."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        return value
    return array if array.dtype.kind in "biuf" else value


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not plain data")


def _flatten(leaf, value):
    """A collected dict (net.params) becomes one entry per key: params['W1'], ..."""
    if isinstance(value, dict):
        return [(f"{leaf}[{key!r}]", part) for key, part in value.items()]
    return [(leaf, value)]


def _expected_key(leaf):
    """grads['W1'] -> expected_grads_W1 (a plain name in the .npz)."""
    return "expected_" + re.sub(r"\W+", "_", leaf).strip("_")


class Snippet:
    """The replay code: load the case, make the object, call, compare."""

    def __init__(self, code, test, inputs, path, stored_as, dout_names, expected_keys):
        self.code, self.test = code, test
        self.inputs = cases.public(inputs)
        self.path = path
        self.json_names, self.mixed = stored_as  # names kept as JSON; dicts with arrays
        self.dout_names, self.expected_keys = dout_names, expected_keys
        self.instance = test.instance_as or _snake(test.construct.split(".")[-1]) if test.construct else ""

    def text(self):
        test = self.test
        call = plan.split(self.code, test, {n: Variable(n) for n in self.inputs}, f"test {test.number}")
        lines = self.preamble() + self.construction(call)
        args = _arguments(call.args, self.instance)
        if test.check == "backward":
            forward = self.callee(test.forward)
            douts = ", ".join(self.dout_names)
            if test.construct:
                lines += [f"{forward}({args})", f"{self.unpack()} = {self.callee(test.function)}({douts})"]
            else:
                more = ", *more" if self.forward_returns_more() else ""  # (out, cache, running stats)
                lines += [f"out, cache{more} = {forward}({args})",
                          f"{self.unpack()} = {self.callee(test.function)}({douts}, cache)"]
        else:
            lines.append(f"{self.unpack()} = {self.callee(test.function)}({args})")
        return "\n".join(lines + self.comparison())

    def preamble(self):
        imports = {}
        for dotted in filter(None, (self.test.construct, self.test.function, self.test.forward)):
            if "." in dotted:  # module.function or module.Class (methods need no import)
                module, name = dotted.split(".")[:2]
                imports.setdefault(module, set()).add(name)
        lines = ["import json"] if self.json_names or self.mixed else []
        lines += ["import numpy as np"]
        lines += [f"from {m} import {', '.join(sorted(names))}" for m, names in sorted(imports.items())]
        lines.append(f"case = np.load({self.path!r}, allow_pickle=False)")
        arrays = [n for n in list(self.inputs) + self.dout_names
                  if n not in self.json_names and n not in self.mixed]
        for start in range(0, len(arrays), 4):  # a few names per line
            names = arrays[start:start + 4]
            lines.append(f"{', '.join(names)} = {', '.join(f'case[{n!r}]' for n in names)}")
        if len(self.json_names) == 1:
            lines.append(f"{self.json_names[0]} = json.loads(str(case[{self.json_names[0]!r}]))")
        elif self.json_names:
            lines.append(f"{', '.join(self.json_names)} = (json.loads(str(case[name])) for name in "
                         f"{tuple(self.json_names)!r})")
        for name, arrays in self.mixed.items():
            entries = "".join(f", {key!r}: case[{stored!r}]" for key, stored in arrays)
            lines.append(f"{name} = {{**json.loads(str(case[{name!r}])){entries}}}")
        return lines

    def construction(self, call):
        if not self.test.construct:
            return []
        class_name = self.test.construct.split(".")[-1]
        lines = [f"{self.instance} = {class_name}({_arguments(call.init, self.instance)})"]
        for attribute, values in call.settings.items():
            entries = ", ".join(f"{name!r}: {value}" for name, value in values.items())
            lines.append(f"{self.instance}.{attribute} = {{{entries}}}")
        return lines

    def forward_returns_more(self):
        """Whether a forward test of this backward's forward declares more than (out, cache)."""
        return any(t.function == self.test.forward and len(t.returns) > 2
                   for t in self.code.assignment.tests)

    def callee(self, name):
        return f"{self.instance}.{name}" if self.test.construct and "." not in name else name.split(".")[-1]

    def unpack(self):
        returns = self.test.returns
        text = _target(returns[0]) if len(returns) == 1 else ", ".join(_target(item) for item in returns)
        return text

    def comparison(self):
        names = {}
        for leaf, key in self.expected_keys.items():
            source = f"{self.instance}.{leaf}" if leaf.split("[")[0] in self.test.collect else leaf
            names[key[len("expected_"):]] = source
        pairs = [f"{name!r}: {source}" for name, source in names.items()]
        rows = [", ".join(pairs[i:i + 3]) for i in range(0, len(pairs), 3)]  # a few per line
        return [f"yours = {{{(',' + chr(10) + '         ').join(rows)}}}",
                "for name, value in yours.items():",
                "    print(name, 'max abs difference:', np.max(np.abs(np.asarray(value) - "
                "case['expected_' + name])))"]


def _target(item):
    """The assignment target for a returns spec entry: names, (nested), a dict's name."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return next(iter(item))
    return "(" + ", ".join(_target(x) for x in item) + ")"


def _arguments(bound, instance):
    args, kwargs = bound
    text = [instance if a is plan.INSTANCE else repr(a) for a in args]
    text += [f"{k}={instance if v is plan.INSTANCE else repr(v)}" for k, v in kwargs.items()]
    return ", ".join(text)


def _snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
