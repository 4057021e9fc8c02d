"""The one pixel budget for content pictures, shared by ``validate`` and the runtime.

A picture is decoded at most once per screen size; a file declaring more pixels than this is
refused by ``validate`` (with its file and line) and never decoded by the runtime, so one
hostile or careless picture cannot take hundreds of megabytes or stall the screen.
"""

from __future__ import annotations

IMAGE_PIXEL_BUDGET = 36_000_000
"""Most pixels a content picture may declare (a 24-megapixel camera photo fits, with room)."""

IMAGE_ALLOCATION_LIMIT_MB = IMAGE_PIXEL_BUDGET * 4 // 1_000_000 + 1
"""The same budget as Qt's ``QImageReader.setAllocationLimit`` takes it (32-bit pixels, MB)."""
