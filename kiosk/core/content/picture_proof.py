"""Proof that a picture draws: it is decoded, in a child process with a time and a memory
limit, and the decoded, scaled result is kept on disk (:mod:`picture_cache`).

``validate`` proves every picture it accepts this way, so *accepted* means *drawn*: a picture
that takes too long to decode (a progressive JPEG with its scans repeated), needs too much
memory, crashes the decoder, or decodes only with damage reported (a cut JPEG whose end
marker was put back is drawn half grey) is refused with the reason. The runtime then reads
the decoded result from the cache and never decodes a content picture on its GUI thread.

The child is ``python -m kiosk.runtime.decode_worker`` (it uses Qt's ``QImageReader``, which
this Qt-free core does not import; the module is named, not imported). It sets its own
``RLIMIT_AS`` and ``RLIMIT_CPU`` before loading Qt, and the parent kills it at the wall-clock
limit, so whatever the picture does, the OS ends it cleanly and the caller gets a reason.

For code that must not decode at all (the hot-reload checker, the last-good snapshot), use
:func:`proven`: a cache look-up by content hash that answers at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.content import picture_cache
from kiosk.core.content.picture_cache import Box

WORKER_MODULE = "kiosk.runtime.decode_worker"
"""The decoding child, run as ``python -m``."""

DECODE_SECONDS = 10.0
"""Wall-clock limit on decoding one picture for ``validate``, ``check`` and ``export`` (a
24-megapixel photo decodes in well under a second). ``STAR_KIOSK_DECODE_SECONDS`` overrides it
(tests use a short one)."""

DECODE_MEMORY_MB = 1536
"""Address space the decoding child may use, Qt included (about 100 MB of it)."""

DEFAULT_BOX: Box = (1920, 1920)
"""Screen box pictures are scaled for when the deck names no screens (the default screens,
1920×1080 and 1080×1920, together)."""

_RESAVE = "open it in an image editor and save it again as PNG or JPEG"


@dataclass(frozen=True)
class Proof:
    """The outcome of decoding one picture."""

    ok: bool
    problem: str = ""
    """Why it will not draw, in a curator's words (after the file's name)."""
    hint: str = ""
    decoded: str | None = None
    """The decoded picture, scaled for the box: a PNG in the cache (when ``ok``)."""
    width: int = 0
    """The picture's own width in pixels (before scaling), when it was decoded."""
    height: int = 0
    transient: bool = False
    """A failure that may not repeat (a time-out, a full disk): never remembered."""


def decode_seconds() -> float:
    """The decode time limit in force (the environment's override, else the default)."""
    try:
        value = float(os.environ.get("STAR_KIOSK_DECODE_SECONDS", ""))
    except ValueError:
        return DECODE_SECONDS
    return value if value > 0 else DECODE_SECONDS


def decode_box(screens: Iterable[str]) -> Box:
    """The box pictures are scaled for: the widest and the tallest of the ``WxH`` screens
    (a picture scaled to cover it covers every one of them)."""
    width = height = 0
    for screen in screens:
        try:
            w, h = (int(part) for part in screen.lower().split("x"))
        except ValueError:
            continue
        width, height = max(width, w), max(height, h)
    return (width, height) if width > 0 and height > 0 else DEFAULT_BOX


def proven(path: str | os.PathLike[str], box: Box = DEFAULT_BOX) -> str | None:
    """The decoded picture if ``path`` is already proven to draw at ``box``, else None.

    Never decodes: it hashes the file (remembered per file version) and looks in the cache,
    so it is cheap enough to call for every picture of a deck on every reload.
    """
    try:
        digest = picture_cache.content_hash(path)
    except OSError:
        return None
    found = picture_cache.decoded_entry(digest, box)
    return str(found) if found else None


