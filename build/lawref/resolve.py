"""Citations of the regulation as people type and write them, resolved to permanent addresses.

The same grammar as ``site_templates/docs/assets/lawref-citation.js`` (the browser side); both are
tested on ``tests/citations/forms.yml``. Three entry points:

- ``parse_citation(text)``: a whole string as one citation (第二十三条第一款第（三）项, 23.1.3, art_23__para_1 …);
- ``resolve(text, permalinks)``: that citation looked up in ``permalinks.json``'s entries, with a message and
  the nearest candidates when it is ambiguous or impossible;
- ``scan_citations(text, ctx)``: citations of this regulation inside running text (the autolinker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .numerals import NumeralError, parse_numeral, to_numeral

REG_DOC = "xunshi"
REG_TITLE = "中国共产党巡视工作条例"
OWN_TITLES = ("中国共产党巡视工作条例", "巡视工作条例")

_CN = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟"
_N = f"(?:[0-9０-９]+|[{_CN}]+)"
_HALF = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                       "（": "(", "）": ")", "．": ".", "＿": "_", "＃": "#", "／": "/"})

_TITLE = "(?:《([^》]+)》|(中国共产党巡视工作条例|巡视工作条例)|(本条例|该条例|条例))"
_CIT = rf"第?({_N})条(?:之({_N}))?(?:第?({_N})款)?(?:第?\(?({_N})\)?项)?"
_FULL_RE = re.compile(rf"^{_TITLE}?(?:的)?{_CIT}$")
_DOTTED_RE = re.compile(rf"^{_TITLE}?([0-9]+)(?:\.([0-9]+)(?:\.([0-9]+))?)?$")
_EID_RE = re.compile(r"^(?:.*[/#])?art_?([0-9]+)(?:_([0-9]+))?(?:__para_([0-9]+)(?:__item_([0-9]+))?)?/?$")
_TRAILING = re.compile(r"[。，,；;：:！!？?、]+$")
_SPACE = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True, slots=True)
class Citation:
    """A parsed citation: 第{article}条之{sub}第{para}款第（{item}）项."""

    article: int
    sub: int = 0
    """之N (第十条之一 → 1); 0 if none."""
    para: int | None = None
    item: int | None = None
    doc: str | None = None
    """``"xunshi"`` when the title is named, ``"other"`` for another title, None when unnamed (本条例, bare)."""
    title: str | None = None
    """The other title when ``doc == "other"``."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving a citation (the JS returns the same fields)."""

    status: str
    """``ok``, ``ambiguous``, ``not_found`` or ``not_citation``."""
    entry: dict | None
    candidates: tuple[dict, ...]
    message: str


MAX_DIGITS = 100
"""Longer digit strings are no number of any citation (and ``int()`` refuses over 4300 digits)."""


def _int(text: str) -> int | None:
    return int(text) if len(text) <= MAX_DIGITS else None


def _cn(n: int) -> str:
    """The Chinese numeral of ``n``, or its digits beyond 9999 (no such unit exists; the message says so)."""
    return to_numeral(n) if 0 <= n <= 9999 else str(n)


def parse_number(text: str) -> int | None:
    """Arabic (23, ２３) or Chinese (二十三) number; None if malformed.

    >>> parse_number("二十三"), parse_number("２３"), parse_number("二三十")
    (23, 23, None)
    """
    text = text.translate(_HALF)
    if text.isascii() and text.isdigit():
        return _int(text)
    try:
        return parse_numeral(text)
    except NumeralError:
        return None


def _normalise(text: str) -> str:
    return _TRAILING.sub("", _SPACE.sub("", text.translate(_HALF)))


def _doc_of(named: str | None, bare: str | None) -> tuple[str | None, str | None]:
    if named is not None:
        base = re.sub(r"[（(].*$", "", named)
        return (REG_DOC, None) if base in OWN_TITLES else ("other", named)
    if bare is not None:
        return REG_DOC, None
    return None, None


def _build(art, sub, para, item, doc) -> Citation | None:
    if art is None or art < 1 or (para is not None and para < 1) or (item is not None and item < 1):
        return None
    return Citation(art, sub or 0, para, item, doc[0], doc[1])


def parse_citation(text: str | None) -> Citation | None:
    """Parse a whole string as one citation; None if it is none.

    Invariant: the same answers as ``LawrefCitation.parse`` in the browser.

    >>> parse_citation("第23条第1款第（3）项")
    Citation(article=23, sub=0, para=1, item=3, doc=None, title=None)
    """
    if not text:
        return None
    s = _normalise(text)
    if not s:
        return None
    m = _FULL_RE.match(s)
    if m:
        vals = [None if g is None else parse_number(g) for g in m.groups()[3:7]]
        if any(g is not None and v is None for g, v in zip(m.groups()[3:7], vals)):
            return None
        return _build(vals[0], vals[1], vals[2], vals[3], _doc_of(m.group(1), m.group(2)))
    m = _DOTTED_RE.match(s)
    if m:
        a, p, i = (None if g is None else _int(g) for g in m.groups()[3:6])
        if any(g is not None and v is None for g, v in zip(m.groups()[3:6], (a, p, i))):
            return None
        return _build(a, 0, p, i, _doc_of(m.group(1), m.group(2)))
    m = _EID_RE.match(s)
    if m:
        a, sub, p, i = (None if g is None else _int(g) for g in m.groups())
        if any(g is not None and v is None for g, v in zip(m.groups(), (a, sub, p, i))):
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


