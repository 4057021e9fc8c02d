"""install-session and uninstall-session end to end, through the command line, on the file trees
of a Debian 12 and an Ubuntu PC: the display managers' own default configuration files (see
fixtures/display_managers/README.md), installed twice with different options, then uninstalled,
must leave every file and folder byte for byte, mode for mode, as it was. A failure part-way
puts back what it changed; a content repository owned by another account still clones."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.core.pin import PinStore
from kiosk.tools import session

FIXTURES = Path(__file__).parent / "fixtures" / "display_managers"
PIN = "2468"
DATA = "home/star-kiosk/.local/share/star-kiosk"
ACCOUNT = "[User]\nLanguage=zh_CN.UTF-8\nXSession=\nIcon=/home/star-kiosk/.face\n" \
    "SystemAccount=false\n"


def tree(root: Path) -> dict[str, str]:
    """Every path under ``root``: its kind, mode and content (or link target)."""
    found: dict[str, str] = {}
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(folder, name)
            info = path.lstat()
            if path.is_symlink():
                what = f"link -> {os.readlink(path)}"
            elif path.is_dir():
                what = f"folder {info.st_mode & 0o7777:o}"
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
                what = f"file {info.st_mode & 0o7777:o} {digest}"
            found[str(path.relative_to(root))] = what
    return found


@pytest.fixture(params=["debian-12", "ubuntu"])
def pc(request, tmp_path) -> Path:
    """A copy of one PC's /etc, with a few things of its own that must be left alone."""
    root = tmp_path / request.param
    shutil.copytree(FIXTURES / request.param, root, symlinks=True)
    (root / "etc/hostname").write_text("kiosk-7\n")
    (root / "home/curator").mkdir(parents=True)
    if request.param == "ubuntu":  # AccountsService already knows the account: kept as it was
        users = root / "var/lib/AccountsService/users"
        users.mkdir(parents=True)
        (users / "star-kiosk").write_text(ACCOUNT)
        (users / "star-kiosk").chmod(0o600)
    return root


@pytest.fixture
def pin_file(tmp_path) -> Path:
    path = tmp_path / "pin"
    path.write_text(PIN + "\n")
    return path


@pytest.fixture
def repository(tmp_path) -> Path:
    """A content repository, owned by another account when the tests run as root (git then
    calls it "dubious ownership" unless told it is safe)."""
    folder = tmp_path / "content.git"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content", folder)
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(folder)], check=True)
    commit(folder, "exhibition")
    return folder


def commit(folder: Path, message: str) -> None:
    """Commit everything in ``folder``, which then belongs to 'nobody' when we are root."""
    git = ["git", "-c", "safe.directory=*", "-C", str(folder), "-c", "user.name=curator",
           "-c", "user.email=c@example.org"]
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", message], check=True)
    if os.geteuid() == 0:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, 65534, 65534, follow_symlinks=False)


def star_kiosk(capsys, *words: str) -> tuple[int, str, str]:
    status = cli.main(list(words))
    out, err = capsys.readouterr()
    return status, out, err


