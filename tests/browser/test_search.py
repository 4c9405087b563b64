"""Search in the real browser: Material's search box, our worker and index, the committed query set.

A query is typed as a person does (``insert_text`` then a key release, which Material listens to);
the visible result list is read back; a result is clicked and the target 款/项 checked.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import urlopen

import pytest
import yaml

QUERIES = yaml.safe_load((Path(__file__).resolve().parents[1] / "search" / "queries.yml").read_text(encoding="utf-8"))
INITIALISING = ("初始化", "输入要找的字词")  # Material's initializer text, our placeholder


def unit_of(href: str, base: str) -> str:
    """``http://…/xunshi/art_34/?h=…#art_34__para_2`` → ``xunshi/art_34__para_2``."""
    parts = urlsplit(href)
    path = unquote(parts.path)[len(urlsplit(base).path):].strip("/").split("/")
    return f"{path[0]}/{parts.fragment or path[-1]}"


# The worker's answers as Material receives them (Worker wrapped before the page's scripts run): an answer grows
# while records arrive, and a query's results are read from its final answer.
# The page's search script wraps Worker in turn (a small library's search answers in the page, through a stand-in for
# the worker): whatever Worker is set to is wrapped again, and each worker or stand-in is listened to once.
ANSWERS = """(() => { if (window.__answers) return; window.__answers = [];
  const wrap = N => { const W = function (u, o) { const w = new N(u, o); if (w.__answered) return w; w.__answered = true;
    w.addEventListener('message', e => { if (e.data && e.data.type === 3) __answers.push(Object.assign(
      {groups: e.data.data.items.map(g => g.map(i => [i.location, i.score]))}, e.data.data.timing)); });
    return w; }; W.prototype = N.prototype; return W; };
  let current = wrap(window.Worker);
  Object.defineProperty(window, 'Worker', {configurable: true, get: () => current, set: v => { current = wrap(v); }});
  })();"""


def run_query(page, base: str, q: str, start: str = "xunshi/") -> list[list[str]]:
    """Type ``q`` into the search box of a fresh page; the visible result groups as lists of units, once the
    worker's final answer to ``q`` is on screen."""
    if not getattr(page, "lawref_answers", False):
        page.add_init_script(ANSWERS)
        page.lawref_answers = True
    page.goto(base + start)
    page.keyboard.press("/")
    page.keyboard.insert_text(q)
    page.keyboard.press("Shift")
    page.wait_for_function(
        "(skip) => { const m = document.querySelector('.md-search-result__meta');"
        " return m && m.textContent.trim() && !skip.some(s => m.textContent.includes(s)); }",
        arg=list(INITIALISING), timeout=10_000)
    page.wait_for_function("q => __answers.some(a => a.q === q && a.final)", arg=q, timeout=10_000)
    return page.evaluate(
        "() => [...document.querySelectorAll('.md-search-result__item')].map(li =>"
        " [...li.querySelectorAll('a.md-search-result__link')].filter(a => a.offsetParent !== null).map(a => a.href))"
    ), page.inner_text(".md-search-result__meta")


def rank_of(groups: list[list[str]], expect: list[str]) -> int:
    for i, g in enumerate(groups, 1):
        if any(u == e or u.startswith(e + "__") for u in g for e in expect):
            return i
    return 0


@pytest.mark.parametrize("case", QUERIES, ids=[f"{i:02d}-{c['q']}" for i, c in enumerate(QUERIES)])
def test_query_set(page, base_url, case):
    hrefs, meta = run_query(page, base_url, case["q"])
    groups = [[unit_of(h, base_url) for h in g] for g in hrefs]
    if case.get("none"):
        assert groups == [], groups[:3]
        assert "没有找到" in meta and "少输几个字" in meta  # says so, and what might help
        return
    rank = rank_of(groups, case["expect"])
    assert 1 <= rank <= 5, f"{case['q']}: expected {case['expect']} in the top 5, got {groups[:5]}"
    if "first" in case:
        first = groups[0]
        lead = first[1] if len(first) > 1 and "__" in case["first"] else first[0]
        assert lead == case["first"], f"{case['q']}: first result {first[:3]}"


