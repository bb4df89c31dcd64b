"""As whom the worker runs on this machine, and what it can see: the set-up.

Decided once per grader process; README ("What the sandbox guarantees") has a
column for each set-up:

- **root, with namespaces**: bubblewrap gives the worker its own mount, PID,
  network, IPC and UTS namespaces.  Its filesystem holds the system's /usr
  (and the /bin, /lib... next to it) and ld.so's cache read-only, the
  interpreter's installation read-only at its own path, its own folder at
  /worker, a private /tmp, and nothing else: no checkout, no home, no other
  worker, no results.  It runs as the sandbox account (a spare uid for the
  2nd, 3rd... worker alive at once), switched to by `setpriv` inside.
- **root, without**: the sandbox account, if it can run the interpreter
  (else grading stops: `SandboxUnavailable`), in `unshare`'s PID and network
  namespaces where allowed.  Files are protected by their permissions only
  (Gradescope's setup.sh makes /autograder/source root-only; a run's notes
  say when the account can read this checkout).
- **not root, with user namespaces**: bubblewrap as above, in a user
  namespace, as the user.
- **not root, without**: the worker runs as the user, sees what they see,
  and every run's notes say so.

Why bubblewrap and not mount syscalls of our own: making a private root
right (pivot_root, detaching the old root, locking mounts, fresh /proc and
/dev, dropping capabilities, all in a user namespace when not root) is what
bubblewrap does, in audited C, for Flatpak; it starts in ~5 ms.  Our own
would run either in a preexec_fn (unsafe: a batch grades in threads) or in
one more Python process per worker (~20 ms), and would need two code paths
(root, user namespace).  Where bubblewrap is missing or refused we fall back
to what holds without it.

Why bind the interpreter's installation rather than build a runtime: a
read-only bind at its own path costs nothing per worker, no disk, never goes
stale when numpy is upgraded, and keeps every absolute path valid (a venv's
pyvenv.cfg, an RPATH to libpython, symlinks into ~/.pyenv).  Inside the
namespace the folders above it are empty directories anyone may cross, so
the account can run a Python that lives under /root.  Without namespaces
nothing is bound, and rather than run student code as root the grader stops
with what to do.
"""
import functools
import os
import pwd
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.util import find_spec

from ..errors import ConfigError

DEFAULT_ACCOUNT = "nobody"                   # every Linux has it
GRADESCOPE_ACCOUNT = "autograder-student"    # made by the Gradescope zip's setup.sh
ALLOW_ROOT = "AUTOGRADER_ALLOW_ROOT_WORKER"  # =1: an explicit, noted opt-out
CHECKOUT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INSIDE = "/worker"          # the worker's folder as it sees it under bubblewrap
PRIVATE_TMP_BYTES = 64 * 2**20
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime")
# What bubblewrap (as root) keeps for setpriv to switch user inside; the
# switch to a non-root uid clears them all.
SWITCH_CAPABILITIES = ("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_DAC_READ_SEARCH")
PID_NAMESPACE = ["unshare", "--pid", "--net", "--fork", "--kill-child", "--"]
PLAIN_PATH = {"PATH": "/usr/bin:/bin"}


class SandboxUnavailable(ConfigError):
    """The grader is root and cannot run student code as anyone else."""


@dataclass(frozen=True)
class Setup:
    name: str                  # root-namespaces, root-plain, root-as-root, user-namespaces, user-plain
    account: object = None     # pwd entry of the sandbox account (the grader is root)
    mounts: bool = False       # bubblewrap: the worker sees only its folder, the interpreter, /usr
    pid_namespace: bool = False  # with a network namespace: nothing outlives the worker
    note: str = None           # one line for every run's notes: what is not protected


def namespaces_allowed():
    return os.environ.get("AUTOGRADER_NAMESPACES") != "off"  # "off" simulates a refusing kernel


