"""The locked kiosk session: ``star-kiosk install-session`` / ``uninstall-session``.

A kiosk PC that runs unattended logs a dedicated account in automatically, into a Wayland
session that is nothing but a kiosk compositor running the supervised kiosk: no desktop,
panel, overview, notifications, lock screen or gestures exist to reach.

The compositor is **Weston with its kiosk shell** (``kiosk-shell.so``), not cage. Both are
Debian/Ubuntu packages made for this; Weston was chosen because what this session needs
is configuration there and missing or version-dependent in cage (Debian 12 ships cage 0.1.4):

* ``[autolaunch] path=… watch=true`` starts the kiosk and ends the compositor when it ends,
  so the staff exit (PIN) closes the session and the display manager shows its login screen;
* ``[output] transform=rotate-90`` turns a portrait panel driven as 1920×1080 landscape, so
  the kiosk sees a 1080×1920 screen and lays out its portrait design (cage has only ``-r``);
* ``idle-time`` controls blanking (0 here: the screen stays on; out of hours the kiosk shows
  its own calm closed screen, and ``settings.schedule`` in deck.yaml decides when);
* ``[keyboard] vt-switching=false`` keeps Ctrl+Alt+F1…F12 from leaving the session;
* its headless backend takes an output size, so the session is tested end to end.

Files written (all carry ``X-STAR-Kiosk``/a "written by" line):

* ``/usr/local/lib/star-kiosk/session`` — the session command: writes Weston's settings
  (with the output rotation for every connected panel) and starts Weston;
* ``/usr/local/lib/star-kiosk/weston.ini`` and ``/usr/local/lib/star-kiosk/kiosk`` (what
  Weston autolaunches: ``star-kiosk run --locked-session``, which never offers the first-run
  exit: install-session sets the account's staff PIN, asked for or ``--pin-file``);
* ``/usr/share/wayland-sessions/star-kiosk.desktop`` — the session GDM and LightDM list;
* automatic login of the account into it: GDM's ``[daemon]`` keys — in ``/etc/gdm3/daemon.conf``
  on Debian, ``/etc/gdm3/custom.conf`` on Ubuntu, ``/etc/gdm/custom.conf`` on Fedora (see
  :func:`gdm_config`) — plus the account's AccountsService session, and/or
  ``/etc/lightdm/lightdm.conf.d/50-star-kiosk.conf``;
* with ``--content-repo URL``: a clone of the content repository in the account's home and
  ``star-kiosk-content.service``/``.timer``, which pull it every 45 seconds
  (``star-kiosk pull-content``: ``git pull --ff-only``, and a pull that fails is recorded for
  the staff panel and as an event, see :mod:`kiosk.core.fleet`). The kiosk's own validation,
  hot reload and last-good copy keep a bad commit off the screen.

Undoing it: ``/etc/star-kiosk/session.json`` (root only) is written before anything else and
records every path the session touches as it was before install-session first touched it
(bytes, mode, owner), the folders it created and the clone. A failed run puts back what it
changed; running it again with other options changes only what differs (its own settings are
never recorded as "before"); ``uninstall-session`` puts every file back byte for byte and
removes what it created, empty folders included. A file changed by someone since is handled
with care: of an edited configuration file only our keys go back, a changed PIN is kept.

Not root: nothing is written; the exact steps (the same files and commands) are printed.
``--root DIR`` works on the file tree under DIR instead of / (for review, and for the tests):
no account is created, nothing is started, and the PIN is written as you.
"""

from __future__ import annotations

import base64
import configparser
import getpass
import hashlib
import json
import os
import pwd
import shlex
import shutil
import stat
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.pin import KEY as PIN_KEY
from kiosk.core.pin import PIN_PATTERN, SETTINGS_FILE, PinStore
from kiosk.core.pin import SECTION as PIN_SECTION
from kiosk.tools.options import InstallSessionOptions, UninstallSessionOptions
from kiosk.tools.pin import read_pin_file
from kiosk.tools.shortcut import launcher_command

DEFAULT_USER = "star-kiosk"
SESSION_NAME = "star-kiosk"
LIB = Path("/usr/local/lib/star-kiosk")
SESSION_FILE = Path("/usr/share/wayland-sessions") / f"{SESSION_NAME}.desktop"
LIGHTDM_FILE = Path("/etc/lightdm/lightdm.conf.d/50-star-kiosk.conf")
GDM_FOLDERS = (Path("/etc/gdm3"), Path("/etc/gdm"))  # Debian/Ubuntu, Fedora
GDM_CONF_NAMES = ("daemon.conf", "custom.conf")
"""Debian's gdm3 reads daemon.conf; Ubuntu's gdm3 and Fedora's gdm read custom.conf."""
GDM_PROGRAMS = (Path("/usr/sbin/gdm3"), Path("/usr/sbin/gdm"))
LIGHTDM_CONF = Path("/etc/lightdm/lightdm.conf")
ACCOUNTS_SERVICE = Path("/var/lib/AccountsService/users")
MANIFEST = Path("/etc/star-kiosk/session.json")
MANIFEST_FORMAT = 2
UNITS = Path("/etc/systemd/system")
PULL_UNIT = "star-kiosk-content"
TIMER_LINK = UNITS / "timers.target.wants" / f"{PULL_UNIT}.timer"
"""What ``systemctl enable`` makes; made here directly, so the manifest knows it."""
PULL_EVERY = "45s"
"""How often each kiosk fetches the content repository: with the timer's accuracy (5 s) and
the kiosk's reload debounce (under a second), a good commit shows within a minute."""
ROTATIONS = {0: "normal", 90: "rotate-90", 180: "rotate-180", 270: "rotate-270"}
LIGHTDM_KEYS = ("autologin-user", "autologin-user-timeout", "autologin-session")
WRITTEN_BY = "written by star-kiosk install-session; uninstall-session removes it"


@dataclass(frozen=True)
class SessionFile:
    """One file of the session: where (relative to the root), its text and mode."""

    path: Path
    text: str
    mode: int = 0o644


