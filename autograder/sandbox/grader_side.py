"""The grader's side of the sandboxed worker: start, call, time out, restart.

Student code only ever runs in the child process that this module starts
(`student_side/worker_main.py`).  The child gets a private temporary copy of the
submission, a scrubbed environment, resource limits and, when the grader is
root, an unprivileged user; where namespaces can be made, a filesystem of its
own (`confinement.py` decides how, once per process).  Every call has a
wall-clock deadline enforced from here by killing the child's whole process
group.
"""
import functools
import itertools
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

from .confinement import command, current, folder_inside
from .student_side import wire

STUDENT_SIDE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "student_side")
START_SECONDS = 30  # python + numpy start; generous for a 0.5 vCPU container


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 2 * 2**30
    cpu_seconds: int = 600
    file_bytes: int = 64 * 2**20
    open_files: int = 256
    processes: int = 64         # per sandbox identity; not set for root or a developer


class WorkerFailure(Exception):
    """The call cost the worker: it timed out, died or sent garbage."""

    def __init__(self, kind, detail):
        super().__init__(detail)
        self.kind, self.detail = kind, detail


SPARE_ID_BASE = 0x7FFE0000  # uid = gid of the 2nd, 3rd... worker alive at once


class Identities:
    """Workers alive at the same time run as distinct users, so that none can
    signal, trace or read another, each has its own process limit, and a sweep
    of one's processes leaves the others alone.  The first is the sandbox
    account itself (on Gradescope, one submission per machine, the only one);
    the others are numeric ids far above any real account (none needs to
    exist: setpriv and setuid take numbers)."""

    def __init__(self):
        self.lock, self.busy = threading.Lock(), set()

    def take(self, account):
        with self.lock:
            slot = next(i for i in itertools.count() if i not in self.busy)
            self.busy.add(slot)
        if slot == 0:
            return slot, account.pw_uid, account.pw_gid
        return slot, SPARE_ID_BASE + slot, SPARE_ID_BASE + slot

    def give_back(self, slot):
        with self.lock:
            self.busy.discard(slot)


IDENTITIES = Identities()


def kill_processes_of(uid, gid):
    """SIGKILL every process of `uid`: kill(-1) sent as that user reaches exactly
    its processes (and never the sender).  Without a PID namespace this is how
    a daemonised grandchild is reached.  Twice, for a fork caught in between."""
    for _ in range(2):
        subprocess.run(["/bin/sh", "-c", "kill -KILL -1"], user=uid, group=gid, extra_groups=[],
                       env={"PATH": "/usr/bin:/bin"}, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, cwd="/")


def sandbox_warning():
    """The one line every run's notes carry about what is not protected here,
    or None; raises confinement.SandboxUnavailable when grading must stop."""
    return current().note


