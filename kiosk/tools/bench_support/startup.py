"""The two programs whose start-up the benchmark times, as ``python -c`` source.

Both are measured the same way: the parent notes ``time.time()`` just before it spawns the
child and passes it in ``STAR_BENCH_T0``; the child watches for the first ``Paint`` event of the
widget that matters (the label; a slide view), lets that frame finish (a zero timer runs after
the paint and the flush to the platform window), prints ``BENCH-PAINTED <seconds since T0>``
and leaves at once with ``os._exit`` so tearing down never counts.

The kiosk child runs the real command line (``star-kiosk run --no-supervise``: full screen,
locked down, without the supervisor process) and only adds an application-wide event filter;
it does so by swapping ``QApplication`` for a subclass before ``kiosk`` is imported, so the
composition root needs no benchmark hook of its own.
"""

from __future__ import annotations

PAINTED = "BENCH-PAINTED"
"""Prefix of the line a child prints when its first frame is painted."""

_REPORT = r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer

def _bench_report():
    elapsed = time.time() - float(os.environ["STAR_BENCH_T0"])
    sys.stdout.write("BENCH-PAINTED %.6f\n" % elapsed)
    sys.stdout.flush()
    os._exit(0)

class _BenchFirstPaint(QObject):
    def __init__(self, wanted):
        super().__init__()
        self.wanted = wanted
        self.seen = False

    def eventFilter(self, watched, event):
        if not self.seen and event.type() == QEvent.Type.Paint and self.wanted(watched):
            self.seen = True
            QTimer.singleShot(0, _bench_report)
        return False
"""

BARE_WINDOW = _REPORT + r"""
from PySide6.QtWidgets import QLabel
from kiosk.runtime.application import make_application  # the kiosk's own (PySide6 only)
app = make_application(sys.argv)
label = QLabel("STAR Market · 科创板 · six years")
first = _BenchFirstPaint(lambda watched: watched is label)
label.installEventFilter(first)
label.resize(app.primaryScreen().size())
label.show()
app.exec()
"""
"""A bare PySide6 window showing one label, the size of the screen: Qt's own floor (its
application made as the kiosk's is, so only the kiosk's own work differs)."""

KIOSK = _REPORT + r"""
import PySide6.QtWidgets as _widgets

def _is_slide(watched):
    base = sys.modules.get("kiosk.runtime.slides.base")
    return base is not None and isinstance(watched, base.SlideView)

class _BenchApplication(_widgets.QApplication):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bench_first = _BenchFirstPaint(_is_slide)
        self.installEventFilter(self._bench_first)

_widgets.QApplication = _BenchApplication
from kiosk.cli import main
sys.exit(main(["run", "--no-supervise", "--data-dir", os.environ["STAR_BENCH_DATA"]]))
"""
"""The real kiosk, up to its first slide painted."""
