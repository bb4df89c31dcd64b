"""The student side of the trust boundary: runs in its own process.

Started by `autograder.sandbox.grader_side.Worker` as
`python -I worker_main.py IN OUT FORBIDDEN`
in a folder holding a copy of the submission, with `wire.py` and
`no_network.py` (a seccomp filter installed first) beside this
file.  It reads requests from fd IN, runs student code, and answers on fd
OUT.  It knows nothing secret: each request carries only the call in hand.
Objects that need not cross the boundary (caches, gate instances) stay here
in `objects` and travel as handles.
"""
import hashlib
import importlib
import io
import os
import sys
import traceback
import types
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import no_network  # noqa: E402  (copied next to this file by the grader, like wire)

NETWORK_BLOCKED = no_network.install()  # before anything else runs here

import wire  # noqa: E402

import numpy as np  # noqa: E402

SUBMISSION = os.getcwd()
os.environ.pop("PWD", None)  # set by bubblewrap's --chdir; the environment holds only the grader's list
OUTPUT_KEPT = 8000  # characters of printed output returned per call
objects = {}


class CappedText(io.TextIOBase):
    """Stands in for stdout/stderr: keeps the first characters, counts the rest."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.parts, self.kept, self.dropped = [], 0, 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = OUTPUT_KEPT - self.kept
        self.parts.append(text[:room])
        self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - room)
        return len(text)

    def take(self):
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n... [{self.dropped} more characters of output cut]"
        self.reset()
        return text


class ForbiddenImports:
    """A meta path finder that refuses the modules an assignment forbids."""

    def __init__(self, names):
        self.names = set(names)

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.names:
            raise ImportError(f"importing {name} is not allowed in this assignment "
                              f"(forbidden: {', '.join(sorted(self.names))})")
        return None


# ------------------------------------------------------------- student calls

def student_frames(error):
    """The traceback lines that point into the student's own files."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if not f.filename.startswith("<")
              and os.path.abspath(f.filename).startswith(SUBMISSION + os.sep)]
    if isinstance(error, SyntaxError) and error.filename:
        return [{"file": os.path.basename(error.filename), "line": error.lineno,
                 "function": "", "code": (error.text or "").strip()}]
    return [{"file": os.path.relpath(f.filename, SUBMISSION), "line": f.lineno,
             "function": f.name, "code": (f.line or "").strip()} for f in frames]


def describe_error(error):
    message = str(error)[:2000]
    if isinstance(error, SyntaxError) and "can't decode byte" in message:
        message += " (save the file with UTF-8 encoding)"
    return {"type": type(error).__name__, "message": message,
            "kinds": [cls.__name__ for cls in type(error).__mro__],
            "frames": student_frames(error)[-12:],
            "not_implemented": isinstance(error, NotImplementedError)}


MODULE_PREFIX = "module:"  # a handle naming a module of the submission, not a kept object


def resolve(value):
    """Replace handles in a decoded request by the objects they name (a
    "module:layers" handle names the submission's module layers)."""
    if isinstance(value, wire.Handle):
        if value.ident.startswith(MODULE_PREFIX):
            return importlib.import_module(value.ident[len(MODULE_PREFIX):])
        return objects[value.ident]
    if isinstance(value, list):
        return [resolve(v) for v in value]
    if isinstance(value, tuple):
        return tuple(resolve(v) for v in value)
    if isinstance(value, dict):
        return {k: resolve(v) for k, v in value.items()}
    return value


SCALARS = (bool, int, float, complex, str, bytes, type(None), np.generic)


def fingerprints(value, path="", seen=None):
    """What an in-place change would alter, keyed by where it sits: a digest of
    every array, the value of every number or string, the key set of every
    dict and the length of every list reachable from `value` (attributes of
    plain objects included)."""
    seen = set() if seen is None else seen
    found = {}
    if isinstance(value, SCALARS):
        found[path] = repr(value)
        return found
    if id(value) in seen:
        return found
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        data = np.ascontiguousarray(value)
        found[path] = hashlib.blake2b(data.view(np.uint8).reshape(-1), digest_size=16).hexdigest() \
            if data.dtype != object else repr(value)
    elif isinstance(value, (list, tuple)):
        if isinstance(value, list):
            found[f"{path}.__len__()"] = str(len(value))
        for i, item in enumerate(value):
            found.update(fingerprints(item, f"{path}[{i}]", seen))
    elif isinstance(value, dict):
        found[f"{path}.keys()"] = repr(sorted(map(repr, value)))
        for key, item in value.items():
            found.update(fingerprints(item, f"{path}[{key!r}]", seen))
    elif _plain_object(value):  # an object passed as an argument (a net): its attributes count
        for name, item in sorted(vars(value).items()):
            found.update(fingerprints(item, f"{path}.{name}", seen))
    return found


def argument_fingerprints(args, kwargs):
    """fingerprints of each argument, at "[0][i]" (positional) and "[1]['name']" (keyword)."""
    seen, found = set(), {}
    for index, value in enumerate(args):
        found.update(fingerprints(value, f"[0][{index}]", seen))
    for name, value in kwargs.items():
        found.update(fingerprints(value, f"[1][{name!r}]", seen))
    return found


