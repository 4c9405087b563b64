"""Published outputs for linking: data exports, the resolver page, redirect pages. Returns data; writes nothing.

- ``data/model.json``: the whole model; ``data/{slug}/{art_eid}.json``: one file per article;
- ``data/{slug}/{art_eid}.csl.json`` and ``.ris``: each held article as a reference-manager record (CSL-JSON, RIS);
- ``data/{slug}.akn.xml``: an Akoma Ntoso rendering of the regulation (eIds as on the site, lacunae marked);
- ``data/addresses.txt``: every published address, site-relative, one a line (MkDocs' sitemap.xml has no
  ``<loc>`` without ``site_url``; this list is the sitemap that works under any host and sub-path);
- ``go.md``: the resolver page ``/go/?q=…`` (logic in ``assets/lawref-go.js``);
- redirect pages from plausible addresses (``/doc/23/``, ``/doc/art23/``, ``/doc/第23条/``,
  ``/doc/第二十三条/``, ``/doc/第三章/``, ``/doc/chp3/``) to the permanent one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, is_dataclass, replace
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from markupsafe import escape

from ..cite import urls
from ..cite.citations import full_citation, label_for, versioned_citation
from ..cite.grammar import GRAMMAR_SCRIPT, catalog_of, grammar_script
from ..cite.permalinks import Permalink, division_starts, manifest_json
from ..model import Article, Corpus, Division, Document
from ..source.numerals import to_numeral
from .csp import REDIRECT_POLICY

DATA_DIR = "data/"
GO_PAGE = "go.md"
GO_URL = "go/"
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def _json(value) -> bytes:
    """The JSON of an export: compact (no indentation, no spaces after separators: a third smaller than indented;
    a browser or ``python -m json.tool`` shows it indented), keys sorted, UTF-8, one final newline.

    >>> _json({"b": [1, 2], "a": "甲"}).decode()
    '{"a":"甲","b":[1,2]}\\n'
    """
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


def model_data(value):
    """``dataclasses.asdict(value)`` for the model (frozen dataclasses, tuples, dicts, strings, numbers): the same
    JSON, without ``asdict``'s deep copy of every string and number (half of the data exports' time at 50×).

    >>> @dataclass(frozen=True)
    ... class P:
    ...     a: str
    ...     b: tuple
    >>> v = P("甲", (P("乙", ()), 1, None, [2.5, True], {"k": P("丙", ())}))
    >>> model_data(v) == asdict(v), model_data(v)["b"][0]
    (True, {'a': '乙', 'b': ()})
    """
    cls = type(value)
    if cls in (str, int, float, bool) or value is None:
        return value
    names = _FIELDS.get(cls)
    if names is None and is_dataclass(value):
        names = _FIELDS[cls] = tuple(f.name for f in fields(value))
    if names is not None:
        return {n: model_data(getattr(value, n)) for n in names}
    if cls in (tuple, list):
        return cls(model_data(v) for v in value)
    if cls is dict:
        return {model_data(k): model_data(v) for k, v in value.items()}
    return asdict(Wrap(value))["v"]  # anything else (a named tuple, an enum): as asdict gives it


_FIELDS: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True)
class Wrap:
    """Holds one value for ``asdict``."""

    v: object


Corrections = dict[str, tuple[tuple[str, str, str], ...]]
"""``slug/eid`` → (erratum id, printed reading, corrected reading) of each correction applied in the node."""


def corrected_text(text: str, fixes: tuple[tuple[str, str, str], ...]) -> str:
    """``text`` with each printed reading replaced by its correction (each reading occurs once in its node).

    >>> corrected_text("统筹加强队伍建设和；", (("err-1", "建设和；", "建设；"),))
    '统筹加强队伍建设；'
    """
    for _, printed, corrected in fixes:
        at = text.find(printed)
        if at < 0:  # a reading quoted with half-width marks: compare in display width
            from ..source.punctuation import normalise_width
            printed = normalise_width(printed)[0]
            at = text.find(printed)
        if at >= 0:
            text = text[:at] + corrected + text[at + len(printed):]
    return text


def text_fields(doc: Document, node, corrections: Corrections) -> dict:
    """A node's text as printed (``printed``, also ``text`` for compatibility), as corrected (``corrected``) and the
    errata applied (``errata``, ids; empty when nothing was corrected)."""
    fixes = corrections.get(f"{doc.slug}/{node.eid}", ())
    return {"text": node.text, "printed": node.text, "corrected": corrected_text(node.text, fixes),
            "errata": [e for e, _, _ in fixes]}


def article_record(doc: Document, art: Article, corrections: Corrections | None = None) -> dict:
    """The JSON export of one article: ids, labels, citations, URLs and text of its 款 and 项 (as printed and as
    corrected, with the errata applied named by id).

    >>> # article_record(reg, art23)["paragraphs"][0]["items"][2]["eid"] == "art_23__para_1__item_3"
    """
    corrections = corrections or {}

    def unit(eid: str) -> dict:
        return {"eid": eid, "label": label_for(doc, eid), "citation": full_citation(doc, eid),
                "url": urls.unit_href(doc.slug, eid)}

    return {
        **unit(art.eid), "doc": doc.slug, "title": doc.meta.title, "num": art.num, "sub": art.sub,
        "chapter": art.chapter_eid, "missing": art.missing, "missing_reason": art.missing_reason,
        "paragraphs": [{**unit(p.eid), "num": p.num, **text_fields(doc, p, corrections),
                        "items": [{**unit(i.eid), "num": i.num, "marker": i.label, **text_fields(doc, i, corrections),
                                   **({"points": [{**unit(t.eid), "num": t.num, "marker": t.label,
                                                   **text_fields(doc, t, corrections)} for t in i.points]}
                                      if i.points else {})}
                                  for i in p.items]}
                       for p in art.paragraphs],
    }


def akoma_ntoso(doc: Document, corrections: Corrections | None = None) -> str:
    """The regulation as Akoma Ntoso 3.0 XML. eIds are the site's ids; a lacuna is an article with
    ``status="incomplete"`` whose content is an ``<omissis>``.

    >>> # '<article eId="art_23">' in akoma_ntoso(reg)
    """
    issued = doc.meta.dates[-1][0] if doc.meta.dates else "0000-00-00"
    work = f"/akn/cn/act/{issued}/{doc.slug}"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<akomaNtoso xmlns="{AKN_NS}">',
           f'  <act name={quoteattr(doc.slug)}>',
           '    <meta>',
           '      <identification source="#lawref">',
           f'        <FRBRWork><FRBRthis value="{work}/!main"/><FRBRuri value="{work}"/>'
           f'<FRBRdate date="{issued}" name="{xml_escape(doc.meta.dates[-1][1] if doc.meta.dates else "")}"/>'
           f'<FRBRauthor href="#issuer"/><FRBRcountry value="cn"/></FRBRWork>',
           f'        <FRBRExpression><FRBRthis value="{work}/zho@/!main"/><FRBRuri value="{work}/zho@"/>'
           f'<FRBRdate date="{issued}" name="expression"/><FRBRauthor href="#issuer"/><FRBRlanguage language="zho"/>'
           '</FRBRExpression>',
           f'        <FRBRManifestation><FRBRthis value="{work}/zho@/!main.xml"/><FRBRuri value="{work}/zho@.akn"/>'
           f'<FRBRdate date="{issued}" name="generation"/><FRBRauthor href="#lawref"/></FRBRManifestation>',
           '      </identification>',
           '      <references source="#lawref">',
           f'        <TLCOrganization eId="issuer" href="/ontology/organization/cn/zhonggong.zhongyang" '
           f'showAs={quoteattr(doc.meta.issuer)}/>',
           '        <TLCOrganization eId="lawref" href="/ontology/organization/lawref" showAs="lawref"/>',
           '      </references>',
           '    </meta>',
           '    <preface>',
           f'      <p class="title"><docTitle>{xml_escape(doc.meta.title)}</docTitle></p>',
           ]
    for date, event in doc.meta.dates:
        out.append(f'      <p class="event"><docDate date="{date}">{xml_escape(event)}</docDate></p>')
    out.append('    </preface>')
    corrections = corrections or {}
    notes: list[str] = []

    def p_text(node) -> str:
        """The node's corrected text; each applied erratum gets a noteRef to a note giving the printed reading."""
        fixes = corrections.get(f"{doc.slug}/{node.eid}", ())
        refs = ""
        for eid_, printed, corrected in fixes:
            nid = f"note_{eid_}"
            notes.append(f'      <note eId="{nid}" class="erratum"><p>来源作“{xml_escape(printed)}”，'
                         f'校正为“{xml_escape(corrected)}”（勘误 {xml_escape(eid_)}）</p></note>')
            refs += f'<noteRef href="#{nid}" class="erratum"/>'
        return xml_escape(corrected_text(node.text, fixes)) + refs

    out.append('    <body>')
    starts = division_starts(doc)
    ends: dict[str, list[Division]] = {}  # chapter or article eid → the divisions that end after it
    for d in doc.divisions:
        at = d.chapters[-1] if d.kind != "section" and d.chapters else d.last_article
        ends.setdefault(at, []).insert(0, d)
    tags = {"book": "book", "part": "part", "section": "section"}

    def open_div(d: Division, indent: str) -> None:
        out.append(f'{indent}<{tags[d.kind]} eId="{d.eid}"><num>{xml_escape(d.label)}</num>'
                   f'<heading>{xml_escape(d.title)}</heading>')

    for ch in doc.chapters:
        for d in starts.get(ch.eid, ()):
            open_div(d, "      ")
        if ch.eid:
            out.append(f'      <chapter eId="{ch.eid}"><num>{xml_escape(ch.label)}</num>'
                       f'<heading>{xml_escape(ch.title)}</heading>')
        for art in ch.articles:
            for d in starts.get(art.eid, ()):
                open_div(d, "        ")
            if art.missing:
                out.append(f'        <article eId="{art.eid}" status="incomplete"><num>{xml_escape(art.label)}</num>'
                           f'<content><p><omissis>{xml_escape(art.missing_reason or "来源缺此条")}</omissis></p>'
                           '</content></article>')
                continue
            out.append(f'        <article eId="{art.eid}"><num>{xml_escape(art.label)}</num>')
            for p in art.paragraphs:
                if p.items:
                    out.append(f'          <paragraph eId="{p.eid}"><list eId="{p.eid}__list_1">'
                               f'<intro><p>{p_text(p)}</p></intro>')
                    for i in p.items:
                        if i.points:  # 目: a list inside the item
                            out.append(f'            <point eId="{i.eid}"><num>{xml_escape(i.label)}</num>'
                                       f'<list eId="{i.eid}__list_1"><intro><p>{p_text(i)}</p></intro>')
                            out.extend(f'              <point eId="{t.eid}"><num>{xml_escape(t.label)}</num>'
                                       f'<content><p>{p_text(t)}</p></content></point>' for t in i.points)
                            out.append('            </list></point>')
                            continue
                        out.append(f'            <point eId="{i.eid}"><num>{xml_escape(i.label)}</num>'
                                   f'<content><p>{p_text(i)}</p></content></point>')
                    out.append('          </list></paragraph>')
                else:
                    out.append(f'          <paragraph eId="{p.eid}"><content><p>{p_text(p)}</p></content>'
                               '</paragraph>')
            out.append('        </article>')
            out.extend(f'        </{tags[d.kind]}>' for d in ends.get(art.eid, ()) if d.kind == "section")
        if ch.eid:
            out.append('      </chapter>')
        out.extend(f'      </{tags[d.kind]}>' for d in ends.get(ch.eid, ()) if d.kind != "section")
    out.append('    </body>')
    if notes:  # the printed readings of the corrected passages (the apparatus)
        out += ['    <attachments>', '      <attachment><doc name="errata"><mainBody>', *notes,
                '      </mainBody></doc></attachment>', '    </attachments>']
    out += ['  </act>', '</akomaNtoso>', '']
    return "\n".join(out)