def test_result_shows_label_chapter_and_marked_snippet_then_lands_on_the_highlighted_item(page, base_url):
    run_query(page, base_url, "座谈会")
    first = page.locator(".md-search-result__item").first
    assert "第二十三条" in first.locator("h1").inner_text()
    assert "第四章" in first.locator("h1").inner_text()  # the chapter
    child = first.locator("a.md-search-result__link").nth(1)
    assert child.locator("h2").inner_text() == "第二十三条第一款第（七）项"
    assert child.locator("mark").first.inner_text() == "座谈会"
    child.click()
    page.wait_for_url("**/xunshi/art_23/**")
    assert urlsplit(page.url).fragment == "art_23__para_1__item_7"
    target = page.locator("#art_23__para_1__item_7")
    page.wait_for_function("() => document.getElementById('art_23__para_1__item_7').classList.contains('lr-target')")
    assert target.is_visible()
    box = target.bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"]


def test_news_results_are_labelled_as_news(page, base_url):
    run_query(page, base_url, "轻罪治理")
    first = page.locator(".md-search-result__item").first
    assert "新闻" in first.locator("h1").inner_text()
    assert "关键词之二" in first.inner_text()


def test_keyboard_shortcut_arrow_and_enter(page, base_url):
    page.goto(base_url + "xunshi/")
    page.keyboard.press("s")
    assert page.evaluate("() => document.activeElement.matches('.md-search__input')")
    page.keyboard.insert_text("第三十四条第二款")
    page.keyboard.press("Shift")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.matches('a.md-search-result__link')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.matches('.md-search__input')")
    page.keyboard.press("Enter")  # Material: Enter goes to the best-scoring result
    page.wait_for_url("**/xunshi/art_34/**")
    assert urlsplit(page.url).fragment == "art_34__para_2"
    page.wait_for_function("() => document.getElementById('art_34__para_2').classList.contains('lr-target')")


def test_results_update_while_typing(page, base_url):
    page.goto(base_url + "xunshi/")
    page.keyboard.press("/")
    page.keyboard.insert_text("回")
    page.keyboard.press("Shift")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.insert_text("头看")
    page.keyboard.press("Shift")
    page.wait_for_function("() => document.querySelector('.md-search-result__item a').href.includes('art_20')")


def test_one_index_only(page, base_url):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    run_query(page, base_url, "巡视")
    names = [urlsplit(u).path for u in requested]
    assert sum(n.endswith("/search/lawref_index.json") for n in names) == 1
    assert not any("/javascripts/workers/search." in n for n in names), "Material's own search worker ran"
    stub = page.evaluate("() => fetch(new URL('search/search_index.json', document.baseURI.replace(/xunshi\\/.*/, ''))).then(r => r.json())")
    assert stub["docs"] == []  # Material's plugin keeps only its UI


def test_search_under_a_sub_path(page, subpath_url):
    hrefs, _ = run_query(page, subpath_url, "立行立改")
    assert unit_of(hrefs[0][1], subpath_url) == "xunshi/art_25__para_1"
    page.locator("a.md-search-result__link").nth(1).click()
    page.wait_for_url("**/laws/xunshi/art_25/**")
    assert urlsplit(page.url).fragment == "art_25__para_1"


def test_adjacent_words_in_order_rank_above_scattered_ones(page, base_url):
    # 巡视 and 情况 stand side by side in 5 款/项 and apart in 31 others: the 5 come first.
    run_query(page, base_url, "巡视 情况")
    firsts = page.locator(".md-search-result__item").evaluate_all(
        "lis => lis.slice(0, 5).map(li => li.querySelectorAll('a.md-search-result__link')[1].textContent)")
    assert len(firsts) == 5 and all("巡视情况" in t for t in firsts), firsts


def test_search_on_a_phone(phone_page, base_url):
    phone_page.goto(base_url + "xunshi/art_23/")
    phone_page.locator("label.md-header__button[for=__search]").tap()
    phone_page.locator(".md-search__input").wait_for(state="visible")
    phone_page.keyboard.insert_text("六个月")
    phone_page.keyboard.press("Shift")
    phone_page.wait_for_selector(".md-search-result__item")
    first = phone_page.locator(".md-search-result__item a.md-search-result__link").nth(1)
    assert "6个月" in first.inner_text()  # 六个月 finds the text's 6个月
    first.tap()
    phone_page.wait_for_url("**/xunshi/art_3*/**")
    assert urlsplit(phone_page.url).fragment.startswith("art_3")


