"""The ``star-kiosk`` program's first moments: a stop request is caught before anything
heavy is imported.

Importing the command line (``kiosk.cli``: dataclasses, the run configuration...) takes
about a tenth of a second on a busy kiosk PC, and a SIGTERM in that time used to end a
supervised ``star-kiosk run`` by its default action, with status 143 and nothing logged. For
what looks like a supervised run, this module records stop requests first
(:func:`kiosk.supervisor.signals.catch_stop_requests_early`, which imports only ``signal``
and ``logging``); :func:`kiosk.cli.main` then honours and logs them, or, for any other
command, hands the signals back to their defaults and re-raises one that came meanwhile.
Only the interpreter's own start-up remains before the handlers.
"""

from __future__ import annotations

import sys

NOT_SUPERVISED = frozenset({"--no-supervise", "--windowed", "-h", "--help"})


def looks_like_supervised_run(argv: list[str]) -> bool:
    """Whether ``argv`` may be ``star-kiosk run`` under its supervisor (a guess before
    parsing: :func:`kiosk.cli.main` settles it once the arguments are parsed)."""
    return "run" in argv and not NOT_SUPERVISED & set(argv)


def main() -> int:
    """``star-kiosk``: the console script and ``python -m kiosk``."""
    argv = sys.argv[1:]
    if looks_like_supervised_run(argv):
        from kiosk.supervisor.signals import catch_stop_requests_early

        catch_stop_requests_early()
    from kiosk.cli import main as cli_main

    return cli_main(argv)
