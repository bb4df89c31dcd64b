"""One submission's feedback page: its results.json shown as Gradescope shows
it to the student (each test's output rendered by its `output_format`),
plus what only the instructor sees: who submitted it, each test's
visibility, and problems the batch met."""
from . import markdown_html
from .class_summary import fraction
from .html_page import escape, page

VISIBILITY = {
    "visible": "visible to the student",
    "hidden": "hidden: the student never sees this test (you do)",
    "after_due_date": "shown to the student after the due date",
    "after_published": "shown to the student once grades are published",
}


def output_html(text, output_format):
    """A results.json output as Gradescope renders it.  Only Markdown and
    plain text are produced by this grader; anything else (html, ansi) is
    shown as plain text, never interpreted."""
    if not text:
        return ""
    if output_format == "md":
        return markdown_html.render(text)
    return markdown_html.render_text(text)


def _points(x):
    x = float(x or 0)
    return f"{x:g}" if x.is_integer() else f"{x:.2f}"


def _test(test):
    earned = fraction(test)
    state = "passed" if earned >= 1.0 else "partial" if earned > 0 else "failed"
    visibility = str(test.get("visibility") or "visible")
    label = VISIBILITY.get(visibility, f"visibility {visibility!r}")
    number = f"{test.get('number')}) " if test.get("number") else ""
    return (f'<article class="test {state}" id="test-{escape(test.get("number", ""))}">'
            f'<h3><span>{escape(number)}{escape(test.get("name", ""))}</span>'
            f'<span>{_points(test.get("score"))} / {_points(test.get("max_score"))}</span></h3>'
            f'<p class="visibility {escape(visibility)}">{escape(label)}</p>'
            f'{output_html(test.get("output"), test.get("output_format"))}</article>')


def _lost(results):
    """For the instructor: links to the tests that lost points, before them all."""
    lost = [t for t in results.get("tests") or [] if fraction(t) < 1.0]
    if not lost:
        return '<p class="muted">Every test passed.</p>'
    return ('<p>Points lost on ' + ", ".join(
        f'<a href="#test-{escape(t.get("number", ""))}">{escape(t.get("number", ""))}</a> '
        f'({_points(t.get("score"))}/{_points(t.get("max_score"))})' for t in lost) + ".</p>")


def leaderboard_html(results):
    board = leaderboard(results)
    if not board:
        return ""
    rows = "".join(f"<tr><td>{escape(name)}</td><td class=\"num\">{escape(value)}</td>"
                   f"<td class=\"muted\">{'lower' if order == 'asc' else 'higher'} is better</td></tr>"
                   for name, (value, order) in board.items())
    return f'<h2>Leaderboard</h2><table class="list">{rows}</table>'


def leaderboard(results):
    """{name: (value, order)} from Gradescope's top-level `leaderboard` list."""
    out = {}
    for item in results.get("leaderboard") or []:
        if isinstance(item, dict) and "name" in item:
            out[str(item["name"])] = (item.get("value", ""), str(item.get("order") or "desc"))
    return out


def render(graded, row_anchor, students_line):
    """The page of one batch.Graded; `row_anchor` links back to its row in
    report.html."""
    results = graded.results
    top = sum(float(t.get("max_score") or 0) for t in results.get("tests") or [])
    problem = (f'<p class="problem"><b>Problem while grading:</b> {escape(graded.problem)}</p>'
               if graded.problem else "")
    overall = str(results.get("visibility") or "visible")
    body = (f'<nav class="sections"><a href="../report.html#{escape(row_anchor)}">'
            f'&larr; back to the class report</a></nav>'
            f'<h1>{escape(graded.entry.name)}</h1>'
            f'<p class="stats">{students_line}</p>'
            f'<p class="stats">Score <b>{_points(results.get("score"))} / {_points(top)}</b></p>'
            f'{problem}'
            f'<p class="note">What the student sees on Gradescope, rendered from this submission\'s '
            f'results.json. Each test says who can see it; the results as a whole are '
            f'{escape(VISIBILITY.get(overall, overall))}.</p>'
            f'<h2>Autograder output</h2>{output_html(results.get("output"), results.get("output_format"))}'
            f'{leaderboard_html(results)}'
            f'<h2>Tests</h2>{_lost(results)}' + "".join(_test(t) for t in results.get("tests") or []))
    return page(f"Feedback: {graded.entry.name}", body)
