"""The MkDocs plugin: runs the pipeline inside ``mkdocs build``/``serve`` and hands MkDocs the pages.

The only layer (with ``cli.py``) that touches the filesystem.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import multiprocessing.queues
import os
import re
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from .diagnostics import format_all, has_errors
from .pipeline import build_site, load_project
from .publish.compact import compact_html
from .publish.csp import add_policy
from .publish.downloads import DOWNLOADS_DIR, collect_downloads, render_downloads, word_files
from .publish.rawhtml import anchor_ids, restore_html, stash_html
from .publish.render import html_nav
from .publish.search import build_search_files, searched_in_page

log = logging.getLogger("mkdocs.plugins.lawref")

# Fixed timestamp for MkDocs' sitemap and gzip headers: builds must be byte-identical.
SOURCE_DATE_EPOCH = "1708560000"  # 2024-02-22, the date of the page


PAGES_DIR_ENV = "LAWREF_PAGES_DIR"
"""Set by ``lawref serve``: the generated pages are written to this folder as files, a page only when its Markdown
or local navigation changed since the previous build (every page when the theme, templates or mkdocs.yml
changed), and MkDocs' dirty rebuild renders only the pages whose file changed. (MkDocs takes a page handed to it
in memory for modified on every build.) Accurate because MkDocs' nav holds only the site-wide pages."""

# What the previous build of this process wrote (``lawref serve`` loads the config, and so the plugin, anew for
# every rebuild; module state survives): page path → (Markdown, local navigation), site file → bytes.
_served_pages: dict[str, tuple[str, str]] = {}
_served_files: dict[str, bytes] = {}
_served_theme: list[str] = [""]
_last_good: list = [None]
"""Under ``lawref serve``: the last build that succeeded (``pipeline.BuildResult``), served while a rebuild is broken."""
_broken: list[str] = [""]
"""Under ``lawref serve``: the diagnostics of the failed rebuild ("" when the last build succeeded)."""


def broken_banner(html: str, report: str) -> str:
    """The page with a banner first in ``<body>``: the build is broken, this is the last good site, and why.

    >>> broken_banner('<body class="x"><p>', 'a.yml:1:1: error: <bad>')[:60]
    '<body class="x"><div class="lr-serve-broken" role="alert"><p'
    >>> "&lt;bad&gt;" in broken_banner('<body><p>', 'a.yml:1:1: error: <bad>')
    True
    """
    banner = ('<div class="lr-serve-broken" role="alert"><p><strong>构建失败</strong>：下面显示的是上一次成功构建的网站；'
              '改正以下错误后页面自动更新。</p><pre>' + str(escape(report)) + '</pre></div>')
    m = re.search(r"<body(?:\s[^>]*)?>", html)
    return html[:m.end()] + banner + html[m.end():] if m else banner + html


