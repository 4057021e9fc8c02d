"""The locked kiosk session: the files install-session writes (into a staging root, as far as
a container allows), their removal, the steps printed for a non-root user, and the session
itself started under a headless Weston: the compositor starts the kiosk, and when the kiosk
ends the session ends (the display manager would show its login screen)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kiosk.core.pin import PinStore
from kiosk.tools import session
from tests.nobody_support import NOBODY, NobodyCopy
from tests.wayland_support import read_events, wait_for, weston_missing

REPO = Path(__file__).resolve().parents[2]
GDM_CONF = """# GDM configuration storage

[daemon]
# Uncomment the line below to force the login screen to use Xorg
#WaylandEnable=false

# Enabling automatic login
#  AutomaticLoginEnable = true
#  AutomaticLogin = user1

[security]

[debug]
# Uncomment the line below to turn on debugging
#Enable=true
"""


def staging_root(folder: Path, *, gdm: bool = True, lightdm: bool = True) -> Path:
    """A file-system root with the display managers' configuration folders."""
    if gdm:
        (folder / "etc/gdm3").mkdir(parents=True)
        (folder / "etc/gdm3/custom.conf").write_text(GDM_CONF)
    if lightdm:
        (folder / "etc/lightdm").mkdir(parents=True)
    return folder


def keys(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines()
                if "=" in line and not line.startswith("#"))


def install(root: Path, **settings) -> list[str]:
    plan = session.plan_session(program=["/opt/star-kiosk/bin/star-kiosk"], root=root,
                                **settings)
    return session.install(plan, root, real=False, pin="2468")


def test_install_writes_a_session_running_only_the_kiosk(tmp_path):
    root = staging_root(tmp_path / "root")
    install(root, rotate=90, content=Path("/srv/exhibition"))
    lib = root / "usr/local/lib/star-kiosk"

    entry = (root / "usr/share/wayland-sessions/star-kiosk.desktop").read_text()
    assert keys(entry)["Exec"] == "/usr/local/lib/star-kiosk/session"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate",
                                str(root / "usr/share/wayland-sessions/star-kiosk.desktop")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr

    weston = keys((lib / "weston.ini").read_text())
    assert weston["shell"] == "kiosk-shell.so"
    assert weston["idle-time"] == "0"
    assert weston["vt-switching"] == "false"
    script = (lib / "session").read_text()
    assert "TRANSFORM=rotate-90" in script and "watch=true" in script
    assert os.access(lib / "session", os.X_OK) and os.access(lib / "kiosk", os.X_OK)
    kiosk = (lib / "kiosk").read_text()
    assert kiosk.splitlines()[-1] == \
        "exec /opt/star-kiosk/bin/star-kiosk run --locked-session --data-dir " \
        "/home/star-kiosk/.local/share/star-kiosk --content /srv/exhibition"
    assert "QT_QPA_PLATFORM=wayland" in kiosk

    lightdm = keys((root / "etc/lightdm/lightdm.conf.d/50-star-kiosk.conf").read_text())
    assert lightdm == {"autologin-user": "star-kiosk", "autologin-user-timeout": "0",
                       "autologin-session": "star-kiosk"}
    gdm = (root / "etc/gdm3/custom.conf").read_text()
    daemon = gdm.split("[daemon]")[1].split("[security]")[0]
    assert keys(daemon) == {"AutomaticLoginEnable": "true", "AutomaticLogin": "star-kiosk"}
    assert "#WaylandEnable=false" in gdm and "[debug]" in gdm  # the rest is untouched
    account = (root / "var/lib/AccountsService/users/star-kiosk").read_text()
    assert keys(account)["Session"] == "star-kiosk"
    assert not (root / "etc/systemd").exists()  # no content repository, no timer
    pins = PinStore(root / "home/star-kiosk/.local/share/star-kiosk")
    assert pins.verify("2468") and not pins.verify("1357")


def test_only_the_display_managers_present_are_configured(tmp_path):
    root = staging_root(tmp_path / "root", gdm=False)
    done = install(root)
    assert (root / "etc/lightdm/lightdm.conf.d/50-star-kiosk.conf").exists()
    assert not (root / "var/lib/AccountsService").exists()
    bare = tmp_path / "bare"
    bare.mkdir()
    assert any("no GDM or LightDM" in line for line in install(bare))
    assert done


def test_uninstall_removes_exactly_what_was_written(tmp_path):
    root = staging_root(tmp_path / "root")
    (root / "etc/gdm3/custom.conf").write_text(GDM_CONF.replace(
        "[daemon]\n", "[daemon]\nAutomaticLogin=curator\n"))
    before = (root / "etc/gdm3/custom.conf").read_text()
    install(root, content_repo=None)
    session.uninstall(root, real=False)
    left = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    assert left == ["etc/gdm3/custom.conf"]  # the PIN it set too: the account had none
    after = (root / "etc/gdm3/custom.conf").read_text()
    assert keys(after.split("[daemon]")[1].split("[security]")[0]) == \
        {"AutomaticLogin": "curator"}  # the previous automatic login is back
    assert after == before  # byte for byte, comments and all


