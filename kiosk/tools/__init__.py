"""Offline tools behind the subcommands that are not the kiosk itself: export (sign-off
pictures and handout), report (visitor analytics), shortcut (launchers), bench."""
