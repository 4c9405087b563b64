"""Stage 3c, editorial: annotations + resolved references → the ``render.Editorial`` the renderer consumes.

Builds, once per build and before any page is written: the marks of every 款/项 (cross-reference links,
glossary terms at their first occurrence in an article, errata), the block under each article (notes,
cross-references both ways, related documents, backlinks), the extra pages (术语表, 时限一览, 责任主体,
程序图), the 校勘记 errata rows, and the coverage figures. Pure: returns data, writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from jinja2 import Environment
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from ..cite import urls
from ..cite.autolink import link_tokens
from ..cite.citations import label_for
from ..cite.grammar import catalog_of
from ..cite.link import TextRef, resolve_references
from ..cite.permalinks import build_permalinks
from ..cite.resolve import PermalinkIndex
from ..diagnostics import Diagnostic
from ..editorial.annotations import (
    CONFIDENCE_LABELS,
    Annotation,
    Deadline,
    Definition,
    Duty,
    Entry,
    Erratum,
    Note,
    Ref,
    Related,
    Step,
    Xref,
    load_annotations,
    targets_by_document,
)
from ..editorial.witnesses import Register
from ..model import Article, Corpus, Document, Item, Paragraph
from ..source.ids import article_of
from .records import (
    ArticleErratum,
    Backlink,
    DeadlineRow,
    DefinitionRow,
    DutyRow,
    ErratumRow,
    EvidenceRow,
    NoteBlock,
    RelatedRow,
    StepRow,
    SubjectGroup,
    TermLink,
    UnitCollation,
    UnitLink,
    Versions,
    ViewLink,
    WitnessRow,
    XrefRow,
)
from .render import Editorial, SearchEntry, template_env
from .templates import PAGES

TEMPLATES = PAGES
E = TypeVar("E", bound=Entry)

GLOSSARY, DEADLINES, DUTIES, PROCEDURE = "shuyu", "shixian", "zeren", "chengxu"
"""The derived views' page names under their document (``{slug}/shuyu/`` …)."""


def view_url(slug: str, view: str) -> str:
    """The URL of a derived view of document ``slug``.

    >>> view_url("doc", GLOSSARY)
    'doc/shuyu/'
    """
    return f"{slug}/{view}/"


def procedure_title(doc: Document) -> str:
    """The procedure chart's title: the document's metadata (``procedure.title``), else 程序图."""
    return doc.meta.procedure.title or "程序图"


PREVIEW_LIMIT = 160


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which articles of one document printed in the source have at least one note or cross-reference."""

    slug: str
    total: int
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]
    counts: tuple[tuple[str, int], ...]
    """(kind, number of entries) for every annotation kind."""

    def summary(self) -> str:
        """The build log's coverage line of this document.

        >>> Coverage("doc", 2, ("art_6",), ("art_7",), (("note", 1),)).summary()
        'doc: annotations cover 1/2 articles (uncovered: art_7); entries: note 1'
        >>> Coverage("other", 8, (), (), ()).summary()
        'other: no annotations (0/8 articles covered)'
        """
        if not self.counts:
            return f"{self.slug}: no annotations (0/{self.total} articles covered)"
        un = f" (uncovered: {', '.join(self.uncovered)})" if self.uncovered else ""
        return (f"{self.slug}: annotations cover {len(self.covered)}/{self.total} articles{un}; entries: "
                + ", ".join(f"{k} {n}" for k, n in self.counts))


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of a node's display text rendered specially: ``kind`` is ``ref``, ``term``, ``corr`` or ``query``."""

    start: int
    end: int
    kind: str
    replacement: str
    """Text shown instead of ``node.text[start:end]`` (a correction), or ``""`` to show the text itself."""
    href: str
    """Site-relative target URL (with fragment)."""
    title: str
    preview: str
    printed: str = ""
    """For errata: the source's characters as printed."""
    erratum: str = ""
    """For errata: the erratum's id."""
    confidence: str = ""
    """For errata: official | witness | internal | conjecture."""
    evidence: str = ""
    """For errata: the evidence in one line (witness ids with their readings, parallel passages)."""


@dataclass(frozen=True)
class EditorialResult:
    editorial: Editorial
    annotations: tuple[Annotation, ...]
    references: dict[str, tuple[TextRef, ...]]
    marks: dict[str, tuple[Mark, ...]]
    """``slug/eid`` of a node → its marks, sorted, non-overlapping."""
    coverage: tuple[Coverage, ...]
    """One per document, in corpus order."""
    backlinks: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """article ``slug/eid`` → (site-relative URL, label) of every provision or annotation pointing to it."""


def markdown() -> MarkdownIt:
    """The annotation Markdown renderer: CommonMark, raw HTML off, no images (they would fetch from other hosts).

    ``javascript:``/``vbscript:``/``data:`` links are refused by markdown-it's link validation and stay text.

    >>> markdown().render("<script>x</script>")
    '<p>&lt;script&gt;x&lt;/script&gt;</p>\\n'
    """
    return MarkdownIt("commonmark", {"html": False}).disable("image")


