"""Grade a whole class: every submission in a folder, in parallel, resumable.

A folder is one of: a Gradescope "export submissions" folder (its
`submission_metadata.yml` names the students of each submission folder), a
folder of student folders, or a folder of `.zip` files.  The assignment's
references are computed (or loaded) once and shared by all submissions; each
submission gets its own sandboxed worker, so one bad submission costs only
its own grade.  A submission whose content and assignment are unchanged since
it was graded is not graded again (unless `force`).
"""
import concurrent.futures
import hashlib
import os
import shutil
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field

from . import grading, results, store
from .progress import Progress
from .submission import SubmissionError, prepared

OUR_FILES = {"key", "results.json"}  # what grade_entry writes in a submission's results folder
TICK_SECONDS = 1.0


@dataclass
class Entry:
    """One submission of the batch."""
    name: str                      # its folder or file name in the batch
    path: str
    students: list = field(default_factory=list)   # [{"name", "email", "sid"}]
    submission_id: str = ""


@dataclass
class Graded:
    entry: Entry
    results: dict                  # the Gradescope results.json content
    seconds: float
    skipped: bool = False          # unchanged since the last run: not graded again
    problem: str = ""              # why grading it went wrong, if it did


def check_folder(folder):
    """Refuse, in one line, a batch path that is not a folder of submissions."""
    if not os.path.exists(folder):
        raise SubmissionError(f"{folder} does not exist")
    if not os.path.isdir(folder):
        raise SubmissionError(f"{folder} is a file, not a folder: SUBMISSIONS= takes a folder of "
                              "submissions; grade one file with SUBMISSION=")


def results_folder(assignment_id, submissions_folder):
    """results/<id>/<name of the submissions folder>: each class's outputs apart."""
    name = os.path.basename(os.path.abspath(submissions_folder)) or "submissions"
    return os.path.join("results", assignment_id, name)


def discover(folder):
    """The submissions of a batch folder, in a stable order."""
    metadata_path = os.path.join(folder, "submission_metadata.yml")
    if os.path.isfile(metadata_path):
        return _from_gradescope_export(folder, metadata_path)
    entries = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or not (os.path.isdir(path) or name.endswith((".zip", ".py"))):
            continue
        entries.append(Entry(name=name, path=path))
    return entries


def _from_gradescope_export(folder, metadata_path):
    import yaml  # instructors' tool: pyyaml is installed with the grader
    with open(metadata_path, encoding="utf-8") as handle:
        metadata = yaml.safe_load(handle) or {}
    entries = []
    for name in sorted(metadata):
        info = metadata[name] if isinstance(metadata[name], dict) else {}
        students = [{"name": str(s.get(":name", "")), "email": str(s.get(":email", "")),
                     "sid": str(s.get(":sid", "") or "")}
                    for s in info.get(":submitters", []) if isinstance(s, dict)]
        entries.append(Entry(name=str(name), path=os.path.join(folder, str(name)), students=students,
                             submission_id=str(name).replace("submission_", "")))
    return entries


def content_key(entry, assignment_fingerprint):
    """What a grade depends on: the assignment and the submission's bytes."""
    digest = hashlib.sha256(assignment_fingerprint.encode())
    paths = [entry.path] if os.path.isfile(entry.path) else sorted(
        os.path.join(parent, name) for parent, _, names in os.walk(entry.path) for name in names)
    for path in paths:
        digest.update(os.path.relpath(path, entry.path).encode())
        try:
            with open(path, "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()


class Batch:
    """Grades the entries of one folder into <out_dir>/submissions/<name>/ (the command
    line's out_dir: results/<assignment>/<name of the submissions folder>)."""

    def __init__(self, opened, out_dir, jobs=None, force=False, progress=sys.stderr):
        """`opened`: loading.open_assignment's result (references looked up once
        for the whole batch)."""
        self.code, self.expected_for, self.out_dir = opened.code, opened.expected_for, out_dir
        self.jobs = jobs or os.cpu_count() or 1
        self.force, self.progress = force, progress
        self.fingerprint = store.fingerprint(opened.assignment)
        self._lock = threading.Lock()
        self.progress_bar = None  # a progress.Progress while grade_all runs

    def folder_of(self, entry):
        return os.path.join(self.out_dir, "submissions", entry.name)

    def remove_stale(self, entries):
        """Delete the results of submissions no longer in the folder (a results
        folder holding anything but this module's files is left alone), so that
        submissions/ matches grades.csv.  Returns the names removed."""
        root = os.path.join(self.out_dir, "submissions")
        current = {e.name for e in entries}
        removed = []
        for name in sorted(os.listdir(root)) if os.path.isdir(root) else []:
            folder = os.path.join(root, name)
            if name not in current and os.path.isdir(folder) and \
                    set(os.listdir(folder)) <= OUR_FILES:
                shutil.rmtree(folder)
                removed.append(name)
        return removed

    def grade_all(self, entries):
        started, done = time.monotonic(), []
        self.progress_bar = Progress(len(entries), self.jobs, started)
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs) as pool:
            pending = {pool.submit(self.grade_entry, e) for e in entries}
            while pending:  # wake every second: a hanging submission shows on the bar
                finished, pending = concurrent.futures.wait(
                    pending, timeout=TICK_SECONDS, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in finished:
                    graded = future.result()
                    done.append(graded)
                    self.progress_bar.finished(graded)
                self._report_progress()
        if self.progress:
            self.progress.write("\n")
        order = {e.name: i for i, e in enumerate(entries)}
        return sorted(done, key=lambda g: order[g.entry.name])

    def grade_entry(self, entry):
        folder = self.folder_of(entry)
        key = content_key(entry, self.fingerprint)
        key_path, results_path = os.path.join(folder, "key"), os.path.join(folder, "results.json")
        if not self.force and _read(key_path) == key and os.path.isfile(results_path):
            return Graded(entry, results.read_json(results_path), 0.0, skipped=True)
        started = time.monotonic()
        if self.progress_bar:
            self.progress_bar.started(entry.name, started)
        problem = ""
        try:
            with prepared(entry.path, self.code.assignment.files) as submission:
                result = grading.grade(self.code, submission, self.expected_for)
            data = results.gradescope_json(result)
        except SubmissionError as error:
            problem = str(error)
            data = results.failure_json(f"This submission could not be read: {error}",
                                        self.code.assignment.tests)
        except Exception as error:  # a grader bug: flag it, keep going with the others
            problem = f"the grader failed: {error!r}"
            data = results.failure_json("The grader failed on this submission; the instructor has "
                                        "been told.\n" + traceback.format_exc(limit=3),
                                        self.code.assignment.tests)
        results.write_json(results_path, data)
        with open(key_path, "w") as out:
            out.write(key)
        return Graded(entry, data, time.monotonic() - started, problem=problem)

    def _report_progress(self):
        if not self.progress:
            return
        with self._lock:
            self.progress.write("\r" + self.progress_bar.line(time.monotonic()))
            self.progress.flush()


def _read(path):
    try:
        with open(path) as handle:
            return handle.read().strip()
    except OSError:
        return None
