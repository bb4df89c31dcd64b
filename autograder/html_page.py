"""The shell of the instructor's HTML pages: one file each, CSS and script
inline (report_assets/), so a page works offline, from a copied folder or
an e-mail attachment."""
import functools
import html
import os
import re

ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "report_assets")


@functools.lru_cache(maxsize=None)
def asset(name):
    with open(os.path.join(ASSETS, name), encoding="utf-8") as handle:
        return handle.read()


def escape(value):
    return html.escape(str(value), quote=True)


def page(title, body, script=""):
    """A whole HTML document; `script` is inline JavaScript (the class table's)."""
    script_tag = f"<script>\n{script}\n</script>\n" if script else ""
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>\n{asset('report.css')}</style>\n</head>\n"
            f"<body>\n{body}\n{script_tag}</body></html>\n")


def file_names(names):
    """{name: a safe, unique file name stem}: letters, digits, '.', '_', '-' only,
    so that a link to it works in every browser and file system."""
    taken, out = set(), {}
    for name in names:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", str(name)).strip("._") or "submission"
        stem, candidate, k = stem[:80], stem[:80], 2
        while candidate.lower() in taken:
            candidate, k = f"{stem}-{k}", k + 1
        taken.add(candidate.lower())
        out[name] = candidate
    return out


def write(path, text):
    """Write a page (UTF-8), through a temporary file so that a reader never
    sees half of it."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    temporary = path + ".partial"
    with open(temporary, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)
