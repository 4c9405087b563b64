"""The downloads (PDF and Word) of the real build: they open, carry every article of the document or chapter as the
site shows it (corrections in the text, the printed reading in a footnote, lacunae marked), have bookmarks and
headings for 章 and 条, embed the CJK fonts, link the permanent addresses, and are deterministic."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

import pytest

pypdf = pytest.importorskip("pypdf")
docx = pytest.importorskip("docx")


def _norm(s: str) -> str:
    """Compare text without layout: NFKC (extractors may give compatibility forms), no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def _shown(build_result, doc, node) -> str:
    return build_result.editorial.editorial.texts.get(f"{doc.slug}/{node.eid}", node.text)


def _downloads(corpus):
    from lawref.publish.downloads import DOWNLOADS_DIR
    doc = corpus.document("xunshi")
    yield doc, None, f"{DOWNLOADS_DIR}{doc.slug}"
    for ch in doc.chapters:
        yield doc, ch, f"{DOWNLOADS_DIR}{doc.slug}-{ch.eid}"


def _body_text(reader) -> str:
    """The running text of a PDF: each page without its header and footer lines and without the footnotes at its
    foot (a paragraph that runs over a page break has the page's footnotes in between when extracted)."""
    out = []
    for page in reader.pages:
        lines = page.extract_text().split("\n")[1:-1]
        foot = next((i for i, line in enumerate(lines) if re.match(r"\d+编者(校正|存疑)", line)), len(lines))
        out += lines[:foot]
    return "\n".join(out)


def _outline_titles(outline) -> list[str]:
    out = []
    for o in outline:
        out += _outline_titles(o) if isinstance(o, list) else [o["/Title"]]
    return out


def test_every_download_is_published_and_linked(site_dir, corpus):
    from lawref.publish.downloads import download_paths
    paths = download_paths(corpus)
    assert len(paths) == 2 * (1 + len(corpus.document("xunshi").chapters))
    lock = (site_dir / "data" / "addresses.txt").read_text(encoding="utf-8").split()
    for p in paths:
        assert (site_dir / p).stat().st_size > (10_000 if p.endswith(".pdf") else 3_000), p
        assert "/" + p in lock, f"{p} is not in the published addresses"
    doc_page = (site_dir / "xunshi" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/xunshi.pdf"' in doc_page and 'href="../downloads/xunshi.docx"' in doc_page
    for ch in corpus.document("xunshi").chapters:
        page = (site_dir / "xunshi" / ch.eid / "index.html").read_text(encoding="utf-8")
        assert f'href="../../downloads/xunshi-{ch.eid}.pdf"' in page, ch.eid


def test_pdfs_carry_every_article_with_bookmarks_fonts_links_and_footnotes(site_dir, build_result, corpus):
    for doc, ch, stem in _downloads(corpus):
        reader = pypdf.PdfReader(site_dir / f"{stem}.pdf")
        text = _norm("".join(p.extract_text() for p in reader.pages))
        title = f"《{doc.meta.title}》（{doc.meta.version}）"
        assert reader.metadata["/Title"].startswith(title), stem
        assert reader.metadata["/CreationDate"] == "D:" + doc.meta.dates[-1][0].replace("-", "") + "000000Z"
        assert _norm(doc.meta.title) in text and _norm(doc.meta.version) in text and _norm(doc.meta.issuer) in text
        chapters = doc.chapters if ch is None else (ch,)
        bookmarks = _outline_titles(reader.outline)
        expected = [x for c in chapters for x in (f"{c.label} {c.title}", *(a.label for a in c.articles))]
        assert bookmarks == expected, stem
        uris = {a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots", ())
                if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]}
        for c in chapters:
            for art in c.articles:
                assert f"/xunshi/{art.eid}/" in text, f"{stem}: no address of {art.eid}"
                assert f"../xunshi/{art.eid}/" in uris, f"{stem}: no link to {art.eid}"
                if art.missing:
                    assert _norm(f"来源缺{art.label}") in text, f"{stem}: lacuna {art.eid} not marked"
        bare = re.sub(r"[0-9]", "", _norm(_body_text(reader)))  # footnote numbers sit inside the text
        for c in chapters:
            for art in c.articles:
                for p in art.paragraphs:
                    for node in (p, *p.items):
                        shown = re.sub(r"[0-9]", "", _norm(_shown(build_result, doc, node)))
                        assert shown in bare, f"{stem}: {node.eid} missing"
        fonts = set()
        for page in reader.pages:
            for f in page["/Resources"]["/Font"].values():
                for d in f.get_object().get("/DescendantFonts", ()):
                    desc = d.get_object()["/FontDescriptor"]
                    if any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                        fonts.add(str(desc["/FontName"]))
        assert any("NotoSerifCJK" in f for f in fonts) and any("NotoSansCJK" in f for f in fonts), fonts
    # The corrections: the reading as shown in the text, the printed reading in a footnote.
    whole = _norm("".join(p.extract_text() for p in pypdf.PdfReader(site_dir / "downloads/xunshi.pdf").pages))
    marks = {k: ms for k, ms in build_result.editorial.marks.items() if k.startswith("xunshi/")}
    n = 0
    for key, ms in marks.items():
        for m in ms:
            if m.kind in ("corr", "query"):
                n += 1
                assert _norm(f"来源作“{m.printed}”") in whole, f"{key}: no footnote with the printed reading"
    assert n >= 5 and whole.count(_norm("编者校正")) >= 1


