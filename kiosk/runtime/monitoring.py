"""Fleet monitoring in the running kiosk: the metrics file and screenshots on request.

:class:`MetricsWriter` keeps the Prometheus text file of :mod:`kiosk.core.metrics` (rewritten
every :data:`~kiosk.core.metrics.REFRESH_SECONDS` and soon after each slide change);
:class:`Screenshots` answers ``star-kiosk screenshot`` (the request file of
:mod:`kiosk.core.screenshot`) and the staff panel's button. Both are thin: what goes into the
file and how a request is read are the Qt-free modules' business.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from kiosk.core.metrics import REFRESH_SECONDS, KioskMetrics, MetricsFile
from kiosk.core.screenshot import REQUEST_FILE, picture_name, read_request

log = logging.getLogger(__name__)

SLIDE_CHANGE_DELAY_MS = 200
"""A slide change is written this soon after (changes in a burst make one write)."""


class MetricsWriter(QObject):
    """Writes ``snapshot()`` to the metrics file now and then, and soon after :meth:`changed`."""

    def __init__(self, file: MetricsFile, snapshot: Callable[[], KioskMetrics], *,
                 refresh_ms: int = REFRESH_SECONDS * 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.file = file
        self._snapshot = snapshot
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.write)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(SLIDE_CHANGE_DELAY_MS)
        self._soon.timeout.connect(self.write)

    def start(self) -> None:
        """Write now, then every refresh interval."""
        self.write()
        self._timer.start()

    def changed(self, *_args: object) -> None:
        """Something shown changed (a slide): write within a moment."""
        if not self._soon.isActive():
            self._soon.start()

    def write(self) -> None:
        """Write the file now (never raises)."""
        try:
            self.file.write(self._snapshot())
        except Exception:  # monitoring must never take the kiosk down
            log.exception("cannot make the metrics")

    def stop(self, final: KioskMetrics | None = None) -> None:
        """Stop writing; ``final`` (the kiosk going down) is written last."""
        self._timer.stop()
        self._soon.stop()
        if final is not None:
            self.file.write(final)


class Screenshots(QObject):
    """Saves what the kiosk window shows as a PNG in the data folder.

    The window is grabbed on the GUI thread (rendering it into a picture takes milliseconds);
    the PNG is encoded and written on a worker thread, so a slide's animation never stalls
    for the encoding or the disk. :attr:`saved` then carries the file's path.
    """

    saved = Signal(str, str)
    """A picture was written: its path, and who asked (``cli`` or ``staff``)."""
    failed = Signal(str, str)
    """A picture could not be written: why, and who asked."""

    def __init__(self, window: QWidget, folder: Path, *, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.folder = Path(folder)
        self._watch = QFileSystemWatcher(self)
        self._workers: list[threading.Thread] = []

    def start(self) -> None:
        """Watch the data folder for requests (and answer one already waiting)."""
        if self.folder.is_dir():
            self._watch.addPath(str(self.folder))
        self._watch.directoryChanged.connect(self.look_for_request)
        self.look_for_request()

    def stop(self) -> None:
        paths = self._watch.directories()
        if paths:
            self._watch.removePaths(paths)
        for worker in self._workers:
            worker.join(5)

    def look_for_request(self, *_args: object) -> None:
        """Answer a pending ``star-kiosk screenshot`` request, if there is one."""
        if not (self.folder / REQUEST_FILE).exists():
            return
        name = read_request(self.folder)
        if name is not None:
            self.take(name, "cli")

    def take(self, name: str | None = None, by: str = "staff",
             hide: Sequence[QWidget] = ()) -> Path:
        """Grab the window now and save it as ``name`` (a new timestamped name by default)
        in the background; returns the path it will have. ``hide``: overlays kept out of the
        picture (the staff panel the button is on), hidden only while the window is drawn
        into the picture, so the screen never flickers."""
        name = name or picture_name(datetime.now(), self.folder)
        hidden = [widget for widget in hide if widget.isVisible()]
        for widget in hidden:
            widget.setVisible(False)
        try:
            image = self.window.grab().toImage()
        finally:
            for widget in hidden:
                widget.setVisible(True)
        path = self.folder / name
        self._workers = [worker for worker in self._workers if worker.is_alive()]
        worker = threading.Thread(target=self._save, args=(image, path, by), daemon=True,
                                  name="screenshot")
        self._workers.append(worker)
        worker.start()
        return path

    def _save(self, image: QImage, path: Path, by: str) -> None:
        temporary = None
        try:
            handle, temporary = tempfile.mkstemp(prefix=".screenshot.", suffix=".png",
                                                 dir=path.parent)
            os.close(handle)
            if not image.save(temporary):  # a PNG: Qt reads the format from the name
                raise OSError("the PNG could not be encoded")
            os.replace(temporary, path)  # the command waiting sees only a whole picture
        except OSError as error:
            if temporary is not None and os.path.exists(temporary):
                os.unlink(temporary)
            log.warning("cannot save the screenshot %s: %s", path, error)
            self.failed.emit(str(error), by)
            return
        log.info("screenshot saved: %s", path)
        self.saved.emit(str(path), by)