REFERENCE_FORMATS = (("CSL-JSON", ".csl.json"), ("RIS", ".ris"))
"""(name, file suffix) of the reference-manager records of each held article."""


def reference_data_paths(slug: str, art_eid: str) -> list[tuple[str, str]]:
    """(format name, site-relative path) of an article's reference-manager records.

    >>> reference_data_paths("doc", "art_23")
    [('CSL-JSON', 'data/doc/art_23.csl.json'), ('RIS', 'data/doc/art_23.ris')]
    """
    return [(name, f"{DATA_DIR}{slug}/{art_eid}{suffix}") for name, suffix in REFERENCE_FORMATS]


def issued_date(doc: Document) -> str:
    """The document's last 发布 date from its metadata (else its last date, else empty)."""
    dates = doc.meta.dates
    issued = [d for d, event in dates if "发布" in event]
    return issued[-1] if issued else (dates[-1][0] if dates else "")


@dataclass(frozen=True, slots=True)
class ReferenceRecord:
    """One held article as a reference-manager record: written as a CSL-JSON item (``csl``) and as RIS (``ris``)."""

    id: str
    """``slug/art_eid``."""
    title: str
    """The article as the copy control labels it: 《title》（version）第二十三条."""
    container_title: str
    """The document's full title."""
    authority: str
    """The issuer."""
    url: str
    """Absolute with the site's address, else site-relative ``/…``."""
    issued: tuple[int, ...] = ()
    """The last 发布 date as (year, month, day), or empty."""
    version: str = ""

    def csl(self) -> dict[str, object]:
        """The CSL-JSON item (type ``legislation``)."""
        item: dict[str, object] = {"id": self.id, "type": "legislation", "title": self.title,
                                   "container-title": self.container_title, "authority": self.authority,
                                   "language": "zh-CN", "URL": self.url}
        if self.issued:
            item["issued"] = {"date-parts": [list(self.issued)]}
        if self.version:
            item["version"] = self.version
        return item

    def ris(self) -> bytes:
        """One RIS record (``TY  - STAT`` … ``ER  - ``), CRLF line ends, UTF-8.

        >>> ReferenceRecord("d/art_1", "《甲》第一条", "甲", "乙", "/d/art_1/", (2024, 1, 2)).ris().decode().split("\\r\\n")[:2]
        ['TY  - STAT', 'TI  - 《甲》第一条']
        """
        lines = [("TY", "STAT"), ("TI", self.title), ("T2", self.container_title), ("A2", self.authority),
                 ("PB", self.authority)]
        if self.issued:
            lines += [("PY", f"{self.issued[0]:04d}"), ("DA", "/".join(f"{p:02d}" for p in self.issued))]
        lines += [("UR", self.url), ("LA", "zh-CN"), ("ID", self.id), ("ER", "")]
        return "".join(f"{tag}  - {value}\r\n" for tag, value in lines).encode()


