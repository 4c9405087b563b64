"""The citation grammar in Python (build/lawref/cite/resolve.py) on the shared forms list, the manifest round trip,
and the running-text scanner. The browser side (lawref-citation.js) is tested on the same list in
tests/browser/test_citations_browser.py; here node checks that both sides agree on the forms (the property test
with generated citations is tests/test_citation_parity.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from jsnode import run_node
from lawref.cite.grammar import catalog_of
from lawref.cite.permalinks import Permalink, build_permalinks, manifest_json
from lawref.cite.resolve import Citation, PermalinkIndex, ScanContext, parse_citation, resolve, scan_citations, to_eid
from lawref.pipeline import build_corpus, load_project
from lawref.source.numerals import to_numeral

ROOT = Path(__file__).resolve().parents[1]
FORMS = yaml.safe_load((ROOT / "tests/citations/forms.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(root):
    corpus, diags = build_corpus(load_project(root))  # parse only: independent of the page templates
    assert corpus is not None, diags
    return corpus


@pytest.fixture(scope="module")
def manifest(corpus):
    return build_permalinks(corpus)


@pytest.fixture(scope="module")
def catalog(corpus):
    return catalog_of(corpus.meta)


@pytest.fixture(scope="module")
def index(manifest, catalog):
    return PermalinkIndex(manifest, catalog)


def test_forms_list_is_big_enough():
    assert len(FORMS) >= 50
    assert sum(1 for f in FORMS if "eid" in f) >= 40
    assert {f["status"] for f in FORMS if "status" in f} >= {"not_found", "not_citation", "outside"}


@pytest.mark.parametrize("form", FORMS, ids=[f["input"] or "<empty>" for f in FORMS])
def test_form(form, index):
    r = resolve(form["input"], index)
    if "eid" in form:
        assert r.status == "ok", r.message
        assert r.entry.eid == form["eid"]
    else:
        assert r.status == form["status"], (r.status, r.message)
        assert r.message, "every failure explains itself"
        if r.status == "not_found":
            assert r.candidates, "an impossible citation offers the nearest candidates"


def test_every_label_resolves_to_its_own_url(manifest, index):
    checked = 0
    for e in manifest:
        if e.doc != "xunshi" or e.kind not in ("article", "paragraph", "item"):
            continue
        for text in (e.label, f"《中国共产党巡视工作条例》{e.label}", e.eid):
            r = resolve(text, index)
            assert r.status == "ok", (text, r.message)
            assert r.entry.url == e.url, text
        checked += 1
    assert checked > 150


def test_messages_name_the_problem(index):
    r = resolve("第六十条", index)
    assert "没有第六十条" in r.message and "第五十三条" in r.message
    assert [c.eid for c in r.candidates] == ["art_51", "art_52", "art_53"]
    r = resolve("第二十三条第九款", index)
    assert "没有第九款" in r.message
    assert r.candidates[0].eid == "art_23"


def test_ambiguous_item_without_para():
    # a hand-made manifest: article 5 lists a (一) in both of its paragraphs
    m = [Permalink("x", i, k, f"x/{i}", i, "")
         for i, k in [("art_5", "article"), ("art_5__para_1", "paragraph"), ("art_5__para_1__item_1", "item"),
                      ("art_5__para_2", "paragraph"), ("art_5__para_2__item_1", "item"),
                      ("art_5__para_2__item_2", "item")]]
    r = resolve("第五条第（一）项", m)
    assert r.status == "ambiguous"
    assert [c.eid for c in r.candidates] == ["art_5__para_1__item_1", "art_5__para_2__item_1"]
    assert resolve("第五条第二项", m).entry.eid == "art_5__para_2__item_2"


def test_to_eid():
    assert to_eid(Citation(23, 0, 1, 3)) == "art_23__para_1__item_3"
    assert to_eid(Citation(10, 1)) == "art_10_1"
    assert to_eid(Citation(23, 0, None, 3)) is None
    assert to_eid(None) is None


@given(st.integers(1, 999), st.integers(1, 30), st.integers(1, 30), st.booleans())
def test_chinese_and_arabic_forms_agree(a, p, i, bracket):
    item = f"（{to_numeral(i)}）" if bracket else to_numeral(i)
    cn = parse_citation(f"第{to_numeral(a)}条第{to_numeral(p)}款第{item}项")
    assert cn == parse_citation(f"第{a}条第{p}款第{i}项") == parse_citation(f"{a}.{p}.{i}")
    assert to_eid(cn) == f"art_{a}__para_{p}__item_{i}"


def _texts(found):
    return [(f.text, to_eid(f.citation)) for f in found]


def test_scan_titles_lists_and_ranges(catalog):
    s = "依照《巡视工作条例》第十六条、第十七条和第二十三条第一款第（三）项、第（四）项办理。"
    assert _texts(scan_citations(s, ScanContext(catalog))) == [
        ("《巡视工作条例》第十六条", "art_16"), ("第十七条", "art_17"),
        ("第二十三条第一款第（三）项", "art_23__para_1__item_3"), ("第（四）项", "art_23__para_1__item_4")]
    assert _texts(scan_citations("《中国共产党巡视工作条例》第三十四条第一款、第二款", ScanContext(catalog))) == [
        ("《中国共产党巡视工作条例》第三十四条第一款", "art_34__para_1"), ("第二款", "art_34__para_2")]
    assert _texts(scan_citations("《巡视工作条例》第十六条至第十八条", ScanContext(catalog))) == [
        ("《巡视工作条例》第十六条", "art_16"), ("第十八条", "art_18")]
    assert {f.citation.doc for f in scan_citations(s, ScanContext(catalog))} == {"xunshi"}


def test_scan_outside_documents_and_bare_numbers(catalog):
    found = scan_citations("《中国共产党纪律处分条例》第二十三条、第二十四条", ScanContext(catalog))
    assert [(f.text, f.status, f.citation.title) for f in found] == [
        ("《中国共产党纪律处分条例》第二十三条", "outside", "中国共产党纪律处分条例"),
        ("第二十四条", "outside", "中国共产党纪律处分条例")]
    # a bare 第X条 is left alone; a bare 第三款 is relative (the 款 of the article where it stands): found, not linked
    assert [(f.text, f.status, f.citation) for f in scan_citations("第二十三条规定，共有23人，第三款", ScanContext(catalog))] == [
        ("第三款", "relative", None)]
    assert scan_citations("23.1.3 和 art_23", ScanContext(catalog)) == []


def test_scan_ben_tiaoli_needs_context(catalog):
    ctx = ScanContext(catalog)
    assert _texts(scan_citations("本文讨论《巡视工作条例》。", ctx)) == []
    assert _texts(scan_citations("依照本条例第五条。", ctx)) == [("本条例第五条", "art_5")]
    other = ScanContext(catalog)
    scan_citations("《中国共产党纪律处分条例》总则", other)
    assert [f.status for f in scan_citations("本条例第五条", other)] == ["outside"]
    f = scan_citations("本条例第五条", ScanContext(catalog))
    assert [x.status for x in f] == ["ambiguous"] and "所指不明" in f[0].message


def test_js_and_python_agree(manifest, index, catalog):
    """Same forms (plus every label and scanner sample) through lawref-citation.js under node."""
    inputs = [f["input"] for f in FORMS] + [e.label for e in manifest if e.doc == "xunshi"]
    scans = ["依照《巡视工作条例》第十六条、第十七条和第二十三条第一款第（三）项、第（四）项办理。",
             "《中国共产党纪律处分条例》第二十三条，本条例第五条", "本条例第5条第2款、第3款"]
    js = run_node(catalog, "return {r: ARG.inputs.map(t => {const r = C.resolve(t, ARG.manifest); return [r.status, "
                  "r.entry && r.entry.id, r.message, r.candidates.map(c => c.id)]}), s: ARG.scans.map(t => "
                  "C.scan(t, C.newContext()).map(f => [f.start, f.end, C.toEid(f.parsed), f.status]))}",
                  {"manifest": manifest_json(manifest), "inputs": inputs, "scans": scans})
    for text, got in zip(inputs, js["r"]):
        r = resolve(text, index)
        assert got == [r.status, r.entry.eid if r.entry else None, r.message, [c.eid for c in r.candidates]], text
    for text, got in zip(scans, js["s"]):
        assert got == [[f.start, f.end, to_eid(f.citation), f.status]
                       for f in scan_citations(text, ScanContext(catalog))], text


def test_scan_title_reaches_into_the_next_run_only_when_adjacent(catalog):
    ctx = ScanContext(catalog)
    assert scan_citations("依照《巡视工作条例》", ctx) == []
    assert _texts(scan_citations("第五条办理", ctx)) == [("第五条", "art_5")]
    ctx = ScanContext(catalog)
    scan_citations("《巡视工作条例》规定", ctx)
    assert scan_citations("第五条", ctx) == []
