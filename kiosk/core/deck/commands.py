"""The Command vocabulary: everything input can ask of the deck, and why it asked.

Recognisers (touch, keys, buttons, the staff gesture) turn raw input into a :class:`Command`;
:class:`~kiosk.core.deck.state.DeckState` is the only thing that acts on one. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal, get_args

Trigger = Literal["auto", "swipe", "tap", "key", "jump", "idle_reset", "start", "staff"]
"""Why a slide was shown; logged with every ``slide_shown`` event. ``staff`` is the staff
panel's jump: not a visitor's, so the report does not count it as one."""

USER_TRIGGERS: frozenset[Trigger] = frozenset({"swipe", "tap", "key", "jump"})
"""Triggers that mean a person did something (and so count as input, and as a visitor)."""

TRIGGERS: tuple[str, ...] = get_args(Trigger)


class Kind(Enum):
    """What a command asks for."""

    NEXT = "next"
    PREV = "prev"
    GOTO = "goto"
    FIRST = "first"
    LAST = "last"
    TOGGLE_LANG = "toggle_lang"
    SET_LANG = "set_lang"
    PAUSE_TOGGLE = "pause_toggle"
    USER_INPUT = "user_input"
    """A touch (or key) that asks for nothing but counts as presence: restarts the idle timer."""
    STAFF_EXIT = "staff_exit"


@dataclass(frozen=True)
class Command:
    """One request from input to the deck state."""

    kind: Kind
    trigger: Trigger = "tap"
    index: int | None = None
    """Target slide for :attr:`Kind.GOTO`."""
    language: str | None = None
    """Target language for :attr:`Kind.SET_LANG`."""

    def __post_init__(self) -> None:
        if self.trigger not in TRIGGERS:
            raise ValueError(f"unknown trigger {self.trigger!r}")
        if self.kind is Kind.GOTO and self.index is None:
            raise ValueError("GOTO needs an index")
        if self.kind is Kind.SET_LANG and not self.language:
            raise ValueError("SET_LANG needs a language")

    @property
    def is_navigation(self) -> bool:
        """Whether it moves between slides."""
        return self.kind in (Kind.NEXT, Kind.PREV, Kind.GOTO, Kind.FIRST, Kind.LAST)


def next_slide(trigger: Trigger = "tap") -> Command:
    """Go forward one slide."""
    return Command(Kind.NEXT, trigger)


def prev_slide(trigger: Trigger = "tap") -> Command:
    """Go back one slide."""
    return Command(Kind.PREV, trigger)


def goto(index: int, trigger: Trigger = "jump") -> Command:
    """Go to slide ``index``."""
    return Command(Kind.GOTO, trigger, index=index)


def first(trigger: Trigger = "key") -> Command:
    """Go to the first slide."""
    return Command(Kind.FIRST, trigger)


def last(trigger: Trigger = "key") -> Command:
    """Go to the last slide."""
    return Command(Kind.LAST, trigger)


def toggle_language(trigger: Trigger = "tap") -> Command:
    """Switch to the deck's next language."""
    return Command(Kind.TOGGLE_LANG, trigger)


def set_language(language: str, trigger: Trigger = "tap") -> Command:
    """Switch to ``language``."""
    return Command(Kind.SET_LANG, trigger, language=language)


def pause_toggle(trigger: Trigger = "key") -> Command:
    """Hold (or release) auto-advance and the idle reset: a staff key."""
    return Command(Kind.PAUSE_TOGGLE, trigger)


def user_input(trigger: Trigger = "tap") -> Command:
    """Someone is here: pause auto-advance, restart the idle timer, cancel a countdown."""
    return Command(Kind.USER_INPUT, trigger)


def staff_exit() -> Command:
    """Staff unlocked the exit with the PIN."""
    return Command(Kind.STAFF_EXIT, "key")
