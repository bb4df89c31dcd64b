"""A seccomp filter that takes the network away from the worker process.

Copied next to `worker_main.py` and installed before any student code runs.
It makes socket() fail with EACCES for every address family except AF_UNIX
(local pipes; no network), and refuses io_uring, whose requests could open
sockets without calling socket().  It works without root and inside Docker's
default profile, so it holds where a network namespace cannot be made; on
this machine both are used.  Seccomp filters are inherited by every thread
and child and can never be removed, so student code cannot undo it.

Only Linux on x86-64 and aarch64 is covered; elsewhere `install()` returns
None and the worker reports that the network is open.
"""
import ctypes
import errno
import platform
import struct
import sys

# The kernel's constants (linux/seccomp.h, linux/filter.h, linux/audit.h).
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
RET_ALLOW, RET_ERRNO = 0x7FFF0000, 0x00050000
LOAD_WORD, JUMP_EQUAL, JUMP_GREATER_EQUAL, RETURN = 0x20, 0x15, 0x35, 0x06
OFFSET_NR, OFFSET_ARCH, OFFSET_FIRST_ARGUMENT = 0, 4, 16
AF_UNIX = 1
X32_SYSCALL_BIT = 0x40000000  # x86-64's second syscall table: refused outright

ARCHITECTURES = {  # machine: (audit arch, socket, io_uring_setup)
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}


def _instruction(code, k, jump_true=0, jump_false=0):
    return struct.pack("HBBI", code, jump_true, jump_false, k)


def program(arch, socket_nr, io_uring_nr):
    """The BPF program, as a list of instructions (jumps count forward)."""
    deny = _instruction(RETURN, RET_ERRNO | errno.EACCES)
    allow = _instruction(RETURN, RET_ALLOW)
    return [
        _instruction(LOAD_WORD, OFFSET_ARCH),
        _instruction(JUMP_EQUAL, arch, 0, 7),                     # another ABI: deny
        _instruction(LOAD_WORD, OFFSET_NR),
        _instruction(JUMP_GREATER_EQUAL, X32_SYSCALL_BIT, 5, 0),  # x32 table: deny
        _instruction(JUMP_EQUAL, io_uring_nr, 4, 0),              # io_uring: deny
        _instruction(JUMP_EQUAL, socket_nr, 0, 2),                # not socket(): allow
        _instruction(LOAD_WORD, OFFSET_FIRST_ARGUMENT),           # socket's family
        _instruction(JUMP_EQUAL, AF_UNIX, 0, 1),                  # not AF_UNIX: deny
        allow,
        deny,
    ]


class _Program(ctypes.Structure):
    _fields_ = [("length", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install():
    """Install the filter on this process; return a description, or None."""
    numbers = ARCHITECTURES.get(platform.machine())
    if not sys.platform.startswith("linux") or numbers is None:
        return None
    code = program(*numbers)
    raw = ctypes.create_string_buffer(b"".join(code), len(code) * 8)
    fprog = _Program(len(code), ctypes.cast(raw, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong,
                           ctypes.c_ulong]
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return None
    return "seccomp filter: no sockets but AF_UNIX"
