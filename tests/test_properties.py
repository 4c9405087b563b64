"""Property tests (Hypothesis): the parser on arbitrary marker soup, ids, and the permalink manifest.

- ``parse_source_file`` (and proofreading after it) raises nothing, whatever the
  bytes: only diagnostics, each pointing at a real line and column of the file;
- ids are unique within a document and all match ``lawref.source.ids.EID_RE``;
- the permalink manifest of a parsed random regulation has unique ``(doc, id)``
  pairs, and every URL points into a page the renderer produces (with the
  element its fragment names).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from lawref.check.proofread import find_anomalies
from lawref.cite.permalinks import build_permalinks
from lawref.cite.urls import page_src
from lawref.pipeline import CORPUS_META, parse_source_file
from lawref.publish.render import render_site
from lawref.source.ids import EID_RE
from lawref.source.metadata import load_corpus_meta
from lawref.source.numerals import to_numeral
from lawref.source.read import read_source

FILE = "content/source/soup.txt"
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- strategies

numeral = st.one_of(
    st.integers(0, 120).map(to_numeral),
    st.integers(0, 9999).map(to_numeral),
    st.text(alphabet="零〇一二两三四五六七八九十百千", min_size=1, max_size=4),  # often not a valid numeral
    st.integers(0, 200).map(str),
    st.integers(0, 99).map(lambda n: "".join(chr(0xFF10 + int(c)) for c in str(n))),  # full-width digits
)
chinese = st.text(alphabet="巡视工作党组织条例规定中央委员会应当负责监督整改干部（）“”‘’《》、，。；：", min_size=0, max_size=12)
half_width = st.text(alphabet="巡视工作,;:()?!监督 abc123０１２", min_size=1, max_size=10)
terminal = st.sampled_from(["。", "；", ";", "：", ":", "", "，", ",", "”", "？"])
text = st.builds(lambda a, b, t: a + b + t, chinese, st.one_of(st.just(""), half_width), terminal)

line = st.one_of(
    st.just(""),
    st.builds(lambda t: f"# {t}", text),
    st.sampled_from(["# 中共中央印发《中国共产党巡视工作条例》", "# 久久为功抓实“高质量办好每一个案件”",
                     "#", "# ", "#中文"]),
    st.builds(lambda n, t: f"## 第{n}章 {t}", numeral, chinese),
    st.builds(lambda n: f"## 第{n}章", numeral),
    st.builds(lambda n, t: f"## 关键词之{n}:{t}", numeral, chinese),
    st.builds(lambda h, t: f"{h} {t}", st.sampled_from(["###", "####", "######", "##"]), text),
    st.builds(lambda n, t: f"**第{n}条** {t}", numeral, text),
    st.builds(lambda n, s, t: f"**第{n}条之{s}** {t}", numeral, numeral, text),
    st.builds(lambda n, t: f"第{n}条 {t}", numeral, text),
    st.builds(lambda n, t: f"**第{n}条**{t}", numeral, text),
    st.builds(lambda t, u: f"**{t}** {u}", chinese, text),
    st.builds(lambda n, t: f"- （{n}）{t}", numeral, text),
    st.builds(lambda n, t: f"- ({n}){t}", numeral, text),
    st.builds(lambda n, t: f"（{n}）{t}", numeral, text),
    st.builds(lambda n, t: f"({n}){t}", numeral, text),
    st.builds(lambda m, t: f"{m} {t}", st.sampled_from(["-", "*", "+", "1.", "2)", ">", "  -", "    "]), text),
    text,
    half_width,
    st.sampled_from(["(上接第一版)", "（上接第一版）", "(上接第二版)", "(本报北京2月21日电)", "（本报北京2月21日电）",
                     "```", "~~~", "---", "***", "____", "| a | b |", "<div>", "</div>", "<!-- x -->", "**", "****",
                     "__第六条__ 甲。", "\t**第七条** 乙。", "   ", "\u3000", "[链接](http://x)", "![图](x.png)",
                     "\\", "&amp;", "第", "条", "章", "（", "）"]),
    st.text(max_size=8),  # anything, control characters included
)
newline = st.sampled_from(["\n", "\r\n", "\r"])
ROOT = Path(__file__).resolve().parents[1]
REAL_LINES = sorted({ln for ln in (ROOT / "content/source/000_288ed703bd6b73ca.txt").read_text(encoding="utf-8").split("\n")})
line = st.one_of(line, st.sampled_from(REAL_LINES))  # the real page's lines, in any order


@st.composite
def soup(draw) -> bytes:
    """Random lines of markers and text, joined with LF/CRLF/CR, sometimes with a BOM or a bad byte."""
    lines = draw(st.lists(line, max_size=30))
    nl = draw(newline)
    body = nl.join(lines) + draw(st.sampled_from(["", nl]))
    data = body.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 9)) == 0:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.sampled_from([b"\xff", b"\x00", b"\xe4\xb8", b"\x1b"])) + data[cut:]
    return data


@st.composite
def regulation(draw, real_headings: bool = False, clean: bool = False) -> bytes:
    """A plausible regulation: headline, chapters, articles (gaps, repeats, 之一), 款 and 项, with noise lines.

    With ``real_headings``, both documents of the real metadata are there (so a build gets past matching
    them); with ``clean``, numbers only go up and there is no noise, so a build mostly gets to rendering.
    """
    heads = ["中共中央印发《中国共产党巡视工作条例》"] + ([] if real_headings else ["某某条例"])
    art_steps = [1, 1, 1, 2] if clean else [1, 1, 1, 2, 3, 0, -1]
    item_steps = [1] if clean else [1, 1, 1, 2, 0]
    chapter_steps = [1] if clean else [1, 1, 1, 2, 0]
    out = [f"# {draw(st.sampled_from(heads))}", ""]
    if draw(st.booleans()):
        out += ["(上接第一版)", ""]
    art = draw(st.integers(1, 8))
    chapter = draw(st.integers(1, 3))
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            out += [f"## 第{to_numeral(chapter)}章 {draw(chinese) or '总则'}", ""]
            chapter += draw(st.sampled_from(chapter_steps))
        for _ in range(draw(st.integers(1 if clean else 0, 4))):
            art += draw(st.sampled_from(art_steps))
            art = max(art, 1)
            sub = f"之{to_numeral(draw(st.integers(1, 2)))}" if not clean and draw(st.integers(0, 6)) == 0 else ""
            out += [f"**第{to_numeral(art)}条{sub}** {draw(text)}", ""]
            for _ in range(draw(st.integers(0, 2))):
                if draw(st.booleans()):
                    if clean:
                        out += [draw(chinese) + "：", ""]  # each list has its own lead-in
                    item = 0
                    for _ in range(draw(st.integers(1, 4))):
                        item += draw(st.sampled_from(item_steps))
                        marker = draw(st.sampled_from(["- ", "- ", ""]))
                        out.append(f"{marker}({to_numeral(max(item, 1))}){draw(text)}")
                    out.append("")
                else:
                    out += [draw(text), ""]
            if not clean and draw(st.integers(0, 5)) == 0:
                out += [draw(line), ""]
    if real_headings or draw(st.booleans()):
        out += ["# 久久为功抓实“高质量办好每一个案件”", "", "(上接第一版)", ""]
        sec = 1
        for _ in range(draw(st.integers(0, 3))):
            sec = sec + 1 if clean else draw(st.integers(1, 6))
            out += [f"## 关键词之{to_numeral(sec)}:{draw(chinese)}", "", draw(text), ""]
        if draw(st.booleans()):
            out += ["(本报北京2月21日电)"]
    return "\n".join(out).encode()


def _real_meta():
    meta, diags = load_corpus_meta(CORPUS_META, (ROOT / CORPUS_META).read_text(encoding="utf-8"))
    assert meta is not None, diags
    return meta


REAL_META = _real_meta()
with_meta = st.sampled_from([None, REAL_META])


def _all_ids(doc) -> list[str]:
    return [u.eid for u in doc.units()]


def _file_lines(data: bytes) -> list[str]:
    """The lines of ``data`` as an editor shows them (BOM dropped, any newline, bad bytes replaced)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def _check_diagnostics(data: bytes, diags) -> None:
    lines = _file_lines(data)
    for d in diags:
        assert d.file == FILE, str(d)
        assert d.severity in ("error", "warning", "note"), str(d)
        assert d.line >= 1 and d.col >= 1, str(d)
        assert d.line <= len(lines), f"{d}: the file has {len(lines)} lines"
        assert d.col <= len(lines[d.line - 1]) + 1, f"{d}: line {d.line} has {len(lines[d.line - 1])} characters"