@dataclass
class SessionPlan:
    """Everything install-session does, before it is done (or printed, when not root)."""

    user: str
    home: Path
    content: Path | None
    """The content folder the kiosk runs on; None: the bundled content."""
    data_folder: Path
    """The account's data folder: its staff PIN, event log and logs."""
    program: list[str]
    """The ``star-kiosk`` command (without ``run``)."""
    files: list[SessionFile] = field(default_factory=list)
    content_repo: str | None = None
    rotate: int = 0


def _home_of(user: str, root: Path = Path("/")) -> Path:
    """The account's home: from the password database of the system under ``root``
    (``/home/USER`` for an account yet to be made)."""
    if root == Path("/"):
        try:
            return Path(pwd.getpwnam(user).pw_dir)
        except KeyError:
            return Path("/home") / user
    try:
        for line in (root / "etc/passwd").read_text(encoding="utf-8").splitlines():
            fields = line.split(":")
            if len(fields) >= 6 and fields[0] == user:
                return Path(fields[5])
    except OSError:
        pass
    return Path("/home") / user


def kiosk_command() -> list[str]:
    """The ``star-kiosk`` command the session runs (an absolute path; without ``run``)."""
    return launcher_command()[:-1]


def plan_session(*, user: str = DEFAULT_USER, content: Path | None = None,
                 content_repo: str | None = None, rotate: int = 0,
                 program: list[str] | None = None, root: Path = Path("/"),
                 data_folder: Path | None = None) -> SessionPlan:
    """The files of a kiosk session for ``user`` (see the module's description); the data
    folder is the account's usual one unless given."""
    if rotate not in ROTATIONS:
        raise ValueError(f"rotate must be one of {sorted(ROTATIONS)}, not {rotate}")
    home = _home_of(user, root)
    if content_repo:
        content = home / "content"
    data_folder = data_folder or home / ".local/share/star-kiosk"
    program = program or kiosk_command()
    plan = SessionPlan(user=user, home=home, content=content, data_folder=data_folder,
                       program=program, content_repo=content_repo, rotate=rotate)
    # The data folder is named, so the session and set-pin surely use the same settings file.
    run = [*program, "run", "--locked-session", "--data-dir", str(data_folder)] + (
        ["--content", str(content)] if content else [])
    plan.files += [
        SessionFile(LIB / "kiosk", _kiosk_script(run), 0o755),
        SessionFile(LIB / "weston.ini", _weston_ini()),
        SessionFile(LIB / "session", _session_script(ROTATIONS[rotate]), 0o755),
        SessionFile(SESSION_FILE, _session_entry()),
        SessionFile(LIGHTDM_FILE, _lightdm_conf(user)),
    ]
    if content_repo:
        plan.files += [
            SessionFile(UNITS / f"{PULL_UNIT}.service",
                        _pull_service(user, home / "content", program or kiosk_command())),
            SessionFile(UNITS / f"{PULL_UNIT}.timer", _pull_timer()),
        ]
    return plan


def _kiosk_script(run: list[str]) -> str:
    return f"""#!/bin/sh
# STAR Kiosk: what the session's compositor starts ({WRITTEN_BY}).
# Only the supervised kiosk runs; when it ends (the staff exit), Weston ends with it and the
# display manager shows its login screen.
export QT_QPA_PLATFORM=wayland
exec {shlex.join(run)}
"""


def _weston_ini() -> str:
    return f"""# STAR Kiosk session: Weston's kiosk shell ({WRITTEN_BY}).
[core]
shell=kiosk-shell.so
# 0: Weston never blanks the screen; out of hours the kiosk shows its calm closed screen.
idle-time=0
require-input=false

[keyboard]
vt-switching=false
"""


def _session_script(transform: str) -> str:
    return f"""#!/bin/sh
# STAR Kiosk session command ({WRITTEN_BY}).
# Weston's settings are written at every start, so the rotation reaches whichever panels are
# connected now (Weston names outputs by connector: HDMI-A-1, DP-1, ...). Weston autolaunches
# the kiosk beside this script and quits when it ends (watch=true). Extra arguments go to
# Weston (a test runs it with --backend=headless-backend.so).
set -eu
HERE=$(dirname "$(readlink -f "$0")")
TRANSFORM={transform}
CONFIG="${{XDG_RUNTIME_DIR:-/tmp}}/star-kiosk-weston.ini"
cat "$HERE/weston.ini" > "$CONFIG"
printf '\n[autolaunch]\npath=%s\nwatch=true\n' "$HERE/kiosk" >> "$CONFIG"
if [ "$TRANSFORM" != normal ]; then
    for status in /sys/class/drm/card*-*/status; do
        [ -r "$status" ] && [ "$(cat "$status")" = connected ] || continue
        connector=$(basename "$(dirname "$status")")
        printf '\\n[output]\\nname=%s\\ntransform=%s\\n' "${{connector#card*-}}" "$TRANSFORM" \\
            >> "$CONFIG"
    done
fi
exec weston --config="$CONFIG" "$@"
"""


def _session_entry() -> str:
    return f"""[Desktop Entry]
Type=Application
Name=STAR Kiosk
Comment=The STAR Market exhibition kiosk, locked down (Weston kiosk shell)
Exec={LIB / "session"}
X-STAR-Kiosk=true
"""


def _lightdm_keys(user: str) -> dict[str, str | None]:
    return dict(zip(LIGHTDM_KEYS, (user, "0", SESSION_NAME), strict=True))


def _lightdm_conf(user: str) -> str:
    keys = "\n".join(f"{key}={value}" for key, value in _lightdm_keys(user).items())
    return f"""# {WRITTEN_BY}
[Seat:*]
{keys}
"""


def _pull_service(user: str, content: Path, program: list[str]) -> str:
    return f"""# {WRITTEN_BY}
[Unit]
Description=STAR Kiosk: follow the content repository
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
User={user}
# git pull --ff-only: a rewritten history is refused rather than merged. A pull that fails
# (a stale lock, a force-push, a damaged clone, no network) is recorded in the account's
# data folder: the staff panel shows it and an event is written. The kiosk validates what
# arrives; a bad commit is rejected, the last good content stays.
ExecStart={shlex.join([*program, "pull-content", "--content", str(content)])}
"""


