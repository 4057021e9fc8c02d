"""The runtime's chrome over the slides: arrows, dots, language toggle, progress bar, touch
hint, pause indicator, idle countdown, PIN pad and staff panel — all sized from the screen,
never fixed pixels.

Layout: the bottom strip (:data:`kiosk.runtime.screen_regions.CHROME_STRIP` of the height,
kept free by the slides) holds the previous/next arrows at its ends and, in the middle, the
touch hint in attract mode (unless the slide on screen shows its own invitation: one
invitation at a time) or the progress dots in interactive mode; the progress bar is a thin
line along the bottom edge; the language toggle sits in the top-right corner the slides leave
free (:data:`~kiosk.runtime.screen_regions.LANGUAGE_CORNER`), and
while staff pause the deck a small "Paused · 已暂停" pill sits beside it, in the band above the
slides' content.
"""

from __future__ import annotations

from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QWidget

from kiosk.core.content.model import Deck, Slide, TitleSlide
from kiosk.core.deck.clock import Clock
from kiosk.runtime.screen_regions import CHROME_STRIP
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.buttons import ArrowButton, LanguageButton, touch_target
from kiosk.runtime.widgets.countdown import IdleCountdown
from kiosk.runtime.widgets.dots import ProgressDots
from kiosk.runtime.widgets.hint import TouchHint
from kiosk.runtime.widgets.pause import PauseIndicator
from kiosk.runtime.widgets.pinpad import PinPad
from kiosk.runtime.widgets.progress import FrameTicker, ProgressBar
from kiosk.runtime.widgets.staff_panel import StaffPanel

PAUSE_HEIGHT = 0.7
"""The pause pill's height as a share of a touch target: smaller than the buttons."""


def shows_own_cue(slide: Slide) -> bool:
    """Whether ``slide`` draws its own invitation to touch (a title slide's ``cue``): the
    chrome's touch hint then stays hidden, so visitors never see two."""
    return isinstance(slide, TitleSlide) and slide.cue


class Chrome:
    """Creates and places the chrome widgets as children of ``window``, above the stage."""

    def __init__(self, window: QWidget, look: Look, screen: QScreen | None, clock: Clock,
                 deck: Deck) -> None:
        self.window = window
        self.look = look
        size = window.size()
        self.touch = touch_target(screen, size)
        """Side of a finger-sized target on this screen, in pixels."""
        text, fill = look.color("text"), look.color("surface")
        accent = look.color("accent")
        label_font = look.font("caption", bold=True, display=False)
        label_font.setPixelSize(max(label_font.pixelSize(), round(self.touch * 0.32)))
        self.prev_button = ArrowButton(window, self.touch, -1, text, fill)
        self.next_button = ArrowButton(window, self.touch, +1, text, fill)
        self.language_button = LanguageButton(window, self.touch, label_font, text, fill)
        self.dots = ProgressDots(window, self.touch, look.color("muted"), accent)
        # One slow clock for the bar and the hint's pulse: their repaints share a frame.
        self.ticker = FrameTicker(window)
        self.progress = ProgressBar(window, clock, look.color("positive"), self.ticker)
        self.hint = TouchHint(window, look.font("body", display=False), text, fill, self.ticker)
        self.pause = PauseIndicator(window, round(self.touch * PAUSE_HEIGHT),
                                    look.font("caption", display=False), look.color("muted"),
                                    fill)
        self.countdown = IdleCountdown(window, look.font("title", bold=True),
                                       look.font("body"), text, accent,
                                       look.color("background"))
        small = look.font("caption", display=False)
        self._attract = False
        self._slide_cue = False
        """Whether the slide on screen shows its own invitation to touch."""
        self.pinpad = PinPad(window, round(self.touch * 1.4), look.font("title", bold=True),
                             small, text, fill, look.color("background"),
                             card=look.color("surface"), accent=accent)
        self.set_deck(deck)
        self.layout()

    def set_deck(self, deck: Deck) -> None:
        """Dots for ``deck``'s slides; language toggle for its languages."""
        self.languages = tuple(deck.settings.languages)
        self.dots.set_slides(tuple(range(len(deck.slides))), self._dots_width())
        self.layout()

    def set_showing(self, slides: tuple[int, ...]) -> None:
        """Dots only for ``slides`` (deck positions): the slides showing now."""
        if slides != self.dots.slides:
            self.dots.set_slides(slides, self._dots_width())
            self.layout()

    def set_language(self, language: str) -> None:
        self.language_button.set_languages(language, self.languages)
        self.layout()

    def set_mode(self, mode: str) -> None:
        """Attract: the hint invites; interactive: dots to jump with."""
        self._attract = mode == "attract"
        self._show_hint()
        self.dots.setVisible(not self._attract)

    def set_slide_cue(self, shown: bool) -> None:
        """Whether the slide on screen shows its own invitation to touch (see
        :func:`shows_own_cue`): while it does, the touch hint stays hidden; the next slide
        without one brings it back (in attract mode)."""
        self._slide_cue = shown
        self._show_hint()

    def _show_hint(self) -> None:
        wanted = self._attract and not self._slide_cue
        if wanted != self.hint.active:
            self.hint.set_active(wanted)

    def set_index(self, index: int) -> None:
        self.dots.set_current(index)

    def set_paused(self, paused: bool) -> None:
        """Show the pause indicator while staff hold the deck; hide it when it runs again."""
        self.pause.set_paused(paused)

    def _margin(self) -> int:
        return max(self.look.grid(1), round(self.touch * 0.25))

    def _dots_width(self) -> int:
        width = self.window.width()
        return max(self.touch, width - 2 * (self._margin() * 2 + self.touch))

    def layout(self) -> None:
        """Place everything for the window's current size."""
        width, height = self.window.width(), self.window.height()
        margin = self._margin()
        strip = max(round(height * CHROME_STRIP), self.touch + margin // 2)
        centre_y = height - strip // 2
        self.prev_button.move(margin, centre_y - self.touch // 2)
        self.next_button.move(width - margin - self.touch, centre_y - self.touch // 2)
        self.dots.move((width - self.dots.width()) // 2,
                       max(height - strip, centre_y - self.dots.height() // 2))
        self.hint.move((width - self.hint.width()) // 2, centre_y - self.hint.height() // 2)
        bar = max(3, round(min(width, height) * 0.005))
        self.progress.setGeometry(0, height - bar, width, bar)
        self.language_button.move(width - margin - self.language_button.width(), margin)
        # Beside the language toggle (or in its place when there is none), centred on its row.
        if self.language_button.isHidden():
            pause_right = width - margin
        else:
            pause_right = self.language_button.x() - margin // 2
        self.pause.move(pause_right - self.pause.width(),
                        margin + (self.touch - self.pause.height()) // 2)
        for widget in (self.prev_button, self.next_button, self.language_button, self.dots,
                       self.hint, self.progress, self.pause):
            widget.raise_()
        self.countdown.raise_()
        self.pinpad.raise_()

    def create_staff_panel(self) -> StaffPanel:
        """The staff panel, made when staff first unlock it: nothing visitors see waits on it."""
        return StaffPanel(self.window, self.look, self.touch)