# ---------------------------------------------------------------- properties

@FAST
@given(soup(), with_meta)
@example("\u3000\n**第零条** 。".encode(), None)  # once named line 1 for the label on line 2
def test_parser_raises_nothing_but_diagnostics(data, meta):
    corpus, diags = parse_source_file(FILE, data, meta)
    _check_diagnostics(data, diags)
    if corpus is None:
        assert any(d.severity == "error" for d in diags), "no corpus and no error explaining why"
        return
    # Proofreading runs on whatever the parser accepted: it too only reports.
    anomalies = find_anomalies(corpus, read_source(FILE, data)[0])
    _check_diagnostics(data, anomalies)


@FAST
@given(st.one_of(soup(), regulation()), with_meta)
def test_ids_are_unique_and_well_formed(data, meta):
    corpus, diags = parse_source_file(FILE, data, meta)
    if corpus is None:
        return
    for doc in corpus.documents:
        eids = _all_ids(doc)
        dupes = sorted({e for e in eids if eids.count(e) > 1})
        assert not dupes, f"{doc.slug}: repeated ids {dupes}"
        bad = [e for e in eids if not EID_RE.match(e)]
        assert not bad, f"{doc.slug}: ids not matching EID_RE: {bad}"


@FAST
@given(st.one_of(regulation(clean=True), regulation(), soup()), with_meta)
def test_permalinks_are_unique_and_point_into_rendered_pages(data, meta):
    corpus, diags = parse_source_file(FILE, data, meta)
    _check_diagnostics(data, diags)
    if corpus is None or not corpus.documents or any(d.severity == "error" for d in diags):
        event("stopped at a parse error")
        return
    event("rendered")
    manifest = build_permalinks(corpus)
    keys = [(e.doc, e.eid) for e in manifest]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
    pages = render_site(corpus).pages
    for e in manifest:
        url, _, frag = e.url.partition("#")
        src = page_src(url)
        assert src in pages, f"{e.doc}/{e.eid}: {e.url} → {src} is not a rendered page"
        if frag:
            assert f'id="{frag}"' in pages[src], f"{e.url}: no element with id {frag} on {src}"


