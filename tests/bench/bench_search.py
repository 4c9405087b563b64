"""Search benchmark (not a test): lawref's search against Material's built-in search (with jieba).

Builds the same pages twice, once with lawref's engine (prebuilt lunr.py index, our worker) and once with
the ``lawref`` plugin's ``search: false`` (Material's own search plugin and worker, jieba segmentation at
build time), on the source and on the synthetic corpus ``--factor`` times larger (tests/bench/synth.py).
For each site, in Debian's Chromium driven by Playwright, typing into Material's search box:

- success@5 and MRR on tests/search/queries.yml, strict (the result names the expected 款/项/section or a
  unit inside it) and by page (a result on the page holding it: what Material's page/heading index can do);
- latency from keystroke (keyup) to the result list rendered: median and p95 over every query, repeated; per
  keystroke in the JSON (``keystrokes``, and ``typed`` with ``--keystrokes``: each query typed one character at
  a time), with where its time went (``stages``: to the worker, manifest, postings fetched, scoring, records
  fetched, presenting, back to the page, Material's rendering; from the worker's ``timing``) and the files it
  requested; the slowest are printed with their stages;
- time to first result after page load: a query set at DOMContentLoaded, time (from navigation start) until
  its results are on screen, fresh browser context each time;
- index bytes (raw and gzip), and the search files fetched before the first result (gzip), with the scope
  "all documents" (the default) and "this document" (``--scopes``);
- for the synthetic corpus, by default a *library* (``synth.make_library``: many documents, one index cut by
  term and by page); ``--single-document`` measures the real page made longer instead; ``--index-only``
  does not build the library's pages (500×: over a GB of HTML) and measures the real site carrying the
  library's index instead (``transplant``: latency, first result and bytes are meaningful, not quality).

Usage: ``python tests/bench/bench_search.py [--factor 50] [--reps 3] [--json out.json] [--workdir DIR]``;
``--engines lawref --factor 500 --index-only`` for a library of 500× the real regulation's articles.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "build"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

QUERIES = yaml.safe_load((ROOT / "tests" / "search" / "queries.yml").read_text(encoding="utf-8"))
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIRST_QUERY = "巡视整改"
START = "xunshi/art_23/"  # a light page (the full-text page of a large corpus is heavy to lay out)

# In-page probe: input or keyup time (capture phase, before the search's handlers) → first time the list shows results
# (or the meta line says there are none).
PROBE = """
(() => {
  window.__lat = {t0: 0, t1: 0};
  // The worker's answers as they arrive (before Material renders them), with the worker's timing (worker.js:
  // data.timing): Worker is wrapped before any page script runs.
  window.__msgs = [];
  // Long tasks (≥ 50 ms… Chromium reports those) and their attribution, to tell the page's own work from waiting.
  window.__long = [];
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) __long.push([e.startTime, e.duration]); })
      .observe({type: 'longtask', buffered: true});
  } catch (e) {}
  const clock = () => performance.timeOrigin + performance.now();
  // The page's search script wraps Worker in turn (and for a small library answers in the page with a stand-in
  // for the worker): whatever Worker is set to is wrapped again, and each worker (or stand-in) is listened to once.
  const wrap = Native => {
    const Wrapped = function (url, options) {
      const w = new Native(url, options);
      if (w.__probed) return w;
      w.__probed = true;
      w.addEventListener('message', ev => {
        const d = ev.data;
        if (d && d.type === 3 && d.data && d.data.timing)
          __msgs.push({at: clock(), items: d.data.items.length, timing: d.data.timing});
        if (d && d.type === 3) performance.mark('lawref-answer');  // in a Chromium trace
      });
      return w;
    };
    Wrapped.prototype = Native.prototype;
    return Wrapped;
  };
  if (window.Worker) {
    let current = wrap(window.Worker);
    Object.defineProperty(window, 'Worker', {configurable: true, get: () => current, set: v => { current = wrap(v); }});
  }
  const wire = () => {
    const input = document.querySelector('.md-search__input');
    const result = document.querySelector('.md-search-result');
    if (!input || !result) return;
    const list = result.querySelector('.md-search-result__list');
    const meta = result.querySelector('.md-search-result__meta');
    // The search answers the input event (paste, input methods) as well as key releases: the first of the two
    // after a reset starts the clock.
    const start = () => { if (!__lat.t0) { __lat.t0 = performance.now(); __lat.t1 = 0; } };
    document.addEventListener('input', start, true);
    document.addEventListener('keyup', start, true);
    // Our worker's answers name their query: the list counts once the answer to what the box holds arrived.
    const current = () => !__msgs.length || __msgs[__msgs.length - 1].timing.q === input.value;
    new MutationObserver(() => {
      if (__lat.t0 && !__lat.t1 && (list.children.length || /没有|No match/.test(meta.textContent)) && current())
      { __lat.t1 = performance.now(); performance.mark('lawref-shown'); }
    }).observe(result, {childList: true, subtree: true, characterData: true});
    if (window.__firstQuery) {
      input.focus(); input.value = window.__firstQuery;
      input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'Shift'}));
    }
  };
  document.addEventListener('DOMContentLoaded', wire);
})();
"""

# Where one keystroke's time went: the worker's answer that was on screen at t1 (the last one received before it),
# split into stages (ms): ready (waiting for the manifest), terms (fetching postings), rank (scoring, grouping),
# records (fetching display records), present (snippets, Material's items): the worker's own clock; render
# (from the answer's arrival to the list on screen: Material's DOM) on the page's; transit is the rest (the query
# to the worker and the answer back, each waiting for its thread: the page busy with the input's frame, the
# worker busy, the machine's other jobs). The two clocks' origins differ by a few ms, so only intervals measured on
# one clock are compared.
STAGES = """
() => {
  const t0 = __lat.t0 + performance.timeOrigin, t1 = __lat.t1 + performance.timeOrigin;
  const m = __msgs.filter(x => x.at <= t1 + 0.01).pop();
  if (!m) return null;
  const t = m.timing, r = x => Math.round(x * 100) / 100;
  // transit split by the same clock (ms since the epoch on both sides): the query's way to the engine, the answer's back
  return {transit_to: r(t.recv - t0), transit_back: r(m.at - t.sent), stages: {transit: r(m.at - t0 - (t.sent - t.recv)), ready: r(t.ready - t.recv), terms: r(t.terms - t.ready),
                   rank: r(t.ranked - t.terms), records: r(t.records - t.ranked), present: r(t.sent - t.records),
                   render: r(t1 - m.at)},
          files: t.files, final: t.final, answers: __msgs.length,
          long_tasks: __long.filter(([s, d]) => s + d >= __lat.t0 && s <= __lat.t1).map(([s, d]) => r(d))};
}
"""


STAGE_NAMES = ("transit", "ready", "terms", "rank", "records", "present", "render")


def _slowest(rows: list[dict], n: int = 10) -> list[dict]:
    return sorted((r for r in rows if r["ms"] == r["ms"]), key=lambda r: -r["ms"])[:n]


def _cause(row: dict) -> str:
    """The stage that took longest in a keystroke row (``terms``, ``render`` …), or ``?`` without timing."""
    st = row.get("stages")
    return max(st, key=st.get) if st else "?"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    # Persistent connections, as any static host keeps them (HTTP/1.0 would open a connection per file).
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass


def serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def refresh(project: Path, site: Path) -> None:
    """Rewrite our search files and worker assets in an existing lawref site from the current code (what a
    rebuild would write for them), for ``--reuse-sites``."""
    import shutil

    from lawref.pipeline import build_site, load_project
    result = build_site(load_project(project))  # the editorial entries and applied errata, as a build has them
    assert result.site is not None, "\n".join(map(str, result.diagnostics))
    for f in (site / "search").glob("lawref_*.json"):
        f.unlink()
    for rel, data in result.site.files.items():
        if rel.startswith("search/lawref_"):
            (site / rel).write_bytes(data)
    for f in (ROOT / "site_templates" / "docs" / "assets" / "search").glob("*.js"):
        shutil.copyfile(f, site / "assets" / "search" / f.name)


def build(project: Path, site: Path, engine: str, reuse: bool = False) -> float:
    """Build ``project`` into ``site`` with ``engine`` ``lawref`` or ``material``; seconds taken.

    With ``reuse`` and a site already there, no build: our search files are refreshed (``refresh``); NaN."""
    if reuse and (site / "index.html").exists():
        if engine == "lawref":
            refresh(project, site)
        return float("nan")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    cfg_path = project / "mkdocs.yml"
    if engine == "material":
        text = cfg_path.read_text(encoding="utf-8")
        assert "\n  - lawref\n" in text, "mkdocs.yml: expected the plugin line '  - lawref'"
        cfg_path = project / "mkdocs.bench-material.yml"
        cfg_path.write_text(text.replace("\n  - lawref\n", "\n  - lawref:\n      search: false\n"), encoding="utf-8")
    t = time.perf_counter()
    cfg = load_config(str(cfg_path), site_dir=str(site))
    mkdocs_build(cfg)
    took = time.perf_counter() - t
    if engine == "material":
        cfg_path.unlink()
    return took


def index_bytes(site: Path, engine: str) -> dict:
    files = sorted((site / "search").glob("lawref_*.json" if engine == "lawref" else "search_index.json"))
    data = [f.read_bytes() for f in files]
    return {"files": len(files), "raw": sum(map(len, data)), "gzip": sum(len(gzip.compress(d, 9)) for d in data),
            "largest_file_raw": max(map(len, data))}


def transplant(project: Path, built: dict[str, Path], dest: dict[str, Path]) -> None:
    """Index-only sites for a corpus whose pages cannot be built: the source site with the corpus's index.

    Ours: ``build_search_files`` of the parsed corpus. Material's: its own ``SearchIndex`` (with jieba) fed
    each article and news section as the page MkDocs would render (heading, then one paragraph per 款/项),
    which is what its plugin indexes. Result links point at pages the source site lacks; latency, first
    result and bytes are what these sites measure.
    """
    import shutil
    from html import escape
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex

    from lawref.pipeline import build_corpus, load_project
    from lawref.publish.search import build_search_files

    corpus, diags = build_corpus(load_project(project))
    assert corpus is not None, "\n".join(map(str, diags))
    engines = [e for e in ("lawref", "material") if e in dest]
    for engine in engines:
        if dest[engine].exists():
            shutil.rmtree(dest[engine])
        shutil.copytree(built[engine], dest[engine])
    for f in (dest["lawref"] / "search").glob("lawref_*.json"):
        f.unlink()
    for rel, data in build_search_files(corpus).items():
        (dest["lawref"] / rel).write_bytes(data)
    if "material" not in engines:
        return
    config = json.loads((built["material"] / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    index = SearchIndex(**config)
    for doc in corpus.documents:
        units = [(a.eid, a.label, a.paragraphs) for a in doc.articles() if not a.missing] if doc.kind == "regulation" \
            else [(s.eid, s.heading or "开头部分", s.paragraphs) for s in doc.sections]
        for eid, label, paras in units:
            body = "".join(f'<p id="{p.eid}">{escape(p.text)}</p>' + "".join(
                f'<p id="{i.eid}">{escape(i.label + i.text)}</p>' for i in p.items) for p in paras)
            page = SimpleNamespace(content=f'<h1 id="{eid}">{escape(label)}</h1>{body}', toc=[], meta={},
                                   url=f"{doc.slug}/{eid}/", title=label)
            index.add_entry_from_context(page)
    (dest["material"] / "search" / "search_index.json").write_text(index.generate_search_index(None), encoding="utf-8")


def unit_of(href: str, base: str) -> tuple[str, str]:
    """(unit, page) of a result link: ``xunshi/art_34__para_2``, ``xunshi/art_34``."""
    parts = urlsplit(href)
    path = unquote(parts.path)[len(urlsplit(base).path):].strip("/").split("/")
    page = f"{path[0]}/{path[-1]}" if path and path[0] else ""
    frag = parts.fragment
    unit = f"{path[0]}/{frag}" if frag and "__" in frag else page
    return unit, page


def _matches(u: str, expect: list[str]) -> bool:
    return any(u == e or u.startswith(e + "__") for e in expect)


def _page_of(eid_unit: str) -> str:
    doc, eid = eid_unit.split("/", 1)
    return f"{doc}/{eid.split('__', 1)[0]}"


def read_results(page) -> list[list[str]]:
    return page.evaluate(
        "() => [...document.querySelectorAll('.md-search-result__item')].map(li =>"
        " [...li.querySelectorAll('a.md-search-result__link')].filter(a => a.offsetParent !== null).map(a => a.href))")


def wait_results(page, timeout: float = 20.0) -> float:
    t = time.perf_counter()
    while time.perf_counter() - t < timeout:
        lat = page.evaluate("() => window.__lat")
        if lat and lat["t1"]:
            return lat["t1"] - lat["t0"]
        page.wait_for_timeout(2)
    return float("nan")


def _scope_script(scope: str) -> str:
    """Init script choosing the search scope the way the control does (lawref-search-scope.js)."""
    return f"try {{ sessionStorage.setItem('lawref-search-scope', {json.dumps(scope)}); }} catch (e) {{}}"


def _measure(page, text: str) -> dict:
    """Insert ``text`` into the search box (one keystroke: an input event, then a key release) and time it: ms from
    the keystroke to results on screen, and where the time went (``STAGES``)."""
    page.evaluate("() => { window.__lat.t0 = 0; window.__lat.t1 = 0; window.__msgs.length = 0; }")
    page.keyboard.insert_text(text)
    page.keyboard.press("Shift")
    ms = wait_results(page)
    row = {"ms": round(ms, 2)}
    if ms == ms:
        row.update(page.evaluate(STAGES) or {})
    if row.get("final") is False:  # the start of a growing answer: when did the whole list arrive?
        page.wait_for_function("() => __msgs.some(m => m.timing.final)")
        row["final_ms"] = round(page.evaluate(
            "() => __msgs.find(m => m.timing.final).at - performance.timeOrigin - __lat.t0"), 2)
    return row


def run_queries(browser, base: str, reps: int, scope: str = "all", keystrokes: bool = False) -> dict:
    """Quality and keystroke latency, one warm page, every query ``reps`` times (a query inserted at once);
    with ``keystrokes``, then every query once more typed one character at a time, each prefix timed."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.add_init_script(_scope_script(scope))
    page.add_init_script(PROBE)
    page.goto(base + START)
    page.keyboard.press("/")
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('初始化')",
                           timeout=60_000)
    page.wait_for_load_state("networkidle", timeout=300_000)  # every file of the idle prefetch downloaded …
    page.wait_for_timeout(1500)  # … and parsed: latency is measured on the whole index
    lat: list[float] = []
    strict, by_page, per_query, rows, typed = [], [], [], [], []

    def clear() -> None:
        page.fill(".md-search__input", "")
        page.keyboard.press("Shift")
        page.wait_for_function("() => !document.querySelector('.md-search-result__list').children.length")
        page.wait_for_timeout(20)

    for rep in range(reps):
        for case in QUERIES:
            clear()
            row = _measure(page, case["q"])
            ms = row["ms"]
            lat.append(ms)
            rows.append({"q": case["q"], "rep": rep, **row})
            if rep:
                continue
            # Quality is read from the whole list: our worker may show the best groups first while the records of
            # the others are on their way (the same groups, in the same order, followed by more).
            page.wait_for_function("q => !__msgs.length || __msgs.some(m => m.timing.q === q && m.timing.final)",
                                   arg=case["q"])
            groups = [[unit_of(h, base) for h in g] for g in read_results(page)]
            if case.get("none"):
                per_query.append({"q": case["q"], "none_ok": not groups})
                continue
            r_strict = next((i for i, g in enumerate(groups, 1) if any(_matches(u, case["expect"]) for u, _ in g)), 0)
            pages = {_page_of(e) for e in case["expect"]}
            r_page = next((i for i, g in enumerate(groups, 1) if any(p in pages for _, p in g)), 0)
            strict.append(r_strict)
            by_page.append(r_page)
            per_query.append({"q": case["q"], "core": "core" in case.get("tags", []), "rank": r_strict,
                              "page_rank": r_page, "ms": ms})
    if keystrokes:
        for case in QUERIES:
            clear()
            for k, ch in enumerate(case["q"]):
                typed.append({"q": case["q"][:k + 1], **_measure(page, ch)})
    ctx.close()

    def score(ranks: list[int], rows: list[dict], core_only: bool = False) -> dict:
        pairs = [(r, row) for r, row in zip(ranks, [x for x in rows if "rank" in x])
                 if not core_only or row["core"]]
        rs = [r for r, _ in pairs]
        return {"n": len(rs), "success@5": sum(1 for r in rs if 1 <= r <= 5) / len(rs),
                "mrr": sum(1 / r for r in rs if r) / len(rs)}

    def figures(ms: list[float]) -> dict:
        ok = sorted(x for x in ms if x == x)
        return {"n": len(ok), "median": statistics.median(ok), "p95": ok[max(0, int(len(ok) * 0.95) - 1)],
                "max": ok[-1], "timeouts": len(ms) - len(ok)}

    out = {
        "strict": score(strict, per_query), "strict_core": score(strict, per_query, True),
        "by_page": score(by_page, per_query), "by_page_core": score(by_page, per_query, True),
        "none_ok": all(x["none_ok"] for x in per_query if "none_ok" in x),
        "latency_ms": figures(lat),
        "queries": per_query,
        "keystrokes": rows,
    }
    if typed:
        out["typed_latency_ms"] = figures([r["ms"] for r in typed])
        out["typed"] = typed
    return out


