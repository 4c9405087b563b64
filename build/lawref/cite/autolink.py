"""Link citations of the site's documents in other Markdown documents to their permanent addresses.

Two faces of one finder (``resolve.scan_citations`` + ``resolve.resolve_citation``):

- ``autolink_plugin``: a markdown-it-py plugin (core rule) that turns citations in text tokens into link tokens
  when a document is rendered with markdown-it-py;
- ``link_markdown``: source-level splicing for ``lawref link FILE.md``. The document is parsed (never re-rendered);
  each inline token's line map locates its text in the source, and only ``[citation](url)`` wrappers are inserted,
  so the output is byte-identical outside the inserted links.

Bare 第X条 with no title in reach, code spans, existing links, images and raw HTML are left alone; relative
references (本条, 本款, 前款, 前两款, a bare 第二款, 本章 …) mean the unit where the text stands, which a Markdown
file outside the site does not have: they are reported as notes (``citation-relative``), not linked. Citations of
documents not on the site (《中国共产党纪律处分条例》第X条) are reported as notes with their line and column, and
linked only when the metadata maps that title to an outside URL. What could not be resolved (or is ambiguous)
is reported with its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..diagnostics import Diagnostic
from ..source.ids import article_of
from .grammar import Catalog
from .permalinks import Permalink
from .resolve import PermalinkIndex, ScanContext, relative_citation, resolve_citation, scan_citations

_A_OPEN = re.compile(r"^<a[\s>]", re.I)
_A_CLOSE = re.compile(r"^</a\s*>", re.I)


@dataclass(frozen=True, slots=True)
class Link:
    """A citation found in the source: ``source[start:end]`` becomes ``[text](url)``."""

    start: int
    end: int
    line: int
    col: int
    text: str
    eid: str
    url: str


def new_parser() -> MarkdownIt:
    """The Markdown dialect read by the linker: CommonMark plus tables and strikethrough."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _target(entry: Permalink, base: str) -> str:
    return base + entry.url


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def find_links(source: str, index: PermalinkIndex, base: str = "", file: str = "<doc>",
               md: MarkdownIt | None = None) -> tuple[list[Link], tuple[Diagnostic, ...]]:
    """Citations in a Markdown ``source``, located in it, and diagnostics for the rest.

    Invariant: for each link, ``source[link.start:link.end] == link.text``; links do not overlap.

    >>> # find_links("依照《检查工作条例》第五条。", idx)[0][0].text == "《检查工作条例》第五条"
    """
    md = md or new_parser()
    tokens = md.parse(source)
    starts = _line_starts(source)
    ctx = ScanContext(index.catalog)
    links: list[Link] = []
    diags: list[Diagnostic] = []

    def where(offset: int) -> tuple[int, int]:
        import bisect
        ln = bisect.bisect_right(starts, offset) - 1
        return ln + 1, offset - starts[ln] + 1

    for tok in tokens:
        if tok.type != "inline" or not tok.children:
            continue
        if tok.map is None:
            block_start, block_end = 0, len(source)
        else:
            block_start = starts[tok.map[0]] if tok.map[0] < len(starts) else len(source)
            block_end = starts[tok.map[1]] if tok.map[1] < len(starts) else len(source)
        cursor = block_start
        in_link = 0
        ctx.carry = None  # a title never reaches into the next block
        for child in tok.children:
            if child.type == "link_open":
                in_link += 1
                continue
            if child.type == "link_close":
                in_link -= 1
                continue
            if child.type == "html_inline":
                if _A_OPEN.match(child.content):
                    in_link += 1
                elif _A_CLOSE.match(child.content):
                    in_link -= 1
            if child.type not in ("text", "code_inline", "html_inline"):
                continue
            content = child.content
            offsets = _locate(source, content, cursor, block_end)
            pos = offsets[0] if offsets else -1
            if offsets:
                cursor = offsets[-1]
            if child.type != "text":
                continue
            found = scan_citations(content, ctx)  # always scanned: titles named in link text set the context
            if in_link or not found:
                continue
            for f in found:
                if pos < 0:
                    line = tok.map[0] + 1 if tok.map else 1
                    diags.append(Diagnostic(file, line, 1, "warning", "citation-unlocated",
                                            f"{f.text}: found in text the linker cannot locate in the source "
                                            f"(escapes or entities nearby); not linked (expected plain text)"))
                    continue
                assert offsets is not None  # pos >= 0
                start, end = offsets[f.start], offsets[f.end - 1] + 1
                if source[start:end] != f.text:  # an escape or entity inside the citation itself
                    line, col = where(start)
                    diags.append(Diagnostic(file, line, col, "warning", "citation-unlocated",
                                            f"{f.text}: written with escapes or entities; not linked "
                                            f"(expected plain text)"))
                    continue
                line, col = where(start)
                src_line = source[starts[line - 1]:].split("\n", 1)[0]
                if f.status == "relative":
                    diags.append(Diagnostic(file, line, col, "note", "citation-relative",
                                            f"{f.text}: {f.message} Not linked (write the article, e.g. "
                                            f"第二十三条第二款, to link it).", src_line, len(f.text)))
                    continue
                assert f.citation is not None  # only relative findings have none
                if f.status == "outside":
                    url = index.catalog.outside_url(f.citation.title or "")
                    if url:
                        links.append(Link(start, end, line, col, f.text, "", url))
                        continue
                    diags.append(Diagnostic(file, line, col, "note", "citation-outside",
                                            f"{f.text}: {f.message} Not linked (map the title to a URL under "
                                            f"'outside:' in content/corpus.yml to link it).", src_line, len(f.text)))
                    continue
                if f.status != "ok":
                    titles = "、".join(f"《{d.title}》" for d in index.cited[:3])
                    diags.append(Diagnostic(file, line, col, "warning", "citation-ambiguous",
                                            f"{f.text}: {f.message} Not linked (expected a title such as {titles} "
                                            f"named before 本条例).", src_line, len(f.text)))
                    continue
                r = resolve_citation(f.citation, index)
                if r.status == "ok" and r.entry is not None:
                    links.append(Link(start, end, line, col, f.text, r.entry.eid, _target(r.entry, base)))
                    continue
                cands = "、".join(c.label for c in r.candidates)
                code = "citation-ambiguous" if r.status == "ambiguous" else "citation-not-found"
                diags.append(Diagnostic(file, line, col, "warning", code,
                                        f"{f.text}: {r.message}" + (f" 最接近的是：{cands}。" if cands else "")
                                        + " Not linked.", src_line, len(f.text)))
    return links, tuple(diags)


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _align(source: str, content: str, p: int, end: int) -> list[int] | None:
    """Source offset of each character of ``content`` read from ``source[p:]`` (backslash escapes and
    entities undone as markdown-it does), plus the offset just past it; None if it does not read there."""
    import html
    out: list[int] = []
    i = 0
    while i < len(content):
        if p >= end:
            return None
        c = source[p]
        if c == "\\" and p + 1 < end and source[p + 1] in _ESCAPABLE and source[p + 1] == content[i]:
            out.append(p + 1)
            p, i = p + 2, i + 1
            continue
        if c == "&":
            m = _ENTITY.match(source, p, end)
            if m:
                dec = html.unescape(m.group(0))
                if dec != m.group(0) and content.startswith(dec, i):
                    out.extend([p] * len(dec))
                    p, i = m.end(), i + len(dec)
                    continue
        if c != content[i]:
            return None
        out.append(p)
        p, i = p + 1, i + 1
    out.append(p)
    return out


