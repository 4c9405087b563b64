"""The one citation grammar: pattern sources, the numeral tables and the catalog of citable documents.

Python compiles these pattern sources (``resolve.py``, ``link.py``); the browser gets the very same strings,
with the numeral tables and the catalog, from ``assets/lawref-grammar.js``, which ``grammar_script`` writes at
build time. Nothing of the grammar is written twice by hand: the sources below use only syntax that Python's
``re`` and JavaScript's ``RegExp`` read alike (numbered groups, ``(?:…)``, ``[…]``, ``\\s``, ``\\uXXXX``).

Titles and aliases come from the documents' metadata (``content/corpus.yml``): a 《title》 the catalog names is a
document of the site; any other 《title》 is an outside document (recognised, linked only when the metadata
maps it to an outside URL).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..source.numerals import DIGIT_VALUE, DIGITS, FOLD_DIGITS, FOLD_UNITS, MAX_NUMBER, NUMERAL_CHARS, UNIT_VALUE
from .permalinks import Permalink

CN_NUM = f"[{NUMERAL_CHARS}]+"
"""A Chinese numeral (validated afterwards by ``numerals.parse_numeral``)."""
NUM = f"(?:[0-9０-９]+|{CN_NUM})"
"""A number as people type it: Arabic (half- or full-width) or Chinese."""
HALF_WIDTH = {**{chr(0xFF10 + i): str(i) for i in range(10)},
              "（": "(", "）": ")", "．": ".", "＿": "_", "＃": "#", "／": "/"}
"""Full-width characters a typed citation is folded from (one character to one)."""

DOCUMENT_SUFFIXES = ("实施细则", "实施办法", "条例", "法", "规定", "办法", "准则", "细则", "决定", "规则", "规程",
                     "意见", "通知", "章程", "解释", "纲要", "制度")
"""The words that end the title of a Chinese legal document and name its type (某某条例, 某某法, 某某办法): its
self-reference is 本 + that word (本条例, 本法, 本办法). Language, not corpus: the title of each document decides
which of them its own pages and the grammar use."""
SELF_PREFIXES = ("本", "该")
"""本条例 (this document), 该条例 (the document just named)."""


def document_suffix(title: str) -> str:
    """The type word a title ends with (the longest), or ``""``; a closing 》 and an edition in brackets
    (a headline such as 某某印发《某某条例（2024年修订）》) do not count.

    >>> document_suffix("某某市河湖保护条例"), document_suffix("某某印发《某某法（草案）》"), document_suffix("发布会")
    ('条例', '法', '')
    """
    base = re.sub(r"(?:[》\s]|[（(][^（()）]*[）)])+$", "", title)
    return next((w for w in sorted(DOCUMENT_SUFFIXES, key=lambda w: (-len(w), w)) if base.endswith(w)), "")


ARTICLE = rf"第({NUM})条(?:之({NUM}))?"
"""第X条(之N): the article part of every citation (groups: number, sub-number)."""
CITATION = rf"第?({NUM})条(?:之({NUM}))?(?:第?({NUM})款)?(?:第?\(?({NUM})\)?项)?(?:第?({NUM})目)?"
"""A typed citation after normalisation (groups: article, sub, 款, 项, 目)."""
EID = (r"^(?:.*[/#])?art_?([0-9]+)(?:_([0-9]+))?"
       r"(?:__para_([0-9]+)(?:__item_([0-9]+)(?:__point_([0-9]+))?)?)?/?$")
"""An id or URL of a unit: art_23__para_1, doc/art_23/#art_23__para_1, art23, art_5__para_1__item_2__point_1."""
CONTAINER = rf"(?:第({NUM})编)?(?:第({NUM})分编)?(?:第({NUM})章)?(?:第({NUM})节)?"
"""第一编第二分编第三章第四节, any of them left out (groups: 编, 分编, 章, 节; which combinations make sense is
checked afterwards: a 分编 needs its 编, a 节 its 章, and a 编 or a 章 must be there)."""
CONTAINER_EID = (r"(?:.*[/#])?(?:book_([0-9]+)(?:__part_([0-9]+))?(?:__chp_([0-9]+)(?:__sec_([0-9]+))?)?"
                 r"|chp_?([0-9]+)(?:__sec_([0-9]+))?)/?")
