"""Misconceptions across a class: which diagnosis each test gave to whom.

The grader adds a line `Likely cause: <sentence>` to a failed test's
feedback when a modelled misconception explains what the student's code did
(diagnoses.py; the sentences are those of assignments/<id>/misconceptions.py).
`diagnoses` is the one place that reads them back out of results.json; when
diagnoses carry ids, only it changes.
"""
import re

_LIKELY_CAUSE = re.compile(r"^[ \t]*Likely cause: (.+?)[ \t]*$", re.MULTILINE)


def diagnoses(results, known=None):
    """The (test number, diagnosis) pairs of one results.json dict, each once.
    `known`: the catalog's sentences; a line a student printed to imitate one
    (their own output is shown in their feedback) counts only if it is one."""
    found = []
    for test in results.get("tests") or []:
        for match in _LIKELY_CAUSE.finditer(str(test.get("output") or "")):
            pair = (str(test.get("number", "")), match.group(1))
            if (known is None or pair[1] in known) and pair not in found:
                found.append(pair)
    return found


def across_class(named_results, known=None):
    """{test number: {diagnosis: [submission names]}} from (name, results) pairs,
    the most frequent diagnosis first within each test."""
    table = {}
    for name, results in named_results:
        for number, sentence in diagnoses(results, known):
            table.setdefault(number, {}).setdefault(sentence, []).append(name)
    return {number: dict(sorted(causes.items(), key=lambda item: -len(item[1])))
            for number, causes in table.items()}
