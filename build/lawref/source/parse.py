"""Stage 2, parse: source text → document model.

The only code that knows the 第…章 / 第…条 / （一） patterns and the page-break
repairs. Built on markdown-it-py's block tokens and their ``map`` line ranges;
the characters themselves are sliced from the source lines so that every
segment keeps its exact line and column.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from markdown_it import MarkdownIt

from ..diagnostics import Diagnostic
from ..model import (
    Article,
    Chapter,
    Corpus,
    CorpusMeta,
    Division,
    Document,
    DocumentMeta,
    Dropped,
    Item,
    Paragraph,
    Point,
    Provenance,
    Repair,
    Section,
    Segment,
    SourceMeta,
    Span,
    continued_page,
)
from . import ids
from .numerals import NUMERAL_CHARS, NumeralError, parse_numeral, to_numeral
from .punctuation import FULL_WIDTH_DIGITS, normalise_width
from .read import STRIPPED_CHARS, SourceText

_NUM = f"[{NUMERAL_CHARS}]+|[0-9]+"
ARTICLE_RE = re.compile(rf"^第(?P<num>{_NUM})条(?:之(?P<sub>[{NUMERAL_CHARS}]+))?$")
ARTICLE_START_RE = re.compile(rf"^第(?P<num>{_NUM})条(?:之(?P<sub>[{NUMERAL_CHARS}]+))?[ \u3000]+")
CHAPTER_RE = re.compile(rf"^第(?P<num>{_NUM})章(?:[ \u3000]+(?P<title>.+))?$")
HEADING_RE = re.compile(rf"^第(?P<num>{_NUM})(?P<kind>分编|编|章|节)(?:[ \u3000]+(?P<title>.+))?$")
"""A container heading: 编, 分编, 章 or 节 (the only kinds of heading inside a regulation)."""
ITEM_RE = re.compile(rf"^[(（](?P<num>[{NUMERAL_CHARS}]+)[)）]")
CONTINUATION_RE = re.compile(r"^[(（](?:上接|紧接)第.+版[)）]$")
"""The mark at the start of a continued text: ``（上接第一版）``, ``（紧接第四版）``."""
FORWARD_RE = re.compile(r"^[(（](?:下转|转)第.+版[)）]$")
"""The mark at the end of a text continued on another page: ``（下转第四版）``."""
POINT_RE = re.compile(r"^(?P<num>[0-9０-９]{1,4})[．.](?![0-9０-９])")
"""A 目's number: ``1．`` (a list item nested under its 项)."""
DATELINE_RE = re.compile(r"^[(（]本报.+电[)）]$")
SECTION_NUM_RE = re.compile(rf"之(?P<num>[{NUMERAL_CHARS}]+)")
# A block that ends on none of these was cut by a page or column break.
_DIGITS_TO_HALF = str.maketrans(FULL_WIDTH_DIGITS)
TERMINAL = set("。；;：:！!？?…—”’」』）)")

_md = MarkdownIt("commonmark")


@dataclass(frozen=True, slots=True)
class Block:
    """One markdown block: a heading, a paragraph or a list item, with its content position."""

    kind: Literal["h1", "h2", "h3", "h4", "h5", "h6", "para", "item", "unsupported"]
    line: int
    end_line: int
    segments: tuple[Segment, ...]
    """Content per source line, markdown syntax removed."""
    dropped: tuple[Dropped, ...]
    strong_label: str = ""
    """For ``**第六条** …``: the bold text at the start."""
    file: str = ""
    """The source file the block is in."""

    @property
    def raw(self) -> str:
        return "".join(s.raw for s in self.segments)


def _segment(raw: str, line: int, col: int, file: str = "") -> Segment:
    return Segment(raw=raw, text=raw, line=line, col=col, file=file)


def tokenize_blocks(src: SourceText) -> tuple[tuple[Block, ...], tuple[Dropped, ...]]:
    """Split the source into blocks using markdown-it's tokens and line maps.

    Invariant: every non-space character of the source is in exactly one
    block segment or one ``Dropped`` record.
    """
    tokens = _md.parse(src.text)
    file = src.file
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    in_item = False
    pending_kind: str | None = None
    quote_depth = 0
    for tok in tokens:
        if tok.type == "blockquote_open":
            if quote_depth == 0 and tok.map:
                blocks.append(_unsupported(src, tok.map, "a block quote ('> ')"))
            quote_depth += 1
            continue
        if tok.type == "blockquote_close":
            quote_depth -= 1
            continue
        if quote_depth:
            continue
        if tok.type in ("code_block", "fence", "html_block") and tok.map:
            what = {"code_block": "an indented code block", "fence": "a fenced code block",
                    "html_block": "an HTML block"}[tok.type]
            blocks.append(_unsupported(src, tok.map, what))
            continue
        if tok.type == "hr" and tok.map:
            # A rule is layout: named, not silently lost.
            line = src.line(tok.map[0] + 1)
            lead = len(line) - len(line.lstrip())
            dropped.append(Dropped("markdown_syntax", tok.map[0] + 1, lead + 1, line.strip(), file))
            continue
        if tok.type == "list_item_open":
            in_item = True
        elif tok.type == "list_item_close":
            in_item = False
        elif tok.type == "heading_open":
            pending_kind = tok.tag
        elif tok.type == "paragraph_open":
            pending_kind = "item" if in_item else "para"
        elif tok.type == "inline" and pending_kind and tok.map:
            start, end = tok.map
            segs: list[Segment] = []
            drops: list[Dropped] = []
            for n in range(start + 1, end + 1):
                line = src.line(n)
                body, prefix_len = _strip_block_prefix(line, pending_kind, first=(n == start + 1))
                if prefix_len:
                    drops.append(Dropped("markdown_syntax", n, 1, line[:prefix_len], file))
                lead = len(body) - len(body.lstrip())
                body = body.strip()
                if body:
                    segs.append(_segment(body, n, prefix_len + lead + 1, file))
            strong = ""
            children = tok.children or []
            if len(children) >= 3 and children[0].type == "text" and children[0].content == "" and children[1].type == "strong_open":
                strong = children[2].content if children[2].type == "text" else ""
            elif len(children) >= 2 and children[0].type == "strong_open":
                strong = children[1].content if children[1].type == "text" else ""
            if strong and segs and segs[0].raw.startswith(("**" + strong + "**", "__" + strong + "__")):
                first = segs[0]
                mark = first.raw[:2]
                after = first.raw[len(strong) + 4:]
                drops.append(Dropped("markdown_syntax", first.line, first.col, mark, file))
                drops.append(Dropped("markdown_syntax", first.line, first.col + 2 + len(strong), mark, file))
                label_seg = _segment(strong, first.line, first.col + 2, file)
                rest_lead = len(after) - len(after.lstrip())
                rest = [label_seg]
                if after.strip():
                    rest.append(_segment(after.strip(), first.line, first.col + 4 + len(strong) + rest_lead, file))
                segs = rest + segs[1:]
            # Zero-width characters (read reports them) go to dropped layout; a bold label keeps them (it is
            # then no article label, an error).
            kept = 1 if strong and segs and segs[0].raw == strong else 0
            segs, invisible = segs[:kept] + _without_invisible(segs[kept:]), [
                Dropped("invisible", sg.line, sg.col + k, c, file) for sg in segs[kept:] for k, c in enumerate(sg.raw)
                if c in STRIPPED_CHARS]
            drops.extend(invisible)
            if not segs:
                dropped.extend(drops)
                pending_kind = None
                continue
            # The block starts where its text does: a first line of only blanks (an ideographic space) has none.
            blocks.append(Block(pending_kind, segs[0].line, end, tuple(segs), tuple(drops), strong, file))  # type: ignore[arg-type]
            dropped.extend(drops)
            pending_kind = None
    return tuple(blocks), tuple(dropped)


