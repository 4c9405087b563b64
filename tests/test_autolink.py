"""The autolinker: golden outputs on sample documents, hand-written expectations for the tricky cases,
byte-identity outside the inserted links, the markdown-it-py plugin, and the ``lawref link`` command.

Golden files (``*.linked.md``, ``*.report.txt`` beside each sample in tests/citations/autolink/) were reviewed by
hand; regenerate them only deliberately: ``LAWREF_UPDATE_GOLDEN=1 pytest tests/test_autolink.py``."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from lawref.cite.autolink import autolink_plugin, link_markdown, new_parser
from lawref.cite.grammar import catalog_of
from lawref.cite.permalinks import build_permalinks, manifest_json
from lawref.cli import main
from lawref.diagnostics import format_all
from lawref.pipeline import build_corpus, load_project

HERE = Path(__file__).resolve().parent / "citations" / "autolink"
SAMPLES = sorted(p for p in HERE.glob("*.md") if not p.name.endswith(".linked.md"))
BASE = "https://example.org/laws/"
LINK = re.compile(r"\[([^\[\]]*)\]\((https://example\.org/laws/[^)\s]*)\)")


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


def _unlink(text: str) -> str:
    """Undo exactly what the linker inserts (links to BASE only)."""
    return LINK.sub(lambda m: m.group(1), text)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_golden(sample, manifest, catalog):
    source = sample.read_bytes().decode("utf-8")
    out, links, diags = link_markdown(source, manifest, BASE, f"tests/citations/autolink/{sample.name}", catalog=catalog)
    report = format_all(diags) + "\n"
    linked, rep = sample.with_suffix(".linked.md"), sample.with_suffix(".report.txt")
    if os.environ.get("LAWREF_UPDATE_GOLDEN") == "1":
        linked.write_bytes(out.encode("utf-8"))
        rep.write_text(report, encoding="utf-8")
    assert out == linked.read_bytes().decode("utf-8")
    assert report == rep.read_text(encoding="utf-8")
    assert _unlink(out) == source, "nothing but the inserted links changes"


def test_report_sample_by_hand(manifest, catalog):
    source = (HERE / "report.md").read_text(encoding="utf-8")
    out, links, diags = link_markdown(source, manifest, BASE, catalog=catalog)
    got = {(ln.line, ln.text, ln.eid) for ln in links}
    assert (5, "《中国共产党巡视工作条例》第二十三条第一款第（三）项", "art_23__para_1__item_3") in got
    assert (5, "第二十四条", "art_24") in got
    assert (8, "第二款", "art_34__para_2") in got  # 款 continuing 本条例第三十四条第一款
    assert (11, "《巡视工作条例》第二十三条第三项", "art_23__para_1__item_3") in got  # inside a blockquote
    assert (24, "《巡视工作条例》第十条", "art_10") in got  # inside a table cell
    texts = [ln.text for ln in links]
    # other regulation, 本条例 after it, bare numbers, existing links, code spans, fenced code: untouched
    for line in ("《中国共产党纪律处分条例》第二十三条另有规定的，从其规定；本条例第五条不适用于此处。",
                 "共有23个单位参加，第三条意见暂缓；表格见第2页。",
                 "[《巡视工作条例》第五条](https://example.org/old)", '<a href="x">《巡视工作条例》第六条</a>',
                 "`《巡视工作条例》第七条`", "```\n《巡视工作条例》第八条\n```"):
        assert line in out
    assert not any(t.endswith(("第五条", "第六条", "第七条", "第八条")) for t in texts)
    assert "https://example.org/laws/xunshi/art_16/" in out
    found = {(d.line, d.code) for d in diags}
    assert found == {(9, "citation-outside"), (26, "citation-not-found"), (28, "citation-not-found")}
    # the other regulation and 本条例 after it: recognised as an outside document, reported with line:col
    assert [(d.line, d.col) for d in diags if d.code == "citation-outside"] == [(9, 4), (9, 33)]
    assert sum(1 for d in diags if d.line == 26) == 2


def test_crlf_escapes_and_link_destinations(manifest, catalog):
    source = ("《巡视工作条例》第五条\\*见说明\r\n"
              "[说明](第五条)《巡视工作条例》第五条\r\n"
              "\r\n"
              "<div>《巡视工作条例》第九条</div>\r\n"
              "\r\n"
              "本条例第五条\r\n")
    out, links, diags = link_markdown(source, manifest, BASE, catalog=catalog)
    assert out == ("[《巡视工作条例》第五条](https://example.org/laws/xunshi/art_5/)\\*见说明\r\n"
                   "[说明](第五条)[《巡视工作条例》第五条](https://example.org/laws/xunshi/art_5/)\r\n"
                   "\r\n"
                   "<div>《巡视工作条例》第九条</div>\r\n"
                   "\r\n"
                   "[本条例第五条](https://example.org/laws/xunshi/art_5/)\r\n")


def test_title_in_emphasis_and_block_boundaries(manifest, catalog):
    # CommonMark does not close ** between 》 and 第 (literal asterisks); _…_ followed by a space does close
    source = ("依照**《巡视工作条例》**第五条办理。\n\n依照 _《巡视工作条例》_ 第七条办理。\n\n"
              "《巡视工作条例》\n\n第六条另行规定。\n")
    out, links, diags = link_markdown(source, manifest, BASE, catalog=catalog)
    assert out == ("依照**《巡视工作条例》**[第五条](https://example.org/laws/xunshi/art_5/)办理。\n\n"
                   "依照 _《巡视工作条例》_ [第七条](https://example.org/laws/xunshi/art_7/)办理。\n\n"
                   "《巡视工作条例》\n\n第六条另行规定。\n")


def test_ben_tiaoli_without_context_is_reported(manifest, catalog):
    out, links, diags = link_markdown("# 通知\n\n依照本条例第五条办理。\n", manifest, BASE, "n.md", catalog=catalog)
    assert out == "# 通知\n\n依照本条例第五条办理。\n"
    assert [(d.file, d.line, d.col, d.code) for d in diags] == [("n.md", 3, 3, "citation-ambiguous")]


def test_plugin_renders_links(manifest, catalog):
    md = new_parser().use(autolink_plugin, permalinks=manifest, base=BASE, catalog=catalog)
    env: dict = {}
    html = md.render("依照《巡视工作条例》第十六条、第十七条和《巡视工作条例》第六十条；`第五条`。\n", env)
    assert html == ('<p>依照<a href="https://example.org/laws/xunshi/art_16/" class="lawref-cite">《巡视工作条例》第十六条</a>、'
                    '<a href="https://example.org/laws/xunshi/art_17/" class="lawref-cite">第十七条</a>'
                    '和《巡视工作条例》第六十条；<code>第五条</code>。</p>\n')
    assert [(line, text) for line, text, _ in env["lawref_unresolved"]] == [(1, "《巡视工作条例》第六十条")]


def test_link_command(tmp_path, capsys, root):
    doc = tmp_path / "doc.md"
    doc.write_bytes("见《巡视工作条例》第二十三条第一款。\n另见《巡视工作条例》第六十条。\n".encode())
    assert main(["--root", str(root), "link", str(doc), "--base", BASE]) == 0
    cap = capsys.readouterr()
    assert cap.out == ("见[《巡视工作条例》第二十三条第一款](https://example.org/laws/xunshi/art_23/#art_23__para_1)。\n"
                       "另见《巡视工作条例》第六十条。\n")
    assert f"{doc}:2:3: warning:" in cap.err and "[citation-not-found]" in cap.err
    assert main(["--root", str(root), "link", str(doc), "--strict", "--in-place"]) == 1
    assert doc.read_text(encoding="utf-8").startswith("见[《巡视工作条例》第二十三条第一款](xunshi/art_23/#art_23__para_1)")
    assert main(["--root", str(root), "link", str(tmp_path / "none.md")]) == 1
    assert "none.md:1:1: error: cannot read the file" in capsys.readouterr().err


def test_link_command_reads_a_permalinks_file_and_reports_relative_references(tmp_path, capsys, root, manifest):
    """``--permalinks FILE``: a site's permalinks.json read back into records (a malformed one is a clear error);
    relative references are notes with line:col, never links; containers link like articles."""
    site_json = tmp_path / "permalinks.json"
    site_json.write_text(json.dumps(manifest_json(manifest), ensure_ascii=False), encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_bytes("依照《巡视工作条例》第四章、第五章。\n\n违反本条第二款或者前款的，依照第一款处理。\n".encode())
    assert main(["--root", str(root), "link", str(doc), "--permalinks", str(site_json)]) == 0
    cap = capsys.readouterr()
    assert cap.out == ("依照[《巡视工作条例》第四章](xunshi/chp_4/)、[第五章](xunshi/chp_5/)。\n\n"
                       "违反本条第二款或者前款的，依照第一款处理。\n")
    notes = re.findall(r":(\d+):(\d+): note: (\S+?):.*\[citation-relative\]", cap.err)
    assert notes == [("3", "3", "本条第二款"), ("3", "10", "前款"), ("3", "16", "第一款")]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"doc": "x", "id": 5}]), encoding="utf-8")
    assert main(["--root", str(root), "link", str(doc), "--permalinks", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:1:1: error: cannot read the manifest: entry 5: field 'id' is int (expected a string)" in err
    assert "Traceback" not in err


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st

_PIECES = ["《巡视工作条例》", "《中国共产党巡视工作条例》", "《中国共产党纪律处分条例》", "本条例", "第二十三条", "第五条",
           "第一款", "第（三）项", "第3项", "、", "和", "至", "（2024年修订）", "**", "_", "`", "[", "]", "(", ")",
           "\\", "&amp;", "<a href=\"x\">", "</a>", "\n", "\n\n", "> ", "- ", "# ", "| a | b |\n| - | - |\n", " ",
           "第六十条", "23.1.3", "文字", "https://e.org/第五条"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_linking_changes_nothing_but_links(manifest, catalog, pieces):
    source = "".join(pieces)
    out, links, diags = link_markdown(source, manifest, BASE, catalog=catalog)
    assert _unlink(out) == source
    assert out.count("](https://example.org/laws/") == len(links)
    for ln in links:
        assert source[ln.start:ln.end] == ln.text


def test_notice_sample_by_hand(manifest, catalog):
    source = (HERE / "notice.md").read_text(encoding="utf-8")
    out, links, diags = link_markdown(source, manifest, BASE, catalog=catalog)
    assert [(ln.line, ln.eid) for ln in links] == [
        (3, "art_23__para_1"), (9, "art_23__para_1__item_13"), (10, "art_7"), (11, "art_9"), (11, "art_11"),
        (13, "art_34__para_1__item_1"), (13, "art_34__para_1__item_3"), (22, "art_15")]
    assert [(d.line, d.col, d.code) for d in diags] == [(1, 1, "citation-ambiguous"), (10, 17, "citation-not-found"),
                                                        (14, 4, "citation-outside"), (14, 29, "citation-outside")]
    for untouched in ("[《巡视工作条例》第五条][ref]", "![《巡视工作条例》第五条](fig.png)", "<https://example.com/第五条>",
                      '"《巡视工作条例》第六条"', "条例第23条", "<div>\n《巡视工作条例》第十二条\n</div>",
                      "    《巡视工作条例》第十四条", "第22条新闻 &amp; ", "本条例第四条"):
        assert untouched in out


def test_annotation_text_links_bare_and_relative_citations(manifest, catalog):
    """On a document's own pages (an annotation of it): a bare 第X条 means that document, and relative references
    resolve against the annotation's target; 本条 alone (the target itself), 本款 under a whole article and
    anything inside a link stay text."""
    from lawref.cite.autolink import link_tokens
    from lawref.cite.resolve import PermalinkIndex
    md = new_parser()
    index = PermalinkIndex(manifest, catalog)

    def links(text, unit):
        tokens = md.parse(text)
        missed = link_tokens(tokens, index, lambda e: e.url, "xunshi", unit)
        html = md.renderer.render(tokens, md.options, {})
        return re.findall(r'<a href="([^"]+)" class="lawref-cite">([^<]+)</a>', html), [t for _, t, _ in missed]

    got, missed = links("本条第一款是总则；第二款和前款见第三十七条，第（九）项另行规定，[第五条](x)除外。本款。", "art_6__para_2")
    assert got == [("xunshi/art_6/#art_6__para_1", "本条第一款"), ("xunshi/art_6/#art_6__para_2", "第二款"),
                   ("xunshi/art_6/#art_6__para_1", "前款"), ("xunshi/art_37/", "第三十七条"),
                   ("xunshi/art_6/#art_6__para_2", "本款")]
    assert missed == ["第（九）项"]  # 第六条第二款 has no items
    got, missed = links("本条列举四种方式。本款另有规定。第（十三）项留有余地，第二十三条也是。", "art_23")
    assert got == [("xunshi/art_23/#art_23__para_1__item_13", "第（十三）项")]  # 本条, 第二十三条: the page itself
    assert missed == ["本款"]  # no 款 to speak of under a whole article
    got, _ = links("《中国共产党纪律处分条例》第五条、第六条", "art_23")
    assert got == []  # another document's articles, even bare in its list, are not this one's
