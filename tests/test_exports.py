"""Data exports, the resolver page and the redirect pages (exports.build_exports / add_exports)."""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict

import pytest

from lawref.cite.permalinks import build_permalinks, manifest_json
from lawref.pipeline import build_corpus, load_project
from lawref.publish.csp import REDIRECT_POLICY
from lawref.publish.exports import AKN_NS, build_exports, page_url, redirect_aliases

A = "{%s}" % AKN_NS


@pytest.fixture(scope="module")
def corpus(root):
    corpus, diags = build_corpus(load_project(root))
    assert corpus is not None, diags
    return corpus


@pytest.fixture(scope="module")
def records(corpus):
    return build_permalinks(corpus)  # what the exports take (typed records)


@pytest.fixture(scope="module")
def manifest(records):
    return manifest_json(records)  # permalinks.json's form, for the assertions


@pytest.fixture(scope="module")
def exported(corpus, records):
    return build_exports(corpus, records)


def test_whole_model_json(exported, corpus):
    pages, files = exported
    model = json.loads(files["data/model.json"])
    corrections = model.pop("corrections")  # the applied errata, beside the model as parsed (test_corrections_output)
    assert isinstance(corrections, dict)
    assert model == json.loads(json.dumps(asdict(corpus), ensure_ascii=False))
    assert [d["slug"] for d in model["documents"]] == ["xunshi", "zuigaojian-fabuhui"]


def test_one_json_per_article(exported, corpus):
    _, files = exported
    per_article = sorted(f for f in files if re.fullmatch(r"data/xunshi/art_\d+(_\d+)?\.json", f))
    assert len(per_article) == 53
    art = json.loads(files["data/xunshi/art_23.json"])
    assert art["eid"] == "art_23" and art["label"] == "第二十三条" and art["url"] == "xunshi/art_23/"
    item = art["paragraphs"][0]["items"][2]
    assert item["eid"] == "art_23__para_1__item_3"
    assert item["citation"] == "《中国共产党巡视工作条例》第二十三条第一款第（三）项"
    assert item["url"] == "xunshi/art_23/#art_23__para_1__item_3"
    assert item["marker"] == "（三）" and item["text"]
    lacuna = json.loads(files["data/xunshi/art_1.json"])
    assert lacuna["missing"] is True and lacuna["paragraphs"] == [] and lacuna["missing_reason"]


def test_akoma_ntoso(exported, manifest):
    _, files = exported
    root = ET.fromstring(files["data/xunshi.akn.xml"])
    assert root.tag == A + "akomaNtoso"
    act = root.find(A + "act")
    assert act.find(f"{A}preface//{A}docTitle").text == "中国共产党巡视工作条例"
    eids = {e.get("eId") for e in act.iter() if e.get("eId") and e.tag != A + "list"
            and e.tag != A + "TLCOrganization"}
    site_ids = {e["id"] for e in manifest if e["doc"] == "xunshi" and e["kind"] != "document"}
    assert eids == site_ids
    articles = act.findall(f"{A}body/{A}chapter/{A}article")
    assert len(articles) == 53
    missing = [a.get("eId") for a in articles if a.get("status") == "incomplete"]
    assert missing == [e["id"] for e in manifest if e["kind"] == "article" and e["missing"]]
    assert all(a.find(f".//{A}omissis") is not None for a in articles if a.get("status") == "incomplete")
    point = act.find(f".//{A}point[@eId='art_23__para_1__item_3']")
    assert point.find(A + "num").text == "（三）"
    assert act.find(f".//{A}article[@eId='art_23']/{A}num").text == "第二十三条"