def _without_invisible(segs: list[Segment]) -> list[Segment]:
    """``segs`` split around the zero-width characters of ``STRIPPED_CHARS`` (which they no longer hold).

    >>> [(s.raw, s.col) for s in _without_invisible([_segment("甲\u200b乙", 3, 5)])]
    [('甲', 5), ('乙', 7)]
    """
    out: list[Segment] = []
    for sg in segs:
        if not any(c in STRIPPED_CHARS for c in sg.raw):
            out.append(sg)
            continue
        start = 0
        for k, c in enumerate(sg.raw + "\u200b"):
            if c in STRIPPED_CHARS:
                if k > start and sg.raw[start:k].strip():
                    out.append(_segment(sg.raw[start:k], sg.line, sg.col + start, sg.file))
                start = k + 1
    return out


def _unsupported(src: SourceText, span: list[int], what: str) -> Block:
    """A block the parser does not read (code, HTML, quotes): kept whole so that parse reports it."""
    segs = []
    for n in range(span[0] + 1, span[1] + 1):
        line = src.line(n)
        if line.strip():
            lead = len(line) - len(line.lstrip())
            segs.append(_segment(line.strip(), n, lead + 1, src.file))
    return Block("unsupported", span[0] + 1, span[1], tuple(segs), (), what, src.file)


def _strip_block_prefix(line: str, kind: str, first: bool) -> tuple[str, int]:
    """Remove heading hashes or a list marker; return the rest and how many characters went."""
    if kind.startswith("h") and first:
        m = re.match(r"^ {0,3}#{1,6}[ \t]+", line)
        if m:
            body = re.sub(r"[ \t]+#+[ \t]*$", "", line[m.end():])
            return body, m.end()
    if kind == "item" and first:
        # Any indent: a 目's ``- 1．`` is nested under its 项.
        m = re.match(r"^[ \t]*[-*+][ \t]+", line) or re.match(r"^[ \t]*\d{1,9}[.)][ \t]+", line)
        if m:
            return line[m.end():], m.end()
    return line, 0


def _display(segs: tuple[Segment, ...]) -> tuple[tuple[Segment, ...], str, tuple[int, ...]]:
    """Normalise punctuation width across joined segments; return new segments, text, changed offsets."""
    raw = "".join(s.raw for s in segs)
    text, changed = normalise_width(raw)
    out = []
    offset = 0
    for s in segs:
        out.append(replace(s, text=text[offset:offset + len(s.raw)]))
        offset += len(s.raw)
    return tuple(out), text, changed


def _numeral(n: int) -> str:
    """``to_numeral`` for any integer (a message may name 第10000条 as the expected next one)."""
    return to_numeral(n) if 0 <= n <= 9999 else str(n)


def _num(text: str) -> int:
    """The number printed as Arabic digits or a Chinese numeral; NumeralError beyond 9999 (of any length).

    >>> _num("23"), _num("二十三")
    (23, 23)
    """
    if text.isdigit():
        if len(text.lstrip("0")) > 4:
            raise NumeralError(f"{text[:12]}{'…' if len(text) > 12 else ''} is larger than 9999")
        return int(text)
    return parse_numeral(text)


def _ends_open(text: str) -> bool:
    t = text.rstrip()
    return bool(t) and t[-1] not in TERMINAL


@dataclass
class _Node:
    """Mutable builder for a 款, a 项 or a 目 while blocks are read."""

    segments: list[Segment]
    file: str
    line: int
    col: int
    items: list[_Node] = field(default_factory=list)
    """A 款's 项, or a 项's 目."""
    num: int = 0
    marker_restored: bool = False


def _node(blk: Block, segments: Sequence[Segment] | None = None, **kw: Any) -> _Node:
    """A node of ``segments`` (default: the block's), placed where they start in ``blk``'s file."""
    segs = list(blk.segments if segments is None else segments)
    first = segs[0] if segs else None
    return _Node(segs, blk.file, first.line if first else blk.line, first.col if first else 1, **kw)


# Typed records of a regulation while its blocks are read. Frozen (their places never change); the lists
# they hold fill as the blocks are read. ``eq=False``: two drafts are the same only if they are one object.

@dataclass(frozen=True, slots=True, eq=False)
class _ArticleDraft:
    """An article printed in the source: where its label is and its 款 so far."""

    num: int
    sub: int
    label: str
    """As displayed: ``第二十三条``."""
    file: str
    line: int
    col: int
    end_line: int
    """The last line of the block holding its label."""
    label_segment: Segment
    paras: list[_Node] = field(default_factory=list)


@dataclass(frozen=True, slots=True, eq=False)
class _Lacuna:
    """An article number the source lacks, with why."""

    num: int
    reason: str
    sub: int = 0


@dataclass(frozen=True, slots=True, eq=False)
class _DivisionDraft:
    """A 编, 分编 or 节 heading and what it holds."""

    kind: Literal["编", "分编", "节"]
    eid: str
    num: int
    label: str
    title: str
    span: Span
    level: int
    """Its heading level (2 for ``## ``)."""
    segments: tuple[Segment, ...]
    parent: _DivisionDraft | _ChapterDraft | None
    """The 编 of a 分编, the chapter of a 节; None for a 编."""
    articles: list[_ArticleDraft] = field(default_factory=list)
    chapters: list[_ChapterDraft] = field(default_factory=list)


@dataclass(frozen=True, slots=True, eq=False)
class _ChapterDraft:
    """A chapter: printed (``source``) or known from the metadata, or the holder of articles no heading places."""

    num: int
    label: str
    title: str
    eid: str
    span: Span | None
    source: Literal["source", "metadata"]
    level: int = 2
    book: _DivisionDraft | None = None
    segments: tuple[Segment, ...] = ()
    articles: list[_ArticleDraft | _Lacuna] = field(default_factory=list)


