"""Citations as people type and write them, resolved to permanent addresses in any document of the site.

The grammar (pattern sources, numeral tables, the catalog of titles) is ``grammar.py``; the browser's
``site_templates/docs/assets/lawref-citation.js`` runs the same sources (from the generated
``assets/lawref-grammar.js``) and is checked against this module by a property test under node. Entry points:

- ``parse_citation(text, catalog)``: a whole string as one citation (第二十三条第一款第（三）项, 23.1.3,
  《short title》第X条, art_23__para_1 …);
- ``resolve(text, index, context)``: that citation looked up in ``permalinks.json``'s entries (``PermalinkIndex``),
  in the document it names, else in ``context`` (the document whose pages it was typed on), else in every
  document that has the unit (ambiguous with the choices when several do);
- ``scan_citations(text, ctx)``: citations inside running text (the autolinker, the linking widget).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..source.numerals import MAX_NUMBER, NumeralError, parse_numeral, to_numeral
from . import grammar
from .grammar import Catalog, catalog_of_permalinks
from .permalinks import Permalink

_HALF = str.maketrans(grammar.HALF_WIDTH)
EMPTY_CATALOG = Catalog(())


@dataclass(frozen=True, slots=True)
class _Compiled:
    full: re.Pattern
    dotted: re.Pattern
    eid: re.Pattern
    chapter: re.Pattern
    scan: re.Pattern


@lru_cache(maxsize=32)
def _compiled(catalog: Catalog) -> _Compiled:
    p = grammar.patterns(catalog)
    return _Compiled(re.compile(p["full"]), re.compile(p["dotted"]), re.compile(p["eid"]),
                     re.compile(p["chapter"]), re.compile(p["scan"]))


_TRAILING = re.compile(grammar.TRAILING)
_SPACE = re.compile(grammar.SPACE)
_TITLE_SUFFIX = re.compile(grammar.TITLE_SUFFIX)


@dataclass(frozen=True, slots=True)
class Citation:
    """A parsed citation: 《title》第{article}条之{sub}第{para}款第（{item}）项第{point}目, or of a container:
    《title》第{book}编第{part}分编第{chapter}章第{section}节 (then ``article`` is 0)."""

    article: int
    """The 条 (1–9999); 0 for a citation of a container (编, 分编, 章, 节)."""
    sub: int = 0
    """之N (第十条之一 → 1); 0 if none."""
    para: int | None = None
    item: int | None = None
    doc: str | None = None
    """The slug of the site's document the citation names; None when it names none (本条例, bare, or outside)."""
    title: str | None = None
    """The title as written when it names a document that is not on the site (an outside document)."""
    point: int | None = None
    """目 (under a 项): 第二十三条第一款第（三）项第1目 → 1."""
    book: int | None = None
    """编 of a container citation."""
    part: int | None = None
    """分编 (within its 编)."""
    chapter: int | None = None
    """章 (within its 编 when there is one)."""
    section: int | None = None
    """节 (within its 章)."""

    @property
    def outside(self) -> bool:
        """True when the citation names a document that is not on the site."""
        return self.doc is None and self.title is not None

    @property
    def container(self) -> bool:
        """True for a citation of a 编, 分编, 章 or 节 (not of a 条)."""
        return self.article == 0


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving a citation (the JS returns the same fields)."""

    status: str
    """``ok``, ``ambiguous``, ``not_found``, ``outside`` (a document not on the site) or ``not_citation``."""
    entry: Permalink | None
    candidates: tuple[Permalink, ...]
    message: str
    url: str = ""
    """For ``outside``: the address the metadata gives for that document, or ``""``."""


MAX_DIGITS = 100
"""Longer digit strings are no number of any citation (and ``int()`` refuses over 4300 digits)."""


def _int(text: str) -> int | None:
    return int(text) if len(text) <= MAX_DIGITS else None


def _cn(n: int) -> str:
    """The Chinese numeral of ``n``, or its digits beyond 9999 (no such unit exists; the message says so)."""
    return to_numeral(n) if 0 <= n <= 9999 else str(n)


def parse_number(text: str) -> int | None:
    """Arabic (23, ２３) or Chinese (二十三) number in 0–9999 (what the codec covers); None otherwise.

    >>> parse_number("二十三"), parse_number("２３"), parse_number("二三十"), parse_number("12345")
    (23, 23, None, None)
    """
    text = text.translate(_HALF)
    if text.isascii() and text.isdigit():
        v = _int(text)
        return v if v is not None and v <= MAX_NUMBER else None
    try:
        return parse_numeral(text)
    except NumeralError:
        return None


def _normalise(text: str) -> str:
    return _TRAILING.sub("", _SPACE.sub("", text.translate(_HALF)))


def _doc_of(named: str | None, bare: str | None, catalog: Catalog) -> tuple[str | None, str | None]:
    """(slug, outside title) of the title groups of a match."""
    if named is not None:
        d = catalog.find(named)
        return (d.slug, None) if d is not None else (None, named)
    if bare is not None:
        d = catalog.find(bare)
        return (d.slug if d is not None else None), None
    return None, None


def _build(art, sub, para, item, doc, point=None) -> Citation | None:
    if art is None or art < 1 or any(v is not None and v < 1 for v in (para, item, point)):
        return None
    if any(v is not None and v > MAX_NUMBER for v in (art, sub, para, item, point)):
        return None
    if point is not None and item is None:
        return None
    return Citation(art, sub or 0, para, item, doc[0], doc[1], point)


def _container(book, part, chapter, section, doc) -> Citation | None:
    """A container citation, if the levels make one: a 编 or a 章, a 分编 only in its 编, a 节 only in its 章."""
    if book is None and chapter is None:
        return None
    if (part is not None and book is None) or (section is not None and chapter is None):
        return None
    if any(v is not None and not 1 <= v <= MAX_NUMBER for v in (book, part, chapter, section)):
        return None
    return Citation(0, doc=doc[0], title=doc[1], book=book, part=part, chapter=chapter, section=section)


def _numbers(texts, parse) -> list[int | None] | None:
    """Each text parsed (None stays None); None when one does not parse."""
    vals = [None if x is None else parse(x) for x in texts]
    return None if any(x is not None and v is None for x, v in zip(texts, vals)) else vals


def parse_citation(text: str | None, catalog: Catalog = EMPTY_CATALOG) -> Citation | None:
    """Parse a whole string as one citation; None if it is none. Titles are looked up in ``catalog``.

    Invariant: the same answers as ``LawrefCitation.parse`` in the browser (property-tested).

    >>> parse_citation("第23条第1款第（3）项")
    Citation(article=23, sub=0, para=1, item=3, doc=None, title=None, point=None, book=None, part=None, chapter=None, section=None)
    >>> parse_citation("第一编第二章第三节").container
    True
    >>> parse_citation("《另一条例》第五条").outside
    True
    """
    if not text:
        return None
    s = _normalise(text)
    if not s:
        return None
    g = _compiled(catalog)
    m = g.chapter.match(s)
    if m:
        cn, eid = _numbers(m.groups()[3:7], parse_number), _numbers(m.groups()[7:13], _int)
        if cn is None or eid is None:
            return None
        book, part, chapter, section = (cn if any(v is not None for v in cn)
                                        else (eid[:4] if eid[0] is not None else [None, None, *eid[4:6]]))
        return _container(book, part, chapter, section, _doc_of(m.group(1), m.group(2), catalog))
    m = g.full.match(s)
    if m:
        vals = _numbers(m.groups()[3:8], parse_number)
        if vals is None:
            return None
        return _build(vals[0], vals[1], vals[2], vals[3], _doc_of(m.group(1), m.group(2), catalog), vals[4])
    m = g.dotted.match(s)
    if m:
        a, p, i = (None if x is None else _int(x) for x in m.groups()[3:6])
        if any(x is not None and v is None for x, v in zip(m.groups()[3:6], (a, p, i))):
            return None
        return _build(a, 0, p, i, _doc_of(m.group(1), m.group(2), catalog))
    m = g.eid.match(s)
    if m:
        vals = _numbers(m.groups(), _int)
        if vals is None:
            return None
        return _build(vals[0], vals[1], vals[2], vals[3], (None, None), vals[4])
    return None


def to_eid(c: Citation | None) -> str | None:
    """``art_23__para_1__item_3``; None for an item without its 款 (``resolve`` decides that case).
    A container's id as written (``book_1__chp_2__sec_3``; a 分编 is not part of a chapter's id).

    >>> to_eid(Citation(23, 0, 1, 3)), to_eid(Citation(0, book=3, part=2, chapter=9)), to_eid(Citation(0, book=3, part=2))
    ('art_23__para_1__item_3', 'book_3__chp_9', 'book_3__part_2')
    """
    if c is None:
        return None
    if c.container:
        if c.chapter is None:
            return f"book_{c.book}" + (f"__part_{c.part}" if c.part is not None else "")
        return ((f"book_{c.book}__" if c.book is not None else "") + f"chp_{c.chapter}"
                + (f"__sec_{c.section}" if c.section is not None else ""))
    eid = f"art_{c.article}" + (f"_{c.sub}" if c.sub else "")
    if c.para is not None:
        eid += f"__para_{c.para}"
        if c.item is not None:
            eid += f"__item_{c.item}"
            if c.point is not None:
                eid += f"__point_{c.point}"
    elif c.item is not None:
        return None
    return eid


def label_of(c: Citation) -> str:
    """第二十三条第一款第（三）项 (the form ``permalinks.json`` labels use); 第一编第二章 for a container.

    >>> label_of(Citation(5, 0, 1, 2, point=1)), label_of(Citation(0, book=1, chapter=2, section=3))
    ('第五条第一款第（二）项第1目', '第一编第二章第三节')
    """
    if c.container:
        return "".join(f"第{_cn(n)}{w}" for n, w in ((c.book, "编"), (c.part, "分编"), (c.chapter, "章"),
                                                     (c.section, "节")) if n is not None)
    s = f"第{_cn(c.article)}条" + (f"之{_cn(c.sub)}" if c.sub else "")
    if c.para is not None:
        s += f"第{_cn(c.para)}款"
    if c.item is not None:
        s += f"第（{_cn(c.item)}）项"
    if c.point is not None:
        s += f"第{c.point}目"  # 目 are numbered 1．2． in print, and cited so
    return s


def _last_num(eid: str) -> int:
    m = re.search(r"_([0-9]+)$", eid)
    return int(m.group(1)) if m else 0


def _art_num(eid: str) -> float:
    m = re.match(r"^art_([0-9]+)(?:_([0-9]+))?", eid)
    return int(m.group(1)) + (int(m.group(2)) / 100 if m.group(2) else 0) if m else 0


def _nearest(entries, target: float, key, n: int) -> tuple[Permalink, ...]:
    best = sorted(entries, key=lambda e: (abs(key(e) - target), key(e)))[:n]
    return tuple(sorted(best, key=key))


@dataclass(frozen=True, slots=True)
class DocIndex:
    """One document's permalinks, by id."""

    slug: str
    title: str
    by_id: Mapping[str, Permalink]
    articles: tuple[Permalink, ...]
    """Its articles (lacunae included), in document order."""

    def children(self, prefix: str, kind: str) -> list[Permalink]:
        out = [e for i, e in self.by_id.items()
               if e.kind == kind and i.startswith(prefix + "__") and "__" not in i[len(prefix) + 2:]]
        return sorted(out, key=lambda e: _last_num(e.eid))


