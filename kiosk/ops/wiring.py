"""Attach the operations features (reload, heartbeat, schedule...) to a running kiosk.

The composition root (``kiosk.app``) calls :func:`attach_operations` once, after the window
is up, so operations code plugs in without the runtime knowing its details.
"""

from __future__ import annotations

import argparse


def attach_operations(kiosk: object, options: argparse.Namespace) -> None:
    """Start the operations features for ``kiosk`` (a ``kiosk.app.KioskApp``)."""
