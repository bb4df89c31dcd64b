"""The sandbox on an instructor's own machine (issue 14), in every set-up this
machine can produce: root with namespaces (bubblewrap), root without
(AUTOGRADER_NAMESPACES=off), the Gradescope emulation with and without, a
non-root user with and without user namespaces, a batch, a fresh clone.

Two hostile submissions (the cnn template, whose `affine_forward` attacks):
- SEARCH looks for folders named `solutions` and `results` in its working
  folder, every sys.path entry, the parents of both, and /proc/<pid>/cwd and
  /proc/<pid>/root (and their parents) of every process it can see, the
  graders above it included; prints every .py file it finds there, and calls
  the reference `affine_forward` it finds (test 2.1 then passes).
- LISTING lists /, /home, /root, /tmp, the checkout and its parents, and
  /proc/*/cwd, /proc/*/root, and reports every name it sees that the grader
  sees there too but that is not on the way to the interpreter (a leak).

Besides, ESCAPE starts a daemon and tries the network, and in a batch THIEF
hunts a victim's secret in the class folder, the results and the workers'
folders.  Each prints one line of JSON that the tests read from the feedback.

Controls prove the attacks work: with the protection off they find what they
look for (test_root_as_root_opt_out_search_finds_the_solutions,
test_root_without_namespaces_readable_checkout_is_seen_and_noted,
test_non_root_without_user_namespaces_says_what_is_not_protected).  The
non-root gradings run as a user made with useradd, in a copy of the
repository it owns; a Python every user can run (a copy of the Gradescope
emulation's venv in /var/tmp) and the stored references (--frozen) stand in
for an instructor's set-up.
"""
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
import zipfile

import pytest

from autograder import batch, bundles, emulate, grading, results
from autograder.sandbox import SandboxUnavailable, confinement
from autograder.submission import prepared
from conftest import ROOT, kill_processes, opened, processes_with, wait_until

ROOTED = os.geteuid() == 0
TESTER = "autograder-tester"  # the non-root instructor or student, made with useradd
AFFINE = "2.1"                # the test that calls affine_forward alone


# --------------------------------------------------------------- the attacks

SEARCH = '''
import json as _json, os as _os, sys as _sys, numpy as _np
_SEARCH_DONE = {}


def _climb(path, levels=8):
    """`path` and its parents; through a /proc link, by `..` (the other process's view)."""
    if path.startswith("/proc/"):
        return [path + "/.." * i for i in range(levels)]
    found = []
    while path not in found:
        found.append(path)
        path = _os.path.dirname(path)
    return found


def _places():
    places = [_os.getcwd()] + [p for p in _sys.path if p]
    for pid in sorted((p for p in _os.listdir("/proc") if p.isdigit()), key=int):
        for link in ("cwd", "root"):
            places.append(f"/proc/{pid}/{link}")
            try:
                places.append(_os.readlink(f"/proc/{pid}/{link}"))
            except OSError:
                pass
    ordered = []
    for place in places:
        ordered += [p for p in _climb(place) if p not in ordered]
    return ordered


def _search():
    found = {"uid": _os.getuid(), "places": 0, "solutions": [], "results": [], "py": [],
             "solution_text": False, "called": False}
    texts, reference = [], None
    for place in _places():
        try:
            names = _os.listdir(place)
        except OSError:
            continue
        found["places"] += 1
        for kind in ("solutions", "results"):
            if kind not in names:
                continue
            top = _os.path.join(place, kind)
            found[kind].append(top)
            for parent, _dirs, files in _os.walk(top):
                for name in files:
                    path = _os.path.join(parent, name)
                    if name.endswith(".py"):
                        found["py"].append(path)
                        try:
                            with open(path, encoding="utf-8") as handle:
                                texts.append((path, handle.read()))
                        except OSError:
                            pass
                    elif name == "results.json":
                        found["results"].append(path)
    for path, text in texts:
        found["solution_text"] |= ("BEGIN" + " SOLUTION") in text
        if reference is None and "def affine_forward" in text:
            scope = {}
            try:
                exec(compile(text, path, "exec"), scope)
                reference = scope["affine_forward"]
            except Exception:
                pass
    return found, texts, reference


def affine_forward(x, w, b):
    if not _SEARCH_DONE:
        _SEARCH_DONE["result"] = _search()
    found, texts, reference = _SEARCH_DONE["result"]
    if reference is not None:
        found["called"] = True
    short = {k: (v[:2] if isinstance(v, list) else v) for k, v in found.items()}
    print("SEARCH " + _json.dumps(short))
    for path, text in texts:  # every .py found, and its text
        print(path)
        print(text)
    if reference is not None:
        return reference(x, w, b)
    return _np.zeros((x.shape[0], w.shape[1])), None
'''

