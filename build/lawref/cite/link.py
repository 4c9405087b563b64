"""Stage 3b, link: find the cross-references printed in the text and resolve them to element ids.

Recognised (on the display text of each 款 and 项 of a regulation): the document's self word (本条例 in a
条例, 本办法 in a 办法, 本法 in a 法: 本 + its title's type word, ``grammar.document_suffix``), 本编, 本章, 本节,
本条 (…款…项), 本款, 本项, 前款, 前两款 (→ the first of them), 前款第（X）项, 第X条 (之N) (第Y款) (第（Z）项), 第Y款 (第（Z）项), 第（Z）项, 第X章, 上述<名词> (the list
introduced by 下列<名词> earlier in the same article), and a list of chapter subjects applied by analogy
(``组织领导和机构职责、…、责任追究等，参照本条例`` → the chapters whose titles name them).

References inside 《…》 name another document and are left alone. A 第X条 right after a 《title》 belongs to that
title: a document of the catalog (``grammar.Catalog``, from the metadata) is resolved in that document (a link
across documents); an outside document is not linked and not an error. A reference that does not resolve is a
diagnostic at its source position, never silent plain text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..diagnostics import Diagnostic
from ..model import Article, Chapter, Document, Item, Paragraph, Point, document_index
from ..source.ids import article_eid
from ..source.numerals import NumeralError, parse_numeral, to_numeral
from ..source.subjects import ANALOGY_RE, match_subject, subject_key  # noqa: F401 (re-exported)
from .grammar import ATTACH_GAP, CN_NUM, Catalog, document_suffix


@dataclass(frozen=True, slots=True)
class TextRef:
    """A reference printed in a node's display text, resolved.

    ``start``/``end`` are offsets in ``node.text``; ``eid`` is ``""`` for the whole document.
    """

    start: int
    end: int
    text: str
    slug: str
    eid: str
    kind: str
    """``regulation``, ``chapter``, ``article``, ``paragraph``, ``item``, ``list-antecedent``, ``chapter-subject``."""


N = CN_NUM
_ATTACH = re.compile(ATTACH_GAP)
_COUNT = "两二三四五六七八九十"
"""前两款, 前三款: how many preceding 款."""


@lru_cache(maxsize=64)
def ref_pattern(suffix: str) -> re.Pattern:
    """The references a document's own text may print; ``suffix`` is its title's type word (``条例`` makes
    本条例 its self word, ``办法`` 本办法; none when its title has none).

    >>> bool(ref_pattern("办法").fullmatch("本办法")), bool(ref_pattern("办法").fullmatch("本条例"))
    (True, False)
    """
    this_doc = rf"(?P<this_reg>本{re.escape(suffix)})|" if suffix else ""
    return re.compile(
        this_doc
        + r"(?P<this_chapter>本章)"
        r"|(?P<this_section>本节)"
        r"|(?P<this_book>本编)"
        rf"|(?P<prev_item>前款第（(?P<pi>{N})）项)"
        r"|(?P<prev_para>前款)"
        rf"|(?P<prev_paras>前(?P<pn>[{_COUNT}])款)"
        rf"|(?P<abs>第(?P<a>{N})条(?:之(?P<asub>{N}))?(?:第(?P<ap>{N})款)?(?:第（(?P<ai>{N})）项)?)"
        rf"|(?P<this_art>本条(?!例)(?:第(?P<tp>{N})款)?(?:第（(?P<ti>{N})）项)?)"
        r"|(?P<this_para>本款)"
        r"|(?P<this_item>本项)"
        rf"|(?P<para>第(?P<p>{N})款(?:第（(?P<pi2>{N})）项)?)"
        rf"|(?P<item>第（(?P<i>{N})）项)"
        rf"|(?P<chapter>(?:第(?P<cb>{N})编)?第(?P<c>{N})章(?:第(?P<cs>{N})节)?)"
        rf"|(?P<book>第(?P<b>{N})编)"
        r"|(?P<above>上述(?P<noun>[\u4e00-\u9fff]{2}))"
    )


REF_RE = ref_pattern("条例")
"""The references of a 条例 (kept for callers that have no document at hand)."""


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》", text)]


def node_position(node: Paragraph | Item | Point, offset: int) -> tuple[int, int]:
    """(line, col) in the source of the character at ``offset`` in ``node.text``.

    Invariant: the segments' display texts end with ``node.text`` (an item's first segment starts with its label).
    """
    joined = "".join(s.text for s in node.segments)
    off = offset + (len(joined) - len(node.text) if joined.endswith(node.text) else 0)
    for seg in node.segments:
        if off < len(seg.text):
            return seg.line, seg.col + off
        off -= len(seg.text)
    last = node.segments[-1] if node.segments else None
    return (last.line, last.col + len(last.text)) if last else (1, 1)


def _num(s: str | None) -> int | None:
    if not s:
        return None
    try:
        return parse_numeral(s)
    except NumeralError:
        return None


def find_references(doc: Document, art: Article, para: Paragraph, node: Paragraph | Item | Point,
                    file: str = "", others: Mapping[str, Document] | None = None,
                    catalog: Catalog | None = None) -> tuple[tuple[TextRef, ...], tuple[Diagnostic, ...]]:
    """Every reference printed in ``node`` (a 款 or 项 of ``art``), resolved against ``doc`` (or, after a
    《title》 that ``catalog`` names, against that document of ``others``).

    Invariant: refs are sorted, non-overlapping, and each names an id that exists in ``doc``.

    >>> # find_references(reg, art_40, p2, p2) → (TextRef(…'上述条件'…eid='art_40__para_1'…),), ()
    """
    text = node.text
    ix = document_index(doc)
    arts = ix.article if ix.unique_eids else {a.eid: a for a in ix.articles}
    chapters = ix.chapter_by_num
    chapter_of = ix.chapter_of.get(id(art))
    if chapter_of is None:  # an article object not held by doc: compare by value, as `in` does
        chapter_of = next((c for c in doc.chapters if art in c.articles), None)
    quoted = _quoted_ranges(text)
    refs: list[TextRef] = []
    diags: list[Diagnostic] = []

    def fail(start: int, end: int, what: str) -> None:
        line, col = node_position(node, start)
        # A 款 continued in another source file: the file of the segment holding the reference.
        at = next((sg.file for sg in node.segments if sg.line == line and sg.col <= col <= sg.col + len(sg.raw)), "")
        diags.append(Diagnostic(file or at or (node.span.file if node.span else ""), line, col, "error",
                                "unresolved-reference",
                                f"{text[start:end]} in {node.eid}: {what}", length=end - start))

    def para_of(a: Article, n: int) -> Paragraph | None:
        return next((p for p in a.paragraphs if p.num == n), None)

    def item_of(p: Paragraph, n: int) -> Item | None:
        return next((i for i in p.items if i.num == n), None)

    target_doc = doc

    def add(m_start: int, m_end: int, eid: str, kind: str) -> None:
        refs.append(TextRef(m_start, m_end, text[m_start:m_end], target_doc.slug, eid, kind))

    def titled(s: int) -> str | None:
        """The 《title》 this 第X条 follows (only gaps of space or a bracketed year between), if any."""
        for qs, qe in quoted:
            if qe <= s and _ATTACH.match(text[qe:s]):
                return text[qs + 1:qe - 1]
        return None

    def resolve_in(a: Article, pn: int | None, inum: int | None, s: int, e: int) -> None:
        if pn is None and inum is None:
            add(s, e, a.eid, "article")
            return
        if a.missing:
            fail(s, e, f"{a.label} is missing from the source (expected a provision with text)")
            return
        p = para_of(a, pn) if pn is not None else para
        if p is None:
            fail(s, e, f"{a.label} has no paragraph {pn} (expected 1–{len(a.paragraphs)})")
            return
        if inum is None:
            add(s, e, p.eid, "paragraph")
            return
        it = item_of(p, inum)
        if it is None:
            fail(s, e, f"{p.eid} has no item {inum} (expected 1–{len(p.items)})")
            return
        add(s, e, it.eid, "item")

    for m in ref_pattern(document_suffix(doc.meta.title)).finditer(text):
        s, e = m.span()
        if any(qs <= s < qe for qs, qe in quoted):
            continue
        g = m.lastgroup
        if g == "this_reg":
            add(s, e, "", "regulation")
        elif g == "this_chapter":
            if chapter_of is None or not chapter_of.eid:
                fail(s, e, "the article is in no chapter (expected a chapter)")
            else:
                add(s, e, chapter_of.eid, "chapter")
        elif g in ("this_section", "this_book"):
            d = _division_of(doc, art, "section" if g == "this_section" else "book")
            if d is None:
                fail(s, e, f"the article is in no {'节' if g == 'this_section' else '编'} "
                     f"(expected a {'节' if g == 'this_section' else '编'} heading above it)")
            else:
                add(s, e, d.eid, "chapter")
        elif g == "this_para":
            add(s, e, para.eid, "paragraph")
        elif g == "this_item":
            if isinstance(node, Item):
                add(s, e, node.eid, "item")
            else:
                fail(s, e, "本项 outside an item (expected it in the text of a 项)")
        elif g == "prev_paras":
            k = _num(m.group("pn")) or 0
            if para.num - k < 1:
                fail(s, e, f"{m.group(0)} in paragraph {para.num} (expected at least {k} paragraphs before it)")
                continue
            resolve_in(art, para.num - k, None, s, e)  # → the first of them: where they begin
        elif g in ("prev_para", "prev_item"):
            if para.num <= 1:
                fail(s, e, "前款 in the first paragraph (expected a preceding paragraph)")
                continue
            resolve_in(art, para.num - 1, _num(m.group("pi")) if g == "prev_item" else None, s, e)
        elif g == "abs":
            n, sub = _num(m.group("a")), _num(m.group("asub")) or 0
            title = titled(s)
            named = catalog.find(title) if title is not None and catalog is not None else None
            if title is not None and (named is None or named.slug != doc.slug):
                other = (others or {}).get(named.slug) if named is not None else None
                if other is None:
                    continue  # a document not on the site (or without articles): recognised, not linked
                other_arts = {a.eid: a for a in other.articles()}
                target = other_arts.get(article_eid(n, sub)) if n is not None else None
                if target is None:
                    fail(s, e, f"no such article in {other.meta.title} "
                         f"(expected 第一条–第{to_numeral(len(other_arts))}条)")
                    continue
                target_doc = other
                try:
                    resolve_in(target, _num(m.group("ap")), _num(m.group("ai")), s, e)
                finally:
                    target_doc = doc
                continue
            target = arts.get(article_eid(n, sub)) if n is not None else None
            if target is None:
                fail(s, e, f"no such article in {doc.meta.title} (expected 第一条–第{to_numeral(len(arts))}条)")
                continue
            resolve_in(target, _num(m.group("ap")), _num(m.group("ai")), s, e)
        elif g == "this_art":
            resolve_in(art, _num(m.group("tp")), _num(m.group("ti")), s, e)
        elif g == "para":
            resolve_in(art, _num(m.group("p")), _num(m.group("pi2")), s, e)
        elif g == "item":
            resolve_in(art, para.num, _num(m.group("i")), s, e)
        elif g == "chapter":
            c = chapters.get(_num(m.group("c")) or -1)
            if m.group("cb") is not None:  # 第二编第一章: that 编's chapter
                c = next((x for x in doc.chapters if x.eid == f"book_{_num(m.group('cb'))}__chp_{_num(m.group('c'))}"), None)
            elif chapter_of is not None and "__chp_" in chapter_of.eid:  # under a 编: 第X章 of the same 编
                book = chapter_of.eid.split("__chp_")[0]
                c = next((x for x in doc.chapters if x.eid == f"{book}__chp_{_num(m.group('c'))}"), None)
            sec = f"{c.eid}__sec_{_num(m.group('cs'))}" if c is not None and m.group("cs") is not None else None
            if c is None:
                fail(s, e, f"no such chapter (expected 第一章–第{len(doc.chapters)}章)")
            elif sec is not None and not any(d.eid == sec for d in doc.divisions):
                fail(s, e, f"{c.label} has no such 节 (expected one of its 节 headings)")
            else:
                add(s, e, sec or c.eid, "chapter")
        elif g == "book":
            eid = f"book_{_num(m.group('b'))}"
            if any(d.eid == eid for d in doc.divisions):
                add(s, e, eid, "chapter")
            else:
                fail(s, e, f"no such 编 (expected 第一编–第{to_numeral(sum(d.kind == 'book' for d in doc.divisions))}编)")
        elif g == "above":
            noun = m.group("noun")
            antecedent = None
            for p in art.paragraphs:
                if p.num >= para.num and not (isinstance(node, (Item, Point)) and p is para):
                    break
                if f"下列{noun}" in p.text:
                    antecedent = p
            if antecedent is not None:
                add(s, e, antecedent.eid, "list-antecedent")
            elif any(f"下列{noun}" in p.text for p in art.paragraphs):
                fail(s, e, f"下列{noun} comes after 上述{noun} (expected the list before the reference)")
            # 上述 + a noun no list introduces is ordinary prose, not a reference.
    refs.extend(_analogy_refs(doc, node, chapters.values(), fail))
    refs.sort(key=lambda r: (r.start, -r.end))
    out: list[TextRef] = []
    for r in refs:
        if out and r.start < out[-1].end:
            if r.kind == "chapter-subject" or (r.end - r.start) > (out[-1].end - out[-1].start):
                out[-1] = r
            continue
        out.append(r)
    return tuple(out), tuple(diags)


def _division_of(doc: Document, art: Article, kind: str):
    """The 节 (``section``) or 编 (``book``) whose articles include ``art``, or None."""
    ix = document_index(doc)
    pos = {a.eid: i for i, a in enumerate(ix.articles)}
    here = pos.get(art.eid)
    for d in doc.divisions:
        if d.kind != kind or here is None or d.first_article not in pos:
            continue
        last = pos.get(d.last_article, pos[d.first_article])
        if pos[d.first_article] <= here <= last:
            return d
    return None


def _analogy_refs(doc: Document, node, chapters, fail) -> list[TextRef]:
    """The list of chapter subjects before ``等，参照本条例`` (第五十条), each → its chapter."""
    text = node.text
    out: list[TextRef] = []
    if "参照本条例" not in text:  # what ANALOGY_RE needs: most nodes stop here, before the map below
        return out
    for m in ANALOGY_RE.finditer(text):
        clause_start = m.start(1)
        clause = m.group(1)
        first_sep = clause.find("、")
        if first_sep < 0:
            continue
        de = clause.rfind("的", 0, first_sep)
        pos = clause_start + de + 1
        parts = clause[de + 1:].split("、")
        matched = [match_subject(p, chapters) for p in parts]
        if not any(matched):
            continue  # a list of something else, not of chapters
        for part, ch in zip(parts, matched):
            if ch is None:
                fail(pos, pos + len(part), "names no chapter of this regulation (expected a chapter subject: "
                     + "、".join(c.title for c in chapters) + ")")
            else:
                out.append(TextRef(pos, pos + len(part), part, doc.slug, ch.eid, "chapter-subject"))
            pos += len(part) + 1
    return out


def resolve_references(doc: Document, others: Mapping[str, Document] | None = None, catalog: Catalog | None = None
                       ) -> tuple[dict[str, tuple[TextRef, ...]], tuple[Diagnostic, ...]]:
    """All references of a regulation: node eid → its refs (only nodes that have some), and diagnostics.
    ``others`` (slug → document) and ``catalog`` let 《title》第X条 resolve into another document of the site.

    Invariant: deterministic; every ref's ``eid`` is an id of ``doc`` (or ``""`` for the document).
    """
    out: dict[str, tuple[TextRef, ...]] = {}
    diags: list[Diagnostic] = []
    if doc.kind != "regulation":
        return out, ()
    for art in doc.articles():
        for p in art.paragraphs:
            nodes: list[Paragraph | Item | Point] = [p]
            for i in p.items:
                nodes += (i, *i.points)
            for node in nodes:
                refs, d = find_references(doc, art, p, node, others=others, catalog=catalog)
                diags.extend(d)
                if refs:
                    out[node.eid] = refs
    return out, tuple(diags)


def chapter_of(doc: Document, eid: str) -> Chapter | None:
    """The chapter holding the unit ``eid`` (``art_23__para_1`` → 第四章)."""
    art = eid.split("__", 1)[0]
    return next((c for c in doc.chapters if any(a.eid == art for a in c.articles)), None)

