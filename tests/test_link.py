"""The link stage: references printed in the text are found, resolved, rendered as relative links, and
an unresolvable one is a diagnostic. Fixtures are tiny sources parsed by the real parser."""

from __future__ import annotations

import posixpath
import re
import textwrap

import pytest

from lawref.cite.link import find_references, match_subject, resolve_references, subject_key
from lawref.model import Chapter
from lawref.pipeline import parse_source_file

FIXTURE = textwrap.dedent("""\
    # 中共中央印发《测试条例》

    **第一条** 本条例适用于测试。

    **第二条** 甲应当具备下列条件:

    - (一)忠诚;
    - (二)干净。

    抽调人员应当按照上述条件。前款第(一)项另有规定。

    前款和本条第一款第(二)项同样适用。

    ## 第二章 组织领导和机构职责

    **第三条** 依照第二条第二款和第一条。违反本章的,依照《其他条例》和本条例处理;第二条第一款第(二)项除外。

    ## 第三章 工作程序、方式和权限

    **第四条** 巡察工作的组织领导和机构职责、工作程序和方式权限等,参照本条例关于巡视工作的规定。

    **第五条** 第二款另有规定。前款不适用。依照第九条。

    第二款和第一章。
    """)


@pytest.fixture(scope="module")
def doc():
    corpus, diags = parse_source_file("refs.txt", FIXTURE.encode())
    assert corpus is not None, diags
    return corpus.documents[0]


def refs_of(doc, eid):
    art = next(a for a in doc.articles() if eid.startswith(a.eid + "__"))
    for p in art.paragraphs:
        for node in (p, *p.items):
            if node.eid == eid:
                refs, diags = find_references(doc, art, p, node, "refs.txt")
                return [(r.text, r.eid, r.kind) for r in refs], diags
    raise KeyError(eid)


CASES = [
    ("art_1__para_1", [("本条例", "", "regulation")]),
    ("art_2__para_2", [("上述条件", "art_2__para_1", "list-antecedent"), ("前款第（一）项", "art_2__para_1__item_1", "item")]),
    ("art_2__para_3", [("前款", "art_2__para_2", "paragraph"), ("本条第一款第（二）项", "art_2__para_1__item_2", "item")]),
    ("art_3__para_1", [("第二条第二款", "art_2__para_2", "paragraph"), ("第一条", "art_1", "article"),
                       ("本章", "chp_2", "chapter"), ("本条例", "", "regulation"),
                       ("第二条第一款第（二）项", "art_2__para_1__item_2", "item")]),
    ("art_4__para_1", [("组织领导和机构职责", "chp_2", "chapter-subject"), ("工作程序和方式权限", "chp_3", "chapter-subject"),
                       ("本条例", "", "regulation")]),
]


@pytest.mark.parametrize("eid,expected", CASES, ids=[c[0] for c in CASES])
def test_references_are_found_and_resolved(doc, eid, expected):
    found, diags = refs_of(doc, eid)
    assert found == expected
    assert diags == ()


def test_reference_inside_another_documents_title_is_not_linked(doc):
    found, _ = refs_of(doc, "art_3__para_1")
    assert "《其他条例》" in doc.articles()[2].paragraphs[0].text
    # exactly one 本条例 (the one after 《其他条例》和), none inside the title
    assert [t for t, _, _ in found].count("本条例") == 1


def test_unresolvable_references_are_diagnostics_with_positions(doc):
    _, diags = refs_of(doc, "art_5__para_1")
    msgs = [(d.line, d.col, d.code, d.message) for d in diags]
    # 第二款 in a one-paragraph article? art_5 has two paragraphs, so 第二款 resolves; 前款 in the first does not;
    # 第九条 does not exist.
    assert [m[3].split(" in ")[0] for m in msgs] == ["前款", "第九条"]
    assert all(m[2] == "unresolved-reference" for m in msgs)
    line = FIXTURE.split("\n").index(next(l for l in FIXTURE.split("\n") if l.startswith("**第五条**"))) + 1
    assert {m[0] for m in msgs} == {line}
    src_line = FIXTURE.split("\n")[line - 1]
    assert src_line[msgs[1][1] - 1:].startswith("第九条")
    assert src_line[msgs[0][1] - 1:].startswith("前款")
    assert "expected" in msgs[1][3]


def test_reference_to_a_missing_chapter_is_a_diagnostic(doc):
    found, diags = refs_of(doc, "art_5__para_2")
    assert ("第二款", "art_5__para_2", "paragraph") in found
    assert len(diags) == 1 and diags[0].message.startswith("第一章")