class PermalinkIndex:
    """The permalinks of every document, by document and id, with the catalog of titles.

    ``catalog`` comes from the documents' metadata (``grammar.catalog_of``); without it, the full titles in
    the manifest's document entries are the only titles known.

    >>> # PermalinkIndex(manifest, catalog).docs["doc"].by_id["art_23"].url == "doc/art_23/"
    """

    def __init__(self, permalinks: Sequence[Permalink], catalog: Catalog | None = None):
        self.catalog = catalog if catalog is not None else catalog_of_permalinks(permalinks)
        grouped: dict[str, list[Permalink]] = {}
        for e in permalinks:
            grouped.setdefault(e.doc, []).append(e)
        self.docs: dict[str, DocIndex] = {}
        for slug, entries in grouped.items():
            meta = self.catalog.by_slug(slug)
            self.docs[slug] = DocIndex(slug, meta.title if meta else slug, {e.eid: e for e in entries},
                                       tuple(e for e in entries if e.kind == "article"))
        self.cited = [d for d in self.docs.values() if d.articles]
        """The documents with articles, in manifest order: those a bare 第X条 may mean."""

    def title(self, slug: str) -> str:
        d = self.docs.get(slug)
        return d.title if d else slug


def _citation_of(c: Citation) -> str:
    return f"第{to_numeral(c.article)}条" + (f"之{to_numeral(c.sub)}" if c.sub else "")