def _pull_timer() -> str:
    return f"""# {WRITTEN_BY}
[Unit]
Description=STAR Kiosk: follow the content repository every {PULL_EVERY}

[Timer]
OnBootSec=30s
OnUnitActiveSec={PULL_EVERY}
AccuracySec=5s

[Install]
WantedBy=timers.target
"""


# ---------------------------------------------------------------- configuration files we edit


def gdm_autologin(text: str, user: str | None) -> tuple[str, dict[str, str | None]]:
    """GDM's configuration ``text`` with automatic login of ``user`` (None: the keys removed),
    and the values it replaced. Comments and other keys are kept."""
    keys = {"AutomaticLoginEnable": "true", "AutomaticLogin": user} if user else {
        "AutomaticLoginEnable": None, "AutomaticLogin": None}
    return set_ini_keys(text, "daemon", keys)


def set_ini_keys(text: str, section: str, keys: Mapping[str, str | None]
                 ) -> tuple[str, dict[str, str | None]]:
    """``text`` with ``keys`` set (a None value: removed) in ``[section]``, every other line
    kept; returns the new text and each key's previous value (None: was not set).

    Applying the same keys twice gives the same text (re-running install-session changes
    nothing that is already as asked)."""
    lines = text.splitlines()
    previous: dict[str, str | None] = {key: None for key in keys}
    out: list[str] = []
    current = None
    section_at = None
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1].strip()
            out.append(line)
            if current == section:
                section_at = len(out)
            continue
        if current == section and "=" in stripped and not stripped.startswith(("#", ";")):
            key = stripped.split("=", 1)[0].strip()
            if key in keys:
                previous[key] = stripped.split("=", 1)[1].strip()
                continue  # dropped here, written below
        out.append(line)
    additions = [f"{key}={value}" for key, value in keys.items() if value is not None]
    if section_at is None:
        if additions:
            out += ([""] if out else []) + [f"[{section}]", *additions]
    else:
        out[section_at:section_at] = additions
    return "\n".join(out) + "\n" if out else "", previous


def ini_values(text: str, section: str, keys: tuple[str, ...] | list[str]
               ) -> dict[str, str | None]:
    """The values of ``keys`` in ``[section]`` of ``text`` (None: not set)."""
    return set_ini_keys(text, section, {key: None for key in keys})[1]


def gdm_config(root: Path) -> Path | None:
    """The file GDM reads its ``[daemon]`` settings from on the system under ``root`` (a path
    on that system), or None without GDM.

    The name is compiled into GDM: Debian's gdm3 reads ``/etc/gdm3/daemon.conf``, Ubuntu's
    ``/etc/gdm3/custom.conf``, Fedora's ``/etc/gdm/custom.conf``. The program itself is asked
    first (the path is a string in it); without it, the file the package installed decides.
    """
    for folder in GDM_FOLDERS:
        if not (root / folder.relative_to("/")).is_dir():
            continue
        candidates = [folder / name for name in GDM_CONF_NAMES]
        for program in GDM_PROGRAMS:
            try:
                data = (root / program.relative_to("/")).read_bytes()
            except OSError:
                continue
            for candidate in candidates:
                if str(candidate).encode() + b"\0" in data:
                    return candidate
        for candidate in candidates:
            if (root / candidate.relative_to("/")).is_file():
                return candidate
    return None


def _lightdm_overrides(text: str) -> bool:
    """Whether LightDM's main ``lightdm.conf`` sets automatic login itself: it is read after
    ``lightdm.conf.d``, so its keys would override ours."""
    return any(value is not None
               for value in ini_values(text, "Seat:*", list(LIGHTDM_KEYS)).values())


# ---------------------------------------------------------------- what the system should hold


@dataclass(frozen=True)
class Target:
    """One path as the installed session wants it: a file (text) or a symbolic link."""

    path: Path
    """On the installed system (under ``--root`` when staging)."""
    text: str | None = None
    mode: int = 0o644
    """For a new file; an edited file keeps its own."""
    link: Path | None = None
    edit: tuple[str, tuple[str, ...]] | None = None
    """Someone else's file we edit: its section and the keys we set (uninstall puts back just
    those when the file changed since)."""
    role: str = ""
    """What it is for, in the messages (empty: a file of the session)."""


def targets(plan: SessionPlan, root: Path) -> tuple[list[Target], list[str]]:
    """Every path the session needs on the system under ``root``, and the display managers
    found there (what is configured for automatic login)."""
    found: list[str] = []
    wanted: list[Target] = []
    lightdm = (root / "etc/lightdm").is_dir()
    gdm = gdm_config(root)
    for item in plan.files:
        if item.path == LIGHTDM_FILE and not lightdm:
            continue
        wanted.append(Target(item.path, item.text, item.mode))
    if gdm is not None:
        found.append(f"GDM ({gdm})")
        text = _read_text(root / gdm.relative_to("/"))
        wanted.append(Target(gdm, gdm_autologin(text, plan.user)[0],
                             edit=("daemon", ("AutomaticLoginEnable", "AutomaticLogin")),
                             role=f"GDM: automatic login of {plan.user}"))
        account = ACCOUNTS_SERVICE / plan.user
        keys = {"Session": SESSION_NAME, "SystemAccount": "false"}
        text = _read_text(root / account.relative_to("/"))
        wanted.append(Target(account, set_ini_keys(text, "User", keys)[0], 0o600,
                             edit=("User", tuple(keys)),
                             role=f"AccountsService: {plan.user}'s session is {SESSION_NAME}"))
    if lightdm:
        found.append(f"LightDM ({LIGHTDM_FILE})")
        main = root / LIGHTDM_CONF.relative_to("/")
        text = _read_text(main)
        if _lightdm_overrides(text):
            seat_keys = _lightdm_keys(plan.user)
            wanted.append(Target(LIGHTDM_CONF, set_ini_keys(text, "Seat:*", seat_keys)[0],
                                 edit=("Seat:*", tuple(seat_keys)),
                                 role=f"LightDM: {LIGHTDM_CONF} set automatic login itself; "
                                      f"now to {plan.user}"))
    if plan.content_repo:
        wanted.append(Target(TIMER_LINK, link=UNITS / f"{PULL_UNIT}.timer",
                             role=f"enabled {PULL_UNIT}.timer: git pull every {PULL_EVERY}"))
    return wanted, found