@dataclass(frozen=True, slots=True, eq=False)
class _SectionDraft:
    """A news section (or the untitled part before the first heading) while its paragraphs are read."""

    num: int
    heading: str
    segments: tuple[Segment, ...]
    file: str
    line: int
    untitled: bool
    paras: list[_Node] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Part:
    """What one source file prints of a document: its headline (None for a continuation printed without one)
    and its blocks."""

    file: str
    head: Block | None
    body: tuple[Block, ...]


@dataclass
class _Builder:
    """Collects the model of the documents while their blocks are read, plus diagnostics."""

    texts: dict[str, SourceText]
    """Every source file being parsed, by path (diagnostics show the offending line)."""
    diags: list[Diagnostic] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    def diag(self, file: str, line: int, col: int, severity: str, code: str, msg: str, length: int = 1) -> None:
        src = self.texts.get(file)
        self.diags.append(Diagnostic(file, line, col, severity, code, msg,  # type: ignore[arg-type]
                                     source_line=src.line(line) if src else "", length=length))


def _check_digits(b: _Builder, block: Block) -> None:
    for s in block.segments:
        for i, c in enumerate(s.raw):
            if c in FULL_WIDTH_DIGITS:
                b.diag(s.file, s.line, s.col + i, "warning", "fullwidth-digit",
                       f"full-width digit {c} (expected the half-width digit {FULL_WIDTH_DIGITS[c]})")


def parse_corpus(src: SourceText, meta: CorpusMeta | None) -> tuple[Corpus | None, tuple[Diagnostic, ...]]:
    """Parse a whole source page into documents (``parse_sources`` of one file).

    With ``meta``, each ``#`` headline must match a document of the metadata;
    without it (``check`` on an arbitrary file) documents are inferred.
    Invariant: never raises; all findings are diagnostics.

    >>> from lawref.source.read import read_source
    >>> c, d = parse_corpus(read_source("x", "# T\\n\\n**第一条** 甲。\\n".encode())[0], None)
    >>> c.documents[0].articles()[0].paragraphs[0].text
    '甲。'
    """
    return parse_sources((src,), meta)


def parse_sources(srcs: Sequence[SourceText], meta: CorpusMeta | None) -> tuple[Corpus | None, tuple[Diagnostic, ...]]:
    """Parse source files into documents. A document the metadata lists with several source files is read from
    each, in the order of its ``sources``, and its text joined at the continuation marks: a part ends with
    ``（下转第X版）``, the next starts with ``（上接第X版）`` (or ``（紧接第X版）``), under the headline repeated or
    without one. Every unit keeps the file, line and column of each of its segments.

    Invariant: never raises; all findings are diagnostics, each in the file it concerns.

    >>> from lawref.source.read import read_source
    >>> a = read_source("a", "# T\\n\\n**第一条** 甲\\n\\n(下转第四版)\\n".encode())[0]
    >>> b = read_source("b", "(上接第一版)\\n\\n乙。\\n".encode())[0]
    >>> from lawref.model import DocumentMeta, SourceMeta, Provenance
    >>> m = CorpusMeta((SourceMeta("a", "", Provenance()), SourceMeta("b", "", Provenance())),
    ...     (DocumentMeta("t", "regulation", "T", "", "T", "", (), "", sources=("a", "b")),))
    >>> c, d = parse_sources((a, b), m)
    >>> p = c.documents[0].articles()[0].paragraphs[0]
    >>> p.text, [(s.file, s.line) for s in p.segments], [r.kind for r in c.repairs], d
    ('甲乙。', [('a', 3), ('b', 3)], ['join_break'], ())
    """
    b = _Builder({s.file: s for s in srcs})
    dropped: list[Dropped] = []
    parts: dict[str, list[_Part]] = {}
    inferred: list[DocumentMeta] = []
    read_any = False
    for src in srcs:
        blocks, drops = tokenize_blocks(src)
        dropped.extend(drops)
        for blk in blocks:
            _check_digits(b, blk)
            if blk.kind == "unsupported":
                seg0 = blk.segments[0] if blk.segments else Segment("", "", blk.line, 1, blk.file)
                b.diag(blk.file, blk.line, seg0.col, "error", "unsupported-block",
                       f"{blk.strong_label} at lines {blk.line}–{blk.end_line} is not part of a legal text "
                       "(expected paragraphs, '#' headings and '- ' list items)", length=len(seg0.raw) or 1)
        blocks = tuple(blk for blk in blocks if blk.kind != "unsupported")
        if not blocks:
            b.diag(src.file, 1, 1, "error", "empty-source", "no text in the source (expected a document)")
            continue
        read_any = True
        # Split into documents at level-1 headings.
        groups: list[tuple[Block | None, list[Block]]] = []
        for blk in blocks:
            if blk.kind == "h1":
                groups.append((blk, []))
            else:
                if not groups:
                    groups.append((None, []))
                groups[-1][1].append(blk)
        # The documents the metadata places in this file (all of them for a file it does not list).
        listed = meta is not None and meta.source_meta(src.file) is not None
        metas = [m for m in meta.documents if not listed or src.file in meta.files_of(m)] if meta else []
        used: set[str] = set()
        for head, body in groups:
            heading_text = normalise_width(head.raw)[0] if head else ""
            dmeta = None
            if meta:
                dmeta = next((m for m in metas if normalise_width(m.heading)[0] == heading_text and m.slug not in used),
                             None)
                if dmeta is None and head is None and body and _is_mark(body[0], CONTINUATION_RE):
                    # A continuation printed without its headline: the one document continued in this file.
                    cont = [m for m in metas if src.file in meta.files_of(m)[1:] and m.slug not in used]
                    dmeta = cont[0] if len(cont) == 1 else None
                if dmeta is None:
                    line = head.line if head else (body[0].line if body else 1)
                    col = head.segments[0].col if head and head.segments else 1
                    expected = "、".join(f"“{m.heading}”" for m in metas)
                    what = (f"unknown document heading “{heading_text}”" if head
                            else "text before the first document heading")
                    b.diag(src.file, line, col, "error", "unknown-heading", f"{what} (expected one of {expected})",
                           length=len(heading_text) or 1)
                    continue
                used.add(dmeta.slug)
            else:
                is_reg = any(blk.strong_label and ARTICLE_RE.match(blk.strong_label.translate(_DIGITS_TO_HALF))
                             or ARTICLE_START_RE.match(blk.raw.translate(_DIGITS_TO_HALF)) for blk in body)
                dmeta = DocumentMeta(slug=f"doc{len(inferred) + 1}", kind="regulation" if is_reg else "news_article",
                                     title=heading_text or src.file, short_title="", heading=heading_text, issuer="",
                                     dates=(), published_in="")
                inferred.append(dmeta)
            parts.setdefault(dmeta.slug, []).append(_Part(src.file, head, tuple(body)))
        for m in metas:
            if m.slug not in used:
                b.diag(src.file, 1, 1, "error", "missing-document",
                       f"document “{m.heading}” of the metadata is not in the source (expected a '# {m.heading}' heading)")
    docs: list[Document] = []
    for dmeta in (meta.documents if meta else tuple(inferred)):
        got = parts.get(dmeta.slug)
        if not got:
            continue
        files = meta.files_of(dmeta) if meta else ()
        got.sort(key=lambda p: files.index(p.file) if p.file in files else 0)
        head, body, marker = _join_parts(b, dmeta, got, dropped)
        if dmeta.kind == "regulation":
            doc = _parse_regulation(b, dmeta, head, body, marker)
        else:
            doc = _parse_news(b, dmeta, head, body, marker, dropped)
        docs.append(doc)
    if not read_any:
        return None, tuple(b.diags)
    first = srcs[0].file if srcs else ""
    cmeta = meta or CorpusMeta(sources=tuple(SourceMeta(s.file, "", Provenance()) for s in srcs),
                               documents=tuple(d.meta for d in docs))
    order = {s.file: n for n, s in enumerate(srcs)}
    corpus = Corpus(meta=cmeta, documents=tuple(docs), repairs=tuple(b.repairs),
                    dropped=tuple(sorted(dropped, key=lambda d: (order.get(d.file or first, 0), d.line, d.col))))
    return corpus, tuple(b.diags)


