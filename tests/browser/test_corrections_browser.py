"""What the reader sees of the collation, in Chromium: corrections marked the way critical editions do (a sign, the
printed reading and the evidence one tap away, a legend on the page), doubtful readings marked as doubtful (not a
spell-checker's wavy line), copied text with markers and notes (or the printed reading), 编者注 labelled as ours,
the 校勘记's 版本 section, and a lacuna page saying where the official text was published."""

from __future__ import annotations

POP = "#lr-pop"


def test_corrected_and_doubtful_readings_on_article_pages(page, base_url):
    page.goto(base_url + "xunshi/art_6/")
    legend = page.locator(".lr-legend")
    assert legend.count() == 1 and "校" in legend.inner_text() and "不是官方文本" in legend.inner_text()
    corr = page.locator("#art_6__para_2 .lr-corr")
    assert corr.count() == 1
    assert corr.get_attribute("data-printed") == "中央管金融企业"
    assert corr.get_attribute("data-corrected") == "中管金融企业"
    assert corr.get_attribute("data-erratum") == "err-art6-zhongguan"
    assert corr.get_attribute("data-confidence") == "witness"
    assert "w-ebook-p3" in corr.get_attribute("data-evidence")
    assert corr.evaluate("e => getComputedStyle(e, '::after').content") == '"校"'
    assert corr.inner_text() == "中管金融企业"  # the sign is drawn, not text of the law
    corr.click()
    pop = page.locator(POP)
    pop.wait_for(state="visible")
    text = pop.inner_text()
    assert "来源作：中央管金融企业" in text and "依据：w-ebook-p3" in text
    # copy: the marker and a note, or the printed reading (the function the copy control calls)
    marked = page.evaluate("window.lawrefCorrections.text(document.querySelector('#art_6__para_2 .lr-text'), 'marked')")
    assert "中管金融企业［校1］" in marked and "来源作“中央管金融企业”" in marked and "编者注（非官方文本）" in marked
    printed = page.evaluate("window.lawrefCorrections.text(document.querySelector('#art_6__para_2 .lr-text'), 'printed')")
    assert "和中央管金融企业、" in printed and "［" not in printed
    # a plain selection copied with Ctrl+C carries the marker and the note too
    copied = page.evaluate("""() => {
        const p = document.querySelector('#art_6__para_2 .lr-text');
        const r = document.createRange(); r.selectNodeContents(p);
        const s = getSelection(); s.removeAllRanges(); s.addRange(r);
        const e = new ClipboardEvent('copy', {clipboardData: new DataTransfer(), bubbles: true, cancelable: true});
        p.dispatchEvent(e);
        return e.clipboardData.getData('text/plain');
    }""")
    assert "中管金融企业［校1］" in copied and "来源作“中央管金融企业”" in copied
    # the editors' notes say whose they are
    notes = page.locator("#lr-notes")
    assert notes.inner_text() == "编者注"
    assert "不是官方释义" in page.locator(".lr-editors-note").inner_text()

    page.goto(base_url + "xunshi/art_48/")
    q = page.locator("#art_48__para_1 .lr-query")
    assert q.evaluate("e => getComputedStyle(e, '::after').content") == '"疑"'
    style = q.evaluate("e => getComputedStyle(e).textDecorationStyle + '|' + getComputedStyle(e).textDecorationLine")
    assert "wavy" not in style
    assert "疑" in page.locator(".lr-legend").inner_text()
    # 第四十四条: the note no longer says 照录 under a corrected text without saying what was corrected
    page.goto(base_url + "xunshi/art_44/")
    errata = page.locator("ul.lr-errata").inner_text()
    assert "正文已校正为“构成犯罪的”" in errata and "正文照录来源" in errata


def test_jiaokanji_versions_and_lacuna_publication(page, base_url):
    page.goto(base_url + "jiaokanji/")
    versions = page.locator("table.lr-versions tbody tr")
    assert versions.count() >= 5
    assert page.locator("#w-ebook-p3").count() == 1
    rows = page.locator("table.lr-collation tbody tr")
    texts = {r.split("\t")[1]: r for r in rows.all_inner_texts()}
    assert "w-ebook-p3" in texts["第六条"] and "未对校" in texts["第十八条"]
    assert "来源缺此条" in texts["第四十六条"]
    assert page.locator("ul.lr-searched li").count() >= 3
    # every erratum cites its evidence; the witness links go to the 版本 rows
    for row in page.locator("table.lr-errata tbody tr").all():
        assert row.locator("ul.lr-evidence li").count() >= 1
    link = page.locator("#err-art6-zhongguan ul.lr-evidence a[href='#w-ebook-p3']")
    assert link.count() == 1
    page.goto(base_url + "xunshi/art_46/")
    pubs = page.locator(".lr-published-list li")
    assert pubs.count() == 2 and "2024-02-21" in pubs.nth(0).inner_text()