def _locate(source: str, content: str, cursor: int, end: int) -> list[int] | None:
    """Offsets (see ``_align``) of the first reading of ``content`` in ``source[cursor:end]``."""
    if not content:
        return None
    pos = source.find(content, cursor, end)
    if pos >= 0:
        return list(range(pos, pos + len(content) + 1))
    for p in range(cursor, end):
        if source[p] in (content[0], "\\", "&"):
            got = _align(source, content, p, end)
            if got is not None:
                return got
    return None


def splice_links(source: str, links: list[Link]) -> str:
    """``source`` with each link's text wrapped as ``[text](url)``; every other character kept.

    >>> splice_links("见第五条。", [Link(1, 4, 1, 2, "第五条", "art_5", "x/art_5/")])
    '见[第五条](x/art_5/)。'
    """
    out: list[str] = []
    last = 0
    for ln in sorted(links, key=lambda x: x.start):
        out.append(source[last:ln.start])
        out.append(f"[{ln.text}]({ln.url})")
        last = ln.end
    out.append(source[last:])
    return "".join(out)


def link_markdown(source: str, permalinks: Sequence[Permalink], base: str = "", file: str = "<doc>",
                  catalog: Catalog | None = None) -> tuple[str, list[Link], tuple[Diagnostic, ...]]:
    """(linked source, links, diagnostics) for a Markdown document; ``catalog`` (titles and aliases from the
    metadata, ``grammar.catalog_of``) defaults to the full titles in ``permalinks``.

    Invariant: removing the inserted ``[``, ``](url)`` from the output gives back ``source`` exactly.

    >>> # link_markdown("《检查工作条例》第六十条", manifest)[2][0].code == "citation-not-found"
    """
    md = new_parser()
    links, diags = find_links(source, PermalinkIndex(permalinks, catalog), base, file, md)
    out = splice_links(source, links)
    if links and not _same_text(md, source, out, len(links)):
        # A text run was located at the wrong place (e.g. inside a link destination): keep only the links
        # that change nothing but the link structure, each checked on its own.
        good = [ln for ln in links if _same_text(md, source, splice_links(source, [ln]), 1)]
        dropped = [ln for ln in links if ln not in good]
        diags += tuple(Diagnostic(file, ln.line, ln.col, "warning", "citation-unlocated",
                                  f"{ln.text}: could not be linked without changing the document; not linked")
                       for ln in dropped)
        links = good
        out = splice_links(source, links)
    return out, links, diags


