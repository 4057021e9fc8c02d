"""``star-kiosk report``: what visitors did and how the kiosk behaved, from the event log.

Reads ``events.jsonl`` and its rotated files from the data folder, streamed in bounded memory
(:mod:`.reading`), aggregates as it goes (:mod:`.summary`), and shows the result as text
tables, CSV files (:mod:`.tables`), an HTML page with inline SVG charts or a PNG
(:mod:`.charts` lays them out, :mod:`.draw` paints the PNG, :mod:`.page` composes).
"""

from __future__ import annotations

from kiosk.tools.report.command import report_command
from kiosk.tools.report.reading import EventStream, Period, parse_lines, read_events
from kiosk.tools.report.summary import Limits, Summary, summarise

__all__ = ["EventStream", "Limits", "Period", "Summary", "parse_lines", "read_events",
           "report_command", "summarise"]
