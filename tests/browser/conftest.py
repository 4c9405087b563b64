"""Browser fixtures: the real built site served on 127.0.0.1, Debian's Chromium driven by Playwright.

Every test here is marked ``browser``. A page fixture fails the test on any request to another host.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from static_server import StaticHandler, served

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


class _SubPathHandler(StaticHandler):
    """Serves the site under a sub-path prefix (``/laws/``) and 404s everything else."""

    prefix = "/laws"

    def translate_path(self, path):
        p = urlsplit(path).path
        if not p.startswith(self.prefix + "/"):
            return str(Path(self.directory) / "__no_such_file__")
        return super().translate_path(path[len(self.prefix):])


def _build(root: Path, site: Path) -> Path:
    """``lawref build`` of the project at ``root`` (its ``build/`` linked to ours) into ``site``."""
    from lawref.cli import main
    (root / "build").symlink_to(ROOT / "build")  # mkdocs.yml watches build/lawref
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1708560000")
    assert main(["--root", str(root), "build", "--site-dir", str(site)]) == 0
    return site


@pytest.fixture(scope="session")
def base_url(site_dir):
    """``http://127.0.0.1:PORT/`` serving the real build."""
    with served(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def subpath_site_dir(tmp_path_factory) -> Path:
    """The site built for the sub-path ``/laws/`` (``lawref build --base /laws/``: only 404.html differs)."""
    from lawref.cli import main
    dest = tmp_path_factory.mktemp("site-laws") / "site"
    rc = main(["--root", str(ROOT), "build", "--site-dir", str(dest), "--base", "/laws/"])
    assert rc == 0, "lawref build --base /laws/ failed"
    return dest


@pytest.fixture(scope="session")
def subpath_url(subpath_site_dir):
    """``http://127.0.0.1:PORT/laws/`` serving the sub-path build; every other address gets its 404 page."""
    with served(subpath_site_dir, _SubPathHandler, "/laws/") as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(hostile_site):
    """``http://127.0.0.1:PORT/`` serving the hostile project's build (tests/conftest.py)."""
    with served(hostile_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


def _new_page(browser, **kw):
    ctx = browser.new_context(**kw)
    page = ctx.new_page()
    outside: list[str] = []

    def on_request(req):
        host = urlsplit(req.url).hostname
        if req.url.startswith(("data:", "blob:", "about:")):
            return
        if host not in ("127.0.0.1", "localhost"):
            outside.append(req.url)

    page.on("request", on_request)
    page.outside_requests = outside  # type: ignore[attr-defined]
    # Every page of the site carries a Content-Security-Policy; anything it refuses is recorded.
    violations: list[str] = []
    ctx.expose_function("__lrCspViolation", lambda v: violations.append(v))
    ctx.add_init_script(CSP_LISTENER)
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.csp_violations = violations  # type: ignore[attr-defined]
    return ctx, page


CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (e) => window.__lrCspViolation(
  `${e.effectiveDirective} refused ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`), true);"""


@pytest.fixture
def page(browser):
    """A desktop page; the test fails if anything was requested from another host or refused by the site's
    Content-Security-Policy."""
    ctx, pg = _new_page(browser, viewport={"width": 1280, "height": 900})
    yield pg
    outside, csp = pg.outside_requests, pg.csp_violations
    ctx.close()
    assert not outside, f"requests to other hosts: {outside}"
    assert not csp, f"Content-Security-Policy violations: {csp}"


@pytest.fixture
def phone_page(browser):
    """A phone-sized page (360×740, touch), same outside-request check."""
    ctx, pg = _new_page(browser, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                        device_scale_factor=2)
    yield pg
    outside, csp = pg.outside_requests, pg.csp_violations
    ctx.close()
    assert not outside, f"requests to other hosts: {outside}"
    assert not csp, f"Content-Security-Policy violations: {csp}"


@pytest.fixture(scope="session")
def two_doc_url(tmp_path_factory):
    """``http://127.0.0.1:PORT/`` serving the real corpus built with the fictional second regulation
    (tests/second_doc.py), 404 page included."""
    from second_doc import make_two_doc_project
    tmp = tmp_path_factory.mktemp("two-docs-site")
    with served(_build(make_two_doc_project(tmp / "project"), tmp / "site")) as url:
        yield url


@pytest.fixture(scope="session")
def fixture_corpus_url(tmp_path_factory):
    """``http://127.0.0.1:PORT/`` serving the fixture corpus of our own (tests/fixtures/corpus/: a 条例 with
    编/章/节 and a 办法 without chapters), without annotations, 404 page included, searched in a worker
    (``search_in_page: 0``). Small: builds in seconds."""
    import shutil

    tmp = tmp_path_factory.mktemp("fixture-corpus-site")
    root = tmp / "project"
    root.mkdir()
    # Searched in a worker, as a library too large to be searched in the page is (the real corpus is searched in
    # the page): both ways are tested.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - lawref\n" in config
    (root / "mkdocs.yml").write_text(config.replace("\n  - lawref\n", "\n  - lawref:\n      search_in_page: 0\n"),
                                     encoding="utf-8")
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus" / "content", root / "content")
    (root / "annotations").mkdir()
    with served(_build(root, tmp / "site")) as url:
        yield url
