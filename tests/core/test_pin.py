"""Staff PIN storage, its lockout and ``set-pin``."""

from __future__ import annotations

import io
import os
import stat

import pytest

from kiosk.core import pin as pin_module
from kiosk.core.deck.clock import ManualClock
from kiosk.core.pin import (
    LOCK_RELAX_SECONDS,
    LOCK_SECONDS,
    LOCK_STEPS,
    MAX_TRIES,
    PinGuard,
    PinStore,
    check_pin,
    hash_pin,
)
from kiosk.tools import pin as pin_command
from kiosk.tools.options import SetPinOptions
from kiosk.tools.pin import set_pin_command


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


@pytest.mark.expect_errors
@pytest.mark.parametrize("content", [b"\xff\xfe not ini [[[",
                                     b"toor:$6$secret:19000:0:99999:7:::\n"])
def test_corrupt_settings_are_reported_as_corrupt_not_as_no_pin(tmp_path, content, capsys,
                                                                  logged_errors):
    """Nothing of the file is ever shown: a settings.ini holding a line of /etc/shadow must
    not print it (set-pin) or log it (the kiosk)."""
    (tmp_path / "settings.ini").write_bytes(content)
    store = PinStore(tmp_path)
    # Fails closed: no PIN verifies, and no first-run exit (that is for a fresh install).
    assert store.is_set() and not store.verify("1234")
    assert "corrupt" in (store.problem() or "")
    assert [r.getMessage() for r in logged_errors] == [
        f"the staff PIN cannot be checked: {store.problem()}"]
    assert set_pin_command(SetPinOptions(pin="1234", data_dir=str(tmp_path))) == 1
    err = capsys.readouterr().err
    assert "corrupt" in err and "secret" not in err and "toor" not in err
    assert (tmp_path / "settings.ini").read_bytes() == content  # nothing overwritten
    assert all("secret" not in r.getMessage() for r in logged_errors)


@pytest.mark.parametrize("bad", ["123", "123456789", "12a4", "", "１２３４", "1234\n",
                                 "\n1234", "1234 ", "١٢٣٤"])
def test_pin_format(tmp_path, bad):
    with pytest.raises(ValueError):
        PinStore(tmp_path).set_pin(bad)


def test_set_pin_refuses_a_trailing_newline(tmp_path, capsys):
    """``set-pin --pin $'1234\\n'`` used to be accepted, and then 1234 never verified."""
    assert set_pin_command(SetPinOptions(pin="1234\n", data_dir=str(tmp_path))) == 2
    assert not PinStore(tmp_path).is_set()


def _shadow(tmp_path):
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secret-hash:19000:0:99999:7:::\n")
    return secret


@pytest.mark.expect_errors
@pytest.mark.parametrize("how", ["symlink", "world-writable", "group-writable", "fifo",
                                 "other-owner"])
def test_untrusted_settings_are_refused_never_read(tmp_path, how, capsys, logged_errors):
    path = tmp_path / "settings.ini"
    if how == "symlink":
        path.symlink_to(_shadow(tmp_path))
    elif how == "fifo":
        os.mkfifo(path)  # reading it would block the kiosk forever
    else:
        PinStore(tmp_path).set_pin("0000")  # a hash for 0000 written by someone else
        if how == "world-writable":
            path.chmod(0o666)
        elif how == "group-writable":
            path.chmod(0o620)
        else:
            if os.geteuid() != 0:
                pytest.skip("needs root to give the file away")
            os.chown(path, 65534, 65534)
    store = PinStore(tmp_path)
    guard = PinGuard(store, ManualClock().now)
    # Nobody leaves with a planted hash, nor through the first-run exit.
    assert store.is_set()
    assert guard.attempt("0000").outcome == "wrong"
    assert "refused" in (store.problem() or "")
    assert set_pin_command(SetPinOptions(pin="1234", data_dir=str(tmp_path))) == 1
    err = capsys.readouterr().err
    assert "refused" in err and "secret" not in err
    assert len(logged_errors) == 1 and "secret" not in logged_errors[0].getMessage()
    if how == "symlink":
        assert path.is_symlink()  # not replaced behind staff's back


@pytest.mark.slow
def test_lockout_escalates_and_survives_a_restart(tmp_path):
    store = PinStore(tmp_path)
    store.set_pin("2468")
    clock, wall = ManualClock(), ManualClock(1_800_000_000.0)
    guard = PinGuard(store, clock.now, wall=wall.now)
    for expected in LOCK_STEPS + (LOCK_STEPS[-1],):
        outcomes = [guard.attempt("0000") for _ in range(MAX_TRIES)]
        assert outcomes[-1].outcome == "locked" and outcomes[-1].locked_for == expected
        # A restart in the middle of the lock keeps it (a new guard, a new monotonic clock).
        wall.advance(10)
        restarted = PinGuard(PinStore(tmp_path), ManualClock().now, wall=wall.now)
        assert restarted.attempt("2468").outcome == "locked"
        assert restarted.locked_for() == pytest.approx(expected - 10)
        clock.advance(expected + 1)
        wall.advance(expected)
    assert guard.attempt("2468").outcome == "ok"  # the right PIN starts the ladder over
    outcomes = [guard.attempt("0000") for _ in range(MAX_TRIES)]
    assert outcomes[-1].locked_for == LOCK_STEPS[0]


