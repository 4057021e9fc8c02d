"""The stage's slide views: built lazily, a few kept, neighbours built ahead when it is calm.

Building a view blocks the GUI thread for tens of milliseconds, so only the first view is
built before the first paint; the landed slide's neighbours are built a moment after it
landed (after its entrance, one per event-loop turn) by :class:`Prebuilder`, and
:class:`ViewCache` keeps them all (up to :data:`CACHE_SIZE`), so after one pass through the
deck nothing is built again until the content or the language changes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QSize, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.core.content.model import Slide, slide_texts
from kiosk.runtime import wordbreak
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.theme import Look

ViewFactory = Callable[..., SlideView]
"""``factory(slide, look, language, parent, reduce_motion=...)`` → a SlideView."""

CACHE_SIZE = 40
"""Slide views kept built: every slide of a deck up to this many, so a second pass through
the attract loop builds nothing. A view is widgets and text layouts (measured: ~0.1–0.5 MB a
view once the glyph caches are warm, 18 views of the bundled deck 30 MB with those caches);
its pictures live in the shared picture cache, and its entrance pictures only while it enters.
Building a view costs 10–60 ms of the GUI thread: 18 of them every pass at 2 s per slide was
the largest share of the attract loop's CPU."""
PREBUILD_DELAY_MS = 1200
"""Neighbours are built this long after a slide lands: after its entrance, not during it."""
PREBUILD_RETRY_MS = 150
"""While the landed slide's entrance still plays, look again this much later."""


def _key(slide: Slide) -> object:
    # Equal frozen slides (e.g. unchanged by a reload) share a view; unhashable ones don't.
    try:
        hash(slide)
    except TypeError:
        return ("id", id(slide))
    return slide


class ViewCache(QObject):
    """The built slide views, least recently used first, at most :data:`CACHE_SIZE` idle."""

    created = Signal(object)
    """A slide view was built."""

    def __init__(self, factory: ViewFactory, look: Look, parent: QWidget,
                 in_use: Callable[[], Iterable[SlideView]]) -> None:
        super().__init__(parent)
        self._factory = factory
        self._look = look
        self._parent = parent
        self._in_use = in_use
        """The views the stage shows or moves: never evicted."""
        self._views: OrderedDict[object, SlideView] = OrderedDict()
        self._word_breaks: dict[int, int] = {}
        """id(view) → the word-break generation its texts were laid out with."""

    @property
    def views(self) -> list[SlideView]:
        """Every view built and still kept."""
        return list(self._views.values())

    def has(self, slide: Slide, language: str) -> bool:
        """Whether ``slide``'s view is built and already in ``language``."""
        view = self._views.get(_key(slide))
        return view is not None and view.language == language

    def view_for(self, slide: Slide, language: str, *, reduce_motion: bool) -> SlideView:
        """``slide``'s view in ``language``: the cached one, or a new hidden one."""
        key = _key(slide)
        view = self._views.get(key)
        if view is not None and self._breaks_arrived_since(view):
            self._drop(key)  # laid out before its Chinese word breaks were known
            view = None
        if view is None:
            view = self._factory(slide, self._look, language, self._parent,
                                 reduce_motion=reduce_motion)
            view.hide()
            view.resize(self._parent.size())
            self._views[key] = view
            self._word_breaks[id(view)] = wordbreak.generation()
            self.created.emit(view)
            self.trim(keep=view)
            return view
        self._views.move_to_end(key)
        if view.language != language:
            view.set_language(language)
            self._word_breaks[id(view)] = wordbreak.generation()
        return view

    def _breaks_arrived_since(self, view: SlideView) -> bool:
        """Whether ``view`` shows Chinese laid out before the word breaks it needs arrived
        (the first start, before the segmenter answered) and can be let go (not in use)."""
        if self._word_breaks.get(id(view)) == wordbreak.generation():
            return False
        if any(id(view) == id(used) for used in self._in_use()):
            return False
        if not any(wordbreak.has_chinese(text.get(view.language))
                   for text in slide_texts(view.slide)):
            self._word_breaks[id(view)] = wordbreak.generation()
            return False
        return True

    def trim(self, keep: SlideView | None = None) -> None:
        """Let the least recently used views go until at most :data:`CACHE_SIZE` are kept."""
        busy = {id(view) for view in self._in_use()} | {id(keep)}
        for key in list(self._views):
            if len(self._views) <= CACHE_SIZE:
                break
            view = self._views[key]
            if id(view) not in busy:
                self._drop(key)

    def keep_only(self, slides: Iterable[Slide]) -> None:
        """Let go of the views of slides not in ``slides`` (a reload), unless in use."""
        kept = {_key(slide) for slide in slides}
        busy = {id(view) for view in self._in_use()}
        for key in list(self._views):
            if key not in kept and id(self._views[key]) not in busy:
                self._drop(key)

    def resize_all(self, size: QSize) -> None:
        """Every view to the stage's new size."""
        for view in self._views.values():
            view.resize(size)

    def _drop(self, key: object) -> None:
        view = self._views.pop(key)
        self._word_breaks.pop(id(view), None)
        view.hide()
        view.deleteLater()


class Prebuilder(QObject):
    """Builds the landed slide's neighbours ahead of time, one per turn, when nothing moves.

    ``prepare_one()`` builds (or re-languages) one missing neighbour and says whether it did
    something (then the next turn looks again); ``calm()`` says whether nothing moves on the
    stage and ``entering()`` whether the landed slide's entrance still plays (then it waits).
    """

    def __init__(self, prepare_one: Callable[[], bool], calm: Callable[[], bool],
                 entering: Callable[[], bool], parent: QObject) -> None:
        super().__init__(parent)
        self._prepare_one = prepare_one
        self._calm = calm
        self._entering = entering
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)

    @property
    def pending(self) -> bool:
        """Whether a build is scheduled."""
        return self._timer.isActive()

    def schedule(self) -> None:
        """Start building :data:`PREBUILD_DELAY_MS` from now (a slide just landed)."""
        self._timer.start(PREBUILD_DELAY_MS)

    def stop(self) -> None:
        """Build nothing more until the next :meth:`schedule`."""
        self._timer.stop()

    def run_now(self) -> bool:
        """Take the scheduled build now instead of when its delay ends (a test need not wait
        :data:`PREBUILD_DELAY_MS` of real time); False when none was scheduled."""
        if not self._timer.isActive():
            return False
        self._timer.stop()
        self._step()
        return True

    def _step(self) -> None:
        if not self._calm():
            return  # the next landing schedules again
        if self._entering():
            # Building a view blocks for tens of ms: never in the middle of an entrance.
            self._timer.start(PREBUILD_RETRY_MS)
            return
        if self._prepare_one():
            self._timer.start(0)
