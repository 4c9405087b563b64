"""A tmp copy of the project with a second document: the real corpus plus the fictional regulation in
``tests/fixtures/second/``, added as an editor adds a document (its own source file with its sha256 pin and
provenance under ``sources:``, its entry under ``documents:``); the real ``content/`` is never touched. The
metadata also maps one outside title to a URL (``outside:``). Used by the cross-document citation tests."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "second"
SLUG = "gongyuan"
TITLE = "青山市公园管理条例"
SOURCE = "content/source/gongyuan.txt"
OUTSIDE_TITLE = "青山市绿化条例"
"""Cited by the fixture, not on the site, not mapped: recognised, never linked."""
MAPPED_TITLE = "中国共产党纪律处分条例"
MAPPED_URL = "https://example.org/jilv"


def make_two_doc_project(dest: Path) -> Path:
    """Copy what a build reads into ``dest`` and add the second document; returns ``dest``."""
    for sub in ("content", "annotations", "site_templates"):
        shutil.copytree(ROOT / sub, dest / sub)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    data = (FIXTURE / "regulation.txt").read_bytes()
    (dest / SOURCE).write_bytes(data)
    meta_path = dest / "content" / "corpus.yml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["sources"].append({"file": SOURCE, "sha256": hashlib.sha256(data).hexdigest(),
                            "provenance": {"kind": "pdf", "note": "测试用虚构文件，由本项目撰写"}})
    meta["documents"].append(yaml.safe_load((FIXTURE / "corpus-entry.yml").read_text(encoding="utf-8"))[0])
    meta["outside"] = [{"title": MAPPED_TITLE, "url": MAPPED_URL}]
    meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest
