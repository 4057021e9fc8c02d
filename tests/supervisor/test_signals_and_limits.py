"""The supervisor outlives stray signals, early stops and the task limit (issue 21).

* a signal it has no use for (SIGUSR1...) is logged and ignored, the kiosk keeps running;
* a SIGTERM in the first moments of ``star-kiosk run`` is a logged, clean stop (status 0,
  a ``stopped`` event), never a silent death with status 143;
* a child whose stderr thread cannot be started (``can't start new thread``) is stopped
  before anything else starts, and the start is retried: never two kiosks at once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import types

import pytest

from kiosk.core.paths import BUNDLED_CONTENT
from kiosk.supervisor import signals, stopping, watchdog
from kiosk.supervisor.watchdog import Supervisor
from tests.e2e_support import wait_for
from tests.supervisor.test_watchdog import FAKE_CHILD, FAST, events, fake

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def wait_until(predicate, seconds: float = 30.0) -> bool:
    return bool(wait_for(predicate, seconds, step=0.02))


def test_signal_names_cover_real_time_signals():
    assert signals.signal_name(signal.SIGUSR1) == "SIGUSR1"
    if hasattr(signal, "SIGRTMIN"):
        assert signals.signal_name(signal.SIGRTMIN + 2) == "SIGRTMIN+2"
    assert signal.SIGTERM not in signals.LOGGED_AND_IGNORED
    assert signal.SIGSEGV not in signals.LOGGED_AND_IGNORED  # its own faults keep theirs


@pytest.mark.parametrize("name", ["SIGUSR1", "SIGUSR2", "SIGALRM", "SIGPWR", "SIGRTMIN"])
def test_an_unexpected_signal_is_logged_and_the_kiosk_keeps_running(tmp_path, name):
    if not hasattr(signal, name):
        pytest.skip(f"no {name} here")
    number = getattr(signal, name)
    state = tmp_path / "state"
    state.mkdir()
    log_file = tmp_path / "supervisor.log"
    script = textwrap.dedent(f"""
        import logging, sys
        sys.path.insert(0, {str(FAKE_CHILD.parent.parent.parent)!r})
        from pathlib import Path
        from tests.supervisor.test_watchdog import FAST, fake
        from kiosk.supervisor.watchdog import Supervisor
        logging.basicConfig(filename={str(log_file)!r}, level=logging.INFO)
        s = Supervisor(Path({str(tmp_path)!r}), fake("forever", Path({str(state)!r})),
                       config=FAST)
        s.install_signal_handlers()
        sys.exit(s.run())
    """)
    process = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        assert wait_until((state / "beating").exists), "the child never beat"
        process.send_signal(number)
        assert wait_until(lambda: log_file.exists() and "received" in log_file.read_text())
        beats = (state / "beating").stat().st_mtime_ns
        assert wait_until(lambda: (state / "beating").stat().st_mtime_ns != beats), \
            "the kiosk stopped beating"
        assert process.poll() is None, "the supervisor died of the signal"
        process.send_signal(signal.SIGTERM)
        assert process.wait(15) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
    logged = log_file.read_text()
    assert f"received {signals.signal_name(number)}" in logged and "ignored" in logged
    assert int((state / "count").read_text()) == 1  # never restarted
    assert [e["event"] for e in events(tmp_path)] == ["stopped"]


EARLY_STOP = """
import os, signal, sys
class StopWhileImporting:  # a stop request while the command line's modules load
    def find_spec(self, name, path=None, target=None):
        if name == "kiosk.cli" and {at} == 0:
            os.kill(os.getpid(), signal.SIGTERM)
        return None
sys.meta_path.insert(0, StopWhileImporting())
import kiosk.core.logs as logs
real, calls = logs.setup_logging, []
def setup(*args, **kwargs):
    calls.append(1)
    if len(calls) == {at}:  # a stop request in the middle of start-up
        os.kill(os.getpid(), signal.SIGTERM)
    return real(*args, **kwargs)
