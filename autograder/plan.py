"""The calls one case makes, written once and run twice: on the reference
solution in the grader (`LocalExecutor`, in references.py) and on the
student's code in the worker (`student_calls.WorkerExecutor`).

A case may construct an object first (`construct`, `init`, `set`), then
calls a function or a method of it (`function`, or `forward` then
`function` for backward tests; none when the test checks only what the
constructor made), and may read attributes or arguments afterwards
(`collect`).  With `steps`, the call is made several times, the named
returns of one step fed back as arguments of the next (`feed`), and every
step's values compared.  Return values are unpacked by the test's `returns`
spec into named leaves, so both sides are compared name by name.
"""
import inspect
from dataclasses import dataclass, field

import numpy as np

from . import cases
from .comparison import describe, describe_literal
from .sandbox import Handle
from .errors import ConfigError, Mismatch

INSTANCE = object()  # stands for the constructed object among call arguments


@dataclass
class Call:
    """One case's arguments, bound to the solution's parameter names."""
    init: tuple = ((), {})
    settings: dict = field(default_factory=dict)
    args: tuple = ((), {})
    positions: dict = field(default_factory=dict)   # argument name -> index in args, or keyword


def signature(function):
    """A callable's parameters, without `self` for functions defined in a class."""
    parameters = list(inspect.signature(function).parameters.values())
    if "." in getattr(function, "__qualname__", "") and parameters and parameters[0].name == "self":
        parameters = parameters[1:]
    return inspect.Signature(parameters)


def bind(function, inputs, where):
    try:
        bound = signature(function).bind(**inputs)
    except TypeError as error:
        raise ConfigError(f"{where}: the inputs {sorted(inputs)} do not fit: {error}") from None
    return tuple(bound.args), dict(bound.kwargs)


def split(code, test, inputs, where):
    """Divide a case's public inputs between constructor, attributes and call."""
    remaining = dict(cases.public(inputs))
    for argument, source in test.vary.items():  # argument of step k: element k of the input
        values = remaining.pop(source, None)
        if not isinstance(values, (list, tuple)) or len(values) < test.steps:
            raise ConfigError(f"{where}: vary: {argument}: the input {source!r} should hold at least "
                              f"{test.steps} values, one per step")
        remaining[argument] = cases.PerStep(values[:test.steps])
    call = Call()
    if test.construct:
        init = {name: remaining.pop(name) for name in test.init if name in remaining}
        call.init = bind(code.solution_function(test.construct), init, f"{where}: init")
        for attribute, names in test.settings.items():
            call.settings[attribute] = {name: remaining.pop(name) for name in names}
    if test.instance_as:
        remaining[test.instance_as] = INSTANCE
    first = test.forward or test.function
    if not first:  # the test checks what the constructor made
        if remaining:
            raise ConfigError(f"{where}: the inputs {sorted(remaining)} go to no call: a test "
                              "without 'function' passes its inputs to the constructor ('init')")
        return call
    function = code.solution_function(test.target(first))
    call.args = bind(function, remaining, f"{where}: {test.target(first)}")
    names = list(signature(function).parameters)
    call.positions = dict({names[i]: i for i in range(len(call.args[0]))},
                          **{k: k for k in call.args[1]})
    _check_argument_keys(test, call, names, f"{where}: {test.target(first)}")
    return call


def _check_argument_keys(test, call, names, where):
    """collect (without an object), feed and updates must name arguments of the call."""
    for name in test.collect:
        if name not in call.positions and not test.construct:
            raise ConfigError(f"{where}: collect: {name!r} is no argument given to the call "
                              "(and the test constructs no object to read it from)")
        if name in call.positions and not test.kind.single_call:
            raise ConfigError(f"{where}: collect: {name!r} is an argument; arguments are read back "
                              "in forward and loss_gradient tests only")
    for name in test.feed:
        if name not in call.positions:
            raise ConfigError(f"{where}: feed: {name!r} is no argument given to the call "
                              f"(arguments: {', '.join(call.positions)})")
    for name in test.updates:
        if name not in names:
            raise ConfigError(f"{where}: updates: {name!r} is no parameter of the call "
                              f"(parameters: {', '.join(names)})")


def modules_named(call):
    """The submitted modules passed as arguments ({module: name} inputs)."""
    found = set()
    for args, kwargs in (call.init, call.args):
        found.update(v.name for v in list(args) + list(kwargs.values()) if isinstance(v, cases.ModuleRef))
    return found


# ------------------------------------------------------------ return values

def shape_of(spec):
    """How the spec reads in a message: "(f, (dfdx, dfdy, dfdz))"."""
    def item(x):
        if isinstance(x, str):
            return x
        if isinstance(x, dict):
            (name, keys), = x.items()
            return f"{name} (a dict with keys {', '.join(keys)})"
        return "(" + ", ".join(item(y) for y in x) + ")"
    return item(spec[0]) if len(spec) == 1 else item(spec)


def unpack(value, spec):
    """{leaf name: value}; raises Mismatch when the structure differs."""
    if len(spec) == 1:
        return _unpack_item(value, spec[0])
    if not isinstance(value, (tuple, list)) or len(value) != len(spec):
        raise Mismatch(f"got {describe(value)}")
    found = {}
    for item, part in zip(spec, value):
        found.update(_unpack_item(part, item))
    return found


def top_level(value, spec):
    """{name: value} of the named top-level items of a returns spec (a name, or
    {name: [keys]}), as the call returned them: what `feed` gives back."""
    parts = [value] if len(spec) == 1 else list(value)
    found = {}
    for item, part in zip(spec, parts):
        if isinstance(item, str):
            found[item] = part
        elif isinstance(item, dict):
            found[next(iter(item))] = part
    return found


