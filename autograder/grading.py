"""Grade one submission: run every case in the worker, compare, score.

The grader holds the inputs and references; the worker receives one call at
a time.  Whatever happens in the worker costs only the case in hand: the
worker is restarted for the next one.
"""
import os
import time
from dataclasses import dataclass, field

from . import cases, comparison, diagnoses, plan, python_runner, scan
from .predictions import nonfinite_patterns
from .errors import CaseFailed
from .sandbox import Worker, WorkerFailure, sandbox_warning
from .student_calls import WorkerExecutor, failure_lines, import_failure


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
    causes: list = field(default_factory=list)   # likely causes (diagnoses.py), in words
    header: object = None      # None: "n of m cases passed." heads the feedback; "": nothing does

    @property
    def passed(self):
        return self.score >= self.weight - 1e-9

    def add_causes(self, sentences):
        """Name the likely causes of this test's failures (each once)."""
        for sentence in sentences:
            if sentence not in self.causes:
                self.causes.append(sentence)
                self.output += f"\n{diagnoses.CAUSE}{sentence}"


@dataclass
class SubmissionResult:
    assignment: str
    tests: list
    seconds: float
    notes: list
    leaderboard: list = field(default_factory=list)  # Gradescope entries from @leaderboard tests

    @property
    def score(self):
        return round(sum(t.score for t in self.tests), 4)

    @property
    def max_score(self):
        return sum(t.weight for t in self.tests)


def grade(code, submission_dir, expected_for):
    """Grade the submission folder; `expected_for(test, index, inputs)` gives references."""
    started = time.monotonic()
    session = Session(code, submission_dir, expected_for)
    try:
        # Hidden tests run last: by the time student code sees a hidden input,
        # every feedback a student can read has been written, so no later
        # output, return value or error can carry hidden data back to them.
        # Likely causes are judged twice: on the visible cases alone for the
        # visible tests (their feedback depends on nothing hidden), then on
        # every case for the hidden tests.
        results = []
        for hidden in (False, True):
            ran = [session.run_test(t) for t in code.assignment.tests if t.kind.calls and t.hidden == hidden]
            session.name_causes(ran)
            results += ran
        results += [session.summary_result(t) for t in code.assignment.tests if not t.kind.calls]
    finally:
        session.worker.stop()
    if session.worker.network_blocked is False and os.geteuid() == 0:  # a grading server, not a laptop
        session.notes.append("warning: student code could reach the network (no seccomp filter "
                             "or network namespace on this platform)")
    order = {t.number: i for i, t in enumerate(code.assignment.tests)}
    results.sort(key=lambda r: order[r.number])
    return SubmissionResult(code.assignment.id, results, time.monotonic() - started, session.notes,
                            session.leaderboard)


