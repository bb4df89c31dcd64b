"""HTML for the Markdown that results.py writes into Gradescope feedback.

Exactly the subset results.markdown() produces, with CommonMark's meaning:
paragraphs, `**bold**`, `` `code` `` spans, backslash escapes, indented
code blocks and pipe tables.  Nothing else is Markdown here: no raw HTML,
no links, no images, no headings.  Every piece of text is HTML-escaped
before it reaches the page, so whatever a student printed shows as text
and can never become markup or script.
"""
import html
import re

_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_DELIMITER_ROW = re.compile(r"^\|?(\s*:?-+:?\s*\|)+\s*(:?-+:?\s*)?$")


def render(text):
    """The HTML of a Markdown text (block level)."""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out, paragraph, i = [], [], 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            _flush(paragraph, out)
            i += 1
        elif _indented(line) and not paragraph:
            i = _code_block(lines, i, out)
        elif "|" in line and i + 1 < len(lines) and _DELIMITER_ROW.match(lines[i + 1].strip()):
            _flush(paragraph, out)
            i = _table(lines, i, out)
        else:
            paragraph.append(line.strip() if not line.endswith("  ") else line.lstrip())
            i += 1
    _flush(paragraph, out)
    return "\n".join(out)


def render_text(text):
    """Plain text (Gradescope's "text" format): shown as it is."""
    return f"<pre>{html.escape(str(text))}</pre>"


def _indented(line):
    return line.startswith("    ") or line.startswith("\t")


def _flush(paragraph, out):
    if paragraph:
        body = "".join(_inline(line.rstrip()) + ("<br>\n" if line.endswith("  ") else "\n")
                       for line in paragraph[:-1]) + _inline(paragraph[-1].rstrip())
        out.append(f"<p>{body}</p>")
        paragraph.clear()


def _code_block(lines, i, out):
    block = []
    while i < len(lines) and (_indented(lines[i]) or not lines[i].strip()):
        line = lines[i]
        block.append(line[1:] if line.startswith("\t") else line[4:])
        i += 1
    while block and not block[-1].strip():
        block.pop()
    out.append(f"<pre><code>{html.escape(chr(10).join(block))}</code></pre>")
    return i


def _table(lines, i, out):
    header = _cells(lines[i])
    aligns = [_alignment(cell) for cell in _cells(lines[i + 1])]
    i += 2
    rows = []
    while i < len(lines) and lines[i].strip() and "|" in lines[i]:
        rows.append(_cells(lines[i]))
        i += 1

    def row_html(cells, tag):
        cells = (cells + [""] * len(header))[:len(header)]
        return "<tr>" + "".join(
            f"<{tag}{_align_attribute(aligns, k)}>{_inline(cell)}</{tag}>"
            for k, cell in enumerate(cells)) + "</tr>"

    out.append("<table class=\"md\"><thead>" + row_html(header, "th") + "</thead><tbody>"
               + "".join(row_html(r, "td") for r in rows) + "</tbody></table>")
    return i


def _cells(line):
    """A table row's cells, split at pipes that are not backslash-escaped."""
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells, current, k = [], "", 0
    while k < len(line):
        if line[k] == "\\" and k + 1 < len(line) and line[k + 1] == "|":
            current += "\\|"
            k += 2
            continue
        if line[k] == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += line[k]
        k += 1
    return cells + [current.strip()]


def _alignment(cell):
    left, right = cell.startswith(":"), cell.endswith(":")
    return "center" if left and right else "right" if right else "left" if left else ""


def _align_attribute(aligns, k):
    return f' style="text-align:{aligns[k]}"' if k < len(aligns) and aligns[k] else ""


def _inline(text):
    """Backslash escapes, code spans and bold; all else escaped text."""
    pieces, k, bold = [], 0, False
    closing = _bold_markers(text)
    while k < len(text):
        char = text[k]
        if char == "\\" and k + 1 < len(text) and text[k + 1] in _PUNCTUATION:
            pieces.append(html.escape(text[k + 1]))
            k += 2
        elif char == "`":
            run = len(text[k:]) - len(text[k:].lstrip("`"))
            end = text.find("`" * run, k + run)
            if end < 0:
                pieces.append(html.escape(text[k:k + run]))
                k += run
            else:
                pieces.append(f"<code>{html.escape(text[k + run:end].strip() or text[k + run:end])}</code>")
                k = end + run
        elif text.startswith("**", k) and k in closing:
            pieces.append("</strong>" if bold else "<strong>")
            bold = not bold
            k += 2
        else:
            pieces.append(html.escape(char))
            k += 1
    return "".join(pieces)


def _bold_markers(text):
    """Positions of the `**` that pair up (outside code spans, not escaped);
    an unpaired one stays literal."""
    positions, k = [], 0
    while k < len(text):
        if text[k] == "\\" and k + 1 < len(text):
            k += 2
        elif text[k] == "`":
            run = len(text[k:]) - len(text[k:].lstrip("`"))
            end = text.find("`" * run, k + run)
            k = end + run if end >= 0 else k + run
        elif text.startswith("**", k):
            positions.append(k)
            k += 2
        else:
            k += 1
    return set(positions[:len(positions) - len(positions) % 2])
