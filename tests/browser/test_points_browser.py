"""目 and a document printed across two files, in Chromium, on a fixture of our own (tests/fixtures/continued/): its
示范市节约用水条例 is read from page 1 and page 4 and has 目 under some 项. One build, one page."""

from __future__ import annotations

import pytest

from static_server import served
from test_continuation import CONTINUED
from test_fixture_corpus import build, new_project

CLIP_SPY = """
window.__copied = [];
Object.defineProperty(navigator, 'clipboard', {configurable: true, value: {
  writeText: (t) => { window.__copied.push(t); return Promise.resolve(); }
}});
"""


@pytest.fixture(scope="module")
def fixture_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("points-site")
    site = build(new_project(tmp / "project", CONTINUED / "content"), tmp / "site")
    with served(site) as url:
        yield url


def test_a_point_has_its_address_and_its_citation(page, fixture_url):
    page.add_init_script(CLIP_SPY)
    url = fixture_url + "jieshui/art_5/#art_5__para_1__item_2__point_2"
    page.goto(url)
    point = page.locator("#art_5__para_1__item_2__point_2")
    # Arriving at the address highlights the 目, shown under its 项 with its label.
    page.wait_for_function("document.getElementById('art_5__para_1__item_2__point_2').classList.contains('lr-target')")
    assert point.is_visible() and point.inner_text().startswith("2．多记再生水利用量，违反本条例第三条规定的。")
    item_box, point_box = page.locator("#art_5__para_1__item_2").bounding_box(), point.bounding_box()
    assert item_box and point_box and point_box["x"] > item_box["x"], "the 目 is indented under its 项"
    # Its ¶ opens the citation menu: its own label, its own text, its own address.
    point.hover()
    point.locator(":scope > .lr-permalink").click()
    page.locator(".lr-cite-menu button[data-format='quote']").click()
    page.wait_for_function("window.__copied.length === 1")
    assert page.evaluate("window.__copied[0]") == (
        f"《示范市节约用水条例》第五条第一款第（二）项第2目规定：“多记再生水利用量，违反本条例第三条规定的。”\n{url}")
    page.keyboard.press("Escape")
    # The 项's quotation carries its 目; the 款 cut across the two pages reads as one.
    item = page.locator("#art_5__para_1__item_2")
    item.hover()
    item.locator(":scope > .lr-permalink").click()
    page.locator(".lr-cite-menu button[data-format='quote']").click()
    page.wait_for_function("window.__copied.length === 2")
    assert page.evaluate("window.__copied[1]").startswith(
        "《示范市节约用水条例》第五条第一款第（二）项规定：“台账记录不实的，包括：1．少记取水量的；2．多记再生水利用量，违反本条例第三条规定的。”")
    page.goto(fixture_url + "jieshui/#art_3__para_2")
    assert page.locator("#art_3__para_2 .lr-text").inner_text() == "用水台账应当保存三年以上，并接受水务部门的监督检查。"
    # Search finds the 目 by its words and lands on it.
    from browser.test_search import run_query
    hrefs, _ = run_query(page, fixture_url, "再生水利用", start="jieshui/")
    found = [h for g in hrefs for h in g]
    assert any(h.endswith("#art_5__para_1__item_2__point_2") for h in found), found
