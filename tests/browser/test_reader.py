"""The reader's page in Chromium, at 360 px (touch) and at desktop width: controls out of the text flow, tables
that fit or scroll, the address never broken inside "http", status and footer, the home page's links and jump
box, the display settings (plain text, as printed), and 本条术语 matching the marks. Few page loads per test."""

from __future__ import annotations

import re

# Every 条/款/项 control revealed, then measured: a unit's height must not change (the control takes no line),
# and every control must lie inside the viewport.
CONTROLS_TAKE_NO_LINE = """() => {
  const units = [...document.querySelectorAll('.lr-para > p, .lr-items > li')];
  const controls = [...document.querySelectorAll('.lr-para > p > .lr-permalink, .lr-items > li > .lr-permalink')];
  controls.forEach(c => c.style.setProperty('display', 'none', 'important'));  // CSSOM: allowed by the CSP
  const without = units.map(u => u.getBoundingClientRect().height);
  controls.forEach(c => c.style.removeProperty('display'));
  units.forEach(u => u.classList.add('lr-reveal'));
  const bad = [];
  units.forEach((u, i) => {
    const h = u.getBoundingClientRect().height;
    if (Math.abs(h - without[i]) > 0.5) bad.push(u.id + ': ' + without[i] + ' -> ' + h);
    const c = u.querySelector(':scope > .lr-permalink');
    if (!c) { bad.push(u.id + ': no control'); return; }
    const r = c.getBoundingClientRect();
    if (r.left < 0 || r.right > document.documentElement.clientWidth) bad.push(u.id + ': control outside the page');
    if (u.querySelectorAll(':scope > .lr-permalink, :scope > button').length !== 1) bad.push(u.id + ': not one control');
  });
  units.forEach(u => u.classList.remove('lr-reveal'));
  return {count: units.length, bad};
}"""

TABLES_FIT_OR_SCROLL = """() => {
  const vw = document.documentElement.clientWidth, out = [];
  document.querySelectorAll('.md-content table').forEach(t => {
    const box = t.getBoundingClientRect();
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(t).overflowX)
      || ['auto', 'scroll'].includes(getComputedStyle(t.parentElement).overflowX);
    const fits = box.right <= vw + 0.5 && t.scrollWidth <= t.clientWidth + 1;
    if (!fits && !scrolls) out.push((t.className || 'table') + ' overflows without scrolling');
    if (box.right > vw + 0.5) out.push((t.className || 'table') + ' sticks out of the page');
  });
  return {pageWidth: document.documentElement.scrollWidth, bad: out};
}"""


