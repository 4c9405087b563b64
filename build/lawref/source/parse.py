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
    Provenance,
    Repair,
    Section,
    Segment,
    SourceMeta,
    Span,
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
CONTINUATION_RE = re.compile(r"^[(（]上接第.+版[)）]$")
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

    @property
    def raw(self) -> str:
        return "".join(s.raw for s in self.segments)


def _segment(raw: str, line: int, col: int) -> Segment:
    return Segment(raw=raw, text=raw, line=line, col=col)


def tokenize_blocks(src: SourceText) -> tuple[tuple[Block, ...], tuple[Dropped, ...]]:
    """Split the source into blocks using markdown-it's tokens and line maps.

    Invariant: every non-space character of the source is in exactly one
    block segment or one ``Dropped`` record.
    """
    tokens = _md.parse(src.text)
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
            dropped.append(Dropped("markdown_syntax", tok.map[0] + 1, lead + 1, line.strip()))
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
                    drops.append(Dropped("markdown_syntax", n, 1, line[:prefix_len]))
                lead = len(body) - len(body.lstrip())
                body = body.strip()
                if body:
                    segs.append(_segment(body, n, prefix_len + lead + 1))
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
                drops.append(Dropped("markdown_syntax", first.line, first.col, mark))
                drops.append(Dropped("markdown_syntax", first.line, first.col + 2 + len(strong), mark))
                label_seg = _segment(strong, first.line, first.col + 2)
                rest_lead = len(after) - len(after.lstrip())
                rest = [label_seg]
                if after.strip():
                    rest.append(_segment(after.strip(), first.line, first.col + 4 + len(strong) + rest_lead))
                segs = rest + segs[1:]
            # Zero-width characters (read reports them) go to dropped layout; a bold label keeps them (it is
            # then no article label, an error).
            kept = 1 if strong and segs and segs[0].raw == strong else 0
            segs, invisible = segs[:kept] + _without_invisible(segs[kept:]), [
                Dropped("invisible", sg.line, sg.col + k, c) for sg in segs[kept:] for k, c in enumerate(sg.raw)
                if c in STRIPPED_CHARS]
            drops.extend(invisible)
            if not segs:
                dropped.extend(drops)
                pending_kind = None
                continue
            blocks.append(Block(pending_kind, start + 1, end, tuple(segs), tuple(drops), strong))  # type: ignore[arg-type]
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
                    out.append(_segment(sg.raw[start:k], sg.line, sg.col + start))
                start = k + 1
    return out


def _unsupported(src: SourceText, span: list[int], what: str) -> Block:
    """A block the parser does not read (code, HTML, quotes): kept whole so that parse reports it."""
    segs = []
    for n in range(span[0] + 1, span[1] + 1):
        line = src.line(n)
        if line.strip():
            lead = len(line) - len(line.lstrip())
            segs.append(_segment(line.strip(), n, lead + 1))
    return Block("unsupported", span[0] + 1, span[1], tuple(segs), (), what)


def _strip_block_prefix(line: str, kind: str, first: bool) -> tuple[str, int]:
    """Remove heading hashes or a list marker; return the rest and how many characters went."""
    if kind.startswith("h") and first:
        m = re.match(r"^ {0,3}#{1,6}[ \t]+", line)
        if m:
            body = re.sub(r"[ \t]+#+[ \t]*$", "", line[m.end():])
            return body, m.end()
    if kind == "item" and first:
        m = re.match(r"^ {0,3}[-*+][ \t]+", line) or re.match(r"^ {0,3}\d{1,9}[.)][ \t]+", line)
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
    """Mutable builder for a paragraph or an item while blocks are read."""

    segments: list[Segment]
    line: int
    col: int
    items: list[_Node] = field(default_factory=list)
    num: int = 0
    marker_restored: bool = False


@dataclass
class _Builder:
    """Collects the model of one document while its blocks are read, plus diagnostics."""

    file: str
    src: SourceText
    diags: list[Diagnostic] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    def diag(self, line: int, col: int, severity: str, code: str, msg: str, length: int = 1) -> None:
        self.diags.append(Diagnostic(self.file, line, col, severity, code, msg,  # type: ignore[arg-type]
                                     source_line=self.src.line(line), length=length))