@functools.lru_cache(maxsize=None)
def current():
    """This machine's set-up (probed once); raises SandboxUnavailable."""
    if os.geteuid() != 0:
        refusal = _bubblewrap_refusal(None)
        if refusal is None:
            return Setup("user-namespaces", mounts=True, pid_namespace=True)
        return Setup("user-plain", note=f"note: no user namespace ({refusal}): the code graded "
                                        "runs as you and can read whatever you can read")
    account = _account()
    refusal = _bubblewrap_refusal(account) if account else "no sandbox account"
    if refusal is None:
        return Setup("root-namespaces", account, mounts=True, pid_namespace=True)
    pid_namespace = _unshare_works(account)
    if account and _can_run_interpreter(account):
        return Setup("root-plain", account, pid_namespace=pid_namespace,
                     note=_exposure_note(account, refusal))
    if os.environ.get(ALLOW_ROOT) == "1":
        return Setup("root-as-root", pid_namespace=pid_namespace,
                     note=f"warning: {ALLOW_ROOT}=1: student code runs as root and can read "
                          f"everything, solutions included ({refusal})")
    raise SandboxUnavailable(_refusal_message(account, refusal))


def _account():
    name = os.environ.get("AUTOGRADER_SANDBOX_USER", DEFAULT_ACCOUNT)
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _refusal_message(account, refusal):
    name = os.environ.get("AUTOGRADER_SANDBOX_USER", DEFAULT_ACCOUNT)
    who = (f"the sandbox account {name} cannot run {sys.executable} with numpy (is a folder above "
           "it closed to other users?)") if account else \
        f"there is no account {name} (AUTOGRADER_SANDBOX_USER)"
    return (f"the grader runs as root, {who}, and no mount namespace can lend it one ({refusal}): "
            "install bubblewrap (apt-get install bubblewrap), or grade with a Python other users "
            "can run (e.g. a venv made by /usr/bin/python3 outside /root), or set "
            f"{ALLOW_ROOT}=1 to run student code as root anyway")


# ------------------------------------------------------------- bubblewrap

def interpreter_folders():
    """The interpreter's installation (venv and base) and numpy's site folder,
    as given and resolved, outside the system's folders, outermost only."""
    found = {sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))}
    numpy = find_spec("numpy")
    if numpy and numpy.origin:
        found.add(os.path.dirname(os.path.dirname(numpy.origin)))
    found |= {os.path.realpath(path) for path in found}
    found = {p for p in found if not any(_within(p, d) for d in SYSTEM_DIRS)}
    return sorted(p for p in found if not any(q != p and _within(p, q) for q in found))


def _within(path, folder):
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _exposed_by(folders):
    """A bound folder that would show this checkout or the grader's home, or None."""
    private = [CHECKOUT, os.path.expanduser("~")]
    return next((f for f in folders for p in private if _within(p, f)), None)