def test_install_twice_switch_content_and_uninstall_leave_every_file_as_it_was(
        pc, pin_file, repository, capsys, monkeypatch):
    monkeypatch.setattr(session, "kiosk_command", lambda: ["/usr/local/bin/star-kiosk"])
    pristine = tree(pc)
    ubuntu = pc.name == "ubuntu"
    gdm = pc / ("etc/gdm3/custom.conf" if ubuntu else "etc/gdm3/daemon.conf")
    gdm_before = gdm.read_bytes()

    status, out, err = star_kiosk(capsys, "install-session", "--root", str(pc),
                                  "--pin-file", str(pin_file))
    assert status == 0, err
    # Each distribution's GDM reads its own file: that one is edited, no other is made.
    assert "AutomaticLogin=star-kiosk\n" in gdm.read_text()
    assert not (pc / ("etc/gdm3/daemon.conf" if ubuntu else "etc/gdm3/custom.conf")).exists()
    assert (pc / "etc/lightdm/lightdm.conf.d/50-star-kiosk.conf").exists() is not ubuntu
    assert PinStore(pc / DATA).verify(PIN)
    account = (pc / "var/lib/AccountsService/users/star-kiosk").read_text()
    assert "Session=star-kiosk\n" in account
    assert ("Language=zh_CN.UTF-8" in account) is ubuntu  # what was there is kept
    assert out.splitlines()[-1] == \
        "done: at the next start the PC logs star-kiosk in to the kiosk session"
    installed = tree(pc)

    # Again with the same options: nothing changes, and nothing says it did.
    status, out, err = star_kiosk(capsys, "install-session", "--root", str(pc))
    assert status == 0, err
    assert tree(pc) == installed
    assert "nothing to change" in out and "wrote" not in out
    assert "the staff PIN of star-kiosk is kept" in out

    # A panel on its side: only the session command changes (and the record of the options).
    status, out, err = star_kiosk(capsys, "install-session", "--root", str(pc),
                                  "--rotate", "90")
    assert status == 0, err
    changed = {path for path, what in tree(pc).items() if installed.get(path) != what}
    assert changed == {"usr/local/lib/star-kiosk/session", "etc/star-kiosk/session.json"}
    assert "TRANSFORM=rotate-90" in (pc / "usr/local/lib/star-kiosk/session").read_text()

    # Follow a content repository (another account's: safe.directory), then a plain folder.
    status, out, err = star_kiosk(capsys, "install-session", "--root", str(pc), "--rotate", "90",
                                  "--content-repo", str(repository))
    assert status == 0, err
    clone = pc / "home/star-kiosk/content"
    assert (clone / "deck.yaml").is_file()
    link = pc / "etc/systemd/system/timers.target.wants/star-kiosk-content.timer"
    assert link.is_symlink()
    (repository / "NEWS").write_text("a new commit\n")
    commit(repository, "news")
    pulled = subprocess.run(["git", "-C", str(clone), "pull", "--ff-only", "--quiet"],
                            capture_output=True, text=True)  # what the timer runs
    assert pulled.returncode == 0, pulled.stderr
    assert (clone / "NEWS").exists()

    status, out, err = star_kiosk(capsys, "install-session", "--root", str(pc),
                                  "--content", str(pc / "srv"))
    assert status == 0, err
    assert not link.exists() and not (pc / "etc/systemd").exists()  # the timer is gone
    assert f"removed {link}" in out
    kiosk = (pc / "usr/local/lib/star-kiosk/kiosk").read_text()
    assert kiosk.splitlines()[-1].endswith(f"--content {pc / 'srv'}")
    assert "TRANSFORM=normal" in (pc / "usr/local/lib/star-kiosk/session").read_text()

    status, out, err = star_kiosk(capsys, "uninstall-session", "--root", str(pc))
    assert status == 0, err
    assert f"removed the content clone {clone}" in out
    assert gdm.read_bytes() == gdm_before
    now = tree(pc)
    assert {path: what for path, what in now.items() if pristine.get(path) != what} == {}
    assert {path: what for path, what in pristine.items() if now.get(path) != what} == {}


def test_a_failed_install_puts_back_what_it_changed(pc, pin_file, capsys, monkeypatch):
    monkeypatch.setattr(session, "kiosk_command", lambda: ["/usr/local/bin/star-kiosk"])
    pristine = tree(pc)
    missing = pc.parent / "no-such-repository"
    status, out, err = star_kiosk(capsys, "install-session", "--root", str(pc), "--pin-file",
                                  str(pin_file), "--content-repo", str(missing))
    assert status == 1
    assert "git clone" in err and "everything this run changed was put back as it was" in err
    assert tree(pc) == pristine
    assert "internal error" not in err
    # A failing second run goes back to the first run's state, not to nothing.
    assert star_kiosk(capsys, "install-session", "--root", str(pc), "--pin-file",
                      str(pin_file))[0] == 0
    installed = tree(pc)
    status, out, err = star_kiosk(capsys, "install-session", "--root", str(pc),
                                  "--content-repo", str(missing))
    assert status == 1 and tree(pc) == installed
    assert star_kiosk(capsys, "uninstall-session", "--root", str(pc))[0] == 0
    assert tree(pc) == pristine


