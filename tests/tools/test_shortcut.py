"""Desktop launchers: their content, desktop-file-validate, and an install/uninstall round trip."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.tools import shortcut
from kiosk.tools.shortcut import MARKER, desktop_entry, exec_quote

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh user: HOME, XDG folders and the data folder all under tmp_path."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def entries(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines()[1:])


def test_entry_content() -> None:
    text = desktop_entry(["/opt/kiosk/.venv/bin/star-kiosk", "run"], Path("/opt/kiosk/icon.png"))
    assert text.startswith("[Desktop Entry]\n")
    keys = entries(text)
    assert keys["Type"] == "Application"
    assert keys["Exec"] == "/opt/kiosk/.venv/bin/star-kiosk run"
    assert keys["TryExec"] == "/opt/kiosk/.venv/bin/star-kiosk"
    assert keys["Icon"] == "/opt/kiosk/icon.png"
    assert keys["Terminal"] == "false"
    assert keys["Categories"] == "Education;"
    assert keys["Comment"] and keys["Name"] == "STAR Kiosk"
    assert MARKER in text.splitlines()
    assert "X-GNOME-Autostart-enabled" not in keys
    assert entries(desktop_entry(["/x", "run"], None, autostart=True))[
        "X-GNOME-Autostart-enabled"] == "true"


def test_exec_quoting() -> None:
    assert exec_quote("/usr/bin/star-kiosk") == "/usr/bin/star-kiosk"
    assert exec_quote("/home/Ann Lee/venv/bin/star-kiosk") == '"/home/Ann Lee/venv/bin/star-kiosk"'
    # Inside quotes \ " ` $ get a backslash, then the string-value level doubles backslashes.
    assert exec_quote('/a$b') == '"/a\\\\$b"'
    assert exec_quote("/50%/x") == "/50%%/x"


def validate(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_entries_validate(tmp_path: Path) -> None:
    for name, autostart in (("plain", False), ("auto", True)):
        path = tmp_path / name / "star-kiosk.desktop"
        path.parent.mkdir()
        command = [str(tmp_path / "with space" / "star-kiosk"), "run"]
        path.write_text(desktop_entry(command, shortcut.ICON, autostart=autostart),
                        encoding="utf-8")
        validate(path)


def test_install_and_uninstall_round_trip(home: Path) -> None:
    options = argparse.Namespace(autostart=True, data_dir=None)
    assert shortcut.install_command(options) == 0
    menu = home / "data" / "applications" / "star-kiosk.desktop"
    desktop = home / "Desktop" / "star-kiosk.desktop"
    autostart = home / "config" / "autostart" / "star-kiosk.desktop"
    for path in (menu, desktop, autostart):
        assert path.is_file(), path
        validate(path)
    assert desktop.stat().st_mode & 0o111  # executable: the desktop may launch it
    keys = entries(menu.read_text(encoding="utf-8"))
    program = keys["Exec"].rsplit(" ", 1)[0].strip('"')
    assert keys["Exec"].endswith(" run") and Path(program).is_absolute()
    assert Path(keys["Icon"]).is_file() and keys["Icon"].endswith("icon.png")
    assert "X-GNOME-Autostart-enabled=true" in autostart.read_text(encoding="utf-8")

    # A launcher someone else wrote next to ours is never touched.
    other = home / "data" / "applications" / "other.desktop"
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    assert shortcut.uninstall_command(argparse.Namespace(data_dir=None)) == 0
    assert not menu.exists() and not desktop.exists() and not autostart.exists()
    assert other.exists()
    assert not (home / "data" / "star-kiosk" / "shortcuts.json").exists()


def test_install_without_autostart_and_foreign_file_kept(home: Path) -> None:
    desktop = home / "Desktop" / "star-kiosk.desktop"
    desktop.parent.mkdir()
    desktop.write_text("[Desktop Entry]\nType=Application\nName=Mine\nExec=mine\n")
    assert shortcut.install_command(argparse.Namespace(autostart=False, data_dir=None)) == 0
    assert "Name=Mine" in desktop.read_text()  # not ours: left alone
    assert (home / "data" / "applications" / "star-kiosk.desktop").is_file()
    assert not (home / "config" / "autostart" / "star-kiosk.desktop").exists()
    shortcut.uninstall_command(argparse.Namespace(data_dir=None))
    assert desktop.exists()
    assert not (home / "data" / "applications" / "star-kiosk.desktop").exists()


def test_other_platforms_say_so(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert shortcut.install_command(argparse.Namespace(autostart=False)) == 1
    message = capsys.readouterr().err
    assert "not supported on win32" in message and " run" in message


def test_install_says_what_staff_get_without_a_pin(home: Path, capsys) -> None:
    from kiosk.core.paths import data_dir
    from kiosk.core.pin import PinStore

    assert shortcut.install_command(argparse.Namespace(autostart=False, data_dir=None)) == 0
    assert "No staff PIN is set yet" in capsys.readouterr().out
    PinStore(data_dir(None)).set_pin("2468")  # the folder the launcher's kiosk reads
    assert shortcut.install_command(argparse.Namespace(autostart=False, data_dir=None)) == 0
    assert "No staff PIN" not in capsys.readouterr().out
