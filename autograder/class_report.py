"""report.html: the class at a glance, the page an instructor opens first.

Who needs help (the sortable, filterable table of every submission, each
linked to the feedback the student got), on what (score distribution, pass
rate per test) and what the class misunderstood (the diagnoses the grader
gave, counted per test); then problems, slow and similar submissions.
Each submission's feedback page is written to feedback/<name>.html.
"""
import os
import shutil

from . import feedback_page, misconceptions, report_charts
from .class_summary import BINS, display_name, fraction, problems_of, statistics_of, students
from .html_page import asset, escape, file_names, page, write

FEEDBACK_DIR = "feedback"


def write_report(graded, assignment, out_dir, similar=None, known_diagnoses=None):
    """Write report.html and feedback/*.html into out_dir; returns report.html's path.
    similar: a similarity.ClassSimilarity (or None when not computed)."""
    stems = file_names(g.entry.name for g in graded)
    feedback_dir = os.path.join(out_dir, FEEDBACK_DIR)
    shutil.rmtree(feedback_dir, ignore_errors=True)  # no page left from another class
    for g in graded:
        write(os.path.join(feedback_dir, stems[g.entry.name] + ".html"),
              feedback_page.render(g, "row-" + stems[g.entry.name], _students_line(g.entry)))
    path = os.path.join(out_dir, "report.html")
    write(path, report_html(graded, assignment, stems, similar, known_diagnoses))
    return path


def _students_line(entry):
    if not entry.students:
        return '<span class="muted">no student metadata (not a Gradescope export)</span>'
    return "; ".join(escape(" ".join(filter(None, (s.get("name"), f"<{s['email']}>" if s.get("email") else "",
                                                    f"(id {s['sid']})" if s.get("sid") else ""))))
                     for s in entry.students)


def report_html(graded, assignment, stems, similar=None, known_diagnoses=None):
    stats = statistics_of(graded, assignment)
    causes = misconceptions.across_class(((g.entry.name, g.results) for g in graded), known_diagnoses)
    links = {g.entry.name: (f"{FEEDBACK_DIR}/{stems[g.entry.name]}.html", "row-" + stems[g.entry.name],
                            display_name(g.entry)) for g in graded}
    top = assignment.total_points
    sections = [
        ("distribution", "Scores", _charts(stats, top, causes)),
        ("misconceptions", "Misconceptions across the class",
         _misconceptions(causes, assignment, graded, links)),
        ("problems", "Problems", _problems(stats.problems, links)),
        ("submissions", "Submissions", _table(graded, assignment, links)),
        ("similar", "Similar submissions", _similar(similar, links)),
        ("slowest", "Slowest submissions", _slowest(stats.slowest, links)),
    ]
    nav = "".join(f'<a href="#{key}">{escape(title)}</a>' for key, title, _ in sections)
    quartiles = " / ".join(f"{q:.1f}" for q in stats.quartiles)
    body = (f"<h1>{escape(assignment.title)}</h1>"
            f'<p class="muted">assignment <code>{escape(assignment.id)}</code>: class report</p>'
            f'<p class="stats"><b>{stats.count}</b> submissions; mean <b>{stats.mean:.1f}</b>, median '
            f'<b>{stats.median:.1f}</b>, quartiles <b>{quartiles}</b> out of <b>{top:g}</b>; '
            f'<b>{len(stats.problems)}</b> with problems.</p>'
            f'<nav class="sections">{nav}</nav>'
            + "".join(f'<section id="{key}"><h2>{escape(title)}</h2>{content}</section>'
                      for key, title, content in sections))
    return page(f"{assignment.id}: class report", body, script=asset("report.js"))


def _charts(stats, top, causes):
    edges = [top * i / BINS for i in range(BINS + 1)]
    histogram = report_charts.histogram(stats.histogram, edges, f"score (out of {top:g})",
                                        "submissions")
    anchors = {number: f"cause-{number}" for number in causes}
    return (f'<div class="charts"><div><h3>Score distribution</h3>{histogram}'
            f'<p class="note">Each bar counts the submissions whose score falls in its range '
            f'(the last one includes full marks).</p></div>'
            f'<div><h3>Pass rate per test, hardest first</h3>'
            f'{report_charts.pass_rates(stats.test_rates, anchors)}</div></div>')


