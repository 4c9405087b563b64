"""The site works under its Content-Security-Policy (csp.py): every page type carries it, nothing is refused.

The ``page`` fixture records every violation (``securitypolicyviolation`` events and console reports) and fails
the test on any; here each main page type is opened and used, and a script injected into the page is refused
(so the policy is in force and the recording works).
"""

from __future__ import annotations

from urllib.parse import quote

PAGES = ["", "xunshi/", "xunshi/chp_4/", "xunshi/art_23/", "zuigaojian-fabuhui/", "zuigaojian-fabuhui/sec_2/",
         "xunshi/shuyu/", "xunshi/shixian/", "xunshi/zeren/", "xunshi/chengxu/", "jiaokanji/", "no/such/page/"]
POLICY = """() => { const m = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  return m && m.compareDocumentPosition(document.scripts[0]) & Node.DOCUMENT_POSITION_FOLLOWING
    ? m.content : null; }"""


def test_every_page_type_works_under_the_policy(page, base_url):
    for path in PAGES:
        page.goto(base_url + path)
        policy = page.evaluate(POLICY)  # present, and before the first script
        assert policy and "default-src 'self'" in policy and "'unsafe-inline'" not in policy, path
        # Material's inline scripts ran (allowed by their hashes): its scope and palette are set.
        assert page.evaluate("typeof __md_scope === 'object' && typeof __md_get === 'function'"), path
    # the resolver, a redirect keeping its fragment, and the 404 resolver: scripts from the site
    page.goto(base_url + "go/?q=" + quote("第二十三条第一款第三项"))
    page.wait_for_url(base_url + "xunshi/art_23/#art_23__para_1__item_3")
    page.goto(base_url + "xunshi/23/#art_23__para_2")
    page.wait_for_url(base_url + "xunshi/art_23/#art_23__para_2")
    page.goto(base_url + "xunshi/23.1.3/")
    page.wait_for_url(base_url + "xunshi/art_23/#art_23__para_1__item_3")
    # search (Material's UI, our worker, the index shards)
    page.goto(base_url + "xunshi/")
    page.click("label.md-search__icon, .md-search__input", force=True)
    page.keyboard.insert_text("立行立改")
    page.keyboard.press("Shift")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    # the policy is in force: an inline script added to the page is refused and reported
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate("""() => { const s = document.createElement("script");
          s.textContent = "window.__lrInline = 1"; document.head.appendChild(s); }""")
    assert page.evaluate("window.__lrInline") is None
    refused = list(page.csp_violations)
    assert refused and all("script-src" in v or "Content Security Policy" in v for v in refused), refused
    page.csp_violations.clear()  # the fixture checks that nothing else was refused
