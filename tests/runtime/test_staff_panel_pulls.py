"""The staff panel shows a fleet pull that keeps failing (issue 21: stuck pulls went
unnoticed on the kiosk and the panel)."""

from __future__ import annotations

from datetime import datetime

from kiosk.core import fleet
from tests.runtime.input.kiosk_helpers import make_kiosk
from tests.runtime.test_staff_panel import unlock


def test_a_failing_pull_is_on_the_staff_card(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path)
    first = fleet.next_status(None, ok=True, now=datetime.now().astimezone(), commit="59d0588")
    failing = fleet.next_status(first, ok=False, now=datetime.now().astimezone(),
                                reason="locked",
                                detail="error: Unable to create '/home/k/content/.git/"
                                       "index.lock': File exists.")
    fleet.write_status(kiosk.data_folder, failing)
    unlock(qtbot, kiosk)
    text = kiosk.staff_controls.panel.status_text().replace("\u200b", "")
    assert "Content pulls" in text and "FAILING since" in text
    assert "1 pull(s) in a row · locked" in text and "index.lock" in text


def test_a_kiosk_that_follows_no_repository_shows_no_pull_line(qtbot, tmp_path):
    kiosk = make_kiosk(qtbot, tmp_path)
    unlock(qtbot, kiosk)
    assert "Content pulls" not in kiosk.staff_controls.panel.status_text()
