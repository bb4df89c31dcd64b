"""Benchmark the autograder: cold grading time, memory, grader overhead and
batch throughput, per assignment.  Prints a markdown table and writes it to
results/bench.md.

    .venv/bin/python benchmarks/bench.py [--runs 5] [--batch 100] [--jobs 2] [--assignment ID]

What is measured, for each assignment:

1. Cold single submission.  `python -m autograder grade --assignment ID
   --submission solutions/ID --results <tmp>` in a fresh subprocess, timed
   from process start until it exits (after writing results.json, which is
   checked to hold full marks).  One untimed warm-up run comes first, so the
   stored references in .cache/references/ exist and no run computes them
   (nor imports torch).  Reported: median and (min, max) over --runs runs, and
   the median over runs of the peak memory: the VmRSS of the grader plus all
   its descendants (worker, `unshare`), found through the ppid field of
   /proc/<pid>/stat and summed, sampled every ~10 ms by a thread.
2. Grader overhead.  The same cases run bare in this process: inputs built
   with cases.make_inputs (not timed), then plan.split + plan.run with
   references.LocalExecutor on the reference solution, i.e. importing the
   solution and calling each function on the same inputs.  The time of all
   cases together, median of --runs passes, against the cold grading time
   of 1 (ratio = grading / bare).  Comparators (training outcomes) and
   reference lookups are grading work, so they are not in the bare time.
3. Batch throughput.  --batch submission folders in a temporary folder:
   copies of the reference solution and of its buggy variants (every entry
   of the mutant catalog assignments/ID/mutants.py, applied as the same one-time
   text replacement, cycled with plain copies) plus a few copies of
   student_template/ID.  Graded by `python -m autograder grade --assignment ID
   --submissions <tmp> --jobs J --force` in a subprocess whose cwd is a
   temporary folder (PYTHONPATH = the repository), so its results/ID/ lands
   there and the repository's results/ is left alone (checked).  Reported:
   wall time, submissions per second, exit code, and whether every grade is
   as expected (copies of the solution 100%, variants and templates less).
"""
import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

from autograder import bug_catalog, cases, config, plan, references  # noqa: E402
from autograder.loading import open_assignment  # noqa: E402

RESULTS_MD = os.path.join(ROOT, "results", "bench.md")
SAMPLE_SECONDS = 0.01
TEMPLATE_COPIES = 3
AIM_COLD_SECONDS = {"perceptron": 2.0, "backprop": 2.0, "cnn": 15.0}
AIM_PEAK_MB = 300.0
AIM_THROUGHPUT = {"perceptron": 3.0}   # submissions per second


# ------------------------------------------------------------ process memory

