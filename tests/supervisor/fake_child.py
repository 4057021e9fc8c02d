"""A stand-in for the kiosk under the supervisor: beats, then behaves as its mode says.

Usage: fake_child.py MODE STATE_DIR [--resume-slide ID]. Each launch is numbered (1, 2...)
through a counter file in STATE_DIR and records its argv as launch-N.json, so a test can
check what the supervisor passed on each restart.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

from kiosk.core.heartbeat import heartbeat_fd_from_env, send_beat


def main() -> None:
    mode, state = sys.argv[1], Path(sys.argv[2])
    counter = state / "count"
    launch = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(launch))
    (state / f"launch-{launch}.json").write_text(json.dumps(
        {"argv": sys.argv[3:], "time": time.time()}))
    beat_fd = heartbeat_fd_from_env()
    assert beat_fd is not None, "the supervisor passes a heartbeat pipe"
    os.set_blocking(beat_fd, False)
    slide = sys.argv[sys.argv.index("--resume-slide") + 1] if "--resume-slide" in sys.argv \
        else f"slide-{launch}"
    seq = 0

    def beat(times: int) -> None:
        nonlocal seq
        for _ in range(times):
            seq += 1
            send_beat(beat_fd, os.getpid(), seq, slide)
            (state / "beating").write_text(str(os.getpid()))
            time.sleep(0.03)

    if mode == "crash-once":
        beat(3)
        if launch == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        sys.exit(0)
    if mode == "hang-once":
        beat(3)
        if launch == 1:
            time.sleep(60)  # frozen: no more beats
        sys.exit(0)
    if mode == "crash-loop":  # comes up, then crashes
        beat(2)
        sys.exit(5 if launch <= 4 else 0)
    if mode == "hang-at-start":  # a poisoned first slide: hangs before its first beat
        if launch <= 3:
            time.sleep(60)
        beat(2)
        sys.exit(0)
    if mode == "beat-then-hold":  # beats a few times, then lives on without beating
        beat(3)
        time.sleep(60)
        sys.exit(0)
    if mode == "content-invalid":  # no valid content, no snapshot; fixed by the 3rd launch
        sys.exit(3 if launch <= 2 else 0)
    if mode == "sigterm-once":  # someone killed just the kiosk with SIGTERM: a crash
        beat(3)
        if launch == 1:
            os.kill(os.getpid(), signal.SIGTERM)
        sys.exit(0)
    if mode == "group-term":  # the whole process group is told to stop (a logout)
        beat(3)
        os.killpg(0, signal.SIGTERM)  # the child dies of it: the default action
        time.sleep(5)
        sys.exit(0)
    if mode == "forever-default":  # like the kiosk: SIGTERM's default action kills it
        while True:
            beat(1)
    if mode == "forever":
        signal.signal(signal.SIGTERM, lambda *_: (
            (state / "terminated").write_text("yes"),
            (state / f"terminated-{launch}").write_text("yes"), sys.exit(0)))
        while True:
            beat(1)
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