def bubblewrap_arguments(worker_root=None):
    """bwrap's options up to `--`: the worker's whole filesystem, named."""
    arguments = [shutil.which("bwrap") or "bwrap", "--die-with-parent", "--unshare-pid",
                 "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    if os.geteuid() == 0:  # no user namespace: bwrap keeps only what setpriv needs
        arguments += ["--cap-drop", "ALL"]
        for capability in SWITCH_CAPABILITIES:
            arguments += ["--cap-add", capability]
    else:
        arguments += ["--unshare-user", "--disable-userns"]
    for path in SYSTEM_DIRS:
        if os.path.islink(path):
            arguments += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            arguments += ["--ro-bind", path, path]
    for path in SYSTEM_FILES:
        arguments += ["--ro-bind-try", path, path]
    arguments += ["--proc", "/proc", "--dev", "/dev",
                  "--perms", "1777", "--size", str(PRIVATE_TMP_BYTES), "--tmpfs", "/tmp"]
    made = set()
    for folder in interpreter_folders():
        for parent in _parents(folder):
            if parent not in made:  # crossable by anyone, unlike the real /root
                arguments += ["--dir", parent]
                made.add(parent)
        arguments += ["--ro-bind", folder, folder]
    if worker_root is None:
        return arguments + ["--chdir", "/", "--"]
    return arguments + ["--dir", INSIDE,
                        "--ro-bind", os.path.join(worker_root, "runtime"), f"{INSIDE}/runtime",
                        "--bind", os.path.join(worker_root, "work"), f"{INSIDE}/work",
                        "--chdir", f"{INSIDE}/work", "--"]


def _parents(path):
    parts = path.strip("/").split("/")[:-1]
    return ["/" + "/".join(parts[:i + 1]) for i in range(len(parts))]


def switch_user(uid, gid):
    """setpriv's command prefix: become uid/gid with no groups and no capability left."""
    return ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--"]


def _bubblewrap_refusal(account):
    """None when bubblewrap can run the interpreter and numpy as the worker
    would (as `account` when root); else why not, in a few words."""
    if not namespaces_allowed():
        return "AUTOGRADER_NAMESPACES=off"
    if not shutil.which("bwrap"):
        return "bubblewrap is not installed"
    exposed = _exposed_by(interpreter_folders())
    if exposed:
        return f"the interpreter's folder {exposed} holds this checkout or your home"
    switch = switch_user(account.pw_uid, account.pw_gid) if account else []
    # Opening numpy's first file proves the interpreter starts and numpy is
    # readable as the worker's user, in 40 ms; importing it would take 250.
    numpy = find_spec("numpy")
    check = f"open({numpy.origin!r}).close()" if numpy and numpy.origin else "import numpy"
    command = bubblewrap_arguments() + switch + [sys.executable, "-I", "-c", check]
    try:
        probe = subprocess.run(command, capture_output=True, text=True, env=PLAIN_PATH, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bubblewrap failed: {error}"
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or [f"exit code {probe.returncode}"])[-1]
        return f"bubblewrap failed: {last[:200]}"
    return None


# ------------------------------------------------------- without bubblewrap

def _unshare_works(account):
    """`unshare` makes the worker PID 1 of its own PID and network namespaces
    (root only): when it dies, so does every process it left behind, even a
    daemon that called setsid(); there is no network interface at all."""
    if not namespaces_allowed() or not shutil.which("unshare") or not shutil.which("setpriv"):
        return False
    switch = switch_user(account.pw_uid, account.pw_gid) if account else []
    probe = subprocess.run(PID_NAMESPACE + switch + ["true"], capture_output=True, env=PLAIN_PATH)
    return probe.returncode == 0


def _run_as(account, command):
    try:
        return subprocess.run(command, user=account.pw_uid, group=account.pw_gid, extra_groups=[],
                              capture_output=True, cwd="/", env=PLAIN_PATH).returncode == 0
    except OSError:  # the program itself is out of the account's reach
        return False


def _can_run_interpreter(account):
    return _run_as(account, [sys.executable, "-I", "-c", "import numpy"])


def _exposure_note(account, refusal):
    """Without a mount namespace the account reads what permissions allow: say
    so when that includes this checkout (never on Gradescope: setup.sh closes it)."""
    if not _run_as(account, ["test", "-r", CHECKOUT, "-a", "-x", CHECKOUT]):
        return None
    return (f"warning: no mount namespace ({refusal}) and {account.pw_name} can read this "
            f"checkout ({CHECKOUT}): student code could read solutions/ and results/; install "
            "bubblewrap or make a folder above the checkout private (chmod 700)")


# ------------------------------------------------------------- the launch

def folder_inside(setup, worker_root):
    """Where the worker finds its folder (runtime/ and work/)."""
    return INSIDE if setup.mounts else worker_root


def command(setup, identity, worker_root, argv):
    """The worker's full command line and Popen's user switch.  Namespaces are
    made as root, so with an identity (uid, gid) `setpriv` drops to it inside."""
    switch = switch_user(*identity) if identity else []
    if setup.mounts:
        return bubblewrap_arguments(worker_root) + switch + argv, {}
    if setup.pid_namespace:
        return PID_NAMESPACE + switch + argv, {}
    if identity:
        return argv, {"user": identity[0], "group": identity[1], "extra_groups": []}
    return argv, {}