def _unpack_item(value, item):
    if isinstance(item, str):
        return {item: value}
    if isinstance(item, dict):
        (name, keys), = item.items()
        if not isinstance(value, dict) or set(value) != set(keys):
            found = f"keys {', '.join(map(str, value))}" if isinstance(value, dict) else describe(value)
            raise Mismatch(f"got {found} as {name}")
        return {f"{name}[{key!r}]": value[key] for key in keys}
    return unpack(value, item)


# ---------------------------------------------------------------- in words

def describe_call(code, test, call, about=""):
    """What was called, in the words of the test (no data for hidden tests),
    then `about`: the instructor's words on what is special about the case."""
    steps = []
    if test.construct:
        steps.append(f"made {_signature_text(code, test.construct, call.init, test.hidden)}")
        steps += [f"set .{attribute} = {{{', '.join(values)}}}"
                  for attribute, values in call.settings.items()]
    first = test.forward or test.function
    if first:
        steps.append(("called " if steps else "Called ") +
                     _signature_text(code, test.target(first), call.args, test.hidden))
    if test.kind.described_after(test):
        steps.append(test.kind.described_after(test))
    if test.steps:
        fed = ", ".join(f"{returned} as {argument}" for argument, returned in test.feed.items())
        steps[-1] += f" {test.steps} times" + (f", each step's {fed} of the next" if fed else "")
    if test.collect:
        steps.append(f"read {', '.join(name if name in call.positions else '.' + name for name in test.collect)}")
    text = ", ".join(steps) + (" on hidden inputs." if test.hidden else ".")
    text += f" This case: {about}." if about else ""
    return text[0].upper() + text[1:]


def _signature_text(code, dotted, bound, hidden):
    if hidden:
        return dotted
    args, kwargs = bound
    names = code.parameter_names(dotted)
    parts = [f"{n}={_argument_text(v)}" for n, v in zip(names, args)]
    parts += [f"{k}={_argument_text(v)}" for k, v in kwargs.items()]
    return f"{dotted}({', '.join(parts)})"


def _argument_text(value):
    if isinstance(value, dict) and value and all(isinstance(k, str) for k in value) \
            and not all(isinstance(v, (int, float, str)) for v in value.values()):
        return "{" + ", ".join(f"{k}: {_argument_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, cases.PerStep):
        return f"{len(value)} values, one per step, the first {describe(value[0])}" if value else "[]"
    if isinstance(value, cases.ModuleRef):
        return f"your {value.name} module"
    if isinstance(value, Handle) or value is INSTANCE:
        return "the object"
    return describe_literal(value)  # a short literal such as input_dim=[3, 6, 10] as written


# -------------------------------------------------------------------- running

def run(test, call, executor, douts_for):
    """Run the case's calls on `executor`; return ({leaf: value}, douts).

    `douts_for(out)` gives the upstream gradient(s) for a backward test's
    forward output: the reference draws them, the student gets the same."""
    instance = None
    if test.construct:
        instance = executor.construct(test.construct, *call.init)
        for attribute, value in call.settings.items():
            executor.set(instance, attribute, value)
    args, kwargs = _with_instance(call.args, instance)
    arguments = [name for name in test.collect if name in call.positions]
    values, douts = {}, None
    for step in range(max(1, test.steps) if test.function else 0):  # none: the constructor only
        step_args, step_kwargs = _at_step(args, kwargs, step)
        value, douts = test.kind.call(test, executor, instance, step_args, step_kwargs, douts_for,
                                      read_back=[call.positions[name] for name in arguments])
        try:
            found = test.kind.leaves(value, test.returns, unpack)
        except Mismatch as mismatch:
            raise Mismatch(f"{mismatch} at step {step + 1}") if test.steps else mismatch from None
        found.update(zip(arguments, executor.read_back))
        found = {k: v for k, v in found.items() if k not in test.keep}
        values.update({f"{k} (step {step + 1})": v for k, v in found.items()} if test.steps else found)
        if test.feed:
            given = top_level(value, test.returns)
            for argument, returned in test.feed.items():
                _place(args, kwargs, call.positions[argument], given[returned])
    for attribute in test.collect:
        if attribute not in call.positions:
            values[attribute] = executor.get(instance, attribute)
    return values, douts


def step_of(name):
    """The step a compared value belongs to: 3 for "w1_new (step 3)", 0 without steps."""
    head, _, tail = name.rpartition(" (step ")
    return int(tail[:-1]) if head and tail[:-1].isdigit() else 0


def _at_step(args, kwargs, step):
    """The arguments of one step: a per-step input gives its value for that step."""
    pick = lambda v: v[step] if isinstance(v, cases.PerStep) else v  # noqa: E731
    return [pick(a) for a in args], {k: pick(v) for k, v in kwargs.items()}


def _place(args, kwargs, position, value):
    if isinstance(position, int):
        args[position] = value
    else:
        kwargs[position] = value


def _with_instance(bound, instance):
    args, kwargs = bound
    swap = lambda v: instance if v is INSTANCE else v  # noqa: E731
    return [swap(a) for a in args], {k: swap(v) for k, v in kwargs.items()}


def draw_douts(rng, out):
    """Upstream gradients shaped like a forward output (one per element of a tuple);
    a scalar output gets a Python float."""
    parts = out if isinstance(out, tuple) else (out,)
    douts = []
    for part in parts:
        shape = np.shape(part)
        douts.append(float(rng.standard_normal()) if shape == () else rng.standard_normal(shape))
    return tuple(douts)
