"""An assignment's configuration as typed objects: `load` reads
`assignments/<id>/assignment.yaml` (or a handout's `assignment.json`) and
`yaml_validator` turns it into an `Assignment` of `Test`s, refusing with a
ConfigError that names the file, the test and the key.  See the README for
the reference of keys.
"""
import functools
import json
import os

from .definitions import ROOT, SOLUTIONS_DIR, VISIBILITIES, Assignment, Test, leaves  # noqa: F401
from .errors import ConfigError
from .yaml_validator import Validator

ASSIGNMENTS_DIR = os.path.join(ROOT, "assignments")


def available():
    """Ids of the assignments that exist, in a stable order."""
    if not os.path.isdir(ASSIGNMENTS_DIR):
        return []
    return sorted(d for d in os.listdir(ASSIGNMENTS_DIR)
                  if os.path.isfile(config_path(os.path.join(ASSIGNMENTS_DIR, d))))


def config_path(folder):
    """assignment.yaml, or the assignment.json a student handout ships (no pyyaml needed)."""
    yaml_path = os.path.join(folder, "assignment.yaml")
    json_path = os.path.join(folder, "assignment.json")
    return json_path if os.path.isfile(json_path) and not os.path.isfile(yaml_path) else yaml_path


def read_raw(path):
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    import yaml  # only instructors need pyyaml
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_strict_loader())
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None


@functools.lru_cache(maxsize=None)
def _strict_loader():
    """YAML's safe loader (libyaml's where installed: ~8x faster), refusing a key
    written twice in one mapping, which plain YAML lets the last one win."""
    import yaml

    class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} is written twice in one mapping",
                        key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep)

    return StrictLoader


def load(assignment_id, folder=None):
    folder = folder or os.path.join(ASSIGNMENTS_DIR, assignment_id)
    path = config_path(folder)
    if not os.path.isfile(path):
        known = ", ".join(available()) or "none"
        raise ConfigError(f"no assignment {assignment_id!r}: {path} does not exist "
                          f"(assignments: {known})")
    return Validator(path).assignment(assignment_id, folder, read_raw(path))
