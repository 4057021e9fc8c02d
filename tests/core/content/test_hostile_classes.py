"""Issue 14's classes of hostile content, each refused at its root with its file and line.

One table per class, in the spirit of ``test_validation_errors.py``: the case the hidden
corpus found, then new cases of the same class. Each builds ``tmp_path/content``, loads it,
and checks the one expected problem: file, line, a phrase of its message, a hint. A last
group checks that nothing a file holds reaches a message unescaped, and that no picture,
path or number makes the validator raise.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kiosk.core.content.images import IMAGE_PIXEL_BUDGET
from kiosk.core.content.loader import load_deck
from kiosk.core.content.model import Text
from tests.core.content.pictures import SVG, jpeg_bytes, png_bytes

HEAD = "settings:\n  title: Test\nslides:\n"


def deck(*slide_lines: str, settings: tuple[str, ...] = ()) -> str:
    """deck.yaml: lines 1-2 settings (plus ``settings`` lines after line 2), then slides."""
    return ("settings:\n  title: Test\n" + "".join(f"{line}\n" for line in settings)
            + "slides:\n" + "".join(f"{line}\n" for line in slide_lines))


TITLE = ("  - type: title", "    id: hello", "    title: Hello")
"""Lines 4-6 of a deck without extra settings."""


def metrics(value: str) -> str:
    """A metrics slide whose first figure's value (line 8) is written ``value``."""
    return deck("  - type: metrics", "    id: m", "    title: M", "    metrics:",
                f"      - value: {value}", "        label: a", "      - value: 2",
                "        label: b")


def chart(value: str, *extra: str) -> str:
    """A chart slide whose first bar's value (line 9) is written ``value``."""
    return deck("  - type: chart", "    id: c", "    title: C", *extra, "    bars:",
                "      - label: a", f"        value: {value}", "      - label: b",
                "        value: 2")


def colours(**colors: str) -> str:
    """A deck whose theme colours (from line 5) are these."""
    lines = ["  theme:", "    colors:"] + [f'      {k}: "{v}"' for k, v in colors.items()]
    return deck(*TITLE, settings=tuple(lines))


def picture(name: str = "images/x.png") -> str:
    return deck(*TITLE, f"    image: {name}")  # the image is on line 7


def _png_cut(data: bytes = b"") -> bytes:
    whole = png_bytes(64, 64)
    return whole[: len(whole) - 20]


def _png_bad_crc() -> bytes:
    data = bytearray(png_bytes())
    data[30] ^= 0xFF  # inside IHDR's body: its checksum no longer matches
    return bytes(data)


def _png_short_pixels() -> bytes:
    """A PNG whose chunks are all sound but whose pixel stream is half as long as declared."""
    return png_bytes(8, 8, declared=(8, 16))


Case = tuple[dict[str, str | bytes], str, int, str]
"""(files, file the problem names, its line, a phrase of its message)."""

LONG_DIGITS = "1" * 401

NUMBERS: dict[str, Case] = {
    # YAML 1.1 read these as 750, 5,400, 10, 31, 5, 1000, infinity, not-a-number.
    "sexagesimal-12:30": ({"deck.yaml": metrics("12:30")}, "deck.yaml", 8, "read it as a time"),
    "sexagesimal-1:30:00": ({"deck.yaml": metrics("1:30:00")}, "deck.yaml", 8, "base 60"),
    "octal-012": ({"deck.yaml": metrics("012")}, "deck.yaml", 8, "leading 0"),
    "hex": ({"deck.yaml": metrics("0x1F")}, "deck.yaml", 8, "hexadecimal"),
    "binary": ({"deck.yaml": metrics("0b101")}, "deck.yaml", 8, "hexadecimal, octal and binary"),
    "underscores": ({"deck.yaml": metrics("1_000")}, "deck.yaml", 8, "separators"),
    "inf": ({"deck.yaml": metrics(".inf")}, "deck.yaml", 8, "finite"),
    "nan": ({"deck.yaml": metrics(".nan")}, "deck.yaml", 8, "finite"),
    "1e400": ({"deck.yaml": metrics("1e400")}, "deck.yaml", 8, "is too large"),
    "401-digits": ({"deck.yaml": metrics(LONG_DIGITS)}, "deck.yaml", 8, "is too large"),
    # New cases of the class.
    "octal-0o17": ({"deck.yaml": metrics("0o17")}, "deck.yaml", 8, "hexadecimal"),
    "negative-hex": ({"deck.yaml": metrics("-0x10")}, "deck.yaml", 8, "hexadecimal"),
    "quoted-octal": ({"deck.yaml": metrics('"0012.5"')}, "deck.yaml", 8, "leading 0"),
    "past-a-quadrillion": ({"deck.yaml": metrics("2e15")}, "deck.yaml", 8, "is too large"),
    "whole-number-field": ({"deck.yaml": deck(*TITLE, settings=("  transition_ms: 0x200",))},
                           "deck.yaml", 3, "must be a whole number"),
    "duration-401-digits": ({"deck.yaml": deck(*TITLE, settings=(
        f"  slide_duration: {LONG_DIGITS}",))}, "deck.yaml", 3, "is too large"),
    "yes-for-true": ({"deck.yaml": deck(*TITLE, settings=("  wrap: yes",))},
                     "deck.yaml", 3, "must be true or false, not 'yes'"),
}

