"""One grammar, two implementations: Hypothesis generates citations in every form of tests/citations/forms.yml's
grammar (第二十三条第一款第三项, 第23条第1款第3项, 23.1.3, 《short title》第X条, art_23__para_1, 之一, chapters,
numbers 1–9999, full-width digits, outside titles, junk) and running texts, and feeds the same list to Python
(build/lawref/cite/resolve.py, numerals.py) and to the browser's code under node (lawref-citation.js, segment.js, with
the grammar script the build generates). Every answer must be equal: status, entry, message, candidates, url.

The corpus is the real one plus the fictional second regulation (tests/fixtures/second/) and the fixture corpus's
two documents (tests/fixtures/corpus/: one with 编/章/节 and 第五条之一, one 办法 without chapters), so titles,
aliases, self words (本条例, 本办法), containers under 编, ambiguity across documents and outside documents are
exercised too. 目 (``__point_N``) entries are added to the manifest for the items of two articles, as the parser
will produce them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jsnode import run_node
from lawref.cite.grammar import Catalog, catalog_of
from lawref.cite.permalinks import build_permalinks, manifest_json
from lawref.cite.resolve import PermalinkIndex, ScanContext, parse_citation, resolve, scan_citations, to_eid
from lawref.pipeline import build_corpus, load_project
from lawref.source.numerals import FOLD_DIGITS, FOLD_UNITS, NUMERAL_CHARS, fold_numeral, parse_numeral, to_numeral
from second_doc import MAPPED_TITLE, OUTSIDE_TITLE, SLUG, make_two_doc_project

BATCH = 120
"""Citations per Hypothesis example (one node run per example)."""
EXAMPLES = 12


@pytest.fixture(scope="module")
def two_docs(tmp_path_factory):
    project = make_two_doc_project(tmp_path_factory.mktemp("two-docs") / "p")
    corpus, diags = build_corpus(load_project(project))
    assert corpus is not None and not [d for d in diags if d.severity == "error"], diags
    fixture, fdiags = build_corpus(load_project(Path(__file__).parent / "fixtures" / "corpus"))
    assert fixture is not None and not [d for d in fdiags if d.severity == "error"], fdiags
    manifest = build_permalinks(corpus) + build_permalinks(fixture)
    manifest += with_points(manifest)
    catalog = Catalog(catalog_of(corpus.meta).documents + catalog_of(fixture.meta).documents,
                      catalog_of(corpus.meta).outside)
    return manifest, catalog, PermalinkIndex(manifest, catalog)


def with_points(manifest):
    """目 entries (two per item) for the items of 第二十三条 and of 第五条 of every document, as the parser writes
    them (``art_5__para_1__item_2__point_1``, kind ``point``)."""
    out = []
    for e in manifest:
        if e.kind == "item" and e.eid.split("__")[0] in ("art_23", "art_5"):
            for k in (1, 2):
                out.append(replace(e, eid=f"{e.eid}__point_{k}", kind="point", url=e.url + f"__point_{k}",
                                   label=e.label + f"第{k}目"))
    assert out
    return out


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in s)


numbers = st.one_of(st.integers(1, 60), st.integers(1, 9999))
number_text = st.builds(lambda n, form: [to_numeral(n), str(n), _fullwidth(str(n))][form], numbers, st.integers(0, 2))
titles = st.sampled_from(["", "《巡视工作条例》", "《中国共产党巡视工作条例》", "巡视工作条例", "本条例", "条例",
                          "本办法", "本法", "该条例", "办法", "《河湖保护条例》", "示范市河湖保护条例", "《河长工作办法》",
                          "《公园管理条例》", "《青山市公园管理条例》", "公园条例", "《公园条例（2020年修订）》",
                          f"《{OUTSIDE_TITLE}》", f"《{MAPPED_TITLE}》", "《中华人民共和国监察法》"])


@st.composite
def chinese_form(draw):
    art = draw(number_text)
    s = draw(st.sampled_from(["第", ""])) + art + "条"
    if draw(st.booleans()):
        s += "之" + draw(number_text)
    if draw(st.booleans()):
        s += draw(st.sampled_from(["第", ""])) + draw(number_text) + "款"
    if draw(st.booleans()):
        item = draw(number_text)
        s += draw(st.sampled_from(["第", ""])) + draw(st.sampled_from([item, f"（{item}）", f"({item})"])) + "项"
        if draw(st.booleans()):
            s += draw(st.sampled_from(["第", ""])) + draw(st.sampled_from([str(draw(st.integers(1, 3))), draw(number_text)])) + "目"
    return draw(titles) + draw(st.sampled_from(["", "的"])) * (s.startswith("第")) + s


@st.composite
def dotted_form(draw):
    parts = [str(draw(numbers)) for _ in range(draw(st.integers(1, 4)))]
    s = ".".join(parts)
    return draw(titles) + (_fullwidth(s).replace(".", "．") if draw(st.booleans()) else s)


@st.composite
def eid_form(draw):
    s = f"art_{draw(numbers)}" + (f"_{draw(numbers)}" if draw(st.booleans()) else "")
    if draw(st.booleans()):
        s += f"__para_{draw(numbers)}"
        if draw(st.booleans()):
            s += f"__item_{draw(numbers)}" + (f"__point_{draw(st.integers(1, 3))}" if draw(st.booleans()) else "")
    return draw(st.sampled_from(["", "#", "xunshi/art_1/#", f"/{SLUG}/"])) + s


small = st.builds(lambda n, form: [to_numeral(n), str(n), _fullwidth(str(n))][form], st.integers(0, 4), st.integers(0, 2))


@st.composite
def chapter_form(draw):
    """编/分编/章/节 in any combination (the senseless ones too: 第二分编 alone, 第一编第三节), and container ids."""
    levels = "".join(f"第{draw(small)}{w}" for w in ("编", "分编", "章", "节") if draw(st.booleans()))
    ids = draw(st.sampled_from([
        f"chp_{draw(numbers)}", f"chp{draw(small)}", f"chp_{draw(small)}__sec_{draw(small)}", f"book_{draw(small)}",
        f"book_{draw(small)}__part_{draw(small)}", f"book_{draw(small)}__chp_{draw(small)}",
        f"hehu/book_{draw(small)}__chp_{draw(small)}/#book_{draw(small)}__chp_{draw(small)}__sec_{draw(small)}"]))
    return draw(titles) + draw(st.sampled_from([f"第{draw(number_text)}章", levels, ids]))


junk = st.text(alphabet=NUMERAL_CHARS + "第条款项章编分节目之《》（）()．.0123456789２３_art条例本前 。，", max_size=12)
citation = st.one_of(chinese_form(), dotted_form(), eid_form(), chapter_form(), junk).map(
    lambda s: s + ("。" if len(s) % 5 == 0 else ""))
context = st.sampled_from([None, None, "xunshi", SLUG, "zuigaojian-fabuhui", "hehu", "hezhang"])
relative = st.sampled_from(["本条", "本条第二款", "本款", "前款", "前两款", "前款第（一）项", "本项", "本章", "本节",
                            "本编", "第二款", "第（三）项", "第（三）项第1目", "本条例"])
running = st.lists(st.one_of(titles, chinese_form(), chapter_form(), relative,
                             st.sampled_from(["、", "，", "和", "至", "依照", "规定：", " ", "\n"])),
                   max_size=10).map("".join)


def _py_result(text, index, ctx):
    r = resolve(text, index, ctx)
    return [r.status, r.entry.doc + "/" + r.entry.eid if r.entry else None, r.message,
            [c.doc + "/" + c.eid for c in r.candidates], r.url]


JS_BODY = """
const r = ARG.cases.map(([t, ctx]) => { const x = C.resolve(t, ARG.manifest, ctx);
  return [x.status, x.entry ? x.entry.doc + "/" + x.entry.id : null, x.message,
          x.candidates.map(c => c.doc + "/" + c.id), x.url]; });
