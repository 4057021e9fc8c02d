"""A chart of shares (scale: percent) refuses values and axes a 100 % track would misdraw."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.content.loader import load_deck

CHART = """\
settings:
  title: Test
slides:
  - type: chart
    id: shares
    title: Shares
    scale: {scale}
{maximum}    bars:
      - label: Venture-backed
        value: {first}
      - label: Import substitution
        value: 80
"""


def problems(tmp_path: Path, monkeypatch, *, scale="percent", maximum="", first="90"):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "deck.yaml").write_text(
        CHART.format(scale=scale, maximum=maximum, first=first), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = load_deck(folder)
    return [p for p in result.problems if p.severity == "error"], result


def test_a_chart_of_shares_loads(tmp_path, monkeypatch):
    errors, result = problems(tmp_path, monkeypatch)
    assert not errors
    assert result.deck.slides[0].scale == "percent"


def test_a_share_above_the_whole_is_refused_at_its_value(tmp_path, monkeypatch):
    errors, _ = problems(tmp_path, monkeypatch, first="120")
    assert [(p.file, p.line, p.column) for p in errors] == [("content/deck.yaml", 10, 16)]
    assert "120 is more than the whole" in errors[0].message
    assert "remove 'scale: percent'" in errors[0].hint
    assert str(errors[0]).startswith("content/deck.yaml:10:16: ")


def test_a_share_axis_that_does_not_end_at_100_is_refused(tmp_path, monkeypatch):
    errors, _ = problems(tmp_path, monkeypatch, maximum="    maximum: 80\n")
    assert [(p.line, p.column) for p in errors] == [(8, 14)]
    assert "track always ends at 100" in errors[0].message


def test_maximum_100_is_allowed_with_shares(tmp_path, monkeypatch):
    errors, _ = problems(tmp_path, monkeypatch, maximum="    maximum: 100\n")
    assert not errors


def test_values_above_100_are_fine_without_the_percent_scale(tmp_path, monkeypatch):
    errors, _ = problems(tmp_path, monkeypatch, scale="value", first="120")
    assert not errors


@pytest.mark.parametrize("word", ["percentage", "shares"])
def test_an_unknown_scale_names_the_choices(tmp_path, monkeypatch, word):
    errors, _ = problems(tmp_path, monkeypatch, scale=word)
    assert [(p.line, p.column) for p in errors] == [(7, 12)]
    assert "percent" in errors[0].message + errors[0].hint
