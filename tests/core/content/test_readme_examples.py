"""content/README.md is the curator's manual: every example in it must load, and it must stay true.

Each ```yaml block whose first line is ``# example: <kind>`` is an example: ``deck`` examples
are whole deck.yaml files and load as they are; the others hold one slide of type ``<kind>``,
which is loaded from a section file included by a minimal deck. No Qt is needed.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from kiosk.core.content import includes, model, yaml_tree
from kiosk.core.content.loader import load_deck
from kiosk.core.content.model import SLIDE_TYPES
from kiosk.core.paths import BUNDLED_CONTENT
from tests.core.content.pictures import png_bytes

README = BUNDLED_CONTENT / "README.md"
_BLOCK = re.compile(r"^```yaml\n(# example: ([\w-]+)\n.*?)^```", re.MULTILINE | re.DOTALL)
_IMAGE = re.compile(r"^\s*(?:image|background|portrait):\s*(\S+)\s*$", re.MULTILINE)
# A complete picture (the validator decodes it), large enough not to look blurred even as a
# full-screen background (smaller ones are warned about).
_PNG = png_bytes(1920, 1080)

MINIMAL_DECK = """\
settings:
  title:
    en: Test deck
    zh: 测试
slides:
  - include: example.yaml
"""


def _examples() -> list[tuple[str, str]]:
    return [(kind, text) for text, kind in _BLOCK.findall(README.read_text(encoding="utf-8"))]


EXAMPLES = _examples()


def _add_images(folder: Path, text: str) -> None:
    """Stand-in pictures for the image paths an example names."""
    for relative in _IMAGE.findall(text):
        path = folder / relative.strip("\"'")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_PNG)


def _describe(problems) -> str:
    return "\n".join(str(p) for p in problems)


def test_the_readme_has_an_example_of_every_slide_type_and_of_a_deck():
    kinds = [kind for kind, _ in EXAMPLES]
    assert set(SLIDE_TYPES) <= set(kinds), f"missing: {set(SLIDE_TYPES) - set(kinds)}"
    assert "deck" in kinds
    assert set(kinds) <= set(SLIDE_TYPES) | {"deck"}, "an example of an unknown kind"
    for slide_type in SLIDE_TYPES:
        assert kinds.count(slide_type) == 1, f"one example per slide type: {slide_type}"


@pytest.mark.parametrize(
    ("kind", "text"),
    [example for example in EXAMPLES if example[0] != "deck"],
    ids=[kind for kind, _ in EXAMPLES if kind != "deck"],
)
def test_each_slide_example_loads_in_a_minimal_deck(tmp_path: Path, kind: str, text: str):
    (tmp_path / "deck.yaml").write_text(MINIMAL_DECK, encoding="utf-8")
    (tmp_path / "example.yaml").write_text(text, encoding="utf-8")
    _add_images(tmp_path, text)

    result = load_deck(tmp_path)

    assert result.problems == (), _describe(result.problems)
    assert result.deck is not None
    assert len(result.deck.slides) == 1, "an example holds exactly one slide"
    assert result.deck.slides[0].type == kind


@pytest.mark.parametrize(
    "text", [text for kind, text in EXAMPLES if kind == "deck"],
    ids=lambda text: f"deck-{len(text)}",
)
def test_each_deck_example_loads_as_it_is(tmp_path: Path, text: str):
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    _add_images(tmp_path, text)

    result = load_deck(tmp_path)

    assert result.problems == (), _describe(result.problems)
    assert result.deck is not None


def _schema_classes() -> list[type]:
    """Every model class a curator writes fields of."""
    return [
        model.Settings, model.Theme, model.Colors, model.Fonts, model.TypeScale,
        model.Schedule, model.OpeningHours, model.SlideBase, *SLIDE_TYPES.values(),
        model.Figure, model.Bar, model.Card, model.Milestone, model.Spoke, model.Safeguards,
        model.Show, model.ShowHours,
    ]


@pytest.mark.parametrize("cls", _schema_classes(), ids=lambda cls: cls.__name__)
def test_every_field_of_the_format_is_documented(cls: type):
    readme = README.read_text(encoding="utf-8")
    for field in dataclasses.fields(cls):
        assert f"`{field.name}`" in readme or f"{field.name}:" in readme, (
            f"{cls.__name__}.{field.name} is not mentioned in content/README.md"
        )


def test_every_default_in_the_settings_tables_matches_the_model():
    readme = README.read_text(encoding="utf-8")
    settings = model.Settings(title=model.Text.plain("x"))
    for name in ("slide_duration", "transition_ms", "idle_timeout", "idle_warning"):
        value = getattr(settings, name)
        shown = str(int(value)) if float(value).is_integer() else str(value)
        assert f"| `{name}` | " in readme
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}` |"))
        assert f"`{shown}`" in row, f"{name}: README row {row!r}, model default {value}"
    for name, value in vars(model.Colors()).items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}` |"))
        assert f"`{value}`" in row, f"colour {name}: README row {row!r}, model default {value}"
    for field in dataclasses.fields(model.TypeScale):
        low, high = field.metadata["min"], field.metadata["max"]
        assert f"| `{field.name}` | {field.default} | {low}–{high} |" in readme, field.name
    spacing = next(f for f in dataclasses.fields(model.Theme) if f.name == "spacing")
    assert (f"default {spacing.default}, allowed {spacing.metadata['min']}–"
            f"{spacing.metadata['max']}") in readme


def test_the_limits_the_readme_states_are_the_loaders():
    readme = README.read_text(encoding="utf-8")
    assert yaml_tree.MAX_FILE_BYTES == 512 * 1024 and "512 KB (524,288 bytes)" in readme
    assert f"| {yaml_tree.MAX_DEPTH} levels |" in readme
    assert f"| {yaml_tree.MAX_STRING_CHARS:,} characters |" in readme
    assert f"{yaml_tree.MAX_EVENTS:,} YAML items" in readme
    assert f"{yaml_tree.MAX_NODES:,} values after expanding" in readme
    assert f"| {includes.MAX_INCLUDE_DEPTH} files deep; each file included once |" in readme
    assert includes.MAX_TOTAL_BYTES == 4 * 1024 * 1024 and "together | 4 MB |" in readme
    assert f"| {includes.MAX_SLIDES:,} |" in readme


# The README shows what `validate` prints for a folder called `broken`; this is that folder.
_BROKEN = {
    "deck.yaml": """\