def test_wrong_tries_survive_a_restart(tmp_path):
    store = PinStore(tmp_path)
    store.set_pin("2468")
    guard = PinGuard(store, ManualClock().now)
    for _ in range(4):
        guard.attempt("0000")
    assert PinGuard(store, ManualClock().now).attempt("0000").outcome == "locked"


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
    ok = set_pin_command(SetPinOptions(pin="13579", data_dir=str(tmp_path)))
    assert ok == 0 and PinStore(tmp_path).verify("13579")
    assert "13579" not in capsys.readouterr().out
    assert set_pin_command(SetPinOptions(pin="12", data_dir=str(tmp_path))) == 2
    assert "4 to 8 digits" in capsys.readouterr().err
    monkeypatch.setattr(pin_command.sys.stdin, "isatty", lambda: True, raising=False)
    answers = iter(["8642", "8642"])
    monkeypatch.setattr(pin_command.getpass, "getpass", lambda prompt="": next(answers))
    assert set_pin_command(SetPinOptions(pin=None, data_dir=str(tmp_path))) == 0
    assert PinStore(tmp_path).verify("8642")
    answers = iter(["8642", "8643"])
    assert set_pin_command(SetPinOptions(pin=None, data_dir=str(tmp_path))) == 2


def test_a_lockout_that_cannot_be_saved_still_locks_and_warns_once(tmp_path, caplog):
    store = PinStore(tmp_path)
    store.set_pin("2468")
    store.lockout_path = tmp_path / "missing-folder" / "pin-lockout.json"  # cannot be written
    guard = PinGuard(store, ManualClock().now)
    outcomes = [guard.attempt("0000") for _ in range(MAX_TRIES)]
    assert outcomes[-1].outcome == "locked"
    assert caplog.text.count("cannot save the PIN lockout") == 1


def _quick(store: PinStore) -> PinStore:
    """``store`` checking PINs without scrypt: these tests are about the ladder, and a day of
    taps is hundreds of checks."""
    store.verify = lambda pin: pin == "2468"  # type: ignore[method-assign]
    return store


def _lock(guard: PinGuard) -> float:
    """Five wrong PINs; how long the pad is then locked."""
    outcomes = [guard.attempt("0000") for _ in range(MAX_TRIES)]
    assert outcomes[-1].outcome == "locked"
    return outcomes[-1].locked_for


def test_visitors_tapping_all_day_never_lock_staff_out_for_long(tmp_path):
    # Issue 21: 20 wrong taps locked the pad for an hour and every 5 more added an hour.
    store = PinStore(tmp_path)
    store.set_pin("2468")
    clock = ManualClock()
    guard = PinGuard(_quick(store), clock.now, wall=ManualClock(1_800_000_000.0).now)
    longest = 0.0
    while clock.now() < 24 * 3600:  # a visitor taps five wrong PINs whenever the pad opens
        locked = _lock(guard)
        longest = max(longest, locked)
        clock.advance(locked + 1)
    assert longest == LOCK_STEPS[-1] <= 15 * 60
    # The visitor leaves; staff arrive any time later and the pad is open.
    assert guard.attempt("2468").outcome == "ok"


def test_the_ladder_steps_down_with_quiet_time(tmp_path):
    store = PinStore(tmp_path)
    store.set_pin("2468")
    clock = ManualClock()
    guard = PinGuard(_quick(store), clock.now, wall=ManualClock(1_800_000_000.0).now)
    for step in LOCK_STEPS:
        assert _lock(guard) == step
        clock.advance(step)
    clock.advance(LOCK_RELAX_SECONDS)  # a quiet quarter hour: one step down
    assert _lock(guard) == LOCK_STEPS[-2]
    clock.advance(LOCK_STEPS[-2] + 10 * LOCK_RELAX_SECONDS)  # a quiet afternoon: back to 1 min
    assert _lock(guard) == LOCK_STEPS[0]


def test_wrong_tries_are_forgotten_after_a_quiet_quarter_hour(tmp_path):
    store = PinStore(tmp_path)
    store.set_pin("2468")
    clock = ManualClock()
    guard = PinGuard(_quick(store), clock.now)
    for _ in range(MAX_TRIES - 1):
        guard.attempt("0000")
    clock.advance(LOCK_RELAX_SECONDS)
    assert guard.attempt("0000") == pin_module.PinResult("wrong", MAX_TRIES - 1)


def test_the_ladder_relaxes_across_a_restart(tmp_path):
    store = PinStore(tmp_path)
    store.set_pin("2468")
    clock, wall = ManualClock(), ManualClock(1_800_000_000.0)
    guard = PinGuard(_quick(store), clock.now, wall=wall.now)
    for step in LOCK_STEPS:
        _lock(guard)
        clock.advance(step)
        wall.advance(step)
    wall.advance(3600)  # the kiosk restarts an hour after the last lock ended
    restarted = PinGuard(_quick(PinStore(tmp_path)), ManualClock().now, wall=wall.now)
    assert _lock(restarted) == LOCK_STEPS[0]


def test_set_pin_from_a_file_or_standard_input(tmp_path, capsys, monkeypatch):
    """What install-session uses to set the kiosk account's PIN without it in any argv."""
    from kiosk import cli

    given = tmp_path / "pin"
    given.write_text("97531\r\n")
    data = tmp_path / "data"
    assert cli.main(["set-pin", "--pin-file", str(given), "--data-dir", str(data)]) == 0
    assert PinStore(data).verify("97531")
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n"))
    assert cli.main(["set-pin", "--pin-file", "-", "--data-dir", str(data)]) == 0
    assert PinStore(data).verify("2468")
    given.write_text("24 68\n")
    assert cli.main(["set-pin", "--pin-file", str(given), "--data-dir", str(data)]) == 2
    assert cli.main(["set-pin", "--pin-file", str(tmp_path / "none"), "--data-dir",
                     str(data)]) == 2
    assert "cannot read the PIN" in capsys.readouterr().err
    assert PinStore(data).verify("2468")  # nothing changed by the refused ones
