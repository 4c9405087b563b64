"""Citations in the real built site, in Chromium: the /go/ resolver on the shared forms list, every manifest label
resolving back to its own URL in lawref-citation.js, the copy control's clipboard output, highlight on arrival,
redirects, Open Graph tags, and the linking widget on a page that is not part of the site."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FORMS = yaml.safe_load((ROOT / "tests/citations/forms.yml").read_text(encoding="utf-8"))
REG = "《中国共产党巡视工作条例》"


def _expected_url(eid: str) -> str:
    if eid.startswith("chp_"):
        return f"xunshi/{eid}/"
    art = eid.split("__")[0]
    return f"xunshi/{art}/" + (f"#{eid}" if "__" in eid else "")


def test_go_resolves_every_form(page, base_url):
    assert len(FORMS) >= 50
    for form in FORMS:
        q = form["input"]
        page.goto(f"{base_url}go/?q={quote(q)}")
        if "eid" in form:
            want = base_url + _expected_url(form["eid"])
            page.wait_for_url(want, timeout=5000)
            assert page.url == want, q
        else:
            if q.strip() == "":
                # no query: the form, nothing resolved
                assert page.locator("#lr-go-q").is_visible()
                assert page.locator("#lr-go-result").inner_text() == ""
                continue
            box = page.locator(f"#lr-go-result[data-status='{form['status']}']")
            box.wait_for(timeout=5000)
            assert page.url.startswith(base_url + "go/"), q
            assert box.locator(".lr-go-message").inner_text().strip(), q
            if form["status"] == "not_found":
                assert box.locator(".lr-go-candidates a").count() >= 1, q


def test_go_impossible_citations_show_candidates(page, base_url):
    page.goto(f"{base_url}go/?q={quote('第六十条')}")
    box = page.locator("#lr-go-result[data-status='not_found']")
    box.wait_for()
    assert "没有第六十条" in box.inner_text()
    cands = box.locator(".lr-go-candidates a")
    assert cands.all_inner_texts() == [f"{REG}第五十一条", f"{REG}第五十二条", f"{REG}第五十三条"]
    cands.last.click()
    page.wait_for_url(base_url + "xunshi/art_53/")
    page.goto(f"{base_url}go/?q={quote('第二十三条第九款')}")
    box = page.locator("#lr-go-result[data-status='not_found']")
    box.wait_for()
    assert "没有第九款" in box.inner_text()
    assert page.locator("#lr-go-q").input_value() == "第二十三条第九款"


def test_go_form_without_query_and_under_subpath(page, subpath_url):
    page.goto(subpath_url + "go/")
    assert page.locator("#lr-go-result").inner_text() == ""
    page.locator("#lr-go-q").fill("23.1.3")
    page.locator("#lr-go-form button[type=submit]").click()
    page.wait_for_url(subpath_url + "xunshi/art_23/#art_23__para_1__item_3")
    assert page.locator("#art_23__para_1__item_3").evaluate("e => e.classList.contains('lr-target')")


def test_every_label_resolves_to_its_own_url_in_js(page, base_url, site_dir):
    manifest = json.loads((site_dir / "permalinks.json").read_text(encoding="utf-8"))
    page.goto(base_url + "go/")
    bad = page.evaluate("""async () => {
        const P = await (await fetch('../permalinks.json')).json();
        const out = [];
        let n = 0;
        for (const e of P) {
            if (e.doc !== 'xunshi' || !['article', 'paragraph', 'item'].includes(e.kind)) continue;
            n++;
            for (const t of [e.label, '《中国共产党巡视工作条例》' + e.label, e.id]) {
                const r = LawrefCitation.resolve(t, P);
                if (r.status !== 'ok' || r.entry.url !== e.url) out.push([t, r.status, r.message]);
            }
        }
        return {n, out};
    }""")
    assert bad["out"] == []
    assert bad["n"] == sum(1 for e in manifest if e["doc"] == "xunshi" and e["kind"] in ("article", "paragraph", "item"))


CLIP_SPY = """
window.__copied = [];
Object.defineProperty(navigator, 'clipboard', {configurable: true, value: {
  writeText: (t) => { window.__copied.push(t); return Promise.resolve(); }
}});
"""


@pytest.mark.parametrize("where", ["article", "fulltext"])
def test_copy_control(browser, subpath_url, where):
    """The unit's one control (its ¶) opens the menu: 引用（出处）, 引用（原文＋出处）, 链接, and Markdown/HTML under
    更多格式; title and version come from corpus.yml, the address is absolute under the sub-path."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.add_init_script(CLIP_SPY)
    page = ctx.new_page()
    try:
        page.goto(subpath_url + ("xunshi/art_23/" if where == "article" else "xunshi/"))
        item = page.locator("#art_23__para_1__item_3")
        assert item.locator(".lr-cite, button").count() == 0, "one control per unit: the ¶ only"
        item.hover()
        item.locator(":scope > .lr-permalink").click()
        menu = page.locator(".lr-cite-menu")
        assert menu.count() == 1
        assert "#art_23__para_1__item_3" not in page.url, "a plain click opens the menu instead of following"
        for fmt in ("cite", "quote", "link"):
            menu.locator(f"button[data-format='{fmt}']").click()
        assert not menu.locator("button[data-format='markdown']").is_visible(), "developer formats under 更多格式"
        menu.locator("summary").click()
        for fmt in ("markdown", "html"):
            menu.locator(f"button[data-format='{fmt}']").click()
        page.wait_for_function("window.__copied.length === 5")
        copied = page.evaluate("window.__copied")
        url = subpath_url + "xunshi/art_23/#art_23__para_1__item_3"
        cite = f"{REG}（2024年修订）第二十三条第一款第（三）项"
        text = "受理反映被巡视党组织领导班子及其成员和下一级党组织领导班子主要负责人问题的来信、来电、来访等；"
        assert copied == [f"{cite} {url}", f"{cite}规定：“{text}”\n{url}", url,
                          f"[{cite}]({url})", f'<a href="{url}">{cite}</a>']
        assert menu.locator(".lr-cite-status").inner_text().startswith("已复制")
        page.keyboard.press("Escape")
        assert page.locator(".lr-cite-menu").count() == 0
        assert page.evaluate("document.activeElement.getAttribute('data-eid')") == "art_23__para_1__item_3"
        # the 款 (with its 项, labels included) and the 条 have theirs too
        page.locator("#art_23__para_1 > p").hover()
        page.locator("#art_23__para_1 > p > .lr-permalink").click()
        page.locator(".lr-cite-menu button[data-format='quote']").click()
        head = "h1#art_23" if where == "article" else "h3#art_23"
        page.locator(head).hover()
        page.locator(f"{head} > .headerlink").click()
        page.locator(".lr-cite-menu button[data-format='cite']").click()
        page.wait_for_function("window.__copied.length === 7")
        copied = page.evaluate("window.__copied")
        assert copied[5].startswith(f"{REG}（2024年修订）第二十三条第一款规定：“巡视组采取下列方式了解情况：（一）听取")
        assert "；（三）受理反映" in copied[5] and copied[5].endswith(f"”\n{subpath_url}xunshi/art_23/#art_23__para_1")
        assert copied[6] == f"{REG}（2024年修订）第二十三条 {subpath_url}xunshi/art_23/"
    finally:
        ctx.close()


