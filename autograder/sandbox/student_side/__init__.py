"""Modules that run inside the student's worker process (copied there as
plain files, so they import only each other and NumPy, never `autograder`)."""
