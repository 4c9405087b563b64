"""The package's shape: stage packages whose imports only point down the pipeline.

source → check → cite → editorial → publish; the root modules ``model`` and ``diagnostics`` are the shared
vocabulary below every stage; ``pipeline``, ``cli`` and ``plugin`` sit on top. A stage may import from the
stages before it, never from one after it, so the order of the stage list is the order of the code.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "build" / "lawref"
ORDER = ["", "source", "check", "cite", "editorial", "publish", "top"]
"""Layers, lowest first: "" = the shared model (model, diagnostics), "top" = pipeline, cli, plugin."""
TOP = {"pipeline", "cli", "plugin", "__main__"}


def _layer(path: Path) -> str:
    rel = path.relative_to(PKG)
    if len(rel.parts) == 1:
        return "top" if rel.stem in TOP else ""
    return rel.parts[0]


def _imported_layers(path: Path) -> set[tuple[str, int]]:
    """(layer, line) of every lawref module imported by ``path`` (relative or absolute imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(PKG).parent.parts
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(here[: len(here) - (node.level - 1)]) if node.level > 1 else list(here)
                parts = base + (node.module.split(".") if node.module else [])
                targets = [parts + [a.name] for a in node.names] if not node.module else [parts]
            elif node.module and node.module.split(".")[0] == "lawref":
                targets = [node.module.split(".")[1:]]
            else:
                continue
            for t in targets:
                found.add((_target_layer(t), node.lineno))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "lawref":
                    found.add((_target_layer(a.name.split(".")[1:]), node.lineno))
    return found


def _target_layer(parts: list[str]) -> str:
    if not parts:
        return ""
    if (PKG / parts[0]).is_dir():
        return parts[0]
    return "top" if parts[0] in TOP else ""


def test_stage_packages_exist():
    for stage in ORDER[1:-1]:
        assert (PKG / stage / "__init__.py").is_file(), stage


def test_imports_only_point_down():
    wrong = []
    for path in sorted(PKG.rglob("*.py")):
        mine = ORDER.index(_layer(path))
        for layer, line in sorted(_imported_layers(path)):
            if ORDER.index(layer) > mine:
                wrong.append(f"{path.relative_to(PKG)}:{line}: imports from {layer or 'the model'} "
                             f"(a later layer than {_layer(path) or 'the model'})")
    assert not wrong, "\n".join(wrong)


def test_pipeline_is_the_stage_list():
    """pipeline.py holds the numbered stages and nothing else: no HTML, no regular expressions, no Jinja."""
    text = (PKG / "pipeline.py").read_text(encoding="utf-8")
    for forbidden in ("import re\n", "jinja2", "<div", "markdown_it"):
        assert forbidden not in text, forbidden


def _corpus_literals() -> set[str]:
    """What names the real corpus's documents: slugs, titles, short titles, aliases other than a bare type word,
    the headline, and the distinctive first two characters of each short title (``巡视`` of 巡视工作条例)."""
    import yaml

    from lawref.cite.grammar import DOCUMENT_SUFFIXES

    meta = yaml.safe_load((PKG.parents[1] / "content" / "corpus.yml").read_text(encoding="utf-8"))
    found: set[str] = set()
    for d in meta["documents"]:
        found.add(d["slug"])
        for key in ("title", "short_title", "heading"):
            if d.get(key):
                found.add(str(d[key]))
        found.update(a for a in d.get("aliases", ()) if a not in DOCUMENT_SUFFIXES)
        short = str(d.get("short_title", ""))
        if len(short) >= 2:
            found.add(short[:2])
    return found


def test_no_corpus_literal_in_code_templates_or_mkdocs_yml():
    """The corpus is data: no slug, title or distinctive name of a document of ``content/corpus.yml`` appears in
    the code, the templates and assets, or ``mkdocs.yml`` (a second corpus must not inherit the first)."""
    root = PKG.parents[1]
    literals = _corpus_literals()
    assert "xunshi" in literals and "巡视" in literals, literals  # the check itself sees the real corpus
    files = [p for d in ("build", "site_templates") for p in sorted((root / d).rglob("*")) if p.is_file()]
    files.append(root / "mkdocs.yml")
    hits = []
    for p in files:
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for n, line in enumerate(text.splitlines(), 1):
            hits.extend(f"{p.relative_to(root)}:{n}: {w}" for w in sorted(literals) if w in line)
    assert not hits, "corpus literals in code:\n" + "\n".join(hits)
