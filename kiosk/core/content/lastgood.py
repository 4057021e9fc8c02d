"""The last good copy of the content: small, safe and honest.

When the content folder is invalid at start-up, the kiosk shows the last content that was
valid and ran for a while, kept in ``<data folder>/last-good-content/``. That copy:

* holds **only what the deck uses**: the YAML files it reads and the pictures it names, each
  copied as a plain file. Nothing else in the folder is opened: not a FIFO, a device or a
  link to one, not a 40 MB video nobody references, not a link leading out of the folder
  (``/etc/shadow``). Each file is opened without following a final link and without blocking
  (``O_NOFOLLOW | O_NONBLOCK``), must be a regular file, and is read with a size limit.
* is **capped** at :data:`SNAPSHOT_MAX_BYTES` in all. A deck using more keeps no new copy
  (the older one stays), and the log says so.
* is **written so a power cut leaves the old copy or the new one**: the files go to a
  temporary folder, each is flushed to disk (``fsync``), the copy is checked there, then it is
  renamed into place; a copy caught between the two renames is put back at the next start.
  Temporary folders left by a killed kiosk are removed at the next start.
* carries **its own content hash** (``.last-good.json``: every file's size and SHA-256, and
  what the picture check said of each picture). It is verified whenever it is used: a copy
  whose files were emptied or changed is reported (an event and a log line) and never shown,
  and the next valid content writes it again. Pictures are never checked twice: a picture
  whose bytes match the hash it was checked under is known good.
* that **cannot be read** (permissions, a broken disk) is reported as such, never as an
  internal error.

No Qt: the kiosk runs this on a worker thread, and ``star-kiosk`` tools can use it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Literal

from kiosk.core import safe_files
from kiosk.core.content.images import PictureCheck, inspect_picture
from kiosk.core.content.loader import LoadResult, load_deck
from kiosk.core.content.model import Asset, Deck
from kiosk.core.content.problems import Problem
from kiosk.core.content.truncation import start_of_last_good
from kiosk.core.safe_files import RefusedFile

log = logging.getLogger(__name__)

LAST_GOOD_DIR = "last-good-content"
"""The copy of the last good content, in the data folder."""
MANIFEST = ".last-good.json"
"""Inside the copy: every file's size and hash (hidden, so it is never taken for content)."""
SNAPSHOT_MAX_BYTES = 256 * 1024 * 1024
"""Most bytes the files a deck uses may add up to and still be copied (documented in
README.md). The YAML is a few hundred KB at most; this leaves room for ~100 large photos."""
MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest single file copied (the validator refuses larger pictures anyway)."""
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MIN_FREE_AFTER = 16 * 1024 * 1024
"""Room left on the data folder's disk after a copy: the log and events need it more."""
_TEMPORARY = f".{LAST_GOOD_DIR}.tmp-"
_OLD = f".{LAST_GOOD_DIR}.old-"
_LEGACY_STAMP = f"{LAST_GOOD_DIR}.sha256"
_LOCK = threading.RLock()
"""One copy is made, or read, at a time in this process (the kiosk's worker thread makes it;
start-up and tools read it)."""

SaveOutcome = Literal["saved", "unchanged", "invalid", "too_big", "failed"]
Status = Literal["ok", "missing", "unreadable", "damaged", "invalid"]


CopyRefused = RefusedFile
"""A file the copy will not take (not a regular file, too big, or leads outside)."""


@dataclass(frozen=True)
class LastGood:
    """The last good copy as found when it is about to be used."""

    status: Status
    detail: str = ""
    """What is wrong, in words (empty when ``ok`` or ``missing``)."""
    result: LoadResult | None = None
    """The copy's content, read and checked (when ``ok``)."""
    folder: Path | None = None

    @property
    def deck(self) -> Deck | None:
        return self.result.deck if self.result is not None else None


# ------------------------------------------------------------------------------ reading safely


