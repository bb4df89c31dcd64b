"""The class report (report.html, feedback/*.html, similarity.html): what it
shows, that nothing a student controls can run in it, and how it behaves in
a real browser (Chromium driven by Playwright; those tests skip, saying why,
where no Chromium is installed)."""
import html.parser
import json
import os
import shutil
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from autograder import (batch, class_report, class_summary, config, markdown_html, misconceptions,
                        similarity, similarity_report)
from conftest import ROOT, mutate

PAYLOAD = ('<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> '
           '[click](javascript:window.pwned=3) <a href="javascript:window.pwned=4">here</a> '
           '![x](javascript:window.pwned=5) **bold** `code` | pipe \\| <b onmouseover="window.pwned=6">b</b>')
HOSTILE_NAME = '<img src=x onerror="window.pwned = 7">Mallory'
RELU_CAUSE = "ReLU's gradient at exactly 0 should be 0"
ALLOWED_TAGS = {"p", "strong", "code", "pre", "br", "table", "thead", "tbody", "tr", "th", "td"}


# ------------------------------------------------------------------ helpers
class Markup(html.parser.HTMLParser):
    """Every tag and attribute of a page, and the text of its scripts."""

    def __init__(self, text):
        super().__init__()
        self.tags, self.attributes, self.scripts, self._in_script = [], [], [], False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def dangerous(page_text):
    """What in a page could run code: scripts (other than the report's own),
    event handlers, javascript: links, embedded objects."""
    markup = Markup(page_text)
    own = open(os.path.join(ROOT, "autograder", "report_assets", "report.js")).read().strip()
    found = [f"<{t}>" for t in markup.tags if t in {"img", "iframe", "object", "embed"}]
    found += [f"script: {s[:40]}" for s in markup.scripts if s.strip() != own]
    found += [f"{tag} {name}={value!r}" for tag, name, value in markup.attributes
              if name.startswith("on") or "javascript:" in value.lower()]
    return found