def reference_record(doc: Document, art: Article, base_url: str = "") -> ReferenceRecord:
    """One article as a reference-manager record: title as the copy control labels it, the document as container,
    the issuer as authority, the last 发布 date, the article's address (absolute with ``base_url``, else
    site-relative ``/…``).

    >>> # reference_record(reg, art23).title == "《<document title>》（<version>）第二十三条"
    """
    url = urls.unit_url(doc.slug, art.eid)
    issued = issued_date(doc)
    return ReferenceRecord(f"{doc.slug}/{art.eid}", versioned_citation(doc, art.eid), doc.meta.title,
                           doc.meta.issuer, (base_url + url) if base_url else "/" + url,
                           tuple(int(x) for x in issued.split("-")) if issued else (), doc.meta.version)


REDIRECT_JS = "assets/lawref-redirect.js"


def _redirect_html(target_rel: str, label: str, script_rel: str) -> bytes:
    """A redirect page: canonical link, meta refresh (without JavaScript), noindex, a visible link named by the
    unit's label, and ``assets/lawref-redirect.js`` (``script_rel``, relative to the page), which keeps the
    #fragment the refresh drops; relative URLs only. About 400 bytes: one line, the optional ``<head>``/``<body>``
    tags left out, and a policy of its own (``csp.REDIRECT_POLICY``: nothing but scripts from the site).

    >>> print(_redirect_html("../art_2/", "第二条", "../../assets/lawref-redirect.js").decode()[:60])
    <!doctype html><html lang="zh"><meta charset="utf-8"><meta h
    """
    t = escape(target_rel)
    return (
        f'<!doctype html><html lang="zh"><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{REDIRECT_POLICY}">'
        f'<title>{escape(label)}</title><meta name="robots" content="noindex">'
        f'<link rel="canonical" href="{t}"><meta http-equiv="refresh" content="0; url={t}">'
        f'<script src="{escape(script_rel)}"></script>'
        f'<a href="{t}">{escape(label)}</a>\n'
    ).encode()


