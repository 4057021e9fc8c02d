"""Event history covers the period the README promises (issue 21: rotation kept ~49 days,
so a 90-day report silently missed weeks)."""

from __future__ import annotations

import math
from pathlib import Path

from kiosk.core.content.loader import load_deck
from kiosk.core.events import EVENTS_FILE, EventLog
from kiosk.core.logs import (
    EVENTS_BACKUPS,
    EVENTS_BUSY_DAY_BYTES,
    EVENTS_KEPT_DAYS,
    EVENTS_MAX_BYTES,
)
from kiosk.core.paths import BUNDLED_CONTENT

VISITS_A_DAY = 400
"""A busy museum day at one screen (each visit: ten slides by hand, a language switch)."""


def write_busy_day(log: EventLog) -> None:
    """One day of the busiest use the promise is sized for: the bundled deck's attract loop
    round the clock, at each slide's own duration, and :data:`VISITS_A_DAY` visits."""
    deck = load_deck(BUNDLED_CONTENT).deck
    assert deck is not None
    seconds, index = 0.0, 0
    while seconds < 24 * 3600:
        log.write("slide_shown", slide=deck.slides[index].id, index=index, trigger="auto")
        seconds += deck.duration_of(index)
        index = (index + 1) % len(deck.slides)
    for visit in range(VISITS_A_DAY):
        for step in range(10):
            index = (visit + step) % len(deck.slides)
            log.write("slide_shown", slide=deck.slides[index].id, index=index, trigger="swipe")
        log.write("language_changed", language="zh" if visit % 2 else "en")
        log.write("idle_reset")


def test_a_busy_day_fits_the_size_the_history_is_sized_for(tmp_path: Path) -> None:
    log = EventLog(tmp_path / EVENTS_FILE, max_bytes=0)  # no rotation: one day's bytes
    write_busy_day(log)
    log.close()
    day = (tmp_path / EVENTS_FILE).stat().st_size
    assert day <= EVENTS_BUSY_DAY_BYTES, f"a busy day is {day} bytes"
    assert day > EVENTS_BUSY_DAY_BYTES * 0.7, "the sizing is far above a busy day: re-measure"


def test_rotation_keeps_the_promised_days_of_busy_history() -> None:
    # The rotated files alone hold the promise (events.jsonl itself may have just rotated).
    assert EVENTS_BACKUPS * EVENTS_MAX_BYTES >= EVENTS_KEPT_DAYS * EVENTS_BUSY_DAY_BYTES
    assert EVENTS_KEPT_DAYS >= 366  # a year-on-year report, a month to spare
    assert EVENTS_BACKUPS == math.ceil(EVENTS_KEPT_DAYS * EVENTS_BUSY_DAY_BYTES
                                       / EVENTS_MAX_BYTES)


def test_the_writer_keeps_every_promised_file(tmp_path: Path) -> None:
    """Scaled down (1 KB files): after more rotations than files kept, the oldest kept file
    is the number the sizing counts on, and nothing older survives."""
    path = tmp_path / EVENTS_FILE
    log = EventLog(path, max_bytes=1024)  # the default number of rotated files
    line = 0
    while not (tmp_path / f"{EVENTS_FILE}.{EVENTS_BACKUPS}").exists():
        log.write("language_changed", language=f"en-{line}")
        line += 1
    for _ in range(200):  # a few more rotations: the oldest are dropped, never more
        log.write("language_changed", language=f"en-{line}")
        line += 1
    log.close()
    kept = sorted(int(p.name.rsplit(".", 1)[1]) for p in tmp_path.glob(f"{EVENTS_FILE}.*"))
    assert kept == list(range(1, EVENTS_BACKUPS + 1))
