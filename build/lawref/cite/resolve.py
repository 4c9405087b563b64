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
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..source.numerals import MAX_NUMBER, NumeralError, parse_numeral, to_numeral
from . import grammar
from .grammar import Catalog, catalog_of_permalinks

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
    """A parsed citation: 《title》第{article}条之{sub}第{para}款第（{item}）项."""

    article: int
    sub: int = 0
    """之N (第十条之一 → 1); 0 if none."""
    para: int | None = None
    item: int | None = None
    doc: str | None = None
    """The slug of the site's document the citation names; None when it names none (本条例, bare, or outside)."""
    title: str | None = None
    """The title as written when it names a document that is not on the site (an outside document)."""

    @property
    def outside(self) -> bool:
        """True when the citation names a document that is not on the site."""
        return self.doc is None and self.title is not None


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving a citation (the JS returns the same fields)."""

    status: str
    """``ok``, ``ambiguous``, ``not_found``, ``outside`` (a document not on the site) or ``not_citation``."""
    entry: dict | None
    candidates: tuple[dict, ...]
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


def _build(art, sub, para, item, doc) -> Citation | None:
    if art is None or art < 1 or (para is not None and para < 1) or (item is not None and item < 1):
        return None
    if any(v is not None and v > MAX_NUMBER for v in (art, sub, para, item)):
        return None
    return Citation(art, sub or 0, para, item, doc[0], doc[1])


def parse_citation(text: str | None, catalog: Catalog = EMPTY_CATALOG) -> Citation | None:
    """Parse a whole string as one citation; None if it is none. Titles are looked up in ``catalog``.

    Invariant: the same answers as ``LawrefCitation.parse`` in the browser (property-tested).

    >>> parse_citation("第23条第1款第（3）项")
    Citation(article=23, sub=0, para=1, item=3, doc=None, title=None)
    >>> parse_citation("《另一条例》第五条").outside
    True
    """
    if not text:
        return None
    s = _normalise(text)
    if not s:
        return None
    g = _compiled(catalog)
    m = g.full.match(s)
    if m:
        vals = [None if x is None else parse_number(x) for x in m.groups()[3:7]]
        if any(x is not None and v is None for x, v in zip(m.groups()[3:7], vals)):
            return None
        return _build(vals[0], vals[1], vals[2], vals[3], _doc_of(m.group(1), m.group(2), catalog))
    m = g.dotted.match(s)
    if m:
        a, p, i = (None if x is None else _int(x) for x in m.groups()[3:6])
        if any(x is not None and v is None for x, v in zip(m.groups()[3:6], (a, p, i))):
            return None
        return _build(a, 0, p, i, _doc_of(m.group(1), m.group(2), catalog))
    m = g.eid.match(s)
    if m:
        a, sub, p, i = (None if x is None else _int(x) for x in m.groups())
        if any(x is not None and v is None for x, v in zip(m.groups(), (a, sub, p, i))):
            return None
        return _build(a, sub, p, i, (None, None))
    return None


def to_eid(c: Citation | None) -> str | None:
    """``art_23__para_1__item_3``; None for an item without its 款 (``resolve`` decides that case).

    >>> to_eid(Citation(23, 0, 1, 3))
    'art_23__para_1__item_3'
    """
    if c is None:
        return None
    eid = f"art_{c.article}" + (f"_{c.sub}" if c.sub else "")
    if c.para is not None:
        eid += f"__para_{c.para}"
        if c.item is not None:
            eid += f"__item_{c.item}"
    elif c.item is not None:
        return None
    return eid


def label_of(c: Citation) -> str:
    """第二十三条第一款第（三）项 (the form ``permalinks.json`` labels use)."""
    s = f"第{_cn(c.article)}条" + (f"之{_cn(c.sub)}" if c.sub else "")
    if c.para is not None:
        s += f"第{_cn(c.para)}款"
    if c.item is not None:
        s += f"第（{_cn(c.item)}）项"
    return s


def _last_num(eid: str) -> int:
    m = re.search(r"_([0-9]+)$", eid)
    return int(m.group(1)) if m else 0


def _art_num(eid: str) -> float:
    m = re.match(r"^art_([0-9]+)(?:_([0-9]+))?", eid)
    return int(m.group(1)) + (int(m.group(2)) / 100 if m.group(2) else 0) if m else 0


def _nearest(entries, target: float, key, n: int) -> tuple[dict, ...]:
    best = sorted(entries, key=lambda e: (abs(key(e) - target), key(e)))[:n]
    return tuple(sorted(best, key=key))


@dataclass(frozen=True)
class DocIndex:
    """One document's entries of ``permalinks.json``, by id."""

    slug: str
    title: str
    by_id: dict[str, dict]
    articles: list[dict]

    def children(self, prefix: str, kind: str) -> list[dict]:
        out = [e for i, e in self.by_id.items()
               if e["kind"] == kind and i.startswith(prefix + "__") and "__" not in i[len(prefix) + 2:]]
        return sorted(out, key=lambda e: _last_num(e["id"]))