def _plain_object(value):
    """An instance of a user class, whose attributes an in-place change would alter."""
    return hasattr(value, "__dict__") and not isinstance(
        value, (type, types.ModuleType, types.FunctionType, types.MethodType, types.BuiltinFunctionType))


def target_of(request):
    if "handle" in request:
        return getattr(objects[request["handle"]], request["method"])
    module_name, _, attribute = request["target"].rpartition(".")
    module = importlib.import_module(module_name)
    if not hasattr(module, attribute):
        raise LookupError(f"{module_name}.py has no {attribute}")
    return getattr(module, attribute)


def keep_as_handle(obj):
    ident = f"h{len(objects)}-{id(obj)}"
    objects[ident] = obj
    return wire.Handle(ident)


def shaped_result(result, keep):
    """Move the outputs the grader asked to keep (by tuple index) into handles."""
    if keep == "all":
        return keep_as_handle(result)
    if keep and isinstance(result, tuple):
        return tuple(keep_as_handle(v) if i in keep else v for i, v in enumerate(result))
    return result


def objects_as_handles(value):
    """`value` with every object that is not plain data kept here as a handle
    (a Python test's proxy turns the handle into an object it can call)."""
    if value is None or type(value) in (bool, int, float, str) or isinstance(value, (np.ndarray, np.generic)):
        return value
    if type(value) is list:
        return [objects_as_handles(v) for v in value]
    if type(value) is tuple:
        return tuple(objects_as_handles(v) for v in value)
    if type(value) is dict and all(type(k) is str for k in value):
        return {k: objects_as_handles(v) for k, v in value.items()}
    return keep_as_handle(value)


def shaped(result, keep):
    return objects_as_handles(result) if keep == "objects" else shaped_result(result, keep)


def call(request):
    args = resolve(request.get("args", []))
    kwargs = resolve(request.get("kwargs", {}))
    try:
        function = target_of(request)
    except LookupError as missing:
        return {"ok": False, "missing": str(missing)}
    before = argument_fingerprints(args, kwargs)
    # Underflow is no error: exp(-1e4) == 0 is what a stable function computes.
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        result = function(*args, **kwargs)
    after = argument_fingerprints(args, kwargs)
    mutated = sorted(k for k in before if after.get(k) != before[k])
    # Arguments read back after the call (by position or keyword): what the call left in them.
    read_back = [args[i] if isinstance(i, int) else kwargs[i] for i in request.get("read_back", [])]
    return {"ok": True, "value": shaped(result, request.get("keep")), "read_back": read_back,
            "mutated": mutated, "warnings": warning_records(caught)}


def warning_records(caught):
    """The distinct warnings of a call as plain data (the grader decides which count)."""
    distinct = sorted({(w.category.__name__, str(w.message)[:500]) for w in caught})
    return [{"category": category, "message": message} for category, message in distinct[:10]]


def handle(request):
    op = request.get("op")
    if op == "import":
        importlib.import_module(request["module"])
        return {"ok": True}
    if op == "call":
        return call(request)
    if op == "load":  # trusted code of the assignment (a trainer), before any student module
        module = types.ModuleType(request["name"])
        exec(compile(request["source"], f"<grader's {request['name']}.py>", "exec"), module.__dict__)
        sys.modules[request["name"]] = module
        return {"ok": True}
    if op == "setattr":
        setattr(objects[request["handle"]], request["name"], resolve(request["value"]))
        return {"ok": True}
    if op == "attribute":  # a Python test reads obj.name: a method stays here, data crosses
        value = getattr(objects[request["handle"]], request["name"])
        if callable(value):
            return {"ok": True, "callable": True}
        return {"ok": True, "value": objects_as_handles(value)}
    if op == "getattr":
        return {"ok": True, "value": getattr(objects[request["handle"]], request["name"])}
    if op == "release":
        objects.clear()
        return {"ok": True}
    return {"ok": False, "error": {"type": "ProtocolError", "message": f"unknown op {op!r}",
                                   "frames": [], "not_implemented": False}}


def serve(requests_fd, answers_fd, captured):
    while True:
        try:
            request = wire.receive(requests_fd)
        except EOFError:
            return
        try:
            answer = handle(request)
        except BaseException as error:  # SystemExit and KeyboardInterrupt too
            answer = {"ok": False, "error": describe_error(error)}
        answer["stdout"] = captured.take()
        try:
            wire.send(answers_fd, answer)
        except Exception as error:  # an answer that cannot be encoded
            wire.send(answers_fd, {"ok": False, "error": {**describe_error(error), "unsendable": True},
                                   "stdout": ""})


def main():
    requests_fd, answers_fd = int(sys.argv[1]), int(sys.argv[2])
    forbidden = sys.argv[3].split(",") if len(sys.argv) > 3 and sys.argv[3] else []
    sys.path.insert(0, SUBMISSION)
    sys.meta_path.insert(0, ForbiddenImports(forbidden))
    captured = CappedText()
    sys.stdout = sys.stderr = captured
    sys.argv = ["submission"]
    wire.send(answers_fd, {"ok": True, "network_blocked": NETWORK_BLOCKED})
    serve(requests_fd, answers_fd, captured)


if __name__ == "__main__":
    main()
