"""Check your work: the visible tests of this assignment, on your files in
this folder.  Needs Python 3.10+ and numpy.

    python check.py --help               what it can do
    python check.py                      every visible test
    python check.py conv_forward         the tests of one function (or class, file, test number)
    python check.py 3.2 --case 1 --save saved     a failing case to replay
    python check.py layers.py --watch    again at every save

In a notebook: `from check import run_checks; run_checks("conv_forward")`.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".checker"))
from autograder import student_check  # noqa: E402
from autograder.notebook_support import stop_at_missing_functions  # noqa: E402,F401


def run_checks(*names):
    """Run the visible tests the names select (every test when none), print the
    short report; the result is true when all of them pass."""
    return student_check.run_checks(HERE, names)


if __name__ == "__main__":
    sys.exit(student_check.main(HERE, sys.argv[1:]))
