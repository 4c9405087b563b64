"""Invisible and control characters in a source (issue 9): each reported at ``file:line:col``; by category the
build refuses them (error), strips them (dropped layout ``invisible``, so conservation holds) or keeps them."""

from __future__ import annotations

import pytest

from lawref.check.proofread import CATEGORY_NAMES
from lawref.pipeline import parse_source_file
from lawref.source.read import read_source
from test_conservation import DROPPED_CATEGORIES, conservation_problems

HEAD = "# 条例\n\n## 第一章 总则\n\n"


def parse(text: str):
    corpus, diags = parse_source_file("t.txt", text.encode())
    return corpus, diags


@pytest.mark.parametrize("char, code", [
    ("\u202e", "bidi-control"), ("\u2066", "bidi-control"), ("\u200f", "bidi-control"), ("\u061c", "bidi-control"),
    ("\ufffe", "noncharacter"), ("\uffff", "noncharacter"), ("\ufdd0", "noncharacter"), ("\U0001fffe", "noncharacter"),
    ("\x07", "control-char"), ("\x1b", "control-char"), ("\x7f", "control-char"), ("\x9b", "control-char"),
    ("\u2028", "control-char"), ("\ufffd", "control-char"), ("\U000e0041", "format-char"), ("\u206a", "format-char"),
])
def test_refused_characters_are_errors_where_they_are(char, code):
    text = HEAD + f"**第一条** 巡视工作{char}坚持党的领导。\n"
    corpus, diags = parse(text)
    found = [(d.line, d.col, d.severity, d.code) for d in diags if d.code == code]
    assert found == [(5, 13, "error", code)], [str(d) for d in diags]
    assert all("expected" in d.message for d in diags)


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_characters_are_stripped_as_dropped_layout(char):
    text = HEAD + f"**第一条** 巡视{char}工作坚持{char}{char}党的领导。\n\n- （一）甲{char}乙；\n- （二）丙。\n"
    corpus, diags = parse(text)
    assert corpus is not None
    notes = [(d.line, d.col, d.severity, d.code) for d in diags if d.code == "invisible-char"]
    assert notes == [(5, 11, "note", "invisible-char"), (5, 16, "note", "invisible-char"), (5, 17, "note", "invisible-char"),
                     (7, 7, "note", "invisible-char")], [str(d) for d in diags]
    art = corpus.documents[0].chapters[0].articles[0]
    assert art.paragraphs[0].text.startswith("巡视工作坚持党的领导")
    assert char not in art.paragraphs[0].text and art.paragraphs[0].items[0].text.startswith("甲乙")
    dropped = [(d.line, d.col, d.text) for d in corpus.dropped if d.category == "invisible"]
    assert dropped == [(5, 11, char), (5, 16, char), (5, 17, char), (7, 7, char)]
    assert "invisible" in DROPPED_CATEGORIES
    src, _ = read_source("t.txt", text.encode())
    assert conservation_problems(corpus, src.lines) == []


def test_a_line_of_zero_width_characters_only_is_dropped():
    text = HEAD + "**第一条** 甲。\n\n\u200b\u200b\n\n**第二条** 乙。\n"
    corpus, diags = parse(text)
    assert corpus is not None and not [d for d in diags if d.severity == "error"], [str(d) for d in diags]
    src, _ = read_source("t.txt", text.encode())
    assert conservation_problems(corpus, src.lines) == []


def test_variation_selectors_are_kept_and_noted():
    text = HEAD + "**第一条** 巡视工作\ufe01坚持党的领导。\n"
    corpus, diags = parse(text)
    assert [(d.line, d.col, d.severity, d.code) for d in diags if d.code == "variation-selector"] == [(5, 13, "note", "variation-selector")]
    assert "\ufe01" in corpus.documents[0].chapters[0].articles[0].paragraphs[0].text


def test_many_invisible_characters_are_summarised_not_listed_one_by_one():
    text = HEAD + "**第一条** " + "甲\u200b" * 5000 + "。\n"
    corpus, diags = parse(text)
    notes = [d for d in diags if d.code == "invisible-char"]
    assert 200 < len(notes) <= 201 and "4800 more" in notes[-1].message
    assert corpus is not None


def test_every_character_code_has_a_category_name():
    for code in ("invisible-char", "variation-selector"):
        assert code in CATEGORY_NAMES