def test_redirects_point_at_published_pages(exported, manifest, corpus):
    _, files = exported
    pages = {e["url"] for e in manifest if "#" not in e["url"]}
    redirects = {f: d.decode() for f, d in files.items() if f.endswith("/index.html")}
    assert len(redirects) > 200
    for path, html in redirects.items():
        here = path[: -len("index.html")]
        target = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
        assert f'content="0; url={target}"' in html
        script = re.search(r'<script src="([^"]+)"></script>', html).group(1)  # keeps the #fragment
        assert posixpath.normpath(posixpath.join(here, script)) == "assets/lawref-redirect.js"
        assert "<script>" not in html and 'http-equiv="Content-Security-Policy"' in html
        # its own policy, before its script: nothing but the site's scripts; not indexed; small
        assert html.index(f'content="{REDIRECT_POLICY}"') < html.index("<script") and "default-src 'none'" in html
        assert '<meta name="robots" content="noindex">' in html and f'<a href="{target}">' in html
        assert len(html.encode()) < 600, path
        assert not target.startswith(("/", "http")), "relative: works under a sub-path"
        resolved = posixpath.normpath(posixpath.join(here, target)) + "/"
        assert resolved in pages, (path, target)
        assert here not in pages, "an alias never shadows a permanent page"
    assert 'href="../art_23/"' in redirects["xunshi/23/index.html"]
    assert 'href="../art_23/"' in redirects["xunshi/第二十三条/index.html"]
    assert 'href="../chp_4/"' in redirects["xunshi/第四章/index.html"]
    aliases = redirect_aliases(corpus.document("xunshi"))
    assert aliases["xunshi/art23/"] == "xunshi/art_23/" and aliases["xunshi/第23条/"] == "xunshi/art_23/"


def test_go_page_and_widget_data(exported, manifest):
    pages, files = exported
    go = pages["go.md"]
    assert 'id="lr-go-form"' in go and 'name="q"' in go and "../assets/lawref-go.js" in go
    js = files["assets/lawref-permalinks.js"].decode()
    assert json.loads(js[js.index("=") + 1: js.rindex(";")]) == json.loads(json.dumps(manifest))


def test_add_exports_lists_every_address(build_result):
    site = build_result.site
    lines = site.files["data/addresses.txt"].decode().splitlines()
    assert lines == sorted(set(lines))
    for a in ("/", "/go/", "/xunshi/art_23/", "/xunshi/art_23/#art_23__para_1__item_3", "/xunshi/23/",
              "/data/xunshi.akn.xml", "/permalinks.json", "/jiaokanji/"):
        assert a in lines
    assert page_url("xunshi/art_23.md") == "xunshi/art_23/"
    assert ["/" + a for a in site.addresses] == lines  # what `lawref lock` compares, handed on, not re-read


def test_exports_use_the_manifest_as_rendered_not_its_json(corpus):
    """add_exports takes the permalink records render_site rendered with; it never re-parses permalinks.json."""
    from dataclasses import replace

    from lawref.publish.exports import add_exports
    from lawref.publish.render import render_site
    site = render_site(corpus)
    assert site.manifest == build_permalinks(corpus)
    unreadable = replace(site, files={**site.files, "permalinks.json": b"not json"})
    assert add_exports(unreadable, corpus)[1] == add_exports(site, corpus)[1]


def test_exports_are_deterministic(corpus, records):
    assert build_exports(corpus, records) == build_exports(corpus, records)


def test_every_article_page_previews_its_text(site_dir, corpus, build_result):
    """Open Graph and description tags on every article page of the real build carry the article's text."""
    import html as htmlmod

    from lawref.publish.render import description_of
    reg = corpus.document("xunshi")
    for art in reg.articles():
        page = (site_dir / "xunshi" / art.eid / "index.html").read_text(encoding="utf-8")
        tags = {m.group(1): htmlmod.unescape(m.group(2)) for m in
                re.finditer(r'<meta (?:property|name)="((?:og|twitter):[a-z:]+|description)" content="([^"]*)"', page)}
        want = description_of(art, texts=build_result.editorial.editorial.texts, slug="xunshi")
        assert tags["description"] == tags["og:description"] == want, art.eid
        assert tags["twitter:card"] == "summary" and "twitter:description" not in tags  # X falls back to og:
        if art.missing:
            assert want.startswith("来源缺")
        else:
            assert art.paragraphs[0].text[:20] in want
        assert tags["og:title"].startswith(art.label) and tags["og:type"] == "article"
        assert tags["og:locale"] == "zh_CN"
        if art.eid == "art_44":  # the text as shown: the applied correction, not the page's misprint
            assert "构成犯罪的" in want and "犯罪罪" not in want


def test_the_model_export_is_the_model_as_asdict_gives_it(corpus):
    """data/model.json is written from ``model_data`` (no deep copy of every string): the same value as
    ``dataclasses.asdict`` of the corpus, tuples and all."""
    from lawref.publish.exports import model_data
    assert model_data(corpus) == asdict(corpus)