def _shape(md: MarkdownIt, src: str) -> tuple:
    tokens = md.parse(src)
    blocks = tuple(t.type for t in tokens)
    texts = tuple("".join(c.content for c in t.children or () if c.type in ("text", "code_inline"))
                  for t in tokens if t.type == "inline")
    links = sum(1 for t in tokens if t.type == "inline" for c in t.children or () if c.type == "link_open")
    return blocks, texts, links


def _same_text(md: MarkdownIt, before: str, after: str, added: int) -> bool:
    b, a = _shape(md, before), _shape(md, after)
    return a[0] == b[0] and a[1] == b[1] and a[2] == b[2] + added


def link_tokens(tokens: Sequence[Token], index: PermalinkIndex, href_of: Callable[[Permalink], str],
                home: str | None = None, unit: str | None = None) -> list[tuple[int, str, str]]:
    """Split the text tokens of markdown-it ``tokens`` (in place) into text + link tokens for each citation that
    resolves; returns ``(line, text, message)`` for each citation found and not linked.

    ``home`` is the slug of the document whose pages the text is on: a bare 第X条 there means it. ``unit`` is the
    id of the 条/款/项 the text is about (an annotation's target): relative references (本条第二款, 前款, a bare
    第二款 or 第（三）项) resolve against it; a citation of that very article (本条, its own number) would link
    the page to itself and is left as text.
    Text inside links, code and raw HTML is never linked.
    """
    unresolved: list[tuple[int, str, str]] = []
    ctx = ScanContext(index.catalog, home=home)
    for tok in tokens:
        if tok.type != "inline" or not tok.children:
            continue
        out: list[Token] = []
        in_link = 0
        ctx.carry = None
        for child in tok.children:
            if child.type == "link_open":
                in_link += 1
            elif child.type == "link_close":
                in_link -= 1
            elif child.type == "html_inline":
                in_link += 1 if _A_OPEN.match(child.content) else -1 if _A_CLOSE.match(child.content) else 0
            if child.type != "text":
                out.append(child)
                continue
            found = scan_citations(child.content, ctx)
            if in_link or not found:
                out.append(child)
                continue
            last = 0
            for f in found:
                r = None
                if f.status == "ok" and f.citation is not None:
                    r = resolve_citation(f.citation, index, home)
                elif f.status == "relative" and unit is not None and home is not None:
                    rel = relative_citation(f.text, unit)
                    r = resolve_citation(replace(rel, doc=home), index) if rel is not None else None
                if (r is not None and r.entry is not None and unit is not None and r.entry.doc == home
                        and r.entry.eid == article_of(unit)):
                    continue  # the article the text is about (本条, its own number): no link to itself
                if r is None or r.status != "ok" or r.entry is None:
                    unresolved.append(((tok.map[0] + 1) if tok.map else 0, f.text, r.message if r else f.message))
                    continue
                if f.start > last:
                    t = Token("text", "", 0)
                    t.content = child.content[last:f.start]
                    out.append(t)
                lo = Token("link_open", "a", 1)
                lo.attrs = {"href": href_of(r.entry), "class": "lawref-cite"}
                out.append(lo)
                t = Token("text", "", 0)
                t.content = f.text
                out.append(t)
                out.append(Token("link_close", "a", -1))
                last = f.end
            if last < len(child.content):
                t = Token("text", "", 0)
                t.content = child.content[last:]
                out.append(t)
        tok.children = out
    return unresolved


def autolink_plugin(md: MarkdownIt, permalinks: Sequence[Permalink], base: str = "", catalog: Catalog | None = None,
                    home: str | None = None, unit: str | None = None) -> None:
    """markdown-it-py plugin: ``md.use(autolink_plugin, permalinks=manifest, base="https://example.org/laws/")``.

    Adds a core rule after ``inline`` that splits text tokens into text + link tokens for each resolved citation
    (``link_tokens``; ``home`` and ``unit`` as there). Findings that were not linked are appended to
    ``env["lawref_unresolved"]`` as ``(line, text, message)``.
    """
    index = PermalinkIndex(permalinks, catalog)

    def rule(state) -> None:
        missed = link_tokens(state.tokens, index, lambda e: _target(e, base), home, unit)
        if missed:
            state.env.setdefault("lawref_unresolved", []).extend(missed)

    md.core.ruler.after("inline", "lawref_autolink", rule)
