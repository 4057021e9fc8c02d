"""The staff PIN: stored only as a salted scrypt hash in ``settings.ini``; tries are rate-limited.

``star-kiosk set-pin`` writes it (:func:`set_pin_command`); the PIN pad checks it through a
:class:`PinGuard`, which locks the pad for a minute after five wrong PINs. No Qt here.
"""

from __future__ import annotations

import argparse
import configparser
import getpass
import hashlib
import hmac
import logging
import os
import re
import secrets
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.ini"
SECTION = "staff"
KEY = "pin_hash"
PIN_PATTERN = re.compile(r"^[0-9]{4,8}$")
MAX_TRIES = 5
LOCK_SECONDS = 60.0

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


class PinStore:
    """The PIN hash in ``<data dir>/settings.ini`` (section ``[staff]``, key ``pin_hash``)."""

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / SETTINGS_FILE

    def _read(self) -> configparser.ConfigParser:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(self.path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            # An unreadable settings file means defaults (no PIN: exit refused), never a crash.
            log.warning("cannot read %s; treating it as empty", self.path, exc_info=True)
            return configparser.ConfigParser(interpolation=None)
        return parser

    def stored_hash(self) -> str | None:
        """The stored hash, or None when no PIN is set."""
        value = self._read().get(SECTION, KEY, fallback="").strip()
        return value or None

    def is_set(self) -> bool:
        return self.stored_hash() is not None

    def set_pin(self, pin: str) -> None:
        """Store ``pin`` (4 to 8 digits) as a salted hash; other settings are kept."""
        if not PIN_PATTERN.match(pin):
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


Outcome = Literal["ok", "wrong", "locked", "no_pin"]


@dataclass(frozen=True)
class PinResult:
    """What a PIN attempt gave."""

    outcome: Outcome
    tries_left: int = MAX_TRIES
    locked_for: float = 0.0
    """Seconds until the pad unlocks (``locked``, or ``wrong`` on the fifth miss)."""


class PinGuard:
    """Checks PINs against a :class:`PinStore`; five wrong ones lock it for a minute.

    ``now`` is a clock function (seconds), injectable so tests need not wait a minute.
    """

    def __init__(self, store: PinStore, now: Callable[[], float]) -> None:
        self.store = store
        self.now = now
        self._wrong = 0
        self._locked_until = 0.0

    def locked_for(self) -> float:
        """Seconds until the pad accepts PINs again (0 when it does)."""
        return max(0.0, self._locked_until - self.now())

    def attempt(self, pin: str) -> PinResult:
        """Try ``pin``."""
        remaining = self.locked_for()
        if remaining > 0:
            return PinResult("locked", 0, remaining)
        if not self.store.is_set():
            # Safer default: with no PIN set nobody can leave from the pad (staff set one first).
            return PinResult("no_pin")
        if self.store.verify(pin):
            self._wrong = 0
            return PinResult("ok")
        self._wrong += 1
        if self._wrong >= MAX_TRIES:
            self._wrong = 0
            self._locked_until = self.now() + LOCK_SECONDS
            log.warning("five wrong staff PINs: the pad is locked for %.0f s", LOCK_SECONDS)
            return PinResult("locked", 0, LOCK_SECONDS)
        return PinResult("wrong", MAX_TRIES - self._wrong)


def set_pin_command(options: argparse.Namespace) -> int:
    """``star-kiosk set-pin [--pin P] [--data-dir DIR]``: store a new staff PIN."""
    from kiosk.core.paths import data_dir

    pin = options.pin
    if pin is None:
        if not sys.stdin.isatty():
            print("star-kiosk: no terminal to ask for the PIN; give it with --pin",
                  file=sys.stderr)
            return 2
        pin = getpass.getpass("New staff PIN (4-8 digits): ")
        if not PIN_PATTERN.match(pin):
            print("star-kiosk: the PIN must be 4 to 8 digits (0-9); nothing changed",
                  file=sys.stderr)
            return 2
        if getpass.getpass("Again: ") != pin:
            print("star-kiosk: the two PINs differ; nothing changed", file=sys.stderr)
            return 2
    if not PIN_PATTERN.match(pin):
        print("star-kiosk: the PIN must be 4 to 8 digits (0-9); nothing changed",
              file=sys.stderr)
        return 2
    store = PinStore(data_dir(options.data_dir))
    try:
        store.set_pin(pin)
    except OSError as error:
        print(f"star-kiosk: cannot write {store.path}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    print(f"Staff PIN set (stored as a salted hash in {store.path}).")
    return 0
