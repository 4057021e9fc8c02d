"""Endurance runs: a soak of thousands of transitions, and a monkey of random input.

Both drive the real kiosk (``KioskApp`` built as ``run_kiosk`` builds it, with the operations
features attached) on whatever Qt platform is current — offscreen in CI — with the deck's
timers accelerated. ``bench/soak.py`` and ``bench/monkey.py`` are the command lines;
``tests/tools/test_soak.py`` and ``tests/tools/test_monkey.py`` run short versions.
"""

from __future__ import annotations

import argparse
import gc
import logging
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QPoint,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.core.config import RunConfig
from kiosk.core.paths import BUNDLED_CONTENT
from kiosk.core.pin import PinStore
from kiosk.runtime.app import KioskApp, assemble_kiosk
from kiosk.tools.bench_support import probe

log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------ the kiosk


class KioskBuilder(Protocol):
    """Makes the kiosk a run measures (:func:`build_kiosk`, or a test's own)."""

    def __call__(self, content: str | Path | None = None, *,
                 data_dir: str | Path | None = None, time_scale: float = 1.0) -> KioskApp: ...


def build_kiosk(content: str | Path | None = None, *, data_dir: str | Path | None = None,
                time_scale: float = 1.0, kiosk_mode: bool = True) -> KioskApp:
    """The real kiosk, assembled as ``star-kiosk run`` assembles it (fonts, operations
    attached at once), started and shown.

    Returns the ``KioskApp``; the caller runs the event loop (e.g. with :func:`probe.spin`).
    """
    config = RunConfig(
        content=Path(content) if content is not None else BUNDLED_CONTENT,
        data_dir=Path(data_dir or tempfile.mkdtemp(prefix="star-endurance-")),
        windowed=not kiosk_mode, supervised=False, time_scale=time_scale)
    kiosk = assemble_kiosk(config, operations_at_once=True)
    if kiosk is None:
        raise RuntimeError(f"the content in {config.content} does not load")
    return kiosk


def fast_content(folder: Path, *, transition_ms: int = 200, slide_duration: float = 2.0) -> Path:
    """A copy of the bundled content with short transitions and slides (the format's minimum
    slide duration is 2 s; the time scale does the rest)."""
    from kiosk.tools.bench_support.decks import copy_bundled

    copy_bundled(folder)
    deck = folder / "deck.yaml"
    lines = []
    for line in deck.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        if stripped.startswith("transition_ms:"):
            line = f"{indent}transition_ms: {transition_ms}"
        elif stripped.startswith("slide_duration:"):
            line = f"{indent}slide_duration: {slide_duration}"
        lines.append(line)
    deck.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for part in folder.glob("*.yaml"):  # per-slide durations would slow the loop down again
        if part.name != "deck.yaml":
            text = part.read_text(encoding="utf-8").splitlines()
            kept = [ln for ln in text if not ln.strip().startswith("duration:")]
            part.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder


# ------------------------------------------------------------------------------ watching


