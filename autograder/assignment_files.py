"""An assignment's own Python files (inputs.py, comparators.py, mutants.py,
misconceptions.py, torch_ops.py, worker modules), imported under a private
name so that two assignments' files never meet in sys.modules."""
import importlib.util
import os


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def optional_module(assignment, name):
    """assignments/<id>/<name>.py imported, or None when the file is absent."""
    path = os.path.join(assignment.folder, f"{name}.py")
    return load_module(path, f"_assignment_{assignment.id}_{name}") if os.path.isfile(path) else None
