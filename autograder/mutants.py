"""Mutation testing of the graded tests: apply each catalogued bug
(`assignments/<id>/mutants.py`) to a copy of the solution, grade it, and say
which tests caught it.  A mutant that loses no points is a survivor: either
the test cases have a gap or the "bug" is not one.

A mutant may carry a diagnosis, one sentence a student understands: the
references then include what the mutant computes on each case, and a
student's failing output that equals it gets that sentence as its likely
cause (see references.expected and grading.Session.compare).
"""
import os
import shutil
import tempfile
from dataclasses import dataclass

import importlib.util


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str
    old: str
    new: str
    caught_by: frozenset  # the tests that must lose points: exactly these
    diagnosis: str = ""   # the likely cause, said to a student whose output equals this mutant's


def catalog(assignment):
    path = os.path.join(assignment.folder, "mutants.py")
    if not os.path.isfile(path):
        return []
    spec = importlib.util.spec_from_file_location(f"_assignment_{assignment.id}_mutants", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [Mutant(i, f, old, new, frozenset(tests), *rest) for i, f, old, new, tests, *rest
            in module.MUTANTS]


def apply(mutant, folder):
    """Write the mutant into `folder` (a copy of the solution); the old text must
    be there exactly once, so a mutant can never silently stop applying."""
    path = os.path.join(folder, mutant.file)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if text.count(mutant.old) != 1:
        raise ValueError(f"mutant {mutant.id}: its old text is in {mutant.file} "
                         f"{text.count(mutant.old)} times, not once")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text.replace(mutant.old, mutant.new))


def run(code, jobs=None):
    """[(mutant, the tests that lost points, the catalog's diagnoses its feedback
    shows)] for every mutant of the catalog."""
    from .batch import Batch, Entry  # (batch -> store -> references -> this module)
    mutants = catalog(code.assignment)
    with tempfile.TemporaryDirectory(prefix="autograder-mutants-") as scratch:
        entries = []
        for mutant in mutants:
            folder = os.path.join(scratch, "submissions", mutant.id)
            shutil.copytree(code.assignment.solution_dir, folder)
            apply(mutant, folder)
            entries.append(Entry(mutant.id, folder))
        graded = Batch(code, os.path.join(scratch, "results"), jobs=jobs, force=True).grade_all(entries)
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
