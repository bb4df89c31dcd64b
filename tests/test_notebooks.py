"""Each handout's notebook executed top to bottom by a real Jupyter kernel
(nbclient), in the unzipped handout: against the reference solution it runs
without error, with check.py's checks passing beside its pictures; against
the template it stops at the first missing function with one line."""
import os
import re
import sys
import time

import pytest

from handout_helpers import ASSIGNMENTS, handouts, unzip  # noqa: F401 (a fixture)

# The first student function each notebook calls, and its file.
FIRST_MISSING = {"perceptron": ("sigmoid_forward", "activations.py"),
                 "backprop": ("simple_graph", "graphs.py"),
                 "cnn": ("correlate2d", "layers.py"),
                 "tricks": ("dropout_forward", "dropout.py")}


def execute(folder, notebook_name):
    """Run the notebook top to bottom in a real kernel; (notebook, error or None, seconds)."""
    if sys.version_info < (3, 11):  # requirements.txt pins ipykernel and matplotlib for 3.11+ only
        for name in ("ipykernel", "matplotlib"):
            pytest.importorskip(name)
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(os.path.join(folder, notebook_name), as_version=4)
    started = time.monotonic()
    try:
        NotebookClient(notebook, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": folder}}).execute()
        return notebook, None, time.monotonic() - started
    except CellExecutionError as error:
        return notebook, error, time.monotonic() - started


def error_outputs(notebook):
    return [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if o.output_type == "error"]


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_the_notebook_runs_against_the_solution(handouts, tmp_path, assignment_id):
    folder = unzip(handouts[assignment_id], tmp_path, solution_of=assignment_id)
    notebook, error, seconds = execute(folder, f"{assignment_id}.ipynb")
    assert error is None, str(error)[-3000:]
    assert seconds < 120, f"the notebook took {seconds:.0f} s"
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert re.search(r"visible tests? passed", printed) and "failed" not in printed  # check.py's checks beside the pictures
    images = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert len(images) >= 2


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_the_notebook_stops_at_the_first_missing_function_in_one_line(handouts, tmp_path, assignment_id):
    folder = unzip(handouts[assignment_id], tmp_path)
    notebook, error, _ = execute(folder, f"{assignment_id}.ipynb")
    assert error is not None, "the template's notebook ran to the end"
    function, file_name = FIRST_MISSING.get(assignment_id, (r"\S+", r"\S+\.py"))
    (shown,) = error_outputs(notebook)
    assert len(shown["traceback"]) == 1, shown["traceback"]  # one line, not a traceback wall
    assert re.search(rf"Implement {function} in {file_name} first", shown["traceback"][0]), shown
    assert not [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
                if "image/png" in o.get("data", {})], "an empty figure was left below the stop"
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert "failed: not implemented" in printed  # the checks ran before the stop
    assert "python check.py" not in printed  # hints in the notebook's words
    if assignment_id in FIRST_MISSING:  # several checks ran: the hint names the next one
        assert 'run_checks("' in printed


def test_a_missing_method_is_named_with_its_class(handouts, tmp_path):
    folder = unzip(handouts["cnn"], tmp_path, solution_of="cnn", only=["layers.py"])
    notebook, error, _ = execute(folder, "cnn.ipynb")
    (shown,) = error_outputs(notebook)
    assert "Implement SmallConvNet.__init__ in cnn.py first" in shown["traceback"][0], shown
