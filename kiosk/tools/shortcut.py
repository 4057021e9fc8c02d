"""Desktop launchers: ``star-kiosk install-shortcut`` / ``uninstall-shortcut``.

On Linux (and other freedesktop desktops) this writes ``star-kiosk.desktop``:

* to the applications menu, ``$XDG_DATA_HOME/applications`` (default ``~/.local/share``);
* to the desktop, the folder ``xdg-user-dir DESKTOP`` names (default ``~/Desktop``), made
  executable and, on GNOME, marked trusted so a double-click launches it;
* with ``--autostart``, to ``$XDG_CONFIG_HOME/autostart`` so the kiosk starts at login.

Each file carries the key ``X-STAR-Kiosk=true`` and their paths are kept in
``shortcuts.json`` in the data folder, so ``uninstall-shortcut`` removes exactly what was
made and never a file a person wrote.

Windows and macOS are not supported yet: the command says so and prints the command line to
put in a shortcut by hand. (pyshortcuts was considered: it cannot quote a program path with
spaces, wants .ico/.icns icons and has no autostart; untestable here, so not used.)
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from kiosk.core.paths import ASSETS, data_dir
from kiosk.core.pin import PinStore
from kiosk.tools.options import ShortcutOptions

log = logging.getLogger(__name__)

FILE_NAME = "star-kiosk.desktop"
MARKER = "X-STAR-Kiosk=true"
"""Identifies our files: uninstall never removes a launcher without it."""
MANIFEST = "shortcuts.json"
ICON = ASSETS / "icon.png"
NO_PIN_NOTE = (
    "No staff PIN is set yet. Until one is (star-kiosk set-pin), holding the kiosk's top-left "
    "corner for 3 seconds shows a staff-only exit to the desktop that needs no PIN, only a "
    "confirmation; with a PIN set, the same hold asks for it and opens the staff panel.")
"""Said by install-shortcut on a fresh install, so nobody is surprised either way."""
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def launcher_command() -> list[str]:
    """The command a launcher runs: the installed ``star-kiosk`` script with ``run``.

    The script beside the running interpreter comes first (the venv this was installed in),
    then the one being run, then the one on PATH; as a last resort, ``python -m kiosk``.
    """
    name = "star-kiosk.exe" if sys.platform == "win32" else "star-kiosk"
    # Not resolved: a venv's python is a symlink, and the venv's bin folder is what we want.
    candidates = [Path(sys.executable).parent / name]
    if Path(sys.argv[0]).name == name:
        candidates.append(Path(sys.argv[0]).absolute())
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate.absolute()), "run"]
    return [str(Path(sys.executable).absolute()), "-m", "kiosk", "run"]


def exec_quote(argument: str) -> str:
    """One argument of a desktop entry's ``Exec`` key, quoted as the specification says."""
    if argument and not (set(argument) & _RESERVED):
        quoted = argument
    else:
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
        quoted = f'"{escaped}"'
    # The Exec value is itself a string value: its backslashes are escaped once more, and
    # a literal percent sign is written %% (a single % starts a field code).
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def desktop_entry(command: list[str], icon: Path | None, *, autostart: bool = False) -> str:
    """The text of ``star-kiosk.desktop`` for ``command``."""
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=STAR Kiosk",
        "Name[zh_CN]=科创板六周年展",
        "GenericName=Exhibition kiosk",
        "GenericName[zh_CN]=展览触摸屏",
        "Comment=Full-screen touchscreen exhibition: six years of China's STAR Market",
        "Comment[zh_CN]=全屏触摸屏展览：科创板六周年",
        "Exec=" + " ".join(exec_quote(part) for part in command),
        "TryExec=" + command[0].replace("\\", "\\\\"),
        f"Icon={icon}" if icon is not None else "Icon=applications-education",
        "Terminal=false",
        "Categories=Education;",
        "Keywords=kiosk;exhibition;STAR Market;科创板;",
        "StartupNotify=false",
    ]
    if autostart:
        lines.append("X-GNOME-Autostart-enabled=true")
    lines.append(MARKER)
    return "\n".join(lines) + "\n"


def _xdg(variable: str, default: str) -> Path:
    value = os.environ.get(variable, "")
    # The spec: a relative path in these variables is invalid and is ignored.
    return Path(value) if value and os.path.isabs(value) else Path.home() / default


