"""The one cheap fingerprint of a content folder: has anything in it changed, and when?

Used by the supervisor (is the content worth trying again while the calm screen shows?) and
by hot reload (has the folder been still long enough to read it, and did it stay still while
it was read?). Names, sizes and modification times only — never the files' bytes — so it
costs a directory walk, whatever the folder holds (a FIFO or a link to ``/dev/zero`` is only
looked at, never opened). Hidden files and folders (``.git``, editors' swap files) are left
out: they are never content, and a fleet pull rewrites ``.git`` on every fetch.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

MAX_STAMPED_FILES = 2000
"""A content folder is a few files; a huge one is not walked past this many."""


@dataclass(frozen=True)
class FolderStamp:
    """What a content folder looked like at one moment."""

    digest: str
    """Changes when the folder leads elsewhere, or a file is added, removed, resized or
    modified."""
    newest_mtime_ns: int
    """The latest modification time of any file (0 when there are none)."""
    files: int


def folder_stamp(folder: str | os.PathLike[str] | None) -> FolderStamp:
    """Fingerprint ``folder`` now (a missing folder has a stamp of its own; None an empty one)."""
    if folder is None:
        return FolderStamp("", 0, 0)
    digest = hashlib.sha256(os.path.realpath(folder).encode("utf-8", "surrogateescape"))
    count = newest = 0
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            count += 1
            if count > MAX_STAMPED_FILES:
                break
            try:
                info = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            newest = max(newest, info.st_mtime_ns)
            digest.update(f"{root}/{name}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}"
                          f"\0{info.st_ctime_ns}\0".encode("utf-8", "surrogateescape"))
    if count == 0 and not Path(folder).is_dir():
        digest.update(b"missing")
    return FolderStamp(digest.hexdigest(), newest, min(count, MAX_STAMPED_FILES))