def _is_mark(blk: Block, pattern: re.Pattern[str]) -> bool:
    return blk.kind == "para" and len(blk.segments) == 1 and bool(pattern.match(blk.raw.strip()))


def _join_parts(b: _Builder, meta: DocumentMeta, parts: list[_Part],
                dropped: list[Dropped]) -> tuple[Block | None, list[Block], str]:
    """One document's headline, blocks and leading continuation mark from its parts, in reading order.

    The marks are dropped layout (``continuation_marker``), so is a headline repeated over a continuation
    (``document_heading``). A part that ends ``（下转…）`` with no part after it, or a continuation that does
    not start with a mark, is reported.
    """
    head = parts[0].head
    body: list[Block] = []
    marker = ""
    for k, part in enumerate(parts):
        blocks = list(part.body)
        if k and part.head is not None:
            dropped.extend(Dropped("document_heading", s.line, s.col, s.raw, s.file) for s in part.head.segments)
        if blocks and _is_mark(blocks[0], CONTINUATION_RE):
            s = blocks[0].segments[0]
            dropped.append(Dropped("continuation_marker", s.line, s.col, s.raw, s.file))
            if k == 0:
                marker = s.raw
            blocks = blocks[1:]
        elif k:
            at = blocks[0] if blocks else part.head
            b.diag(part.file, at.line if at else 1, at.segments[0].col if at and at.segments else 1, "note",
                   "continuation", f"the continuation of “{meta.heading}” from {parts[k - 1].file} starts without a "
                   "mark (expected （上接第X版） before its text)")
        if blocks and _is_mark(blocks[-1], FORWARD_RE):
            s = blocks[-1].segments[0]
            dropped.append(Dropped("continuation_marker", s.line, s.col, s.raw, s.file))
            blocks = blocks[:-1]
            if k == len(parts) - 1:
                b.diag(part.file, s.line, s.col, "warning", "continuation",
                       f"“{meta.heading}” is continued elsewhere ({s.raw}) but no later source file of it is listed "
                       "(expected that page's file after this one in the document's sources in corpus.yml)",
                       length=len(s.raw))
        if k and not blocks:
            at = part.head
            b.diag(part.file, at.line if at else 1, 1, "warning", "continuation",
                   f"the continuation of “{meta.heading}” in {part.file} has no text (expected the text continued "
                   f"from {parts[k - 1].file})")
        body.extend(blocks)
    return head, body, marker


def _span(file: str, line: int, col: int, segments: Sequence[Segment], *ends: int) -> Span:
    """The lines of a unit in the file it starts in: from ``line`` to its last segment (or ``ends``) there."""
    end = max([line, *ends] + [s.line for s in segments if s.file == file])
    return Span(file, line, end, col)


