"""The last good copy: only what the deck uses, read safely, written whole, verified when used."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.core.content import lastgood
from kiosk.core.content.images import PictureCheck, inspect_picture
from kiosk.core.content.lastgood import (
    LAST_GOOD_DIR,
    MANIFEST,
    choose_start_content,
    open_last_good,
    read_regular_file,
    save_last_good,
)
from tests.core.content.pictures import png_bytes


def deck_yaml(*pictures: str, title: str = "Hello") -> str:
    lines = ["settings:", "  title: Test", "slides:",
             "  - type: title", "    id: hello", f"    title: {title}",
             "  - include: more.yaml"]
    for index, name in enumerate(pictures):
        lines += ["  - type: picture", f"    id: p{index}", f"    image: {name}"]
    return "".join(f"{line}\n" for line in lines)


MORE = "- type: closing\n  id: bye\n  title: Bye\n"


@pytest.fixture(autouse=True)
def forget_pictures():
    lastgood.forget_checked_pictures()
    yield
    lastgood.forget_checked_pictures()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "a.png").write_bytes(png_bytes(8, 8))
    (folder / "images" / "b.png").write_bytes(png_bytes(8, 8, rgb=(1, 2, 3)))
    (folder / "deck.yaml").write_text(deck_yaml("images/a.png", "images/b.png"))
    (folder / "more.yaml").write_text(MORE)
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def copied(data: Path) -> list[str]:
    copy = data / LAST_GOOD_DIR
    return sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file())


@pytest.mark.slow
def test_only_the_files_the_deck_uses_are_copied(content: Path, data: Path) -> None:
    (content / "notes.txt").write_text("not content")
    (content / "images" / "unused.png").write_bytes(png_bytes())
    big = content / "video.mp4"
    with open(big, "wb") as handle:  # 60 MB, sparse: over the old 50 MB cap, never read
        handle.truncate(60 * 1024 * 1024)
    os.mkfifo(content / "pipe")
    (content / "zero").symlink_to("/dev/zero")
    (content / "shadow").symlink_to("/etc/shadow")
    (content / "images" / "fifo.png").symlink_to(content / "pipe")
    assert save_last_good(content, data) == "saved"
    assert copied(data) == sorted([MANIFEST, "deck.yaml", "more.yaml", "images/a.png",
                                   "images/b.png"])
    assert not any(p.is_symlink() for p in (data / LAST_GOOD_DIR).rglob("*"))
    found = open_last_good(data)
    assert found.status == "ok" and [s.id for s in found.deck.slides] == ["hello", "bye",
                                                                          "p0", "p1"]


def test_a_picture_linked_inside_the_folder_is_copied_as_a_plain_file(content: Path,
                                                                       data: Path) -> None:
    (content / "images" / "c.png").symlink_to(content / "images" / "a.png")
    (content / "deck.yaml").write_text(deck_yaml("images/c.png"))
    assert save_last_good(content, data) == "saved"
    copy = data / LAST_GOOD_DIR / "images" / "c.png"
    assert not copy.is_symlink() and copy.read_bytes() == png_bytes(8, 8)


def test_reading_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "big").write_bytes(b"x" * 100)
    for name in ("pipe", "zero"):
        with pytest.raises(lastgood.CopyRefused):
            read_regular_file(tmp_path / name)  # at once: a FIFO with no writer never blocks
    with pytest.raises(lastgood.CopyRefused):
        read_regular_file(tmp_path / "big", limit=99)
    assert read_regular_file(tmp_path / "big", limit=100) == b"x" * 100


def test_an_unchanged_deck_writes_nothing_and_an_edit_writes_a_new_copy(content: Path,
                                                                       data: Path) -> None:
    assert save_last_good(content, data) == "saved"
    stamp = (data / LAST_GOOD_DIR / MANIFEST).stat().st_mtime_ns
    assert save_last_good(content, data) == "unchanged"
    assert (data / LAST_GOOD_DIR / MANIFEST).stat().st_mtime_ns == stamp
    (content / "deck.yaml").write_text(deck_yaml("images/a.png", title="Newer"))
    assert save_last_good(content, data) == "saved"
    assert open_last_good(data).deck.slides[0].title.get("en") == "Newer"
    assert copied(data) == sorted([MANIFEST, "deck.yaml", "more.yaml", "images/a.png"])
    assert [p.name for p in data.iterdir()] == [LAST_GOOD_DIR]  # no temporary folder left


def test_pictures_are_checked_once_by_their_bytes_never_again(content: Path, data: Path,
                                                              monkeypatch) -> None:
    """The copy's pictures are hashed and copied, not checked again: a picture checked
    under its hash (in this process, or by the copy's manifest before a restart) is known."""
    calls: list[str] = []

    def counting(path: str) -> PictureCheck:
        calls.append(Path(path).name)
        return inspect_picture(path)

    assert save_last_good(content, data, picture_check=counting) == "saved"
    assert sorted(calls) == ["a.png", "b.png"]  # once each, for the source; not for the copy
    (content / "deck.yaml").write_text(deck_yaml("images/a.png", "images/b.png", title="X"))
    assert save_last_good(content, data, picture_check=counting) == "saved"
    assert len(calls) == 2
    lastgood.forget_checked_pictures()  # a restart: the manifest says what was checked
    monkeypatch.setattr(lastgood, "inspect_picture", counting)
    assert open_last_good(data).status == "ok"
    assert len(calls) == 2


def test_emptied_files_do_not_pass_and_the_copy_is_written_again(content: Path,
                                                                 data: Path) -> None:
    """What ext4 can leave after a power cut: the files there, but empty."""
    assert save_last_good(content, data) == "saved"
    for path in (data / LAST_GOOD_DIR).rglob("*.yaml"):
        path.write_bytes(b"")
    found = open_last_good(data)
    assert found.status == "damaged" and found.deck is None
    assert "more.yaml is 0 bytes" in found.detail or "deck.yaml is 0 bytes" in found.detail
    assert save_last_good(content, data) == "saved"  # repaired from the valid content
    assert open_last_good(data).status == "ok"


def test_a_changed_picture_in_the_copy_is_damage(content: Path, data: Path) -> None:
    assert save_last_good(content, data) == "saved"
    (data / LAST_GOOD_DIR / "images" / "a.png").write_bytes(png_bytes(8, 8, rgb=(9, 9, 9)))
    found = open_last_good(data)
    assert found.status == "damaged" and "images/a.png" in found.detail


def test_an_unreadable_copy_is_reported_as_unreadable(content: Path, data: Path,
                                                      monkeypatch) -> None:
    assert save_last_good(content, data) == "saved"
    real = lastgood.read_regular_file

    def denied(path, limit=lastgood.MAX_FILE_BYTES):
        if LAST_GOOD_DIR in str(path):  # root reads anything: the denial is simulated
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, limit)

    monkeypatch.setattr(lastgood, "read_regular_file", denied)
    found = open_last_good(data)
    assert found.status == "unreadable"
    assert "cannot read the last good copy" in found.detail
    assert "Permission denied" in found.detail and "permissions" in found.detail


