"""Helpers for ``star-kiosk bench`` and the endurance runs in ``bench/``.

:mod:`.probe` measures from inside a Qt process (frames, CPU, memory); :mod:`.child` is what
the benchmark runs in each fresh child process. Nothing here is imported by the kiosk itself.
"""

RESULT_PREFIX = "BENCH-RESULT "
"""Starts the one line on which a measuring child prints its JSON result for the parent."""