LISTING = '''
import json as _json, os as _os, numpy as _np
_FORBIDDEN = _json.loads({forbidden!r})


def affine_forward(x, w, b):
    places = list(_FORBIDDEN["dirs"])
    for pid in (p for p in _os.listdir("/proc") if p.isdigit()):
        places += [f"/proc/{{pid}}/cwd", f"/proc/{{pid}}/root"]
    listed, leaks = 0, []
    for place in places:
        try:
            names = _os.listdir(place)
        except OSError:
            continue
        listed += 1
        bad = set(_FORBIDDEN["names"].get(place, _FORBIDDEN["proc"] if place.startswith("/proc/") else []))
        leaks += [f"{{place}}/{{n}}" for n in sorted(names) if n in bad]
    print("LISTING " + _json.dumps({{"uid": _os.getuid(), "listed": listed, "leaks": leaks[:6],
                                    "count": len(leaks)}}))
    return _np.zeros((x.shape[0], w.shape[1])), None
'''


ESCAPE = '''
import json as _json, os as _os, socket as _socket, numpy as _np


def affine_forward(x, w, b):
    if _os.fork() == 0:  # a daemon: a new session, a second fork
        try:
            _os.setsid()
            if _os.fork() == 0:
                _os.execv("/bin/sh", ["sh", "-c", "sleep 30; : {marker}"])
        finally:
            _os._exit(0)
    try:
        _socket.create_connection(("127.0.0.1", 9), timeout=2)
        network = "open"
    except OSError as error:
        network = "blocked" if error.errno == 13 else f"unreachable (errno {{error.errno}})"
    print("ESCAPE " + _json.dumps({{"uid": _os.getuid(), "network": network}}))
    return _np.zeros((x.shape[0], w.shape[1])), None
'''


def hostile(folder, attack):
    """The cnn template with `attack` (source text) appended to layers.py."""
    shutil.copytree(os.path.join(ROOT, "student_template", "cnn"), folder)
    with open(os.path.join(folder, "layers.py"), "a") as out:
        out.write("\n\n" + attack)
    os.chmod(folder, 0o755)
    return folder


def on_the_way(*paths):
    """Names on the way to the interpreter (and what every sandbox has): allowed."""
    names = {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "tmp", "proc",
             "dev", "worker"}
    for path in paths:
        names.update(p for p in path.split("/") if p)
    return names


def interpreter_paths(python):
    """Where `python` lives (asked of it, not of the code under test)."""
    question = ("import json, os, sys; paths = [sys.prefix, sys.base_prefix, sys.executable]; "
                "print(json.dumps(paths + [os.path.realpath(p) for p in paths]))")
    asked = subprocess.run([python, "-c", question], capture_output=True, text=True, check=True)
    return json.loads(asked.stdout)