def first_result(browser, base: str, loads: int, site: Path, scope: str = "all") -> dict:
    """Navigation start → first results on screen, a query set at DOMContentLoaded; fresh context each load.
    Also the search files (index and worker scripts) whose download had finished when the first result was
    on screen, and their gzip size (what a static host serving gzip would send)."""
    times, after_load, fetched, stages = [], [], [], []
    for _ in range(loads):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        done: list[str] = []
        page.on("requestfinished", lambda r: done.append(urlsplit(r.url).path))
        page.add_init_script(_scope_script(scope))
        page.add_init_script(f"window.__firstQuery = {json.dumps(FIRST_QUERY)};")
        page.add_init_script(PROBE)
        page.goto(base + START)
        t = time.perf_counter()
        while time.perf_counter() - t < 60:
            t1 = page.evaluate("() => window.__lat && window.__lat.t1")
            if t1:
                before = sorted({p for p in done if "/search/" in p})
                times.append(t1)
                page.wait_for_load_state("load")
                load = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventStart")
                after_load.append(t1 - load)
                fetched.append(before)
                stages.append({"ms": round(t1, 1), **(page.evaluate(STAGES) or {})})
                break
            page.wait_for_timeout(5)
        ctx.close()
    files = max(fetched, key=len) if fetched else []

    def gz(path: str) -> int:
        f = site / path.lstrip("/")  # the server serves the site at its root
        return len(gzip.compress(f.read_bytes(), 9)) if f.is_file() else 0
    index_files = [p for p in files if p.endswith(".json") and "/assets/" not in p]
    return {"n": len(times), "median_ms": statistics.median(times) if times else float("nan"),
            "max_ms": max(times) if times else float("nan"),
            "after_load_median_ms": statistics.median(after_load) if after_load else float("nan"),
            "fetched_before_first": files, "loads": stages,
            "index_gzip_before_first": sum(gz(p) for p in index_files),
            "search_gzip_before_first": sum(gz(p) for p in files)}