def _outside(title: str, catalog: Catalog) -> Resolution:
    url = catalog.outside_url(title)
    return Resolution("outside", None, (),
                      f"《{title}》不是本站收录的文件" + (f"；编者为它指定的地址是 {url}。" if url else "，无法链接。"),
                      url)


def _point_in(n: int, item: Permalink, d: DocIndex) -> Resolution:
    """第N目 of the 项 ``item``."""
    point = d.by_id.get(f"{item.eid}__point_{n}")
    if point is not None:
        return Resolution("ok", point, (), f"{point.label}。")
    points = d.children(item.eid, "point")
    return Resolution("not_found", None,
                      _nearest(points, n, lambda e: _last_num(e.eid), 3) if points else (item,),
                      item.label + (f"只有{_cn(len(points))}目，没有第{_cn(n)}目。" if points else "没有分目。"))


def resolve_citation(c: Citation | None, index: PermalinkIndex, context: str | None = None) -> Resolution:
    """Look a parsed citation up; never raises. Same statuses and messages as ``resolveParsed`` in JS.

    The document is the one the citation names, else ``context`` (the document whose pages it was typed on),
    else the only document with articles; with several, every document that has the unit is a choice
    (``ambiguous`` when more than one has it).

    >>> # resolve_citation(parse_citation("第六十条"), idx).status == "not_found"
    """
    if c is None:
        return Resolution("not_citation", None, (), "不是可识别的条款引用。")
    if c.outside:
        return _outside(c.title or "", index.catalog)
    if c.container:
        return _resolve_container(c, index, context)
    slug = c.doc or (context if context in index.docs else None)
    if slug is not None:
        d = index.docs.get(slug)
        if d is None or not d.articles:
            return Resolution("not_found", None, (), f"《{index.title(slug)}》没有条款可以引用。")
        return _resolve_in(c, d)
    if not index.cited:
        return Resolution("not_found", None, (), "本站没有分条的文件。")
    results = [_resolve_in(c, d) for d in index.cited]
    if len(results) == 1:
        return results[0]
    hits = [(d, r) for d, r in zip(index.cited, results) if r.status == "ok"]
    if len(hits) == 1:
        return hits[0][1]
    label = label_of(c)
    if hits:
        names = "、".join(f"《{d.title}》" for d, _ in hits)
        return Resolution("ambiguous", None, tuple(r.entry for _, r in hits if r.entry is not None),
                          f"{label}见于{len(hits)}部文件：{names}，请写明是哪一部（例如《{hits[0][0].title}》{label}）。")
    return results[0]