def listing_attack(checkout, python, private_from=None, known=None):
    """LISTING for a grading from `checkout` with `python`.  Forbidden: what the
    grader sees in each listed folder, minus the way to the interpreter: in
    every folder (a mount namespace), or, given `private_from` (permissions
    only), in the folders from the checkout up to `private_from`, the first
    one closed to others, and /root.  `known`: {folder: names} of folders not
    made yet (the emulation's)."""
    known = known or {}
    allowed = on_the_way(*interpreter_paths(python))
    parents = [checkout]
    while os.path.dirname(parents[-1]) != parents[-1]:
        parents.append(os.path.dirname(parents[-1]))
    dirs = ["/", "/home", "/root", "/tmp"] + parents
    guarded = dirs if private_from is None else \
        parents[:parents.index(private_from) + 1] + ["/root"]

    def names_in(folder):
        return set(known.get(folder) or (os.listdir(folder) if os.path.isdir(folder) else []))

    names = {d: sorted(names_in(d) - allowed) for d in guarded}
    proc = (names_in(checkout) - allowed) | {"solutions", "assignments"}
    if private_from is None:
        proc = proc.union(*map(set, names.values()))
    forbidden = json.dumps({"dirs": dirs, "names": names, "proc": sorted(proc)})
    return LISTING.format(forbidden=forbidden)


# ------------------------------------------------------------- the readings

def feedback(data):
    """All text of a results.json: the notes and every test's output."""
    return data.get("output", "") + "\n" + "\n".join(t.get("output", "") for t in data["tests"])


def reported(data, word):
    """The JSON line the attack printed (the first; every call prints the same)."""
    found = re.search(word + r" (\{.*?\})\s*$", feedback(data), re.M)
    assert found, f"no complete {word} line in the feedback (cut short?):\n{feedback(data)[:3000]}"
    return json.loads(found.group(1))


def score_of(data, number):
    return next(t["score"] for t in data["tests"] if t.get("number") == number)


def assert_search_found_nothing(data):
    found = reported(data, "SEARCH")
    assert found["uid"] != 0, "student code ran as root"
    assert found["places"] >= 2, found  # it did look
    assert not found["solutions"] and not found["results"] and not found["py"], found
    assert not found["solution_text"] and not found["called"], found
    assert "BEGIN SOLUTION" not in feedback(data)
    assert score_of(data, AFFINE) == 0


def assert_listing_leaks_nothing(data):
    seen = reported(data, "LISTING")
    assert seen["uid"] != 0, "student code ran as root"
    assert seen["listed"] >= 1, seen
    assert seen["count"] == 0, f"student code saw {seen['leaks']} (and {seen['count']} in all)"


# -------------------------------------------------------------- the gradings

def grade_here(folder):
    """Grade in this process (this machine's set-up; the pytest interpreter)."""
    code, expected_for = opened("cnn").code, opened("cnn").expected_for
    with prepared(folder, code.assignment.files) as submission:
        return results.gradescope_json(grading.grade(code, submission, expected_for))


@pytest.fixture(scope="module")
def shared_python():
    """A Python with the grading packages that every user can run: a copy of
    the emulation's venv (system Python + numpy + pyyaml) in /var/tmp."""
    if not os.access(emulate.SYSTEM_PYTHON, os.X_OK):
        pytest.skip(f"no {emulate.SYSTEM_PYTHON} to make a Python every user can run")
    source = os.path.dirname(os.path.dirname(emulate.grading_python(bundles.grading_requirements())))
    holder = tempfile.mkdtemp(prefix="autograder-python-", dir="/var/tmp")
    os.chmod(holder, 0o755)
    copy = os.path.join(holder, os.path.basename(source))
    shutil.copytree(source, copy, symlinks=True)
    yield os.path.join(copy, "bin", "python3")
    shutil.rmtree(holder, ignore_errors=True)


