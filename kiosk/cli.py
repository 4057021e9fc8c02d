"""The ``star-kiosk`` command: argument parsing and dispatch to subcommands, nothing else.

Every subcommand's work lives in its own module, imported only when that subcommand runs,
so ``star-kiosk validate`` never loads Qt and ``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from kiosk.core.config import RunConfig
from kiosk.core.paths import BUNDLED_CONTENT
from kiosk.core.renderer import AUTO, RENDERERS

log = logging.getLogger(__name__)

DESCRIPTION = """\
STAR Kiosk: a full-screen touchscreen presenter for the STAR Market six-year exhibition.
Everything shown comes from the YAML files of a content folder (the bundled 'content/'
unless you name another); see content/README.md for the format."""


MIN_SIDE, MAX_SIDE = 320, 7680
"""Export sizes from a small preview up to an 8K screen."""


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"([0-9]{3,5})[xX×]([0-9]{3,5})", text)  # ASCII digits only
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size; write it as WIDTHxHEIGHT")
    width, height = int(match.group(1)), int(match.group(2))
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise argparse.ArgumentTypeError(
            f"'{text}': each side must be from {MIN_SIDE} to {MAX_SIDE} pixels")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    """The full command-line grammar (also what ``--help`` prints)."""
    parser = argparse.ArgumentParser(
        prog="star-kiosk", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details too")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check a content folder and report every problem",
        description="Check a content folder, fast and without Qt (star-kiosk check also lays "
        "every slide out and reports text that does not fit). Exit 0 with a one-line summary "
        "when it is valid; "
        "exit 1 with every problem on stderr, each as file:line:column: problem — hint. "
        "Missing translations are reported as warnings and do not fail the check.",
    )
    validate.add_argument("content", nargs="?", default=str(BUNDLED_CONTENT), metavar="CONTENT_DIR",
                          help="folder holding deck.yaml (default: the bundled content)")

    check = commands.add_parser(
        "check", help="validate, then lay out every slide and report text that does not fit",
        description="Everything validate does, then the fit check: every slide is laid out by "
        "the real views, offscreen, at each screen of the deck's 'screens' setting (default "
        "1920x1080 and 1080x1920) in every language, and each text that does not fit is "
        "reported as file:line:column: problem — hint, saying by about how much to shorten it. "
        "A text that would be cut (shown ending in '…') is an error (exit 1); a text that fits "
        "only shrunk to the smallest legible size is a warning. Needs Qt but no screen; "
        "validate stays the fast check without Qt.",
    )
    check.add_argument("content", nargs="?", default=str(BUNDLED_CONTENT), metavar="CONTENT_DIR",
                       help="folder holding deck.yaml (default: the bundled content)")
    check.add_argument("--size", type=_size, action="append", metavar="WxH",
                       help="check this screen instead of the deck's screens (repeatable)")
    check.add_argument("--lang", choices=("en", "zh"),
                       help="check this language only (default: all the deck's languages)")

    run = commands.add_parser(
        "run", help="start the kiosk (full screen, locked down, supervised)",
        description="Start the kiosk full screen on the chosen screen, locked down for visitors. "
        "It runs under a supervisor that restarts it if it crashes or hangs; staff leave with "
        "a 3-second press in the top-left corner and the PIN (see set-pin).",
    )
    _content_option(run)
    run.add_argument("--windowed", action="store_true",
                     help="a normal, closable window instead of locked full screen, without "
                          "the supervisor (for curators); opening hours are ignored")
    run.add_argument("--size", type=_size, metavar="WxH",
                     help="with --windowed: the kiosk screen to preview (default: the deck's "
                          "first 'screens' entry), laid out at that size and drawn scaled "
                          "to fit the desktop")
    run.add_argument("--ignore-hours", action="store_true",
                     help="never show the closed screen, whatever the deck's schedule")
    run.add_argument("--start-at", metavar="SLIDE_ID",
                     help="open at this slide (its id) instead of the first")
    run.add_argument("--lang", choices=("en", "zh"),
                     help="start in this language (default: the deck's default_language)")
    run.add_argument("--screen", type=int, default=0, metavar="N",
                     help="screen number to fill, 0 being the primary (default: 0)")
    run.add_argument("--renderer", choices=RENDERERS, default=AUTO,
                     help="how slide changes are composited: gpu (OpenGL), raster (software) "
                          "or auto, which is raster: the GPU path has not yet been measured "
                          "faster than raster on any machine (default: auto)")
    _data_dir_option(run)
    run.add_argument("--metrics-file", metavar="PATH",
                     help="where to keep the Prometheus metrics file for node_exporter's "
                          "textfile collector (default: star-kiosk.prom in the data folder)")
    run.add_argument("--no-supervise", action="store_true",
                     help="run the kiosk directly, without the restarting supervisor (development)")
    run.add_argument("--locked-session", action="store_true",
                     help="the kiosk is the whole session (what install-session's session "
                          "runs): the first-run exit is never offered; without a staff PIN "
                          "nobody can leave")
    run.add_argument("--resume-slide", metavar="ID", help=argparse.SUPPRESS)

    export = commands.add_parser(
        "export", help="write every slide as PNG, plus a PDF handout, for review",
        description="Render every slide in its settled state (animations finished, counters at "
        "their values) to OUT/NN-<slide id>.png, and write OUT/handout.pdf for sign-off: per "
        "slide its picture, every text in every language (tap-only details included), its "
        "pictures, QR address, sources, notes and the fit check at this size (also printed, "
        "as star-kiosk check does). Works without a screen.",
    )
    export.add_argument("content", nargs="?", default=str(BUNDLED_CONTENT), metavar="CONTENT_DIR",
                        help="folder holding deck.yaml (default: the bundled content)")
    export.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    export.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH",
                        help="slide size in pixels (default: 1920x1080; 1080x1920 for portrait)")
    export.add_argument("--lang", choices=("en", "zh"),
                        help="language (default: the deck's default_language)")

    screenshot = commands.add_parser(
        "screenshot", help="save what the running kiosk shows as a PNG (remote support)",
        description="Ask the kiosk running on the data folder for a picture of its screen: it "
        "saves screenshot-YYYYMMDD-HHMMSS.png in the data folder and this command prints its "
        "path. Exit 1 when no kiosk runs there or it does not answer in time. Run it as the "
        "kiosk's account (e.g. sudo -u star-kiosk star-kiosk screenshot).",
    )
    _data_dir_option(screenshot)
    screenshot.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                            help="how long to wait for the picture (default: 10)")

    set_pin = commands.add_parser(
        "set-pin", help="set the staff PIN that unlocks the exit",
        description="Set the staff PIN (4 to 8 digits). Only a salted hash is stored, in the "
        "settings file of the data folder. Without --pin you are asked for it.",
    )
    given = set_pin.add_mutually_exclusive_group()
    given.add_argument("--pin", help="the new PIN (prefer being asked, to keep it out of "
                                     "your shell history)")
    given.add_argument("--pin-file", metavar="FILE",
                       help="read the new PIN from the first line of FILE (-: standard input)")
    _data_dir_option(set_pin)

    install = commands.add_parser(
        "install-shortcut", help="add a desktop and applications-menu launcher",
        description="Put a STAR Kiosk launcher on the desktop and in the applications menu "
        "(freedesktop .desktop files on Linux).",
    )
    install.add_argument("--autostart", action="store_true",
                         help="also start the kiosk automatically at login")
    commands.add_parser("uninstall-shortcut", help="remove the launchers install-shortcut made",
                        description="Remove every launcher and autostart entry that "
                        "install-shortcut made.")

    session = commands.add_parser(
        "install-session", help="set this PC up as an unattended kiosk (a locked session)",
        description="Create a dedicated account that logs in automatically (GDM, LightDM) to a "
        "Wayland session running only the supervised kiosk under Weston's kiosk shell. The "
        "staff exit ends the session (back to the login screen). As root it writes the files; "
        "otherwise it prints the exact steps.",
    )
    session.add_argument("--user", default="star-kiosk",
                         help="the kiosk account (default: star-kiosk)")
    source = session.add_mutually_exclusive_group()
    source.add_argument("--content", metavar="DIR",
                        help="content folder (default: the bundled content)")
    source.add_argument("--content-repo", metavar="URL",
                        help="follow this git repository of content: cloned into the "
                             "account's home and pulled every 45 s by a systemd timer; "
                             "the kiosk rejects bad commits and keeps the last good content")
    session.add_argument("--rotate", type=int, choices=(0, 90, 180, 270), default=0,
                         help="turn the picture clockwise for a panel on its side: 90 or 270 "
                              "show the portrait layout on a panel driven as landscape")
    session.add_argument("--pin-file", metavar="FILE",
                         help="the kiosk account's staff PIN, from the first line of FILE (-: "
                              "standard input); without it you are asked, unless the account "
                              "has one. The session is never set up without a PIN: nobody "
                              "could leave it")
    session.add_argument("--root", metavar="DIR", help=argparse.SUPPRESS)  # staging, tests
    uninstall_session = commands.add_parser(
        "uninstall-session", help="remove what install-session set up",
        description="Remove the kiosk session, its automatic login, content timer and clone: "
        "every file install-session changed is put back byte for byte, what it made is removed "
        "(empty folders too). The account and its event log are kept.",
    )
    uninstall_session.add_argument("--root", metavar="DIR", help=argparse.SUPPRESS)

    pull = commands.add_parser(
        "pull-content", help="pull the content repository once and record how it went",
        description="Run 'git pull --ff-only' in the content folder (what the content timer "
        "of install-session --content-repo runs every 45 s) and record the outcome in the data "
        "folder: content-pull.json for the staff panel, and an event when pulls start or stop "
        "failing. Exits 1 when the pull failed, saying why.",
    )
    pull.add_argument("--content", required=True, metavar="DIR",
                      help="the content folder: a clone of the content repository")
    _data_dir_option(pull)

    report = commands.add_parser(
        "report", help="summarise visits and slide views of one kiosk or many",
        description="Read events.jsonl (and its rotated files) from each data folder given, "
        "or the kiosks' entries in a journal export, and print visits, which slides hold "
        "visitors and where visits end (exit rate per slide), how many reached the last "
        "slide, when visitors come, which language they read and how long they stay in it, "
        "when a kiosk was down in opening hours, what refused content edits said, and how "
        "the kiosks compare, with the change on the period of the same length before. All "
        "times are in the kiosk's time zone, named in the heading. With --out, also a "
        "one-page PNG or an HTML page with charts; with --csv, one CSV file per table (plain "
        "units: seconds as numbers, shares in percent to 0.1).",
    )
    report.add_argument("--data-dir", metavar="DIR", action="append",
                        help="a kiosk's data folder; give it once per kiosk (default: this "
                             "account's data folder)")
    report.add_argument("--journal", metavar="FILE", action="append",
                        help="a journal export (journalctl -t star-kiosk -o json > FILE); one "
                             "kiosk per host in it; may be given more than once")
    report.add_argument("--name", metavar="KIOSK", action="append",
                        help="the name of each --data-dir kiosk, in the same order (default: "
                             "the host name for one kiosk, else the folder's name)")
    report.add_argument("--out", metavar="FILE", help="write charts to FILE.html or FILE.png")
    report.add_argument("--csv", metavar="DIR", help="also write one CSV file per table to DIR")
    report.add_argument("--since", metavar="WHEN",
                        help="from this date, time or age: 2025-06-03, 2025-06-03T14:00, 7d "
                             "(in the kiosk's time zone)")
    report.add_argument("--until", metavar="WHEN",
                        help="up to this date (included), time or age ago")
    report.add_argument("--content", metavar="DIR", help="the kiosks' content folder: the "
                        "title, slide titles and order, opening hours and idle timeout "
                        "(default: the bundled one)")

    bench = commands.add_parser(
        "bench", help="measure startup, frame pacing, latency, CPU and memory",
        description="Run the kiosk offscreen and print its figures beside a bare-PySide6 "
        "baseline measured in the same run.",
    )
    bench.add_argument("--json", action="store_true", help="print one JSON object instead")
    bench.add_argument("--quick", action="store_true", help="shorter runs (less precise)")
    return parser


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", default=str(BUNDLED_CONTENT), metavar="DIR",
                        help="content folder holding deck.yaml (default: the bundled content)")


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR",
                        help="folder for logs, events and settings "
                             "(default: the platform's user data folder)")


def main(argv: list[str] | None = None) -> int:
    """Run ``star-kiosk`` with ``argv``; returns the exit status."""
    parser = build_parser()
    options = parser.parse_args(argv)
    if options.command is None:
        parser.print_help()
        return 2
    if "kiosk.supervisor.signals" in sys.modules and not (
            options.command == "run" and run_config(options).supervised):
        # kiosk.entry guessed a supervised run and caught stop requests early: not so.
        from kiosk.supervisor.signals import release_early_catch

        release_early_catch()
    handler = _HANDLERS[options.command]
    try:
        return handler(options)
    except KeyboardInterrupt:
        return 130
    except Exception:  # nothing but one line ever reaches the user; the log has the rest
        try:
            _log_file(options.verbose, _data_folder(options))
            # The console shows this as one line ending "(details in <log file>)".
            log.exception("internal error in '%s'", options.command)
        except Exception:  # not even a log could be written: still no traceback
            print(f"star-kiosk: internal error in '{options.command}'", file=sys.stderr)
        return 70


def _log_file(verbose: bool, folder: str | None) -> Path:
    from kiosk.core.logs import setup_logging
    from kiosk.core.paths import data_dir

    return setup_logging(data_dir(folder), verbose=verbose)


def _data_folder(options: argparse.Namespace) -> str | None:
    """The one data folder the parsed command works on (its --data-dir), if it has one: where
    its log goes. (report's --data-dir names many kiosks' folders, none of them its own.)"""
    folder = vars(options).get("data_dir")
    return folder if isinstance(folder, str) else None


def _validate(options: argparse.Namespace) -> int:
    from kiosk.core.content.characters import visible
    from kiosk.core.content.loader import load_deck

    # Validate writes no log file; a warning of ours (say, an internal error) is one line on
    # stderr, and tracebacks (logged at debug level) stay out of a curator's terminal.
    logging.basicConfig(level=logging.WARNING, format="star-kiosk: %(message)s")
    result = load_deck(options.content)
    folder = visible(options.content, 300)  # a folder's name may hold an ESC too
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.deck is None:
        errors, warnings = len(result.errors), len(result.warnings)
        print(f"{folder}: {errors} error(s), {warnings} warning(s); not valid",
              file=sys.stderr)
        return 1
    deck = result.deck
    print(f"{folder}: valid — {len(deck.slides)} slides from {len(result.files)} "
          f"file(s), languages {', '.join(deck.settings.languages)}, "
          f"{len(result.warnings)} warning(s)")
    return 0


def _slide_exists(content: str, slide_id: str) -> bool:
    """Whether the deck in ``content`` has a slide ``slide_id``; if not, say which ids it has.
    (An invalid deck is left to the kiosk, which shows its last good content.)"""
    from kiosk.core.content.loader import load_deck

    deck = load_deck(content).deck
    if deck is None or deck.index_of(slide_id) is not None:
        return True
    ids = ", ".join(slide.id for slide in deck.slides)
    print(f"star-kiosk run: --start-at {slide_id}: no slide has that id — use one of: {ids}",
          file=sys.stderr)
    return False


TIME_SCALE_ENV = "STAR_KIOSK_TIME_SCALE"
"""Environment variable speeding up the deck's timers (soak and end-to-end tests)."""


