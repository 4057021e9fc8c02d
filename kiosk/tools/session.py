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
  its own calm closed screen, and ``opening_hours`` in deck.yaml decide when);
* ``[keyboard] vt-switching=false`` keeps Ctrl+Alt+F1…F12 from leaving the session;
* its headless backend takes an output size, so the session is tested end to end.

Files written (all carry ``X-STAR-Kiosk``/a "written by" line; a manifest in
``/etc/star-kiosk/session.json`` lets ``uninstall-session`` remove exactly them):

* ``/usr/local/lib/star-kiosk/session`` — the session command: writes Weston's settings
  (with the output rotation for every connected panel) and starts Weston;
* ``/usr/local/lib/star-kiosk/weston.ini`` and ``/usr/local/lib/star-kiosk/kiosk`` (what
  Weston autolaunches: ``star-kiosk run``);
* ``/usr/share/wayland-sessions/star-kiosk.desktop`` — the session GDM and LightDM list;
* automatic login of the account into it: GDM's ``custom.conf`` ``[daemon]`` keys plus the
  account's AccountsService session, and/or ``/etc/lightdm/lightdm.conf.d/50-star-kiosk.conf``;
* with ``--content-repo URL``: a clone of the content repository in the account's home and
  ``star-kiosk-content.service``/``.timer``, which pull it every 45 seconds
  (``star-kiosk pull-content``: ``git pull --ff-only``, and a pull that fails is recorded for
  the staff panel and as an event, see :mod:`kiosk.core.fleet`). The kiosk's own validation,
  hot reload and last-good copy keep a bad commit off the screen.

Not root: nothing is written; the exact steps (the same files and commands) are printed.
``--root DIR`` writes the files under DIR instead of / (for review, and for the tests).
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import shlex
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.tools.shortcut import launcher_command

DEFAULT_USER = "star-kiosk"
SESSION_NAME = "star-kiosk"
LIB = Path("/usr/local/lib/star-kiosk")
SESSION_FILE = Path("/usr/share/wayland-sessions") / f"{SESSION_NAME}.desktop"
LIGHTDM_FILE = Path("/etc/lightdm/lightdm.conf.d/50-star-kiosk.conf")
GDM_FOLDERS = (Path("/etc/gdm3"), Path("/etc/gdm"))  # Debian/Ubuntu, Fedora
ACCOUNTS_SERVICE = Path("/var/lib/AccountsService/users")
MANIFEST = Path("/etc/star-kiosk/session.json")
UNITS = Path("/etc/systemd/system")
PULL_UNIT = "star-kiosk-content"
PULL_EVERY = "45s"
"""How often each kiosk fetches the content repository: with the timer's accuracy (5 s) and
the kiosk's reload debounce (under a second), a good commit shows within a minute."""
ROTATIONS = {0: "normal", 90: "rotate-90", 180: "rotate-180", 270: "rotate-270"}
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
    files: list[SessionFile] = field(default_factory=list)
    content_repo: str | None = None


def _home_of(user: str) -> Path:
    try:
        return Path(pwd.getpwnam(user).pw_dir)
    except KeyError:
        return Path("/home") / user


def kiosk_command() -> list[str]:
    """The ``star-kiosk`` command the session runs (an absolute path; without ``run``)."""
    return launcher_command()[:-1]


