"""The staff PIN: stored only as a salted scrypt hash in ``settings.ini``; tries are rate-limited.

``star-kiosk set-pin`` writes it (:mod:`kiosk.tools.pin`); the PIN pad checks it through a
:class:`PinGuard`, which locks the pad after five wrong PINs, for longer each time
(:data:`LOCK_STEPS`: 1, 5, then 15 minutes), steps the ladder back down with every quarter
of an hour without a wrong PIN (:data:`LOCK_RELAX_SECONDS`), and remembers it across restarts
in ``pin-lockout.json``. No Qt here.

``settings.ini`` decides who may leave the kiosk, so it is trusted only when it is a plain
file owned by this user and writable by nobody else: a symlink is never followed, a file
another user could have written is refused, and one that does not parse is reported as
corrupt (never as "no PIN set"). Nothing read from it is ever printed or logged — a
settings file pointed at ``/etc/shadow`` must not leak a line of it.
"""

from __future__ import annotations

import configparser
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.ini"
SECTION = "staff"
KEY = "pin_hash"
PIN_PATTERN = re.compile(r"[0-9]{4,8}")
"""A whole PIN (always ``fullmatch``: ``$`` would let "1234\\n" through)."""
MAX_TRIES = 5
LOCK_STEPS = (60.0, 300.0, 900.0)
"""Each lockout in a row lasts the next of these (then the last again), so a 4-digit PIN
cannot be found by patient tapping; a right PIN starts the ladder over.

The pad is within visitors' reach, so the ladder tops out at a quarter of an hour and relaxes
(:data:`LOCK_RELAX_SECONDS`): with an hour-long top step that never came down, twenty wrong
taps locked staff out for an hour and every five more added another, a day for a bored
child. Guessing stays slow: at most five tries per quarter hour, so a 4-digit PIN takes
some 250 hours of tapping on average, in front of the staff."""
LOCK_RELAX_SECONDS = 900.0
"""Each quarter of an hour without a wrong PIN (counted from the end of the last lock, or
from the last wrong try) takes the ladder one step down and forgets wrong tries so far."""
LOCK_SECONDS = LOCK_STEPS[0]
LOCKOUT_FILE = "pin-lockout.json"
MAX_SETTINGS_BYTES = 64 * 1024