def redirect_aliases(doc: Document) -> dict[str, str]:
    """Alias directory URL → permanent URL (site-relative) for a regulation's articles and chapters.

    >>> # redirect_aliases(reg)["doc/23/"] == "doc/art_23/"
    """
    out: dict[str, str] = {}
    for ch in doc.chapters:
        if not ch.eid.startswith("chp_"):  # chapters under a 编 repeat their numbers; the implicit one has no page
            continue
        target = urls.unit_url(doc.slug, ch.eid)
        for alias in (f"chp{ch.num}", f"第{ch.num}章", ch.label):
            out[f"{doc.slug}/{alias}/"] = target
    for art in doc.articles():
        target = urls.unit_url(doc.slug, art.eid)
        n = f"{art.num}" + (f"-{art.sub}" if art.sub else "")
        cn_sub = f"之{to_numeral(art.sub)}" if art.sub else ""
        for alias in (n, f"art{n}", f"第{art.num}条{cn_sub}", art.label):
            out[f"{doc.slug}/{alias}/"] = target
    return dict(sorted(out.items()))


CORPUS_SCRIPT = "assets/lawref-corpus.js"
"""The document metadata for scripts (titles, dates, status, addresses; no article numbers): published, but
loaded by no page of the site, since none of its scripts reads it (the resolver loads ``ARTICLES_SCRIPT``)."""