def _parse_regulation(b: _Builder, meta: DocumentMeta, head: Block | None, body: list[Block],
                      marker: str) -> Document:
    chapters: list[_ChapterDraft] = []
    current_chapter: _ChapterDraft | None = None
    orphan: list[_ArticleDraft] = []  # articles before any chapter heading
    article: _ArticleDraft | None = None
    last_article: _ArticleDraft | None = None
    open_node: _Node | None = None
    last_num = (0, 0)
    seen: dict[tuple[int, int], tuple[str, int]] = {}
    skipping = False
    """True after a rejected article label: its text is not attached to the article before it."""

    def finish_open() -> None:
        nonlocal open_node
        if open_node is not None and _ends_open("".join(s.raw for s in open_node.segments)):
            last = open_node.segments[-1]
            b.diag(last.file, last.line, last.col + len(last.raw) - 1, "warning", "unterminated",
                   "text ends mid-sentence and nothing continues it (expected 。；： or a continuation after the break)")
        open_node = None

    def across(blk: Block) -> str:
        """What a numbering finding adds when the article before is in another file (a continuation)."""
        if last_article is None or last_article.file == blk.file:
            return ""
        return f"; {blk.file} continues {last_article.file}, which ends at {last_article.label}"

    current_book: _DivisionDraft | None = None
    current_part: _DivisionDraft | None = None
    current_section: _DivisionDraft | None = None
    divisions: list[_DivisionDraft] = []

    for blk in body:
        text = blk.raw.strip()
        if blk.kind in ("h2", "h3", "h4", "h5", "h6"):
            m = HEADING_RE.match(normalise_width(text)[0])
            seg0 = blk.segments[0] if blk.segments else Segment("", "", blk.line, 1, blk.file)
            level = int(blk.kind[1])
            # A container heading is one level below the container it is in: 编 '## ', its 分编 '### ',
            # a 章 below its 分编 or 编 (or '## '), a 节 below its 章.
            holder = current_part or current_book
            levels = {"编": 2, "分编": current_book.level + 1 if current_book else 3,
                      "章": holder.level + 1 if holder else 2,
                      "节": current_chapter.level + 1 if current_chapter else 3}
            if not m or levels.get(m["kind"]) != level:
                names = {"编": "a 编 heading", "分编": "a 分编 heading", "章": "a chapter heading", "节": "a 节 heading"}
                if m:
                    want = levels.get(m["kind"], 2)
                    hint = f"; {names[m['kind']]} is level {want} ('{'#' * want} ') here, this one is level {level}"
                elif ARTICLE_RE.match(text.translate(_DIGITS_TO_HALF)) or ARTICLE_START_RE.match(text):
                    hint = "; an article is a paragraph starting with **第X条**, not a heading"
                else:
                    hint = ""
                b.diag(blk.file, blk.line, seg0.col, "error", "unknown-heading",
                       f"unknown heading “{text}” (expected a chapter heading '{'#' * levels['章']} 第X章 标题'{hint})",
                       length=len(text) or 1)
                continue
            finish_open()
            kind = m["kind"]
            try:
                num = _num(m["num"])
            except NumeralError as e:
                b.diag(blk.file, blk.line, seg0.col, "error", "numeral", f"{e} (expected a number from 1 to 9999)")
                continue
            title = (m["title"] or "").strip()
            span = Span(blk.file, blk.line, blk.end_line, seg0.col)
            label = f"第{_numeral(num)}{kind}"
            if kind in ("编", "分编", "节"):
                parent: _DivisionDraft | _ChapterDraft | None = {"编": None, "分编": current_book,
                                                                  "节": current_chapter}[kind]
                if kind != "编" and parent is None:
                    b.diag(blk.file, blk.line, seg0.col, "error", "heading-outside",
                           f"{label} is outside any {'编' if kind == '分编' else '章'} "
                           f"(expected a '{'#' * (level - 1)} 第X{'编' if kind == '分编' else '章'}' heading before it)",
                           length=len(text))
                    continue
                siblings = [d for d in divisions if d.kind == kind and d.parent is parent]
                prev = siblings[-1].num if siblings else 0
                if num != prev + 1:
                    sev = "error" if num <= prev else "warning"
                    b.diag(blk.file, blk.line, seg0.col, sev, "heading-order",
                           f"{label} follows 第{_numeral(prev)}{kind} (expected 第{_numeral(prev + 1)}{kind})"
                           if prev else f"{label} is the first {kind} here (expected 第一{kind})", length=len(text))
                    if sev == "error":
                        continue
                if not title:
                    b.diag(blk.file, blk.line, seg0.col, "warning", "chapter-title",
                           f"{text} has no title (expected '{label} 标题')")
                if kind == "编":
                    eid = ids.book_eid(num)
                elif kind == "分编":
                    assert current_book is not None  # a 分编 without a 编 was reported above
                    eid = ids.part_eid(current_book.eid, num)
                else:
                    assert current_chapter is not None  # a 节 without a 章 was reported above
                    eid = ids.division_section_eid(current_chapter.eid, num)
                dkind: Literal["编", "分编", "节"] = "编" if kind == "编" else "分编" if kind == "分编" else "节"
                div = _DivisionDraft(dkind, eid, num, label, title, span, level, _display(blk.segments)[0], parent)
                divisions.append(div)
                if kind == "编":
                    current_book, current_part, current_chapter, current_section = div, None, None, None
                elif kind == "分编":
                    current_part, current_chapter, current_section = div, None, None
                else:
                    current_section = div
                article = None
                skipping = False
                continue
            # 章: numbered through the document, or (under 编) within each 编 or through them.
            in_book = [c for c in chapters if c.book is current_book]
            prev = in_book[-1].num if in_book else 0
            ok = {prev + 1} | ({chapters[-1].num + 1} if current_book is not None and not in_book and chapters else set())
            # The first chapter printed may follow chapters on a page not held (their facts are metadata).
            if (in_book or current_book is not None) and num not in ok:
                sev = "error" if num <= prev else "warning"
                b.diag(blk.file, blk.line, seg0.col, sev, "chapter-order",
                       f"第{_numeral(num)}章 follows 第{_numeral(prev)}章 (expected 第{_numeral(prev + 1)}章)",
                       length=len(text))
                if sev == "error":
                    # A repeated chapter number would give two chapters one address; its articles stay
                    # in the chapter before it.
                    continue
            current_chapter = _ChapterDraft(num, label, title, ids.chapter_eid(num, current_book.eid if current_book else None),
                                            span, "source", level, current_book, _display(blk.segments)[0])
            current_section = None
            for d in (current_book, current_part):
                if d is not None:
                    d.chapters.append(current_chapter)
            if not title:
                b.diag(blk.file, blk.line, seg0.col, "warning", "chapter-title", f"{text} has no title (expected '第X章 标题')")
            chapters.append(current_chapter)
            article = None
            skipping = False
            continue
        label = blk.strong_label.translate(_DIGITS_TO_HALF)
        start_m = None
        if not label:
            start_m = ARTICLE_START_RE.match(text.translate(_DIGITS_TO_HALF))
        if (label and blk.kind == "para") or start_m:
            lm = ARTICLE_RE.match(label) if label else start_m
            seg0 = blk.segments[0]
            finish_open()
            article, open_node, skipping = None, None, True
            if not lm:
                b.diag(blk.file, blk.line, seg0.col, "error", "unknown-label",
                       f"bold label “{label}” is not an article number (expected 第X条)", length=len(label))
                continue
            try:
                num = _num(lm["num"])
                sub = parse_numeral(lm["sub"]) if lm["sub"] else 0
            except NumeralError as e:
                b.diag(blk.file, blk.line, seg0.col, "error", "numeral", f"{e} (expected a number from 1 to 9999)")
                continue
            if num == 0:
                b.diag(blk.file, blk.line, seg0.col, "error", "numeral",
                       "第零条 is not an article number (expected 第一条 or later)", length=len(label or lm.group(0)))
                continue
            key = (num, sub)
            shown = f"第{_numeral(num)}条" + (f"之{_numeral(sub)}" if sub else "")
            length = len(label or lm.group(0))
            if key in seen:
                first_file, first_line = seen[key]
                where = f"line {first_line}" if first_file == blk.file else f"{first_file}:{first_line}"
                b.diag(blk.file, blk.line, seg0.col, "error", "article-repeated",
                       f"{shown} appears again (first at {where}; expected 第{_numeral(last_num[0] + 1)}条{across(blk)})",
                       length=length)
                continue
            seen[key] = (blk.file, blk.line)
            if key <= last_num:
                b.diag(blk.file, blk.line, seg0.col, "error", "article-order",
                       f"{shown} follows 第{_numeral(last_num[0])}条 (expected 第{_numeral(last_num[0] + 1)}条{across(blk)})",
                       length=length)
                continue
            if sub == 0 and num != last_num[0] + 1 and last_num != (0, 0):
                first_missing, last_missing = last_num[0] + 1, num - 1
                rng = f"第{_numeral(first_missing)}条" + (f"–第{_numeral(last_missing)}条" if last_missing > first_missing else "")
                known = set(range(first_missing, last_missing + 1)) <= set(meta.known_lacunae)
                b.diag(blk.file, blk.line, seg0.col, "note" if known else "warning", "article-gap",
                       f"{shown} follows 第{_numeral(last_num[0])}条: {rng} missing "
                       f"(expected 第{_numeral(last_num[0] + 1)}条{across(blk)})", length=length)
            if sub and num != last_num[0]:
                b.diag(blk.file, blk.line, seg0.col, "warning", "article-order",
                       f"{shown} does not follow 第{_numeral(num)}条 (expected it right after that article)")
            last_num = key
            skipping = False
            if label:
                rest = blk.segments[1:]
                label_seg = blk.segments[0]
            else:
                assert start_m is not None
                cut = start_m.end()
                s = blk.segments[0]
                printed = s.raw[:len(lm.group(0).rstrip())]
                label_seg = Segment(printed, printed, s.line, s.col, s.file)
                rest = (Segment(s.raw[cut:], s.raw[cut:], s.line, s.col + cut, s.file),) + blk.segments[1:]
            article = _ArticleDraft(num, sub, shown, blk.file, blk.line, seg0.col, blk.end_line, label_seg)
            last_article = article
            (current_chapter.articles if current_chapter else orphan).append(article)
            for d in (current_book, current_part, current_section):
                if d is not None:
                    d.articles.append(article)
            if rest:
                node = _node(blk, rest)
                article.paras.append(node)
                open_node = node
            else:
                open_node = None
            continue
        if article is None:
            if skipping:
                continue
            seg0 = blk.segments[0] if blk.segments else Segment("", "", blk.line, 1, blk.file)
            b.diag(blk.file, blk.line, seg0.col, "error", "outside-article",
                   f"text outside any article: “{text[:20]}” (expected 第X条 before it)", length=min(len(text), 20) or 1)
            continue
        display = normalise_width(text)[0]
        item_m = ITEM_RE.match(display)
        point_m = POINT_RE.match(display) if blk.kind == "item" and not item_m else None
        if (open_node is not None and _ends_open("".join(s.raw for s in open_node.segments))
                and not (blk.kind == "item" and (item_m or point_m))):
            prev_last = open_node.segments[-1]
            open_node.segments.extend(blk.segments)
            b.repairs.append(_join_repair(prev_last, blk))
            continue
        col0 = blk.segments[0].col if blk.segments else 1
        if point_m:
            finish_open()
            para = article.paras[-1] if article.paras else None
            item = para.items[-1] if para is not None and para.items else None
            if item is None:
                b.diag(blk.file, blk.line, col0, "error", "point-outside",
                       f"目 “{point_m.group(0)}” is not under a 项 (expected an item （一）… before it, "
                       "with its 目 nested under it as '  - 1．…')", length=len(point_m.group(0)))
                continue
            pnum = int(point_m["num"].translate(_DIGITS_TO_HALF))
            expected_point = item.items[-1].num + 1 if item.items else 1
            if pnum != expected_point:
                # Backwards or repeated numbers would give two 目 one address: an error.
                after = f"{item.items[-1].num}．" if item.items else "its 项"
                b.diag(blk.file, blk.line, col0, "warning" if pnum > expected_point else "error", "point-order",
                       f"目 {point_m.group(0)} follows {after} (expected {expected_point}．)", length=len(point_m.group(0)))
                if pnum < expected_point:
                    open_node = None
                    continue
            point = _node(blk, num=pnum)
            item.items.append(point)
            open_node = point
            continue
        if item_m:
            finish_open()
            if not article.paras:
                article.paras.append(_Node([], blk.file, blk.line, col0))
            para = article.paras[-1]
            try:
                inum = parse_numeral(item_m["num"])
            except NumeralError as e:
                b.diag(blk.file, blk.line, col0, "error", "numeral", f"{e} (expected a Chinese numeral)")
                continue
            new_item = _node(blk, num=inum, marker_restored=(blk.kind == "para"))
            expected_item = (para.items[-1].num + 1) if para.items else 1
            if inum != expected_item:
                # Backwards or repeated numbers would give two items one address: an error.
                b.diag(blk.file, blk.line, col0, "warning" if inum > expected_item else "error", "item-order",
                       f"item （{item_m['num']}） follows {'（' + _numeral(para.items[-1].num) + '）' if para.items else 'the lead-in'} "
                       f"(expected （{_numeral(expected_item)}）)", length=len(item_m.group(0)))
                if inum < expected_item:
                    open_node = None
                    continue
            if blk.kind == "para":
                b.repairs.append(Repair("item_marker_restored", Span(blk.file, blk.line, blk.end_line, col0),
                                        "", f"line {blk.line} is item （{item_m['num']}） without its '- ' marker"))
            para.items.append(new_item)
            open_node = new_item
            continue
        if blk.kind == "item":
            b.diag(blk.file, blk.line, col0, "warning", "item-label",
                   f"list item without a number: “{text[:20]}” (expected （一）, （二） …)", length=min(len(text), 20) or 1)
        finish_open()
        node = _node(blk)
        article.paras.append(node)
        open_node = node
    finish_open()
    return _assemble_regulation(b, meta, head, chapters, orphan, marker, divisions)