class PermalinkIndex:
    """``permalinks.json`` entries of the regulation, indexed by id.

    >>> # PermalinkIndex(json.load(open("site/permalinks.json"))).by_id["art_23"]["url"] == "xunshi/art_23/"
    """

    def __init__(self, permalinks: list[dict]):
        doc = next((e["doc"] for e in permalinks if e["kind"] == "article"), REG_DOC)
        self.doc = doc
        self.by_id = {e["id"]: e for e in permalinks if e["doc"] == doc}
        self.articles = [e for e in permalinks if e["doc"] == doc and e["kind"] == "article"]

    def children(self, prefix: str, kind: str) -> list[dict]:
        out = [e for i, e in self.by_id.items()
               if e["kind"] == kind and i.startswith(prefix + "__") and "__" not in i[len(prefix) + 2:]]
        return sorted(out, key=lambda e: _last_num(e["id"]))


def resolve_citation(c: Citation | None, index: PermalinkIndex) -> Resolution:
    """Look a parsed citation up; never raises. Same statuses and messages as ``resolveParsed`` in JS.

    >>> # resolve_citation(parse_citation("第六十条"), idx).status == "not_found"
    """
    if c is None:
        return Resolution("not_citation", None, (), "不是可识别的条款引用。")
    if c.doc == "other":
        return Resolution("not_citation", None, (), f"这是对《{c.title}》的引用；本站只收录《{REG_TITLE}》。")
    by_id = index.by_id
    art_eid = f"art_{c.article}" + (f"_{c.sub}" if c.sub else "")
    art = by_id.get(art_eid)
    art_label = f"第{_cn(c.article)}条" + (f"之{_cn(c.sub)}" if c.sub else "")
    if art is None:
        arts = index.articles
        rng = f"（共{len(arts)}条，{arts[0]['label']}至{arts[-1]['label']}）" if arts else ""
        return Resolution("not_found", None,
                          _nearest(arts, c.article + c.sub / 100, lambda e: _art_num(e["id"]), 3),
                          f"《{REG_TITLE}》没有{art_label}{rng}。")
    if c.para is None and c.item is None:
        msg = f"{art['label']}：来源缺这一条，页面说明缺失原因。" if art["missing"] else f"{art['label']}。"
        return Resolution("ok", art, (), msg)
    if art["missing"]:
        return Resolution("not_found", None, (art,),
                          f"来源缺{art['label']}，无法定位它的款、项；可以打开{art['label']}的页面。")
    paras = index.children(art_eid, "paragraph")
    if c.para is None:
        hits, everything = [], []
        for p in paras:
            items = index.children(p["id"], "item")
            everything += items
            hits += [i for i in items if _last_num(i["id"]) == c.item]
        n = _cn(c.item)
        if len(hits) == 1:
            return Resolution("ok", hits[0], (), f"{hits[0]['label']}（{art_label}只有一款列有第（{n}）项）。")
        if hits:
            return Resolution("ambiguous", None, tuple(hits),
                              f"{art_label}有{len(hits)}款都列有第（{n}）项，请指明第几款。")
        return Resolution("not_found", None,
                          _nearest(everything, c.item, lambda e: _last_num(e["id"]), 3) if everything else (art,),
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
    items = index.children(para_eid, "item")
    return Resolution("not_found", None,
                      _nearest(items, c.item, lambda e: _last_num(e["id"]), 3) if items else (para,),
                      para["label"] + (f"只有{_cn(len(items))}项，没有第（{_cn(c.item)}）项。"
                                       if items else "没有分项。"))


_CHAPTER_RE = re.compile(rf"^{_TITLE}?(?:第({_N})章|(?:.*[/#])?chp_?([0-9]+)/?)$")


def resolve_chapter(text: str, index: PermalinkIndex) -> Resolution | None:
    """第四章, 第4章, chp_4 → the chapter (None when ``text`` names no chapter). Same as ``resolveChapter`` in JS.

    >>> # resolve_chapter("第四章", idx).entry["id"] == "chp_4"
    """
    m = _CHAPTER_RE.match(_normalise(text))
    if not m:
        return None
    doc, title = _doc_of(m.group(1), m.group(2))
    if doc == "other":
        return resolve_citation(Citation(1, doc="other", title=title), index)
    n = parse_number(m.group(4)) if m.group(4) is not None else _int(m.group(5))
    if n is None or n < 1:
        return None
    entry = index.by_id.get(f"chp_{n}")
    if entry is not None:
        return Resolution("ok", entry, (), f"{entry['heading']}。")
    chapters = sorted((e for e in index.by_id.values() if e["kind"] == "chapter"), key=lambda e: _last_num(e["id"]))
    return Resolution("not_found", None, _nearest(chapters, n, lambda e: _last_num(e["id"]), 3),
                      f"《{REG_TITLE}》没有第{_cn(n)}章（共{_cn(len(chapters))}章）。")


def resolve(text: str | None, permalinks: list[dict] | PermalinkIndex) -> Resolution:
    """Resolve what someone typed (a 条/款/项 citation, or a chapter).

    >>> # resolve("23.1.3", manifest).entry["url"] == "xunshi/art_23/#art_23__para_1__item_3"
    """
    index = permalinks if isinstance(permalinks, PermalinkIndex) else PermalinkIndex(permalinks)
    chapter = resolve_chapter(text, index) if text else None
    if chapter is not None:
        return chapter
    c = parse_citation(text)
    if c is None:
        shown = (text or "").strip()
        return Resolution("not_citation", None, (),
                          f"“{shown}”不是可识别的条款引用（例如：第二十三条第一款第（三）项、23.1.3、art_23__para_1）。")
    return resolve_citation(c, index)


# ---- running text ----

_SNUM = f"(?:[0-9０-９]+|[{_CN}]+)"
_SCAN_RE = re.compile(
    r"(《[^》\n]{1,40}》)"
    r"|(本条例|该条例)"
    rf"|(第{_SNUM}条(?:之{_SNUM})?(?:第{_SNUM}款)?(?:第[(（]?{_SNUM}[)）]?项)?)"
    rf"|(第{_SNUM}款(?:第[(（]?{_SNUM}[)）]?项)?)"
    rf"|(第[(（]?{_SNUM}[)）]?项)")
_ATTACH_GAP = re.compile(r"^(?:[\s\u3000*_]|[（(][^）)\n]{0,20}[）)])*$")  # * _: Markdown emphasis marks
_CHAIN_GAP = re.compile(r"^[\s\u3000]*(?:、|，|,|和|及|以及|与|或者|或|至|到|—|－|-|~|～)[\s\u3000]*$")
_PARA_ITEM_RE = re.compile(rf"^第({_SNUM})款(?:第[(（]?({_SNUM})[)）]?项)?$")
_ITEM_RE = re.compile(rf"^第[(（]?({_SNUM})[)）]?项$")


@dataclass
class ScanContext:
    """What the text read so far names: the last title (本条例 refers to it). Mutable across text runs."""

    doc: str | None = None
    title: str | None = None
    carry: str | None = None
    """A title (or 本条例) that ended the previous run: it reaches a citation opening the next one."""


@dataclass(frozen=True, slots=True)
class Found:
    """A citation of this regulation found in running text: ``text[start:end]`` is what gets linked."""

    start: int
    end: int
    text: str
    citation: Citation
    status: str
    """``ok``, or ``ambiguous`` when 本条例 has no title in reach."""
    message: str = ""


def scan_citations(text: str, ctx: ScanContext | None = None) -> list[Found]:
    """Citations of this regulation in ``text``, in order (same rules as ``LawrefCitation.scan``).

    A 条 is taken when a title of this regulation (or 本条例 after one) precedes it, or when it continues
    a list/range (第十六条、第十七条; 第一款、第二款; 第（三）项、第（四）项). Other titles and bare 第X条
    are left alone. Invariant: ``text[f.start:f.end] == f.text``.

    >>> [f.text for f in scan_citations("依照《巡视工作条例》第十六条、第十七条")]
    ['《巡视工作条例》第十六条', '第十七条']
    """
    ctx = ctx if ctx is not None else ScanContext()
    out: list[Found] = []
    pending: tuple[str, int, int] | None = None
    chain: tuple[str, int, Citation] | None = None
    if ctx.carry is not None:  # **《巡视工作条例》**第五条: the title ended the previous text run
        pending = (ctx.carry, -1, 0)
    ctx.carry = None
    for m in _SCAN_RE.finditer(text):
        start, end = m.span()
        if m.group(1) is not None:
            base = re.sub(r"[（(].*$", "", m.group(1)[1:-1])
            ctx.doc = REG_DOC if base in OWN_TITLES else "other"
            ctx.title = m.group(1)
            pending, chain = (ctx.doc, start, end), None
            continue
        if m.group(2) is not None:
            pending, chain = (ctx.doc if ctx.doc is not None else "unknown", start, end), None
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
        if cit is None or doc is None or doc == "other":
            chain = None
            continue
        if doc == REG_DOC:
            cit = replace(cit, doc=REG_DOC)
        chain = (doc, end, cit)
        unknown = doc == "unknown"
        out.append(Found(link_start, end, text[link_start:end], cit, "ambiguous" if unknown else "ok",
                         f"“本条例”所指不明：上文没有点名《{REG_TITLE}》。" if unknown else ""))
    if pending is not None and _ATTACH_GAP.match(text[pending[2]:]):
        ctx.carry = pending[0]
    return out
