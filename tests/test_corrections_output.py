"""The corrected text leaves the site with its apparatus: the data exports carry each unit's printed and corrected
text and the errata applied, by id; the legend is on every page that shows a mark and only there."""

from __future__ import annotations

import json
import re


def test_article_json_carries_printed_and_corrected_text(build_result):
    files = build_result.site.files
    art = json.loads(files["data/xunshi/art_6.json"])
    p2 = art["paragraphs"][1]
    assert "中央管金融企业" in p2["printed"] and "中管金融企业" in p2["corrected"] and "中央管" not in p2["corrected"]
    assert p2["errata"] == ["err-art6-zhongguan"]
    assert art["paragraphs"][0]["errata"] == [] and art["paragraphs"][0]["printed"] == art["paragraphs"][0]["corrected"]
    item = json.loads(files["data/xunshi/art_7.json"])["paragraphs"][0]["items"][6]
    assert item["corrected"].endswith("队伍建设；") and item["printed"].endswith("队伍建设和；")
    # a conjecture is not applied: 第四十八条 keeps the printed reading
    p = json.loads(files["data/xunshi/art_48.json"])["paragraphs"][0]
    assert p["errata"] == [] and p["printed"] == p["corrected"]


def test_model_json_and_akoma_ntoso_name_the_errata(build_result):
    files = build_result.site.files
    model = json.loads(files["data/model.json"])
    c = model["corrections"]["xunshi/art_18__para_1__item_2"]
    assert sorted(c["errata"]) == ["err-art18-cong", "err-art18-luoshi"]
    assert c["corrected"].startswith("落实全面从严治党")
    assert "zuigaojian-fabuhui/sec_0__para_1" in model["corrections"]  # the news article too
    akn = files["data/xunshi.akn.xml"].decode()
    para = re.search(r'<paragraph eId="art_6__para_2">.*?</paragraph>', akn).group(0)
    assert "中管金融企业" in para and "中央管" not in para and 'noteRef href="#note_err-art6-zhongguan"' in para
    assert re.search(r'<note eId="note_err-art6-zhongguan"[^>]*><p>来源作“中央管金融企业”', akn)
    import xml.dom.minidom
    xml.dom.minidom.parseString(akn)  # well-formed


def test_legend_on_every_page_with_a_mark(build_result):
    pages = build_result.site.pages
    with_marks = [k for k, v in pages.items() if 'class="lr-corr"' in v or 'class="lr-query"' in v]
    assert "xunshi/art_6.md" in with_marks and "xunshi/index.md" in with_marks
    for k in with_marks:
        assert pages[k].count('class="lr-legend"') == 1, k
    assert 'class="lr-legend"' not in pages["xunshi/art_9.md"]
