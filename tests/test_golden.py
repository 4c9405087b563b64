"""Golden output of the real source: the model (``lawref dump-model``) and the findings of parse and proofread.

Compared by diff; regenerated only with ``pytest --update-golden`` (then review ``git diff tests/golden``).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from lawref.cli import main

GOLDEN = Path(__file__).parent / "golden"


def _compare(request, name: str, got: str) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(got, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing: run pytest --update-golden and review it"
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(), f"golden/{name}", "now", lineterm="", n=2))
        shown = "\n".join(diff[:120]) + ("\n…" if len(diff) > 120 else "")
        pytest.fail(f"{name} differs from the golden file ({len(diff)} diff lines); if the change is intended, "
                    f"run pytest --update-golden and review git diff:\n{shown}")


def test_model_dump(request, root, capsys):
    assert main(["--root", str(root), "dump-model"]) == 0
    _compare(request, "model.json", capsys.readouterr().out)


def test_findings(request, project):
    """Parse diagnostics and proofreading findings of the real source (not other stages' diagnostics)."""
    from lawref.check.proofread import find_anomalies
    from lawref.diagnostics import format_all
    from lawref.pipeline import build_corpus, load_witness_register
    from lawref.source.read import read_source
    corpus, diags = build_corpus(project)
    src, _ = read_source(corpus.meta.source, project.get(corpus.meta.source))
    persons = load_witness_register(project, corpus)[0].persons  # the names register checks speakers' names
    mine = tuple(d for d in diags if d.file == corpus.meta.source) + find_anomalies(corpus, src, persons)
    _compare(request, "findings.txt", format_all(mine) + "\n")