def _limit_child(limits, sandboxed):
    """Runs in the child between fork and exec.  RLIMIT_NPROC counts every
    process of a user, so it is only set for a sandbox identity (root ignores
    it, and a developer's own processes would count)."""
    if sandboxed:
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    for which, value in ((resource.RLIMIT_AS, limits.memory_bytes),
                         (resource.RLIMIT_CPU, limits.cpu_seconds),
                         (resource.RLIMIT_FSIZE, limits.file_bytes),
                         (resource.RLIMIT_NOFILE, limits.open_files),
                         (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(which, (value, value))


def _scrubbed_environment(home):
    return {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}


def student_side_files():
    """The modules the worker runs on: every .py file of student_side/, by listing."""
    return sorted(n for n in os.listdir(STUDENT_SIDE) if n.endswith(".py") and n != "__init__.py")


class Worker:
    """One student process at a time for one submission folder."""

    def __init__(self, submission_dir, forbidden_imports=(), limits=Limits(), preload=None):
        self.submission_dir = submission_dir
        self.forbidden = ",".join(forbidden_imports)
        self.preload = dict(preload or {})  # trusted modules: name -> source
        self.limits = limits
        self.process = None
        self.root = None
        self.slot, self.identity = None, None  # (uid, gid) when running as a sandbox identity
        self.network_blocked = None  # known once the worker has started
        self.setup = None

    # ---------------------------------------------------------- life cycle
    def start(self):
        self.setup = current()  # may refuse (SandboxUnavailable) before anything is made
        self.root = tempfile.mkdtemp(prefix="autograder-worker-")
        runtime, work = os.path.join(self.root, "runtime"), os.path.join(self.root, "work")
        os.mkdir(runtime)
        for name in student_side_files():
            shutil.copy(os.path.join(STUDENT_SIDE, name), runtime)
        shutil.copytree(self.submission_dir, work, symlinks=False)
        if self.setup.account:
            self.slot, uid, gid = IDENTITIES.take(self.setup.account)
            self.identity = (uid, gid)
            self._hand_over(work, uid, gid)
            os.chmod(work, 0o700)       # other workers' identities cannot look in
            os.chmod(self.root, 0o755)  # but may pass through to runtime/
        requests_read, requests_write = os.pipe()
        answers_read, answers_write = os.pipe()
        self.log = tempfile.TemporaryFile()  # output below Python's sys.stdout
        inside = folder_inside(self.setup, self.root)
        argv, switch_user = command(
            self.setup, self.identity, self.root,
            [sys.executable, "-I", os.path.join(inside, "runtime", "worker_main.py"),
             str(requests_read), str(answers_write), self.forbidden])
        self.process = subprocess.Popen(
            argv, cwd=work, env=_scrubbed_environment(os.path.join(inside, "work")),
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
            pass_fds=(requests_read, answers_write), start_new_session=True,
            preexec_fn=functools.partial(_limit_child, self.limits, self.identity is not None),
            **switch_user)
        os.close(requests_read)
        os.close(answers_write)
        self.requests, self.answers = requests_write, answers_read
        hello = self._exchange(None, time.monotonic() + START_SECONDS)
        self.network_blocked = self.setup.pid_namespace or bool(hello.get("network_blocked"))
        for name, source in self.preload.items():
            answer = self._exchange({"op": "load", "name": name, "source": source},
                                    time.monotonic() + START_SECONDS)
            if not answer.get("ok"):
                raise WorkerFailure("protocol", f"could not load the grader's {name}.py: {answer}")

    @staticmethod
    def _hand_over(folder, uid, gid):
        for parent, dirs, files in os.walk(folder):
            for name in [parent] + [os.path.join(parent, n) for n in dirs + files]:
                os.chown(name, uid, gid)

    def stop(self):
        """Kill the whole process group (nothing the student started survives)."""
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.wait()
            if self.identity and not self.setup.pid_namespace:
                kill_processes_of(*self.identity)
            for fd in (self.requests, self.answers):
                os.close(fd)
            self.log.close()
            self.process = None
        if self.root:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
        if self.slot is not None:
            IDENTITIES.give_back(self.slot)
            self.slot, self.identity = None, None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # --------------------------------------------------------------- calls
    def request(self, message, time_limit):
        """Send one request; return the worker's answer (a dict).

        Raises WorkerFailure when the call times out or kills the worker;
        the worker is then stopped and restarted on the next request."""
        if self.process is None:
            self.start()
        return self._exchange(message, time.monotonic() + time_limit, time_limit)

    def _exchange(self, message, deadline, time_limit=START_SECONDS):
        try:
            if message is not None:
                wire.send(self.requests, message)
            answer = wire.receive(self.answers, deadline)
        except TimeoutError:
            self.stop()
            raise WorkerFailure("timeout", f"did not finish within the time limit of {time_limit:g} s")
        except (EOFError, BrokenPipeError):
            raise WorkerFailure("crash", self._death_notice()) from None
        except wire.ProtocolError as error:
            self.stop()
            raise WorkerFailure("protocol", f"sent an unreadable answer ({error})")
        if not isinstance(answer, dict):
            self.stop()
            raise WorkerFailure("protocol", "sent an answer that is not a message")
        return answer

    def _death_notice(self):
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        if code is not None and code > 128 and self.setup.mounts:
            # bubblewrap reports its child's death by signal N as exit code 128 + N.  The
            # worker exits by itself only on end of input (code 0): student code's
            # sys.exit is caught, and an os._exit(139) would only fake a segfault.
            code = 128 - code
        self.log.seek(0)
        tail = self.log.read()[-1500:].decode("utf-8", "replace").strip()
        self.stop()
        if code is not None and code < 0:
            reason = f"was killed by signal {signal.Signals(-code).name}"
            if -code == signal.SIGXCPU:
                reason += " (CPU time limit)"
            if -code == signal.SIGXFSZ:
                reason += " (file size limit)"
        else:
            reason = f"exited with code {code}"
        return f"crashed: the Python process running your code {reason}" + (f"\n{tail}" if tail else "")