def run_config(options: argparse.Namespace) -> RunConfig:
    """The one run configuration of ``star-kiosk run``'s parsed arguments."""
    return RunConfig(
        content=Path(options.content),
        data_dir=Path(options.data_dir) if options.data_dir else None,
        windowed=options.windowed,
        window_size=options.size,
        supervised=not (options.no_supervise or options.windowed),
        language=options.lang,
        screen=options.screen,
        resume_slide=options.resume_slide or options.start_at,
        ignore_hours=options.ignore_hours or options.windowed,
        verbose=options.verbose,
        time_scale=float(os.environ.get(TIME_SCALE_ENV) or 1.0),
        renderer=options.renderer,
        metrics_file=Path(options.metrics_file) if options.metrics_file else None,
        locked_session=options.locked_session,
    )


def _run(options: argparse.Namespace) -> int:
    config = run_config(options)
    if config.supervised:
        # First of all: a SIGTERM in the next moments would otherwise end the supervisor by
        # its default action, unlogged (status 143). It is recorded, then honoured and logged.
        from kiosk.supervisor.signals import catch_stop_requests_early

        catch_stop_requests_early()
    if options.start_at and not _slide_exists(options.content, options.start_at):
        return 2
    if options.size and not options.windowed:
        print("star-kiosk run: --size is for --windowed previews; the kiosk fills its screen "
              "(choose it with --screen)", file=sys.stderr)
        return 2
    _log_file(config.verbose, options.data_dir)
    if config.supervised:
        from kiosk.supervisor.watchdog import supervise

        return supervise(config)
    from kiosk.core.instance import claim_run

    lock = claim_run(config.data_dir)  # one kiosk per data folder; dies with its supervisor
    if lock is None:
        from kiosk.core.exit_codes import ALREADY_RUNNING_EXIT

        return ALREADY_RUNNING_EXIT
    # The pure-Python layers before PySide6: once PySide6 is imported, its import hook
    # inspects the source of every module imported after it, which slows start-up.
    import kiosk.core.content.loader  # noqa: F401
    from kiosk.runtime.app import run_kiosk

    return run_kiosk(config)