# ---------------------------------------------------------------- files as they were


State = dict[str, Any] | None
"""A path as found: None (absent), ``{"link": target}`` or ``{"data": base64, "mode",
"uid", "gid"}`` — enough to put it back byte for byte."""


def _on(root: Path, path: Path | str) -> Path:
    return root / Path(path).relative_to("/")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise SessionError(f"cannot read {path}: {error}; nothing was changed") from None


def snapshot(path: Path) -> State:
    """``path`` as it is now (see :data:`State`)."""
    if path.is_symlink():
        return {"link": os.readlink(path)}
    if not path.exists():
        return None
    info = path.stat()
    return {"data": base64.b64encode(path.read_bytes()).decode("ascii"),
            "mode": stat.S_IMODE(info.st_mode), "uid": info.st_uid, "gid": info.st_gid}


def fingerprint(path: Path) -> str | None:
    """What ``path`` holds, for "is it still as we left it": a hash of the bytes, the link's
    target, or None when absent."""
    if path.is_symlink():
        return "-> " + os.readlink(path)
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _state_fingerprint(state: State) -> str | None:
    if state is None:
        return None
    if "link" in state:
        return "-> " + str(state["link"])
    return hashlib.sha256(base64.b64decode(state["data"])).hexdigest()


def put_back(path: Path, state: State) -> None:
    """Make ``path`` what ``state`` recorded (bytes, mode and, as root, owner)."""
    if state is None:
        if path.is_symlink() or path.exists():
            path.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.star-kiosk")
    temporary.unlink(missing_ok=True)
    if "link" in state:
        temporary.symlink_to(state["link"])
    else:
        temporary.write_bytes(base64.b64decode(state["data"]))
        temporary.chmod(state["mode"])
        if os.geteuid() == 0:
            os.chown(temporary, state["uid"], state["gid"])
    temporary.replace(path)


def _write_target(path: Path, target: Target) -> None:
    """Write ``target`` at ``path`` atomically (an edited file keeps its mode and owner)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.star-kiosk")
    temporary.unlink(missing_ok=True)
    if target.link is not None:
        temporary.symlink_to(target.link)
    else:
        temporary.write_text(target.text or "", encoding="utf-8")
        if path.exists() and not path.is_symlink():
            info = path.stat()
            temporary.chmod(stat.S_IMODE(info.st_mode))
            if os.geteuid() == 0:
                os.chown(temporary, info.st_uid, info.st_gid)
        else:
            temporary.chmod(target.mode)
    temporary.replace(path)


def _wanted_fingerprint(target: Target) -> str:
    if target.link is not None:
        return f"-> {target.link}"
    return hashlib.sha256((target.text or "").encode("utf-8")).hexdigest()


def _missing_folders(root: Path, path: Path) -> list[str]:
    """The folders above ``path`` that do not exist yet (top first), as system paths."""
    missing = []
    for folder in reversed(path.parents):
        if folder != Path("/") and not _on(root, folder).exists():
            missing.append(str(folder))
    return missing


def _remove_empty_folders(root: Path, folders: list[str], *, say_kept: bool = False
                          ) -> list[str]:
    """Remove those of ``folders`` that are empty, deepest first; returns the lines to say
    (with ``say_kept``, also which stayed because something is in them)."""
    removed, kept = [], []
    for folder in sorted(set(folders), key=lambda name: name.count("/"), reverse=True):
        where = _on(root, folder)
        if not where.is_dir() or where.is_symlink():
            continue
        try:
            where.rmdir()
            removed.append(str(where))
        except OSError:
            kept.append(str(where))
    said = [f"removed the empty folders it had made: {', '.join(removed)}"] if removed else []
    if say_kept:
        said += [f"kept the folder {where}: it is not empty" for where in kept]
    return said


# ---------------------------------------------------------------- the manifest


def _read_manifest(root: Path) -> dict[str, Any] | None:
    path = _on(root, MANIFEST)
    if not path.exists():
        return None
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SessionError(f"{path} cannot be read ({error}): it records what to undo; "
                           "fix or restore it before going on") from None
    if manifest.get("format") != MANIFEST_FORMAT:
        manifest = _from_first_format(root, manifest)
    return manifest


def _from_first_format(root: Path, old: dict[str, Any]) -> dict[str, Any]:
    """A manifest of the first install-session (a list of files it wrote and GDM's previous
    keys) as this format: its files were new, GDM's keys go back as they were."""
    entries: dict[str, Any] = {name: {"before": None} for name in old.get("files", [])}
    gdm = old.get("gdm")
    if gdm:
        text = _read_text(_on(root, gdm["file"]))
        restored, _ = set_ini_keys(text, "daemon", gdm.get("previous") or {})
        entries[gdm["file"]] = {
            "before": {"data": base64.b64encode(restored.encode()).decode("ascii"),
                       "mode": 0o644, "uid": 0, "gid": 0},
            "edit": ["daemon", ["AutomaticLoginEnable", "AutomaticLogin"]]}
    if "content" in old:
        entries[str(TIMER_LINK)] = {"before": None}
    # It recorded no folders: its own two go when empty (others it may have made stay).
    return {"format": MANIFEST_FORMAT, "user": old.get("user", DEFAULT_USER), "options": {},
            "entries": entries, "folders": [str(LIB), str(MANIFEST.parent)], "clone": None}


def _write_manifest(root: Path, manifest: dict[str, Any]) -> None:
    path = _on(root, MANIFEST)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.new")
    # Root only: it holds copies of the files as they were.
    temporary.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(path)


