"""The student's checker behind the handout's `check.py`: the visible tests of
one assignment on the files in the handout folder, by name, with a saved case
to replay and a watch mode.  Needs numpy only: the expected values were
frozen when the handout was built, and the student's code runs in the
sandboxed worker, as on Gradescope (so it is always the code on disk, even
when called from a notebook that imported an older version).
"""
import argparse
import dataclasses
import os
import signal
import sys
import time

from . import config, grading, store, student_output
from .loading import AssignmentCode
from .saved_case import SaveError, save_case
from .submission import SubmissionError, prepared
from .test_selection import Catalog, UnknownName
from .sandbox import sandbox_warning

ON_GRADESCOPE_ONLY = ("Hidden tests, outcome checks (training, initial parameters) and the "
                      "inputs-untouched check run on Gradescope only.")
WATCH_SECONDS = 0.5

HELP = """\
Run the visible tests of this assignment on your files in this folder.

  python check.py                  every visible test
  python check.py NAME [NAME ...]  only the tests NAME selects; a NAME is
      a test number          3.2
      a file                 layers.py (or layers)
      a class                MaxGate: every test of that class
      a function or method   conv_forward, layers.conv_forward, MaxGate.backward:
                             the tests of that function.  A backward test calls
                             its forward first, but naming the forward does not
                             select it (conv_forward runs conv_forward's tests,
                             conv_backward runs conv_backward's), unless the
                             forward has no test of its own (then its backward's
                             tests run).  An unknown NAME lists the known ones.
  python check.py 3.2 --case 1 --save DIR
      writes test 3.2's case 1 to DIR/3.2-1.npz (its inputs, the upstream
      gradient dout of a backward test, and the expected outputs as
      expected_<name>; np.load(path, allow_pickle=False) reads it) and prints
      the lines of Python that load it and call your code, to replay the case
      in Python, a debugger or the notebook.  NAME must select one test.
  python check.py NAME --watch
      runs the selected tests again whenever you save one of your files
      (Ctrl-C stops).

Prints one line per test, then the first failing case in full and how many
others failed, then a summary line.  Colour on a terminal; set NO_COLOR=1 to
turn it off.  Exit status: 0 when every selected visible test passes, 1 when
one fails, 2 for a usage error.  Only visible tests run here: hidden tests,
outcome checks (training, initial parameters) and the check that no function
modifies its inputs run on
Gradescope only.  In a notebook: `from check import run_checks;
run_checks("conv_forward")` prints the same report; its result is true when all
selected tests pass.
"""


class UsageError(Exception):
    """A mistake on the command line: one line, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{message} (python check.py --help)")


@dataclasses.dataclass
class Checker:
    """The handout's assignment (visible tests only), its frozen references and
    the student's folder."""
    assignment: object
    code: AssignmentCode
    expected_for: object
    folder: str

    @classmethod
    def open(cls, assignment_id, folder):
        assignment = config.load(assignment_id)
        visible = tuple(t for t in assignment.tests
                        if not t.hidden and t.check != "inputs_untouched" and not t.compare)
        code = AssignmentCode(dataclasses.replace(assignment, tests=visible))
        return cls(code.assignment, code, store.reference_lookup(code, frozen=True), folder)

    def catalog(self):
        return Catalog(self.assignment.tests, self.assignment.files)

    def run(self, tests):
        """Grade the selected tests of the files on disk now."""
        code = self.code
        code.assignment = dataclasses.replace(self.assignment, tests=tuple(tests))
        try:
            with prepared(self.folder, self.assignment.files) as submission:
                return grading.grade(code, submission, self.expected_for)
        finally:
            code.assignment = self.assignment

    def report(self, tests, colour, rerun=lambda number: f"python check.py {number}"):
        """Run `tests`, print the short report; the Outcome is true when every one passed."""
        try:
            result = self.run(tests)
        except SubmissionError as error:  # e.g. no expected file: one line, not one per test
            print(f"error: {error}", flush=True)
            return Outcome(0, len(tests))
        # A note for graders (student code runs as root), not for a student on their own machine.
        result.notes = [note for note in result.notes if note != sandbox_warning()]
        title = f"{self.assignment.id}: {self.assignment.title} ({len(tests)} visible " \
                f"test{'s' if len(tests) != 1 else ''})"
        print(student_output.report(result, title, ON_GRADESCOPE_ONLY, colour, rerun), flush=True)
        return Outcome(sum(t.passed for t in result.tests), len(result.tests))


