"""The star-kiosk command line: exit codes, summaries, help."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from kiosk import cli
from kiosk.cli import build_parser, main

MINIMAL_DECK = textwrap.dedent(
    """\
    settings:
      title: {en: Six years, zh: 六年}
    slides:
      - type: title
        id: hero
        title: {en: Six years of the STAR Market, zh: 科创板六周年}
      - type: closing
        id: end
        title: {en: Thank you, zh: 谢谢}
    """
)


def write_deck(folder, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(text, encoding="utf-8")
    return folder


def test_validate_accepts_a_valid_deck_with_a_one_line_summary(tmp_path, capsys):
    folder = write_deck(tmp_path / "good", MINIMAL_DECK)
    assert main(["validate", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and "valid — 2 slides" in out
    assert err == ""


def test_validate_refuses_a_broken_deck_listing_every_problem(tmp_path, capsys):
    broken = MINIMAL_DECK.replace("  title: {en: Six years", "  titel: {en: Six years").replace(
        "type: closing", "type: closng"
    )
    folder = write_deck(tmp_path / "bad", broken)
    assert main(["validate", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "deck.yaml:2:3: unknown field 'titel' in settings — did you mean 'title'?" in err
    assert "deck.yaml:7:11: unknown slide type 'closng' — did you mean 'closing'?" in err
    assert "not valid" in err


def test_missing_translations_are_warnings_that_do_not_fail(tmp_path, capsys):
    folder = write_deck(tmp_path / "partial", MINIMAL_DECK.replace(", zh: 谢谢", ""))
    assert main(["validate", str(folder)]) == 0
    _, err = capsys.readouterr()
    assert "deck.yaml:9:12: warning: missing the 'zh' translation" in err


def test_validate_without_a_deck_says_what_to_point_at(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    assert "no deck.yaml in this folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    ["validate", "run", "export", "set-pin", "install-shortcut", "uninstall-shortcut", "report",
     "bench"],
)
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: star-kiosk {command}" in capsys.readouterr().out


def test_python_dash_m_kiosk_is_the_same_tool():
    result = subprocess.run([sys.executable, "-m", "kiosk", "--help"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0
    assert "validate" in result.stdout and "export" in result.stdout


def test_validate_does_not_load_qt(tmp_path):
    folder = write_deck(tmp_path / "good", MINIMAL_DECK)
    code = (
        "import sys; from kiosk.cli import main; rc = main(['validate', sys.argv[1]]); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'; "
        "raise SystemExit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.expect_errors
def test_an_internal_error_is_one_line_pointing_at_the_log(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def broken(options):
        raise RuntimeError("boom\nsecond line of a traceback")

    monkeypatch.setitem(cli._HANDLERS, "validate", broken)
    assert main(["validate", str(tmp_path)]) == 70
    err = capsys.readouterr().err
    assert "Traceback" not in err and "second line" not in err
    lines = err.strip().splitlines()
    assert all(line.startswith("star-kiosk: ") for line in lines), err
    assert "details in" in lines[-1] and "kiosk.log" in lines[-1]
    log_text = (tmp_path / "data" / "star-kiosk" / "kiosk.log").read_text(encoding="utf-8")
    assert "Traceback" in log_text and "RuntimeError: boom" in log_text


@pytest.mark.expect_errors
def test_uncaught_errors_reach_the_log_not_the_console(tmp_path, capsys):
    from kiosk.core.logs import setup_logging

    log_file = setup_logging(tmp_path)
    try:
        raise ValueError("from a Qt slot, say")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "ValueError: from a Qt slot, say" in log_file.read_text(encoding="utf-8")


def test_run_builds_one_config_that_its_child_arguments_reproduce(tmp_path) -> None:
    from kiosk.core.config import RunConfig

    parsed = cli.run_config(cli.build_parser().parse_args(
        ["--verbose", "run", "--content", str(tmp_path), "--lang", "zh", "--screen", "2",
         "--data-dir", str(tmp_path / "data"), "--resume-slide", "closing",
         "--renderer", "gpu"]))
    assert parsed == RunConfig(content=tmp_path, data_dir=tmp_path / "data", language="zh",
                               screen=2, resume_slide="closing", verbose=True, renderer="gpu")
    assert parsed.supervised and not parsed.windowed
    # What the supervisor starts as its child is the same run, unsupervised.
    child = cli.run_config(cli.build_parser().parse_args(parsed.child_arguments()))
    assert child == RunConfig(**{**parsed.__dict__, "supervised": False})
    windowed = cli.run_config(cli.build_parser().parse_args(["run", "--windowed"]))
    assert windowed.windowed and not windowed.supervised
    # The renderer: auto unless asked, and each choice reaches the supervisor's child.
    assert windowed.renderer == "auto" and "--renderer" not in windowed.child_arguments()
    for renderer in ("auto", "gpu", "raster"):
        asked = cli.run_config(cli.build_parser().parse_args(["run", "--renderer", renderer]))
        child = cli.run_config(cli.build_parser().parse_args(asked.child_arguments()))
        assert asked.renderer == child.renderer == renderer


def test_an_unknown_renderer_is_refused_by_the_parser(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.build_parser().parse_args(["run", "--renderer", "vulkan"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'vulkan'" in capsys.readouterr().err


def test_a_windowed_preview_ignores_opening_hours_and_can_start_at_a_slide(tmp_path) -> None:
    windowed = cli.run_config(cli.build_parser().parse_args(
        ["run", "--windowed", "--start-at", "breakthroughs"]))
    assert windowed.ignore_hours and windowed.resume_slide == "breakthroughs"
    kiosk = cli.run_config(cli.build_parser().parse_args(["run"]))
    assert not kiosk.ignore_hours
    full_screen = cli.run_config(cli.build_parser().parse_args(["run", "--ignore-hours"]))
    child = cli.run_config(cli.build_parser().parse_args(full_screen.child_arguments()))
    assert child.ignore_hours and not child.windowed


def test_start_at_an_unknown_slide_says_which_ids_there_are(capsys) -> None:
    assert cli.main(["run", "--windowed", "--start-at", "breakthrough"]) == 2
    err = capsys.readouterr().err
    assert "--start-at breakthrough: no slide has that id" in err and "breakthroughs" in err


def test_validate_reports_an_internal_error_in_one_line_never_a_traceback(tmp_path, monkeypatch):
    """Issue 14: a bug of ours while reading content is one problem line, and the process's
    stderr carries no traceback (run as a subprocess, so no test harness catches the log)."""
    folder = write_deck(tmp_path / "deck", MINIMAL_DECK)
    script = ("import sys, kiosk.core.content.rules as v\n"
              "def boom(self): raise RuntimeError('boom\\x1b[2J')\n"
              "v.DeckReader.read = boom\n"
              "from kiosk.cli import main\n"
              f"sys.exit(main(['validate', {str(folder)!r}]))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "\x1b" not in done.stderr
    assert "internal error while reading content" in done.stderr
    assert "boom\\x1b[2J" in done.stderr  # the error, escaped, on one line


def test_validate_prints_hostile_values_escaped(tmp_path, capsys):
    folder = write_deck(tmp_path / "deck", MINIMAL_DECK.replace(
        "id: hero", 'id: "hero\\e]0;pwned\\a\\n"'))
    assert main(["validate", str(folder)]) == 1
    _, err = capsys.readouterr()
    assert "\x1b" not in err and "\x07" not in err
    assert "'hero\\x1b]0;pwned\\x07\\n' is not a valid id" in err