"""An id or URL of a container: book_1, book_3__part_2, book_1__chp_2__sec_3, chp_4, doc/chp_4/, chp4
(groups: 编, 分编, 章, 节 under a 编; 章, 节 without)."""
TRAILING = r"[。，,；;：:！!？?、]+$"
SPACE = r"[\s\u3000]+"
SCAN_NUM = NUM
_SCAN_ITEM = rf"第[(（]?{SCAN_NUM}[)）]?项(?:第{SCAN_NUM}目)?"
SCAN_PARTS = (
    r"(《[^》\n]{1,40}》)",
    None,  # the self words, filled in by ``patterns``
    rf"(第{SCAN_NUM}条(?:之{SCAN_NUM})?(?:第{SCAN_NUM}款)?(?:{_SCAN_ITEM})?)",
    rf"(第{SCAN_NUM}款(?:{_SCAN_ITEM})?)",
    rf"({_SCAN_ITEM})",
    rf"(第{SCAN_NUM}编(?:第{SCAN_NUM}分编)?(?:第{SCAN_NUM}章(?:第{SCAN_NUM}节)?)?|第{SCAN_NUM}章(?:第{SCAN_NUM}节)?)",
    rf"((?:本条(?!例)(?:第{SCAN_NUM}款)?|本款|前款|前[两二三四五六七八九十]款)(?:{_SCAN_ITEM})?|本项|本目|本章|本节|本编)",
)
"""The scanner's alternatives (groups): 1 a 《title》, 2 a self word (本条例), 3 a 条 citation, 4 a 款, 5 a 项,
6 a container (第一编第二章, 第三章第一节), 7 a relative reference (本条, 本款, 前款, 前两款, 本章 …: they mean
the unit where the text stands, so only a page that knows it can link them)."""
ATTACH_GAP = r"^(?:[\s\u3000*_]|[（(][^）)\n]{0,20}[）)])*$"
"""What may stand between a title and its 第X条 (spaces, Markdown emphasis marks, a parenthesised year)."""
CHAIN_GAP = r"^[\s\u3000]*(?:、|，|,|和|及|以及|与|或者|或|至|到|—|－|-|~|～)[\s\u3000]*$"
"""What may join the members of a list or range (第十六条、第十七条; 第十六条至第十八条)."""
PARA_ITEM = rf"^第({SCAN_NUM})款(?:第[(（]?({SCAN_NUM})[)）]?项(?:第({SCAN_NUM})目)?)?$"
ITEM = rf"^第[(（]?({SCAN_NUM})[)）]?项(?:第({SCAN_NUM})目)?$"
TITLE_SUFFIX = r"[（(].*$"
"""A parenthesised edition after a title (《条例（2024年修订）》) is not part of the title."""


@dataclass(frozen=True, slots=True)
class CitedDocument:
    """A document of the site as citations name it."""

    slug: str
    title: str
    """The full title (某某检查工作条例)."""
    kind: str
    aliases: tuple[str, ...]
    """Every title a citation may use, the full one first (full title, short title, metadata aliases)."""

    @property
    def suffix(self) -> str:
        """The type word its title ends with (条例, 法 …; ``""`` for none): its own pages call it 本 + this word."""
        return document_suffix(self.title)


@dataclass(frozen=True, slots=True)
class OutsideDocument:
    """A document that is not on the site, with the address the editor gave for it (may be empty)."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Catalog:
    """The citable documents of the site and the outside documents the metadata maps to URLs."""

    documents: tuple[CitedDocument, ...]
    outside: tuple[OutsideDocument, ...] = ()

    def find(self, title: str) -> CitedDocument | None:
        """The document a title names (an edition in brackets ignored); None for an outside title.

        >>> Catalog((CitedDocument("a", "甲条例", "regulation", ("甲条例", "甲")),)).find("甲（2024年修订）").slug
        'a'
        """
        base = re.sub(TITLE_SUFFIX, "", title)
        return next((d for d in self.documents if base in d.aliases), None)

    def by_slug(self, slug: str) -> CitedDocument | None:
        return next((d for d in self.documents if d.slug == slug), None)

    def suffixes(self) -> tuple[str, ...]:
        """The type words of the documents' titles (条例, 办法 …), sorted: the self words are 本/该 + these.

        >>> Catalog((CitedDocument("a", "甲条例", "regulation", ("甲条例",)),)).suffixes()
        ('条例',)
        """
        return tuple(sorted({d.suffix for d in self.documents if d.suffix}))

    def self_words(self) -> tuple[str, ...]:
        """本条例, 该条例, 本办法 …: the words that mean a document of this catalog's type (sorted).

        >>> Catalog((CitedDocument("a", "甲法", "regulation", ("甲法",)),)).self_words()
        ('本法', '该法')
        """
        return tuple(sorted(p + s for p in SELF_PREFIXES for s in self.suffixes()))

    def outside_url(self, title: str) -> str:
        """The editor's URL for an outside title, or ``""``."""
        base = re.sub(TITLE_SUFFIX, "", title)
        return next((o.url for o in self.outside if o.title in (title, base)), "")