def prove(path: str | os.PathLike[str], box: Box = DEFAULT_BOX,
          seconds: float | None = None) -> Proof:
    """Decode ``path`` for ``box`` in a limited child, unless the cache already knows it."""
    try:
        digest = picture_cache.content_hash(path)
    except OSError as error:
        return Proof(False, f"cannot be read: {error.strerror or error}",
                     "check the file's permissions")
    found = picture_cache.decoded_entry(digest, box)
    if found is not None:
        width, height = picture_cache.source_size(digest, box) or (0, 0)
        return Proof(True, decoded=str(found), width=width, height=height)
    refused = picture_cache.refusal(digest, box)
    if refused is not None:
        return Proof(False, *refused)
    proof = _decode(os.fspath(path), digest, box, seconds or decode_seconds())
    if not proof.ok and not proof.transient:
        picture_cache.remember_refusal(digest, box, proof.problem, proof.hint)
    return proof


def prove_all(paths: Iterable[str | os.PathLike[str]], box: Box = DEFAULT_BOX,
              seconds: float | None = None) -> dict[str, Proof]:
    """:func:`prove` for many pictures, a few children at a time; by path."""
    unique = list(dict.fromkeys(os.fspath(p) for p in paths))
    if not unique:
        return {}
    workers = max(1, min(len(unique), os.cpu_count() or 1, 4))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="picture-proof") as pool:
        proofs = dict(zip(unique, pool.map(lambda p: prove(p, box, seconds), unique),
                          strict=True))
    picture_cache.prune()
    return proofs


def _decode(path: str, digest: str, box: Box, seconds: float) -> Proof:
    target = picture_cache.entry_path(digest, box)
    temporary = target.with_name(f"{target.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    command = [sys.executable, "-m", WORKER_MODULE, path, str(temporary), str(box[0]),
               str(box[1]), str(picture_cache.max_pixels(box)), str(DECODE_MEMORY_MB),
               str(max(1, int(seconds + 1)))]
    package_parent = str(Path(__file__).resolve().parents[3])
    env = {**os.environ, "MALLOC_ARENA_MAX": "2", "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(
               p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)}
    try:
        target.parent.mkdir(exist_ok=True)
        completed = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                   timeout=seconds, env=env, check=False)
    except subprocess.TimeoutExpired:
        _remove(temporary)
        return Proof(False, f"takes more than {seconds:g} s to decode",
                     "save it again as a plain (baseline) JPEG or PNG of about 1920×1080",
                     transient=True)
    except OSError as error:
        _remove(temporary)
        return Proof(False, f"could not be decoded: the decoder did not start "
                            f"({error.strerror or error})",
                     "check that STAR Kiosk is installed completely", transient=True)
    answer = _answer(completed.stdout)
    if completed.returncode == 0 and answer.get("ok") is True:
        try:
            os.replace(temporary, target)
        except OSError as error:
            _remove(temporary)
            return Proof(False, f"was decoded but could not be kept ({error.strerror})",
                         "check the space and permissions of the cache folder",
                         transient=True)
        width, height = _size(answer.get("source"))
        picture_cache.remember_source_size(digest, box, width, height)
        return Proof(True, decoded=str(target), width=width, height=height)
    _remove(temporary)
    if answer.get("ok") is False:
        return Proof(False, str(answer.get("problem", "could not be decoded")),
                     str(answer.get("hint") or _RESAVE), transient=answer.get("transient") is True)
    return _died(completed.returncode, completed.stderr)


def _died(code: int, stderr: bytes) -> Proof:
    """Why a child that gave no answer ended, in a curator's words."""
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return Proof(False, "takes too long to decode (the decoder was stopped)",
                     "save it again as a plain (baseline) JPEG or PNG of about 1920×1080")
    text = stderr.decode("utf-8", "replace").lower()
    if code == -signal.SIGABRT or "memory" in text or "bad_alloc" in text:
        return Proof(False, "needs more memory to decode than a picture may use",
                     "scale it down to about 1920×1080 and save it again")
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ \
            else str(-code)
        return Proof(False, f"crashes the picture decoder ({name})", _RESAVE)
    return Proof(False, f"could not be decoded (the decoder ended with status {code})",
                 _RESAVE)


def _answer(stdout: bytes) -> dict[str, object]:
    lines = stdout.decode("utf-8", "replace").strip().splitlines()
    if not lines:
        return {}
    try:
        answer = json.loads(lines[-1])
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _size(value: object) -> tuple[int, int]:
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return value[0], value[1]
    return 0, 0


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
