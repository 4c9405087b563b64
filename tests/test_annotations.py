"""Annotations: schema errors name file:line:col, the key path and the nearest valid id; the real
annotations validate, resolve and cover every printed article; editorial content meets its brief."""

from __future__ import annotations

import dataclasses
import re
import textwrap
import typing
from pathlib import Path

import pytest
import yaml

from lawref.editorial.annotations import (
    CLASSES,
    EVIDENCE,
    SCHEMA,
    TARGET,
    TARGETS,
    Definition,
    Entry,
    Evidence,
    Ref,
    Step,
    Xref,
    load_annotations,
)
from lawref.publish.editorial import build_editorial, render_markdown

ROOT = Path(__file__).resolve().parents[1]


def load(corpus, text: str, name: str = "annotations/t.yml", document: str = "xunshi"):
    """Load one file; ``document: <slug>`` is appended last, so the line numbers of ``text`` stay."""
    return load_annotations(((name, (textwrap.dedent(text) + f"document: {document}\n").encode()),), corpus)


def only(diags):
    assert len(diags) == 1, [str(d) for d in diags]
    return diags[0]


def test_bad_yaml_names_file_and_line(corpus):
    _, diags = load(corpus, """\
        entries:
          - id: a
            kind: note
            body: [unclosed
        """)
    d = only(diags)
    assert (d.file, d.code, d.severity) == ("annotations/t.yml", "yaml-syntax", "error")
    assert d.line >= 4 and "expected" in d.message


def test_unknown_id_suggests_the_nearest_valid_one(corpus):
    _, diags = load(corpus, """\
        entries:
          - id: n1
            kind: note
            target: art_35__para_1__item_9
            body: 说明。
        """)
    d = only(diags)
    assert (d.line, d.col, d.code) == (4, 13, "annotation-target")
    assert d.message.startswith("entries[0].target: unknown id 'art_35__para_1__item_9'")
    assert "nearest valid id: 'art_35__para_1__item_" in d.message
    assert str(d).startswith("annotations/t.yml:4:13: error:")


def test_unknown_id_inside_a_list_names_its_index(corpus):
    _, diags = load(corpus, """\
        entries:
          - id: x1
            kind: xref
            target: art_17
            to: [art_16, art_99]
            reason: 对照。
        """)
    d = only(diags)
    assert d.message.startswith("entries[0].to[1]: unknown id 'art_99'")
    assert d.line == 5


def test_missing_field(corpus):
    _, diags = load(corpus, """\
        entries:
          - id: n1
            kind: note
            target: art_6
        """)
    d = only(diags)
    assert d.code == "annotation-missing" and d.line == 2
    assert "entries[0]: missing field 'body'" in d.message


def test_wrong_type(corpus):
    _, diags = load(corpus, """\
        entries:
          - id: d1
            kind: definition
            term: 巡视
            target: art_6
            body: 说明。
            aliases: 巡察
        """)
    d = only(diags)
    assert d.code == "annotation-type" and d.line == 7
    assert "entries[0].aliases: expected a list of strings, got str" in d.message


def test_unknown_kind_and_field_suggest_the_nearest(corpus):
    _, diags = load(corpus, """\
        entries:
          - id: a1
            kind: noet
            target: art_6
            body: x
          - id: a2
            kind: note
            target: art_6
            bdoy: x
        """)
    kinds = {d.code: d for d in diags}
    assert "did you mean 'note'" in kinds["annotation-kind"].message and kinds["annotation-kind"].line == 3
    assert "did you mean 'body'" in kinds["annotation-field"].message and kinds["annotation-field"].line == 9
    assert kinds["annotation-field"].message.startswith("entries[1].bdoy")


def test_bad_choice_and_duplicate_id(corpus):
    _, diags = load(corpus, """\
        entries:
          - id: e1
            kind: erratum
            target: art_7__para_1__item_7
            source: 建设和
            corrected: 建设
            authority: 内证
            confidence: certain
            evidence: [{conjecture: x}]
          - id: n1
            kind: note
            target: art_6
            body: x
          - id: n1
            kind: note
            target: art_7
            body: y
        """)
    codes = sorted(d.code for d in diags)
    assert codes == ["annotation-choice", "annotation-duplicate"]
    dup = next(d for d in diags if d.code == "annotation-duplicate")
    assert dup.line == 14 and "annotations/t.yml:10" in dup.message


