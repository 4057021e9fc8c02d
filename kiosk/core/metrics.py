"""Fleet monitoring: the kiosk's state as a Prometheus text file, for node_exporter. No Qt.

node_exporter's textfile collector (``--collector.textfile.directory``) reads every ``*.prom``
file in one folder at each scrape. The kiosk keeps ``star-kiosk.prom`` there (the data folder
by default; ``star-kiosk run --metrics-file PATH`` puts it elsewhere): the running kiosk
rewrites it every :data:`REFRESH_SECONDS` and at once when the slide changes; while no kiosk
runs (between a crash and its restart, on the calm "unavailable" screen, after a stop) the
supervisor writes it with ``star_kiosk_up 0``. Each write goes to a temporary file beside it
and is renamed over it, so a scrape never reads half a file. The metrics are listed in
:data:`HELP`; the README shows them with example alert rules.

The restarts are the supervisor's to count: it hands its counts to each kiosk it starts in
:data:`RESTARTS_VAR` (``exit=1,signal=0,hang=2,unavailable=0``) and the start of the run in
:data:`RUN_STARTED_VAR`, so the file always carries the whole run's restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.safe_files import write_text_atomically

log = logging.getLogger(__name__)

METRICS_FILE = "star-kiosk.prom"
"""The metrics file's name (in the data folder unless ``--metrics-file`` says otherwise)."""
REFRESH_SECONDS = 15
"""How often the running kiosk rewrites the file (uptime moves on; a stale file means no
kiosk and no supervisor is writing it)."""
RESTART_CAUSES = ("exit", "signal", "hang", "unavailable")
"""Every cause ``star_kiosk_restarts_total`` carries, always all of them (0 included), so an
alert's ``increase()`` sees the first restart too."""
RESTARTS_VAR = "STAR_KIOSK_RESTARTS"
RUN_STARTED_VAR = "STAR_KIOSK_RUN_STARTED"

HELP: dict[str, tuple[str, str]] = {
    "star_kiosk_up": ("gauge", "1 while the kiosk runs, 0 while its supervisor has none running "
                               "(crashed, restarting, the unavailable screen, stopped)"),
    "star_kiosk_slide": ("gauge", "the slide on screen: its position from 0, with its id and "
                                  "title as labels"),
    "star_kiosk_uptime_seconds": ("gauge", "seconds since the supervised run began (restarts "
                                           "included)"),
    "star_kiosk_process_uptime_seconds": ("gauge", "seconds since this kiosk process started "
                                                   "(since the last restart)"),
    "star_kiosk_restarts_total": ("counter", "restarts by the supervisor in this run, by cause: "
                                             "exit, signal, hang, unavailable"),
    "star_kiosk_content_info": ("gauge", "the content on screen: deck title, folder, version "
                                         "(git commit, else a hash of its files)"),
    "star_kiosk_content_refused_now": ("gauge", "1 while the last content change is refused (the "
                                            "screen shows the last good content)"),
    "star_kiosk_content_refused_total": ("counter", "content changes refused since the kiosk "
                                                    "started"),
    "star_kiosk_last_touch_timestamp_seconds": ("gauge", "Unix time of the last visitor touch "
                                                         "(0: none since the kiosk started)"),
    "star_kiosk_events_written_total": ("counter", "events this kiosk process wrote to "
                                                   "events.jsonl, by event"),
    "star_kiosk_closed": ("gauge", "1 while the closed screen shows (outside opening hours)"),
    "star_kiosk_opening_hours": ("gauge", "1 when the deck's opening hours say open now (always "
                                          "1 without a schedule)"),
}


@dataclass
class KioskMetrics:
    """What the metrics file says; the kiosk (or the supervisor) fills it, :func:`render`
    writes it. Times are Unix seconds."""

    up: bool
    now: float
    run_started: float | None = None
    process_started: float | None = None
    restarts: dict[str, int] = field(default_factory=dict)
    slide_index: int | None = None
    slide_id: str = ""
    slide_title: str = ""
    deck_title: str = ""
    content_folder: str = ""
    content_version: str = ""
    refused_now: bool = False
    refused_total: int = 0
    last_touch: float | None = None
    events_written: dict[str, int] = field(default_factory=dict)
    closed: bool | None = None
    opening_hours: bool | None = None


