"""The batch's similarity pass: read every submission's expected files, compare
every pair (similarity.py), and write similarity.html with the most similar
pairs' matching lines side by side.  It runs on the instructor's machine
only (never on Gradescope, never in the student checker)."""
import functools
import os

from . import code_tokens, report_charts, similarity
from .config import ROOT
from .class_summary import display_name
from .html_page import escape, page, write
from .submission import MAX_FILE_BYTES, SubmissionError, find_folder, prepared

SHOWN_SIDE_BY_SIDE = 40   # pairs drawn in full; the rest are listed
LISTED = 300
CONTEXT = 2               # unmatched lines shown around matched ones


def read_files(folder, expected_files):
    """{file name: text} of the expected files present in a folder: regular
    files only (never a symbolic link), at most MAX_FILE_BYTES of each."""
    files = {}
    for name in expected_files:
        path = os.path.join(folder, name)
        if os.path.isfile(path) and not os.path.islink(path):
            with open(path, "rb") as handle:
                files[name] = handle.read(MAX_FILE_BYTES).decode("utf-8", errors="replace")
    return files


def read_class(entries, expected_files):
    """{entry name: {file name: text}}; an unreadable submission has no code.
    A folder is read where it is (the folder grading used, by the same rule);
    a zip is unpacked as for grading."""
    codes = {}
    for entry in entries:
        try:
            if os.path.isdir(entry.path) and not os.path.islink(entry.path):
                codes[entry.name] = read_files(find_folder(entry.path, expected_files), expected_files)
                continue
            with prepared(entry.path, expected_files) as folder:
                codes[entry.name] = read_files(folder, expected_files)
        except (SubmissionError, OSError):
            codes[entry.name] = {}
    return codes


def template_files(assignment):
    return read_files(os.path.join(ROOT, "student_template", assignment.id), assignment.files)


def run(entries, assignment, out_dir, threshold=similarity.DEFAULT_THRESHOLD):
    """Compare the class and write similarity.html; returns the ClassSimilarity."""
    codes = read_class(entries, assignment.files)
    template = template_files(assignment)
    result = similarity.compare_class(codes, template, threshold)
    labels = {entry.name: display_name(entry) for entry in entries}
    write(os.path.join(out_dir, "similarity.html"), render(result, codes, template, assignment, labels))
    return result


def _who(name, labels):
    """A submission by its students' names, with its file name when they differ."""
    label = labels.get(name, name)
    return escape(label) + (f' <span class="muted">({escape(name)})</span>' if label != name else "")


def render(result, codes, template, assignment, labels=None):
    labels = labels or {}
    nearest = list(result.nearest.values())
    bins = 20
    counts = [0] * bins
    for value in nearest:
        counts[min(bins - 1, int(value * bins))] += 1
    chart = report_charts.histogram(counts, [k / bins for k in range(bins + 1)],
                                    "largest share of non-template code held by another submission",
                                    "submissions", marker=result.threshold,
                                    marker_label=f"threshold {result.threshold:.0%}",
                                    label=lambda x: f"{x:.0%}", label_every=2)
    listed = "".join(
        f'<tr><td class="num">{p.score:.0%}</td><td>{_who(p.first, labels)}</td>'
        f'<td>{_who(p.second, labels)}</td>'
        f'<td class="num">{p.first_share:.0%} / {p.second_share:.0%}</td><td class="num">{p.shared}</td>'
        f'<td>{_side_by_side_link(k + 1)}</td></tr>' for k, p in enumerate(result.pairs[:LISTED]))
    more = f"<p>{len(result.pairs) - LISTED} more pairs not listed.</p>" if len(result.pairs) > LISTED else ""
    template_hashes = similarity.boilerplate(template)
    given = {line.strip() for text in template.values() for line in text.splitlines()}
    tokens_of = functools.lru_cache(maxsize=None)(code_tokens.tokens)  # a file is in several pairs
    pairs = "".join(_pair(k + 1, p, codes, template_hashes, given, tokens_of, labels)
                    for k, p in enumerate(result.pairs[:SHOWN_SIDE_BY_SIDE]))
    body = (f'<nav class="sections"><a href="report.html#similar">&larr; back to the class report</a></nav>'
            f'<h1>Similar submissions: {escape(assignment.title)}</h1>'
            f'<p class="note"><b>This page accuses nobody.</b> It lists pairs of submissions whose code, '
            f'once the template every student received is removed, is largely the same. Short exercises '
            f'invite the same lines and students may legitimately work together: look at the code side '
            f'by side, and at the course\'s rules, before drawing any conclusion.</p>'
            f'<p class="note">How: identifiers are ignored (renaming changes nothing), comments and '
            f'docstrings dropped; runs of {similarity.K} tokens are fingerprinted (winnowing) and those '
            f'of the template removed. A pair is listed when one of the two has {result.threshold:.0%} '
            f'or more of its fingerprints in the other (and they share at least {similarity.MIN_SHARED}). '
            f'In the calibration, independently written correct submissions reached at most 27%; '
            f'see the README.</p>'
            f'<h2>The class</h2>{chart}<p class="note">{result.compared} of {len(codes)} submissions have '
            f'code of their own (beyond the template).</p>'
            f'<h2>Pairs at or above {result.threshold:.0%}</h2>'
            + (f'<table class="list"><tr><th>shared</th><th>submission</th><th>submission</th>'
               f'<th>of each</th>'
               f'<th>fingerprints</th><th></th></tr>{listed}</table>{more}' if result.pairs
               else '<p>None.</p>') + pairs)
    return page(f"{assignment.id}: similar submissions", body)


