"""Which content is on screen: its git commit, else a hash of its files. No Qt, no git binary.

A fleet follows one content repository (``install-session --content-repo``): the commit each
kiosk shows is what tells IT whether every screen has the new content. A folder that is not a
git checkout gets a hash of its files instead, which is the same on every PC that has the same
files. The git metadata is read directly (``HEAD``, the ref it names or ``packed-refs``), so no
git process is started and a checkout owned by another account reads as well.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from kiosk.core.safe_files import read_regular_file

MAX_HASHED_BYTES = 32 * 1024 * 1024
"""Beyond this much content only names and sizes go into the hash (a mistake, or videos):
the hash is taken on the GUI thread, which must never stall for long."""


def _git_dir(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                target = Path(text.removeprefix("gitdir:").strip())
                return target if target.is_absolute() else (candidate / target).resolve()
    return None


def _is_hex(text: str) -> bool:
    return len(text) >= 40 and all(char in "0123456789abcdef" for char in text)


def git_commit(folder: str | os.PathLike[str]) -> str | None:
    """The commit checked out in the git repository holding ``folder``, in full; None when
    it is not in one (or its metadata cannot be read)."""
    try:
        git = _git_dir(Path(os.path.realpath(folder)))
        if git is None:
            return None
        head = (git / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
        if _is_hex(head):
            return head  # a detached HEAD
        if not head.startswith("ref:"):
            return None
        ref = head.removeprefix("ref:").strip()
        # Worktrees keep their HEAD apart but share refs with the main repository.
        common = git
        if (git / "commondir").is_file():
            common = (git / (git / "commondir").read_text(encoding="utf-8").strip()).resolve()
        for base in dict.fromkeys((git, common)):
            loose = base / ref
            if loose.is_file():
                commit = loose.read_text(encoding="utf-8", errors="replace").strip()
                return commit if _is_hex(commit) else None
        packed = common / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8", errors="replace").splitlines():
                parts = line.split(" ", 1)
                if len(parts) == 2 and parts[1].strip() == ref and _is_hex(parts[0]):
                    return parts[0]
    except OSError:
        return None
    return None


def content_hash(folder: str | os.PathLike[str]) -> str:
    """SHA-256 of the folder's files (names and bytes; hidden files and folders such as
    ``.git`` left out), as hex. Beyond :data:`MAX_HASHED_BYTES` in all, only names and sizes.

    Only regular files are read, never through a link and never blocking: a link counts by
    where it points and a FIFO or device by its type, so a fleet commit that adds a link to
    ``/dev/zero`` or a FIFO cannot make this read for ever (it runs on the GUI thread)."""
    root = Path(folder)
    digest = hashlib.sha256()
    budget = MAX_HASHED_BYTES
    for directory, folders, names in os.walk(root):
        folders[:] = sorted(d for d in folders if not d.startswith("."))
        for name in sorted(n for n in names if not n.startswith(".")):
            path = Path(directory, name)
            relative = str(path.relative_to(root)).encode("utf-8", "surrogateescape")
            digest.update(relative + b"\0")
            try:
                info = path.lstat()
                if stat.S_ISLNK(info.st_mode):
                    digest.update(b"link:" + os.fsencode(os.readlink(path)))
                elif not stat.S_ISREG(info.st_mode):
                    digest.update(b"special:%o" % stat.S_IFMT(info.st_mode))
                elif info.st_size <= budget:
                    digest.update(read_regular_file(path, limit=budget))
                    budget -= info.st_size
                else:
                    digest.update(str(info.st_size).encode())
            except OSError:
                digest.update(b"?")
            digest.update(b"\0")
    return digest.hexdigest()


def content_version(folder: str | os.PathLike[str]) -> str:
    """``git:<12 hex>`` for a git checkout, else ``sha256:<12 hex>`` of its files."""
    commit = git_commit(folder)
    if commit is not None:
        return f"git:{commit[:12]}"
    return f"sha256:{content_hash(folder)[:12]}"
