"""Faults on the running kiosk, end to end: the real supervisor and kiosk under Xvfb.

Each test starts ``python -m kiosk run`` (supervised unless it says otherwise) on a private
Xvfb display and injects one fault: a read-only data folder (as the ordinary user
``nobody``, since root writes anywhere), a full disk, a second instance and a SIGKILLed
supervisor, a frozen kiosk, a display that goes away and comes back, content fixed while the
calm screen shows, and a desktop shortcut under a real window manager (openbox). Skipped
where Xvfb or xdotool (or, per test, setpriv, openbox, mount) is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.metrics import METRICS_FILE
from tests.displays import XDisplay
from tests.e2e_support import holds_for, read_events, wait_for
from tests.nobody_support import NOBODY, NobodyCopy

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SIZE = "1280x720"
WINDOW_MANAGER_SECONDS = 1.0
"""Long enough for openbox to act on a key chord."""
HEARTBEAT_SECONDS = 0.5
"""How often the kiosk tells its supervisor it is alive, and which slide it shows."""


def events(data: Path) -> list[dict]:
    return read_events(data / "events.jsonl")


def named(data: Path, name: str) -> list[dict]:
    return [e for e in events(data) if e["event"] == name]


@pytest.fixture
def display(xvfb) -> XDisplay:
    """A private Xvfb of :data:`SIZE` (the ``xvfb`` fixture)."""
    width, height = (int(side) for side in SIZE.split("x"))
    return xvfb(width, height)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder every user can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="star-kiosk-faults-"))
    folder.chmod(0o755)
    yield folder
    subprocess.run(["chmod", "-R", "u+w", str(folder)], check=False)
    shutil.rmtree(folder, ignore_errors=True)


class Run:
    """One ``python -m kiosk run`` with its stderr in a file."""

    def __init__(self, display: XDisplay, data: Path, *extra: str, content: Path = CONTENT,
                 nobody: NobodyCopy | None = None, log: Path | None = None,
                 env: dict[str, str] | None = None) -> None:
        """As root, or as the user ``nobody`` from the copy it can read (the
        ``nobody_copy`` fixture), whose bundled content then stands in for :data:`CONTENT`."""
        self.data = data
        self.stderr_path = log or data.parent / f"stderr-{time.monotonic_ns()}.txt"
        self._stderr = open(self.stderr_path, "w")
        python, environment = sys.executable, {**display.env(), **(env or {})}
        folder = ROOT
        if nobody is not None:
            python, environment["PYTHONPATH"], folder = nobody.python, nobody.pythonpath, \
                nobody.root
            content = nobody.content if content == CONTENT else content
        command = [*(NOBODY if nobody else []), python, "-m", "kiosk", "run", "--data-dir",
                   str(data), "--content", str(content), *extra]
        self.process = subprocess.Popen(command, env=environment, stdout=self._stderr,
                                        stderr=subprocess.STDOUT, cwd=str(folder),
                                        start_new_session=True)

    @property
    def output(self) -> str:
        if not self._stderr.closed:
            self._stderr.flush()
        return self.stderr_path.read_text(errors="replace")

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self._stderr.close()
        return self.process.returncode


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purpose
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def steady_kiosk(display: XDisplay, seconds: float, run: Run | None = None) -> int:
    """The kiosk's pid, after checking the same kiosk stayed on screen for ``seconds``."""
    pids = wait_for(display.kiosk_pids, 60)
    assert pids, "no kiosk window came up" + (f": {run.output[-3000:]}" if run else "")
    (pid,) = pids
    assert holds_for(lambda: display.kiosk_pids() == {pid}, seconds, step=0.5), \
        "the kiosk was replaced"
    return pid


def metrics_slide(data: Path) -> str | None:
    """The slide the metrics file says is on screen (its id), or None."""
    try:
        text = (data / METRICS_FILE).read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r'^star_kiosk_slide\{[^}]*\bid="([^"]*)"', text, re.MULTILINE)
    return found.group(1) if found else None


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux)")
@pytest.mark.parametrize("old_files", [False, True], ids=["empty", "with-old-files"])
def test_read_only_data_folder(display: XDisplay, shared_tmp: Path, nobody_copy: NobodyCopy,
                               old_files: bool) -> None:
    """As an ordinary user with a data folder it cannot write: the supervisor starts (no
    logging error, no traceback, one clear warning), the kiosk comes up and is never killed
    as hung, because its heartbeat needs no disk."""
    data = shared_tmp / "data"
    data.mkdir()
    if old_files:
        (data / "kiosk.log").write_text("old log\n")
        (data / "events.jsonl").write_text("")
        (data / "heartbeat.json").write_text("{}")
        (data / "settings.ini").write_text("")
    subprocess.run(["chmod", "-R", "a-w", str(data)], check=True)
    run = Run(display, data, nobody=nobody_copy, log=shared_tmp / "stderr.txt")
    try:
        steady_kiosk(display, 12, run)  # more than twice the 5 s hang timeout
        assert run.process.poll() is None, run.output
    finally:
        code = run.stop()
    output = run.output
    assert code == 0, output
    assert "Logging error" not in output and "Traceback" not in output, output
    assert output.count("cannot write the log file") <= 2, output  # supervisor and kiosk
    assert "cannot write the log file" in output
    assert "no heartbeat" not in output


