"""Content work never takes the kiosk down, end to end: the real supervisor and kiosk under
Xvfb (the fixtures and helpers of :mod:`tests.test_faults_e2e`).

* 20 poster-size pictures (6000×6000) and a link to ``/dev/zero``, a FIFO and a link to
  ``/etc/shadow`` in the content folder: the kiosk starts and stays up past the moment its
  last good copy is made (which used to re-check every picture on the GUI thread and be
  killed as hung, for ever), and the copy holds only what the deck uses.
* A picture that takes many seconds to check saved into the folder of a running kiosk: the
  kiosk keeps heart-beating and stays on screen while it is checked, then shows it.

The pictures are generated here (QImage), never committed.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import test_faults_e2e as faults
from tests.displays import XDisplay
from tests.e2e_support import holds_for, wait_for
from tests.nobody_support import NobodyCopy
from tests.test_faults_e2e import CONTENT, Run, events, named, steady_kiosk

display = faults.display
"""The fault tests' private Xvfb display (a fixture, found by its name)."""
shared_tmp = faults.shared_tmp
"""A folder every user can reach (a fixture)."""

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]

POSTERS = 20


def poster_png(size: int = 6000) -> bytes:
    """A poster-size PNG of one grey: ~100 KB on disk, 36 million pixels to check."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(size, size, QImage.Format.Format_Grayscale8)
    image.fill(QColor(90, 90, 90))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(buffer.data())


def variant(png: bytes, number: int) -> bytes:
    """The same picture with a text chunk of its own: different bytes, a different hash, so
    nothing is checked once for all twenty."""
    body = b"Comment\0poster %d" % number
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + \
        struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return png[:-12] + chunk + png[-12:]  # before IEND


def slow_jpeg() -> bytes:
    """A small JPEG padded with 62 MiB of 0xFF fill bytes: valid, and seconds to check."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 60, 40))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPEG")
    data = bytes(buffer.data())
    return data[:2] + b"\xff" * (62 * 1024 * 1024) + data[2:]


def picture_slides(names: list[str]) -> str:
    return "".join(f"- type: picture\n  id: poster-{index}\n  image: {name}\n"
                   f"  title: {{en: Poster {index}, zh: 海报 {index}}}\n"
                   for index, name in enumerate(names))


def include(content: Path, file_name: str) -> None:
    """Append ``- include: file_name`` to the deck's slides (the last key of deck.yaml)."""
    deck = content / "deck.yaml"
    text = deck.read_text(encoding="utf-8")
    assert text.rstrip().splitlines()[-1].startswith("  - include:")
    deck.write_text(text.rstrip("\n") + f"\n  - include: {file_name}\n", encoding="utf-8")


def no_restarts(data: Path) -> bool:
    return not named(data, "restart") and not named(data, "unavailable")


def wait_steadily(display: XDisplay, pid: int, run: Run, done: Callable[[], object],
                  timeout: float) -> object:
    """``done()``'s first truthy value within ``timeout`` seconds (else its last), checking
    at every look that the same kiosk (``pid``) is on screen and nothing was restarted."""
    def look() -> object:
        assert display.kiosk_pids() == {pid}, "the kiosk was replaced"
        assert no_restarts(run.data), run.output[-3000:]
        return done()

    return wait_for(look, timeout, step=0.5)


def test_poster_pictures_and_a_dev_zero_link_keep_the_kiosk_up(display: XDisplay,
                                                              shared_tmp: Path) -> None:
    content = shared_tmp / "content"
    shutil.copytree(CONTENT, content)
    (content / "posters").mkdir()
    png = poster_png()
    names = []
    for number in range(POSTERS):
        name = f"posters/poster-{number:02}.png"
        (content / name).write_bytes(variant(png, number))
        names.append(name)
    (content / "posters.yaml").write_text(picture_slides(names), encoding="utf-8")
    include(content, "posters.yaml")
    (content / "zero").symlink_to("/dev/zero")
    (content / "shadow").symlink_to("/etc/shadow")
    os.mkfifo(content / "pipe")
    data = shared_tmp / "data"
    data.mkdir()
    (data / ".last-good-content.tmp-999999").mkdir()  # left by a kiosk killed earlier
    run = Run(display, data, content=content)
    try:
        copy = data / "last-good-content"
        pid = steady_kiosk(display, 0, run)
        # The copy is made 6 s after the first frame, on a worker thread; the kiosk is the
        # same all along (it used to be killed as hung ~10 s after every start).
        wait_steadily(display, pid, run, (copy / ".last-good.json").exists, 120)
        assert (copy / ".last-good.json").exists(), run.output[-3000:]
        steady_kiosk(display, 8, run)
        assert display.kiosk_pids() == {pid} and no_restarts(data), events(data)
        assert sorted(p.name for p in (copy / "posters").iterdir()) == \
            sorted(Path(name).name for name in names)
        assert not any((copy / name).exists() or (copy / name).is_symlink()
                       for name in ("zero", "shadow", "pipe"))
        assert not [p for p in data.iterdir() if p.name.startswith(".last-good-content")]
    finally:
        assert run.stop() == 0


