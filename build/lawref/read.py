"""Stage 1, read: decode a source file once, normalise line endings, keep positions.

Nothing downstream re-reads files.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic

MAX_SOURCE_BYTES = 10_000_000
"""Largest source file the build reads (the proofreader takes about a second of CPU per MB)."""


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded source: its text with ``\\n`` line ends and its lines (1-based via ``line(n)``)."""

    file: str
    text: str
    lines: tuple[str, ...]
    had_bom: bool = False
    had_crlf: bool = False

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 1 <= n <= len(self.lines) else ""


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    """(line, column in characters) of byte ``index``; CR, LF and CRLF all end a line, as in the text.

    >>> _byte_position("甲\\r乙\\x00".encode(), 7)
    (2, 2)
    """
    head = data[:index].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_start = head.rfind(b"\n") + 1
    return head.count(b"\n") + 1, len(head[line_start:].decode("utf-8", "replace")) + 1


def read_source(file: str, data: bytes) -> tuple[SourceText, tuple[Diagnostic, ...]]:
    """Decode ``data`` (the bytes of ``file``) as UTF-8 and report what is wrong with it.

    Invariant: never raises; an undecodable or binary file gives an empty text
    and error diagnostics naming the first bad position.

    >>> read_source("x.txt", b"\\xef\\xbb\\xbfa\\r\\n")[0].text
    'a\\n'
    """
    diags: list[Diagnostic] = []
    if len(data) > MAX_SOURCE_BYTES:
        diags.append(Diagnostic(file, 1, 1, "error", "source-size",
                                f"the source has {len(data):,} bytes (expected at most {MAX_SOURCE_BYTES:,}: "
                                "split it into several source files)"))
        return SourceText(file, "", ()), tuple(diags)
    if not data.strip():
        diags.append(Diagnostic(file, 1, 1, "error", "empty-source",
                                "the source is empty (expected the text of a document)"))
        return SourceText(file, "", ()), tuple(diags)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        diags.append(Diagnostic(file, 1, 1, "error", "encoding",
                                f"UTF-16 byte order mark {data[:2].hex(' ').upper()} (expected UTF-8 text: convert the file to UTF-8)"))
        return SourceText(file, "", ()), tuple(diags)
    had_bom = data.startswith(b"\xef\xbb\xbf")
    if had_bom:
        data = data[3:]
        diags.append(Diagnostic(file, 1, 1, "warning", "bom",
                                "byte order mark at the start of the file (expected plain UTF-8; it was ignored)"))
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _byte_position(data, nul)
        hint = ""
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[1:2] == b"\x00":
            hint = "; it looks like UTF-16"
        diags.append(Diagnostic(file, line, col, "error", "binary",
                                f"NUL byte: this is not a text file (expected UTF-8 text{hint})"))
        return SourceText(file, "", (), had_bom), tuple(diags)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _byte_position(data, e.start)
        guess = ""
        for enc in ("gb18030", "big5"):
            try:
                data.decode(enc)
                guess = f"; it decodes as {enc.upper()}: convert it to UTF-8"
                break
            except UnicodeDecodeError:
                continue
        diags.append(Diagnostic(file, line, col, "error", "encoding",
                                f"byte 0x{data[e.start]:02x} is not valid UTF-8 (expected UTF-8 text{guess})"))
        return SourceText(file, "", (), had_bom), tuple(diags)
    had_crlf = "\r" in text
    if had_crlf:
        first = text.index("\r")
        line = text.count("\n", 0, first) + 1
        col = first - (text.rfind("\n", 0, first) + 1) + 1
        diags.append(Diagnostic(file, line, col, "warning", "line-endings",
                                "CR or CRLF line endings (expected LF; they were normalised)"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = [(i, c) for i, c in enumerate(text) if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 or c == "\ufffd"]
    if controls and len(controls) * 20 > len(text):
        i, c = controls[0]
        line = text.count("\n", 0, i) + 1
        col = i - (text.rfind("\n", 0, i) + 1) + 1
        diags.append(Diagnostic(file, line, col, "error", "binary",
                                f"{len(controls)} control characters (first U+{ord(c):04X}): this is not a text file (expected UTF-8 text)"))
        return SourceText(file, "", (), had_bom, had_crlf), tuple(diags)
    for i, c in controls:
        line = text.count("\n", 0, i) + 1
        col = i - (text.rfind("\n", 0, i) + 1) + 1
        diags.append(Diagnostic(file, line, col, "error", "control-char",
                                f"control character U+{ord(c):04X} (expected printable text)"))
    lines = tuple(text.split("\n"))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    return SourceText(file, text, lines, had_bom, had_crlf), tuple(diags)