def results_json(assignment, fractions, leaderboard=None, output="", execution_time=1.0):
    """A synthetic results.json: test k earns fractions[k] of its weight."""
    tests = [{"score": round(t.weight * f, 4), "max_score": t.weight,
              "status": "passed" if f >= 1 else "failed", "name": t.name, "number": t.number,
              "output": output or f"**{'1' if f >= 1 else '0'} of 1 cases passed.**",
              "output_format": "md", "visibility": t.visibility}
             for t, f in zip(assignment.tests, fractions)]
    data = {"score": round(sum(t["score"] for t in tests), 4), "execution_time": execution_time,
            "output": "Total.", "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}
    if leaderboard is not None:
        data["leaderboard"] = leaderboard
    return data


def graded(name, results, students=(), problem="", seconds=1.0, skipped=False):
    return batch.Graded(batch.Entry(name, f"/nowhere/{name}", list(students)), results, seconds,
                        skipped=skipped, problem=problem)


# --------------------------------------------------------- Markdown, safely
def test_markdown_renders_what_the_grader_writes():
    text = ("**2 of 3 cases passed.**\n\ncase 1: passed.\n\n**case 2: failed.** Called "
            "activations.relu\\_forward(x=float64 array (2, 3)).\n\n    dx: 3 of 6 values differ\n"
            "    \n    Likely cause: kernel flipped\n\nFirst differing values of `dx` (2 more differ):\n\n"
            "| index | expected | received | difference |\n|---|--:|--:|--:|\n| (0, 1) | 0 | 1.5 | 1.5 |")
    out = markdown_html.render(text)
    assert "<p><strong>2 of 3 cases passed.</strong></p>" in out
    assert "activations.relu_forward(x=float64 array (2, 3))" in out  # the escape is gone
    assert "<pre><code>dx: 3 of 6 values differ\n\nLikely cause: kernel flipped</code></pre>" in out
    assert "<code>dx</code> (2 more differ)" in out
    assert '<th style="text-align:right">expected</th>' in out
    assert '<td>(0, 1)</td><td style="text-align:right">0</td>' in out


def test_markdown_never_lets_html_links_or_images_through():
    text = (f"**case 1: failed.** {PAYLOAD}\n\n    {PAYLOAD}\n\n| a | b |\n|---|---|\n| {PAYLOAD} | x |\n\n"
            "<script>window.pwned=1</script>\n\n<img src=x onerror=alert(1)>")
    out = markdown_html.render(text)
    assert set(Markup(out).tags) <= ALLOWED_TAGS
    assert dangerous(out) == []
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in out  # shown, as text


def test_the_injection_check_would_see_a_renderer_that_does_not_escape(monkeypatch):
    monkeypatch.setattr(markdown_html.html, "escape", lambda text, quote=True: text)
    out = markdown_html.render(f"    {PAYLOAD}")
    assert "script: window.pwned = 1" in dangerous(out)
    assert any("onerror" in item for item in dangerous(out))


def test_an_unknown_output_format_is_shown_as_text_never_as_html():
    from autograder import feedback_page
    assert dangerous(feedback_page.output_html(PAYLOAD, "html")) == []
    assert feedback_page.output_html("a\n  b", None) == "<pre>a\n  b</pre>"


# ----------------------------------------------------------- misconceptions
def test_diagnoses_are_counted_once_per_submission_and_test():
    def with_outputs(*outputs):
        return {"tests": [{"number": f"1.{k}", "output": o} for k, o in enumerate(outputs)]}

    flipped = "    Likely cause: kernel flipped\n    Likely cause: kernel flipped"  # two cases, one test
    results = [("ann", with_outputs(flipped, "    Likely cause: bias forgotten")),
               ("bo", with_outputs(flipped, "all good")),
               ("cy", with_outputs("passed", "    Likely cause: I printed this myself"))]
    known = {"kernel flipped", "bias forgotten"}
    table = misconceptions.across_class(results, known)
    assert table == {"1.0": {"kernel flipped": ["ann", "bo"]}, "1.1": {"bias forgotten": ["ann"]}}
    assert "I printed this myself" in str(misconceptions.across_class(results))  # known=None: all


# ------------------------------------------------------------- the summary
def test_slowest_submissions_use_the_recorded_time_when_not_regraded():
    assignment = config.load("perceptron")
    full = [1.0] * len(assignment.tests)
    class_ = [graded("quick", results_json(assignment, full), seconds=0.2),
              graded("kept", results_json(assignment, full, execution_time=9.5), seconds=0.0, skipped=True),
              graded("slow", results_json(assignment, full), seconds=4.0)]
    stats = class_summary.statistics_of(class_, assignment)
    assert [(round(s, 1), g.entry.name) for s, g in stats.slowest] == [(9.5, "kept"), (4.0, "slow"),
                                                                        (0.2, "quick")]
    text = class_summary.summary_text(class_, assignment)
    assert "slowest submissions:\n     9.5 s  kept" in text


def test_a_grader_failure_on_one_case_is_a_problem_of_the_class():
    """The grader notes a case it failed on in results.json's output; the
    instructor must see it among the problems, not only in that student's page."""
    assignment = config.load("perceptron")
    noted = results_json(assignment, [1.0] * len(assignment.tests))
    noted["output"] = ("Total: 96 / 100 points.\ntest 2.3, case 1: the grader failed: KeyError('x')\n"
                       "your code printed: test 9, case 1: the grader failed: fake")
    class_ = [graded("noted", noted), graded("fine", results_json(assignment, [1.0] * len(assignment.tests)))]
    stats = class_summary.statistics_of(class_, assignment)
    assert [(g.entry.name, found) for g, found in stats.problems] == [
        ("noted", ["test 2.3, case 1: the grader failed: KeyError('x')"])]
    assert "  noted: test 2.3, case 1: the grader failed" in class_summary.summary_text(class_, assignment)


# --------------------------------------------------- a synthetic class page
@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A class of 12 made-up submissions: varied scores, a leaderboard on most,
    students' metadata with a hostile name, two problems."""
    assignment = config.load("perceptron")
    n = len(assignment.tests)
    class_ = []
    for k in range(12):
        fractions = [1.0 if (k + t) % (k % 4 + 2) else (0.5 if t % 3 else 0.0) for t in range(n)]
        board = None if k == 5 else [{"name": "accuracy", "value": round(0.5 + k * 0.037, 3)},
                                     {"name": "seconds", "value": 30 - k, "order": "asc"}]
        who = [{"name": HOSTILE_NAME if k == 3 else f"Student {k:02d}", "email": f"s{k}@example.edu",
                "sid": str(1000 + k)}]
        class_.append(graded(f"submission_{k:02d}", results_json(assignment, fractions, board), who,
                             problem="the grader failed: RuntimeError('x')" if k in (4, 9) else ""))
    out = tmp_path_factory.mktemp("synthetic")
    class_report.write_report(class_, assignment, str(out), None, set())
    return SimpleNamespace(out=out, graded=class_, assignment=assignment)


def test_report_has_a_row_a_feedback_page_and_leaderboard_values_for_each_submission(synthetic):
    page = (synthetic.out / "report.html").read_text()
    markup = Markup(page)
    rows = [v for t, name, v in markup.attributes if t == "tr" and name == "id"]
    assert len(rows) == len(synthetic.graded) == 12
    for g in synthetic.graded:
        assert (synthetic.out / "feedback" / f"{g.entry.name}.html").is_file()
    assert ">accuracy</button>" in page and ">seconds</button>" in page
    assert 'title="leaderboard: lower is better"><button>seconds' in page
    assert ">0.648</td>" in page  # submission 4's accuracy, 0.5 + 4 * 0.037
    feedback = (synthetic.out / "feedback" / "submission_04.html").read_text()
    assert "<h2>Leaderboard</h2>" in feedback and "0.648" in feedback
    assert "Leaderboard" not in (synthetic.out / "feedback" / "submission_05.html").read_text()


def test_every_link_of_the_report_resolves(synthetic):
    page = (synthetic.out / "report.html").read_text()
    markup = Markup(page)
    ids = {v for _, name, v in markup.attributes if name == "id"}
    for tag, name, value in markup.attributes:
        if name != "href":
            continue
        if value.startswith("#"):
            assert value[1:] in ids, value
        else:
            assert (synthetic.out / value).is_file(), value


def test_no_student_text_becomes_markup_in_the_report(synthetic):
    page = (synthetic.out / "report.html").read_text()
    assert dangerous(page) == []
    assert "&lt;img src=x onerror=&quot;window.pwned = 7&quot;&gt;Mallory" in page


def test_report_without_similarity_or_problems_says_so(tmp_path):
    assignment = config.load("perceptron")
    class_ = [graded("only", results_json(assignment, [1.0] * len(assignment.tests)))]
    class_report.write_report(class_, assignment, str(tmp_path), None, set())
    page = (tmp_path / "report.html").read_text()
    assert "None: every submission could be read and graded." in page
    assert "Not computed for this batch." in page


# -------------------------------------------------------------- similarity
def read(folder):
    return similarity_report.read_files(str(folder), config.load("perceptron").files)


SOLUTION = os.path.join(config.SOLUTIONS_DIR, "perceptron")
TEMPLATE = os.path.join(ROOT, "student_template", "perceptron")
INDEPENDENT = os.path.join(ROOT, "tests", "fixtures", "perceptron_loops")


def test_copies_are_listed_independent_work_and_templates_are_not(tmp_path):
    renamed = {name: text.replace("scores", "s_values").replace("mistakes", "errors_per_epoch")
               for name, text in read(SOLUTION).items()}
    codes = {"original": read(SOLUTION), "renamed copy": renamed, "independent": read(INDEPENDENT),
             "blank": read(TEMPLATE), "blank too": read(TEMPLATE)}
    pairs = similarity.similar_pairs(codes, read(TEMPLATE))
    assert [(p.first, p.second) for p in pairs] == [("original", "renamed copy")]
    assert pairs[0].score > 0.95


def test_template_code_is_what_keeps_two_barely_started_submissions_apart(monkeypatch):
    """Two students who each wrote one different function, nothing else: the
    template they share is not evidence.  Without template removal the same
    pair would be listed, which is what this test guards against."""
    template = read(TEMPLATE)

    def started(function_body):
        files = dict(template)
        files["perceptron.py"] = files["perceptron.py"].replace(
            '    raise NotImplementedError("perceptron_predict: not implemented yet")', function_body)
        return files

    codes = {"a": started("    return (X @ w + b > 0).astype(int)"),
             "b": started("    out = np.zeros(len(X), dtype=np.int64)\n    out[X @ w + b > 0] = 1\n    return out")}
    assert similarity.similar_pairs(codes, template) == []
    monkeypatch.setattr(similarity, "boilerplate", lambda files: similarity.np.zeros(0, dtype=similarity.np.uint64))
    assert similarity.similar_pairs(codes, template) != []


def test_matching_lines_are_the_shared_code_only():
    """An independent file with the solution's collapse_linear pasted at its
    end: every line of the pasted code matches, most of the rest does not
    (the training loop the handout spells out step by step does: independent
    code converges there, which is why the threshold is well above it)."""
    solution = read(SOLUTION)["perceptron.py"]
    independent = read(INDEPENDENT)["perceptron.py"]
    start = solution.index("    W1 = np.asarray(W1")
    pasted = solution[start:solution.index("def mlp3_forward")].rstrip()
    mixed = independent + "\n\ndef pasted(W1, b1, W2, b2):\n" + pasted + "\n"
    matched, _ = similarity.matching_lines(mixed, solution, similarity.boilerplate(read(TEMPLATE)))
    lines = mixed.splitlines()
    own = [n for n in range(1, independent.count("\n") + 1) if lines[n - 1].strip()]
    copied = [n for n in range(len(lines) - pasted.count("\n"), len(lines) + 1)
              if not lines[n - 1].strip().startswith("#")]  # comments are not code
    assert set(copied) <= matched
    assert len(matched & set(own)) < 0.5 * len(own)


def test_code_that_does_not_parse_is_compared_all_the_same():
    lines = "".join(f"x = {k} + 2 * y - z\n" for k in range(60))
    broken = {"perceptron.py": "def f(:\n    return ((((\n" + lines, "a.py": "\x00\x01'''"}
    pairs = similarity.similar_pairs({"a": broken, "b": dict(broken)}, {})
    assert len(pairs) == 1 and pairs[0].score == 1.0


# ---------------------------------------------- a real class, through the CLI
def make_export(folder):
    """A Gradescope export: the solution, two students with the same ReLU bug
    (a diagnosed misconception), the template, an independent solution, and a
    student whose code prints HTML, script and links and whose name is HTML."""
    folder.mkdir()
    metadata = []
    relu = ("    mask = x > 0\n    out = np.where(mask, x, 0.0)", "    mask = x >= 0\n    out = np.where(mask, x, 0.0)")
    plan = [("101", "Ada Lovelace", SOLUTION, None), ("102", "Grace Hopper", SOLUTION, relu),
            ("103", "Linus Pauling", SOLUTION, relu), ("104", "Dan Blank", TEMPLATE, None),
            ("105", "Erin Own", INDEPENDENT, None), ("106", HOSTILE_NAME, SOLUTION, "hostile")]
    for sid, name, source, change in plan:
        target = folder / f"submission_{sid}"
        shutil.copytree(source, target)
        if change == "hostile":
            with open(target / "activations.py", "a") as out:
                out.write(f"\n\n# {PAYLOAD}\n_relu = relu_forward\n\n\ndef relu_forward(x):\n"
                          f"    print({PAYLOAD!r})\n    print('Likely cause: a fake diagnosis')\n"
                          f"    return _relu(x)\n\n\ndef tanh_forward(x):\n    raise ValueError({PAYLOAD!r})\n")
        elif change:
            mutate(target, "activations.py", *change)
        metadata.append(f"submission_{sid}:\n  :submitters:\n  - :name: {json.dumps(name)}\n"
                        f"    :sid: '{sid}'\n    :email: s{sid}@example.edu\n")
    (folder / "submission_metadata.yml").write_text("".join(metadata))
    return folder


@pytest.fixture(scope="module")
def real_class(tmp_path_factory):
    base = tmp_path_factory.mktemp("class-report")
    export = make_export(base / "export")
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment", "perceptron",
                           "--submissions", str(export), "--jobs", "2"], cwd=base, capture_output=True,
                          text=True, timeout=600, env=dict(os.environ, PYTHONPATH=ROOT))
    assert done.returncode == 0, done.stderr
    out = base / "results" / "perceptron" / "export"  # a results folder per class (issue 13)
    scores = {name: json.loads((out / "submissions" / name / "results.json").read_text())["score"]
              for name in os.listdir(out / "submissions")}
    return SimpleNamespace(out=out, scores=scores, stdout=done.stdout)


