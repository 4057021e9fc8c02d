"""Exit statuses of the kiosk process: the contract between it and its supervisor."""

from __future__ import annotations

STAFF_EXIT = 0
"""Staff left with the PIN: the supervisor stops too."""

CONTENT_INVALID_EXIT = 3
"""The content is invalid and there is no last good copy: the supervisor shows the calm
'temporarily unavailable' screen and tries again later, instead of restarting at once."""

ALREADY_RUNNING_EXIT = 4
"""Another kiosk already runs on this data folder (it holds the single-instance lock):
nothing was brought up."""

ORPHANED_EXIT = 5
"""The kiosk's supervisor is gone: the orphaned kiosk left so no second kiosk lingers."""
