"""Events to the journal: the native protocol, read back from a fake journald socket."""

from __future__ import annotations

import socket
import struct

import pytest

from kiosk.core import journal
from kiosk.core.events import EventLog


@pytest.fixture
def fake_journald(tmp_path):
    """A datagram socket where journald's would be; yields (path, receive)."""
    path = tmp_path / "journal.socket"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    server.settimeout(2)

    def receive() -> dict[str, str]:
        return parse(server.recv(1 << 20))

    yield str(path), receive
    server.close()


def parse(data: bytes) -> dict[str, str]:
    """Decode a native-protocol datagram as journald does."""
    fields, position = {}, 0
    while position < len(data):
        newline = data.index(b"\n", position)
        line = data[position:newline]
        if b"=" in line:
            key, _, value = line.partition(b"=")
            position = newline + 1
        else:
            key = line
            size, = struct.unpack("<Q", data[newline + 1:newline + 9])
            value = data[newline + 9:newline + 9 + size]
            assert data[newline + 9 + size:newline + 10 + size] == b"\n"
            position = newline + 10 + size
        fields[key.decode()] = value.decode("utf-8")
    return fields


def test_an_event_is_one_entry_with_a_field_per_event_field(fake_journald):
    path, receive = fake_journald
    sink = journal.JournalSink(path)
    record = {"time": "2026-11-30T10:00:00.000+08:00", "event": "slide_shown",
              "slide": "opening", "index": 0, "trigger": "start"}
    assert sink.send(record)
    fields = receive()
    assert fields["SYSLOG_IDENTIFIER"] == "star-kiosk"
    assert fields["STAR_KIOSK_EVENT"] == "slide_shown"
    assert fields["STAR_KIOSK_SLIDE"] == "opening"
    assert fields["STAR_KIOSK_INDEX"] == "0"
    assert fields["STAR_KIOSK_TRIGGER"] == "start"
    assert fields["PRIORITY"] == "6"
    assert fields["MESSAGE"] == "slide_shown slide=opening index=0 trigger=start"
    # The journal stamps its own (UTC) time; the kiosk's local time with its offset travels
    # too, so a report read from journal exports keeps the kiosk's time zone.
    assert fields["STAR_KIOSK_TIME"] == "2026-11-30T10:00:00.000+08:00"


def test_multi_line_and_non_ascii_values_survive(fake_journald):
    path, receive = fake_journald
    problems = ["deck.yaml:3:1: unknown key 'slidez' — did you mean 'slides'?",
                "02-six-years.yaml:9:5: 标题 missing — add title"]
    journal.JournalSink(path).send({"time": "t", "event": "content_rejected",
                                    "problems": problems, "folder": "/srv/content\nx"})
    fields = receive()
    assert fields["PRIORITY"] == "4"
    assert fields["STAR_KIOSK_FOLDER"] == "/srv/content\nx"
    assert "标题" in fields["STAR_KIOSK_PROBLEMS"]


def test_no_journal_means_nothing_sent_and_nothing_raised(tmp_path):
    sink = journal.JournalSink(str(tmp_path / "absent.socket"))
    assert sink.send({"time": "t", "event": "staff_exit"}) is False


def test_a_journal_that_went_away_costs_only_its_copy(tmp_path, fake_journald):
    path, _ = fake_journald
    sink = journal.JournalSink(path)
    (tmp_path / "journal.socket").unlink()
    assert sink.send({"time": "t", "event": "staff_exit"}) is False


def test_the_event_log_sends_every_event_to_the_journal(fake_journald, tmp_path, monkeypatch):
    path, receive = fake_journald
    monkeypatch.setattr(journal, "_default", journal.JournalSink(path))
    log = EventLog.in_folder(tmp_path / "data")
    log.write("language_changed", language="zh")
    log.close()
    assert receive()["STAR_KIOSK_LANGUAGE"] == "zh"
    assert '"language": "zh"' in (tmp_path / "data" / "events.jsonl").read_text()
