"""References of every case of an assignment, computed once and kept in a file.

The file is the wire format (JSON + .npy, no pickle), named by a fingerprint
of everything the references depend on: the assignment folder, the solutions,
the engine code that computes them and the torch version.  Change any of these
and the next run recomputes.  Grading from a stored book needs no torch.
"""
import hashlib
import os

from . import cases, references
from .definitions import ROOT
from .errors import ConfigError
from .sandbox.student_side import wire

CACHE_DIR = os.path.join(ROOT, ".cache", "references")


def fingerprint(assignment, root=ROOT, solution_dir=None):
    """A digest of everything the references depend on, as laid out under
    `root` (the repository, or a bundle being built): every file of the engine
    (by listing, so no new module can be forgotten), the assignment folder
    and the solutions."""
    digest = hashlib.sha256()
    folders = [os.path.join(root, "autograder"), assignment.folder, solution_dir or assignment.solution_dir]
    files = []
    for folder in folders:
        for parent, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            files += [os.path.join(parent, n) for n in sorted(names)
                      if n.endswith((".py", ".yaml", ".json", ".npz"))]
    for path in files:
        digest.update(os.path.relpath(path, root).encode())
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:20]


def compute(code, tests=None):
    """{"<test number>#<case index>": reference} for every case (of `tests`)."""
    book = {}
    for test in code.assignment.tests if tests is None else tests:
        for index in range(len(test.cases)):
            inputs = cases.make_inputs(code.assignment, test, index, code.inputs)
            book[f"{test.number}#{index}"] = references.expected(code, test, index, inputs)
    return book


def save(book, path):
    header, blobs = wire.encode(book)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as out:
        out.write(wire.HEADER.pack(len(header)))
        out.write(header)
        for blob in blobs:
            out.write(blob)
    os.replace(temporary, path)


def load(path):
    read_fd = os.open(path, os.O_RDONLY)
    try:
        return wire.receive(read_fd, limit=2**40)
    finally:
        os.close(read_fd)


def book_path(code, cache_dir=CACHE_DIR):
    return os.path.join(cache_dir, f"{code.assignment.id}-{fingerprint(code.assignment)}.refs")


def reference_lookup(code, cache_dir=CACHE_DIR, frozen=False):
    """A function (test, index, inputs) -> reference, backed by the stored book.

    `frozen` (Gradescope, the student handout): the book must have been stored
    when the package was built; nothing is computed and torch is never needed."""
    path = book_path(code, cache_dir)
    if os.path.isfile(path):
        book = load(path)
    elif frozen:
        raise ConfigError(f"the frozen references {os.path.relpath(path, ROOT)} are missing or do not "
                          "match this assignment's files: rebuild the package (make gradescope)")
    else:
        book = compute(code)
        save(book, path)
    return lambda test, index, inputs: book[f"{test.number}#{index}"]
