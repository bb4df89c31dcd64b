"""The command line's commands, options and help texts (`python -m autograder
--help`); cli.py runs them.  The words follow the README's tables: the
Makefile's variables (ASSIGNMENT=, SUBMISSION=...) are these options."""
import argparse

DESCRIPTION = """\
Grade students' NumPy implementations against reference solutions and PyTorch
autograd, and build what goes to Gradescope and to students.  The Makefile is
a thin front: `make grade ASSIGNMENT=perceptron SUBMISSION=alice.zip` runs
`python -m autograder grade --assignment perceptron --submission alice.zip`;
ASSIGNMENT=, SUBMISSION=, SUBMISSIONS=, RESULTS=, JOBS= and FORCE=1 are the
options of the same names.

Exit status: 0 whenever grading ran, whatever the score; 2 with a one-line
message when the grader cannot run (unknown assignment, invalid
assignment.yaml, unreadable submission path, conflicting options)."""

GRADE = """\
Without --submission or --submissions: grade the reference solution of every
assignment (or of --assignment) and print one table each; each must score
100.  With --submission: grade one submission (a folder, a .zip or a single
.py file), write Gradescope's results.json and print the table with the
details of every failed test.  With --submissions: grade a whole class in
parallel (a Gradescope export, a folder of student folders, or a folder of
.zip files) into results/<id>/<name of that folder>/: grades.csv,
summary.txt, report.html and submissions/<name>/results.json."""

GRADE_EPILOG = """\
examples:
  python -m autograder grade
  python -m autograder grade --assignment perceptron --submission alice.zip
  python -m autograder grade --assignment perceptron --submissions export/ --jobs 4"""

GRADESCOPE = """\
What the Gradescope zip's run_autograder runs for each submission: grade
<root>/submission with the frozen references (never computing them, never
importing torch) and always write <root>/results/results.json, even when the
grader itself fails (score 0 and a message; the traceback goes to the log)."""

BUILD = {
    "gradescope": ("the Gradescope autograder zip", """\
Write dist/<id>-autograder.zip for each assignment (or --assignment), to
upload as the assignment's autograder on Gradescope ("Zip file upload"):
setup.sh and run_autograder at its root, the engine, the assignment, its
solutions and the frozen references of every case."""),
    "handout": ("the student handout zip", """\
Write dist/<id>-handout.zip for each assignment (or --assignment): the
template files, the assignment's README.md and check.py, which runs the
visible tests on the student's machine with numpy only."""),
}

GRADESCOPE_CHECK = """\
Build the assignment's Gradescope zip and run it as Gradescope does, in a
temporary root laid out like /autograder with a fresh virtual environment
holding only the zip's requirements; check results.json against
tests/results_schema.json.  Exit 1 when it is invalid."""

MUTANTS = """\
Apply every catalogued bug of assignments/<id>/mutants.py to a copy of the
solution, grade it and print which tests caught it, and whether its
diagnosis was shown.  Exit 1 when a mutant survives, is caught by other tests
than the catalog says, misses its diagnosis or shows another's."""

NEW = """\
Write the skeleton of a new assignment, working as written: one YAML test,
one Python test, a solution with markers, its template, a README handout and
one catalogued mutant with a diagnosis (the solution scores 100, the
template 0); then follow docs/authoring.md."""

TEMPLATES = """\
Regenerate student_template/<id>/ from solutions/<id>/ (the code between
### BEGIN SOLUTION and ### END SOLUTION is replaced by a NotImplementedError);
commit the result."""

ASSIGNMENT_HELP = "assignment id: a folder under assignments/ (default: every assignment)"


def _assignment(command, required_text=None):
    command.add_argument("--assignment", metavar="ID", help=required_text or ASSIGNMENT_HELP)


def _command(commands, name, summary, description, epilog=None):
    return commands.add_parser(name, help=summary, description=description, epilog=epilog,
                               formatter_class=argparse.RawDescriptionHelpFormatter)


def parser():
    main = argparse.ArgumentParser(prog="python -m autograder", description=DESCRIPTION,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    grade = _command(commands, "grade", "grade one submission, a class, or every reference solution",
                     GRADE, GRADE_EPILOG)
    _assignment(grade, "assignment id (a folder under assignments/); needed with --submission "
                       "and --submissions; without both, only its solution is graded")
    grade.add_argument("--submission", metavar="PATH",
                       help="one submission: a folder, a .zip or a single .py file")
    grade.add_argument("--results", metavar="FILE",
                       help="where --submission writes results.json (default: "
                            "results/<id>/results.json; for solutions results/<id>/solution.json)")
    grade.add_argument("--submissions", metavar="FOLDER",
                       help="a folder of submissions: a Gradescope export, student folders or .zip files")
    grade.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="submissions graded in parallel with --submissions (default: all cores)")
    grade.add_argument("--force", action="store_true",
                       help="regrade every submission of --submissions, even those unchanged "
                            "since the last run")
    grade.add_argument("--frozen", action="store_true",
                       help="use only stored references: never compute them, never import torch "
                            "(what check.py and Gradescope do)")

    gradescope = _command(commands, "gradescope", "grade as Gradescope's run_autograder does",
                          GRADESCOPE)
    gradescope.add_argument("--assignment", metavar="ID", required=True, help="the assignment id")
    gradescope.add_argument("--root", default="/autograder", metavar="FOLDER",
                            help="the folder holding submission/, results/ and "
                                 "submission_metadata.json (default: /autograder)")

    for kind, (summary, description) in BUILD.items():
        _assignment(_command(commands, f"build-{kind}", f"write dist/<id>-...zip: {summary}",
                             description))

    check = _command(commands, "gradescope-check", "run the autograder zip as Gradescope would",
                     GRADESCOPE_CHECK)
    _assignment(check, "assignment id (required: a folder under assignments/)")
    check.add_argument("--submission", metavar="PATH",
                       help="a folder, .zip or .py file to grade (default: the reference solution)")

    mutate = _command(commands, "mutants", "grade every catalogued bug; exit 1 if one survives",
                      MUTANTS)
    _assignment(mutate)
    mutate.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="mutants graded in parallel (default: all cores)")

    new = _command(commands, "new", "write the working skeleton of a new assignment", NEW)
    new.add_argument("--assignment", metavar="ID", required=True,
                     help="the new assignment's id (the folder name under assignments/)")

    make = _command(commands, "templates", "regenerate student_template/ from solutions/", TEMPLATES)
    _assignment(make)
    make.add_argument("--check", action="store_true",
                      help="write nothing; list out-of-date templates and exit 1 if there are any")
    return main
