"""A headless Weston (kiosk-shell) for end-to-end tests, run as an unprivileged user.

Compositors refuse to run as root, and CI runs the test command as root: then Weston runs
as ``nobody`` (via ``setpriv``) with its own runtime folder, and the kiosk, an ordinary
Wayland client, connects to the socket by its absolute path. Run as an ordinary user, both
simply run as that user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.e2e_support import read_events, wait_for
from tests.nobody_support import NOBODY

__all__ = ["headless_weston", "read_events", "wait_for", "weston_missing"]

UNPRIVILEGED = "nobody"


def weston_missing() -> str | None:
    """Why the Wayland tests cannot run here, or None when they can."""
    if shutil.which("weston") is None:
        return "needs weston (apt-get install weston)"
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        return "needs setpriv (util-linux) to run weston as an unprivileged user"
    return None


def _as_unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    return list(NOBODY)


@dataclass
class Weston:
    """A running headless Weston."""

    process: subprocess.Popen
    socket: Path
    """Its Wayland socket, by absolute path (usable as WAYLAND_DISPLAY by any user)."""
    log: Path

    def client_env(self, runtime_dir: Path) -> dict[str, str]:
        """The environment of a Qt client on this compositor."""
        env = {**os.environ, "QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": str(self.socket),
               "XDG_RUNTIME_DIR": str(runtime_dir)}
        env.pop("DISPLAY", None)
        return env


@contextmanager
def headless_weston(width: int, height: int, *, transform: str = "normal",
                    extra: tuple[str, ...] = ()) -> Iterator[Weston]:
    """Weston with kiosk-shell on a ``width``×``height`` headless output, as an ordinary user."""
    home = Path(tempfile.mkdtemp(prefix="star-kiosk-weston-"))  # /tmp: readable by nobody
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700)
    home.chmod(0o755)
    if os.geteuid() == 0:
        user = pwd.getpwnam(UNPRIVILEGED)
        for path in (home, runtime):
            os.chown(path, user.pw_uid, user.pw_gid)
    log = home / "weston.log"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [*_as_unprivileged(), "weston", "--backend=headless-backend.so",
             "--shell=kiosk-shell.so", f"--width={width}", f"--height={height}",
             f"--transform={transform}", "--socket=star-kiosk-test", "--idle-time=0",
             "--no-config", *extra],
            env=env, cwd=home, stdout=log_file, stderr=subprocess.STDOUT)
    weston = Weston(process, runtime / "star-kiosk-test", log)
    try:
        if not wait_for(weston.socket.exists, 15):
            raise AssertionError(f"weston did not start:\n{log.read_text(errors='replace')}")
        yield weston
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        shutil.rmtree(home, ignore_errors=True)


