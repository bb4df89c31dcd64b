"""Mutation testing of the graded tests: apply each catalogued bug
(bug_catalog.py) to a copy of the solution, grade it as a batch, and say
which tests caught it and which misconceptions its feedback named as the
likely cause.  A mutant that loses no points is a survivor: either the test
cases have a gap or the "bug" is not one.  A mutant told another
misconception's cause is a wrong diagnosis, the one thing a diagnosis must
never be.
"""
import os
import shutil
import tempfile

from .batch import Batch, Entry
from .bug_catalog import apply, catalog
from .diagnoses import CAUSE


def run(opened, jobs=None):
    """[(mutant, the tests that lost points, the misconception ids its feedback
    names as likely causes)] for every mutant of the catalog."""
    mutants = catalog(opened.assignment)
    with tempfile.TemporaryDirectory(prefix="autograder-mutants-") as scratch:
        entries = []
        for mutant in mutants:
            folder = os.path.join(scratch, "submissions", mutant.id)
            shutil.copytree(opened.assignment.solution_dir, folder)
            apply(mutant, folder)
            entries.append(Entry(mutant.id, folder))
        graded = Batch(opened, os.path.join(scratch, "results"), jobs=jobs, force=True).grade_all(entries)
    outcomes = []
    for mutant, result in zip(mutants, graded):
        tests = result.results["tests"]
        caught = {t["number"] for t in tests if t["score"] < t["max_score"]}
        feedback = "\n".join(t["output"] for t in tests)
        outcomes.append((mutant, caught, named_causes(opened.code.misconceptions, feedback)))
    return outcomes


def named_causes(misconceptions, feedback):
    """The ids of the misconceptions whose sentence the feedback gives as a likely cause."""
    return {m.id for m in misconceptions if f"{CAUSE}{m.sentence}" in feedback}


def report(assignment, outcomes, known=None):
    """The text report and the number of problems: survivors, tests other than
    the catalog expects, a mutant's misconception missing from its feedback,
    another misconception named in it, or a misconception id that does not
    exist (`known`: the assignment's misconception ids)."""
    lines, problems = [f"# {assignment.id}: {len(outcomes)} mutants"], 0
    for mutant, caught, shown in outcomes:
        own = {mutant.misconception} if mutant.misconception else set()
        if not caught:
            problems += 1
            lines.append(f"  SURVIVED  {mutant.id}")
            continue
        status = "caught   " if caught == mutant.caught_by else "DIFFERENT"
        extra = "" if caught == mutant.caught_by else \
            f"  (catalog expects {', '.join(sorted(mutant.caught_by))})"
        if known is not None and own - set(known):
            status, extra = "UNKNOWN  ", extra + f"  (no misconception {mutant.misconception!r})"
        elif shown - own:
            status, extra = "MISDIAGNOSED", extra + f"  (told {', '.join(sorted(shown - own))})"
        elif own - shown:
            status = "UNDIAGNOSED"
        elif own:
            extra += f"  [diagnosed: {mutant.misconception}]"
        problems += status != "caught   "
        lines.append(f"  {status} {mutant.id}: by {', '.join(sorted(caught))}{extra}")
    survivors = sum(1 for _, caught, _ in outcomes if not caught)
    diagnosed = sum(1 for m, _, shown in outcomes if m.misconception and shown == {m.misconception})
    wrong = sum(1 for m, _, shown in outcomes if shown - {m.misconception})
    share = 100.0 * diagnosed / len(outcomes) if outcomes else 0.0
    lines.append(f"  {len(outcomes) - survivors} of {len(outcomes)} caught, {survivors} survived; "
                 f"{diagnosed} of {len(outcomes)} diagnosed ({share:.0f}%), {wrong} wrong diagnoses")
    return "\n".join(lines), problems