def checkout_copy(target):
    """The files a clone would hold (tracked and new, not ignored) and the stored references."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True)
    if listing.returncode != 0:
        pytest.skip("not a git checkout: cannot tell which files a clone holds")
    listed = listing.stdout.decode().split("\0")
    for name in filter(None, listed):
        if os.path.isfile(os.path.join(ROOT, name)):
            os.makedirs(os.path.dirname(os.path.join(target, name)), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, name), os.path.join(target, name))
    opened("cnn")  # the references exist
    shutil.copytree(os.path.join(ROOT, ".cache", "references"),
                    os.path.join(target, ".cache", "references"))
    return target


def grade_in(checkout, python, submission, environment=(), user=None, frozen=True):
    """`python -m autograder grade` from `checkout` (as `user`); the results.json."""
    out = os.path.join(os.path.dirname(submission), f"results-{uuid.uuid4().hex[:8]}.json")
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": os.path.dirname(checkout),
           **dict(environment)}
    as_user = {}
    if user:
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    done = subprocess.run([python, "-m", "autograder", "grade", "--assignment", "cnn",
                           "--submission", submission, "--results", out] + (["--frozen"] if frozen else []),
                          cwd=checkout, env=env, capture_output=True, text=True, timeout=300, **as_user)
    assert os.path.isfile(out), done.stdout + done.stderr
    with open(out, encoding="utf-8") as handle:
        return json.load(handle)


def private_folder():
    return tempfile.mkdtemp(prefix="autograder-private-")  # mode 700, like `mktemp -d`


needs_root = pytest.mark.skipif(not ROOTED, reason="the grader must be root for this set-up")


def namespaces_here():
    if os.environ.get("AUTOGRADER_NAMESPACES") == "off" or not shutil.which("bwrap"):
        return False
    return subprocess.run(["bwrap", "--ro-bind", "/", "/", "true"], capture_output=True).returncode == 0


needs_namespaces = pytest.mark.skipif(not namespaces_here(),
                                      reason="bubblewrap missing or refused (install bubblewrap)")


# ------------------------------------------------- root, with namespaces

@needs_namespaces
def test_root_with_namespaces_search_finds_nothing(tmp_path):
    assert_search_found_nothing(grade_here(hostile(str(tmp_path / "s"), SEARCH)))


@needs_namespaces
def test_root_with_namespaces_listing_shows_nothing_of_the_machine(tmp_path):
    attack = listing_attack(ROOT, sys.executable)
    assert_listing_leaks_nothing(grade_here(hostile(str(tmp_path / "s"), attack)))


@needs_root
@needs_namespaces
def test_fresh_clone_in_a_private_folder_graded_as_root_runs_student_code_unprivileged():
    """The issue's case: a clone under `mktemp -d`, its .venv a Python that
    lives where no other user can enter (this interpreter, under /root here)."""
    private = private_folder()
    try:
        checkout = checkout_copy(os.path.join(private, "clone"))
        os.symlink(sys.prefix, os.path.join(checkout, ".venv"))
        data = grade_in(checkout, os.path.join(checkout, ".venv", "bin", "python"),
                        hostile(os.path.join(private, "s"), SEARCH), frozen=False)
        assert_search_found_nothing(data)
    finally:
        shutil.rmtree(private, ignore_errors=True)


# -------------------------------------------------- root, without namespaces

@needs_root
def test_root_without_namespaces_stops_rather_than_run_student_code_as_root(monkeypatch):
    """This interpreter is out of the account's reach (under /root here): with no
    namespace to lend it, grading stops with one line saying what to do."""
    monkeypatch.setenv("AUTOGRADER_NAMESPACES", "off")
    monkeypatch.delenv(confinement.ALLOW_ROOT, raising=False)
    confinement.current.cache_clear()
    try:
        if confinement.current().account:
            pytest.skip("the sandbox account can run this interpreter: nothing to refuse")
    except SandboxUnavailable as refusal:
        message = str(refusal)
        assert "\n" not in message and "install bubblewrap" in message and confinement.ALLOW_ROOT in message
    finally:
        confinement.current.cache_clear()


@needs_root
def test_root_as_root_opt_out_search_finds_the_solutions(tmp_path, monkeypatch):
    """The control: with every protection off (the documented opt-out), the
    attack finds the solutions and passes; and the run's notes say so."""
    monkeypatch.setenv("AUTOGRADER_NAMESPACES", "off")
    monkeypatch.setenv(confinement.ALLOW_ROOT, "1")
    confinement.current.cache_clear()
    try:
        if confinement.current().account:
            pytest.skip("the sandbox account can run this interpreter: the opt-out is not used")
        data = grade_here(hostile(str(tmp_path / "s"), SEARCH))
    finally:
        confinement.current.cache_clear()
    found = reported(data, "SEARCH")
    assert found["uid"] == 0 and found["called"] and found["solution_text"], found
    assert score_of(data, AFFINE) > 0
    assert f"{confinement.ALLOW_ROOT}=1: student code runs as root" in data["output"]


