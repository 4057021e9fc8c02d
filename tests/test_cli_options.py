"""Every subcommand gets its options as one typed, frozen dataclass built from the command
line (kiosk.tools.options), with the defaults --help states."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.cli import main
from kiosk.tools import options as o

# command line → (module, function the handler calls, the options it must receive)
CASES = [
    (["check", "deck", "--size", "800x600", "--size", "600x800", "--lang", "zh"],
     "kiosk.tools.fitcheck", "check_command",
     o.CheckOptions("deck", ((800, 600), (600, 800)), "zh")),
    (["export", "deck", "--out", "out"], "kiosk.tools.export", "export_deck",
     o.ExportOptions("deck", "out", (1920, 1080), None)),
    (["screenshot", "--wait", "2.5"], "kiosk.tools.screenshot", "screenshot_command",
     o.ScreenshotOptions(None, 2.5)),
    (["set-pin", "--pin-file", "-", "--data-dir", "d"], "kiosk.tools.pin", "set_pin_command",
     o.SetPinOptions(None, "-", "d")),
    (["install-shortcut", "--autostart"], "kiosk.tools.shortcut", "install_command",
     o.ShortcutOptions(autostart=True)),
    (["uninstall-shortcut"], "kiosk.tools.shortcut", "uninstall_command", o.ShortcutOptions()),
    (["install-session", "--content-repo", "https://x/c.git", "--rotate", "90"],
     "kiosk.tools.session", "install_command",
     o.InstallSessionOptions(content_repo="https://x/c.git", rotate=90)),
    (["uninstall-session"], "kiosk.tools.session", "uninstall_command",
     o.UninstallSessionOptions()),
    (["pull-content", "--content", "c"], "kiosk.tools.pull", "pull_command",
     o.PullOptions("c", None)),
    (["report", "--data-dir", "a", "--data-dir", "b", "--name", "A", "--since", "7d"],
     "kiosk.tools.report", "report_command",
     o.ReportOptions(data_dirs=("a", "b"), names=("A",), since="7d")),
    (["bench", "--quick"], "kiosk.tools.bench", "bench_command", o.BenchOptions(quick=True)),
]


@pytest.mark.parametrize(("argv", "module", "function", "expected"), CASES,
                         ids=[case[0][0] for case in CASES])
def test_each_subcommand_gets_its_typed_options(argv, module, function, expected, monkeypatch):
    import importlib

    received = []
    monkeypatch.setattr(importlib.import_module(module), function,
                        lambda options: received.append(options) or 0)
    assert main(argv) == 0
    (options,) = received
    assert options == expected and type(options) is type(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.__setattr__(dataclasses.fields(options)[0].name, None)
