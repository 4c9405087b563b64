"""Citation labels as Chinese legal writing prints them: 第二十三条第一款第（三）项."""

from __future__ import annotations

from ..model import Document, document_index
from ..source.numerals import to_numeral


def _find_article(doc: Document, art_eid: str):
    art = document_index(doc).article.get(art_eid)
    if art is None:
        raise KeyError(art_eid)
    return art


def label_for(doc: Document, eid: str) -> str:
    """The citation label of a unit of ``doc`` (without the document title).

    Paragraphs are always named (第一款), as in the permalink ids.

    >>> # label_for(reg, "art_23__para_1__item_3") == "第二十三条第一款第（三）项"
    """
    if eid.startswith(("chp_", "book_")):
        return _container_label(doc, eid)
    if eid.startswith("sec_"):
        parts = eid.split("__")
        sec = next(s for s in doc.sections if s.eid == parts[0])
        head = sec.heading or "开头部分"
        if len(parts) == 1:
            return head
        return f"{head}第{to_numeral(int(parts[1].split('_')[1]))}段"
    parts = eid.split("__")
    art = _find_article(doc, parts[0])
    label = art.label
    if len(parts) > 1:
        label += f"第{to_numeral(int(parts[1].split('_')[1]))}款"
    if len(parts) > 2:
        label += f"第（{to_numeral(int(parts[2].split('_')[1]))}）项"
    if len(parts) > 3:
        label += f"第{int(parts[3].split('_')[1])}目"  # 目 are printed 1．2．
    return label


def _container_label(doc: Document, eid: str) -> str:
    """第三章; under a 编 第二编第一章; a 节 第二章第一节; KeyError for an unknown id."""
    parts = eid.split("__")
    chapters = {c.eid: c for c in doc.chapters if c.eid}
    divisions = {d.eid: d for d in doc.divisions}
    out = []
    for i in range(len(parts)):
        prefix = "__".join(parts[: i + 1])
        node = chapters.get(prefix) or divisions.get(prefix)
        if node is None:
            if parts[i].startswith("part_"):
                continue
            raise KeyError(eid)
        out.append(node.label)
    return "".join(out)


def full_citation(doc: Document, eid: str) -> str:
    """《<full title>》第二十三条第一款第（三）项."""
    return f"《{doc.meta.title}》{label_for(doc, eid)}"


def versioned_citation(doc: Document, eid: str) -> str:
    """《<full title>》（<version>）第二十三条: the label the copy control gives (lawref-copy.js), with the version
    when the metadata names one."""
    m = doc.meta
    return f"《{m.title}》" + (f"（{m.version}）" if m.version else "") + label_for(doc, eid)