def _check_digits(b: _Builder, block: Block) -> None:
    for s in block.segments:
        for i, c in enumerate(s.raw):
            if c in FULL_WIDTH_DIGITS:
                b.diag(s.line, s.col + i, "warning", "fullwidth-digit",
                       f"full-width digit {c} (expected the half-width digit {FULL_WIDTH_DIGITS[c]})")


def parse_corpus(src: SourceText, meta: CorpusMeta | None) -> tuple[Corpus | None, tuple[Diagnostic, ...]]:
    """Parse a whole source page into documents.

    With ``meta``, each ``#`` headline must match a document of the metadata;
    without it (``check`` on an arbitrary file) documents are inferred.
    Invariant: never raises; all findings are diagnostics.

    >>> from lawref.source.read import read_source
    >>> c, d = parse_corpus(read_source("x", "# T\\n\\n**第一条** 甲。\\n".encode())[0], None)
    >>> c.documents[0].articles()[0].paragraphs[0].text
    '甲。'
    """
    file = src.file
    blocks, dropped = tokenize_blocks(src)
    b = _Builder(file, src)
    for blk in blocks:
        _check_digits(b, blk)
        if blk.kind == "unsupported":
            seg0 = blk.segments[0] if blk.segments else Segment("", "", blk.line, 1)
            b.diag(blk.line, seg0.col, "error", "unsupported-block",
                   f"{blk.strong_label} at lines {blk.line}–{blk.end_line} is not part of a legal text "
                   "(expected paragraphs, '#' headings and '- ' list items)", length=len(seg0.raw) or 1)
    blocks = tuple(blk for blk in blocks if blk.kind != "unsupported")
    if not blocks:
        b.diag(1, 1, "error", "empty-source", "no text in the source (expected a document)")
        return None, tuple(b.diags)
    # Split into documents at level-1 headings.
    groups: list[tuple[Block | None, list[Block]]] = []
    for blk in blocks:
        if blk.kind == "h1":
            groups.append((blk, []))
        else:
            if not groups:
                groups.append((None, []))
            groups[-1][1].append(blk)
    docs: list[Document] = []
    extra_dropped: list[Dropped] = []
    metas = list(meta.documents) if meta else []
    used: set[str] = set()
    for gi, (head, body) in enumerate(groups):
        heading_text = normalise_width(head.raw)[0] if head else ""
        dmeta = None
        if meta:
            for m in metas:
                if normalise_width(m.heading)[0] == heading_text and m.slug not in used:
                    dmeta = m
                    break
            if dmeta is None:
                line = head.line if head else (body[0].line if body else 1)
                col = head.segments[0].col if head and head.segments else 1
                expected = "、".join(f"“{m.heading}”" for m in metas)
                what = f"unknown document heading “{heading_text}”" if head else "text before the first document heading"
                b.diag(line, col, "error", "unknown-heading", f"{what} (expected one of {expected})",
                       length=len(heading_text) or 1)
                continue
            used.add(dmeta.slug)
        else:
            is_reg = any(blk.strong_label and ARTICLE_RE.match(blk.strong_label.translate(_DIGITS_TO_HALF))
                         or ARTICLE_START_RE.match(blk.raw.translate(_DIGITS_TO_HALF)) for blk in body)
            slug = f"doc{gi + 1}"
            dmeta = DocumentMeta(slug=slug, kind="regulation" if is_reg else "news_article", title=heading_text or src.file,
                                 short_title="", heading=heading_text, issuer="", dates=(), published_in="")
        if dmeta.kind == "regulation":
            doc = _parse_regulation(b, dmeta, head, body, extra_dropped)
        else:
            doc = _parse_news(b, dmeta, head, body, extra_dropped)
        docs.append(doc)
    if meta:
        for m in metas:
            if m.slug not in used:
                b.diag(1, 1, "error", "missing-document",
                       f"document “{m.heading}” of the metadata is not in the source (expected a '# {m.heading}' heading)")
    cmeta = meta or CorpusMeta(sources=(SourceMeta(file, "", Provenance()),), documents=tuple(d.meta for d in docs))
    corpus = Corpus(meta=cmeta, documents=tuple(docs), repairs=tuple(b.repairs),
                    dropped=tuple(sorted(dropped + tuple(extra_dropped), key=lambda d: (d.line, d.col))))
    return corpus, tuple(b.diags)