def test_scope_this_document_fetches_and_shows_only_its_index(page, base_url):
    """One index for the library, partitioned: a query fetches the postings shards of its characters and the
    display records of the pages it shows. Searching "this document" shows and fetches only that document's
    records (also when a small library is fetched whole while idle); "all documents" brings the others back, and
    the choice holds for the session."""
    from lawref.publish.search import term_shard
    manifest = json.loads(urlopen(base_url + "search/lawref_index.json").read())
    requested: list[str] = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path.rsplit("/", 1)[-1]))
    hrefs, _ = run_query(page, base_url, "发布会", start="xunshi/art_11/")
    docs = {unit_of(h, base_url).split("/")[0] for g in hrefs for h in g}
    assert docs == {"xunshi", "zuigaojian-fabuhui"}  # the whole library, by default
    # the shards of its bigrams' first characters (发布, 布会; 会's shard comes only with the idle prefetch of a
    # small library, which may or may not have run before the answer)
    shards = {n for n in requested if n.startswith("lawref_terms.")}
    assert shards >= {f"lawref_terms.{term_shard(u, manifest['terms'])}.json" for u in "发布"}
    scope = page.locator(".lr-search-scope")
    assert scope.get_attribute("role") == "radiogroup"
    scope.get_by_role("radio", name="本文件：巡视工作条例").check()
    # the text's one hit and the editorial entries about this document (notes, 时限一览), nothing of the news
    page.wait_for_function("() => { const as = [...document.querySelectorAll('a.md-search-result__link')];"
                           " return as.length && !as.some(a => a.href.includes('/zuigaojian-fabuhui/')); }")
    links = page.locator("a.md-search-result__link").evaluate_all("as => as.map(a => a.href)")
    assert links and all("/xunshi/" in h for h in links)
    # A new page of the same document, in the same session: only its own display records are fetched.
    requested.clear()
    hrefs, _ = run_query(page, base_url, "发布会", start="xunshi/art_12/")
    assert {unit_of(h, base_url).split("/")[0] for g in hrefs for h in g} == {"xunshi"}
    texts = [n for n in requested if n.startswith("lawref_text.")]
    assert texts and all(n.startswith("lawref_text.xunshi.") for n in texts), texts
    assert page.locator(".lr-search-scope input[value=doc]").is_checked()
    page.locator(".lr-search-scope").get_by_role("radio", name="全部文件").check()
    page.wait_for_function("() => [...document.querySelectorAll('a.md-search-result__link')]"
                           ".some(a => a.href.includes('/zuigaojian-fabuhui/'))")
    assert any(n.startswith("lawref_text.zuigaojian-fabuhui.") for n in requested)
    # A page of no document (the home page) has no scope control: it searches everything.
    run_query(page, base_url, "发布会", start="")
    assert page.locator(".lr-search-scope").count() == 0


def test_search_on_paste_and_editorial_groups_after_the_text(page, base_url):
    """A query pasted with the mouse (an input event, no key released) searches; notes, 术语表, 时限一览 and
    校勘记 are found in groups of their own after the text's."""
    page.add_init_script(ANSWERS)
    page.lawref_answers = True
    page.goto(base_url + "xunshi/")
    page.keyboard.press("/")
    box = page.locator("[data-md-component=search-query]")
    box.fill("立行立改")  # fill() sends an input event only, as a paste or an input method does
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=10_000)
    # the answer grows while records arrive (the text's groups first): read the whole one
    page.wait_for_function("() => __answers.some(a => a.q === '立行立改' && a.final)", timeout=10_000)
    groups = page.evaluate("() => [...document.querySelectorAll('.md-search-result__item')].map(li =>"
                           " li.querySelector('a.md-search-result__link').href)")
    units = [unit_of(h, base_url) for h in groups]
    assert units[0] == "xunshi/art_25", units[:5]
    kinds = ["editorial" if any(k in u for k in ("shuyu", "shixian", "note-", "lr-notes", "jiaokanji")) else "text"
             for u in units]
    assert "editorial" in kinds and kinds == sorted(kinds, key=lambda k: k == "editorial"), units
    assert any("shuyu" in u for u in units), "the glossary entry of 立行立改 is found"
    box.fill("时限")
    page.wait_for_function("() => [...document.querySelectorAll('.md-search-result__item a')]"
                           ".some(a => a.href.includes('/shixian/'))", timeout=10_000)