def _resolve_in(c: Citation, d: DocIndex) -> Resolution:
    """``c`` in the one document ``d`` (its messages name the document)."""
    by_id = d.by_id
    art_eid = f"art_{c.article}" + (f"_{c.sub}" if c.sub else "")
    art = by_id.get(art_eid)
    art_label = _citation_of(c)
    if art is None:
        arts = d.articles
        rng = f"（共{len(arts)}条，{arts[0].label}至{arts[-1].label}）" if arts else ""
        return Resolution("not_found", None,
                          _nearest(arts, c.article + c.sub / 100, lambda e: _art_num(e.eid), 3),
                          f"《{d.title}》没有{art_label}{rng}。")
    if c.para is None and c.item is None:
        msg = f"{art.label}：来源缺这一条，页面说明缺失原因。" if art.missing else f"{art.label}。"
        return Resolution("ok", art, (), msg)
    if art.missing:
        return Resolution("not_found", None, (art,),
                          f"来源缺{art.label}，无法定位它的款、项；可以打开{art.label}的页面。")
    paras = d.children(art_eid, "paragraph")
    if c.para is None:
        hits, everything = [], []
        for p in paras:
            items = d.children(p.eid, "item")
            everything += items
            hits += [i for i in items if _last_num(i.eid) == c.item]
        n = to_numeral(c.item or 0)
        if len(hits) == 1:
            if c.point is not None:
                return _point_in(c.point, hits[0], d)
            return Resolution("ok", hits[0], (), f"{hits[0].label}（{art_label}只有一款列有第（{n}）项）。")
        if hits:
            return Resolution("ambiguous", None, tuple(hits),
                              f"{art_label}有{len(hits)}款都列有第（{n}）项，请指明第几款。")
        return Resolution("not_found", None,
                          _nearest(everything, c.item or 0, lambda e: _last_num(e.eid), 3) if everything else (art,),
                          art_label + (f"没有第（{n}）项。" if everything else "没有分项。"))
    para_eid = f"{art_eid}__para_{c.para}"
    para = by_id.get(para_eid)
    if para is None:
        return Resolution("not_found", None, (art,) + _nearest(paras, c.para, lambda e: _last_num(e.eid), 3),
                          f"{art_label}只有{_cn(len(paras))}款，没有第{_cn(c.para)}款。")
    if c.item is None:
        return Resolution("ok", para, (), f"{para.label}。")
    item = by_id.get(f"{para_eid}__item_{c.item}")
    if item is not None:
        return _point_in(c.point, item, d) if c.point is not None else Resolution("ok", item, (), f"{item.label}。")
    items = d.children(para_eid, "item")
    return Resolution("not_found", None,
                      _nearest(items, c.item, lambda e: _last_num(e.eid), 3) if items else (para,),
                      para.label + (f"只有{_cn(len(items))}项，没有第（{_cn(c.item)}）项。"
                                       if items else "没有分项。"))


