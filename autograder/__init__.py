"""A course autograder for NumPy deep-learning assignments (see README.md)."""
