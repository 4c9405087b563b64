"""One diagnostic type, printed the way compilers print theirs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]

MAX_SHOWN = 1000
"""A source line longer than this is shown as an excerpt of this many characters around the column."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding at ``file:line:col`` with what was expected.

    >>> str(Diagnostic("x.txt", 3, 1, "error", "order", "第十二条 follows 第十条 (expected 第十一条)"))
    'x.txt:3:1: error: 第十二条 follows 第十条 (expected 第十一条) [order]'
    """

    file: str
    line: int
    col: int
    severity: Severity
    code: str
    """A short stable category name (``article-order``, ``doubled-char`` …)."""
    message: str
    source_line: str = ""
    """The offending source line, shown under the message with a caret."""
    length: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"

    def render(self) -> str:
        """The diagnostic with its source line and a caret under the column.

        >>> d = Diagnostic("x.txt", 1, 1501, "note", "c", "m", source_line="甲" * 1500 + "乙" + "丙" * 1500)
        >>> shown = d.render().split("\\n")[1:]
        >>> len(shown[0]) - 4, shown[0].index("乙") - 4, shown[1].index("^") - 4    # "…" takes one cell, 甲/乙 two
        (1002, 501, 1001)
        """
        head = str(self)
        if not self.source_line:
            return head
        line, col = self.source_line, max(self.col, 1)
        if len(line) > MAX_SHOWN:
            # An excerpt around the column: a long line is never printed whole once per finding.
            start = max(0, min(col - 1 - MAX_SHOWN // 2, len(line) - MAX_SHOWN))
            line = ("…" if start else "") + line[start:start + MAX_SHOWN] + ("…" if start + MAX_SHOWN < len(line) else "")
            col = col - start + (1 if start else 0)
        prefix = line[: col - 1]
        # Wide (CJK) characters take two terminal cells.
        pad = sum(2 if _is_wide(c) else 1 for c in prefix)
        width = sum(2 if _is_wide(c) else 1 for c in line[col - 1 : col - 1 + min(self.length, MAX_SHOWN)]) or 1
        return f"{head}\n    {line}\n    {' ' * pad}^{'~' * (width - 1)}"


def _is_wide(c: str) -> bool:
    o = ord(c)
    return 0x1100 <= o <= 0x115F or 0x2E80 <= o <= 0xA4CF or 0xAC00 <= o <= 0xD7A3 or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFF60 or 0xFFE0 <= o <= 0xFFE6 or 0x20000 <= o <= 0x3FFFD


class BuildError(Exception):
    """Raised by the CLI layer when a stage reported errors; carries all of them."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__(format_all(self.diagnostics))


def sort_key(d: Diagnostic) -> tuple:
    return (d.file, d.line, d.col, d.code, d.message)


def format_all(diagnostics: Iterable[Diagnostic]) -> str:
    ds = sorted(diagnostics, key=sort_key)
    lines = [d.render() for d in ds]
    errors = sum(1 for d in ds if d.severity == "error")
    warnings = sum(1 for d in ds if d.severity == "warning")
    notes = sum(1 for d in ds if d.severity == "note")
    lines.append(f"{errors} error(s), {warnings} warning(s)" + (f", {notes} note(s)" if notes else ""))
    return "\n".join(lines)


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    bad = {"error", "warning"} if strict else {"error"}
    return any(d.severity in bad for d in diagnostics)
