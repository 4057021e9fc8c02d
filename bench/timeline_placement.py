"""How long placing a timeline's cards takes (kiosk.core.timeline_placement), worst cases
included: the slide lays itself out once per language and size, so this must stay far below
a frame budget's worth of a transition.

Prints the median and worst time of ``lay_out_landscape`` and of the portrait ``lay_out``
over random dated timelines of 2 to 10 milestones (decades, a year, a month), and how far the
dots had to be pushed apart beyond the least distance for every card to face its dot. Usage::

    python bench/timeline_placement.py [--runs 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from kiosk.core.timeline_placement import lay_out, lay_out_landscape


def main(argv: list[str] | None = None) -> int:
    """Print the figures; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    landscape: list[float] = []
    portrait: list[float] = []
    pushed: list[float] = []
    slanted = 0
    for _ in range(args.runs):
        count = rng.randint(2, 10)
        spread = rng.choice([30.0, 365.0, 7300.0])
        days = sorted(rng.uniform(0, spread) for _ in range(count))
        start = time.perf_counter()
        placed = lay_out_landscape(days, count, 80.0, 1840.0, gap=40.0, least_gap=90.0,
                                   inset=27.0, reach_share=0.25, most_share=0.3)
        landscape.append(time.perf_counter() - start)
        pushed.append(placed.least_gap / 90.0)
        slanted += sum(not card.straight for card in placed.cards)
        row = min(130.0, 1500.0 / count)
        start = time.perf_counter()
        tall = lay_out(days, count, (330.0, 1800.0 - row + 30.0), row, 300.0, 1800.0, gap=0.0,
                       reach=10.0, least_gap=min(90.0, row), anchors=[30.0] * count,
                       extents=[row - 10.0] * count)
        portrait.append(time.perf_counter() - start)
        slanted += sum(not card.straight for card in tall.cards)
    for name, times in (("landscape", landscape), ("portrait", portrait)):
        print(f"{name}: median {statistics.median(times) * 1000:.2f} ms, "
              f"worst {max(times) * 1000:.2f} ms over {args.runs} timelines")
    print(f"landscape least dot distance: median {statistics.median(pushed):.2f}x, "
          f"worst {max(pushed):.2f}x the minimum; slanted connectors: {slanted}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