_CONTAINER_KINDS = ("book", "part", "chapter", "chapter_section")


def _resolve_container(c: Citation, index: PermalinkIndex, context: str | None) -> Resolution:
    """第四章, 第一编第二章第三节, book_1, chp_4 … → the container (same as ``resolveContainer`` in JS).

    A 章 (or 章节) cited without its 编 in a document whose chapters are under 编 means each 编's chapter of that
    number: one is the answer, several are ambiguous (the choices name their 编).
    """
    slug = c.doc or (context if context in index.docs else None)
    docs = [index.docs[slug]] if slug in index.docs else index.cited
    if not docs:
        return Resolution("not_found", None, (), "本站没有分章的文件。")
    eid = to_eid(c) or ""
    label = label_of(c)
    hits: list[Permalink] = []
    for d in docs:
        if eid in d.by_id:
            hits.append(d.by_id[eid])
        elif c.book is None:  # 第二章 where chapters restart in each 编
            hits += sorted((e for i, e in d.by_id.items() if e.kind in _CONTAINER_KINDS
                            and re.fullmatch(rf"book_[0-9]+__{eid}", i)), key=lambda e: _last_num(e.eid.split("__")[0]))
    if len(hits) == 1:
        return Resolution("ok", hits[0], (), f"{hits[0].heading}。")
    if hits:
        named = list(dict.fromkeys(h.doc for h in hits))
        if len(named) > 1:
            names = "、".join(f"《{index.title(n)}》" for n in named)
            return Resolution("ambiguous", None, tuple(hits),
                              f"{label}见于{len(named)}部文件：{names}，请写明是哪一部。")
        return Resolution("ambiguous", None, tuple(hits),
                          f"《{index.title(named[0])}》有{len(hits)}个{label}："
                          + "、".join(h.label for h in hits) + "，请写明第几编。")
    d = docs[0]
    kind = ("chapter_section" if c.section is not None else "chapter" if c.chapter is not None
            else "part" if c.part is not None else "book")
    same = sorted((e for e in d.by_id.values() if e.kind == kind), key=lambda e: _last_num(e.eid))
    target = {"book": c.book, "part": c.part, "chapter": c.chapter, "chapter_section": c.section}[kind] or 0
    if kind == "chapter" and c.book is None:
        return Resolution("not_found", None, _nearest(same, target, lambda e: _last_num(e.eid), 3),
                          f"《{d.title}》没有第{to_numeral(target)}章（共{to_numeral(len(same))}章）。")
    return Resolution("not_found", None, _nearest(same, target, lambda e: _last_num(e.eid), 3),
                      f"《{d.title}》没有{label}。")


def resolve(text: str | None, permalinks: Sequence[Permalink] | PermalinkIndex, context: str | None = None) -> Resolution:
    """Resolve what someone typed (a 条/款/项 citation, or a chapter); ``context`` is the slug of the document
    whose pages it was typed on (a bare 第X条 there means that document).

    >>> # resolve("23.1.3", index).entry.url == "doc/art_23/#art_23__para_1__item_3"
    """
    index = permalinks if isinstance(permalinks, PermalinkIndex) else PermalinkIndex(permalinks)
    c = parse_citation(text, index.catalog)
    if c is None:
        shown = (text or "").strip()
        return Resolution("not_citation", None, (),
                          f"“{shown}”不是可识别的条款引用（例如：第二十三条第一款第（三）项、23.1.3、art_23__para_1）。")
    return resolve_citation(c, index, context)


