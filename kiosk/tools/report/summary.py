"""The report's figures, aggregated as the events stream past (pure, no Qt, bounded memory).

* A **visitor session** (a visit) starts at the first interaction after the attract loop and
  ends at the idle reset that returned to it (or what cut it short: a restart, a staff exit,
  closing time). Its **length** runs from the first to the last touch: after the last touch
  the log cannot tell reading the slide from walking away (the reset comes the idle timeout
  plus its countdown later either way), so that wait is counted for nobody. A one-touch
  visit has length 0; lengths are a lower bound, never padded with an empty screen.
* **Dwell** on a slide is the time until the next slide came. "Visitor" dwell is that of
  slides a visitor moved on from during a session — what people chose to stay on, not the
  attract loop's timing, and not the last slide of a visit (the same unknown as above).
* **Where visits end**: the slide a session was on when it ended (a drop-off view).
* **Uptime** adds up the time between one event and the next while the kiosk was running,
  from ``started`` to the supervisor's ``restart``/``stopped``/``unavailable`` or a staff
  exit; time behind the schedule's closed screen is counted apart.

The events carry wall-clock times only, and a clock can jump (NTP, a dead CMOS battery, a
daylight-saving mistake). So no span is taken from two far-apart times: every gap between
consecutive events is clipped to ``[0, bound]`` and spans are sums of gaps. A visitor's slide
can't stay up longer than the idle timeout plus its countdown before the reset comes, so that
is the bound for visitor dwell and session gaps (:class:`Limits`); see the README for the rest.

Memory stays bounded whatever the log's size: counters per slide, hour, day and cause, and
one float per session (for the median).
"""

from __future__ import annotations

import statistics
from array import array
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kiosk.core.deck.commands import USER_TRIGGERS
from kiosk.core.events import SCHEMA

SYSTEM_LANGUAGE_WINDOW = 2.0
"""A language change this soon after an idle reset or a start is the kiosk's, not a visitor's."""
RUN_ENDS = frozenset({"restart", "stopped", "unavailable", "staff_exit"})
"""Events after which the kiosk is not running until the next ``started``."""
MAX_REJECTIONS_KEPT = 50
"""The most recent refused edits kept with their text (the count covers them all)."""
DOWN_CAUSES = {"restart": "crashed or froze; restarted", "unavailable": "'temporarily "
               "unavailable' screen", "stopped": "stopped (logout or shutdown)",
               "staff_exit": "staff left the kiosk", "silence": "no sign of the kiosk (PC off, "
               "or nothing running)"}
"""Why the kiosk was not running, in a manager's words, by the event that began it."""



@dataclass(frozen=True)
class Limits:
    """Bounds on the gap between two events, against wall-clock jumps."""

    visitor_gap: float = 100.0
    """Seconds: the idle timeout plus its countdown (90 + 10 for the bundled deck). Nobody
    stays on a slide longer without the kiosk resetting, so no visitor dwell, and no gap
    inside a session, can be longer."""
    loop_gap: float = 600.0
    """Seconds: the longest an attract-loop slide shows (a slide's ``duration`` is at most
    600 s), bounding dwell outside sessions."""
    running_gap: float = 900.0
    """Seconds: the longest silence counted as uptime. A running kiosk writes an event at
    least every slide, so a longer gap is the clock jumping (or a paused deck; then uptime
    is counted short rather than invented)."""

    @classmethod
    def for_deck(cls, idle_timeout: float, idle_warning: float,
                 longest_slide: float) -> Limits:
        """The bounds for a deck's settings."""
        visitor = idle_timeout + idle_warning
        return cls(visitor, max(visitor, longest_slide), max(900.0, 2 * longest_slide))


