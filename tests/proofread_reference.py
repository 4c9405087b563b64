"""The first implementation of ``find_term_variants`` (quadratic in memory and time on large texts), kept as
the oracle for ``lawref.check.proofread.find_term_variants``: the property test checks both give the same findings."""

from __future__ import annotations

import re
from collections import Counter

from lawref.check.proofread import FUNCTION_CHARS, MAX_TERM, MIN_FREQUENT, MIN_TERM, MODIFIER_CHARS, TextUnit, _places

_IDEOGRAPH_RUN = re.compile(r"[\u4e00-\u9fff]+")


def reference_term_variants(units: tuple[TextUnit, ...]) -> list[tuple[tuple[int, int], str, int]]:
    """The old ``find_term_variants``: every n-gram counted and every occurrence of length ≥ MIN_TERM stored."""
    counts: Counter[str] = Counter()
    where: dict[str, list[tuple[str, int, tuple[int, int]]]] = {}
    for u in units:
        if u.kind == "heading":
            continue
        for m in _IDEOGRAPH_RUN.finditer(u.text):
            run = m.group(0)
            for n in range(2, MAX_TERM + 2):
                for k in range(len(run) - n + 1):
                    s = run[k:k + n]
                    counts[s] += 1
                    if n >= MIN_TERM:
                        where.setdefault(s, []).append((run, k, u.positions[m.start() + k]))

    def closed(term: str) -> bool:
        right = {run[k + len(term)] if k + len(term) < len(run) else "" for run, k, _ in where[term]}
        left = {run[k - 1] if k else "" for run, k, _ in where[term]}
        return not (len(right) == 1 and "" not in right) and not (
            len(left) == 1 and "" not in left and not left <= FUNCTION_CHARS)

    def straddles(run: str, k: int, length: int, n_freq: int) -> bool:
        for n in range(3, 6):
            for start in range(max(0, k - n + 1), min(len(run) - n, k + length - 1) + 1):
                inside = start >= k and start + n <= k + length
                if not inside and counts[run[start:start + n]] > n_freq:
                    return True
        return False

    best: dict[tuple[int, int], tuple[tuple[int, int], tuple[int, int], str, int]] = {}
    for long_term in list(where):
        n_long = counts[long_term]
        if len(long_term) < MIN_TERM + 1:
            continue
        for k in range(1, len(long_term) - 1):
            c = long_term[k]
            if c in FUNCTION_CHARS or c in MODIFIER_CHARS or c in (long_term[k - 1], long_term[k + 1]):
                continue
            short = long_term[:k] + long_term[k + 1:]
            n_short = counts.get(short, 0)
            if not n_short:
                continue
            frequent, rare = (long_term, short) if n_long > n_short else (short, long_term)
            n_freq, n_rare = max(n_long, n_short), min(n_long, n_short)
            if n_freq < MIN_FREQUENT or n_freq < 3 * n_rare or not closed(frequent):
                continue
            if rare is long_term and max(counts[long_term[k - 1:k + 1]], counts[long_term[k:k + 2]]) >= n_freq:
                continue
            for run, at, pos in where[rare]:
                if straddles(run, at, len(rare), n_freq):
                    continue
                # Key: where the spellings differ in the source (the inserted character, or the one after the gap).
                key = (pos[0], pos[1] + k)
                rank = (n_freq, len(frequent))
                if key in best and best[key][0] >= rank:
                    continue
                msg = (f"“{rare}” (at {_places([p for _, _, p in where[rare]])}) and “{frequent}” "
                       f"(at {_places([p for _, _, p in where[frequent]])}) "
                       f"in the same document: one term spelled two ways (expected one spelling; which one is right "
                       f"is for a witness or the editor to settle, not for the count of each)")
                best[key] = (rank, pos, msg, len(rare))
    return sorted((pos, msg, length) for _, pos, msg, length in best.values())
