"""What a Python test holds as `self.student`: stand-ins for the student's
modules, functions and objects, each call sent to the sandboxed worker.

`student.layers.conv_forward(x, w, b, p)` becomes one request to the worker
(the same Session and Worker as YAML tests, with the test's time limit per
call); the answer comes back through the data-only wire.  An object the
student's code returns stays in the worker and is held here as a
`StudentObject`, whose methods and attributes are again requests.  Only data,
the student's own objects and modules travel as arguments: a grader object
cannot reach the student's process, where nothing of the grader exists.
"""
import contextlib
import threading

import numpy as np

from . import numerical_warnings
from .comparison import describe
from .errors import StudentError
from .sandbox import Handle, WorkerFailure
from .student_calls import SHOWN_OUTPUT, error_lines

SHOWN_CALLS = 6  # calls listed in a visible test's feedback
# Grader-side code of Python tests and comparators runs one thread at a time in
# a batch, so their NumPy work never overlaps (with multi-threaded BLAS, a
# reference forward pass computed while another thread did the same gave a
# wrong accuracy; see also autograder/__init__.py).  A call to student code
# lets go of it while the worker computes, so submissions still overlap where
# the time goes.
GRADER_CODE = threading.RLock()


@contextlib.contextmanager
def released(lock):
    """Let go of `lock` (held by this thread, maybe re-entrantly) for the block."""
    depth = 0
    while True:
        try:
            lock.release()
        except RuntimeError:  # not (or no longer) held by this thread
            break
        depth += 1
    try:
        yield
    finally:
        for _ in range(depth):
            lock.acquire()


class Channel:
    """One Python test's line to the worker: sends requests, turns failures
    into StudentError, keeps what the feedback says (the calls made, printed
    output, warnings)."""

    def __init__(self, session, test):
        self.session, self.test = session, test
        self.calls, self.notes = [], []
        self.printed = 0
        self.generation = 0  # counts worker restarts: objects of an earlier worker are gone

    # ------------------------------------------------------------- requests
    def request(self, label, message):
        try:
            with released(GRADER_CODE):  # other submissions' test code may run meanwhile
                answer = self.session.worker.request(message, self.test.time_limit)
        except WorkerFailure as failure:
            self.generation += 1
            hint = " (an infinite loop?)" if failure.kind == "timeout" else ""
            raise StudentError([f"{label} {failure.detail}{hint}"]) from None
        self._keep_output(answer)
        if answer.get("missing"):
            raise StudentError([answer["missing"].replace(" has no ", " has no function ")],
                               "AttributeError")
        if not answer.get("ok"):
            error = answer.get("error") if isinstance(answer.get("error"), dict) else {}
            raise StudentError(error_lines(error, self.test.hidden), str(error.get("type", "")))
        return answer

    def _keep_output(self, answer):
        """Printed output and numerical warnings, for a visible test's feedback."""
        if self.test.hidden:
            return
        printed = str(answer.get("stdout", ""))
        if printed.strip() and self.printed < SHOWN_OUTPUT:
            room = SHOWN_OUTPUT - self.printed
            self.notes.append(f"your code printed: {printed[:room].rstrip()}"
                              + (" [...]" if len(printed) > room else ""))
            self.printed += len(printed)
        floating, other = numerical_warnings.split(answer.get("warnings", []))
        if floating or other:
            self.notes.append(f"warnings: {numerical_warnings.described(floating + other, False)}")

    def module_ready(self, module):
        problem = self.session.module_problem(module)
        if problem:
            raise StudentError([problem])

    def call(self, label, where, args, kwargs):
        """Call student code; returns its value with objects as StudentObjects."""
        message = dict(where, op="call", keep="objects", args=[self.outgoing(a) for a in args],
                       kwargs={str(k): self.outgoing(v) for k, v in kwargs.items()})
        self.calls.append((label, self._arguments_text(label, args, kwargs)))
        answer = self.request(label, message)
        return self.incoming(answer.get("value"), label)

    # --------------------------------------------------------------- values
    def outgoing(self, value):
        """A test's argument as wire data; anything else is refused here."""
        if isinstance(value, StudentObject):
            return value._handle_for(self)
        if isinstance(value, StudentModule):
            return Handle(f"module:{value._name}")
        if value is None or type(value) in (bool, int, float, str):
            return value
        if isinstance(value, np.ndarray) and not value.dtype.hasobject:
            return np.ndarray.view(value, np.ndarray)
        if isinstance(value, np.generic) and not isinstance(value, np.object_):
            return value
        if type(value) in (list, tuple):
            return type(value)(self.outgoing(v) for v in value)
        if type(value) is dict and all(type(k) is str for k in value):
            return {k: self.outgoing(v) for k, v in value.items()}
        raise TypeError(f"a Python test can pass student code only data (numbers, strings, "
                        f"arrays, lists, tuples, dicts with string keys), the student's objects "
                        f"and modules; got a {type(value).__module__}.{type(value).__qualname__}")

    def incoming(self, value, label):
        if isinstance(value, Handle):
            origin = label if label.rpartition(".")[2][:1].isupper() else f"the object from {label}"
            return StudentObject(self, value, origin)
        if type(value) is list:
            return [self.incoming(v, label) for v in value]
        if type(value) is tuple:
            return tuple(self.incoming(v, label) for v in value)
        if type(value) is dict:
            return {k: self.incoming(v, label) for k, v in value.items()}
        return value

    # -------------------------------------------------------------- in words
    def _arguments_text(self, label, args, kwargs):
        try:
            names = self.session.code.parameter_names(label)
        except Exception:  # a method of an object of unknown class: no names
            names = []
        parts = [f"{n}={_text(v)}" if n else _text(v)
                 for n, v in zip(names + [""] * len(args), args)]
        return ", ".join(parts + [f"{k}={_text(v)}" for k, v in kwargs.items()])

    def described(self):
        """What the test called, in words (only the names for a hidden test)."""
        if not self.calls:
            return "Called none of your code" + (" (hidden test)." if self.test.hidden else ".")
        if self.test.hidden:
            names = list(dict.fromkeys(label for label, _ in self.calls))
            return f"Called {', '.join(names)} on hidden inputs."
        shown = [f"{label}({arguments})" for label, arguments in self.calls[:SHOWN_CALLS]]
        more = len(self.calls) - SHOWN_CALLS
        return "Called " + ", ".join(shown) + (f" and {more} more calls." if more > 0 else ".")


