"""The shape of the engine, enforced: no import cycle anywhere in `autograder`
(imports inside functions count too: a lazy import hides a cycle, it does not
remove it), and the student-side process imports nothing of the grader."""
import ast
import os

from autograder.sandbox import Worker, grader_side
from conftest import ROOT

PACKAGE = os.path.join(ROOT, "autograder")
STUDENT_SIDE = os.path.join(PACKAGE, "sandbox", "student_side")


def module_name(path):
    parts = os.path.relpath(path, ROOT)[:-3].split(os.sep)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules():
    """{dotted module name: file path} of every module of the package."""
    found = {}
    for parent, dirs, names in os.walk(PACKAGE):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            if name.endswith(".py"):
                found[module_name(os.path.join(parent, name))] = os.path.join(parent, name)
    return found


def imported(path, name, known):
    """The package's modules that the module at `path` imports, anywhere in it."""
    is_package = path.endswith("__init__.py")
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    return {t for t in targets if t in known and t != name}


def import_graph():
    known = modules()
    return {name: imported(path, name, known) for name, path in known.items()}


def find_cycle(graph):
    """One import cycle as a list of modules, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_engine_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle)


def test_the_cycle_finder_sees_imports_inside_functions(tmp_path):
    """The checker itself: mutation testing's import of batch sits at the top
    of its module; the same import inside a function is still an edge."""
    lazy = tmp_path / "lazy.py"
    lazy.write_text("def run():\n    from .batch import Batch\n    return Batch\n")
    assert imported(str(lazy), "autograder.lazy", modules()) == {"autograder.batch"}


def test_the_cycle_finder_finds_any_reversed_edge():
    graph = import_graph()
    for source, targets in graph.items():
        for target in targets:
            reversed_edge = dict(graph, **{target: graph[target] | {source}})
            assert find_cycle(reversed_edge), f"{target} -> {source} closes a cycle, not found"


def test_the_student_side_imports_nothing_of_the_grader():
    """Every module the worker runs is copied into it as a plain file: it may
    import its siblings and NumPy, never `autograder` (which is not there, and
    would carry the grader's code into the student's process)."""
    siblings = {name[:-3] for name in os.listdir(STUDENT_SIDE) if name.endswith(".py")}
    for name in sorted(siblings):
        with open(os.path.join(STUDENT_SIDE, f"{name}.py"), encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{name}.py: a relative import does not work in the worker"
                tops = [node.module.split(".")[0]]
            elif isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            else:
                continue
            for top in tops:
                assert top != "autograder", f"{name}.py imports {top}, line {node.lineno}"


def test_the_worker_runs_on_every_student_side_file_and_nothing_else(tmp_path):
    (tmp_path / "empty.py").write_text("")
    with Worker(str(tmp_path)) as worker:
        worker.start()
        copied = sorted(n for n in os.listdir(os.path.join(worker.root, "runtime")) if n.endswith(".py"))
    assert copied == grader_side.student_side_files()
    assert copied == sorted(n for n in os.listdir(STUDENT_SIDE) if n.endswith(".py") and n != "__init__.py")