# ---------------------------------------------------------------- doing it


def unreachable_folder(program: str) -> Path | None:
    """The first folder another account could not enter on the way to ``program`` or, for a
    script, to its interpreter (a venv's python is often a link into root's home)."""
    paths = [Path(program), Path(program).resolve()]
    try:
        with open(program, "rb") as script:
            first = script.readline(512)
        if first.startswith(b"#!"):
            interpreter = Path(first[2:].decode(errors="replace").split()[0])
            paths += [interpreter, interpreter.resolve()]
    except (OSError, IndexError):
        pass
    for path in paths:
        for folder in path.parents:
            try:
                if not folder.stat().st_mode & stat.S_IXOTH:
                    return folder
            except OSError:
                return folder
    return None



class SessionError(Exception):
    """install-session or uninstall-session cannot go on; the message says why and what to
    do, in words for the person at the terminal."""


@dataclass
class _Undo:
    """What this run changed, to put back if it fails before the end."""

    root: Path
    states: dict[str, State] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)
    clone: Path | None = None
    set_aside: tuple[Path, Path] | None = None
    account: str | None = None
    timer_started: bool = False

    def remember(self, path: Path | str) -> None:
        """Keep ``path`` as it is now (the first time only: what it was before this run)."""
        if str(path) not in self.states:
            self.states[str(path)] = snapshot(_on(self.root, path))

    def roll_back(self, real: bool) -> list[str]:
        """Put everything back as it was before this run; the lines say what could not be."""
        problems = []
        if self.timer_started:
            _systemctl("stop", f"{PULL_UNIT}.timer", check=False)
        for path, state in reversed(list(self.states.items())):
            try:
                put_back(_on(self.root, path), state)
            except OSError as error:
                problems.append(f"could not put back {path}: {error}")
        if self.clone is not None:
            shutil.rmtree(self.clone, ignore_errors=True)
        if self.set_aside is not None:
            aside, clone = self.set_aside
            if aside.exists() and not clone.exists():
                aside.rename(clone)
        if self.account is not None and real:
            done = _run(["userdel", "--remove", self.account], check=False)
            if done.returncode != 0:
                problems.append(f"could not remove the account {self.account}: "
                                f"{done.stderr.strip()}")
        leftovers = [line for line in _remove_empty_folders(self.root, self.folders,
                                                            say_kept=True)
                     if line.startswith("kept")]
        return problems + leftovers


def systemd_running(root: Path, real: bool) -> bool:
    """Whether systemd runs this system (``sd_booted()``: it is process 1), so ``systemctl``
    can start and stop units. In a container it often is not, though systemctl exists."""
    return real and (root / "run/systemd/system").is_dir() and shutil.which("systemctl") is not None


def _systemctl(*arguments: str, check: bool = True) -> None:
    _run(["systemctl", *arguments], check=check)


