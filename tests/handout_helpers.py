"""Shared by the tests of the student's side: the handouts built once per
module, unzipped as a student gets them, with the reference solution copied
in where a test needs it."""
import importlib.util
import os
import shutil
import sys
import zipfile

import pytest

from autograder import config, handout

ASSIGNMENTS = config.available()


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    return {a: handout.handout_zip(a, str(dist)) for a in ASSIGNMENTS}


def unzip(handout_zip, folder, solution_of=None, only=None):
    """The handout in `folder`; with `solution_of`, the reference solution's
    files (or only those in `only`) copied over the templates."""
    with zipfile.ZipFile(handout_zip) as archive:
        archive.extractall(folder)
    if solution_of:
        source = os.path.join(config.SOLUTIONS_DIR, solution_of)
        for name in only or [n for n in os.listdir(source) if n.endswith(".py")]:
            shutil.copy(os.path.join(source, name), os.path.join(folder, name))
    return str(folder)


def load_solution_module(assignment_id, module):
    folder = os.path.join(config.SOLUTIONS_DIR, assignment_id)
    sys.path.insert(0, folder)
    try:
        spec = importlib.util.spec_from_file_location(f"_student_side_{assignment_id}_{module}",
                                                      os.path.join(folder, f"{module}.py"))
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        return loaded
    finally:
        sys.path.remove(folder)