_REL = re.compile(
    rf"^(?:(?P<this>本条)|(?P<para_here>本款)|(?P<prev>前款)|前(?P<count>[两二三四五六七八九十])款|第(?P<para>{grammar.NUM})款)?"
    rf"(?:第(?P<p2>{grammar.NUM})款)?(?:第[(（]?(?P<item>{grammar.NUM})[)）]?项(?:第(?P<point>{grammar.NUM})目)?)?$")
_UNIT = re.compile(r"^art_([0-9]+)(?:_([0-9]+))?(?:__para_([0-9]+)(?:__item_([0-9]+))?)?")


def relative_citation(text: str, unit: str) -> Citation | None:
    """What a relative reference found by the scanner means where it stands: ``unit`` is the id of the 条, 款 or
    项 the text belongs to (an annotation's target). None when it needs more than ``unit`` gives (本款 under a
    whole article, 前款 in a first 款, 本章 …).

    >>> relative_citation("前款", "art_6__para_2"), relative_citation("第（三）项", "art_9")
    (Citation(article=6, sub=0, para=1, ...), Citation(article=9, sub=0, para=None, item=3, ...))
    >>> relative_citation("本款", "art_9") is None
    True
    """
    m, u = _REL.match(text), _UNIT.match(unit)
    if not m or not u or not text:
        return None
    art, sub = int(u.group(1)), int(u.group(2) or 0)
    here = int(u.group(3)) if u.group(3) else None
    nums = {k: parse_number(v) for k, v in m.groupdict().items() if v is not None and k not in ("this", "para_here", "prev")}
    if any(v is None for v in nums.values()):
        return None
    para: int | None
    if m.group("para_here"):
        para = here
    elif m.group("prev"):
        para = here - 1 if here is not None else None
    elif m.group("count"):
        para = here - (nums["count"] or 0) if here is not None else None  # → the first of them: where they begin
    elif m.group("para"):
        para = nums["para"]
    elif m.group("this"):
        para = nums.get("p2")
    else:  # a bare 第（三）项: of the 款 where it stands, when that is known
        para = here if m.group("item") else None
    if (m.group("para_here") or m.group("prev") or m.group("count")) and (para is None or para < 1):
        return None
    if m.group("p2") and not m.group("this"):
        return None
    if not m.group("this") and para is None and m.group("item") is None:
        return None
    return _build(art, sub, para, nums.get("item"), (None, None), nums.get("point"))


# ---- running text ----

_ATTACH_GAP = re.compile(grammar.ATTACH_GAP)
_CHAIN_GAP = re.compile(grammar.CHAIN_GAP)
_PARA_ITEM_RE = re.compile(grammar.PARA_ITEM)
_ITEM_RE = re.compile(grammar.ITEM)
_UNKNOWN = "?"
"""The pending document of 本条例 with no title before it."""


@dataclass
class ScanContext:
    """What the text read so far names: the last title (本条例 refers to it). Mutable across text runs."""

    catalog: Catalog = EMPTY_CATALOG
    doc: str | None = None
    """The last document named: a slug, or ``《title》`` for an outside document."""
    carry: str | None = None
    """A title (or 本条例) that ended the previous run: it reaches a citation opening the next one."""
    title: str | None = field(default=None, repr=False)
    home: str | None = None
    """The slug of the document whose pages the text is on (an annotation of it), or None: there a bare 第X条
    (and 本条例 with no title before it) means that document. Never set in the browser, which has no such text."""


@dataclass(frozen=True, slots=True)
class Found:
    """A citation found in running text: ``text[start:end]`` is what gets linked."""

    start: int
    end: int
    text: str
    citation: Citation | None
    """None for a relative reference (status ``relative``)."""
    status: str
    """``ok`` (a document of the site), ``outside`` (another document: ``citation.title``), ``ambiguous``
    when 本条例 has no title in reach, or ``relative`` (本条, 本款, 前款, 前两款, a bare 第二款, 本章 …: the unit
    where the text stands; only a page that knows where it stands can link it)."""
    message: str = ""


def _key_of(title: str, catalog: Catalog) -> str:
    """The scanner's name for a 《title》: the slug, or the bracketed title when it is an outside document."""
    d = catalog.find(title[1:-1])
    return d.slug if d is not None else title


def relative_message(text: str) -> str:
    """What the scanner says of a relative reference (the JS says the same).

    >>> relative_message("前款")
    '“前款”是相对引用，指它所在条文（或章节）的一部分，离开上下文无法链接。'
    """
    return f"“{text}”是相对引用，指它所在条文（或章节）的一部分，离开上下文无法链接。"