const p = ARG.cases.map(([t]) => C.parse(t));
const s = ARG.texts.map(t => C.scan(t, C.newContext()).map(f => [f.start, f.end, C.toEid(f.parsed), f.status,
  f.parsed ? f.parsed.doc : null, f.parsed ? f.parsed.title || null : null, f.message]));
return {r, p, s};
"""


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.data_too_large,
                                                                        HealthCheck.large_base_example])
@given(st.lists(st.tuples(citation, context), min_size=BATCH, max_size=BATCH),
       st.lists(running, min_size=BATCH // 4, max_size=BATCH // 4))
def test_python_and_js_agree_on_generated_citations(two_docs, cases, texts):
    manifest, catalog, index = two_docs
    js = run_node(catalog, JS_BODY, {"manifest": manifest_json(manifest), "cases": cases, "texts": texts})
    for (text, ctx), got, parsed in zip(cases, js["r"], js["p"]):
        assert got == _py_result(text, index, ctx), (text, ctx)
        c = parse_citation(text, catalog)
        want = None if c is None else {"article": c.article, "sub": c.sub, "para": c.para, "item": c.item,
                                       "doc": c.doc, "title": c.title, "point": c.point, "book": c.book,
                                       "part": c.part, "chapter": c.chapter, "section": c.section}
        assert parsed == want, text
    for text, got in zip(texts, js["s"]):
        want = [[f.start, f.end, to_eid(f.citation), f.status, f.citation and f.citation.doc,
                 f.citation and f.citation.title, f.message]
                for f in scan_citations(text, ScanContext(catalog))]
        assert got == want, text


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                 HealthCheck.large_base_example])
@given(st.lists(st.text(alphabet=FOLD_DIGITS + FOLD_UNITS, min_size=1, max_size=8), min_size=300, max_size=300),
       st.lists(st.text(alphabet=NUMERAL_CHARS, min_size=1, max_size=6), min_size=300, max_size=300))
def test_numeral_codec_agrees_on_every_number_and_on_generated_runs(two_docs, sample, odd):
    """to_numeral/parse_numeral on 1–9999 (all of them), search's fold_numeral and parse_numeral on generated runs."""
    _, catalog, _ = two_docs
    js = run_node(catalog, "return {n: ARG.n.map(C.toNumeral), back: ARG.n.map(n => C.parseNumber(C.toNumeral(n))),"
                  " fold: ARG.runs.map(S.foldNumeral), odd: ARG.odd.map(C.parseNumber)}",
                  {"n": list(range(1, 10000)), "runs": sample, "odd": odd})
    assert js["n"] == [to_numeral(n) for n in range(1, 10000)]
    assert js["back"] == list(range(1, 10000))
    assert js["fold"] == [fold_numeral(r) for r in sample]

    def py(t):
        try:
            return parse_numeral(t)
        except ValueError:
            return None
    assert js["odd"] == [py(t) for t in odd]