TAGS: dict[str, Case] = {
    "binary": ({"deck.yaml": deck(*TITLE, "    subtitle: !!binary aGVsbG8=")},
               "deck.yaml", 7, "the YAML tag 'tag:yaml.org,2002:binary' is not allowed"),
    "str": ({"deck.yaml": deck(*TITLE, "    subtitle: !!str 12")}, "deck.yaml", 7,
            "the YAML tag 'tag:yaml.org,2002:str' is not allowed"),
    "custom": ({"deck.yaml": deck(*TITLE, "    subtitle: !custom hello")}, "deck.yaml", 7,
               "the YAML tag '!custom' is not allowed"),
    # New: the non-specific tag, a tag on a mapping, a tag on a number.
    "bare-bang": ({"deck.yaml": deck(*TITLE, "    subtitle: ! hello")}, "deck.yaml", 7,
                  "the YAML tag '!' is not allowed"),
    "on-a-mapping": ({"deck.yaml": deck(*TITLE, "    subtitle: !!map {en: a, zh: b}")},
                     "deck.yaml", 7, "tag:yaml.org,2002:map' is not allowed"),
    "on-a-number": ({"deck.yaml": metrics("!!float 12")}, "deck.yaml", 8,
                    "tag:yaml.org,2002:float' is not allowed"),
}

