"""Turn what a student handed in (a folder or a .zip) into a clean folder.

Only regular `.py` files are taken; zips are unpacked with caps and never
outside their target; the expected files may sit in a nested folder (which
one is graded: `choosing.py`).  A `.py` file over the size cap is replaced by
one line that raises ImportError saying so: its own tests fail with that
reason, the other files are graded as usual.  Messages name files relative to
the submission: they reach students, who must not see the grader's paths.
"""
import contextlib
import os
import shutil
import stat
import tempfile
import time
import zipfile

from .choosing import SubmissionError, candidates, choose, rank

MAX_FILES = 2000
MAX_FILE_BYTES = 2 * 2**20
MAX_TOTAL_BYTES = 50 * 2**20


def _write_too_large(destination, name, size):
    message = (f"{name} is {size / 2**20:.1f} MB; Python files over {MAX_FILE_BYTES // 2**20} MB "
               "are not graded (is data pasted into the source?)")
    with open(destination, "w", encoding="utf-8") as out:
        out.write(f"raise ImportError({message!r})\n")


def _safe_members(archive):
    members, total = [], 0
    for info in archive.infolist():
        name = info.filename
        if info.is_dir() or not name.endswith(".py"):
            continue
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            continue  # path traversal or an absolute path: never written
        if stat.S_ISLNK(info.external_attr >> 16):
            continue
        total += info.file_size if info.file_size <= MAX_FILE_BYTES else 0  # not unpacked
        members.append(info)
        if len(members) > MAX_FILES or total > MAX_TOTAL_BYTES:
            raise SubmissionError(f"the zip holds more than {MAX_FILES} files or "
                                  f"{MAX_TOTAL_BYTES // 2**20} MB of Python")
    return members


def _unzip(path, target):
    try:
        with zipfile.ZipFile(path) as archive:
            for info in _safe_members(archive):
                destination = os.path.join(target, *info.filename.replace("\\", "/").split("/"))
                os.makedirs(os.path.dirname(destination), exist_ok=True)
                if info.file_size > MAX_FILE_BYTES:
                    _write_too_large(destination, info.filename, info.file_size)
                    continue
                with archive.open(info) as source, open(destination, "wb") as out:
                    data = source.read(MAX_FILE_BYTES + 1)  # the header may lie about sizes
                    if len(data) > MAX_FILE_BYTES:
                        raise SubmissionError(f"{info.filename} is larger than it claims")
                    out.write(data)
                _keep_zip_time(destination, info)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise SubmissionError(f"{os.path.basename(path)} is not a readable zip file "
                              f"({reason or type(error).__name__})") from None


def _keep_zip_time(destination, info):
    """The file's time as the zip recorded it: choosing.py prefers the newest folder."""
    try:
        stamp = time.mktime(info.date_time + (0, 0, -1))
        os.utime(destination, (stamp, stamp))
    except (OverflowError, ValueError, OSError):
        pass


def _copy_python_files(source, target):
    count = 0
    for parent, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if not d.startswith((".", "__")) and
                   not os.path.islink(os.path.join(parent, d))]
        for name in files:
            path = os.path.join(parent, name)
            if not name.endswith(".py") or os.path.islink(path):
                continue
            count += 1
            if count > MAX_FILES:
                raise SubmissionError(f"the submission holds more than {MAX_FILES} Python files")
            destination = os.path.join(target, os.path.relpath(path, source))
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            size = os.path.getsize(path)
            if size > MAX_FILE_BYTES:
                _write_too_large(destination, os.path.relpath(path, source), size)
            else:
                shutil.copyfile(path, destination)
                stat_result = os.stat(path)
                os.utime(destination, (stat_result.st_atime, stat_result.st_mtime))


def find_folder(root, expected_files):
    """The folder `prepared` would grade in `root`, read in place (by choosing.py's
    rule), or `root` itself when no folder holds an expected file."""
    found = candidates(root, expected_files)
    return min(found, key=lambda folder: rank(found[folder])) if found else root


@contextlib.contextmanager
def prepared(path, expected_files, named_by_instructor=False, shown_name=None):
    """Yield a temporary folder with the submission's Python files, flat: a
    `choosing.PreparedFolder` (a path) whose `.notes` tell the student which
    folder was graded when others were ignored.  `named_by_instructor`: the
    path comes from an instructor's command line, where a folder holding many
    candidate folders is a class, not one submission.  `shown_name`: how
    messages name the submission (default: its file or folder name)."""
    if not os.path.exists(path):
        raise SubmissionError(f"{path} does not exist")
    with tempfile.TemporaryDirectory(prefix="autograder-submission-") as scratch:
        unpacked = os.path.join(scratch, "unpacked")
        os.mkdir(unpacked)
        if os.path.isdir(path):
            _copy_python_files(path, unpacked)
        elif zipfile.is_zipfile(path) or path.lower().endswith(".zip"):
            _unzip(path, unpacked)  # a broken .zip gets "not a readable zip file"
        elif path.endswith(".py"):
            shutil.copyfile(path, os.path.join(unpacked, os.path.basename(path)))
        else:
            raise SubmissionError(f"{os.path.basename(path)} is neither a folder, a .zip nor a .py file")
        yield choose(unpacked, expected_files, shown_name or os.path.basename(os.path.abspath(path)),
                     path if named_by_instructor else None)