def _text(value):
    if isinstance(value, StudentObject):
        return "your object"
    if isinstance(value, StudentModule):
        return f"your {value._name} module"
    return describe(value)


class Student:
    """`student.<module>`: a submitted module, or a worker module, in the worker."""

    def __init__(self, channel, modules):
        self._channel, self._modules = channel, tuple(modules)

    def __getattr__(self, module):
        if module.startswith("__"):
            raise AttributeError(module)
        if module not in self._modules:
            raise AttributeError(f"{module} is not a submitted file or a worker module of this "
                                 f"assignment ({', '.join(m + '.py' for m in self._modules)})")
        return StudentModule(self._channel, module)


class StudentModule:
    """One of the student's modules: its functions and classes are called in the worker."""

    def __init__(self, channel, name):
        self._channel, self._name = channel, name

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return StudentFunction(self._channel, self._name, name)

    def __repr__(self):
        return f"<the student's module {self._name}>"


class StudentFunction:
    def __init__(self, channel, module, name):
        self._channel, self._module, self._dotted = channel, module, f"{module}.{name}"

    def __call__(self, *args, **kwargs):
        self._channel.module_ready(self._module)
        return self._channel.call(self._dotted, {"target": self._dotted}, args, kwargs)

    def __repr__(self):
        return f"<the student's {self._dotted}>"


class StudentObject:
    """An object living in the worker (a gate, a net): `obj.method(...)` calls it
    there; `obj.name` reads a data attribute (a method stays there); `obj.name =
    value` sets one."""

    def __init__(self, channel, handle, origin):
        object.__setattr__(self, "_state", (channel, handle, origin, channel.generation))

    def _handle_for(self, channel):
        owner, handle, origin, generation = self._state
        if owner is not channel or generation != channel.generation:
            raise StudentError([f"{origin}: this object was lost when your code's process restarted "
                                "after an earlier failure"])
        return handle

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        channel, handle, origin, _ = self._state
        label = f"{origin}.{name}"
        answer = channel.request(label, {"op": "attribute", "handle": self._handle_for(channel).ident,
                                         "name": name})
        if answer.get("callable"):
            return StudentMethod(self, name, label)
        return channel.incoming(answer.get("value"), label)

    def __setattr__(self, name, value):
        channel, handle, origin, _ = self._state
        channel.request(f"setting {origin}.{name}", {"op": "setattr", "name": name,
                                                     "handle": self._handle_for(channel).ident,
                                                     "value": channel.outgoing(value)})

    def __repr__(self):
        return f"<the student's object: {self._state[2]}>"


class StudentMethod:
    def __init__(self, owner, name, label):
        self._owner, self._name, self._label = owner, name, label

    def __call__(self, *args, **kwargs):
        channel = self._owner._state[0]
        where = {"handle": self._owner._handle_for(channel).ident, "method": self._name}
        return channel.call(self._label, where, args, kwargs)
