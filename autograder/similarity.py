"""Similar submissions: how much non-template code each pair of a class shares.

A triage aid for a person, never a verdict.  Each file is reduced to a stream
of normalised tokens (code_tokens.py: every identifier becomes `V`, so
renaming variables changes nothing; comments and docstrings are dropped;
keywords, operators, numbers and attribute names such as `.reshape` stay).  Hashes of every run of
`K` consecutive tokens are winnowed (Schleimer, Wilkerson and Aiken, SIGMOD
2003: the smallest hash of every window of `WINDOW` hashes), which guarantees
that any shared run of K + WINDOW - 1 tokens is seen.  Every run that also
occurs in the student template is dropped first: the docstrings, signatures
and starter code everybody received are not evidence of anything.

The share of A's remaining fingerprints that B also has is A's similarity to
B; a pair is listed when the larger of its two shares reaches the threshold
and they share at least `MIN_SHARED` fingerprints (so that two nearly empty
submissions are never listed).  The threshold was calibrated on independent
correct implementations against copies of the solution (README, "Similar
submissions").
"""
import functools
import zlib
from dataclasses import dataclass

import numpy as np

from .code_tokens import tokens

K = 16                    # tokens per fingerprinted run
WINDOW = 6                # winnowing window: shared runs of K + WINDOW - 1 = 21 tokens are always seen
DEFAULT_THRESHOLD = 0.5   # calibrated: see README "Similar submissions"
MIN_SHARED = 20           # fingerprints: about 100 tokens, a dozen lines of code
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant of the rolling hash


@dataclass
class Pair:
    first: str
    second: str
    shared: int              # fingerprints both hold
    first_share: float       # of the first's fingerprints, the fraction the second holds too
    second_share: float

    @property
    def score(self):
        return max(self.first_share, self.second_share)


def run_hashes(words):
    """The hash of every run of K consecutive tokens (uint64, one per start)."""
    if len(words) < K:
        return np.zeros(0, dtype=np.uint64)
    codes = np.array([_code(word) for word in words], dtype=np.uint64)
    powers = _MULTIPLIER ** np.arange(K - 1, -1, -1, dtype=np.uint64)  # wraps modulo 2**64
    windows = np.lib.stride_tricks.sliding_window_view(codes, K)
    with np.errstate(over="ignore"):
        return (windows * powers).sum(axis=1, dtype=np.uint64)


@functools.lru_cache(maxsize=65536)
def _code(word):
    return zlib.crc32(word.encode())


def winnow(hashes):
    """The fingerprints of a file: the minimum hash of every window."""
    if len(hashes) <= WINDOW:
        return np.unique(hashes)
    windows = np.lib.stride_tricks.sliding_window_view(hashes, WINDOW)
    chosen = np.arange(len(windows)) + windows.argmin(axis=1)
    return np.unique(hashes[chosen])


def boilerplate(template_files):
    """Every run hash of the template: code everybody was given."""
    parts = [run_hashes(tokens(text)[0]) for text in template_files.values()]
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.uint64)


def fingerprints(files, template_hashes):
    """One submission's fingerprints ({file name: text}), template code removed."""
    parts = [winnow(run_hashes(tokens(text)[0])) for text in files.values()]
    found = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.uint64)
    return found[~np.isin(found, template_hashes, assume_unique=True)]


def shared_counts(prints):
    """An n x n matrix: how many fingerprints each pair of submissions holds in
    common.  Only fingerprints held by two or more count; they are summed as
    a dense 0/1 matrix product in column blocks (fast even when a whole class
    derives from one source)."""
    n = len(prints)
    counts = np.zeros((n, n), dtype=np.float64)
    if n < 2:
        return counts
    owners = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in enumerate(prints)])
    values = np.concatenate(prints) if owners.size else np.zeros(0, dtype=np.uint64)
    unique, column, held_by = np.unique(values, return_inverse=True, return_counts=True)
    keep = held_by[column] >= 2
    owners, column = owners[keep], column[keep]
    remap = np.full(len(unique), -1, dtype=np.int64)
    shared_columns = np.flatnonzero(held_by >= 2)
    remap[shared_columns] = np.arange(len(shared_columns))
    column = remap[column]
    block = 8192
    for start in range(0, len(shared_columns), block):
        inside = (column >= start) & (column < start + block)
        matrix = np.zeros((n, block), dtype=np.float32)
        matrix[owners[inside], column[inside] - start] = 1.0
        counts += matrix @ matrix.T
    return counts


@dataclass
class ClassSimilarity:
    pairs: list          # [Pair] at or above the threshold, most similar first
    nearest: dict        # {name: the larger share with its most similar other submission}
    threshold: float
    compared: int        # submissions with code left once the template is removed


def compare_class(codes, template_files, threshold=DEFAULT_THRESHOLD, min_shared=MIN_SHARED):
    """Every pair of a class.  codes: {submission name: {file name: text}}."""
    names = list(codes)
    template_hashes = boilerplate(template_files)
    prints = [fingerprints(codes[name], template_hashes) for name in names]
    counts = shared_counts(prints)
    sizes = np.array([max(len(p), 1) for p in prints], dtype=np.float64)
    shares = np.maximum(counts / sizes[:, None], counts / sizes[None, :])
    shares[counts < min_shared] = 0.0
    np.fill_diagonal(shares, 0.0)
    pairs = []
    for i, j in zip(*np.nonzero(np.triu(shares >= max(threshold, 1e-12), k=1))):
        pairs.append(Pair(names[i], names[j], int(counts[i, j]), counts[i, j] / sizes[i],
                          counts[i, j] / sizes[j]))
    pairs.sort(key=lambda p: (-p.score, -p.shared, p.first, p.second))
    nearest = {name: float(shares[i].max()) if len(names) > 1 else 0.0 for i, name in enumerate(names)}
    return ClassSimilarity(pairs, nearest, threshold, sum(1 for p in prints if len(p)))


def similar_pairs(codes, template_files, threshold=DEFAULT_THRESHOLD, min_shared=MIN_SHARED):
    """[Pair] whose larger share reaches `threshold`, most similar first."""
    return compare_class(codes, template_files, threshold, min_shared).pairs


def matching_lines(first_text, second_text, template_hashes, tokens_of=tokens):
    """The lines of two versions of a file that lie in a shared run of K tokens
    (template runs excluded): ({lines of the first}, {lines of the second}).
    tokens_of: code_tokens.tokens, or a cached version of it."""
    first, second = tokens_of(first_text), tokens_of(second_text)
    first_hashes, second_hashes = run_hashes(first[0]), run_hashes(second[0])
    common = np.intersect1d(first_hashes, second_hashes)
    common = common[~np.isin(common, template_hashes)]
    return (_covered_lines(first, np.isin(first_hashes, common)),
            _covered_lines(second, np.isin(second_hashes, common)))


def _covered_lines(stream, run_matches):
    _, starts, ends = stream
    covered = np.zeros(len(starts), dtype=bool)
    for start in np.flatnonzero(run_matches):
        covered[start:start + K] = True
    lines = set()
    for k in np.flatnonzero(covered):
        lines.update(range(starts[k], ends[k] + 1))
    return lines