_MD = markdown()


def render_markdown(text: str, page_url: str, targets: Mapping[str, Ref],
                    cite: tuple[PermalinkIndex, str, str] | None = None) -> Markup:
    """Annotation Markdown → HTML; a link whose href is an element id (``art_16``) points to that unit.
    With ``cite`` = (permalinks, the annotation's document, the id of its target), the citations in its text are
    linked too (``autolink.link_tokens``): a bare 第十六条 in that document, 第二款 or 前款 of the target.

    >>> render_markdown("见[第十六条](art_16)", "doc/art_17/", {"art_16": Ref("doc", "art_16")})
    Markup('<p>见<a href="../art_16/">第十六条</a></p>')
    """
    tokens = _MD.parse(text)
    if cite is not None:
        cited, home, unit = cite
        link_tokens(tokens, cited, lambda e: urls.relative(page_url, e.url), home, unit)
    for t in tokens:
        for c in t.children or ():
            if c.type == "link_open":
                href = str(c.attrGet("href") or "")
                if href in targets:
                    r = targets[href]
                    c.attrSet("href", urls.relative(page_url, _unit_href(r)))
    html = _MD.renderer.render(tokens, _MD.options, {})
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


def _unit_href(r: Ref) -> str:
    return urls.document_url(r.slug) if not r.eid else urls.unit_href(r.slug, r.eid)


def _index(corpus: Corpus) -> dict[str, tuple[Document, object]]:
    """``slug/eid`` → (document, node) for every unit; ``slug`` alone → (document, document)."""
    out: dict[str, tuple[Document, object]] = {}
    for doc in corpus.documents:
        out[doc.slug] = (doc, doc)
        for u in doc.units():
            out[f"{doc.slug}/{u.eid}"] = (doc, u)
    return out