ARTICLES_SCRIPT = "assets/lawref-articles.js"
"""Per document its article numbers and lacunae as runs (``article_ranges``): what only the resolver reads, loaded
by ``assets/lawref-resolver.js`` when a citation is resolved (/go/, the 404 page), never on every page."""


def article_ranges(doc: Document, missing: bool | None = None) -> str:
    """The numbers of a document's articles as runs: ``1-9,10,10_1,11-53`` (``10_1``: 第十条之一); all of them
    (lacunae included), or with ``missing`` only the lacunae (True) or only the articles held (False).

    What the browser needs, without a document's addresses, to tell which documents have a 第N条 (and whether the
    source lacks it).

    >>> from lawref.model import Article, Chapter
    >>> arts = tuple(Article(f"art_{n}" + (f"_{s}" if s else ""), n, s, "", (), None, None)
    ...              for n, s in ((1, 0), (2, 0), (3, 0), (3, 1), (5, 0)))
    >>> doc = Document("d", "regulation", "t", "h", None, chapters=(Chapter("", 0, "", "", arts, None),))
    >>> article_ranges(doc), article_ranges(doc, missing=True)
    ('1-3,3_1,5', '')
    """
    runs: list[str] = []
    start = last = None
    for art in doc.articles():
        if missing is not None and art.missing != missing:
            continue
        if not art.sub and last is not None and art.num == last + 1:
            last = art.num
            continue
        if start is not None:
            runs.append(f"{start}-{last}" if last != start else f"{start}")
            start = last = None
        if art.sub:
            runs.append(f"{art.num}_{art.sub}")
        else:
            start = last = art.num
    if start is not None:
        runs.append(f"{start}-{last}" if last != start else f"{start}")
    return ",".join(runs)


def corpus_data(corpus: Corpus) -> dict:
    """The facts about the site and its documents that scripts need, from ``content/corpus.yml`` (the article
    numbers are in ``articles_data``: they grow with the library and only the resolver reads them).

    Invariant: only metadata (never text); documents in site order; every key always present.

    >>> from lawref.model import CorpusMeta, DocumentMeta
    >>> m = DocumentMeta("d", "regulation", "甲条例", "甲", "", "乙", (("2024-01-02", "发布"),), "", aliases=("条例",))
    >>> corpus_data(Corpus(CorpusMeta((), (m,), "站"), ()))["documents"][0]["titles"]
    ['甲条例', '条例', '甲']
    """
    docs = []
    for doc in corpus.meta.documents:
        docs.append({"slug": doc.slug, "kind": doc.kind, "title": doc.title, "short_title": doc.short_title,
                     "aliases": list(doc.aliases), "titles": list(doc.citation_titles), "issuer": doc.issuer,
                     "version": doc.version, "dates": [list(d) for d in doc.dates], "effective": doc.effective,
                     "status": doc.status, "url": urls.document_url(doc.slug)})
    return {"site": {"name": corpus.meta.site_name, "description": corpus.meta.site_description}, "documents": docs}


def articles_data(corpus: Corpus) -> list[dict]:
    """What the resolver (``assets/lawref-resolver.js``) reads of each document, in site order: its slug, address,
    article numbers (``articles``, see ``article_ranges``; empty for a document without articles) and those of its
    lacunae (``lacunae``).

    >>> from lawref.model import CorpusMeta, DocumentMeta
    >>> m = DocumentMeta("d", "news", "甲", "甲", "", "乙", (), "")
    >>> articles_data(Corpus(CorpusMeta((), (m,), "站"), ()))
    [{'slug': 'd', 'url': 'd/', 'articles': '', 'lacunae': ''}]
    """
    parsed = {d.slug: d for d in corpus.documents}
    out = []
    for meta in corpus.meta.documents:
        held = parsed.get(meta.slug)
        regulation = held is not None and held.kind == "regulation"
        out.append({"slug": meta.slug, "url": urls.document_url(meta.slug),
                    "articles": article_ranges(held) if held is not None and regulation else "",
                    "lacunae": article_ranges(held, missing=True) if held is not None and regulation else ""})
    return out