def test_misconceptions_count_the_diagnosis_and_ignore_a_printed_imitation(real_class):
    page = (real_class.out / "report.html").read_text()
    section = page[page.index('id="misconceptions"'):page.index('id="problems"')]
    assert f"<b>2</b> &times; {RELU_CAUSE.replace(chr(39), '&#x27;')}" in section
    assert "submission_102.html" in section and "submission_103.html" in section
    assert "fake diagnosis" not in section


def test_similar_pairs_are_the_copies_of_the_solution(real_class):
    page = (real_class.out / "similarity.html").read_text()
    markup_ids = [v for _, name, v in Markup(page).attributes if name == "id"]
    assert [i for i in markup_ids if i.startswith("pair-")] == [f"pair-{k}" for k in range(1, 7)]
    table = page[page.index("<h2>Pairs at or above"):page.index('id="pair-1"')]
    for name in ("submission_101", "submission_102", "submission_103", "submission_106"):
        assert name in table
    assert "submission_104" not in table and "submission_105" not in table
    assert dangerous(page) == []


def test_the_hostile_submission_is_shown_as_text_everywhere(real_class):
    for path in [real_class.out / "report.html", real_class.out / "similarity.html",
                 *sorted((real_class.out / "feedback").iterdir())]:
        assert dangerous(path.read_text()) == [], path
    feedback = (real_class.out / "feedback" / "submission_106.html").read_text()
    assert "your code printed: &lt;script&gt;window.pwned = 1&lt;/script&gt;" in feedback


