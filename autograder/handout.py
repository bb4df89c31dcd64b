"""The student handout `dist/<id>-handout.zip`.

At the top, what a student opens: the template files, the README (the
assignment's, then the shared section on the tools from handout/README.md),
`check.py`, `gradcheck.py`, the notebook `<id>.ipynb` (from
assignments/<id>/, shipped without outputs) and the data files it reads.

`.checker/` holds only what checking needs: the engine modules that
`student_check` imports (found by reading their imports, so a new engine
module is shipped only if checking uses it: no batch, Gradescope emulation,
bundle builders or mutation testing), the worker's own files, a visible-only
`assignment.json` without the hidden seed, the pristine templates in place of
the solutions (the engine reads only their signatures) and the references of
the visible cases, computed here from the real solutions.  Tests judged by an
outcome comparator need the reference solution, so the handout leaves them to
Gradescope and says so.
"""
import ast
import json
import os
import shutil
import string
import tempfile

from . import config, store
from .atomic_zip import atomic_zip
from .loading import AssignmentCode
from .sandbox.grader_side import STUDENT_SIDE, student_side_files
from .templates import TEMPLATES_DIR

ENGINE_DIR = os.path.dirname(os.path.abspath(__file__))
SHARED_DIR = os.path.join(config.ROOT, "handout")  # check.py, gradcheck.py, README.md
ENTRY_MODULES = ("student_check.py", "notebook_support.py")  # what check.py imports
LEFT_IN_THE_REPOSITORY = ("assignment.yaml", "comparators.py", "torch_ops.py", "mutants.py",
                          "misconceptions.py", "README.md", "__pycache__", "*.ipynb",
                          "PENDING_*", "AUTHORING_NOTES.md",  # the instructor's drafts and notes
                          "tests_*.py")  # Python tests need the solution: Gradescope only


