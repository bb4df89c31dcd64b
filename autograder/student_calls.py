"""The student's side of one case, seen from the grader: every call goes to
the worker as a request; its answer is turned into a value, or into the
sentences that end the case (CaseFailed), and leaves notes behind (printed
output, warnings, inputs modified in place) on the session.
"""
import re

from . import numerical_warnings
from .cases import ModuleRef
from .errors import CaseFailed
from .sandbox import Handle, WorkerFailure

SHOWN_OUTPUT = 1000  # characters of a student's prints shown per case


class WorkerExecutor:
    """Runs a case's plan on the student's code, in the worker."""

    def __init__(self, session, test):
        self.session, self.test = session, test
        self.read_back = []  # the arguments read back after the last call

    def construct(self, dotted, args, kwargs):
        handle = self._call(dotted, {"target": dotted, "keep": "all"}, args, kwargs)
        if not isinstance(handle, Handle):
            raise CaseFailed(f"{dotted}(...) did not make an object")
        return handle

    def set(self, handle, attribute, value):
        self.request(f"setting .{attribute}",
                             {"op": "setattr", "handle": handle.ident, "name": attribute, "value": value})

    def get(self, handle, attribute):
        return self.request(f"reading .{attribute}",
                                    {"op": "getattr", "handle": handle.ident, "name": attribute})

    def call(self, test, instance, name, args, kwargs, keep=(), read_back=()):
        dotted = test.target(name)
        where = {"handle": instance.ident, "method": name} if instance is not None else {"target": dotted}
        return self._call(dotted, dict(where, keep=list(keep), read_back=list(read_back)), args, kwargs)

    def _call(self, dotted, fields, args, kwargs):
        message = dict(fields, op="call", args=_modules_as_handles(list(args)),
                       kwargs=_modules_as_handles(kwargs))
        return self.request(dotted, message)

    def request(self, dotted, message):
        """One request to the worker on behalf of `dotted`; failures become CaseFailed.
        A call is also written down for the diagnoses (session.observation)."""
        seen = self.session.observation if message.get("op") == "call" else None
        if seen is not None:
            seen.calls.append(dotted)
        try:
            answer = self.session.worker.request(message, self.test.time_limit)
        except WorkerFailure as failure:
            if seen is not None:
                seen.failure = (dotted, "timeout" if failure.kind == "timeout" else "crash", "")
            raise CaseFailed(*failure_lines(dotted, failure, self.test.hidden)) from None
        printed = str(answer.get("stdout", ""))
        if printed.strip() and not self.test.hidden:
            self.session.pending_notes.append(f"your code printed: {printed[:SHOWN_OUTPUT].rstrip()}"
                                      + (" [...]" if len(printed) > SHOWN_OUTPUT else ""))
        if answer.get("missing"):
            raise CaseFailed(f"{answer['missing'].replace(' has no ', ' has no function ')}")
        if not answer.get("ok"):
            if seen is not None:
                seen.failure = (dotted,) + _exception(answer.get("error"))
            raise CaseFailed(*error_lines(answer.get("error", {}), self.test.hidden, dotted),
                             raised=_raised(answer.get("error")))
        if seen is not None:
            self.session.completed.add(dotted)
            self.note_mutations(dotted, answer.get("mutated", []))
            seen.returned.add(dotted)
            floating, _ = numerical_warnings.split(answer.get("warnings", []))
            seen.warned(dotted, [text for _, text in floating])
            self.read_back = answer.get("read_back") or []
        self.note_warnings(dotted, answer.get("warnings", []))
        return answer.get("value")

    def note_warnings(self, dotted, warnings):
        """Floating-point warnings fail a no_warnings test's case (its values are still
        compared); any other warning is only a note."""
        floating, other = numerical_warnings.split(warnings)
        hidden = self.test.hidden
        if floating and self.test.no_warnings:
            self.session.unstable.append(f"{dotted} must be numerically stable but raised: "
                                         + numerical_warnings.described(floating, hidden))
        elif floating:
            self.session.pending_notes.append("numerical warnings: "
                                              + numerical_warnings.described(floating, hidden))
        if other:
            why = (" (not counted: only overflow, divide by zero and invalid value count against "
                   "stability)") if self.test.no_warnings else ""
            self.session.pending_notes.append(f"your code raised warnings{why}: "
                                              + numerical_warnings.described(other, hidden))

    def note_mutations(self, dotted, paths):
        """Record the arguments the call changed in place, but those the test's
        contract says it updates (`updates`)."""
        names = self.session.code.parameter_names(dotted)
        for path in paths if isinstance(paths, list) else []:
            argument, rest = _argument_name(str(path), names)
            if argument not in self.test.updates:
                changed = f"len({argument}{rest[:-len('.__len__()')]})" if rest.endswith(".__len__()") \
                    else argument + rest  # a list grew or shrank; ".keys()": a dict's key set changed
                self.session.mutations.setdefault(dotted, set()).add(changed)


