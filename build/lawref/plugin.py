"""The MkDocs plugin: runs the pipeline inside ``mkdocs build``/``serve`` and hands MkDocs the pages.

The only layer (with ``cli.py``) that touches the filesystem.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from .diagnostics import format_all, has_errors
from .pipeline import build_site, load_project

log = logging.getLogger("mkdocs.plugins.lawref")

# Fixed timestamp for MkDocs' sitemap and gzip headers: builds must be byte-identical.
SOURCE_DATE_EPOCH = "1708560000"  # 2024-02-22, the date of the page


class LawrefConfig(Config):
    strict = config_options.Type(bool, default=False)
    """Fail on warnings too (``lawref build --strict``)."""
    search = config_options.Type(bool, default=True)
    """lawref's search engine (prebuilt lunr index, ``build/lawref/search.py``) behind Material's search UI;
    false leaves Material's own search (the benchmark baseline)."""


class LawrefPlugin(BasePlugin[LawrefConfig]):
    def on_config(self, config):
        os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        root = Path(config.config_file_path).resolve().parent
        self.root = root
        result = build_site(load_project(root), search=self.config.search)
        strict = self.config.strict or os.environ.get("LAWREF_STRICT") == "1"
        if result.site is None or has_errors(result.diagnostics, strict=strict):
            raise PluginError("the build found errors (content/, annotations/):\n" + format_all(result.diagnostics))
        self.result = result
        if result.editorial is not None:  # coverage of the editorial layer (editorial.Coverage)
            log.info("lawref: %s", result.editorial.coverage.summary())
        config.nav = result.site.nav
        return config

    def on_files(self, files: Files, config) -> Files:
        for path in sorted(self.result.site.pages):
            files.append(File.generated(config, path, content=self.result.site.pages[path]))
        if self.config.search:  # lunr.js 2.3.9 from MkDocs' own package, for the search worker
            import mkdocs.contrib.search
            lunr_js = Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js"
            files.append(File.generated(config, "assets/search/lunr.js", abs_src_path=str(lunr_js)))
        return files

    @event_priority(100)  # before Material's search plugin indexes the page
    def on_page_context(self, context, page, config, nav):
        if self.config.search:  # Material's plugin keeps the UI; the index is ours (one index, not two)
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    def on_post_build(self, config) -> None:
        site_dir = Path(config.site_dir)
        for rel, data in sorted(self.result.site.files.items()):
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
