"""Chinese numerals as printed in legal texts, both ways: the one numeral codec of the project.

Covers 一 … 九千九百九十九 (and 〇/零, 两), the forms that number 章, 条, 款 and 项. The tables below are the
single source of truth: the browser's copies (``assets/lawref-citation.js``, ``assets/search/segment.js``) read
them from ``assets/lawref-grammar.js``, written at build time by ``grammar.grammar_script``.
"""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
DIGIT_VALUE: dict[str, int] = {c: i for i, c in enumerate(DIGITS)}
DIGIT_VALUE.update({"〇": 0, "两": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9})
"""Every digit character a citation may use, with its value."""
UNIT_VALUE: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
"""Every unit character a citation may use, with its value."""
_DIGIT_VALUE, _UNITS = DIGIT_VALUE, UNIT_VALUE

NUMERAL_CHARS = "".join(sorted(set(_DIGIT_VALUE) | set(_UNITS)))
"""All numeral characters, sorted (the character class of every numeral pattern)."""
MAX_NUMBER = 9999
"""The largest number the codec (and so a citation) covers: 第12345条 is no citation."""
FOLD_DIGITS = "〇零一二三四五六七八九"
"""The digits search folds to Arabic (六个月 = 6个月); 两 and the financial forms stay words in running text."""
FOLD_UNITS = "十百千"
"""The units search folds."""


class NumeralError(ValueError):
    """A string that is not a Chinese numeral in 0–9999."""


def parse_numeral(text: str) -> int:
    """Return the value of a Chinese numeral in 0–9999.

    Accepts the positional unit form (二十三, 一百零五, 十二, 两千) and the
    bare digit form (一〇五). Invariant: ``parse_numeral(to_numeral(n)) == n``.

    >>> parse_numeral("二十三")
    23
    """
    if not text:
        raise NumeralError("empty numeral")
    if all(c in _DIGIT_VALUE for c in text):
        if len(text) == 1:
            return _DIGIT_VALUE[text]
        value = 0
        for c in text:
            value = value * 10 + _DIGIT_VALUE[c]
        if value > 9999:
            raise NumeralError(f"{text!r} is larger than 9999")
        return value
    total = 0
    pending: int | None = None
    last_unit = 10_000
    for c in text:
        if c in _DIGIT_VALUE:
            if pending is not None and pending != 0:
                raise NumeralError(f"{text!r}: two digits in a row")
            pending = _DIGIT_VALUE[c]
        elif c in _UNITS:
            unit = _UNITS[c]
            if unit >= last_unit:
                raise NumeralError(f"{text!r}: unit {c} out of order")
            digit = 1 if pending is None or pending == 0 and total == 0 else pending
            if pending == 0 and total != 0:
                raise NumeralError(f"{text!r}: 零 before a unit")
            total += digit * unit
            last_unit = unit
            pending = None
        else:
            raise NumeralError(f"{text!r}: {c!r} is not a numeral character")
    if pending:
        total += pending
    return total


def to_numeral(n: int) -> str:
    """Return the Chinese numeral for 0 ≤ n ≤ 9999 as statutes print it.

    Ten to nineteen drop the leading 一 (十二), inner zeros are one 零 (一百零五).

    >>> to_numeral(105)
    '一百零五'
    """
    if not 0 <= n <= 9999:
        raise NumeralError(f"{n} is outside 0–9999")
    if n == 0:
        return "零"
    parts: list[str] = []
    zero_pending = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d == 0:
            if parts:
                zero_pending = True
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        if not (unit == 10 and d == 1 and not parts):
            parts.append(DIGITS[d])
        parts.append(name)
    return "".join(parts)


def fold_numeral(run: str) -> str | None:
    """The Arabic form of a run of search-folded numeral characters (``FOLD_DIGITS``/``FOLD_UNITS``), or None
    when the run is not one number.

    Lenient where ``parse_numeral`` is strict, as running text needs: digits only read digit by digit
    (二〇二四 → 2024, leading zeros kept); with units, positionally (三十四 → 34, 一百零五 → 105, 十二 → 12),
    a 零 anywhere skipped. Mirrored by ``foldNumeral`` in ``segment.js`` (same tables, parity-tested).

    >>> fold_numeral("三十四"), fold_numeral("二〇二四"), fold_numeral("十一五")
    ('34', '2024', None)
    """
    if all(c in FOLD_DIGITS for c in run):
        return "".join(str(DIGIT_VALUE[c]) for c in run)
    total, pending = 0, -1
    for c in run:
        if c in FOLD_UNITS:
            total += (1 if pending < 0 else pending) * UNIT_VALUE[c]
            pending = -1
        elif DIGIT_VALUE[c] == 0:
            continue
        elif pending >= 0:
            return None
        else:
            pending = DIGIT_VALUE[c]
    return str(total + max(pending, 0))
