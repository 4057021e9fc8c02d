"""What is wrong with a content file, said so a curator can fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


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
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        if self.severity == "warning":
            text = f"{self.file}:{self.line}:{self.column}: warning: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text
