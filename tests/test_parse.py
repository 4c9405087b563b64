"""Parser tests: tiny dedented inputs through ``assert_parses``, fixture files, and the real source."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawref.source.metadata import load_corpus_meta
from lawref.source.punctuation import fold_width, normalise_width
from parse_outline import assert_parses, outline, parse_text, read_fixtures

FIXTURES = Path(__file__).parent / "fixtures" / "parse"
CASES = [(f.name, *case) for f in sorted(FIXTURES.glob("*.txt")) for case in read_fixtures(f)]


@pytest.mark.parametrize("file,title,meta_yaml,src,expected", CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in CASES])
def test_fixture(file, title, meta_yaml, src, expected):
    meta = None
    if meta_yaml:
        meta, diags = load_corpus_meta("meta.yml", meta_yaml)
        assert meta is not None, diags
    assert_parses(src, expected, meta)


def test_fixture_files_are_found():
    # A reader that silently found nothing would make the parametrised test vacuous.
    assert len(CASES) >= 9


def test_chapter_out_of_order_and_item_out_of_sequence():
    assert_parses("""
        # 条例

        ## 第二章 甲

        **第一条** 职责是:

        - (一)甲;
        - (三)乙。

        ## 第四章 乙

        **第二条** 丙。
        """, """
        doc doc1 regulation “条例”
          chp_2 第二章 甲 [source]
            art_1 第一条
              para_1 "职责是："
                item_1 （一） "甲；"
                item_3 （三） "乙。"
          chp_4 第四章 乙 [source]
            art_2 第二条
              para_1 "丙。"
        diag 8:3 warning item-order
        diag 10:4 warning chapter-order
        """)


def test_article_repeated_and_out_of_order_do_not_cascade():
    # The text of a rejected article is not silently attached to the article before it.
    assert_parses("""
        # 条例

        ## 第一章 总则

        **第一条** 甲。

        **第三条** 乙。

        **第二条** 丙:

        - (一)丁。

        **第三条** 戊。

        **第四条** 己。
        """, """
        doc doc1 regulation “条例”
          chp_1 第一章 总则 [source]
            art_1 第一条
              para_1 "甲。"
            art_2 第二条 [missing]
            art_3 第三条
              para_1 "乙。"
            art_4 第四条
              para_1 "己。"
        diag 7:3 warning article-gap
        diag 9:3 error article-order
        diag 13:3 error article-repeated
        """)


def test_full_width_digits_in_a_label_are_read_and_reported():
    assert_parses("""
        # 条例

        **第１条** 甲。
        """, """
        doc doc1 regulation “条例”
          (no chapters)
            art_1 第一条
              para_1 "甲。"
        diag 3:4 warning fullwidth-digit
        """)


def test_unknown_heading_is_an_error_naming_what_was_expected():
    corpus, diags = parse_text("# 条例\n\n### 附录\n\n**第一条** 甲。\n")
    (d,) = [d for d in diags if d.severity == "error"]
    assert (d.line, d.col, d.code) == (3, 5, "unknown-heading")
    assert "expected a chapter heading" in d.message


def test_unterminated_text_at_the_end_is_a_warning():
    _, diags = parse_text("# 条例\n\n**第一条** 甲乙\n")
    assert [(d.line, d.col, d.code) for d in diags if d.severity == "warning"] == [(3, 10, "unterminated")]


def test_text_before_any_article_is_an_error():
    _, diags = parse_text("# 条例\n\n前言。\n\n**第一条** 甲。\n")
    assert [(d.line, d.code) for d in diags if d.severity == "error"] == [(3, "outside-article")]


def test_unknown_document_heading_with_metadata(root):
    meta, _ = load_corpus_meta("content/corpus.yml", (root / "content" / "corpus.yml").read_text(encoding="utf-8"))
    corpus, diags = parse_text("# 另一份文件\n\n**第一条** 甲。\n", meta)
    codes = sorted(d.code for d in diags if d.severity == "error")
    assert codes == ["missing-document", "missing-document", "unknown-heading"]
    unknown = next(d for d in diags if d.code == "unknown-heading")
    assert (unknown.line, unknown.col) == (1, 3) and "expected one of" in unknown.message


def test_dropped_layout_is_named(corpus):
    by_cat = {}
    for d in corpus.dropped:
        by_cat.setdefault(d.category, []).append((d.line, d.text))
    assert by_cat["continuation_marker"] == [(5, "(上接第一版)"), (308, "(上接第一版)")]
    assert by_cat["dateline"] == [(358, "(本报北京2月21日电)")]
    assert (3, "# ") in by_cat["markdown_syntax"] and (7, "**") in by_cat["markdown_syntax"]


def test_punctuation_width():
    assert normalise_width("党组(党委),2019年")[0] == "党组（党委），2019年"
    assert normalise_width("1,000 and A:B")[0] == "1,000 and A:B"
    assert normalise_width("质量?史卫忠")[0] == "质量？史卫忠"
    assert fold_width("（党委），：；？") == "(党委),:;?"


# The real source ------------------------------------------------------------------------------

def test_real_source_structure(regulation):
    arts = regulation.articles()
    assert len(arts) == 53
    assert [a.num for a in arts] == list(range(1, 54))
    missing = [a.label for a in arts if a.missing]
    assert missing == ["第一条", "第二条", "第三条", "第四条", "第五条", "第四十六条"]
    chapter_of = {a.num: a.chapter_eid for a in arts}
    assert {chapter_of[n] for n in range(1, 5)} == {"chp_1"}
    assert {chapter_of[n] for n in range(5, 16)} == {"chp_2"}
    assert chapter_of[46] == "chp_7"
    assert [c.title_source for c in regulation.chapters] == ["metadata"] * 2 + ["source"] * 7
    assert regulation.continued_from == "(上接第一版)"


def test_real_source_repairs(corpus):
    joins = [(r.span.start_line, r.span.end_line, r.eid) for r in corpus.repairs if r.kind == "join_break"]
    assert joins == [
        (54, 56, "art_11__para_1__item_3"), (113, 115, "art_18__para_1__item_2"), (167, 169, "art_28__para_1"),
        (214, 216, "art_35__para_2"), (256, 258, "art_42__para_1"), (316, 318, "sec_2__para_2"),
        (322, 324, "sec_3__para_1"), (338, 340, "sec_4__para_4"), (348, 350, "sec_5__para_1"),
    ]
    restored = sorted(r.eid for r in corpus.repairs if r.kind == "item_marker_restored")
    assert restored == sorted([f"art_11__para_1__item_{n}" for n in range(4, 11)]
                              + [f"art_18__para_1__item_{n}" for n in range(3, 6)])


def test_real_source_article_11(regulation):
    art = next(a for a in regulation.articles() if a.num == 11)
    (p,) = art.paragraphs
    assert [i.label for i in p.items] == [f"（{n}）" for n in "一二三四五六七八九十"]
    assert p.items[2].text == "统筹、协调、指导、保障巡视组开展工作；"
    assert [s.line for s in p.items[2].segments] == [54, 56]


def test_real_source_news(corpus):
    news = corpus.document("zuigaojian-fabuhui")
    assert [s.eid for s in news.sections] == ["sec_0", "sec_2", "sec_3", "sec_4", "sec_5"]
    assert news.sections[1].heading == "关键词之二：轻罪治理"
    assert news.dateline == "(本报北京2月21日电)"
    assert all("本报北京" not in p.text for s in news.sections for p in s.paragraphs)


def test_outline_of_the_real_source_starts_as_printed(corpus):
    lines = outline(corpus).split("\n")
    assert lines[:3] == ["doc xunshi regulation “中共中央印发《中国共产党巡视工作条例》”",
                         "  continued (上接第一版)", "  chp_1 第一章 总则 [metadata]"]
    assert '      para_1 "党的中央和省、自治区、直辖市委员会实行巡视制度，设立巡视机构，在一届任期内，' \
           '对所管理的地方、部门、企事业单位党组织实现巡视全覆盖。"' in lines


def test_repeated_numbers_never_give_two_units_one_id():
    # Items, chapters and news sections numbered backwards or twice: an error each, ids stay unique.
    assert_parses("""
        # 条例

        ## 第一章 总则

        **第一条** 职责是:

        - (一)甲;
        - (一)乙。

        ## 第一章 再次

        **第二条** 丙。

        ## 第二章 空章

        # 报道

        ## 关键词之二:甲

        一。

        ## 关键词之二:乙

        二。
        """, """
        doc doc1 regulation “条例”
          chp_1 第一章 总则 [source]
            art_1 第一条
              para_1 "职责是："
                item_1 （一） "甲；"
            art_2 第二条
              para_1 "丙。"
          chp_2 第二章 空章 [source]
        doc doc2 news_article “报道”
          sec_2 “关键词之二：甲”
            para_1 "一。"
          sec_3 “关键词之二：乙”
            para_1 "二。"
        diag 8:3 error item-order
        diag 10:4 error chapter-order
        diag 14:4 error empty-chapter
        diag 22:4 error section-order
        """)


@pytest.mark.parametrize("block,what,line,col", [
    ("    代码块", "an indented code block", 5, 5),
    ("```\n代码\n```", "a fenced code block", 5, 1),
    ("> 引用。\n> 第二行", "a block quote", 5, 1),
    ("<div>x</div>", "an HTML block", 5, 1),
])
def test_blocks_the_parser_does_not_read_are_errors_not_silent_losses(block, what, line, col):
    corpus, diags = parse_text(f"# 条例\n\n**第一条** 甲。\n\n{block}\n\n**第二条** 乙。\n")
    (d,) = [d for d in diags if d.severity == "error"]
    assert (d.line, d.col, d.code) == (line, col, "unsupported-block")
    assert d.message.startswith(what) and "expected paragraphs" in d.message


def test_a_rule_is_named_layout():
    corpus, diags = parse_text("# 条例\n\n**第一条** 甲。\n\n---\n\n**第二条** 乙。\n")
    assert not [d for d in diags if d.severity == "error"]
    assert ("markdown_syntax", 5, 1, "---") in {(d.category, d.line, d.col, d.text) for d in corpus.dropped}


@pytest.mark.parametrize("module", ["lawref.source.read", "lawref.source.parse", "lawref.source.punctuation", "lawref.source.numerals",
                                    "lawref.check.proofread", "lawref.plugin"])
def test_docstring_examples(module):
    import doctest
    import importlib
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0, result


@pytest.mark.parametrize("heading,hint", [
    ("#### 第一节 一般规定", "a 节 heading is level 3 ('### ') here, this one is level 4"),
    ("### 第二条", "an article is a paragraph starting with **第X条**"),
    ("### 第二章 职责", "a chapter heading is level 2 ('## ') here, this one is level 3"),
    ("## 附录", "expected a chapter heading '## 第X章 标题')"),
])
def test_unknown_headings_say_what_was_meant(heading, hint):
    _, diags = parse_text(f"# 条例\n\n## 第一章 总则\n\n**第一条** 甲。\n\n{heading}\n\n**第二条** 乙。\n")
    (d,) = [d for d in diags if d.severity == "error"]
    assert (d.line, d.code) == (7, "unknown-heading") and hint in d.message, d.message


def test_books_parts_chapters_sections_and_inserted_articles():
    """编 > 分编 > 章 > 节 at heading levels 2–5; chapters restart in each 编; ids are container-rooted for
    the containers and article-rooted for the articles (numbered through the document)."""
    assert_parses("""
        # 示范法

        ## 第一编 总则

        ### 第一章 一般规定

        **第一条** 甲。

        ## 第二编 分则

        ### 第一分编 通则

        #### 第一章 范围

        ##### 第一节 对象

        **第二条** 乙：

        - （一）丙；
        - （二）丁。

        **第二条之一** 戊。

        ##### 第二节 内容

        **第三条** 己。

        ### 第二分编 附则

        #### 第二章 附则

        **第四条** 庚。
        """, """
        doc doc1 regulation “示范法”
          book book_1 第一编 总则 art_1–art_1
          book book_2 第二编 分则 art_2–art_4
          part book_2__part_1 第一分编 通则 art_2–art_3
          section book_2__chp_1__sec_1 第一节 对象 art_2–art_2_1
          section book_2__chp_1__sec_2 第二节 内容 art_3–art_3
          part book_2__part_2 第二分编 附则 art_4–art_4
          book_1__chp_1 第一章 一般规定 [source]
            art_1 第一条
              para_1 "甲。"
          book_2__chp_1 第一章 范围 [source]
            art_2 第二条
              para_1 "乙："
                item_1 （一） "丙；"
                item_2 （二） "丁。"
            art_2_1 第二条之一
              para_1 "戊。"
            art_3 第三条
              para_1 "己。"
          book_2__chp_2 第二章 附则 [source]
            art_4 第四条
              para_1 "庚。"
        """)


def test_a_document_without_chapters_has_its_articles_directly():
    assert_parses("""
        # 示范办法

        **第一条** 甲。

        **第二条** 乙。
        """, """
        doc doc1 regulation “示范办法”
          (no chapters)
            art_1 第一条
              para_1 "甲。"
            art_2 第二条
              para_1 "乙。"
        """)


@pytest.mark.parametrize("text,code,needle", [
    ("## 第一章 总则\n\n### 第二节 甲\n\n**第一条** 甲。\n", "heading-order", "第二节 is the first 节 here (expected 第一节)"),
    ("### 第一节 甲\n\n## 第一章 总则\n\n**第一条** 甲。\n", "heading-outside", "第一节 is outside any 章"),
    ("## 第一编 总则\n\n### 第一分编 甲\n\n#### 第一章 乙\n\n**第一条** 甲。\n\n## 第一编 重复\n\n### 第一章 丙\n\n**第二条** 乙。\n",
     "heading-order", "第一编 follows 第一编 (expected 第二编)"),
    ("## 第一章 总则\n\n**第一条** 甲。\n\n### 第一分编 甲\n\n**第二条** 乙。\n", "heading-outside", "第一分编 is outside any 编"),
])
def test_structure_that_does_not_fit_is_a_diagnostic(text, code, needle):
    corpus, diags = parse_text("# 条例\n\n" + text)
    assert any(d.code == code and needle in d.message for d in diags), [d.message for d in diags]