# ------------------------------------------------------- in a real browser
def chromium_path():
    for candidate in (os.environ.get("AUTOGRADER_CHROMIUM"), "chromium", "chromium-browser",
                      "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api",
                                         reason="playwright is not installed (pip install -r requirements.txt)")
    executable = chromium_path()
    if not executable:
        pytest.skip("no Chromium found: `apt-get install chromium` (as .ci/run does) or set AUTOGRADER_CHROMIUM")
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


class Tab:
    """A page that records script errors, console errors and dialogs."""

    def __init__(self, browser, path):
        self.page = browser.new_page(viewport={"width": 1366, "height": 900})
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.goto(path.as_uri())

    def row_ids(self):
        return self.page.eval_on_selector_all("#class-table tbody tr", "rows => rows.map(r => r.id)")

    def visible_rows(self):
        return self.page.eval_on_selector_all("#class-table tbody tr",
                                              "rows => rows.filter(r => !r.hidden).map(r => r.id)")

    def pwned(self):
        return self.page.evaluate("() => window.pwned === undefined ? null : window.pwned")


def test_in_a_browser_one_row_per_submission_and_sorting_by_score_reorders(browser, real_class):
    tab = Tab(browser, real_class.out / "report.html")
    assert sorted(tab.row_ids()) == sorted(f"row-{name}" for name in real_class.scores)
    tab.page.click("#class-table thead th:nth-child(5) button")  # Score: highest first
    by_score = sorted(real_class.scores, key=lambda name: -real_class.scores[name])
    assert [real_class.scores[r[4:]] for r in tab.row_ids()] == [real_class.scores[n] for n in by_score]
    assert tab.page.get_attribute("#class-table thead th:nth-child(5)", "aria-sort") == "descending"
    tab.page.click("#class-table thead th:nth-child(5) button")  # again: lowest first
    assert [real_class.scores[r[4:]] for r in tab.row_ids()] == sorted(real_class.scores.values())
    assert tab.errors == []