def engine_modules(entries=ENTRY_MODULES, engine_dir=ENGINE_DIR):
    """Paths (relative to the engine folder) of the entry modules and every
    engine module they import at module level, transitively, with the
    packages' __init__.py; imports inside functions (torch, the mutant
    catalog) are left out, as checking never calls them."""
    wanted, queue = {"__init__.py"}, list(entries)
    while queue:
        relative = queue.pop()
        if relative in wanted:
            continue
        wanted.add(relative)
        with open(os.path.join(engine_dir, relative), encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        package = os.path.dirname(relative)
        for statement in _module_level(tree.body):
            if isinstance(statement, ast.ImportFrom) and statement.level:
                queue += _resolve(statement, package, engine_dir)
    return sorted(wanted)


def _module_level(body):
    """Statements run at import: the body and the branches of top-level if/try."""
    for node in body:
        yield node
        if isinstance(node, (ast.If, ast.Try)):
            for branch in (node.body, node.orelse, getattr(node, "finalbody", []),
                           *[h.body for h in getattr(node, "handlers", [])]):
                yield from _module_level(branch)


def _resolve(statement, package, engine_dir):
    """Engine files a relative `from ... import ...` loads."""
    base = package
    for _ in range(statement.level - 1):
        base = os.path.dirname(base)
    target = os.path.join(base, *(statement.module or "").split(".")) if statement.module else base
    found = []
    if os.path.isfile(os.path.join(engine_dir, target + ".py")):
        return [target + ".py"]
    if os.path.isdir(os.path.join(engine_dir, target)):
        found.append(os.path.join(target, "__init__.py"))
        for alias in statement.names:  # `from .pkg import module`
            if os.path.isfile(os.path.join(engine_dir, target, alias.name + ".py")):
                found.append(os.path.join(target, alias.name + ".py"))
    return found


def worker_files():
    """The student side of the sandbox, which the worker copies (not imports) by listing."""
    folder = os.path.relpath(STUDENT_SIDE, ENGINE_DIR)
    return [os.path.join(folder, name) for name in ("__init__.py", *student_side_files())]


def visible_config(assignment):
    """The assignment's config with only the tests a student may run locally."""
    raw = config.read_raw(config.config_path(assignment.folder))
    kept = [t for t in raw["tests"] if t.get("visibility", "visible") == "visible"
            and t.get("check") != "inputs_untouched" and not t.get("compare")]
    raw["tests"] = kept
    raw["total_points"] = sum(t["weight"] for t in kept)
    raw["seeds"] = {"visible": raw["seeds"]["visible"], "hidden": raw["seeds"]["visible"] + 1}
    return raw


def notebook_path(assignment):
    return os.path.join(assignment.folder, f"{assignment.id}.ipynb")


def notebook_without_outputs(path):
    """The notebook's JSON with every output and execution count removed."""
    with open(path, encoding="utf-8") as handle:
        notebook = json.load(handle)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def readme(assignment):
    """The assignment's README, then the shared section on check.py, gradcheck.py
    and the notebook."""
    with open(os.path.join(assignment.folder, "README.md"), encoding="utf-8") as handle:
        own = handle.read()
    with open(os.path.join(SHARED_DIR, "README.md"), encoding="utf-8") as handle:
        shared = string.Template(handle.read())
    tests = [t for t in assignment.tests if not t.hidden and t.check != "inputs_untouched"
             and not t.compare]
    example = next((t for t in tests if t.check == "backward"), tests[0])
    function = example.construct or example.function
    return own.rstrip() + "\n\n" + shared.substitute(
        assignment=assignment.id, files=", ".join(f"`{name}`" for name in assignment.files),
        file=assignment.files[0], test=example.number, function=function.split(".")[-1])


def handout_zip(assignment_id, dist_dir):
    assignment = config.load(assignment_id)
    _require_files(assignment)  # before anything is computed or written
    with tempfile.TemporaryDirectory(prefix="autograder-handout-") as scratch:
        checker = os.path.join(scratch, ".checker")
        _fill_checker(assignment, checker)
        path = os.path.join(dist_dir, f"{assignment_id}-handout.zip")
        with atomic_zip(path) as archive:
            for name in assignment.files:
                archive.write(os.path.join(TEMPLATES_DIR, assignment_id, name), name)
            archive.writestr("README.md", readme(assignment))
            for name in ("check.py", "gradcheck.py"):
                archive.write(os.path.join(SHARED_DIR, name), name)
            if os.path.isfile(notebook_path(assignment)):
                archive.writestr(f"{assignment_id}.ipynb", notebook_without_outputs(notebook_path(assignment)))
            for name in sorted(os.listdir(assignment.folder)):
                if name.endswith(".npz") or name == "DATA.md":  # the notebook's data and its licence
                    archive.write(os.path.join(assignment.folder, name), name)
            for parent, dirs, names in os.walk(checker):
                dirs.sort()
                for name in sorted(names):
                    full = os.path.join(parent, name)
                    archive.write(full, os.path.relpath(full, scratch))
    return path


def _require_files(assignment):
    """Refuse, naming them, when files the handout is made of are missing."""
    needed = [os.path.join(assignment.folder, "README.md")]
    needed += [os.path.join(TEMPLATES_DIR, assignment.id, name) for name in assignment.files]
    needed += [os.path.join(SHARED_DIR, name) for name in ("README.md", "check.py", "gradcheck.py")]
    missing = [os.path.relpath(path, config.ROOT) for path in needed if not os.path.isfile(path)]
    if missing:
        raise config.ConfigError(f"cannot build the handout of {assignment.id}: missing "
                                 f"{', '.join(missing)}" + (" (run `make templates`)" if any(
                                     path.startswith("student_template") for path in missing) else ""))


def _fill_checker(assignment, checker):
    folder = os.path.join(checker, "assignments", assignment.id)
    shutil.copytree(assignment.folder, folder, ignore=shutil.ignore_patterns(*LEFT_IN_THE_REPOSITORY))
    with open(os.path.join(folder, "assignment.json"), "w", encoding="utf-8") as out:
        json.dump(visible_config(assignment), out, indent=1)
    shutil.copytree(os.path.join(TEMPLATES_DIR, assignment.id),
                    os.path.join(checker, "solutions", assignment.id))
    for relative in sorted(set(engine_modules()) | set(worker_files())):
        target = os.path.join(checker, "autograder", relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy(os.path.join(ENGINE_DIR, relative), target)
    _freeze_visible_references(assignment, folder, checker)


def _freeze_visible_references(assignment, folder, checker):
    """References of the visible cases, computed from the real solutions, stored
    under the fingerprint the handout's own files give (as its engine will look
    them up)."""
    visible = config.load(assignment.id, folder)
    book = store.compute(AssignmentCode(assignment), visible.tests)  # the real solutions and torch
    fingerprint = store.fingerprint(visible, root=checker,
                                    solution_dir=os.path.join(checker, "solutions", assignment.id))
    store.save(book, os.path.join(checker, ".cache", "references", f"{assignment.id}-{fingerprint}.refs"))