def test_leftover_temporary_folders_are_removed(content: Path, data: Path) -> None:
    for name in (".last-good-content.tmp-999999", ".last-good-content.old-999998"):
        (data / name).mkdir()
        (data / name / "big.bin").write_bytes(b"x" * 1000)
    assert save_last_good(content, data) == "saved"
    assert [p.name for p in data.iterdir()] == [LAST_GOOD_DIR]


class PowerCut(BaseException):
    """The process stops dead: nothing after it runs, not even an ``except OSError``."""


def test_a_power_cut_between_the_renames_leaves_the_old_copy(content: Path, data: Path,
                                                            monkeypatch) -> None:
    assert save_last_good(content, data) == "saved"
    (content / "deck.yaml").write_text(deck_yaml("images/a.png", title="Newer"))
    real_replace = os.replace
    calls = []

    def cut_after_first(source, target):
        calls.append(target)
        if len(calls) == 2:  # the power goes after "copy → .old", before "new → copy"
            raise PowerCut
        real_replace(source, target)

    monkeypatch.setattr(lastgood.os, "replace", cut_after_first)
    with pytest.raises(PowerCut):
        save_last_good(content, data)
    monkeypatch.undo()
    assert not (data / LAST_GOOD_DIR).exists()
    monkeypatch.setattr(lastgood.os, "getpid", lambda: 1)  # the next start is a new process
    found = open_last_good(data)  # puts the old copy back, removes the half-made one
    assert found.status == "ok" and found.deck.slides[0].title.get("en") == "Hello"
    assert [p.name for p in data.iterdir()] == [LAST_GOOD_DIR]


def test_over_the_size_cap_the_older_copy_stays(content: Path, data: Path,
                                               monkeypatch) -> None:
    assert save_last_good(content, data) == "saved"
    (content / "deck.yaml").write_text(deck_yaml("images/a.png", title="Bigger"))
    monkeypatch.setattr(lastgood, "SNAPSHOT_MAX_BYTES", 100)
    assert save_last_good(content, data) == "too_big"
    assert open_last_good(data).deck.slides[0].title.get("en") == "Hello"