def test_chapter_subjects_match_despite_wording():
    assert subject_key("工作程序、方式和权限") == subject_key("工作程序和方式权限")
    chapters = [Chapter("chp_5", 5, "第五章", "巡视整改和成果运用", (), None),
                Chapter("chp_6", 6, "第六章", "队伍建设", (), None), Chapter("chp_7", 6, "第七章", "责任追究", (), None)]
    assert match_subject("整改和成果运用", chapters).eid == "chp_5"  # the document's subject word left out
    assert match_subject("队伍建设", chapters).eid == "chp_6"
    assert match_subject("成果", chapters) is None


def test_real_regulation_references(regulation):
    refs, diags = resolve_references(regulation)
    assert diags == ()
    got = {k: [(r.text, r.eid) for r in v] for k, v in refs.items()}
    assert got["art_40__para_2"] == [("上述条件", "art_40__para_1")]
    assert got["art_50__para_1"] == [
        ("组织领导和机构职责", "chp_2"), ("工作程序和方式权限", "chp_4"), ("整改和成果运用", "chp_5"),
        ("队伍建设", "chp_6"), ("责任追究", "chp_7"), ("本条例", "")]
    for eid in ("art_51__para_1", "art_52__para_1", "art_53__para_1"):
        assert {t for t, _ in got[eid]} == {"本条例"}
    # chapter titles the list is matched against, as the model has them
    titles = {c.eid: c.title for c in regulation.chapters}
    assert titles["chp_4"] == "工作程序、方式和权限" and titles["chp_5"] == "巡视整改和成果运用"


HREF = re.compile(r'<a class="lr-ref" href="([^"]+)"')


def _resolve(page_src: str, href: str) -> str:
    """Site-relative URL (with fragment) that ``href`` on the page built from ``page_src`` points to."""
    page_url = page_src[:-len("index.md")] if page_src.endswith("index.md") else page_src[:-3] + "/"
    path, _, frag = href.partition("#")
    if not path:
        target = page_url
    else:
        target = posixpath.normpath(posixpath.join("/" + page_url, path)).lstrip("/") + "/"
    return target + (f"#{frag}" if frag else "")


@pytest.mark.parametrize("page,expected_href", [
    ("xunshi/art_40.md", "#art_40__para_1"),
    ("xunshi/chp_6/index.md", "../art_40/#art_40__para_1"),
    ("xunshi/index.md", "art_40/#art_40__para_1"),
])
def test_inline_links_are_relative_on_every_page_showing_the_text(build_result, page, expected_href):
    md = build_result.site.pages[page]
    hrefs = HREF.findall(md)
    assert expected_href in hrefs
    assert _resolve(page, expected_href) in ("xunshi/art_40/#art_40__para_1", page[:-3] + "/#art_40__para_1")


def test_every_inline_link_resolves(build_result):
    manifest = {e["url"] for e in __import__("json").loads(build_result.site.files["permalinks.json"])}
    pages = set()
    for src in build_result.site.pages:
        pages.add(src[:-len("index.md")] if src.endswith("index.md") else src[:-3] + "/")
    checked = 0
    for src, md in build_result.site.pages.items():
        for href in HREF.findall(md) + re.findall(r'data-href="([^"]+)"', md):
            target = _resolve(src, href)
            page, _, frag = target.partition("#")
            assert page in pages, (src, href, target)
            if frag and page.startswith("xunshi/art_"):
                assert any(u.endswith("#" + frag) for u in manifest) or frag == page.split("/")[1], (src, href)
            checked += 1
    assert checked > 100


def test_notes_link_their_citations_on_the_real_site(build_result):
    """A note's bare 第X条 means its document and its 第一款, 第（三）项 are of its target; the article itself is
    never linked from its own page (the 46th's note names 第四十六条)."""
    cites = re.compile(r'<a href="([^"]+)" class="lawref-cite">([^<]+)</a>')
    pages = build_result.site.pages
    assert cites.findall(pages["xunshi/art_40.md"]) == [("./#art_40__para_1", "第一款"), ("./#art_40__para_2", "第二款"),
                                                         ("./#art_40__para_3", "第三款")]
    assert ("../art_37/", "第三十七条") in cites.findall(pages["xunshi/art_29.md"])
    assert ("./#art_23__para_1__item_13", "第（十三）项") in cites.findall(pages["xunshi/art_23.md"])
    assert cites.findall(pages["xunshi/art_46.md"]) == []
    assert sum(len(cites.findall(md)) for md in pages.values()) == 28  # each reviewed by hand when added


from dataclasses import replace  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st

from lawref.model import Segment  # noqa: E402

