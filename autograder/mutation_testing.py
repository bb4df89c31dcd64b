"""Mutation testing of the graded tests: apply each catalogued bug
(bug_catalog.py) to a copy of the solution, grade it as a batch, and say
which tests caught it and whether its diagnosis reached its feedback.  A
mutant that loses no points is a survivor: either the test cases have a gap
or the "bug" is not one.
"""
import os
import shutil
import tempfile

from .batch import Batch, Entry
from .bug_catalog import apply, catalog


def run(opened, jobs=None):
    """[(mutant, the tests that lost points, the catalog's diagnoses its feedback
    shows)] for every mutant of the catalog."""
    mutants = catalog(opened.assignment)
    with tempfile.TemporaryDirectory(prefix="autograder-mutants-") as scratch:
        entries = []
        for mutant in mutants:
            folder = os.path.join(scratch, "submissions", mutant.id)
            shutil.copytree(opened.assignment.solution_dir, folder)
            apply(mutant, folder)
            entries.append(Entry(mutant.id, folder))
        graded = Batch(opened, os.path.join(scratch, "results"), jobs=jobs, force=True).grade_all(entries)
    sentences = {m.diagnosis for m in mutants if m.diagnosis}
    outcomes = []
    for mutant, result in zip(mutants, graded):
        tests = result.results["tests"]
        caught = {t["number"] for t in tests if t["score"] < t["max_score"]}
        feedback = "\n".join(t["output"] for t in tests)
        outcomes.append((mutant, caught, {s for s in sentences if f"Likely cause: {s}" in feedback}))
    return outcomes


def report(assignment, outcomes):
    """The text report and the number of problems: survivors, tests other than
    the catalog expects, a mutant's diagnosis missing from its feedback or
    another mutant's diagnosis in it."""
    lines, problems = [f"# {assignment.id}: {len(outcomes)} mutants"], 0
    for mutant, caught, shown in outcomes:
        if not caught:
            problems += 1
            lines.append(f"  SURVIVED  {mutant.id}")
            continue
        status = "caught   " if caught == mutant.caught_by else "DIFFERENT"
        extra = "" if caught == mutant.caught_by else \
            f"  (catalog expects {', '.join(sorted(mutant.caught_by))})"
        own = {mutant.diagnosis} if mutant.diagnosis else set()
        if shown != own:
            status = "MISDIAGNOSED" if shown - own else "UNDIAGNOSED"
        elif own:
            extra += "  [diagnosed]"
        problems += status != "caught   "
        lines.append(f"  {status} {mutant.id}: by {', '.join(sorted(caught))}{extra}")
    survivors = sum(1 for _, caught, _ in outcomes if not caught)
    with_diagnosis = [m for m, _, _ in outcomes if m.diagnosis]
    diagnosed = sum(1 for m, _, shown in outcomes if m.diagnosis and m.diagnosis in shown)
    lines.append(f"  {len(outcomes) - survivors} of {len(outcomes)} caught, {survivors} survived; "
                 f"{len(with_diagnosis)} mutants carry a diagnosis, {diagnosed} shown in their "
                 "feedback")
    return "\n".join(lines), problems
