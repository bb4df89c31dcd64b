"""Exceptions shared across the engine, each saying whose mistake it is."""


class ConfigError(Exception):
    """An instructor's mistake in an assignment folder; the message says the fix."""


class Mismatch(Exception):
    """A student's returned value does not have the structure the test expects."""


class CaseFailed(Exception):
    """Ends a test case early with the sentence(s) that explain why."""

    def __init__(self, *lines, raised=()):
        super().__init__(lines[0])
        self.lines = list(lines)
        self.raised = tuple(raised)  # the student's exception type and its bases, by name; () if none


class StudentError(Exception):
    """A call to student code made by a Python test failed: it raised, crashed,
    timed out, or its module is missing or cannot be imported.  `lines` are the
    sentences of the feedback (the student's exception type, message and own
    traceback lines; no message for a hidden test); `error_type` is the
    student's exception type name ("" for a crash or a timeout)."""

    def __init__(self, lines, error_type=""):
        super().__init__(lines[0] if lines else "student code failed")
        self.lines, self.error_type = list(lines), error_type


class CheckFailed(AssertionError):
    """A Python test's comparison (`assert_matches`) failed.  The engine wrote
    `lines` for the test's visibility (no data for hidden tests) and `tables`
    (the first differing values, visible tests only)."""

    def __init__(self, lines, tables=()):
        super().__init__("; ".join(lines))
        self.lines, self.tables = list(lines), list(tables)