class ProcessTree:
    """The live descendants of one process, from the ppid field of /proc/<pid>/stat.

    A pid's parent is read once and remembered: reading the stat of every
    process on each sample costs milliseconds, enough to slow the grader being
    measured, while listing /proc and reading the few new pids does not."""

    def __init__(self, root_pid):
        self.root_pid, self.parent_of = root_pid, {}

    def pids(self):
        alive = [int(name) for name in os.listdir("/proc") if name.isdigit()]
        for pid in alive:
            if pid not in self.parent_of:
                self.parent_of[pid] = _parent(pid)
        children = {}
        for pid in alive:
            children.setdefault(self.parent_of[pid], []).append(pid)
        tree, todo = [], [self.root_pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += children.get(pid, [])
        return tree


def _parent(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None  # it ended while we looked


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0  # ended, or a zombie (no VmRSS line)


class PeakMemory(threading.Thread):
    """Samples the summed RSS of a process tree until the root process ends."""

    def __init__(self, process):
        super().__init__(daemon=True)
        self.process, self.peak_kb = process, 0
        self.tree = ProcessTree(process.pid)

    def run(self):
        while self.process.poll() is None:
            total = sum(rss_kb(pid) for pid in self.tree.pids())
            self.peak_kb = max(self.peak_kb, total)
            time.sleep(SAMPLE_SECONDS)

    @property
    def peak_mb(self):
        return self.peak_kb / 1024


# ------------------------------------------------------- 1. cold single grading

def grade_command(assignment_id, results_path):
    return [sys.executable, "-m", "autograder", "grade", "--assignment", assignment_id,
            "--submission", os.path.join("solutions", assignment_id), "--results", results_path]


def timed_run(command, cwd=ROOT, env=None):
    """(seconds, peak MB of the process tree, completed process) of one subprocess."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    sampler = PeakMemory(process)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    return seconds, sampler.peak_mb, subprocess.CompletedProcess(command, process.returncode,
                                                                 stdout, stderr)


def check_full_marks(completed, results_path):
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(completed.args)} exited {completed.returncode}:\n"
                           f"{completed.stderr[-2000:]}")
    with open(results_path, encoding="utf-8") as handle:
        tests = json.load(handle)["tests"]
    score, max_score = sum(t["score"] for t in tests), sum(t["max_score"] for t in tests)
    if abs(score - max_score) > 1e-6:
        raise RuntimeError(f"the reference solution scored {score}/{max_score} ({results_path})")


def measure_cold(assignment_id, runs):
    """{"seconds": [...], "peak_mb": [...]} of `runs` cold gradings (after a warm-up)."""
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as folder:
        results_path = os.path.join(folder, "results.json")
        _, _, completed = timed_run(grade_command(assignment_id, results_path))  # warm-up
        check_full_marks(completed, results_path)
        seconds, peaks = [], []
        for _ in range(runs):
            os.remove(results_path)
            elapsed, peak, completed = timed_run(grade_command(assignment_id, results_path))
            check_full_marks(completed, results_path)
            seconds.append(elapsed)
            peaks.append(peak)
    return {"seconds": seconds, "peak_mb": peaks}


# ------------------------------------------------------------ 2. bare in-process

def all_cases(code):
    """[(test, case index, inputs)] of every case of the assignment."""
    return [(test, index, cases.make_inputs(code.assignment, test, index, code.inputs))
            for test in code.assignment.tests for index in range(len(test.cases))]


def run_bare(code, case_list):
    """Seconds to run every case's calls on the reference solution, in process."""
    executor = references.LocalExecutor(code)
    started = time.perf_counter()
    for test, index, inputs in case_list:
        call = plan.split(code, test, inputs, f"test {test.number!r}, case {index + 1}")
        seed = code.assignment.seeds["hidden" if test.hidden else "visible"]
        rng = cases.case_rng(seed, f"{test.number}/dout", index)
        plan.run(test, call, executor, lambda out: plan.draw_douts(rng, out))
    return time.perf_counter() - started


def measure_bare(assignment_id, runs):
    """Seconds of `runs` bare passes over all cases, and the number of cases."""
    code = open_assignment(assignment_id).code
    case_list = all_cases(code)
    return [run_bare(code, case_list) for _ in range(runs)], len(case_list)


# ------------------------------------------------------------ 3. batch grading

def build_batch(assignment_id, folder, count):
    """`count` submission folders in `folder`; returns {folder name: kind}, kind
    being "solution", "variant" or "template"."""
    solution = os.path.join(config.SOLUTIONS_DIR, assignment_id)
    template = os.path.join(ROOT, "student_template", assignment_id)
    templates = min(TEMPLATE_COPIES, count // 4) if os.path.isdir(template) else 0
    cycle = [None] + bug_catalog.catalog(config.load(assignment_id))
    kinds = {}
    for number in range(count - templates):
        variant = cycle[number % len(cycle)]
        name = f"s{number:04d}-{variant.id if variant else 'solution'}"
        shutil.copytree(solution, os.path.join(folder, name))
        if variant:
            bug_catalog.apply(variant, os.path.join(folder, name))
        kinds[name] = "variant" if variant else "solution"
    for number in range(count - templates, count):
        name = f"s{number:04d}-template"
        shutil.copytree(template, os.path.join(folder, name))
        kinds[name] = "template"
    return kinds


def snapshot(folder):
    """{path: (size, mtime)} of the files under folder, to prove it was not written."""
    found = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            stat = os.stat(path)
            found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def unexpected_grades(grades_csv, kinds):
    """Submissions whose grade is not what their kind implies (or that had a problem)."""
    with open(grades_csv, encoding="utf-8-sig", newline="") as handle:
        rows = {row["submission"]: row for row in csv.DictReader(handle)}
    wrong = []
    for name, kind in kinds.items():
        row = rows.get(name)
        if row is None:
            wrong.append(f"{name}: not in grades.csv")
            continue
        full = abs(float(row["total"]) - float(row["max"])) < 1e-6
        if row["problem"] or full != (kind == "solution"):
            wrong.append(f"{name}: {row['total']}/{row['max']} {row['problem']}".strip())
    return wrong


def measure_batch(assignment_id, count, jobs):
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        submissions, cwd = os.path.join(folder, "submissions"), os.path.join(folder, "cwd")
        os.makedirs(submissions)
        os.makedirs(cwd)
        kinds = build_batch(assignment_id, submissions, count)
        repo_results = os.path.join(ROOT, "results", assignment_id)
        before = snapshot(repo_results)
        env = dict(os.environ, PYTHONPATH=ROOT)
        command = [sys.executable, "-m", "autograder", "grade", "--assignment", assignment_id,
                   "--submissions", submissions, "--jobs", str(jobs), "--force"]
        seconds, peak, completed = timed_run(command, cwd=cwd, env=env)
        grades_csv = os.path.join(cwd, "results", assignment_id, "submissions", "grades.csv")
        if completed.returncode != 0:
            print(completed.stderr[-2000:], file=sys.stderr)
        wrong = unexpected_grades(grades_csv, kinds) if os.path.isfile(grades_csv) \
            else ["no grades.csv in the temporary cwd"]
        return {"seconds": seconds, "count": count, "jobs": jobs, "peak_mb": peak,
                "exit": completed.returncode, "wrong": wrong,
                "kinds": {k: list(kinds.values()).count(k) for k in ("solution", "variant", "template")},
                "repo_results_untouched": snapshot(repo_results) == before}


# ------------------------------------------------------------------- report

def machine_facts():
    return [f"- CPU cores: {os.cpu_count()} ({platform.machine()}, {platform.system()})",
            f"- Python: {platform.python_version()} ({sys.executable})",
            f"- NumPy: {np.__version__}"]


def spread(values):
    return f"{statistics.median(values):.2f} ({min(values):.2f}, {max(values):.2f})"


def single_table(measured):
    lines = ["| assignment | cold grading, s: median (min, max) | peak memory, MB | cases | "
             "bare run, s | overhead (grading / bare) |",
             "| --- | --- | --- | --- | --- | --- |"]
    for assignment_id, m in measured.items():
        cold, bare = statistics.median(m["cold"]["seconds"]), statistics.median(m["bare"])
        lines.append(f"| {assignment_id} | {spread(m['cold']['seconds'])} | "
                     f"{statistics.median(m['cold']['peak_mb']):.0f} | {m['cases']} | {bare:.3f} | "
                     f"{cold / bare:.0f}x |")
    return lines


def batch_table(measured):
    lines = ["| assignment | submissions (solution / variant / template) | jobs | wall time, s | "
             "submissions/s | peak memory, MB | exit code | grades as expected | repo results/ untouched |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for assignment_id, m in measured.items():
        b, k = m["batch"], m["batch"]["kinds"]
        expected = "yes" if not b["wrong"] else f"no: {len(b['wrong'])} ({'; '.join(b['wrong'][:3])})"
        lines.append(f"| {assignment_id} | {b['count']} ({k['solution']} / {k['variant']} / "
                     f"{k['template']}) | {b['jobs']} | {b['seconds']:.1f} | "
                     f"{b['count'] / b['seconds']:.2f} | {b['peak_mb']:.0f} | {b['exit']} | {expected} | "
                     f"{'yes' if b['repo_results_untouched'] else 'NO'} |")
    return lines


def aims(measured):
    """Markdown lines, one per aim: met or not, with the measured value."""
    lines = []
    for assignment_id, m in measured.items():
        cold = statistics.median(m["cold"]["seconds"])
        limit = AIM_COLD_SECONDS.get(assignment_id)
        if limit is not None:
            lines.append(_aim(cold < limit, f"{assignment_id}: cold single submission under "
                                            f"{limit:g} s (median {cold:.2f} s)"))
        peak = statistics.median(m["cold"]["peak_mb"])
        lines.append(_aim(peak < AIM_PEAK_MB, f"{assignment_id}: peak memory under {AIM_PEAK_MB:g} MB "
                                              f"(median {peak:.0f} MB)"))
        rate = AIM_THROUGHPUT.get(assignment_id)
        if rate is not None:
            b = m["batch"]
            got = b["count"] / b["seconds"]
            lines.append(_aim(got >= rate and b["exit"] == 0,
                              f"{assignment_id}: batch throughput at least {rate:g} submissions/s "
                              f"({got:.2f}/s with {b['jobs']} jobs, exit code {b['exit']})"))
    return lines


def _aim(met, text):
    return f"- [{'x' if met else ' '}] {'met' if met else 'NOT met'}: {text}"


def render(measured, options, total_seconds):
    return "\n".join(
        ["# Autograder benchmark", "", *machine_facts(),
         f"- Settings: --runs {options.runs} --batch {options.batch} --jobs {options.jobs}; "
         "cold runs follow one untimed warm-up run, so the stored references exist; memory is the "
         f"summed RSS of the grader and its workers, sampled every {SAMPLE_SECONDS * 1000:.0f} ms",
         "", "## Single submission (reference solution)", "", *single_table(measured),
         "", "## Batch", "", *batch_table(measured),
         "", "## Aims", "", *aims(measured),
         "", f"Whole benchmark: {total_seconds:.0f} s.", ""])


# --------------------------------------------------------------------- main

def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--batch", type=int, default=100, help="submissions in the batch")
    parser.add_argument("--jobs", type=int, default=2, help="parallel submissions in the batch")
    parser.add_argument("--assignment", choices=config.available(), help="only this assignment")
    options = parser.parse_args(argv)
    if options.runs < 1 or options.batch < 1 or options.jobs < 1:
        parser.error("--runs, --batch and --jobs must be at least 1")
    return options


def measure(assignment_id, options):
    print(f"{assignment_id}: cold grading x{options.runs} ...", file=sys.stderr, flush=True)
    cold = measure_cold(assignment_id, options.runs)
    print(f"{assignment_id}: bare run x{options.runs} ...", file=sys.stderr, flush=True)
    bare, count = measure_bare(assignment_id, options.runs)
    print(f"{assignment_id}: batch of {options.batch} ...", file=sys.stderr, flush=True)
    batch = measure_batch(assignment_id, options.batch, options.jobs)
    return {"cold": cold, "bare": bare, "cases": count, "batch": batch}


def main(argv=None):
    options = parse_arguments(argv)
    started = time.perf_counter()
    ids = [options.assignment] if options.assignment else config.available()
    measured = {assignment_id: measure(assignment_id, options) for assignment_id in ids}
    text = render(measured, options, time.perf_counter() - started)
    print(text)
    os.makedirs(os.path.dirname(RESULTS_MD), exist_ok=True)
    with open(RESULTS_MD, "w", encoding="utf-8") as out:
        out.write(text)
    print(f"wrote {os.path.relpath(RESULTS_MD, ROOT)}", file=sys.stderr)
    return 0 if all(m["batch"]["exit"] == 0 for m in measured.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