def test_phone_controls_tables_citation_status_footer(phone_page, base_url):
    page = phone_page
    # 第二十三条 (15 units) and the full text: no control wraps onto its own line or leaves the screen.
    for path in ("xunshi/art_23/", "xunshi/chp_4/"):
        page.goto(base_url + path)
        res = page.evaluate(CONTROLS_TAKE_NO_LINE)
        assert res["count"] >= 14 and not res["bad"], (path, res["bad"][:5])
    page.goto(base_url + "xunshi/art_23/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # status from corpus.yml, and the footer
    status = page.locator(".lr-status").inner_text()
    assert "2024年修订" in status and "施行日期 2024-02-08" in status and "现行有效" in status
    footer = page.locator(".lr-footer").inner_text()
    assert "2024-02-08" in footer and re.search(r"内容版本 [0-9a-f]{12}", footer)
    assert page.locator(".lr-footer a.lr-report", has_text="纠错").count() == 1
    # a tap on the unit reveals its one control; the menu's address never breaks inside "http"
    item = page.locator("#art_23__para_1__item_3")
    item.locator(".lr-item-label").tap()
    item.locator(":scope > .lr-permalink").tap()
    menu = page.locator(".lr-cite-menu")
    menu.wait_for()
    assert "（2024年修订）第二十三条第一款第（三）项" in menu.inner_text()
    box = menu.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    lines = page.evaluate("""() => { const s = document.querySelector('.lr-cite-scheme');
        const r = document.createRange(); r.selectNodeContents(s);
        const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top))); return tops.size; }""")
    assert lines == 1, "the scheme (http://) is split across lines"
    url_right = page.evaluate("document.querySelector('.lr-cite-url').getBoundingClientRect().right")
    assert url_right <= 360
    # tables: they fit or scroll; the page itself never scrolls sideways; 位置 is no longer one character wide
    for path in ("xunshi/shixian/", "jiaokanji/", "about/", "xunshi/zeren/"):
        page.goto(base_url + path)
        res = page.evaluate(TABLES_FIT_OR_SCROLL)
        assert res["pageWidth"] <= 360 and not res["bad"], (path, res)
        if path == "xunshi/shixian/":  # 时限一览 stacks: each cell labelled by its column
            cell = page.locator("table.lr-deadlines tbody tr").first.locator("td").nth(1)
            assert page.evaluate("e => getComputedStyle(e, '::before').content", cell.element_handle()) == '"期限："'
        if path == "jiaokanji/":
            widths = page.evaluate("""() => [...document.querySelectorAll('table.lr-errata td:first-child')]
                .map(td => td.getBoundingClientRect().width)""")
            assert widths and min(widths) >= 60, widths


def test_phone_home_links_and_jump_box(phone_page, base_url):
    page = phone_page
    page.goto(base_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    h1 = page.locator("h1").inner_text()
    assert "中国共产党巡视工作条例" in h1
    body = page.locator(".md-content").inner_text()
    assert "content/source" not in body and not re.search(r"[0-9a-f]{16}", body), "build facts belong on 关于本站"
    for name, path in (("术语表", "xunshi/shuyu/"), ("时限一览", "xunshi/shixian/"), ("责任主体", "xunshi/zeren/"),
                       ("巡视程序图", "xunshi/chengxu/"), ("关于本站", "about/")):
        link = page.locator(".md-content").get_by_role("link", name=name, exact=True).first
        assert link.get_attribute("href") == path, name
    # the news report is a related document under its own heading, after the regulation
    headings = page.locator(".md-content h2").all_inner_texts()
    assert any("相关报道" in h for h in headings) and headings[-1].startswith("相关报道")
    # a short address
    short = page.locator(".lr-short a").first
    href = short.get_attribute("href")
    n = re.fullmatch(r"xunshi/(\d+)/", href).group(1)
    short.tap()
    page.wait_for_url(f"**/xunshi/art_{n}/")
    # the 跳到第__条 box goes through the resolver
    page.goto(base_url)
    page.locator(".lr-jump input[name=q]").fill("23")
    page.locator(".lr-jump button[type=submit]").tap()
    page.wait_for_url("**/xunshi/art_23/")
    page.goto(base_url)
    page.locator(".lr-jump input[name=q]").fill("23.1.3")
    page.locator(".lr-jump input[name=q]").press("Enter")
    page.wait_for_url("**/xunshi/art_23/#art_23__para_1__item_3")


def test_desktop_display_settings_terms_and_controls(page, base_url):
    page.goto(base_url + "xunshi/art_23/")
    res = page.evaluate(CONTROLS_TAKE_NO_LINE)
    assert not res["bad"], res["bad"][:5]
    # 本条术语 is the list of the terms marked in the text above it, in reading order
    marked = page.locator(".lr-article .lr-term").all_inner_texts()
    listed = page.locator(".lr-terms a").all_inner_texts()
    assert marked and listed == list(dict.fromkeys(marked))
    # the document's subject word is never marked (corpus.yml subject_terms), the per-article rule holds
    page.goto(base_url + "xunshi/")
    terms = page.locator(".lr-text .lr-term").all_inner_texts()
    assert "巡视" not in terms and len(terms) < 201
    page.goto(base_url + "xunshi/art_18/")
    # 引用（原文＋出处） of a 项 with an editor's correction: the reading marked ［校1］, the note after the address
    page.evaluate("""() => { window.__copied = []; Object.defineProperty(navigator, 'clipboard', {configurable: true,
        value: {writeText: (t) => { window.__copied.push(t); return Promise.resolve(); }}}); }""")
    item = page.locator("#art_18__para_1__item_2")
    item.hover()
    item.locator(":scope > .lr-permalink").click()
    page.locator(".lr-cite-menu button[data-format='quote']").click()
    page.wait_for_function("window.__copied.length === 1")
    quote = page.evaluate("window.__copied[0]")
    assert quote.startswith("《中国共产党巡视工作条例》（2024年修订）第十八条第一款第（二）项规定：“")
    body, _, after = quote.partition("”\n")
    assert "［校1］" in body and after.startswith(base_url + "xunshi/art_18/#art_18__para_1__item_2")
    assert "编者注" in after and "意识全面从从严治党" not in body
    page.keyboard.press("Escape")
    bar = page.locator(".lr-view-bar")
    assert bar.locator("button").count() == 2
    # the as-printed control is a quiet toggle, no longer a primary button, and its state is visible
    printed = bar.locator(".lr-printed-toggle")
    assert "md-button" not in (printed.get_attribute("class") or "")
    plain = bar.locator(".lr-marks-toggle")
    corr = page.locator(".lr-text .lr-corr").first
    assert corr.evaluate("e => getComputedStyle(e).borderBottomStyle") != "none"
    plain.click()
    assert plain.get_attribute("aria-pressed") == "true"
    assert corr.evaluate("e => getComputedStyle(e).borderBottomStyle") == "none"
    assert corr.evaluate("e => getComputedStyle(e, '::after').content") in ("none", "normal")
    term = page.locator(".lr-text .lr-term").first
    assert term.evaluate("e => getComputedStyle(e).borderBottomStyle") == "none"
    term.hover()
    assert page.locator("#lr-pop").is_hidden(), "no previews while the marks are hidden"
    plain.click()
    assert plain.get_attribute("aria-pressed") == "false"
    assert page.locator(".lr-view-note").is_hidden()
    printed.click()
    assert printed.get_attribute("aria-pressed") == "true"
    assert "来源版面原样" in page.locator(".lr-view-note").inner_text()
    page.reload()  # remembered, and still announced
    assert page.locator(".lr-view-note").is_visible()
    page.locator(".lr-printed-toggle").click()
    assert page.locator(".lr-view-note").is_hidden()
