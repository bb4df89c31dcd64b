"""Calibrate the similarity threshold (autograder/similarity.py) on realistic data.

Independent side: the project's independently written correct submissions
(tests/fixtures/perceptron_loops, backprop_alt, cnn_naive) against the
reference solution and against every buggy variant of it.
Copied side: every catalogued mutant (assignments/<id>/mutants.py applied to
the solution: each is the solution with one bug), the same disguised
(identifiers renamed, top-level functions in another order), and a partial
copy: the independent submission with one file replaced by the solution's.
Prints the scores; the README quotes them.  Run:
    .venv/bin/python benchmarks/similarity_calibration.py
"""
import ast
import builtins
import io
import keyword
import os
import random
import sys
import tokenize

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from autograder import bug_catalog, config, similarity  # noqa: E402

FIXTURES = {"perceptron": "perceptron_loops", "backprop": "backprop_alt", "cnn": "cnn_naive"}


def read_folder(folder):
    return {name: open(os.path.join(folder, name), encoding="utf-8").read()
            for name in sorted(os.listdir(folder)) if name.endswith(".py")}


def mutated(files, mutant):
    text = files[mutant.file]
    assert text.count(mutant.old) == 1, mutant.id
    return dict(files, **{mutant.file: text.replace(mutant.old, mutant.new)})


def disguised(text, seed):
    """Every identifier renamed, top-level definitions in a shuffled order."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    blocks, head_end = [], None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            head_end = start if head_end is None else head_end
            blocks.append("".join(lines[start:node.end_lineno]) + "\n\n")
    if head_end is None:
        return text
    random.Random(seed).shuffle(blocks)
    text = "".join(lines[:head_end]) + "".join(blocks)
    out, previous = [], None
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if (tok.type == tokenize.NAME and not keyword.iskeyword(tok.string)
                and tok.string not in dir(builtins) and tok.string != "np"
                and not (previous and previous.string == ".")):
            tok = tok._replace(string=tok.string + "_renamed")  # attributes keep their names
        out.append(tok)
        previous = tok
    return tokenize.untokenize(out)


def score(a, b, template):
    pairs = similarity.similar_pairs({"a": a, "b": b}, template, threshold=0.0, min_shared=0)
    return pairs[0].score if pairs else 0.0


def main():
    rows = []
    for assignment_id, fixture in FIXTURES.items():
        assignment = config.load(assignment_id)
        solution = read_folder(assignment.solution_dir)
        template = read_folder(os.path.join(config.ROOT, "student_template", assignment_id))
        independent = read_folder(os.path.join(config.ROOT, "tests", "fixtures", fixture))
        variants = [mutated(solution, m) for m in bug_catalog.catalog(assignment)]
        against_variants = [score(independent, v, template) for v in variants]
        copies = [score(v, solution, template) for v in variants]
        between = [p.score for p in similarity.similar_pairs(
            {str(i): v for i, v in enumerate(variants)}, template, threshold=0.0, min_shared=0)]
        hidden = [score({n: disguised(t, seed) for n, t in v.items()}, solution, template)
                  for seed, v in enumerate(variants)]
        partial = [score(dict(independent, **{name: solution[name]}), solution, template)
                   for name in solution]
        rows.append((assignment_id, score(independent, solution, template), max(against_variants),
                     min(copies), min(between), min(hidden), min(partial), max(partial),
                     score(template, template, template), len(variants)))
    print("assignment  indep-vs-sol  indep-vs-variants(max)  variant-vs-sol(min)  "
          "variant-vs-variant(min)  disguised(min)  one-file-copied(min..max)  template-vs-template")
    for r in rows:
        print(f"{r[0]:<11} {r[1]:12.3f}  {r[2]:22.3f}  {r[3]:19.3f}  {r[4]:23.3f}  {r[5]:14.3f}  "
              f"{r[6]:.3f}..{r[7]:.3f}{'':13}  {r[8]:.3f}   ({r[9]} variants)")
    print(f"default threshold {similarity.DEFAULT_THRESHOLD}, K={similarity.K}, "
          f"WINDOW={similarity.WINDOW}, MIN_SHARED={similarity.MIN_SHARED}")


if __name__ == "__main__":
    main()