ARGUMENT_PATH = re.compile(r"^\[0\]\[(\d+)\](.*)$|^\[1\]\[(['\"])(.*?)\3\](.*)$")


def _argument_name(path, names):
    """(argument name, the rest of the path): '[0][2][1]' (positional argument 2,
    element 1) -> ('cache', '[1]'); "[1]['config']['v']" -> ('config', "['v']");
    '[0][0].params' -> ('net', '.params')."""
    match = ARGUMENT_PATH.match(path)
    if match and match.group(1) is not None:
        index = int(match.group(1))
        return (names[index] if index < len(names) else f"argument {index + 1}"), match.group(2)
    if match:
        return match.group(4), match.group(5)
    return path, ""


def _modules_as_handles(value):
    """{module: name} arguments travel as handles the worker resolves to the student's module."""
    if isinstance(value, ModuleRef):
        return Handle(f"module:{value.name}")
    if isinstance(value, list):
        return [_modules_as_handles(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_modules_as_handles(v) for v in value)
    if isinstance(value, dict):
        return {k: _modules_as_handles(v) for k, v in value.items()}
    return value


def _exception(error):
    """(type name, message) of an exception in student code, for the diagnoses."""
    if not isinstance(error, dict):
        return "Exception", ""
    if error.get("not_implemented"):
        return "NotImplementedError", ""
    return str(error.get("type", "Exception")), str(error.get("message", ""))


def _raised(error):
    """The names of a student's exception class and its bases (a raises test's
    evidence); () when nothing was raised as such (not implemented, unsendable)."""
    if not isinstance(error, dict) or error.get("not_implemented") or error.get("unsendable"):
        return ()
    kinds = error.get("kinds")
    return tuple(str(k) for k in kinds) if isinstance(kinds, list) else (str(error.get("type", "")),)


# The worker's folder as the grader made it, or as bubblewrap shows it (/worker).
WORKER_FOLDER = re.compile(r"(?:/[^\s\"']*autograder-worker-[^/\s\"']+|(?<![\w/])/worker)/(?:work|runtime)/")


def failure_lines(dotted, failure, hidden):
    """A call that cost the worker: what happened, then (visible tests only: it
    may hold hidden inputs) the last output of the process, with file names as
    the student knows them rather than the worker's temporary folder."""
    what, *output = failure.detail.splitlines()
    hint = " (an infinite loop?)" if failure.kind == "timeout" else ""
    lines = [f"{dotted} {what}{hint}"]
    if output and not hidden:
        lines += ["its last output:"] + ["  " + WORKER_FOLDER.sub("", line) for line in output]
    return lines


def error_lines(error, hidden, who="your code"):
    """An exception in student code: who raised it (a backward test calls two
    functions), its type, message and the student's own frames."""
    if not isinstance(error, dict):
        return [f"{who} raised an error"]
    if error.get("not_implemented"):
        return [f"{who} is not implemented yet (it raises NotImplementedError)"]
    kind = str(error.get("type", "Exception"))
    text = str(error.get("message", "") or "")
    message = f": {text}" if text and not hidden else ""
    if error.get("unsendable"):  # the call returned, but its value cannot cross to the grader
        return [f"{who} returned a value the grader cannot take{message}"]
    return [f"{who} raised {kind}{message}"] + _frame_lines(error)


def _frame_lines(error):
    lines = []
    for frame in error.get("frames", [])[-5:]:
        if isinstance(frame, dict):
            code = f": {frame.get('code')}" if frame.get("code") else ""
            where = f", in {frame.get('function')}" if frame.get("function") else ""
            lines.append(f"  {frame.get('file')}, line {frame.get('line')}{where}{code}")
    return lines


SYNTAX_ERRORS = ("SyntaxError", "IndentationError", "TabError")


def import_failure(module, error):
    """Why `module` could not be imported, as lines: what went wrong, then where
    (a syntax error's "(file, line N)" is said once, by the line below it)."""
    if not isinstance(error, dict):
        return [f"{module}.py could not be imported"]
    kind, text = str(error.get("type", "Exception")), str(error.get("message", "") or "")
    if kind in SYNTAX_ERRORS:
        text = re.sub(r" \([^()]*, line \d+\)$", "", text)
        head = f"{module}.py could not be imported: {kind}: {text}"
    else:
        head = f"{module}.py could not be imported: running it raised {kind}" + (f": {text}" if text else "")
    return [head] + _frame_lines(error)
