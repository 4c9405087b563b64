"""The render stage on the real corpus: front matter, navigation, escaping, editorial hooks, lacunae, determinism."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup
from mkdocs.utils import meta as mkdocs_meta

from lawref.cite import urls
from lawref.publish.render import Editorial, plain_inline, render_site


@pytest.fixture(scope="module")
def corpus(parsed_corpus):
    """The parsed corpus alone: these tests do not depend on the link or render stages."""
    return parsed_corpus


@pytest.fixture(scope="module")
def site(corpus):
    return render_site(corpus)


def test_every_page_has_parseable_front_matter_with_title_and_description(site):
    for path, text in sorted(site.pages.items()):
        body, meta = mkdocs_meta.get_data(text)
        assert meta.get("title"), f"{path}: no title in front matter"
        assert "description" in meta, f"{path}: no description"
        assert not body.lstrip().startswith("---"), f"{path}: front matter left in the body"
        assert "&#34;" not in str(meta), f"{path}: HTML-escaped front matter"


def test_front_matter_survives_quotes_and_colons(corpus):
    """A title with a colon and quotes (like the news headline) stays one YAML string."""
    news = next(d for d in corpus.documents if d.kind == "news_article")
    site = render_site(corpus)
    _, meta = mkdocs_meta.get_data(site.pages[urls.page_src(urls.document_url(news.slug))])
    assert meta["title"] == news.meta.title


def _nav_paths(nav) -> list[str]:
    out = []
    for entry in nav:
        if isinstance(entry, str):
            out.append(entry)
        else:
            for v in entry.values():
                out.extend(_nav_paths(v) if isinstance(v, list) else [v])
    return out


def test_nav_holds_site_wide_pages_and_every_unit_page_has_its_local_nav(site, corpus):
    """MkDocs' nav lists the site-wide pages once; documents, chapters, articles and sections are reached
    through their local navigation (document, chapter, the chapter's articles), whose size does not depend
    on the rest of the library."""
    paths = _nav_paths(site.nav)
    assert len(paths) == len(set(paths))
    assert paths[0] == "index.md" and "jiaokanji/index.md" in paths
    reg = corpus.document("xunshi")
    assert not any(p.startswith(("xunshi/art_", "xunshi/chp_")) for p in paths)
    for doc in corpus.documents:
        units = [doc.slug + "/index.md"] + [
            p for p in site.pages if p.startswith(doc.slug + "/") and p.split("/")[1].startswith(("art_", "chp_", "sec_"))]
        assert units and all(site.sidebars.get(u) for u in units)
    for ch in reg.chapters:
        for here in [f"xunshi/{ch.eid}/index.md"] + [f"xunshi/{a.eid}.md" for a in ch.articles]:
            nav = site.sidebars[here]
            labels = re.findall(r'<li><a[^>]*>([^<]+)</a></li>', nav)
            assert labels == [a.label + ("（缺）" if a.missing else "") for a in ch.articles], here
            assert len(re.findall(r'aria-current="page"', nav)) == 1, here
            assert f'>{ch.label} {ch.title}</a>' in nav
    art11 = site.sidebars["xunshi/art_11.md"]
    assert '<a aria-current="page" href="./">第十一条</a>' in art11
    assert 'href="../">' + reg.meta.short_title in art11 and 'href="../art_12/">第十二条' in art11
    assert "第三章 巡视对象和内容" in art11 and "第一章 总则" in art11  # neighbouring chapters
    assert "第二十三条" not in art11  # another chapter's articles are on that chapter's pages
    # The document's page lists its chapters; its full text is the whole table of contents.
    doc_nav = site.sidebars["xunshi/index.md"]
    assert re.findall(r'<li><a[^>]*>([^<]+)</a></li>', doc_nav) == [f"{c.label} {c.title}" for c in reg.chapters]


def test_article_page_structure(site):
    page = site.pages["xunshi/art_11.md"]
    assert '<nav class="lr-breadcrumb"' in page
    assert '<a href="../">中国共产党巡视工作条例</a>' in page
    assert '<a href="../chp_2/">第二章 组织领导和机构职责</a>' in page
    assert "# 第十一条 {: #art_11 }" in page
    assert 'rel="prev" href="../art_10/"' in page and 'rel="next" href="../art_12/"' in page
    assert 'class="lr-up" href="../#art_11"' in page, "the article's place in the full text"
    assert '<li id="art_11__para_1__item_3" data-label="第十一条第一款第（三）项">' in page
    assert '<div class="lr-para" id="art_11__para_1" data-label="第十一条第一款"' in page
    # Crossing into the next chapter, the pager says so.
    assert "第三章 巡视对象和内容" in site.pages["xunshi/art_15.md"].split('rel="next"', 1)[1]


def test_lacuna_pages_name_the_publication(site, corpus):
    reg = corpus.document("xunshi")
    for art in (a for a in reg.articles() if a.missing):
        page = site.pages[f"xunshi/{art.eid}.md"]
        assert f"来源缺{art.label}。" in page
        assert art.missing_reason in page
        assert reg.meta.published_in in page
        for date, event in reg.meta.dates:
            assert f"{date} {event}" in page


def test_text_is_html_escaped(corpus):
    reg = corpus.document("xunshi")
    para = reg.articles()[10].paragraphs[0]
    from dataclasses import replace
    evil = replace(para, text='<script>alert("x")</script>&')
    assert str(plain_inline(reg, evil, "xunshi/art_11/")) == "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;"


def test_editorial_hooks_reach_the_pages(corpus):
    seen = []

    def inline(doc, node, page_url):
        seen.append((node.eid, page_url))
        return Markup('<span class="t-inline">') + plain_inline(doc, node, page_url) + Markup("</span>")

    def extras(doc, art, page_url):
        return Markup(f'<aside class="t-extras" data-for="{art.eid}">注</aside>')

    ed = Editorial(inline=inline, article_extras=extras, pages={"t/extra.md": "---\ntitle: x\n---\n# x\n"},
                   nav=[{"X": "t/extra.md"}], files={"t.json": b"{}"})
    site = render_site(corpus, editorial=ed)
    art = site.pages["xunshi/art_11.md"]
    assert '<aside class="t-extras" data-for="art_11">注</aside>' in art
    assert art.index("t-extras") < art.index('class="lr-pager"'), "extras go under the text, above the pager"
    assert '<span class="t-inline">' in art
    assert ("art_11__para_1__item_3", "xunshi/art_11/") in seen
    assert ("art_11__para_1__item_3", "xunshi/") in seen, "the full text uses the inline renderer too"
    assert site.pages["t/extra.md"].startswith("---")
    assert {"X": "t/extra.md"} in site.nav and site.files["t.json"] == b"{}"
    assert "permalinks.json" in site.files


def test_render_is_deterministic(corpus, site):
    again = render_site(corpus)
    assert again.pages == site.pages and again.files == site.files and again.nav == site.nav


def test_home_page_is_for_readers_and_about_page_has_the_build_facts(site, corpus):
    """Home: the text, its status and dates, chapters, the jump box, tools, short addresses; the news under
    its own heading after the regulation. 关于本站: source file, sha256, content version, the id table."""
    home = site.pages["index.md"]
    reg = corpus.documents[0]
    assert corpus.meta.sha256[:16] not in home and corpus.meta.source not in home, "build facts moved to 关于本站"
    for text in (reg.meta.version, reg.meta.effective, "现行有效", *(d for d, _ in reg.meta.dates)):
        assert text in home, text
    assert '<form class="lr-jump" action="go/"' in home and 'name="q"' in home
    assert 'href="about/"' in home  # the tools (editorial pages) are checked on the real build (browser)
    assert re.search(r'href="xunshi/\d+/"><code>/xunshi/\d+/</code>', home), "no short address"
    assert 'href="go/?q=' in home
    news = corpus.documents[1]
    assert home.index("## 相关报道") < home.index(news.meta.title) and home.index(reg.meta.title) < home.index("## 相关报道")
    about = site.pages["about/index.md"]
    assert corpus.meta.sha256 in about and corpus.meta.source in about and corpus.meta.provenance.date in about
    assert re.search(r'href="\.\./xunshi/art_\d+/#art_\d+__para_\d+__item_\d+"', about), "no 项 address example"
    assert 'href="../permalinks.json"' in about
    assert 'id="report"' in about or "{: #report }" in about