def read_regular_file(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, read without following a final link and
    without blocking, at most :data:`MAX_FILE_BYTES` by default (see
    :func:`kiosk.core.safe_files.read_regular_file`). Raises :class:`CopyRefused` for
    anything else."""
    return safe_files.read_regular_file(path, limit)


def _inside(root: str, path: str) -> str:
    """Where ``path`` really leads, which must be inside ``root`` (already real)."""
    real = os.path.realpath(path)
    if not (real + os.sep).startswith(root + os.sep):
        raise CopyRefused(errno.EXDEV, "leads outside the content folder", path)
    return real


# ---------------------------------------------------------------------------- what is copied


def referenced_files(result: LoadResult, folder: str | os.PathLike[str]) -> list[str]:
    """The files the deck in ``result`` uses, relative to ``folder`` (POSIX names, sorted):
    every YAML file read and every picture named."""
    if result.deck is None:
        return []
    root = os.path.abspath(folder)
    names = {os.path.relpath(path, root) for path in result.named}
    names.update(os.path.relpath(asset.resolved or os.path.join(root, asset.path), root)
                 for asset in _assets(result.deck))
    return sorted(name.replace(os.sep, "/") for name in names)


def _assets(value: object) -> Iterator[Asset]:
    if isinstance(value, Asset):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _assets(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            yield from _assets(getattr(value, item.name))


def _is_yaml(name: str) -> bool:
    return name.endswith((".yaml", ".yml"))


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def files_hash(hashes: Mapping[str, str]) -> str:
    """One hash for a set of files (name → SHA-256): the copy's identity.

    Not :func:`kiosk.core.content_version.content_hash`, which names the whole folder's
    content for a fleet (every file, links and all, never failing), nor
    :func:`kiosk.core.content.stamp.folder_stamp`, which only notices changes (names, sizes,
    times): this one is exact over the files the deck uses, so a folder and its copy match."""
    digest = hashlib.sha256()
    for name in sorted(hashes):
        digest.update(f"{name}\0{hashes[name]}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def deck_files_hash(content: str | os.PathLike[str], result: LoadResult) -> str | None:
    """The content hash of the files the deck in ``result`` uses (read safely: never a FIFO,
    a device or a link out of the folder), as the last good copy's manifest records it — so
    a folder and its copy have the same identity. None when the deck is invalid or a file
    cannot be read."""
    if result.deck is None:
        return None
    source = os.path.abspath(content)
    real_root = os.path.realpath(source)
    try:
        return files_hash({name: _hash(read_regular_file(_inside(real_root, os.path.join(
            source, name)))) for name in referenced_files(result, source)})
    except OSError:
        return None


# ---------------------------------------------------------------------------------- pictures


_checked_by_hash: dict[str, PictureCheck] = {}
"""Pictures already checked, by the SHA-256 of their bytes: never checked twice."""
_MAX_REMEMBERED = 4096


def forget_checked_pictures() -> None:
    """Forget which pictures were checked, as a new process starts (each is checked again)."""
    _checked_by_hash.clear()


def check_picture_by_hash(path: str, sha256: str,
                          check: Callable[[str], PictureCheck] = inspect_picture) -> PictureCheck:
    """The picture check for a file whose bytes hash to ``sha256``: remembered by hash, so
    the same picture is checked once whatever folder it is copied to.

    ``check`` is the one call that looks at a picture's bytes (the core's structural check
    today; a bounded decoder in a child process can take its place)."""
    known = _checked_by_hash.get(sha256)
    if known is not None:
        return known
    result = check(path)
    if result.ok:  # a failure is never remembered: the next look may find the file fixed
        if len(_checked_by_hash) >= _MAX_REMEMBERED:
            _checked_by_hash.clear()
        _checked_by_hash[sha256] = result
    return result


def hashed_picture_check(check: Callable[[str], PictureCheck] = inspect_picture
                         ) -> Callable[[str], PictureCheck]:
    """A picture check for :func:`~kiosk.core.content.loader.load_deck` that reads each
    picture's bytes once to hash them and calls ``check`` only for a hash never seen good."""
    def by_hash(path: str) -> PictureCheck:
        real = os.path.realpath(path)  # the validator has checked it stays inside the folder
        try:
            data = read_regular_file(real)
        except CopyRefused:
            return check(path)  # too big or not a plain file: the check says so in its words
        return check_picture_by_hash(real, _hash(data), check)
    return by_hash


