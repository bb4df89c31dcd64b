"""Write a zip so that a reader never finds half of one: both bundles
(`dist/<id>-autograder.zip`, `dist/<id>-handout.zip`) go through here."""
import contextlib
import os
import tempfile
import zipfile


@contextlib.contextmanager
def atomic_zip(path):
    """A ZipFile written to a temporary file beside `path`, renamed over it only
    when complete: a failure never leaves a truncated zip in dist/, and an older
    good one stays until the new one replaces it."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}-",
                                         suffix=".part")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            yield archive
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from whoever uploads it
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