def test_word_files_have_heading_styles_for_chapters_and_articles(site_dir, build_result, corpus):
    for doc, ch, stem in _downloads(corpus):
        data = (site_dir / f"{stem}.docx").read_bytes()
        d = docx.Document(io.BytesIO(data))
        chapters = doc.chapters if ch is None else (ch,)
        headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
        expected = [x for c in chapters for x in (("Heading 1", f"{c.label} {c.title}"),
                                                   *(("Heading 2", a.label) for a in c.articles))]
        assert headings == expected, stem
        body = _norm("".join(p.text for p in d.paragraphs))
        for c in chapters:
            for art in c.articles:
                if art.missing:
                    assert _norm(f"来源缺{art.label}") in body
                for p in art.paragraphs:
                    for node in (p, *p.items):
                        assert _norm(_shown(build_result, doc, node)) in body, f"{stem}: {node.eid}"
        z = zipfile.ZipFile(io.BytesIO(data))
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}, "zip entries keep a build time"
        rels = z.read("word/_rels/document.xml.rels").decode()
        for c in chapters:
            for art in c.articles:
                assert f'Target="../xunshi/{art.eid}/"' in rels, f"{stem}: no hyperlink to {art.eid}"
        assert d.core_properties.created.date().isoformat() == doc.meta.dates[-1][0]
    whole = zipfile.ZipFile(site_dir / "downloads/xunshi.docx")
    notes = whole.read("word/footnotes.xml").decode()
    document = whole.read("word/document.xml").decode()
    printed = [m.printed for k, ms in build_result.editorial.marks.items() if k.startswith("xunshi/")
               for m in ms if m.kind in ("corr", "query")]
    assert printed and document.count("<w:footnoteReference") == len(printed)
    from xml.sax.saxutils import escape
    for reading in printed:
        assert escape(f"来源作“{reading}”") in notes


LEAN_PARTS = {"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/document.xml",
              "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/header1.xml",
              "word/footer1.xml"}
"""What a Word download holds (and ``word/footnotes.xml`` when it has corrections): no stylesWithEffects, theme,
thumbnail, customXml, font table, numbering, web settings or docProps/app.xml."""


