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