def remember_checked_pictures(data_folder: str | os.PathLike[str]) -> int:
    """Learn which pictures the last good copy's manifest says were checked good (by hash),
    so a restart does not check them again. Returns how many. Never raises."""
    try:
        manifest = _read_manifest(Path(data_folder) / LAST_GOOD_DIR)
    except (OSError, _Damaged):
        return 0
    before = len(_checked_by_hash)
    _remember(manifest)
    return len(_checked_by_hash) - before


def _remember(manifest: Mapping[str, object]) -> None:
    """Pictures the copy's manifest says were checked good, under their hashes."""
    entries = manifest.get("files")
    if not isinstance(entries, dict):
        return
    for entry in entries.values():
        picture = entry.get("picture") if isinstance(entry, dict) else None
        if isinstance(picture, dict) and isinstance(entry.get("sha256"), str):
            try:
                _checked_by_hash.setdefault(entry["sha256"], PictureCheck(
                    str(picture["kind"]), "", "", int(picture["width"]), int(picture["height"])))
            except (KeyError, TypeError, ValueError):
                continue


# ------------------------------------------------------------------------------ housekeeping


def clean_leftovers(data_folder: str | os.PathLike[str]) -> list[str]:
    """Put back a copy caught between its two renames, and remove temporary folders left by
    a killed kiosk (any but this process's). Returns what was removed. Never raises."""
    with _LOCK:
        return _clean_leftovers(Path(data_folder))