settings:
  title: {en: X, zh: 叉}
  slide_duration: 12s
slides:
  - include: a.yaml
  - include: b.yaml
""",
    "a.yaml": """\
- type: metrics
  id: at-a-glance
  titel: {en: Six years, zh: 六年}
  metrics:
    - {value: 1, label: a}
    - {value: 2, label: b}
- type: title
  id: capital
  title:
    en: Ideas turned into patents
- type: cards
  id: breakthroughs
  title: x
  cards:
    - name: a
      headline: b
      image: images/beigen.png
""",
    "b.yaml": """\
- type: closing
  id: capital
  title: x
""",
}


def _broken_folder(parent: Path, slide_duration: str) -> None:
    folder = parent / "broken"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "beigene.png").write_bytes(_PNG)
    for name, text in _BROKEN.items():
        (folder / name).write_text(text.replace("12s", slide_duration), encoding="utf-8")


def test_the_problems_the_readme_shows_are_what_validate_reports(tmp_path, monkeypatch):
    readme = README.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # problems name files as typed from here: broken/a.yaml

    _broken_folder(tmp_path, "12s")
    result = load_deck("broken")
    assert len(result.errors) == 5
    for problem in result.problems:
        assert str(problem) in readme, f"README no longer shows: {problem}"
    summary = f"broken: {len(result.errors)} error(s), {len(result.warnings)} warning(s)"
    assert summary in readme


def test_the_warning_the_readme_shows_is_what_validate_reports(tmp_path, monkeypatch):
    readme = README.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    _broken_folder(tmp_path, "12")  # valid settings: translations are checked
    warnings = load_deck("broken").warnings
    assert len(warnings) == 1
    assert warnings[0].severity == "warning"
    assert str(warnings[0]) in readme


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve")


def test_the_manual_counts_the_slide_types_the_same_everywhere():
    text = README.read_text(encoding="utf-8")
    counted = set(re.findall(r"\b(\w+) slide types\b", text, flags=re.IGNORECASE))
    counted |= set(re.findall(r"#the-(\w+)-slide-types", text))
    assert {word.lower() for word in counted} == {_NUMBER_WORDS[len(SLIDE_TYPES)]}, counted


def test_the_settings_table_lists_every_setting():
    text = README.read_text(encoding="utf-8")
    table = text.split("## Settings", 1)[1].split("\n\n", 2)[2]  # after the introduction
    listed = set(re.findall(r"^\| `(\w+)` \|", table.split("\n\n", 1)[0], flags=re.MULTILINE))
    fields = {spec.name for spec in dataclasses.fields(model.Settings)}
    assert listed == fields, f"missing: {fields - listed}, unknown: {listed - fields}"
