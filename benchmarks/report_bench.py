"""Time the class report and the similarity pass on the benchmark's batches.

    .venv/bin/python benchmarks/report_bench.py [--sizes 100 500] [--assignment perceptron]

A batch is built as `make bench` builds one: copies of the reference solution
and of its buggy variants (assignments/<id>/mutants.py), cycled, plus three
copies of the template.  Every distinct variant is graded once for real
(in-process batch, 2 jobs: this also gives the grading rate); its
results.json is then reused for each of its copies, so 500 submissions need
not be graded.  Each copy is a real folder on disk, read back by the
similarity pass as in a real batch.  All copies derive from one solution, so
every pair is similar: the similarity pass's worst case.

Reported per size: seconds (wall clock, and CPU of this process, which other
load on a shared machine does not inflate) for the similarity pass (reading,
comparing, similarity.html), report.html with its feedback pages, and
grades.csv + summary.txt; and their wall-clock sum as a share of grading
the batch at the rate measured in the same run.
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from autograder import (batch, bug_catalog, class_report, class_summary,  # noqa: E402
                        similarity_report)
from autograder.loading import open_assignment  # noqa: E402

TEMPLATE_COPIES = 3


def variants(assignment, scratch):
    """{variant name: folder}: the solution, each mutant, the template."""
    folders = {"solution": os.path.join(scratch, "variants", "solution")}
    shutil.copytree(assignment.solution_dir, folders["solution"])
    for mutant in bug_catalog.catalog(assignment):
        folders[mutant.id] = os.path.join(scratch, "variants", mutant.id)
        shutil.copytree(assignment.solution_dir, folders[mutant.id])
        bug_catalog.apply(mutant, folders[mutant.id])
    folders["template"] = os.path.join(scratch, "variants", "template")
    shutil.copytree(os.path.join(ROOT, "student_template", assignment.id), folders["template"])
    return folders


def grade_variants(opened, folders, scratch):
    """{variant name: Graded}, and the grading rate in submissions per second."""
    entries = [batch.Entry(name, folder) for name, folder in folders.items()]
    started = time.perf_counter()
    graded = batch.Batch(opened, os.path.join(scratch, "variant-results"), jobs=2, force=True,
                         progress=None).grade_all(entries)
    rate = len(entries) / (time.perf_counter() - started)
    return {g.entry.name: g for g in graded}, rate


def make_batch(size, folders, graded, scratch):
    """[Entry] and [Graded] of `size` submissions, each a folder of its own."""
    names = [n for n in folders if n != "template"]
    plan = [names[k % len(names)] for k in range(size - TEMPLATE_COPIES)] + ["template"] * TEMPLATE_COPIES
    entries, class_ = [], []
    for k, variant in enumerate(plan):
        entry = batch.Entry(f"student_{k:03d}", os.path.join(scratch, f"batch-{size}", f"student_{k:03d}"),
                            [{"name": f"Student {k:03d}", "email": f"s{k}@example.edu", "sid": str(10000 + k)}])
        shutil.copytree(folders[variant], entry.path)
        entries.append(entry)
        original = graded[variant]
        class_.append(batch.Graded(entry, original.results, original.seconds, problem=original.problem))
    return entries, class_


def timed(function, *args):
    """(wall seconds, CPU seconds of this process, value)."""
    started, cpu = time.perf_counter(), time.process_time()
    value = function(*args)
    return (time.perf_counter() - started, time.process_time() - cpu), value


def measure(assignment_id, sizes):
    opened = open_assignment(assignment_id)
    assignment = opened.assignment
    known = {m.sentence for m in opened.code.misconceptions}
    rows = []
    with tempfile.TemporaryDirectory(prefix="report-bench-") as scratch:
        folders = variants(assignment, scratch)
        graded, rate = grade_variants(opened, folders, scratch)
        for size in sizes:
            entries, class_ = make_batch(size, folders, graded, scratch)
            out = os.path.join(scratch, f"out-{size}")
            os.makedirs(out)

            def plain_outputs():
                class_summary.write_grades_csv(class_, assignment, os.path.join(out, "grades.csv"))
                return class_summary.summary_text(class_, assignment)

            text_seconds, _ = timed(plain_outputs)
            similar_seconds, similar = timed(similarity_report.run, entries, assignment, out)
            report_seconds, _ = timed(class_report.write_report, class_, assignment, out, similar, known)
            sizes_mb = {name: os.path.getsize(os.path.join(out, name)) / 2**20
                        for name in ("report.html", "similarity.html")}
            added = tuple(a + b + c for a, b, c in zip(similar_seconds, report_seconds, text_seconds))
            rows.append((assignment_id, size, text_seconds, similar_seconds, report_seconds, added,
                         size / rate, 100 * added[0] / (size / rate), len(similar.pairs), sizes_mb))
    return rows, rate


def _pair(seconds):
    wall, cpu = seconds
    return f"{wall:.1f} s ({cpu:.1f} s CPU)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--assignment", nargs="+", default=["perceptron", "cnn"])
    arguments = parser.parse_args()
    print("| assignment | submissions | similarity pass | report.html + feedback pages "
          "| grades.csv + summary.txt | added to grading the batch |")
    print("|---|--:|--:|--:|--:|--:|")
    for assignment_id in arguments.assignment:
        rows, rate = measure(assignment_id, arguments.sizes)
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {_pair(r[3])} | {_pair(r[4])} | {_pair(r[2])} | {_pair(r[5])} of "
                  f"{r[6]:.0f} s at the measured {rate:.1f} submissions/s: {r[7]:.1f}% "
                  f"({r[8]} pairs listed; pages {r[9]['report.html']:.1f} MB + "
                  f"{r[9]['similarity.html']:.1f} MB) |")


if __name__ == "__main__":
    main()
