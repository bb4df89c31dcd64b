"""Grade one submission: run every case in the worker, compare, score.

The grader holds the inputs and references; the worker receives one call at
a time.  Whatever happens in the worker costs only the case in hand: the
worker is restarted for the next one.
"""
import os
import time
from dataclasses import dataclass, field

from . import cases, checks, plan, scan
from .worker import Worker, WorkerFailure, sandbox_warning
from .wire import Handle

SHOWN_OUTPUT = 1000  # characters of a student's prints shown per case


@dataclass
class CaseOutcome:
    passed: bool
    label: str                 # "case 2", or "case 2 (hidden inputs)"
    description: str           # what was called, in the test's words
    details: list              # sentences: what went wrong, then notes
    seconds: float = 0.0
    tables: list = field(default_factory=list)  # checks.ValueTable of a failed visible case

    @property
    def lines(self):
        head = f"{self.label}: failed. {self.description}" if not self.passed else f"{self.label}: passed."
        return [head] + ["  " + line for line in self.details]


@dataclass
class TestResult:
    number: str
    name: str
    weight: float
    visibility: str
    score: float
    output: str
    cases: list = field(default_factory=list)

    @property
    def passed(self):
        return self.score >= self.weight - 1e-9


@dataclass
class SubmissionResult:
    assignment: str
    tests: list
    seconds: float
    notes: list

    @property
    def score(self):
        return round(sum(t.score for t in self.tests), 4)

    @property
    def max_score(self):
        return sum(t.weight for t in self.tests)


class CaseFailed(Exception):
    """Ends a case early with the sentence(s) that explain why."""

    def __init__(self, *lines):
        super().__init__(lines[0])
        self.lines = list(lines)


def grade(code, submission_dir, expected_for):
    """Grade the submission folder; `expected_for(test, index, inputs)` gives references."""
    started = time.monotonic()
    session = Session(code, submission_dir, expected_for)
    try:
        # Hidden tests run last: by the time student code sees a hidden input,
        # every feedback a student can read has been written, so no later
        # output, return value or error can carry hidden data back to them.
        in_order = sorted(code.assignment.tests, key=lambda t: t.hidden)  # stable: visible first
        results = [session.run_test(t) for t in in_order if t.check != "inputs_untouched"]
        results += [session.untouched_result(t) for t in code.assignment.tests
                    if t.check == "inputs_untouched"]
    finally:
        session.worker.stop()
    if session.worker.network_blocked is False and os.geteuid() == 0:  # a grading server, not a laptop
        session.notes.append("warning: student code could reach the network (no seccomp filter "
                             "or network namespace on this platform)")
    order = {t.number: i for i, t in enumerate(code.assignment.tests)}
    results.sort(key=lambda r: order[r.number])
    return SubmissionResult(code.assignment.id, results, time.monotonic() - started, session.notes)