def corpus_script(corpus: Corpus) -> bytes:
    """``assets/lawref-corpus.js``: ``self.LawrefCorpus = {site, documents}`` (window or worker)."""
    return ("/* generated by lawref from content/corpus.yml; do not edit */\n"
            "self.LawrefCorpus = " + json.dumps(corpus_data(corpus), ensure_ascii=False, sort_keys=True) + ";\n").encode()


def articles_script(corpus: Corpus) -> bytes:
    """``assets/lawref-articles.js``: ``self.LawrefArticles = [{slug, url, articles, lacunae}, …]`` (window or
    worker), loaded by ``LawrefResolver.library``."""
    return ("/* generated by lawref from the documents: article numbers for the resolver; do not edit */\n"
            "self.LawrefArticles = " + json.dumps(articles_data(corpus), ensure_ascii=False, sort_keys=True)
            + ";\n").encode()


SHAPES_DIR = "assets/lawref-shapes/"
"""Per article number, the 款, 项 and 目 each document's article of that number has (``article_shapes``): read by
the resolver for a citation naming no document, such as a bare 第六条第一款 that many documents could mean, so that
it answers from one small file instead of loading every such document's addresses."""

_CHILD = re.compile(r"para_([0-9]+)(?:__item_([0-9]+)(?:__point_([0-9]+))?)?")
_CHILD_KIND = {1: "paragraph", 2: "item", 3: "point"}


def shapes_path(num: int) -> str:
    """The site-relative address of the shapes of every article numbered ``num`` (第N条 and 第N条之M).

    >>> shapes_path(6)
    'assets/lawref-shapes/6.js'
    """
    return f"{SHAPES_DIR}{num}.js"


def article_shapes(manifest: Sequence[Permalink]) -> dict[int, dict[str, dict[str, str | None]]]:
    """{article number: {article id: {document: shape}}} for every article of ``manifest``. A shape lists the
    article's 款, 项 and 目 by their numbers, ``"1 2 2.1 2.2 2.2.1"`` (第一款, 第二款, its 第（一）项, 第（二）项 and
    that 项's 第1目), empty for an article without them (a lacuna). It is ``None`` when an entry under the article
    does not fit that form (an id the browser could not rebuild, a unit of its own address or marked missing):
    the resolver then loads that document's addresses instead.

    Invariant: together with the article runs, a shape rebuilds exactly the article's entries' ids, kinds,
    addresses and labels (checked against LawrefCitation under node by tests/test_resolver_loading.py).

    >>> P = lambda i, k, u: Permalink("d", i, k, u, "", "")
    >>> article_shapes([P("art_6", "article", "d/art_6/"), P("art_6__para_1", "paragraph", "d/art_6/#art_6__para_1"),
    ...                 P("art_6__para_1__item_2", "item", "d/art_6/#art_6__para_1__item_2"),
    ...                 P("art_6_1", "article", "d/art_6_1/"), P("art_6_1__para_1", "item", "d/art_6_1/#art_6_1__para_1")])
    {6: {'art_6': {'d': '1 1.2'}, 'art_6_1': {'d': None}}}
    """
    shapes: dict[tuple[str, str], list[str] | None] = {}
    urls_of: dict[tuple[str, str], str] = {}
    for e in manifest:
        if e.kind == "article" and re.fullmatch(r"art_[0-9]+(?:_[0-9]+)?", e.eid):
            shapes.setdefault((e.doc, e.eid), [])
            urls_of[(e.doc, e.eid)] = e.url
    for e in manifest:
        if e.kind not in ("paragraph", "item", "point"):
            continue
        art, _, rest = e.eid.partition("__")
        key = (e.doc, art)
        have = shapes.get(key)
        if have is None:
            continue
        m = _CHILD.fullmatch(rest)
        nums = [g for g in m.groups() if g is not None] if m else []
        if (not m or _CHILD_KIND[len(nums)] != e.kind or e.missing or e.url != f"{urls_of[key]}#{e.eid}"
                or any(n.startswith("0") for n in nums)):
            shapes[key] = None
            continue
        have.append(".".join(nums))
    out: dict[int, dict[str, dict[str, str | None]]] = {}
    for (doc, art), have in shapes.items():
        num = int(art.split("_")[1])
        out.setdefault(num, {}).setdefault(art, {})[doc] = None if have is None else " ".join(have)
    return out