def install(plan: SessionPlan, root: Path, *, real: bool, pin: str | None = None) -> list[str]:
    """Install the session under ``root``, or bring an installed one up to ``plan``.

    ``real`` (root is /) also creates the account, clones as it and starts the timer. ``pin``
    (None: keep the account's PIN; one must be set) becomes the account's staff PIN. The
    manifest is written before anything else; any failure puts back what this run changed and
    raises :class:`SessionError`. Returns what was done, one line each.
    """
    old = _read_manifest(root)
    if old is not None and old.get("user") != plan.user:
        raise SessionError(f"a kiosk session for the account {old.get('user')} is installed: "
                           "run 'sudo star-kiosk uninstall-session' first to change the "
                           "account; nothing was changed")
    wanted, found = targets(plan, root)
    clone_plan = _clone_plan(plan, root, old)
    pin_file = plan.data_folder / SETTINGS_FILE
    if pin is None and not pin_is_set(_on(root, pin_file)):
        raise SessionError(f"the account {plan.user} has no staff PIN, so nobody could leave "
                           "the locked session: give one (run this in a terminal to be asked, "
                           "or --pin-file FILE); nothing was changed")
    if plan.content_repo and shutil.which("git") is None:
        raise SessionError("git is not installed (apt-get install git), and --content-repo "
                           "needs it; nothing was changed")

    # 1. The manifest: every path this run may touch, as it was before install-session ever
    #    touched it (an earlier run's record is kept: its own settings are never "before").
    entries: dict[str, Any] = dict(old["entries"]) if old else {}
    folders: list[str] = list(old.get("folders", [])) if old else []
    touched = [target.path for target in wanted] + ([pin_file] if pin is not None else [])
    new_folders: list[str] = []
    for target in wanted:
        entry = entries.setdefault(str(target.path), {
            "before": snapshot(_on(root, target.path))})
        if target.edit is not None:
            entry["edit"] = [target.edit[0], list(target.edit[1])]
    if pin is not None:
        entries.setdefault(str(pin_file), {"before": snapshot(_on(root, pin_file)),
                                           "keep_if_changed": True})
    for path in [*touched, MANIFEST, *([plan.content] if clone_plan == "clone" else [])]:
        assert path is not None
        new_folders += [f for f in _missing_folders(root, path) if f not in new_folders]
    folders += [f for f in new_folders if f not in folders]
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT, "user": plan.user,
        "options": {"content": str(plan.content) if plan.content else None,
                    "content_repo": plan.content_repo, "rotate": plan.rotate},
        "entries": entries, "folders": folders,
        "clone": str(plan.content) if clone_plan == "clone" else (old or {}).get("clone"),
        "account_created": bool(old and old.get("account_created")),
    }
    undo = _Undo(root, folders=new_folders)
    undo.remember(MANIFEST)
    _write_manifest(root, manifest)
    done: list[str] = []
    running = systemd_running(root, real)
    try:
        if real and not _user_exists(plan.user):
            _run(["useradd", "--create-home", "--home-dir", str(plan.home), "--shell",
                  "/bin/bash", "--comment", "STAR Kiosk", plan.user])
            undo.account = plan.user
            manifest["account_created"] = True
            # Its home (and /home) belong to the account now, not to the session's folders.
            for made in (folders, undo.folders):
                made[:] = [f for f in made if not plan.home.is_relative_to(f)]
            _run(["passwd", "--lock", plan.user])  # nobody logs in with a password
            done.append(f"created the account {plan.user} (password locked)")
        wanted_paths = {str(target.path) for target in wanted}
        leaving = [name for name in entries
                   if name not in wanted_paths and name != str(pin_file)]
        if running and str(TIMER_LINK) in leaving and _on(root, TIMER_LINK).is_symlink():
            _systemctl("stop", f"{PULL_UNIT}.timer")
        for name in leaving:  # what an earlier run set up and this one no longer wants
            undo.remember(name)
            said = _undo_entry(root, name, entries[name])
            if said:
                done.append(said)
            del entries[name]
        units_changed = any(name.startswith(str(UNITS)) for name in leaving)
        for target in wanted:
            path = _on(root, target.path)
            if fingerprint(path) != _wanted_fingerprint(target):
                undo.remember(target.path)
                _write_target(path, target)
                done.append(target.role + f" ({path})" if target.role else f"wrote {path}")
                units_changed |= str(target.path).startswith(str(UNITS))
            entries[str(target.path)]["written"] = fingerprint(path)
        if clone_plan == "clone":
            done += _clone(plan, root, real, undo)
            manifest["clone"] = str(plan.content)
        if pin is not None:
            undo.remember(pin_file)
            _set_pin(plan, root, real, pin)
            entries[str(pin_file)]["written"] = fingerprint(_on(root, pin_file))
            done.append(f"set the staff PIN of {plan.user} ({_on(root, pin_file)})")
        if running and units_changed:
            _systemctl("daemon-reload")
        if plan.content_repo:
            if running:
                _systemctl("start", f"{PULL_UNIT}.timer")
                undo.timer_started = True
            elif real:
                done.append(
                    f"systemd is not running here (it is not process 1, as in a container), so "
                    f"{PULL_UNIT}.timer starts only when this system boots with systemd. Until "
                    f"then pull by hand: runuser -u {plan.user} -- git -C {plan.content} pull "
                    "--ff-only")
    except BaseException as error:  # noqa: BLE001 - whatever stopped it, put things back
        problems = undo.roll_back(real)
        if not isinstance(error, Exception):
            raise  # Ctrl+C: put back, then stop as asked
        message = _say(error)
        if problems:
            raise SessionError(f"{message}\nputting back what this run changed, some of it "
                               "failed:\n  " + "\n  ".join(problems)) from None
        raise SessionError(f"{message}\neverything this run changed was put back as it "
                           "was") from None
    # Folders an earlier run made for what is gone now (the timer's, say) go too.
    done += _remove_empty_folders(root, folders)
    if clone_plan == "none" and manifest.get("clone") and _on(root, manifest["clone"]).is_dir():
        done.append(f"the content clone {_on(root, manifest['clone'])} is no longer followed; "
                    "uninstall-session removes it")
    manifest["folders"] = [f for f in folders if _on(root, f).is_dir()]
    _write_manifest(root, manifest)
    if not found:
        done.append(f"no GDM or LightDM found: automatic login of {plan.user} is NOT set up; "
                    f"set it into the session '{SESSION_NAME}' in your display manager")
    return done


def _say(error: BaseException) -> str:
    if isinstance(error, subprocess.CalledProcessError):
        return f"{shlex.join(error.cmd)} failed (exit status {error.returncode})"
    if isinstance(error, OSError):
        return f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")
    return str(error)


def _undo_entry(root: Path, name: str, entry: dict[str, Any]) -> str | None:
    """Put one recorded path back as it was before install-session; what was done, in words
    (None: it already was)."""
    path = _on(root, name)
    before = entry.get("before")
    now = fingerprint(path)
    if now == _state_fingerprint(before):
        return None
    written = entry.get("written")
    if written is None or now is None or now == written:
        put_back(path, before)
        return f"removed {path}" if before is None else f"restored {path} as it was"
    if entry.get("edit"):  # changed since by someone: put back only the keys we set
        section, keys = entry["edit"]
        before_text = base64.b64decode(before["data"]).decode("utf-8") if before and \
            "data" in before else ""
        previous = ini_values(before_text, section, keys)
        text, _ = set_ini_keys(_read_text(path), section, previous)
        _write_target(path, Target(Path(name), text, edit=(section, tuple(keys))))
        return (f"restored {', '.join(keys)} in {path} as they were (the file was changed "
                "since install-session wrote it: the other changes are kept)")
    if entry.get("keep_if_changed"):
        return f"kept {path}: it was changed since install-session wrote it"
    put_back(path, before)
    return f"removed {path} (it had been edited since install-session wrote it)"


def pin_is_set(settings: Path) -> bool:
    """Whether the settings file holds a staff PIN (read as root: no ownership check here;
    the kiosk itself checks that when it reads it)."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(settings.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, configparser.Error):
        return False
    return bool(parser.get(PIN_SECTION, PIN_KEY, fallback="").strip())


def _set_pin(plan: SessionPlan, root: Path, real: bool, pin: str) -> None:
    """Store ``pin`` as the account's staff PIN, written as that account (the kiosk trusts
    only its own settings file)."""
    if not real:
        PinStore(_on(root, plan.data_folder)).set_pin(pin)
        return
    command = ["runuser", "-u", plan.user, "--", *plan.program, "set-pin", "--pin-file", "-",
               "--data-dir", str(plan.data_folder)]
    _run(command, input=pin + "\n")


def _local_repository(url: str) -> Path | None:
    """The folder of a repository given as a local path or file:// URL (None: remote)."""
    if url.startswith("file://"):
        return Path(url[len("file://"):])
    if "://" in url or (":" in url.split("/", 1)[0]):
        return None  # https://…, ssh://…, host:path
    return Path(url)


def _safe_directory(url: str) -> list[str]:
    """``-c safe.directory=…`` for a local repository, which another account (often root)
    owns: git refuses to read such a repository for the kiosk account otherwise ("detected
    dubious ownership")."""
    folder = _local_repository(url)
    if folder is None:
        return []
    return [word for place in (folder, folder / ".git")
            for word in ("-c", f"safe.directory={place}")]