def test_copy_uses_the_real_clipboard(browser, base_url):
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    try:
        page.goto(base_url + "xunshi/art_34/")
        page.locator("#art_34__para_2 > p").hover()
        page.locator("#art_34__para_2 > p > .lr-permalink").click()
        page.locator(".lr-cite-menu button[data-format='cite']").click()
        page.locator(".lr-cite-status", has_text="已复制").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == \
            f"{REG}（2024年修订）第三十四条第二款 {base_url}xunshi/art_34/#art_34__para_2"
    finally:
        ctx.close()


def test_arriving_at_a_permalink_highlights_it(page, base_url):
    page.goto(base_url + "xunshi/art_23/#art_23__para_1__item_3")
    assert page.locator("#art_23__para_1__item_3").evaluate("e => e.classList.contains('lr-target')")
    assert page.locator(".lr-target").count() == 1


@pytest.mark.parametrize("alias,target", [
    ("xunshi/23/", "xunshi/art_23/"), ("xunshi/art23/", "xunshi/art_23/"), ("xunshi/第23条/", "xunshi/art_23/"),
    ("xunshi/第二十三条/", "xunshi/art_23/"), ("xunshi/第四章/", "xunshi/chp_4/"), ("xunshi/chp4/", "xunshi/chp_4/"),
    ("xunshi/6/", "xunshi/art_6/"),
])
def test_redirects_land_on_the_permanent_page(page, subpath_url, alias, target):
    page.goto(subpath_url + quote(alias))
    page.wait_for_url(subpath_url + target)
    assert page.locator("h1").first.inner_text().strip().startswith(("第",))


def test_redirect_keeps_the_fragment(page, base_url):
    page.goto(base_url + "xunshi/23/#art_23__para_1__item_2")
    page.wait_for_url(base_url + "xunshi/art_23/#art_23__para_1__item_2")
    assert page.locator("#art_23__para_1__item_2").evaluate("e => e.classList.contains('lr-target')")


def test_redirect_works_without_javascript(browser, base_url):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(base_url + "xunshi/34/")
        page.wait_for_url(base_url + "xunshi/art_34/")
    finally:
        ctx.close()


