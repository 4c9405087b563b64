"""Citations across documents in Chromium, on the real corpus built together with the fictional second regulation
(tests/fixtures/second/, added as an editor adds a document): /go/, the 404 page and the linking widget, in one
batched test (one build, one page). Each page loads the addresses of only the documents the citation can name
(data/{slug}/permalinks.js), never the file of every address (assets/lawref-permalinks.js, permalinks.json):
the requests are recorded."""

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
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url[len(site):])
            if "permalinks" in r.url or "lawref-shapes" in r.url else None)
    # the documents' article runs: loaded by the resolver when it resolves, never elsewhere; their metadata
    # (assets/lawref-corpus.js) by no page
    runs: list[str] = []
    page.on("request", lambda r: runs.append(r.url[len(site):])
            if "lawref-articles" in r.url or "lawref-corpus" in r.url else None)

    def loaded() -> list[str]:
        """The citation data requested since the last call."""
        out = sorted(set(fetched))
        fetched.clear()
        return out
    # /go/: a titled citation goes into its document, with that document's addresses only
    page.goto(f"{site}go/?q={quote('《公园管理条例》第六条第二款')}")
    page.wait_for_url(f"{site}{SLUG}/art_6/#art_6__para_2")
    assert loaded() == [f"data/{SLUG}/permalinks.js"]
    assert runs == ["assets/lawref-articles.js"]
    page.goto(f"{site}go/?q={quote('《巡视工作条例》第六条')}")
    page.wait_for_url(f"{site}xunshi/art_6/")
    assert loaded() == ["data/xunshi/permalinks.js"]
    # /go/: a bare citation that fits both documents is ambiguous, with both choices
    page.goto(f"{site}go/?q={quote('第六条')}")
    box = page.locator("#lr-go-result[data-status='ambiguous']")
    box.wait_for()
    assert loaded() == []  # the choices come from the documents' article numbers (assets/lawref-articles.js)
    assert box.locator(".lr-go-candidates a").evaluate_all("as => as.map(a => a.getAttribute('href'))") == [
        f"{site}xunshi/art_6/", f"{site}{SLUG}/art_6/"]
    assert "《青山市公园管理条例》第六条" in box.inner_text()
    # with a 款, the shapes of the articles numbered 6 (their 款, 项 and 目 by number) tell which documents have
    # it: both do, so the choices are made from the shapes, and neither document's addresses are loaded
    page.goto(f"{site}go/?q={quote('第六条第一款')}")
    box = page.locator("#lr-go-result[data-status='ambiguous']")
    box.wait_for()
    assert loaded() == ["assets/lawref-shapes/6.js"]
    # a 款 neither has: the first document's answer (its nearest 款), with its addresses only
    page.goto(f"{site}go/?q={quote('第六条第九款')}")
    page.locator("#lr-go-result[data-status='not_found']").wait_for()
    assert loaded() == ["assets/lawref-shapes/6.js", "data/xunshi/permalinks.js"]
    page.goto(f"{site}go/?q={quote('第六条第一款')}")
    box = page.locator("#lr-go-result[data-status='ambiguous']")
    box.wait_for()
    loaded()
    assert box.locator(".lr-go-candidates a").evaluate_all("as => as.map(a => a.getAttribute('href'))") == [
        f"{site}xunshi/art_6/#art_6__para_1", f"{site}{SLUG}/art_6/#art_6__para_1"]
    # /go/: an outside document is named, with the editor's address as a link (never followed)
    page.goto(f"{site}go/?q={quote('《中国共产党纪律处分条例》第五条')}")
    box = page.locator("#lr-go-result[data-status='outside']")
    box.wait_for()
    assert box.locator("a.lr-go-outside").get_attribute("href") == MAPPED_URL
    assert loaded() == []  # a document not on the site needs no addresses
    # 404: a bare citation under a document's address means that document
    page.goto(f"{site}{SLUG}/{quote('第6条第2款')}/")
    page.wait_for_url(f"{site}{SLUG}/art_6/#art_6__para_2")
    assert loaded() == [f"data/{SLUG}/permalinks.js"]
    runs.clear()
    page.goto(f"{site}xunshi/{quote('第6条')}/")  # a redirect page: no citation data
    page.wait_for_url(f"{site}xunshi/art_6/")
    page.wait_for_load_state("load")
    assert loaded() == [] and runs == []  # nor on the article page it goes to
    page.goto(f"{site}xunshi/6.1/")
    page.wait_for_url(f"{site}xunshi/art_6/#art_6__para_1")
    assert loaded() == ["data/xunshi/permalinks.js"]
    assert runs == ["assets/lawref-articles.js"]  # the 404 page resolving 6.1
    runs.clear()
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
    assert loaded() == [f"data/{SLUG}/permalinks.js", "data/xunshi/permalinks.js"]  # the two documents it cites
    assert runs == []  # the widget needs no article runs
    # a page citing one document loads that document's addresses only
    one = site + "widget-one.html"
    page.route(one, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=WIDGET.replace(
        "{src}", site + "assets/lawref-link.js").replace("、《巡视工作条例》第六条", "")))
    page.goto(one)
    page.wait_for_function("document.documentElement.getAttribute('data-lawref-linked') !== null")
    assert page.eval_on_selector_all("a.lawref-link", "as => as.map(a => a.href)") == [
        f"{site}{SLUG}/art_6/#art_6__para_2", MAPPED_URL]
    assert loaded() == [f"data/{SLUG}/permalinks.js"]