def _clone_plan(plan: SessionPlan, root: Path, old: dict[str, Any] | None) -> str:
    """``clone``, ``keep`` (already a clone of the repository) or ``none``; raises when
    the folder is taken by something else."""
    if not plan.content_repo or plan.content is None:
        return "none"
    where = _on(root, plan.content)
    if not where.exists():
        return "clone"
    origin = _git_origin(where)
    if origin == plan.content_repo:
        return "keep"
    if origin is not None and (old or {}).get("clone") == str(plan.content):
        return "clone"  # our clone of another repository: replaced (see _clone)
    raise SessionError(f"{where} already exists and is not a clone of {plan.content_repo} "
                       f"({'a clone of ' + origin if origin else 'not a git clone'}): move it "
                       "away, then run this again; nothing was changed")


def _git_origin(folder: Path) -> str | None:
    config = folder / ".git" / "config"
    if not config.is_file():
        return None
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    return parser.get('remote "origin"', "url", fallback=None)


def _clone(plan: SessionPlan, root: Path, real: bool, undo: _Undo) -> list[str]:
    assert plan.content_repo is not None and plan.content is not None
    where = _on(root, plan.content)
    done = []
    if where.exists():  # our clone of another repository: set aside, removed at the end
        aside = where.with_name(f".{where.name}.previous")
        shutil.rmtree(aside, ignore_errors=True)
        where.rename(aside)
        undo.set_aside = (aside, where)
        done.append(f"replaced the clone in {where} (it followed another repository)")
    where.parent.mkdir(parents=True, exist_ok=True)
    safe = _safe_directory(plan.content_repo)
    as_account = ["runuser", "-u", plan.user, "--"] if real else []
    command = ["git", *safe, "clone", "--quiet"]
    if safe:  # read through upload-pack, which honours safe.directory only on its command line
        upload_pack = shlex.join(["git", *safe, "upload-pack"])
        command += ["--no-local", "--upload-pack", upload_pack]
    undo.clone = where
    _run([*as_account, *command, plan.content_repo, str(where)])
    if safe:  # and the timer's pulls
        _run([*as_account, "git", "-C", str(where), "config", "remote.origin.uploadpack",
              upload_pack])
    if undo.set_aside is not None:
        shutil.rmtree(undo.set_aside[0], ignore_errors=True)
    done.append(f"cloned {plan.content_repo} into {where}"
                + (f" as {plan.user}" if real else ""))
    return done


def _clone_is_clean(folder: Path) -> str | None:
    """None when the clone holds nothing but what its repository has; else why not."""
    safe = ["-c", f"safe.directory={folder}"]
    for command, what in ((["status", "--porcelain"], "changed files"),
                          (["log", "--oneline", "@{upstream}..HEAD"], "commits not pushed")):
        # No optional locks: root must not leave a root-owned index in the account's clone.
        done = _run(["git", "--no-optional-locks", *safe, "-C", str(folder), *command],
                    check=False)
        if done.returncode != 0:
            return f"git could not check it ({done.stderr.strip()})"
        if done.stdout.strip():
            return f"it has {what}"
    return None


def uninstall(root: Path, *, real: bool) -> list[str]:
    """Put back every file install-session changed, as it was, and remove what it created,
    empty folders included. The account and its data folder (the PIN, the event log) are
    kept."""
    manifest = _read_manifest(root)
    if manifest is None:
        return [f"no kiosk session installed ({_on(root, MANIFEST)} not found)"]
    entries: dict[str, Any] = manifest.get("entries", {})
    done: list[str] = []
    running = systemd_running(root, real)
    timer = str(TIMER_LINK) in entries
    if timer and running:
        _systemctl("stop", f"{PULL_UNIT}.timer", check=False)
    for name, entry in entries.items():
        said = _undo_entry(root, name, entry)
        if said:
            done.append(said)
    if timer:
        done.append(f"disabled {PULL_UNIT}.timer")
        if running:
            _systemctl("daemon-reload", check=False)
    clone = manifest.get("clone")
    if clone and _on(root, clone).is_dir():
        why = _clone_is_clean(_on(root, clone))
        if why is None:
            shutil.rmtree(_on(root, clone))
            done.append(f"removed the content clone {_on(root, clone)}")
        else:
            done.append(f"kept the content clone {_on(root, clone)}: {why}")
    _on(root, MANIFEST).unlink()
    done += _remove_empty_folders(root, manifest.get("folders", []), say_kept=True)
    user = manifest.get("user", DEFAULT_USER)
    if real:
        made = " (made by install-session)" if manifest.get("account_created") else ""
        done.append(f"the account {user}{made} and its files (the event log) are kept; "
                    f"remove them with: sudo userdel --remove {user}")
    return done


def _user_exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
        return True
    except KeyError:
        return False


def _run(command: list[str], *, check: bool = True, input: str | None = None
         ) -> subprocess.CompletedProcess[str]:
    """Run a system command (from /: the kiosk account may not enter the current folder);
    with ``check``, a failure raises :class:`SessionError` quoting the command's own words."""
    try:
        done = subprocess.run(command, input=input, capture_output=True, text=True, cwd="/")
    except OSError as error:
        raise SessionError(f"cannot run {command[0]}: {error.strerror or error}") from None
    if check and done.returncode != 0:
        said = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
        raise SessionError(f"{shlex.join(command)} failed:\n{said}")
    return done


def _gdm_steps(user: str) -> str:
    here = gdm_config(Path("/"))
    where = str(here) if here is not None else (
        "/etc/gdm3/daemon.conf (Debian), /etc/gdm3/custom.conf (Ubuntu) or "
        "/etc/gdm/custom.conf (Fedora)")
    return (f"GDM: in {where}, section [daemon], set AutomaticLoginEnable=true and "
            f"AutomaticLogin={user}; in /var/lib/AccountsService/users/{user} (mode 600), "
            f"section [User], set Session={SESSION_NAME}. LightDM: the file above is enough.")


