"""The supervisor's one stoppable wait: it ends on a stop request, even one made by a signal
handler that interrupts the wait itself, and on data to read — and otherwise waits it out."""

from __future__ import annotations

import os
import signal
import threading
import time

from kiosk.supervisor.stopping import StopRequest


def test_a_wait_runs_its_time_when_nothing_happens() -> None:
    stop = StopRequest()
    started = time.monotonic()
    stop.wait(0.2)
    assert time.monotonic() - started >= 0.2
    assert not stop.requested


def test_a_signal_handler_ends_the_wait_it_interrupted() -> None:
    stop = StopRequest()
    previous = signal.signal(signal.SIGUSR1, lambda _number, _frame: stop.request())
    try:
        threading.Timer(0.1, os.kill, args=(os.getpid(), signal.SIGUSR1)).start()
        started = time.monotonic()
        stop.wait(30.0)
        assert time.monotonic() - started < 10.0  # not the 30 s
        assert stop.requested
    finally:
        signal.signal(signal.SIGUSR1, previous)


def test_a_request_from_another_thread_ends_every_later_wait_at_once() -> None:
    stop = StopRequest()
    threading.Timer(0.1, stop.request).start()
    stop.wait(30.0)
    started = time.monotonic()
    stop.wait(30.0)  # already requested: no wait at all
    stop.wait(30.0, readable=stop.fileno())
    assert time.monotonic() - started < 5.0


def test_data_to_read_ends_the_wait_without_a_stop() -> None:
    stop = StopRequest()
    read, write = os.pipe()
    try:
        threading.Timer(0.1, os.write, args=(write, b"beat")).start()
        started = time.monotonic()
        stop.wait(30.0, readable=read)
        assert time.monotonic() - started < 10.0
        assert not stop.requested
    finally:
        os.close(read)
        os.close(write)