def _join_repair(prev_last: Segment, blk: Block) -> Repair:
    """The record of a text cut by a break (of column, page or source file) and joined with ``blk``.

    Its span is the cut: from the last line before the break to the block that continues it, or, across
    files, the last line of the first file (the detail names the other).
    """
    if prev_last.file == blk.file:
        return Repair("join_break", Span(blk.file, prev_last.line, blk.end_line, prev_last.col), "",
                      f"line {prev_last.line} ends mid-sentence; joined with line {blk.line}")
    return Repair("join_break", Span(prev_last.file, prev_last.line, prev_last.line, prev_last.col), "",
                  f"line {prev_last.line} ends mid-sentence; joined with {blk.file} line {blk.line}",
                  to=Span(blk.file, blk.line, blk.end_line, blk.segments[0].col if blk.segments else 1))


def _build_paragraphs(art_eid: str, nodes: list[_Node]) -> tuple[Paragraph, ...]:
    paras = []
    for pi, node in enumerate(nodes, 1):
        peid = ids.paragraph_eid(art_eid, pi)
        segs, text, _ = _display(tuple(node.segments))
        items = []
        for it in node.items:
            ieid = ids.item_eid(peid, it.num)
            isegs, itext, _ = _display(tuple(it.segments))
            m = ITEM_RE.match(itext)
            label = f"（{m['num']}）" if m else ""
            body = itext[m.end():] if m else itext
            points = []
            for pt in it.items:
                psegs, ptext, _ = _display(tuple(pt.segments))
                pm = POINT_RE.match(ptext)
                plabel = ptext[:pm.end()] if pm else ""
                points.append(Point(ids.point_eid(ieid, pt.num), pt.num, plabel, ptext[len(plabel):], psegs,
                                    _span(pt.file, pt.line, pt.col, psegs)))
            items.append(Item(ieid, it.num, label, body, isegs,
                              _span(it.file, it.line, it.col, isegs, *(p.span.end_line for p in points if p.span.file == it.file)),
                              it.marker_restored, tuple(points)))
        ends = [i.span.end_line for i in items if i.span.file == node.file]
        paras.append(Paragraph(peid, pi, text, segs, tuple(items), _span(node.file, node.line, node.col, segs, *ends)))
    return tuple(paras)