def test_open_graph_tags_carry_the_article_text(page, base_url):
    page.goto(base_url + "xunshi/art_34/")
    first = page.locator("#art_34__para_1 > p").inner_text().replace("¶", "").replace("引用", "").strip()
    og = page.locator("meta[property='og:description']").get_attribute("content")
    desc = page.locator("meta[name='description']").get_attribute("content")
    assert og == desc
    assert og.startswith(first[:30])
    assert page.locator("meta[property='og:title']").get_attribute("content").startswith("第三十四条")
    assert page.locator("meta[property='og:type']").get_attribute("content") == "article"


WIDGET_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>通知</title></head><body>
<p id="a">根据《中国共产党巡视工作条例》第二十三条第一款第（三）项和第二十四条的规定。</p>
<p id="b">依照<b>本条例</b>第五条；《巡视工作条例》第十六条、第十七条。</p>
<p id="b2">《巡视工作条例》</p><p id="b3">第九条另有规定。</p>
<p id="c">《中国共产党纪律处分条例》第二十三条；本条例第六条。</p>
<p id="d">共有23个单位，第三条意见。<code>《巡视工作条例》第七条</code> <a href="/x">《巡视工作条例》第八条</a></p>
<p id="e">《巡视工作条例》第六十条</p>
<script src="{src}"></script>
</body></html>"""


@pytest.mark.parametrize("served", ["root", "subpath"])
def test_linking_widget(page, base_url, subpath_url, served):
    site = base_url if served == "root" else subpath_url
    # a page outside the site (outside /laws/ in the sub-path case). Another port would be another origin, but
    # Chromium's local-network protection blocks cross-port loopback scripts, so the host stays the same.
    sample = site.split("/laws/")[0].rstrip("/") + "/widget-sample.html"
    page.route(sample, lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8",
        body=WIDGET_PAGE.replace("{src}", site + "assets/lawref-link.js")))
    page.goto(sample)
    page.wait_for_function("document.documentElement.getAttribute('data-lawref-linked') !== null")
    links = page.eval_on_selector_all("a.lawref-link", "as => as.map(a => [a.closest('p').id, a.textContent, a.href])")
    assert links == [
        ["a", f"{REG}第二十三条第一款第（三）项", site + "xunshi/art_23/#art_23__para_1__item_3"],
        ["a", "第二十四条", site + "xunshi/art_24/"],
        ["b", "第五条", site + "xunshi/art_5/"],  # 本条例 in <b>, the 条 in the next text node
        ["b", "《巡视工作条例》第十六条", site + "xunshi/art_16/"],
        ["b", "第十七条", site + "xunshi/art_17/"],
    ]
    assert page.locator("#d code").inner_text() == "《巡视工作条例》第七条"
    assert page.locator("#d a").count() == 1 and page.locator("#d a").get_attribute("href") == "/x"
    assert page.locator("#c a, #e a, #b3 a").count() == 0
    assert page.locator("#a").inner_text() == "根据《中国共产党巡视工作条例》第二十三条第一款第（三）项和第二十四条的规定。"


# A host page that shadows what a script might read (DOM clobbering): elements named like the widget's globals,
# like document properties (currentScript, body, head), and a form whose inputs hide the form's own properties.
HOSTILE_HOST = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>通知</title></head><body>
<div id="LawrefCitation"></div><div id="LawrefPermalinks"></div><div id="LawrefLink"></div><div id="LawrefPermalinksOf"></div>
<img name="currentScript" alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<img name="body" alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><form name="head"></form>
<form name="documentElement"></form><form name="createElement"></form><form name="createTreeWalker"></form>
<p id="a">根据《中国共产党巡视工作条例》第二十三条第一款第（三）项的规定。</p>
<form id="f"><input name="parentNode"><input name="closest"><input name="nodeType"><input name="tagName">
<input name="classList"><input name="replaceChild"><p id="g">依照《巡视工作条例》第九条。</p></form>
<script src="{src}"></script>
</body></html>"""


def test_linking_widget_on_a_hostile_host_page(page, base_url):
    sample = base_url.rstrip("/") + "/widget-hostile.html"
    page.route(sample, lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8",
        body=HOSTILE_HOST.replace("{src}", base_url + "assets/lawref-link.js")))
    page.goto(sample)
    linked = "document.querySelector('html').getAttribute('data-lawref-linked')"  # documentElement is shadowed
    page.wait_for_function(linked + " !== null")
    assert page.evaluate(linked) == "2"
    links = page.eval_on_selector_all("a.lawref-link", "as => as.map(a => [a.parentElement.id, a.textContent, a.href])")
    assert links == [
        ["a", f"{REG}第二十三条第一款第（三）项", base_url + "xunshi/art_23/#art_23__para_1__item_3"],
        ["g", "《巡视工作条例》第九条", base_url + "xunshi/art_9/"],
    ]