def _names(names, links, limit=12):
    """Links to feedback pages; a long list folds away."""
    anchors = [f'<a href="{escape(links[n][0])}" title="{escape(n)}">{escape(links[n][2])}</a>'
               for n in names]
    if len(anchors) <= limit:
        return f'<span class="names">{" ".join(anchors)}</span>'
    return (f'<details><summary>{len(anchors)} submissions</summary>'
            f'<span class="names">{" ".join(anchors)}</span></details>')


def _misconceptions(causes, assignment, graded, links):
    if not causes:
        return ('<p class="muted">No submission got a diagnosis: no failure is explained by a modelled '
                'misconception (assignments/&lt;id&gt;/misconceptions.py).</p>')
    tests = {t.number: t for t in assignment.tests}
    blocks = []
    for number in sorted(causes, key=lambda n: -sum(len(v) for v in causes[n].values())):
        failed = [g.entry.name for g in graded for t in g.results["tests"]
                  if t.get("number") == number and fraction(t) < 1.0]
        diagnosed = {name for names in causes[number].values() for name in names}
        rows = "".join(f'<li><b>{len(names)}</b> &times; {escape(sentence)} {_names(names, links)}</li>'
                       for sentence, names in causes[number].items())
        rest = [n for n in failed if n not in diagnosed]
        if rest:
            rows += (f'<li class="muted"><b>{len(rest)}</b> other failures, no catalogued cause '
                     f'{_names(rest, links)}</li>')
        name = tests[number].name if number in tests else ""
        blocks.append(f'<div class="misconception" id="cause-{escape(number)}"><h3>{escape(number)} '
                      f'{escape(name)}</h3><ul>{rows}</ul></div>')
    return ('<p class="note">For each test, how many submissions got each diagnosis ("Likely cause: '
            '...", given only when a modelled misconception explains every case of the function). '
            'Names link to the feedback each student got.</p>' + "".join(blocks))


def _problems(problems, links):
    if not problems:
        return '<p class="muted">None: every submission could be read and graded.</p>'
    rows = "".join(f'<tr><td>{_link(g.entry.name, links)}</td>'
                   f'<td>{"<br>".join(escape(p) for p in found)}</td></tr>' for g, found in problems)
    return f'<table class="list"><tr><th>submission</th><th>problem</th></tr>{rows}</table>'


def _slowest(slowest, links):
    if not slowest:
        return '<p class="muted">No grading times recorded.</p>'
    rows = "".join(f'<tr><td class="num">{seconds:.1f} s</td><td>{_link(g.entry.name, links)}</td></tr>'
                   for seconds, g in slowest)
    return f'<table class="list">{rows}</table>'


def _similar(similar, links, shown=20):
    if similar is None:
        return '<p class="muted">Not computed for this batch.</p>'
    caution = ('<p class="note">Shared code is not proof of copying: short exercises invite the same '
               'lines, and students may legitimately work together. These pairs are for a person to '
               'look at, side by side, before drawing any conclusion.</p>')
    if not similar.pairs:
        return (caution + f'<p>No pair of submissions shares {similar.threshold:.0%} or more of its '
                f'non-template code ({similar.compared} submissions with code of their own compared). '
                f'<a href="similarity.html">Details</a>.</p>')
    rows = "".join(
        f'<tr><td class="num">{p.score:.0%}</td><td>{_link(p.first, links)}</td>'
        f'<td>{_link(p.second, links)}</td>'
        f'<td class="num">{p.first_share:.0%} / {p.second_share:.0%}</td>'
        f'<td><a href="similarity.html#pair-{k + 1}">side by side</a></td></tr>'
        for k, p in enumerate(similar.pairs[:shown]))
    more = (f'<p>{len(similar.pairs) - shown} more pairs in '
            f'<a href="similarity.html">similarity.html</a>.</p>'
            if len(similar.pairs) > shown else "")
    return (caution + f'<p>{len(similar.pairs)} pairs share {similar.threshold:.0%} or more of their '
            f'non-template code.</p><table class="list"><tr><th>shared</th><th>submission</th>'
            f'<th>submission</th><th>of each</th><th></th></tr>{rows}</table>{more}')


