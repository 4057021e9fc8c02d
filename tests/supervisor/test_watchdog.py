"""The supervisor restarts a crashed or hung child on its slide, and stops when it should."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from kiosk.core.config import RunConfig
from kiosk.supervisor.watchdog import Supervisor, SupervisorConfig, kiosk_command
from tests.e2e_support import wait_for

FAKE_CHILD = Path(__file__).with_name("fake_child.py")
# hang_timeout: 2 s, not less: on a busy machine a fake child's beat can be late by half a
# second, and a test that is not about hangs must not get a hang restart.
FAST = SupervisorConfig(hang_timeout=2.0, startup_timeout=5.0, poll_interval=0.02,
                        backoff_base=0.05, crash_window=30.0, max_crashes=3,
                        unavailable_seconds=0.5, stop_grace=2.0)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def fake(mode: str, state: Path):
    def build(resume: str | None) -> list[str]:
        command = [sys.executable, str(FAKE_CHILD), mode, str(state)]
        return command + (["--resume-slide", resume] if resume else [])
    return build


def launches(state: Path) -> list[dict]:
    count = int((state / "count").read_text())
    return [json.loads((state / f"launch-{n}.json").read_text()) for n in range(1, count + 1)]


def events(folder: Path) -> list[dict]:
    path = folder / "events.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_killed_child_restarts_on_its_slide(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    supervisor = Supervisor(tmp_path, fake("crash-once", state), config=FAST)
    assert supervisor.run() == 0  # the second launch exits 0, like a staff exit
    first, second = launches(state)
    assert first["argv"] == []
    assert second["argv"] == ["--resume-slide", "slide-1"]
    restart = [e for e in events(tmp_path) if e["event"] == "restart"]
    assert len(restart) == 1
    assert restart[0]["cause"] == "signal" and restart[0]["signal"] == "SIGKILL"
    assert restart[0]["slide"] == "slide-1"
    assert "time" in restart[0]
    # Back at once: a first crash waits only the base back-off (the launch times are not
    # compared, they depend on the machine's load).
    assert restart[0]["delay"] == FAST.backoff_base


@pytest.mark.slow
@pytest.mark.expect_errors
def test_hung_child_is_killed_and_restarted(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    supervisor = Supervisor(tmp_path, fake("hang-once", state), config=FAST)
    started = time.monotonic()
    assert supervisor.run() == 0
    assert time.monotonic() - started < 10  # the 60 s sleep was cut short by the kill
    _, second = launches(state)
    assert second["argv"] == ["--resume-slide", "slide-1"]
    (restart,) = [e for e in events(tmp_path) if e["event"] == "restart"]
    assert restart["cause"] == "hang" and restart["slide"] == "slide-1"


def test_staff_exit_is_not_a_crash(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    # crash-loop's first launches exit 5; start at launch 5, which exits 0 at once.
    (state / "count").write_text("4")
    supervisor = Supervisor(tmp_path, fake("crash-loop", state), config=FAST)
    assert supervisor.run() == 0
    assert int((state / "count").read_text()) == 5
    assert not [e for e in events(tmp_path) if e["event"] == "restart"]


@pytest.mark.slow
@pytest.mark.expect_errors
def test_crash_loop_shows_unavailable_then_tries_again(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    marker = tmp_path / "unavailable-shown"
    unavailable = [sys.executable, "-c",
                   f"import pathlib, time; pathlib.Path({str(marker)!r}).touch(); time.sleep(30)"]
    # A generous hang timeout: on a busy machine a slow beat must not add a hang restart.
    config = dataclasses.replace(FAST, max_crashes=4, hang_timeout=5.0)
    supervisor = Supervisor(tmp_path, fake("crash-loop", state), unavailable=lambda: unavailable,
                            config=config)
    started = time.monotonic()
    assert supervisor.run() == 0
    assert time.monotonic() - started < 10  # the unavailable screen was ended, not waited for
    assert marker.exists()
    kinds = [e["event"] for e in events(tmp_path)]
    # Three restarts with back-off, then the fourth crash within the window trips the guard.
    assert kinds == ["restart", "restart", "restart", "unavailable"]
    restarts = [e for e in events(tmp_path) if e["event"] == "restart"]
    assert [r["exit_code"] for r in restarts] == [5, 5, 5]
    assert [r["delay"] for r in restarts] == [0.05, 0.05, 0.1]  # then doubling
    # After the pause the kiosk starts over, not on a resumed slide.
    assert launches(state)[4]["argv"] == []


def _block_stop_signals() -> None:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})


@pytest.mark.parametrize("inherited_mask", [None, _block_stop_signals],
                         ids=["plain", "started-with-sigterm-blocked"])
def test_sigterm_stops_child_cleanly(tmp_path: Path, inherited_mask) -> None:
    """Also when started with SIGTERM blocked, as Weston's autolaunch starts the session's
    kiosk (its signalfd needs them blocked, and children inherit the mask)."""
    state = tmp_path / "state"
    state.mkdir()
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(FAKE_CHILD.parent)!r})
        from pathlib import Path
        from test_watchdog import FAST, fake
        from kiosk.supervisor.watchdog import Supervisor
        s = Supervisor(Path({str(tmp_path)!r}), fake("forever", Path({str(state)!r})),
                       config=FAST)
        s.install_signal_handlers()
        sys.exit(s.run())
    """)
    process = subprocess.Popen([sys.executable, "-c", script], preexec_fn=inherited_mask)
    try:
        assert wait_for((state / "beating").exists, 30, step=0.02), "the child never beat"
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
    finally:
        process.kill()
    assert (state / "terminated").read_text() == "yes"  # the child got SIGTERM and exited
    assert int((state / "count").read_text()) == 1  # and was not restarted


