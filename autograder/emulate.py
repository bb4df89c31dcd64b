"""Run an autograder zip the way Gradescope does, on this machine.

A temporary root laid out like Gradescope's (`source/`, `submission/`,
`results/`, `submission_metadata.json`), a virtual environment with only the
zip's requirements (no torch: proof that grading does not need it), then the
zip's own `run_autograder` with AUTOGRADER_ROOT pointing at that root.
`setup.sh`'s other steps (apt, the sandbox account, permissions) are left to
Gradescope's machine.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

from .config import ROOT
from .sandbox.confinement import DEFAULT_ACCOUNT

VENVS_DIR = os.path.join(ROOT, ".cache", "gradescope-venv")
# Gradescope grades with the system's python3; so does the emulation where the
# machine has one, which also lets an unprivileged account run student code.
SYSTEM_PYTHON = "/usr/bin/python3"
# setup.sh's `useradd autograder-student` is not run here (it would change this
# machine), so the account every Linux has stands in for it.
STAND_IN_ACCOUNT = DEFAULT_ACCOUNT
METADATA = {"id": 1, "created_at": "2026-01-01T00:00:00Z", "assignment": {"title": "local check"},
            "users": [{"name": "Local Check", "email": "local@example.edu", "sid": "0"}]}


def grading_python(requirements):
    """A venv holding exactly `requirements` (made once per distinct text)."""
    key = hashlib.sha256(requirements.encode()).hexdigest()[:12]
    venv = os.path.join(VENVS_DIR, key)
    python = os.path.join(venv, "bin", "python3")
    if not os.path.isfile(os.path.join(venv, "installed")):
        shutil.rmtree(venv, ignore_errors=True)
        base = SYSTEM_PYTHON if os.access(SYSTEM_PYTHON, os.X_OK) else sys.executable
        subprocess.run([base, "-m", "venv", venv], check=True)
        listed = os.path.join(venv, "requirements.txt")
        with open(listed, "w") as out:
            out.write(requirements)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", listed], check=True)
        open(os.path.join(venv, "installed"), "w").close()
    return python


def _place_submission(submission, target):
    """Gradescope unpacks an uploaded zip; a folder or single file is copied."""
    if os.path.isdir(submission):
        shutil.copytree(submission, target, dirs_exist_ok=True)
    elif zipfile.is_zipfile(submission):
        with zipfile.ZipFile(submission) as archive:
            archive.extractall(target)
    else:
        shutil.copy(submission, target)


def run(zip_path, submission, metadata=METADATA, timeout=1800, root=None, environment=None):
    """Grade `submission` with the autograder zip; return (results dict, log text).
    `root`: an empty folder to lay the /autograder tree in (default: a temporary one);
    `environment`: variables added to the grader's (e.g. AUTOGRADER_NAMESPACES=off)."""
    with tempfile.TemporaryDirectory(prefix="gradescope-root-") as scratch:
        root = root or scratch
        os.chmod(root, 0o755)  # like /autograder: others may look in, not into source/
        source = os.path.join(root, "source")
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(source)
            requirements = archive.read("requirements.txt").decode()
        for name in ("setup.sh", "run_autograder"):
            os.chmod(os.path.join(source, name), 0o755)
        os.chmod(source, 0o700)  # setup.sh's permission step
        os.makedirs(os.path.join(root, "submission"))
        _place_submission(submission, os.path.join(root, "submission"))
        if metadata is not None:
            with open(os.path.join(root, "submission_metadata.json"), "w") as out:
                json.dump(metadata, out)
        python = grading_python(requirements)
        environment = {"PATH": f"{os.path.dirname(python)}:/usr/bin:/bin", "AUTOGRADER_ROOT": root,
                       "HOME": root, "LANG": "C.UTF-8", "AUTOGRADER_SANDBOX_USER": STAND_IN_ACCOUNT,
                       **(environment or {})}
        done = subprocess.run(["bash", os.path.join(source, "run_autograder")], env=environment,
                              capture_output=True, text=True, timeout=timeout)
        with open(os.path.join(root, "results", "results.json"), encoding="utf-8") as handle:
            return json.load(handle), done.stdout + done.stderr


def schema_problems(results):
    """What is wrong with a results.json by tests/results_schema.json ("" if valid)."""
    import jsonschema  # an instructor's tool: installed with the grader's requirements
    with open(os.path.join(ROOT, "tests", "results_schema.json"), encoding="utf-8") as handle:
        schema = json.load(handle)
    try:
        jsonschema.validate(results, schema)
    except jsonschema.ValidationError as error:
        return error.message
    return ""
