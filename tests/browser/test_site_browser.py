"""The reading experience in Chromium: navigation, permalinks, highlight, sidebar, phone, print, sub-path, axe."""

from __future__ import annotations

import re

import pytest

ITEM = "art_11__para_1__item_3"


def _luminance(rgb: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_breadcrumb_and_pager_navigate_by_clicking(page, base_url):
    page.goto(base_url + "xunshi/art_11/")
    page.locator(".lr-pager a[rel=next]").click()
    page.wait_for_url(base_url + "xunshi/art_12/")
    assert page.locator("h1").inner_text().strip().startswith("第十二条")
    page.locator(".lr-pager a[rel=prev]").click()
    page.wait_for_url(base_url + "xunshi/art_11/")
    crumbs = page.locator(".lr-breadcrumb a")
    assert crumbs.count() == 2
    crumbs.nth(1).click()
    page.wait_for_url(base_url + "xunshi/chp_2/")
    assert "第二章" in page.locator("h1").inner_text()
    page.locator(".lr-breadcrumb a").first.click()
    page.wait_for_url(base_url + "xunshi/")
    assert "中国共产党巡视工作条例" in page.locator("h1").inner_text()
    # Crossing a chapter boundary, the pager names the other chapter.
    page.goto(base_url + "xunshi/art_15/")
    nxt = page.locator(".lr-pager a[rel=next]")
    assert "第十六条" in nxt.inner_text() and "第三章" in nxt.inner_text()
    # One pager only: Material's footer pager is off, and its p/n keys follow our pager.
    assert page.locator(".md-footer__link").count() == 0
    page.locator("h1").click()
    page.keyboard.press("n")
    page.wait_for_url(base_url + "xunshi/art_16/")
    page.keyboard.press("p")
    page.wait_for_url(base_url + "xunshi/art_15/")


def test_permalink_icon_appears_on_hover_and_links_to_the_unit(page, base_url):
    page.goto(base_url + "xunshi/art_11/")
    icon = page.locator(f"#{ITEM} > a.lr-permalink")
    assert icon.get_attribute("href") == f"#{ITEM}"
    page.mouse.move(5, 5)
    assert float(icon.evaluate("e => getComputedStyle(e).opacity")) == 0
    page.locator(f"#{ITEM}").hover()
    page.wait_for_function("e => getComputedStyle(e).opacity === '1'", arg=icon.element_handle())
    # The 款's own icon stays hidden while an item of it is hovered.
    para_icon = page.locator("#art_11__para_1 > p > a.lr-permalink")
    assert float(para_icon.evaluate("e => getComputedStyle(e).opacity")) == 0
    icon.click()  # the unit's one control: a menu whose 打开永久地址 goes to the unit
    page.locator(".lr-cite-menu summary").click()
    page.locator(".lr-cite-menu a.lr-cite-go").click()
    page.wait_for_url(f"**#{ITEM}")
    page.wait_for_function(f"document.getElementById('{ITEM}').classList.contains('lr-target')", timeout=2000)
    # Keyboard users reach it too: a focused icon is shown.
    page.mouse.move(5, 5)
    page.keyboard.press("Escape")  # a keyboard user: focus moved by script is then visible too
    other = page.locator("#art_11__para_1__item_4 > a.lr-permalink")
    other.focus()
    page.wait_for_function("e => getComputedStyle(e).opacity === '1'", arg=other.element_handle(), timeout=2000)


def test_arriving_at_a_fragment_highlights_the_target(page, base_url):
    target = "art_23__para_1__item_3"
    page.goto(base_url + f"xunshi/#{target}")
    el = page.locator(f"#{target}")
    assert "lr-target" in el.get_attribute("class")
    bg = el.evaluate("e => getComputedStyle(e).backgroundColor")
    plain = page.locator("#art_23__para_1__item_2").evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg != plain
    box = el.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert header["height"] <= box["y"] < page.viewport_size["height"], "target not in view below the header"


def test_sidebar_shows_the_chapters_articles(page, base_url):
    page.goto(base_url + "xunshi/art_11/")
    nav = page.locator(".md-sidebar--primary")
    for label in ["第五条（缺）", "第六条", "第十条", "第十一条", "第十五条"]:
        link = nav.get_by_role("link", name=label, exact=True)
        assert link.is_visible(), label
    assert nav.get_by_role("link", name="第十六条", exact=True).count() == 0  # another chapter's
    active = nav.locator("[aria-current=page]")
    assert active.count() == 1 and active.inner_text() == "第十一条"
    # Up to the chapter, across to the next chapter, and to the document (whose page lists every chapter).
    nav.locator(".lr-localnav__siblings a", has_text="下一章").filter(has_text="第三章 巡视对象和内容").click()
    page.wait_for_url(base_url + "xunshi/chp_3/")
    assert nav.locator("[aria-current=page]").inner_text() == "第三章 巡视对象和内容"
    nav.get_by_role("link", name="第十六条", exact=True).click()
    page.wait_for_url(base_url + "xunshi/art_16/")
    nav.get_by_role("link", name="巡视工作条例", exact=True).click()
    page.wait_for_url(base_url + "xunshi/")
    assert nav.get_by_role("link", name="第九章 附则", exact=True).is_visible()


def test_phone_drawer_shows_the_chapters_articles_and_nothing_scrolls_sideways(phone_page, base_url):
    page = phone_page
    for path in ["", "xunshi/", "xunshi/chp_4/", "xunshi/art_8/", "xunshi/art_46/", "zuigaojian-fabuhui/sec_2/",
                 "jiaokanji/"]:
        page.goto(base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path or 'home'}: page is {width}px wide on a 360px phone"
    page.goto(base_url + "xunshi/art_11/")
    # No hover on a touch screen: a unit's control is hidden (it takes no taps) until a tap on the unit.
    assert page.evaluate("matchMedia('(hover: none)').matches")
    icon = page.locator(f"#{ITEM} > a.lr-permalink")
    assert not icon.is_visible()
    page.locator(f"#{ITEM} .lr-item-label").tap()
    assert icon.is_visible()
    page.wait_for_function("e => getComputedStyle(e).opacity === '1'", arg=icon.element_handle(), timeout=2000)
    box = icon.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, "icon smaller than a 24 px tap target"
    page.locator(".md-header label[for=__drawer]").click()
    drawer = page.locator(".md-sidebar--primary")
    link = drawer.get_by_role("link", name="第十二条", exact=True)
    link.wait_for(state="visible")
    assert drawer.get_by_role("link", name="第五条（缺）", exact=True).is_visible()
    link.click()
    page.wait_for_url(base_url + "xunshi/art_12/")


def test_print_shows_the_text_without_navigation(page, base_url):
    page.goto(base_url + "xunshi/art_11/")
    page.emulate_media(media="print")
    for sel in [".md-header", ".md-sidebar--primary", ".lr-pager", ".lr-breadcrumb", ".md-footer"]:
        assert not page.locator(sel).first.is_visible(), f"{sel} printed"
    assert page.locator(f"#{ITEM}").is_visible()
    assert page.locator("h1").is_visible()
    box = page.locator(".md-content").bounding_box()
    assert box["x"] < 60, "the text keeps the sidebar's margin in print"


def test_served_from_a_sub_path(page, subpath_url):
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(subpath_url + f"xunshi/art_11/#{ITEM}")
    header = page.locator(".md-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(166, 27, 27)", "lawref.css not loaded"
    assert "lr-target" in page.locator(f"#{ITEM}").get_attribute("class"), "lawref.js not loaded"
    page.locator(".lr-pager a[rel=next]").click()
    page.wait_for_url(subpath_url + "xunshi/art_12/")
    page.locator(".lr-breadcrumb a").first.click()
    page.wait_for_url(subpath_url + "xunshi/")
    page.goto(subpath_url)
    page.locator("a.md-button", has_text="阅读全文").first.click()
    page.wait_for_url(subpath_url + "xunshi/")
    assert not failed, failed


def test_header_text_contrast(page, base_url):
    page.goto(base_url + "xunshi/art_11/")
    header = page.locator(".md-header")
    bg = header.evaluate("e => getComputedStyle(e).backgroundColor")
    fg = page.locator(".md-header__title").evaluate("e => getComputedStyle(e).color")
    assert contrast(fg, bg) >= 4.5, (fg, bg)


@pytest.mark.parametrize("path", ["", "xunshi/", "xunshi/chp_2/", "xunshi/art_11/", "xunshi/art_46/",
                                  "zuigaojian-fabuhui/sec_2/", "jiaokanji/", "about/"])
def test_axe_finds_no_serious_violation(page, base_url, path):
    from axe_playwright_python.sync_playwright import Axe
    page.goto(base_url + path)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
                             for v in bad)
