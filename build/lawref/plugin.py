"""The MkDocs plugin: runs the pipeline inside ``mkdocs build``/``serve`` and hands MkDocs the pages.

The only layer (with ``cli.py``) that touches the filesystem.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .diagnostics import format_all, has_errors
from .pipeline import build_site, load_project

# Fixed timestamp for MkDocs' sitemap and gzip headers: builds must be byte-identical.
SOURCE_DATE_EPOCH = "1708560000"  # 2024-02-22, the date of the page


class LawrefConfig(Config):
    strict = config_options.Type(bool, default=False)
    """Fail on warnings too (``lawref build --strict``)."""


class LawrefPlugin(BasePlugin[LawrefConfig]):
    def on_config(self, config):
        os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        root = Path(config.config_file_path).resolve().parent
        self.root = root
        result = build_site(load_project(root))
        strict = self.config.strict or os.environ.get("LAWREF_STRICT") == "1"
        if result.site is None or has_errors(result.diagnostics, strict=strict):
            raise PluginError("the source has errors:\n" + format_all(result.diagnostics))
        self.result = result
        config.nav = result.site.nav
        return config

    def on_files(self, files: Files, config) -> Files:
        for path in sorted(self.result.site.pages):
            files.append(File.generated(config, path, content=self.result.site.pages[path]))
        return files

    def on_post_build(self, config) -> None:
        site_dir = Path(config.site_dir)
        for rel, data in sorted(self.result.site.files.items()):
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
