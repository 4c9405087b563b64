"""Citation-data benchmark (not a test): the bytes the resolver page (/go/), the 404 page and the linking widget
fetch before they have answered a citation, on built sites (issue 12: per-document citation data).

For each site given (e.g. a synthetic library built before and after a change: ``tests/bench/synth.py DEST
--library --factor 50``, then ``lawref --root DEST build --site-dir SITE``), in Debian's Chromium driven by
Playwright, each case in a fresh browser context (cold cache), served by ``http.server`` on 127.0.0.1 (404.html
for a missing address, as static hosts do; no compression):

- ``go named``: ``/go/?q=《title》第N条`` for an article of a document in the middle of the library;
- ``go bare in k``: ``/go/?q=第N条`` with the highest article number of the library (in the few largest documents),
  and ``/go/?q=第六条`` (in nearly every document): ambiguous, with the choices; ``go 款 in k``: ``/go/?q=第六条第一款``
  (the documents that have the article are asked which have the 款);
- ``404``: ``/{slug}/N.1/`` under that document's address;
- ``widget``: a page (not of the site) citing 《title》第N条 with ``<script src=…/assets/lawref-link.js>``.

Reported per case: every byte fetched from the site until the answer, except the search index that Material's
search worker fetches meanwhile (its amount depends on timing) (the page has gone to its address, shown
its candidates or linked the citation), and of those the citation scripts and data (``assets/lawref-*.js``
except the page's styling and search, ``permalinks*``, ``data/*/permalinks.js``), with the files.
Usage: ``python tests/bench/bench_citation_data.py SITE [SITE …] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CITATION_FILE = re.compile(r"(permalinks|lawref-(corpus|articles|grammar|citation|resolver|404|go|link)\.js|lawref-shapes/)")


def serve(directory: Path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from static_server import serve as serve_static
    server = serve_static(directory)
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def numeral(n: int) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "build"))
    from lawref.source.numerals import to_numeral
    return to_numeral(n)


def cases(site: Path) -> list[tuple[str, str, str]]:
    """(name, address or widget citation, what answered looks like) for the library in ``site``."""
    manifest = json.loads((site / "permalinks.json").read_text(encoding="utf-8"))
    articles: dict[str, list[dict]] = {}
    titles: dict[str, str] = {}
    for e in manifest:
        if e["kind"] == "document":
            titles[e["doc"]] = e["heading"]
        if e["kind"] == "article" and not e["id"].count("_") > 1:
            articles.setdefault(e["doc"], []).append(e)
    docs = [d for d in articles if len(articles[d]) >= 6]
    mid = docs[len(docs) // 2]
    art = articles[mid][len(articles[mid]) // 2]
    n = int(art["id"].split("_")[1])
    last = {d: int(articles[d][-1]["id"].split("_")[1]) for d in docs}
    only = max(last.values())  # the highest article number: in the few largest documents only
    few = sum(1 for d in docs if last[d] >= only)
    many = sum(1 for d in docs if last[d] >= 6)
    cite = f"《{titles[mid]}》第{numeral(n)}条"
    return [("go named", f"go/?q={quote(cite)}", "go"),
            (f"go bare in {few}", f"go/?q={quote(f'第{numeral(only)}条')}", "go"),
            (f"go bare in {many}", f"go/?q={quote('第六条')}", "go"),
            (f"go 款 in {many}", f"go/?q={quote('第六条第一款')}", "go"),
            ("404", f"{mid}/{n}.1/", "404"),
            ("widget", cite, "widget")]


WIDGET = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>通知</title></head><body>
<p>依照{cite}办理。</p><script src="{src}"></script></body></html>"""
DONE = {
    "go": "() => !location.pathname.endsWith('/go/') || !!document.querySelector('#lr-go-result[data-status]')",
    "404": "() => { const b = document.getElementById('lr-404'); return !b || (b.getAttribute('data-state') || 'going') !== 'going'; }",
    "widget": "() => document.documentElement.getAttribute('data-lawref-linked') !== null",
}


def measure(browser, base: str, name: str, target: str, kind: str) -> dict:
    """Bytes of the requests to the site started before the answer: the page navigating to the address it
    resolved (go, 404), or its answer shown (candidates, message; the widget's links)."""
    context = browser.new_context()
    page = context.new_page()
    host = urlsplit(base).netloc
    started: list = []
    state: dict = {"first": None, "left": None}

    def on_request(req):
        if state["left"] is not None:
            return
        if req.is_navigation_request() and req.frame == page.main_frame:
            if state["first"] is None:
                state["first"] = req.url
            elif req.url != state["first"]:  # the page goes to the address it resolved: answered
                state["left"] = req.url
                return
        if urlsplit(req.url).netloc == host and "lr-widget-host-page" not in req.url:
            started.append(req)
    page.on("request", on_request)
    if kind == "widget":
        # routed on the site's host (Chromium refuses a public origin loading from 127.0.0.1); not counted
        sample = base + "lr-widget-host-page.html"
        page.route(sample, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                        body=WIDGET.format(cite=target, src=base + "assets/lawref-link.js")))
        page.goto(sample)
        page.wait_for_function(DONE["widget"], timeout=60_000)
        links = page.evaluate("document.querySelectorAll('a.lawref-link').length")
        answer = f"{links} link(s)"
    else:
        page.goto(base + target)
        page.wait_for_function(DONE[kind], timeout=60_000)
        page.wait_for_load_state("load")
        answer = state["left"][len(base):] if state["left"] else page.evaluate(
            "(document.querySelector('#lr-go-result, #lr-404') || {}).getAttribute('data-status') || "
            "document.querySelector('#lr-404').getAttribute('data-state')")
    rows = []
    for req in started:
        size = req.sizes()["responseBodySize"] if req.response() else 0
        rows.append((req.url[len(base):], size))
    context.close()
    rows = [(u, b) for u, b in rows if not u.startswith("search/")]  # the search worker loads its index meanwhile
    total = sum(b for _, b in rows)
    cit = [(u, b) for u, b in rows if CITATION_FILE.search(u)]
    return {"case": name, "bytes": total, "citation_bytes": sum(b for _, b in cit), "files": len(rows),
            "citation_files": sorted(u for u, _ in cit), "answer": answer}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("sites", nargs="+", type=Path)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    from playwright.sync_api import sync_playwright
    out: dict[str, list[dict]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for site in args.sites:
            server, base = serve(site)
            try:
                out[str(site)] = [measure(browser, base, *c) for c in cases(site)]
            finally:
                server.shutdown()
        browser.close()
    for site, rows in out.items():
        print(site)
        for r in rows:
            print(f"  {r['case']:13} {r['bytes'] / 1024:9.1f} KiB in {r['files']:3} files; citation scripts and data "
                  f"{r['citation_bytes'] / 1024:8.1f} KiB: {', '.join(r['citation_files'])} → {r['answer']}")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
