"""Which part of the screen belongs to whom: the runtime's chrome or the slide under it.

The chrome (:mod:`kiosk.runtime.chrome`) draws over the slides; these shares say where, and
the slides (:mod:`kiosk.runtime.slides.layout`) keep their content out of those places. Both
read them from here, so the boundary cannot drift apart.
"""

from __future__ import annotations

CHROME_STRIP = 0.10
"""The bottom share of the screen's height that belongs to the chrome (the previous/next
arrows, the progress dots or touch hint, the progress bar): slides keep their content above it."""
LANGUAGE_CORNER = 0.12
"""The share of the screen's width, at the top right, that slide titles keep free: the
language toggle (and the pause pill beside it) sits there."""
