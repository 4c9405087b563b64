"""The 404 page: an address the site does not have is read as a citation and sent to its permanent address."""

from __future__ import annotations

from urllib.parse import urlsplit

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
    page.wait_for_selector('#lr-404[data-state="no-citation"]', state="attached")
    assert page.url == base_url + "no/such/page/"
    assert page.locator("#lr-404-go").get_attribute("href") == "/go/"


# Crafted addresses (below the site's base) and what the 404 page must do with each: land on the permanent
# address of 23.1.3 on this origin (the citation is the last segment), or stay and say why (data-state).
# Raw tabs, CR and LF are removed by the browser's URL parser; "\\" becomes "/" there.
LAND = "xunshi/art_23/#art_23__para_1__item_3"
CRAFTED = [
    ("//evil.example/xunshi/23.1.3/", LAND),
    ("%2F%2Fevil.example/xunshi/23.1.3/", LAND),
    ("%2F%2Fevil.example/assets/lawref-citation.js", "no-citation"),
    ("%2f%2fevil.example", "no-citation"),
    ("%5C%5Cevil.example/xunshi/23.1.3/", LAND),
    ("\\\\evil.example/xunshi/23.1.3/", LAND),
    ("%5C%5Cevil.example%5Cxunshi%5C23.1.3", "no-citation"),
    ("%09/evil.example/xunshi/23.1.3/", LAND),
    ("\t//evil.example/xunshi/23.1.3/", LAND),
    ("%0D%0A//evil.example/xunshi/23.1.3/", LAND),
    ("\r\n//evil.example/xunshi/23.1.3/", LAND),
    ("/%2F/evil.example:80/xunshi/23.1.3/", LAND),
    ("..%2F..%2F..%2F%2Fevil.example/", "no-citation"),
    ("@evil.example/", "no-citation"),
    ("xunshi/javascript:alert(1)/", "no-citation"),
    ("xunshi/23.1.3/?next=//evil.example#//evil.example", LAND),
    ("xunshi/%E0%A4%A/", "bad-address"),
    ("xunshi/%/", "bad-address"),
    ("xunshi/%ZZ/", "bad-address"),
    ("xunshi/%C0%AF/", "bad-address"),
    ("xunshi/%ED%A0%80/", "bad-address"),
]
OUTSIDE = [  # under a sub-path: addresses outside it (a host may show the site's 404 page there too)
    "//evil.example/laws/xunshi/23.1.3/",
    "/%2F%2Fevil.example/laws/xunshi/23.1.3/",
    "/laws%2F..%2F%2Fevil.example/xunshi/23.1.3/",
]

# Every frame settled: either the 404 page has said what it did (data-state other than "going"), or a page
# that is not the 404 page has loaded. Reports each frame's address, state and whether the page is styled.
_SETTLED = """(n) => {
  const out = [];
  for (let i = 0; i < n; i++) {
    const f = document.getElementById("lr-crafted-" + i);
    let href, doc;
    try { href = f.contentWindow.location.href; doc = f.contentDocument; }
    catch (e) { return { offOrigin: i }; }
    if (!doc || doc.readyState !== "complete" || href === "about:blank") return null;
    const box = doc.getElementById("lr-404");
    const state = box ? box.getAttribute("data-state") : "left";
    if (!state || state === "going") return null;
    const header = doc.querySelector(".md-header");
    const go = doc.getElementById("lr-404-go");
    out.push({ href, state, styled: !!header && getComputedStyle(header).position === "sticky",
               go: go ? go.href : null });
  }
  return out;
}"""


def _try_crafted(page, site: str, paths: list[str]) -> list[dict]:
    """Open every crafted address of ``paths`` (absolute paths) in one frame each of one 404 page."""
    navigations: list[str] = []
    page.on("framenavigated", lambda f: navigations.append(f.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(site + "lr-no-such-page/")
    page.evaluate("""(paths) => paths.forEach((p, i) => {
      const f = document.createElement("iframe");
      f.id = "lr-crafted-" + i;
      f.src = location.origin + p;
      document.body.appendChild(f);
    })""", paths)
    results = page.wait_for_function(_SETTLED, arg=len(paths), timeout=20_000).json_value()
    assert "offOrigin" not in results, f"frame {results} left the origin"
    assert navigations and [u for u in navigations if urlsplit(u).netloc != urlsplit(site).netloc] == []
    assert errors == [] and dialogs == []
    return results


@pytest.mark.parametrize("where", ["root", "sub-path"])
def test_crafted_addresses_stay_on_this_origin(page, base_url, subpath_url, where):
    """Nothing a crafted address says can load a script from, or navigate to, another host (the page fixture
    fails on any request to another host); a bad percent escape is reported, not thrown."""
    site = base_url if where == "root" else subpath_url
    base = "/" if where == "root" else "/laws/"
    paths = [base + p for p, _ in CRAFTED] + ([] if where == "root" else OUTSIDE)
    results = _try_crafted(page, site, paths)
    expected = [site + want if want == LAND else want for _, want in CRAFTED]
    expected += ["no-citation"] * (len(paths) - len(CRAFTED))
    got = [r["href"] if r["state"] == "left" else r["state"] for r in results]
    assert got == expected
    for r in results:
        if r["state"] != "left":  # still the 404 page: styled, at any depth, and its fallback link is ours
            assert r["styled"], r
            assert r["go"] == site + "go/", r
