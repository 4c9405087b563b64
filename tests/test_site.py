"""The real built site (``site_dir``: one ``lawref build`` per session, strict).

Every unit in ``permalinks.json`` is at its URL and carries its text; every internal link and
anchor resolves; no URL points at another host or at the server root; two builds are byte-identical.
"""

from __future__ import annotations

import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from lawref.source.punctuation import fold_width

ROOT = Path(__file__).resolve().parents[1]


def build_site_dir(dest: Path) -> Path:
    """A second real ``lawref build`` (the same command as the ``site_dir`` fixture)."""
    import os

    from lawref.cli import main
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1708560000")
    assert main(["--root", str(ROOT), "build", "--site-dir", str(dest)]) == 0, "lawref build failed"
    return dest

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class PageHTML(HTMLParser):
    """Ids, the text inside each id'd element, links and headings of one page.

    The text is the source's reading: permalink icons are left out, and an editorial correction
    (``<span class="lr-corr" data-source="…">``) counts as the source text it corrects.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []  # (tag, id, inside a permalink icon)
        self.text: dict[str, list[str]] = {}
        self.by_eid: dict[str, list[str]] = {}
        self.open_eids: list[tuple[int, str]] = []
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.headings: list[int] = []
        self.lang = None
        self.redirect = False
        self.ids: list[str] = []
        self.attrs_by_id: dict[str, dict[str, str]] = {}

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.redirect = True
        for attr in ("href", "src"):
            if attr in a:
                self.urls.append((tag, attr, a[attr]))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag in VOID:
            return
        eid = a.get("id")
        if eid:
            self.ids.append(eid)
            self.text[eid] = []
            self.attrs_by_id[eid] = a
        if "data-eid" in a:
            self.open_eids.append((len(self.stack), a["data-eid"]))
            self.by_eid.setdefault(a["data-eid"], [])
        classes = a.get("class", "").split()
        inherited = bool(self.stack) and self.stack[-1][2]
        if "lr-corr" in classes and "data-source" in a and not inherited:
            # An editorial correction shows the corrected reading; the source's reading is in data-source.
            self.handle_data(a["data-source"])
            inherited = True
        self.stack.append((tag, eid, "headerlink" in classes or inherited))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            t, _, _ = self.stack.pop()
            while self.open_eids and self.open_eids[-1][0] >= len(self.stack):
                self.open_eids.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][2]:
            return
        for _, eid, _ in self.stack:
            if eid:
                self.text[eid].append(data)
        for _, eid in self.open_eids:
            self.by_eid[eid].append(data)

    def text_of(self, eid: str) -> str:
        return "".join(self.text[eid])


def parse_page(path: Path) -> PageHTML:
    p = PageHTML()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_file(site: Path, url: str) -> Path:
    """The file serving a site-relative directory URL (``xunshi/art_23/`` → ``xunshi/art_23/index.html``)."""
    path = urlsplit(url).path
    return site / path / "index.html" if path.endswith("/") or path == "" else site / path


@pytest.fixture(scope="session")
def manifest(site_dir) -> list[dict]:
    return json.loads((site_dir / "permalinks.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def parsed(site_dir) -> dict[Path, PageHTML]:
    return {p: parse_page(p) for p in html_pages(site_dir)}


def _node(corpus, doc_slug: str, eid: str):
    doc = corpus.document(doc_slug)
    if doc.kind == "regulation":
        for ch in doc.chapters:
            if ch.eid == eid:
                return ch
            for a in ch.articles:
                if a.eid == eid:
                    return a
                for p in a.paragraphs:
                    if p.eid == eid:
                        return p
                    for i in p.items:
                        if i.eid == eid:
                            return i
    for s in doc.sections:
        if s.eid == eid:
            return s
        for p in s.paragraphs:
            if p.eid == eid:
                return p
    if eid == doc.slug:
        return doc
    raise KeyError(eid)


def _squash(s: str) -> str:
    """Comparison form: no whitespace, punctuation width folded (a correction's data-source is the raw source)."""
    return fold_width("".join(s.split()))


def _expected_text(node) -> list[str]:
    """What a unit's element must contain: its text as displayed (the model's display text)."""
    kind = type(node).__name__
    if kind == "Document":
        return [node.meta.title]
    if kind == "Chapter":
        return [node.label, node.title]
    if kind == "Article":
        return [node.label]
    if kind == "Section":
        return [node.heading] if node.heading else []
    if kind == "Item":
        return [node.label + node.text]
    return [node.text]


def test_manifest_covers_every_unit_of_the_model(manifest, corpus):
    have = {(e["doc"], e["id"]) for e in manifest}
    assert len(have) == len(manifest), "duplicate (doc, id) in permalinks.json"
    want = set()
    for doc in corpus.documents:
        want.add((doc.slug, doc.slug))
        for ch in doc.chapters:
            want.add((doc.slug, ch.eid))
            for a in ch.articles:
                want.add((doc.slug, a.eid))
                for p in a.paragraphs:
                    want.add((doc.slug, p.eid))
                    want |= {(doc.slug, i.eid) for i in p.items}
        for s in doc.sections:
            want.add((doc.slug, s.eid))
            want |= {(doc.slug, p.eid) for p in s.paragraphs}
    assert have == want
    for e in manifest:
        assert set(e) >= {"id", "url", "label", "heading", "kind", "doc", "missing"}, e
        assert e["label"] and e["heading"], e


def test_every_permalink_exists_and_carries_its_text(site_dir, manifest, parsed, corpus):
    problems = []
    for e in manifest:
        f = page_file(site_dir, e["url"])
        if f not in parsed:
            problems.append(f"{e['url']}: no such page")
            continue
        page = parsed[f]
        frag = urlsplit(e["url"]).fragment
        target = frag or e["id"]
        if target not in page.text:
            problems.append(f"{e['url']}: no element with id {target}")
            continue
        node = _node(corpus, e["doc"], e["id"])
        got = _squash(page.text_of(target))
        for want in _expected_text(node):
            if _squash(want) not in got:
                problems.append(f"{e['url']}: #{target} lacks {want[:30]!r}")
        if e["kind"] in ("paragraph", "item"):
            if page.attrs_by_id[target].get("data-label") != e["label"]:
                problems.append(f"{e['url']}: data-label {page.attrs_by_id[target].get('data-label')!r} != {e['label']!r}")
        if e["kind"] == "article":
            body = _squash("".join(page.by_eid.get(e["id"], [])))
            if e["missing"]:
                if "来源缺" + node.label not in body:
                    problems.append(f"{e['url']}: lacuna page does not say the source lacks {node.label}")
            for p in node.paragraphs:
                if _squash(p.text) not in body:
                    problems.append(f"{e['url']}: article body lacks {p.eid}")
    assert not problems, "\n".join(problems[:30])


def test_full_text_and_chapter_pages_carry_the_same_ids(site_dir, manifest, parsed, corpus):
    full = parsed[site_dir / "xunshi" / "index.html"]
    problems = []
    for e in manifest:
        if e["doc"] != "xunshi" or e["kind"] not in ("article", "paragraph", "item"):
            continue
        node = _node(corpus, "xunshi", e["id"])
        art = e["id"].split("__")[0]
        chapter = next(c for c in corpus.document("xunshi").chapters if any(a.eid == art for a in c.articles))
        for page in (full, parsed[site_dir / "xunshi" / chapter.eid / "index.html"]):
            if e["id"] not in page.text:
                problems.append(f"{e['id']} missing")
                continue
            for want in _expected_text(node):
                if _squash(want) not in _squash(page.text_of(e["id"])):
                    problems.append(f"{e['id']} lacks its text")
    assert not problems, "\n".join(problems[:30])


def test_ids_are_unique_on_every_page(parsed):
    for path, page in parsed.items():
        dupes = {i for i in page.ids if page.ids.count(i) > 1}
        assert not dupes, f"{path}: duplicate ids {sorted(dupes)[:5]}"


def _site_pages(site_dir, parsed):
    # 404.html is served at any depth, so MkDocs roots its URLs at "/" by design: not a page of the site tree.
    return {p: h for p, h in parsed.items() if p != site_dir / "404.html"}


def test_every_internal_link_and_anchor_resolves(site_dir, parsed):
    problems = []
    ids = {p: set(h.ids) for p, h in parsed.items()}
    for path, page in _site_pages(site_dir, parsed).items():
        here = path.relative_to(site_dir).parent.as_posix()
        for tag, attr, url in page.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:")):
                continue
            target_path = unquote(parts.path)
            if target_path == "":
                target = path
            elif target_path.startswith("/"):
                problems.append(f"{path.relative_to(site_dir)}: {url} is rooted at the server, not relative")
                continue
            else:
                joined = posixpath.normpath(posixpath.join(here, target_path))
                if joined.startswith(".."):
                    problems.append(f"{path}: {url} leaves the site")
                    continue
                target = site_dir / joined
                if target.is_dir() or target_path.endswith("/"):
                    target = target / "index.html"
            if not target.exists():
                problems.append(f"{path.relative_to(site_dir)}: {tag}[{attr}]={url} → missing {target.relative_to(site_dir)}")
                continue
            if parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in ids.get(target, set()):
                    problems.append(f"{path.relative_to(site_dir)}: {url} → no #{parts.fragment}")
    assert not problems, "\n".join(problems[:30])


def test_no_root_absolute_or_outside_urls(site_dir, parsed):
    problems = []
    for path, page in _site_pages(site_dir, parsed).items():
        for tag, attr, url in page.urls:
            if url.startswith(("/", "http:", "https:")) or urlsplit(url).netloc:
                problems.append(f"{path.relative_to(site_dir)}: {tag}[{attr}]={url}")
    assert not problems, "\n".join(problems[:30])


def test_pages_are_chinese_and_headings_are_semantic(site_dir, parsed):
    for path, page in _site_pages(site_dir, parsed).items():
        assert page.lang == "zh", f"{path}: lang={page.lang}"
        if page.redirect:  # a redirect stub (short address → permanent address) has no content to head
            continue
        assert page.headings.count(1) == 1, f"{path}: {page.headings.count(1)} h1"
        # No skipped level inside the content (h1 → h3 without h2).
        levels = page.headings
        for a, b in zip(levels, levels[1:]):
            assert b <= a + 1, f"{path}: heading h{a} followed by h{b}"


def test_article_pages_have_breadcrumb_pager_and_chapter_sidebar(site_dir, corpus):
    doc = corpus.document("xunshi")
    arts = doc.articles()
    for idx, art in enumerate(arts):
        ch = next(c for c in doc.chapters if any(a.eid == art.eid for a in c.articles))
        html = (site_dir / "xunshi" / art.eid / "index.html").read_text(encoding="utf-8")
        crumb = html.split('class="lr-breadcrumb"', 1)[1].split("</nav>", 1)[0]
        assert 'href="../"' in crumb and f'href="../{ch.eid}/"' in crumb, art.eid
        assert f'aria-current="page">{art.label}<' in crumb, art.eid
        pager = html.split('class="lr-pager"', 1)[1].split("</nav>", 1)[0]
        if idx > 0:
            assert f'rel="prev" href="../{arts[idx - 1].eid}/"' in pager, art.eid
        else:
            assert 'rel="prev"' not in pager
        if idx + 1 < len(arts):
            assert f'rel="next" href="../{arts[idx + 1].eid}/"' in pager, art.eid
        else:
            assert 'rel="next"' not in pager
        # Material's own footer pager is off: one pager only.
        assert "md-footer__link" not in html, art.eid
        sidebar = html.split('md-sidebar--primary', 1)[1].split('md-sidebar--secondary', 1)[0]
        for sib in ch.articles:
            href = 'href="./"' if sib.eid == art.eid else f'href="../{sib.eid}/"'
            assert href in sidebar, f"{art.eid}: sidebar lacks {sib.eid}"


def test_lacuna_pages_say_what_is_missing_and_where_it_was_published(site_dir, corpus):
    doc = corpus.document("xunshi")
    missing = [a for a in doc.articles() if a.missing]
    assert missing, "the real source lacks articles; the fixture must see them"
    for art in missing:
        page = parse_page(site_dir / "xunshi" / art.eid / "index.html")
        note = _squash(page.text_of(f"{art.eid}__missing"))
        assert f"来源缺{art.label}" in note
        assert _squash(doc.meta.published_in) in note
        for date, _ in doc.meta.dates:
            assert date in note


def test_news_has_a_page_per_section(site_dir, corpus):
    news = next(d for d in corpus.documents if d.kind == "news_article")
    for s in news.sections:
        page = parse_page(site_dir / news.slug / s.eid / "index.html")
        for p in s.paragraphs:
            assert _squash(p.text) in _squash(page.text_of(p.eid))


def test_theme_is_chinese_and_loads_nothing_from_elsewhere(root):
    cfg = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert cfg["theme"]["language"] == "zh"
    assert cfg["theme"]["font"] is False


def test_site_assets_reference_no_other_host(site_dir):
    """CSS may not pull fonts or images from elsewhere (JS bundles only mention URLs in strings)."""
    for css in sorted(site_dir.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        assert "@import url(http" not in text and "url(http" not in text and "url(//" not in text, css


def test_two_builds_are_byte_identical(site_dir, tmp_path):
    other = build_site_dir(tmp_path / "again")
    files_a = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file())
    assert files_a == files_b
    assert any(f.startswith("downloads/") and f.endswith(".pdf") for f in files_a), "the check must cover the downloads"
    assert any(f.startswith("downloads/") and f.endswith(".docx") for f in files_a)
    differ = [f for f in files_a if (site_dir / f).read_bytes() != (other / f).read_bytes()]
    assert not differ, f"files differ between two builds: {differ[:10]}"


def test_a_build_over_the_last_one_rewrites_only_what_changed(site_dir, tmp_path, monkeypatch):
    """``lawref build`` into a folder holding a previous build builds in RAM and updates the folder (cli.update_tree):
    the result is the fresh build to the byte; a file that did not change keeps its inode and mtime; changed, missing
    and stale files and folders are put right; a changed file another hard link shares is not written through;
    hidden entries at the top (``.git``) stay, as MkDocs leaves them."""
    import os
    import shutil
    import tempfile

    from lawref import cli
    over = tmp_path / "over"
    shutil.copytree(site_dir, over)
    if not cli.RAM_DIR.is_dir() or cli.RAM_DIR.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no RAM file system (/dev/shm) apart from the test's folder: lawref build writes in place")
    ram = Path(tempfile.mkdtemp(dir=cli.RAM_DIR))  # this build's own: nothing else builds there meanwhile
    monkeypatch.setattr(cli, "RAM_DIR", ram)
    kept = over / "index.html"
    before = kept.stat()
    for page in (over / "xunshi" / "index.html", over / "xunshi" / "art_11" / "index.html"):
        page.write_bytes(page.read_bytes().replace(b"<body", b"<BODY", 1))  # same size, other bytes
    pdf = next((over / "downloads").glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes()[:100])
    os.link(page, tmp_path / "outside.html")  # the tampered page shared with a file outside the site
    (over / "stale" / "deep").mkdir(parents=True)
    (over / "stale" / "deep" / "old.html").write_text("old")
    (over / "sitemap.xml").unlink()
    shutil.rmtree(over / "about")
    (over / "about").write_text("a file where a folder was")
    (over / "404.html").unlink()
    (over / "404.html").mkdir()
    (over / "404.html" / "x").write_text("a folder where a file was")
    (over / ".git").mkdir()  # hidden entries at the top: a deployment's own (MkDocs leaves them too)
    (over / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (over / ".nojekyll").write_text("")

    build_site_dir(over)
    assert (over / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n" and (over / ".nojekyll").is_file()
    shutil.rmtree(over / ".git")
    (over / ".nojekyll").unlink()
    files_a = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*"))
    files_b = sorted(p.relative_to(over).as_posix() for p in over.rglob("*"))
    assert files_a == files_b
    differ = [f for f in files_a if (site_dir / f).is_file() and (site_dir / f).read_bytes() != (over / f).read_bytes()]
    assert not differ, f"files differ from the fresh build: {differ[:10]}"
    after = kept.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), "an unchanged file was rewritten"
    assert b"<BODY" in (tmp_path / "outside.html").read_bytes(), "written through a hard link"
    assert list(ram.iterdir()) == [], "the build's folder in RAM was left behind"
    ram.rmdir()


def test_material_files_no_page_loads_are_left_out(site_dir):
    """Material's search worker, lunr's language files and the source maps are not in the site (plugin.on_files),
    and no page or script of the site names them."""
    left = [p for p in site_dir.rglob("*") if p.is_file() and (
        p.suffix == ".map" or any(d in p.relative_to(site_dir).parts[:3] for d in ("lunr", "workers")))]
    assert left == []
    assert (site_dir / "assets" / "javascripts").is_dir(), "Material's bundle stays"
    for f in [*site_dir.rglob("*.html"), *(site_dir / "assets").rglob("*.js")]:
        text = f.read_text(encoding="utf-8")
        assert "javascripts/workers/" not in text and "javascripts/lunr/" not in text, f


def test_one_palette_and_no_palette_chooser(site_dir):
    """mkdocs.yml gives Material one palette as a mapping: every page has its colours on <body> and its palette
    style sheet, and no chooser (a form and an inline script of ~1 KB a page for a choice of one)."""
    for f in (site_dir / "index.html", site_dir / "xunshi" / "art_23" / "index.html", site_dir / "404.html"):
        html = f.read_text(encoding="utf-8")
        body = html[html.index("<body "):html.index(">", html.index("<body "))]
        assert 'data-md-color-scheme="default"' in body and 'data-md-color-primary="' in body, f
        assert "assets/stylesheets/palette." in html, f
        assert 'name="__palette"' not in html and '__md_get("__palette")' not in html, f
