"""Which warnings a call raised count against a stability test.

The contract (CURRICULUM: "numerical warnings (overflow, divide by zero,
invalid value) count as failures where a function is specified as stable")
counts only NumPy's floating-point errors: the RuntimeWarnings NumPy raises
under `np.errstate(over=, divide=, invalid="warn")`.  Every other warning (a
DeprecationWarning for `float()` of a 1-element array, a UserWarning) says
nothing about stability: it is shown as a note and never costs the case.

The worker sends each warning as plain data, {"category", "message"}; the
classification is the grader's, so nothing the student's process says about
its own warnings is taken on trust beyond their text.
"""
import re

# NumPy's wording for the three floating-point errors ("overflow encountered
# in exp", "divide by zero encountered in log", "invalid value encountered in
# divide"); underflow is no error (exp(-1e4) == 0 is what stable code computes).
FLOATING_POINT = re.compile(r"\b(overflow|divide by zero|invalid value) encountered\b")
SHOWN_MESSAGE = 200  # characters of a warning's message shown in feedback


def split(warnings):
    """(floating-point warnings, other warnings), each a list of (category, message)."""
    floating, other = [], []
    for warning in warnings if isinstance(warnings, list) else []:
        category, message = _fields(warning)
        is_floating = category == "RuntimeWarning" and FLOATING_POINT.search(message)
        (floating if is_floating else other).append((category, message))
    return floating, other


def _fields(warning):
    if isinstance(warning, dict):
        return str(warning.get("category", "Warning")), str(warning.get("message", ""))
    return "Warning", str(warning)


def described(warnings, hidden):
    """The warnings in words: category and message; for hidden inputs only what
    cannot carry data (the category, and NumPy's name of a floating-point error)."""
    texts = []
    for category, message in warnings:
        if not hidden:
            cut = message[:SHOWN_MESSAGE] + ("..." if len(message) > SHOWN_MESSAGE else "")
            texts.append(f"{category}: {cut}")
        else:
            found = FLOATING_POINT.search(message) if category == "RuntimeWarning" else None
            texts.append(f"{category}: {found.group(0)}" if found else category)
    return "; ".join(dict.fromkeys(texts))
