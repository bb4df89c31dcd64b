"""Command line: `python -m autograder COMMAND ...` (the Makefile's back end);
the options and their help texts are in arguments.py.

Exit status: 0 whenever grading ran, whatever the score; 2 when the grader
itself cannot run (a bad config, a missing assignment, an unreadable
submission path), with a message that says why.
"""
import json
import os
import sys
import traceback

from . import (batch, bundles, class_report, class_summary, config, emulate, grading,
               mutation_testing, results, scaffold, similarity_report, templates)
from .arguments import parser
from .loading import open_assignment
from .sandbox import sandbox_warning
from .submission import SubmissionError, prepared


def grade_one(assignment_id, submission_path, results_path, details, frozen=False):
    opened = open_assignment(assignment_id, frozen=frozen)
    with prepared(submission_path, opened.assignment.files, named_by_instructor=True) as folder:
        result = grading.grade(opened.code, folder, opened.expected_for)
    if results_path:
        results.write_json(results_path, results.gradescope_json(result))
    title = f"{assignment_id}: {opened.assignment.title} ({submission_path})"
    print(results.table(result, title=title, details=details))
    if results_path:
        print(f"results: {results_path}")
    return result


def grade_batch(arguments):
    batch.check_folder(arguments.submissions)
    opened = open_assignment(arguments.assignment)
    assignment = opened.assignment
    entries = batch.discover(arguments.submissions)
    if not entries:
        raise SubmissionError(f"{arguments.submissions} holds no submissions (folders, .zip or .py files)")
    out_dir = batch.results_folder(assignment.id, arguments.submissions)
    runner = batch.Batch(opened, out_dir, jobs=arguments.jobs, force=arguments.force)
    removed = runner.remove_stale(entries)
    graded = runner.grade_all(entries)
    class_summary.write_grades_csv(graded, assignment, os.path.join(out_dir, "grades.csv"))
    text = class_summary.summary_text(graded, assignment)
    with open(os.path.join(out_dir, "summary.txt"), "w", encoding="utf-8") as out:
        out.write(text)
    try:
        similar = similarity_report.run(entries, assignment, out_dir)
    except Exception as error:  # grades are written: a failed comparison must not hide them
        print(f"warning: the similarity pass failed ({error!r}); report.html is written without it",
              file=sys.stderr)
        similar = None
    known = {m.sentence for m in opened.code.misconceptions}  # the sentences a cause may have
    class_report.write_report(graded, assignment, out_dir, similar, known)
    skipped = sum(g.skipped for g in graded)
    print(text)
    print(f"{len(graded)} submissions ({skipped} unchanged since the last run, not regraded); "
          f"wrote {out_dir}/grades.csv, summary.txt, report.html (with feedback/), similarity.html "
          f"({len(similar.pairs) if similar else 'no'} similar pairs) and submissions/<name>/results.json"
          + (f"; removed the results of {len(removed)} submissions no longer in "
             f"{arguments.submissions} ({', '.join(removed)})" if removed else ""))
    return 0


def command_grade(arguments):
    if arguments.submissions and arguments.submission:
        raise config.ConfigError("give SUBMISSION (one submission) or SUBMISSIONS (a folder of "
                                 "them), not both")
    if arguments.submissions and arguments.results:
        raise config.ConfigError("RESULTS is for one submission; a batch writes into "
                                 "results/<id>/<folder name>/")
    sandbox_warning()  # a set-up that would run student code as root stops here, once
    if arguments.submissions:
        if not arguments.assignment:
            raise config.ConfigError("SUBMISSIONS needs ASSIGNMENT (one of: "
                                     f"{', '.join(config.available())})")
        return grade_batch(arguments)
    if arguments.submission:
        if not arguments.assignment:
            raise config.ConfigError("SUBMISSION needs ASSIGNMENT (one of: "
                                     f"{', '.join(config.available())})")
        results = arguments.results or os.path.join("results", arguments.assignment, "results.json")
        grade_one(arguments.assignment, arguments.submission, results, details=True,
                  frozen=arguments.frozen)
        return 0
    ids = [arguments.assignment] if arguments.assignment else config.available()
    if not ids:
        raise config.ConfigError("no assignments found under assignments/")
    for assignment_id in ids:
        results = arguments.results or os.path.join("results", assignment_id, "solution.json")
        grade_one(assignment_id, os.path.join(config.SOLUTIONS_DIR, assignment_id), results,
                  details=True)
        print()
    return 0


