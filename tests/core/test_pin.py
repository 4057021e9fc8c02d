"""Staff PIN storage, its lockout and ``set-pin``."""

from __future__ import annotations

import argparse
import stat

import pytest

from kiosk.core import pin as pin_module
from kiosk.core.deck.clock import ManualClock
from kiosk.core.pin import LOCK_SECONDS, PinGuard, PinStore, check_pin, hash_pin, set_pin_command


def test_pin_is_stored_only_as_a_salted_hash(tmp_path):
    store = PinStore(tmp_path)
    assert not store.is_set()
    store.set_pin("482913")
    text = (tmp_path / "settings.ini").read_text()
    assert "482913" not in text and "scrypt$" in text
    assert stat.S_IMODE((tmp_path / "settings.ini").stat().st_mode) == 0o600
    assert store.verify("482913") and not store.verify("482914")
    assert hash_pin("1234") != hash_pin("1234")  # a random salt each time
    assert not check_pin("1234", "garbage") and not check_pin("1234", "md5$1$2$3$ab$cd")


def test_other_settings_survive_set_pin(tmp_path):
    (tmp_path / "settings.ini").write_text("[display]\nbrightness = 80\n")
    PinStore(tmp_path).set_pin("1234")
    text = (tmp_path / "settings.ini").read_text()
    assert "brightness = 80" in text


def test_unreadable_settings_mean_no_pin(tmp_path):
    (tmp_path / "settings.ini").write_bytes(b"\xff\xfe not ini [[[")
    assert not PinStore(tmp_path).is_set()


@pytest.mark.parametrize("bad", ["123", "123456789", "12a4", "", "１２３４"])
def test_pin_format(tmp_path, bad):
    with pytest.raises(ValueError):
        PinStore(tmp_path).set_pin(bad)


def test_guard_locks_after_five_wrong_for_a_minute(tmp_path):
    store = PinStore(tmp_path)
    store.set_pin("2468")
    clock = ManualClock()
    guard = PinGuard(store, clock.now)
    outcomes = [guard.attempt("0000") for _ in range(5)]
    assert [o.outcome for o in outcomes] == ["wrong"] * 4 + ["locked"]
    assert [o.tries_left for o in outcomes[:4]] == [4, 3, 2, 1]
    assert guard.attempt("2468").outcome == "locked"
    clock.advance(LOCK_SECONDS - 1)
    assert guard.attempt("2468").outcome == "locked"
    clock.advance(1.5)
    assert guard.attempt("2468").outcome == "ok"


def test_guard_without_pin_refuses(tmp_path):
    guard = PinGuard(PinStore(tmp_path), ManualClock().now)
    assert guard.attempt("0000").outcome == "no_pin"


def test_set_pin_command(tmp_path, capsys, monkeypatch):
    ok = set_pin_command(argparse.Namespace(pin="13579", data_dir=str(tmp_path)))
    assert ok == 0 and PinStore(tmp_path).verify("13579")
    assert "13579" not in capsys.readouterr().out
    assert set_pin_command(argparse.Namespace(pin="12", data_dir=str(tmp_path))) == 2
    assert "4 to 8 digits" in capsys.readouterr().err
    monkeypatch.setattr(pin_module.sys.stdin, "isatty", lambda: True, raising=False)
    answers = iter(["8642", "8642"])
    monkeypatch.setattr(pin_module.getpass, "getpass", lambda prompt="": next(answers))
    assert set_pin_command(argparse.Namespace(pin=None, data_dir=str(tmp_path))) == 0
    assert PinStore(tmp_path).verify("8642")
    answers = iter(["8642", "8643"])
    assert set_pin_command(argparse.Namespace(pin=None, data_dir=str(tmp_path))) == 2