def _project_with_source(data: bytes, annotations: bool):
    """The real project (metadata, and annotations if asked) with ``data`` as its source, pin updated.

    The permalink lock is left out: a random source cannot keep the real page's addresses.
    """
    import hashlib
    import re

    from lawref.pipeline import ProjectInput, load_project
    real = load_project(ROOT)
    meta_text = real.get(CORPUS_META).decode("utf-8")
    meta_text = re.sub(r"(?m)^( *)sha256: *[0-9a-f]+", rf"\g<1>sha256: {hashlib.sha256(data).hexdigest()}", meta_text)
    files = tuple((p, meta_text.encode() if p == CORPUS_META else data if p == REAL_META.source else d)
                  for p, d in real.files
                  if p != "content/permalinks.lock" and (annotations or not p.startswith("annotations/")))
    return ProjectInput(str(ROOT), files)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(regulation(real_headings=True, clean=True), regulation(real_headings=True, clean=True),
                 regulation(real_headings=True), soup()), st.booleans())
def test_whole_pipeline_raises_nothing_but_diagnostics(data, annotations):
    """build_site (parse, proofread, references, annotations, render) on the real project with a random source."""
    from lawref.pipeline import build_site
    result = build_site(_project_with_source(data, annotations))
    lines = _file_lines(data)
    for d in result.diagnostics + result.anomalies:
        assert d.line >= 1 and d.col >= 1, str(d)
        if d.file == REAL_META.source:
            assert d.line <= len(lines) and d.col <= len(lines[d.line - 1]) + 1, str(d)
    event("rendered" if result.site is not None else "stopped at an error")
    if result.site is None:
        assert any(d.severity == "error" for d in result.diagnostics), "no site and no error explaining why"
