"""Build benchmark (a script, not a test): time by stage, peak memory and output size.

Runs on synthetic libraries of ``--factors`` times the real regulation's articles (``synth.make_library``:
factor 1 is the real page; 50 is about seventy documents of several sizes), or with ``--single-document`` on
the real page made ``--factor`` times longer (``synth.make_project``), so we see how each stage's cost grows.
For each, besides the stages below: the MkDocs phases of ``lawref build`` (``stage_timer.py`` hook), its wall
and CPU time, and the same pages built by plain Material with the same nav (no lawref plugin or overrides,
Material's search) for comparison; bytes per article page (mean, and one fixed page of the real text).

For each corpus, a fresh worker process times the pure pipeline stages
(``lawref.pipeline`` / ``lawref.source.parse`` / ``lawref.check.proofread`` / ``lawref.publish.render``,
called as they are, never modified) over ``--reps`` repetitions and reports the
median, its peak RSS (``ru_maxrss``) and, in one extra traced run, the
``tracemalloc`` peak of ``build_site``. Then the real ``lawref build`` (MkDocs with
the plugin) runs ``--mkdocs-reps`` times in child processes; their wall time,
peak RSS and the output size (files, bytes) are reported.

    python tests/bench/bench_build.py [--factors 1,50,500] [--reps 3] [--mkdocs-reps 1] [--json out.json]

"Growth exponent" in the table is log(cost ratio) / log(input ratio), the input
ratio being the ratio of source characters: 1.0 means the stage scales linearly,
2.0 quadratically.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL_ROOT = HERE.parents[1]
sys.path.insert(0, str(REAL_ROOT / "build"))
sys.path.insert(0, str(HERE))

PROBE_PAGE = "xunshi/art_11/index.html"
"""An article page of the real text, in every library (copy 0 is the real page): its bytes must not grow."""
STAGES = (
    ("load", "load project (read files)"),
    ("corpus", "metadata, pins, read, parse"),
    ("proofread", "proofread (anomalies)"),
    ("editorial", "witnesses, links, annotations"),
    ("render", "render (pages, local nav, permalinks)"),
    ("exports", "exports, redirects, permalink contract"),
    ("search", "search index (lunr.py)"),
    ("build_site", "build_site, whole pipeline"),
    ("downloads", "downloads (PDF, Word; not in build_site)"),
)


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def dump_plain_project(root: Path, dest: Path) -> None:
    """The Markdown pages and nav of ``root``'s build as a plain Material project in ``dest`` (mkdocs.yml,
    docs/): the same pages with the same navigation (MkDocs' nav, and each page's local navigation and footer
    placed by the same theme overrides, ``plain_nav.py``), Material's theme and its own search; none of
    lawref's plugin, pipeline, assets, downloads, exports or search index."""
    import yaml

    from lawref.pipeline import build_site, load_project
    result = build_site(load_project(root))
    if dest.exists():
        shutil.rmtree(dest)
    for path, text in result.site.pages.items():
        target = dest / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    site = result.site
    (dest / "lawref-nav.json").write_text(json.dumps(
        {p: (site.sidebars.get(p, ""), site.footers.get(p, "")) for p in sorted(site.pages)}, ensure_ascii=False),
        encoding="utf-8")
    real = yaml.safe_load((REAL_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {"site_name": real["site_name"], "docs_dir": "docs", "use_directory_urls": True,
              "theme": {"name": "material", "language": "zh", "font": False, "features": real["theme"]["features"],
                        "custom_dir": str(Path(root).resolve() / real["theme"]["custom_dir"])},
              "plugins": ["search"], "markdown_extensions": real["markdown_extensions"],
              "hooks": [str(HERE / "stage_timer.py"), str(HERE / "plain_nav.py")], "nav": result.site.nav,
              "validation": {"links": {"not_found": "info", "unrecognized_links": "info"}}}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def run_worker(root: Path, reps: int, trace: bool = True) -> dict:
    """Time the pipeline stages on ``root`` in this (fresh) process, in CPU time (``time.process_time``: the
    machine is shared, wall time would measure the neighbours); returns medians and memory. The stages are
    the calls ``lawref.pipeline.build_site`` makes, called as they are, never modified."""
    from lawref.check.contract import LOCK_FILE, check_contract
    from lawref.editorial.witnesses import load_witness_register
    from lawref.pipeline import build_site, load_project, proofread, read_corpus
    from lawref.publish.downloads import build_downloads
    from lawref.publish.editorial import build_editorial
    from lawref.publish.exports import add_exports
    from lawref.publish.render import render_site
    from lawref.publish.search import build_search_files

    clock = time.process_time
    rss_after_imports = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times: dict[str, list[float]] = {k: [] for k, _ in STAGES}
    counts: dict = {}
    # One cold run first (lazy imports, template compilation, dictionaries), reported on its own.
    t0 = clock()
    cold = build_site(load_project(root))
    cold_ms = (clock() - t0) * 1000
    if cold.site is None:
        raise SystemExit(f"{root}: build_site failed:\n" + "\n".join(map(str, cold.diagnostics)))
    del cold
    for _ in range(reps):
        marks = [clock()]
        project = load_project(root)
        marks.append(clock())
        sources = read_corpus(project)
        corpus = sources.corpus
        assert corpus is not None, "\n".join(map(str, sources.diagnostics))
        marks.append(clock())
        anomalies = proofread(sources)
        marks.append(clock())
        register, wdiags = load_witness_register(project, corpus)
        ed, ediags = build_editorial(corpus, project.glob("annotations/", ".yml"), register)
        assert ed is not None, "\n".join(map(str, ediags))
        marks.append(clock())
        site = render_site(corpus, anomalies, ed.editorial)
        marks.append(clock())
        site, addresses = add_exports(site, corpus)
        check_contract(addresses, project.get(LOCK_FILE))
        marks.append(clock())
        search = build_search_files(corpus, texts=ed.editorial.texts)
        marks.append(clock())
        result = build_site(project)
        marks.append(clock())
        build_downloads(corpus, ed.marks)  # threads: process_time counts them all
        marks.append(clock())
        if result.site is None:
            raise SystemExit(f"{root}: build_site failed:\n" + "\n".join(map(str, result.diagnostics)))
        for (key, _), t_start, t_end in zip(STAGES, marks, marks[1:]):
            times[key].append(t_end - t_start)
        arts = [a for d in corpus.documents for a in d.articles()]
        counts = {
            "documents": len(corpus.documents), "sources": len(corpus.meta.sources),
            "source_bytes": sum(len(project.get(s.file) or b"") for s in corpus.meta.sources),
            "articles": len(arts), "articles_present": sum(not a.missing for a in arts),
            "paragraphs": sum(len(a.paragraphs) for a in arts),
            "items": sum(len(p.items) for a in arts for p in a.paragraphs),
            "repairs": len(corpus.repairs), "anomalies": len(anomalies),
            "pages": len(result.site.pages),
            "markdown_bytes": sum(len(v.encode()) for v in result.site.pages.values()),
            "search_bytes": sum(len(v) for v in search.values()),
        }
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    traced_peak = float("nan")
    if trace:
        import tracemalloc
        tracemalloc.start()
        build_site(load_project(root))
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "stages_ms": {k: statistics.median(v) * 1000 for k, v in times.items()},
        "stages_ms_min": {k: min(v) * 1000 for k, v in times.items()},
        "reps": reps,
        "cold_build_site_ms": cold_ms,
        "rss_after_imports_kib": rss_after_imports,
        "rss_peak_kib": rss_peak,
        "tracemalloc_peak_bytes": traced_peak,
        "counts": counts,
    }


def _dir_size(path: Path) -> tuple[int, int, int]:
    """(files, bytes, largest file) under ``path``."""
    files = total = largest = 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            size = os.path.getsize(os.path.join(dirpath, n))
            files += 1
            total += size
            largest = max(largest, size)
    return files, total, largest


def _page_stats(site: Path) -> dict:
    """Bytes of article pages (every ``*/art_N/index.html``) and of one fixed page of the real text, with
    the share of the primary sidebar (Material's nav and the local navigation) in it."""
    import re
    sizes = sorted(p.stat().st_size for p in site.glob("*/art_*/index.html"))
    probe = site / PROBE_PAGE
    out = {"article_pages": len(sizes), "article_page_mean": statistics.mean(sizes) if sizes else 0,
           "article_page_median": statistics.median(sizes) if sizes else 0}
    if probe.exists():
        html = probe.read_text(encoding="utf-8")
        m = re.search(r'<div class="md-sidebar md-sidebar--primary".*?<div class="md-sidebar md-sidebar--secondary"', html, re.S)
        out["probe_bytes"] = len(html.encode())
        out["probe_sidebar_bytes"] = len(m.group(0).encode()) if m else 0
    return out


class TreeMemory(threading.Thread):
    """The memory of a process and all its descendants together, sampled every 50 ms: the largest sum of their
    proportional set sizes (``/proc/PID/smaps_rollup``: a page two processes share counts half in each), in KiB.
    The peaks of the processes one by one (``ru_maxrss``) need not coincide; this is what the build held at once."""

    def __init__(self, pid: int, every: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_kib, self._done = pid, every, 0, threading.Event()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as f:
                        ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            out.append(p)
            todo.extend(children.get(p, []))
        return out

    @staticmethod
    def _pss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def run(self) -> None:
        while not self._done.wait(self.every):
            self.peak_kib = max(self.peak_kib, sum(self._pss(p) for p in self._tree()))

    def stop(self) -> None:
        self._done.set()
        self.join()


def run_mkdocs(root: Path, site_dir: Path, reps: int, keep: bool, plain: bool = False) -> dict:
    """``lawref --root root build`` (or, ``plain``, ``mkdocs build`` of the plain project ``root``) in child
    processes: wall and CPU time, MkDocs phases, peak RSS, output size."""
    if plain:
        cmd = [str(Path(sys.executable).with_name("mkdocs")), "build", "-q", "-f", str(root / "mkdocs.yml"),
               "--site-dir", str(site_dir)]
    else:
        # The synthetic project's mkdocs.yml is a copy of the real one: the phase timer is added to it.
        config = root / "mkdocs.yml"
        text = (REAL_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        if root != REAL_ROOT:
            config.write_text(text + f"hooks:\n  - {HERE / 'stage_timer.py'}\n", encoding="utf-8")
        cmd = [str(Path(sys.executable).with_name("lawref")), "--root", str(root), "build", "--site-dir", str(site_dir)]
    walls, cpus, rss, marks, tree_peaks = [], [], [], [], []
    size = (0, 0, 0)
    pages: dict = {}
    for rep in range(reps):
        if site_dir.exists():
            shutil.rmtree(site_dir)
        log = site_dir.with_name(site_dir.name + ".log")
        stages = site_dir.with_name(site_dir.name + ".stages.json")
        t0 = time.time()
        env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1708560000"),
                   LAWREF_BENCH_T0=repr(t0), LAWREF_BENCH_STAGES=str(stages))
        with open(log, "wb") as out:
            t = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                    cwd=str(root) if not plain else None)
            sampler = TreeMemory(proc.pid)
            sampler.start()
            _, status, usage = os.wait4(proc.pid, 0)
            walls.append(time.perf_counter() - t)
            sampler.stop()
            tree_peaks.append(sampler.peak_kib)
        cpus.append(usage.ru_utime + usage.ru_stime)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"build failed on {root} (exit {proc.returncode}):\n"
                             + log.read_text(errors="replace")[-3000:])
        rss.append(usage.ru_maxrss)
        if stages.exists():
            marks.append(json.loads(stages.read_text()))
        size = _dir_size(site_dir)
        pages = _page_stats(site_dir)
        if not keep or rep < reps - 1:
            shutil.rmtree(site_dir)
    if not plain and root != REAL_ROOT:
        (root / "mkdocs.yml").write_text((REAL_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    files, total, largest = size
    phases = {}
    if marks:
        order = ["config", "files", "nav", "markdown", "pages", "end"]
        for key in order:
            phases[key] = statistics.median(m.get(key, float("nan")) for m in marks) * 1000
    for key in ("cpu_self", "cpu_children", "maxrss_children_kib", "maxrss_self_kib"):
        if marks and key in marks[0]:
            phases[key] = statistics.median(m[key] for m in marks) * (1000 if key.startswith("cpu") else 1)
    return {"wall_ms": statistics.median(walls) * 1000, "wall_ms_all": [w * 1000 for w in walls],
            "cpu_ms": statistics.median(cpus) * 1000, "phase_ends_ms": phases,
            "rss_peak_kib": max(rss), "tree_pss_peak_kib": max(tree_peaks), "files": files, "bytes": total, "largest_file_bytes": largest,
            "pages": pages, "reps": reps}


def _worker_subprocess(root: Path, reps: int, trace: bool = True) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", str(root), "--reps", str(reps),
                          *([] if trace else ["--no-trace"])],
                         check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(out.stdout)


def _fmt(v: float, unit: str = "") -> str:
    if v >= 100:
        return f"{v:,.0f}{unit}"
    if v >= 10:
        return f"{v:.1f}{unit}"
    return f"{v:.2f}{unit}"


def _growth(small: float, big: float, size_ratio: float) -> str:
    if small <= 0 or big <= 0:
        return ""
    r = big / small
    return f"{r:,.1f}×   n^{math.log(r) / math.log(size_ratio):.2f}" if size_ratio > 1 else f"{r:,.1f}×"


def print_report(results: dict, names: list[str]) -> None:
    """A readable table: one row per stage/measure, one column per corpus, then the growth."""
    small, big = results[names[0]], results[names[-1]]
    size_ratio = big["pipeline"]["counts"]["articles"] / small["pipeline"]["counts"]["articles"]
    w = 46
    head = f"{'':<{w}}" + "".join(f"{n:>16}" for n in names) + "   growth (last/first, exponent)"

    def row(label: str, vals: list[float], fmt=_fmt) -> None:
        print(f"{label:<{w}}" + "".join(f"{fmt(v):>16}" for v in vals) + f"   {_growth(vals[0], vals[-1], size_ratio)}")

    def get(path: str, r: dict):
        for k in path.split("."):
            r = r.get(k, {}) if isinstance(r, dict) else {}
        return r if isinstance(r, (int, float)) else float("nan")

    print("\nInput")
    print(head)
    for key, label in (("documents", "documents"), ("sources", "source files"), ("source_bytes", "source bytes"),
                       ("articles", "articles (incl. lacunae)"), ("paragraphs", "款 / paragraphs"),
                       ("items", "项 / items"), ("pages", "generated pages"),
                       ("markdown_bytes", "generated Markdown bytes")):
        row(label, [results[n]["pipeline"]["counts"].get(key, 0) for n in names], lambda v: f"{v:,}")
    print(f"\nPipeline stages, CPU time, median of {small['pipeline']['reps']} warm runs in one process, ms")
    print(head)
    for key, label in STAGES:
        row(label, [results[n]["pipeline"]["stages_ms"][key] for n in names])
    row("build_site, first (cold) run, CPU", [results[n]["pipeline"]["cold_build_site_ms"] for n in names])
    if all("mkdocs" in results[n] for n in names):
        print("\nlawref build (child process), ms")
        print(head)
        row("wall", [results[n]["mkdocs"]["wall_ms"] for n in names])
        row("CPU (user + system)", [results[n]["mkdocs"]["cpu_ms"] for n in names])
        row("  of which MkDocs' process (lawref pipeline, pages)", [get("mkdocs.phase_ends_ms.cpu_self", results[n]) for n in names])
        row("  of which the background process (search, downloads)", [get("mkdocs.phase_ends_ms.cpu_children", results[n]) for n in names])
        prev = None
        for key, label in (("config", "  until config done (imports, lawref pipeline)"), ("files", "  files"),
                           ("nav", "  nav"), ("markdown", "  Markdown → HTML, every page"),
                           ("pages", "  theme templates + write, every page"), ("end", "  post-build (search, files)")):
            vals = [get(f"mkdocs.phase_ends_ms.{key}", results[n]) - (get(f"mkdocs.phase_ends_ms.{prev}", results[n]) if prev else 0)
                    for n in names]
            row(label + " (wall)", vals)
            prev = key
    if all("plain" in results[n] for n in names):
        print("\nPlain Material, same pages and nav (mkdocs build, Material's search), ms")
        print(head)
        row("wall", [results[n]["plain"]["wall_ms"] for n in names])
        row("CPU (user + system)", [results[n]["plain"]["cpu_ms"] for n in names])
        row("lawref build / plain Material, CPU", [results[n]["mkdocs"]["cpu_ms"] / results[n]["plain"]["cpu_ms"] for n in names],
            lambda v: f"{v:.2f}×")
        row("lawref build / plain Material, wall", [results[n]["mkdocs"]["wall_ms"] / results[n]["plain"]["wall_ms"] for n in names],
            lambda v: f"{v:.2f}×")
    print("\nMemory, MiB")
    print(head)
    row("pipeline worker peak RSS", [results[n]["pipeline"]["rss_peak_kib"] / 1024 for n in names])
    row("tracemalloc peak of build_site", [results[n]["pipeline"]["tracemalloc_peak_bytes"] / 2**20 for n in names])
    if all("mkdocs" in results[n] for n in names):
        row("lawref build peak RSS (largest process)", [results[n]["mkdocs"]["rss_peak_kib"] / 1024 for n in names])
        row("  all its processes at once (PSS, sampled)", [results[n]["mkdocs"].get("tree_pss_peak_kib", 0) / 1024 for n in names])
        row("  MkDocs' process peak RSS", [get("mkdocs.phase_ends_ms.maxrss_self_kib", results[n]) / 1024 for n in names])
        row("  background process peak RSS", [get("mkdocs.phase_ends_ms.maxrss_children_kib", results[n]) / 1024 for n in names])
    if all("plain" in results[n] for n in names):
        row("plain Material build peak RSS", [results[n]["plain"]["rss_peak_kib"] / 1024 for n in names])
        row("  (PSS, sampled)", [results[n]["plain"].get("tree_pss_peak_kib", 0) / 1024 for n in names])
    if all("mkdocs" in results[n] for n in names):
        print("\nOutput (site/), apparent sizes")
        print(head)
        row("files", [results[n]["mkdocs"]["files"] for n in names], lambda v: f"{v:,}")
        row("MiB", [results[n]["mkdocs"]["bytes"] / 2**20 for n in names])
        row("largest file, KiB", [results[n]["mkdocs"]["largest_file_bytes"] / 1024 for n in names])
        row("article pages", [get("mkdocs.pages.article_pages", results[n]) for n in names], lambda v: f"{v:,}")
        row("article page, mean KiB", [get("mkdocs.pages.article_page_mean", results[n]) / 1024 for n in names])
        row(f"{PROBE_PAGE}, KiB", [get("mkdocs.pages.probe_bytes", results[n]) / 1024 for n in names])
        row("  of which the primary sidebar, KiB", [get("mkdocs.pages.probe_sidebar_bytes", results[n]) / 1024 for n in names])
        if all("plain" in results[n] for n in names):
            row("plain Material output MiB", [results[n]["plain"]["bytes"] / 2**20 for n in names])
    print(f"\ninput ratio (articles): {size_ratio:.1f}×")


def _code_state() -> dict:
    """The commit measured, and how many files of the pipeline differ from it (figures depend on both)."""
    def git(*args: str) -> str:
        r = subprocess.run(["git", "-C", str(REAL_ROOT), *args], capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else ""
    dirty = git("status", "--porcelain", "--", "build", "site_templates", "mkdocs.yml")
    return {"commit": git("rev-parse", "HEAD") or "unknown", "dirty_files": len(dirty.splitlines()),
            "python": sys.version.split()[0], "cpus": os.cpu_count()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--factors", default="1,50", help="library sizes, × the real regulation's articles (comma-separated)")
    p.add_argument("--single-document", action="store_true",
                   help="the real page made --factor times longer (one document) instead of a library")
    p.add_argument("--factor", type=int, default=50, help="with --single-document: size of the synthetic page")
    p.add_argument("--reps", type=int, default=3, help="repetitions of the pipeline stages")
    p.add_argument("--mkdocs-reps", type=int, default=1, help="repetitions of the full lawref build (0: skip)")
    p.add_argument("--no-plain", action="store_true", help="skip the plain Material build")
    p.add_argument("--json", type=Path, help="also write the figures as JSON")
    p.add_argument("--workdir", type=Path, help="where the synthetic projects and sites go (default: a temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the built sites")
    p.add_argument("--no-annotations", action="store_true", help="synthetic projects without the real annotations/")
    p.add_argument("--no-trace", action="store_true", help="skip the tracemalloc run of build_site (slow at 500x)")
    p.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--dump-plain", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker and args.dump_plain:
        dump_plain_project(args.worker, args.dump_plain)
        return 0
    if args.worker:
        json.dump(run_worker(args.worker, args.reps, trace=not args.no_trace), sys.stdout)
        return 0

    from synth import make_library, make_project
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="lawref-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    # The synthetic projects carry the real editorial layer (copy 0 is the real text), so the link/annotation
    # stages do their real work while the library grows.
    ann = not args.no_annotations
    if args.single_document:
        corpora = [("source", REAL_ROOT),
                   (f"page ×{args.factor}", make_project(workdir / f"synth_x{args.factor}", args.factor, annotations=ann))]
    else:
        corpora = [(f"library ×{f}", make_library(workdir / f"library_x{f}", f, annotations=ann))
                   for f in (int(x) for x in args.factors.split(","))]
    results: dict = {}
    for name, root in corpora:
        reps = args.reps if "500" not in name else 1
        print(f"[{name}] pipeline stages × {reps} …", file=sys.stderr, flush=True)
        results[name] = {"root": str(root), "pipeline": _worker_subprocess(root, reps, trace=not args.no_trace)}
        if args.mkdocs_reps:
            print(f"[{name}] lawref build × {args.mkdocs_reps} …", file=sys.stderr, flush=True)
            site = workdir / f"site-{root.name if root != REAL_ROOT else 'source'}"
            results[name]["mkdocs"] = run_mkdocs(root, site, args.mkdocs_reps, args.keep)
            if not args.no_plain:
                print(f"[{name}] plain Material build × {args.mkdocs_reps} …", file=sys.stderr, flush=True)
                plain = workdir / f"plain-{root.name if root != REAL_ROOT else 'source'}"
                subprocess.run([sys.executable, __file__, "--worker", str(root), "--dump-plain", str(plain)], check=True)
                results[name]["plain"] = run_mkdocs(plain, workdir / f"site-plain-{plain.name}", args.mkdocs_reps,
                                                    args.keep, plain=True)
    names = [n for n, _ in corpora]
    results["_meta"] = _code_state()
    print_report(results, names)
    print(f"code: {results['_meta']['commit'][:10]}"
          + (f" + uncommitted changes in {results['_meta']['dirty_files']} pipeline file(s)" if results['_meta']['dirty_files'] else "")
          + f"; {results['_meta']['cpus']} CPUs, load average {os.getloadavg()[0]:.1f} at the end (other work shares them)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    if not args.workdir and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
