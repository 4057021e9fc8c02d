"""The validated content model: frozen dataclasses, no Qt, no I/O.

Every class here doubles as the schema of the YAML format: the loader reads field names,
types, defaults and the ``meta`` constraints to check a curator's files, and
``content/README.md`` documents the same fields. A field without a default is required.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Literal

from kiosk.core.content.figure_graphics import Graphic

SOURCE_DOC = ("where it comes from: one citation for every language, or one per language "
              "({en: …, zh: …}); several separated by '; '")
LANGUAGES = ("en", "zh")
"""Languages a visitor-facing string may be given in."""

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
"""How each language names itself on the language toggle (never a flag)."""


def meta(doc: str = "", **constraints: object) -> dict[str, object]:
    """Field metadata: a one-line doc plus constraints (min, max, min_items, max_items)."""
    return {"doc": doc, **constraints}


@dataclass(frozen=True)
class Text:
    """A visitor-facing string, either the same in every language or given per language."""

    by_language: tuple[tuple[str, str], ...]

    @classmethod
    def plain(cls, value: str) -> Text:
        """A string shown as-is whatever the language."""
        return cls((("*", value),))

    @classmethod
    def of(cls, **by_language: str) -> Text:
        """A string given per language, e.g. ``Text.of(en="Hello", zh="你好")``."""
        return cls(tuple(by_language.items()))

    @property
    def is_plain(self) -> bool:
        return len(self.by_language) == 1 and self.by_language[0][0] == "*"

    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.by_language)

    def get(self, language: str, fallback: str = "en") -> str:
        """The string in ``language``; else in ``fallback``; else the first one given."""
        table = dict(self.by_language)
        for key in (language, "*", fallback):
            if key in table:
                return table[key]
        return self.by_language[0][1] if self.by_language else ""


@dataclass(frozen=True)
class Asset:
    """A file inside the content folder (an image), checked to exist and to stay inside it."""

    path: str
    """Path relative to the content folder, as the curator wrote it."""
    resolved: str = ""
    """Absolute path, filled in by the loader once checked."""


# ----------------------------------------------------------------------------------- theme


def _color(default: str, doc: str) -> str:
    return field(default=default, metadata=meta(doc, format="color"))


@dataclass(frozen=True)
class Colors:
    """The palette, as "#RRGGBB". Text colours keep at least 4.5:1 contrast on background."""

    background: str = _color("#07162C", "the stage behind every slide")
    surface: str = _color("#102A4C", "cards, panels and chart plots")
    text: str = _color("#F4F7FB", "body and titles")
    muted: str = _color("#AFC0D8", "captions, sources, secondary lines")
    accent: str = _color("#F5B942", "big numbers, highlights and *emphasis*")
    accent_2: str = _color("#5CCFE6", "second series, lines of the reforms diagram")
    positive: str = _color("#74D99A", "progress bar and confirmations")


@dataclass(frozen=True)
class Fonts:
    display: str = field(default="Noto Sans SC",
                         metadata=meta("family for titles and numbers", format="font"))
    body: str = field(default="Noto Sans SC", metadata=meta("family for body text", format="font"))
    latin: str = field(
        default="Noto Sans",
        metadata=meta("family for English; display and body then set the Chinese", format="font"),
    )


_LEGIBLE = "a fraction of the screen's shorter side; outside this range slides stop fitting"


@dataclass(frozen=True)
class TypeScale:
    """Text sizes as fractions of the screen's shorter side, so layouts scale with the screen."""

    # The ranges are what every slide type still lays out legibly at, in both orientations
    # (checked by exporting a deck at each extreme): beyond them titles and panels blank out.
    hero: float = field(default=0.085, metadata=meta(_LEGIBLE, min=0.05, max=0.1))
    title: float = field(default=0.058, metadata=meta(_LEGIBLE, min=0.035, max=0.064))
    number: float = field(default=0.085, metadata=meta(_LEGIBLE, min=0.05, max=0.095))
    body: float = field(default=0.034, metadata=meta(_LEGIBLE, min=0.025, max=0.036))
    caption: float = field(default=0.026, metadata=meta(_LEGIBLE, min=0.02, max=0.028))


