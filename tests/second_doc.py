"""A tmp copy of the project with a second document: the real corpus plus the fictional regulation in
``tests/fixtures/second/`` (appended to the source copy, its pin updated, its metadata entry added; the real
``content/`` is never touched). Used by the cross-document citation tests (Python and browser)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "second"
SLUG = "gongyuan"
TITLE = "青山市公园管理条例"
OUTSIDE_TITLE = "青山市绿化条例"
OUTSIDE_URL = "https://example.org/lvhua"
MAPPED_TITLE = "中国共产党纪律处分条例"
MAPPED_URL = "https://example.org/jilv"


def make_two_doc_project(dest: Path) -> Path:
    """Copy what a build reads into ``dest`` and add the second document; returns ``dest``.

    The metadata maps one outside title (《中国共产党纪律处分条例》) to an outside URL; 《青山市绿化条例》,
    cited by the fixture, stays unmapped.
    """
    for sub in ("content", "annotations", "site_templates"):
        shutil.copytree(ROOT / sub, dest / sub)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    meta_path = dest / "content" / "corpus.yml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    source = dest / meta["source"]
    data = source.read_bytes().rstrip(b"\n") + b"\n\n" + (FIXTURE / "regulation.txt").read_bytes().lstrip(b"\n")
    source.write_bytes(data)
    text = meta_path.read_text(encoding="utf-8").replace(meta["sha256"], hashlib.sha256(data).hexdigest())
    text = text.rstrip("\n") + "\n" + (FIXTURE / "corpus-entry.yml").read_text(encoding="utf-8")
    text += f"outside:\n  - {{title: {MAPPED_TITLE}, url: \"{MAPPED_URL}\"}}\n"
    meta_path.write_text(text, encoding="utf-8")
    return dest
