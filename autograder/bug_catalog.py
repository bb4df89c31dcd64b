"""The catalog of realistic bugs of an assignment (`assignments/<id>/mutants.py`):
each a text replacement in a copy of the solution, the tests that must catch
it and, optionally, the id of the misconception (misconceptions.py) whose
diagnosis its feedback must show.
Running the catalog is mutation_testing.py's job.
"""
import os
import re
from dataclasses import dataclass

from .assignment_files import optional_module
from .errors import ConfigError


class MutantError(ConfigError, ValueError):
    """A catalogued mutant that no longer applies: one line on the command line."""


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str
    old: object           # the text replaced (once), or a tuple of texts, replaced in order
    new: object
    caught_by: frozenset  # the tests that must lose points: exactly these
    misconception: str = ""   # the id in misconceptions.py that must name it as the likely cause


def catalog(assignment):
    module = optional_module(assignment, "mutants")
    if module is None:
        return []
    path = module.__file__
    found = [Mutant(i, f, old, new, frozenset(tests), *rest) for i, f, old, new, tests, *rest
             in module.MUTANTS]
    for mutant in found:
        if mutant.misconception and not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", mutant.misconception):
            raise ConfigError(f"{path}: mutant {mutant.id!r}: its last element names the misconception "
                              "(an id in misconceptions.py), not a sentence")
    return found


def apply(mutant, folder):
    """Write the mutant into `folder` (a copy of the solution).  `old` and `new`
    may be tuples of the same length: several replacements, made in order
    (a bug that spans a forward and its backward)."""
    olds, news = (mutant.old, mutant.new) if isinstance(mutant.old, tuple) else ((mutant.old,), (mutant.new,))
    if len(olds) != len(news):
        raise ValueError(f"mutant {mutant.id}: {len(olds)} old texts but {len(news)} new ones")
    for old, new in zip(olds, news):
        replace_once(os.path.join(folder, mutant.file), old, new, f"mutant {mutant.id}")


def replace_once(path, old, new, who="a replacement"):
    """Replace `old` by `new` in the file; the old text must be there exactly
    once, so a mutant can never silently stop applying."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if text.count(old) != 1:
        raise MutantError(f"{who}: its old text is in {os.path.basename(path)} "
                          f"{text.count(old)} times, not once (quote a line only the code has: "
                          "docstrings count too)")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text.replace(old, new))
