"""Reading a small file that anyone may have put in our way, and writing one that a reader
never sees half of. No Qt.

Content folders come from curators and fleets, caches and status files from earlier runs: any
of them may hold a FIFO (an ``open`` would wait for a writer for ever), a link to ``/dev/zero``
(a read that never ends), or a file far larger than it should be. :func:`read_regular_file`
opens without blocking, reads only a regular file, never past its limit, and says what it
refused as an :class:`OSError`, so every caller's existing ``except OSError`` covers it.

Status files, caches, the metrics file and requests between processes are read while they are
rewritten: :func:`write_text_atomically` writes beside the file and renames over it.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile


class RefusedFile(OSError):
    """A file refused unread: not a regular file, a link where none may be, or too big."""


def read_regular_file(path: str | os.PathLike[str], limit: int, *,
                      follow_links: bool = False) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them, read without
    blocking and (unless ``follow_links``) without following a final link.

    Raises :class:`RefusedFile` for a link, a FIFO, a device or a folder, and for a file
    over ``limit`` bytes (also one that grows past it while read); other OSErrors as ``open``
    raises them (FileNotFoundError for no file).
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_links else os.O_NOFOLLOW)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_links:
            raise RefusedFile(errno.ELOOP, "is a link", os.fspath(path)) from None
        raise
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(errno.EINVAL, "is not a regular file", os.fspath(path))
        if info.st_size > limit:
            raise RefusedFile(errno.EFBIG, f"is {info.st_size:,} bytes, more than {limit:,}",
                              os.fspath(path))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the file may be growing: never read past the limit
            chunk = os.read(descriptor, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise RefusedFile(errno.EFBIG, f"grew past {limit:,} bytes", os.fspath(path))
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def write_text_atomically(path: str | os.PathLike[str], text: str, *,
                          mode: int | None = None) -> None:
    """Replace the file at ``path`` with ``text`` (UTF-8) in one rename, so a reader sees
    the old file or the new one, never half of it. The temporary file is a dot name in the
    same folder (a collector that reads ``*.prom`` or a watcher of one name never sees it)
    and is removed when anything fails. ``mode``: the file's permissions (default:
    ``mkstemp``'s 0600). Raises OSError."""
    target = os.fspath(path)
    folder, name = os.path.split(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or None)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