def test_cross_document_resolution(two_docs):
    """The cases of the issue, on the real corpus plus the fictional regulation (Python side; node agrees above)."""
    _, _, index = two_docs
    r = resolve("《公园管理条例》第六条第二款", index)
    assert (r.status, r.entry.doc, r.entry.url) == ("ok", SLUG, f"{SLUG}/art_6/#art_6__para_2")
    assert resolve("《公园条例（2020年修订）》第四条第（三）项", index).entry.eid == "art_4__para_1__item_3"
    assert resolve("《巡视工作条例》第六条", index).entry.url == "xunshi/art_6/"
    r = resolve("第六条", index)  # in three documents: ambiguous, with the choices
    assert r.status == "ambiguous" and [c.url for c in r.candidates] == ["xunshi/art_6/", f"{SLUG}/art_6/",
                                                                           "hehu/art_6/"]
    assert "《中国共产党巡视工作条例》" in r.message and "《青山市公园管理条例》" in r.message
    assert resolve("第六条", index, SLUG).entry.url == f"{SLUG}/art_6/"  # on the document's own pages
    assert resolve("第6条第2款", index, "xunshi").entry.url == "xunshi/art_6/#art_6__para_2"
    assert resolve("第二十三条", index).entry.doc == "xunshi"  # only one document has it
    assert resolve("第二十三条", index, SLUG).status == "not_found"
    assert resolve("第二章", index).status == "ambiguous"
    r = resolve(f"《{OUTSIDE_TITLE}》第十条", index)
    assert (r.status, r.url) == ("outside", "") and OUTSIDE_TITLE in r.message
    r = resolve(f"《{MAPPED_TITLE}》第十条", index)
    assert (r.status, r.url) == ("outside", "https://example.org/jilv")


