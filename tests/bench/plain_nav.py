"""MkDocs hook for the build benchmark's plain Material project (a script helper, not part of the site).

Gives each page the same local navigation and footer the lawref plugin gives it (``lawref_localnav``,
``lawref_footer``, read from ``lawref-nav.json`` beside the project's mkdocs.yml, written by
``bench_build.dump_plain_project``), so that the plain build renders the same pages with the same navigation
through the same theme overrides, without the lawref plugin.
"""

from __future__ import annotations

import json
from pathlib import Path

_nav: dict = {}


def on_config(config):
    _nav.clear()
    _nav.update(json.loads((Path(config.config_file_path).parent / "lawref-nav.json").read_text(encoding="utf-8")))
    return config


def on_page_context(context, page, config, nav):
    context["lawref_localnav"], context["lawref_footer"] = _nav.get(page.file.src_uri, ("", ""))
    return context
