"""Generate `student_template/<id>/` from `solutions/<id>/`.

Each `### BEGIN SOLUTION` ... `### END SOLUTION` block (markers included)
becomes one `raise NotImplementedError(...)` at the marker's indentation;
everything else, docstrings included, is kept as it is.
"""
import os
import re

from .config import ROOT, SOLUTIONS_DIR

TEMPLATES_DIR = os.path.join(ROOT, "student_template")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
DEF = re.compile(r"^\s*(?:async\s+)?def\s+(\w+)|^\s*class\s+(\w+)")


class TemplateError(Exception):
    pass


def strip_solution(text, path="<solution>"):
    out, inside, enclosing = [], False, "this function"
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        stripped = line.strip()
        match = DEF.match(line)
        if match and not inside:
            enclosing = match.group(1) or match.group(2)
        if stripped == BEGIN:
            if inside:
                raise TemplateError(f"{path}:{number}: {BEGIN} inside another solution block")
            inside = True
            indent = line[:len(line) - len(line.lstrip())]
            out.append(f'{indent}raise NotImplementedError("{enclosing}: not implemented yet")\n')
        elif stripped == END:
            if not inside:
                raise TemplateError(f"{path}:{number}: {END} without {BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise TemplateError(f"{path}: {BEGIN} is never closed by {END}")
    return "".join(out)


def render(assignment_id):
    """{file name: template text} for one assignment."""
    folder = os.path.join(SOLUTIONS_DIR, assignment_id)
    rendered = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as handle:
                rendered[name] = strip_solution(handle.read(), path)
    return rendered


def write(assignment_id):
    target = os.path.join(TEMPLATES_DIR, assignment_id)
    os.makedirs(target, exist_ok=True)
    for name, text in render(assignment_id).items():
        with open(os.path.join(target, name), "w", encoding="utf-8") as out:
            out.write(text)
    return target


def stale(assignment_id):
    """Names of template files that differ from what `render` makes."""
    target = os.path.join(TEMPLATES_DIR, assignment_id)
    wrong = []
    for name, text in render(assignment_id).items():
        path = os.path.join(target, name)
        if not os.path.isfile(path) or _read(path) != text:
            wrong.append(name)
    return wrong


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()
