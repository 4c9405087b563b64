"""The 校勘记 page in Chromium: from a finding to the unit it concerns, to its erratum, by category."""

from __future__ import annotations


def test_a_finding_links_to_its_unit_which_is_highlighted(page, base_url):
    page.goto(base_url + "jiaokanji/")
    row = page.locator("tr[id^='doubled-char-113-']")
    assert row.locator("td").first.inner_text() == "113:10"
    assert row.locator("mark").inner_text() == "从从"
    row.get_by_role("link", name="第十八条第一款第（二）项").click()
    page.wait_for_url("**/xunshi/art_18/#art_18__para_1__item_2")
    page.wait_for_function("document.getElementById('art_18__para_1__item_2').classList.contains('lr-target')",
                           timeout=3000)


def test_a_finding_links_to_its_erratum(page, base_url):
    page.goto(base_url + "jiaokanji/")
    row = page.locator("tr[id^='doubled-char-266-']")
    link = row.locator("a[href^='#err-']")
    target = link.get_attribute("href")[1:]
    link.click()
    erratum = page.locator(f"tr[id='{target}']")
    assert erratum.is_visible()
    assert "犯罪罪" in erratum.inner_text()


def test_categories_are_listed_with_counts_and_reachable(page, base_url):
    page.goto(base_url + "jiaokanji/")
    summary = page.locator("ul.lr-jk-summary")
    link = summary.get_by_role("link", name="同词异写")
    assert "（2）" in link.locator("xpath=..").inner_text()
    link.click()
    page.wait_for_url("**/jiaokanji/#cat-term-variant")
    rows = page.locator("h3#cat-term-variant + p + table tbody tr")
    assert rows.count() == 2
    assert {rows.nth(i).locator("td").first.inner_text() for i in range(2)} == {"100:6", "153:20"}
