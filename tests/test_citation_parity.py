"""One grammar, two implementations: Hypothesis generates citations in every form of tests/citations/forms.yml's
grammar (第二十三条第一款第三项, 第23条第1款第3项, 23.1.3, 《short title》第X条, art_23__para_1, 之一, chapters,
numbers 1–9999, full-width digits, outside titles, junk) and running texts, and feeds the same list to Python
(build/lawref/cite/resolve.py, numerals.py) and to the browser's code under node (lawref-citation.js, segment.js, with
the grammar script the build generates). Every answer must be equal: status, entry, message, candidates, url.

The corpus is the real one plus the fictional second regulation (tests/fixtures/second/), so titles, aliases,
ambiguity across documents and outside documents are exercised too."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jsnode import run_node
from lawref.cite.grammar import catalog_of
from lawref.cite.permalinks import build_permalinks
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
    manifest = build_permalinks(corpus)
    catalog = catalog_of(corpus.meta)
    return manifest, catalog, PermalinkIndex(manifest, catalog)


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in s)


numbers = st.one_of(st.integers(1, 60), st.integers(1, 9999))
number_text = st.builds(lambda n, form: [to_numeral(n), str(n), _fullwidth(str(n))][form], numbers, st.integers(0, 2))
titles = st.sampled_from(["", "《巡视工作条例》", "《中国共产党巡视工作条例》", "巡视工作条例", "本条例", "条例",
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
        s += f"__para_{draw(numbers)}" + (f"__item_{draw(numbers)}" if draw(st.booleans()) else "")
    return draw(st.sampled_from(["", "#", "xunshi/art_1/#", f"/{SLUG}/"])) + s


@st.composite
def chapter_form(draw):
    return draw(titles) + draw(st.sampled_from([f"第{draw(number_text)}章", f"chp_{draw(numbers)}"]))


junk = st.text(alphabet=NUMERAL_CHARS + "第条款项章之《》（）()．.0123456789２３_art条例本 。，", max_size=12)
citation = st.one_of(chinese_form(), dotted_form(), eid_form(), chapter_form(), junk).map(
    lambda s: s + ("。" if len(s) % 5 == 0 else ""))
context = st.sampled_from([None, None, "xunshi", SLUG, "zuigaojian-fabuhui"])
running = st.lists(st.one_of(titles, chinese_form(), st.sampled_from(["、", "，", "和", "至", "依照", "规定：", " ", "\n"])),
                   max_size=10).map("".join)


def _py_result(text, index, ctx):
    r = resolve(text, index, ctx)
    return [r.status, r.entry["doc"] + "/" + r.entry["id"] if r.entry else None, r.message,
            [c["doc"] + "/" + c["id"] for c in r.candidates], r.url]


JS_BODY = """
const r = ARG.cases.map(([t, ctx]) => { const x = C.resolve(t, ARG.manifest, ctx);
  return [x.status, x.entry ? x.entry.doc + "/" + x.entry.id : null, x.message,
          x.candidates.map(c => c.doc + "/" + c.id), x.url]; });
const p = ARG.cases.map(([t]) => C.parse(t));
const s = ARG.texts.map(t => C.scan(t, C.newContext()).map(f => [f.start, f.end, C.toEid(f.parsed), f.status,
  f.parsed.doc, f.parsed.title || null]));
return {r, p, s};
"""


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.data_too_large,
                                                                        HealthCheck.large_base_example])
@given(st.lists(st.tuples(citation, context), min_size=BATCH, max_size=BATCH),
       st.lists(running, min_size=BATCH // 4, max_size=BATCH // 4))
def test_python_and_js_agree_on_generated_citations(two_docs, cases, texts):
    manifest, catalog, index = two_docs
    js = run_node(catalog, JS_BODY, {"manifest": manifest, "cases": cases, "texts": texts})
    for (text, ctx), got, parsed in zip(cases, js["r"], js["p"]):
        assert got == _py_result(text, index, ctx), (text, ctx)
        c = parse_citation(text, catalog)
        want = None if c is None else {"article": c.article, "sub": c.sub, "para": c.para, "item": c.item,
                                       "doc": c.doc, "title": c.title}
        assert parsed == want, text
    for text, got in zip(texts, js["s"]):
        want = [[f.start, f.end, to_eid(f.citation), f.status, f.citation.doc, f.citation.title]
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
    assert (r.status, r.entry["doc"], r.entry["url"]) == ("ok", SLUG, f"{SLUG}/art_6/#art_6__para_2")
    assert resolve("《公园条例（2020年修订）》第四条第（三）项", index).entry["id"] == "art_4__para_1__item_3"
    assert resolve("《巡视工作条例》第六条", index).entry["url"] == "xunshi/art_6/"
    r = resolve("第六条", index)  # in both documents: ambiguous, with the choices
    assert r.status == "ambiguous" and [c["url"] for c in r.candidates] == ["xunshi/art_6/", f"{SLUG}/art_6/"]
    assert "《中国共产党巡视工作条例》" in r.message and "《青山市公园管理条例》" in r.message
    assert resolve("第六条", index, SLUG).entry["url"] == f"{SLUG}/art_6/"  # on the document's own pages
    assert resolve("第6条第2款", index, "xunshi").entry["url"] == "xunshi/art_6/#art_6__para_2"
    assert resolve("第二十三条", index).entry["doc"] == "xunshi"  # only one document has it
    assert resolve("第二十三条", index, SLUG).status == "not_found"
    assert resolve("第二章", index).status == "ambiguous"
    r = resolve(f"《{OUTSIDE_TITLE}》第十条", index)
    assert (r.status, r.url) == ("outside", "") and OUTSIDE_TITLE in r.message
    r = resolve(f"《{MAPPED_TITLE}》第十条", index)
    assert (r.status, r.url) == ("outside", "https://example.org/jilv")