def command_gradescope(arguments):
    """Gradescope's run_autograder: grade <root>/submission into <root>/results.
    Always writes a valid results.json; a failure of the grader itself gives
    score 0 with a message for the student and the traceback in the log,
    which Gradescope shows to instructors."""
    root = arguments.root
    results_path = os.path.join(root, "results", "results.json")
    tests = ()
    try:
        print(f"submission: {_describe_metadata(os.path.join(root, 'submission_metadata.json'))}")
        tests = config.load(arguments.assignment).tests  # for the failure report, should grading fail
        opened = open_assignment(arguments.assignment, frozen=True)
        with prepared(os.path.join(root, "submission"), opened.assignment.files,
                      shown_name="your submission") as folder:
            result = grading.grade(opened.code, folder, opened.expected_for)
        data = results.gradescope_json(result)
        print(results.table(result, title=opened.assignment.title))
    except SubmissionError as error:  # the student's upload, not the grader: say why
        print(f"submission not graded: {error}")
        data = results.failure_json(f"Your submission could not be graded: {error}.", tests)
    except Exception:
        traceback.print_exc()
        data = results.failure_json(
            "The autograder itself failed on this submission (not because of your code). Your "
            "instructor can see why and will regrade it; this 0 is a placeholder.", tests)
    results.write_json(results_path, data)
    return 0


def _describe_metadata(path):
    """Who submitted, from submission_metadata.json if it is there and readable."""
    try:
        with open(path, encoding="utf-8") as handle:
            metadata = json.load(handle)
        users = metadata.get("users") or []
        names = ", ".join(str(u.get("name", "?")) for u in users if isinstance(u, dict))
        return f"{metadata.get('id', '?')} by {names or 'unknown'}"
    except (OSError, ValueError, AttributeError):
        return "(no readable submission_metadata.json)"


def command_bundle(arguments):
    build = bundles.gradescope_zip if arguments.command == "build-gradescope" else bundles.handout_zip
    for assignment_id in [arguments.assignment] if arguments.assignment else config.available():
        path = build(assignment_id)
        print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path) / 1024:.0f} KB)")
    return 0


def command_gradescope_check(arguments):
    if not arguments.assignment:
        raise config.ConfigError("gradescope-check needs ASSIGNMENT (one of: "
                                 f"{', '.join(config.available())})")
    zip_path = bundles.gradescope_zip(arguments.assignment)
    submission = arguments.submission or os.path.join(config.SOLUTIONS_DIR, arguments.assignment)
    results, log = emulate.run(zip_path, submission)
    print(log.rstrip())
    problems = emulate.schema_problems(results)
    print(f"results.json: score {results.get('score')}; "
          + ("valid against tests/results_schema.json" if not problems else f"INVALID: {problems}"))
    return 1 if problems else 0


def command_mutants(arguments):
    problems = 0
    for assignment_id in [arguments.assignment] if arguments.assignment else config.available():
        opened = open_assignment(assignment_id)
        known = [m.id for m in opened.code.misconceptions]
        text, found = mutation_testing.report(opened.assignment,
                                              mutation_testing.run(opened, jobs=arguments.jobs), known)
        print(text)
        problems += found
    return 1 if problems else 0


def command_templates(arguments):
    ids = [arguments.assignment] if arguments.assignment else config.available()
    if arguments.check:
        stale = {i: templates.stale(i) for i in ids}
        stale = {i: names for i, names in stale.items() if names}
        for assignment_id, names in stale.items():
            print(f"student_template/{assignment_id}: out of date: {', '.join(names)} "
                  "(run `make templates`)")
        return 1 if stale else 0
    for assignment_id in ids:
        print(f"wrote {templates.write(assignment_id)}")
    return 0


def command_new(arguments):
    written = scaffold.create(arguments.assignment)
    print("\n".join(f"wrote {path}" for path in written))
    print(f"next: make grade ASSIGNMENT={arguments.assignment} (100), make grade "
          f"ASSIGNMENT={arguments.assignment} SUBMISSION=student_template/{arguments.assignment} (0), "
          f"make mutants ASSIGNMENT={arguments.assignment}; then docs/authoring.md")
    return 0


COMMANDS = {
    "grade": command_grade,
    "gradescope": command_gradescope,
    "build-gradescope": command_bundle,
    "build-handout": command_bundle,
    "gradescope-check": command_gradescope_check,
    "mutants": command_mutants,
    "new": command_new,
    "templates": command_templates,
}



def main(argv=None):
    arguments = parser().parse_args(argv)
    try:
        return COMMANDS[arguments.command](arguments)
    except (config.ConfigError, SubmissionError, templates.TemplateError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