def _package_problems(data: bytes) -> list[str]:
    """What is wrong with a .docx as an OPC package: a part without a content type, a relationship to a part the
    zip lacks, a part nothing relates to, XML that does not parse, a style used or named that styles.xml lacks."""
    import posixpath
    from xml.etree import ElementTree as ET
    z = zipfile.ZipFile(io.BytesIO(data))
    names = set(z.namelist())
    problems: list[str] = []
    xml = {}
    for n in sorted(names):
        try:
            xml[n] = ET.fromstring(z.read(n))
        except ET.ParseError as e:
            problems.append(f"{n}: not well-formed XML ({e})")
    ct = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    types = xml.get("[Content_Types].xml")
    if types is None:
        return problems + ["no [Content_Types].xml"]
    defaults = {e.get("Extension").lower(): e.get("ContentType") for e in types.iter(f"{ct}Default")}
    overrides = {e.get("PartName"): e.get("ContentType") for e in types.iter(f"{ct}Override")}
    for n in names - {"[Content_Types].xml"}:
        kind = overrides.get("/" + n) or defaults.get(n.rsplit(".", 1)[-1].lower())
        if kind is None or (not n.endswith(".rels") and kind == "application/xml"):  # Word reads a part by its type
            problems.append(f"{n}: no content type of its own ({kind})")
    for o in overrides:
        if o[1:] not in names:
            problems.append(f"[Content_Types].xml: override for a missing part {o}")
    reached = {"[Content_Types].xml"}
    rel_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    for n in sorted(x for x in names if x.endswith(".rels")):
        reached.add(n)
        source_dir = posixpath.dirname(posixpath.dirname(n))  # word/_rels/document.xml.rels → word
        for rel in xml[n].iter(f"{rel_ns}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(source_dir, rel.get("Target"))).lstrip("/")
            reached.add(target)
            if target not in names:
                problems.append(f"{n}: relationship {rel.get('Id')} to a missing part {target}")
    problems += [f"{n}: no relationship points to it" for n in sorted(names - reached)]
    from lxml import etree
    for n in sorted(x for x in names if x.endswith(".xml") and x in xml):
        root = etree.fromstring(z.read(n))
        ignorable = root.get("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable", "")
        problems += [f"{n}: mc:Ignorable names {p!r}, which it does not declare" for p in ignorable.split()
                     if p not in root.nsmap]
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    styles = xml.get("word/styles.xml")
    defined = {s.get(f"{w}styleId") for s in styles.iter(f"{w}style")} if styles is not None else set()
    for n, root in xml.items():
        for tag in ("pStyle", "rStyle", "basedOn", "next", "link"):
            for el in root.iter(f"{w}{tag}"):
                if el.get(f"{w}val") not in defined:
                    problems.append(f"{n}: {tag} {el.get(f'{w}val')!r} is not a style of word/styles.xml")
        if "word/theme/theme1.xml" not in names:
            problems += [f"{n}: {a} names a theme the package lacks" for el in root.iter() for a in el.attrib
                         if a.startswith(w) and "theme" in a.lower()]
    return problems


def test_word_files_are_lean_valid_packages(site_dir):
    """Every Word download is a complete OPC package of only the parts it needs (every relationship target
    there, every part typed and related, every style it uses defined, no theme reference without a theme), and
    python-docx reads its styles with our fonts. The checker finds what a broken package lacks."""
    files = sorted((site_dir / "downloads").glob("*.docx"))
    assert files
    for f in files:
        data = f.read_bytes()
        assert _package_problems(data) == [], f.name
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        assert LEAN_PARTS <= names <= LEAN_PARTS | {"word/footnotes.xml"}, f.name
        assert b"latentStyles" not in zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")
        d = docx.Document(io.BytesIO(data))
        for name, east_asian in (("Normal", "宋体"), ("Title", "黑体"), ("Heading 1", "黑体"), ("Heading 2", "黑体")):
            fonts = d.styles[name].element.rPr.rFonts
            assert fonts.get(docx.oxml.ns.qn("w:eastAsia")) == east_asian, (f.name, name)
        assert d.paragraphs[0].style.name == "Title" and d.paragraphs[0].text
        assert d.sections[0].header.paragraphs[0].text.startswith("《")
        assert abs(d.sections[0].page_width.cm - 21) < 0.01, "A4, as the PDF"
        assert len(data) < 40_000, f"{f.name}: {len(data)} bytes"
    # The checker fails on what a broken package lacks.
    whole = (site_dir / "downloads" / "xunshi.docx").read_bytes()

    def rewrite(drop: str = "", edit: tuple[str, bytes, bytes] | None = None) -> bytes:
        src, out = zipfile.ZipFile(io.BytesIO(whole)), io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for i in src.infolist():
                if i.filename != drop:
                    blob = src.read(i.filename)
                    if edit and i.filename == edit[0]:
                        blob = blob.replace(edit[1], edit[2])
                    dst.writestr(i.filename, blob)
        return out.getvalue()
    assert any("missing part word/styles.xml" in p for p in _package_problems(rewrite(drop="word/styles.xml")))
    assert any("no content type" in p for p in _package_problems(
        rewrite(edit=("[Content_Types].xml", b'PartName="/word/settings.xml"', b'PartName="/word/x.xml"'))))
    assert any("'Heading2' is not a style" in p for p in _package_problems(
        rewrite(edit=("word/styles.xml", b'w:styleId="Heading2"', b'w:styleId="Heading9"'))))
    assert any("mc:Ignorable names 'w14'" in p for p in _package_problems(
        rewrite(edit=("word/document.xml", b"<w:document ", b'<w:document xmlns:mc="http://schemas.openxmlformats.org/'
                      b'markup-compatibility/2006" mc:Ignorable="w14" '))))
    assert any("names a theme" in p for p in _package_problems(
        rewrite(edit=("word/styles.xml", b'w:eastAsia="', b'w:eastAsiaTheme="minorEastAsia" w:eastAsia="'))))


def test_typesetting_is_deterministic_and_absolute_with_a_base_url(build_result, corpus):
    """Two typesettings give the same bytes; with a site_url the addresses are absolute links."""
    from lawref.publish.downloads import collect_download, render_docx, render_pdf
    doc = corpus.document("xunshi")
    ch = doc.chapters[-1]
    d = collect_download(corpus, doc, ch, build_result.editorial.marks, "https://example.org/laws/")
    pdf, problems = render_pdf(d)
    assert not problems and pdf == render_pdf(d)[0]
    # The build reuses one Typst compiler per thread: what it compiled before (another chapter, the whole
    # document) does not change the bytes of the next PDF.
    other = collect_download(corpus, doc, None, build_result.editorial.marks, "https://example.org/laws/")
    render_pdf(other)
    assert render_pdf(d)[0] == pdf == render_pdf(d, fresh=True)[0]
    assert render_docx(d) == render_docx(d)
    uris = {a.get_object()["/A"]["/URI"] for p in pypdf.PdfReader(io.BytesIO(pdf)).pages for a in p.get("/Annots", ())}
    assert {f"https://example.org/laws/xunshi/{a.eid}/" for a in ch.articles} <= uris


def test_a_missing_cjk_font_is_a_clear_error(build_result, corpus, monkeypatch):
    from lawref.publish import downloads
    monkeypatch.setattr(downloads, "SERIF", "No Such Serif CJK")
    files, diags = downloads.build_downloads(corpus, build_result.editorial.marks)
    assert files == {} and len(diags) == 1
    d = diags[0]
    assert d.severity == "error" and "No Such Serif CJK" in d.message and "fonts-noto-cjk" in d.message


def test_print_frame_has_an_absolute_address_and_a_qr_code_with_a_base_url(project):
    """With MkDocs' site_url the printed pages carry the absolute address and its QR code (segno, inline SVG)."""
    import segno

    from lawref.pipeline import build_site
    res = build_site(project, search=False, base_url="https://example.org/laws")
    page = res.site.pages["xunshi/art_23.md"]
    url = "https://example.org/laws/xunshi/art_23/"
    assert f"永久地址：{url}" in page and f'content: "{url}' in page
    def qr(u: str) -> str:
        return segno.make(u, error="m", micro=False).svg_inline(scale=2, border=2, svgclass="lr-qr", lineclass=None,
                                                             omitsize=False, title=u)
    assert qr(url) in page
    other = res.site.pages["xunshi/art_22.md"]
    assert qr(url.replace("23", "22")) in other and qr(url) not in other