CHARACTERS: dict[str, Case] = {
    "zero-width-only-title": ({"deck.yaml": deck("  - type: title", "    id: hello",
                                                 '    title: "\\u200b"')},
                              "deck.yaml", 6, "holds only invisible characters"),
    "bell": ({"deck.yaml": deck(*TITLE, '    subtitle: "ding\\a"')}, "deck.yaml", 7,
             "control character U+0007"),
    "escape": ({"deck.yaml": deck(*TITLE, '    subtitle: "\\e[2J cleared"')}, "deck.yaml", 7,
               "control character U+001B"),
    "backspace": ({"deck.yaml": deck(*TITLE, '    subtitle: "ab\\bc"')}, "deck.yaml", 7,
                  "control character U+0008"),
    "vertical-tab": ({"deck.yaml": deck(*TITLE, '    subtitle: "a\\vb"')}, "deck.yaml", 7,
                     "control character U+000B"),
    "colour-with-newline": ({"deck.yaml": colours(text="#F4F7FB\\n")}, "deck.yaml", 5,
                            "is not a colour"),
    "id-with-newline": ({"deck.yaml": deck("  - type: title", '    id: "01-hero\\n"',
                                           "    title: Hello")},
                        "deck.yaml", 5, "is not a valid id"),
    "empty-font": ({"deck.yaml": deck(*TITLE, settings=("  theme:", "    fonts:",
                                                        '      body: " "'))},
                   "deck.yaml", 5, "is not a font family name"),
    "odd-font": ({"deck.yaml": deck(*TITLE, settings=("  theme:", "    fonts:",
                                                      '      display: "Noto\\e[31m"'))},
                 "deck.yaml", 5, "is not a font family name"),
    # New: C1, DEL, bidi override, line separator, mixed invisibles, controls in plain strings.
    "c1-control": ({"deck.yaml": deck(*TITLE, '    subtitle: "a\\x85b"')}, "deck.yaml", 7,
                   "control character U+0085"),
    "delete": ({"deck.yaml": deck(*TITLE, '    subtitle: "a\\x7fb"')}, "deck.yaml", 7,
               "control character U+007F"),
    "bidi-override": ({"deck.yaml": deck(*TITLE, '    subtitle: "price \\u202e001"')},
                      "deck.yaml", 7, "text-direction character U+202E"),
    "line-separator": ({"deck.yaml": deck(*TITLE, '    subtitle: "a\\u2028b"')}, "deck.yaml", 7,
                       "line separator U+2028"),
    "invisible-mix": ({"deck.yaml": deck(*TITLE, '    subtitle: {en: "\\u200d\\u00ad\\ufeff",'
                                                 ' zh: 好}')}, "deck.yaml", 7,
                      "holds only invisible characters"),
    "emphasis-of-nothing": ({"deck.yaml": deck(*TITLE, '    subtitle: "*\\u200b *"')},
                            "deck.yaml", 7, "holds only invisible characters"),
    "escape-in-source": ({"deck.yaml": deck("  - type: quote", "    id: q", "    text: Hi",
                                            "    speaker: Me", '    source: "A\\eB"')},
                         "deck.yaml", 8, "control character U+001B"),
    "newline-in-source": ({"deck.yaml": deck("  - type: quote", "    id: q", "    text: Hi",
                                             "    speaker: Me", '    source: "A\\nB"')},
                          "deck.yaml", 8, "control character U+000A"),
    "tab-in-time": ({"deck.yaml": deck(*TITLE, settings=(
        '  schedule: {monday: {open: "09:30\\t", close: "17:00"}}',))},
        "deck.yaml", 3, "is not a time"),
    "noncharacter": ({"deck.yaml": deck(*TITLE, '    subtitle: "end\\U0010ffff"')},
                     "deck.yaml", 7, "U+10FFFF, which no font draws"),
    "invisible-source": ({"deck.yaml": deck("  - type: quote", "    id: q", "    text: Hi",
                                            "    speaker: Me", '    source: "\\u200b "')},
                         "deck.yaml", 8, "source holds only invisible characters"),
    "digits-for-a-font": ({"deck.yaml": deck(*TITLE, settings=("  theme:", "    fonts:",
                                                               "      body: 2025"))},
                          "deck.yaml", 5, "is not a font family name"),
    "font-list": ({"deck.yaml": deck(*TITLE, settings=("  theme:", "    fonts:",
                                                       "      body: Noto Sans, Arial"))},
                  "deck.yaml", 5, "is not a font family name"),
}

SETTINGS: dict[str, Case] = {
    "schedule-without-a-day": ({"deck.yaml": deck(*TITLE, settings=(
        "  schedule:", "    wake_on_touch: true"))}, "deck.yaml", 4, "opens on no day"),
    "text-on-its-own-background": ({"deck.yaml": colours(text="#07162C")}, "deck.yaml", 5,
                                   "has a contrast of 1.0:1"),
    "muted-at-1.9": ({"deck.yaml": colours(muted="#3A4A66")}, "deck.yaml", 5,
                     "theme colour 'muted' #3A4A66 on 'background'"),
    "slide-background-too-light": ({"deck.yaml": deck(*TITLE, '    background_color: "#E0E6F0"')},
                                   "deck.yaml", 7, "background_color #E0E6F0 under the theme "
                                   "colour 'text'"),
    # New: an empty schedule mapping, a second colour on the surface, a range now closed.
    "schedule-empty-mapping": ({"deck.yaml": deck(*TITLE, settings=("  schedule: {}",))},
                               "deck.yaml", 3, "opens on no day"),
    "accent-2-on-surface": ({"deck.yaml": colours(surface="#5A6A80", accent_2="#5CCFE6")},
                            "deck.yaml", 6, "'accent_2' #5CCFE6 on 'surface'"),
    "hero-past-legible": ({"deck.yaml": deck(*TITLE, settings=(
        "  theme:", "    type_scale:", "      hero: 0.3"))}, "deck.yaml", 5,
        "it must be between 0.05 and 0.1"),
    "spacing-past-legible": ({"deck.yaml": deck(*TITLE, settings=(
        "  theme:", "    spacing: 0.1"))}, "deck.yaml", 4, "it must be between 0.01 and 0.02"),
}