SOUP = list("第一二三四五九十条款项章（）本前上述下列条件例等，参照、和的巡视《》之")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=SOUP, max_size=40))
def test_extraction_never_raises_and_refs_are_well_formed(doc, text):
    """On any text, references are in bounds, ordered, non-overlapping, and name existing ids; the rest are
    diagnostics."""
    art = doc.articles()[1]
    para = art.paragraphs[1]
    node = replace(para, text=text, segments=(Segment(text, text, para.segments[0].line, 1),), items=())
    ids = {""} | {c.eid for c in doc.chapters}
    for a in doc.articles():
        ids.add(a.eid)
        for p in a.paragraphs:
            ids.add(p.eid)
            ids.update(i.eid for i in p.items)
    refs, diags = find_references(doc, art, para, node, "refs.txt")
    end = 0
    for r in refs:
        assert end <= r.start < r.end <= len(text)
        assert text[r.start:r.end] == r.text
        assert r.eid in ids
        end = r.end
    for d in diags:
        assert d.code == "unresolved-reference" and d.severity == "error" and "expected" in d.message


def test_backlinks_from_text_references(doc):
    """第三条 cites 第二条第二款 and 第一条: both articles list 第三条第一款 as pointing to them; a reference within
    the same article (上述条件, 前款) is no backlink."""
    from lawref.pipeline import parse_source_file
    from lawref.publish.editorial import build_editorial
    corpus, _ = parse_source_file("refs.txt", FIXTURE.encode())
    res, diags = build_editorial(corpus, ())
    assert res is None  # the fixture's unresolvable references are errors …
    assert {d.message.split(" in ")[0] for d in diags} == {"前款", "第九条", "第一章"}
    ok = FIXTURE.split("**第五条**")[0]
    corpus, _ = parse_source_file("refs.txt", ok.encode())
    res, diags = build_editorial(corpus, ())
    assert diags == () and res is not None  # … and without them the stage succeeds
    slug = corpus.documents[0].slug
    assert set(res.backlinks[f"{slug}/art_2"]) == {
        (f"{slug}/art_3/#art_3__para_1", "第三条第一款（正文引用“第二条第二款”）"),
        (f"{slug}/art_3/#art_3__para_1", "第三条第一款（正文引用“第二条第一款第（二）项”）")}
    assert [lbl for _, lbl in res.backlinks[f"{slug}/art_1"]] == ["第三条第一款（正文引用“第一条”）"]
    assert f"{slug}/art_3" not in res.backlinks


def test_annotation_backlinks_on_the_target_article(build_result):
    page = build_result.site.pages["xunshi/art_36.md"]
    extras = page[page.index('<section class="lr-extras"'):]
    back = extras[extras.index('id="lr-backlinks"'):]
    assert 'href="../art_35/#xref-xref-35-36"' in back
    assert "两条结构相同" in back  # the reason travels with the backlink
    assert 'href="../art_36/"' in build_result.site.pages["xunshi/art_35.md"]


BANFA = textwrap.dedent("""\
    # 测试办法

    ## 第一编 总则

    ### 第一章 一般规定

    **第一条** 本办法适用于测试。本条例不是它的自称。

    **第二条** 甲。

    乙。

    依照前两款和本款规定：

    - （一）本项另有规定。

    ## 第二编 分则

    ### 第一章 措施

    #### 第一节 水域

    **第三条** 本节和本编的规定，前两款除外。第一编第二章、第二编第一章第一节和第一编另有规定的除外；第一章第一节。
    """)


def test_self_word_comes_from_the_title_and_relative_units_resolve():
    """In a 办法 the self word is 本办法 (本条例 is nobody, and its 本条 is no 本条); 本款, 前两款 (→ the first of
    them), 本项, 本节 and 本编 name the units where the text stands."""
    corpus, diags = parse_source_file("banfa.txt", BANFA.encode())
    assert corpus is not None, diags
    doc = corpus.documents[0]
    assert refs_of(doc, "art_1__para_1")[0] == [("本办法", "", "regulation")]
    assert refs_of(doc, "art_2__para_3")[0] == [("前两款", "art_2__para_1", "paragraph"),
                                                ("本款", "art_2__para_3", "paragraph")]
    assert refs_of(doc, "art_2__para_3__item_1")[0] == [("本项", "art_2__para_3__item_1", "item")]
    found, diags = refs_of(doc, "art_3__para_1")
    assert found == [("本节", "book_2__chp_1__sec_1", "chapter"), ("本编", "book_2", "chapter"),
                     ("第二编第一章第一节", "book_2__chp_1__sec_1", "chapter"), ("第一编", "book_1", "chapter"),
                     ("第一章第一节", "book_2__chp_1__sec_1", "chapter")]  # 第一章 alone: of the same 编
    assert [(d.code, d.line, d.col) for d in diags] == [("unresolved-reference", 23, 18),
                                                         ("unresolved-reference", 23, 24)]
    assert "no such chapter" in diags[1].message  # 第一编第二章: the fixture's 第一编 has one chapter
    assert "前两款 in paragraph 1 (expected at least 2 paragraphs before it)" in diags[0].message
