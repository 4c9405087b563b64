"""A compact, readable outline of a parsed corpus: the expected form of parser tests and fixtures.

One line per node, indented by depth::

    doc doc1 regulation “标题”
      continued (上接第一版)
      chp_3 第三章 巡视对象和内容 [source]
        art_16 第十六条
          para_1 "中央巡视对象是："
            item_1 （一） "省……；"
              point_1 1． "……；"
        art_46 第四十六条 [missing]
    repair join_break 54-56 art_11__para_1__item_3
    diag 3:1 warning article-gap

Paragraph and item ids are shown by their last part (``para_1``, ``item_3``); texts are the display
texts (full-width punctuation in Chinese text); 目 are shown under their item. Items restored after a break end in ``[restored]``.
"""

from __future__ import annotations

import textwrap

from lawref.diagnostics import Diagnostic
from lawref.model import Corpus, CorpusMeta


def outline(corpus: Corpus | None, diags: tuple[Diagnostic, ...] = ()) -> str:
    lines: list[str] = []
    if corpus is not None:
        for doc in corpus.documents:
            lines.append(f"doc {doc.slug} {doc.kind} “{doc.heading}”")
            if doc.continued_from:
                lines.append(f"  continued {doc.continued_from}")
            if doc.dateline:
                lines.append(f"  dateline {doc.dateline}")
            for dv in doc.divisions:
                lines.append(f"  {dv.kind} {dv.eid} {dv.label} {dv.title} {dv.first_article}–{dv.last_article}".rstrip())
            for ch in doc.chapters:
                if not ch.eid:
                    lines.append("  (no chapters)")
                else:
                    lines.append("  " + " ".join(x for x in (ch.eid, ch.label, ch.title, f"[{ch.title_source}]") if x))
                for a in ch.articles:
                    if a.missing:
                        lines.append(f"    {a.eid} {a.label} [missing]")
                        continue
                    lines.append(f"    {a.eid} {a.label}")
                    for p in a.paragraphs:
                        lines.append(f'      {p.eid.split("__")[-1]} "{p.text}"')
                        for i in p.items:
                            lines.append(f'        {i.eid.split("__")[-1]} {i.label} "{i.text}"'
                                         + (" [restored]" if i.marker_restored else ""))
                            for t in i.points:
                                lines.append(f'          {t.eid.split("__")[-1]} {t.label} "{t.text}"')
            for s in doc.sections:
                lines.append(f"  {s.eid} “{s.heading}”")
                for p in s.paragraphs:
                    lines.append(f'    {p.eid.split("__")[-1]} "{p.text}"')
        for r in corpus.repairs:
            lines.append(f"repair {r.kind} {r.span.start_line}-{r.span.end_line} {r.eid}")
    for d in sorted(diags, key=lambda d: (d.line, d.col, d.code)):
        lines.append(f"diag {d.line}:{d.col} {d.severity} {d.code}")
    return "\n".join(lines)


def parse_text(src: str, meta: CorpusMeta | None = None):
    """read + parse ``src`` (a str) as file ``t.txt``; returns (corpus, diagnostics)."""
    from lawref.source.parse import parse_corpus
    from lawref.source.read import read_source
    text, rdiags = read_source("t.txt", src.encode("utf-8"))
    corpus, pdiags = parse_corpus(text, meta)
    return corpus, rdiags + pdiags


def assert_parses(src: str, expected: str, meta: CorpusMeta | None = None) -> None:
    """Parse the dedented ``src`` and compare its outline with the dedented ``expected``."""
    corpus, diags = parse_text(textwrap.dedent(src).lstrip("\n"), meta)
    got = outline(corpus, diags)
    want = textwrap.dedent(expected).strip("\n")
    assert got == want, f"\n--- got ---\n{got}\n--- expected ---\n{want}"


def read_fixtures(path) -> list[tuple[str, str, str, str]]:
    """markdown-it's dot-delimited fixture format: title, ``.``, [meta YAML, ``.``,] input, ``.``, expected, ``.``.

    A title ending in ``[meta]`` has the extra YAML part (the corpus metadata used for the parse).
    Returns (title, meta_yaml, input, expected) tuples.
    """
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        i += 1
        parts: list[str] = []
        want = 3 if title.endswith("[meta]") else 2
        assert lines[i] == ".", f"{path}:{i + 1}: expected '.' after the title {title!r}"
        i += 1
        while len(parts) < want:
            start = i
            while lines[i] != ".":
                i += 1
            parts.append("\n".join(lines[start:i]))
            i += 1
        meta = parts[0] if want == 3 else ""
        out.append((title, meta, parts[-2], parts[-1]))
    return out