def test_set_ini_keys_adds_a_missing_section():
    text, previous = session.set_ini_keys("[security]\n", "daemon", {"AutomaticLogin": "k"})
    assert text == "[security]\n\n[daemon]\nAutomaticLogin=k\n"
    assert previous == {"AutomaticLogin": None}
    again, previous = session.set_ini_keys(text, "daemon", {"AutomaticLogin": "k"})
    assert again == text and previous == {"AutomaticLogin": "k"}  # idempotent


def test_not_root_prints_the_exact_steps_and_writes_nothing(monkeypatch, capsys):
    monkeypatch.setattr(session.os, "geteuid", lambda: 1000)
    written = []
    monkeypatch.setattr(session, "install", lambda *args, **kw: written.append(args))
    options = argparse.Namespace(root=None, user="kiosk1", content=None,
                                 content_repo="https://git.example.org/museum/content.git",
                                 rotate=270, pin_file=None)
    assert session.install_command(options) == 1
    printed = capsys.readouterr().out
    assert written == []
    assert "sudo star-kiosk install-session --user kiosk1 --content-repo " \
        "https://git.example.org/museum/content.git --rotate 270\n" in printed
    assert "sudo useradd --create-home --home-dir /home/kiosk1 --shell /bin/bash kiosk1" \
        in printed
    assert "/usr/share/wayland-sessions/star-kiosk.desktop" in printed
    assert "TRANSFORM=rotate-270" in printed
    assert "AutomaticLogin=kiosk1" in printed
    assert "git clone https://git.example.org/museum/content.git" in printed
    assert "systemctl enable --now star-kiosk-content.timer" in printed
    assert "sudo -u kiosk1 star-kiosk set-pin --data-dir /home/kiosk1/.local/share/star-kiosk" \
        in printed


def test_a_bad_rotation_is_refused():
    with pytest.raises(ValueError, match="rotate"):
        session.plan_session(rotate=45)


def _as_nobody(request: pytest.FixtureRequest) -> NobodyCopy | None:
    """As root, the session runs as 'nobody', from the copy of the kiosk it can read (the
    ``nobody_copy`` fixture: a checkout in a private home folder is out of its reach);
    as an ordinary user, as that user from this checkout (None)."""
    if os.geteuid() != 0:
        return None
    copy: NobodyCopy = request.getfixturevalue("nobody_copy")
    return copy