def shapes_script(num: int, shapes: dict[str, dict[str, str | None]]) -> bytes:
    """``assets/lawref-shapes/{num}.js``: ``LawrefShapes[num] = {article id: {document: shape}}`` on ``self``
    (window or worker); a page element named ``LawrefShapes`` is replaced, never written into."""
    return ("/* generated by lawref from permalinks.json: the 款, 项 and 目 of each document's articles numbered "
            f"{num}; do not edit */\n"
            "(function (s) { var r = s.LawrefShapes; "
            "if (!r || typeof r !== \"object\" || Object.getPrototypeOf(r) !== Object.prototype) "
            "r = s.LawrefShapes = {};\n"
            f"r[\"{num}\"] = " + json.dumps(shapes, ensure_ascii=False, sort_keys=True) + "; })(self);\n").encode()


PERMALINKS_SCRIPT = "assets/lawref-permalinks.js"
"""Every document's entries of ``permalinks.json`` as one script (kept at its published address; the site's own
scripts load one document's part instead, ``permalinks_script_path``)."""


def permalinks_script_path(slug: str) -> str:
    """The site-relative address of one document's entries of ``permalinks.json`` as a script.

    >>> permalinks_script_path("doc")
    'data/doc/permalinks.js'
    """
    return f"{DATA_DIR}{slug}/permalinks.js"


def permalinks_script(slug: str, entries: Sequence[Permalink]) -> bytes:
    """One document's permalink entries as a script: ``LawrefPermalinksOf[slug] = [...]`` on ``self`` (window or
    worker). A script, not JSON, so that the linking widget on another host loads it with a ``<script>`` tag and no
    CORS header; a page element named ``LawrefPermalinksOf`` (DOM clobbering) is replaced, never written into.

    >>> doc = Permalink("doc", "doc", "document", "doc/", "《甲》", "甲")
    >>> permalinks_script("doc", [doc]).decode().splitlines()[-1][:41]
    'r["doc"] = [{"doc":"doc","heading":"甲","i'
    """
    return ("/* generated by lawref from permalinks.json: one document's entries; do not edit */\n"
            "(function (s) { var r = s.LawrefPermalinksOf; "
            "if (!r || typeof r !== \"object\" || Object.getPrototypeOf(r) !== Object.prototype) "
            "r = s.LawrefPermalinksOf = {};\n"
            f"r[{json.dumps(slug)}] = " + json.dumps(manifest_json(entries), ensure_ascii=False, sort_keys=True,
                                                     separators=(",", ":"))
            + "; })(self);\n"
            ).encode()