@dataclass(frozen=True)
class Theme:
    colors: Colors = Colors()
    fonts: Fonts = Fonts()
    type_scale: TypeScale = TypeScale()
    spacing: float = field(
        default=0.02, metadata=meta("grid unit, a fraction of the shorter side", min=0.01, max=0.02)
    )


# -------------------------------------------------------------------------------- schedule


@dataclass(frozen=True)
class OpeningHours:
    """Open and close times for one weekday, as "HH:MM"."""

    open: str = field(metadata=meta("opening time, HH:MM", format="time"))
    close: str = field(metadata=meta("closing time, HH:MM", format="time"))


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Day names as content writes them (schedule fields, ``show.weekdays``), in
:meth:`datetime.weekday` order."""


@dataclass(frozen=True)
class Schedule:
    """When the kiosk is open; outside these hours it shows a dark closed screen."""

    monday: OpeningHours | None = None
    tuesday: OpeningHours | None = None
    wednesday: OpeningHours | None = None
    thursday: OpeningHours | None = None
    friday: OpeningHours | None = None
    saturday: OpeningHours | None = None
    sunday: OpeningHours | None = None
    wake_on_touch: bool = field(default=True, metadata=meta("a touch wakes it while closed"))
    closed_message: Text | None = None


# ---------------------------------------------------------------------------- slide show:

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True)
class ShowHours:
    """The hours of the day a slide shows, as "HH:MM"; an ``end`` at or before ``start`` runs
    past midnight."""

    start: str = field(metadata=meta("from, HH:MM", format="time"))
    end: str = field(metadata=meta("until (not included), HH:MM", format="time"))


@dataclass(frozen=True)
class Show:
    """When a slide is in the deck (an event week, a weekend slide). Every part given must
    match; a part left out does not restrict. Checked by :mod:`kiosk.core.showing`."""

    first_day: str | None = field(
        default=None, metadata=meta("the first day it shows, YYYY-MM-DD", format="date"))
    last_day: str | None = field(
        default=None, metadata=meta("the last day it shows (included), YYYY-MM-DD",
                                    format="date"))
    weekdays: tuple[Weekday, ...] = field(
        default=(), metadata=meta("the days of the week it shows, e.g. [saturday, sunday]",
                                  max_items=7))
    hours: ShowHours | None = field(
        default=None, metadata=meta("the hours it shows, e.g. {start: \"10:00\", end: "
                                    "\"16:00\"}"))


TransitionName = Literal["push", "fade"]


@dataclass(frozen=True)
class Settings:
    """Deck-wide settings; each can be overridden on the command line where it makes sense."""

    title: Text = field(metadata=meta("the exhibition's name"))
    languages: tuple[Literal["en", "zh"], ...] = field(
        default=("en", "zh"), metadata=meta(min_items=1)
    )
    default_language: Literal["en", "zh"] = "en"
    slide_duration: float = field(
        default=12.0, metadata=meta("seconds each slide shows in the attract loop", min=2, max=600)
    )
    transition: TransitionName = "push"
    transition_ms: int = field(default=650, metadata=meta(min=100, max=3000))
    idle_timeout: float = field(
        default=90.0, metadata=meta("seconds without a touch before the reset", min=30, max=3600)
    )
    idle_warning: float = field(
        default=10.0, metadata=meta("seconds of 'Still there?' countdown", min=3, max=60)
    )
    wrap: bool = field(default=True, metadata=meta("after the last slide comes the first"))
    reduce_motion: bool = field(default=False, metadata=meta("movement becomes short fades"))
    theme: Theme = Theme()
    schedule: Schedule | None = None
    screens: tuple[str, ...] = field(
        default=("1920x1080", "1080x1920"),
        metadata=meta("the screens the fit check lays every slide out for, as WIDTHxHEIGHT",
                      min_items=1, max_items=6, format="size"),
    )
    terms: tuple[str, ...] = field(
        default=(),
        metadata=meta("Chinese words and names a line must never break inside, 2 to 6 "
                      "characters each (the deck's names written alone are learnt anyway)",
                      max_items=500, format="term"),
    )


# ---------------------------------------------------------------------------------- slides


@dataclass(frozen=True)
class SlideBase:
    id: str = field(
        metadata=meta("unique; names the slide in logs and exports", format="identifier")
    )
    duration: float | None = field(
        default=None, metadata=meta("seconds, overrides slide_duration", min=2, max=600)
    )
    transition: TransitionName | None = None
    notes: str = field(default="", metadata=meta("for curators only, never shown"))
    background: Asset | None = field(
        default=None, metadata=meta("picture behind the slide, cropped to fill, under a veil")
    )
    background_color: str | None = field(
        default=None, metadata=meta("colour behind this slide, e.g. \"#0B1F3A\"", format="color")
    )
    decorations: bool = field(
        default=True, metadata=meta("the ring motif (title and closing slides); false hides it")
    )
    qr: str = field(default="", metadata=meta("a web address shown as a QR code", format="url"))
    qr_caption: Text | None = field(default=None, metadata=meta("short line under the QR code"))
    show: Show | None = field(
        default=None, metadata=meta("when the slide shows: first_day, last_day, weekdays, "
                                    "hours; always when left out"))


@dataclass(frozen=True, kw_only=True)
class TitleSlide(SlideBase):
    type: Literal["title"] = "title"
    title: Text
    subtitle: Text | None = None
    kicker: Text | None = field(default=None, metadata=meta("small line above the title"))
    footer: Text | None = None
    image: Asset | None = field(default=None, metadata=meta("background picture"))
    figure: Figure | None = field(
        default=None, metadata=meta("one hero number framed by the rings, counting up as it enters")
    )
    cue: bool = field(
        default=False, metadata=meta("invite visitors in: 'Touch to explore · 触摸探索' under it")
    )


@dataclass(frozen=True)
class Figure:
    """A number shown big, counting up as the slide enters."""

    value: float = field(metadata=meta("the exact value, e.g. 1100000000000 or 589"))
    label: Text = field(metadata=meta("what the number counts"))
    decimals: int | None = field(default=None, metadata=meta(min=0, max=4))
    compact: bool = field(
        default=False, metadata=meta("write large numbers with words: 1.1 trillion / 1.1万亿")
    )
    prefix: Text | None = field(default=None, metadata=meta("before the number, e.g. 'RMB '"))
    suffix: Text | None = field(default=None, metadata=meta("after the number, e.g. '%' or '元'"))
    qualifier: Text | None = field(default=None, metadata=meta("e.g. 'over' / '超'"))
    detail: Text | None = None
    icon: str | None = field(default=None, metadata=meta(
        "a small drawing beside it: fa6s.<name> (Font Awesome 6 Free) or mdi6.<name> "
        "(Material Design Icons 6)", format="icon"))
    hero: bool = field(default=False, metadata=meta(
        "the slide's headline figure: a row of its own, drawn bigger (one per slide)"))
    graphic: Graphic | None = field(default=None, metadata=meta(
        "draw the figure as data: ring or grid for a percentage (the value, 0-100); bar to "
        "scale against the slide's other bars"))
    source: Text | None = field(default=None, metadata=meta(SOURCE_DOC))


@dataclass(frozen=True, kw_only=True)
class MetricsSlide(SlideBase):
    type: Literal["metrics"] = "metrics"
    title: Text
    subtitle: Text | None = None
    metrics: tuple[Figure, ...] = field(metadata=meta(min_items=2, max_items=6))
    footnote: Text | None = None


@dataclass(frozen=True)
class Bar:
    label: Text
    value: float = field(metadata=meta(
        "bars start at zero: show a fall in words (value_label, caption)", min=0))
    value_label: Text | None = field(
        default=None, metadata=meta("text on the bar instead of the formatted value")
    )
    highlight: bool = False
    source: Text | None = field(default=None, metadata=meta(SOURCE_DOC))


@dataclass(frozen=True, kw_only=True)
class ChartSlide(SlideBase):
    type: Literal["chart"] = "chart"
    title: Text
    orientation: Literal["bar", "column"] = field(
        default="bar", metadata=meta("bar: horizontal bars; column: vertical columns")
    )
    bars: tuple[Bar, ...] = field(metadata=meta(min_items=1, max_items=12))
    axis_label: Text | None = field(default=None, metadata=meta("what the values measure"))
    decimals: int | None = field(
        default=None, metadata=meta("decimals on the bars; by default the fewest that write "
                                    "every value exactly (at most 3)", min=0, max=4))
    prefix: Text | None = None
    suffix: Text | None = None
    maximum: float | None = field(default=None, metadata=meta("top of the value axis", min=0))
    scale: Literal["value", "percent"] = field(
        default="value", metadata=meta("percent: every value is a share of a whole, 0 to 100; "
                                       "each bar is drawn on a track that stands for 100 %"))
    caption: Text | None = None
    source: Text | None = field(default=None, metadata=meta(SOURCE_DOC))


@dataclass(frozen=True)
class Card:
    name: Text
    headline: Text = field(metadata=meta("the breakthrough in one line"))
    figure: Text | None = field(default=None, metadata=meta("the key figure, as written"))
    detail: Text | None = field(default=None, metadata=meta("shown when the card is tapped"))
    image: Asset | None = None
    icon: str | None = field(default=None, metadata=meta(
        "a small drawing beside the name: fa6s.<name> (Font Awesome 6 Free) or mdi6.<name> "
        "(Material Design Icons 6)", format="icon"))
    source: Text | None = field(default=None, metadata=meta(SOURCE_DOC))


@dataclass(frozen=True, kw_only=True)
class CardsSlide(SlideBase):
    type: Literal["cards"] = "cards"
    title: Text
    subtitle: Text | None = None
    cards: tuple[Card, ...] = field(metadata=meta(min_items=1, max_items=8))


@dataclass(frozen=True)
class Milestone:
    date: Text = field(metadata=meta("as shown, e.g. '22 July 2019' / '2019年7月22日'"))
    label: Text
    detail: Text | None = None
    source: Text | None = field(default=None, metadata=meta(SOURCE_DOC))
    when: str = field(default="", metadata=meta(
        "the date on the time axis: YYYY-MM-DD, YYYY-MM or YYYY; when every milestone has "
        "one, the dots are spaced by real time (else evenly)"))


@dataclass(frozen=True, kw_only=True)
class TimelineSlide(SlideBase):
    type: Literal["timeline"] = "timeline"
    title: Text
    milestones: tuple[Milestone, ...] = field(metadata=meta(min_items=2, max_items=10))


@dataclass(frozen=True)
class Spoke:
    label: Text
    detail: Text | None = None
    source: Text | None = field(default=None, metadata=meta(SOURCE_DOC))
    mark: Text | None = field(default=None, metadata=meta(
        "a short sign: on the hub, drawn large above its label (the \"1\" of \"1+6\"); on "
        "a measure, its badge in place of its number (e.g. \"+\")"))
    icon: str | None = field(default=None, metadata=meta(
        "on a measure, a small drawing in place of its badge: fa6s.<name> (Font Awesome 6 "
        "Free) or mdi6.<name> (Material Design Icons 6)", format="icon"))


@dataclass(frozen=True)
class Safeguards:
    title: Text
    items: tuple[Text, ...] = field(metadata=meta(min_items=1, max_items=6))
    source: Text | None = field(default=None, metadata=meta(SOURCE_DOC))


@dataclass(frozen=True, kw_only=True)
class ReformsSlide(SlideBase):
    type: Literal["reforms"] = "reforms"
    title: Text
    hub: Spoke
    measures: tuple[Spoke, ...] = field(metadata=meta(min_items=2, max_items=8))
    safeguards: Safeguards | None = None
    source: Text | None = field(default=None, metadata=meta(SOURCE_DOC))


@dataclass(frozen=True, kw_only=True)
class QuoteSlide(SlideBase):
    type: Literal["quote"] = "quote"
    text: Text
    speaker: Text
    role: Text | None = None
    source: Text | None = field(default=None, metadata=meta(SOURCE_DOC))
    portrait: Asset | None = field(default=None, metadata=meta("the speaker's photo, round"))


@dataclass(frozen=True, kw_only=True)
class PictureSlide(SlideBase):
    type: Literal["picture"] = "picture"
    image: Asset = field(metadata=meta("the photo"))
    fit: Literal["framed", "full-bleed"] = field(
        default="framed", metadata=meta("framed: whole photo, never cropped; full-bleed: fills")
    )
    title: Text | None = None
    caption: Text | None = None
    credit: Text | None = field(default=None, metadata=meta("photographer or rights holder"))


@dataclass(frozen=True, kw_only=True)
class ClosingSlide(SlideBase):
    type: Literal["closing"] = "closing"
    title: Text
    message: Text | None = None
    footer: Text | None = None


Slide = (
    TitleSlide
    | MetricsSlide
    | ChartSlide
    | CardsSlide
    | TimelineSlide
    | ReformsSlide
    | QuoteSlide
    | PictureSlide
    | ClosingSlide
)

SLIDE_TYPES: dict[str, type] = {
    "title": TitleSlide,
    "metrics": MetricsSlide,
    "chart": ChartSlide,
    "cards": CardsSlide,
    "timeline": TimelineSlide,
    "reforms": ReformsSlide,
    "quote": QuoteSlide,
    "picture": PictureSlide,
    "closing": ClosingSlide,
}
"""Slide ``type`` names and the class each is read into."""


@dataclass(frozen=True)
class Deck:
    """A whole exhibition: settings and the ordered slides."""

    settings: Settings
    slides: tuple[Slide, ...]
    folder: str = ""
    """Absolute path of the content folder it was read from."""

    def duration_of(self, index: int) -> float:
        """Seconds slide ``index`` shows in the attract loop."""
        slide = self.slides[index]
        return slide.duration if slide.duration is not None else self.settings.slide_duration

    def transition_of(self, index: int) -> str:
        slide = self.slides[index]
        return slide.transition or self.settings.transition

    def index_of(self, slide_id: str) -> int | None:
        for i, slide in enumerate(self.slides):
            if slide.id == slide_id:
                return i
        return None


def compact_source(source: str) -> str:
    """A citation as a slide shows it: the publisher and the date, without the title.

    ``Xinhua, "Accelerating Innovation…", July 2025`` → ``Xinhua, July 2025``: the part
    before the first comma, and the last part when it holds a year. The full citation stays
    in the content and in the handout.
    """
    comma = "，" if "，" in source else ", "
    parts = [part.strip() for part in source.split(comma)]
    if len(parts) < 3 or not re.search(r"[0-9]{4}", parts[-1]):
        return source.strip() if len(parts) < 3 else parts[0]
    return f"{parts[0]}{comma}{parts[-1]}"


def slide_texts(slide: object) -> tuple[Text, ...]:
    """Every visitor-facing :class:`Text` of ``slide``, in the order its fields are declared
    (tap-only details included)."""
    found: list[Text] = []

    def walk(value: object) -> None:
        if isinstance(value, Text):
            found.append(value)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, Asset):
            for item in dataclasses.fields(value):
                if item.name != "source":
                    walk(getattr(value, item.name))

    walk(slide)
    return tuple(found)


def slide_sources(slide: object, language: str) -> tuple[str, ...]:
    """Every ``source`` given anywhere in ``slide`` (its figures, bars, cards...) as written
    for ``language``, each once, in the order written: the full citations, as the handout
    lists them. One field may cite several sources, separated by "; " (or "；")."""
    found: dict[str, None] = {}

    def walk(value: object) -> None:
        if isinstance(value, tuple):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, (Text, Asset)):
            for item in dataclasses.fields(value):
                inner = getattr(value, item.name)
                if item.name == "source" and isinstance(inner, Text):
                    for one in re.split(r"; |；", inner.get(language)):
                        if one.strip():
                            found[one.strip()] = None
                else:
                    walk(inner)

    walk(slide)
    return tuple(found)