def test_second_instance_refused_and_orphan_dies(display: XDisplay, shared_tmp: Path) -> None:
    """A second start on the same data folder says so and brings nothing up; a SIGKILLed
    supervisor takes its kiosk with it, and a new start then comes up."""
    data = shared_tmp / "data"
    first = Run(display, data)
    second = None
    try:
        pid = steady_kiosk(display, 0)
        second = Run(display, data)
        assert second.process.wait(60) == 4, second.output
        assert "already running" in second.output
        assert display.kiosk_pids() == {pid}
        unsupervised = Run(display, data, "--no-supervise")
        assert unsupervised.process.wait(60) == 4, unsupervised.output
        os.kill(first.process.pid, signal.SIGKILL)
        assert wait_for(lambda: not alive(pid), 10), "the orphaned kiosk lived on"
        third = Run(display, data)
        try:
            # A new kiosk, not the dead one's window that X may still list for a moment
            # (stopping the new supervisor before it is up would end it by SIGTERM's default).
            assert wait_for(lambda: display.kiosk_pids() - {pid}, 60), \
                "no kiosk after the orphan died"
        finally:
            assert third.stop() == 0
    finally:
        first.stop()
        if second is not None:
            second.stop()


def test_frozen_kiosk_is_replaced_on_its_slide(display: XDisplay, shared_tmp: Path) -> None:
    """What held must hold: a SIGSTOPped kiosk is killed and restarted on the same slide."""
    data = shared_tmp / "data"
    run = Run(display, data)
    try:
        pid = steady_kiosk(display, 0)
        assert wait_for(lambda: named(data, "slide_shown"), 60)
        # A visitor swipes to the next slide (which also holds the attract loop there).
        width, height = display.width, display.height
        display.drag([(x, height // 2) for x in range(width * 3 // 4, width // 5, -50)])
        swiped = wait_for(lambda: [e for e in named(data, "slide_shown")
                                   if e["trigger"] == "swipe"], 60)
        assert swiped, events(data)
        on_screen = swiped[-1]["slide"]
        # The kiosk shows it (its metrics file says so within 0.2 s of the change); then
        # two beats of the heartbeat (every 0.5 s, not observable from here) carry it to the
        # supervisor: the one wait here that is a period, not a state.
        assert wait_for(lambda: metrics_slide(data) == on_screen, 60), metrics_slide(data)
        time.sleep(2 * HEARTBEAT_SECONDS)
        os.kill(pid, signal.SIGSTOP)
        stopped_at = time.monotonic()
        restart = wait_for(lambda: named(data, "restart"), 60)
        replaced_after = time.monotonic() - stopped_at
        assert restart and restart[0]["cause"] == "hang", run.output
        assert restart[0]["slide"] == on_screen
        started = wait_for(lambda: [e for e in named(data, "slide_shown")
                                    if e["trigger"] == "start" and e["slide"] == on_screen], 60)
        assert started, events(data)
        print(f"frozen kiosk replaced after {replaced_after:.1f} s")
    finally:
        assert run.stop() == 0


def test_calm_screen_ends_when_the_content_is_fixed(display: XDisplay, shared_tmp: Path) -> None:
    """Invalid content with no last good copy: the calm screen, then — as soon as the
    curator fixes the content, not 300 s later — the kiosk."""
    content = shared_tmp / "content"
    shutil.copytree(CONTENT, content)
    deck = content / "deck.yaml"
    good = deck.read_text(encoding="utf-8")
    deck.write_text("slides: [", encoding="utf-8")
    data = shared_tmp / "data"
    run = Run(display, data, content=content)
    try:
        assert wait_for(lambda: named(data, "unavailable"), 60), run.output
        assert holds_for(lambda: not named(data, "started"), 1.0), "a kiosk started anyway"
        deck.write_text(good, encoding="utf-8")
        fixed = time.monotonic()
        assert wait_for(lambda: named(data, "started"), 60), run.output
        print(f"kiosk back {time.monotonic() - fixed:.1f} s after the fix")
        assert "the content changed and is valid" in (data / "kiosk.log").read_text()
    finally:
        assert run.stop() == 0


def test_display_back_ends_the_calm_screen(display: XDisplay, shared_tmp: Path) -> None:
    """The X server dies: the kiosk crashes and keeps crashing until the calm screen; when
    the X server is back, the kiosk is tried again at once, not after the 300 s pause."""
    data = shared_tmp / "data"
    run = Run(display, data)
    try:
        steady_kiosk(display, 0)
        display.stop()
        assert wait_for(lambda: named(data, "unavailable"), 90), run.output
        display.start()
        back = time.monotonic()
        assert wait_for(display.kiosk_pids, 90), run.output
        print(f"kiosk back {time.monotonic() - back:.1f} s after the display")
        assert "the display is back" in (data / "kiosk.log").read_text()
    finally:
        assert run.stop() == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tiny tmpfs needs root")
def test_full_disk_is_no_hang_and_no_death(display: XDisplay, shared_tmp: Path) -> None:
    """A data folder on a full disk from the start: the supervisor lives, the kiosk comes up
    and is never killed as hung; when there is room again, events are written again."""
    data = shared_tmp / "data"
    data.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(data)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        filler = data / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k"], capture_output=True)
        run = Run(display, data, log=shared_tmp / "stderr.txt")
        try:
            steady_kiosk(display, 12, run)
            assert run.process.poll() is None, run.output
            filler.unlink()
            assert wait_for(lambda: named(data, "slide_shown"), 60), run.output
        finally:
            code = run.stop()
        output = run.output
        assert code == 0, output
        assert "Logging error" not in output and "Traceback" not in output, output
        assert "no heartbeat" not in output
    finally:
        subprocess.run(["umount", "-l", str(data)], check=False)


@pytest.mark.skipif(shutil.which("openbox") is None, reason="needs openbox")
def test_desktop_shortcuts_do_not_hide_the_kiosk(display: XDisplay, shared_tmp: Path) -> None:
    """Under openbox (default config): Super+D ("show desktop"), a desktop switch and a
    minimise request leave the kiosk on screen, or bring it back at once."""
    wm = subprocess.Popen(["openbox"], env=display.env(), stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    # openbox manages the screen once it says how many desktops there are: the kiosk must
    # come up under it (as on a desktop), not before it (then openbox takes it over late).
    assert wait_for(lambda: display.xdotool("get_num_desktops").isdigit(), 60), \
        "openbox did not start"
    data = shared_tmp / "data"
    run = Run(display, data, "--no-supervise")
    try:
        steady_kiosk(display, 2)
        (window,) = display.kiosk_windows()
        # What openbox does with a chord is not logged anywhere: give it a moment to act
        # (hide or move the kiosk), then the kiosk must be on screen — left there, or back.
        for chord in ("super+d", "ctrl+alt+Right", "ctrl+alt+Left"):
            display.xdotool("key", chord)
            time.sleep(WINDOW_MANAGER_SECONDS)
            assert wait_for(display.kiosk_windows, 15), \
                f"{chord} hid the kiosk: {(data / 'kiosk.log').read_text()[-2000:]}"
        display.xdotool("windowminimize", window)
        assert wait_for(display.kiosk_windows, 15), "the minimised kiosk never came back"
        # Unmapped behind Qt's back (what "show desktop" can do without a word to the
        # client): the window's steady watch notices and maps it again.
        display.xdotool("windowunmap", window)
        assert wait_for(display.kiosk_windows, 15), "the unmapped kiosk never came back"
        # Activation may take a few of the window's one-second re-checks on a busy machine.
        assert wait_for(lambda: display.xdotool("getactivewindow") == window, 15)
        assert display.xdotool("get_desktop") == "0"  # the desktop switch never happened
        assert run.process.poll() is None
    finally:
        run.stop()
        wm.kill()
        wm.wait(5)
    log = (data / "kiosk.log").read_text()
    assert "bringing it back" in log and "is back" in log


def test_events_file_deleted_while_running(display: XDisplay, shared_tmp: Path) -> None:
    """Staff delete events.jsonl while the kiosk runs: the next events go to a new file,
    and the log says the old one went away."""
    data = shared_tmp / "data"
    run = Run(display, data, env={"STAR_KIOSK_TIME_SCALE": "8"})  # slides change often
    try:
        steady_kiosk(display, 0)
        assert wait_for(lambda: named(data, "slide_shown"), 30)
        (data / "events.jsonl").unlink()
        assert wait_for(lambda: named(data, "slide_shown"), 60), run.output
        assert "removed or moved while the kiosk ran" in (data / "kiosk.log").read_text()
    finally:
        assert run.stop() == 0


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux)")
def test_unreadable_content_file_is_reported_once(display: XDisplay, shared_tmp: Path,
                                                  nobody_copy: NobodyCopy) -> None:
    """deck.yaml made unreadable while the kiosk runs (as an ordinary user): the edit is
    refused once and the file left out of the watch — no warning every 2 s for days."""
    content = shared_tmp / "content"
    shutil.copytree(CONTENT, content)
    data = shared_tmp / "data"
    data.mkdir()
    data.chmod(0o777)
    run = Run(display, data, content=content, nobody=nobody_copy)
    try:
        steady_kiosk(display, 0, run)
        log = data / "kiosk.log"
        assert wait_for(lambda: "watching" in log.read_text(), 60), run.output
        (content / "deck.yaml").chmod(0)
        assert wait_for(lambda: "content change refused" in log.read_text(), 60), run.output
        # Said once, and not again over three and more of the 2 s re-checks.
        assert holds_for(lambda: log.read_text().count("content change refused") == 1, 7), \
            log.read_text()[-3000:]
        text = log.read_text()
        assert text.count("cannot read /") == 1
        assert "inotify_add_watch" not in text + run.output
        assert display.kiosk_pids(), "the kiosk went away"
    finally:
        (content / "deck.yaml").chmod(0o644)
        assert run.stop() == 0