def build_exports(corpus: Corpus, manifest: Sequence[Permalink], corrections: Corrections | None = None,
                  base_url: str = "") -> tuple[dict[str, str], dict[str, bytes]]:
    """(pages, files) to add to the site: the resolver page, redirects, data exports. ``base_url``: the site's
    absolute address, for the addresses in the reference-manager records (empty: site-relative).

    Invariant: deterministic; every key is a site/docs-relative path; no alias shadows a published page.
    """
    corrections = corrections or {}
    base = base_url if not base_url or base_url.endswith("/") else base_url + "/"
    pages = {GO_PAGE: go_page(corpus)}
    model = model_data(corpus)
    # The model as parsed holds the printed text; the corrections (erratum id, printed, corrected per node) and
    # each corrected node's text are added beside it.
    model["corrections"] = {k: {"errata": [e for e, _, _ in v], "readings": [[e, p, c] for e, p, c in v]}
                            for k, v in sorted(corrections.items())}
    index = {f"{d.slug}/{u.eid}": u for d in corpus.documents for u in d.units()}
    for k, v in model["corrections"].items():
        v["corrected"] = corrected_text(getattr(index.get(k), "text", ""), corrections[k])
    files: dict[str, bytes] = {f"{DATA_DIR}model.json": _json(model)}
    # The citation grammar for the browser (lawref-citation.js, segment.js), from the same source as Python's.
    files[GRAMMAR_SCRIPT] = grammar_script(catalog_of(corpus.meta))
    # permalinks.json as a script: kept for the pages of other hosts that load it (addresses are forever); the
    # site's scripts and the linking widget load one document's part (data/{slug}/permalinks.js) instead.
    files[PERMALINKS_SCRIPT] = ("/* generated by lawref from permalinks.json; do not edit */\n"
                                "self.LawrefPermalinks = " + json.dumps(manifest_json(manifest), ensure_ascii=False,
                                                                       sort_keys=True, separators=(",", ":"))
                                + ";\n").encode()
    by_doc: dict[str, list[Permalink]] = {}
    for e in manifest:
        by_doc.setdefault(e.doc, []).append(e)
    for doc in corpus.documents:
        files[permalinks_script_path(doc.slug)] = permalinks_script(doc.slug, by_doc.get(doc.slug, []))
    files[CORPUS_SCRIPT] = corpus_script(corpus)
    files[ARTICLES_SCRIPT] = articles_script(corpus)
    for num, shapes in sorted(article_shapes(manifest).items()):
        files[shapes_path(num)] = shapes_script(num, shapes)
    published = {e.url.split("#", 1)[0] for e in manifest}
    label_at: dict[tuple[str, str], str] = {}  # (doc, url) → the label of the first manifest entry there
    for e in manifest:
        label_at.setdefault((e.doc, e.url), e.label)
    for doc in corpus.documents:
        if doc.kind != "regulation":
            continue
        for art in doc.articles():
            files[f"{DATA_DIR}{doc.slug}/{art.eid}.json"] = _json(article_record(doc, art, corrections))
            if not art.missing:
                record = reference_record(doc, art, base)
                csl, ris = (path for _, path in reference_data_paths(doc.slug, art.eid))
                files[csl] = _json([record.csl()])
                files[ris] = record.ris()
        files[f"{DATA_DIR}{doc.slug}.akn.xml"] = akoma_ntoso(doc, corrections).encode()
        for alias, target in redirect_aliases(doc).items():
            if alias in published:
                continue
            rel = urls.relative(alias, target)
            label = label_at.get((doc.slug, target), target)
            files[f"{alias}index.html"] = _redirect_html(rel, label, urls.relative(alias, REDIRECT_JS))
    return pages, files


def go_page(corpus: Corpus | None = None) -> str:
    """The resolver page (Markdown with raw HTML; ``assets/lawref-go.js`` does the work); its examples
    name the first regulation of the corpus."""
    from .render import template_env
    reg = next((d.meta for d in corpus.documents if d.kind == "regulation"), None) if corpus else None
    return template_env().get_template("go.md.j2").render(reg=reg)


def add_exports(site, corpus: Corpus, corrections: Corrections | None = None, extra_addresses=(), base_url: str = ""):
    """(``SiteOutput`` with the exports, resolver page and redirects added, published addresses) — the pipeline
    hook. The addresses are the pages, the unit permalinks, the files added here and ``extra_addresses`` (files
    other stages publish at a permanent address: the downloads), not other stages' assets.

    >>> # site2, addresses = add_exports(site, corpus); "go.md" in site2.pages and "go/" in addresses
    """
    manifest = site.manifest
    pages, files = build_exports(corpus, manifest, corrections, base_url)
    all_pages = {**site.pages, **pages}
    addresses = published_addresses(all_pages, [*files, "permalinks.json", f"{DATA_DIR}addresses.txt", *extra_addresses],
                                    manifest)
    files[f"{DATA_DIR}addresses.txt"] = ("\n".join("/" + a for a in addresses) + "\n").encode()
    return replace(site, pages=all_pages, files={**site.files, **files}, addresses=tuple(addresses)), addresses


def page_url(md_path: str) -> str:
    """Site-relative URL of a docs-relative Markdown page: ``doc/art_23.md`` → ``doc/art_23/``.

    >>> page_url("index.md"), page_url("doc/index.md"), page_url("go.md")
    ('', 'doc/', 'go/')
    """
    p = md_path[:-3]
    if p == "index":
        return ""
    if p.endswith("/index"):
        return p[: -len("index")]
    return p + "/"


def published_addresses(pages, files, manifest: Sequence[Permalink]) -> list[str]:
    """Every address the site publishes: pages, unit permalinks (with fragments), data files, redirects.

    Invariant: sorted, unique, site-relative (``""`` is the home page).
    """
    out = {page_url(p) for p in pages}
    out |= {e.url for e in manifest}
    for f in files:
        out.add(f[: -len("index.html")] if f.endswith("/index.html") else f)
    return sorted(out)
