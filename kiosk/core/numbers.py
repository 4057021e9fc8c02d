"""Numbers as each language writes them: "RMB 1.1 trillion" / "1.1万亿元", "240,000" / "24万".

Pure functions; the count-up animation formats every intermediate value with the format of
the final one, so the unit word never jumps while a number climbs.

All rounding and scaling is done in decimal (:class:`decimal.Decimal`), half-up, on the
figure as the curator wrote it: a float holds 2.675 as 2.67499999…, so binary rounding
wrote 2.67, 1.005 at two decimals 1.00 and 1.25e12 at one decimal "1.2 trillion". The value
is taken back to its shortest decimal spelling (``repr``, which is what the YAML text said
for any figure of up to 15 significant digits) before any arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# (threshold, divisor, word) from the largest down; a value takes the first it reaches.
# Thresholds and divisors are powers of ten, so dividing by them in decimal is exact.
_COMPACT_UNITS = {
    "en": ((10**12, " trillion"), (10**9, " billion"), (10**6, " million")),
    "zh": ((10**12, "万亿"), (10**8, "亿"), (10**4, "万")),
}
_MAX_AUTO_DECIMALS = 3


def exact(value: float | int | Decimal) -> Decimal:
    """``value`` as the decimal it was written as (a float through its shortest spelling)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def rounded(value: float | int | Decimal, decimals: int) -> Decimal:
    """``value`` rounded half-up (away from zero on a tie) to ``decimals`` places."""
    return exact(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class NumberFormat:
    """How to write numbers on the scale of one final value, in one language."""

    language: str
    divisor: int = 1
    """A power of ten: 10**12 for "trillion" / "万亿"."""
    word: str = ""
    decimals: int = 0

    def format(self, value: float) -> str:
        """``value`` written with this format's unit word and decimals."""
        scaled = rounded(exact(value) / self.divisor, self.decimals)
        if scaled == 0:
            scaled = abs(scaled)  # never "-0": a minus on a zero reads as a loss
        grouping = "," if self.language == "en" else ""
        # Already rounded to ``decimals``: formatting adds digits and separators only.
        return f"{scaled:{grouping}.{self.decimals}f}{self.word}"

    def reads_as_zero(self, value: float) -> bool:
        """Whether a non-zero ``value`` would be written as 0 ("0.000", "0.0 trillion")."""
        return exact(value) != 0 and rounded(exact(value) / self.divisor, self.decimals) == 0


def _exact_decimals(value: float | Decimal) -> int | None:
    """The fewest decimals (up to 3) that write ``value`` exactly, or None if none do."""
    exponent = exact(value).normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite: exact() refuses inf and nan
    needed = max(0, -exponent)
    return needed if needed <= _MAX_AUTO_DECIMALS else None


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
    divisor, word = 1, ""
    value = exact(final_value)
    if compact:
        for unit_divisor, unit_word in _COMPACT_UNITS.get(language, ()):
            if abs(value) >= unit_divisor:
                if decimals is not None or _exact_decimals(value / unit_divisor) is not None:
                    divisor, word = unit_divisor, unit_word
                break
    if decimals is None:
        needed = _exact_decimals(value / divisor)
        decimals = _MAX_AUTO_DECIMALS if needed is None else needed
    return NumberFormat(language, divisor, word, decimals)


def format_number(
    value: float, language: str, *, decimals: int | None = None, compact: bool = False
) -> str:
    """``value`` written in ``language``; see :func:`number_format`."""
    return number_format(value, language, decimals=decimals, compact=compact).format(value)
