"""One safe reader for files anyone may have put in our way (content, caches, status files)."""

from __future__ import annotations

import os

import pytest

from kiosk.core.safe_files import RefusedFile, read_regular_file


def test_a_link_is_refused_unless_links_are_followed_and_then_only_to_a_regular_file(tmp_path):
    (tmp_path / "real").write_bytes(b"ok")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "zero").symlink_to("/dev/zero")
    with pytest.raises(RefusedFile, match="is a link"):
        read_regular_file(tmp_path / "link", 10)
    assert read_regular_file(tmp_path / "link", 10, follow_links=True) == b"ok"
    with pytest.raises(RefusedFile, match="not a regular file"):
        read_regular_file(tmp_path / "zero", 10, follow_links=True)  # never read for ever


def test_a_fifo_is_refused_at_once_and_a_missing_file_is_said_so(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(RefusedFile):
        read_regular_file(tmp_path / "pipe", 10, follow_links=True)
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "none", 10)


def test_a_file_is_replaced_whole_with_its_mode_and_no_temporary_file_stays(tmp_path):
    from kiosk.core.safe_files import write_text_atomically

    target = tmp_path / "status.json"
    target.write_text("old")
    write_text_atomically(target, "new", mode=0o644)
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o644
    with pytest.raises(OSError):
        write_text_atomically(tmp_path / "missing" / "file", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.json"]