class Session:
    """The state of grading one submission: its worker and what it has seen."""

    def __init__(self, code, submission_dir, expected_for):
        self.code, self.assignment = code, code.assignment
        self.expected_for = expected_for
        self.worker = Worker(submission_dir, self.assignment.forbidden_imports,
                             preload=code.worker_sources)
        self.notes = list(filter(None, [sandbox_warning()]))
        self.unusable = scan.forbidden_imports(submission_dir, self.assignment.files,
                                               self.assignment.forbidden_imports)
        self.unusable.update(self._missing_files(submission_dir))
        self.completed, self.mutations = set(), {}

    # -------------------------------------------------------------- modules
    def _missing_files(self, folder):
        present = set(os.listdir(folder))
        lowered = {name.lower(): name for name in present}
        unusable = {}
        for name in self.assignment.files:
            if name in present:
                continue
            if name.lower() in lowered:
                unusable[name[:-3]] = (f"{name} is missing (found {lowered[name.lower()]}: "
                                       "file names are case-sensitive)")
            else:
                unusable[name[:-3]] = f"{name} is missing from the submission"
        return unusable

    def module_problem(self, module):
        """Why `module` cannot be used (missing or fails to import), or None."""
        if module not in self.unusable:
            try:
                answer = self.worker.request({"op": "import", "module": module},
                                             self.assignment.import_time_limit)
                if not answer.get("ok"):
                    self.unusable[module] = f"{module}.py could not be imported: " + \
                        "; ".join(error_lines(answer.get("error", {}), hidden=False))
                else:
                    self.unusable[module] = None
            except WorkerFailure as failure:
                self.unusable[module] = f"importing {module}.py {failure.detail}"
        return self.unusable[module]

    # ---------------------------------------------------------------- tests
    def run_test(self, test):
        outcomes = [self.run_case(test, i) for i in range(len(test.cases))]
        passed = sum(o.passed for o in outcomes)
        score = round(test.weight * passed / len(outcomes), 4)
        header = f"{passed} of {len(outcomes)} cases passed."
        lines = [header] + [line for o in outcomes for line in o.lines]
        return TestResult(test.number, test.name, test.weight, test.visibility, score,
                          "\n".join(lines), outcomes)

    def run_case(self, test, index):
        label = f"case {index + 1}" + (" (hidden inputs)" if test.hidden else "")
        started = time.monotonic()
        inputs = cases.make_inputs(self.assignment, test, index, self.code.inputs)
        expected = self.expected_for(test, index, inputs)
        call = plan.split(self.code, test, inputs, f"test {test.number!r}, case {index + 1}")
        description = self.describe_call(test, call)
        self.pending_notes, self.pending_tables, self.unstable = [], [], []
        try:
            received = self.received(test, call, expected)
            problems = self.unstable + self.compare(test, received, expected, inputs)
        except CaseFailed as failed:
            problems = failed.lines
        except Exception as error:  # a grader bug met an odd value: cost the case, not the run
            self.notes.append(f"test {test.number}, case {index + 1}: the grader failed: {error!r}")
            problems = ["your result could not be checked; compare its type and shape with the "
                        "docstring (the instructor has been told)"]
        finally:
            self.release()
        return CaseOutcome(not problems, label, description, problems + self.pending_notes,
                           time.monotonic() - started, self.pending_tables if problems else [])

    def received(self, test, call, expected):
        """Run the student's code for one case; return its named values."""
        for module in test.modules:
            problem = self.module_problem(module)
            if problem:
                raise CaseFailed(problem)
        try:
            values, _ = plan.run(test, call, WorkerExecutor(self, test), lambda out: expected["dout"])
        except plan.Mismatch as mismatch:
            raise CaseFailed(f"{plan.target_name(test, test.function)} should return "
                             f"{plan.shape_of(test.returns)}, {mismatch}") from None
        return values

    def describe_call(self, test, call):
        """What was called, in the words of the test (no data for hidden tests)."""
        steps = []
        if test.construct:
            steps.append(f"made {self._signature_text(test.construct, call.init, test.hidden)}")
            steps += [f"set .{attribute} = {{{', '.join(values)}}}"
                      for attribute, values in call.settings.items()]
        first = test.forward or test.function
        steps.append(("called " if steps else "Called ") +
                     self._signature_text(plan.target_name(test, first), call.args, test.hidden))
        if test.check == "backward":
            steps.append(f"then {plan.target_name(test, test.function)}"
                         + ("(dout)" if test.construct else "(dout, cache)"))
        if test.collect:
            steps.append(f"read .{', .'.join(test.collect)}")
        text = ", ".join(steps) + (" on hidden inputs." if test.hidden else ".")
        return text[0].upper() + text[1:]

    def _signature_text(self, dotted, bound, hidden):
        if hidden:
            return dotted
        args, kwargs = bound
        names = self.code.parameter_names(dotted)
        parts = [f"{n}={_argument_text(v)}" for n, v in zip(names, args)]
        parts += [f"{k}={_argument_text(v)}" for k, v in kwargs.items()]
        return f"{dotted}({', '.join(parts)})"

    def release(self):
        if self.worker.process is not None:
            try:
                self.worker.request({"op": "release"}, 5)
            except WorkerFailure:
                pass

    def request(self, test, dotted, message):
        """One request to the worker on behalf of `dotted`; failures become CaseFailed."""
        try:
            answer = self.worker.request(message, test.time_limit)
        except WorkerFailure as failure:
            hint = " (an infinite loop?)" if failure.kind == "timeout" else ""
            raise CaseFailed(f"{dotted} {failure.detail}{hint}") from None
        printed = str(answer.get("stdout", ""))
        if printed.strip() and not test.hidden:
            self.pending_notes.append(f"your code printed: {printed[:SHOWN_OUTPUT].rstrip()}"
                                      + (" [...]" if len(printed) > SHOWN_OUTPUT else ""))
        if answer.get("missing"):
            raise CaseFailed(f"{answer['missing'].replace(' has no ', ' has no function ')}")
        if not answer.get("ok"):
            raise CaseFailed(*error_lines(answer.get("error", {}), test.hidden))
        if message.get("op") == "call":
            self.completed.add(dotted)
            self.note_mutations(dotted, answer.get("mutated", []))
        warnings = [str(w) for w in answer.get("warnings", [])]
        if warnings and test.no_warnings:  # fails the case; its values are still compared
            self.unstable.append(f"{dotted} must be numerically stable but raised: {'; '.join(warnings)}")
        elif warnings:
            self.pending_notes.append(f"numerical warnings: {'; '.join(warnings)}")
        return answer.get("value")

    def note_mutations(self, dotted, paths):
        names = self.code.parameter_names(dotted)
        for path in paths if isinstance(paths, list) else []:
            self.mutations.setdefault(dotted, set()).add(_argument_name(str(path), names))

    def compare(self, test, received, expected, inputs):
        wanted = expected["values"]
        if test.compare:
            comparator = self.code.comparator(test.compare)
            try:
                return list(comparator(received=received, expected=wanted, inputs=inputs,
                                       solution=self.code.solution, hidden=test.hidden,
                                       **test.compare_options))
            except Exception as error:  # odd student values must not stop the run
                self.notes.append(f"test {test.number}: comparator {test.compare} failed: {error!r}")
                return [f"your result could not be evaluated ({type(error).__name__}); "
                        "check its type and shape against the docstring"]
        problems = []
        for name, value in wanted.items():
            comparison = checks.Comparison(name, test.hidden, test.tolerance, test.abs_tolerance)
            problems += comparison.run(received[name], value)
            self.pending_tables += comparison.tables
        cause = self.likely_cause(test, received, expected) if problems or self.unstable else None
        return problems + ([f"Likely cause: {cause}"] if cause else [])

    @staticmethod
    def likely_cause(test, received, expected):
        """The diagnosis of a known mistake whose output the student's equals, if any:
        never a guess, only an exact match (within the test's tolerance) of every value."""
        for diagnosis in expected.get("diagnoses") or []:
            wrong = diagnosis["values"]
            if set(expected["values"]) <= set(wrong) and not any(
                    checks.compare(name, received.get(name), wrong[name], True, test.tolerance,
                                   test.abs_tolerance)[0] for name in expected["values"]):
                return diagnosis["cause"]
        return None

    # ------------------------------------------------------ inputs untouched
    def untouched_result(self, test):
        trusted = {name[:-3] for name in self.assignment.worker_modules}  # the grader's own code
        graded = sorted({plan.target_name(t, name) for t in self.assignment.tests
                         for name in (t.function, t.forward)
                         if name and plan.target_name(t, name).split(".")[0] not in trusted})
        clean = [f for f in graded if f in self.completed and f not in self.mutations]
        lines = [f"{len(clean)} of {len(graded)} functions ran and left their inputs untouched."]
        for function in graded:
            if function in self.mutations:
                names = ", ".join(sorted(self.mutations[function]))
                lines.append(f"{function} modified its input {names} in place; "
                             "work on a copy (x = x.copy()) or build a new array")
            elif function not in self.completed:
                lines.append(f"{function} never ran to completion, so it could not be checked")
        score = round(test.weight * len(clean) / len(graded), 4) if graded else 0.0
        return TestResult(test.number, test.name, test.weight, test.visibility, score, "\n".join(lines))