def describe(plan: SessionPlan, argv: list[str]) -> str:
    """The exact steps, for someone who is not root."""
    lines = [
        "Installing a kiosk session changes system files: run this again as root:",
        "",
        f"    sudo {shlex.join(argv)}",
        "",
        "which does the following (the same by hand):",
        "",
        f"1. Create the account: sudo useradd --create-home --home-dir {plan.home} "
        f"--shell /bin/bash {plan.user} && sudo passwd --lock {plan.user}",
    ]
    step = 2
    for item in plan.files:
        lines += ["", f"{step}. Write {item.path} (mode {item.mode:o}):", "",
                  *("    " + line for line in item.text.splitlines())]
        step += 1
    lines += ["", f"{step}. {_gdm_steps(plan.user)}"]
    step += 1
    if plan.content_repo:
        safe = _safe_directory(plan.content_repo)
        lines += ["", f"{step}. sudo runuser -u {plan.user} -- git "
                      f"{shlex.join([*safe, 'clone', plan.content_repo, str(plan.content)])}",
                  f"   sudo systemctl daemon-reload && sudo systemctl enable --now "
                  f"{PULL_UNIT}.timer"]
        step += 1
    lines += ["", f"{step}. Set the staff PIN as that account (the session cannot be left "
                  f"without one): sudo -u {plan.user} star-kiosk set-pin --data-dir "
                  f"{plan.data_folder}"]
    return "\n".join(lines)


# ---------------------------------------------------------------- commands


def command_line(options: InstallSessionOptions) -> list[str]:
    """``star-kiosk install-session`` with ``options``, to run again as root."""
    words = ["star-kiosk", "install-session"]
    if options.user != DEFAULT_USER:
        words += ["--user", options.user]
    if options.content:
        words += ["--content", str(Path(options.content).resolve())]
    if options.content_repo:
        words += ["--content-repo", options.content_repo]
    if options.rotate:
        words += ["--rotate", str(options.rotate)]
    if options.pin_file:
        words += ["--pin-file", options.pin_file]
    return words


def _content_repo(url: str | None) -> str | None:
    """A local repository path made absolute (the kiosk account clones it from /)."""
    if url is None or _local_repository(url) is None or url.startswith("file://"):
        return url
    return str(Path(url).resolve())


def _ask_pin(user: str) -> str | None:
    """The new staff PIN, asked twice on the terminal (None: no terminal to ask on)."""
    if not sys.stdin.isatty():
        return None
    pin = getpass.getpass(f"Staff PIN for the kiosk account {user} (4-8 digits): ")
    if getpass.getpass("Again: ") != pin:
        raise ValueError("the two PINs differ")
    return pin


def install_command(options: InstallSessionOptions) -> int:
    """``star-kiosk install-session``."""
    root = Path(options.root) if options.root else Path("/")
    real = options.root is None
    try:
        plan = plan_session(user=options.user,
                            content=Path(options.content).resolve() if options.content else None,
                            content_repo=_content_repo(options.content_repo),
                            rotate=options.rotate, root=root)
    except ValueError as error:
        print(f"star-kiosk install-session: {error}", file=sys.stderr)
        return 2
    if real and os.geteuid() != 0:
        print(describe(plan, command_line(options)))
        return 1
    pin: str | None = None
    try:
        if options.pin_file:
            pin = read_pin_file(options.pin_file)
        elif not pin_is_set(_on(root, plan.data_folder / SETTINGS_FILE)):
            pin = _ask_pin(plan.user)
            if pin is None:
                print(f"star-kiosk install-session: the account {plan.user} has no staff PIN, "
                      "so nobody could leave the locked session: give one with --pin-file FILE "
                      "(a file holding the PIN; - reads it from standard input), or run this "
                      "in a terminal to be asked; nothing was changed", file=sys.stderr)
                return 2
        if pin is not None and not PIN_PATTERN.fullmatch(pin):
            raise ValueError("the PIN must be 4 to 8 digits (0-9)")
    except (ValueError, OSError) as error:
        print(f"star-kiosk install-session: {_say(error) if isinstance(error, OSError) else error}"
              "; nothing was changed", file=sys.stderr)
        return 2
    blocked = unreachable_folder(plan.program[0])
    if blocked is not None:
        print(f"warning: the account {plan.user} cannot enter {blocked}, so it cannot run "
              f"{plan.program[0]}: install star-kiosk where every account can, e.g. "
              "'sudo PIPX_HOME=/opt/pipx PIPX_BIN_DIR=/usr/local/bin pipx install --python "
              "/usr/bin/python3 star_kiosk-….whl'", file=sys.stderr)
    if real and shutil.which("weston") is None:
        print("warning: weston is not installed (apt-get install weston)", file=sys.stderr)
    try:
        done = install(plan, root, real=real, pin=pin)
    except SessionError as error:
        print(f"star-kiosk install-session: {error}", file=sys.stderr)
        return 1
    for line in done:
        print(line)
    if not done:
        print("nothing to change: the kiosk session is already installed as asked")
    if pin is None:
        print(f"the staff PIN of {plan.user} is kept (change it with: "
              f"sudo -u {plan.user} star-kiosk set-pin)")
    if gdm_config(root) is not None or (root / "etc/lightdm").is_dir():
        print(f"done: at the next start the PC logs {plan.user} in to the kiosk session")
    return 0


def uninstall_command(options: UninstallSessionOptions) -> int:
    """``star-kiosk uninstall-session``."""
    root = Path(options.root) if options.root else Path("/")
    real = options.root is None
    if real and os.geteuid() != 0:
        print("Removing the kiosk session changes system files: run "
              "'sudo star-kiosk uninstall-session'.", file=sys.stderr)
        return 1
    try:
        done = uninstall(root, real=real)
    except (SessionError, OSError) as error:
        print(f"star-kiosk uninstall-session: {_say(error)}", file=sys.stderr)
        return 1
    for line in done:
        print(line)
    return 0
