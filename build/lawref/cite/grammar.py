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

CN_NUM = f"[{NUMERAL_CHARS}]+"
"""A Chinese numeral (validated afterwards by ``numerals.parse_numeral``)."""
NUM = f"(?:[0-9０-９]+|{CN_NUM})"
"""A number as people type it: Arabic (half- or full-width) or Chinese."""
HALF_WIDTH = {**{chr(0xFF10 + i): str(i) for i in range(10)},
              "（": "(", "）": ")", "．": ".", "＿": "_", "＃": "#", "／": "/"}
"""Full-width characters a typed citation is folded from (one character to one)."""

SELF_WORDS = ("本条例", "该条例")
"""Words naming the document being read (本条例 in running text refers to the last title named)."""
BARE_WORDS = ("条例",)
"""A bare word typed for "the regulation" in a whole-string citation (条例第23条)."""

ARTICLE = rf"第({NUM})条(?:之({NUM}))?"
"""第X条(之N): the article part of every citation (groups: number, sub-number)."""
CITATION = rf"第?({NUM})条(?:之({NUM}))?(?:第?({NUM})款)?(?:第?\(?({NUM})\)?项)?"
"""A typed citation after normalisation (groups: article, sub, 款, 项)."""
EID = r"^(?:.*[/#])?art_?([0-9]+)(?:_([0-9]+))?(?:__para_([0-9]+)(?:__item_([0-9]+))?)?/?$"
"""An id or URL of a unit: art_23__para_1, doc/art_23/#art_23__para_1, art23."""
TRAILING = r"[。，,；;：:！!？?、]+$"
SPACE = r"[\s\u3000]+"
SCAN_NUM = NUM
SCAN_PARTS = (
    r"(《[^》\n]{1,40}》)",
    None,  # the self words, filled in by ``patterns``
    rf"(第{SCAN_NUM}条(?:之{SCAN_NUM})?(?:第{SCAN_NUM}款)?(?:第[(（]?{SCAN_NUM}[)）]?项)?)",
    rf"(第{SCAN_NUM}款(?:第[(（]?{SCAN_NUM}[)）]?项)?)",
    rf"(第[(（]?{SCAN_NUM}[)）]?项)",
)
ATTACH_GAP = r"^(?:[\s\u3000*_]|[（(][^）)\n]{0,20}[）)])*$"
"""What may stand between a title and its 第X条 (spaces, Markdown emphasis marks, a parenthesised year)."""
CHAIN_GAP = r"^[\s\u3000]*(?:、|，|,|和|及|以及|与|或者|或|至|到|—|－|-|~|～)[\s\u3000]*$"
"""What may join the members of a list or range (第十六条、第十七条; 第十六条至第十八条)."""
PARA_ITEM = rf"^第({SCAN_NUM})款(?:第[(（]?({SCAN_NUM})[)）]?项)?$"
ITEM = rf"^第[(（]?({SCAN_NUM})[)）]?项$"
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


def catalog_of_permalinks(permalinks: Iterable[dict]) -> Catalog:
    """A catalog from ``permalinks.json`` alone (full titles only): for manifests read without metadata."""
    docs: dict[str, CitedDocument] = {}
    for e in permalinks:
        if e["doc"] in docs:
            continue
        title = e["heading"] if e["kind"] == "document" else e["doc"]
        docs[e["doc"]] = CitedDocument(e["doc"], title, "regulation", (title,))
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
    title = rf"(?:《([^》]+)》|({bare})|({'|'.join(SELF_WORDS + BARE_WORDS)}))"
    scan = [part if part is not None else f"({'|'.join(SELF_WORDS)})" for part in SCAN_PARTS]
    return {
        "full": rf"^{title}?(?:的)?{CITATION}$",
        "dotted": rf"^{title}?([0-9]+)(?:\.([0-9]+)(?:\.([0-9]+))?)?$",
        "eid": EID,
        "chapter": rf"^{title}?(?:第({NUM})章|(?:.*[/#])?chp_?([0-9]+)/?)$",
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