def _assemble_regulation(b: _Builder, meta: DocumentMeta, head: Block | None, chapters: list[_ChapterDraft],
                         orphan: list[_ArticleDraft], marker: str, divisions: Sequence[_DivisionDraft] = ()) -> Document:
    facts = {(0, c.num): c for c in meta.chapters}
    # A document with no chapter at all (none printed, none in the metadata) has its articles directly
    # under it: one implicit chapter without id, label or pages.
    chapterless = not chapters and not facts
    printed = [a for ch in chapters for a in ch.articles if isinstance(a, _ArticleDraft)]
    present = {(a.num, a.sub) for a in printed} | {(a.num, a.sub) for a in orphan}
    total = meta.article_count or max([n for n, _ in present], default=0)
    if meta.article_count:
        beyond = sorted((a for a in printed if a.num > meta.article_count), key=lambda a: (a.line, a.col))
        beyond += sorted((a for a in orphan if a.num > meta.article_count), key=lambda a: (a.line, a.col))
        for a in beyond[:1] if len(beyond) > 20 else beyond:
            more = f" and {len(beyond) - 1} more after it" if len(beyond) > 20 else ""
            b.diag(a.file, a.line, a.col, "warning", "article-count",
                   f"{a.label}{more} is beyond the {meta.article_count} articles the metadata declares for "
                   f"“{meta.title}” (expected at most 第{_numeral(meta.article_count)}条; if the document is longer, "
                   f"correct article_count in corpus.yml)", length=len(a.label))
    # Chapters known only from metadata.
    # Keyed by (编 number or 0, chapter number): the document order.
    all_chapters: dict[tuple[int, int], _ChapterDraft] = {}
    for key, f in facts.items():
        all_chapters[key] = _ChapterDraft(f.num, f"第{_numeral(f.num)}章", f.title, ids.chapter_eid(f.num), None, "metadata")
    for ch in chapters:
        if not ch.articles:
            # Every chapter of a regulation has articles: a bare heading is a cut or misplaced page.
            assert ch.span is not None
            b.diag(ch.span.file, ch.span.start_line, ch.span.col, "error", "empty-chapter",
                   f"{ch.label} has no article after its heading (expected 第X条 before the next heading)",
                   length=len(ch.label))
        key = (ch.book.num if ch.book else 0, ch.num)
        if key in all_chapters and all_chapters[key].title != ch.title:
            assert ch.span is not None
            b.diag(ch.span.file, ch.span.start_line, ch.span.col, "warning", "chapter-title",
                   f"{ch.label} is titled “{ch.title}” here but “{all_chapters[key].title}” in the metadata (expected them equal)")
        all_chapters[key] = ch
    # Orphan articles get their chapter from the metadata's article ranges.
    homeless: list[_ArticleDraft] = []
    for a in orphan:
        target = next((k for k, f in facts.items() if f.first_article <= a.num <= f.last_article), None)
        if target is None:
            homeless.append(a)
            target = (0, 0)
            all_chapters.setdefault(target, _orphan_chapter(chapterless))
        all_chapters[target].articles.append(a)
    if homeless and not chapterless:
        # One finding for the run: a continuation page often starts inside a chapter.
        first, last = homeless[0], homeless[-1]
        which = first.label + (f"–{last.label}" if last is not first else "")
        b.diag(first.file, first.line, first.col, "warning" if facts else "note", "no-chapter",
               f"{which} ({len(homeless)} article(s)) come before any chapter heading and the metadata gives them "
               "no chapter (expected a '## 第X章' heading before them, or their chapter in corpus.yml)",
               length=len(first.label))
    # Lacunae: every article number up to the total that the source lacks.
    # An unknown article's chapter: the metadata's, else that of the nearest article below it (printed
    # or itself a lacuna placed before it), else the first chapter. Sorted lists and a running maximum
    # keep this linear in the number of articles. Chapters are keyed (编 number or 0, chapter number).
    placed = sorted((a.num, key) for key, ch in all_chapters.items() for a in ch.articles)
    nums = sorted({m for m, _ in present})
    next_placed = 0
    below_max: tuple[int, tuple[int, int]] | None = None

    def chapter_for_missing(n: int) -> tuple[int, int]:
        nonlocal next_placed, below_max
        f = next((k for k, f in facts.items() if f.first_article <= n <= f.last_article), None)
        if f is not None:
            return f
        while next_placed < len(placed) and placed[next_placed][0] < n:
            below_max = max(below_max or placed[next_placed], placed[next_placed])
            next_placed += 1
        if below_max is not None:
            return below_max[1]
        return min(all_chapters) if all_chapters else (0, 0)
    first_present = nums[0] if nums else 1
    page_one = range(1, first_present)
    # Articles before the first one printed are known lacunae only when the metadata counts the
    # articles or the page says it continues another; an arbitrary excerpt just starts there.
    start = 1 if (meta.article_count or marker) else first_present
    for n in range(start, total + 1):
        if (n, 0) in present:
            continue
        if n in page_one:
            reason = (f"本条印在{continued_page(marker)}，来源只有接续版，未收此条" if marker
                      else "本条在来源所收的条文之前，来源未收此条")
        else:
            at = bisect.bisect_left(nums, n)
            prev_present = nums[at - 1] if at else 0
            next_present = nums[at] if at < len(nums) and nums[at] > n else (nums[at + 1] if at + 1 < len(nums) else 0)
            reason = (f"来源版面缺此条，正文从第{_numeral(prev_present)}条直接接第{_numeral(next_present)}条"
                      if prev_present and next_present else "来源版面缺此条")
        key = chapter_for_missing(n)
        all_chapters.setdefault(key, _orphan_chapter(chapterless))
        all_chapters[key].articles.append(_Lacuna(n, reason))
        below_max = max(below_max or (n, key), (n, key))
    out_chapters = []
    for key in sorted(all_chapters):
        ch = all_chapters[key]
        ceid = ch.eid
        arts = []
        for art in sorted(ch.articles, key=lambda a: (a.num, a.sub)):
            aeid = ids.article_eid(art.num, art.sub)
            label = f"第{_numeral(art.num)}条" + (f"之{_numeral(art.sub)}" if art.sub else "")
            if isinstance(art, _Lacuna):
                arts.append(Article(aeid, art.num, art.sub, label, (), None, ceid or None, True, art.reason))
                continue
            paras = _build_paragraphs(aeid, art.paras)
            ends = [p.span.end_line for p in paras if p.span.file == art.file]
            arts.append(Article(aeid, art.num, art.sub, label, paras,
                                _span(art.file, art.line, art.col, (), art.end_line, *ends),
                                ceid or None, label_segment=_display((art.label_segment,))[0][0]))
        out_chapters.append(Chapter(ceid, ch.num, ch.label, ch.title, tuple(arts), ch.span,
                                    ch.source, heading_segments=ch.segments))
    # Repairs name the node they touched.
    by_line = _nodes_by_line(out_chapters)
    b.repairs[:] = [_attach_repair(r, by_line) for r in b.repairs]
    return Document(slug=meta.slug, kind="regulation", title=meta.title, heading=meta.heading, meta=meta,
                    chapters=tuple(out_chapters), divisions=_divisions(divisions),
                    span=Span(head.file, head.line, head.end_line) if head else None,
                    continued_from=marker, heading_segments=_display(head.segments)[0] if head else ())