def test_containers_self_words_and_points(two_docs):
    """编/章/节, 本办法, 目 (Python side; node agrees on generated forms above)."""
    _, _, index = two_docs

    def ok(text, ctx=None):
        r = resolve(text, index, ctx)
        assert r.status == "ok", (text, r.message)
        return r.entry.url
    assert ok("《河湖保护条例》第二编第一章") == "hehu/book_2__chp_1/"
    assert ok("《示范市河湖保护条例》第二编第一章第二节") == "hehu/book_2__chp_1/#book_2__chp_1__sec_2"
    assert ok("第一编", "hehu") == "hehu/#book_1"
    assert ok("hehu/book_2__chp_1/#book_2__chp_1__sec_1") == "hehu/book_2__chp_1/#book_2__chp_1__sec_1"
    assert ok("第一编第二章", "hehu") == "hehu/book_1__chp_2/"
    # a 章 without its 编 where chapters restart in each 编: the choices name the 编
    r = resolve("《河湖保护条例》第二章", index)
    assert r.status == "ambiguous" and [c.eid for c in r.candidates] == ["book_1__chp_2", "book_2__chp_2"]
    assert "请写明第几编" in r.message and "第一编第二章、第二编第二章" in r.message
    assert ok("《河湖保护条例》第一章第二节") == "hehu/book_2__chp_1/#book_2__chp_1__sec_2"  # only 第二编 has 节
    r = resolve("《河湖保护条例》第三编", index)
    assert r.status == "not_found" and r.message == "《示范市河湖保护条例》没有第三编。"
    assert [c.eid for c in r.candidates] == ["book_1", "book_2"]
    assert resolve("第二分编", index, "hehu").status == "not_citation"  # a 分编 needs its 编
    assert ok("第四章", "xunshi") == "xunshi/chp_4/"
    # self words come from the title's type word: 本办法 in a 办法, 本条例 in a 条例
    assert ok("本办法第三条", "hezhang") == "hezhang/art_3/"
    assert ok("本条例第五条之一", "hehu") == "hehu/art_5_1/"
    assert resolve("本法第三条", index, "hezhang").status == "not_citation"  # no 法 on the site
    # 目
    assert ok("第五条第一款第（二）项第1目", "hehu") == "hehu/art_5/#art_5__para_1__item_2__point_1"
    assert ok("《河湖保护条例》第五条第二项第2目") == "hehu/art_5/#art_5__para_1__item_2__point_2"
    assert ok("art_23__para_1__item_3__point_2") == "xunshi/art_23/#art_23__para_1__item_3__point_2"
    r = resolve("第五条第一款第（二）项第3目", index, "hehu")
    assert r.status == "not_found" and r.message == "第五条第一款第（二）项只有二目，没有第三目。"
    assert resolve("第六条第一款第1目", index, "hehu").status == "not_citation"  # a 目 needs its 项
