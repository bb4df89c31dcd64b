"""The data-only codec between the grader and the student worker.

A message is an 8-byte length, a JSON header, then the raw `.npy` blobs the
header points to.  Decoding never unpickles: arrays are read with
`allow_pickle=False`, everything else is plain JSON.  This file is copied
next to the worker, so it imports nothing from the `autograder` package.

Values are tagged so that nothing is ambiguous: tuples, dicts, arrays, NumPy
scalars and worker-side handles are single-key objects; lists and JSON
scalars are themselves.
"""
import io
import json
import os
import select
import struct
import time

import numpy as np

HEADER = struct.Struct(">Q")
MAX_MESSAGE_BYTES = 512 * 2**20  # bigger answers are refused, not read


class ProtocolError(Exception):
    """The other side sent something that is not a valid message."""


class Handle:
    """Names an object that stays in the worker (a cache, a gate instance)."""

    def __init__(self, ident):
        self.ident = str(ident)

    def __repr__(self):
        return f"Handle({self.ident})"

    def __eq__(self, other):
        return isinstance(other, Handle) and other.ident == self.ident

    def __hash__(self):
        return hash(self.ident)


class Unsupported:
    """Stands for a value the worker could not encode as data."""

    def __init__(self, description):
        self.description = str(description)

    def __repr__(self):
        return f"<{self.description}>"


def _array_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def encode(value, keep=None):
    """Return (header bytes, blob list).  `keep(obj)` turns an unencodable
    object into a Handle (worker side) or returns None to mark it unsupported."""
    blobs = []

    def walk(v):
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, (int, float)) and type(v) in (int, float):
            return v
        if isinstance(v, Handle):
            return {"handle": v.ident}
        if isinstance(v, Unsupported):
            return {"unsupported": v.description}
        if isinstance(v, np.ndarray):
            # A subclass travels as its plain data: its methods stay behind.
            v = np.ndarray.view(v, np.ndarray)
            if v.dtype.hasobject or v.dtype.fields is not None:
                return {"unsupported": f"an array of dtype {v.dtype}"}
            blobs.append(_array_bytes(v))
            return {"array": len(blobs) - 1}
        if isinstance(v, np.generic) and not isinstance(v, np.object_):
            blobs.append(_array_bytes(np.asarray(v)))
            return {"scalar": len(blobs) - 1}
        if type(v) is list:
            return [walk(x) for x in v]
        if type(v) is tuple:
            return {"tuple": [walk(x) for x in v]}
        if type(v) is dict and all(type(k) is str for k in v):
            return {"dict": {k: walk(x) for k, x in v.items()}}
        handle = keep(v) if keep else None
        if handle is not None:
            return {"handle": handle.ident}
        return {"unsupported": f"a {type(v).__module__}.{type(v).__qualname__} object"}

    tree = walk(value)
    header = json.dumps({"value": tree, "blobs": [len(b) for b in blobs]})
    return header.encode(), blobs


def _read_array(blob):
    try:
        return np.load(io.BytesIO(blob), allow_pickle=False)
    except Exception as error:  # a malformed blob is the sender's fault
        raise ProtocolError(f"unreadable array: {error}") from None


def decode(header, blobs):
    """The inverse of `encode`; arrays come back as plain writable ndarrays."""
    arrays = [_read_array(b) for b in blobs]

    def walk(v):
        if isinstance(v, list):
            return [walk(x) for x in v]
        if not isinstance(v, dict):
            return v
        if len(v) == 1 and "tuple" in v:
            return tuple(walk(x) for x in v["tuple"])
        if len(v) == 1 and "dict" in v:
            return {k: walk(x) for k, x in v["dict"].items()}
        if "array" in v:
            return arrays[v["array"]]
        if "scalar" in v:
            return arrays[v["scalar"]][()]
        if "handle" in v:
            return Handle(v["handle"])
        if "unsupported" in v:
            return Unsupported(v["unsupported"])
        raise ProtocolError(f"unknown tag in {sorted(v)}")

    try:
        return walk(header["value"])
    except (KeyError, IndexError, TypeError, RecursionError) as error:
        raise ProtocolError(f"malformed message: {error!r}") from None


# ----------------------------------------------------------------- framing

def send(fd, value, keep=None):
    header, blobs = encode(value, keep)
    size = sum(len(b) for b in blobs)
    if size > MAX_MESSAGE_BYTES:  # the receiver would refuse it: say why here, in words
        raise ValueError(f"the answer holds {size / 2**20:.0f} MB of arrays, over the "
                         f"{MAX_MESSAGE_BYTES // 2**20} MB the grader accepts")
    payload = b"".join([HEADER.pack(len(header)), header, *blobs])
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exact(fd, count, deadline):
    chunks, remaining = [], count
    while remaining:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def receive(fd, deadline=None, limit=MAX_MESSAGE_BYTES):
    """Read one message.  Raises TimeoutError past `deadline` (a monotonic
    time), EOFError when the other side is gone, ProtocolError on garbage."""
    (length,) = HEADER.unpack(_read_exact(fd, HEADER.size, deadline))
    if length > limit:
        raise ProtocolError(f"message header of {length} bytes is over the limit")
    try:
        header = json.loads(_read_exact(fd, length, deadline))
        sizes = [int(n) for n in header["blobs"]]
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        raise ProtocolError(f"malformed message header: {error}") from None
    if sum(sizes) > limit or min(sizes, default=0) < 0:
        raise ProtocolError(f"message of {sum(sizes)} bytes is over the limit of {limit}")
    blobs = [_read_exact(fd, n, deadline) for n in sizes]
    return decode(header, blobs)
