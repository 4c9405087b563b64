"""A corpus of our own (tests/fixtures/corpus/): two fictional texts with other slugs and titles, one with
编/章/节 and an inserted article, one without chapters, from two source files (a gazette, a web page).

It builds through the real ``lawref build`` and nothing of the real corpus (its slugs, titles, site name)
appears in its output: the corpus is data.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "corpus"
REAL_CORPUS_WORDS = re.compile(r"xunshi|zuigaojian|巡视|最高检|中国共产党|党内法规")
"""Slugs, title words and the site name of the real corpus."""


def run_lawref(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1708560000")
    return subprocess.run([sys.executable, "-m", "lawref.cli", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT)


def new_project(dest: Path, content: Path | None = None) -> Path:
    """A project directory: the site configuration and templates of this repository, ``content`` (default:
    the real one) and ``annotations/`` (the real ones when the content is real, else none)."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "site_templates", dest / "site_templates")
    shutil.copytree(content or ROOT / "content", dest / "content")
    if content is None:
        shutil.copytree(ROOT / "annotations", dest / "annotations")
    else:
        (dest / "annotations").mkdir()
    (dest / "build").symlink_to(ROOT / "build")  # mkdocs.yml watches build/lawref
    return dest


def build(project: Path, site: Path) -> Path:
    r = run_lawref("--root", str(project), "build", "--site-dir", str(site))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    return site


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("fixture-corpus")
    return build(new_project(tmp / "project", FIXTURE / "content"), tmp / "site")


def test_nothing_of_the_real_corpus_in_the_output(fixture_site):
    hits = []
    for p in sorted(fixture_site.rglob("*")):
        rel = p.relative_to(fixture_site).as_posix()
        if p.is_dir() or rel.endswith(".gz"):
            continue
        text = p.read_text(encoding="utf-8", errors="replace")
        hits += [f"{rel}: {m.group(0)}" for m in REAL_CORPUS_WORDS.finditer(text)]
    assert hits == []
    assert len(list(fixture_site.rglob("*.html"))) > 30  # the scan saw a whole site


def test_its_own_names_and_structure_are_published(fixture_site):
    home = (fixture_site / "index.html").read_text(encoding="utf-8")
    assert "<title>首页 - 示范河湖法规汇编</title>" in home
    about = (fixture_site / "about" / "index.html").read_text(encoding="utf-8")  # provenance of each source
    assert "示范市人民代表大会常务委员会公报" in about and "https://example.org/banfa" in about
    manifest = {(e["doc"], e["id"]): e for e in json.loads((fixture_site / "permalinks.json").read_text(encoding="utf-8"))}
    # 编 and 节 are anchors on the document's and the chapter's page; chapters restart in each 编.
    assert manifest[("hehu", "book_2")]["url"] == "hehu/#book_2"
    assert manifest[("hehu", "book_2__chp_1")]["url"] == "hehu/book_2__chp_1/"
    assert manifest[("hehu", "book_2__chp_1")]["label"] == "第二编第一章"
    sec = manifest[("hehu", "book_2__chp_1__sec_2")]
    assert (sec["url"], sec["label"]) == ("hehu/book_2__chp_1/#book_2__chp_1__sec_2", "第二编第一章第二节")
    assert manifest[("hehu", "art_5_1")]["label"] == "第五条之一"
    chapter = (fixture_site / "hehu" / "book_2__chp_1" / "index.html").read_text(encoding="utf-8")
    assert 'id="book_2__chp_1__sec_2"' in chapter and "岸线保护" in chapter
    assert 'id="book_2"' in (fixture_site / "hehu" / "index.html").read_text(encoding="utf-8")
    # The document without chapters: articles directly under it, no chapter in its addresses.
    assert not [k for k in manifest if k[0] == "hezhang" and "chp" in k[1]]
    assert manifest[("hezhang", "art_3")]["url"] == "hezhang/art_3/"
    art = (fixture_site / "hezhang" / "art_3" / "index.html").read_text(encoding="utf-8")
    assert "河长应当定期检查河湖" in art and "<title>第三条｜河长工作办法 - 示范河湖法规汇编</title>" in art
    akn = (fixture_site / "data" / "hehu.akn.xml").read_text(encoding="utf-8")
    assert re.search(r'<book eId="book_2">.*<chapter eId="book_2__chp_1">.*<section eId="book_2__chp_1__sec_1">'
                     r'.*<article eId="art_5_1">.*</section>.*</chapter>.*</book>', akn, re.S)
    # No derived views (glossary, procedure …) for a corpus without annotations.
    assert not (fixture_site / "hehu" / "shuyu").exists()


def test_structure_that_fits_nothing_is_a_diagnostic(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "content", content)
    src = content / "source" / "hehu.txt"
    src.write_text(src.read_text(encoding="utf-8").replace("#### 第二节 岸线保护", "##### 第二节 岸线保护"), encoding="utf-8")
    meta = content / "corpus.yml"  # the pin follows the changed source: only the structure is at fault
    old, new = hashlib.sha256((FIXTURE / "content/source/hehu.txt").read_bytes()), hashlib.sha256(src.read_bytes())
    meta.write_text(meta.read_text(encoding="utf-8").replace(old.hexdigest(), new.hexdigest()), encoding="utf-8")
    project = new_project(tmp_path / "project", content)
    r = run_lawref("--root", str(project), "check")
    out = r.stdout + r.stderr
    assert r.returncode == 1 and "Traceback" not in out and "source-pin" not in out
    assert re.search(r"content/source/hehu\.txt:\d+:\d+: error: unknown heading “##### 第二节 岸线保护”|"
                     r"content/source/hehu\.txt:\d+:\d+: error: unknown heading “第二节 岸线保护” \(expected a chapter heading "
                     r"'### 第X章 标题'; a 节 heading is level 4 \('#### '\) here, this one is level 5\)", out), out
