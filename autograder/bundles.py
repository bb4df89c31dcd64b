"""What leaves the repository: the Gradescope autograder zip and the student
handout zip of an assignment.

Both carry the engine and frozen references (computed here, at build time,
from the solutions and PyTorch), so neither needs torch where it runs.

- `dist/<id>-autograder.zip`: `setup.sh` and `run_autograder` at the root
  (Gradescope's layout), the engine, the assignment folder, its solutions
  (read by comparators and for signatures; root-only on Gradescope) and the
  references of every case.
- `dist/<id>-handout.zip`: built by handout.py (the templates, README,
  `check.py`, `gradcheck.py`, the notebook, and in `.checker/` only what
  checking the visible tests needs).
"""
import os
import re
import zipfile

from . import config, handout, store
from .atomic_zip import atomic_zip
from .loading import open_assignment
from .sandbox.confinement import GRADESCOPE_ACCOUNT

ENGINE_DIR = os.path.dirname(os.path.abspath(__file__))
DIST_DIR = os.path.join(config.ROOT, "dist")
GRADING_PACKAGES = ("numpy", "pyyaml", "gradescope-utils")  # what grading needs; torch is not among them

SETUP_SH = f"""#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image (as root).
set -euo pipefail
cd /autograder/source
if ! python3 -m pip --version >/dev/null 2>&1; then
    apt-get update && apt-get install -y --no-install-recommends python3-pip
fi
python3 -m pip install --no-cache-dir -r requirements.txt
# bubblewrap gives student code a filesystem of its own where the container
# allows namespaces; where it does not, grading goes on without.
if ! command -v bwrap >/dev/null 2>&1; then
    (apt-get update && apt-get install -y --no-install-recommends bubblewrap) \\
        || echo "bubblewrap not installed: student code is confined by permissions only"
fi
# Student code runs as this account; it cannot read the solutions, the
# hidden cases and the frozen references in /autograder/source.
id -u {GRADESCOPE_ACCOUNT} >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin {GRADESCOPE_ACCOUNT}
chmod -R go-rwx /autograder/source
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission (as root).  AUTOGRADER_ROOT moves
# the whole layout elsewhere (make gradescope-check uses it).
root="${{AUTOGRADER_ROOT:-/autograder}}"
cd "$root/source" || exit 1
mkdir -p "$root/results" && chmod 700 "$root/results"
AUTOGRADER_SANDBOX_USER="${{AUTOGRADER_SANDBOX_USER:-{user}}}" \\
    python3 -m autograder gradescope --assignment {assignment} --root "$root"
# The grader writes results.json whatever happens; if Python itself could not start, say so.
if [ ! -s "$root/results/results.json" ]; then
    printf '%s\\n' '{{"score": 0, "output": "The autograder could not start (Python or its packages are missing); the instructor has to fix the autograder.", "tests": []}}' > "$root/results/results.json"
fi
"""

def grading_requirements():
    """The pinned lines of requirements.txt that grading needs (no torch, no pytest)."""
    with open(os.path.join(config.ROOT, "requirements.txt"), encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    return "\n".join(line for line in lines
                     if re.split(r"[=<>!~ ]", line, 1)[0].lower() in GRADING_PACKAGES) + "\n"




def _add_tree(archive, folder, prefix, keep=lambda name: True):
    for parent, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = os.path.join(parent, name)
            if keep(name):
                archive.write(path, os.path.join(prefix, os.path.relpath(path, folder)))


def _add_text(archive, name, text, executable=False):
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text)


def gradescope_zip(assignment_id, dist_dir=DIST_DIR):
    code = open_assignment(assignment_id).code  # computes and stores the references if needed
    book = store.book_path(code)
    path = os.path.join(dist_dir, f"{assignment_id}-autograder.zip")
    with atomic_zip(path) as archive:
        _add_text(archive, "setup.sh", SETUP_SH, executable=True)
        _add_text(archive, "run_autograder",
                  RUN_AUTOGRADER.format(assignment=assignment_id, user=GRADESCOPE_ACCOUNT), executable=True)
        _add_text(archive, "requirements.txt", grading_requirements())
        _add_tree(archive, ENGINE_DIR, "autograder", keep=lambda name: name.endswith(".py"))
        _add_tree(archive, code.assignment.folder, f"assignments/{assignment_id}")
        _add_tree(archive, code.assignment.solution_dir, f"solutions/{assignment_id}",
                  keep=lambda name: name.endswith(".py"))
        archive.write(book, os.path.relpath(book, config.ROOT))
    return path


def handout_zip(assignment_id, dist_dir=DIST_DIR):
    """The student handout (see handout.py)."""
    return handout.handout_zip(assignment_id, dist_dir)
