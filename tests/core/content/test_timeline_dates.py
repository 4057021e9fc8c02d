"""A timeline's ``when`` dates (issue 22): read, checked with file:line:col, optional."""

from __future__ import annotations

import pytest

from kiosk.core.content.loader import load_deck


def _deck(tmp_path, *whens: str | None):
    lines = ["settings:", "  title: Test", "slides:", "  - type: timeline", "    id: tl",
             "    title: Years", "    milestones:"]
    for i, when in enumerate(whens):
        lines += [f"      - date: Day {i}", f"        label: Step {i}"]
        if when is not None:
            lines.append(f"        when: {when}")
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "deck.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_deck(folder)


def test_dates_as_a_day_a_month_or_a_year_load(tmp_path):
    result = _deck(tmp_path, "2019", "2021-12", "2025-07-22")
    assert not result.problems, [str(p) for p in result.problems]
    whens = [m.when for m in result.deck.slides[0].milestones]
    assert whens == ["2019", "2021-12", "2025-07-22"]


def test_an_old_deck_without_dates_loads_without_a_word(tmp_path):
    result = _deck(tmp_path, None, None)
    assert not result.problems
    assert [m.when for m in result.deck.slides[0].milestones] == ["", ""]


@pytest.mark.parametrize("written", ["22 July 2019", "2019-02-30", "2019-7-22", "\"2019/07\""])
def test_a_when_that_is_no_date_is_shown_where_it_is(tmp_path, written):
    result = _deck(tmp_path, "2018", written)
    (problem,) = result.errors
    # Line 13 is the second milestone's 'when'; the value starts after "when: ".
    assert (problem.line, problem.column) == (13, 15)
    assert "milestones[2].when" in problem.message and "is not a date" in problem.message
    assert "YYYY-MM-DD" in problem.hint


def test_milestones_out_of_date_order_are_refused(tmp_path):
    result = _deck(tmp_path, "2025-07-13", "2025-06-30")
    (problem,) = result.errors
    assert problem.line == 13
    assert "comes before milestones[1].when 2025-07-13" in problem.message
    assert "date order" in problem.hint


def test_dates_on_only_some_milestones_are_a_warning(tmp_path):
    result = _deck(tmp_path, "2019", None, "2025")
    assert not result.errors
    (warning,) = result.warnings
    assert warning.line == 11  # the second milestone, the first without a date
    assert "2 of 3 milestones have a 'when'" in warning.message
    assert "milestones[2]" in warning.hint
