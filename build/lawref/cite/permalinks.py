"""The permalink manifest: every addressable unit with its id, URL, citation label and heading."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model import Corpus, Division, Document
from . import urls
from .citations import label_for

KINDS = ("document", "book", "part", "chapter", "chapter_section", "article", "paragraph", "item", "point",
         "section", "news_paragraph")
"""Every kind of addressable unit (``chapter_section`` is a 节; ``section`` a news section)."""


@dataclass(frozen=True, slots=True)
class Permalink:
    """One addressable unit of the site, as ``permalinks.json`` lists it."""

    doc: str
    """The slug of its document."""
    eid: str
    """Its Akoma Ntoso-style id (``art_23__para_1__item_3``); the slug for a document (``id`` in the JSON)."""
    kind: str
    """One of ``KINDS``."""
    url: str
    """Site-relative, with ``#eid`` for units shown on their container's page (款, 项, 目, 节, 编 …)."""
    label: str
    """The citation label (第二十三条第一款第（三）项; 《full title》 for a document)."""
    heading: str
    """Where it sits (第四章 工作程序、方式和权限 › 第二十三条)."""
    missing: bool = False
    """True for an article the source lacks (a lacuna has its page too)."""

    def to_json(self) -> dict[str, object]:
        """The ``permalinks.json`` entry (publish serialises it; nothing else writes JSON).

        >>> Permalink("d", "art_1", "article", "d/art_1/", "第一条", "第一条").to_json()["id"]
        'art_1'
        """
        return {"doc": self.doc, "id": self.eid, "kind": self.kind, "url": self.url, "label": self.label,
                "heading": self.heading, "missing": self.missing}

    @classmethod
    def from_json(cls, entry: Mapping[str, object]) -> Permalink:
        """An entry of a ``permalinks.json`` read back (``lawref link --permalinks FILE``); ValueError naming the
        field for one that is not such an entry.

        >>> Permalink.from_json({"doc": "d", "id": "art_1", "kind": "article", "url": "d/art_1/",
        ...                      "label": "第一条", "heading": "第一条", "missing": False}).eid
        'art_1'
        """
        if not isinstance(entry, Mapping):
            raise ValueError(f"an entry is {type(entry).__name__} (expected an object)")
        texts = {}
        for key in ("doc", "id", "kind", "url", "label", "heading"):
            v = entry.get(key)
            if not isinstance(v, str):
                raise ValueError(f"entry {entry.get('id')!r}: field {key!r} is {type(v).__name__} (expected a string)")
            texts[key] = v
        missing = entry.get("missing", False)
        if not isinstance(missing, bool):
            raise ValueError(f"entry {texts['id']!r}: field 'missing' is {type(missing).__name__} (expected true or false)")
        return cls(texts["doc"], texts["id"], texts["kind"], texts["url"], texts["label"], texts["heading"], missing)


def manifest_json(permalinks: Iterable[Permalink]) -> list[dict[str, object]]:
    """The JSON form of a manifest (what ``permalinks.json`` holds), in order."""
    return [p.to_json() for p in permalinks]


def division_starts(doc: Document) -> dict[str, list[Division]]:
    """Chapter or article eid → the 编/分编 (at their first chapter) and 节 (at their first article)
    that begin there, in document order.

    >>> division_starts(Document("d", "regulation", "t", "h", None))
    {}
    """
    out: dict[str, list[Division]] = {}
    for d in doc.divisions:
        at = (d.chapters[0] if d.chapters else d.first_article) if d.kind != "section" else d.first_article
        if at:
            out.setdefault(at, []).append(d)
    return out


def _division_entry(doc: Document, d: Division) -> Permalink:
    return Permalink(doc.slug, d.eid, {"section": "chapter_section"}.get(d.kind, d.kind), urls.unit_href(doc.slug, d.eid),
                     label_for(doc, d.eid), f"{d.label} {d.title}".strip())


def build_permalinks(corpus: Corpus) -> list[Permalink]:
    """One entry per document, 编, 分编, chapter, 节, article (lacunae included), 款, 项, 目 and news
    section/paragraph (``Permalink``); publish writes them as ``permalinks.json`` (``Permalink.to_json``).

    Invariant: ``(doc, eid)`` pairs are unique; the list is in document order.

    >>> # Permalink(doc="doc", eid="art_23__para_1__item_3", kind="item",
    >>> #           url="doc/art_23/#art_23__para_1__item_3", label="第二十三条第一款第（三）项",
    >>> #           heading="第四章 工作程序、方式和权限 › 第二十三条", missing=False)
    """
    out: list[Permalink] = []
    for doc in corpus.documents:
        out.append(Permalink(doc.slug, doc.slug, "document", urls.document_url(doc.slug), f"《{doc.meta.title}》",
                             doc.meta.title))
        if doc.kind == "regulation":
            starts = division_starts(doc)
            for ch in doc.chapters:
                for d in starts.get(ch.eid, ()):
                    out.append(_division_entry(doc, d))
                ch_head = f"{ch.label} {ch.title}" if ch.eid else doc.meta.title
                if ch.eid:
                    out.append(Permalink(doc.slug, ch.eid, "chapter", urls.unit_url(doc.slug, ch.eid),
                                         label_for(doc, ch.eid), ch_head))
                for a in ch.articles:
                    for d in starts.get(a.eid, ()):
                        out.append(_division_entry(doc, d))
                    where = f"{ch_head} › {a.label}"
                    out.append(Permalink(doc.slug, a.eid, "article", urls.unit_url(doc.slug, a.eid), a.label, where,
                                         a.missing))
                    for p in a.paragraphs:
                        out.append(Permalink(doc.slug, p.eid, "paragraph", urls.unit_href(doc.slug, p.eid),
                                             label_for(doc, p.eid), where))
                        for i in p.items:
                            out.append(Permalink(doc.slug, i.eid, "item", urls.unit_href(doc.slug, i.eid),
                                                 label_for(doc, i.eid), where))
                            for pt in getattr(i, "points", ()):  # 目, once the model has them
                                out.append(Permalink(doc.slug, pt.eid, "point", urls.unit_href(doc.slug, pt.eid),
                                                     label_for(doc, pt.eid), where))
        else:
            for s in doc.sections:
                head = label_for(doc, s.eid)
                out.append(Permalink(doc.slug, s.eid, "section", urls.unit_url(doc.slug, s.eid), head,
                                     f"{doc.meta.title} › {head}"))
                for p in s.paragraphs:
                    out.append(Permalink(doc.slug, p.eid, "news_paragraph", urls.unit_href(doc.slug, p.eid),
                                         label_for(doc, p.eid), f"{doc.meta.title} › {head}"))
    return out