def _orphan_chapter(chapterless: bool) -> _ChapterDraft:
    """The chapter of articles no heading or metadata places: ``chp_0``, or the implicit chapter
    (eid ``""``) of a document that has no chapters."""
    return _ChapterDraft(0, "", "", "" if chapterless else ids.chapter_eid(0), None, "metadata")


def _divisions(divisions: Sequence[_DivisionDraft]) -> tuple[Division, ...]:
    """The 编, 分编 and 节 of a regulation as model nodes, in document order, with their article ranges."""
    out = []
    kinds: dict[str, Literal["book", "part", "section"]] = {"编": "book", "分编": "part", "节": "section"}
    for d in divisions:
        arts = d.articles
        first = ids.article_eid(arts[0].num, arts[0].sub) if arts else ""
        last = ids.article_eid(arts[-1].num, arts[-1].sub) if arts else ""
        out.append(Division(d.eid, kinds[d.kind], d.num, d.label, d.title, d.span,
                            first, last, d.parent.eid if d.parent else "",
                            tuple(c.eid for c in d.chapters), heading_segments=d.segments))
    return tuple(out)


def _nodes_by_line(chapters: Sequence[Chapter]) -> dict[tuple[str, int], list[Paragraph | Item | Point]]:
    """(file, line) → the 款, 项 and 目 printed on it, in document order (built once: repairs are many)."""
    out: dict[tuple[str, int], list[Paragraph | Item | Point]] = {}
    for ch in chapters:
        for a in ch.articles:
            for p in a.paragraphs:
                nodes: list[Paragraph | Item | Point] = [p]
                for i in p.items:
                    nodes.append(i)
                    nodes.extend(i.points)
                for node in nodes:
                    lines = {(s.file, s.line) for s in node.segments}
                    if isinstance(node, Item):
                        lines.add((node.span.file, node.span.start_line))
                    for key in sorted(lines):
                        out.setdefault(key, []).append(node)
    return out


def _attach_repair(r: Repair, by_line: dict[tuple[str, int], list[Paragraph | Item | Point]]) -> Repair:
    """The repair named by the node it touched: the first unit printed on its first line that also holds its last."""
    if r.eid:
        return r
    for node in by_line.get((r.span.file, r.span.start_line), ()):
        if any(s.file == r.span.file and s.line == r.span.end_line for s in node.segments):
            return replace(r, eid=node.eid)
    return r


def _parse_news(b: _Builder, meta: DocumentMeta, head: Block | None, body: list[Block], marker: str,
                dropped: list[Dropped]) -> Document:
    dateline = ""
    if body and body[-1].kind == "para" and DATELINE_RE.match(body[-1].raw.strip()):
        s = body[-1].segments[0]
        dropped.append(Dropped("dateline", s.line, s.col, s.raw, s.file))
        dateline = s.raw
        body = body[:-1]
    sections: list[_SectionDraft] = []
    current = _SectionDraft(0, "", (), body[0].file if body else (head.file if head else ""),
                            body[0].line if body else 1, True)
    open_node: _Node | None = None
    for blk in body:
        if blk.kind.startswith("h"):
            htext = normalise_width(blk.raw)[0]
            m = SECTION_NUM_RE.search(htext)
            col0 = blk.segments[0].col if blk.segments else 1
            try:
                num = parse_numeral(m["num"]) if m else (current.num + 1)
            except NumeralError as e:
                b.diag(blk.file, blk.line, col0, "warning", "numeral",
                       f"{e} (expected a Chinese numeral in the section heading)")
                num = current.num + 1
            if current.paras or not current.untitled:
                sections.append(current)
            last = sections[-1].num if sections else -1
            if num <= last:
                # Section ids come from these numbers: a repeat would give two units one address.
                b.diag(blk.file, blk.line, col0, "error", "section-order",
                       f"section “{htext}” is numbered {num} after section {last} "
                       f"(expected a number above {last}, e.g. 之{_numeral(last + 1)})", length=len(htext) or 1)
                num = last + 1
            current = _SectionDraft(num, htext, _display(blk.segments)[0], blk.file, blk.line, False)
            open_node = None
            continue
        if open_node is not None and _ends_open("".join(s.raw for s in open_node.segments)):
            prev_last = open_node.segments[-1]
            open_node.segments.extend(blk.segments)
            b.repairs.append(_join_repair(prev_last, blk))
            continue
        node = _node(blk)
        current.paras.append(node)
        open_node = node
    if current.paras or not current.untitled or not sections:
        sections.append(current)
    out = []
    for sec in sections:
        seid = ids.section_eid(sec.num)
        paras = _build_paragraphs(seid, sec.paras)
        ends = [p.span.end_line for p in paras if p.span.file == sec.file]
        out.append(Section(seid, sec.num, sec.heading, paras, _span(sec.file, sec.line, 1, (), *ends),
                           heading_segments=sec.segments))
    b.repairs[:] = [_attach_news_repair(r, out) for r in b.repairs]
    return Document(slug=meta.slug, kind="news_article", title=meta.title, heading=meta.heading, meta=meta,
                    sections=tuple(out), span=Span(head.file, head.line, head.end_line) if head else None,
                    continued_from=marker, dateline=dateline,
                    heading_segments=_display(head.segments)[0] if head else ())


def _attach_news_repair(r: Repair, sections: Sequence[Section]) -> Repair:
    if r.eid:
        return r
    for s in sections:
        for p in s.paragraphs:
            if any(seg.file == r.span.file and seg.line == r.span.start_line for seg in p.segments):
                return replace(r, eid=p.eid)
    return r
