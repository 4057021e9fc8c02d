"""What each ``star-kiosk`` subcommand was asked, typed: built once from argparse by
:mod:`kiosk.cli`, read by the subcommand's tool.

A tool never sees argparse's untyped namespace: each field below is one option (or argument)
of ``star-kiosk COMMAND --help``, with its default already applied. ``run`` has its own
:class:`~kiosk.core.config.RunConfig`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckOptions:
    """``star-kiosk check``."""

    content: str
    size: tuple[tuple[int, int], ...] = ()
    """The screens to check (``--size``, repeatable); empty: the deck's own screens."""
    lang: str | None = None


@dataclass(frozen=True)
class ExportOptions:
    """``star-kiosk export``."""

    content: str
    out: str
    size: tuple[int, int] = (1920, 1080)
    lang: str | None = None


@dataclass(frozen=True)
class ScreenshotOptions:
    """``star-kiosk screenshot``."""

    data_dir: str | None = None
    wait: float = 10.0
    """Seconds to wait for the picture."""


@dataclass(frozen=True)
class SetPinOptions:
    """``star-kiosk set-pin``: the PIN given, the file it is in, or neither (then asked)."""

    pin: str | None = None
    pin_file: str | None = None
    data_dir: str | None = None


@dataclass(frozen=True)
class ShortcutOptions:
    """``star-kiosk install-shortcut`` (and ``uninstall-shortcut``, which takes none)."""

    autostart: bool = False


@dataclass(frozen=True)
class InstallSessionOptions:
    """``star-kiosk install-session``."""

    user: str = "star-kiosk"
    content: str | None = None
    content_repo: str | None = None
    rotate: int = 0
    pin_file: str | None = None
    root: str | None = None
    """A staging folder standing for ``/`` (tests); None: the real system."""


@dataclass(frozen=True)
class UninstallSessionOptions:
    """``star-kiosk uninstall-session``."""

    root: str | None = None
    """A staging folder standing for ``/`` (tests); None: the real system."""


@dataclass(frozen=True)
class PullOptions:
    """``star-kiosk pull-content``."""

    content: str
    data_dir: str | None = None


@dataclass(frozen=True)
class ReportOptions:
    """``star-kiosk report``: every repeatable option as a tuple, in the order given."""

    data_dirs: tuple[str, ...] = ()
    """Each kiosk's data folder (``--data-dir``); none and no journal: this account's."""
    journals: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    """The name of each ``--data-dir`` kiosk, in the same order."""
    out: str | None = None
    csv: str | None = None
    since: str | None = None
    until: str | None = None
    content: str | None = None


@dataclass(frozen=True)
class BenchOptions:
    """``star-kiosk bench``."""

    json: bool = False
    quick: bool = False