def test_kiosk_command_passes_options_through(tmp_path: Path) -> None:
    config = RunConfig(content=Path("content"), screen=1, language="zh", verbose=True,
                       data_dir=tmp_path)
    build = kiosk_command(config)
    command = build(None)
    assert command[:5] == [sys.executable, "-m", "kiosk", "--verbose", "run"]
    assert "--no-supervise" in command
    # Absolute, never resolved: a symlink-swap deploy must be followed.
    assert command[command.index("--content") + 1] == os.path.abspath("content")
    assert command[command.index("--screen") + 1] == "1"
    assert command[command.index("--lang") + 1] == "zh"
    assert command[command.index("--data-dir") + 1] == str(tmp_path)
    assert "--resume-slide" not in command
    assert build("market-cap")[-2:] == ["--resume-slide", "market-cap"]


def test_child_killed_by_sigterm_alone_is_a_crash(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    supervisor = Supervisor(tmp_path, fake("sigterm-once", state), config=FAST)
    assert supervisor.run() == 0
    (restart,) = [e for e in events(tmp_path) if e["event"] == "restart"]
    assert restart["signal"] == "SIGTERM"
    assert not [e for e in events(tmp_path) if e["event"] == "stopped"]


def _supervise_in_subprocess(tmp_path: Path, mode: str, state: Path) -> subprocess.Popen:
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(FAKE_CHILD.parent)!r})
        from pathlib import Path
        from test_watchdog import FAST, fake
        from kiosk.supervisor.watchdog import Supervisor
        s = Supervisor(Path({str(tmp_path)!r}), fake({mode!r}, Path({str(state)!r})),
                       config=FAST)
        s.install_signal_handlers()
        sys.exit(s.run())
    """)
    # A session of its own: a signal to its process group reaches only it and its child.
    return subprocess.Popen([sys.executable, "-c", script], start_new_session=True)


@pytest.mark.parametrize("who", ["child", "test"])
def test_process_group_stop_is_not_a_restart(tmp_path: Path, who: str) -> None:
    """A logout signals the whole group: the child may die of SIGTERM before the
    supervisor's handler runs. That is a stop, logged as such, never a restart."""
    state = tmp_path / "state"
    state.mkdir()
    mode = "group-term" if who == "child" else "forever-default"
    process = _supervise_in_subprocess(tmp_path, mode, state)
    try:
        if who == "test":
            assert wait_for((state / "beating").exists, 30, step=0.02), "the child never beat"
            os.killpg(process.pid, signal.SIGTERM)
        assert process.wait(10) == 0
    finally:
        process.kill()
    kinds = [e["event"] for e in events(tmp_path)]
    assert kinds == ["stopped"]
    assert events(tmp_path)[0]["reason"] == "SIGTERM"
    assert int((state / "count").read_text()) == 1  # not started again


