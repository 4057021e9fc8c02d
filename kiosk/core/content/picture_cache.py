"""Decoded pictures kept on disk by content hash, so a picture is decoded once, ever.

Every content picture is decoded by a child process (:mod:`kiosk.core.content.picture_proof`)
and scaled to at most the largest screen it shows on; the result is saved here as a PNG named
by the SHA-256 of the picture file's bytes and the screen box it was scaled for. A restart, a
re-validation or another process showing the same deck (the hot-reload checker, ``check``,
``export``) finds it here and does not decode again.

A picture that cannot be decoded is remembered here as well (a small ``.refused`` text file
with the reason), so a re-validation does not run the failing decode again. A time-out is
never remembered: it may have been a busy machine, not the picture.

The folder is the user cache folder (``~/.cache/star-kiosk/pictures`` on Linux), capped at
:data:`CACHE_LIMIT_BYTES`, least recently used entries dropped first. An entry that is not a
sound PNG of the expected size (a cut write, a stray edit) is ignored, deleted and rebuilt.
When the folder cannot be written, a private temporary folder is used for this process.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import json
import os
import stat
import tempfile
import threading
from pathlib import Path

from kiosk.core.content.images import MAX_PICTURE_BYTES

CACHE_VERSION = 1
"""Part of every entry's name: raised when the decoding or scaling rule changes."""

CACHE_LIMIT_BYTES = 1024 * 1024 * 1024
"""Most bytes the picture cache keeps on disk (about 150 full-screen photos at 4K)."""

AREA_SLACK = 2
"""A decoded picture keeps at most this many times the pixels of its screen box (a panorama
that covers the box is wider than it)."""

Box = tuple[int, int]
"""A screen box, width and height in pixels."""

_lock = threading.Lock()
_fallback: Path | None = None


def cache_folder() -> Path:
    """The folder of decoded pictures (created if needed; a temporary one if that fails)."""
    global _fallback
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("star-kiosk", appauthor=False)) / "pictures"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    except OSError:
        pass
    with _lock:
        if _fallback is None:
            _fallback = Path(tempfile.mkdtemp(prefix="star-kiosk-pictures-"))
        return _fallback


def content_hash(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of the file's bytes (remembered per file version: path, size, inode and
    modification and change times). Raises OSError."""
    info = os.stat(path)
    return _hash_version(os.fspath(path), info.st_size,
                         (info.st_ino, info.st_mtime_ns, info.st_ctime_ns))


def forget_hashes() -> None:
    """Forget the remembered content hashes, as a new process starts (each file is hashed
    again)."""
    _hash_version.cache_clear()


@functools.lru_cache(maxsize=1024)
def _hash_version(path: str, size: int, version: tuple[int, int, int]) -> str:
    del size, version  # cache key only
    digest = hashlib.sha256()
    # Never blocks on a FIFO nor reads a device: only a regular file is hashed.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(errno.EINVAL, "not a regular file", path)
    with open(descriptor, "rb") as handle:
        read = 0
        while read <= MAX_PICTURE_BYTES:
            block = handle.read(1 << 20)
            if not block:
                break
            read += len(block)
            digest.update(block)
    return digest.hexdigest()


def entry_name(digest: str, box: Box) -> str:
    """The file name (without suffix) of a picture's entry for ``box``."""
    return f"{digest}-{box[0]}x{box[1]}-v{CACHE_VERSION}"


def entry_path(digest: str, box: Box, suffix: str = ".png") -> Path:
    return cache_folder() / digest[:2] / (entry_name(digest, box) + suffix)


def decoded_entry(digest: str, box: Box) -> Path | None:
    """The decoded picture for ``digest`` at ``box`` if a sound one is cached, else None.

    Cheap (two small reads): the entry must be a PNG whose header is within the box's
    pixels and whose last chunk is its end marker, so an entry cut short by a power cut or
    a full disk is never used; it is deleted so that the next decode rebuilds it. (Damage
    inside an entry fails its checksums when the kiosk reads it, which also rebuilds it.)
    """
    path = entry_path(digest, box)
    try:
        with open(path, "rb") as handle:
            head = handle.read(24)
            handle.seek(-12, os.SEEK_END)
            tail = handle.read(12)
    except OSError:
        if not path.exists():
            return None
        head = tail = b""
    sound = (head[:16] == _PNG_HEAD and tail == _PNG_END
             and 0 < int.from_bytes(head[16:20], "big") * int.from_bytes(head[20:24], "big")
             <= max_pixels(box))
    if sound:
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest
        return path
    with contextlib.suppress(OSError):
        path.unlink()
    return None


_PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def refusal(digest: str, box: Box) -> tuple[str, str] | None:
    """The remembered reason (problem, hint) a picture could not be decoded, or None."""
    path = entry_path(digest, box, ".refused")
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(4096))
        problem, hint = str(data["problem"]), str(data["hint"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return problem, hint


def remember_refusal(digest: str, box: Box, problem: str, hint: str) -> None:
    """Keep the reason a picture failed to decode, so it is not decoded again to find out."""
    path = entry_path(digest, box, ".refused")
    with contextlib.suppress(OSError):
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
        temporary.write_text(json.dumps({"problem": problem, "hint": hint}), encoding="utf-8")
        os.replace(temporary, path)


def source_size(digest: str, box: Box) -> tuple[int, int] | None:
    """The picture's own size (before scaling) noted with its decoded copy, or None."""
    try:
        with open(entry_path(digest, box, ".json"), "rb") as handle:
            data = json.loads(handle.read(4096))
        width, height = int(data["width"]), int(data["height"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (width, height) if width > 0 and height > 0 else None


def remember_source_size(digest: str, box: Box, width: int, height: int) -> None:
    """Note the picture's own size beside its decoded copy (what ``validate`` reports on)."""
    if width <= 0 or height <= 0:
        return
    path = entry_path(digest, box, ".json")
    with contextlib.suppress(OSError):
        temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
        temporary.write_text(json.dumps({"width": width, "height": height}), encoding="utf-8")
        os.replace(temporary, path)


def max_pixels(box: Box) -> int:
    """Most pixels a decoded picture for ``box`` may keep."""
    return AREA_SLACK * box[0] * box[1]


def prune(limit: int = CACHE_LIMIT_BYTES) -> int:
    """Drop least recently used entries until the cache holds at most ``limit`` bytes (and
    leftover temporary files of interrupted decodes); the number of files removed."""
    entries: list[tuple[float, int, Path]] = []
    removed = 0
    try:
        folders = [f for f in cache_folder().iterdir() if f.is_dir()]
    except OSError:
        return 0
    for folder in folders:
        with contextlib.suppress(OSError):
            for item in folder.iterdir():
                info = item.stat()
                if ".tmp-" in item.name and _is_stale(info.st_mtime):
                    with contextlib.suppress(OSError):
                        item.unlink()
                        removed += 1
                    continue
                entries.append((info.st_mtime, info.st_size, item))
    total = sum(size for _, size, _ in entries)
    for _, size, item in sorted(entries):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            item.unlink()
            removed += 1
            total -= size
    return removed


def _is_stale(mtime: float) -> bool:
    import time

    return time.time() - mtime > 3600
