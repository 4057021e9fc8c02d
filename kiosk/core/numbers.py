"""Numbers as each language writes them: "RMB 1.1 trillion" / "1.1万亿元", "240,000" / "24万".

Pure functions; the count-up animation formats every intermediate value with the format of
the final one, so the unit word never jumps while a number climbs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# (threshold, divisor, word) from the largest down; a value takes the first it reaches.
_COMPACT_UNITS = {
    "en": ((1e12, 1e12, " trillion"), (1e9, 1e9, " billion"), (1e6, 1e6, " million")),
    "zh": ((1e12, 1e12, "万亿"), (1e8, 1e8, "亿"), (1e4, 1e4, "万")),
}
_MAX_AUTO_DECIMALS = 3


@dataclass(frozen=True)
class NumberFormat:
    """How to write numbers on the scale of one final value, in one language."""

    language: str
    divisor: float = 1.0
    word: str = ""
    decimals: int = 0

    def format(self, value: float) -> str:
        """``value`` written with this format's unit word and decimals."""
        scaled = value / self.divisor
        if round(scaled, self.decimals) == 0:
            scaled = 0.0  # never "-0": a minus on a zero reads as a loss
        grouping = "," if self.language == "en" else ""
        return f"{scaled:{grouping}.{self.decimals}f}{self.word}"


def _exact_decimals(value: float) -> int | None:
    """The fewest decimals (up to 3) that write ``value`` exactly, or None if none do."""
    for decimals in range(_MAX_AUTO_DECIMALS + 1):
        if abs(round(value, decimals) - value) < 1e-9 * max(1.0, abs(value)):
            return decimals
    return None


def shared_decimals(values: Iterable[float]) -> int:
    """The fewest decimals (up to 3) that write every one of ``values`` exactly.

    A chart writes all its bars alike, so 0.5 beside 12 is "0.5" and "12.0" — never "0".
    """
    needed = [_exact_decimals(value) for value in values]
    return max((_MAX_AUTO_DECIMALS if d is None else d for d in needed), default=0)


def number_format(
    final_value: float, language: str, *, decimals: int | None = None, compact: bool = False
) -> NumberFormat:
    """The format that writes ``final_value`` in ``language``.

    ``compact`` writes large values with the language's words (billion, 亿); a value whose
    compact form would not be a round figure in that unit (e.g. 2,941 in 万) stays in digits.
    ``decimals`` fixes the decimals; by default the fewest that write the value exactly.
    """
    divisor, word = 1.0, ""
    if compact:
        for threshold, unit_divisor, unit_word in _COMPACT_UNITS.get(language, ()):
            if abs(final_value) >= threshold:
                scaled = final_value / unit_divisor
                if decimals is not None or _exact_decimals(scaled) is not None:
                    divisor, word = unit_divisor, unit_word
                break
    if decimals is None:
        exact = _exact_decimals(final_value / divisor)
        decimals = _MAX_AUTO_DECIMALS if exact is None else exact
    return NumberFormat(language, divisor, word, decimals)


def format_number(
    value: float, language: str, *, decimals: int | None = None, compact: bool = False
) -> str:
    """``value`` written in ``language``; see :func:`number_format`."""
    return number_format(value, language, decimals=decimals, compact=compact).format(value)
