"""Which folder of an unpacked submission is graded, and what the student is told.

Students hand in their files flat, in one folder, or sometimes twice (`old/`
and `new/`).  The folder graded is, among those holding expected files:

1. the one holding the most expected files,
2. then the shallowest (files at the top win over a copy in a subfolder),
3. then the one whose newest expected file was modified last,
4. then the first by name.

When other folders holding expected files are ignored, the student is told
which folder was graded and which were ignored, relative to the submission.
"""
import os

# From this many candidate folders (none at the top), a folder named on an
# instructor's command line is a class, not one student's submission.
SEVERAL = 3
LISTED = 5  # folder or file names listed in a message


class SubmissionError(Exception):
    """The submission cannot be read at all (the message says why)."""


class PreparedFolder(str):
    """The path of the folder to grade, with `notes`: sentences for the
    student (which folder was graded, which were ignored)."""

    def __new__(cls, path, notes=()):
        folder = super().__new__(cls, path)
        folder.notes = list(notes)
        return folder


def candidates(root, expected_files):
    """{folder: (expected files found, depth, newest mtime, relative name)}."""
    wanted = {f.lower() for f in expected_files}
    found = {}
    for parent, dirs, files in os.walk(root):
        dirs.sort()
        matching = [f for f in files if f.lower() in wanted]
        if matching:
            relative = os.path.relpath(parent, root)
            newest = max(os.path.getmtime(os.path.join(parent, f)) for f in matching)
            found[parent] = (len(matching), 0 if relative == "." else relative.count(os.sep) + 1,
                             newest, relative)
    return found


def rank(key):
    """Sort key: most files, shallowest, most recent, then name (see the module's rule)."""
    count, depth, newest, relative = key
    return (-count, depth, -newest, relative)


def choose(root, expected_files, shown_name, named_folder=None):
    """The PreparedFolder to grade in `root` (the unpacked copy); SubmissionError
    when there is none.  `named_folder`: the original folder, when an instructor
    named it on the command line: then a folder of several submissions is
    refused, and messages suggest SUBMISSIONS=."""
    found = candidates(root, expected_files)
    if not found:
        raise SubmissionError(_nothing_found(root, expected_files, shown_name, named_folder))
    ordered = sorted(found, key=lambda folder: rank(found[folder]))
    if named_folder and len(found) >= SEVERAL and root not in found:
        names = _listed(sorted(found[f][3] + "/" for f in found))
        batch = f"SUBMISSIONS={named_folder}" if os.path.isdir(named_folder) else \
            "SUBMISSIONS=<the folder it unzips to>"
        raise SubmissionError(
            f"{shown_name} holds {len(found)} folders with the expected files ({names}): it looks "
            f"like several submissions; grade them all with {batch}, or one of them with "
            "SUBMISSION=<that folder>")
    chosen, ignored = ordered[0], ordered[1:]
    if not ignored:
        return PreparedFolder(chosen)
    others = _listed([_where(found[folder][3]) for folder in ignored])
    return PreparedFolder(chosen, [
        f"Graded the files in {_where(found[chosen][3])}; ignored {others}, "
        "which also held expected files. When several folders hold them, the one with the most "
        "expected files is graded, then the shallowest, then the most recently modified, then "
        "the first by name."])


def _where(relative):
    return "the top folder" if relative == "." else relative + "/"


def _listed(names):
    more = f" and {len(names) - LISTED} more" if len(names) > LISTED else ""
    return ", ".join(names[:LISTED]) + more


def _nothing_found(root, expected_files, shown_name, named_folder):
    """One sentence instead of a "missing" line per test."""
    message = f"no expected files found in {shown_name} (expected: {', '.join(expected_files)})"
    others = sorted(os.path.relpath(os.path.join(parent, name), root)
                    for parent, _, files in os.walk(root) for name in files)
    if others:
        message += f"; found only {_listed(others)}"
    if named_folder and os.path.isdir(named_folder):
        inner = [n for n in os.listdir(named_folder) if not n.startswith(".") and (
            n.endswith(".zip") or os.path.isdir(os.path.join(named_folder, n)))]
        if inner:
            message += (f"; to grade each of the {len(inner)} folders or .zip files it holds as a "
                        f"submission, use SUBMISSIONS={named_folder}")
    return message