def test_answers_grow_in_final_order_and_after_the_idle_prefetch_keystrokes_need_no_request(page, base_url):
    """While display records are on their way, the worker shows the best groups whose records are in, then more:
    each answer is the start of the final one (same groups, same order, same scores), never a reordering. Then
    the idle prefetch fetches the small library whole (postings, records, the ids citations look up), and
    keystrokes (words typed one character at a time, a citation, a question) make no request, with the query
    set's results. Each answer says where its time went (``timing``, read by the benchmark)."""
    manifest = json.loads(urlopen(base_url + "search/lawref_index.json").read())
    assert manifest["prefetch"], "the real corpus is a small library: fetched whole when idle"
    assert any(n.startswith("lawref_eids.") for n in manifest["prefetch"])
    finished: set[str] = set()
    page.on("requestfinished", lambda r: finished.add(urlsplit(r.url).path.rsplit("/", 1)[-1]))
    page.add_init_script(ANSWERS)
    page.lawref_answers = True
    # The news report's records are held back: 监督's first groups are the regulation's, then comes the news.
    held: list = []
    page.route("**/search/lawref_text.zuigaojian-fabuhui.*.json", lambda route: held.append(route))
    page.goto(base_url + "xunshi/art_11/")
    page.keyboard.press("/")
    page.keyboard.insert_text("监督")
    page.keyboard.press("Shift")
    page.wait_for_function("() => __answers.some(a => a.q === '监督')", timeout=10_000)
    partial = page.evaluate("() => __answers.filter(a => a.q === '监督')")
    shown = page.evaluate("() => [...document.querySelectorAll('.md-search-result__item')].map(li =>"
                          " li.querySelector('a.md-search-result__link').href)")
    assert held and not partial[-1]["final"] and partial[-1]["groups"], partial
    assert [unit_of(h, base_url).split("/")[0] for h in shown] == ["xunshi"] * len(partial[-1]["groups"]), shown
    for route in held:
        route.continue_()
    page.wait_for_function("() => __answers.some(a => a.q === '监督' && a.final)", timeout=10_000)
    answers = page.evaluate("() => __answers.filter(a => a.q === '监督')")
    final = answers[-1]["groups"]
    news = [i for i, g in enumerate(final) if g[0][0].startswith("zuigaojian-fabuhui/")]
    assert news and len(partial[-1]["groups"]) <= news[0], (news, len(partial[-1]["groups"]))
    for a in answers:
        assert a["groups"] == final[:len(a["groups"])], "an answer is the start of the final one"

    while not set(manifest["prefetch"]) <= finished:  # every file of the library, as the worker fetches it idle
        page.wait_for_event("requestfinished", timeout=20_000)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    box = page.locator(".md-search__input")
    for q, lead in (("立行立改", "xunshi/art_25"), ("第三十四条", "xunshi/art_34"),
                    ("巡视整改期限是多长时间", "xunshi/art_34")):
        box.fill("")
        page.keyboard.press("Shift")
        for k in range(len(q)):  # typed one character at a time: every prefix is a query
            page.keyboard.insert_text(q[k])
            page.keyboard.press("Shift")
        page.wait_for_function("q => { const a = __answers[__answers.length - 1];"
                               " return a && a.q === q && a.final; }", arg=q)
        hrefs = page.evaluate("() => [...document.querySelectorAll('.md-search-result__item')].map(li =>"
                              " li.querySelector('a.md-search-result__link').href)")
        assert unit_of(hrefs[0], base_url) == lead, (q, hrefs[:3])
    assert requested == [], requested
    last = page.evaluate("() => __answers[__answers.length - 1]")
    assert last["files"] == [] and last["recv"] <= last["ranked"] <= last["sent"], last