def _link(name, links):
    """A link to the submission's row in the table, named by its students."""
    if name not in links:
        return escape(name)
    return f'<a href="#{escape(links[name][1])}" title="{escape(name)}">{escape(links[name][2])}</a>'



def _leaderboard_columns(graded):
    """[(name, order)] of every leaderboard quantity any submission reports."""
    columns = {}
    for g in graded:
        for name, (_, order) in feedback_page.leaderboard(g.results).items():
            columns.setdefault(name, order)
    return list(columns.items())


def _table(graded, assignment, links):
    columns = _leaderboard_columns(graded)
    board_names = [name for name, _ in columns]
    metadata = any(g.entry.students for g in graded)  # a Gradescope export: names, emails, ids
    header = ['<th class="first"><button>Submission</button></th>']
    if metadata:
        header += ['<th><button>Names</button></th>', '<th><button>Emails</button></th>',
                   '<th><button>Student ids</button></th>']
    header.append(f'<th data-type="number" data-first="descending" '
                  f'title="out of {assignment.total_points:g}"><button>Score</button></th>')
    for name, order in columns:
        first, better = ("ascending", "lower") if order == "asc" else ("descending", "higher")
        header.append(f'<th data-type="number" data-first="{first}" class="leaderboard" '
                      f'title="leaderboard: {better} is better"><button>{escape(name)}</button></th>')
    header += [f'<th data-type="number" data-first="descending" title="{escape(t.number)} {escape(t.name)} '
               f'({t.weight:g} points, {escape(t.visibility)})"><button>{escape(t.number)}</button></th>'
               for t in assignment.tests]
    header.append('<th><button>Problem</button></th>')
    rows = "".join(_row(g, assignment, board_names, links, metadata) for g in graded)
    legend = ('<div class="legend">' + "".join(
        f'<span><span class="swatch {cls}"></span>{text}</span>' for cls, text in
        (("f4", "full marks"), ("f3", "half or more"), ("f2", "less than half"), ("f1", "no marks"),
         ("f0", "no result"))) + "</div>")
    return (f'<div class="controls"><input id="filter" type="search" aria-label="filter submissions" '
            f'placeholder="Filter by name, email, id or submission"><span id="shown" class="muted"></span>'
            f'<span class="muted">Click a column header to sort; a submission opens its feedback.'
            f'</span></div>'
            f'{legend}<div class="table-box"><table class="class" id="class-table"><thead><tr>'
            + "".join(header) + f'</tr></thead><tbody>{rows}</tbody></table></div>')


def _row(g, assignment, board_names, links, metadata):
    entry, results = g.entry, g.results
    feedback, anchor, _ = links[entry.name]
    names, emails, sids = students(entry, "name"), students(entry, "email"), students(entry, "sid")
    search = " ".join((entry.name, names, emails, sids)).lower()
    by_number = {t.get("number"): t for t in results.get("tests") or []}
    cells = [f'<td class="first"><a href="{escape(feedback)}">{escape(entry.name)}</a></td>']
    if metadata:
        cells += [f'<td class="who" title="{escape(names)}">{escape(names)}</td>',
                  f'<td class="who" title="{escape(emails)}">{escape(emails)}</td>',
                  f'<td>{escape(sids)}</td>']
    score = results.get("score", 0)
    cells.append(f'<td class="num" data-sort="{score}"><b>{_points(score)}</b></td>')
    board = feedback_page.leaderboard(results)
    for name in board_names:
        value = board.get(name, ("", ""))[0]
        cells.append(f'<td class="num">{escape(value)}</td>')
    for test in assignment.tests:
        cells.append(_test_cell(by_number.get(test.number)))
    cells.append(f'<td class="problem">{escape("; ".join(problems_of(g)))}</td>')
    return f'<tr id="{escape(anchor)}" data-search="{escape(search)}">{"".join(cells)}</tr>'


def _test_cell(test):
    if test is None:
        return '<td class="t f0" data-sort=""></td>'
    earned = fraction(test)
    shade = "f4" if earned >= 1 else "f3" if earned >= 0.5 else "f2" if earned > 0 else "f1"
    return f'<td class="t {shade}" data-sort="{earned:.4f}">{_points(test.get("score", 0))}</td>'


def _points(x):
    x = float(x or 0)
    return f"{x:g}" if x.is_integer() else f"{x:.2f}".rstrip("0")