@needs_root
@pytest.mark.parametrize("attack", ["search", "listing"])
def test_root_without_namespaces_private_checkout_shows_nothing(shared_python, attack):
    """Without namespaces only permissions protect: a checkout in a private
    folder is out of the account's reach, and the notes say nothing."""
    private = private_folder()
    try:
        checkout = checkout_copy(os.path.join(private, "checkout"))
        code = SEARCH if attack == "search" else listing_attack(checkout, shared_python, private)
        data = grade_in(checkout, shared_python, hostile(os.path.join(private, "s"), code),
                        {"AUTOGRADER_NAMESPACES": "off"})
        if attack == "search":
            assert_search_found_nothing(data)
        else:
            assert_listing_leaks_nothing(data)
        assert "mount namespace" not in data["output"]
    finally:
        shutil.rmtree(private, ignore_errors=True)


@needs_root
def test_root_without_namespaces_readable_checkout_is_seen_and_noted(shared_python):
    """The same with the checkout's folder open to others: the attack lists it,
    and every run's notes say so, with the fix."""
    holder = tempfile.mkdtemp(prefix="autograder-open-")
    os.chmod(holder, 0o755)
    try:
        checkout = checkout_copy(os.path.join(holder, "checkout"))
        attack = listing_attack(checkout, shared_python, private_from=checkout)
        data = grade_in(checkout, shared_python, hostile(os.path.join(holder, "s"), attack),
                        {"AUTOGRADER_NAMESPACES": "off"})
        assert reported(data, "LISTING")["count"] > 0
        assert f"can read this checkout ({checkout})" in data["output"]
        assert "chmod 700" in data["output"]
    finally:
        shutil.rmtree(holder, ignore_errors=True)


# ------------------------------------------------------- Gradescope, emulated

@pytest.fixture(scope="module")
def cnn_zip(tmp_path_factory):
    return bundles.gradescope_zip("cnn", str(tmp_path_factory.mktemp("dist")))


@needs_root
@pytest.mark.parametrize("namespaces", ["on", "off"])
@pytest.mark.parametrize("attack", ["search", "listing"])
def test_gradescope_emulation_shows_nothing(cnn_zip, shared_python, monkeypatch, tmp_path,
                                            namespaces, attack):
    """Gradescope's layout (source/ root-only), with bubblewrap where the
    container allows it and without (a Docker that refuses namespaces).  The
    grading venv is the shared copy, outside any checkout, as on Gradescope."""
    if namespaces == "on" and not namespaces_here():
        pytest.skip("bubblewrap missing or refused")
    monkeypatch.setattr(emulate, "VENVS_DIR", os.path.dirname(os.path.dirname(
        os.path.dirname(shared_python))))
    root = tempfile.mkdtemp(prefix="gradescope-root-")
    source = os.path.join(root, "source")
    layout = {root: ["source", "submission", "results", "submission_metadata.json"],
              source: sorted({n.split("/")[0] for n in zipfile.ZipFile(cnn_zip).namelist()})}
    try:
        code = SEARCH if attack == "search" else listing_attack(
            source, shared_python, None if namespaces == "on" else source, known=layout)
        data, log = emulate.run(cnn_zip, hostile(str(tmp_path / "s"), code), root=root,
                                environment={"AUTOGRADER_NAMESPACES": namespaces})
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if attack == "search":
        assert_search_found_nothing(data)
    else:
        assert_listing_leaks_nothing(data)
    assert "warning" not in data["output"], data["output"]  # nothing to warn students about


