"""Accepted means drawn: ``validate`` decodes every picture (in a limited child) and refuses,
at the line that names it, every picture that would hang, crash or draw wrong; the pictures it
accepts are on screen. The bombs are made here, small, never committed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QImageReader

from kiosk.core.content import picture_cache, picture_proof
from kiosk.core.content.images import MAX_JPEG_SEGMENTS
from kiosk.core.content.loader import load_deck
from kiosk.core.content.picture_proof import prove, proven
from kiosk.runtime import pictures
from kiosk.runtime.offscreen import render_slide
from kiosk.runtime.theme import Look

from . import picture_bombs as bombs

DECK = """\
settings:
  title: {{en: "Test", zh: "测试"}}
slides:
  - id: photo
    type: picture
    fit: full-bleed
    image: images/{name}
"""
IMAGE_LINE = 7
GROUND = "#C2185B"


@pytest.fixture(autouse=True)
def _short_decode_limit(monkeypatch):
    # Generous for the small pictures here even on a busy machine; the bombs never need it.
    monkeypatch.setenv("STAR_KIOSK_DECODE_SECONDS", "8")


def _deck(tmp_path: Path, name: str, data: bytes) -> Path:
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / name).write_bytes(data)
    (content / "deck.yaml").write_text(DECK.format(name=name), encoding="utf-8")
    return content


def _refusal(content: Path, name: str):
    result = load_deck(content)
    assert result.deck is None, f"{name} was accepted"
    found = [p for p in result.errors if f"'images/{name}'" in p.message]
    assert found, [str(p) for p in result.problems]
    problem = found[0]
    assert problem.file.endswith("deck.yaml") and problem.line == IMAGE_LINE, str(problem)
    assert str(problem).startswith(f"{problem.file}:{IMAGE_LINE}:{problem.column}: ")
    assert problem.hint  # and how to fix it
    return problem


REFUSED = [
    # name, the picture, words the reason must have
    ("scans.jpg", lambda: bombs.repeated_scans(320, 240, 12), "more than 100 scans"),
    ("comments.jpg", lambda: bombs.comment_bomb(MAX_JPEG_SEGMENTS + 5), "parts"),
    ("cut.jpg", lambda: bombs.cut_with_end_marker(bombs.jpeg(400, 300)), "is damaged"),
    ("twelve.jpg", lambda: bombs.with_frame(bombs.jpeg(64, 48), precision=12), "12-bit JPEG"),
    ("layers.jpg", lambda: bombs.with_frame(bombs.jpeg(64, 48), marker=0xC5), "hierarchical"),
    ("tall.png", lambda: bombs.strip_png(1, 100_000), "a strip"),
    ("wide.png", lambda: bombs.strip_png(30_000, 2), "a strip"),
    ("lying.webp", bombs.lying_webp, "could not be decoded"),
    ("deep.bmp", lambda: bombs.bmp(64), "64-bit BMP"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "make", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_picture_that_would_not_draw_is_refused_where_it_is_named(qapp, tmp_path, name,
                                                                      make, reason):
    problem = _refusal(_deck(tmp_path, name, make()), name)
    assert reason in problem.message, str(problem)


def _drawn(content: Path) -> QImage:
    result = load_deck(content)
    assert result.deck is not None, [str(p) for p in result.problems]
    deck = result.deck
    return render_slide(deck.slides[0], Look(deck.settings.theme, QSize(640, 360)), "en")


def _share_of(image: QImage, colour: str, tolerance: int = 45) -> float:
    want = QColor(colour)
    points = [(x, y) for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)]
    near = sum(all(abs(a - b) <= tolerance for a, b in (
        (c.red(), want.red()), (c.green(), want.green()), (c.blue(), want.blue())))
        for c in (image.pixelColor(x, y) for x, y in points))
    return near / len(points)


ACCEPTED = [
    ("plain.jpg", lambda: bombs.jpeg(800, 600)),
    ("progressive.jpg", lambda: bombs.jpeg(800, 600, progressive=True)),
    ("padded.jpg", lambda: bombs.fill_padded(2_000_000)),  # legal fill bytes, quickly skipped
    ("photo.png", lambda: bombs.strip_png(600, 400)),
    ("panorama.png", lambda: bombs.strip_png(2000, 100)),  # 20 to 1: the widest allowed
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "make"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_an_accepted_picture_is_drawn(qapp, tmp_path, name, make):
    image = _drawn(_deck(tmp_path, name, make()))
    assert _share_of(image, GROUND) > 0.3


def test_the_one_pixel_lossless_webp_is_drawn_or_refused_clearly(qapp, tmp_path):
    data = bombs.one_pixel_lossless_webp()
    assert len(data) == 38
    content = _deck(tmp_path, "one.webp", data)
    probe = tmp_path / "probe.webp"
    probe.write_bytes(data)
    if QImageReader(str(probe)).read().isNull():
        # This Qt's WebP reader cannot read it: refused, saying so, never accepted blank.
        problem = _refusal(content, "one.webp")
        assert "could not be decoded by the kiosk's WebP reader" in problem.message
    else:
        assert _share_of(_drawn(content), GROUND) > 0.5


@pytest.mark.slow
def test_a_picture_slower_to_decode_than_the_limit_is_stopped(qapp, tmp_path):
    # 90 scans: under the structural limit, so only the decoder's time limit can catch it.
    # Its decode takes over a second even on a quiet machine (about 3 s on a busy one), so
    # a half-second limit always stops it.
    path = tmp_path / "slow.jpg"
    path.write_bytes(bombs.repeated_scans(6000, 6000, 9))
    proof = prove(path, seconds=0.5)
    assert not proof.ok and proof.transient
    assert proof.problem == "takes more than 0.5 s to decode"
    assert proven(path) is None


@pytest.mark.slow
def test_a_picture_over_the_memory_limit_is_refused_not_fatal(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(picture_proof, "DECODE_MEMORY_MB", 150)  # Qt itself takes ~100 MB
    path = tmp_path / "big.png"
    path.write_bytes(bombs.strip_png(4000, 4000))  # 64 MB decoded
    proof = prove(path)
    assert not proof.ok and proof.problem


@pytest.mark.slow
def test_a_decoded_picture_is_kept_so_a_restart_does_not_decode_again(qapp, tmp_path,
                                                                       monkeypatch):
    path = tmp_path / "photo.jpg"
    path.write_bytes(bombs.jpeg(3000, 2000))
    assert proven(path) is None
    first = prove(path)
    assert first.ok and first.decoded
    decoded = QImage(first.decoded)
    assert (decoded.width(), decoded.height()) == (2880, 1920)  # covers 1920×1920, no more
    assert proven(path) == first.decoded

    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded again")

    monkeypatch.setattr(subprocess, "run", no_decoding)
    picture_cache.forget_hashes()  # as after a restart
    assert prove(path).decoded == first.decoded


def test_a_damaged_cache_entry_is_ignored_and_rebuilt(qapp, tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(bombs.strip_png(300, 200))
    entry = Path(prove(path).decoded)
    entry.write_bytes(entry.read_bytes()[:200])  # cut, as a power cut might leave it
    assert proven(path) is None
    again = prove(path)
    assert again.ok and not QImage(again.decoded).isNull()


def test_cover_never_allocates_more_than_the_box_for_a_strip(qapp):
    strip = QImage(2, 40_000, QImage.Format.Format_RGB32)  # scaled whole: 1.5 TB for 1080p
    strip.fill(QColor(GROUND))
    result = pictures.scaled(strip, QSize(1920, 1080), "cover")
    assert (result.width(), result.height()) == (1920, 1080)
    assert _share_of(result, GROUND, 10) == 1.0


def test_a_picture_broken_after_validation_is_left_out_and_the_slide_still_shows(
        qapp, tmp_path, caplog):
    content = _deck(tmp_path, "photo.jpg", bombs.jpeg(800, 600))
    result = load_deck(content)
    assert result.deck is not None
    deck = result.deck
    look = Look(deck.settings.theme, QSize(640, 360))
    assert _share_of(render_slide(deck.slides[0], look, "en"), GROUND) > 0.3
    # Overwritten by a cut copy while the kiosk runs (the next validation would refuse it).
    (content / "images" / "photo.jpg").write_bytes(
        bombs.cut_with_end_marker(bombs.jpeg(800, 600, "#2E7D32")))
    pictures.forget_all()
    image = render_slide(deck.slides[0], look, "en")
    assert _share_of(image, GROUND) == 0 and _share_of(image, "#2E7D32") == 0
    assert "is damaged" in caplog.text and "shown without it" in caplog.text


def test_a_proven_picture_is_not_read_again_by_the_next_validation(qapp, tmp_path,
                                                                    monkeypatch):
    content = _deck(tmp_path, "photo.png", bombs.strip_png(900, 600))
    assert load_deck(content).deck is not None
    from kiosk.core.content import picture_checks

    def no_reading(path):
        raise AssertionError(f"{path} read again")

    monkeypatch.setattr(picture_checks, "inspect_picture", no_reading)
    monkeypatch.setattr(subprocess, "run", no_reading)
    assert load_deck(content).deck is not None  # a hash and a cache look-up only


def test_a_refusal_is_remembered_so_the_bomb_is_not_decoded_twice(qapp, tmp_path,
                                                                  monkeypatch):
    path = tmp_path / "cut.jpg"
    path.write_bytes(bombs.cut_with_end_marker(bombs.jpeg(400, 300)))
    first = prove(path)
    assert not first.ok and not first.transient

    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded again")

    monkeypatch.setattr(subprocess, "run", no_decoding)
    assert prove(path).problem == first.problem


def test_a_proven_picture_keeps_its_own_size_for_the_sharpness_warning(qapp, tmp_path):
    # The second validation reads the picture's size from the cache, not from the file.
    content = _deck(tmp_path, "small.jpg", bombs.jpeg(400, 300))
    for _ in range(2):
        result = load_deck(content)
        assert result.deck is not None
        assert any("is 400×300 pixels but is drawn about" in p.message
                   for p in result.warnings), [str(p) for p in result.problems]


def test_a_fifo_is_never_waited_on(qapp, tmp_path):
    import os

    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    assert proven(fifo) is None
    proof = prove(fifo)
    assert not proof.ok and "not a regular file" in proof.problem
