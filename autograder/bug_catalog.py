"""The catalog of realistic bugs of an assignment (`assignments/<id>/mutants.py`):
each a text replacement in a copy of the solution, the tests that must catch
it and, optionally, the diagnosis a student with that bug should be given.
Running the catalog is mutation_testing.py's job.
"""
import importlib.util
import os
from dataclasses import dataclass

from .errors import ConfigError


class MutantError(ConfigError, ValueError):
    """A catalogued mutant that no longer applies: one line on the command line."""


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str
    old: str
    new: str
    caught_by: frozenset  # the tests that must lose points: exactly these
    diagnosis: str = ""   # the likely cause, said to a student whose output equals this mutant's


def catalog(assignment):
    path = os.path.join(assignment.folder, "mutants.py")
    if not os.path.isfile(path):
        return []
    spec = importlib.util.spec_from_file_location(f"_assignment_{assignment.id}_mutants", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [Mutant(i, f, old, new, frozenset(tests), *rest) for i, f, old, new, tests, *rest
            in module.MUTANTS]


def apply(mutant, folder):
    """Write the mutant into `folder` (a copy of the solution)."""
    replace_once(os.path.join(folder, mutant.file), mutant.old, mutant.new, f"mutant {mutant.id}")


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
