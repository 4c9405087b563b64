"""README "Adding a document", done step by step on a copy of the project, with no code change.

The document added is our fictional 《示范市河长工作办法》 (tests/fixtures/corpus/content/source/banfa.txt):
a second source file, its pin and provenance, its metadata entry; then check, build, lock.
"""

from __future__ import annotations

import hashlib
import json
import shutil

from test_fixture_corpus import FIXTURE, build, new_project, run_lawref

NEW_SOURCE = "content/source/banfa.txt"


def test_an_editor_adds_a_second_document(tmp_path):
    project = new_project(tmp_path / "project")
    lock_before = (project / "content" / "permalinks.lock").read_text(encoding="utf-8").splitlines()

    # 1. The source file, byte for byte as received, into content/source/.
    shutil.copy(FIXTURE / NEW_SOURCE, project / NEW_SOURCE)
    # 2. Its sha256 (sha256sum content/source/banfa.txt).
    pin = hashlib.sha256((project / NEW_SOURCE).read_bytes()).hexdigest()
    # 3. An entry under `sources:` in content/corpus.yml (at the end of that list, before `documents:`).
    meta = project / "content" / "corpus.yml"
    text = meta.read_text(encoding="utf-8")
    assert text.count("\ndocuments:\n") == 1
    text = text.replace("\ndocuments:\n", f"""
  - file: {NEW_SOURCE}
    sha256: {pin}
    provenance:
      kind: web
      paper: 示范市水务局网站
      url: https://example.org/banfa
      consulted: "2030-02-01"
documents:
""", 1)
    # 4. An entry under `documents:` (at the end of the file).
    text += f"""  - slug: hezhang
    sources: [{NEW_SOURCE}]
    kind: regulation
    title: 示范市河长工作办法
    short_title: 河长工作办法
    aliases: [办法]
    version: 2030年发布
    heading: 示范市河长工作办法
    issuer: 示范市人民政府
    dates:
      - ["2030-02-01", 示范市人民政府发布]
    effective: "2030-03-01"
    status: in_force
    published_in: 示范市水务局网站
    summary: 虚构的政府规章，不分章，共四条。
"""
    meta.write_text(text, encoding="utf-8")
    # 5. lawref check: no error; the new addresses are notes until they are locked.
    r = run_lawref("--root", str(project), "check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "new address /hezhang/art_1/" in r.stdout + r.stderr
    # 6. lawref lock, and the lock keeps every address it had.
    r = run_lawref("--root", str(project), "lock")
    assert r.returncode == 0, r.stdout + r.stderr
    lock_after = (project / "content" / "permalinks.lock").read_text(encoding="utf-8").splitlines()
    assert set(lock_before) <= set(lock_after)
    assert {"/hezhang/", "/hezhang/art_4/"} <= set(lock_after)
    # 7. lawref build.
    site = build(project, tmp_path / "site")

    # Its pages, in its own document, under its own title.
    page = (site / "hezhang" / "art_3" / "index.html").read_text(encoding="utf-8")
    assert "河长应当定期检查河湖" in page and "<title>第三条｜河长工作办法" in page
    assert "示范市河长工作办法" in (site / "hezhang" / "index.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="hezhang/"' in home
    assert "https://example.org/banfa" in (site / "about" / "index.html").read_text(encoding="utf-8")
    # The first document is untouched: its 第三条 is still its own.
    assert "河长" not in (site / "xunshi" / "art_3" / "index.html").read_text(encoding="utf-8")
    # Permalinks and the resolver's data point into the new document.
    manifest = json.loads((site / "permalinks.json").read_text(encoding="utf-8"))
    mine = [e for e in manifest if e["doc"] == "hezhang"]
    assert {e["id"] for e in mine} >= {"hezhang", "art_1", "art_4", "art_3__para_1"}
    assert all(e["url"].startswith("hezhang/") for e in mine)
    assert next(e for e in mine if e["id"] == "art_3")["label"] == "第三条"
    assert '"hezhang/art_3/"' in (site / "assets" / "lawref-permalinks.js").read_text(encoding="utf-8")
    corpus_js = (site / "assets" / "lawref-corpus.js").read_text(encoding="utf-8")
    docs = json.loads(corpus_js.split("self.LawrefCorpus = ", 1)[1].rstrip().rstrip(";"))["documents"]
    new = next(d for d in docs if d["slug"] == "hezhang")
    assert (new["title"], new["url"], new["effective"]) == ("示范市河长工作办法", "hezhang/", "2030-03-01")
    assert "办法" in new["titles"]
    # Exports: one JSON per article and the Akoma Ntoso file of the new document.
    art = json.loads((site / "data" / "hezhang" / "art_2.json").read_text(encoding="utf-8"))
    assert art["doc"] == "hezhang" and "各级河长" in json.dumps(art, ensure_ascii=False)
    assert '<article eId="art_4">' in (site / "data" / "hezhang.akn.xml").read_text(encoding="utf-8")
    assert "/hezhang/art_4/" in (site / "data" / "addresses.txt").read_text(encoding="utf-8")
    # Redirects from plausible addresses go to the new document's article.
    assert "art_2/" in (site / "hezhang" / "第二条" / "index.html").read_text(encoding="utf-8")