CHARTS: dict[str, Case] = {
    "negative": ({"deck.yaml": chart("-12")}, "deck.yaml", 9, "must be at least 0"),
    "near-float-max": ({"deck.yaml": chart("1.7e308")}, "deck.yaml", 9, "is too large"),
    "half-shown-as-zero": ({"deck.yaml": chart("0.4", "    decimals: 0")}, "deck.yaml", 10,
                           "would be written '0' with decimals: 0"),
    "figure-shown-as-zero": ({"deck.yaml": deck(
        "  - type: metrics", "    id: m", "    title: M", "    metrics:",
        "      - value: 0.4", "        decimals: 0", "        label: a", "      - value: 2",
        "        label: b")}, "deck.yaml", 9, "would be written '0' with decimals: 0"),
    # New: infinity, a negative axis top, a tiny share at one decimal.
    "infinite": ({"deck.yaml": chart("-.inf")}, "deck.yaml", 9, "finite"),
    "negative-maximum": ({"deck.yaml": chart("3", "    maximum: -5")}, "deck.yaml", 7,
                         "must be at least 0"),
    "tiny-at-one-decimal": ({"deck.yaml": chart("0.04", "    decimals: 1")}, "deck.yaml", 10,
                            "would be written '0.0'"),
}

PICTURES: dict[str, Case] = {
    "svg": ({"deck.yaml": picture("images/x.svg"), "images/x.svg": SVG}, "deck.yaml", 7,
            "is an SVG drawing"),
    "truncated-png": ({"deck.yaml": picture(), "images/x.png": _png_cut()}, "deck.yaml", 7,
                      "is a PNG that is cut off"),
    "huge-png": ({"deck.yaml": picture(),
                  "images/x.png": png_bytes(1, 1, declared=(100_000, 100_000))},
                 "deck.yaml", 7, "is 100,000×100,000 pixels"),
    "cut-jpeg": ({"deck.yaml": picture("images/x.jpg"), "images/x.jpg": jpeg_bytes()[:-2]},
                 "deck.yaml", 7, "is a JPEG that is cut off"),
    # New: an SVG behind an XML declaration and a .png name, a broken checksum, a pixel stream
    # shorter than declared, a JPEG's huge frame, a GIF without its end.
    "svg-named-png": ({"deck.yaml": picture(),
                       "images/x.png": b'<?xml version="1.0"?>\n' + SVG}, "deck.yaml", 7,
                      "is an SVG drawing"),
    "png-bad-checksum": ({"deck.yaml": picture(), "images/x.png": _png_bad_crc()},
                         "deck.yaml", 7, "checksum of its IHDR chunk is wrong"),
    "png-short-pixels": ({"deck.yaml": picture(), "images/x.png": _png_short_pixels()},
                         "deck.yaml", 7, "pixel data is cut off or damaged"),
    "jpeg-over-budget": ({"deck.yaml": picture("images/x.jpg"),
                          "images/x.jpg": jpeg_bytes().replace(
                              b"\xff\xc0\x00\x0b\x08\x00\x08\x00\x08",
                              b"\xff\xc0\x00\x0b\x08\xfd\xe8\xfd\xe8")},
                         "deck.yaml", 7, "is 65,000×65,000 pixels"),
    "gif-without-end": ({"deck.yaml": picture("images/x.gif"),
                         "images/x.gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00"},
                        "deck.yaml", 7, "is a GIF that is cut off"),
}

PATHS: dict[str, Case] = {
    "nul-in-image-path": ({"deck.yaml": picture('"images/a\\0b.png"')}, "deck.yaml", 7,
                          "contains the control character U+0000"),
    "300-char-image-name": ({"deck.yaml": picture("images/" + "a" * 300 + ".png")},
                            "deck.yaml", 7, "is too long"),
    "300-char-include": ({"deck.yaml": deck(*TITLE, "  - include: " + "b" * 300 + ".yaml")},
                         "deck.yaml", 7, "is too long"),
    # New: ESC in an include, a newline in an image path, a long folder name.
    "escape-in-include": ({"deck.yaml": deck(*TITLE, '  - include: "a\\e[2J.yaml"')},
                          "deck.yaml", 7, "contains the control character U+001B"),
    "newline-in-image": ({"deck.yaml": picture('"images/x.png\\n"')}, "deck.yaml", 7,
                         "contains the control character U+000A"),
    "long-folder": ({"deck.yaml": picture("x" * 256 + "/a.png")}, "deck.yaml", 7,
                    "is too long"),
}