# ----------------------------------------------------------- a non-root user

@pytest.fixture(scope="module")
def tester():
    if not ROOTED:
        pytest.skip("making the non-root user needs root (useradd)")
    try:
        return pwd.getpwnam(TESTER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        TESTER], check=True, capture_output=True)
        return pwd.getpwnam(TESTER)


def checkout_owned_by(user):
    """A copy of the repository in a folder only `user` can open."""
    private = private_folder()
    checkout = checkout_copy(os.path.join(private, "checkout"))
    subprocess.run(["chown", "-R", f"{user.pw_uid}:{user.pw_gid}", private], check=True)
    return private, checkout


def user_namespaces_here(user, python):
    probe = subprocess.run(["bwrap", "--unshare-user", "--ro-bind", "/", "/", python, "-c", ""],
                           user=user.pw_uid, group=user.pw_gid, extra_groups=[], capture_output=True,
                           cwd="/") if shutil.which("bwrap") else None
    return probe is not None and probe.returncode == 0


@pytest.mark.parametrize("attack", ["search", "listing", "escape"])
def test_non_root_with_user_namespaces_shows_nothing(tester, shared_python, attack):
    if not user_namespaces_here(tester, shared_python):
        pytest.skip("no bubblewrap or no unprivileged user namespaces on this kernel")
    private, checkout = checkout_owned_by(tester)
    marker = f"daemon-{uuid.uuid4().hex}"
    code = {"search": SEARCH, "escape": ESCAPE.format(marker=marker)}.get(attack) or \
        listing_attack(checkout, shared_python)
    try:
        data = grade_in(checkout, shared_python, hostile(os.path.join(private, "s"), code), user=tester)
        if attack == "search":
            assert_search_found_nothing(data)
        elif attack == "listing":
            assert_listing_leaks_nothing(data)
        else:  # the PID namespace ends the daemon; no network
            assert wait_until(lambda: not processes_with(marker)), "the daemon survived"
            assert reported(data, "ESCAPE") == {"uid": tester.pw_uid, "network": "blocked"}
        assert "namespace" not in data["output"]
    finally:
        kill_processes(processes_with(marker))
        shutil.rmtree(private, ignore_errors=True)


def test_non_root_without_user_namespaces_says_what_is_not_protected(tester, shared_python):
    """Nothing to protect with: the attack finds the solutions through the
    grader's working folder (the same user), a daemon outlives grading (only
    the seccomp filter holds), and the notes say so in one line."""
    private, checkout = checkout_owned_by(tester)
    marker = f"daemon-{uuid.uuid4().hex}"
    off = {"AUTOGRADER_NAMESPACES": "off"}
    try:
        data = grade_in(checkout, shared_python, hostile(os.path.join(private, "s"), SEARCH), off,
                        user=tester)
        assert reported(data, "SEARCH")["called"]
        assert "no user namespace (AUTOGRADER_NAMESPACES=off): the code graded runs as you" \
            in data["output"]
        data = grade_in(checkout, shared_python, hostile(os.path.join(private, "e"),
                                                         ESCAPE.format(marker=marker)), off, user=tester)
        assert reported(data, "ESCAPE")["network"] == "blocked"
        assert processes_with(marker), "without a PID namespace the daemon should outlive grading"
    finally:
        kill_processes(processes_with(marker))
        shutil.rmtree(private, ignore_errors=True)


# ------------------------------------------------------------------ a batch