def catalog_of(meta) -> Catalog:
    """The catalog of a ``CorpusMeta``: every document with its title, short title and aliases (in that order).

    >>> # catalog_of(corpus.meta).find("检查工作条例").slug == "doc"
    """
    docs = []
    for d in meta.documents:
        names = [d.title, d.short_title, *getattr(d, "aliases", ())]
        docs.append(CitedDocument(d.slug, d.title, d.kind, tuple(dict.fromkeys(n for n in names if n))))
    outside = tuple(OutsideDocument(o.title, o.url) for o in getattr(meta, "outside", ()))
    return Catalog(tuple(docs), outside)


def catalog_of_permalinks(permalinks: Iterable[Permalink]) -> Catalog:
    """A catalog from the permalinks alone (full titles only): for manifests read without metadata."""
    docs: dict[str, CitedDocument] = {}
    for e in permalinks:
        if e.doc in docs:
            continue
        title = e.heading if e.kind == "document" else e.doc
        docs[e.doc] = CitedDocument(e.doc, title, "regulation", (title,))
    return Catalog(tuple(docs.values()))


def _alternation(words: Iterable[str]) -> str:
    """``(?:a|b)`` of literal words, longest first (so 某某检查工作条例 wins over 检查工作条例); never
    matching when there are none."""
    ws = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in ws) + ")" if ws else "(?!)"


def patterns(catalog: Catalog) -> dict[str, str]:
    """Every pattern source of the grammar for this catalog (the keys ``lawref-citation.js`` reads).

    >>> sorted(patterns(Catalog(())))[:3]
    ['attach_gap', 'chain_gap', 'chapter']
    """
    bare = _alternation(a for d in catalog.documents for a in d.aliases)
    # A bare type word (条例第23条) and the self words (本条例第23条) mean the document in context.
    title = rf"(?:《([^》]+)》|({bare})|({_alternation(catalog.self_words() + catalog.suffixes())}))"
    scan = [part if part is not None else f"({_alternation(catalog.self_words())})" for part in SCAN_PARTS]
    return {
        "full": rf"^{title}?(?:的)?{CITATION}$",
        "dotted": rf"^{title}?([0-9]+)(?:\.([0-9]+)(?:\.([0-9]+))?)?$",
        "eid": EID,
        "chapter": rf"^{title}?(?:{CONTAINER}|{CONTAINER_EID})$",
        "trailing": TRAILING,
        "space": SPACE,
        "scan": "|".join(scan),
        "attach_gap": ATTACH_GAP,
        "chain_gap": CHAIN_GAP,
        "para_item": PARA_ITEM,
        "item": ITEM,
        "title_suffix": TITLE_SUFFIX,
    }


def grammar_data(catalog: Catalog) -> dict:
    """What the browser needs of the grammar: numeral tables, pattern sources, the catalog.

    >>> grammar_data(Catalog(()))["numerals"]["units"]["十"]
    10
    """
    return {
        "numerals": {"digits": DIGIT_VALUE, "units": UNIT_VALUE, "canonical": DIGITS, "max": MAX_NUMBER,
                     "fold_digits": FOLD_DIGITS, "fold_units": FOLD_UNITS},
        "half_width": HALF_WIDTH,
        "patterns": patterns(catalog),
        "documents": [{"slug": d.slug, "title": d.title, "kind": d.kind, "aliases": list(d.aliases)}
                      for d in catalog.documents],
        "outside": [{"title": o.title, "url": o.url} for o in catalog.outside],
    }


GRAMMAR_SCRIPT = "assets/lawref-grammar.js"
"""Site-relative path of the generated grammar script (loaded before lawref-citation.js and segment.js)."""


def grammar_script(catalog: Catalog) -> bytes:
    """``assets/lawref-grammar.js``: the grammar data as a script defining ``LawrefGrammar`` (window, worker, node).

    Invariant: deterministic (sorted keys); the JS never holds a hand copy of what is here.
    """
    data = json.dumps(grammar_data(catalog), ensure_ascii=False, sort_keys=True, indent=None)
    return ("/* generated by lawref (build/lawref/cite/grammar.py) from the document metadata; do not edit */\n"
            "(function (root) {\n  var G = " + data + ";\n"
            "  if (typeof module === \"object\" && module.exports) module.exports = G;\n"
            "  root.LawrefGrammar = G;\n"
            "})(typeof self !== \"undefined\" ? self : globalThis);\n").encode("utf-8")