def test_erratum_reading_must_occur_once(corpus):
    files = ((("annotations/t.yml", textwrap.dedent("""\
        entries:
          - id: e1
            kind: erratum
            target: art_7__para_1__item_7
            source: 不存在的字样
            corrected: x
            authority: 内证
            confidence: internal
            evidence: [{parallel: art_9__para_1__item_8, reads: 队伍建设}]
        document: xunshi
        """).encode()),))
    res, diags = build_editorial(corpus, files)
    assert res is None
    d = only(diags)
    assert d.code == "erratum-source" and "occurs 0 times" in d.message and d.line == 2


def test_every_error_is_listed_not_just_the_first(corpus):
    _, diags = load(corpus, """\
        entries:
          - {id: a, kind: note, target: art_600, body: x}
          - {id: b, kind: note, target: art_6}
          - {id: c, kind: deadline, target: art_34, period: 6, starts: x, who: y, duty: z}
        """)
    assert [d.line for d in diags] == [2, 3, 4]


# --- the real annotations ---------------------------------------------------------------------------------------

def _real_entries():
    out = []
    for p in sorted((ROOT / "annotations").glob("*.yml")):
        for e in yaml.safe_load(p.read_text("utf-8"))["entries"]:
            out.append(e)
    return out


def test_real_annotations_have_no_diagnostics(build_result):
    assert not [str(d) for d in build_result.diagnostics if d.code.startswith(("annotation", "erratum", "unresolved"))]
    assert build_result.editorial is not None


def test_every_target_resolves(build_result, corpus):
    """Every file names a document of the corpus; a bare id is an id of that document, ``slug/eid`` of any."""
    own: dict[str, set[str]] = {}
    for doc in corpus.documents:
        ids = own.setdefault(doc.slug, set())
        for a in doc.articles():
            ids.add(a.eid)
            for p in a.paragraphs:
                ids.update({p.eid, *(i.eid for i in p.items)})
        ids.update(c.eid for c in doc.chapters)
        ids.update(p.eid for s in doc.sections for p in s.paragraphs)
    qualified = {f"{slug}/{eid}" for slug, ids in own.items() for eid in ids} | set(own)
    n = 0
    for p in sorted((ROOT / "annotations").glob("*.yml")):
        data = yaml.safe_load(p.read_text("utf-8"))
        assert data["document"] in own, p.name
        for e in data["entries"]:
            n += 1
            for key in ("target", "targets", "to"):
                vals = e.get(key)
                for v in ([vals] if isinstance(vals, str) else vals or []):
                    assert v in own[data["document"]] or v in qualified, (p.name, e["id"], v)
    assert n == len(build_result.editorial.annotations)
    by_id = {a.id: a for a in build_result.editorial.annotations}
    assert by_id["err-news-dong-quote"].target.slug == "zuigaojian-fabuhui"  # a bare id, in its file's document


def test_every_printed_article_has_a_note_or_cross_reference(build_result, regulation):
    printed = {a.eid for a in regulation.articles() if not a.missing}
    assert len(printed) == 47  # 第六条–第五十三条 less 第四十六条
    covered = set()
    for e in _real_entries():
        if e["kind"] in ("note", "xref"):
            for key in ("target", "to"):
                vals = e.get(key)
                for v in ([vals] if isinstance(vals, str) else vals or []):
                    covered.add(v.split("__")[0])
    assert printed <= covered, sorted(printed - covered)
    cov = next(c for c in build_result.editorial.coverage if c.slug == "xunshi")
    assert cov.total == 47 and set(cov.covered) == printed and cov.uncovered == ()
    assert "47/47" in cov.summary()


