"""Private X servers for the end-to-end tests: one way to start Xvfb, used by every test that
needs a real X server (through the ``xvfb`` fixture in ``tests/conftest.py``).

Xvfb picks a free display number itself and writes it to a pipe once it accepts connections
(``-displayfd``): no guessed numbers, no race with another run for one, no trouble with a
stale ``/tmp/.X*-lock``, and no blind wait for the server to come up. It runs with
``-noreset``: by default an X server resets each time its last client leaves, and a kiosk that
connects during that reset (a probe had just left) was refused on a loaded machine. ``start``
returns only once a real client has connected.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("Xvfb", "xdotool")
START_SECONDS = 60.0
"""How long Xvfb may take to accept connections (slow on a busy machine)."""
KIOSK_TITLE = "STAR Kiosk"


def xvfb_missing() -> str | None:
    """Why the Xvfb tests cannot run here, or None when they can."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"needs {', '.join(missing)} (apt-get install xvfb xdotool)"
    return None


def _read_line(fd: int, timeout: float) -> str:
    """What is written to ``fd`` up to its first newline ("" at EOF or after ``timeout``).
    Xvfb writes the number, then the newline, in two writes and dies if the pipe is closed
    between them: the whole line must be read before the pipe is closed."""
    end = time.monotonic() + timeout
    written = b""
    while not written.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], max(0.0, end - time.monotonic()))
        chunk = os.read(fd, 64) if ready else b""
        if not chunk:
            return ""
        written += chunk
    return written.decode().strip()


class XDisplay:
    """A private Xvfb of ``width``×``height`` pixels, started at once; ``stop`` ends it and
    ``start`` brings it back on the same display number (a display that goes away and comes
    back, as a kiosk sees it)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.number: int | None = None
        self.server: subprocess.Popen[bytes] | None = None
        self._finger_down = False
        handle, log = tempfile.mkstemp(prefix="star-kiosk-xvfb-", suffix=".log")
        os.close(handle)
        self._log = Path(log)
        self.start()

    @property
    def name(self) -> str:
        """The display's name, as ``DISPLAY`` takes it (``:N``)."""
        return f":{self.number}"

    def start(self) -> None:
        """Start Xvfb (on its old number, if it had one) and return once it takes clients."""
        assert self.server is None, "already running"
        read_end, write_end = os.pipe()
        where = [] if self.number is None else [self.name]
        with open(self._log, "ab") as log:
            self.server = subprocess.Popen(
                ["Xvfb", *where, "-displayfd", str(write_end), "-screen", "0",
                 f"{self.width}x{self.height}x24", "-nolisten", "tcp", "-noreset"],
                pass_fds=(write_end,), stdout=log, stderr=log)
        os.close(write_end)
        try:
            written = _read_line(read_end, START_SECONDS)
        finally:
            os.close(read_end)
        if not written.isdigit():  # exited (EOF) or never ready
            self.stop()
            raise AssertionError(f"Xvfb did not start:\n{self._log.read_text(errors='replace')}")
        self.number = int(written)
        self._wait_for_a_client()

    def _wait_for_a_client(self) -> None:
        """Return once a client's connection is accepted: the ready line says the server is
        listening, this that it also answers."""
        end = time.monotonic() + START_SECONDS
        while True:
            answered = subprocess.run(["xdotool", "getdisplaygeometry"], env=self.env(),
                                      capture_output=True, timeout=START_SECONDS, check=False)
            if answered.returncode == 0:
                return
            if time.monotonic() > end:
                self.stop()
                raise AssertionError(
                    f"Xvfb took no client: {answered.stderr.decode(errors='replace')}\n"
                    f"{self._log.read_text(errors='replace')}")
            time.sleep(0.1)

    def stop(self) -> None:
        """End the X server (it removes its own lock and socket on SIGTERM)."""
        if self.server is None:
            return
        server, self.server = self.server, None
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
            for leftover in (Path(f"/tmp/.X11-unix/X{self.number}"),
                             Path(f"/tmp/.X{self.number}-lock")):
                leftover.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop the server and remove its log."""
        self.stop()
        self._log.unlink(missing_ok=True)

    def env(self) -> dict[str, str]:
        """The environment of a program on this display (Qt on xcb, this checkout importable,
        no Wayland)."""
        env = {**os.environ, "DISPLAY": self.name, "QT_QPA_PLATFORM": "xcb",
               "PYTHONPATH": str(ROOT)}
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def xdotool(self, *args: str, timeout: float = 10) -> str:
        """Run xdotool on this display; its output, stripped."""
        try:
            result = subprocess.run(["xdotool", *args], env=self.env(), capture_output=True,
                                    text=True, timeout=timeout)
        except subprocess.TimeoutExpired:  # "search --sync" that never found a window
            return ""
        return result.stdout.strip()

    def drag(self, points: list[tuple[int, int]], step_seconds: float = 0.012, *,
             lift: bool = True) -> None:
        """A finger put down on the first of ``points`` (unless it is down already: ``lift``
        False left it there), moved through the rest one step every ``step_seconds``, and
        lifted unless ``lift`` is False. The steps are paced by one xdotool (its own ``sleep``
        between moves), so the finger's speed — part of the gesture: a drag, a flick — does
        not depend on how fast this machine starts processes."""
        (x, y), *rest = points
        moves: list[str] = ["mousemove", str(x), str(y)]
        if not self._finger_down:
            moves += ["mousedown", "1"]
        for x_to, y_to in rest:
            moves += ["sleep", f"{step_seconds:g}", "mousemove", str(x_to), str(y_to)]
        if lift:
            moves += ["mouseup", "1"]
        self.xdotool(*moves, timeout=30)
        self._finger_down = not lift

    def kiosk_windows(self) -> list[str]:
        """The visible kiosk windows now."""
        return self.xdotool("search", "--onlyvisible", "--name", KIOSK_TITLE).split()

    def visible_kiosk_window(self, timeout: float = 60) -> str:
        """The kiosk's window, once it is mapped and visible (so input lands on it)."""
        found = self.xdotool("search", "--sync", "--onlyvisible", "--name", KIOSK_TITLE,
                             timeout=timeout).split()
        assert found, "no visible kiosk window"
        return found[0]

    def kiosk_pids(self) -> set[int]:
        """The processes that own the visible kiosk windows."""
        pids = set()
        for window in self.kiosk_windows():
            pid = self.xdotool("getwindowpid", window)
            if pid.isdigit():
                pids.add(int(pid))
        return pids