@pytest.mark.slow
@pytest.mark.wayland
@pytest.mark.skipif(weston_missing() is not None, reason=str(weston_missing()))
def test_the_session_starts_the_kiosk_and_ends_with_it(tmp_path, request):
    nobody = _as_nobody(request)
    prefix = NOBODY if nobody else []
    python = nobody.python if nobody else sys.executable
    pythonpath = nobody.pythonpath if nobody else str(REPO)
    base = Path(tempfile.mkdtemp(prefix="star-kiosk-session-"))
    try:
        root = base / "root"
        home, runtime = base / "home", base / "runtime"
        plan = session.plan_session(program=[python, "-m", "kiosk"],
                                    data_folder=home / "data" / "star-kiosk")
        session.install(plan, root, real=False, pin="2468")
        home.mkdir(exist_ok=True)
        runtime.mkdir(mode=0o700)
        if prefix:
            base.chmod(0o755)
            for path in (home, runtime):
                shutil.chown(path, "nobody", "nogroup")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
               "XDG_RUNTIME_DIR": str(runtime), "PYTHONPATH": pythonpath,
               "XDG_DATA_HOME": str(home / "data")}
        weston = subprocess.Popen(
            [*prefix, str(root / "usr/local/lib/star-kiosk/session"),
             "--backend=headless-backend.so", "--width=1280", "--height=800",
             "--socket=star-kiosk-session-test"],
            env=env, cwd=home, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        events_file = home / "data" / "star-kiosk" / "events.jsonl"
        try:
            started = wait_for(lambda: [e for e in read_events(events_file)
                                        if e["event"] == "started"], 60)
            assert started, weston.poll()
            assert started[0]["size"] == "1280x800" and started[0]["windowed"] is False
            # The staff exit ends the supervised kiosk; so does this SIGTERM to its supervisor.
            child = started[0]["pid"]
            supervisor = int(Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[1])
            os.kill(supervisor, signal.SIGTERM)
            weston.wait(timeout=30)  # Weston quits with the kiosk (autolaunch watch=true)
        finally:
            try:
                os.killpg(weston.pid, signal.SIGKILL)  # Weston and whatever it started
            except ProcessLookupError:
                pass
            output = weston.communicate(timeout=10)[0]
        events = [e["event"] for e in read_events(events_file)]
        assert events[0] == "started" and events[-1] == "stopped", (events, output[-2000:])
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_a_program_other_accounts_cannot_reach_is_noticed():
    base = Path(tempfile.mkdtemp(prefix="star-kiosk-reach-"))  # pytest's tmp_path is private
    try:
        base.chmod(0o755)
        private = base / "private"
        private.mkdir(mode=0o700)
        interpreter = private / "python"
        interpreter.write_text("")
        public = base / "public"
        public.mkdir(mode=0o755)
        script = public / "star-kiosk"
        script.write_text(f"#!{interpreter}\nimport kiosk\n")
        assert session.unreachable_folder(str(script)) == private
        script.write_text("#!/bin/sh\nexit 0\n")
        assert session.unreachable_folder(str(script)) is None
    finally:
        shutil.rmtree(base)


def _recorded(monkeypatch) -> list[list[str]]:
    """The system commands a real install runs, recorded instead of run."""
    commands: list[list[str]] = []

    def run(command, *, check=True, input=None):
        commands.append(command)
        if command[-2:] and "clone" in command:  # what git clone leaves: a clone
            Path(command[-1], ".git").mkdir(parents=True)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(session, "_run", run)
    monkeypatch.setattr(session, "_user_exists", lambda user: False)
    monkeypatch.setattr(session.shutil, "which", lambda name: f"/usr/bin/{name}")
    return commands


def test_as_root_it_creates_the_account_clones_and_enables_the_timer(tmp_path, monkeypatch):
    """The system commands of a real install, recorded instead of run (the files still go to
    a staging root: this machine's accounts and services are left alone)."""
    commands = _recorded(monkeypatch)
    root = staging_root(tmp_path / "root")
    (root / "run/systemd/system").mkdir(parents=True)  # systemd is running
    plan = session.plan_session(user="kiosk7", content_repo="https://git.example.org/c.git",
                                program=["/usr/local/bin/star-kiosk"])
    session.install(plan, root, real=True, pin="2468")
    content = str(plan.content)
    assert commands == [
        ["useradd", "--create-home", "--home-dir", "/home/kiosk7", "--shell", "/bin/bash",
         "--comment", "STAR Kiosk", "kiosk7"],
        ["passwd", "--lock", "kiosk7"],
        ["runuser", "-u", "kiosk7", "--", "git", "clone", "--quiet",
         "https://git.example.org/c.git", str(root / content.lstrip("/"))],
        ["runuser", "-u", "kiosk7", "--", "/usr/local/bin/star-kiosk", "set-pin", "--pin-file",
         "-", "--data-dir", "/home/kiosk7/.local/share/star-kiosk"],
        ["systemctl", "daemon-reload"],
        ["systemctl", "start", "star-kiosk-content.timer"],
    ]
    service = (root / "etc/systemd/system/star-kiosk-content.service").read_text()
    assert "User=kiosk7" in service
    # The pull records how it went (the staff panel, an event): star-kiosk pull-content.
    assert f"ExecStart=/usr/local/bin/star-kiosk pull-content --content {content}" in service
    link = root / "etc/systemd/system/timers.target.wants/star-kiosk-content.timer"
    assert os.readlink(link) == "/etc/systemd/system/star-kiosk-content.timer"
    manifest = json.loads((root / "etc/star-kiosk/session.json").read_text())
    assert manifest["account_created"] is True
    assert not {"/home", "/home/kiosk7"} & set(manifest["folders"])  # the account's, not ours
    commands.clear()
    session.uninstall(root, real=True)
    assert commands[0] == ["systemctl", "stop", "star-kiosk-content.timer"]
    assert ["systemctl", "daemon-reload"] in commands
    assert not (root / "etc/systemd/system").exists()


def test_without_systemd_running_it_says_what_to_do_by_hand(tmp_path, monkeypatch):
    """A container: systemctl exists but systemd is not process 1. Nothing is started, the
    timer is enabled for a boot with systemd, and the steps by hand are printed."""
    commands = _recorded(monkeypatch)
    root = staging_root(tmp_path / "root")
    plan = session.plan_session(content_repo="https://git.example.org/c.git",
                                program=["/usr/local/bin/star-kiosk"])
    done = session.install(plan, root, real=True, pin="2468")
    assert not any(command[0] == "systemctl" for command in commands)
    said = "\n".join(done)
    assert "systemd is not running here" in said
    assert ("runuser -u star-kiosk -- git -C /home/star-kiosk/content pull --ff-only"
            in said)
    assert (root / "etc/systemd/system/timers.target.wants/star-kiosk-content.timer").is_symlink()
    session.uninstall(root, real=True)
    assert not any(command[0] == "systemctl" for command in commands)
