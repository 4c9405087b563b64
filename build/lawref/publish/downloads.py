"""Stage 5, publish: the downloads — a regulation, and each of its chapters, as PDF and as Word .docx.

- ``downloads/{slug}.pdf`` / ``.docx``: the whole document; ``downloads/{slug}-{chp_eid}.pdf`` / ``.docx``: a chapter.
- The text is the text as the site shows it: applied corrections in the text, each one (and each doubtful reading
  the site marks but leaves as printed) a footnote giving the printed reading — the editor's, plainly. An article
  the source lacks is there, marked as a lacuna, never skipped.
- A title block says what the file is: title, version, issuer, dates, official publication, the source it was read
  from, the date of the text and the permanent address. Every article carries its permanent address as a link.
- PDF: Typst (the ``typst`` wheel ships the compiler); bookmarks from the 章/条 headings, Noto CJK fonts embedded
  (subset), text extractable. Word: python-docx; 章 and 条 in Word's ``Heading 1``/``Heading 2`` styles (the
  navigation pane lists them), corrections as real Word footnotes.
- Deterministic: the PDF's dates are the date of the text; the .docx's core properties too, and its zip entries
  carry one fixed timestamp.

Pure: returns bytes, writes nothing. A missing CJK font is an error diagnostic naming the Debian package.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..cite import urls
from ..diagnostics import Diagnostic
from ..model import Article, Chapter, Corpus, Document

DOWNLOADS_DIR = "downloads/"
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
FONT_PACKAGE = "fonts-noto-cjk"
DOCX_SERIF = "宋体"
DOCX_SANS = "黑体"
LEGEND = ("编者说明：正文照录来源；编者校正之处，正文作校正后的文字，脚注注明来源原作的字样和依据；"
          "疑有误而未改之处，脚注说明，正文照录。来源所缺的条文标明缺文，不补录。")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text; ``note`` is a footnote attached after it (the editor's: a correction or a doubt)."""

    text: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a download, in reading order."""

    kind: Literal["chapter", "article", "para", "item", "point", "lacuna", "editor"]
    label: str
    """``第一章 总则``, ``第六条``, ``（一）``; empty for a 款."""
    pieces: tuple[Piece, ...] = ()
    address: str = ""
    """The permanent address as shown (absolute with a base URL, else site-relative with a leading ``/``)."""
    href: str = ""
    """The link target: the absolute address, or the address relative to the downloaded file."""


@dataclass(frozen=True, slots=True)
class Download:
    """What one download holds: its title block facts and its blocks."""

    stem: str
    """File name without extension: ``doc`` or ``doc-chp_3``."""
    title: str
    version: str
    part: str
    """``第三章 对象和内容`` for a chapter download, else empty."""
    facts: tuple[tuple[str, str], ...]
    """(label, value) rows of the title block."""
    address: str
    href: str
    date: str
    """ISO date of the text (the documents' dates fix the files' dates: deterministic)."""
    issuer: str
    blocks: tuple[Block, ...]


def download_paths(corpus: Corpus) -> list[str]:
    """Site-relative paths of every download (known from the model alone, built or not).

    >>> # download_paths(corpus)[:2] == ["downloads/doc-chp_1.docx", "downloads/doc-chp_1.pdf"]
    """
    out = []
    for doc in corpus.documents:
        if doc.kind != "regulation":
            continue
        for stem in (doc.slug, *(f"{doc.slug}-{ch.eid}" for ch in doc.chapters)):
            out += [f"{DOWNLOADS_DIR}{stem}.pdf", f"{DOWNLOADS_DIR}{stem}.docx"]
    return sorted(out)


def download_links(doc: Document, chapter: Chapter | None = None) -> tuple[tuple[str, str], ...]:
    """(format name, site-relative path) of the downloads of a document or of one chapter.

    >>> # download_links(reg) == (("PDF", "downloads/doc.pdf"), ("Word", "downloads/doc.docx"))
    """
    stem = doc.slug if chapter is None else f"{doc.slug}-{chapter.eid}"
    return (("PDF", f"{DOWNLOADS_DIR}{stem}.pdf"), ("Word", f"{DOWNLOADS_DIR}{stem}.docx"))


def text_date(doc: Document) -> tuple[str, str]:
    """(ISO date, event) of the text: the latest dated event of the document (its current version's publication).

    >>> # text_date(reg) == ("2024-02-08", "中共中央发布")
    """
    return max(doc.meta.dates) if doc.meta.dates else ("", "")


def _address(base: str, site_url: str) -> tuple[str, str]:
    """(shown address, link target) of a site-relative URL, for a file in ``downloads/``."""
    if base:
        return base + site_url, base + site_url
    return "/" + site_url, urls.relative(DOWNLOADS_DIR, site_url)  # the files sit in downloads/


def collect_download(corpus: Corpus, doc: Document, chapter: Chapter | None, marks: dict, base: str) -> Download:
    """The content of one download: the document (``chapter`` None) or one chapter, text as the site shows it.

    Invariant: every article of the document (chapter) is one ``article`` or ``lacuna`` block, in order.
    """
    stem = doc.slug if chapter is None else f"{doc.slug}-{chapter.eid}"
    where = urls.document_url(doc.slug) if chapter is None else urls.unit_url(doc.slug, chapter.eid)
    address, href = _address(base, where)
    date, event = text_date(doc)
    facts: list[tuple[str, str]] = [("发布机关", doc.meta.issuer)]
    facts += [("日期", "；".join(f"{d} {e}" for d, e in doc.meta.dates))] if doc.meta.dates else []
    facts += [("施行日期", doc.meta.effective)] if doc.meta.effective else []
    sources = [s.provenance for f in corpus.meta.files_of(doc.meta) if (s := corpus.meta.source_meta(f)) is not None]
    facts += [("正式文本", doc.meta.published_in),
              ("本文来源", "；".join("，".join(x for x in (p.date, p.paper, p.issue, p.page, p.url) if x) for p in sources)),
              ("文本日期", f"{date}（{event}）" if date else "未详"),
              ("永久地址", address)]
    blocks: list[Block] = []
    for ch in (doc.chapters if chapter is None else (chapter,)):
        ch_addr, ch_href = _address(base, urls.unit_url(doc.slug, ch.eid))
        blocks.append(Block("chapter", f"{ch.label} {ch.title}", address=ch_addr, href=ch_href))
        if ch.title_source == "metadata":
            blocks.append(Block("editor", "", (Piece(f"〔编者注：本章标题来源未收，据正式文本标出：{doc.meta.published_in}。〕"),)))
        for art in ch.articles:
            blocks += _article_blocks(doc, art, marks, base)
    part = "" if chapter is None else f"{chapter.label} {chapter.title}"
    return Download(stem, doc.meta.title, doc.meta.version, part, tuple(facts), address, href, date,
                    doc.meta.issuer, tuple(blocks))


def _article_blocks(doc: Document, art: Article, marks: dict, base: str) -> list[Block]:
    addr, href = _address(base, urls.unit_url(doc.slug, art.eid))
    if art.missing:
        return [Block("lacuna", art.label, (Piece(f"〔来源缺{art.label}：{art.missing_reason}。本文只收来源所有的文字，不补录。〕"),),
                      addr, href)]
    out = [Block("article", art.label, address=addr, href=href)]
    for p in art.paragraphs:
        out.append(Block("para", "", _pieces(p, marks.get(f"{doc.slug}/{p.eid}", ()))))
        for i in p.items:
            out.append(Block("item", i.label, _pieces(i, marks.get(f"{doc.slug}/{i.eid}", ()))))
            out.extend(Block("point", t.label, _pieces(t, marks.get(f"{doc.slug}/{t.eid}", ()))) for t in i.points)
    return out


def _pieces(node, node_marks) -> tuple[Piece, ...]:
    """The node's text as shown: applied corrections replace the printed reading; each correction or doubt
    (``corr``/``query`` marks of the editorial stage) ends in a footnote with the printed reading."""
    from .editorial import correction_note
    text, pos, out = node.text, 0, []
    for m in node_marks:
        if m.kind not in ("corr", "query"):
            continue
        shown = m.replacement if m.kind == "corr" else text[m.start:m.end]
        out.append(Piece(text[pos:m.start] + shown, correction_note(m)))
        pos = m.end
    out.append(Piece(text[pos:]))
    return tuple(p for p in out if p.text or p.note)


# --- PDF (Typst) ---------------------------------------------------------------------------------------------------

def _typ_str(s: str) -> str:
    """A Typst string literal: inserted as text, never read as markup.

    >>> _typ_str('a"b\\\\c')
    '"a\\\\"b\\\\\\\\c"'
    """
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def typst_source(d: Download) -> str:
    """The Typst document of a download. Headings: level 1 = 章, level 2 = 条 (the PDF's bookmarks)."""
    y, m, day = (int(x) for x in (d.date or "2000-01-01").split("-"))
    full_title = f"《{d.title}》" + (f"（{d.version}）" if d.version else "")
    pdf_title = full_title + (f" {d.part}" if d.part else "")
    out = [
        f"#set document(title: {_typ_str(pdf_title)}, author: ({_typ_str(d.issuer)},), "
        f"date: datetime(year: {y}, month: {m}, day: {day}))",
        f'#set text(font: ({_typ_str(SERIF)},), size: 11pt, lang: "zh", region: "cn")',
        "#set par(justify: true, leading: 0.9em, spacing: 0.9em, first-line-indent: (amount: 2em, all: true))",
        f"#show heading: set text(font: ({_typ_str(SANS)},), weight: \"bold\")",
        "#show heading.where(level: 1): it => align(center, block(above: 1.8em, below: 1.2em, text(size: 13.5pt, it.body)))",
        "#show heading.where(level: 2): it => block(above: 1.3em, below: 0.5em, text(size: 11pt, it.body))",
        '#show link: set text(fill: rgb("#1a4f9c"))',
        "#set page(paper: \"a4\", margin: (x: 2.3cm, top: 2.5cm, bottom: 2.3cm),",
        f"  header: context {{ set text(size: 8pt, fill: luma(70)); {_typ_str(pdf_title)}; h(1fr); "
        "let p = here().page(); let on = query(heading.where(level: 2)).filter(h => h.location().page() == p); "
        "let hs = if on.len() > 0 { on } else { query(heading.where(level: 2).before(here())) }; "
        "if hs.len() > 0 { hs.first().body } },",
        f"  footer: context {{ set text(size: 8pt, fill: luma(70)); {_typ_str('文本日期 ' + d.date)}; h(1fr); "
        "counter(page).display(\"1 / 1\", both: true) })",
        f"#align(center, text(font: ({_typ_str(SANS)},), size: 18pt, weight: \"bold\", {_typ_str(d.title)}))",
    ]
    if d.version:
        out.append(f"#align(center, text(size: 12pt, {_typ_str('（' + d.version + '）')}))")
    if d.part:
        out.append(f"#align(center, text(size: 12pt, {_typ_str(d.part)}))")
    rows = []
    for label, value in d.facts:
        cell = (f"link({_typ_str(d.href)}, {_typ_str(value)})" if label == "永久地址" else _typ_str(value))
        rows.append(f"text(font: ({_typ_str(SANS)},), weight: \"bold\", {_typ_str(label)}), {cell}")
    out.append("#block(above: 1.5em, below: 1em, inset: 8pt, stroke: 0.5pt + luma(160), width: 100%, "
               "{ set par(first-line-indent: 0pt, justify: false); set text(size: 9pt); "
               "grid(columns: (5em, 1fr), row-gutter: 0.6em, " + ", ".join(rows)
               + f") ; v(0.4em); text(size: 8.5pt, fill: luma(60), {_typ_str(LEGEND)}) }})")
    for b in d.blocks:
        if b.kind == "chapter":
            out.append(f"#heading(level: 1, {_typ_str(b.label)})")
        elif b.kind in ("article", "lacuna"):
            out.append(f"#heading(level: 2, {_typ_str(b.label)})")
            out.append(f"#block(above: 0.2em, below: 0.6em, {{ set par(first-line-indent: 0pt); "
                       f"text(size: 7.5pt, link({_typ_str(b.href)}, {_typ_str(b.address)})) }})")
            if b.kind == "lacuna":
                out.append("#text(fill: luma(80), " + _typ_str(b.pieces[0].text) + ")")
                out.append("")
        else:
            line = ""
            if b.label:
                line += "#" + _typ_str(b.label)
            for p in b.pieces:
                line += "#" + _typ_str(p.text) if p.text else ""
                line += f"#footnote({_typ_str(p.note)})" if p.note else ""
            out.append(line if b.kind != "editor" else f"#text(size: 9pt, fill: luma(80), {line[1:]})")
            out.append("")
    return "\n".join(out) + "\n"


_compilers = threading.local()


def _compiler():
    """This thread's Typst compiler. A compiler finds and loads the system fonts once (a fresh one per PDF spent
    about 80% of each PDF's time doing so); its output does not depend on what it compiled before (the
    downloads test compares a reused compiler's PDF with a fresh one's). One per thread: a compiler is not
    shared between threads."""
    import typst
    c = getattr(_compilers, "compiler", None)
    if c is None:
        c = _compilers.compiler = typst.Compiler()
    return c


def render_pdf(d: Download, fresh: bool = False) -> tuple[bytes, tuple[str, ...]]:
    """(PDF bytes, problems). A problem is a font Typst did not find (the CJK fonts must be installed).
    ``fresh``: compile with a new Typst compiler instead of this thread's (the same bytes)."""
    import typst
    source = typst_source(d).encode("utf-8")
    if fresh:
        pdf, warnings = typst.compile_with_warnings(source, format="pdf")
    else:
        pdf, warnings = _compiler().compile_with_warnings(source, format="pdf")
    problems = tuple(sorted({str(getattr(w, "message", w)) for w in warnings if "font" in str(getattr(w, "message", w))}))
    return pack_pdf(pdf), problems


def pack_pdf(pdf: bytes) -> bytes:
    """The same PDF with its objects packed into compressed object streams and a cross-reference stream (qpdf,
    through pikepdf; PDF 1.5). Typst writes every object on its own, uncompressed: the structure tree (the tags
    that make the PDF accessible: kept), outline, annotations and font dictionaries are ~20 KB of a chapter's
    ~120 KB. Nothing else changes: the streams (fonts, pages) are copied as they are, and the document id is
    computed from the content (``deterministic_id``), so the same input gives the same bytes."""
    import pikepdf
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        out = io.BytesIO()
        doc.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
                 recompress_flate=False, deterministic_id=True)
    return out.getvalue()


# --- Word (python-docx) --------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def _set_fonts(style_or_run, latin: str, east_asian: str) -> None:
    from docx.oxml.ns import qn
    el = style_or_run.element
    rpr = el.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asian)):
        fonts.set(qn(attr), value)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _hyperlink(part, p, url: str, text: str) -> None:
    """A hyperlink run at the end of paragraph element ``p`` of ``part`` (python-docx has no API for them)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml.etree import SubElement
    link = SubElement(p, _W + "hyperlink", {f"{{{R_NS}}}id": part.relate_to(url, RT.HYPERLINK, is_external=True)})
    _run(link, text, (("color", "1A4F9C"), ("u", "single")))


_W = f"{{{W_NS}}}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _paragraph(sect_pr, style: str = "", center: bool = False, indent: bool = False):
    """A new ``w:p`` before the body's ``w:sectPr``, as python-docx's ``add_paragraph`` makes it: a style id, centred,
    or a first-line indent of two characters (``w:firstLineChars``, as Chinese documents set it). Built with lxml
    directly: python-docx's paragraph and run objects spent most of a Word file's time on their own bookkeeping."""
    from lxml.etree import SubElement
    p = sect_pr.makeelement(_W + "p", {})
    sect_pr.addprevious(p)
    if style or center or indent:
        ppr = SubElement(p, _W + "pPr")
        if style:
            SubElement(ppr, _W + "pStyle", {_W + "val": style})
        if indent:
            SubElement(ppr, _W + "ind", {_W + "firstLineChars": "200"})
        if center:
            SubElement(ppr, _W + "jc", {_W + "val": "center"})
    return p


def _run(parent, text: str, props: tuple[tuple[str, str], ...] = ()) -> None:
    """A ``w:r`` with ``text`` (a tab or line break in it as ``w:tab``/``w:br``, as python-docx writes them) and run
    properties (``("b", "")`` = bold, ``("color", "1A4F9C")`` …) at the end of ``parent``."""
    from lxml.etree import SubElement
    r = SubElement(parent, _W + "r")
    if props:
        rpr = SubElement(r, _W + "rPr")
        for tag, value in props:
            SubElement(rpr, _W + tag, {_W + "val": value} if value else {})
    for i, line in enumerate(text.split("\n")):
        if i:
            SubElement(r, _W + "br")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                SubElement(r, _W + "tab")
            if chunk:
                t = SubElement(r, _W + "t")
                t.text = chunk
                if chunk.strip() != chunk:
                    t.set(_XML_SPACE, "preserve")


class _Footnotes:
    """Real Word footnotes: a ``word/footnotes.xml`` part (python-docx has no API for them)."""

    def __init__(self, document) -> None:
        self.document = document
        self.notes: list[str] = []

    def add(self, p, text: str) -> None:
        """A reference to a new footnote ``text`` at the end of paragraph element ``p``."""
        from lxml.etree import SubElement
        self.notes.append(text)
        _run(p, "", (("vertAlign", "superscript"),))
        SubElement(p[-1], _W + "footnoteReference", {_W + "id": str(len(self.notes))})

    def attach(self) -> None:
        if not self.notes:
            return
        from xml.sax.saxutils import escape

        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        sep = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
               '</w:footnote>')
        body = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
            for n, text in enumerate(self.notes, 1))
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
               f"{sep}{body}</w:footnotes>").encode()
        doc_part = self.document.part
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml, doc_part.package)
        doc_part.relate_to(part, FOOTNOTES_RT)


def _page_field(paragraph) -> None:
    from docx.oxml.ns import qn
    fld = paragraph._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    run = fld.makeelement(qn("w:r"), {})
    t = run.makeelement(qn("w:t"), {})
    t.text = "1"
    run.append(t)
    fld.append(run)
    paragraph._p.append(fld)


# The parts of python-docx's default template a download needs; the rest (stylesWithEffects, the thumbnail, the
# theme, the font table, web settings, numbering, customXml, docProps/app.xml) is dropped from the lean template.
_DROP_RELTYPES = frozenset(
    "http://schemas.openxmlformats.org/" + t for t in (
        "officeDocument/2006/relationships/webSettings", "officeDocument/2006/relationships/fontTable",
        "officeDocument/2006/relationships/theme", "officeDocument/2006/relationships/customXml",
        "officeDocument/2006/relationships/numbering", "officeDocument/2006/relationships/extended-properties",
        "package/2006/relationships/metadata/thumbnail")
) | {"http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
_KEEP_STYLES = ("Normal", "Title", "Heading1", "Heading2", "Header", "Footer",  # used, by id
                "DefaultParagraphFont", "TableNormal", "NoList")  # the defaults Word assumes exist
_KEEP_SETTINGS = ("defaultTabStop", "characterSpacingControl", "compat")
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme", "themeColor", "themeShade", "themeTint")


def _lean_template() -> bytes:
    """A .docx made once per process from python-docx's default template, holding only what a download uses:
    the document (A4), its header and footer, the settings Word reads (compatibility, tab stop), and the styles
    ``Normal``, ``Title``, ``Heading 1``, ``Heading 2``, ``Header``, ``Footer`` (with our fonts, sizes and colours)
    plus Word's default character, table and list styles: no latent-style list, no theme (fonts and colours are
    explicit), no stylesWithEffects, thumbnail, customXml, font table, numbering or web settings. A download is
    this template opened and filled (about 40 KB → 8 KB a file, and no 800 KB of template XML parsed per file).

    Invariant: every relationship of the package points to a part it holds, and every part has a content type
    (``tests/test_downloads.py`` checks the built files)."""
    if _TEMPLATE:
        return _TEMPLATE[0]
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    document = docx.Document()
    for part in (document.part.package, document.part):
        for r_id in [r for r, rel in part.rels.items() if rel.reltype in _DROP_RELTYPES]:
            del part.rels[r_id]
    settings = document.settings.element
    for child in list(settings):
        if child.tag not in {qn(f"w:{n}") for n in _KEEP_SETTINGS}:
            settings.remove(child)
    styles = document.styles.element
    for child in list(styles):
        if child.tag == qn("w:latentStyles") or (
                child.tag == qn("w:style") and child.get(qn("w:styleId")) not in _KEEP_STYLES):
            styles.remove(child)
    for el in styles.iter():
        if el.tag in (qn("w:rsid"), qn("w:link")):  # a link names a "… Char" style that is dropped
            el.getparent().remove(el)
            continue
        for attr in _THEME_ATTRS:
            el.attrib.pop(qn(f"w:{attr}"), None)
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for attr, value in (("w:ascii", "Times New Roman"), ("w:hAnsi", "Times New Roman"), ("w:eastAsia", DOCX_SERIF),
                        ("w:cs", "Times New Roman")):
        defaults.find(qn("w:rFonts")).set(qn(attr), value)
    defaults.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    named = document.styles
    _set_fonts(named["Normal"], "Times New Roman", DOCX_SERIF)
    named["Normal"].font.size = Pt(12)
    for name in ("Title", "Heading 1", "Heading 2"):
        _set_fonts(named[name], "Arial", DOCX_SANS)
        named[name].font.color.rgb = RGBColor(0, 0, 0)
    named["Heading 1"].font.size = Pt(15)
    named["Heading 2"].font.size = Pt(12)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.header.paragraphs[0]  # noqa: B018  # creates the header part (and the footer's below)
    section.footer.paragraphs[0]  # noqa: B018
    for part in document.part.package.iter_parts():
        if hasattr(part, "element"):
            _drop_unused_namespaces(part.element)
    _TEMPLATE.append(_fixed_zip(document))
    return _TEMPLATE[0]


_TEMPLATE: list[bytes] = []
MC_IGNORABLE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable"


def _drop_unused_namespaces(root) -> None:
    """Leave out the namespace declarations no element or attribute of the part uses (python-docx's templates
    declare ~25 on each root), keeping ``w`` and ``r`` (a download's hyperlinks add ``r:id``); ``mc:Ignorable``
    then lists only the prefixes still declared (Word refuses a part that names an undeclared one)."""
    from lxml import etree
    ignorable = root.attrib.pop(MC_IGNORABLE, "")
    keep = {p: ns for p, ns in (("w", W_NS), ("r", R_NS)) if root.nsmap.get(p) == ns}
    etree.cleanup_namespaces(root, top_nsmap=keep, keep_ns_prefixes=list(keep))
    still = [p for p in ignorable.split() if p in root.nsmap]
    if still:
        root.set(MC_IGNORABLE, " ".join(still))


def render_docx(d: Download) -> bytes:
    """The Word document of a download: ``Heading 1`` = 章, ``Heading 2`` = 条, footnotes for corrections; the
    lean template (``_lean_template``) filled.

    Invariant: deterministic (core properties dated with the text, one timestamp in the zip).
    """
    import datetime

    import docx

    document = docx.Document(io.BytesIO(_lean_template()))
    stamp = datetime.datetime.fromisoformat(d.date or "2000-01-01")
    core = document.core_properties
    full_title = f"《{d.title}》" + (f"（{d.version}）" if d.version else "") + (f" {d.part}" if d.part else "")
    core.title, core.author, core.last_modified_by = full_title[:255], d.issuer[:255], "lawref"
    core.created = core.modified = stamp  # core properties hold at most 255 characters each
    core.revision, core.language, core.comments, core.subject = 1, "zh-CN", "", d.part[:255]
    core.identifier = d.address[:255]

    section = document.sections[0]
    head = section.header.paragraphs[0]
    head.text = full_title
    foot = section.footer.paragraphs[0]
    foot.add_run(f"文本日期 {d.date}　第 ")
    _page_field(foot)
    foot.add_run(" 页")

    body = document.element.body
    sect_pr = body[-1]  # the body's last child, as in python-docx's template: new paragraphs go before it
    assert sect_pr.tag == _W + "sectPr", sect_pr.tag
    part = document.part
    _run(_paragraph(sect_pr, "Title", center=True), d.title)
    for sub in (f"（{d.version}）" if d.version else "", d.part):
        if sub:
            _run(_paragraph(sect_pr, center=True), sub)
    for label, value in d.facts:
        p = _paragraph(sect_pr)
        _run(p, label + "：", (("b", ""),))
        if label == "永久地址":
            _hyperlink(part, p, d.href, value)
        else:
            _run(p, value)
    _run(_paragraph(sect_pr), LEGEND, (("i", ""),))

    notes = _Footnotes(document)
    for b in d.blocks:
        if b.kind == "chapter":
            _run(_paragraph(sect_pr, "Heading1", center=True), b.label)
        elif b.kind in ("article", "lacuna"):
            _run(_paragraph(sect_pr, "Heading2"), b.label)
            _hyperlink(part, _paragraph(sect_pr), b.href, b.address)
            if b.kind == "lacuna":
                _run(_paragraph(sect_pr, indent=True), b.pieces[0].text)
        else:
            p = _paragraph(sect_pr, indent=b.kind != "editor")
            if b.label:
                _run(p, b.label)
            for piece in b.pieces:
                if piece.text:
                    _run(p, piece.text)
                if piece.note:
                    notes.add(p, piece.note)
    notes.attach()
    return _fixed_zip(document)


class _Entries:
    """Stands in for python-docx's zip writer (``write(pack_uri, blob)``, ``close()``): collects the package's
    entries in the order python-docx writes them, so that they are compressed once, into the dated zip."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.entries.append((pack_uri.membername, blob))

    def close(self) -> None:
        pass


def _fixed_zip(document) -> bytes:
    """The document's package as a zip with every entry dated ``ZIP_DATE`` (``Document.save`` dates entries with
    the time of writing). Written the way ``docx.opc.pkgwriter.PackageWriter.write`` writes it (python-docx
    1.2.0, pinned), entry by entry, into our zip instead of theirs."""
    from docx.opc.pkgwriter import PackageWriter
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    parts = package.parts
    entries = _Entries()
    PackageWriter._write_content_types_stream(entries, parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, parts)  # type: ignore[arg-type]  # a writer by its interface
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in entries.entries:
            fixed = zipfile.ZipInfo(name, ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, blob)
    return out.getvalue()


# --- the stage -----------------------------------------------------------------------------------------------------

def build_downloads(corpus: Corpus, marks: dict, base: str = "") -> tuple[dict[str, bytes], tuple[Diagnostic, ...]]:
    """Every download of every regulation: site-relative path → bytes, and diagnostics (a missing font).

    ``marks`` is the editorial stage's ``slug/eid → marks`` (``EditorialResult.marks``); ``base`` the site's
    absolute address (MkDocs' ``site_url``), or empty for site-relative addresses.
    Invariant: the keys are exactly ``download_paths(corpus)`` when no error is returned.
    """
    return render_downloads(collect_downloads(corpus, marks, base))


def collect_downloads(corpus: Corpus, marks: dict, base: str = "") -> list[Download]:
    """What every download holds (``collect_download`` for each regulation and each of its chapters): plain
    records, so that the typesetting (``render_downloads``) can run in another process."""
    base = base if not base or base.endswith("/") else base + "/"
    return [collect_download(corpus, doc, chapter, marks, base)
            for doc in corpus.documents if doc.kind == "regulation" for chapter in (None, *doc.chapters)]


def render_downloads(todo: Sequence[Download], take: Callable[[int], int | None] | None = None,
                     emit: Callable[[dict[str, bytes]], None] | None = None,
                     ) -> tuple[dict[str, bytes], tuple[Diagnostic, ...]]:
    """The PDF and Word files of ``todo``: site-relative path → bytes, or no file and a diagnostic (a missing font).

    ``take``: the Word files are shared with another process (``word_files``): once the PDFs are made, this one
    makes the Word file of each index ``take(len(todo))`` gives until it gives None.
    ``emit``: each file is given to it (``{path: bytes}``) as soon as it is made, and not returned (nor kept: at 50×
    the downloads are 47 MiB); with a diagnostic the files already given stay given (the build fails).
    Invariant: depends only on ``todo`` (and the fonts installed): the same bytes in any process.
    """
    missing = missing_fonts()
    if missing:
        return {}, (_font_diagnostic([f"font family {f!r} not found" for f in missing]),)
    from concurrent.futures import ThreadPoolExecutor
    files: dict[str, bytes] = {}
    give = emit or files.update
    problems: set[str] = set()
    # Typst releases the GIL: the PDFs typeset in a worker thread (each result depends only on its input) while
    # this thread writes the Word files. One: each thread's compiler holds the CJK fonts (about 70 MB), and a
    # second one on two cores gained no time (the real corpus: 273 → 203 MB, CPU 1.15 → 0.81 s).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pdfs = pool.map(render_pdf, todo)
        if take is None:
            indices = iter(range(len(todo)))
            word_files(todo, lambda n: next(indices, None), give)
        for d, (pdf, found) in zip(todo, pdfs):
            problems.update(found)
            give({f"{DOWNLOADS_DIR}{d.stem}.pdf": pdf})
    if take is not None:
        word_files(todo, take, give)
    if problems:
        return {}, (_font_diagnostic(sorted(problems)),)
    return dict(sorted(files.items())), ()


def word_files(todo: Sequence[Download], take: Callable[[int], int | None],
               emit: Callable[[dict[str, bytes]], None] | None = None) -> dict[str, bytes]:
    """The Word files of the downloads ``take(len(todo))`` names, one index at a time, until it gives None;
    ``emit``: each given to it as soon as it is made, and not returned (``render_downloads``).

    >>> word_files([], lambda n: None)
    {}
    """
    files: dict[str, bytes] = {}
    give = emit or files.update
    while (i := take(len(todo))) is not None:
        give({f"{DOWNLOADS_DIR}{todo[i].stem}.docx": render_docx(todo[i])})
    return files


def missing_fonts() -> list[str]:
    """The font families the PDFs need that Typst does not find on this machine (system fonts)."""
    import typst
    have = set(typst.Fonts().families())
    return [f for f in (SERIF, SANS) if f not in have]


def _font_diagnostic(problems: list[str]) -> Diagnostic:
    return Diagnostic("content/corpus.yml", 1, 1, "error", "downloads-font",
                      f"the PDF downloads need the CJK fonts {SERIF!r} and {SANS!r}: " + "; ".join(problems)
                      + f" (expected them installed: apt-get install {FONT_PACKAGE}; `make site`, `make serve` "
                      "and `make test` install it)")