class PermalinkIndex:
    """``permalinks.json`` entries of every document, by document and id, with the catalog of titles.

    ``catalog`` comes from the documents' metadata (``grammar.catalog_of``); without it, the full titles in
    the manifest's document entries are the only titles known.

    >>> # PermalinkIndex(manifest, catalog).docs["doc"].by_id["art_23"]["url"] == "doc/art_23/"
    """

    def __init__(self, permalinks: list[dict], catalog: Catalog | None = None):
        self.catalog = catalog if catalog is not None else catalog_of_permalinks(permalinks)
        self.docs: dict[str, DocIndex] = {}
        for e in permalinks:
            d = self.docs.get(e["doc"])
            if d is None:
                meta = self.catalog.by_slug(e["doc"])
                d = self.docs[e["doc"]] = DocIndex(e["doc"], meta.title if meta else e["doc"], {}, [])
            d.by_id[e["id"]] = e
            if e["kind"] == "article":
                d.articles.append(e)
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
        rng = f"（共{len(arts)}条，{arts[0]['label']}至{arts[-1]['label']}）" if arts else ""
        return Resolution("not_found", None,
                          _nearest(arts, c.article + c.sub / 100, lambda e: _art_num(e["id"]), 3),
                          f"《{d.title}》没有{art_label}{rng}。")
    if c.para is None and c.item is None:
        msg = f"{art['label']}：来源缺这一条，页面说明缺失原因。" if art["missing"] else f"{art['label']}。"
        return Resolution("ok", art, (), msg)
    if art["missing"]:
        return Resolution("not_found", None, (art,),
                          f"来源缺{art['label']}，无法定位它的款、项；可以打开{art['label']}的页面。")
    paras = d.children(art_eid, "paragraph")
    if c.para is None:
        hits, everything = [], []
        for p in paras:
            items = d.children(p["id"], "item")
            everything += items
            hits += [i for i in items if _last_num(i["id"]) == c.item]
        n = to_numeral(c.item or 0)
        if len(hits) == 1:
            return Resolution("ok", hits[0], (), f"{hits[0]['label']}（{art_label}只有一款列有第（{n}）项）。")
        if hits:
            return Resolution("ambiguous", None, tuple(hits),
                              f"{art_label}有{len(hits)}款都列有第（{n}）项，请指明第几款。")
        return Resolution("not_found", None,
                          _nearest(everything, c.item or 0, lambda e: _last_num(e["id"]), 3) if everything else (art,),
                          art_label + (f"没有第（{n}）项。" if everything else "没有分项。"))
    para_eid = f"{art_eid}__para_{c.para}"
    para = by_id.get(para_eid)
    if para is None:
        return Resolution("not_found", None, (art,) + _nearest(paras, c.para, lambda e: _last_num(e["id"]), 3),
                          f"{art_label}只有{_cn(len(paras))}款，没有第{_cn(c.para)}款。")
    if c.item is None:
        return Resolution("ok", para, (), f"{para['label']}。")
    item = by_id.get(f"{para_eid}__item_{c.item}")
    if item is not None:
        return Resolution("ok", item, (), f"{item['label']}。")
    items = d.children(para_eid, "item")
    return Resolution("not_found", None,
                      _nearest(items, c.item, lambda e: _last_num(e["id"]), 3) if items else (para,),
                      para["label"] + (f"只有{_cn(len(items))}项，没有第（{_cn(c.item)}）项。"
                                       if items else "没有分项。"))