def test_glossary_terms_occur_in_their_defining_provision(regulation):
    text = {}
    for a in regulation.articles():
        for p in a.paragraphs:
            for n in (p, *p.items):
                text[n.eid] = n.text
    terms = [e for e in _real_entries() if e["kind"] == "definition"]
    assert len(terms) >= 30
    required = {"巡视", "巡察", "巡视组", "被巡视党组织", "常规巡视", "专项巡视", "机动巡视", "回头看", "提级巡视",
                "立行立改", "问题线索", "底稿", "一岗双责", "集中整改", "中管企业"}
    assert required <= {e["term"] for e in terms}
    for e in terms:
        scope = "".join(v for k, v in text.items() if k == e["target"] or k.startswith(e["target"] + "__"))
        assert any(f in scope for f in [e["term"], *e.get("aliases", [])]), e["id"]


def test_deadlines_include_every_fixed_period(regulation):
    rows = {(e["target"], e["period"]) for e in _real_entries() if e["kind"] == "deadline"}
    for target, period in [("art_34__para_1", "6个月"), ("art_35__para_1__item_4", "6个月"),
                           ("art_36__para_1__item_4", "6个月"), ("art_37", "6个月"),
                           ("art_6__para_1", "一届任期内"), ("art_47__para_1", "一届任期内")]:
        assert any(t == target and period in p for t, p in rows), (target, period)
    # every 6个月 / 一届任期 in the text has a row
    for a in regulation.articles():
        for p in a.paragraphs:
            for n in (p, *p.items):
                if "6个月" in n.text or "一届任期" in n.text:
                    assert any(n.eid == t or n.eid.startswith(t + "__") for t, _ in rows), n.eid


def test_errata_readings_are_in_the_source_bytes(root):
    raw = (root / "content" / "source" / "000_288ed703bd6b73ca.txt").read_text("utf-8")
    fold = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "？": "?"})
    errata = [e for e in _real_entries() if e["kind"] == "erratum"]
    assert len(errata) >= 9
    for e in errata:
        assert e["source"] in raw or e["source"].translate(fold) in raw, e["id"]
        assert e["confidence"] in ("official", "witness", "internal", "conjecture")
        assert e["evidence"], e["id"]
    # conjectures are marked as such; the readings no witness or parallel settles stay conjectures
    conj = {e["id"] for e in errata if e["confidence"] == "conjecture"}
    assert {"err-art48-shi", "err-art47-garbled", "err-art44-mismatch", "err-news-dong-quote"} <= conj


def test_readme_documents_every_kind_and_field():
    readme = (ROOT / "annotations" / "README.md").read_text("utf-8")
    for kind, fields in SCHEMA.items():
        section = re.search(rf"^### `{kind}`\n(.*?)(?=^### |\Z)", readme, re.S | re.M)
        assert section, kind
        for f in fields:
            assert f"`{f.name}`" in section.group(1), (kind, f.name)


def test_each_kind_is_a_class_whose_fields_are_its_schema():
    """One source of truth: the class of each kind declares exactly SCHEMA's fields, in order, with the type the
    validator gives them; a required field has no default, an optional one has."""
    assert set(CLASSES) == set(SCHEMA)
    typed = {str: str, bool: bool, list: tuple[str, ...], TARGET: Ref, TARGETS: tuple[Ref, ...], EVIDENCE: Evidence}
    common = [f.name for f in dataclasses.fields(Entry)]
    assert common == ["id", "file", "line", "document"]
    for kind, schema in SCHEMA.items():
        cls = CLASSES[kind]
        assert cls.kind == kind and issubclass(cls, Entry)
        assert cls.__dataclass_params__.frozen and "__slots__" in cls.__dict__, kind  # type: ignore[attr-defined]
        fields = [f for f in dataclasses.fields(cls) if f.name not in common]
        assert [f.name for f in fields] == [f.name for f in schema], kind
        hints = typing.get_type_hints(cls)
        for f, sf in zip(fields, schema):
            assert hints[f.name] == typed[sf.type], (kind, f.name)
            has_default = f.default is not dataclasses.MISSING
            assert has_default != sf.required, (kind, f.name)