class Outcome:
    """What a run returns: true when every selected test passed.  A notebook shows
    nothing for it (the report is printed already)."""

    def __init__(self, passed, total):
        self.passed, self.total = passed, total

    def __bool__(self):
        return self.passed == self.total

    def __repr__(self):
        return f"<{self.passed} of {self.total} visible tests passed>"

    def _ipython_display_(self):
        pass


def handout_assignment(handout):
    """The id of the one assignment a handout's .checker/ holds."""
    folder = os.path.join(handout, ".checker", "assignments")
    ids = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
    if len(ids) != 1:
        raise UsageError(f"{folder} should hold one assignment, found {ids or 'none'}: "
                         "unzip the handout again")
    return ids[0]


def run_checks(handout, names, colour=None):
    """For notebooks: run the tests `names` select (all when none), print the
    short report, return an Outcome (true when all of them pass)."""
    checker = Checker.open(handout_assignment(handout), handout)
    tests = checker.catalog().select(names) if names else list(checker.assignment.tests)
    return checker.report(tests, student_output.wants_colour() if colour is None else colour,
                          rerun=lambda number: f'run_checks("{number}")')


def parse(argv):
    parser = OneLineParser(prog="python check.py", add_help=False, usage=argparse.SUPPRESS)
    parser.add_argument("names", nargs="*")
    parser.add_argument("-h", "--help", action="store_true")
    parser.add_argument("--case", type=int)
    parser.add_argument("--save", metavar="DIR")
    parser.add_argument("--watch", action="store_true")
    arguments = parser.parse_args(argv)
    if arguments.save and arguments.watch:
        raise UsageError("--save and --watch do not go together (python check.py --help)")
    if arguments.case is not None and not arguments.save:
        raise UsageError("--case goes with --save DIR (python check.py --help)")
    return arguments


def main(handout, argv):
    """`python check.py ...`: the exit status (0 all passed, 1 a failure, 2 usage)."""
    try:
        arguments = parse(argv)
        if arguments.help:
            print(HELP, end="")
            return 0
        checker = Checker.open(handout_assignment(handout), handout)
        catalog = checker.catalog()
        tests = catalog.select(arguments.names) if arguments.names else list(checker.assignment.tests)
        if arguments.save:
            return save(checker, tests, arguments)
        colour = student_output.wants_colour()
        if arguments.watch:
            return watch(checker, tests, colour)
        return 0 if checker.report(tests, colour) else 1
    except (UsageError, UnknownName, SaveError, config.ConfigError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def save(checker, tests, arguments):
    if len(tests) != 1:
        numbers = ", ".join(t.number for t in tests)
        raise UsageError(f"--save needs one test; {' '.join(arguments.names) or 'no name'} selects "
                         f"{numbers}: name one by its number")
    test = tests[0]
    case = arguments.case or 1
    path, stored, snippet = save_case(checker.code, test, case - 1, checker.expected_for,
                                      arguments.save)
    print(f"Saved test {test.number} ({test.name}), case {case} of {len(test.cases)}, to {path}: "
          f"{', '.join(stored)}.")
    print("Replay it from this folder (python, a debugger or the notebook):\n")
    print(snippet)
    return 0


def _stamps(folder, files):
    stamps = {}
    for name in files:
        try:
            info = os.stat(os.path.join(folder, name))
            stamps[name] = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamps[name] = None
    return stamps


def _stop(signal_number, frame):
    raise KeyboardInterrupt


def watch(checker, tests, colour, seconds=WATCH_SECONDS):
    """Run the tests, then again whenever a submitted file changes; Ctrl-C stops."""
    files = checker.assignment.files
    status = None
    for signal_number in (signal.SIGINT, signal.SIGTERM):  # even where the shell ignored SIGINT
        signal.signal(signal_number, _stop)
    try:
        seen = _stamps(checker.folder, files)
        status = 0 if checker.report(tests, colour) else 1
        print(f"Watching {', '.join(files)}; Ctrl-C stops.", flush=True)
        while True:
            time.sleep(seconds)
            now = _stamps(checker.folder, files)
            if now != seen:
                changed = [name for name in files if now[name] != seen[name]]
                seen = now
                print(f"\n--- {time.strftime('%H:%M:%S')} {', '.join(changed)} changed: "
                      "running again ---", flush=True)
                status = 0 if checker.report(tests, colour) else 1
    except KeyboardInterrupt:
        print("\nStopped watching.", flush=True)
    return 1 if status is None else status