def _local_time(value: object, beside: datetime) -> datetime | None:
    """An ISO time from an event's field; without a zone it is in the zone of ``beside``
    (the kiosk's local time, as the event itself was stamped)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=beside.tzinfo)


def _gap(later: float, earlier: float, bound: float) -> float:
    """Seconds from ``earlier`` to ``later`` (epoch seconds), clipped to ``[0, bound]``."""
    gap = later - earlier
    return 0.0 if gap < 0 else bound if gap > bound else gap


@dataclass
class SlideStats:
    """Views and dwell of one slide."""

    slide: str
    index: int | None = None
    views: int = 0
    visitor_views: int = 0
    dwell_total: float = 0.0
    dwell_count: int = 0
    visitor_dwell_total: float = 0.0
    visitor_dwell_count: int = 0
    sessions_ended: int = 0
    """Visits that ended on this slide because the visitor walked away (the idle reset came);
    not those a crash, closing time or a staff exit cut short."""
    start_views: int = 0
    """Visits that began on this slide (a touch on the loop's slide, before any change)."""

    @property
    def exit_rate(self) -> float | None:
        """Of the views by visitors (the slide a visit began on included), the share after
        which the visitor walked away (0..1); None when no visitor saw it."""
        views = self.visitor_views + self.start_views
        return self.sessions_ended / views if views else None

    @property
    def mean_dwell(self) -> float | None:
        return self.dwell_total / self.dwell_count if self.dwell_count else None

    @property
    def mean_visitor_dwell(self) -> float | None:
        return (self.visitor_dwell_total / self.visitor_dwell_count
                if self.visitor_dwell_count else None)


@dataclass
class _Session:
    start: datetime
    last_seen: float
    seconds: float = 0.0
    seconds_at_last_interaction: float = 0.0
    interactions: int = 0
    slide: SlideStats | None = None
    reached_last: bool = False
    furthest: int = -1
    """The highest deck position the visit showed."""


@dataclass(frozen=True)
class Downtime:
    """A stretch when no kiosk was running: from the event that ended a run to the next
    start (or to the end of the period)."""

    start: datetime
    end: datetime
    cause: str
    """A key of :data:`DOWN_CAUSES`."""


@dataclass(frozen=True)
class Rejection:
    """A content edit the kiosk refused, with what was wrong."""

    time: datetime
    problems: tuple[str, ...]


@dataclass
class Summary:
    """Everything the report shows."""

    first: datetime | None = None
    last: datetime | None = None
    events: int = 0
    session_seconds: array[float] = field(default_factory=lambda: array("d"))
    """Length of each visitor session, in order."""
    session_interactions: int = 0
    sessions_ended_by: Counter[str] = field(default_factory=Counter)
    """``idle_reset``, ``staff_exit``, ``stopped``, ``restart``, ``started``, ``unavailable``,
    ``closed`` or ``end of log``."""
    sessions_by_hour: list[int] = field(default_factory=lambda: [0] * 24)
    sessions_by_day: Counter[date] = field(default_factory=Counter)
    interactions_by_hour: list[int] = field(default_factory=lambda: [0] * 24)
    slides: dict[str, SlideStats] = field(default_factory=dict)
    triggers: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    """Language changes made by visitors (not the idle reset's return to the default)."""
    language_views: Counter[str] = field(default_factory=Counter)
    """Visitor views (slides shown during a session) by the language they were shown in."""
    restarts: Counter[str] = field(default_factory=Counter)
    unavailable: Counter[str] = field(default_factory=Counter)
    touch_only_visits: int = 0
    """Idle resets with no navigation before them: visitors who touched but did not swipe."""
    starts: int = 0
    staff_exits: int = 0
    stops: int = 0
    """The supervisor stopped with the kiosk (a logout or shutdown): not restarts."""
    reloads: int = 0
    rejections: int = 0
    pin_refusals: int = 0
    """PINs refused on the staff pad (wrong, or entered while it was locked): someone tried."""
    pin_lockouts: int = 0
    """Times the staff pad locked after too many wrong PINs."""
    suppressed: Counter[str] = field(default_factory=Counter)
    """Events the kiosk counted but did not write (over its per-minute limit), by kind."""
    closings: int = 0
    uptime: float = 0.0
    """Seconds the kiosk was running (including time behind the closed screen)."""
    closed_seconds: float = 0.0
    """Seconds of :attr:`uptime` behind the schedule's closed screen."""
    sessions_reached_last: int = 0
    """Visits that saw the deck's last slide."""
    session_furthest: array[int] = field(default_factory=lambda: array("i"))
    """The highest deck position each visit showed (for the last slide without a deck)."""
    session_seconds_by_language: dict[str, array[float]] = field(default_factory=dict)
    """Visit lengths by the language the visit ended in."""
    visitor_dwell_by_language: Counter[str] = field(default_factory=Counter)
    """Seconds of visitor dwell (slides a visitor moved on from) by the language shown..."""
    visitor_dwell_views_by_language: Counter[str] = field(default_factory=Counter)
    """...and how many such views."""
    downtimes: list[Downtime] = field(default_factory=list)
    rejected: deque[Rejection] = field(
        default_factory=lambda: deque(maxlen=MAX_REJECTIONS_KEPT))
    """The most recent refused edits with their problems (all are counted in rejections)."""
    timezone: str = ""
    """The kiosk's time zone as its ``started`` event names it (an IANA name), if it does."""

    @property
    def sessions(self) -> int:
        return len(self.session_seconds)

    @property
    def interactions(self) -> int:
        return sum(self.interactions_by_hour)

    @property
    def visitor_seconds(self) -> float:
        return sum(self.session_seconds)

    @property
    def mean_session(self) -> float | None:
        return statistics.fmean(self.session_seconds) if self.session_seconds else None

    @property
    def median_session(self) -> float | None:
        return statistics.median(self.session_seconds) if self.session_seconds else None

    @property
    def open_seconds(self) -> float:
        """Running and not closed by the schedule: the time a visitor could have come."""
        return max(self.uptime - self.closed_seconds, 0.0)

    @property
    def visitor_share(self) -> float | None:
        """Share of the open time with a visitor at the screen (0..1)."""
        if self.open_seconds <= 0:
            return None
        return min(self.visitor_seconds / self.open_seconds, 1.0)

    def slides_in_order(self) -> list[SlideStats]:
        """Slides by their index in the deck (as last shown), then by id."""
        return sorted(self.slides.values(),
                      key=lambda s: (s.index is None, s.index or 0, s.slide))


class Summariser:
    """Feeds events in time order (dicts with ``event`` and ``_time``) into a :class:`Summary`."""

    def __init__(self, limits: Limits | None = None, *, last_slide: str | None = None,
                 home_language: str | None = None) -> None:
        """``last_slide``: the deck's last slide's id (a visit that shows it "reached the
        end"); without it, the highest position the log shows counts as the last.
        ``home_language``: the deck's default language, which the attract loop shows: the
        language of a log that starts mid-run, before any ``started`` names it."""
        self.limits = limits or Limits()
        self.last_slide = last_slide
        self.summary = Summary()
        self._down: tuple[datetime, str] | None = None
        self._previous: datetime | None = None
        self._session: _Session | None = None
        self._showing: tuple[SlideStats, float, bool] | None = None
        self._last_slide: SlideStats | None = None
        self._last_system_reset: float | None = None
        self._language = home_language or "?"
        # Times in epoch seconds: a float subtraction per gap, for logs of millions of lines.
        self._running_since: float | None = None  # time of the previous event of the run
        self._closed_at: float | None = None
        self._closed_bound = float("inf")  # seconds the closed screen can last (to reopening)
        self._moment: datetime | None = None  # the current event's time, for hours and days
        self._now = 0.0  # ...and in epoch seconds

    # ------------------------------------------------------------------ pieces

    def _end_dwell(self, now: float, *, visitor_moved_on: bool = False) -> None:
        """End the slide on screen; its visitor dwell counts only if a visitor moved on."""
        if self._showing is not None:
            stats, since, visitor = self._showing
            stats.dwell_total += _gap(now, since, self.limits.loop_gap if not visitor
                                      else self.limits.visitor_gap)
            stats.dwell_count += 1
            if visitor and visitor_moved_on:
                dwell = _gap(now, since, self.limits.visitor_gap)
                stats.visitor_dwell_total += dwell
                stats.visitor_dwell_count += 1
                # Seconds, not a count: a Counter adds floats as well (and merges by adding,
                # which fleet.merge relies on), but typeshed types its counts as int.
                self.summary.visitor_dwell_by_language[self._language] += dwell  # type: ignore[assignment]
                self.summary.visitor_dwell_views_by_language[self._language] += 1
        self._showing = None

    def _end_session(self, why: str) -> None:
        session = self._session
        if session is None:
            return
        self.summary.session_seconds.append(session.seconds_at_last_interaction)
        self.summary.session_seconds_by_language.setdefault(
            self._language, array("d")).append(session.seconds_at_last_interaction)
        self.summary.sessions_reached_last += session.reached_last
        self.summary.session_furthest.append(session.furthest)
        self.summary.session_interactions += session.interactions
        self.summary.sessions_ended_by[why] += 1
        if session.slide is not None and why == "idle_reset":  # the visitor walked away here
            session.slide.sessions_ended += 1
        self._session = None

    def _interaction(self) -> None:
        now = self._moment
        if now is None:  # only reached from add(), which sets it
            return
        if self._session is None:
            # Begun on the slide on screen (a language switch) until a slide is chosen.
            self._session = _Session(now, self._now, slide=self._last_slide)
            if self._last_slide is not None:
                self._last_slide.start_views += 1
            self.summary.sessions_by_hour[now.hour] += 1
            self.summary.sessions_by_day[now.date()] += 1
        self._session.interactions += 1
        self._session.seconds_at_last_interaction = self._session.seconds
        self.summary.interactions_by_hour[now.hour] += 1

    def _advance_clocks(self, now: float, kind: str) -> None:
        """Add the gap since the previous event to the session and to uptime."""
        session = self._session
        if session is not None:
            session.seconds += _gap(now, session.last_seen, self.limits.visitor_gap)
            session.last_seen = now
        if self._running_since is not None:
            if self._closed_at is not None:  # the closed screen: hours of silence are expected
                closed = _gap(now, self._running_since, self._closed_bound)
                self.summary.closed_seconds += closed
                self.summary.uptime += closed
            else:
                self.summary.uptime += _gap(now, self._running_since, self.limits.running_gap)
        self._running_since = now

    # ------------------------------------------------------------------ events

    def add(self, record: dict[str, Any]) -> None:
        """Take one event into account."""
        moment: datetime = record["_time"]
        now: float = record.get("_ts") or moment.timestamp()
        kind = record["event"]
        summary = self.summary
        summary.events += 1
        summary.first = summary.first or moment
        summary.last = moment
        self._moment = moment
        self._now = now
        if (self._running_since is not None and self._closed_at is None and self._down is None
                and self._previous is not None
                and now - self._running_since > self.limits.running_gap):
            # A running kiosk writes at least every slide: this long a silence is a PC that
            # was off or a power cut (or a clock jump); down from the last sign of life.
            self.summary.downtimes.append(Downtime(self._previous, moment, "silence"))
        if kind == "started":
            self._running_since = None  # the time since the last event was a restart's gap
        elif self._running_since is None and summary.events == 1 and kind not in RUN_ENDS:
            self._running_since = now  # the log starts mid-run (rotated away)
        self._advance_clocks(now, kind)
        handler = getattr(self, "_on_" + kind, None)
        if handler is not None:
            handler(record, now)
        if kind in RUN_ENDS and self._down is None:
            self._down = (moment, kind)
        self._previous = moment

    def _on_slide_shown(self, record: dict[str, Any], now: float) -> None:
        summary = self.summary
        trigger = str(record.get("trigger", ""))
        summary.triggers[trigger] += 1
        self._end_dwell(now, visitor_moved_on=trigger in USER_TRIGGERS)
        if trigger == "idle_reset":
            self._end_session("idle_reset")
            self._last_system_reset = now
        elif trigger in USER_TRIGGERS:
            self._interaction()
        slide = str(record.get("slide", "?"))
        stats = summary.slides.get(slide)
        if stats is None:
            stats = summary.slides[slide] = SlideStats(slide)
        if isinstance(record.get("index"), int):
            stats.index = record["index"]
        stats.views += 1
        session = self._session
        visitor = session is not None
        if session is not None:
            stats.visitor_views += 1
            summary.language_views[self._language] += 1
            session.slide = stats
            index = record.get("index")
            if isinstance(index, int):
                session.furthest = max(session.furthest, index)
            if slide == self.last_slide:
                session.reached_last = True
        self._showing = (stats, now, visitor)
        self._last_slide = stats

    def _on_language_changed(self, record: dict[str, Any], now: float) -> None:
        self._language = str(record.get("language", "?"))
        reset = self._last_system_reset
        system = (reset is not None and self._session is None
                  and now - reset <= SYSTEM_LANGUAGE_WINDOW)
        if not system:
            self.summary.languages[self._language] += 1
            self._interaction()

    def _on_idle_reset(self, record: dict[str, Any], now: float) -> None:
        if self._session is None:  # someone touched (the deck left the loop) but never navigated
            self.summary.touch_only_visits += 1
        self._end_session("idle_reset")
        self._last_system_reset = now

    def _on_staff_exit(self, record: dict[str, Any], now: float) -> None:
        self._end_dwell(now)
        self._end_session("staff_exit")
        self.summary.staff_exits += 1
        self._running_since = None

    def _on_staff_action(self, record: dict[str, Any], now: float) -> None:
        if record.get("action") != "pin":
            return
        if record.get("outcome") == "lockout":
            self.summary.pin_lockouts += 1
        self.summary.pin_refusals += 1  # a lockout is itself a refused PIN

    def _on_events_suppressed(self, record: dict[str, Any], now: float) -> None:
        count = record.get("suppressed")
        if isinstance(count, int) and count > 0:
            self.summary.suppressed[str(record.get("kind", "?"))] += count

    def _on_closed(self, record: dict[str, Any], now: float) -> None:
        self._end_dwell(now)
        self._end_session("closed")
        self.summary.closings += 1
        self._closed_at = now
        # Closed until the opening time it names (plus slack): a clock jump in the night
        # can't add days of "closed".
        reopens = _local_time(record.get("reopens"), record["_time"])
        self._closed_bound = (reopens.timestamp() - now + self.limits.running_gap
                              if reopens is not None else float("inf"))

    def _on_opened(self, record: dict[str, Any], now: float) -> None:
        self._closed_at = None
        if self._last_slide is not None:  # the slide under the closed screen shows again
            self._showing = (self._last_slide, now, False)

    def _on_stopped(self, record: dict[str, Any], now: float) -> None:
        self._process_ended("stopped")
        self.summary.stops += 1

    def _on_started(self, record: dict[str, Any], now: float) -> None:
        self._process_ended("started")
        self.summary.starts += 1
        if self._down is not None:
            since, cause = self._down
            self.summary.downtimes.append(Downtime(since, record["_time"], cause))
            self._down = None
        if isinstance(record.get("timezone"), str):
            self.summary.timezone = record["timezone"]
        self._language = str(record.get("language") or "?")
        self._last_system_reset = now
        self._running_since = now

    def _on_restart(self, record: dict[str, Any], now: float) -> None:
        self._process_ended("restart")
        self.summary.restarts[str(record.get("cause", "?"))] += 1

    def _on_unavailable(self, record: dict[str, Any], now: float) -> None:
        self._process_ended("unavailable")
        self.summary.unavailable[str(record.get("cause", "?"))] += 1

    def _process_ended(self, why: str) -> None:
        self._showing = None  # the slide's end is unknown: the process died
        self._end_session(why)
        self._closed_at = None
        if why != "started":
            self._running_since = None

    def _on_content_reloaded(self, record: dict[str, Any], now: float) -> None:
        self.summary.reloads += 1

    def _on_content_rejected(self, record: dict[str, Any], now: float) -> None:
        self.summary.rejections += 1
        problems = record.get("problems")
        shown = tuple(str(p) for p in problems) if isinstance(problems, list) else ()
        self.summary.rejected.append(Rejection(record["_time"], shown))

    def finish(self, until: datetime | None = None) -> Summary:
        """The summary, with a session still open at the end of the log closed there, and a
        kiosk still down then counted as down until ``until`` (the end of the period)."""
        if self._session is not None:
            self._end_session("end of log")
        if self.last_slide not in self.summary.slides:
            # No deck, or not the deck of this log: the furthest position any view showed.
            top = max((s.index for s in self.summary.slides.values() if s.index is not None),
                      default=None)
            self.summary.sessions_reached_last = 0 if top is None else sum(
                1 for furthest in self.summary.session_furthest if furthest >= top)
        if self._down is not None and until is not None and until > self._down[0]:
            self.summary.downtimes.append(Downtime(self._down[0], until, self._down[1]))
            self._down = None
        return self.summary


def handled_events() -> frozenset[str]:
    """The event names the summary reads; each must be declared in the event schema."""
    names = frozenset(name[len("_on_"):] for name in vars(Summariser) if name.startswith("_on_"))
    return names | RUN_ENDS


def undeclared_events() -> frozenset[str]:
    """Handled names missing from :data:`kiosk.core.events.SCHEMA` (a test keeps it empty)."""
    return handled_events() - SCHEMA.keys()


def summarise(records: Iterable[dict[str, Any]], limits: Limits | None = None) -> Summary:
    """Compute the report from events in time order (dicts with ``event`` and ``_time``)."""
    summariser = Summariser(limits)
    for record in records:
        summariser.add(record)
    return summariser.finish()
