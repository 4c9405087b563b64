"""The hostile project (every text field carries script payloads, tests/conftest.py) in Chromium: nothing runs.

Each payload calls ``lrPwn(tag)`` or ``alert(tag)``; ``lrPwn`` is bound to the test, so a call from any page is
recorded. After each page loads (and its hover cards, the erratum toggle and the 404 resolver have run) no element
may carry an event-handler attribute.
"""

from __future__ import annotations

from urllib.parse import quote

PAGES = [
    "", "xunshi/", "xunshi/art_6/", "xunshi/chp_1/", "xunshi/chp_3/", "zuigaojian-fabuhui/",
    "zuigaojian-fabuhui/sec_2/", "xunshi/shuyu/", "xunshi/shixian/", "xunshi/zeren/", "xunshi/chengxu/",
    "jiaokanji/", "xunshi/no-such-page/", "go/?q=" + quote("<img src=x onerror=lrPwn('query')>第六条"),
]

HANDLERS = """() => [...document.querySelectorAll("*")].flatMap(e =>
  [...e.attributes].filter(a => a.name.toLowerCase().startsWith("on")).map(a => e.tagName + " " + a.name))"""


def test_no_payload_runs_in_the_browser(page, hostile_url):
    ran: list[str] = []
    page.expose_function("lrPwn", lambda tag: ran.append(str(tag)))
    page.on("dialog", lambda d: (ran.append("dialog: " + d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    handlers = {}
    shown = 0
    for path in PAGES:
        page.goto(hostile_url + path)
        page.wait_for_load_state("load")
        if path == "xunshi/art_6/":
            # the hover cards of the hostile term and erratum, and the text as printed
            for sel in (".lr-term[data-href$='#hostile-term']", "[data-href$='#hostile-erratum']"):
                page.hover(sel)
                page.wait_for_selector("#lr-pop:not([hidden])")
                shown += "lrPwn('" in page.inner_text("#lr-pop")
            page.click(".lr-printed-toggle")
            page.click(".lr-printed-toggle")
        if path.startswith("go/"):
            page.wait_for_selector("#lr-go-result[data-status]", state="attached")
        found = page.evaluate(HANDLERS)
        if found:
            handlers[path] = found
        # the payloads are on the page as text (so there was something to run)
        assert "lrPwn(" in page.inner_text("body") or path.startswith(("go/", "xunshi/no-such")), path
    assert ran == [] and handlers == {} and errors == []
    assert shown == 2
