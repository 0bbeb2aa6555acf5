"""A text-level fuzzer over the real matrix file: truncations, duplicated lines, inserted anchors and
aliases, flipped bytes. Whatever the file becomes, reading it ends in a matrix or in located errors,
never a traceback, within a bounded time and memory per case."""

from __future__ import annotations

import resource
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from matrix.source import DEFAULT_PATH, MatrixFileError, decode_utf8, parse_matrix_text

REAL = DEFAULT_PATH.read_bytes()
LINES = REAL.split(b"\n")
SECONDS_PER_CASE = 10.0  # the real file takes about 0.1 s: a hundred times that on a loaded machine is a hang
HEADROOM = 1024 ** 3  # address space a case may add: "billion laughs" would need many times more

truncate = st.integers(0, len(REAL)).map(lambda n: REAL[:n])
duplicate = st.tuples(st.integers(0, len(LINES) - 1), st.integers(1, 40), st.integers(1, 30)).map(
    lambda t: b"\n".join(LINES[:t[0]] + LINES[t[0]:t[0] + t[1]] * t[2] + LINES[t[0]:]))
TOP_LEVEL = [n for n, line in enumerate(LINES) if line[:1].isalpha()]
HOSTILE = [b"zz: &a [*a]", b"zz: &a {k: *a}",
           b"\n".join([b'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
                      + [b"l%d: &l%d [%s]" % (n, n, b", ".join([b"*l%d" % (n - 1)] * 9)) for n in range(1, 9)]),
           b"zz: " + b"[" * 400 + b"]" * 400, b"zz: !!binary aGk=", b"zz: !x 1", b"zz: !!python/object:os.system x"]
alias = st.tuples(st.sampled_from(TOP_LEVEL), st.sampled_from(HOSTILE)).map(
    lambda t: b"\n".join(LINES[:t[0]] + [t[1]] + LINES[t[0]:]))
flip = st.lists(st.tuples(st.integers(0, len(REAL) - 1), st.integers(0, 255)), min_size=1, max_size=8).map(
    lambda flips: _flipped(flips))


def _flipped(flips) -> bytes:
    data = bytearray(REAL)
    for position, value in flips:
        data[position] = value
    return bytes(data)


def read(raw: bytes) -> None:
    """What `escalate check` and the build do with a file's bytes: decode, parse, validate, lint."""
    try:
        matrix_file = parse_matrix_text(decode_utf8(raw, "fuzzed.yaml"), "fuzzed.yaml")
        located = matrix_file.problems() + matrix_file.lint()
    except MatrixFileError as error:
        located = error.located
    for item in located:
        assert item.line >= 1 and item.column >= 1 and str(item.problem)


@pytest.fixture(scope="module")
def memory_cap():
    """Cap this process's address space at what it uses now plus HEADROOM, for the fuzzed cases only:
    a case that expands without bound fails with MemoryError instead of taking the machine down."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (used + HEADROOM, hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@settings(max_examples=100, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(truncate, duplicate, alias, flip))
def test_any_mutation_of_the_file_is_read_or_located_in_bounded_time_and_memory(memory_cap, raw):
    started = time.perf_counter()
    read(raw)
    seconds = time.perf_counter() - started
    assert seconds < SECONDS_PER_CASE, f"{seconds:.1f} s"