@dataclass
class ErrorRecorder:
    """Collects every uncaught exception, ERROR log record and Qt critical/fatal message."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def install(self) -> ErrorRecorder:
        self._old_hook = sys.excepthook
        sys.excepthook = self._hook
        self._handler = _ListHandler(self)
        logging.getLogger().addHandler(self._handler)
        self._old_qt = qInstallMessageHandler(self._qt_message)
        return self

    def uninstall(self) -> None:
        sys.excepthook = self._old_hook
        logging.getLogger().removeHandler(self._handler)
        qInstallMessageHandler(self._old_qt)

    def _hook(self, kind: type[BaseException], value: BaseException,
              trace: TracebackType | None) -> None:
        import traceback

        self.errors.append("".join(traceback.format_exception(kind, value, trace))[-2000:])

    def _qt_message(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.errors.append(f"Qt: {message}")
        elif kind == QtMsgType.QtWarningMsg and len(self.warnings) < 200:
            self.warnings.append(f"Qt: {message}")


class _ListHandler(logging.Handler):
    def __init__(self, recorder: ErrorRecorder) -> None:
        super().__init__(logging.WARNING)
        self.recorder = recorder

    def emit(self, record: logging.LogRecord) -> None:
        text = f"{record.name}: {record.getMessage()}"
        if record.exc_info:
            text += " " + logging.Formatter().formatException(record.exc_info)[-1500:]
        if record.levelno >= logging.ERROR:
            self.recorder.errors.append(text)
        elif len(self.recorder.warnings) < 200:
            self.recorder.warnings.append(text)


def consistency_problems(kiosk: KioskApp) -> list[str]:
    """What is wrong with the kiosk's state right now (empty when all is well)."""
    state = kiosk.state
    problems = []
    if not 0 <= state.index < state.count:
        problems.append(f"index {state.index} outside 0..{state.count - 1}")
    languages = state.deck.settings.languages
    if state.language not in languages:
        problems.append(f"language {state.language!r} not in {languages}")
    if state.mode not in ("attract", "interactive"):
        problems.append(f"mode {state.mode!r}")
    if kiosk.stage.current_index is not None and kiosk.stage.current_index != state.index:
        problems.append(f"stage shows {kiosk.stage.current_index}, state says {state.index}")
    if kiosk.exit_code is not None:
        problems.append(f"the kiosk exited with {kiosk.exit_code}")
    if not kiosk.window.isVisible():
        problems.append("the window is not visible")
    return problems


def settle(kiosk: KioskApp, timeout_ms: float = 5000) -> None:
    """Let transitions, entrances and the neighbours' pre-build finish."""
    probe.spin_until(lambda: kiosk.stage.settled, timeout_ms)
    probe.spin(200)
    probe.spin_until(lambda: kiosk.stage.settled, timeout_ms)


def snapshot(kiosk: KioskApp) -> dict[str, float]:
    """Memory and live objects at a reproducible point: the first five slides visited by
    jumps (so the stage's view cache holds the same views), home language, all settled.

    The deck's timers are suspended meanwhile: at the soak's time scale an auto-advance or an
    idle reset could otherwise land between the jumps on a loaded machine and leave other
    views cached, which would read as growth."""
    from kiosk.core.deck import commands as c

    kiosk.set_suspended(True)
    try:
        kiosk.dispatch(c.set_language(kiosk.state.home_language, "tap"))
        for index in range(min(5, kiosk.state.count)):
            kiosk.dispatch(c.goto(index, "jump"))
            settle(kiosk, 3000)
        kiosk.dispatch(c.goto(0, "jump"))
        settle(kiosk, 3000)
        for _ in range(3):  # deleteLater'd objects go on the next turns of the loop
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            probe.spin(20)
            gc.collect()
        probe.release_free_memory()
        figures: dict[str, float] = {"rss_mb": round(probe.current_rss_mb(), 2)}
        figures.update(probe.live_objects())
    finally:
        kiosk.set_suspended(False)
    return figures


# ------------------------------------------------------------------------------ the soak