# scrypt at n=2**14, r=8 costs ~16 MB and some tens of ms: slow for guessing, quick for staff.
_N, _R, _P = 2**14, 8, 1


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex) for ``pin``, with a fresh random salt by default."""
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches a :func:`hash_pin` string (False for anything malformed)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(digest)
        actual = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected))
    except (ValueError, TypeError, MemoryError):
        log.warning("the stored PIN hash is malformed; set it again with star-kiosk set-pin")
        return False
    return hmac.compare_digest(actual, expected)


class SettingsUnusable(Exception):
    """``settings.ini`` exists but is not to be trusted or cannot be parsed.

    The message says why in words that are safe to show: never the file's content.
    """

    def __init__(self, path: Path, reason: str, *, corrupt: bool = False) -> None:
        super().__init__(f"{path}: {reason}")
        self.corrupt = corrupt


def read_private_file(path: Path, max_bytes: int = MAX_SETTINGS_BYTES) -> str | None:
    """The text of ``path`` if it is safe to trust; None when there is no such file.

    Raises :class:`SettingsUnusable` for a symlink (never followed), anything but a regular
    file, a file owned by another user or writable by group or others, an oversized file,
    or one that is not UTF-8.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as error:
        if path.is_symlink():
            raise SettingsUnusable(path, "is a symbolic link; refused (never followed). "
                                   "Remove it and run star-kiosk set-pin") from None
        raise SettingsUnusable(path, f"cannot be read ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SettingsUnusable(path, "is not a regular file; refused")
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            raise SettingsUnusable(path, f"belongs to another user (uid {info.st_uid}); "
                                   "refused. Remove it and run star-kiosk set-pin")
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise SettingsUnusable(path, f"can be written by other users (mode "
                                   f"{stat.S_IMODE(info.st_mode):o}); refused. Run "
                                   f"'chmod 600 {path}' if you trust it, or set the PIN again")
        if info.st_size > max_bytes:
            raise SettingsUnusable(path, "is too large to be a settings file; "
                                   "corrupt. Remove it and run star-kiosk set-pin",
                                   corrupt=True)
        data = os.read(fd, max_bytes + 1)
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SettingsUnusable(path, "is not text; corrupt. Remove it and run "
                               "star-kiosk set-pin",
                               corrupt=True) from None


class PinStore:
    """The PIN hash in ``<data dir>/settings.ini`` (section ``[staff]``, key ``pin_hash``)."""

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / SETTINGS_FILE
        self.lockout_path = Path(folder) / LOCKOUT_FILE
        self._warned: str | None = None
        self._lockout_unsaved = False

    def _read(self) -> configparser.ConfigParser:
        """The settings, or :class:`SettingsUnusable` (an empty parser: no file)."""
        parser = configparser.ConfigParser(interpolation=None)
        text = read_private_file(self.path)
        if text is None:
            return parser
        try:
            parser.read_string(text, source=SETTINGS_FILE)
        except configparser.Error:
            # The parser's message quotes the offending line: never let it out.
            raise SettingsUnusable(self.path, "is corrupt (not a settings file). Remove "
                                   "it and run star-kiosk set-pin", corrupt=True) from None
        return parser

    def problem(self) -> str | None:
        """Why ``settings.ini`` cannot be used, in words safe to show; None when it can."""
        try:
            self._read()
        except SettingsUnusable as unusable:
            return str(unusable)
        return None

    def stored_hash(self) -> str | None:
        """The stored hash, or None when no PIN is set or the file is unusable (logged
        once per distinct problem, as a problem — never as "no PIN set")."""
        try:
            value = self._read().get(SECTION, KEY, fallback="").strip()
        except SettingsUnusable as unusable:
            if str(unusable) != self._warned:
                self._warned = str(unusable)
                log.error("the staff PIN cannot be checked: %s", unusable)
            return None
        self._warned = None
        return value or None

    def is_set(self) -> bool:
        """Whether a PIN guards the exit: one is stored, or ``settings.ini`` is there but
        unusable (refused or corrupt). The second fails closed on purpose: a tampered or
        broken file must never open the first-run exit meant for a fresh install."""
        return self.stored_hash() is not None or self.problem() is not None

    def set_pin(self, pin: str) -> None:
        """Store ``pin`` (4 to 8 digits) as a salted hash; other settings are kept.

        Raises :class:`SettingsUnusable` when the existing file is refused or corrupt
        (nothing is overwritten: staff remove it knowingly).
        """
        if not PIN_PATTERN.fullmatch(pin):
            raise ValueError("the PIN must be 4 to 8 digits")
        parser = self._read()
        if not parser.has_section(SECTION):
            parser.add_section(SECTION)
        parser.set(SECTION, KEY, hash_pin(pin))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Write a temporary file and rename, so a crash never leaves half a settings file.
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                parser.write(handle)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def verify(self, pin: str) -> bool:
        stored = self.stored_hash()
        return stored is not None and check_pin(pin, stored)

    # ------------------------------------------------------------------ the lockout

    def load_lockout(self) -> tuple[int, int, float]:
        """``(wrong tries, lockouts in a row, wall-clock time the lock ends)`` as last saved;
        zeros when nothing (or nothing trustworthy) is saved."""
        try:
            text = read_private_file(self.lockout_path, 4096)
            if text is None:
                return 0, 0, 0.0
            data = json.loads(text)
            return (max(0, int(data["wrong"])), max(0, int(data["lockouts"])),
                    float(data["until"]))
        except (SettingsUnusable, ValueError, KeyError, TypeError) as error:
            log.warning("ignoring the saved PIN lockout %s: %s", self.lockout_path,
                        error if isinstance(error, SettingsUnusable) else "corrupt")
            return 0, 0, 0.0

    def save_lockout(self, wrong: int, lockouts: int, until: float) -> None:
        """Remember the lockout across restarts (a failure is logged, never raised)."""
        payload = json.dumps({"wrong": wrong, "lockouts": lockouts, "until": until})
        try:
            fd, tmp = tempfile.mkstemp(prefix=".pin-lockout-", dir=self.lockout_path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                os.replace(tmp, self.lockout_path)  # mkstemp made it 0600
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as error:
            if not self._lockout_unsaved:  # once, not on every tap of a read-only kiosk
                log.warning("cannot save the PIN lockout in %s (%s); it lasts until the "
                            "kiosk restarts", self.lockout_path, error.strerror or error)
            self._lockout_unsaved = True
            return
        self._lockout_unsaved = False


Outcome = Literal["ok", "wrong", "locked", "no_pin"]


@dataclass(frozen=True)
class PinResult:
    """What a PIN attempt gave."""

    outcome: Outcome
    tries_left: int = MAX_TRIES
    locked_for: float = 0.0
    """Seconds until the pad unlocks (``locked``, or ``wrong`` on the fifth miss)."""


class PinGuard:
    """Checks PINs against a :class:`PinStore`; five wrong ones lock it, longer each time.

    ``now`` is a clock function (seconds), injectable so tests need not wait; ``wall`` is
    the wall clock the saved lockout is stamped with, so it outlives a restart.
    """

    def __init__(self, store: PinStore, now: Callable[[], float], *,
                 wall: Callable[[], float] = time.time) -> None:
        self.store = store
        self.now = now
        self.wall = wall
        self._wrong, self._lockouts, until = store.load_lockout()
        # A wall clock set back must not stretch a lock beyond its longest step.
        remaining = min(max(0.0, until - wall()), LOCK_STEPS[-1])
        self._locked_until = now() + remaining if remaining > 0 else 0.0
        # When the ladder last moved: the end of the saved lock (one that ended long ago has
        # relaxed since), or now for saved wrong tries of unknown age.
        ended_ago = min(max(0.0, wall() - until), LOCK_RELAX_SECONDS * len(LOCK_STEPS)) \
            if until else 0.0
        self._last_moved = now() + remaining - ended_ago

    def locked_for(self) -> float:
        """Seconds until the pad accepts PINs again (0 when it does)."""
        return max(0.0, self._locked_until - self.now())

    def _relax(self) -> None:
        """Step the ladder down once per quiet :data:`LOCK_RELAX_SECONDS` since it last moved."""
        if not (self._wrong or self._lockouts):
            return
        steps = int((self.now() - self._last_moved) // LOCK_RELAX_SECONDS)
        if steps <= 0:
            return
        self._wrong = 0
        # Down from the step the next lock would take (the top, however many came before).
        self._lockouts = max(0, min(self._lockouts, len(LOCK_STEPS) - 1) - steps)
        self._last_moved += steps * LOCK_RELAX_SECONDS
        self.store.save_lockout(0, self._lockouts, 0.0)

    def attempt(self, pin: str) -> PinResult:
        """Try ``pin``."""
        remaining = self.locked_for()
        if remaining > 0:
            return PinResult("locked", 0, remaining)
        self._relax()
        if not self.store.is_set():
            # Safer default: with no usable PIN nobody can leave from the pad (the log says
            # whether none is set or the settings file was refused).
            return PinResult("no_pin")
        if self.store.verify(pin):
            if self._wrong or self._lockouts:
                self._wrong = self._lockouts = 0
                self.store.save_lockout(0, 0, 0.0)
            return PinResult("ok")
        self._wrong += 1
        self._last_moved = self.now()
        if self._wrong >= MAX_TRIES:
            seconds = LOCK_STEPS[min(self._lockouts, len(LOCK_STEPS) - 1)]
            self._wrong = 0
            self._lockouts += 1
            self._locked_until = self._last_moved = self.now() + seconds
            self.store.save_lockout(0, self._lockouts, self.wall() + seconds)
            log.warning("five wrong staff PINs: the pad is locked for %.0f s (lockout %d in "
                        "a row)", seconds, self._lockouts)
            return PinResult("locked", 0, seconds)
        self.store.save_lockout(self._wrong, self._lockouts, 0.0)
        return PinResult("wrong", MAX_TRIES - self._wrong)