THIEF = '''
import glob as _glob, json as _json, os as _os, time as _time, numpy as _np
_TARGETS = _json.loads({targets!r})
_SEEN = []


def affine_forward(x, w, b):
    seen, deadline = set(), _time.monotonic() + 4  # while the victim is graded
    while not _SEEN and not seen and _time.monotonic() < deadline:
        for pattern in _TARGETS["globs"]:
            for path in _glob.glob(pattern, recursive=True):
                try:
                    with open(path, errors="replace") as handle:
                        if _TARGETS["secret"][::-1] in handle.read():
                            seen.add(path)
                except OSError:
                    pass
        _time.sleep(0.2)
    _SEEN.append(sorted(seen))
    print("THIEF " + _json.dumps({{"uid": _os.getuid(), "seen": _SEEN[0][:4]}}))
    return _np.zeros((x.shape[0], w.shape[1])), None
'''


VICTIM = '''
import time as _time
_ALIVE = []


def affine_forward(x, w, b):
    if not _ALIVE:  # the first call lingers, so that the thief finds this worker alive
        _ALIVE.append(_time.sleep(3))
    print("{secret}")
    raise NotImplementedError
'''


def thief_and_victim(classroom, out_dir):
    """The class folder: a victim holding (and printing) a secret, and a thief
    that knows where the class folder, the results and the workers' folders
    are, and hunts the secret there while the victim is graded."""
    secret = f"victim-secret-{uuid.uuid4().hex}"
    hostile(os.path.join(classroom, "a_victim"), VICTIM.format(secret=secret))
    targets = {"secret": secret[::-1],
               "globs": [f"{classroom}/**/*", f"{out_dir}/**/*", "/tmp/autograder-worker-*/work/*",
                         "/tmp/**/results.json"]}
    hostile(os.path.join(classroom, "b_thief"), THIEF.format(targets=json.dumps(targets)))
    return secret


def assert_thief_saw_nothing(thief_results, victim_results, secret):
    seen = reported(thief_results, "THIEF")
    assert seen["uid"] != 0 and seen["seen"] == [], seen
    with open(victim_results, encoding="utf-8") as handle:
        assert secret in handle.read()  # there to be found, had the thief been able to look


@needs_namespaces
def test_a_batch_submission_cannot_read_another_or_its_results():
    """Two submissions graded at once, in this process.  The class folder and
    the results are open to every user: only the mount namespace keeps them
    out of reach."""
    holder = tempfile.mkdtemp(prefix="autograder-batch-")
    os.chmod(holder, 0o755)
    classroom, out_dir = os.path.join(holder, "class"), os.path.join(holder, "results")
    try:
        secret = thief_and_victim(classroom, out_dir)
        graded = batch.Batch(opened("cnn"), out_dir, jobs=2, force=True, progress=None).grade_all(
            batch.discover(classroom))
        thief = next(g for g in graded if g.entry.name == "b_thief")
        assert not thief.problem, thief.problem
        assert_thief_saw_nothing(thief.results, os.path.join(out_dir, "submissions", "a_victim",
                                                             "results.json"), secret)
    finally:
        shutil.rmtree(holder, ignore_errors=True)


@needs_root
def test_without_namespaces_a_batch_submission_cannot_read_another_or_its_results(shared_python):
    """The same batch, as root without namespaces, from a checkout in a private
    folder (`make grade SUBMISSIONS=...`): the workers run as distinct users in
    folders only each can open; the class folder and results/ are private."""
    private = private_folder()
    try:
        checkout = checkout_copy(os.path.join(private, "checkout"))
        classroom = os.path.join(private, "class")
        out_dir = os.path.join(checkout, "results", "cnn", "class")  # results/<id>/<class folder>/
        secret = thief_and_victim(classroom, out_dir)
        done = subprocess.run([shared_python, "-m", "autograder", "grade", "--assignment", "cnn",
                               "--submissions", classroom, "--jobs", "2", "--force"], cwd=checkout,
                              env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": private,
                                   "AUTOGRADER_NAMESPACES": "off"},
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        with open(os.path.join(out_dir, "submissions", "b_thief", "results.json"), encoding="utf-8") as f:
            thief = json.load(f)
        assert_thief_saw_nothing(thief, os.path.join(out_dir, "submissions", "a_victim", "results.json"),
                                 secret)
    finally:
        shutil.rmtree(private, ignore_errors=True)