class WorkerExecutor:
    """Runs a case's plan on the student's code, in the worker."""

    def __init__(self, session, test):
        self.session, self.test = session, test

    def construct(self, dotted, args, kwargs):
        handle = self._call(dotted, {"target": dotted, "keep": "all"}, args, kwargs)
        if not isinstance(handle, Handle):
            raise CaseFailed(f"{dotted}(...) did not make an object")
        return handle

    def set(self, handle, attribute, value):
        self.session.request(self.test, f"setting .{attribute}",
                             {"op": "setattr", "handle": handle.ident, "name": attribute, "value": value})

    def get(self, handle, attribute):
        return self.session.request(self.test, f"reading .{attribute}",
                                    {"op": "getattr", "handle": handle.ident, "name": attribute})

    def call(self, test, instance, name, args, kwargs, keep=()):
        dotted = plan.target_name(test, name)
        where = {"handle": instance.ident, "method": name} if instance is not None else {"target": dotted}
        return self._call(dotted, dict(where, keep=list(keep)), args, kwargs)

    def _call(self, dotted, fields, args, kwargs):
        message = dict(fields, op="call", args=list(args), kwargs=kwargs)
        return self.session.request(self.test, dotted, message)


def _argument_text(value):
    return "the object" if isinstance(value, Handle) or value is plan.INSTANCE else checks.describe(value)


def _argument_name(path, names):
    """'[0][2][1]' (positional argument 2, element 1) -> 'cache[1]'."""
    parts = path.strip("[").split("][", 2)
    if len(parts) >= 2 and parts[0] == "0" and parts[1].rstrip("]").isdigit():
        index = int(parts[1].rstrip("]"))
        name = names[index] if index < len(names) else f"argument {index + 1}"
        rest = path[len(f"[0][{index}]"):]
        return name + rest
    if len(parts) >= 2 and parts[0] == "1":
        return path[len("[1]"):].strip("[]'\"")
    return path


def error_lines(error, hidden):
    """An exception in student code: its type, message and the student's own frames."""
    if not isinstance(error, dict):
        return ["your code raised an error"]
    if error.get("not_implemented"):
        return ["not implemented yet (the function raises NotImplementedError)"]
    kind = str(error.get("type", "Exception"))
    message = "" if hidden else f": {error.get('message', '')}"
    if error.get("unsendable"):  # the call returned, but its value cannot cross to the grader
        return [f"returned a value the grader cannot take{message}"]
    lines = [f"raised {kind}{message}"]
    for frame in error.get("frames", [])[-5:]:
        if isinstance(frame, dict):
            code = f": {frame.get('code')}" if frame.get("code") else ""
            where = f", in {frame.get('function')}" if frame.get("function") else ""
            lines.append(f"  {frame.get('file')}, line {frame.get('line')}{where}{code}")
    return lines