MESSAGES: dict[str, Case] = {
    # Issue 10, point 8: each says exactly what to type.
    "unquoted-colour": ({"deck.yaml": deck(*TITLE, settings=(
        "  theme:", "    colors:", "      accent: #FF7A45"))}, "deck.yaml", 5,
        "YAML read '#FF7A45' as a comment"),
    "unquoted-leading-asterisk": ({"deck.yaml": deck(*TITLE, "    subtitle: *hard tech* rocks")},
                                  "deck.yaml", 7, "YAML syntax error"),
    "blank-en": ({"deck.yaml": deck("  - type: title", "    id: hello", "    title:",
                                    "      en:", "      zh: 你好")},
                 "deck.yaml", 7, "slide hello.title.en is empty"),
    "unclosed-emphasis": ({"deck.yaml": deck(*TITLE, "    subtitle: the *hard tech market")},
                          "deck.yaml", 7, "opens emphasis that is not closed"),
    # New: a colour in a per-language text, an unquoted '&', an emphasis closed on the next line.
    "comment-in-language": ({"deck.yaml": deck("  - type: title", "    id: hello",
                                               "    title:", "      en: #1 market",
                                               "      zh: 第一")},
                            "deck.yaml", 7, "YAML read '#1 market' as a comment"),
    "unquoted-leading-at": ({"deck.yaml": deck(*TITLE, "    subtitle: @home of hard tech")},
                            "deck.yaml", 7, "YAML syntax error"),
    "leading-ampersand-eats-a-word": ({"deck.yaml": deck(*TITLE,
                                                         "    subtitle: &more than one")},
                                      "deck.yaml", 7, "'&more' was read as a YAML anchor"),
    "optional-text-swallowed-by-a-comment": ({"deck.yaml": deck(
        *TITLE, "    subtitle: #1 market for hard tech")}, "deck.yaml", 7,
        "YAML read '#1 market for hard tech' as a comment"),
    "emphasis-across-lines": ({"deck.yaml": deck(*TITLE, '    subtitle: "*hard\\ntech*"')},
                              "deck.yaml", 7, "opens emphasis that is not closed"),
}

HINTS = {
    "unquoted-colour": 'put the value in quotes: "#FF7A45"',
    "unquoted-leading-asterisk": "a text that starts with '*' must be in quotes",
    "unquoted-leading-at": "a text that starts with '@' must be in quotes",
    "leading-ampersand-eats-a-word": "a text that starts with '&' must be in quotes",
    "blank-en": "write the English text after 'en:'",
    "comment-in-language": "put the value in quotes",
    "half-shown-as-zero": "decimals: 1",
}

TABLES = {"numbers": NUMBERS, "tags": TAGS, "characters": CHARACTERS, "settings": SETTINGS,
          "charts": CHARTS, "pictures": PICTURES, "paths": PATHS, "messages": MESSAGES}
ALL = [(f"{table}/{name}", case) for table, cases in TABLES.items()
       for name, case in cases.items()]


def _load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str | bytes]):
    folder = tmp_path / "content"
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return load_deck("content")


