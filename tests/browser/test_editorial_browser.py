"""The editorial layer in the real browser: previews on hover, keyboard focus and tap; errata marks; the
as-printed switch (remembered); links right on article, chapter, full-text pages and under a sub-path;
hostile annotations rendered inert."""

from __future__ import annotations

import functools
import http.server
import shutil
import textwrap
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
POP = "#lr-pop"


def _entries(kind):
    out = []
    for p in sorted((ROOT / "annotations").glob("*.yml")):
        out += [e for e in yaml.safe_load(p.read_text("utf-8"))["entries"] if e["kind"] == kind]
    return {e["id"]: e for e in out}


def _node(regulation, eid):
    for a in regulation.articles():
        for p in a.paragraphs:
            for n in (p, *p.items):
                if n.eid == eid:
                    return n
    raise KeyError(eid)


def test_reference_preview_on_hover(page, base_url):
    page.goto(base_url + "xunshi/art_40/")
    ref = page.locator("#art_40__para_2 .lr-ref")
    assert ref.inner_text() == "上述条件"
    assert page.locator(POP).is_hidden()
    ref.hover()
    pop = page.locator(POP)
    pop.wait_for(state="visible")
    assert "第四十条第一款" in pop.inner_text()
    assert "巡视干部应当具备下列条件" in pop.inner_text()
    page.mouse.move(5, 5)
    pop.wait_for(state="hidden")


def test_reference_preview_on_keyboard_focus_and_enter_follows(page, base_url):
    page.goto(base_url + "xunshi/art_40/")
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('lr-ref')"):
            break
    else:
        pytest.fail("the reference link is not reachable with Tab")
    pop = page.locator(POP)
    pop.wait_for(state="visible")
    assert "巡视干部应当具备下列条件" in pop.inner_text()
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "lr-pop"
    page.keyboard.press("Escape")
    pop.wait_for(state="hidden")
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#art_40__para_1'")


def test_glossary_term_shows_its_definition_on_hover_and_focus(page, base_url):
    body = _entries("definition")["term-changgui"]["body"]
    page.goto(base_url + "xunshi/art_20/")
    terms = page.locator(".lr-text .lr-term", has_text="常规巡视")
    assert terms.count() == 1  # first occurrence in the article only
    terms.hover()
    pop = page.locator(POP)
    pop.wait_for(state="visible")
    assert body[:20] in pop.inner_text()
    page.mouse.move(5, 5)
    pop.wait_for(state="hidden")
    terms.focus()
    pop.wait_for(state="visible")
    assert body[:20] in pop.inner_text()
    assert pop.locator("a.lr-pop-go").get_attribute("href").endswith("shuyu/#term-changgui")


def test_term_marked_once_per_article(page, base_url):
    page.goto(base_url + "xunshi/art_34/")
    # 集中整改 occurs three times in 第三十四条 and is marked once
    assert page.locator(".lr-article").inner_text().count("集中整改") >= 3
    assert page.locator(".lr-text .lr-term", has_text="集中整改").count() == 1


def test_correction_shown_with_source_reading_one_click_away(page, base_url):
    page.goto(base_url + "xunshi/art_7/")
    item = page.locator("#art_7__para_1__item_7 .lr-text")
    assert "队伍建设；" in item.inner_text() and "建设和" not in item.inner_text()
    corr = item.locator(".lr-corr")
    corr.click()
    pop = page.locator(POP)
    pop.wait_for(state="visible")
    assert "队伍建设和;" in pop.inner_text() and "据本文内证" in pop.inner_text()
    assert pop.locator("a.lr-pop-go").get_attribute("href").endswith("jiaokanji/#err-art7-he")
    corr.click()
    pop.wait_for(state="hidden")


def test_conjecture_is_marked_but_not_applied(page, base_url):
    page.goto(base_url + "xunshi/art_48/")
    item = page.locator("#art_48__para_1 .lr-text")
    assert "县（市、区、旗）管理的国有企业" in item.inner_text()
    q = item.locator(".lr-query")
    q.focus()
    pop = page.locator(POP)
    pop.wait_for(state="visible")
    assert "疑当作" in pop.inner_text() and "市（地、州、盟）管理的" in pop.inner_text() and "推测" in pop.inner_text()


def test_as_printed_switch_shows_the_source_and_is_remembered(page, base_url, regulation):
    raw7 = "".join(s.raw for s in _node(regulation, "art_7__para_1__item_7").segments)
    raw18 = "".join(s.raw for s in _node(regulation, "art_18__para_1__item_2").segments)
    assert raw7 == "(七)统筹加强巡视机构和干部队伍建设和;"
    page.goto(base_url + "xunshi/art_7/")
    button = page.locator(".lr-printed-toggle")
    assert button.count() == 1 and button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    item = page.locator("#art_7__para_1__item_7")
    assert item.locator(".lr-text").inner_text() == raw7
    assert item.locator(".lr-item-label").is_hidden()
    page.reload()
    assert page.locator("#art_7__para_1__item_7 .lr-text").inner_text() == raw7
    page.goto(base_url + "xunshi/art_18/")
    text = page.locator("#art_18__para_1__item_2 .lr-text")
    assert text.inner_text() == raw18 and "意识全面从从严治党" in raw18
    page.locator(".lr-printed-toggle").click()
    assert "落实全面从严治党" in text.inner_text()
    assert page.locator("#art_18__para_1__item_2 .lr-corr").count() == 2
    page.reload()
    assert page.locator(".lr-printed-toggle").get_attribute("aria-pressed") == "false"


