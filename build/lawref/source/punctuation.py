"""Punctuation width: the page prints ``, ; : ( ) ?`` half-width inside Chinese text.

Display text uses the full-width forms where a mark touches Chinese text;
digits and Latin letters keep their half-width neighbours. The source is never changed.
"""

from __future__ import annotations

HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
FULL_TO_HALF = {v: k for k, v in HALF_TO_FULL.items()}
FULL_WIDTH_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)}


def is_cjk(c: str) -> bool:
    """True for CJK ideographs and CJK punctuation (the context that wants full-width marks)."""
    o = ord(c)
    return (0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF
            or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or o in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026))


def _context(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and (text[j] in HALF_TO_FULL or text[j] == " "):
        j += step
    return text[j] if 0 <= j < len(text) else ""


def normalise_width(text: str) -> tuple[str, tuple[int, ...]]:
    """Return the display text and the indexes of the marks widened.

    A half-width mark is widened when the nearest non-mark character on either
    side is Chinese; ``(2019)`` between digits stays as it is only if no Chinese
    touches it.

    >>> normalise_width("党组(党委),2019年")[0]
    '党组（党委），2019年'
    """
    out = list(text)
    changed: list[int] = []
    for i, c in enumerate(text):
        if c in HALF_TO_FULL:
            before, after = _context(text, i, -1), _context(text, i, 1)
            if (before and is_cjk(before)) or (after and is_cjk(after)):
                out[i] = HALF_TO_FULL[c]
                changed.append(i)
    return "".join(out), tuple(changed)


def fold_width(text: str) -> str:
    """Map full-width marks back to half-width: the comparison form used by the conservation test."""
    return "".join(FULL_TO_HALF.get(c, c) for c in text)
