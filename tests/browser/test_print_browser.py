"""Print, as Chromium makes it (``page.pdf()`` with print media): every page says what it is (title and version,
the unit, the address, the date of the text, the page number), corrections are numbered notes with a legend,
no navigation, no controls, no editorial underlines. And the downloads linked from the pages are served."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

pypdf = pytest.importorskip("pypdf")


def _norm(s: str) -> str:
    # Chromium's PDF maps some CJK glyphs to compatibility code points (⼯ for 工): NFKC folds them back.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def test_printed_article_says_what_it_is_on_every_page(page, base_url, regulation, build_result):
    art = next(a for a in regulation.articles() if a.eid == "art_18")
    page.goto(base_url + "xunshi/art_18/")
    page.emulate_media(media="print")
    # No editorial underlines or tints on paper; no controls.
    styles = page.evaluate("""() => [...document.querySelectorAll('.lr-text .lr-ref, .lr-text .lr-term, .lr-text .lr-corr')]
        .map(e => { const s = getComputedStyle(e); return [e.className, s.textDecorationLine, s.borderBottomStyle,
                                                           s.backgroundColor]; })""")
    assert styles and all(d == "none" and b == "none" and bg in ("rgba(0, 0, 0, 0)", "transparent")
                          for _, d, b, bg in styles), styles
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = [_norm(p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 2, "the article with its notes should take more than one page (the header is per page)"
    title = _norm(f"《{regulation.meta.title}》（{regulation.meta.version}）")
    date = regulation.meta.dates[-1][0]
    for n, text in enumerate(pages, 1):
        assert title in text, f"page {n}: no document title and version"
        assert art.label in text and "/xunshi/art_18/" in text and date in text, f"page {n}: unit, address, date"
        # (页 comes out as the radical ⻚, which NFKC keeps: match any character there)
        assert re.search(f"第{n}./共{len(pages)}.", text), f"page {n}: no page number"
    whole = "".join(pages)
    assert _norm("校勘注（编者）") in whole, "no legend for the correction notes"
    notes = [m for m in build_result.editorial.marks["xunshi/art_18__para_1__item_2"] if m.kind == "corr"]
    for m in notes:
        assert _norm(f"来源作“{m.printed}”") in whole and _norm(m.replacement) in whole
    for nav in ("党内法规注释本", "上一条", "下一条", "在全文中阅读", "按原版显示", "下载"):
        assert _norm(nav) not in whole, f"{nav!r} printed"


def test_downloads_are_linked_from_document_and_chapter_pages(page, base_url):
    for path in ("xunshi/", "xunshi/chp_3/"):
        page.goto(base_url + path)
        links = page.locator(".lr-downloads a")
        assert links.count() == 2
        for i in range(2):
            href = links.nth(i).evaluate("a => a.href")
            resp = page.request.get(href)
            body = resp.body()
            assert resp.ok, href
            assert body[:4] == b"%PDF" if href.endswith(".pdf") else body[:2] == b"PK", href
