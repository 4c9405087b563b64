"""Proofreading: every anomaly of the source the build can find, as diagnostics (severity ``note``).

These are findings about the text, listed by ``check`` and on the 校勘记 page;
they never fail the build.
"""

from __future__ import annotations

from .diagnostics import Diagnostic
from .model import Corpus
from .read import SourceText


def find_anomalies(corpus: Corpus, src: SourceText) -> tuple[Diagnostic, ...]:
    """All anomalies of ``corpus`` (parsed from ``src``), sorted by position.

    Invariant: pure; each finding names file:line:col and what was expected.
    """
    out: list[Diagnostic] = []
    for r in corpus.repairs:
        if r.kind == "join_break":
            out.append(Diagnostic(r.span.file, r.span.start_line, r.span.col, "note", "join-break",
                                  f"{r.detail} (expected the sentence to end before the break)",
                                  source_line=src.line(r.span.start_line)))
    return tuple(sorted(out, key=lambda d: (d.file, d.line, d.col, d.code)))