def _leading_marker(b: _Builder, body: list[Block], extra_dropped: list[Dropped]) -> tuple[list[Block], str]:
    """Take the ``(上接第一版)`` continuation marker off the front of a document body."""
    if body and body[0].kind == "para" and CONTINUATION_RE.match(body[0].raw.strip()):
        s = body[0].segments[0]
        extra_dropped.append(Dropped("continuation_marker", s.line, s.col, s.raw))
        return body[1:], s.raw
    return body, ""


def _parse_regulation(b: _Builder, meta: DocumentMeta, head: Block | None, body: list[Block],
                      extra_dropped: list[Dropped]) -> Document:
    body, marker = _leading_marker(b, body, extra_dropped)
    # chapters: list of (num, label, title, span, heading segment, articles)
    chapters: list[dict] = []
    current_chapter: dict | None = None
    orphan: list[dict] = []  # articles before any chapter heading
    article: dict | None = None
    open_node: _Node | None = None
    last_num = (0, 0)
    seen: dict[tuple[int, int], int] = {}
    skipping = False
    """True after a rejected article label: its text is not attached to the article before it."""

    def finish_open(next_line: int) -> None:
        nonlocal open_node
        if open_node is not None and _ends_open("".join(s.raw for s in open_node.segments)):
            last = open_node.segments[-1]
            b.diag(last.line, last.col + len(last.raw) - 1, "warning", "unterminated",
                   "text ends mid-sentence and nothing continues it (expected 。；： or a continuation after the break)")
        open_node = None

    books: list[dict] = []
    current_book: dict | None = None
    current_part: dict | None = None
    current_section: dict | None = None
    divisions: list[dict] = []

    for blk in body:
        text = blk.raw.strip()
        if blk.kind in ("h2", "h3", "h4", "h5", "h6"):
            m = HEADING_RE.match(normalise_width(text)[0])
            seg0 = blk.segments[0] if blk.segments else Segment("", "", blk.line, 1)
            level = int(blk.kind[1])
            # A container heading is one level below the container it is in: 编 '## ', its 分编 '### ',
            # a 章 below its 分编 or 编 (or '## '), a 节 below its 章.
            holder = current_part or current_book
            levels = {"编": 2, "分编": current_book["level"] + 1 if current_book else 3,
                      "章": holder["level"] + 1 if holder else 2,
                      "节": current_chapter["level"] + 1 if current_chapter else 3}
            if not m or levels.get(m["kind"]) != level:
                names = {"编": "a 编 heading", "分编": "a 分编 heading", "章": "a chapter heading", "节": "a 节 heading"}
                if m:
                    want = levels.get(m["kind"], 2)
                    hint = f"; {names[m['kind']]} is level {want} ('{'#' * want} ') here, this one is level {level}"
                elif ARTICLE_RE.match(text.translate(_DIGITS_TO_HALF)) or ARTICLE_START_RE.match(text):
                    hint = "; an article is a paragraph starting with **第X条**, not a heading"
                else:
                    hint = ""
                b.diag(blk.line, seg0.col, "error", "unknown-heading",
                       f"unknown heading “{text}” (expected a chapter heading '{'#' * levels['章']} 第X章 标题'{hint})",
                       length=len(text) or 1)
                continue
            finish_open(blk.line)
            kind = m["kind"]
            try:
                num = _num(m["num"])
            except NumeralError as e:
                b.diag(blk.line, seg0.col, "error", "numeral", f"{e} (expected a number from 1 to 9999)")
                continue
            title = (m["title"] or "").strip()
            span = Span(b.file, blk.line, blk.end_line, seg0.col)
            label = f"第{_numeral(num)}{kind}"
            if kind in ("编", "分编", "节"):
                parent = {"编": None, "分编": current_book, "节": current_chapter}[kind]
                if kind != "编" and parent is None:
                    b.diag(blk.line, seg0.col, "error", "heading-outside",
                           f"{label} is outside any {'编' if kind == '分编' else '章'} "
                           f"(expected a '{'#' * (level - 1)} 第X{'编' if kind == '分编' else '章'}' heading before it)",
                           length=len(text))
                    continue
                siblings = [d for d in divisions if d["kind"] == kind and d["parent"] is parent]
                prev = siblings[-1]["num"] if siblings else 0
                if num != prev + 1:
                    sev = "error" if num <= prev else "warning"
                    b.diag(blk.line, seg0.col, sev, "heading-order",
                           f"{label} follows 第{_numeral(prev)}{kind} (expected 第{_numeral(prev + 1)}{kind})"
                           if prev else f"{label} is the first {kind} here (expected 第一{kind})", length=len(text))
                    if sev == "error":
                        continue
                if not title:
                    b.diag(blk.line, seg0.col, "warning", "chapter-title", f"{text} has no title (expected '{label} 标题')")
                if kind == "编":
                    eid = ids.book_eid(num)
                elif kind == "分编":
                    assert current_book is not None  # a 分编 without a 编 was reported above
                    eid = ids.part_eid(current_book["eid"], num)
                else:
                    assert current_chapter is not None  # a 节 without a 章 was reported above
                    eid = ids.division_section_eid(current_chapter["eid"], num)
                div: dict[str, Any] = {"kind": kind, "eid": eid, "num": num, "label": label, "title": title, "span": span, "level": level,
                       "segment": _display(blk.segments)[0], "parent": parent, "articles": [], "chapters": []}
                divisions.append(div)
                if kind == "编":
                    current_book, current_part, current_chapter, current_section = div, None, None, None
                    books.append(div)
                elif kind == "分编":
                    current_part, current_chapter, current_section = div, None, None
                else:
                    current_section = div
                article = None
                skipping = False
                continue
            # 章: numbered through the document, or (under 编) within each 编 or through them.
            in_book = [c for c in chapters if c["book"] is current_book]
            prev = in_book[-1]["num"] if in_book else 0
            ok = {prev + 1} | ({chapters[-1]["num"] + 1} if current_book is not None and not in_book and chapters else set())
            # The first chapter printed may follow chapters on a page not held (their facts are metadata).
            if (in_book or current_book is not None) and num not in ok:
                sev = "error" if num <= prev else "warning"
                b.diag(blk.line, seg0.col, sev, "chapter-order",
                       f"第{_numeral(num)}章 follows 第{_numeral(prev)}章 (expected 第{_numeral(prev + 1)}章)",
                       length=len(text))
                if sev == "error":
                    # A repeated chapter number would give two chapters one address; its articles stay
                    # in the chapter before it.
                    continue
            current_chapter = {"num": num, "label": label, "title": title,
                               "eid": ids.chapter_eid(num, current_book["eid"] if current_book else None),
                               "book": current_book, "span": span, "articles": [], "level": level,
                               "segment": _display(blk.segments)[0]}
            current_section = None
            for d in (current_book, current_part):
                if d is not None:
                    d["chapters"].append(current_chapter)
            if not current_chapter["title"]:
                b.diag(blk.line, seg0.col, "warning", "chapter-title", f"{text} has no title (expected '第X章 标题')")
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
            finish_open(blk.line)
            article, open_node, skipping = None, None, True
            if not lm:
                b.diag(blk.line, seg0.col, "error", "unknown-label",
                       f"bold label “{label}” is not an article number (expected 第X条)", length=len(label))
                continue
            try:
                num = _num(lm["num"])
                sub = parse_numeral(lm["sub"]) if lm["sub"] else 0
            except NumeralError as e:
                b.diag(blk.line, seg0.col, "error", "numeral", f"{e} (expected a number from 1 to 9999)")
                continue
            key = (num, sub)
            shown = f"第{_numeral(num)}条" + (f"之{_numeral(sub)}" if sub else "")
            if key in seen:
                b.diag(blk.line, seg0.col, "error", "article-repeated",
                       f"{shown} appears again (first at line {seen[key]}; expected 第{_numeral(last_num[0] + 1)}条)",
                       length=len(label or lm.group(0)))
                continue
            seen[key] = blk.line
            if key <= last_num:
                b.diag(blk.line, seg0.col, "error", "article-order",
                       f"{shown} follows 第{_numeral(last_num[0])}条 (expected 第{_numeral(last_num[0] + 1)}条)",
                       length=len(label or lm.group(0)))
                continue
            if sub == 0 and num != last_num[0] + 1 and last_num != (0, 0):
                first_missing, last_missing = last_num[0] + 1, num - 1
                rng = f"第{_numeral(first_missing)}条" + (f"–第{_numeral(last_missing)}条" if last_missing > first_missing else "")
                known = set(range(first_missing, last_missing + 1)) <= set(meta.known_lacunae)
                b.diag(blk.line, seg0.col, "note" if known else "warning", "article-gap",
                       f"{shown} follows 第{_numeral(last_num[0])}条: {rng} missing (expected 第{_numeral(last_num[0] + 1)}条)",
                       length=len(label or lm.group(0)))
            if sub and num != last_num[0]:
                b.diag(blk.line, seg0.col, "warning", "article-order",
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
                label_seg = Segment(printed, printed, s.line, s.col)
                rest = (Segment(s.raw[cut:], s.raw[cut:], s.line, s.col + cut),) + blk.segments[1:]
            article = {"num": num, "sub": sub, "label": shown, "line": blk.line, "col": seg0.col,
                       "end": blk.end_line, "paras": [], "label_segment": label_seg}
            (current_chapter["articles"] if current_chapter else orphan).append(article)
            for d in (current_book, current_part, current_section):
                if d is not None:
                    d["articles"].append(article)
            if rest:
                node = _Node(list(rest), rest[0].line, rest[0].col)
                article["paras"].append(node)
                open_node = node
            else:
                open_node = None
            continue
        if article is None:
            if skipping:
                continue
            seg0 = blk.segments[0] if blk.segments else Segment("", "", blk.line, 1)
            b.diag(blk.line, seg0.col, "error", "outside-article",
                   f"text outside any article: “{text[:20]}” (expected 第X条 before it)", length=min(len(text), 20) or 1)
            continue
        article["end"] = blk.end_line
        item_m = ITEM_RE.match(normalise_width(text)[0])
        if open_node is not None and _ends_open("".join(s.raw for s in open_node.segments)) and not (blk.kind == "item" and item_m):
            prev_last = open_node.segments[-1]
            open_node.segments.extend(blk.segments)
            b.repairs.append(Repair("join_break", Span(b.file, prev_last.line, blk.end_line, prev_last.col),
                                    "", f"line {prev_last.line} ends mid-sentence; joined with line {blk.line}"))
            continue
        if item_m:
            finish_open(blk.line)
            if not article["paras"]:
                node = _Node([], blk.line, blk.segments[0].col)
                article["paras"].append(node)
            para = article["paras"][-1]
            try:
                inum = parse_numeral(item_m["num"])
            except NumeralError as e:
                b.diag(blk.line, blk.segments[0].col, "error", "numeral", f"{e} (expected a Chinese numeral)")
                continue
            item = _Node(list(blk.segments), blk.line, blk.segments[0].col, num=inum, marker_restored=(blk.kind == "para"))
            expected_item = (para.items[-1].num + 1) if para.items else 1
            if inum != expected_item:
                # Backwards or repeated numbers would give two items one address: an error.
                b.diag(blk.line, blk.segments[0].col, "warning" if inum > expected_item else "error", "item-order",
                       f"item （{item_m['num']}） follows {'（' + _numeral(para.items[-1].num) + '）' if para.items else 'the lead-in'} "
                       f"(expected （{_numeral(expected_item)}）)", length=len(item_m.group(0)))
                if inum < expected_item:
                    open_node = None
                    continue
            if blk.kind == "para":
                b.repairs.append(Repair("item_marker_restored", Span(b.file, blk.line, blk.end_line, blk.segments[0].col),
                                        "", f"line {blk.line} is item （{item_m['num']}） without its '- ' marker"))
            para.items.append(item)
            open_node = item
            continue
        if blk.kind == "item":
            b.diag(blk.line, blk.segments[0].col if blk.segments else 1, "warning", "item-label",
                   f"list item without a number: “{text[:20]}” (expected （一）, （二） …)", length=min(len(text), 20) or 1)
        finish_open(blk.line)
        node = _Node(list(blk.segments), blk.line, blk.segments[0].col if blk.segments else 1)
        article["paras"].append(node)
        open_node = node
    finish_open(0)
    return _assemble_regulation(b, meta, head, chapters, orphan, marker, divisions)


def _build_paragraphs(b: _Builder, art_eid: str, nodes: list[_Node]) -> tuple[Paragraph, ...]:
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
            last = isegs[-1]
            items.append(Item(ieid, it.num, label, body, isegs,
                              Span(b.file, it.line, last.line, it.col), it.marker_restored))
        end = max([s.line for s in segs] + [i.span.end_line for i in items] + [node.line])
        paras.append(Paragraph(peid, pi, text, segs, tuple(items), Span(b.file, node.line, end, node.col)))
    return tuple(paras)


def _assemble_regulation(b: _Builder, meta: DocumentMeta, head: Block | None, chapters: list[dict],
                         orphan: list[dict], marker: str, divisions: Sequence[dict] = ()) -> Document:
    facts = {(0, c.num): c for c in meta.chapters}
    # A document with no chapter at all (none printed, none in the metadata) has its articles directly
    # under it: one implicit chapter without id, label or pages.
    chapterless = not chapters and not facts
    present = {(a["num"], a["sub"]) for ch in chapters for a in ch["articles"]} | {(a["num"], a["sub"]) for a in orphan}
    total = meta.article_count or max([n for n, _ in present], default=0)
    if meta.article_count:
        beyond = sorted((a for ch in chapters for a in ch["articles"] if a["num"] > meta.article_count),
                        key=lambda a: (a["line"], a["col"]))
        beyond += sorted((a for a in orphan if a["num"] > meta.article_count), key=lambda a: (a["line"], a["col"]))
        for a in beyond[:1] if len(beyond) > 20 else beyond:
            more = f" and {len(beyond) - 1} more after it" if len(beyond) > 20 else ""
            b.diag(a["line"], a["col"], "warning", "article-count",
                   f"{a['label']}{more} is beyond the {meta.article_count} articles the metadata declares for "
                   f"“{meta.title}” (expected at most 第{_numeral(meta.article_count)}条; if the document is longer, "
                   f"correct article_count in corpus.yml)", length=len(a["label"]))
    # Chapters known only from metadata.
    # Keyed by (编 number or 0, chapter number): the document order.
    all_chapters: dict[tuple[int, int], dict] = {}
    for key, f in facts.items():
        all_chapters[key] = {"num": f.num, "label": f"第{_numeral(f.num)}章", "title": f.title, "span": None,
                             "articles": [], "segment": None, "source": "metadata", "eid": ids.chapter_eid(f.num)}
    for ch in chapters:
        if not ch["articles"]:
            # Every chapter of a regulation has articles: a bare heading is a cut or misplaced page.
            b.diag(ch["span"].start_line, ch["span"].col, "error", "empty-chapter",
                   f"{ch['label']} has no article after its heading (expected 第X条 before the next heading)",
                   length=len(ch["label"]))
        ch = dict(ch, source="source")
        key = (ch["book"]["num"] if ch.get("book") else 0, ch["num"])
        if key in all_chapters and all_chapters[key]["title"] != ch["title"]:
            b.diag(ch["span"].start_line, ch["span"].col, "warning", "chapter-title",
                   f"{ch['label']} is titled “{ch['title']}” here but “{all_chapters[key]['title']}” in the metadata (expected them equal)")
        all_chapters[key] = ch
    # Orphan articles get their chapter from the metadata's article ranges.
    homeless: list[dict] = []
    for a in orphan:
        target = next((k for k, f in facts.items() if f.first_article <= a["num"] <= f.last_article), None)
        if target is None:
            homeless.append(a)
            target = (0, 0)
            all_chapters.setdefault(target, _orphan_chapter(chapterless))
        all_chapters[target]["articles"].append(a)
    if homeless and not chapterless:
        # One finding for the run: a continuation page often starts inside a chapter.
        first, last = homeless[0], homeless[-1]
        which = first["label"] + (f"–{last['label']}" if last is not first else "")
        b.diag(first["line"], first["col"], "warning" if facts else "note", "no-chapter",
               f"{which} ({len(homeless)} article(s)) come before any chapter heading and the metadata gives them "
               "no chapter (expected a '## 第X章' heading before them, or their chapter in corpus.yml)",
               length=len(first["label"]))
    # Lacunae: every article number up to the total that the source lacks.
    # An unknown article's chapter: the metadata's, else that of the nearest article below it (printed
    # or itself a lacuna placed before it), else the first chapter. Sorted lists and a running maximum
    # keep this linear in the number of articles. Chapters are keyed (编 number or 0, chapter number).
    placed = sorted((a["num"], key) for key, ch in all_chapters.items() for a in ch["articles"])
    nums = sorted({m for m, _ in present})
    next_placed, below_max = 0, None

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
            reason = "本条印在第一版，来源只有接续版，未收此条"
        else:
            at = bisect.bisect_left(nums, n)
            prev_present = nums[at - 1] if at else 0
            next_present = nums[at] if at < len(nums) and nums[at] > n else (nums[at + 1] if at + 1 < len(nums) else 0)
            reason = (f"来源版面缺此条，正文从第{_numeral(prev_present)}条直接接第{_numeral(next_present)}条"
                      if prev_present and next_present else "来源版面缺此条")
        key = chapter_for_missing(n)
        all_chapters.setdefault(key, _orphan_chapter(chapterless))
        all_chapters[key]["articles"].append({"num": n, "sub": 0, "missing": True, "reason": reason})
        below_max = max(below_max or (n, key), (n, key))
    out_chapters = []
    for key in sorted(all_chapters):
        ch = all_chapters[key]
        ceid = ch["eid"]
        num = ch["num"]
        arts = []
        for a in sorted(ch["articles"], key=lambda a: (a["num"], a["sub"])):
            aeid = ids.article_eid(a["num"], a["sub"])
            label = f"第{_numeral(a['num'])}条" + (f"之{_numeral(a['sub'])}" if a["sub"] else "")
            if a.get("missing"):
                arts.append(Article(aeid, a["num"], a["sub"], label, (), None, ceid or None, True, a["reason"]))
                continue
            paras = _build_paragraphs(b, aeid, a["paras"])
            arts.append(Article(aeid, a["num"], a["sub"], label, paras,
                                Span(b.file, a["line"], max([a["end"]] + [p.span.end_line for p in paras]), a["col"]),
                                ceid or None, label_segment=_display((a["label_segment"],))[0][0]))
        out_chapters.append(Chapter(ceid, num, ch["label"], ch["title"], tuple(arts), ch["span"],
                                    ch["source"], heading_segments=ch["segment"] or ()))
    # Repairs name the node they touched.
    by_line = _nodes_by_line(out_chapters)
    b.repairs[:] = [_attach_repair(r, by_line) for r in b.repairs]
    return Document(slug=meta.slug, kind="regulation", title=meta.title, heading=meta.heading, meta=meta,
                    chapters=tuple(out_chapters), divisions=_divisions(divisions), span=Span(b.file, head.line, head.end_line) if head else None,
                    continued_from=marker, heading_segments=_display(head.segments)[0] if head else ())


def _orphan_chapter(chapterless: bool) -> dict:
    """The chapter of articles no heading or metadata places: ``chp_0``, or the implicit chapter
    (eid ``""``) of a document that has no chapters."""
    return {"num": 0, "label": "", "title": "", "span": None, "articles": [], "segment": None, "source": "metadata",
            "eid": "" if chapterless else ids.chapter_eid(0)}


def _divisions(divisions) -> tuple[Division, ...]:
    """The 编, 分编 and 节 of a regulation as model nodes, in document order, with their article ranges."""
    out = []
    kinds: dict[str, Literal["book", "part", "section"]] = {"编": "book", "分编": "part", "节": "section"}
    for d in divisions:
        arts = d["articles"]
        first = ids.article_eid(arts[0]["num"], arts[0]["sub"]) if arts else ""
        last = ids.article_eid(arts[-1]["num"], arts[-1]["sub"]) if arts else ""
        out.append(Division(d["eid"], kinds[d["kind"]], d["num"], d["label"], d["title"], d["span"],
                            first, last, d["parent"]["eid"] if d["parent"] else "",
                            tuple(c["eid"] for c in d["chapters"]), heading_segments=d["segment"] or ()))
    return tuple(out)


def _nodes_by_line(chapters) -> dict[int, list]:
    """Source line → the 款 and 项 printed on it, in document order (built once: repairs are many)."""
    out: dict[int, list] = {}
    for ch in chapters:
        for a in ch.articles:
            for p in a.paragraphs:
                for node in (p, *p.items):
                    lines = {s.line for s in node.segments}
                    if isinstance(node, Item):
                        lines.add(node.span.start_line)
                    for n in sorted(lines):
                        out.setdefault(n, []).append(node)
    return out


def _attach_repair(r: Repair, by_line: dict[int, list]) -> Repair:
    """The repair named by the node it touched: the first unit printed on its first line that also holds its last."""
    if r.eid:
        return r
    for node in by_line.get(r.span.start_line, ()):
        if any(s.line == r.span.end_line for s in node.segments):
            return replace(r, eid=node.eid)
    return r


def _parse_news(b: _Builder, meta: DocumentMeta, head: Block | None, body: list[Block],
                extra_dropped: list[Dropped]) -> Document:
    body, marker = _leading_marker(b, body, extra_dropped)
    dateline = ""
    if body and body[-1].kind == "para" and DATELINE_RE.match(body[-1].raw.strip()):
        s = body[-1].segments[0]
        extra_dropped.append(Dropped("dateline", s.line, s.col, s.raw))
        dateline = s.raw
        body = body[:-1]
    sections: list[dict] = []
    current: dict[str, Any] = {"num": 0, "heading": "", "segment": None, "line": body[0].line if body else 1, "paras": [],
               "untitled": True}
    open_node: _Node | None = None
    for blk in body:
        if blk.kind.startswith("h"):
            htext = normalise_width(blk.raw)[0]
            m = SECTION_NUM_RE.search(htext)
            try:
                num = parse_numeral(m["num"]) if m else (current["num"] + 1)
            except NumeralError as e:
                b.diag(blk.line, blk.segments[0].col if blk.segments else 1, "warning", "numeral",
                       f"{e} (expected a Chinese numeral in the section heading)")
                num = current["num"] + 1
            if current["paras"] or not current["untitled"]:
                sections.append(current)
            last = sections[-1]["num"] if sections else -1
            if num <= last:
                # Section ids come from these numbers: a repeat would give two units one address.
                b.diag(blk.line, blk.segments[0].col if blk.segments else 1, "error", "section-order",
                       f"section “{htext}” is numbered {num} after section {last} "
                       f"(expected a number above {last}, e.g. 之{_numeral(last + 1)})", length=len(htext) or 1)
                num = last + 1
            current = {"num": num, "heading": htext, "segment": _display(blk.segments)[0], "line": blk.line, "paras": [],
                       "untitled": False}
            open_node = None
            continue
        if open_node is not None and _ends_open("".join(s.raw for s in open_node.segments)):
            prev_last = open_node.segments[-1]
            open_node.segments.extend(blk.segments)
            b.repairs.append(Repair("join_break", Span(b.file, prev_last.line, blk.end_line, prev_last.col), "",
                                    f"line {prev_last.line} ends mid-sentence; joined with line {blk.line}"))
            continue
        node = _Node(list(blk.segments), blk.line, blk.segments[0].col if blk.segments else 1)
        current["paras"].append(node)
        open_node = node
    if current["paras"] or not current["untitled"] or not sections:
        sections.append(current)
    out = []
    for sec in sections:
        seid = ids.section_eid(sec["num"])
        paras = _build_paragraphs(b, seid, sec["paras"])
        end = max([p.span.end_line for p in paras] + [sec["line"]])
        out.append(Section(seid, sec["num"], sec["heading"], paras, Span(b.file, sec["line"], end),
                           heading_segments=sec["segment"] or ()))
    b.repairs[:] = [_attach_news_repair(r, out) for r in b.repairs]
    return Document(slug=meta.slug, kind="news_article", title=meta.title, heading=meta.heading, meta=meta,
                    sections=tuple(out), span=Span(b.file, head.line, head.end_line) if head else None,
                    continued_from=marker, dateline=dateline,
                    heading_segments=_display(head.segments)[0] if head else ())


def _attach_news_repair(r: Repair, sections) -> Repair:
    if r.eid:
        return r
    for s in sections:
        for p in s.paragraphs:
            if any(seg.line == r.span.start_line for seg in p.segments):
                return replace(r, eid=p.eid)
    return r