logs.setup_logging = setup
sys.argv = ["star-kiosk", "run", "--data-dir", {data!r}, "--content", {content!r}]
from kiosk.entry import main
sys.exit(main())
"""


@pytest.mark.parametrize("at", [0, 1, 2],
                         ids=["while-importing", "before-logging", "before-the-lock"])
def test_sigterm_during_start_up_is_a_logged_clean_stop(tmp_path, at):
    """While ``star-kiosk``'s own modules are imported; at the first set-up of logging
    (``run``'s own); at the second (the supervisor's, just before its lock and the supervisor
    itself exist): all used to be a silent 143."""
    data = tmp_path / "data"
    script = EARLY_STOP.format(at=at, data=str(data), content=str(BUNDLED_CONTENT))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    logged = (data / "kiosk.log").read_text(encoding="utf-8")
    assert "asked to stop (SIGTERM) while starting; no kiosk was started" in logged
    written = [json.loads(line) for line in (data / "events.jsonl").read_text().splitlines()]
    assert [(e["event"], e["reason"]) for e in written] == [("stopped", "SIGTERM")]


class _Recorder(subprocess.Popen):
    """Popen that notes, at each start, whether an earlier child was still running."""

    started: list[subprocess.Popen] = []
    overlaps: list[int] = []

    def __init__(self, *args, **kwargs):
        running = [p.pid for p in _Recorder.started if p.poll() is None]
        super().__init__(*args, **kwargs)
        _Recorder.overlaps.extend(running)
        _Recorder.started.append(self)


@pytest.mark.expect_errors
def test_no_thread_for_a_new_child_stops_it_and_the_start_is_retried(tmp_path, monkeypatch,
                                                                     logged_errors):
    """``can't start new thread`` just after a child started: that child is stopped at once
    (never left running unwatched), and the next start is watched as usual."""
    state = tmp_path / "state"
    state.mkdir()
    failures = {"left": FAST.thread_attempts}  # every try for the first child fails

    class TaskLimitThread(threading.Thread):
        def start(self) -> None:
            if failures["left"] > 0:
                failures["left"] -= 1
                raise RuntimeError("can't start new thread")
            super().start()

    monkeypatch.setattr(watchdog, "threading", types.SimpleNamespace(Thread=TaskLimitThread))
    monkeypatch.setattr(_Recorder, "started", [])
    monkeypatch.setattr(_Recorder, "overlaps", [])
    monkeypatch.setattr(watchdog.subprocess, "Popen", _Recorder)
    supervisor = Supervisor(tmp_path, fake("forever", state), config=FAST)
    try:
        runner = threading.Thread(target=supervisor.run, daemon=True)
        runner.start()
        assert wait_until((state / "launch-2.json").exists), "no second start"
        assert wait_until((state / "beating").exists), "the second kiosk never beat"
        supervisor.stop()
        runner.join(15)
        assert not runner.is_alive()
    finally:
        for process in _Recorder.started:
            if process.poll() is None:
                process.kill()
                process.wait(5)
    first, second = _Recorder.started[:2]
    assert _Recorder.overlaps == [], "a second kiosk started beside an unwatched one"
    assert first.returncode is not None and second.returncode is not None
    assert (state / "terminated-2").exists()  # the watched one was stopped cleanly
    (restart,) = [e for e in events(tmp_path) if e["event"] == "restart"]
    assert restart["exit_code"] == 127 and "uptime" in restart
    assert any("cannot watch the kiosk" in r.getMessage() for r in logged_errors)


RELEASED = """
import os, signal, sys
sys.argv = ["star-kiosk", "validate", "run"]  # a content folder named "run"
import kiosk.entry, kiosk.cli
real = kiosk.cli._validate
def validate(options):
    os.kill(os.getpid(), signal.SIGTERM)  # arrives before the command's own work
    return real(options)
kiosk.cli._HANDLERS["validate"] = validate
sys.exit(kiosk.entry.main())
"""


def test_a_command_taken_for_a_run_at_first_still_dies_of_sigterm(tmp_path):
    """``kiosk.entry`` guesses from the words (here a folder named 'run'); once parsed, a
    command that is not a supervised run gets SIGTERM's default action back."""
    result = subprocess.run([sys.executable, "-c", RELEASED], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)
    assert result.returncode == -signal.SIGTERM, result.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.expect_errors
def test_the_calm_screen_wait_wakes_only_to_recheck_and_a_stop_ends_it_at_once(
        tmp_path, monkeypatch):
    """The supervisor's waits are one stoppable wait: during the unavailable screen it wakes
    to look whether the cause is gone (every ``recheck_seconds``), not every poll interval
    (each wake-up is CPU beside the calm screen), and a stop request ends it at once."""
    import dataclasses

    state = tmp_path / "state"
    state.mkdir()
    config = dataclasses.replace(FAST, unavailable_seconds=30.0, recheck_seconds=0.5,
                                 poll_interval=0.02)
    supervisor = Supervisor(tmp_path, fake("content-invalid", state), config=config)
    checks: list[float] = []
    real_check = supervisor.recovery.cause_gone

    def cause_gone():
        checks.append(time.monotonic())
        if len(checks) == 4:
            threading.Timer(0.2, supervisor.stop).start()  # mid-wait: a stop request
        return real_check()

    monkeypatch.setattr(supervisor.recovery, "cause_gone", cause_gone)
    waits = {"n": 0}
    real_select = stopping.select.select

    def counting_select(readable, *args):
        if readable == [supervisor.stop_request.fileno()]:  # its own waits, not the watch
            waits["n"] += 1
        return real_select(readable, *args)

    monkeypatch.setattr(stopping, "select", types.SimpleNamespace(select=counting_select))
    naps: list[float] = []
    calm = {"on": False}
    monkeypatch.setattr(watchdog, "time", types.SimpleNamespace(
        monotonic=time.monotonic,
        sleep=lambda seconds: naps.append(seconds) if calm["on"] else time.sleep(seconds)))
    real_show = supervisor._show_unavailable

    def show_unavailable() -> None:
        calm["on"] = True
        try:
            real_show()
        finally:
            calm["on"] = False

    monkeypatch.setattr(supervisor, "_show_unavailable", show_unavailable)
    started = time.monotonic()
    assert supervisor.run() == 0
    assert len(checks) == 4 and time.monotonic() - started < 10  # the stop ended the 30 s
    assert waits["n"] <= 6, f"{waits['n']} wake-ups in ~2 s (a 0.02 s poll would be ~100)"
    assert naps == []  # no fixed naps while the calm screen shows
    # A stop during the calm screen is on record too (it used to leave no stopped event).
    assert [e["event"] for e in events(tmp_path)] == ["unavailable", "stopped"]