def _label(value: str) -> str:
    """A label value escaped as the text format wants: backslash, quote and newline."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(labels: Mapping[str, str]) -> str:
    if not labels:
        return ""
    return "{" + ",".join(f'{name}="{_label(value)}"' for name, value in labels.items()) + "}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


def render(metrics: KioskMetrics) -> str:
    """The metrics in Prometheus' text exposition format (0.0.4), one family per metric."""
    samples: dict[str, list[tuple[dict[str, str], float]]] = {}

    def add(name: str, value: float, **labels: str) -> None:
        samples.setdefault(name, []).append((labels, value))

    m = metrics
    add("star_kiosk_up", 1 if m.up else 0)
    for cause in RESTART_CAUSES:
        add("star_kiosk_restarts_total", m.restarts.get(cause, 0), cause=cause)
    if m.run_started is not None:
        add("star_kiosk_uptime_seconds", max(0.0, round(m.now - m.run_started, 3)))
    if m.opening_hours is not None:
        add("star_kiosk_opening_hours", 1 if m.opening_hours else 0)
    if m.up:
        if m.process_started is not None:
            add("star_kiosk_process_uptime_seconds",
                max(0.0, round(m.now - m.process_started, 3)))
        if m.slide_index is not None:
            add("star_kiosk_slide", m.slide_index, id=m.slide_id, title=m.slide_title)
        add("star_kiosk_content_info", 1, deck=m.deck_title, folder=m.content_folder,
            version=m.content_version)
        add("star_kiosk_content_refused_now", 1 if m.refused_now else 0)
        add("star_kiosk_content_refused_total", m.refused_total)
        add("star_kiosk_last_touch_timestamp_seconds", round(m.last_touch or 0, 3))
        for event in sorted(m.events_written):
            add("star_kiosk_events_written_total", m.events_written[event], event=event)
        if m.closed is not None:
            add("star_kiosk_closed", 1 if m.closed else 0)
    lines: list[str] = []
    for name, rows in samples.items():
        kind, text = HELP[name]
        lines += [f"# HELP {name} {text}", f"# TYPE {name} {kind}"]
        lines += [f"{name}{_labels(labels)} {_number(value)}" for labels, value in rows]
    return "\n".join(lines) + "\n"


def metrics_path(data_folder: Path, metrics_file: Path | None = None) -> Path:
    """Where the metrics file goes: ``metrics_file``, else the data folder's."""
    return Path(metrics_file) if metrics_file is not None else Path(data_folder) / METRICS_FILE


class MetricsFile:
    """Writes the metrics file atomically (a temporary file beside it, then a rename).

    Never raises: a folder it cannot write is logged once (then again only after a write
    succeeded), and the kiosk carries on.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._failing = False
        self.writes = 0

    def write(self, metrics: KioskMetrics) -> bool:
        """Replace the file with ``metrics``; True when it was written."""
        try:
            # node_exporter runs as its own user: the file must be readable by others.
            write_text_atomically(self.path, render(metrics), mode=0o644)
        except OSError as error:
            if not self._failing:
                log.warning("cannot write the metrics file %s: %s", self.path, error)
            self._failing = True
            return False
        if self._failing:
            log.info("the metrics file %s is written again", self.path)
        self._failing = False
        self.writes += 1
        return True


def restarts_to_env(restarts: Mapping[str, int]) -> str:
    """``exit=1,signal=0,...``: the supervisor's counts for its child's environment."""
    return ",".join(f"{cause}={int(restarts.get(cause, 0))}" for cause in RESTART_CAUSES)


def restarts_from_env(text: str | None) -> dict[str, int]:
    """The counts :func:`restarts_to_env` wrote (anything odd is left out, never raised)."""
    counts: dict[str, int] = {}
    for part in (text or "").split(","):
        cause, _, number = part.partition("=")
        if cause in RESTART_CAUSES and number.isascii() and number.isdigit():
            counts[cause] = int(number)
    return counts


def float_from_env(text: str | None) -> float | None:
    """A Unix time handed over in the environment, or None."""
    try:
        return float(text) if text else None
    except ValueError:
        return None
