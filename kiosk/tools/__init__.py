"""Offline tools behind the subcommands that are not the kiosk itself: export (sign-off
pictures and handout), report (visitor analytics), shortcut (launchers), session (the locked
kiosk session), pull (fleet content), pin (set-pin), bench. What each subcommand was asked
arrives typed, as one of :mod:`kiosk.tools.options`'s dataclasses."""
