"""Fuzz (Hypothesis) over sources and annotations: no traceback, every diagnostic inside its file, bounded time.

Inputs are built from the pieces a careless editor or an attacker would use: structure markers with
numbers of any size, ideographs, quotes and brackets, invisible and control characters, invalid
bytes; YAML with anchors, aliases, deep nesting, duplicate keys and bad targets. The time bound is
Hypothesis' per-example ``deadline`` (generous: an example takes milliseconds), not a timer in the test.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawref.check.proofread import find_anomalies
from lawref.editorial.annotations import load_annotations
from lawref.pipeline import parse_source_file
from lawref.source.read import read_source

FUZZ = settings(max_examples=150, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow],
                derandomize=True)

_NUMBERS = st.one_of(st.sampled_from(["一", "二十三", "九千九百九十九", "一万", "〇", "十", "两千"]),
                     st.integers(0, 10**30).map(str), st.just("9" * 5000))
_UNSEEN = st.sampled_from(["\u200b", "\u202e", "\u2066", "\ufeff", "\ufffe", "\uffff", "\x00", "\x07", "\x85",
                           "\ufe01", "\u00ad", "\u2028", "\U000e0041", "\ufffd", "\r", "\t"])
_TEXT = st.text(st.sampled_from("巡视组党委工作的和与“”‘’（）()《》【】，。；：、,;: 　-*#>`|"), max_size=30)


@st.composite
def _line(draw) -> str:
    kind = draw(st.sampled_from(["article", "chapter", "item", "text", "heading", "section", "blank", "unseen", "raw"]))
    n = draw(_NUMBERS)
    if kind == "article":
        return f"**第{n}条** " + draw(_TEXT)
    if kind == "chapter":
        return f"## 第{n}章 " + draw(_TEXT)
    if kind == "item":
        return f"- （{n}）" + draw(_TEXT)
    if kind == "heading":
        return "# " + draw(_TEXT)
    if kind == "section":
        return f"## 关键词之{n}" + draw(_TEXT)
    if kind == "blank":
        return ""
    if kind == "unseen":
        t = draw(_TEXT)
        k = draw(st.integers(0, len(t)))
        return t[:k] + draw(_UNSEEN) + t[k:]
    return draw(_TEXT)


@st.composite
def sources(draw) -> bytes:
    lines = draw(st.lists(_line(), max_size=25))
    data = "\n".join(["# 条例", ""] + lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3(", b"\xe4\xb8", b"\x00"])) + data[at:]
    return data


def _inside(diags, text: str) -> None:
    lines = text.split("\n")
    for d in diags:
        assert 1 <= d.line <= len(lines), str(d)
        assert 1 <= d.col <= len(lines[d.line - 1]) + 1, str(d)
        assert "expected" in d.message, str(d)


@FUZZ
@given(sources())
def test_any_source_gives_diagnostics_inside_the_file(data):
    corpus, diags = parse_source_file("f.txt", data)
    anomalies = find_anomalies(corpus, read_source("f.txt", data)[0]) if corpus is not None else ()
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    _inside(tuple(diags) + tuple(anomalies), text)
    for d in diags + anomalies:
        str(d.render())


_SCALAR = st.one_of(st.sampled_from(["art_6", "art_23__para_1", "art_0", "xunshi", "chp_99999999999999999999", "note",
                                     "xref", "erratum", "definition", "说明。", "'引号", "\"", "*a", "&a x", "!!python/object:os.system"]),
                    st.integers(-10**30, 10**30).map(str), _TEXT, _UNSEEN)


@st.composite
def yaml_texts(draw) -> bytes:
    # Mostly a file that names its document (so the entries are checked), sometimes one that names none or a wrong one.
    out = [draw(st.sampled_from(["document: xunshi"] * 4 + ["document: zuigaojian-fabuhui", "document: nosuch", ""]))]
    out.append("entries:")
    for i in range(draw(st.integers(0, 6))):
        out.append(f"  - id: {draw(_SCALAR)}")
        for _ in range(draw(st.integers(0, 5))):
            key = draw(st.sampled_from(["kind", "target", "body", "to", "title", "id", "term", "targets", "evidence", "x"]))
            value = draw(st.one_of(_SCALAR, st.integers(0, 80).map(lambda n: "[" * n + "]" * n),
                                   st.lists(_SCALAR, max_size=4).map(lambda v: "[" + ", ".join(v) + "]")))
            out.append(f"    {key}: {value}")
    if draw(st.booleans()):
        out.append(draw(st.sampled_from(["entries: []", "a: &a [1, 2]\nb: [*a, *a, *a]", "? [x]\n: y", "\tbad: tab",
                                         "c: &c [*c]", "d: *undefined"])))
    return "\n".join(out).encode("utf-8", "surrogatepass")


@FUZZ
@given(yaml_texts())
def test_any_annotation_file_gives_diagnostics_inside_the_file(parsed_corpus, data):
    _, diags = load_annotations((("annotations/f.yml", data),), parsed_corpus)
    _inside(diags, data.decode("utf-8", "replace"))
