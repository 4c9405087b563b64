"""The permalink manifest: every addressable unit with its id, URL, citation label and heading."""

from __future__ import annotations

from ..model import Corpus, Division, Document
from . import urls
from .citations import label_for


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


def _division_entry(doc: Document, d: Division) -> dict:
    return {"doc": doc.slug, "id": d.eid, "kind": {"section": "chapter_section"}.get(d.kind, d.kind), "url": urls.unit_href(doc.slug, d.eid),
            "label": label_for(doc, d.eid), "heading": f"{d.label} {d.title}".strip(), "missing": False}


def build_permalinks(corpus: Corpus) -> list[dict]:
    """One entry per document, chapter, article (lacunae included), 款, 项 and news section/paragraph.

    Each entry: ``doc`` (slug), ``id`` (Akoma Ntoso-style eid, the slug for a document), ``kind``
    (document, book, part, chapter, chapter_section, article, paragraph, item, section, news_paragraph), ``url`` (site-relative,
    with ``#id`` for 款/项/news paragraphs), ``label`` (citation label), ``heading`` (where it sits)
    and ``missing`` (true for an article the source lacks). Written as ``permalinks.json``.

    Invariant: ``(doc, id)`` pairs are unique; the list is in document order.

    >>> # {"doc": "doc", "id": "art_23__para_1__item_3", "kind": "item",
    >>> #  "url": "doc/art_23/#art_23__para_1__item_3", "label": "第二十三条第一款第（三）项",
    >>> #  "heading": "第四章 工作程序、方式和权限 › 第二十三条", "missing": false}
    """
    out: list[dict] = []
    for doc in corpus.documents:
        out.append({"doc": doc.slug, "id": doc.slug, "kind": "document", "url": urls.document_url(doc.slug),
                    "label": f"《{doc.meta.title}》", "heading": doc.meta.title, "missing": False})
        if doc.kind == "regulation":
            starts = division_starts(doc)
            for ch in doc.chapters:
                for d in starts.get(ch.eid, ()):
                    out.append(_division_entry(doc, d))
                ch_head = f"{ch.label} {ch.title}" if ch.eid else doc.meta.title
                if ch.eid:
                    out.append({"doc": doc.slug, "id": ch.eid, "kind": "chapter", "url": urls.unit_url(doc.slug, ch.eid),
                                "label": label_for(doc, ch.eid), "heading": ch_head, "missing": False})
                for a in ch.articles:
                    for d in starts.get(a.eid, ()):
                        out.append(_division_entry(doc, d))
                    out.append({"doc": doc.slug, "id": a.eid, "kind": "article", "url": urls.unit_url(doc.slug, a.eid),
                                "label": a.label, "heading": f"{ch_head} › {a.label}", "missing": a.missing})
                    for p in a.paragraphs:
                        out.append({"doc": doc.slug, "id": p.eid, "kind": "paragraph", "url": urls.unit_href(doc.slug, p.eid),
                                    "label": label_for(doc, p.eid), "heading": f"{ch_head} › {a.label}", "missing": False})
                        for i in p.items:
                            out.append({"doc": doc.slug, "id": i.eid, "kind": "item", "url": urls.unit_href(doc.slug, i.eid),
                                        "label": label_for(doc, i.eid), "heading": f"{ch_head} › {a.label}", "missing": False})
        else:
            for s in doc.sections:
                head = label_for(doc, s.eid)
                out.append({"doc": doc.slug, "id": s.eid, "kind": "section", "url": urls.unit_url(doc.slug, s.eid),
                            "label": head, "heading": f"{doc.meta.title} › {head}", "missing": False})
                for p in s.paragraphs:
                    out.append({"doc": doc.slug, "id": p.eid, "kind": "news_paragraph", "url": urls.unit_href(doc.slug, p.eid),
                                "label": label_for(doc, p.eid), "heading": f"{doc.meta.title} › {head}", "missing": False})
    return out
