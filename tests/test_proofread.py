"""Proofreading: one test per detector on tiny inputs, and the findings a careful reader makes on the real source."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from lawref.check.proofread import CATEGORY_NAMES, TextUnit, _unit, find_anomalies, find_term_variants, text_units
from lawref.model import Segment
from lawref.source.read import read_source
from parse_outline import parse_text
from proofread_reference import reference_term_variants


def findings(src: str, code: str | None = None) -> list[tuple[int, int, str]]:
    """(line, col, code) of every anomaly of the dedented ``src`` (only ``code`` if given)."""
    text = textwrap.dedent(src).lstrip("\n")
    corpus, diags = parse_text(text)
    assert corpus is not None, diags
    src_text, _ = read_source("t.txt", text.encode())
    out = find_anomalies(corpus, src_text)
    assert all(d.severity == "note" and d.file == "t.txt" and "expected" in d.message for d in out)
    return [(d.line, d.col, d.code) for d in out if code is None or d.code == code]


def messages(src: str, code: str) -> list[str]:
    text = textwrap.dedent(src).lstrip("\n")
    corpus, _ = parse_text(text)
    return [d.message for d in find_anomalies(corpus, read_source("t.txt", text.encode())[0]) if d.code == code]


REG = "# 条例\n\n## 第一章 总则\n\n"
"""A regulation header: the first article is on line 5."""


def pos(src: str, needle: str, k: int = 0, offset: int = 0) -> tuple[int, int]:
    """(line, col) of the k-th occurrence of ``needle`` in ``src`` (plus ``offset`` characters): positions
    in the tests are computed from the input text, never from the code under test."""
    i = -1
    for _ in range(k + 1):
        i = src.index(needle, i + 1)
    i += offset
    return src.count("\n", 0, i) + 1, i - (src.rfind("\n", 0, i) + 1) + 1


# doubled characters ---------------------------------------------------------------------------

def test_doubled_character_is_found():
    src = REG + "**第一条** 落实全面从从严治党责任,构成犯罪罪的,依法处理。\n"
    assert findings(src, "doubled-char") == [(*pos(src, "从从"), "doubled-char"), (*pos(src, "罪罪"), "doubled-char")]


def test_reduplications_and_compound_boundaries_are_not_doubled():
    src = REG + ("**第一条** 不得层层加码,久久为功,常常检查。巡视组组长、领导小组组长和组织部部长参加。"
                 "实实在在、认认真真、兢兢业业地工作。\n")
    assert findings(src, "doubled-char") == []


def test_a_triple_character_is_one_finding():
    src = REG + "**第一条** 甲的的的乙。\n"
    assert findings(src, "doubled-char") == [(*pos(src, "的的的"), "doubled-char")]


# quotation marks and brackets -------------------------------------------------------------------

def test_unclosed_quote_in_a_paragraph():
    assert findings("# 报道\n\n他说“要抓好落实。\n", "quote-unbalanced") == [(3, 3, "quote-unbalanced")]


def test_close_without_open():
    assert findings("# 报道\n\n要抓好落实。”他说。\n", "quote-unbalanced") == [(3, 7, "quote-unbalanced")]


def test_balanced_quotes_and_nested_single_quotes_are_fine():
    src = "# 报道\n\n“处理好‘宽’与‘严’的关系。”他说。\n\n“甲”“乙”。\n"
    assert [f for f in findings(src) if f[2].startswith("quote")] == []


def test_opening_quote_before_an_attribution_is_misplaced():
    src = "# 报道\n\n“要久久为功。”三是抓好落实。“董建明强调。\n"
    assert findings(src, "quote-misplaced") == [(*pos(src, "“董"), "quote-misplaced")]
    (msg,) = messages("# 报道\n\n“要久久为功。”三是抓好落实。“董建明强调。\n", "quote-misplaced")
    assert "董建明强调" in msg and "expected the closing mark ”" in msg


def test_question_quote_without_close_before_an_attribution():
    (msg,) = messages("# 报道\n\n“如何提升办案质量?史卫忠指出,要加强配合。\n", "quote-misplaced")
    assert "史卫忠指出" in msg and "expected ” after “？”" in msg


def test_multi_paragraph_open_quote_is_still_reported_per_paragraph():
    assert findings("# 报道\n\n“第一段未完。\n\n“第二段。”他说。\n", "quote-unbalanced") == [(3, 1, "quote-unbalanced")]


def test_unbalanced_brackets_either_width():
    src = REG + "**第一条** 党组(党委开展工作。\n\n党委)负责。\n\n党组(党委）可以混用宽度。\n"
    assert findings(src, "bracket-unbalanced") == [(*pos(src, "("), "bracket-unbalanced"), (*pos(src, "党委)", offset=2), "bracket-unbalanced")]


# lead-ins and items ---------------------------------------------------------------------------------

LIST = REG + "**第一条** {lead}\n\n- (一)甲;\n- (二)乙。\n"


@pytest.mark.parametrize("lead", ["主要职责是:", "重点检查下列情况:", "有下列情形之一的,给予处分:", "组织开展为期6个月的集中整改:"])
def test_lead_ins_that_introduce_a_list(lead):
    assert findings(LIST.format(lead=lead), "lead-in-mismatch") == []


def test_a_complete_rule_does_not_introduce_items():
    src = LIST.format(lead="有关单位不协助巡视工作,造成严重后果的,依法追究责任:")
    assert findings(src, "lead-in-mismatch") == [(*pos(src, "责任:", offset=2), "lead-in-mismatch")]
    assert "introduces no list" in messages(src, "lead-in-mismatch")[0]


def test_a_lead_in_announcing_a_list_without_items():
    src = REG + "**第一条** 巡视组采取下列方式了解情况:\n\n**第二条** 甲。\n"
    assert findings(src, "lead-in-without-items") == [(*pos(src, "情况:", offset=2), "lead-in-without-items")]


def test_dangling_conjunction():
    src = REG + "**第一条** 职责是:\n\n- (一)加强队伍建设和;\n- (二)参与;\n- (三)推动改革以及。\n"
    assert findings(src, "dangling-conjunction") == [(*pos(src, "和;"), "dangling-conjunction"),
                                                     (*pos(src, "以及。"), "dangling-conjunction")]


def test_item_terminal_punctuation():
    src = REG + "**第一条** 职责是:\n\n- (一)甲。\n- (二)乙;\n- (三)丙;\n"
    assert findings(src, "item-terminal") == [(*pos(src, "甲。", offset=1), "item-terminal"),
                                              (*pos(src, "丙;", offset=1), "item-terminal")]


# repairs ----------------------------------------------------------------------------------------------

def test_joins_across_breaks_and_restored_markers_are_listed():
    src = REG + "**第一条** 职责是:\n\n- (一)统筹、保障巡视组开展\n\n工作;\n\n(二)负责指导;\n\n(三)办理其他事项。\n"
    assert findings(src, "join-break") == [(*pos(src, "开展\n", offset=1), "join-break")]
    assert findings(src, "item-marker") == [(11, 1, "item-marker")]
    (msg,) = messages(src, "item-marker")
    assert "（二）–（三）" in msg and "lines 11–13" in msg


# punctuation width --------------------------------------------------------------------------------------

def test_mixed_width_is_one_finding_per_document_with_counts():
    src = REG + "**第一条** 党组(党委)开展,工作;其他。\n\n**第二条** 甲,乙。\n\n# 报道\n\n文字,内容。\n"
    assert findings(src, "mixed-width") == [(*pos(src, "("), "mixed-width"), (*pos(src, "字,", offset=1), "mixed-width")]
    first = messages(src, "mixed-width")[0]
    assert "5 half-width marks" in first and "(×1 )×1 ,×2 ;×1" in first


def test_a_line_with_both_widths_of_a_mark_gets_its_own_finding():
    src = REG + "**第一条** 甲,乙，丙。\n\n**第二条** 丁,戊。\n"
    assert findings(src, "mixed-width") == [(*pos(src, ","), "mixed-width")] * 2
    assert any("both , and ，" in m for m in messages(src, "mixed-width"))


def test_full_width_text_has_no_width_finding():
    assert findings(REG + "**第一条** 党组（党委）开展，工作；其他。\n", "mixed-width") == []


# the same term spelled two ways ------------------------------------------------------------------------

def test_term_variant_by_a_dropped_character():
    src = REG + ("**第一条** 被巡视党组织应当配合。\n\n**第二条** 向被巡视党组织反馈。\n\n"
                 "**第三条** 督促被巡视党组织整改。\n\n**第四条** 不干预被巡视组织的工作。\n")
    assert findings(src, "term-variant") == [(*pos(src, "被巡视组织"), "term-variant")]
    (msg,) = messages(src, "term-variant")
    assert "“被巡视组织” (at %d:%d) and “被巡视党组织” (at %d:%d, " % (*pos(src, "被巡视组织"), *pos(src, "被巡视党组织")) in msg
    assert "frequent" not in msg


def test_term_variant_by_an_inserted_character():
    src = REG + ("**第一条** 中管金融企业甲。\n\n**第二条** 乙中管金融企业。\n\n**第三条** 丙、中管金融企业。\n\n"
                 "**第四条** 和中央管金融企业。\n")
    assert findings(src, "term-variant") == [(*pos(src, "中央管"), "term-variant")]


@pytest.mark.parametrize("rare", [
    "对被巡视干部",      # an inserted function character (被) changes the phrase, not the term
    "对巡视干部干部",    # a doubled neighbour is doubled-char's business
])
def test_no_term_variant_for_function_words_or_doubles(rare):
    src = REG + (f"**第一条** 对巡视干部甲。\n\n**第二条** 对巡视干部乙。\n\n**第三条** 对巡视干部丙。\n\n"
                 f"**第四条** {rare}。\n")
    assert findings(src, "term-variant") == []


def test_no_term_variant_for_a_truncated_term():
    # 领导小组办 is always 领导小组办公室: “领导小组交办” is another word, not a variant of it.
    src = REG + "".join(f"**第{n}条** 领导小组办公室{c}。\n\n" for n, c in zip("一二三", "甲乙丙")) + "**第四条** 领导小组交办。\n"
    assert findings(src, "term-variant") == []


def test_no_term_variant_when_the_rare_one_straddles_a_common_word():
    # 巡视组|开展巡视 against 组织开展巡视: the rare spelling straddles the common 巡视组.
    src = REG + "".join(f"**第{n}条** 巡视组{c}。\n\n" for n, c in zip("一二三四五", "甲乙丙丁戊"))
    src += "".join(f"**第{n}条** 组织开展巡视{c}。\n\n" for n, c in zip("六七八", "甲乙丙"))
    src += "**第九条** 巡视组开展巡视前。\n"
    assert findings(src, "term-variant") == []


def test_every_code_has_a_chinese_category_name(corpus_findings):
    assert {d.code for d in corpus_findings} <= set(CATEGORY_NAMES)


# the real source: what a careful proofreader finds (read from the source, not from this code) ----------

@pytest.fixture(scope="module")
def corpus_findings(project):
    from lawref.pipeline import build_corpus
    corpus, _ = build_corpus(project)
    src, _ = read_source(corpus.meta.source, project.get(corpus.meta.source))
    return find_anomalies(corpus, src)


@pytest.fixture(scope="module")
def source_lines(project):
    import yaml

    from lawref.pipeline import CORPUS_META
    source = yaml.safe_load(project.get(CORPUS_META))["sources"][0]["file"]
    return project.get(source).decode("utf-8").split("\n")


def at(lines, line: int, needle: str, offset: int = 0) -> tuple[int, int]:
    """(line, col) of ``needle`` on source ``line`` (1-based), plus ``offset`` characters."""
    col = lines[line - 1].find(needle)
    assert col >= 0, (line, needle)
    return line, col + 1 + offset


def test_real_source_findings(corpus_findings, source_lines):
    L = source_lines
    expected = {
        # 从从严治党 (第十八条第（二）项) and 构成犯罪罪的 (第四十四条)
        (*at(L, 113, "从从"), "doubled-char"),
        (*at(L, 266, "罪罪"), "doubled-char"),
        # 干部队伍建设和；(第七条第（七）项)
        (*at(L, 19, "和;"), "dangling-conjunction"),
        # 第四十四条: a lead-in that is a complete rule, followed by items on 巡视 staff misconduct
        (*at(L, 266, "责任:", 2), "lead-in-mismatch"),
        # news: 。“董建明强调 (a closing mark printed as an opening one); “如何提升…?史卫忠指出 (never closed)
        (*at(L, 310, "“董建明"), "quote-misplaced"),
        (*at(L, 326, "“如何"), "quote-misplaced"),
        # 被巡视组织 once (第二十四条) beside 被巡视党组织; 中管金融企业 once (第十六条) beside 中央管金融企业 3×
        (*at(L, 153, "被巡视组织"), "term-variant"),
        (*at(L, 100, "中管金融企业"), "term-variant"),
        # one half-width-punctuation finding per document, at its first half-width mark
        (*at(L, 7, ","), "mixed-width"),
        (*at(L, 310, ","), "mixed-width"),
        # sentences cut by page or column breaks, found at the last character before the break
        *((n, len(L[n - 1]), "join-break") for n in (54, 113, 167, 214, 256, 316, 322, 338, 348)),
        # items that lost their '- ' after a break: 第十一条 （四）–（十）, 第十八条 （三）–（五）
        (58, 1, "item-marker"), (117, 1, "item-marker"),
        # 第五十条 lists 工作程序和方式权限, 第四章 is titled 工作程序、方式和权限 (reported, not reconciled)
        (*at(L, 296, "工作程序和方式权限"), "chapter-subject"),
        # the headline's 高质量办好每一个案件 against the body's 高质效办好每一个案件
        (*at(L, 306, "高质量"), "headline-body"),
    }
    got = {(d.line, d.col, d.code) for d in corpus_findings}
    assert got == expected, f"missing: {sorted(expected - got)}\nunexpected: {sorted(got - expected)}"


def test_real_source_no_false_doubles(corpus_findings, source_lines):
    doubled_lines = sorted(d.line for d in corpus_findings if d.code == "doubled-char")
    # 组组 (领导小组组长, 巡视组组长), 部部 (组织部部长), 久久, 层层 are words, not errors.
    assert doubled_lines == [113, 266]


# the 校勘记 page of the real build -------------------------------------------------------------------

@pytest.fixture(scope="module")
def jiaokanji_html(site_dir):
    return (site_dir / "jiaokanji" / "index.html").read_text(encoding="utf-8")


def _row(html_text: str, rid: str) -> str:
    import re
    m = re.search(rf'<tr id="{re.escape(rid)}"[^>]*>(.*?)</tr>', html_text, re.S)
    assert m, f"no row #{rid} on the 校勘记 page"
    return m.group(1)


def test_jiaokanji_lists_every_finding_with_location_link_category_and_excerpt(corpus_findings, jiaokanji_html,
                                                                                site_dir):
    import html as html_mod
    import re

    from lawref.check.proofread import CATEGORY_NAMES
    for d in corpus_findings:
        row = _row(jiaokanji_html, f"{d.code}-{d.line}-{d.col}")
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert cells[0] == f"{d.line}:{d.col}"
        href = re.search(r'<a href="([^"]+)"', cells[1])
        assert href, f"{d}: no link to its unit"
        page, _, frag = href.group(1).partition("#")
        target = (site_dir / "jiaokanji" / page / "index.html").resolve()
        assert target.exists(), f"{d}: link {href.group(1)} leads nowhere"
        if frag:
            assert f'id="{frag}"' in target.read_text(encoding="utf-8"), f"{d}: no #{frag} on {page}"
        marked = re.search(r"<mark>(.*?)</mark>", cells[2], re.S)
        assert marked and html_mod.unescape(marked.group(1)) == d.source_line[d.col - 1:d.col - 1 + max(d.length, 1)]
    for code, name in CATEGORY_NAMES.items():
        n = sum(1 for d in corpus_findings if d.code == code)
        if n:
            assert re.search(rf'<h3 id="cat-{code}">{re.escape(name)}（{n}）', jiaokanji_html), (code, n)


def test_jiaokanji_lists_lacunae_with_their_chapters(jiaokanji_html):
    row = _row(jiaokanji_html, "lacuna-art_46")
    assert "第四十六条" in row and "第七章 责任追究" in row and "../xunshi/art_46/" in row
    for n in range(1, 6):
        assert "第一章" in _row(jiaokanji_html, f"lacuna-art_{n}") or "第二章" in _row(jiaokanji_html, f"lacuna-art_{n}")


def test_jiaokanji_lists_the_layout_repairs(corpus, jiaokanji_html):
    for r in corpus.repairs:
        row = _row(jiaokanji_html, f"repair-{r.span.start_line}")
        assert f"第{r.span.start_line}行" in row


def test_jiaokanji_errata_section_only_when_there_are_errata(corpus):
    from lawref.publish.render import plain_inline, render_jiaokanji, template_env
    empty = render_jiaokanji(template_env(), corpus, (), {}, plain_inline, ())
    assert 'id="errata"' not in empty and "## 勘误" not in empty
    from lawref.publish.records import ErratumRow
    row = ErratumRow("err-test", "xunshi/art_44/#art_44__para_1", "第四十四条第一款", "犯罪罪", "犯罪", "本文内证",
                     "据本文内证", "", Markup("衍一字。"), True, ())
    page = render_jiaokanji(template_env(), corpus, (), {}, plain_inline, (row,))
    assert "## 勘误 {: #errata }" in page
    assert '<tr id="err-test" data-confidence=""><td><a href="../xunshi/art_44/#art_44__para_1">第四十四条第一款</a></td>' \
           '<td>犯罪罪</td><td>犯罪</td>' in page


def test_punctuation_marks_together():
    src = REG + "**第一条** 甲,。乙、、丙。”丁。\n"
    assert findings(src, "punct-sequence") == [(*pos(src, ",。"), "punct-sequence"), (*pos(src, "、、"), "punct-sequence")]


def test_stray_space_between_chinese_characters():
    src = REG + "**第一条** 巡视 工作应当加强。Word 2024 年。\n"
    assert findings(src, "stray-space") == [(*pos(src, " 工"), "stray-space")]


# the term-variant detector is linear and finds what the first (quadratic) one found ---------------------

_TERM_CHARS = "巡视党组织整改被的干部"


@st.composite
def _term_soup(draw) -> tuple[TextUnit, ...]:
    """Units made of a few terms, their one-character variants, stray characters and marks."""
    terms = draw(st.lists(st.text(_TERM_CHARS, min_size=4, max_size=9), min_size=1, max_size=3))
    piece = st.one_of(
        st.sampled_from(terms),
        st.builds(lambda t, i, c: t[:i] + c + t[i:], st.sampled_from(terms), st.integers(1, 8), st.sampled_from(_TERM_CHARS)),
        st.builds(lambda t, i: t[:i] + t[i + 1:], st.sampled_from(terms), st.integers(1, 8)),
        st.text(_TERM_CHARS, max_size=3),
        st.sampled_from("，。、；"),
    )
    texts = draw(st.lists(st.lists(piece, max_size=12).map("".join), min_size=1, max_size=12))
    kinds = draw(st.lists(st.sampled_from(["para", "item", "para", "heading"]), min_size=len(texts), max_size=len(texts)))
    return tuple(_unit(f"u{n}", kind, (Segment(t, t, n, 1),)) for n, (t, kind) in enumerate(zip(texts, kinds), 1) if t)


@given(_term_soup())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_term_variants_match_the_first_implementation(units):
    assert find_term_variants(units) == reference_term_variants(units)


def test_term_variants_on_the_real_source_match_the_first_implementation(parsed_corpus):
    for doc in parsed_corpus.documents:
        units = text_units(doc)
        assert find_term_variants(units) == reference_term_variants(units)

# --- detectors of the collation (headline/body, names register, a document's own lists) -------------------------

def _run(text: str, persons=()):
    corpus, _ = parse_text(text)
    return find_anomalies(corpus, read_source("t.txt", text.encode())[0], persons)


def test_headline_phrase_given_differently_in_the_body():
    text = ("# 抓实“高质量办好每一个案件”\n\n## 关键词之一：甲\n\n践行“高质效办好每一个案件”理念。\n\n"
            "坚持“高质量办好每一个案件”。\n")
    found = [d for d in _run(text) if d.code == "headline-body"]
    assert [(d.line, d.col) for d in found] == [pos(text, "高质量")]
    m = found[0].message
    # both spellings and both places; neither is called right
    assert "“高质效办好每一个案件” at " + "%d:%d" % pos(text, "高质效") in m
    assert "headline's spelling at %d:%d" % pos(text, "高质量", 1) in m and "frequent" not in m
    # a body that agrees with the headline gives nothing
    assert not [d for d in _run(text.replace("高质效", "高质量")) if d.code == "headline-body"]


def test_speaker_names_are_checked_against_the_register():
    from lawref.editorial.witnesses import Person
    text = "# 报道\n\n## 关键词之一：甲\n\n“要抓好落实。”董建明强调。李四表示，要继续推进。\n"
    corpus, _ = parse_text(text)
    slug = corpus.documents[0].slug
    reg = (Person(slug, "童建明", "副检察长", ("w-a",)), Person(slug, "李四", "主任", ()))
    found = [d for d in _run(text, reg) if d.code == "person-name"]
    assert [(d.line, d.col) for d in found] == [pos(text, "董建明")]
    assert "“童建明” (副检察长; witnesses w-a)" in found[0].message
    # no register: names are not judged (nothing to judge them against)
    assert not [d for d in _run(text) if d.code == "person-name"]


def test_chapter_subjects_listed_in_an_article_are_reported_not_reconciled():
    text = (REG + "**第一条** 甲。\n\n## 第二章 工作程序、方式和权限\n\n**第二条** 乙。\n\n## 第三章 附则\n\n"
            "**第三条** 巡察工作的总则、工作程序和方式权限等，参照本条例关于巡视工作的规定。\n")
    found = [d for d in _run(text) if d.code == "chapter-subject"]
    assert [(d.line, d.col) for d in found] == [pos(text, "工作程序和方式权限")]
    assert "第二章's title is “工作程序、方式和权限”" in found[0].message
    same = text.replace("工作程序和方式权限等", "工作程序、方式和权限等")
    assert not [d for d in _run(same) if d.code == "chapter-subject"]


def test_announced_number_of_points_is_checked():
    text = ("# 报道\n\n## 关键词之一：甲\n\n检察机关从四个维度推动落实——\n\n一是甲。\n\n二是乙。\n\n三是丙。\n")
    found = [d for d in _run(text) if d.code == "enumeration-count"]
    assert [(d.line, d.col) for d in found] == [pos(text, "从四个维度")]
    assert not [d for d in _run(text + "\n四是丁。\n") if d.code == "enumeration-count"]


def test_term_variant_names_both_spellings_and_places_never_frequency():
    text = REG + ("**第一条** 被巡视党组织应当配合。\n\n**第二条** 向被巡视党组织反馈。\n\n"
                  "**第三条** 督促被巡视党组织整改。\n\n**第四条** 不干预被巡视组织的工作。\n")
    found = [d for d in _run(text) if d.code == "term-variant"]
    assert len(found) == 1
    m = found[0].message
    assert "“被巡视组织” (at %d:%d)" % pos(text, "被巡视组织") in m
    assert "“被巡视党组织” (at %d:%d, " % pos(text, "被巡视党组织") in m
    assert "frequent" not in m and "more" not in m.split("(at")[0]


def test_doubled_character_at_a_listed_word_boundary_is_no_finding():
    clean = REG + "**第一条** 依照中华人民共和国国务院的规定，委员会会议加强工作作风建设。\n"
    assert findings(clean, "doubled-char") == []
    wrong = REG + "**第一条** 落实全面从从严治党责任，构成犯罪罪的，依法追究。\n"
    assert findings(wrong, "doubled-char") == [(*pos(wrong, "从从"), "doubled-char"), (*pos(wrong, "罪罪"), "doubled-char")]
