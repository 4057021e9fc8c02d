"""``star-kiosk set-pin``: ask for (or read) a new staff PIN and store it.

The PIN itself (its hash, the store, the lockout) is :mod:`kiosk.core.pin`'s; this is only
the command line around it.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from kiosk.core.pin import PIN_PATTERN, PinStore, SettingsUnusable
from kiosk.tools.options import SetPinOptions


def read_pin_file(name: str) -> str:
    """The PIN in the file ``name`` (``-``: standard input): its first line, without the line
    end or surrounding blanks. Raises OSError when it cannot be read."""
    text = sys.stdin.readline() if name == "-" else Path(name).read_text(encoding="utf-8")
    return text.splitlines()[0].strip() if text.strip() else ""


def set_pin_command(options: SetPinOptions) -> int:
    """``star-kiosk set-pin [--pin P | --pin-file FILE] [--data-dir DIR]``: store a new staff
    PIN."""
    from kiosk.core.paths import data_dir

    pin = options.pin
    if options.pin_file:
        try:
            pin = read_pin_file(options.pin_file)
        except (OSError, UnicodeDecodeError) as error:
            print(f"star-kiosk: cannot read the PIN from {options.pin_file}: {error}; "
                  "nothing changed", file=sys.stderr)
            return 2
    if pin is None:
        if not sys.stdin.isatty():
            print("star-kiosk: no terminal to ask for the PIN; give it with --pin",
                  file=sys.stderr)
            return 2
        pin = getpass.getpass("New staff PIN (4-8 digits): ")
        if not PIN_PATTERN.fullmatch(pin):
            print("star-kiosk: the PIN must be 4 to 8 digits (0-9); nothing changed",
                  file=sys.stderr)
            return 2
        if getpass.getpass("Again: ") != pin:
            print("star-kiosk: the two PINs differ; nothing changed", file=sys.stderr)
            return 2
    if not PIN_PATTERN.fullmatch(pin):
        print("star-kiosk: the PIN must be 4 to 8 digits (0-9); nothing changed",
              file=sys.stderr)
        return 2
    store = PinStore(data_dir(options.data_dir))
    try:
        store.set_pin(pin)
    except SettingsUnusable as unusable:
        print(f"star-kiosk: {unusable}; nothing changed", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"star-kiosk: cannot write {store.path}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    print(f"Staff PIN set (stored as a salted hash in {store.path}).")
    return 0