def plan_session(*, user: str = DEFAULT_USER, content: Path | None = None,
                 content_repo: str | None = None, rotate: int = 0,
                 program: list[str] | None = None) -> SessionPlan:
    """The files of a kiosk session for ``user`` (see the module's description)."""
    if rotate not in ROTATIONS:
        raise ValueError(f"rotate must be one of {sorted(ROTATIONS)}, not {rotate}")
    home = _home_of(user)
    if content_repo:
        content = home / "content"
    plan = SessionPlan(user=user, home=home, content=content, content_repo=content_repo)
    run = [*(program or kiosk_command()), "run"] + (["--content", str(content)] if content else [])
    plan.files += [
        SessionFile(LIB / "kiosk", _kiosk_script(run), 0o755),
        SessionFile(LIB / "weston.ini", _weston_ini()),
        SessionFile(LIB / "session", _session_script(ROTATIONS[rotate]), 0o755),
        SessionFile(SESSION_FILE, _session_entry()),
        SessionFile(LIGHTDM_FILE, _lightdm_conf(user)),
        SessionFile(ACCOUNTS_SERVICE / user, f"[User]\nSession={SESSION_NAME}\n"
                                             "SystemAccount=false\n", 0o600),
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


def _lightdm_conf(user: str) -> str:
    return f"""# {WRITTEN_BY}
[Seat:*]
autologin-user={user}
autologin-user-timeout=0
autologin-session={SESSION_NAME}
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


# ---------------------------------------------------------------- GDM's custom.conf


def gdm_autologin(text: str, user: str | None) -> tuple[str, dict[str, str | None]]:
    """``custom.conf`` with automatic login of ``user`` (None: the keys removed), and the
    values it replaced (to restore on uninstall). Comments and other keys are kept."""
    keys = {"AutomaticLoginEnable": "true", "AutomaticLogin": user} if user else {
        "AutomaticLoginEnable": None, "AutomaticLogin": None}
    return set_ini_keys(text, "daemon", keys)


def set_ini_keys(text: str, section: str, keys: dict[str, str | None]
                 ) -> tuple[str, dict[str, str | None]]:
    """``text`` with ``keys`` set (a None value: removed) in ``[section]``, every other line
    kept; returns the new text and each key's previous value (None: was not set)."""
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
    return "\n".join(out) + "\n", previous


# ---------------------------------------------------------------- doing it


def _write(root: Path, item: SessionFile) -> Path:
    target = root / item.path.relative_to("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.new")
    temporary.write_text(item.text, encoding="utf-8")
    temporary.chmod(item.mode)
    temporary.replace(target)
    return target


def _gdm_folder(root: Path) -> Path | None:
    for folder in GDM_FOLDERS:
        if (root / folder.relative_to("/")).is_dir():
            return folder
    return None


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


def install(plan: SessionPlan, root: Path, *, real: bool) -> list[str]:
    """Write the session under ``root``; ``real`` (root is /) also creates the account,
    clones the content and enables the timer. Returns what was done, one line each."""
    done: list[str] = []
    if real and not _user_exists(plan.user):
        _run(["useradd", "--create-home", "--shell", "/bin/bash", "--comment",
              "STAR Kiosk", plan.user])
        _run(["passwd", "--lock", plan.user])  # nobody logs in with a password
        done.append(f"created the account {plan.user} (password locked)")
    written: list[str] = []
    lightdm = (root / "etc/lightdm").is_dir()
    gdm = _gdm_folder(root)
    for item in plan.files:
        if (item.path == LIGHTDM_FILE and not lightdm) or \
                (item.path.parent == ACCOUNTS_SERVICE and gdm is None):
            continue  # only for the display managers this PC has
        target = _write(root, item)
        written.append(str(item.path))
        done.append(f"wrote {target}")
    manifest: dict[str, object] = {"user": plan.user, "files": written}
    if gdm is not None:
        conf = root / gdm.relative_to("/") / "custom.conf"
        old = conf.read_text(encoding="utf-8") if conf.exists() else ""
        new, previous = gdm_autologin(old, plan.user)
        conf.write_text(new, encoding="utf-8")
        manifest["gdm"] = {"file": str(gdm / "custom.conf"), "previous": previous}
        done.append(f"GDM: automatic login of {plan.user} in {conf}")
    if gdm is None and not lightdm:
        done.append("no GDM or LightDM found: set automatic login of "
                    f"{plan.user} into the session '{SESSION_NAME}' in your display manager")
    if plan.content_repo and plan.content is not None:
        content = root / plan.content.relative_to("/")
        if not (content / ".git").is_dir():
            content.parent.mkdir(parents=True, exist_ok=True)
            clone = ["git", "clone", "--quiet", plan.content_repo, str(content)]
            _run((["runuser", "-u", plan.user, "--"] if real else []) + clone)
            done.append(f"cloned {plan.content_repo} into {content}")
        manifest["content"] = str(plan.content)
        wants = root / UNITS.relative_to("/") / "timers.target.wants" / f"{PULL_UNIT}.timer"
        if real and shutil.which("systemctl"):
            _run(["systemctl", "daemon-reload"])
            _run(["systemctl", "enable", "--now", f"{PULL_UNIT}.timer"])
        else:  # what 'systemctl enable' does, for a root that is not running
            wants.parent.mkdir(parents=True, exist_ok=True)
            if not wants.is_symlink():
                wants.symlink_to(UNITS / f"{PULL_UNIT}.timer")
        done.append(f"enabled {PULL_UNIT}.timer: git pull every {PULL_EVERY}")
    _write(root, SessionFile(MANIFEST, json.dumps(manifest, indent=2) + "\n"))
    return done


def uninstall(root: Path, *, real: bool) -> list[str]:
    """Remove what :func:`install` wrote (the account, its home and content are kept)."""
    manifest_file = root / MANIFEST.relative_to("/")
    if not manifest_file.exists():
        return [f"no kiosk session installed ({manifest_file} not found)"]
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    done: list[str] = []
    if "content" in manifest:
        if real and shutil.which("systemctl"):
            _run(["systemctl", "disable", "--now", f"{PULL_UNIT}.timer"], check=False)
        wants = root / UNITS.relative_to("/") / "timers.target.wants" / f"{PULL_UNIT}.timer"
        if wants.is_symlink():
            wants.unlink()
        done.append(f"disabled {PULL_UNIT}.timer (the clone {manifest['content']} is kept)")
    for name in manifest.get("files", []):
        target = root / Path(name).relative_to("/")
        if target.exists():
            target.unlink()
            done.append(f"removed {target}")
    gdm = manifest.get("gdm")
    if gdm:
        conf = root / Path(gdm["file"]).relative_to("/")
        if conf.exists():
            text = conf.read_text(encoding="utf-8")
            restored, _ = set_ini_keys(text, "daemon", gdm["previous"])
            conf.write_text(restored, encoding="utf-8")
            done.append(f"GDM: automatic login restored as it was in {conf}")
    manifest_file.unlink()
    done.append(f"the account {manifest['user']} and its files are kept "
                f"(remove it with: userdel --remove {manifest['user']})")
    return done


def _user_exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
        return True
    except KeyError:
        return False


def _run(command: list[str], *, check: bool = True) -> None:
    subprocess.run(command, check=check)


def describe(plan: SessionPlan, argv: list[str]) -> str:
    """The exact steps, for someone who is not root."""
    lines = [
        "Installing a kiosk session changes system files: run this again as root:",
        "",
        f"    sudo {shlex.join(argv)}",
        "",
        "which does the following (the same by hand):",
        "",
        f"1. Create the account: sudo useradd --create-home --shell /bin/bash {plan.user} "
        f"&& sudo passwd --lock {plan.user}",
    ]
    step = 2
    for item in plan.files:
        lines += ["", f"{step}. Write {item.path} (mode {item.mode:o}):", "",
                  *("    " + line for line in item.text.splitlines())]
        step += 1
    lines += ["", f"{step}. GDM: in /etc/gdm3/custom.conf (Fedora: /etc/gdm/custom.conf), "
                  f"section [daemon], set AutomaticLoginEnable=true and "
                  f"AutomaticLogin={plan.user}. LightDM: the file above is enough."]
    if plan.content_repo:
        lines += ["", f"{step + 1}. sudo runuser -u {plan.user} -- git clone "
                      f"{plan.content_repo} {plan.content}",
                  f"   sudo systemctl daemon-reload && sudo systemctl enable --now "
                  f"{PULL_UNIT}.timer"]
    return "\n".join(lines)


# ---------------------------------------------------------------- commands


def command_line(options: argparse.Namespace) -> list[str]:
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
    return words


def install_command(options: argparse.Namespace) -> int:
    """``star-kiosk install-session``."""
    root = Path(options.root) if options.root else Path("/")
    real = options.root is None
    try:
        plan = plan_session(user=options.user,
                            content=Path(options.content).resolve() if options.content else None,
                            content_repo=options.content_repo, rotate=options.rotate)
    except ValueError as error:
        print(f"star-kiosk install-session: {error}", file=sys.stderr)
        return 2
    if real and os.geteuid() != 0:
        print(describe(plan, command_line(options)))
        return 1
    program = kiosk_command()[0]
    blocked = unreachable_folder(program)
    if blocked is not None:
        print(f"warning: the account {plan.user} cannot enter {blocked}, so it cannot run "
              f"{program}: install star-kiosk where every account can (e.g. pipx with "
              "PIPX_HOME=/opt/pipx PIPX_BIN_DIR=/usr/local/bin)", file=sys.stderr)
    if real and shutil.which("weston") is None:
        print("warning: weston is not installed (apt-get install weston)", file=sys.stderr)
    for line in install(plan, root, real=real):
        print(line)
    print(f"done: at the next start the PC logs {plan.user} in to the kiosk session")
    # The PIN lives in the kiosk account's own data folder: set it as that account, or the
    # corner hold offers its staff-only exit without one (see install-shortcut's note).
    print(f"next: set the staff PIN as that account: sudo -u {plan.user} star-kiosk set-pin")
    return 0


def uninstall_command(options: argparse.Namespace) -> int:
    """``star-kiosk uninstall-session``."""
    root = Path(options.root) if options.root else Path("/")
    real = options.root is None
    if real and os.geteuid() != 0:
        print("Removing the kiosk session changes system files: run "
              "'sudo star-kiosk uninstall-session'.", file=sys.stderr)
        return 1
    for line in uninstall(root, real=real):
        print(line)
    return 0

