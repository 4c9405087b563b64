"""Reference-manager records (CSL-JSON, RIS) of each held article, and the links to them on its page."""

from __future__ import annotations

import json
import posixpath
import re

import pytest

from lawref.cite import urls
from lawref.publish.exports import reference_data_paths


def _regulations(corpus):
    return [d for d in corpus.documents if d.kind == "regulation"]


def _label(doc, art) -> str:
    m = doc.meta
    return f"《{m.title}》" + (f"（{m.version}）" if m.version else "") + art.label


def _issued(doc) -> list[int]:
    return [int(x) for x in [d for d, event in doc.meta.dates if "发布" in event][-1].split("-")]


def test_every_held_article_has_both_records(build_result):
    files = build_result.site.files
    checked = 0
    for doc in _regulations(build_result.corpus):
        for art in doc.articles():
            csl_path, ris_path = (p for _, p in reference_data_paths(doc.slug, art.eid))
            assert csl_path == f"data/{doc.slug}/{art.eid}.csl.json" and ris_path == f"data/{doc.slug}/{art.eid}.ris"
            if art.missing:  # a lacuna: nothing to cite
                assert csl_path not in files and ris_path not in files
                continue
            checked += 1
            items = json.loads(files[csl_path])
            assert isinstance(items, list) and len(items) == 1
            item = items[0]
            url = "/" + urls.unit_url(doc.slug, art.eid)
            assert item == {"id": f"{doc.slug}/{art.eid}", "type": "legislation", "title": _label(doc, art),
                            "container-title": doc.meta.title, "authority": doc.meta.issuer, "language": "zh-CN",
                            "URL": url, "issued": {"date-parts": [_issued(doc)]},
                            **({"version": doc.meta.version} if doc.meta.version else {})}
            raw = files[ris_path]
            text = raw.decode("utf-8")
            assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
            lines = text.split("\r\n")[:-1]
            assert lines[0] == "TY  - STAT" and lines[-1] == "ER  - "
            fields = dict(line.split("  - ", 1) for line in lines)
            assert fields["TI"] == item["title"] and fields["UR"] == url
            assert fields["T2"] == doc.meta.title and fields["PB"] == doc.meta.issuer and fields["LA"] == "zh-CN"
            assert fields["DA"] == "/".join(f"{p:02d}" for p in _issued(doc))
    assert checked > 0


def test_example_label(build_result):
    item = json.loads(build_result.site.files["data/xunshi/art_23.csl.json"])[0]
    assert item["title"] == "《中国共产党巡视工作条例》（2024年修订）第二十三条"
    assert item["issued"] == {"date-parts": [[2024, 2, 8]]}


def test_news_sections_have_none(build_result):
    news = [d.slug for d in build_result.corpus.documents if d.kind != "regulation"]
    assert not [f for f in build_result.site.files
                if f.endswith((".csl.json", ".ris")) and f.split("/")[1] in news]


def test_absolute_url_with_base_url(project):
    from lawref.pipeline import build_site
    res = build_site(project, search=False, base_url="https://example.org/laws")
    item = json.loads(res.site.files["data/xunshi/art_23.csl.json"])[0]
    assert item["URL"] == "https://example.org/laws/" + urls.unit_url("xunshi", "art_23")
    assert "UR  - " + item["URL"] + "\r\n" in res.site.files["data/xunshi/art_23.ris"].decode()


def test_article_page_links_both(build_result):
    pages = build_result.site.pages
    for doc in _regulations(build_result.corpus):
        for art in doc.articles():
            a_url = urls.unit_url(doc.slug, art.eid)
            page = pages[urls.page_src(a_url)]
            hrefs = re.findall(r'<p class="lr-refdata">(.*?)</p>', page)
            if art.missing:
                assert not hrefs
                continue
            assert len(hrefs) == 1 and hrefs[0].startswith("引用数据：")
            links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', hrefs[0])
            assert [name for _, name in links] == ["CSL-JSON", "RIS"]
            for (href, _), (_, path) in zip(links, reference_data_paths(doc.slug, art.eid), strict=True):
                assert posixpath.normpath(posixpath.join(a_url, href)) == path
                assert path in build_result.site.files


@pytest.mark.parametrize("name", ["CSL-JSON", "RIS"])
def test_formats_named(name):
    assert name in [n for n, _ in reference_data_paths("d", "art_1")]