def scan_citations(text: str, ctx: ScanContext | None = None) -> list[Found]:
    """Citations in ``text``, in order (same rules as ``LawrefCitation.scan``).

    A 条 (or a 编/章/节) is taken when a title (or 本条例 after one) precedes it, or when it continues a
    list/range (第十六条、第十七条; 第一款、第二款; 第（三）项、第（四）项; 第一章、第二章). A title of the catalog
    gives ``ok`` citations of that document; any other title gives ``outside`` ones. Bare 第X条 are left alone;
    relative references (本条, 前款, a bare 第二款 …) are found with status ``relative``.
    Invariant: ``text[f.start:f.end] == f.text``.

    >>> [(f.text, f.status) for f in scan_citations("依照《甲条例》第十六条、第十七条")]
    [('《甲条例》第十六条', 'outside'), ('第十七条', 'outside')]
    >>> [(f.text, f.status) for f in scan_citations("违反本条第二款、前款规定的")]
    [('本条第二款', 'relative'), ('前款', 'relative')]
    """
    ctx = ctx if ctx is not None else ScanContext()
    catalog = ctx.catalog
    out: list[Found] = []
    pending: tuple[str, int, int] | None = None
    chain: tuple[str, int, Citation] | None = None
    if ctx.carry is not None:  # **《检查工作条例》**第五条: the title ended the previous text run
        pending = (ctx.carry, -1, 0)
    ctx.carry = None
    for m in _compiled(catalog).scan.finditer(text):
        start, end = m.span()
        if m.group(1) is not None:
            ctx.doc = _key_of(m.group(1), catalog)
            ctx.title = m.group(1)
            pending, chain = (ctx.doc, start, end), None
            continue
        if m.group(2) is not None:
            pending, chain = (ctx.doc if ctx.doc is not None else ctx.home or _UNKNOWN, start, end), None
            continue
        cit: Citation | None = None
        doc: str | None = None
        link_start = start
        chained = chain is not None and _CHAIN_GAP.match(text[chain[1]:start]) is not None
        if m.group(3) is not None or m.group(6) is not None:
            whole = m.group(3) if m.group(3) is not None else m.group(6)
            if pending and _ATTACH_GAP.match(text[pending[2]:start]):
                doc = pending[0]
                if start == pending[2] and pending[1] >= 0:
                    link_start = pending[1]
            elif chain and chained and chain[2].container == (m.group(6) is not None):
                doc = chain[0]
            elif ctx.home is not None:  # a bare 第X条 on the document's own pages
                doc = ctx.home
            if doc is not None:
                cit = parse_citation(whole)
        elif m.group(7) is None and chain and chained and not chain[2].container:
            doc, prev = chain[0], chain[2]
            pm = _PARA_ITEM_RE.match(m.group(4)) if m.group(4) is not None else None
            im = _ITEM_RE.match(m.group(5)) if m.group(5) is not None else None
            if pm:
                para, item, point = (None if x is None else parse_number(x) for x in pm.groups())
                if para is not None and all(x is None or v is not None for x, v in zip(pm.groups()[1:], (item, point))):
                    cit = replace(prev, para=para, item=item, point=point)
            elif im:
                item, point = (None if x is None else parse_number(x) for x in im.groups())
                if item is not None and (im.group(2) is None or point is not None):
                    cit = replace(prev, item=item, point=point)
        elif m.group(4) is not None or m.group(5) is not None or m.group(7) is not None:
            pending, chain = None, None
            out.append(Found(start, end, m.group(0), None, "relative", relative_message(m.group(0))))
            continue
        pending = None
        if cit is None or doc is None:
            chain = None
            continue
        if doc == _UNKNOWN:
            status, message = "ambiguous", "“本条例”所指不明：上文没有点名文件。"
            cit = replace(cit, doc=None, title=None)
        elif doc.startswith("《"):
            status, message = "outside", f"《{doc[1:-1]}》不是本站收录的文件。"
            cit = replace(cit, doc=None, title=doc[1:-1])
        else:
            status, message = "ok", ""
            cit = replace(cit, doc=doc, title=None)
        chain = (doc, end, cit)
        out.append(Found(link_start, end, text[link_start:end], cit, status, message))
    if pending is not None and _ATTACH_GAP.match(text[pending[2]:]):
        ctx.carry = pending[0]
    return out
