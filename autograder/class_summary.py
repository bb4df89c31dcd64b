"""The numbers of a graded class, and the two plain-text outputs made of them:
grades.csv (opens in a spreadsheet) and summary.txt (read in a terminal).
The HTML report (class_report.py) draws the same numbers."""
import csv
import re
import statistics
from dataclasses import dataclass

BINS = 10  # histogram bars, each a tenth of the maximum score
SLOWEST = 5
# the grader's own notes (results.json "output") when it failed on a case
_GRADER_FAILURE = re.compile(r"^test \S+(, case \d+)?: (the grader failed|comparator \S+ failed): .*$",
                             re.MULTILINE)


@dataclass
class TestRate:
    number: str
    name: str
    full: int        # submissions with full marks on the test
    partial: int     # some marks, not all
    zero: int        # no marks (or no result)

    @property
    def rate(self):
        total = self.full + self.partial + self.zero
        return self.full / total if total else 0.0


@dataclass
class ClassStatistics:
    count: int
    mean: float
    median: float
    quartiles: list
    histogram: list           # BINS counts, bin i holds scores in [i, i+1) tenths of the maximum
    test_rates: list          # [TestRate], hardest first
    slowest: list             # [(seconds, Graded)], slowest first
    problems: list            # [(Graded, [what went wrong])]


def students(entry, key):
    """The entry's students' names, emails or ids ("name", "email", "sid"), joined."""
    return "; ".join(s[key] for s in entry.students if s.get(key))


def display_name(entry):
    """How lists name a submission: its students (a Gradescope export), else its file name."""
    return students(entry, "name") or entry.name


def fraction(test):
    """The fraction of a results.json test's points earned (0 when it has none)."""
    top = test.get("max_score") or 0
    return min(1.0, max(0.0, (test.get("score") or 0) / top)) if top > 0 else 0.0


def problems_of(graded):
    """What went wrong grading a submission: it could not be read or graded,
    or the grader failed on some of its cases (a grader bug to look at)."""
    found = [graded.problem] if graded.problem else []
    return found + [m.group(0) for m in _GRADER_FAILURE.finditer(str(graded.results.get("output") or ""))]


def grading_seconds(graded):
    """How long grading took; for a submission not regraded, as recorded then."""
    if graded.skipped:
        return float(graded.results.get("execution_time") or 0.0)
    return graded.seconds


def statistics_of(graded, assignment):
    scores = sorted(g.results["score"] for g in graded)
    quartiles = statistics.quantiles(scores, n=4, method="inclusive") if len(scores) > 1 else scores * 3
    histogram = [0] * BINS
    for score in scores:
        histogram[min(BINS - 1, max(0, int(score / assignment.total_points * BINS)))] += 1
    slowest = sorted(((grading_seconds(g), g) for g in graded), key=lambda pair: -pair[0])
    return ClassStatistics(
        count=len(scores), mean=statistics.fmean(scores) if scores else 0.0,
        median=statistics.median(scores) if scores else 0.0, quartiles=quartiles,
        histogram=histogram, test_rates=_test_rates(graded, assignment),
        slowest=[pair for pair in slowest if pair[0] > 0][:SLOWEST],
        problems=[(g, problems_of(g)) for g in graded if problems_of(g)])


def _test_rates(graded, assignment):
    rates = []
    for test in assignment.tests:
        fractions = [next((fraction(t) for t in g.results["tests"] if t["number"] == test.number), 0.0)
                     for g in graded]
        full = sum(f >= 1.0 for f in fractions)
        zero = sum(f <= 0.0 for f in fractions)
        rates.append(TestRate(test.number, test.name, full, len(fractions) - full - zero, zero))
    return sorted(rates, key=lambda r: (r.rate, -r.zero))


def write_grades_csv(graded, assignment, path):
    """One row per submission, one column per test in test-number order.
    UTF-8 with a byte-order mark so that spreadsheets read names correctly;
    test columns are headed "test 1.10", not "1.10", which would become 1.1."""
    tests = [t.number for t in assignment.tests]
    with open(path, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(["submission", "submission id", "names", "emails", "student ids", "total",
                         "max"] + [f"test {n}" for n in tests] + ["problem"])
        for g in graded:
            scores = {t["number"]: t["score"] for t in g.results["tests"]}
            writer.writerow([g.entry.name, g.entry.submission_id, students(g.entry, "name"),
                             students(g.entry, "email"), students(g.entry, "sid"),
                             g.results["score"], assignment.total_points]
                            + [scores.get(n, "") for n in tests] + ["; ".join(problems_of(g))])


def summary_text(graded, assignment):
    s = statistics_of(graded, assignment)
    top = assignment.total_points
    lines = [f"# {assignment.id}: {s.count} submissions",
             "", f"mean {s.mean:.1f}, median {s.median:.1f}, quartiles "
             + " / ".join(f"{q:.1f}" for q in s.quartiles) + f" (out of {top:g})", "",
             "score distribution:"]
    widest = max(s.histogram + [1])
    for i, count in enumerate(s.histogram):
        low, high = top * i / BINS, top * (i + 1) / BINS
        lines.append(f"  {low:5.1f}-{high:5.1f} {'#' * round(30 * count / widest):<30} {count}")
    lines += ["", "pass rate per test, hardest first:"]
    lines += [f"  {r.rate:6.1%}  {r.number:<6} {r.name}" for r in s.test_rates]
    if s.slowest:
        lines += ["", "slowest submissions:"]
        lines += [f"  {seconds:6.1f} s  {g.entry.name}" for seconds, g in s.slowest]
    if s.problems:
        lines += ["", "submissions with problems:"]
        lines += [f"  {g.entry.name}: {problem}" for g, found in s.problems for problem in found]
    return "\n".join(lines) + "\n"