# Each handler below builds its subcommand's typed options (kiosk.tools.options) from the
# parsed arguments, once, and imports the subcommand's module only when it runs.


def _check(options: argparse.Namespace) -> int:
    from kiosk.tools.fitcheck import check_command
    from kiosk.tools.options import CheckOptions

    return check_command(CheckOptions(options.content, tuple(options.size or ()), options.lang))


def _export(options: argparse.Namespace) -> int:
    from kiosk.tools.export import export_deck
    from kiosk.tools.options import ExportOptions

    return export_deck(ExportOptions(options.content, options.out, options.size, options.lang))


def _set_pin(options: argparse.Namespace) -> int:
    from kiosk.tools.options import SetPinOptions
    from kiosk.tools.pin import set_pin_command

    return set_pin_command(SetPinOptions(options.pin, options.pin_file, options.data_dir))


def _screenshot(options: argparse.Namespace) -> int:
    from kiosk.tools.options import ScreenshotOptions
    from kiosk.tools.screenshot import screenshot_command

    return screenshot_command(ScreenshotOptions(options.data_dir, options.wait))


def _install_shortcut(options: argparse.Namespace) -> int:
    from kiosk.tools.options import ShortcutOptions
    from kiosk.tools.shortcut import install_command

    return install_command(ShortcutOptions(autostart=options.autostart))