def run_soak(transitions: int, *, reload_every: int = 250, language_every: int = 40,
             interval_ms: int = 45, time_scale: float = 30.0, warmup: int | None = None,
             report: Callable[[str], None] = print, content: Path | None = None,
             build: KioskBuilder = build_kiosk) -> dict[str, Any]:
    """``transitions`` slide changes with content reloads and language switches.

    Slide changes come from accelerated auto-advance and idle resets and from commands a
    timer-paced "visitor" sends (next, previous, jumps) — often before the previous
    transition finished, so the newest-wins path is exercised too. Memory and live objects are
    measured after ``warmup`` transitions and at the end, at the same reproducible point.
    """
    from kiosk.core.content.loader import load_deck
    from kiosk.core.deck import commands as c

    scratch = Path(tempfile.mkdtemp(prefix="star-soak-"))
    folder = content or fast_content(scratch / "content")
    recorder = ErrorRecorder().install()
    kiosk = build(folder, data_dir=scratch / "data", time_scale=time_scale)
    rng = random.Random(6)
    changes = 0
    reloads = languages = 0

    def count(_slide_id: str) -> None:
        nonlocal changes
        changes += 1

    kiosk.slide_changed.connect(count)
    settle(kiosk)
    warmup = warmup if warmup is not None else max(200, transitions // 10)
    before: dict[str, float] | None = None
    began = time.perf_counter()
    next_reload, next_language = reload_every, language_every
    checks: list[str] = []
    samples: list[dict[str, float]] = []
    while changes < transitions:
        roll = rng.random()
        if roll < 0.55:
            kiosk.dispatch(c.next_slide(rng.choice(("key", "swipe", "tap"))))
        elif roll < 0.7:
            kiosk.dispatch(c.prev_slide("swipe"))
        elif roll < 0.78:
            kiosk.dispatch(c.goto(rng.randrange(kiosk.state.count), "jump"))
        # else: leave it to auto-advance / the idle reset (accelerated)
        probe.spin(interval_ms if rng.random() < 0.9 else 400)  # some transitions land
        if changes >= next_language:
            next_language += language_every
            kiosk.dispatch(c.toggle_language("tap"))
            languages += 1
        if changes >= next_reload:
            next_reload += reload_every
            result = load_deck(folder)
            if result.deck is None:
                checks.append("reload failed: " + "; ".join(map(str, result.errors[:2])))
            else:
                kiosk.replace_deck(result.deck)
                reloads += 1
        problems = consistency_problems(kiosk)
        if problems:
            checks.extend(problems)
            break
        if before is None and changes >= warmup:
            before = snapshot(kiosk)
            samples.append({"transitions": changes, **before})
            report(f"soak: after warm-up ({changes} transitions): {before}")
        elif before is not None and changes >= samples[-1]["transitions"] + max(
                1000, transitions // 10):
            sample = snapshot(kiosk)
            samples.append({"transitions": changes, **sample})
            report(f"soak: {changes} transitions, {time.perf_counter() - began:.0f} s: "
                   f"RSS {sample['rss_mb']} MB, widgets {sample['widgets']}, "
                   f"timers {sample['timers']}, objects {sample['objects_under_windows']}")
    after = snapshot(kiosk)
    samples.append({"transitions": changes, **after})
    recorder.uninstall()
    before = before or after
    outcome = {
        "transitions": changes, "reloads": reloads, "language_switches": languages,
        "seconds": round(time.perf_counter() - began, 1), "time_scale": time_scale,
        "before": before, "after": after,
        "rss_growth_mb": round(after["rss_mb"] - before["rss_mb"], 2),
        "growth": {key: after[key] - before[key] for key in before if key != "rss_mb"},
        "samples": samples, "errors": recorder.errors, "warnings": recorder.warnings[:20],
        "consistency": checks, "kiosk": kiosk,
    }
    return outcome


# ------------------------------------------------------------------------------ the monkey


EXIT_KEYS = (
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Delete,
     Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier),
)
OTHER_KEYS = (
    Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home,
    Qt.Key.Key_End, Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_L,
    Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Backspace, Qt.Key.Key_0, Qt.Key.Key_5,
    Qt.Key.Key_9, Qt.Key.Key_A, Qt.Key.Key_Menu,
)


class Monkey:
    """Random touches, drags, multi-finger touches, key presses and close requests."""

    def __init__(self, kiosk: KioskApp, seed: int = 1) -> None:
        from PySide6.QtTest import QTest

        self.kiosk = kiosk
        self.window = kiosk.window
        self.rng = random.Random(seed)
        self.test = QTest
        self.device = QTest.createTouchDevice()
        self.counts: dict[str, int] = {}

    def _point(self) -> QPoint:
        rng, size = self.rng, self.window.size()
        if rng.random() < 0.15:  # corners and edges: the staff gesture, the chrome
            x = rng.choice((0, 1, 5, size.width() - 2, size.width() // 2))
            y = rng.choice((0, 1, 5, size.height() - 2, size.height() // 2))
            return QPoint(x, y)
        return QPoint(rng.randrange(size.width()), rng.randrange(size.height()))

    def step(self) -> str:
        """One random action; returns its name. Each lets the event loop run a little."""
        roll = self.rng.random()
        if roll < 0.25:
            name = self._tap()
        elif roll < 0.45:
            name = self._drag()
        elif roll < 0.6:
            name = self._touch()
        elif roll < 0.75:
            name = self._key()
        elif roll < 0.82:
            name = self._exit_key()
        elif roll < 0.86:
            name = self._close()
        elif roll < 0.9:
            name = self._right_click()
        else:
            name = "wait"
            probe.spin(self.rng.choice((1, 5, 20, 80)))
        self.counts[name] = self.counts.get(name, 0) + 1
        return name

    def _tap(self) -> str:
        point = self._point()
        self.test.mouseClick(self.window, Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier, point,
                             self.rng.choice((-1, 10, 60)))
        probe.spin(self.rng.choice((0, 2, 10)))
        return "tap"

    def _drag(self) -> str:
        rng = self.rng
        start = self._point()
        self.test.mousePress(self.window, Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier, start)
        x, y = start.x(), start.y()
        for _ in range(rng.randrange(1, 12)):
            x += rng.randint(-300, 300)
            y += rng.randint(-60, 60)
            self.test.mouseMove(self.window, QPoint(x, y), rng.choice((-1, 5, 16)))
            if rng.random() < 0.3:
                probe.spin(rng.choice((1, 16)))
        if rng.random() < 0.05:
            probe.spin(rng.choice((200, 600)))  # a long press (maybe in a corner)
        self.test.mouseRelease(self.window, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier, QPoint(x, y))
        probe.spin(rng.choice((0, 5, 30)))
        return "drag"

    def _touch(self) -> str:
        """One to five fingers: down, wander, lift in any order (sometimes never all lift)."""
        rng = self.rng
        fingers = {finger: self._point() for finger in range(rng.choice((1, 1, 2, 2, 3, 5)))}
        sequence = self.test.touchEvent(self.window, self.device)
        for finger, point in fingers.items():
            sequence.press(finger, point, self.window)
        sequence.commit()
        for _ in range(rng.randrange(0, 8)):
            sequence = self.test.touchEvent(self.window, self.device)
            for finger in list(fingers):
                point = fingers[finger]
                fingers[finger] = QPoint(point.x() + rng.randint(-250, 250),
                                         point.y() + rng.randint(-40, 40))
                sequence.move(finger, fingers[finger], self.window)
            sequence.commit()
            if rng.random() < 0.3:
                probe.spin(rng.choice((1, 16)))
        while fingers:
            sequence = self.test.touchEvent(self.window, self.device)
            for finger in rng.sample(list(fingers), rng.randint(1, len(fingers))):
                sequence.release(finger, fingers.pop(finger), self.window)
            sequence.commit()
        probe.spin(rng.choice((0, 5, 30)))
        return "touch"

    def _key(self) -> str:
        key = self.rng.choice(OTHER_KEYS)
        self.test.keyClick(self.window, key)
        probe.spin(self.rng.choice((0, 2, 20)))
        return "key"

    def _exit_key(self) -> str:
        key, modifiers = self.rng.choice(EXIT_KEYS)
        target = QApplication.focusWidget() or self.window
        self.test.keyClick(target, key, modifiers)
        # Also straight to the window, in case focus sits on something that eats it.
        press = QKeyEvent(QEvent.Type.KeyPress, key, modifiers)
        QApplication.sendEvent(self.window, press)
        probe.spin(1)
        return "exit_key"

    def _close(self) -> str:
        if self.rng.random() < 0.5:
            self.window.close()  # what a window manager's close button asks
        else:
            QApplication.sendEvent(self.window, QCloseEvent())
        probe.spin(1)
        return "close"

    def _right_click(self) -> str:
        point = self._point()
        self.test.mouseClick(self.window, Qt.MouseButton.RightButton,
                             Qt.KeyboardModifier.NoModifier, point)
        if self.rng.random() < 0.5:
            from PySide6.QtGui import QContextMenuEvent

            event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point,
                                      self.window.mapToGlobal(point))
            QApplication.sendEvent(self.window, event)
        probe.spin(1)
        return "right_click"


def run_monkey(events: int, *, seed: int = 1, time_scale: float = 20.0,
               check_every: int = 25, report: Callable[[str], None] = print,
               build: KioskBuilder = build_kiosk) -> dict[str, Any]:
    """``events`` random actions against the real window; checks the kiosk never leaves,
    never raises, and keeps a consistent state."""
    scratch = Path(tempfile.mkdtemp(prefix="star-monkey-"))
    recorder = ErrorRecorder().install()
    # A deployed kiosk has a staff PIN. Without one, the corner hold offers anyone the
    # first-run exit (by design, so an installer is never locked in), which a monkey may take.
    PinStore(scratch / "data").set_pin("".join(random.Random(seed).choices("0123456789", k=8)))
    kiosk = build(None, data_dir=scratch / "data", time_scale=time_scale)
    quit_requested: list[str] = []
    app = QApplication.instance()
    assert app is not None  # build made it
    app.aboutToQuit.connect(lambda: quit_requested.append("aboutToQuit"))
    kiosk.exited.connect(lambda code: quit_requested.append(f"exited {code}"))
    settle(kiosk, 2000)
    monkey = Monkey(kiosk, seed)
    problems: list[str] = []
    began = time.perf_counter()
    for number in range(1, events + 1):
        monkey.step()
        if number % check_every == 0 or quit_requested:
            found = consistency_problems(kiosk) + quit_requested
            if found:
                problems.extend(f"after {number} events: {p}" for p in found)
                break
        if number % 5000 == 0:
            report(f"monkey: {number} events, {time.perf_counter() - began:.0f} s, "
                   f"slide {kiosk.state.index}, {kiosk.state.mode}, {kiosk.state.language}")
    settle(kiosk, 3000)
    problems.extend(consistency_problems(kiosk))
    recorder.uninstall()
    return {"events": sum(monkey.counts.values()), "by_kind": monkey.counts,
            "seconds": round(time.perf_counter() - began, 1), "problems": problems,
            "errors": recorder.errors, "warnings": recorder.warnings[:20],
            "slide_changes_logged": _count_events(scratch / "data"), "kiosk": kiosk}


def _count_events(folder: Path) -> int:
    try:
        return sum(1 for line in (folder / "events.jsonl").open(encoding="utf-8")
                   if '"slide_shown"' in line)
    except OSError:
        return 0


def command_line(kind: str, argv: list[str] | None = None) -> int:
    """``bench/soak.py`` and ``bench/monkey.py``: run, print a summary, exit 0 when it held."""
    import json
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(prog=f"bench/{kind}.py")
    if kind == "soak":
        parser.add_argument("--transitions", type=int, default=10_000)
        parser.add_argument("--reload-every", type=int, default=250)
        parser.add_argument("--language-every", type=int, default=40)
        parser.add_argument("--time-scale", type=float, default=30.0)
    else:
        parser.add_argument("--events", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--time-scale", type=float, default=20.0)
    parser.add_argument("--json", metavar="FILE", help="also write the result as JSON here")
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    from kiosk.runtime.application import make_application

    make_application()
    if kind == "soak":
        result = run_soak(options.transitions, reload_every=options.reload_every,
                          language_every=options.language_every, time_scale=options.time_scale)
        held = (not result["errors"] and not result["consistency"]
                and result["rss_growth_mb"] <= 5.0
                and result["growth"].get("widgets", 0) <= 0
                and result["growth"].get("timers", 0) <= 0)
    else:
        result = run_monkey(options.events, seed=options.seed, time_scale=options.time_scale)
        held = not result["errors"] and not result["problems"]
    result.pop("kiosk", None)
    text = json.dumps(result, indent=2, default=str, ensure_ascii=False)
    print(text)
    if options.json:
        Path(options.json).write_text(text, encoding="utf-8")
    print(f"{kind}: {'PASS' if held else 'FAIL'}", file=sys.stderr)
    sys.stdout.flush()
    os._exit(0 if held else 1)  # skip Qt teardown
