"""The trust boundary: where student code runs, and how the grader talks to it.

- `student_side/`: everything that runs in the student's process
  (`worker_main.py`, the data-only codec `wire.py`, the network filter
  `no_network.py`).  These files are copied into each worker's private
  folder and import nothing but each other and NumPy; a test enforces it.
- `confinement.py`: this machine's set-up: as whom the worker runs and what
  it sees (bubblewrap's namespaces where they can be made).
- `grader_side.py`: the grader's half: start the worker as an unprivileged
  identity under limits, send one call at a time, enforce the deadline,
  stop and restart it.

Nothing crosses the boundary but JSON and `.npy` (never a pickle); objects
that need not cross (caches, gate instances) stay in the worker as handles.
"""
from .confinement import SandboxUnavailable
from .grader_side import Worker, WorkerFailure, sandbox_warning
from .student_side.wire import Handle, Unsupported

__all__ = ["Worker", "WorkerFailure", "sandbox_warning", "SandboxUnavailable", "Handle", "Unsupported"]