def _shorten(text: str, limit: int = PREVIEW_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _para_text(p: Paragraph) -> str:
    return p.text + "".join(i.label + i.text for i in p.items)


def preview_of(doc: Document, node) -> tuple[str, str]:
    """(title, plain preview text) of a unit, for hover cards.

    >>> # preview_of(reg, art_40__para_1) == ("第四十条第一款", "<its text>：（一）…")
    """
    if isinstance(node, Document):
        return f"《{doc.meta.title}》", _shorten(f"{doc.meta.issuer}发布。{doc.meta.summary}")
    if hasattr(node, "articles"):  # a chapter
        arts = node.articles
        return (f"{node.label} {node.title}",
                f"{arts[0].label}至{arts[-1].label}，共{len(arts)}条：" + "；".join(
                    _shorten(a.label + " " + "".join(_para_text(p) for p in a.paragraphs), 40) for a in arts[:3])
                + ("……" if len(arts) > 3 else ""))
    if isinstance(node, Article):
        if node.missing:
            return node.label, f"来源缺{node.label}：{node.missing_reason}。"
        return node.label, _shorten("".join(_para_text(p) for p in node.paragraphs))
    if isinstance(node, Paragraph):
        return label_for(doc, node.eid), _shorten(_para_text(node))
    if isinstance(node, Item):
        return label_for(doc, node.eid), _shorten(node.label + node.text)
    return getattr(node, "heading", "") or doc.meta.title, ""


def _locate(node, reading: str) -> list[int]:
    """Offsets in ``node.text`` where ``reading`` (as printed, or in display form) starts."""
    joined_raw = "".join(s.raw for s in node.segments)
    joined_text = "".join(s.text for s in node.segments)
    prefix = len(joined_text) - len(node.text) if joined_text.endswith(node.text) else 0
    found: set[int] = set()
    for hay in (joined_raw, joined_text):
        start = hay.find(reading)
        while start >= 0:
            if start >= prefix:
                found.add(start - prefix)
            start = hay.find(reading, start + 1)
    return sorted(found)


def _raw_slice(node, start: int, end: int) -> str:
    """The source's characters (as printed) of ``node.text[start:end]``; display and raw align one to one."""
    joined_raw = "".join(s.raw for s in node.segments)
    joined_text = "".join(s.text for s in node.segments)
    prefix = len(joined_text) - len(node.text) if joined_text.endswith(node.text) else 0
    if len(joined_raw) != len(joined_text):
        return node.text[start:end]
    return joined_raw[prefix + start: prefix + end]


def _nodes_in_order(art: Article):
    for p in art.paragraphs:
        yield p
        yield from p.items


def build_editorial(corpus: Corpus, files: tuple[tuple[str, bytes], ...],
                    register: Register | None = None,
                    partial: bool = False) -> tuple[EditorialResult | None, tuple[Diagnostic, ...]]:
    """Annotations + references → an ``EditorialResult``; ``None`` when any diagnostic is an error
    (unless ``partial``: then the result of the valid entries, so that later stages can still be checked).

    Invariant: pure and deterministic over (corpus, files); every mark's href names an existing unit.

    >>> # res, diags = build_editorial(corpus, project.glob("annotations/", ".yml")); res.coverage.total == 47
    """
    register = register or Register()
    anns, loaded = load_annotations(files, corpus, register)
    diags: list[Diagnostic] = list(loaded)
    index = _index(corpus)
    targets_of = targets_by_document(corpus)
    """Per document: the ids its annotations (and their Markdown links) resolve, bare ids inside it."""
    marks: dict[str, list[Mark]] = {}
    references: dict[str, tuple[TextRef, ...]] = {}
    backlinks: dict[str, set[tuple[str, str]]] = {}

    def card(key: str) -> tuple[str, str]:
        doc, node = index[key]
        return preview_of(doc, node)

    # 1. Errata first: they win over any other mark on the same characters.
    errata_rows: list[ErratumRow] = []
    corrections: dict[str, list[tuple[str, str, str]]] = {}
    for a in anns:
        if not isinstance(a, Erratum):
            continue
        r = a.target
        doc, node = index[f"{r.slug}/{r.eid}" if r.eid else r.slug]
        if not isinstance(node, (Paragraph, Item)):
            diags.append(Diagnostic(a.file, a.line, 1, "error", "erratum-target",
                                    f"erratum {a.id}: target {r.eid or r.slug} is not a 款, 项 or paragraph "
                                    "(expected the smallest unit holding the reading)"))
            continue
        source = a.source
        at = _locate(node, source)
        if len(at) != 1:
            diags.append(Diagnostic(a.file, a.line, 1, "error", "erratum-source",
                                    f"erratum {a.id}: '{source}' occurs {len(at)} times in {r.eid} "
                                    "(expected exactly once; quote more context)"))
            continue
        start, end = at[0], at[0] + len(source)
        conf = a.confidence
        corrected = a.corrected
        applied = conf != "conjecture" and corrected != ""
        url = urls.unit_href(r.slug, r.eid)
        label = label_for(doc, r.eid)
        jk = f"{urls.JIAOKANJI_URL}#{a.id}"
        printed = _raw_slice(node, start, end)
        label_conf = CONFIDENCE_LABELS[conf]
        ev_rows = evidence_rows(a, register, targets_of[a.document], index, urls.JIAOKANJI_URL)
        ev_line = "；".join(e.text for e in ev_rows)
        if applied:
            corrections.setdefault(f"{r.slug}/{r.eid}", []).append((a.id, printed, corrected))
            preview = f"来源作：{printed}\n校正为：{corrected}\n{label_conf}：{a.authority}\n依据：{ev_line}"
        elif corrected:
            preview = f"来源作：{printed}\n疑当作：{corrected}（{label_conf}，正文不改）\n{a.authority}"
        else:
            preview = f"来源作：{printed}\n文字有误或不相衔接，正读待考（{label_conf}，正文不改）\n{a.authority}"
        marks.setdefault(f"{r.slug}/{r.eid}", []).append(Mark(
            start, end, "corr" if applied else "query", corrected if applied else "", jk,
            "校勘：" + label, preview, printed, a.id, conf, ev_line))
        errata_rows.append(ErratumRow(
            a.id, url, label, source, corrected, a.authority, CONFIDENCE_LABELS[conf], conf,
            render_markdown(a.note, urls.JIAOKANJI_URL, targets_of[a.document]) if a.note else Markup(""),
            applied, ev_rows))

    # 2. References printed in the text.
    others = {d.slug: d for d in corpus.documents if d.kind == "regulation"}
    catalog = catalog_of(corpus.meta)
    for doc in corpus.documents:
        refs, rdiags = resolve_references(doc, others, catalog)
        diags.extend(rdiags)
        for node_eid, rs in sorted(refs.items()):
            key = f"{doc.slug}/{node_eid}"
            references[key] = rs
            taken = marks.get(key, [])
            for t in rs:
                if any(m.start < t.end and t.start < m.end for m in taken):
                    continue
                tkey = f"{t.slug}/{t.eid}" if t.eid else t.slug
                title, preview = card(tkey)
                href = urls.unit_href(t.slug, t.eid) if t.eid else urls.document_url(t.slug)
                marks.setdefault(key, []).append(Mark(t.start, t.end, "ref", "", href, title, preview))
                if t.eid and not t.eid.startswith("chp_") and article_of(t.eid) != article_of(node_eid):
                    backlinks.setdefault(f"{t.slug}/{article_of(t.eid)}", set()).add(
                        (urls.unit_href(doc.slug, node_eid), label_for(doc, node_eid) + "（正文引用“" + t.text + "”）"))

    # 3. Glossary terms: the first occurrence of each term in each article, of the document its file names only;
    #    never a term switched off by its editor (highlight: false) nor one spelled as the document's own subject
    #    words (corpus.yml subject_terms).
    for doc in corpus.documents:
        terms = [a for a in anns if isinstance(a, Definition) and a.document == doc.slug and a.highlight]
        forms = sorted(((f, a) for a in terms for f in (a.term, *a.aliases)
                        if f not in doc.meta.subject_terms), key=lambda fa: (-len(fa[0]), fa[0]))
        if not forms:
            continue
        for art in doc.articles():
            seen: set[str] = set()
            for node in _nodes_in_order(art):
                key = f"{doc.slug}/{node.eid}"
                taken = list(marks.get(key, []))
                hits: list[tuple[int, int, Definition]] = []
                for form, a in forms:
                    s = node.text.find(form)
                    while s >= 0:
                        e = s + len(form)
                        if not any(m.start < e and s < m.end for m in taken) and not any(
                                hs < e and s < he for hs, he, _ in hits):
                            hits.append((s, e, a))
                        s = node.text.find(form, s + 1)
                for s, e, a in sorted(hits, key=lambda h: h[0]):
                    if a.id in seen:
                        continue
                    seen.add(a.id)
                    r = a.target
                    marks.setdefault(key, []).append(Mark(
                        s, e, "term", "", f"{view_url(doc.slug, GLOSSARY)}#{a.id}", a.term,
                        _shorten(_plain(a.body) + f"（见{label_for(index[r.slug][0], r.eid) if r.eid else '本条例'}）")))

    sorted_marks = {k: tuple(sorted(v, key=lambda m: m.start)) for k, v in sorted(marks.items())}

    # 4. The coverage of printed articles, per document; entries are counted under the document their file names.
    covered: set[tuple[str, str]] = set()
    for a in anns:
        if a.kind in ("note", "xref"):
            for r in a.refs:
                if r.eid and not r.eid.startswith("chp_"):
                    covered.add((r.slug, article_of(r.eid)))
    coverage_list = []
    for doc in corpus.documents:
        held = [a for a in doc.articles() if not a.missing]
        counts: dict[str, int] = {}
        for a in anns:
            if a.document == doc.slug:
                counts[a.kind] = counts.get(a.kind, 0) + 1
        coverage_list.append(Coverage(doc.slug, len(held),
                                      tuple(a.eid for a in held if (doc.slug, a.eid) in covered),
                                      tuple(a.eid for a in held if (doc.slug, a.eid) not in covered),
                                      tuple(sorted(counts.items()))))
    coverage = tuple(coverage_list)

    if not partial and any(d.severity == "error" for d in diags):
        return None, tuple(diags)

    env = template_env()  # the one template environment (autoescape, the |yaml and |mdtext filters)
    cited = PermalinkIndex(build_permalinks(corpus), catalog)  # notes' citations link through it
    bl = {k: tuple(sorted(v)) for k, v in sorted(backlinks.items())}

    def inline(doc: Document, node, page_url: str) -> Markup:
        return render_inline(node, sorted_marks.get(f"{doc.slug}/{node.eid}", ()), page_url)

    # (slug, article eid) → the annotations with a target in that article, in their order: the only ones
    # render_extras uses (each of its lists asks for a target inside the article), found without a scan.
    touching: dict[tuple[str, str], list[Annotation]] = {}
    for a in anns:
        for art_key in dict.fromkeys((r.slug, r.eid.split("__", 1)[0]) for r in a.refs if isinstance(r, Ref)):
            touching.setdefault(art_key, []).append(a)

    def article_extras(doc: Document, art: Article, page_url: str) -> Markup:
        marked = tuple(m for node in _nodes_in_order(art) for m in sorted_marks.get(f"{doc.slug}/{node.eid}", ())
                       if m.kind == "term")
        return render_extras(env, doc, art, page_url, tuple(touching.get((doc.slug, art.eid), ())), bl,
                             targets_of[doc.slug], index, register, marked, targets_of, cited)

    pages, nav = render_pages(env, corpus, anns, targets_of, index)
    editorial = Editorial(inline=inline, article_extras=article_extras, pages=pages, nav=nav,
                          search_entries=search_entries(anns, index),
                          jiaokanji_rows=tuple(sorted(errata_rows, key=lambda r: (r.url, r.id))),
                          texts=corrected_texts(corpus, sorted_marks),
                          corrections={k: tuple(v) for k, v in sorted(corrections.items())},
                          versions=versions(corpus, register, anns), notes=print_notes(corpus, sorted_marks))
    return EditorialResult(editorial, anns, references, sorted_marks, coverage, bl), tuple(diags)


def search_entries(anns: tuple[Annotation, ...], index: dict) -> tuple[SearchEntry, ...]:
    """The notes, glossary terms, deadlines and errata as search entries, in annotation order.

    Invariant: each ``url`` is an anchor the site has (``note-…``, ``term-…``, a row id on 时限一览 or 校勘记).
    """
    out: list[SearchEntry] = []

    def label(r: Ref) -> str:
        return preview_of(*index[f"{r.slug}/{r.eid}" if r.eid else r.slug])[0]

    for a in anns:
        refs = [r for r in a.refs if isinstance(r, Ref)]
        if not refs:
            continue
        r = refs[0]
        targets = tuple(_unit_href(t) for t in refs)
        if isinstance(a, Note) and r.eid:
            art = urls.unit_url(r.slug, article_of(r.eid))
            title = label(Ref(r.slug, article_of(r.eid))) + " 解读" + (f"：{a.title}" if a.title else "")
            out.append(SearchEntry(r.slug, "note", f"{art}#note-{a.id}", f"{art}#lr-notes", title, "编者注释",
                                   _plain(a.body), targets))
        elif isinstance(a, Definition):
            aliases = a.aliases
            glossary = view_url(a.document, GLOSSARY)  # the glossary of the document the entry's file names
            out.append(SearchEntry(r.slug, "term", f"{glossary}#{a.id}", glossary,
                                   a.term + (f"（又作{'、'.join(aliases)}）" if aliases else ""), "术语表",
                                   f"{a.term} {' '.join(aliases)} {_plain(a.body)}", targets))
        elif isinstance(a, Deadline):
            deadlines = view_url(a.document, DEADLINES)
            out.append(SearchEntry(r.slug, "deadline", f"{deadlines}#{a.id}", deadlines,
                                   f"{label(r)}：{a.period}", "时限一览",
                                   f"时限 期限 {a.period} {a.starts} {a.who} {a.duty}", targets))
        elif isinstance(a, Erratum):
            corrected = a.corrected
            out.append(SearchEntry(r.slug, "erratum", f"{urls.JIAOKANJI_URL}#{a.id}", urls.JIAOKANJI_URL,
                                   f"{label(r)} 校勘", "校勘记",
                                   f"来源作“{a.source}”" + (f"，校正为“{corrected}”" if corrected else "")
                                   + f"。{a.authority}", targets))
    return tuple(out)


def _plain(md: str) -> str:
    """Markdown → one line of plain text for a hover card."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    return re.sub(r"[*_`#>]+|\s+", lambda m: "" if m.group(0).strip() else " ", text).strip()


def render_inline(node: Paragraph | Item, marks: tuple[Mark, ...], page_url: str) -> Markup:
    """The HTML of a node's text: marks as links / term / correction spans, the rest escaped.

    The wrapper carries ``data-raw``, the node exactly as printed (all its segments' ``raw``, an item's
    label included), which the as-printed switch shows instead.

    >>> # render_inline(art_40__para_2, (Mark(…'ref'…),), "doc/art_40/") → '<span class="lr-text" data-raw="…">…<a class="lr-ref" href="#art_40__para_1" …>上述条件</a>…'
    """
    text = node.text
    out: list[str] = []
    pos = 0
    for m in marks:
        out.append(str(escape(text[pos:m.start])))
        shown = escape(m.replacement if m.kind == "corr" else text[m.start:m.end])
        href = escape(_href(page_url, m.href))
        preview = str(escape(m.preview)).replace("\n", "&#10;")  # keep each mark on one source line
        common = f'data-title="{escape(m.title)}" data-preview="{preview}"'
        if m.kind == "ref":
            out.append(f'<a class="lr-ref" href="{href}" {common}>{shown}</a>')
        elif m.kind == "term":
            out.append(f'<span class="lr-term" tabindex="0" data-href="{href}" {common}>{shown}</span>')
        else:
            # Clean markup for every consumer (print footnotes, copy, the pop-up): the printed reading, the
            # reading shown, the erratum, its confidence and evidence as data attributes. The sign (校/疑) is drawn
            # by the stylesheet (::after), so the element's text stays the text of the law.
            out.append(f'<span class="lr-{m.kind}" tabindex="0" data-href="{href}" '
                       f'data-source="{escape(m.printed or text[m.start:m.end])}" '
                       f'data-printed="{escape(m.printed or text[m.start:m.end])}" '
                       f'data-corrected="{escape(m.replacement)}" data-erratum="{escape(m.erratum)}" '
                       f'data-confidence="{escape(m.confidence)}" data-evidence="{escape(m.evidence)}" '
                       f'{common}>{shown}</span>')
        pos = m.end
    out.append(str(escape(text[pos:])))
    raw = "".join(s.raw for s in node.segments)
    return Markup(f'<span class="lr-text" data-raw="{escape(raw)}">{"".join(out)}</span>')


def _href(page_url: str, target: str) -> str:
    """Relative link; a fragment on the current page stays a bare fragment (``#art_40__para_1``)."""
    page, _, frag = target.partition("#")
    if page == page_url and frag:
        return f"#{frag}"
    return urls.relative(page_url, target)


def render_extras(env: Environment, doc: Document, art: Article, page_url: str, anns: tuple[Annotation, ...],
                  backlinks: dict, targets: Mapping[str, Ref], index: dict, register: Register | None = None,
                  marked: tuple[Mark, ...] = (), targets_of: Mapping[str, Mapping[str, Ref]] | None = None,
                  cited: PermalinkIndex | None = None) -> Markup:
    """The block under an article: 解读, 关联条文, 相关文件, 本条术语, 校勘, 被引用 (text references and
    cross-references pointing here, with their reasons), 另见 (derived pages that cite the article).

    本条术语 lists the glossary marks of the article's text (``marked``, in reading order, each term once): the
    list and the underlined words above it are the same.

    Invariant: every href is relative to ``page_url``; Markdown is rendered inert (``render_markdown``);
    only the entries of ``anns`` with a target inside ``art`` count (the caller may pass just those).
    """

    def in_art(r: Ref) -> bool:
        return r.slug == doc.slug and (r.eid == art.eid or r.eid.startswith(art.eid + "__"))

    register = register or Register()

    def ids(a: Annotation) -> Mapping[str, Ref]:
        """The ids ``a``'s Markdown and evidence resolve: those of the document its file names."""
        return (targets_of or {}).get(a.document, targets)

    def md(text: str, a: Annotation | None = None) -> Markup:
        return render_markdown(text, page_url, ids(a) if a else targets)

    def link(r: Ref) -> UnitLink:
        d, node = index[f"{r.slug}/{r.eid}" if r.eid else r.slug]
        return UnitLink(_href(page_url, _unit_href(r)), preview_of(d, node)[0])

    def note_md(a: Note) -> Markup:
        """A note's body, its citations linked: bare ones in its document, relative ones of its target."""
        target = a.target
        return render_markdown(a.body, page_url, ids(a),
                               (cited, target.slug, target.eid) if cited is not None and target.eid else None)

    notes = [NoteBlock(a.id, a.title, link(a.target) if a.target.eid != art.eid else None,
                       note_md(a)) for a in anns if isinstance(a, Note) and in_art(a.target)]
    xrefs = []
    back = [Backlink(_href(page_url, u), lbl, "") for u, lbl in backlinks.get(f"{doc.slug}/{art.eid}", ())]
    for a in anns:
        if not isinstance(a, Xref):
            continue
        if in_art(a.target):
            xrefs.append(XrefRow(a.id, link(a.target), tuple(link(t) for t in a.to),
                                 md(a.reason, a)))
        elif any(in_art(t) for t in a.to):
            src = a.target
            href = urls.unit_url(src.slug, src.eid) + f"#xref-{a.id}"
            back.append(Backlink(_href(page_url, href),
                                 f"{link(src).label}的注释（互见{'、'.join(link(t).label for t in a.to if in_art(t))}）",
                                 md(a.reason, a)))
    related = [RelatedRow(a.id, a.title, a.issuer, a.date, a.published_in,
                          md(a.body, a) if a.body else "")
               for a in anns if isinstance(a, Related) and any(in_art(t) for t in a.targets)]
    vd = doc  # the derived views are per document: this document's, fed by the annotations that name it
    first = {m.href: m for m in reversed(marked)}  # each term at its first mark
    terms = [TermLink(h.partition("#")[2], first[h].title, urls.relative(page_url, h))
             for h in dict.fromkeys(m.href for m in marked)]
    errata = [ArticleErratum(a.id, link(a.target), urls.relative(page_url, f"{urls.JIAOKANJI_URL}#{a.id}"),
                             a.source, a.corrected, CONFIDENCE_LABELS[a.confidence],
                             a.confidence != "conjecture" and a.corrected != "",
                             evidence_rows(a, register, ids(a), index, page_url))
              for a in anns if isinstance(a, Erratum) and in_art(a.target)]
    views = []
    for kind, url, name in (("deadline", view_url(vd.slug, DEADLINES), "时限一览"),
                            ("duty", view_url(vd.slug, DUTIES), "责任主体"),
                            ("step", view_url(vd.slug, PROCEDURE), procedure_title(vd))):
        if any(a.kind == kind and a.document in ("", vd.slug) and any(in_art(r) for r in a.refs) for a in anns):
            views.append(ViewLink(urls.relative(page_url, url), name))
    html = env.get_template("_editorial_extras.html.j2").render(
        art=art, notes=notes, xrefs=xrefs, related=related, terms=terms, errata=errata, views=views, backlinks=back)
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


def render_pages(env: Environment, corpus: Corpus, anns: tuple[Annotation, ...],
                 targets_of: Mapping[str, Mapping[str, Ref]], index: dict) -> tuple[dict[str, str], list]:
    """The glossary, deadlines, duties and procedure pages of every document, fed only by the annotations whose
    file names that document, and their nav entries (one group per document that has any; a document without
    annotations has none)."""
    pages: dict[str, str] = {}
    groups: list[tuple[Document, list]] = []
    for doc in corpus.documents:
        mine = tuple(a for a in anns if a.document == doc.slug)
        entries = _document_pages(env, doc, mine, targets_of[doc.slug], index, pages)
        if entries:
            groups.append((doc, entries))
    if len(groups) == 1:
        return pages, [{"注释与图表": groups[0][1]}]
    return pages, [{f"注释与图表（{doc.meta.short_title or doc.meta.title}）": entries} for doc, entries in groups]


def _document_pages(env: Environment, reg: Document, anns: tuple[Annotation, ...], targets: Mapping[str, Ref],
                    index: dict, pages: dict[str, str]) -> list:
    """Add the derived views of one document to ``pages``; return their nav entries."""
    GLOSSARY_URL, DEADLINES_URL, DUTIES_URL, PROCEDURE_URL = (
        view_url(reg.slug, v) for v in (GLOSSARY, DEADLINES, DUTIES, PROCEDURE))

    def links(a: Annotation, url: str) -> tuple[UnitLink, ...]:
        return tuple(UnitLink(_href(url, _unit_href(r)), preview_of(*index[f"{r.slug}/{r.eid}" if r.eid else r.slug])[0])
                     for r in a.refs)

    order = {a.eid: n for n, a in enumerate(reg.articles())}

    def by_article(cls: type[E]) -> list[E]:
        """The entries of class ``cls`` in the order of the first article they name (then file and line)."""
        mine = [a for a in anns if isinstance(a, cls)]
        pos = {a.id: (min(order.get(article_of(r.eid), 999) for r in a.refs), a.file, a.line) for a in mine}
        return sorted(mine, key=lambda a: pos[a.id])

    glossary = [DefinitionRow(a.id, a.term, a.aliases,
                              render_markdown(a.body, GLOSSARY_URL, targets), links(a, GLOSSARY_URL))
                for a in by_article(Definition)]
    deadlines = [DeadlineRow(a.id, a.period, a.starts, a.who, a.duty,
                             links(a, DEADLINES_URL)) for a in by_article(Deadline)]
    duties = [DutyRow(a.id, a.subject, a.duty, links(a, DUTIES_URL)) for a in by_article(Duty)]
    first_seen: dict[str, int] = {}  # subjects in the order the annotation files introduce them
    for d in sorted((a for a in anns if isinstance(a, Duty)), key=lambda a: (a.file, a.line)):
        first_seen.setdefault(d.subject, len(first_seen))
    subjects = [SubjectGroup(k, tuple(d for d in duties if d.subject == k))
                for k in sorted(first_seen, key=first_seen.__getitem__)]
    steps = [StepRow(a.id, a.label, a.body, a.lane, links(a, PROCEDURE_URL))
             for a in sorted((a for a in anns if isinstance(a, Step)), key=lambda a: (a.file, a.line))]
    main = [s for s in steps if (s.lane or "main") == "main"]
    sup = [s for s in steps if s.lane == "supervision"]
    from ..model import ProcedureView
    procedure = ProcedureView(procedure_title(reg), reg.meta.procedure.description, reg.meta.procedure.lead,
                              reg.meta.procedure.caption)
    common = {"reg": reg, "procedure": procedure}
    # A view is published only when annotations feed it (a document without annotations has none).
    views = [(GLOSSARY_URL, "术语表", "glossary.md.j2", glossary and {"terms": glossary}),
             (DEADLINES_URL, "时限一览", "deadlines.md.j2", deadlines and {"rows": deadlines}),
             (DUTIES_URL, "责任主体", "duties.md.j2", duties and {"subjects": subjects}),
             (PROCEDURE_URL, procedure.title, "procedure.md.j2", steps and {"main": main, "supervision": sup})]
    entries = []
    for url, name, template, data in views:
        if data:
            pages[urls.page_src(url)] = env.get_template(template).render(**data, **common)
            entries.append({name: urls.page_src(url)})
    return entries


def correction_note(m: Mark) -> str:
    """The footnote of a correction (``corr``) or a doubt (``query``) mark, in downloads and on paper: the editor's,
    with the printed reading and the authority (the mark's hover card, on one line).

    >>> correction_note(Mark(0, 2, "corr", "落实", "jiaokanji/#e", "校勘", "来源作：意识\\n校正为：落实\\n内证：某某。", "意识"))
    '编者校正。来源作“意识”；校正为“落实”；内证：某某。'
    """
    lines = [line.strip() for line in m.preview.split("\n") if line.strip()]
    # The readings themselves in quotation marks: a reading may end in punctuation (队伍建设和;).
    lines = [f"{line[:3]}“{line[4:]}”" if line[:4] in ("来源作：", "校正为：") else line.rstrip("。") for line in lines]
    return f"编者{'校正' if m.kind == 'corr' else '存疑'}。{'；'.join(lines)}。"


def print_notes(corpus: Corpus, marks: dict[str, tuple[Mark, ...]]) -> dict[str, tuple[str, ...]]:
    """``slug/article eid`` → the footnotes of its corrections and doubts, in the order their marks appear in the
    text (the printed page numbers them in that order).

    >>> # print_notes(corpus, res.marks)["doc/art_18"][0].startswith("编者校正。来源作：意识全面")
    """
    out: dict[str, tuple[str, ...]] = {}
    for doc in corpus.documents:
        for art in doc.articles():
            notes = tuple(correction_note(m) for node in _nodes_in_order(art)
                          for m in marks.get(f"{doc.slug}/{node.eid}", ()) if m.kind in ("corr", "query"))
            if notes:
                out[f"{doc.slug}/{art.eid}"] = notes
    return out


def corrected_texts(corpus: Corpus, marks: dict[str, tuple[Mark, ...]]) -> dict[str, str]:
    """``slug/eid`` → the node's text as the page shows it by default, with applied corrections.

    Only nodes with a correction are listed; search indexes these readings (what a reader sees).
    Invariant: the result differs from ``node.text`` only inside ``corr`` marks.

    >>> # corrected_texts(corpus, res.marks)["doc/art_18__para_1__item_2"] == the item's text with its corrections applied
    """
    out: dict[str, str] = {}
    index = _index(corpus)
    for key, ms in sorted(marks.items()):
        corr = [m for m in ms if m.kind == "corr"]
        if not corr:
            continue
        _, node = index[key]
        assert isinstance(node, (Paragraph, Item))  # corrections mark 款, 项 and paragraphs only
        text, pos, parts = node.text, 0, []
        for m in sorted(corr, key=lambda m: m.start):
            parts.append(text[pos:m.start] + m.replacement)
            pos = m.end
        out[key] = "".join(parts) + text[pos:]
    return out



def evidence_rows(a: Erratum, register: Register, targets: Mapping[str, Ref], index: dict,
                  page_url: str) -> tuple[EvidenceRow, ...]:
    """An erratum's evidence for display, one row per item (a witness with its reading, parallel passages by
    their labels, or the conjecture's reason)."""
    out: list[EvidenceRow] = []
    for ev in a.evidence:
        if "witness" in ev:
            w = register.get(ev["witness"])
            at = ""
            if ev.get("at") in targets:
                r = targets[ev["at"]]
                at = "（" + preview_of(*index[f"{r.slug}/{r.eid}"])[0] + "）"
            name = f"{w.id}（{w.kind_label}）" if w else ev["witness"]
            out.append(EvidenceRow("witness", f"{name}{at}作“{ev['reads']}”", f"#{ev['witness']}", ev["witness"]))
        elif "parallel" in ev:
            ids = ev["parallel"] if isinstance(ev["parallel"], list) else [ev["parallel"]]
            labels = []
            for t in ids:
                r = targets[t]
                labels.append(preview_of(*index[f"{r.slug}/{r.eid}" if r.eid else r.slug])[0])
            out.append(EvidenceRow("parallel", f"本文{'、'.join(labels)}作“{ev['reads']}”",
                                   urls.relative(page_url, _unit_href(targets[ids[0]])), ""))
        else:
            out.append(EvidenceRow("conjecture", f"推测：{ev['conjecture']}", "", ""))
    return tuple(out)


def versions(corpus: Corpus, register: Register, anns: tuple[Annotation, ...]) -> Versions:
    """The 校勘记's 版本 section: every witness, what was searched and not found, and for each unit (article,
    news section) whether it was collated and against which witnesses."""
    from ..editorial.witnesses import RELIABILITY
    wit = tuple(WitnessRow(w.id, w.kind_label, w.title, w.publisher, w.date, w.url, w.url_note, w.consulted,
                           w.coverage, w.covers, RELIABILITY[w.reliability], w.reliability_note, w.official)
                for w in register.witnesses)
    units = []
    for doc in corpus.documents:
        parts = [(a.eid, a.label, a.missing) for a in doc.articles()] or [
            (s.eid, s.heading or f"（上接{doc.continued_page}的部分）", False) for s in doc.sections]
        for eid, label, missing in parts:
            ws = register.covering(f"{doc.slug}/{eid}")
            units.append(UnitCollation(
                doc.meta.short_title or doc.title, urls.unit_href(doc.slug, eid), label, missing,
                tuple(w.id for w in ws if w.reliability != "low" and w.kind != "reference"),
                tuple(w.id for w in ws if w.reliability != "low" and w.kind == "reference"),
                tuple(w.id for w in ws if w.reliability == "low")))
    return Versions(wit, tuple(units), register.searched, register.persons)
