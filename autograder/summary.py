"""What an instructor reads after grading a class: grades.csv, a text
summary and a self-contained HTML page (no plotting library needed)."""
import csv
import html
import statistics

BINS = 10  # histogram bars, each a tenth of the maximum score


def _students(entry, key):
    return "; ".join(s[key] for s in entry.students if s.get(key))


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
            writer.writerow([g.entry.name, g.entry.submission_id, _students(g.entry, "name"),
                             _students(g.entry, "email"), _students(g.entry, "sid"),
                             g.results["score"], assignment.total_points]
                            + [scores.get(n, "") for n in tests] + [g.problem])


def statistics_of(graded, assignment):
    scores = sorted(g.results["score"] for g in graded)
    quartiles = statistics.quantiles(scores, n=4, method="inclusive") if len(scores) > 1 else scores * 3
    histogram = [0] * BINS
    for score in scores:
        histogram[min(BINS - 1, int(score / assignment.total_points * BINS))] += 1
    rates = []
    for test in assignment.tests:
        passed = sum(1 for g in graded for t in g.results["tests"]
                     if t["number"] == test.number and t["status"] == "passed")
        rates.append((passed / len(graded) if graded else 0.0, test.number, test.name))
    rates.sort()
    return {"count": len(scores), "mean": statistics.fmean(scores) if scores else 0.0,
            "median": statistics.median(scores) if scores else 0.0, "quartiles": quartiles,
            "histogram": histogram, "pass_rates": rates,
            "slowest": sorted((g for g in graded if not g.skipped), key=lambda g: -g.seconds)[:5],
            "problems": [g for g in graded if g.problem]}


def summary_text(graded, assignment):
    s = statistics_of(graded, assignment)
    top = assignment.total_points
    lines = [f"# {assignment.id}: {s['count']} submissions",
             "", f"mean {s['mean']:.1f}, median {s['median']:.1f}, quartiles "
             + " / ".join(f"{q:.1f}" for q in s["quartiles"]) + f" (out of {top:g})", "",
             "score distribution:"]
    widest = max(s["histogram"] + [1])
    for i, count in enumerate(s["histogram"]):
        low, high = top * i / BINS, top * (i + 1) / BINS
        lines.append(f"  {low:5.1f}-{high:5.1f} {'#' * round(30 * count / widest):<30} {count}")
    lines += ["", "pass rate per test, hardest first:"]
    lines += [f"  {rate:6.1%}  {number:<6} {name}" for rate, number, name in s["pass_rates"]]
    if s["slowest"]:
        lines += ["", "slowest submissions:"]
        lines += [f"  {g.seconds:6.1f} s  {g.entry.name}" for g in s["slowest"]]
    if s["problems"]:
        lines += ["", "submissions with problems:"]
        lines += [f"  {g.entry.name}: {g.problem}" for g in s["problems"]]
    return "\n".join(lines) + "\n"


def html_report(graded, assignment):
    """One page, inline SVG charts: the score histogram and the pass rates."""
    s = statistics_of(graded, assignment)
    widest = max(s["histogram"] + [1])
    bar_width, height = 40, 160
    bars = "".join(
        f'<rect x="{i * bar_width + 4}" y="{height - height * c / widest:.1f}" width="{bar_width - 8}" '
        f'height="{height * c / widest:.1f}" fill="#4a78b5"><title>{c}</title></rect>'
        f'<text x="{i * bar_width + bar_width / 2}" y="{height + 14}" font-size="10" '
        f'text-anchor="middle">{assignment.total_points * i / BINS:g}</text>'
        for i, c in enumerate(s["histogram"]))
    rows = "".join(
        f"<tr><td>{html.escape(number)}</td><td>{html.escape(name)}</td>"
        f'<td><svg width="200" height="12"><rect width="{200 * rate:.1f}" height="12" '
        f'fill="{"#c0504d" if rate < 0.5 else "#4a78b5"}"/></svg> {rate:.0%}</td></tr>'
        for rate, number, name in s["pass_rates"])
    problems = "".join(f"<li>{html.escape(g.entry.name)}: {html.escape(g.problem)}</li>"
                       for g in s["problems"]) or "<li>none</li>"
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{html.escape(assignment.id)}: class report</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:60em}} td{{padding:2px 8px}}</style></head>
<body><h1>{html.escape(assignment.title)}</h1>
<p>{s['count']} submissions; mean {s['mean']:.1f}, median {s['median']:.1f}, quartiles
{' / '.join(f'{q:.1f}' for q in s['quartiles'])} out of {assignment.total_points:g}.</p>
<h2>Score distribution</h2>
<svg width="{BINS * bar_width + 8}" height="{height + 20}">{bars}</svg>
<h2>Pass rate per test, hardest first</h2><table>{rows}</table>
<h2>Submissions with problems</h2><ul>{problems}</ul>
</body></html>
"""
