"""The kiosk's heartbeat over the supervisor's pipe: beats, drops, and orphan detection."""

from __future__ import annotations

import os

from kiosk.core.heartbeat import BeatReader
from kiosk.runtime.heartbeat import Heartbeat


def test_beats_carry_the_slide_and_count_up(qtbot) -> None:
    read_fd, write_fd = os.pipe()
    reader = BeatReader(read_fd)
    slide = {"id": "intro"}
    heartbeat = Heartbeat(write_fd, lambda: slide["id"], interval_ms=20)
    heartbeat.start()
    try:
        first = reader.poll()
        assert first is not None and first.slide == "intro" and first.pid == os.getpid()
        slide["id"] = "metrics"
        seen = []
        qtbot.waitUntil(lambda: seen.append(reader.poll()) or (
            seen[-1] is not None and seen[-1].slide == "metrics"), timeout=2000)
        assert seen[-1].seq > first.seq
    finally:
        heartbeat.stop()
        reader.close()
        os.close(write_fd)


def test_a_full_pipe_drops_beats_instead_of_blocking(qtbot) -> None:
    """A supervisor that stops reading (SIGSTOPped, swapped out) must never freeze the GUI."""
    read_fd, write_fd = os.pipe()
    heartbeat = Heartbeat(write_fd, lambda: "intro")
    try:
        for _ in range(5000):  # far more than a pipe holds (64 KiB)
            heartbeat.beat()
        assert not heartbeat.orphaned
    finally:
        os.close(read_fd)
        os.close(write_fd)


def test_a_pipe_nobody_reads_means_orphaned(qtbot) -> None:
    """The supervisor died (its read end closed): the kiosk leaves, once."""
    read_fd, write_fd = os.pipe()
    left = []
    heartbeat = Heartbeat(write_fd, lambda: "intro", on_orphaned=lambda: left.append(1),
                          interval_ms=20)
    heartbeat.start()
    os.close(read_fd)
    try:
        qtbot.waitUntil(lambda: heartbeat.orphaned, timeout=2000)
        qtbot.wait(100)
        assert left == [1]
    finally:
        heartbeat.stop()
        os.close(write_fd)


def test_a_new_parent_means_orphaned(qtbot) -> None:
    """Re-parented (the supervisor is gone) even while the pipe still works."""
    read_fd, write_fd = os.pipe()
    left = []
    heartbeat = Heartbeat(write_fd, lambda: "intro", on_orphaned=lambda: left.append(1),
                          supervisor_pid=os.getppid() + 1_000_000)
    heartbeat.start()
    try:
        assert heartbeat.orphaned and left == [1]
    finally:
        heartbeat.stop()
        os.close(read_fd)
        os.close(write_fd)
