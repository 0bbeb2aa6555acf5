"""Gzip copies of the built site's text and WebAssembly, written beside each file (`x.js` → `x.js.gz`).

A server that sends a file's `.gz` as it stands (nginx's `gzip_static`) then compresses nothing per
request, and at the best level: Pyodide's 9.6 MB of WebAssembly crosses the wire as 3.5 MB. Files
that are compressed already (the wizard's `.json.gz` data, zips, wheels, images) keep no copy: the
page unpacks that data itself, and gzip over it would only add bytes.

Pyodide's large files are the same in every build, and compressing them takes seconds: those copies
are kept in the user's cache folder, keyed by a hash of the file, and checked against the file
before reuse. Does I/O.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
import tempfile
import zlib
from pathlib import Path

SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".map", ".wasm", ".svg", ".xml", ".txt"})
"""What gets a `.gz` copy (when the copy is smaller)."""

CACHED_FROM = 512 * 1024
"""Files of this size and above have their compressed copy kept between builds."""


def compress(data: bytes) -> bytes:
    """Gzip at the best level, with no name or time in the header: the same file gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "escalation-matrix" / "gzip"


def _matches(packed: bytes, data: bytes) -> bool:
    """Whether `packed` is a whole gzip of `data`: its trailer holds the data's CRC-32 and size."""
    if len(packed) < 18 or packed[:2] != b"\x1f\x8b":
        return False
    crc, size = struct.unpack("<II", packed[-8:])
    return crc == zlib.crc32(data) and size == len(data) & 0xFFFFFFFF


def _compress_cached(data: bytes) -> bytes:
    entry = _cache_folder() / (hashlib.sha256(data).hexdigest() + ".gz")
    try:
        packed = entry.read_bytes()
        if _matches(packed, data):
            return packed
    except OSError:
        pass
    packed = compress(data)
    try:  # a cache that cannot be written only costs the next build the same seconds
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False) as partial:
            partial.write(packed)
        os.replace(partial.name, entry)
    except OSError:
        pass
    return packed


def precompress_site(site_dir: Path) -> list[Path]:
    """Write `file.gz` beside every file of `SUFFIXES` it makes smaller; return the copies written."""
    written = []
    for path in sorted(Path(site_dir).rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        packed = _compress_cached(data) if len(data) >= CACHED_FROM else compress(data)
        if len(packed) < len(data):
            target = path.with_name(path.name + ".gz")
            target.write_bytes(packed)
            written.append(target)
    return written
