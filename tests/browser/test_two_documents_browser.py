"""Citations across documents in Chromium, on the real corpus built together with the fictional second regulation
(tests/fixtures/second/, added as an editor adds a document): /go/, the 404 page and the linking widget, in one
batched test (one build, one page)."""

from __future__ import annotations

from urllib.parse import quote

from second_doc import MAPPED_URL, SLUG

WIDGET = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>通知</title></head><body>
<p id="a">依照《公园管理条例》第六条第二款、《巡视工作条例》第六条办理。</p>
<p id="b">《中国共产党纪律处分条例》第五条；《青山市绿化条例》第十条。</p>
<script src="{src}"></script>
</body></html>"""


def test_go_404_and_widget_across_documents(page, two_doc_url):
    site = two_doc_url
    # /go/: a titled citation goes into its document
    page.goto(f"{site}go/?q={quote('《公园管理条例》第六条第二款')}")
    page.wait_for_url(f"{site}{SLUG}/art_6/#art_6__para_2")
    # /go/: a bare citation that fits both documents is ambiguous, with both choices
    page.goto(f"{site}go/?q={quote('第六条')}")
    box = page.locator("#lr-go-result[data-status='ambiguous']")
    box.wait_for()
    assert box.locator(".lr-go-candidates a").evaluate_all("as => as.map(a => a.getAttribute('href'))") == [
        f"{site}xunshi/art_6/", f"{site}{SLUG}/art_6/"]
    assert "《青山市公园管理条例》第六条" in box.inner_text()
    # /go/: an outside document is named, with the editor's address as a link (never followed)
    page.goto(f"{site}go/?q={quote('《中国共产党纪律处分条例》第五条')}")
    box = page.locator("#lr-go-result[data-status='outside']")
    box.wait_for()
    assert box.locator("a.lr-go-outside").get_attribute("href") == MAPPED_URL
    # 404: a bare citation under a document's address means that document
    page.goto(f"{site}{SLUG}/{quote('第6条第2款')}/")
    page.wait_for_url(f"{site}{SLUG}/art_6/#art_6__para_2")
    page.goto(f"{site}xunshi/{quote('第6条')}/")
    page.wait_for_url(f"{site}xunshi/art_6/")
    # the widget on a page outside the site
    sample = site + "widget-sample.html"
    page.route(sample, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                   body=WIDGET.replace("{src}", site + "assets/lawref-link.js")))
    page.goto(sample)
    page.wait_for_function("document.documentElement.getAttribute('data-lawref-linked') !== null")
    links = page.eval_on_selector_all("a.lawref-link", "as => as.map(a => [a.closest('p').id, a.textContent, a.href])")
    assert links == [
        ["a", "《公园管理条例》第六条第二款", f"{site}{SLUG}/art_6/#art_6__para_2"],
        ["a", "《巡视工作条例》第六条", f"{site}xunshi/art_6/"],
        ["b", "《中国共产党纪律处分条例》第五条", MAPPED_URL],  # mapped outside document
    ]  # 《青山市绿化条例》第十条: outside and unmapped, left as text
