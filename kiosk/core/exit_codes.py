"""Exit statuses of the kiosk process: the contract between it and its supervisor."""

from __future__ import annotations

STAFF_EXIT = 0
"""Staff left with the PIN: the supervisor stops too."""

CONTENT_INVALID_EXIT = 3
"""The content is invalid and there is no last good copy: the supervisor shows the calm
'temporarily unavailable' screen and tries again later, instead of restarting at once."""
