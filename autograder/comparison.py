"""Compare a student's value with the reference and say precisely what differs.

Every comparison happens in float64 on plain data decoded from the worker.
A problem is one sentence; hidden tests get sentences without data (no
shapes, indices or values), only the kind of problem and the error size.
"""
import numbers
from dataclasses import dataclass

import numpy as np

from .sandbox.student_side.wire import Handle, Unsupported


def relative_error(received, expected):
    """max |a - b| / max(1e-8, |a| + |b|): the field's customary measure."""
    a, b = np.asarray(received, np.float64), np.asarray(expected, np.float64)
    if a.size == 0:
        return 0.0
    with np.errstate(all="ignore"):  # huge values: the measure saturates at 1, no warning
        return float(np.nanmax(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)), initial=0.0))


def describe(value):
    """A short description of a value's type and shape, for messages."""
    if isinstance(value, np.ndarray):
        return f"{value.dtype} array {value.shape}"
    if isinstance(value, Handle):
        return "an object that is not plain data"
    if isinstance(value, Unsupported):
        return value.description
    if isinstance(value, dict) and all(isinstance(v, (numbers.Number, str)) for v in value.values()) \
            and len(repr(value)) <= 60:
        return repr(value)  # small parameter dicts (conv_param, pool_param) read best as they are
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)}"
    if isinstance(value, (bool, numbers.Number, str)) or value is None:
        text = repr(value)
        return text if len(text) <= 40 else text[:37] + "..."
    return type(value).__name__


LITERAL_CHARACTERS = 60  # a literal argument up to this long is shown as written


def describe_literal(value):
    """An argument the test wrote itself (visible tests only): small plain
    literals as written ([1, 8, 8], {'stride': 2}, 0.5), anything else by
    describe().  Never for a student's value: that may hold hidden data."""
    if isinstance(value, np.generic) and value.ndim == 0:
        value = value.item()  # 0.5, not np.float64(0.5)
    if _plain(value) and not isinstance(value, np.ndarray):
        text = repr(value)
        if len(text) <= LITERAL_CHARACTERS:
            return text
    return describe(value)


def _plain(value):
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return isinstance(value, (bool, numbers.Number, str)) or value is None


def _is_integer_data(value):
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "iu"
    if isinstance(value, (list, tuple)):
        return all(_is_integer_data(v) for v in value)
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, bool)


def _real_number(value):
    """value as a float64 when it is a real number (not bool, complex, text, a date), else None."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.integer, np.floating)):
        return None
    try:
        return np.float64(value)
    except (OverflowError, ValueError, TypeError):
        return None


def _is_scalar(value):
    return isinstance(value, (numbers.Number, np.generic)) or \
        (isinstance(value, np.ndarray) and value.ndim == 0)


def as_array(name, value, expected):
    """Turn what the student returned into an ndarray or explain why not."""
    if isinstance(value, np.ndarray):
        return value, None
    if isinstance(value, (list, tuple)) and isinstance(expected, np.ndarray):
        try:
            converted = np.array(value)
        except (ValueError, TypeError):
            converted = None
        if converted is not None and converted.dtype.kind in "biuf":
            return converted, None
        return None, f"{name}: returned {describe(value)} that is not a numeric array"
    return None, f"{name}: should be a NumPy array, got {describe(value)}"


TABLE_ROWS = 5  # differing entries listed per output in a visible test's table


@dataclass
class ValueTable:
    """The first differing entries of one output, for a visible test's feedback."""
    name: str
    rows: list        # (index, expected, received, difference), as text
    more: int = 0     # differing entries beyond the rows