def test_phone_tap_shows_preview_first_then_follows(phone_page, base_url):
    pg = phone_page
    pg.goto(base_url + "xunshi/art_40/")
    ref = pg.locator("#art_40__para_2 .lr-ref")
    ref.tap()
    pop = pg.locator(POP)
    pop.wait_for(state="visible")
    assert "巡视干部应当具备下列条件" in pop.inner_text()
    assert pg.evaluate("location.hash") == ""
    box = pop.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    pop.locator("a.lr-pop-go").tap()
    pg.wait_for_function("location.hash === '#art_40__para_1'")


def test_phone_tap_on_term_toggles(phone_page, base_url):
    pg = phone_page
    pg.goto(base_url + "xunshi/art_25/")
    term = pg.locator(".lr-text .lr-term", has_text="立行立改")
    term.tap()
    pop = pg.locator(POP)
    pop.wait_for(state="visible")
    assert "立行立改" in pop.inner_text()
    term.tap()
    pop.wait_for(state="hidden")


def test_links_from_full_text_and_chapter_pages(page, base_url):
    page.goto(base_url + "xunshi/")
    page.locator("#art_40__para_2 .lr-ref").click()
    page.wait_for_url("**/xunshi/art_40/#art_40__para_1")
    assert "lr-target" in (page.locator("#art_40__para_1").get_attribute("class") or "")
    page.goto(base_url + "xunshi/chp_8/")
    page.locator("#art_50__para_1 .lr-ref", has_text="队伍建设").click()
    page.wait_for_url("**/xunshi/chp_6/")


def test_links_under_a_sub_path(page, subpath_url):
    page.goto(subpath_url + "xunshi/art_50/")
    page.locator("#art_50__para_1 .lr-ref", has_text="工作程序和方式权限").click()
    page.wait_for_url(subpath_url + "xunshi/chp_4/")
    page.goto(subpath_url + "xunshi/art_52/")
    page.locator("#art_52__para_1 .lr-ref", has_text="本条例").click()
    page.wait_for_url(subpath_url + "xunshi/")


def test_procedure_diagram_steps_link_to_articles(page, base_url):
    page.goto(base_url + "xunshi/chengxu/")
    labels = page.locator("#lr-flow-main .lr-flow-label").all_inner_texts()
    assert labels == ["听取通报", "进驻", "了解", "报告", "反馈", "移交", "公开", "整改"]
    page.locator("#step-feedback a", has_text="第二十九条").click()
    page.wait_for_url("**/xunshi/art_29/")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


HOSTILE = textwrap.dedent("""\
    document: xunshi
    entries:
      - id: zz-hostile
        kind: note
        target: art_6
        body: |
          <script>window.__pwned = 1</script>
          [点我](javascript:window.__pwned=2) <img src=x onerror="window.__pwned=3">
          ![远程图片](http://example.com/x.png) [数据](data:text/html,<script>alert(1)</script>)
      - id: zz-hostile-xref
        kind: xref
        target: art_6
        to: art_47
        reason: "<iframe src=javascript:alert(1)></iframe>"
    """)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A temporary copy of the project with a hostile annotation, built for real."""
    from lawref.cli import main
    tmp = tmp_path_factory.mktemp("hostile")
    proj = tmp / "proj"
    proj.mkdir()
    for name in ("content", "annotations", "site_templates"):
        shutil.copytree(ROOT / name, proj / name)
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    (proj / "build").symlink_to(ROOT / "build")
    (proj / "annotations" / "zz-hostile.yml").write_text(HOSTILE, encoding="utf-8")
    out = tmp / "site"
    assert main(["--root", str(proj), "build", "--site-dir", str(out)]) == 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_hostile_annotation_is_inert(page, hostile_site):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_site + "xunshi/art_6/")
    note = page.locator("#note-zz-hostile")
    assert "<script>window.__pwned = 1</script>" in note.inner_text()
    assert note.locator("script, img, iframe").count() == 0
    assert page.locator(".lr-extras script, .lr-extras iframe, .lr-extras img").count() == 0
    assert page.locator(".lr-extras a[href^='javascript'], .lr-extras a[href^='data']").count() == 0
    assert "[点我](javascript:" in note.inner_text()
    # click on the words 点我 themselves (the paragraph's centre may be the inert external link)
    box = note.evaluate("""n => { const w = document.createTreeWalker(n, NodeFilter.SHOW_TEXT); let t;
        while ((t = w.nextNode())) { const i = t.data.indexOf('点我'); if (i >= 0) { const r = document.createRange();
          r.setStart(t, i); r.setEnd(t, i + 2); const b = r.getBoundingClientRect();
          return {x: b.x + b.width / 2, y: b.y + b.height / 2}; } } }""")
    page.mouse.click(box["x"], box["y"])
    assert "<iframe" in page.locator("#xref-zz-hostile-xref").inner_text()
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    # the backlink side renders the same reason inertly
    page.goto(hostile_site + "xunshi/art_47/")
    assert page.locator("#xref-zz-hostile-xref iframe").count() == 0


@pytest.mark.parametrize("path", ["xunshi/art_35/", "xunshi/art_50/", "xunshi/shuyu/", "xunshi/shixian/",
                                  "xunshi/zeren/", "xunshi/chengxu/", "zuigaojian-fabuhui/sec_3/"])
def test_axe_finds_no_serious_violation_on_editorial_pages(page, base_url, path):
    from axe_playwright_python.sync_playwright import Axe
    page.goto(base_url + path)
    first = page.locator(".lr-text .lr-term, .lr-text .lr-corr").first
    if first.count():
        first.focus()  # with a preview open
        page.locator(POP).wait_for(state="visible")
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
                             for v in bad)