# Real workers the page creates (wrapped before any page script, under the wrappers that come after it).
WORKERS = """(() => { const N = window.Worker; window.__workers = [];
  window.Worker = function (u, o) { __workers.push(String(u)); return new N(u, o); };
  window.Worker.prototype = N.prototype; })();"""

# Each query put in the box as one input event; whether its final answer was on screen when the next animation
# frame's callbacks ran (before that frame is drawn).
BEFORE_NEXT_FRAME = """async (qs) => {
  const input = document.querySelector('.md-search__input'), out = [];
  for (const q of qs) {
    input.value = ''; input.dispatchEvent(new Event('input', {bubbles: true}));
    await new Promise(r => setTimeout(r, 30));
    input.value = q; input.dispatchEvent(new Event('input', {bubbles: true}));
    const shown = await new Promise(r => requestAnimationFrame(() => {
      const a = __answers[__answers.length - 1];
      const items = document.querySelectorAll('.md-search-result__item');  // Material shows 10, more on scrolling
      r(!!a && a.q === q && a.final && items.length === Math.min(10, a.groups.length)
        && (u => { u.search = ''; return u.href.endsWith('/' + a.groups[0][0][0]); })(new URL(items[0].querySelector('a').href)));
    }));
    out.push([q, shown]);
  }
  return out;
}"""


def watch_workers_and_answers(page) -> None:
    """Before the page's scripts: the real workers it creates (``__workers``) and the answers (``__answers``)."""
    page.add_init_script(WORKERS)
    page.add_init_script(ANSWERS)
    page.lawref_answers = True


def test_a_small_library_is_searched_in_the_page_and_answers_before_the_next_frame(page, base_url):
    """The real corpus is a small library (``publish.search.searched_in_page``): its search runs on the page's
    thread and no worker is created. Once the idle prefetch is done, each query's final answer is on screen when
    the next frame is drawn after the input event (with a worker the answer waits for the page's thread, often
    until after that frame: the benchmark measured up to ~18 ms). The query set's words, citations and questions."""
    manifest = json.loads(urlopen(base_url + "search/lawref_index.json").read())
    finished: set[str] = set()
    page.on("requestfinished", lambda r: finished.add(urlsplit(r.url).path.rsplit("/", 1)[-1]))
    watch_workers_and_answers(page)
    page.goto(base_url + "xunshi/art_11/")
    assert page.locator("script[data-lawref-search='page']").count() == 1
    page.keyboard.press("/")
    while not set(manifest["prefetch"]) <= finished:
        page.wait_for_event("requestfinished", timeout=20_000)
    qs = [c["q"] for c in QUERIES if not c.get("none")][:24]
    box = page.locator(".md-search__input")
    for q in qs:  # once, waiting for each final answer: whatever a query reads is fetched and parsed
        box.fill(q)
        page.wait_for_function("q => __answers.some(a => a.q === q && a.final)", arg=q, timeout=10_000)
    shown = page.evaluate(BEFORE_NEXT_FRAME, qs)
    assert [q for q, ok in shown if not ok] == [], shown
    assert page.evaluate("() => __workers") == [], "the search of a small library needs no worker"
    assert page.evaluate("() => 'LawrefSearchHost' in window") is False


def test_a_larger_library_is_searched_in_a_worker(page, fixture_corpus_url):
    """Where the library is larger than ``search_in_page`` (the fixture site is built with 0), Material's search
    talks to a real worker running the same engine, and it answers."""
    watch_workers_and_answers(page)
    page.goto(fixture_corpus_url + "hehu/")
    assert page.locator("script[data-lawref-search]").count() == 0
    page.keyboard.press("/")
    page.keyboard.insert_text("河长")
    page.keyboard.press("Shift")
    page.wait_for_function("() => __answers.some(a => a.q === '河长' && a.final)", timeout=10_000)
    assert page.locator(".md-search-result__item").count() > 0
    assert [u.rsplit("/", 1)[-1] for u in page.evaluate("() => __workers")] == ["worker.js"]