def test_in_a_browser_the_filter_hides_rows(browser, real_class):
    tab = Tab(browser, real_class.out / "report.html")
    tab.page.fill("#filter", "grace")
    assert tab.visible_rows() == ["row-submission_102"]
    assert tab.page.inner_text("#shown") == "1 of 6 submissions"
    tab.page.fill("#filter", "s103@example")  # emails and ids match too
    assert tab.visible_rows() == ["row-submission_103"]
    tab.page.fill("#filter", "")
    assert len(tab.visible_rows()) == 6
    assert tab.errors == []


def test_in_a_browser_every_feedback_link_resolves_without_errors(browser, real_class):
    tab = Tab(browser, real_class.out / "report.html")
    links = tab.page.eval_on_selector_all("#class-table tbody td.first a", "as => as.map(a => a.href)")
    assert len(links) == 6
    for link in links:
        feedback = browser.new_page()
        errors = []
        feedback.on("pageerror", lambda error: errors.append(str(error)))
        response = feedback.goto(link)
        assert response is not None and response.ok, link
        name = link.rsplit("/", 1)[1][:-len(".html")]
        assert feedback.inner_text("h1") == name
        assert feedback.locator("article.test").count() == len(config.load("perceptron").tests)
        feedback.click("nav a")  # back to the class report, at this submission's row
        assert feedback.url.endswith(f"report.html#row-{name}")
        assert errors == []
        feedback.close()
    assert tab.errors == []


