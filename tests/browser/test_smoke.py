"""A first end-to-end check: an item permalink opens its article and highlights the item."""


def test_item_permalink_highlights_target(page, base_url):
    page.goto(base_url + "xunshi/art_11/#art_11__para_1__item_3")
    target = page.locator("#art_11__para_1__item_3")
    assert "统筹、协调、指导、保障巡视组开展工作" in target.inner_text()
    assert "lr-target" in (target.get_attribute("class") or "")
    assert page.locator("html").get_attribute("lang").startswith("zh")
