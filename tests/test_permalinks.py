"""The permalink manifest and citation labels, on the real corpus."""

from __future__ import annotations

import json
import re

import pytest

from lawref.cite import urls
from lawref.cite.citations import full_citation, label_for
from lawref.cite.permalinks import build_permalinks, manifest_json
from lawref.source.ids import EID_RE
from lawref.source.numerals import parse_numeral


@pytest.fixture(scope="module")
def corpus(parsed_corpus):
    """The parsed corpus alone: these tests do not depend on the link or render stages."""
    return parsed_corpus


@pytest.fixture(scope="module")
def regulation(corpus):
    return corpus.document("xunshi")


@pytest.fixture(scope="module")
def manifest(corpus):
    return build_permalinks(corpus)


@pytest.mark.parametrize("eid,label", [
    ("art_23", "第二十三条"),
    ("art_23__para_1", "第二十三条第一款"),
    ("art_23__para_1__item_3", "第二十三条第一款第（三）项"),
    ("art_8__para_4", "第八条第四款"),
    ("art_46", "第四十六条"),
    ("chp_9", "第九章"),
])
def test_citation_labels(regulation, eid, label):
    assert label_for(regulation, eid) == label


def test_full_citation_names_the_document(regulation):
    assert full_citation(regulation, "art_11__para_1__item_3") == "《中国共产党巡视工作条例》第十一条第一款第（三）项"


LABEL_RE = re.compile(r"^第(?P<art>[〇零一二三四五六七八九十百千两]+)条(?:之(?P<sub>[一二三四五六七八九十]+))?"
                      r"(?:第(?P<para>[一二三四五六七八九十百]+)款(?:第（(?P<item>[一二三四五六七八九十百]+)）项)?)?$")


def test_every_label_spells_the_numbers_of_its_id(manifest):
    """Read the label back with the numeral parser: it must give the numbers in the id."""
    for e in manifest:
        if e.kind not in ("article", "paragraph", "item"):
            continue
        m = LABEL_RE.match(e.label)
        assert m, e.label
        nums = [int(n) for n in re.findall(r"\d+", e.eid)]
        got = [parse_numeral(m["art"])] + ([parse_numeral(m["sub"])] if m["sub"] else [])
        got += [parse_numeral(m[k]) for k in ("para", "item") if m[k]]
        assert got == nums, (e.eid, e.label)


def test_every_unit_has_a_unique_well_formed_id_and_its_url(manifest, corpus):
    seen = set()
    for e in manifest:
        key = (e.doc, e.eid)
        assert key not in seen, key
        seen.add(key)
        if e.kind != "document":
            assert EID_RE.match(e.eid), e.eid
        assert not e.url.startswith("/") and "://" not in e.url
        page, _, frag = e.url.partition("#")
        assert page.startswith(e.doc + "/") and page.endswith("/")
        if e.kind in ("paragraph", "item", "news_paragraph"):
            assert frag == e.eid
            assert page == f"{e.doc}/{e.eid.split('__')[0]}/"
        else:
            assert frag == ""
    reg = corpus.document("xunshi")
    arts = [e for e in manifest if e.kind == "article"]
    assert [e.eid for e in arts] == [a.eid for a in reg.articles()]
    assert len(arts) == reg.meta.article_count == 53
    assert {e.eid for e in arts if e.missing} == {a.eid for a in reg.articles() if a.missing}
    assert {"art_1", "art_2", "art_3", "art_4", "art_5", "art_46"} <= {e.eid for e in arts if e.missing}


def test_units_are_in_document_order(manifest, regulation):
    order = [e.eid for e in manifest if e.doc == "xunshi"]
    arts = [i for i in order if re.fullmatch(r"art_\d+", i)]
    assert arts == sorted(arts, key=lambda i: int(i[4:]))
    assert order.index("chp_3") < order.index("art_16") < order.index("art_16__para_1") < order.index("chp_4")


def test_headings_name_chapter_and_article(manifest):
    e = next(e for e in manifest if e.eid == "art_11__para_1__item_3")
    assert e.heading == "第二章 组织领导和机构职责 › 第十一条"
    sec = next(e for e in manifest if e.kind == "section" and e.eid == "sec_2")
    assert sec.label.startswith("关键词之二") and sec.url == "zuigaojian-fabuhui/sec_2/"


def test_manifest_is_deterministic(corpus):
    a = json.dumps(manifest_json(build_permalinks(corpus)), ensure_ascii=False, sort_keys=True)
    b = json.dumps(manifest_json(build_permalinks(corpus)), ensure_ascii=False, sort_keys=True)
    assert a == b


@pytest.mark.parametrize("frm,to", [("", "xunshi/"), ("xunshi/art_1/", ""), ("xunshi/art_1/", "xunshi/chp_2/#x"),
                                    ("zuigaojian-fabuhui/sec_2/", "xunshi/art_23/#art_23__para_1"),
                                    ("jiaokanji/", "permalinks.json")])
def test_relative_urls_land_on_their_target(frm, to):
    import posixpath
    rel = urls.relative(frm, to)
    assert not rel.startswith("/")
    path, _, frag = rel.partition("#")
    landed = posixpath.normpath(posixpath.join("/" + frm, path))
    want = "/" + to.partition("#")[0]
    assert landed.rstrip("/") == want.rstrip("/") and frag == to.partition("#")[2]


def test_docstring_examples_of_the_url_scheme_hold():
    import doctest

    import lawref.cite.urls
    import lawref.publish.render
    for mod in (lawref.cite.urls, lawref.publish.render):
        res = doctest.testmod(mod)
        assert res.attempted > 0 and res.failed == 0, mod.__name__