def bench_site(browser, site: Path, engine: str, reps: int, loads: int, scope: str = "all",
               keystrokes: bool = False) -> dict:
    server, base = serve(site)
    try:
        out = run_queries(browser, base, reps, scope, keystrokes)
        out["first_result"] = first_result(browser, base, loads, site, scope)
        out["index"] = index_bytes(site, engine)
        return out
    finally:
        server.shutdown()


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def print_report(results: dict) -> None:
    rows = [
        ("success@5 core (strict)", lambda r: _pct(r["strict_core"]["success@5"])),
        ("success@5 all (strict)", lambda r: _pct(r["strict"]["success@5"])),
        ("MRR all (strict)", lambda r: f"{r['strict']['mrr']:.3f}"),
        ("success@5 all (by page)", lambda r: _pct(r["by_page"]["success@5"])),
        ("MRR all (by page)", lambda r: f"{r['by_page']['mrr']:.3f}"),
        ("no-result queries empty", lambda r: str(r["none_ok"])),
        ("latency median ms", lambda r: f"{r['latency_ms']['median']:.1f}"),
        ("latency p95 ms", lambda r: f"{r['latency_ms']['p95']:.1f}"),
        ("latency max ms", lambda r: f"{r['latency_ms']['max']:.1f}"),
        ("first result from navigation ms (med.)", lambda r: f"{r['first_result']['median_ms']:.0f}"),
        ("first result after load event ms (med.)", lambda r: f"{r['first_result']['after_load_median_ms']:.0f}"),
        ("index gzip fetched before first result", lambda r: f"{r['first_result'].get('index_gzip_before_first', 0):,}"),
        ("search files gzip before first result", lambda r: f"{r['first_result'].get('search_gzip_before_first', 0):,}"),
        ("index bytes raw", lambda r: f"{r['index']['raw']:,}"),
        ("index files / largest raw", lambda r: f"{r['index']['files']} / {r['index']['largest_file_raw']:,}"),
        ("index bytes gzip", lambda r: f"{r['index']['gzip']:,}"),
        ("build s", lambda r: f"{r['build_s']:.1f}"),
    ]
    names = list(results)
    width = max(len(n) for n in names) + 2
    print(f"{'':42}" + "".join(f"{n:>{width}}" for n in names))
    for label, fn in rows:
        print(f"{label:42}" + "".join(f"{fn(results[n]):>{width}}" for n in names))
    print("note: on a synthetic corpus the query set's expectations name units of copy 0, and the other copies "
          "repeat its clauses; quality figures there are not meaningful (latency, first result and bytes are).")
    for n in names:
        for key in ("keystrokes", "typed"):
            rows = results[n].get(key)
            if not rows:
                continue
            if key == "typed":
                lat = results[n]["typed_latency_ms"]
                print(f"{n}: typed one character at a time: median {lat['median']:.1f} ms, p95 {lat['p95']:.1f} ms, "
                      f"max {lat['max']:.1f} ms over {lat['n']} keystrokes")
            print(f"{n}: slowest {key} (ms; stages: " + ", ".join(STAGE_NAMES) + "; files requested)")
            for r in _slowest(rows, 8):
                st = r.get("stages") or {}
                print(f"  {r['ms']:7.1f}  {r['q'][:14]:<14} " + " ".join(f"{st.get(k, float('nan')):6.1f}" for k in STAGE_NAMES)
                      + f"  [{_cause(r)}] {len(r.get('files', []))} files"
                      + (f"; transit to {r['transit_to']:.1f}, back {r['transit_back']:.1f}" if "transit_to" in r else "")
                      + (f"; whole list at {r['final_ms']:.1f}" if "final_ms" in r else ""))
            grown = [r["final_ms"] for r in rows if "final_ms" in r]
            if grown:
                print(f"  {len(grown)} of {len(rows)} first showed the start of a growing answer; the whole list "
                      f"arrived after a median of {statistics.median(grown):.1f} ms (max {max(grown):.1f})")
    for n in names:
        if not n.startswith("source"):
            continue
        bad = [q for q in results[n]["queries"] if "rank" in q and q["core"] and not 1 <= q["rank"] <= 5]
        if bad:
            print(f"{n}: core queries missed: " + ", ".join(f"{q['q']}({q['rank']})" for q in bad))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--factor", type=int, default=50, help="size of the synthetic corpus (× the source); 0 skips it")
    p.add_argument("--reps", type=int, default=3, help="rounds of the query set for latency")
    p.add_argument("--loads", type=int, default=5, help="page loads for time to first result")
    p.add_argument("--json", type=Path, help="also write the figures as JSON")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/lawref-bench-search"))
    p.add_argument("--reuse-sites", action="store_true",
                   help="keep sites built by an earlier run in --workdir (our search files are refreshed)")
    p.add_argument("--single-document", action="store_true",
                   help="the synthetic corpus is the real page made --factor times longer, not a library")
    p.add_argument("--keystrokes", action="store_true",
                   help="also type every query one character at a time and time each keystroke (JSON: typed)")
    p.add_argument("--scopes", default="all,doc", help="search scopes measured on lawref's engine (all, doc)")
    p.add_argument("--engines", default="lawref,material", help="engines to build and measure")
    p.add_argument("--index-only", action="store_true",
                   help="do not build the synthetic site's pages: measure index-only sites (see transplant)")
    p.add_argument("--no-transplant", action="store_true",
                   help="fail when the synthetic site does not build, instead of measuring index-only sites")
    args = p.parse_args(argv)

    from playwright.sync_api import sync_playwright
    from synth import make_library, make_project

    args.workdir.mkdir(parents=True, exist_ok=True)
    corpora = [("source", make_project(args.workdir / "src", factor=1))]
    if args.factor:
        make = make_project if args.single_document else make_library
        corpora.append((f"x{args.factor}", make(args.workdir / f"x{args.factor}", factor=args.factor)))
    results: dict = {}
    built: dict[str, Path] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for name, project in corpora:
            sites, took = {}, {}
            engines = args.engines.split(",")
            for engine in engines:
                sites[engine] = args.workdir / f"site-{name}-{engine}"
                try:
                    if args.index_only and name != "source":
                        raise RuntimeError("--index-only")
                    took[engine] = build(project, sites[engine], engine, args.reuse_sites)
                except Exception as e:  # the pages do not build (the diagnostics say why): index-only sites
                    if name == "source" or args.no_transplant:
                        raise
                    print(f"{name}: the site does not build ({type(e).__name__}: {e}); index-only sites instead",
                          file=sys.stderr)
                    sites = {k: args.workdir / f"site-{name}-{k}-index-only" for k in engines}
                    t = time.perf_counter()
                    transplant(project, built, sites)
                    took = {k: float("nan") for k in engines}
                    name = f"{name} (index only)"
                    print(f"index-only sites in {time.perf_counter() - t:.1f}s", file=sys.stderr)
                    break
                print(f"built {name}/{engine} in {took[engine]:.1f}s", file=sys.stderr)
            if name == "source":
                built = dict(sites)
            for engine in engines:
                for scope in args.scopes.split(",") if engine == "lawref" else ["all"]:
                    r = bench_site(browser, sites[engine], engine, args.reps if name == "source" else 1, args.loads,
                                   scope, args.keystrokes)
                    r["build_s"] = took[engine]
                    results[f"{name}/{engine}" + (f"/{scope}" if scope != "all" else "")] = r
        browser.close()
    print_report(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