@pytest.mark.parametrize(("name", "case"), ALL, ids=[name for name, _ in ALL])
def test_each_hostile_case_is_refused_at_its_line(tmp_path, monkeypatch, caplog, name, case):
    files, file, line, phrase = case
    result = _load(tmp_path, monkeypatch, files)
    everything = "\n".join(str(p) for p in result.problems)
    matching = [p for p in result.problems if phrase in str(p)]
    assert len(matching) == 1, f"expected one problem with {phrase!r}, got:\n{everything}"
    problem = matching[0]
    assert (problem.file, problem.line) == (f"content/{file}", line), everything
    assert problem.severity == "error" and result.deck is None
    assert " — " in str(problem), "every error carries a hint"
    assert "internal error" not in everything
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
    short = name.split("/")[1]
    if short in HINTS:
        assert HINTS[short] in problem.hint, str(problem)
    # Nothing a file holds reaches a message raw: no control, format or separator character.
    for text in (str(p) for p in result.problems):
        raw = [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
        assert not raw, f"unescaped {raw!r} in {text!r}"


def test_an_anchor_that_is_used_still_works(tmp_path, monkeypatch):
    result = _load(tmp_path, monkeypatch, {"deck.yaml": deck(
        "  - type: quote", "    id: q", "    text: Hi", "    speaker: Me",
        "    source: &xinhua Xinhua, July 2025", "  - type: quote", "    id: r",
        "    text: Bye", "    speaker: You", "    source: *xinhua")})
    assert result.problems == ()
    assert result.deck.slides[1].source == Text.plain("Xinhua, July 2025")


def test_a_comment_meant_as_one_after_an_empty_optional_field_is_fine(tmp_path, monkeypatch):
    result = _load(tmp_path, monkeypatch, {"deck.yaml": deck(*TITLE, "    subtitle: # to do")})
    assert result.problems == () and result.deck.slides[0].subtitle is None


def test_a_blank_language_is_not_also_a_missing_translation(tmp_path, monkeypatch):
    files, *_ = MESSAGES["blank-en"]
    result = _load(tmp_path, monkeypatch, files)
    assert not [p for p in result.problems if "missing the" in p.message]


def test_escaped_values_are_visible_in_messages(tmp_path, monkeypatch):
    result = _load(tmp_path, monkeypatch, {"deck.yaml": deck(
        "  - type: title", '    id: "x\\e[2J\\u202e"', "    title: Hello",
        '    "ti\\rtle\\a": x')})
    text = "\n".join(str(p) for p in result.problems)
    assert "x\\x1b[2J\\u202e" in text  # the id, as escapes a person can read
    assert "unknown field 'ti\\rtle\\x07'" in text


def test_line_breaks_stay_allowed_in_texts_and_notes(tmp_path, monkeypatch):
    result = _load(tmp_path, monkeypatch, {"deck.yaml": deck(
        *TITLE, '    subtitle: "BeiGene\\nRMB 21.1 billion"', '    notes: "one\\ntwo"')})
    assert result.problems == ()


def test_invisible_characters_inside_visible_text_are_allowed(tmp_path, monkeypatch):
    result = _load(tmp_path, monkeypatch, {"deck.yaml": deck(
        *TITLE, '    subtitle: "科创\\u200b板 co\\u00adoperation"')})
    assert result.problems == ()


def test_plain_decimal_numbers_still_read(tmp_path, monkeypatch):
    for written, value in (("589", 589), ("1.1e12", 1.1e12), ("168.1e9", 168.1e9),
                           ('"240000"', 240000), ("-3.5", -3.5), ("0", 0), ("0.25", 0.25)):
        result = _load(tmp_path, monkeypatch, {"deck.yaml": metrics(written)})
        assert result.problems == (), written
        assert result.deck.slides[0].metrics[0].value == value


def test_a_chart_without_decimals_writes_a_half_as_a_half(tmp_path, monkeypatch):
    from kiosk.core.numbers import format_number, shared_decimals

    result = _load(tmp_path, monkeypatch, {"deck.yaml": chart("0.5")})
    assert result.problems == ()
    bars = result.deck.slides[0].bars
    decimals = shared_decimals(bar.value for bar in bars)
    assert [format_number(bar.value, "en", decimals=decimals) for bar in bars] == ["0.5", "2.0"]


@pytest.mark.slow
def test_pictures_within_the_budget_pass(tmp_path, monkeypatch):
    result = _load(tmp_path, monkeypatch, {
        "deck.yaml": deck(*TITLE, "    image: a.png", "  - type: title", "    id: two",
                          "    title: Two", "    image: b.jpg"),
        "a.png": png_bytes(40, 30), "b.jpg": jpeg_bytes()})
    assert result.deck is not None and not result.errors
    # Tiny pictures are valid; as full-screen backgrounds they are only said to look blurred.
    assert all("blurred" in p.message for p in result.problems)
    assert 100_000 ** 2 > IMAGE_PIXEL_BUDGET  # the huge case above is over it