def test_entries_load_into_their_class_with_typed_attributes(corpus):
    anns, diags = load(corpus, """\
        entries:
          - id: t
            kind: definition
            term: 巡视
            target: art_2
            body: 说明
          - id: s
            kind: step
            label: 通报
            targets: [art_16, art_17]
            body: 一行
            lane: supervision
          - id: x
            kind: xref
            target: art_2
            to: art_3
            reason: 理由
        """)
    assert diags == ()
    by_id = {a.id: a for a in anns}
    t, s, x = by_id["t"], by_id["s"], by_id["x"]
    assert isinstance(t, Definition) and (t.term, t.aliases, t.highlight) == ("巡视", (), True)  # defaults
    assert t.target == Ref("xunshi", "art_2") and t.refs == (t.target,)
    assert isinstance(s, Step) and s.lane == "supervision" and s.refs == (Ref("xunshi", "art_16"), Ref("xunshi", "art_17"))
    assert isinstance(x, Xref) and x.to == (Ref("xunshi", "art_3"),) and x.refs == (Ref("xunshi", "art_2"), *x.to)
    assert (t.file, t.line, t.document) == ("annotations/t.yml", 2, "xunshi")
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.body = "改"  # type: ignore[misc]


def test_hostile_markdown_is_inert():
    html = str(render_markdown("<script>alert(1)</script> [x](javascript:alert(2)) ![i](http://example.com/i.png)"
                               " <img src=x onerror=alert(3)>", "xunshi/art_6/", {}))
    assert "<script" not in html and "javascript:" not in html.replace("(javascript:", "")
    assert "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_build_output_reports_coverage(tmp_path, capsys):
    from lawref.cli import main
    assert main(["--root", str(ROOT), "build", "--site-dir", str(tmp_path / "site")]) == 0
    err = capsys.readouterr().err
    assert re.search(r"lawref: xunshi: annotations cover 47/47 articles; entries: .*note \d+", err), err


def test_a_bad_annotation_fails_the_build_with_every_diagnostic(project):
    from lawref.diagnostics import format_all
    from lawref.pipeline import ProjectInput, build_site
    bad = textwrap.dedent("""\
        entries:
          - {id: zz-a, kind: note, target: art_16__para_2, body: x}
          - {id: zz-b, kind: xref, target: art_17, to: chp_10, reason: y}
        document: xunshi
        """).encode()
    res = build_site(ProjectInput(project.root, project.files + (("annotations/zz-bad.yml", bad),)))
    assert res.site is None
    out = format_all(res.diagnostics)
    assert "annotations/zz-bad.yml:2:" in out and "entries[0].target: unknown id 'art_16__para_2'" in out
    assert "nearest valid id: 'art_16__para_1'" in out
    assert "annotations/zz-bad.yml:3:" in out and "entries[1].to: unknown id 'chp_10'" in out
    assert "2 error(s)" in out


def test_derived_pages_link_each_row_to_its_provision(build_result):
    pages = build_result.site.pages
    dl = pages["xunshi/shixian.md"]
    for row, href in [("dl-34-six-months", "../art_34/#art_34__para_1"), ("dl-35-six-months", "../art_35/#art_35__para_1__item_4"),
                      ("dl-37-six-months", "../art_37/"), ("dl-47-term", "../art_47/#art_47__para_1")]:
        tr = re.search(rf'<tr id="{row}">(.*?)</tr>', dl).group(1)
        assert f'href="{href}"' in tr
    du = pages["xunshi/zeren.md"]
    for subject in ("巡视工作领导小组", "巡视工作领导小组办公室", "巡视组", "纪检监察机关", "组织部门", "被巡视党组织", "有关职能部门"):
        assert f"\n## {subject} {{: #subject-" in du
    flow = pages["xunshi/chengxu.md"]
    assert re.findall(r'<span class="lr-flow-label">([^<]+)</span>', flow)[:8] == [
        "听取通报", "进驻", "了解", "报告", "反馈", "移交", "公开", "整改"]
    assert "http" not in flow and "<script" not in flow  # generated HTML/CSS, no outside request
    nav = [list(e)[0] for e in build_result.site.nav]
    assert "注释与图表" in nav