def _clean_leftovers(data: Path) -> list[str]:
    removed: list[str] = []
    target = data / LAST_GOOD_DIR
    try:
        entries = sorted(data.iterdir())
    except OSError:
        return removed
    for entry in entries:
        ours = entry.name.endswith(f"-{os.getpid()}")  # this process's copy in the making
        if entry.name.startswith(_OLD) and not ours and not os.path.lexists(target):
            # A power cut between "copy → .old" and "new → copy": the old one is complete.
            try:
                os.replace(entry, target)
                log.info("put back the last good copy from %s (a copy was cut short)", entry)
                continue
            except OSError:
                pass
        if entry.name.startswith((_TEMPORARY, _OLD)) and not ours:
            _remove(entry)
            removed.append(entry.name)
    if removed:
        log.info("removed %d temporary folder(s) left by an earlier kiosk: %s", len(removed),
                 ", ".join(removed[:5]))
    return removed


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def _fsync_folder(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_durably(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


# ------------------------------------------------------------------------------- the copy


def _read_manifest(copy: Path) -> dict[str, object]:
    data = read_regular_file(copy / MANIFEST, MAX_MANIFEST_BYTES)
    try:
        manifest = json.loads(data)
    except ValueError as error:
        raise _Damaged(f"its {MANIFEST} is not readable JSON ({error})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise _Damaged(f"its {MANIFEST} lists no files")
    return manifest


class _Damaged(Exception):
    """The copy's files do not match its manifest."""


def _verified_files(copy: Path, manifest: Mapping[str, object], *,
                    only_yaml: bool = False) -> dict[str, bytes]:
    """Every file the manifest lists (or only its YAML files), checked against its size and
    hash; the YAML files' bytes by name."""
    entries = manifest["files"]
    assert isinstance(entries, dict)
    yaml_files: dict[str, bytes] = {}
    hashes: dict[str, str] = {}
    real = os.path.realpath(copy)
    for name, entry in sorted(entries.items()):
        if not isinstance(entry, dict) or ".." in Path(name).parts or os.path.isabs(name):
            raise _Damaged(f"its {MANIFEST} has a bad entry {name!r}")
        if only_yaml and not _is_yaml(name):
            continue
        path = _inside(real, str(copy / name))
        try:
            data = read_regular_file(path)
        except FileNotFoundError:
            raise _Damaged(f"{name} is missing") from None
        except CopyRefused as refused:
            raise _Damaged(f"{name} {refused.strerror}") from None
        if len(data) != entry.get("bytes") or _hash(data) != entry.get("sha256"):
            raise _Damaged(f"{name} is {len(data):,} bytes that do not match its hash "
                           f"({entry.get('bytes', 0):,} bytes were copied)")
        hashes[name] = str(entry["sha256"])
        if _is_yaml(name):
            yaml_files[name] = data
    if not only_yaml and files_hash(hashes) != manifest.get("hash"):
        raise _Damaged("its files do not add up to its content hash")
    return yaml_files


def open_last_good(data_folder: str | os.PathLike[str]) -> LastGood:
    """The last good copy, verified against its own hash and read (see :class:`LastGood`).
    Never raises: a copy that cannot be read or does not match is a status with a detail."""
    with _LOCK:
        return _open_last_good(data_folder)


def _open_last_good(data_folder: str | os.PathLike[str]) -> LastGood:
    copy = Path(data_folder) / LAST_GOOD_DIR
    clean_leftovers(data_folder)
    try:
        if not os.path.lexists(copy):
            return LastGood("missing", folder=copy)
        # Listed, not probed: a probe of a folder we may not enter says "no such file".
        if MANIFEST in os.listdir(copy):
            manifest = _read_manifest(copy)
            _verified_files(copy, manifest)
            _remember(manifest)
        else:
            _verify_legacy(copy)
    except _Damaged as damaged:
        return LastGood("damaged", f"the last good copy in {copy} is damaged: {damaged} — "
                                   "it is not shown; the next valid content writes it again",
                        folder=copy)
    except OSError as error:
        return LastGood("unreadable", f"cannot read the last good copy in {copy}: "
                                      f"{error.strerror or error} — the kiosk's user must be "
                                      "able to read it (check its owner and permissions)",
                        folder=copy)
    result = load_deck(copy, picture_check=_trusted_pictures(copy))
    if result.deck is None:
        problems = " | ".join(str(problem) for problem in result.errors[:3])
        return LastGood("invalid", f"the last good copy in {copy} is not valid content: "
                                   f"{problems}", result, copy)
    return LastGood("ok", "", result, copy)


def _verify_legacy(copy: Path) -> None:
    """A copy an older kiosk made: checked against the stamp beside it (the SHA-256 of every
    file's name and bytes); raises :class:`_Damaged` when it does not match or is missing."""
    stamp = copy.parent / _LEGACY_STAMP
    try:
        wanted = read_regular_file(stamp, 1024).decode("ascii", "replace").strip()
    except FileNotFoundError:
        raise _Damaged(f"it has no {MANIFEST} and no {_LEGACY_STAMP} to check it by") from None
    digest = hashlib.sha256()
    real = os.path.realpath(copy)
    for root, dirs, names in os.walk(copy):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(n for n in names if not n.startswith(".")):
            path = Path(root, name)
            digest.update(str(path.relative_to(copy)).encode("utf-8", "surrogateescape") + b"\0")
            digest.update(read_regular_file(_inside(real, str(path))))
            digest.update(b"\0")
    if digest.hexdigest() != wanted:
        raise _Damaged(f"its files do not match {_LEGACY_STAMP}")


def _trusted_pictures(copy: Path) -> Callable[[str], PictureCheck]:
    """A picture check that hashes the copy's file and looks the hash up first."""
    def check(path: str) -> PictureCheck:
        return check_picture_by_hash(path, _hash(read_regular_file(path)))
    return check


def save_last_good(content: str | os.PathLike[str], data_folder: str | os.PathLike[str], *,
                   result: LoadResult | None = None,
                   picture_check: Callable[[str], PictureCheck] = inspect_picture
                   ) -> SaveOutcome:
    """Copy what the valid deck in ``content`` uses to ``<data_folder>/last-good-content``.

    ``result``: the content as just read (else it is read here). Nothing is written when the
    copy already holds the same bytes and verifies. Never raises; see the module doc for the
    rules. ``picture_check`` is called only for pictures never checked before (by hash).
    """
    with _LOCK:
        return _save_last_good(content, data_folder, result, picture_check)


def _save_last_good(content: str | os.PathLike[str], data_folder: str | os.PathLike[str],
                    result: LoadResult | None,
                    picture_check: Callable[[str], PictureCheck]) -> SaveOutcome:
    data = Path(data_folder)
    target = data / LAST_GOOD_DIR
    temporary = data / f"{_TEMPORARY}{os.getpid()}"
    old = data / f"{_OLD}{os.getpid()}"
    source = os.path.abspath(content)
    try:
        clean_leftovers(data)
        if result is None:
            result = load_deck(source, picture_check=hashed_picture_check(picture_check))
        if result.deck is None:
            return "invalid"
        names = referenced_files(result, source)
        real_root = os.path.realpath(source)
        sources = {name: _inside(real_root, os.path.join(source, name)) for name in names}
        size = sum(os.stat(path).st_size for path in sources.values())
        if size > SNAPSHOT_MAX_BYTES:
            log.warning("the deck uses %.0f MiB of files, more than the %.0f MiB a last good "
                        "copy may hold: the older copy (if any) is kept", size / 2**20,
                        SNAPSHOT_MAX_BYTES / 2**20)
            return "too_big"
        # First only hash: an unchanged deck (every reload, every start) writes nothing.
        if _matches(target, deck_files_hash(source, result) or ""):
            return "unchanged"
        free = shutil.disk_usage(data).free
        if free - size < MIN_FREE_AFTER:
            log.warning("the data folder's disk has %.0f MB free: no new last good copy "
                        "(it needs %.0f MB)", free / 1e6, size / 1e6)
            return "failed"
        _remove(temporary)
        temporary.mkdir(parents=True)
        entries: dict[str, dict[str, object]] = {}
        for name, path in sources.items():
            raw = read_regular_file(path)
            copy = temporary / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            _write_durably(copy, raw)
            entries[name] = {"bytes": len(raw), "sha256": _hash(raw)}
        checked: dict[str, PictureCheck] = {}

        def check(path: str) -> PictureCheck:
            name = os.path.relpath(path, temporary).replace(os.sep, "/")
            digest = str(entries.get(name, {}).get("sha256") or _hash(read_regular_file(path)))
            checked[name] = check_picture_by_hash(path, digest, picture_check)
            return checked[name]

        copied = load_deck(temporary, picture_check=check)
        if copied.deck is None:
            log.info("the content changed while it was copied: the last good copy is kept "
                     "as it was (%s)", "; ".join(str(p) for p in copied.errors[:2]))
            _remove(temporary)
            return "invalid"
        for name, picture in checked.items():
            if name in entries:
                entries[name]["picture"] = {"kind": picture.kind, "width": picture.width,
                                            "height": picture.height}
        manifest = {"version": 1, "source": source, "files": entries,
                    "hash": files_hash({n: str(e["sha256"]) for n, e in entries.items()})}
        _write_durably(temporary / MANIFEST, json.dumps(manifest, indent=1).encode())
        for folder in sorted({(temporary / name).parent for name in entries}, reverse=True):
            _fsync_folder(folder)
        _fsync_folder(temporary)
        _swap(temporary, target, old)
        log.info("last good content copy updated in %s (%d files, %.1f MB)", target,
                 len(entries), size / 1e6)
        return "saved"
    except OSError as error:
        log.warning("cannot keep a last good content copy in %s: %s%s", target,
                    error.strerror or error, f" ({error.filename})" if error.filename else "")
        _remove(temporary)
        if not os.path.lexists(target) and old.exists():  # put the previous one back
            try:
                os.replace(old, target)
            except OSError:
                pass
        return "failed"


def _matches(target: Path, wanted: str) -> bool:
    """Whether the copy in ``target`` verifies and holds content hashing to ``wanted``."""
    try:
        manifest = _read_manifest(target)
        if manifest.get("hash") != wanted:
            return False
        _verified_files(target, manifest)
    except FileNotFoundError:
        return False
    except OSError as error:
        log.warning("cannot read the last good copy in %s (%s): writing it again", target,
                    error.strerror or error)
        return False
    except _Damaged as error:
        log.warning("the last good copy in %s is damaged (%s): writing it again", target,
                    error)
        return False
    return True


def _swap(temporary: Path, target: Path, old: Path) -> None:
    """Put the finished copy in place: at every instant there is a whole copy on disk under
    ``target`` or ``old`` (which :func:`clean_leftovers` puts back)."""
    data = target.parent
    _remove(old)
    if os.path.lexists(target):
        os.replace(target, old)
    os.replace(temporary, target)
    _fsync_folder(data)
    _remove(old)
    _remove(data / _LEGACY_STAMP)
    _fsync_folder(data)


# ------------------------------------------------------------------------------- start-up


@dataclass(frozen=True)
class StartContent:
    """What the kiosk shows at start-up, and why."""

    deck: Deck | None
    """None: nothing valid to show (the calm unavailable screen)."""
    fallback: bool
    """True when the last good copy is shown instead of the content folder."""
    problems: tuple[Problem, ...]
    """Why the content folder is not shown (empty when it is)."""
    last_good: LastGood | None = None
    """The last good copy, when it was looked at."""


def choose_start_content(content: str | os.PathLike[str] | None,
                         data_folder: str | os.PathLike[str],
                         result: LoadResult | None = None) -> StartContent:
    """The content folder's deck when it is valid and not cut off; else the verified last
    good copy; else nothing. ``result``: the content folder as already read."""
    result = result if result is not None else load_deck(content)
    if result.deck is None:
        last = open_last_good(data_folder)
        return StartContent(last.deck if last.status == "ok" else None, True,
                            tuple(result.errors), last)
    previous = last_good_yaml(data_folder)
    if not previous:
        return StartContent(result.deck, False, ())
    root = os.path.abspath(content) if content is not None else ""
    cut: list[Problem] = []
    for path in result.named:
        name = os.path.relpath(path, root).replace(os.sep, "/")
        try:
            raw = read_regular_file(path)
        except OSError:
            continue
        problem = start_of_last_good(raw, previous.get(name), _shown(path))
        if problem is not None:
            cut.append(problem)
    if not cut:
        return StartContent(result.deck, False, ())
    last = open_last_good(data_folder)
    if last.status != "ok":  # nothing better to show than the content as it is
        return StartContent(result.deck, False, tuple(cut), last)
    return StartContent(last.deck, True, tuple(cut), last)


def last_good_yaml(data_folder: str | os.PathLike[str]) -> dict[str, bytes]:
    """The last good copy's YAML files by name, each verified against its hash (pictures are
    not read); empty when there is no copy with a manifest, or it does not verify."""
    copy = Path(data_folder) / LAST_GOOD_DIR
    try:
        with _LOCK:
            manifest = _read_manifest(copy)
            found = _verified_files(copy, manifest, only_yaml=True)
    except (OSError, _Damaged):
        return {}
    _remember(manifest)  # its pictures need no second check when the content holds them
    return found


def _shown(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path
