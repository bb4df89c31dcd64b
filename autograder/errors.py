"""Exceptions shared across the engine, each saying whose mistake it is."""


class ConfigError(Exception):
    """An instructor's mistake in an assignment folder; the message says the fix."""


class Mismatch(Exception):
    """A student's returned value does not have the structure the test expects."""


class CaseFailed(Exception):
    """Ends a test case early with the sentence(s) that explain why."""

    def __init__(self, *lines):
        super().__init__(lines[0])
        self.lines = list(lines)
