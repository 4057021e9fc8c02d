"""``star-kiosk screenshot``: ask the running kiosk for a picture of its screen.

The request travels as a file in the data folder (see :mod:`kiosk.core.screenshot`); this
command writes it, waits for the PNG and prints its path. No Qt here.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from kiosk.core.instance import AlreadyRunning, acquire_instance_lock
from kiosk.core.paths import data_dir
from kiosk.core.screenshot import REQUEST_FILE, picture_name, write_request
from kiosk.tools.options import ScreenshotOptions


def kiosk_is_running(folder: Path) -> bool:
    """Whether a kiosk (or its supervisor) holds the data folder's lock."""
    try:
        lock = acquire_instance_lock(folder)
    except AlreadyRunning:
        return True
    held = lock.held
    lock.release()
    return not held  # where nothing can be locked, assume one runs and let the wait tell


def screenshot_command(options: ScreenshotOptions) -> int:
    """Request a screenshot and wait up to ``options.wait`` seconds for it; 0 when saved."""
    folder = data_dir(options.data_dir)
    if not kiosk_is_running(folder):
        print(f"star-kiosk screenshot: no kiosk is running on the data folder {folder} — start "
              "it, or give its --data-dir (run this as the kiosk's account, e.g. sudo -u "
              "star-kiosk star-kiosk screenshot)", file=sys.stderr)
        return 1
    name = picture_name(datetime.now(), folder)
    try:
        request = write_request(folder, name)
    except OSError as error:
        print(f"star-kiosk screenshot: cannot write the request into {folder}: "
              f"{error.strerror or error} — run this as the kiosk's account", file=sys.stderr)
        return 1
    picture = folder / name
    deadline = time.monotonic() + max(0.5, float(options.wait))
    while time.monotonic() < deadline:
        if picture.exists():
            print(picture)
            return 0
        time.sleep(0.1)
    try:
        request.unlink()  # unanswered: do not leave it for a kiosk started later
    except OSError:
        pass
    print(f"star-kiosk screenshot: the kiosk did not answer within {options.wait:g} s "
          f"({REQUEST_FILE} in {folder} was not picked up); is it the kiosk's data folder? "
          "kiosk.log there may say why", file=sys.stderr)
    return 1