def _theme_key(root: Path) -> str:
    """Size and mtime of everything besides the pages that shapes a page's HTML (overrides, assets, templates,
    mkdocs.yml): when it changes, every page is rebuilt."""
    parts = []
    for base in (root / "site_templates", root / "mkdocs.yml"):
        paths = sorted(base.rglob("*")) if base.is_dir() else [base]
        for p in paths:
            if p.is_file():
                st = p.stat()
                parts.append(f"{p}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


@dataclass
class Background:
    """Files being built in another process while MkDocs renders the pages (``start_background``)."""

    pool: BackgroundPool
    jobs: list[Future]


def return_memory(collect: bool = True) -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing where there is none),
    ``collect``: after collecting the garbage (~0.08 s at 50×). After a stage has dropped what it held, so that the
    memory it freed is not held by this process for the rest of the build (20–60 MiB a time at 50×)."""
    if collect:
        gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)


def _find_malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # no C library to ask, or not glibc
        return None


_malloc_trim = _find_malloc_trim()


class BackgroundPool(ProcessPoolExecutor):
    """The background process (``background_pool``), with a channel to it that a thread there reads while its
    calls run: the files handed over (``hand_over``) and the site folder to write into (``write_background``)
    reach it at once, not after the calls before them."""

    channel: multiprocessing.queues.Queue
    ending: list
    """Its process, once told to end when its calls are done (``write_background``): ``abandon_background`` may
    still stop it."""


def background_pool(turns: Turns | None = None) -> BackgroundPool:
    """One fresh Python process (``spawn``: nothing of this process's state is copied but the inputs it is sent);
    ``turns``: shared with it (``background_files(share_word=True)`` takes its Word files from them)."""
    context = multiprocessing.get_context("spawn")
    channel = context.Queue()
    # A process that ends before its files were sent (a failed build) must not wait for the other one to read them.
    channel.cancel_join_thread()
    pool = BackgroundPool(max_workers=1, mp_context=context, initializer=_start_process, initargs=(turns, channel))
    pool.channel = channel
    pool.ending = []
    return pool


class Turns:
    """The indices 0, 1, 2, … of a list, each handed out once, to whichever process asks first (a counter in
    shared memory). The Word files of the downloads: the background process makes them after its PDFs, MkDocs'
    process once it has written its pages; whichever is free first makes the next one."""

    DONE = 1 << 30
    WAIT = 30.0
    """Seconds to wait for the counter's lock: a process killed while holding it (nanoseconds a turn) must not hang
    the other; it then takes no more turns, the remaining ones stay for the process holding the lock."""

    def __init__(self) -> None:
        self.counter = multiprocessing.get_context("spawn").Value("i", 0)

    def take(self, n: int) -> int | None:
        """The next index below ``n`` nobody has taken, or None (and none after it: ``done``; or the lock was not
        had within ``WAIT`` seconds)."""
        lock = self.counter.get_lock()
        if not lock.acquire(timeout=self.WAIT):
            return None
        try:
            i = self.counter.value
            if i >= n:
                self.counter.value = self.DONE
                return None
            self.counter.value = i + 1
            return i
        finally:
            lock.release()

    def done(self) -> bool:
        return self.counter.value >= self.DONE


_turns: list[Turns | None] = [None]
"""In the background process: the ``Turns`` shared with the process that started it (``background_pool``)."""


class SiteWriter:
    """In the background process: the files it keeps (its calls' and those handed over), each written into the
    site folder as soon as it may be (once MkDocs has emptied it: ``write_background``) and then dropped, so the
    process never holds them all (at 50×: 47 MiB of downloads, 34 MB handed over)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.site_dir: Path | None = None
        self.pending: dict[str, bytes] = {}
        self.folders: set[Path] = set()
        self.error: BaseException | None = None
        """What went wrong in the thread reading the channel (``receive``), raised by ``_written``."""

    def put(self, files: dict[str, bytes]) -> None:
        """Write ``files`` (site-relative path → bytes), or keep them until the site folder is known."""
        with self.lock:
            if self.site_dir is None:
                self.pending.update(files)
            else:
                self._write(files)

    def open(self, site_dir: str) -> None:
        """The site folder is ready: write what was kept, and from now on every file as it comes."""
        with self.lock:
            self.site_dir = Path(site_dir)
            pending, self.pending = self.pending, {}
            self._write(pending)

    def _write(self, files: dict[str, bytes]) -> None:
        assert self.site_dir is not None
        for rel, data in sorted(files.items()):
            target = self.site_dir / rel
            if target.parent not in self.folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self.folders.add(target.parent)
            target.write_bytes(data)

    def receive(self, channel) -> None:
        """Read the channel until None: ``("files", {path: bytes})`` handed over, ``("dir", site_dir)``."""
        while True:
            message = channel.get()
            if message is None:
                return
            kind, value = message
            message = None  # not held while the next message is awaited
            try:
                self.open(value) if kind == "dir" else self.put(value)
            except Exception as e:  # raised by _written, in the call that waits for this thread
                self.error = self.error or e
            value = None
            if self.site_dir is not None:  # what was written is free: not held while the downloads are typeset
                return_memory(collect=False)


_site: list[tuple[SiteWriter, threading.Thread] | None] = [None]
"""In the background process: its ``SiteWriter`` and the thread reading the channel into it."""


def _start_process(turns: Turns | None, channel) -> None:
    _turns[0] = turns
    site = SiteWriter()
    thread = threading.Thread(target=site.receive, args=(channel,), name="lawref-site-writer", daemon=True)
    thread.start()
    _site[0] = (site, thread)


def _site_writer() -> SiteWriter:
    assert _site[0] is not None, "not in a process made by background_pool"
    return _site[0][0]


def start_background(calls: list[tuple[Callable, tuple]], pool: BackgroundPool | None = None,
                     keep: bool = False) -> Background:
    """Run ``calls`` (each ``(function, args)`` returning ``(files, diagnostics)``) one after the other in a
    fresh Python process (``pool``, or a new one), in parallel with the rest of the build. For the stages that
    end in files only and that nothing MkDocs renders needs: the search index and the downloads, about half of
    a large build's work. The process receives the stages' inputs (pickled) and returns their files' bytes, the
    same as in-process; ``keep``: it writes them instead, as soon as ``write_background`` names the site folder."""
    pool = pool or background_pool()
    return Background(pool, [pool.submit(_keep, f, *args) if keep else pool.submit(f, *args) for f, args in calls])


def _keep(f: Callable, *args) -> tuple[dict[str, bytes], tuple]:
    files, diags = f(*args)
    _site_writer().put(files)
    return {}, diags


def _written() -> tuple[dict[str, bytes], tuple]:
    """In the background process, its last call: every file it kept is written (the channel is read to its end)."""
    assert _site[0] is not None
    site, thread = _site[0]
    thread.join()
    if site.error is not None:
        raise site.error
    assert not site.pending
    return {}, ()


def _given(files: dict[str, bytes]) -> tuple[dict[str, bytes], tuple]:
    return files, ()


HAND_OVER_BYTES = 4 << 20
"""The most bytes of files sent to the background process in one message: neither process holds a pickled copy of
them all (34 MB at 50×) at once."""


def hand_over(job: Background, files: dict[str, bytes]) -> None:
    """Give the background process ``files`` (path → bytes) to write with its own (``write_background``): the
    pipeline's data files and redirect pages, ~20,000 files at 50×, written while MkDocs renders instead of by
    MkDocs' process after it. None of them is a file MkDocs writes. They go through the channel, a few MB a message
    (``HAND_OVER_BYTES``), to a thread there that writes them while the downloads are typeset: this process drops
    them once sent, not when a call returns."""
    chunk: dict[str, bytes] = {}
    size = 0
    for rel, data in sorted(files.items()):
        chunk[rel] = data
        size += len(data)
        if size >= HAND_OVER_BYTES:
            job.pool.channel.put(("files", chunk))
            chunk, size = {}, 0
    if chunk:
        job.pool.channel.put(("files", chunk))


def write_background(job: Background, site_dir: str | Path, files: dict[str, bytes] | None = None) -> None:
    """Have the background process write into ``site_dir`` the files its calls kept and those handed over, then
    ``files`` (``hand_over``), each made from now on as soon as it is made (MkDocs has emptied ``site_dir`` by then:
    called from ``on_files``); nothing is handed over after this. None of them is a file MkDocs writes. The process
    ends once its calls are done (its memory is free while MkDocs still renders), not when ``finish_background``
    asks for their results."""
    job.pool.channel.put(("dir", str(site_dir)))
    if files:
        hand_over(job, files)
    job.pool.channel.put(None)
    job.jobs.append(job.pool.submit(_written))
    job.pool.ending = list((getattr(job.pool, "_processes", None) or {}).values())  # for abandon_background
    job.pool.shutdown(wait=False)


def abandon_background(pool: ProcessPoolExecutor) -> None:
    """Stop the background process now (the build failed): not wait for the downloads it is typesetting."""
    processes = getattr(pool, "_processes", None) or {}  # no public API before Python 3.14
    ending = [*processes.values(), *getattr(pool, "ending", [])]
    for process in ending:
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
    for process in ending:  # the pool no longer waits for a process it was told to end (write_background)
        process.join()


def finish_background(job: Background) -> dict[str, bytes]:
    """The files of ``start_background``'s calls ({} for those kept and written there); PluginError listing
    their error diagnostics (a missing CJK font)."""
    files: dict[str, bytes] = {}
    diags: list = []
    try:
        for future in job.jobs:
            more, found = future.result()
            files.update(more)
            diags.extend(found)
    except BrokenProcessPool as e:
        raise PluginError(f"the process building the search index and the downloads ended without them ({e}); "
                          "expected it to finish (is the machine out of memory?)") from None
    finally:
        job.pool.shutdown(cancel_futures=True)
    if has_errors(diags):
        raise PluginError("the build found errors:\n" + format_all(diags))
    return files


def background_files(corpus, texts, entries, marks, base_url: str, search: bool,
                     share_word: bool = False, keep: bool = False) -> tuple[dict[str, bytes], tuple]:
    """The search index (``search``) and the downloads: a background call (``start_background``). ``share_word``:
    only the Word files this process takes its turn for (``Turns``; the others are the caller's). ``keep``: each
    file goes to the process's ``SiteWriter`` as soon as it is made (none is returned)."""
    files = build_search_files(corpus, texts=texts, entries=entries) if search else {}
    emit = _site_writer().put if keep else None
    if emit is not None:
        emit(files)
        files = {}
        return_memory()  # what building the index left free, before the downloads' compiler takes its ~150 MiB
    turns = _turns[0] if share_word else None
    more, diags = render_downloads(collect_downloads(corpus, marks, base_url), turns.take if turns else None, emit)
    return {**files, **more}, diags


class LawrefConfig(Config):
    strict = config_options.Type(bool, default=False)
    """Fail on warnings too (``lawref build --strict``)."""
    base = config_options.Optional(config_options.Type(str))
    """The absolute path the site is served under (``/``, ``/laws/``); default: ``site_url``'s path, else ``/``.
    Only the 404 page needs it (a server shows it at any address, so its links cannot be relative)."""
    search = config_options.Type(bool, default=True)
    """lawref's search engine (prebuilt lunr index, ``build/lawref/publish/search.py``) behind Material's search UI;
    false leaves Material's own search (the benchmark baseline)."""
    search_in_page = config_options.Type(int, default=2000)
    """The largest library (in searchable units: 款, 项, news paragraphs, headings) searched on the page's own thread
    (``publish.search.searched_in_page``); a larger one is searched in a worker. 0: always in a worker."""


# A base path: "/" or "/seg/…/", each segment of RFC 3986 path characters (no "//", "\\", "?", "#", spaces).
BASE_PATH = re.compile(r"/(?:[A-Za-z0-9._~!$&'()*+,;=:@%-]+/)*")


def site_base(base: str | None, site_url: str | None) -> str:
    """The site's absolute base path, fixed at build time; ValueError if it is not a clean path.

    >>> site_base(None, None), site_base("/laws", None), site_base(None, "https://example.org/laws/")
    ('/', '/laws/', '/laws/')
    """
    path = base if base is not None else (urlsplit(site_url).path if site_url else "/")
    if not path.endswith("/"):
        path += "/"
    if not BASE_PATH.fullmatch(path) or "/./" in path or "/../" in path:
        raise ValueError(f"the site's base path {path!r} is not a clean absolute path "
                         "(expected / or /segment/…/ with no //, \\, ?, #, spaces or dot segments)")
    return path


UNUSED_THEME_FILES = re.compile(r"^assets/javascripts/(lunr|workers)/|^assets/.*\.map$")
"""Material's files no page loads, left out of the site (2.4 MB): its search worker and lunr's language files (our
worker answers Material's search box: tests/browser/test_search.py checks Material's never runs) and the source
maps (read only by a browser's developer tools)."""


class LawrefPlugin(BasePlugin[LawrefConfig]):
    serving = False
    """Under ``mkdocs serve`` (``lawref serve``) pages carry no Content-Security-Policy: MkDocs' live reload
    injects an inline script the policy would refuse."""

    _stashed: dict[str, tuple[str, ...]]
    """A page's raw HTML blocks (``stash_html``) while Python-Markdown converts it."""

    _background: Background | None = None
    """The search index and downloads being built in another process (``start_background``), until
    on_post_build."""

    _handed = False
    """The pipeline's files are handed to the background process to write (``write_background``)."""

    _drop_pages = False
    _written = 0
    """A build (not ``lawref serve``): each page's Markdown is dropped once MkDocs has read it, and its HTML once
    the page is written (MkDocs holds every page's until the end: 64 MiB at 50×)."""

    _word: tuple | None = None
    """(``Turns``, corpus, marks, base URL): the Word files this process makes at on_post_build if the background
    process has not taken them yet."""

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def __init__(self) -> None:
        super().__init__()
        self._stashed = {}

    def on_build_error(self, *, error) -> None:
        if self._background is not None:
            abandon_background(self._background.pool)
            self._background = None

    def on_config(self, config):
        os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        try:
            self.base = site_base(self.config.base, config.site_url)
        except ValueError as e:
            raise PluginError(f"mkdocs.yml: plugins.lawref.base: {e}") from None
        root = Path(config.config_file_path).resolve().parent
        self.root = root
        serving = bool(os.environ.get(PAGES_DIR_ENV))
        # The search index and the downloads (PDF, Word; their addresses are absolute when site_url is set) are
        # built with the site. A build makes them in another process, started as soon as the editorial stage is
        # done, which writes them into site_dir once MkDocs has emptied it (on_files; on_post_build waits for it);
        # serving, in this process (a rebuild rewrites only what changed). That process starts first and
        # proofreads while this one runs the cite, editorial and render stages.
        background = not (serving or self.serving)
        self._drop_pages = background
        self._written = 0
        turns = Turns() if background else None
        pool = background_pool(turns) if background else None
        self._background = None
        self._word = None
        base_url = config.site_url or ""

        def start(corpus, ed) -> None:  # as soon as the editorial stage is done (build_site's ``background``)
            assert pool is not None
            self._background = start_background(
                [(background_files, (corpus, ed.editorial.texts, list(ed.editorial.search_entries), ed.marks,
                                     base_url, self.config.search, True, True))], pool, keep=True)
            self._word = (turns, corpus, ed.marks, base_url)

        try:
            result = build_site(load_project(root), search=self.config.search and not background,
                                downloads=not background, base_url=base_url, pool=pool,
                                background=start if pool is not None else None)
        except BrokenProcessPool as e:
            raise PluginError(f"the background process ended without the proofreading ({e}); expected it to "
                              "finish (is the machine out of memory?)") from None
        strict = self.config.strict or os.environ.get("LAWREF_STRICT") == "1"
        was_broken = bool(_broken[0])
        if result.site is None or has_errors(result.diagnostics, strict=strict):
            if pool is not None:
                abandon_background(pool)
                self._background = None
            report = format_all(result.diagnostics)
            if not (serving and _last_good[0] is not None):
                raise PluginError("the build found errors (content/, annotations/):\n" + report)
            # lawref serve: keep serving the last good site and say so on every page (MkDocs would otherwise hold
            # every request until a build succeeds). Printed, not logged: under strict a logged error would fail
            # this build too.
            _broken[0] = report
            print("lawref serve: the build found errors; serving the last good site until they are fixed:\n"
                  + report, file=sys.stderr, flush=True)
            result = _last_good[0]
        else:
            _broken[0] = ""
            if serving:
                _last_good[0] = result
        if serving and was_broken != bool(_broken[0]):
            _served_pages.clear()  # every page is rewritten, so every page gains (or loses) the banner
        self._handed = self._background is not None
        self.result = result
        if result.editorial is not None:  # coverage of the editorial layer, per document (editorial.Coverage)
            for cov in result.editorial.coverage:
                log.info("lawref: %s", cov.summary())
        config.nav = html_nav(result.site.nav)  # MkDocs and Material print nav titles as HTML
        meta = result.corpus.meta  # the site's name and description are corpus metadata
        # Material prints site_name and site_description as they are: they are HTML (escaped text).
        config.site_name = str(escape(meta.site_name)) if meta.site_name else config.site_name
        config.site_description = str(escape(meta.site_description)) if meta.site_description else config.site_description
        config.extra["lawref_site"] = {"search_example": meta.search_example, "search_citation": meta.search_citation,
                                       "search_shorten": list(meta.search_shorten),
                                       "search_in_page": self.config.search and searched_in_page(
                                           result.corpus, self.config.search_in_page)}
        return config

    def on_files(self, files: Files, config) -> Files:
        if self._background is not None:  # MkDocs has emptied site_dir: the background process may write there
            write_background(self._background, config.site_dir, self.result.site.files)
            # Queued: each message's files are dropped here once it is sent.
            self.result = replace(self.result, site=replace(self.result.site, files={}))
        for f in [f for f in files if UNUSED_THEME_FILES.search(f.src_uri)]:
            files.remove(f)
        pages_dir = os.environ.get(PAGES_DIR_ENV)
        if pages_dir:
            self._write_pages(Path(pages_dir))
        for path in sorted(self.result.site.pages):
            if pages_dir:
                files.append(File(path, pages_dir, config.site_dir, config.use_directory_urls))
            else:
                files.append(File.generated(config, path, content=self.result.site.pages[path]))
        if self._drop_pages:  # the File objects hold them now (until on_page_markdown)
            self.result = replace(self.result, site=replace(self.result.site, pages={}))
            return_memory()  # the pipeline's own garbage, and the files handed over
        return files

    def on_env(self, env, config, files):
        if self._drop_pages:  # every page is HTML now: Python-Markdown's garbage and the pages' Markdown are free
            return_memory()
        return env

    @event_priority(-100)  # last: what other plugins do with the Markdown sees the whole page
    def on_page_markdown(self, markdown, page, config, files):
        # The raw HTML blocks wait aside while Python-Markdown converts the page (publish/rawhtml.py: the same
        # HTML, without parsing three quarters of it twice for nothing).
        markdown, self._stashed[page.file.src_uri] = stash_html(markdown)
        if self._drop_pages:  # MkDocs has read the page; a build never reads its file again
            page.file.content_string = ""
        return markdown

    @event_priority(100)  # first: other plugins see the whole page
    def on_page_content(self, html, page, config, files):
        blocks = self._stashed.pop(page.file.src_uri, ())
        if not blocks:
            return html
        try:
            html = restore_html(html, blocks)
        except ValueError as e:
            raise PluginError(f"{page.file.src_uri}: {e}") from None
        if page.present_anchor_ids is not None:  # MkDocs validates links to anchors against them
            page.present_anchor_ids |= anchor_ids(blocks)
        return html

    @event_priority(100)  # before Material's search plugin indexes the page
    def on_page_context(self, context, page, config, nav):
        # The page's local navigation (document, chapter, its articles), shown in the primary sidebar by
        # overrides/main.html; MkDocs' own nav holds the site-wide pages only.
        context["lawref_localnav"] = self.result.site.sidebars.get(page.file.src_uri, "")
        # The footer: date of the text, content version, 纠错 and 关于本站 (render.py, _footer.html.j2).
        context["lawref_footer"] = self.result.site.footers.get(page.file.src_uri, "")
        if self.config.search:  # Material's plugin keeps the UI; the index is ours (one index, not two)
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    def on_template_context(self, context, template_name, config):
        # MkDocs makes the 404 page's URLs absolute from site_url's path; ours may be set without a site_url.
        if template_name == "404.html":
            context["base_url"] = self.base
        return context

    def on_post_page(self, output, page, config):
        if self.serving or os.environ.get(PAGES_DIR_ENV):
            return broken_banner(output, _broken[0]) if _broken[0] else output
        if self._drop_pages:  # the page is its output now; nothing later reads its HTML (the sitemap is written)
            page.content = None
            self._written += 1
            if self._written % 500 == 0:
                return_memory(collect=False)
        return add_policy(compact_html(output))

    def on_post_template(self, output_content, template_name, config):
        if not template_name.endswith(".html"):  # 404.html; not sitemap.xml
            return output_content
        if self.serving or os.environ.get(PAGES_DIR_ENV):
            return broken_banner(output_content, _broken[0]) if _broken[0] else output_content
        return add_policy(compact_html(output_content))

    def _write_pages(self, pages_dir: Path) -> None:
        """``lawref serve``: write the pages whose Markdown or local navigation changed (see ``PAGES_DIR_ENV``)."""
        theme = _theme_key(self.root)
        if theme != _served_theme[0]:
            _served_pages.clear()
            _served_theme[0] = theme
        site = self.result.site
        changed = 0
        for path, text in sorted(site.pages.items()):
            key = (text, site.sidebars.get(path, ""))
            if _served_pages.get(path) != key:
                target = pages_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="\n")
                _served_pages[path] = key
                changed += 1
        log.info("lawref: %d of %d pages changed (only they are rebuilt)", changed, len(site.pages))

    def on_post_build(self, config) -> None:
        site_dir = Path(config.site_dir)
        serving = bool(os.environ.get(PAGES_DIR_ENV))
        files = {} if self._handed else self.result.site.files  # the background process writes them
        if self._word is not None:  # the Word files the background process has not taken yet (``Turns``)
            turns, corpus, marks, base_url = self._word
            self._word = None
            if not turns.done():
                made = word_files(collect_downloads(corpus, marks, base_url), turns.take)
                if made:
                    (site_dir / DOWNLOADS_DIR).mkdir(parents=True, exist_ok=True)
                for rel, data in made.items():
                    (site_dir / rel).write_bytes(data)
        if self._background is not None:
            more, self._background = finish_background(self._background), None
            files = {**files, **more}
        for rel, data in sorted(files.items()):
            if serving and _served_files.get(rel) == data and (site_dir / rel).exists():
                continue
            if serving:
                _served_files[rel] = data
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
