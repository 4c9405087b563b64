"""The 404 page: an address the site does not have is read as a citation and sent to its permanent address."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path,landing", [
    ("xunshi/23.1.3/", "xunshi/art_23/#art_23__para_1__item_3"),
    ("xunshi/第三十四条第二款/", "xunshi/art_34/#art_34__para_2"),
    ("xunshi/art_35__para_1__item_4", "xunshi/art_35/#art_35__para_1__item_4"),
])
def test_a_citation_address_goes_to_the_permanent_one(page, base_url, path, landing):
    response = page.goto(base_url + path)
    assert response.status == 404  # the host answers 404; the page itself resolves the address
    page.wait_for_url(base_url + landing, timeout=10_000)
    assert page.locator("#" + landing.split("#")[1]).is_visible()


def test_under_a_sub_path(page, subpath_url):
    page.goto(subpath_url + "xunshi/第17条/")
    page.wait_for_url(subpath_url + "xunshi/art_17/", timeout=10_000)
    assert page.locator("h1").inner_text().startswith("第十七条")


def test_an_impossible_citation_lists_the_nearest(page, base_url):
    page.goto(base_url + "xunshi/第六十条/")
    page.wait_for_selector(".lr-404-candidates a", timeout=10_000)
    assert page.url == base_url + "xunshi/%E7%AC%AC%E5%85%AD%E5%8D%81%E6%9D%A1/"  # stays: nothing to go to
    assert "第六十条" in page.inner_text("#lr-404")
    links = page.locator(".lr-404-candidates a")
    assert links.count() >= 1
    links.first.click()
    page.wait_for_load_state()
    assert "/xunshi/art_" in page.url


def test_an_address_that_is_no_citation_says_so(page, base_url):
    page.goto(base_url + "no/such/page/")
    assert page.locator("h1").inner_text() == "页面不存在"
    page.wait_for_timeout(500)
    assert page.url == base_url + "no/such/page/"
    assert page.locator("#lr-404-go").get_attribute("href").endswith("/go/")