def test_a_slow_picture_saved_while_running_never_stops_the_heartbeat(
        display: XDisplay, shared_tmp: Path) -> None:
    content = shared_tmp / "content"
    shutil.copytree(CONTENT, content)
    data = shared_tmp / "data"
    run = Run(display, data, content=content)
    try:
        pid = steady_kiosk(display, 0, run)
        log = data / "kiosk.log"
        assert wait_for(lambda: "watching" in log.read_text(), 60), run.output[-3000:]
        (content / "images").mkdir()
        (content / "images" / "slow.jpg").write_bytes(slow_jpeg())
        (content / "slow.yaml").write_text(picture_slides(["images/slow.jpg"]),
                                           encoding="utf-8")
        include(content, "slow.yaml")
        saved = time.monotonic()
        # While it is checked (tens of seconds of work), the same kiosk stays on screen:
        # a stopped heartbeat would have it killed as hung after 5 s.
        wait_steadily(display, pid, run, lambda: named(data, "content_reloaded"), 180)
        reloaded = named(data, "content_reloaded")
        assert reloaded, run.output[-3000:]
        print(f"the slow picture was checked and taken {time.monotonic() - saved:.1f} s "
              "after it was saved")
        steady_kiosk(display, 3, run)
        assert display.kiosk_pids() == {pid} and no_restarts(data), events(data)
    finally:
        assert run.stop() == 0


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux)")
def test_an_unreadable_last_good_copy_is_reported_not_a_crash(
        display: XDisplay, shared_tmp: Path, nobody_copy: NobodyCopy) -> None:
    """Broken content, and a last good copy the kiosk's user may not read (as ``nobody``):
    the calm screen with the reason in the event log — not an internal error (exit 70)
    three times."""
    from kiosk.core.content.lastgood import save_last_good

    content = shared_tmp / "content"
    shutil.copytree(CONTENT, content)
    data = shared_tmp / "data"
    data.mkdir()
    assert save_last_good(content, data) == "saved"
    subprocess.run(["chmod", "-R", "a+rX", str(content)], check=True)
    data.chmod(0o777)
    (data / "last-good-content").chmod(0o700)  # root's, unreadable to nobody
    (content / "deck.yaml").write_text("slides: [\n", encoding="utf-8")
    run = Run(display, data, content=content, nobody=nobody_copy, log=shared_tmp / "stderr.txt")
    try:
        unavailable = wait_for(lambda: named(data, "unavailable"), 90)
        assert unavailable, run.output[-3000:]
    finally:
        run.stop()
    rejected = named(data, "content_rejected")
    assert rejected and rejected[0]["fallback"] is None, events(data)
    assert rejected[0]["last_good"].startswith("unreadable: cannot read the last good copy")
    assert all(e.get("exit_code") != 70 for e in named(data, "restart")), events(data)
    assert "internal error" not in run.output and "Traceback" not in run.output
    assert "cannot read the last good copy" in (data / "kiosk.log").read_text()


def test_a_file_cut_by_a_power_cut_is_not_shown_as_a_shorter_deck(display: XDisplay,
                                                                   shared_tmp: Path) -> None:
    """A restart after a power cut that cut a section file at a line break (valid YAML, two
    slides short): the kiosk shows the whole deck from its last good copy, says why, and
    does not make the cut deck its last good copy."""
    from kiosk.core.content.lastgood import save_last_good
    from kiosk.core.content.loader import load_deck

    content = shared_tmp / "content"
    shutil.copytree(CONTENT, content)
    data = shared_tmp / "data"
    data.mkdir()
    assert save_last_good(content, data) == "saved"
    whole = len(load_deck(content).deck.slides)
    section = content / "04-breakthroughs.yaml"
    full = section.read_bytes()
    cut = full[: full.index(b"\n- ", len(full) // 2) + 1]  # before a later slide
    section.write_bytes(cut)
    shorter = load_deck(content).deck
    assert shorter is not None and len(shorter.slides) < whole  # what used to be shown
    run = Run(display, data, content=content)
    try:
        started = wait_for(lambda: named(data, "started"), 60)
        assert started, run.output[-3000:]
        # Nothing to wait for: the cut deck must *not* become the last good copy, so watch
        # past the moment (6 s after the first frame) it would have been made.
        copy = data / "last-good-content" / "04-breakthroughs.yaml"
        assert holds_for(lambda: copy.read_bytes() == full, 8, step=0.5)
    finally:
        assert run.stop() == 0
    assert named(data, "started")[0]["slides"] == whole
    (rejected,) = named(data, "content_rejected")
    assert rejected["fallback"] == "last-good" and rejected["at"] == "start"
    assert "04-breakthroughs.yaml" in rejected["problems"][0]
    assert "stops after line" in rejected["problems"][0]
    copy = data / "last-good-content" / "04-breakthroughs.yaml"
    assert copy.read_bytes() == full
