"""What is wrong with a content file, said so a curator can fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.core.content.characters import escape_message


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place: printed as ``file:line:column: problem — hint``."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        # Escaped as a whole: a file name or a value quoted in the message may carry newlines,
        # ESC or bidi overrides, and this line goes to a terminal and to kiosk.log.
        label = "warning: " if self.severity == "warning" else ""
        text = f"{self.file}:{self.line}:{self.column}: {label}{self.message}"
        return escape_message(f"{text} — {self.hint}" if self.hint else text)
