"""Shared fixtures: the project root, the real corpus, one real site build per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/* from the current output instead of comparing")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def project():
    from lawref.pipeline import load_project
    return load_project(ROOT)


@pytest.fixture(scope="session")
def parsed_corpus(project):
    """The parsed real source alone (read + parse, no link/render stage): for tests independent of those."""
    from lawref.pipeline import build_corpus
    c, diags = build_corpus(project)
    assert c is not None, diags
    return c


@pytest.fixture(scope="session")
def build_result(project):
    from lawref.pipeline import build_site
    res = build_site(project)
    assert res.site is not None, "\n".join(map(str, res.diagnostics))
    return res


@pytest.fixture(scope="session")
def corpus(build_result):
    return build_result.corpus


@pytest.fixture(scope="session")
def regulation(corpus):
    return corpus.document("xunshi")


def build_site_dir(dest: Path) -> Path:
    """Run the real ``lawref build`` into ``dest``."""
    from lawref.cli import main
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1708560000")
    if dest.exists():
        shutil.rmtree(dest)
    rc = main(["--root", str(ROOT), "build", "--site-dir", str(dest)])
    assert rc == 0, "lawref build failed"
    return dest


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real built site (one build per test session)."""
    return build_site_dir(tmp_path_factory.mktemp("site") / "site")


# A hostile project: every text field carries payloads ----------------------------------------------------------

def hostile_payload(tag: str) -> str:
    """Script, event-handler, ``javascript:`` and attribute-list payloads, each calling ``lrPwn(tag…)``."""
    return (f"\"'><img src=x onerror=lrPwn('{tag}-img')><script>lrPwn('{tag}-script')</script>"
            f"<svg/onload=alert('{tag}-svg')> [x](javascript:lrPwn('{tag}-md')) *em* `c` "
            f"{{: onclick=lrPwn('{tag}-attr') }}")


# Annotation fields that are ids, enums or dates (validated, not text); the others all carry payloads.
_NOT_TEXT = {"id", "kind", "target", "targets", "to", "confidence", "lane", "date", "highlight", "source", "term",
             "aliases"}


def make_hostile_project(dest: Path) -> Path:
    """A copy of the project whose article text, chapter titles, news headings, document metadata and every
    annotation field carry ``hostile_payload``s (the source pin updated). Returns its root."""
    import hashlib
    import re

    import yaml
    root = dest / "project"
    root.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for sub in ("content", "annotations", "site_templates"):
        shutil.copytree(ROOT / sub, root / sub)
    (root / "build").symlink_to(ROOT / "build")  # mkdocs.yml watches build/lawref
    meta_path = root / "content" / "corpus.yml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    source = meta["sources"][0]
    src_path = root / source["file"]
    lines = src_path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if re.match(r"## 第.+章", line):
            lines[i] = line + hostile_payload("chapter")
        elif line.startswith("## "):
            lines[i] = line + hostile_payload("news-heading")
    src = "\n".join(lines)
    text_payload = hostile_payload("text")
    first_article = re.search(r"^\*\*第.+?条\*\* .+?,", src, flags=re.M)
    assert first_article
    src = src[:first_article.end()] + text_payload + src[first_article.end():]
    news_para = re.search(r"^## 关键词.*\n\n.+?,", src, flags=re.M)
    assert news_para
    src = src[:news_para.end()] + hostile_payload("news-text") + src[news_para.end():]
    src_path.write_text(src, encoding="utf-8")
    source["sha256"] = hashlib.sha256(src.encode("utf-8")).hexdigest()
    source["provenance"] = {k: v + hostile_payload("provenance-" + k) if k not in ("kind", "date") else v
                            for k, v in source["provenance"].items()}
    meta["site"]["name"] += hostile_payload("site-name")
    meta["site"]["description"] += hostile_payload("site-description")
    for d in meta["documents"]:
        for k in ("title", "short_title", "issuer", "published_in", "summary", "version"):
            if k in d:
                d[k] = d[k] + hostile_payload(f"meta-{k}")
        d["dates"] = [[day, event + hostile_payload("meta-date")] for day, event in d["dates"]]
        for ch in d.get("chapters", []):
            ch["title"] = ch["title"] + hostile_payload("meta-chapter")
    meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    wit_path = root / "content" / "witnesses.yml"
    if wit_path.exists():
        wit = yaml.safe_load(wit_path.read_text(encoding="utf-8"))
        for w in wit["witnesses"]:
            for k in ("title", "publisher", "coverage", "reliability_note"):
                if k in w:
                    w[k] = w[k] + hostile_payload(f"witness-{k}")
        wit_path.write_text(yaml.safe_dump(wit, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for f in sorted((root / "annotations").glob("*.yml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        for e in doc["entries"]:
            for k, v in list(e.items()):
                if k not in _NOT_TEXT and isinstance(v, str):
                    e[k] = v + hostile_payload(f"{e['kind']}-{k}")
            for ev in e.get("evidence") or ():
                if isinstance(ev, dict) and isinstance(ev.get("conjecture"), str):
                    ev["conjecture"] += hostile_payload("erratum-conjecture")
        f.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # The fields that must match the text (a term, its aliases, an erratum's reading) and the optional ones.
    first = re.search(r"\*\*(第.+?条)\*\*", src)
    art = "art_6"  # the first article printed in the source (checked below against its label)
    assert first and first.group(1) == "第六条"
    extra = {"document": "xunshi", "entries": [
        {"id": "hostile-term", "kind": "definition", "term": "<img src=x onerror=lrPwn('text-img')>",
         "aliases": ["<script>lrPwn('text-script')</script>"], "target": f"{art}__para_1",
         "body": hostile_payload("definition-body")},
        {"id": "hostile-erratum", "kind": "erratum", "target": f"{art}__para_1",
         "source": "[x](javascript:lrPwn('text-md'))", "corrected": hostile_payload("erratum-corrected"),
         "authority": hostile_payload("erratum-authority"), "confidence": "conjecture",
         "evidence": [{"conjecture": hostile_payload("erratum-conjecture")}], "note": hostile_payload("erratum-note")},
        {"id": "hostile-note", "kind": "note", "target": art, "title": hostile_payload("note-title"),
         "body": hostile_payload("note-body")},
        {"id": "hostile-step", "kind": "step", "label": hostile_payload("step-label"), "targets": [art],
         "body": hostile_payload("step-body"), "lane": "supervision"},
    ]}
    (root / "annotations" / "zz-hostile.yml").write_text(yaml.safe_dump(extra, allow_unicode=True, sort_keys=False),
                                                          encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile project (``make_hostile_project``) built by the real ``lawref build``; its site folder."""
    from lawref.cli import main
    tmp = tmp_path_factory.mktemp("hostile")
    root = make_hostile_project(tmp)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1708560000")
    rc = main(["--root", str(root), "build", "--site-dir", str(tmp / "site")])
    assert rc == 0, "lawref build of the hostile project failed"
    return tmp / "site"
