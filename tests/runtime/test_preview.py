"""``run --windowed`` shows exactly the kiosk's screen: laid out at the kiosk's size (the
deck's first ``screens`` entry, or ``--size``), only drawn smaller to fit the desktop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest
from PySide6.QtCore import QSize

from kiosk.core.config import RunConfig
from kiosk.runtime import preview
from kiosk.runtime.preview import fit_scale, preview_size
from tests.runtime.input.kiosk_helpers import make_deck, make_kiosk


def test_the_preview_is_the_decks_first_screen_or_the_size_asked_for():
    assert preview_size(("1080x1920", "1920x1080"), None) == (1080, 1920)
    assert preview_size(("1920x1080",), (3840, 2160)) == (3840, 2160)


def test_the_rendering_is_scaled_to_fit_the_desktop_never_blown_up():
    assert fit_scale((1920, 1080), (3840, 2100)) == 1.0
    scale = fit_scale((1080, 1920), (1920, 1040))  # a portrait kiosk on a laptop
    assert 0.4 < scale < 0.5 and 1920 * scale <= 1040
    assert fit_scale((3840, 2160), (1366, 740)) * 3840 <= 1366


def test_a_portrait_decks_preview_window_has_the_kiosks_size_and_size_overrides_it(
        qtbot, tmp_path):
    deck = make_deck(3)
    portrait = replace(deck, settings=replace(deck.settings, screens=("1080x1920",)))
    kiosk = make_kiosk(qtbot, tmp_path, deck=portrait, windowed=True)
    assert kiosk.window.size() == QSize(1080, 1920)
    assert kiosk.look.size == QSize(1080, 1920)  # slides laid out at that size
    assert kiosk.stage.size() == QSize(1080, 1920)
    kiosk.shutdown()
    config = RunConfig(windowed=True, window_size=(1280, 800))
    assert preview_size(portrait.settings.screens, config.window_size) == (1280, 800)
    assert "--size" in config.child_arguments() and "1280x800" in config.child_arguments()


def test_the_factor_is_set_before_the_application_and_a_users_own_is_kept(monkeypatch):
    # Recorded before it is removed, so the factor set below is undone after the test (else
    # every later kiosk this test run starts, under Xvfb or Weston, is drawn at that scale).
    monkeypatch.setenv(preview.SCALE_ENV, "")
    monkeypatch.delenv(preview.SCALE_ENV)
    monkeypatch.setattr(preview, "desktop_size", lambda screen: (1920, 1040))
    assert preview.scale_rendering_to_desktop((1080, 1920), 0) < 0.5
    assert 0 < float(os.environ[preview.SCALE_ENV]) < 0.5
    monkeypatch.setenv(preview.SCALE_ENV, "0.8")
    assert preview.scale_rendering_to_desktop((1080, 1920), 0) == 1.0
    assert os.environ[preview.SCALE_ENV] == "0.8"


LINE_BREAKS = """
import json, sys
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
from kiosk.core.content.loader import load_deck
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.runtime.text_fit import lines_needed, plain_text
from kiosk.runtime.theme import Look
from kiosk.runtime.wordbreak import segment_in_process
from kiosk.runtime.offscreen import lay_out
load_bundled_fonts(); segment_in_process()
deck = load_deck(sys.argv[1]).deck
look = Look(deck.settings.theme, QSize(1920, 1080))
found = []
for language in ("en", "zh"):
    for slide in deck.slides:
        view = lay_out(slide, look, language)
        for label in view.findChildren(QLabel):
            if label.isVisibleTo(view) and plain_text(label).strip():
                lines = [list(line) for line in lines_needed(label, label.width())]
                found.append([plain_text(label), label.width(), lines])
print(app.primaryScreen().devicePixelRatio(), json.dumps(found, ensure_ascii=False))
"""


@pytest.mark.slow
@pytest.mark.parametrize("scale", ["0.5"])
def test_scaling_the_rendering_keeps_every_line_break(tmp_path, scale):
    from kiosk.core.paths import BUNDLED_CONTENT

    def run(factor: str | None) -> tuple[float, list]:
        env = {k: v for k, v in os.environ.items() if k != "QT_SCALE_FACTOR"}
        env.update(QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp_path))
        if factor:
            env["QT_SCALE_FACTOR"] = factor
        out = subprocess.run([sys.executable, "-c", LINE_BREAKS, str(BUNDLED_CONTENT)],
                             capture_output=True, text=True, encoding="utf-8", timeout=300,
                             check=True, env=env).stdout
        ratio, table = out.split(" ", 1)
        return float(ratio), json.loads(table)

    ratio_full, full = run(None)
    ratio_scaled, scaled = run(scale)
    assert ratio_scaled == pytest.approx(ratio_full * float(scale))  # it is drawn smaller...
    assert len(full) > 50
    assert scaled == full  # ...and every label has the same width and the same lines
