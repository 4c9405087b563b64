"""Stage 1, read: decode a source file once, normalise line endings, keep positions.

Nothing downstream re-reads files.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Severity

MAX_SOURCE_BYTES = 10_000_000
"""Largest source file the build reads (the proofreader takes about a second of CPU per MB)."""


BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidirectional controls reorder what a reader sees (a “Trojan source”): refused (``bidi-control``, error)."""
STRIPPED_CHARS = {
    "\u00ad": "soft hyphen", "\u180e": "Mongolian vowel separator", "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner", "\u2060": "word joiner",
    "\u2061": "invisible function application", "\u2062": "invisible times", "\u2063": "invisible separator",
    "\u2064": "invisible plus", "\ufeff": "zero-width no-break space",
}
"""Zero-width characters, residue of copying from web pages and word processors: stripped by the parser
(recorded as dropped layout ``invisible``) and listed (``invisible-char``, note)."""
_OTHER_FORMAT = ("\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u206a-\u206f\ufff9-\ufffb\U000110bd\U000110cd"
                 "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_UNSEEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffd"        # controls, line/paragraph separators, U+FFFD
    + "".join(sorted(BIDI_CONTROLS)) + "".join(sorted(STRIPPED_CHARS)) + _OTHER_FORMAT
    + "\ufe00-\ufe0f\U000e0100-\U000e01ef"                      # variation selectors
    + "\ufdd0-\ufdef" + "".join(chr(p * 0x10000 + 0xFFFE) + chr(p * 0x10000 + 0xFFFF) for p in range(17))
    + "]")
_NEWLINE = re.compile("\n")
MAX_CHAR_FINDINGS = 200
"""Characters of one kind listed one by one; beyond, one summary finding."""


def char_policy(c: str) -> tuple[str, Severity, str, str]:
    """(code, severity, what it is, what the build does) for a character ``_UNSEEN`` matches.

    >>> char_policy("\u200b")[:2], char_policy("\u202e")[:2], char_policy("\ufe01")[:2]
    (('invisible-char', 'note'), ('bidi-control', 'error'), ('variation-selector', 'note'))
    """
    o = ord(c)
    if c in STRIPPED_CHARS:
        return "invisible-char", "note", STRIPPED_CHARS[c], "expected no invisible characters; the site shows the text without it"
    if c in BIDI_CONTROLS:
        return "bidi-control", "error", "bidirectional control", "expected none: it can make the text read differently from what it is"
    if 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF:
        return ("variation-selector", "note", "variation selector",
                "kept: it selects a glyph variant of the character before it; expected only after an ideograph")
    if 0xFDD0 <= o <= 0xFDEF or o & 0xFFFE == 0xFFFE:
        return "noncharacter", "error", "noncharacter", "expected text: a noncharacter is never part of a text"
    if o < 0x20 or 0x7F <= o <= 0x9F or c in "\u2028\u2029\ufffd":
        return "control-char", "error", "control character", "expected printable text"
    return "format-char", "error", "invisible format character", "expected printable text"


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
    found = [(m.start(), m.group(0)) for m in _UNSEEN.finditer(text)]
    controls = [(i, c) for i, c in found if char_policy(c)[0] == "control-char"]
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def where(i: int) -> tuple[int, int]:
        n = bisect.bisect_right(starts, i)
        return n, i - starts[n - 1] + 1

    if controls and len(controls) * 20 > len(text):
        i, c = controls[0]
        line, col = where(i)
        diags.append(Diagnostic(file, line, col, "error", "binary",
                                f"{len(controls)} control characters (first U+{ord(c):04X}): this is not a text file (expected UTF-8 text)"))
        return SourceText(file, "", (), had_bom, had_crlf), tuple(diags)
    per_code: dict[str, int] = {}
    for i, c in found:
        code, severity, what, expected = char_policy(c)
        per_code[code] = per_code.get(code, 0) + 1
        if per_code[code] > MAX_CHAR_FINDINGS:
            continue
        line, col = where(i)
        diags.append(Diagnostic(file, line, col, severity, code, f"{what} U+{ord(c):04X} ({expected})"))
    for code, n in sorted(per_code.items()):
        if n > MAX_CHAR_FINDINGS:
            i, c = next((i, c) for i, c in reversed(found) if char_policy(c)[0] == code)
            line, col = where(i)
            diags.append(Diagnostic(file, line, col, char_policy(c)[1], code,
                                    f"{n - MAX_CHAR_FINDINGS} more characters of this kind after the first "
                                    f"{MAX_CHAR_FINDINGS} listed, the last here (expected none: see the characters above)"))
    lines = tuple(text.split("\n"))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    return SourceText(file, text, lines, had_bom, had_crlf), tuple(diags)