CONTAINER_WIDGET = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>通知</title></head><body>
<p id="a">依照《河湖保护条例》第二编第一章第二节、《河长工作办法》第三条，本条第二款和前款另有规定的除外。</p>
<script src="{src}"></script>
</body></html>"""


def test_containers_self_words_and_relative_references(page, fixture_corpus_url):
    """编/章/节 citations and 本办法 on the fixture corpus (a 条例 with 编/章/节, a 办法): /go/, the 404 page and
    the linking widget, which leaves relative references (本条第二款, 前款) as text."""
    site = fixture_corpus_url
    page.goto(f"{site}go/?q={quote('《河湖保护条例》第二编第一章第二节')}")
    page.wait_for_url(f"{site}hehu/book_2__chp_1/#book_2__chp_1__sec_2")
    # a 章 without its 编 where chapters restart in each 编: the choices name the 编
    page.goto(f"{site}go/?q={quote('《河湖保护条例》第二章')}")
    box = page.locator("#lr-go-result[data-status='ambiguous']")
    box.wait_for()
    assert box.locator(".lr-go-candidates a").evaluate_all("as => as.map(a => a.getAttribute('href'))") == [
        f"{site}hehu/book_1__chp_2/", f"{site}hehu/book_2__chp_2/"]
    assert "请写明第几编" in box.inner_text()
    # 404 under a document: 编/章 of that document, and its own self word (本办法 in a 办法)
    page.goto(f"{site}hehu/{quote('第一编第二章')}/")
    page.wait_for_url(f"{site}hehu/book_1__chp_2/")
    page.goto(f"{site}hehu/{quote('第一编')}/")
    page.wait_for_url(f"{site}hehu/#book_1")
    page.goto(f"{site}hezhang/{quote('本办法第三条')}/")
    page.wait_for_url(f"{site}hezhang/art_3/")
    sample = site + "widget-sample.html"
    page.route(sample, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                   body=CONTAINER_WIDGET.replace("{src}", site + "assets/lawref-link.js")))
    page.goto(sample)
    page.wait_for_function("document.documentElement.getAttribute('data-lawref-linked') !== null")
    links = page.eval_on_selector_all("a.lawref-link", "as => as.map(a => [a.textContent, a.href])")
    assert links == [
        ["《河湖保护条例》第二编第一章第二节", f"{site}hehu/book_2__chp_1/#book_2__chp_1__sec_2"],
        ["《河长工作办法》第三条", f"{site}hezhang/art_3/"],
    ]  # 本条第二款, 前款: relative, left as text
    assert "本条第二款和前款" in page.inner_text("#a")
