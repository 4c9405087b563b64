"""The Markdown tree is a real artifact: ``lawref render --docs-dir`` writes it, and Zensical (Material's named
successor) builds it into a site where every permanent address has its page and its anchor.

Zensical is given only the tree, its nav and the Markdown extensions our pages use: no lawref plugin, no theme
overrides. That is the coupling we promise to keep thin.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ZENSICAL = Path(sys.executable).parent / "zensical"


@pytest.fixture(scope="module")
def rendered_tree(tmp_path_factory, root):
    from lawref.cli import main
    work = tmp_path_factory.mktemp("tree")
    assert main(["--root", str(root), "render", "--docs-dir", str(work / "docs")]) == 0
    return work


def test_render_writes_the_tree_the_plugin_hands_mkdocs(rendered_tree, build_result):
    docs = rendered_tree / "docs"
    for rel, text in build_result.site.pages.items():
        assert (docs / rel).read_text(encoding="utf-8") == text, rel
    for rel, data in build_result.site.files.items():
        assert (docs / rel).read_bytes() == data, rel
    nav = yaml.safe_load((rendered_tree / "docs.nav.yml").read_text(encoding="utf-8"))["nav"]
    assert nav == build_result.site.nav


@pytest.mark.skipif(not ZENSICAL.exists(), reason="zensical is a test dependency (pip install -e '.[test]')")
def test_zensical_builds_the_tree_with_every_permalink(rendered_tree, root):
    mkdocs = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg = {
        "site_name": "tree",
        "docs_dir": "docs",
        "site_dir": "zsite",
        "use_directory_urls": True,
        "nav": yaml.safe_load((rendered_tree / "docs.nav.yml").read_text(encoding="utf-8"))["nav"],
        "theme": {"name": "material", "language": "zh", "font": False},
        "markdown_extensions": mkdocs["markdown_extensions"],
    }
    (rendered_tree / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    run = subprocess.run([str(ZENSICAL), "build"], cwd=rendered_tree, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    site = rendered_tree / "zsite"
    manifest = json.loads((rendered_tree / "docs" / "permalinks.json").read_text(encoding="utf-8"))
    assert len(manifest) > 100
    pages: dict[str, str] = {}
    missing = []
    for entry in manifest:
        page, _, anchor = entry["url"].partition("#")
        html = pages.get(page)
        if html is None:
            f = site / page / "index.html"
            html = pages[page] = f.read_text(encoding="utf-8") if f.exists() else ""
        if not html or (anchor and not re.search(f'id="{re.escape(anchor)}"', html)):
            missing.append(entry["url"])
    assert not missing, f"{len(missing)} permalinks without their page or anchor in Zensical's output: {missing[:10]}"