def _uninstall_shortcut(options: argparse.Namespace) -> int:
    from kiosk.tools.options import ShortcutOptions
    from kiosk.tools.shortcut import uninstall_command

    return uninstall_command(ShortcutOptions())


def _install_session(options: argparse.Namespace) -> int:
    from kiosk.tools.options import InstallSessionOptions
    from kiosk.tools.session import install_command

    return install_command(InstallSessionOptions(
        user=options.user, content=options.content, content_repo=options.content_repo,
        rotate=options.rotate, pin_file=options.pin_file, root=options.root))


def _uninstall_session(options: argparse.Namespace) -> int:
    from kiosk.tools.options import UninstallSessionOptions
    from kiosk.tools.session import uninstall_command

    return uninstall_command(UninstallSessionOptions(root=options.root))


def _pull_content(options: argparse.Namespace) -> int:
    from kiosk.tools.options import PullOptions
    from kiosk.tools.pull import pull_command

    return pull_command(PullOptions(options.content, options.data_dir))


def _report(options: argparse.Namespace) -> int:
    from kiosk.tools.options import ReportOptions
    from kiosk.tools.report import report_command

    return report_command(ReportOptions(
        data_dirs=tuple(options.data_dir or ()), journals=tuple(options.journal or ()),
        names=tuple(options.name or ()), out=options.out, csv=options.csv,
        since=options.since, until=options.until, content=options.content))


def _bench(options: argparse.Namespace) -> int:
    from kiosk.tools.bench import bench_command
    from kiosk.tools.options import BenchOptions

    return bench_command(BenchOptions(json=options.json, quick=options.quick))


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _validate,
    "run": _run,
    "check": _check,
    "export": _export,
    "set-pin": _set_pin,
    "screenshot": _screenshot,
    "install-shortcut": _install_shortcut,
    "uninstall-shortcut": _uninstall_shortcut,
    "install-session": _install_session,
    "uninstall-session": _uninstall_session,
    "pull-content": _pull_content,
    "report": _report,
    "bench": _bench,
}
