"""A course autograder for NumPy deep-learning assignments (see README.md)."""
import os

# The grader's own NumPy runs single-threaded BLAS, before NumPy is imported:
# a batch grades in threads and starts workers with fork(), and OpenBLAS's
# thread pool then deadlocked (its fork handler waiting for a pool thread
# while another thread's matrix product waited for the interpreter) and gave
# a reference forward pass a wrong result.  Threads give the batch its
# parallelism; the student's worker sets the same for itself.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