def resolve_chapter(text: str, index: PermalinkIndex, context: str | None = None) -> Resolution | None:
    """第四章, 第4章, chp_4 → the chapter (None when ``text`` names no chapter). Same as ``resolveChapter`` in JS.

    >>> # resolve_chapter("第四章", idx).entry["id"] == "chp_4"
    """
    m = _compiled(index.catalog).chapter.match(_normalise(text))
    if not m:
        return None
    slug, outside = _doc_of(m.group(1), m.group(2), index.catalog)
    if outside is not None:
        return _outside(outside, index.catalog)
    n = parse_number(m.group(4)) if m.group(4) is not None else _int(m.group(5))
    if n is None or n < 1 or n > MAX_NUMBER:
        return None
    slug = slug or (context if context in index.docs else None)
    docs = [index.docs[slug]] if slug in index.docs else index.cited
    if not docs:
        return Resolution("not_found", None, (), "本站没有分章的文件。")
    hits = [d.by_id[f"chp_{n}"] for d in docs if f"chp_{n}" in d.by_id]
    if len(hits) == 1:
        return Resolution("ok", hits[0], (), f"{hits[0]['heading']}。")
    if hits:
        names = "、".join(f"《{index.title(h['doc'])}》" for h in hits)
        return Resolution("ambiguous", None, tuple(hits),
                          f"第{to_numeral(n)}章见于{len(hits)}部文件：{names}，请写明是哪一部。")
    d = docs[0]
    chapters = sorted((e for e in d.by_id.values() if e["kind"] == "chapter"), key=lambda e: _last_num(e["id"]))
    return Resolution("not_found", None, _nearest(chapters, n, lambda e: _last_num(e["id"]), 3),
                      f"《{d.title}》没有第{to_numeral(n)}章（共{to_numeral(len(chapters))}章）。")


def resolve(text: str | None, permalinks: list[dict] | PermalinkIndex, context: str | None = None) -> Resolution:
    """Resolve what someone typed (a 条/款/项 citation, or a chapter); ``context`` is the slug of the document
    whose pages it was typed on (a bare 第X条 there means that document).

    >>> # resolve("23.1.3", index).entry["url"] == "doc/art_23/#art_23__para_1__item_3"
    """
    index = permalinks if isinstance(permalinks, PermalinkIndex) else PermalinkIndex(permalinks)
    chapter = resolve_chapter(text, index, context) if text else None
    if chapter is not None:
        return chapter
    c = parse_citation(text, index.catalog)
    if c is None:
        shown = (text or "").strip()
        return Resolution("not_citation", None, (),
                          f"“{shown}”不是可识别的条款引用（例如：第二十三条第一款第（三）项、23.1.3、art_23__para_1）。")
    return resolve_citation(c, index, context)


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


@dataclass(frozen=True, slots=True)
class Found:
    """A citation found in running text: ``text[start:end]`` is what gets linked."""

    start: int
    end: int
    text: str
    citation: Citation
    status: str
    """``ok`` (a document of the site), ``outside`` (another document: ``citation.title``), or ``ambiguous``
    when 本条例 has no title in reach."""
    message: str = ""


def _key_of(title: str, catalog: Catalog) -> str:
    """The scanner's name for a 《title》: the slug, or the bracketed title when it is an outside document."""
    d = catalog.find(title[1:-1])
    return d.slug if d is not None else title


def scan_citations(text: str, ctx: ScanContext | None = None) -> list[Found]:
    """Citations in ``text``, in order (same rules as ``LawrefCitation.scan``).

    A 条 is taken when a title (or 本条例 after one) precedes it, or when it continues a list/range
    (第十六条、第十七条; 第一款、第二款; 第（三）项、第（四）项). A title of the catalog gives ``ok`` citations
    of that document; any other title gives ``outside`` ones. Bare 第X条 are left alone.
    Invariant: ``text[f.start:f.end] == f.text``.

    >>> [(f.text, f.status) for f in scan_citations("依照《甲条例》第十六条、第十七条")]
    [('《甲条例》第十六条', 'outside'), ('第十七条', 'outside')]
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
            pending, chain = (ctx.doc if ctx.doc is not None else _UNKNOWN, start, end), None
            continue
        cit: Citation | None = None
        doc: str | None = None
        link_start = start
        if m.group(3) is not None:
            if pending and _ATTACH_GAP.match(text[pending[2]:start]):
                doc = pending[0]
                if start == pending[2] and pending[1] >= 0:
                    link_start = pending[1]
            elif chain and _CHAIN_GAP.match(text[chain[1]:start]):
                doc = chain[0]
            if doc is not None:
                cit = parse_citation(m.group(3))
        elif chain and _CHAIN_GAP.match(text[chain[1]:start]):
            doc, prev = chain[0], chain[2]
            pm = _PARA_ITEM_RE.match(m.group(4)) if m.group(4) is not None else None
            im = _ITEM_RE.match(m.group(5)) if m.group(5) is not None else None
            if pm:
                para = parse_number(pm.group(1))
                item = None if pm.group(2) is None else parse_number(pm.group(2))
                if para is not None and (pm.group(2) is None or item is not None):
                    cit = replace(prev, para=para, item=item)
            elif im:
                item = parse_number(im.group(1))
                if item is not None:
                    cit = replace(prev, item=item)
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