def test_in_a_browser_the_hostile_submission_runs_nothing(browser, real_class):
    for path in (real_class.out / "report.html", real_class.out / "feedback" / "submission_106.html",
                 real_class.out / "similarity.html"):
        tab = Tab(browser, path)
        tab.page.mouse.move(200, 300)
        tab.page.wait_for_timeout(200)  # an image's onerror would have fired by now
        assert tab.pwned() is None, path
        assert tab.page.locator("img, iframe, object, embed").count() == 0
        assert tab.errors == [], path
    feedback = Tab(browser, real_class.out / "feedback" / "submission_106.html")
    assert feedback.page.locator("script").count() == 0  # no script at all on a feedback page
    assert "<script>window.pwned = 1</script>" in feedback.page.inner_text("body")


def test_in_a_browser_leaderboard_columns_sort_by_their_order(browser, synthetic):
    tab = Tab(browser, synthetic.out / "report.html")
    headers = tab.page.eval_on_selector_all("#class-table thead th", "ths => ths.map(t => t.innerText)")
    seconds_column = headers.index("seconds") + 1
    tab.page.click(f"#class-table thead th:nth-child({seconds_column}) button")  # "asc": lowest first
    values = tab.page.eval_on_selector_all(f"#class-table tbody td:nth-child({seconds_column})",
                                           "tds => tds.map(t => t.innerText)")
    numbers = [float(v) for v in values if v]
    assert numbers == sorted(numbers) and values[-1] == ""  # the one without a leaderboard last
    tab.page.fill("#filter", "mallory")
    assert tab.visible_rows() == ["row-submission_03"]
    assert tab.errors == [] and tab.pwned() is None


def test_in_a_browser_the_page_fits_a_laptop_and_prints(browser, synthetic, tmp_path):
    tab = Tab(browser, synthetic.out / "report.html")
    width = tab.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1366  # the wide table scrolls inside its own box, not the page
    started = time.monotonic()
    tab.page.pdf(path=str(tmp_path / "report.pdf"))  # print
    assert (tmp_path / "report.pdf").stat().st_size > 10_000 and time.monotonic() - started < 60


def test_the_similarity_pass_never_follows_a_symbolic_link(tmp_path):
    """A submission folder whose activations.py points at a file of the grader's
    machine: its text must not reach similarity.html (the grader may be root)."""
    secret = tmp_path / "secret.py"
    secret.write_text("TOKEN = 'instructor-only'\n")
    folder = tmp_path / "student"
    shutil.copytree(SOLUTION, folder)
    (folder / "activations.py").unlink()
    (folder / "activations.py").symlink_to(secret)
    codes = similarity_report.read_class([batch.Entry("student", str(folder))], config.load("perceptron").files)
    assert "activations.py" not in codes["student"] and "perceptron.py" in codes["student"]
