"""What an annotation edit costs `lawref serve`, and what an incremental rebuild would cost (a script, not a test).

`lawref build` hands MkDocs every page in memory (``File.generated``), which MkDocs treats as always modified.
`lawref serve` instead writes the pages as files, rewriting only those an edit changed, and builds dirty
(``plugin.PAGES_DIR_ENV``); the pipeline itself still runs whole on every change. This script measures the
parts separately, on a synthetic library (``synth.make_library``):

1. the pipeline (``build_site``) before and after an edit of one note in ``annotations/`` (CPU time);
2. which generated pages the edit changes (Markdown compared page by page);
3. MkDocs building every page from files on disk (the pages, assets and the real theme overrides), then
   ``mkdocs build --dirty`` after rewriting only the changed pages: what MkDocs costs when it is told what changed.

    python tests/bench/bench_serve.py [--factor 50] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL_ROOT = HERE.parents[1]
sys.path.insert(0, str(REAL_ROOT / "build"))
sys.path.insert(0, str(HERE))


def cpu_build(root: Path):
    from lawref.pipeline import build_site, load_project
    t = time.process_time()
    result = build_site(load_project(root))
    return result, time.process_time() - t


def write_docs(docs: Path, pages: dict[str, str], only: set[str] | None = None) -> None:
    for path, text in pages.items():
        if only is not None and path not in only:
            continue
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")


def mkdocs(project: Path, site: Path, dirty: bool) -> tuple[float, float]:
    """``mkdocs build`` in a child process: (wall s, CPU s)."""
    cmd = [str(Path(sys.executable).with_name("mkdocs")), "build", "-q", "-f", str(project / "mkdocs.yml"),
           "--site-dir", str(site)] + (["--dirty"] if dirty else [])
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"mkdocs build failed: {proc.stderr.read().decode()[-2000:]}")
    return time.perf_counter() - t, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    import yaml
    from synth import make_library

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--factor", type=int, default=50)
    p.add_argument("--workdir", type=Path)
    args = p.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="lawref-serve-"))
    root = make_library(work / f"library_x{args.factor}", args.factor)
    before, cpu_before = cpu_build(root)
    assert before.site is not None
    # The edit: one note of the real regulation gets a sentence more.
    notes = sorted((root / "annotations").glob("notes-*.yml"))[0]
    text = notes.read_text(encoding="utf-8")
    edited = re.sub(r"(\n    body: )([^\n]*)", r"\1\2（编辑测试）", text, count=1)
    assert edited != text
    notes.write_text(edited, encoding="utf-8")
    after, cpu_after = cpu_build(root)
    assert after.site is not None
    changed = {k for k, v in after.site.pages.items() if before.site.pages.get(k) != v}
    changed_files = {k for k, v in after.site.files.items() if before.site.files.get(k) != v}

    # MkDocs on files: the pages, the static assets and the real theme overrides, the same nav.
    project = work / "onfiles"
    if project.exists():
        shutil.rmtree(project)
    docs = project / "docs"
    shutil.copytree(REAL_ROOT / "site_templates" / "docs", docs)
    write_docs(docs, before.site.pages)
    real = yaml.safe_load((REAL_ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    config = {k: v for k, v in real.items() if k not in ("plugins", "watch", "hooks")}
    config.update({"docs_dir": "docs", "nav": before.site.nav, "plugins": ["search"],
                   "theme": dict(real["theme"], custom_dir=str(REAL_ROOT / "site_templates" / "overrides")),
                   "validation": {"links": {"not_found": "info", "unrecognized_links": "info"}}})
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = project / "site"
    full_wall, full_cpu = mkdocs(project, site, dirty=False)
    time.sleep(1.1)  # mtimes: the rewritten pages are newer than their built HTML
    write_docs(docs, after.site.pages, only=changed)
    dirty_wall, dirty_cpu = mkdocs(project, site, dirty=True)
    print(f"library ×{args.factor}: {len(after.site.pages):,} generated pages, {len(after.corpus.documents)} documents")
    print(f"edit: one note in {notes.name} → {len(changed)} page(s) change: {', '.join(sorted(changed)[:12])}"
          + (" …" if len(changed) > 12 else "") + f"; {len(changed_files)} data file(s) change")
    print(f"pipeline (build_site), CPU s: before {cpu_before:.1f}, after the edit {cpu_after:.1f}")
    print(f"MkDocs, every page from files: wall {full_wall:.1f} s, CPU {full_cpu:.1f} s")
    print(f"MkDocs --dirty, the changed pages rewritten: wall {dirty_wall:.1f} s, CPU {dirty_cpu:.1f} s")
    print(f"load average {os.getloadavg()[0]:.1f} (the machine is shared)")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