def desktop_folder() -> Path:
    """The user's desktop folder (``xdg-user-dir DESKTOP``, else ``~/Desktop``)."""
    tool = shutil.which("xdg-user-dir")
    if tool:
        try:
            answer = subprocess.run([tool, "DESKTOP"], capture_output=True, text=True,
                                    timeout=5, check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            answer = ""
        # xdg-user-dir answers $HOME itself when no desktop folder is configured.
        if answer and os.path.isabs(answer) and Path(answer) != Path.home():
            return Path(answer)
    return Path.home() / "Desktop"


def launcher_paths(*, autostart: bool) -> dict[str, Path]:
    """Where the launchers go, by role: ``menu``, ``desktop`` and maybe ``autostart``."""
    paths = {
        "menu": _xdg("XDG_DATA_HOME", ".local/share") / "applications" / FILE_NAME,
        "desktop": desktop_folder() / FILE_NAME,
    }
    if autostart:
        paths["autostart"] = _xdg("XDG_CONFIG_HOME", ".config") / "autostart" / FILE_NAME
    return paths


def _is_ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False


def _mark_trusted(path: Path) -> None:
    """Let the desktop launch it on a double-click: executable, and GNOME's trusted flag."""
    mode = path.stat().st_mode
    path.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    gio = shutil.which("gio")
    if gio:
        try:  # fails harmlessly without a running GNOME session (no gvfs metadata daemon)
            subprocess.run([gio, "set", str(path), "metadata::trusted", "true"],
                           capture_output=True, timeout=5, check=False)
        except (OSError, subprocess.SubprocessError) as error:
            log.debug("gio could not mark %s trusted: %s", path, error)


def _unsupported(action: str) -> int:
    command = " ".join(launcher_command())
    print(f"star-kiosk: {action} is not supported on {sys.platform} yet (only on Linux "
          f"desktops).\nCreate a shortcut by hand that runs:\n  {command}", file=sys.stderr)
    return 1


def _freedesktop() -> bool:
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def install(*, autostart: bool, manifest_folder: Path) -> list[Path]:
    """Write the launchers; returns their paths (also recorded in the manifest)."""
    icon: Path | None = ICON.resolve()
    if not ICON.is_file():
        log.warning("the icon %s is missing; the launcher uses a generic icon", ICON)
        icon = None
    command = launcher_command()
    written: list[Path] = []
    for role, path in launcher_paths(autostart=autostart).items():
        if path.exists() and not _is_ours(path):
            log.warning("%s exists and was not made by star-kiosk; leaving it alone", path)
            print(f"star-kiosk: skipped {path}: a launcher not made by star-kiosk is there",
                  file=sys.stderr)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(desktop_entry(command, icon, autostart=role == "autostart"),
                             encoding="utf-8")
        os.replace(temporary, path)
        if role == "desktop":
            _mark_trusted(path)
        written.append(path)
        log.info("wrote the %s launcher %s", role, path)
    manifest = manifest_folder / MANIFEST
    previous = _read_manifest(manifest)
    record = sorted({str(p) for p in written} | set(previous))
    manifest.write_text(json.dumps({"files": record}, indent=2), encoding="utf-8")
    return written


def uninstall(*, manifest_folder: Path) -> list[Path]:
    """Remove every launcher install made (by the manifest, and by marker where it
    would have put them); returns the paths removed."""
    manifest = manifest_folder / MANIFEST
    candidates = {Path(p) for p in _read_manifest(manifest)}
    candidates |= set(launcher_paths(autostart=True).values())
    removed: list[Path] = []
    for path in sorted(candidates):
        if path.is_file() and _is_ours(path):
            path.unlink()
            removed.append(path)
            log.info("removed the launcher %s", path)
    try:
        manifest.unlink()
    except FileNotFoundError:
        pass
    return removed


def _read_manifest(path: Path) -> list[str]:
    try:
        files = json.loads(path.read_text(encoding="utf-8")).get("files", [])
        return [str(f) for f in files]
    except (OSError, ValueError, AttributeError):
        return []


def install_command(options: ShortcutOptions) -> int:
    """``star-kiosk install-shortcut [--autostart]``."""
    if not _freedesktop():
        return _unsupported("install-shortcut")
    folder = data_dir(None)
    written = install(autostart=options.autostart,
                      manifest_folder=folder)
    for path in written:
        print(f"installed {path}")
    print(f"the launcher runs: {' '.join(launcher_command())}")
    if not PinStore(folder).is_set():
        print(NO_PIN_NOTE)
    return 0 if written else 1


def uninstall_command(options: ShortcutOptions) -> int:
    """``star-kiosk uninstall-shortcut``."""
    if not _freedesktop():
        return _unsupported("uninstall-shortcut")
    removed = uninstall(manifest_folder=data_dir(None))
    for path in removed:
        print(f"removed {path}")
    if not removed:
        print("no star-kiosk launchers to remove")
    return 0