class Session:
    """The state of grading one submission: its worker and what it has seen."""

    def __init__(self, code, submission_dir, expected_for):
        self.code, self.assignment = code, code.assignment
        self.expected_for = expected_for
        self.worker = Worker(submission_dir, self.assignment.forbidden_imports,
                             preload=code.worker_sources)
        # Which folder was graded (submission.prepared's notes) comes first.
        self.notes = list(getattr(submission_dir, "notes", [])) + \
            list(filter(None, [sandbox_warning()]))
        self.unusable = scan.forbidden_imports(submission_dir, self.assignment.files,
                                               self.assignment.forbidden_imports)
        self.unusable.update(self._missing_files(submission_dir))
        self.completed, self.mutations = set(), {}
        self.seen = []             # diagnoses.SeenCase of every case run, for the likely causes
        self.observation = diagnoses.Observation()
        self.python_modules, self.leaderboard = {}, []  # this session's copy of tests_*.py; entries

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
                if not answer.get("ok"):  # one line, then where: joined by newlines
                    self.unusable[module] = "\n".join(import_failure(module, answer.get("error")))
                else:
                    self.unusable[module] = None
            except WorkerFailure as failure:
                self.unusable[module] = "\n".join(failure_lines(f"importing {module}.py", failure,
                                                                hidden=False))
        return self.unusable[module]

    # ---------------------------------------------------------------- tests
    def run_test(self, test):
        if test.python:
            return self.run_python(test)
        outcomes = [self.run_case(test, i) for i in range(len(test.cases))]
        passed = sum(o.passed for o in outcomes)
        score = round(test.weight * passed / len(outcomes), 4)
        header = f"{passed} of {len(outcomes)} cases passed."
        lines = [header] + [line for o in outcomes for line in o.lines]
        return TestResult(test.number, test.name, test.weight, test.visibility, score,
                          "\n".join(lines), outcomes)

    def name_causes(self, results):
        """Add the likely causes, judged on every case run so far, to `results`."""
        try:
            causes = diagnoses.causes(self.seen)
        except Exception as error:  # an odd value must cost the student nothing, not even a cause
            self.notes.append(f"the likely causes could not be judged: {error!r}")
            causes = {}
        for result in results:
            result.add_causes(causes.get(result.number, []))

    def run_python(self, test):
        """A Python test (tests_*.py), run in this process against the worker."""
        ran = python_runner.run(self, test)
        self.leaderboard += ran.leaderboard
        label = "the test" + (" (hidden inputs)" if test.hidden else "")
        outcome = CaseOutcome(ran.passed, label, ran.description, ran.details, ran.seconds,
                              ran.tables if not ran.passed else [])
        return TestResult(test.number, test.name, test.weight, test.visibility, round(ran.score, 4),
                          "\n".join(outcome.lines), [outcome], header="")

    def run_case(self, test, index):
        label = f"case {index + 1}" + (" (hidden inputs)" if test.hidden else "")
        started = time.monotonic()
        inputs = cases.make_inputs(self.assignment, test, index, self.code.inputs)
        expected = self.expected_for(test, index, inputs)
        call = plan.split(self.code, test, inputs, f"test {test.number!r}, case {index + 1}")
        description = plan.describe_call(self.code, test, call, cases.about(test.cases[index]))
        self.pending_notes, self.pending_tables, self.unstable = [], [], []
        self.observation, received = diagnoses.Observation(), None
        try:
            received = self.received(test, call, expected)
            problems = self.unstable + self.compare(test, received, expected, inputs)
            self.observation.nonfinite = nonfinite_patterns(received, expected["values"])
        except CaseFailed as failed:
            problems = failed.lines
        except Exception as error:  # a grader bug met an odd value: cost the case, not the run
            self.notes.append(f"test {test.number}, case {index + 1}: the grader failed: {error!r}")
            problems = ["your result could not be checked; compare its type and shape with the "
                        "docstring (the instructor has been told)"]
        finally:
            self.release()
        self.seen.append(diagnoses.SeenCase(test, expected.get("predictions", []), self.observation,
                                            not problems, received))
        return CaseOutcome(not problems, label, description, problems + self.pending_notes,
                           time.monotonic() - started, self.pending_tables if problems else [])

    def received(self, test, call, expected):
        """Run the student's code for one case; return its named values."""
        for module in sorted(set(test.modules) | plan.modules_named(call)):
            problem = self.module_problem(module)
            if problem:
                raise CaseFailed(*problem.splitlines())
        try:
            values, _ = plan.run(test, call, WorkerExecutor(self, test), lambda out: expected["dout"])
        except plan.Mismatch as mismatch:  # what it returned may hold hidden data: not said there
            got = "but returned something else" if test.hidden else str(mismatch)
            raise CaseFailed(f"{test.target(test.function)} should return "
                             f"{plan.shape_of(test.returns)}, {got}") from None
        return values

    def release(self):
        if self.worker.process is not None:
            try:
                self.worker.request({"op": "release"}, 5)
            except WorkerFailure:
                pass

    def summary_result(self, test):
        """A test of a summarising kind (inputs_untouched), from what the others saw."""
        fraction, lines = test.kind.summary(self.assignment, self.completed, self.mutations)
        result = TestResult(test.number, test.name, test.weight, test.visibility,
                            round(test.weight * fraction, 4), "\n".join(lines))
        if not result.passed:
            result.add_causes(diagnoses.in_place_causes(self.seen, self.mutations))
        return result

    def compare(self, test, received, expected, inputs):
        wanted = expected["values"]
        if test.compare:
            comparator = self.code.comparator(test.compare)
            try:
                with python_runner.GRADER_CODE:  # one thread at a time (see student_proxy.py)
                    return list(comparator(received=received, expected=wanted, inputs=inputs,
                                           solution=self.code.solution, hidden=test.hidden,
                                           **test.compare_options))
            except Exception as error:  # odd student values must not stop the run
                self.notes.append(f"test {test.number}: comparator {test.compare} failed: {error!r}")
                return [f"your result could not be evaluated ({type(error).__name__}); "
                        "check its type and shape against the docstring"]
        judged = test.kind.judge(test, received, wanted)
        if judged is not None:
            return judged
        problems, first_wrong_step = [], None
        for name, value in wanted.items():
            if first_wrong_step is not None and plan.step_of(name) > first_wrong_step:
                continue  # later steps build on a wrong one: they would all differ
            verdict = comparison.Comparison(name, test.hidden, test.tolerance, test.abs_tolerance)
            problems += verdict.run(received[name], value)
            self.pending_tables += verdict.tables
            if problems and test.steps and first_wrong_step is None:
                first_wrong_step = plan.step_of(name)
        if first_wrong_step is not None and first_wrong_step < test.steps:
            problems.append(f"steps {first_wrong_step + 1} to {test.steps} were not compared: "
                            f"each builds on step {first_wrong_step}")
        return problems