class Comparison:
    """The verdict on one named output: problems (empty means it passed), and
    for a visible test the differing entries as tables."""

    def __init__(self, name, hidden, tolerance, abs_tolerance):
        self.name, self.hidden = name, hidden
        self.tolerance, self.abs_tolerance = tolerance, abs_tolerance
        self.problems, self.tables = [], []
        self.error = None

    def say(self, visible_text, hidden_text):
        """Record a problem; hidden tests get the text that reveals no data."""
        self.problems.append(hidden_text if self.hidden else visible_text)

    def run(self, received, expected):
        if isinstance(expected, dict):
            self.mapping(received, expected)
        elif _is_scalar(expected):  # a number, NumPy scalar or 0-d array
            self.scalar(received, expected)
        elif isinstance(expected, (list, tuple)) and _is_integer_data(expected):
            self.exact_sequence(received, expected)
        else:
            self.array(received, np.asarray(expected))
        return self.problems

    def mapping(self, received, expected):
        """A dict of values (e.g. params after training): same keys, each compared."""
        if not isinstance(received, dict) or set(received) != set(expected):
            keys = ", ".join(map(str, expected))
            found = f"keys {', '.join(map(str, received))}" if isinstance(received, dict) \
                else describe(received)
            return self.say(f"{self.name}: should be a dict with the keys {keys}, got {found}",
                            f"{self.name}: should be a dict with the keys {keys}")
        for key, value in expected.items():
            part = Comparison(f"{self.name}[{key!r}]", self.hidden, self.tolerance, self.abs_tolerance)
            self.problems += part.run(received[key], value)
            self.tables += part.tables
            self.error = max(filter(None, (self.error, part.error)), default=None)

    def scalar(self, received, expected):
        if isinstance(received, np.ndarray) and received.ndim == 0:
            received = received[()]
        number = _real_number(received)
        if number is None:
            return self.say(f"{self.name}: should be a number, got {describe(received)}",
                            f"{self.name}: should be a number")
        self.values(number, np.float64(expected), integers=_is_integer_data(expected))

    def exact_sequence(self, received, expected):
        if isinstance(received, (list, tuple)):
            received = np.array(received) if _is_integer_data(received) else None
        if not isinstance(received, np.ndarray) or received.ndim != 1 or received.dtype.kind not in "iu":
            return self.say(f"{self.name}: should be a list of {len(expected)} whole numbers",
                            f"{self.name}: should be a list of whole numbers")
        if len(received) != len(expected):
            return self.say(f"{self.name}: has {len(received)} entries, expected {len(expected)}",
                            f"{self.name}: has the wrong number of entries")
        self.values(received, np.asarray(expected), integers=True)

    def array(self, received, expected):
        received, problem = as_array(self.name, received, expected)
        if problem:
            return self.say(problem, f"{self.name}: should be a numeric NumPy array")
        if received.shape != expected.shape:
            return self.say(f"{self.name}: has shape {received.shape}, expected {expected.shape}",
                            f"{self.name}: has the wrong shape")
        integers = expected.dtype.kind in "iu"
        if integers and received.dtype.kind not in "iu":
            text = f"{self.name}: should hold integers, got dtype {received.dtype}"
            return self.say(text, text)  # a dtype reveals nothing about hidden inputs
        if not integers and received.dtype.kind != "f":
            text = f"{self.name}: should be a floating-point array, got dtype {received.dtype}"
            return self.say(text, text)
        self.values(received.astype(np.float64), expected.astype(np.float64), integers)

    def values(self, received, expected, integers):
        received, expected = np.array(received, np.float64), np.array(expected, np.float64)
        finite = np.isfinite(received)
        if not np.all(finite | ~np.isfinite(expected)):
            bad = np.argwhere(~finite & np.isfinite(expected))
            kind = "NaN" if np.isnan(received[tuple(bad[0])]) else "inf"
            where = f" (first at index {tuple(int(i) for i in bad[0])})" if received.ndim else ""
            return self.say(f"{self.name}: contains {kind} in {len(bad)} of {received.size} "
                            f"entries{where}", f"{self.name}: contains NaN or inf")
        # Non-finite values match only themselves (NaN with NaN, inf with the same inf).
        finite_pair = np.isfinite(received) & np.isfinite(expected)
        same = ~finite_pair & ((np.isnan(received) & np.isnan(expected)) | (received == expected))
        with np.errstate(invalid="ignore", over="ignore"):
            difference = np.where(same, 0.0, np.nan_to_num(np.abs(received - expected), nan=np.inf))
            allowed = np.where(finite_pair, 0.0 if integers else self.abs_tolerance + self.tolerance * (
                np.abs(received) + np.abs(expected)), 0.0)
        self.error = relative_error(np.nan_to_num(received), np.nan_to_num(expected))
        if np.all(difference <= allowed):
            return
        worst = np.unravel_index(np.argmax(difference - allowed), difference.shape)
        size = (f"max abs error {np.max(difference):.3g}, max relative error {self.error:.3g}"
                + ("" if integers else f" (tolerance {self.tolerance:g})"))
        wrong = int(np.sum(difference > allowed))
        at = f" at index {tuple(int(i) for i in worst)}" if received.ndim else ""
        self.say(f"{self.name}: {wrong} of {received.size} values differ; {size}; worst{at}: "
                 f"expected {_number(expected[worst])}, received {_number(received[worst])}",
                 f"{self.name}: values differ; {size}")
        if not self.hidden:
            self.tables.append(_table(self.name, received, expected, difference > allowed, wrong))


def _table(name, received, expected, differs, wrong):
    """The first differing entries in index order: a pattern (a whole row, every
    other entry) shows better there than in the single worst one."""
    rows = []
    for index in np.argwhere(differs)[:TABLE_ROWS]:
        at = tuple(int(i) for i in index)
        rows.append((str(at) if received.ndim else "", _number(expected[at]), _number(received[at]),
                     _number(received[at] - expected[at])))
    return ValueTable(name, rows, wrong - len(rows))


def _number(x):
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else f"{x:.6g}"


def compare(name, received, expected, hidden, tolerance, abs_tolerance):
    comparison = Comparison(name, hidden, tolerance, abs_tolerance)
    return comparison.run(received, expected), comparison.error
