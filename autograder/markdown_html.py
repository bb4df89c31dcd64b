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


_INLINE = re.compile(r"\\([!-/:-@\[-`{-~])|(`+)|(\*\*)|([^\\`*]+|.)", re.DOTALL)


def _inline(text):
    """Backslash escapes, code spans and bold; all else escaped text.  A `**`
    without a partner, or a backtick run without its closing run, is text."""
    pieces, opened, k = [], [], 0   # opened: indices in pieces of unpaired <strong>
    while k < len(text):
        match = _INLINE.match(text, k)
        escaped, ticks, stars, plain = match.groups()
        k = match.end()
        if escaped is not None:
            pieces.append(html.escape(escaped))
        elif ticks is not None:
            end = text.find(ticks, k)
            while end >= 0 and text.startswith("`", end + len(ticks)):  # a longer run does not close
                end = text.find(ticks, end + len(ticks) + 1)
            if end < 0:
                pieces.append(html.escape(ticks))
            else:
                code = text[k:end]
                pieces.append(f"<code>{html.escape(code.strip() or code)}</code>")
                k = end + len(ticks)
        elif stars is not None:
            if opened:
                pieces[opened.pop()] = "<strong>"
                pieces.append("</strong>")
            else:
                opened.append(len(pieces))
                pieces.append("**")
        else:
            pieces.append(html.escape(plain))
    return "".join(pieces)