def _side_by_side_link(number):
    return f'<a href="#pair-{number}">side by side</a>' if number <= SHOWN_SIDE_BY_SIDE else ""


def _pair(number, pair, codes, template_hashes, given, tokens_of, labels):
    first, second = codes.get(pair.first, {}), codes.get(pair.second, {})
    files = []
    for name in sorted(set(first) & set(second)):
        lines_a, lines_b = (_own(lines, text, given) for lines, text in zip(
            similarity.matching_lines(first[name], second[name], template_hashes, tokens_of),
            (first[name], second[name])))
        if not (lines_a or lines_b):
            continue
        files.append(f'<h3>{escape(name)}: {len(lines_a)} and {len(lines_b)} matching lines</h3>'
                     f'<div class="side">{_code(_who(pair.first, labels), first[name], lines_a)}'
                     f'{_code(_who(pair.second, labels), second[name], lines_b)}</div>')
    first_who, second_who = _who(pair.first, labels), _who(pair.second, labels)
    return (f'<section class="pair" id="pair-{number}"><h2>{number}. {first_who} and {second_who}</h2>'
            f'<p>{first_who} has {pair.first_share:.0%} of its non-template code in common with the other; '
            f'{second_who} has {pair.second_share:.0%}. Shared lines that are not the template\'s are '
            f'highlighted.</p>{"".join(files) or "<p>(no single file matches on its own)</p>"}</section>')


def _own(matched, text, given):
    """The matched lines that are not, as they stand, lines of the template
    (a signature or blank line inside a shared run is no evidence)."""
    lines = text.splitlines()
    return {n for n in matched if n <= len(lines) and lines[n - 1].strip() not in given}


def _code(title_html, text, matched):
    """The file's matched lines with CONTEXT lines around them; the rest folds
    into one row that says how many lines it hides."""
    lines = text.splitlines()
    shown = {n for m in matched for n in range(m - CONTEXT, m + CONTEXT + 1) if 1 <= n <= len(lines)}
    rows, hidden = [], 0
    for number, line in enumerate(lines, start=1):
        if number not in shown:
            hidden += 1
            continue
        if hidden:
            rows.append(f'<tr class="gap"><td class="n"></td><td>&#8943; {hidden} lines</td></tr>')
            hidden = 0
        rows.append(f'<tr{" class=m" if number in matched else ""}><td class="n">{number}</td>'
                    f'<td>{escape(line)}</td></tr>')
    if hidden:
        rows.append(f'<tr class="gap"><td class="n"></td><td>&#8943; {hidden} lines</td></tr>')
    return f'<div><p>{title_html}</p><div class="code"><table>{"".join(rows)}</table></div></div>'