def test_no_pin_no_session(pc, capsys, monkeypatch):
    """Without a PIN nobody could leave the locked session: nothing is installed."""
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    pristine = tree(pc)
    status, out, err = star_kiosk(capsys, "install-session", "--root", str(pc))
    assert status == 2
    assert "has no staff PIN" in err and "--pin-file" in err
    assert tree(pc) == pristine


def test_a_file_changed_since_keeps_its_other_changes(pc, pin_file, capsys):
    star_kiosk(capsys, "install-session", "--root", str(pc), "--pin-file", str(pin_file))
    gdm = session.gdm_config(pc)
    assert gdm is not None
    conf = pc / gdm.relative_to("/")
    conf.write_text(conf.read_text().replace("[security]", "[security]\nDisallowTCP=true"))
    status, out, err = star_kiosk(capsys, "uninstall-session", "--root", str(pc))
    assert status == 0, err
    text = conf.read_text()
    assert "DisallowTCP=true" in text and "AutomaticLogin=" not in text.replace("#  Autom", "")
    assert "the other changes are kept" in out


def test_gdm_is_asked_which_file_it_reads(tmp_path):
    root = tmp_path / "root"
    (root / "etc/gdm3").mkdir(parents=True)
    for name in ("daemon.conf", "custom.conf"):
        (root / "etc/gdm3" / name).write_text("[daemon]\n")
    assert session.gdm_config(root) == Path("/etc/gdm3/daemon.conf")  # Debian's name first
    (root / "usr/sbin").mkdir(parents=True)
    (root / "usr/sbin/gdm3").write_bytes(b"\x7fELF\0/run/gdm3/custom.conf\0/etc/gdm3/custom.conf\0")
    assert session.gdm_config(root) == Path("/etc/gdm3/custom.conf")  # the program says so
    assert session.gdm_config(tmp_path / "nothing") is None


def test_lightdm_conf_setting_autologin_itself_is_edited_and_put_back(tmp_path, pin_file,
                                                                       capsys):
    """lightdm.conf is read after lightdm.conf.d: a live autologin-user there would win."""
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "debian-12", root)
    conf = root / "etc/lightdm/lightdm.conf"
    conf.write_text(conf.read_text().replace("#autologin-user=\n", "autologin-user=guest\n", 1))
    assert "\nautologin-user=guest\n" in conf.read_text()
    pristine = tree(root)
    assert star_kiosk(capsys, "install-session", "--root", str(root), "--pin-file",
                      str(pin_file))[0] == 0
    values = session.ini_values(conf.read_text(), "Seat:*", ["autologin-user",
                                                             "autologin-session"])
    assert values == {"autologin-user": "star-kiosk", "autologin-session": "star-kiosk"}
    assert star_kiosk(capsys, "uninstall-session", "--root", str(root))[0] == 0
    assert tree(root) == pristine


def test_a_session_installed_by_the_first_version_is_removed(tmp_path, capsys):
    """Its manifest listed the files it wrote and GDM's previous keys."""
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "ubuntu", root)
    conf = root / "etc/gdm3/custom.conf"
    pristine = tree(root)
    conf.write_text(session.gdm_autologin(conf.read_text(), "star-kiosk")[0])
    lib = root / "usr/local/lib/star-kiosk"
    lib.mkdir(parents=True)
    (lib / "kiosk").write_text("#!/bin/sh\n")
    (root / "etc/star-kiosk").mkdir()
    (root / "etc/star-kiosk/session.json").write_text(json.dumps({
        "user": "star-kiosk", "files": ["/usr/local/lib/star-kiosk/kiosk"],
        "gdm": {"file": "/etc/gdm3/custom.conf",
                "previous": {"AutomaticLoginEnable": None, "AutomaticLogin": None}}}))
    status, out, err = star_kiosk(capsys, "uninstall-session", "--root", str(root))
    assert status == 0, err
    assert conf.read_bytes() == (FIXTURES / "ubuntu/etc/gdm3/custom.conf").read_bytes()
    assert not (lib / "kiosk").exists() and not (root / "etc/star-kiosk/session.json").exists()
    # The first version recorded no folders: its own two go, the ones above them stay.
    left = {path for path in tree(root) if path not in pristine}
    assert left == {"usr", "usr/local", "usr/local/lib"}