def test_stop_while_child_dies_is_not_a_restart(tmp_path: Path) -> None:
    """The child's death is seen first, the stop request lands moments later."""
    state = tmp_path / "state"
    state.mkdir()
    supervisor = Supervisor(tmp_path, fake("sigterm-once", state),
                            config=dataclasses.replace(FAST, stop_wait=2.0))
    original = supervisor.stop_request.wait

    def late_stop(seconds: float, readable: int | None = None) -> None:
        if readable is None:  # the wait for a stop, not the watch for beats
            threading.Timer(0.1, supervisor.stop, args=(signal.SIGTERM,)).start()
        original(seconds, readable)

    supervisor.stop_request.wait = late_stop
    assert supervisor.run() == 0
    assert [e["event"] for e in events(tmp_path)] == ["stopped"]
    assert int((state / "count").read_text()) == 1


@pytest.mark.slow
@pytest.mark.expect_errors
def test_invalid_content_exit_goes_straight_to_unavailable(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    marker = tmp_path / "unavailable-shown"
    unavailable = [sys.executable, "-c",
                   f"import pathlib, time; pathlib.Path({str(marker)!r}).touch(); time.sleep(30)"]
    supervisor = Supervisor(tmp_path, fake("content-invalid", state),
                            unavailable=lambda: unavailable, config=FAST)
    assert supervisor.run() == 0  # the third launch (content fixed) exits 0
    assert marker.exists()
    kinds = [e["event"] for e in events(tmp_path)]
    assert kinds == ["unavailable", "unavailable"]  # no restarts, no crash count
    assert all(e["cause"] == "content invalid" for e in events(tmp_path))
    assert supervisor.restarts == 0 and int((state / "count").read_text()) == 3


@pytest.mark.slow
@pytest.mark.expect_errors
def test_hangs_at_start_count_as_a_crash_loop(tmp_path: Path, logged_errors) -> None:
    """A kiosk that hangs before its first beat, again and again, is a crash loop: the calm
    screen comes after ``max_failed_starts`` of them, not never (each takes the start-up
    timeout, so the crash window alone would never see them), and each retry starts on
    the first slide, not on the slide that may be the poison."""
    state = tmp_path / "state"
    state.mkdir()
    marker = tmp_path / "unavailable-shown"
    unavailable = [sys.executable, "-c",
                   f"import pathlib, time; pathlib.Path({str(marker)!r}).touch(); time.sleep(30)"]
    # The start-up timeout leaves a busy machine time to start the good fourth launch.
    config = dataclasses.replace(FAST, startup_timeout=3.0, hang_timeout=3.0,
                                 crash_window=0.5, max_crashes=10, max_failed_starts=3)
    supervisor = Supervisor(tmp_path, fake("hang-at-start", state),
                            unavailable=lambda: unavailable, config=config)
    supervisor.last_slide = "poisoned"
    assert supervisor.run() == 0  # the fourth launch comes up and exits (staff exit)
    kinds = [e["event"] for e in events(tmp_path)]
    assert kinds == ["restart", "restart", "unavailable"]
    assert all(e["cause"] == "hang" for e in events(tmp_path) if e["event"] == "restart")
    assert marker.exists()
    assert all(launch["argv"] == [] for launch in launches(state))
    assert any("failed to start 3 times" in r.getMessage() for r in logged_errors)


def test_child_gets_a_private_heartbeat_pipe_not_a_file(tmp_path: Path) -> None:
    """Beats go over a pipe, so a data folder that cannot be written never looks like a
    hang; the supervisor passes its pid so the child can tell it was orphaned."""
    state = tmp_path / "state"
    state.mkdir()
    probe = tmp_path / "env.json"
    script = ("import json, os, sys; json.dump({'fd': os.environ.get('STAR_KIOSK_HEARTBEAT_FD'),"
              " 'sup': os.environ.get('STAR_KIOSK_SUPERVISOR_PID'), 'ppid': os.getppid()},"
              f" open({str(probe)!r}, 'w')); sys.exit(0)")
    supervisor = Supervisor(tmp_path, lambda _resume: [sys.executable, "-c", script],
                            config=FAST)
    assert supervisor.run() == 0
    seen = json.loads(probe.read_text())
    assert seen["fd"] is not None and seen["fd"].isdigit()
    assert int(seen["sup"]) == os.getpid() == seen["ppid"]
    assert not (tmp_path / "heartbeat.json").exists()


@pytest.mark.slow
@pytest.mark.expect_errors
def test_read_only_data_folder_is_no_hang(tmp_path: Path) -> None:
    """A kiosk that keeps beating is never killed as hung, whatever the disk does: here
    nothing at all can be written in the data folder (it is a file, which even root cannot
    write under; the read-only folder as an ordinary user is in test_faults_e2e)."""
    state = tmp_path / "state"
    state.mkdir()
    data = tmp_path / "data"
    data.write_text("not a folder")
    supervisor = Supervisor(data, fake("forever", state),
                            config=dataclasses.replace(FAST, hang_timeout=1.0))
    threading.Timer(2.0, supervisor.stop).start()
    assert supervisor.run() == 0
    assert int((state / "count").read_text()) == 1  # two seconds of beats, never restarted
    assert supervisor.restarts == 0


@pytest.mark.expect_errors
def test_supervisor_loop_survives_its_own_errors(tmp_path: Path, monkeypatch,
                                                 logged_errors) -> None:
    """Something unexpected inside the loop (here ``time.sleep`` raising once during the
    back-off) is logged and the loop goes on: the kiosk is restarted all the same."""
    state = tmp_path / "state"
    state.mkdir()
    supervisor = Supervisor(tmp_path, fake("crash-once", state), config=FAST)
    real_sleep = supervisor.stop_request.wait
    calls = {"n": 0}

    def failing_sleep(seconds: float, readable: int | None = None) -> None:
        if readable is None:  # the back-off, not the watch for beats
            calls["n"] += 1
            if calls["n"] == 1:
                raise OSError("the clock broke")
        real_sleep(seconds, readable)

    monkeypatch.setattr(supervisor.stop_request, "wait", failing_sleep)
    assert supervisor.run() == 0
    assert int((state / "count").read_text()) == 2  # restarted after the error
    assert [r.getMessage() for r in logged_errors] == [
        "unexpected error in the supervisor's loop (1 in a row)"]


@pytest.mark.slow
@pytest.mark.expect_errors
def test_an_error_while_watching_never_leaves_two_kiosks(tmp_path: Path, monkeypatch,
                                                         logged_errors) -> None:
    """The wait inside the watch loop raising: the watched kiosk is stopped before the loop
    goes on and starts another, so there is never a second one on screen."""

    state = tmp_path / "state"
    state.mkdir()
    supervisor = Supervisor(tmp_path, fake("forever", state), config=FAST)
    real_wait = supervisor.stop_request.wait
    calls = {"n": 0}

    def wait(seconds: float, readable: int | None = None) -> None:
        if readable is not None:  # the watch for beats
            calls["n"] += 1
            if calls["n"] == 20:  # while the first kiosk is being watched
                raise RuntimeError("unexpected")
        real_wait(seconds, readable)

    monkeypatch.setattr(supervisor.stop_request, "wait", wait)
    threading.Timer(3.0, supervisor.stop).start()
    assert supervisor.run() == 0
    assert int((state / "count").read_text()) == 2
    # The first was stopped by the supervisor (stop() only reaches the one it watches).
    assert (state / "terminated-1").exists() and (state / "terminated-2").exists()
    assert len(logged_errors) == 1