def test_the_manifest_names_every_file_with_its_hash(content: Path, data: Path) -> None:
    assert save_last_good(content, data) == "saved"
    manifest = json.loads((data / LAST_GOOD_DIR / MANIFEST).read_text())
    assert set(manifest["files"]) == {"deck.yaml", "more.yaml", "images/a.png", "images/b.png"}
    entry = manifest["files"]["images/a.png"]
    assert entry["bytes"] == len(png_bytes(8, 8)) and entry["picture"]["width"] == 8


def test_a_copy_made_by_an_older_kiosk_is_checked_by_its_stamp(content: Path,
                                                               data: Path) -> None:
    import hashlib

    copy = data / LAST_GOOD_DIR
    copy.mkdir()
    digest = hashlib.sha256()
    for name in ("deck.yaml", "more.yaml"):  # the old layout: every file, name then bytes
        (copy / name).write_bytes((content / name).read_bytes())
    (copy / "deck.yaml").write_text(deck_yaml())
    for name in ("deck.yaml", "more.yaml"):
        digest.update(name.encode() + b"\0" + (copy / name).read_bytes() + b"\0")
    (data / "last-good-content.sha256").write_text(digest.hexdigest())
    assert open_last_good(data).status == "ok"
    (copy / "more.yaml").write_bytes(b"")
    assert open_last_good(data).status == "damaged"


def test_start_up_takes_a_cut_file_for_what_it_is(content: Path, data: Path) -> None:
    """A file that is the exact start of its last good version is not shown: the last good
    copy is, with the reason; a real edit (or no copy to compare with) is shown."""
    assert save_last_good(content, data) == "saved"
    full = (content / "deck.yaml").read_bytes()
    cut = full[: full.index(b"  - include: more.yaml")]  # at a line boundary: valid YAML
    (content / "deck.yaml").write_bytes(cut)
    start = choose_start_content(content, data)
    assert start.fallback and [s.id for s in start.deck.slides] == ["hello", "bye", "p0", "p1"]
    assert "stops after line 6 of the" in str(start.problems[0])
    (content / "deck.yaml").write_bytes(cut + b"  - type: closing\n    id: new\n"
                                              b"    title: New\n")
    start = choose_start_content(content, data)
    assert not start.fallback and start.deck.slides[-1].id == "new"
    (content / "deck.yaml").write_bytes(cut)
    (data / LAST_GOOD_DIR / "deck.yaml").write_bytes(b"")  # damaged: nothing better to show
    start = choose_start_content(content, data)
    assert not start.fallback and [s.id for s in start.deck.slides] == ["hello"]


@pytest.mark.slow
def test_checking_pictures_by_hash_says_what_the_plain_check_says(tmp_path: Path) -> None:
    """The kiosk checks pictures by their bytes' hash (start-up and reload): every hostile
    picture is refused in the same words as ``validate`` refuses it."""
    from kiosk.core.content.lastgood import hashed_picture_check
    from kiosk.core.content.loader import load_deck
    from tests.core.content.test_hostile_classes import PICTURES, picture

    cases = dict(PICTURES)
    huge = tmp_path / "huge.png"
    with open(huge, "wb") as handle:
        handle.write(png_bytes()[:16])
        handle.truncate(65 * 1024 * 1024)
    cases["over-64-MiB"] = ({"deck.yaml": picture(), "images/x.png": huge.read_bytes()},)
    for number, (name, case) in enumerate(cases.items()):
        folder = tmp_path / f"case-{number}"
        for file, text in case[0].items():
            (folder / file).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                (folder / file).write_bytes(text)
            else:
                (folder / file).write_text(text, encoding="utf-8")
        plain = load_deck(folder)
        lastgood.forget_checked_pictures()
        hashed = load_deck(folder, picture_check=hashed_picture_check())
        assert hashed.problems == plain.problems, name
        assert plain.deck is None, name


def test_the_folder_and_its_copy_have_one_identity(content: Path, data: Path) -> None:
    """The hash of the files a deck uses is the copy's manifest hash: a fleet report can
    tell which content is on screen whether the folder or its copy is shown — and it reads
    only the deck's files (a /dev/zero link or a FIFO beside them is never opened)."""
    from kiosk.core.content.lastgood import deck_files_hash
    from kiosk.core.content.loader import load_deck

    (content / "zero").symlink_to("/dev/zero")
    os.mkfifo(content / "pipe")
    assert save_last_good(content, data) == "saved"
    manifest = json.loads((data / LAST_GOOD_DIR / MANIFEST).read_text())
    folder_hash = deck_files_hash(content, load_deck(content))
    assert folder_hash == manifest["hash"]
    copy = data / LAST_GOOD_DIR
    assert deck_files_hash(copy, load_deck(copy)) == folder_hash
    (content / "more.yaml").write_text(MORE.replace("Bye", "Ciao"))
    assert deck_files_hash(content, load_deck(content)) != folder_hash
