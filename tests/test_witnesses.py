"""The witness register and the evidence of errata: a bad register entry is an error at file:line:col; an erratum's
evidence must exist and support its confidence ("official" only with an official witness); the real register and
errata meet the rules (every erratum cites evidence, facts only)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from lawref.editorial.annotations import load_annotations
from lawref.editorial.witnesses import KINDS, OFFICIAL_KINDS, load_register

ROOT = Path(__file__).resolve().parents[1]

REGISTER = """\
witnesses:
  - id: w-off
    kind: official-web
    title: 官方发布
    publisher: 新华社
    url: http://example.invalid/a
    consulted: "2026-11-30"
    covers: [xunshi/art_18]
    coverage: 第十八条
    reliability: high
    reliability_note: 官方
  - id: w-re
    kind: reprint
    title: 转载
    publisher: 某站
    url: http://example.invalid/b
    consulted: "2026-11-30"
    covers: [xunshi/art_18]
    coverage: 第十八条
    reliability: medium
    reliability_note: 转载
"""


def register(text: str = REGISTER, ids=None):
    return load_register("content/witnesses.yml", textwrap.dedent(text).encode(), ids)


def erratum(confidence: str, evidence: str) -> str:
    return textwrap.dedent(f"""\
        entries:
          - id: e1
            kind: erratum
            target: art_18__para_1__item_2
            source: 意识全面
            corrected: 落实全面
            authority: x
            confidence: {confidence}
            evidence: {evidence}
        """)


def load(corpus, text: str, reg):
    return load_annotations((("annotations/t.yml", (text + "document: xunshi\n").encode()),), corpus, reg)


def test_register_errors_name_file_line_col():
    ids = {"xunshi", "xunshi/art_6"}
    reg, diags = register("""\
        witnesses:
          - id: w-a
            kind: official
            title: t
            publisher: p
            consulted: "30 Nov"
            covers: [xunshi/art_600]
            coverage: c
            reliability: sure
            reliability_note: n
        persons:
          - {doc: xunshi, name: 某, title: t, witnesses: [w-zz]}
        """, ids)
    assert reg.witnesses == ()
    msgs = {d.message.split(":")[0]: d for d in diags}
    assert all(d.file == "content/witnesses.yml" and d.severity == "error" for d in diags)
    assert msgs["witnesses[0].kind"].line == 3 and "official-print" in msgs["witnesses[0].kind"].message
    assert msgs["witnesses[0].consulted"].line == 6 and "ISO date" in msgs["witnesses[0].consulted"].message
    assert msgs["witnesses[0].covers[0]"].line == 7 and msgs["witnesses[0].covers[0]"].col == 14
    assert msgs["witnesses[0].reliability"].line == 9
    assert "no url and no url_note" in msgs["witnesses[0]"].message
    assert "unknown witness 'w-zz'" in msgs["persons[0].witnesses"].message


def test_official_needs_an_official_witness(corpus):
    reg, rd = register()
    assert not rd
    # a reprint cannot make a reading official
    _, diags = load(corpus, erratum("official", "[{witness: w-re, reads: 落实}]"), reg)
    assert [(d.code, d.line) for d in diags] == [("erratum-confidence", 8)]
    assert "official-print or official-web" in diags[0].message
    # nor can parallel passages
    _, diags = load(corpus, erratum("official", "[{parallel: [art_18__para_1__item_1], reads: 落实}]"), reg)
    assert [d.code for d in diags] == ["erratum-confidence"]
    # an official web release can
    anns, diags = load(corpus, erratum("official", "[{witness: w-off, reads: 落实}]"), reg)
    assert not diags and anns[0].evidence[0]["witness"] == "w-off"
    # a reprint supports "witness"
    _, diags = load(corpus, erratum("witness", "[{witness: w-re, reads: 落实}]"), reg)
    assert not diags


def test_evidence_must_exist_and_give_the_reading(corpus):
    reg, _ = register()
    _, diags = load(corpus, erratum("witness", "[{witness: w-offf, reads: 落实}]"), reg)
    assert diags[0].code == "annotation-witness" and "nearest: 'w-off'" in diags[0].message and diags[0].line == 9
    # a parallel passage that does not print the reading
    _, diags = load(corpus, erratum("internal", "[{parallel: [art_6__para_1], reads: 落实全面}]"), reg)
    assert diags[0].code == "annotation-evidence" and "art_6__para_1 does not print" in diags[0].message
    # internal with only a conjecture
    _, diags = load(corpus, erratum("internal", "[{conjecture: 未见他本}]"), reg)
    assert [d.code for d in diags] == ["erratum-confidence"]
    # no evidence at all
    _, diags = load(corpus, erratum("conjecture", "[]"), reg)
    assert [d.code for d in diags] == ["annotation-type"]


def test_a_witness_must_cover_the_unit(corpus):
    reg, _ = register()
    text = erratum("witness", "[{witness: w-re, reads: 中管金融企业}]").replace(
        "art_18__para_1__item_2", "art_6__para_2").replace("意识全面", "中央管金融企业").replace("落实全面", "中管金融企业")
    _, diags = load(corpus, text, reg)
    assert diags[0].code == "annotation-witness" and "does not cover xunshi/art_6__para_2" in diags[0].message


# --- the real register and errata ---------------------------------------------------------------------------

def _real():
    reg = yaml.safe_load((ROOT / "content" / "witnesses.yml").read_text("utf-8"))
    errata = [e for p in sorted((ROOT / "annotations").glob("*.yml"))
              for e in yaml.safe_load(p.read_text("utf-8"))["entries"] if e["kind"] == "erratum"]
    return reg, errata


def test_real_register_validates(build_result):
    assert not [str(d) for d in build_result.diagnostics if d.code.startswith(("witness", "annotation", "erratum"))]
    reg, _ = _real()
    kinds = {w["kind"] for w in reg["witnesses"]}
    assert kinds <= set(KINDS)
    assert reg["searched"], "what was looked for and not found is recorded"
    for w in reg["witnesses"]:
        # facts only: short fields, no copied sentences
        assert len(w["coverage"]) < 120 and len(w["title"]) < 80, w["id"]


def test_real_errata_evidence_matches_confidence():
    reg, errata = _real()
    by_id = {w["id"]: w for w in reg["witnesses"]}
    for e in errata:
        ev = e["evidence"]
        assert ev, e["id"]
        cited = [by_id[x["witness"]] for x in ev if "witness" in x]
        if e["confidence"] == "official":
            assert any(w["kind"] in OFFICIAL_KINDS for w in cited), e["id"]
        # the label 官方 appears only where an official witness is cited
        if "官方" in e["authority"] and "以官方" not in e["authority"]:
            assert any(w["kind"] in OFFICIAL_KINDS for w in cited), e["id"]
    ids = {e["id"]: e for e in errata}
    # 第六条 is settled by a witness, and the same defect in 第八条 and 第十条 is corrected too
    assert ids["err-art6-zhongguan"]["confidence"] == "witness"
    assert {"err-art8-zhongguan", "err-art10-zhongguan"} <= set(ids)
    # the reporter's question: the stray opening mark is deleted, no closing mark is added
    q = ids["err-news-question-quote"]
    assert "”" not in q["corrected"] and q["source"].startswith("“") and not q["corrected"].startswith("“")
    # 据官方文本 without a witness is gone
    assert ids["err-art18-luoshi"]["confidence"] != "official"
