"""Build benchmark (a script, not a test): time by stage, peak memory and output size.

Runs on the real source and on a synthetic corpus ``--factor`` times larger
(``tests/bench/synth.py``), so we see how each stage's cost grows with the input.

For each corpus, a fresh worker process times the pure pipeline stages
(``lawref.pipeline`` / ``lawref.parse`` / ``lawref.proofread`` / ``lawref.render``,
called as they are, never modified) over ``--reps`` repetitions and reports the
median, its peak RSS (``ru_maxrss``) and, in one extra traced run, the
``tracemalloc`` peak of ``build_site``. Then the real ``lawref build`` (MkDocs with
the plugin) runs ``--mkdocs-reps`` times in child processes; their wall time,
peak RSS and the output size (files, bytes) are reported.

    python tests/bench/bench_build.py [--factor 50] [--reps 5] [--mkdocs-reps 3] [--json out.json]

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
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL_ROOT = HERE.parents[1]
sys.path.insert(0, str(REAL_ROOT / "build"))
sys.path.insert(0, str(HERE))

STAGES = (
    ("load", "load project (read files)"),
    ("metadata", "metadata + sha256 pin"),
    ("read", "read (decode, positions)"),
    ("parse", "parse (model, repairs)"),
    ("proofread", "proofread (anomalies)"),
    ("render", "render (pages, permalinks)"),
    ("build_site", "build_site, whole pipeline"),
    ("other", "  of which link/annotations/other"),
)


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def run_worker(root: Path, reps: int) -> dict:
    """Time the pipeline stages on ``root`` in this (fresh) process; returns medians and memory."""
    from lawref.metadata import check_pin, load_corpus_meta
    from lawref.parse import parse_corpus
    from lawref.pipeline import CORPUS_META, build_site, load_project
    from lawref.proofread import find_anomalies
    from lawref.read import read_source
    from lawref.render import render_site

    rss_after_imports = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times: dict[str, list[float]] = {k: [] for k, _ in STAGES}
    counts: dict = {}
    # One cold run first (lazy imports, template compilation, dictionaries), reported on its own.
    t0 = time.perf_counter()
    cold = build_site(load_project(root))
    cold_ms = (time.perf_counter() - t0) * 1000
    if cold.site is None:
        raise SystemExit(f"{root}: build_site failed:\n" + "\n".join(map(str, cold.diagnostics)))
    del cold
    for _ in range(reps):
        t0 = time.perf_counter()
        project = load_project(root)
        t1 = time.perf_counter()
        meta_text = project.get(CORPUS_META).decode("utf-8")
        meta, mdiags = load_corpus_meta(CORPUS_META, meta_text)
        assert meta is not None, mdiags
        data = project.get(meta.source)
        pin = check_pin(CORPUS_META, meta_text, meta, data)
        t2 = time.perf_counter()
        src, rdiags = read_source(meta.source, data)
        t3 = time.perf_counter()
        corpus, pdiags = parse_corpus(src, meta)
        t4 = time.perf_counter()
        anomalies = find_anomalies(corpus, src)
        t5 = time.perf_counter()
        diags = mdiags + pin + rdiags + pdiags
        site = render_site(corpus, anomalies + tuple(d for d in diags if d.severity != "error"))
        t6 = time.perf_counter()
        result = build_site(project)
        t7 = time.perf_counter()
        if result.site is None:
            raise SystemExit(f"{root}: build_site failed:\n" + "\n".join(map(str, result.diagnostics)))
        for key, dt in (("load", t1 - t0), ("metadata", t2 - t1), ("read", t3 - t2), ("parse", t4 - t3),
                        ("proofread", t5 - t4), ("render", t6 - t5), ("build_site", t7 - t6)):
            times[key].append(dt)
        times["other"].append(max(0.0, (t7 - t6) - (t6 - t1)))
        arts = [a for d in corpus.documents for a in d.articles()]
        counts = {
            "source_bytes": len(data), "source_chars": len(src.text), "source_lines": len(src.lines),
            "articles": len(arts), "articles_present": sum(not a.missing for a in arts),
            "paragraphs": sum(len(a.paragraphs) for a in arts),
            "items": sum(len(p.items) for a in arts for p in a.paragraphs),
            "repairs": len(corpus.repairs), "anomalies": len(anomalies),
            "diagnostics": len(diags),
            "pages": len(result.site.pages),
            "markdown_bytes": sum(len(v.encode()) for v in result.site.pages.values()),
            "bare_render_pages": len(site.pages),
        }
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
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


def run_mkdocs(root: Path, site_dir: Path, reps: int, keep: bool) -> dict:
    """``lawref --root root build`` in child processes: wall time, peak RSS, output size."""
    lawref = Path(sys.executable).with_name("lawref")
    cmd = [str(lawref), "--root", str(root), "build", "--site-dir", str(site_dir)]
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1708560000"))
    walls, rss = [], []
    size = (0, 0, 0)
    for rep in range(reps):
        if site_dir.exists():
            shutil.rmtree(site_dir)
        log = site_dir.with_name(site_dir.name + ".log")
        with open(log, "wb") as out:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            walls.append(time.perf_counter() - t0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"lawref build failed on {root} (exit {proc.returncode}):\n"
                             + log.read_text(errors="replace")[-3000:])
        rss.append(usage.ru_maxrss)
        size = _dir_size(site_dir)
        if not keep or rep < reps - 1:
            shutil.rmtree(site_dir)
    files, total, largest = size
    return {"wall_ms": statistics.median(walls) * 1000, "wall_ms_all": [w * 1000 for w in walls],
            "rss_peak_kib": max(rss), "files": files, "bytes": total, "largest_file_bytes": largest,
            "reps": reps}


def _worker_subprocess(root: Path, reps: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", str(root), "--reps", str(reps)],
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
    size_ratio = big["pipeline"]["counts"]["source_chars"] / small["pipeline"]["counts"]["source_chars"]
    w = 42
    head = f"{'':<{w}}" + "".join(f"{n:>18}" for n in names) + f"   {'growth (last/first, exponent)'}"
    print("\nInput")
    print(head)
    for key, label in (("source_bytes", "source bytes"), ("source_lines", "source lines"),
                       ("articles", "articles (incl. lacunae)"), ("articles_present", "articles in the source"),
                       ("paragraphs", "款 / paragraphs"), ("items", "项 / items"), ("repairs", "layout repairs"),
                       ("anomalies", "anomalies"), ("pages", "generated pages"),
                       ("markdown_bytes", "generated Markdown bytes")):
        vals = [results[n]["pipeline"]["counts"][key] for n in names]
        print(f"{label:<{w}}" + "".join(f"{v:>18,}" for v in vals)
              + f"   {_growth(vals[0], vals[-1], size_ratio)}")
    print(f"\nTime, median of {small['pipeline']['reps']} warm runs (pipeline) / "
          f"{small.get('mkdocs', {}).get('reps', 0)} (MkDocs) runs, ms")
    print(head)
    for key, label in STAGES:
        vals = [results[n]["pipeline"]["stages_ms"][key] for n in names]
        print(f"{label:<{w}}" + "".join(f"{_fmt(v):>18}" for v in vals) + f"   {_growth(vals[0], vals[-1], size_ratio)}")
    vals = [results[n]["pipeline"]["cold_build_site_ms"] for n in names]
    print(f"{'build_site, first (cold) run':<{w}}" + "".join(f"{_fmt(v):>18}" for v in vals)
          + f"   {_growth(vals[0], vals[-1], size_ratio)}")
    if all("mkdocs" in results[n] for n in names):
        vals = [results[n]["mkdocs"]["wall_ms"] for n in names]
        print(f"{'lawref build (MkDocs total, wall)':<{w}}" + "".join(f"{_fmt(v):>18}" for v in vals)
              + f"   {_growth(vals[0], vals[-1], size_ratio)}")
        vals = [results[n]["mkdocs"]["wall_ms"] - results[n]["pipeline"]["stages_ms"]["build_site"] for n in names]
        print(f"{'  of which MkDocs/theme (≈ total−pipeline)':<{w}}" + "".join(f"{_fmt(v):>18}" for v in vals)
              + f"   {_growth(vals[0], vals[-1], size_ratio)}")
    print("\nMemory, MiB")
    print(head)
    rows = [("pipeline worker peak RSS", lambda r: r["pipeline"]["rss_peak_kib"] / 1024),
            ("  of which after imports", lambda r: r["pipeline"]["rss_after_imports_kib"] / 1024),
            ("tracemalloc peak of build_site", lambda r: r["pipeline"]["tracemalloc_peak_bytes"] / 2**20)]
    if all("mkdocs" in results[n] for n in names):
        rows.append(("lawref build peak RSS", lambda r: r["mkdocs"]["rss_peak_kib"] / 1024))
    for label, get in rows:
        vals = [get(results[n]) for n in names]
        print(f"{label:<{w}}" + "".join(f"{_fmt(v):>18}" for v in vals) + f"   {_growth(vals[0], vals[-1], size_ratio)}")
    if all("mkdocs" in results[n] for n in names):
        print("\nOutput (site/)")
        print(head)
        for key, label, scale in (("files", "files", 1), ("bytes", "MiB", 2**20),
                                  ("largest_file_bytes", "largest file, KiB", 1024)):
            vals = [results[n]["mkdocs"][key] / scale for n in names]
            print(f"{label:<{w}}" + "".join(f"{_fmt(v):>18}" for v in vals)
                  + f"   {_growth(vals[0], vals[-1], size_ratio)}")
    print(f"\ninput ratio (source characters): {size_ratio:.1f}×")


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
    p.add_argument("--factor", type=int, default=50, help="size of the synthetic corpus (× the source)")
    p.add_argument("--reps", type=int, default=5, help="repetitions of the pipeline stages")
    p.add_argument("--mkdocs-reps", type=int, default=3, help="repetitions of the full lawref build (0: skip)")
    p.add_argument("--json", type=Path, help="also write the figures as JSON")
    p.add_argument("--workdir", type=Path, help="where the synthetic project and sites go (default: a temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the built sites")
    p.add_argument("--no-annotations", action="store_true", help="synthetic project without the real annotations/")
    p.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        json.dump(run_worker(args.worker, args.reps), sys.stdout)
        return 0

    from synth import make_project
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="lawref-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    # The synthetic project carries the real editorial layer (its copy 0 is the real text), so the
    # link/annotation stages do their real work while the text grows.
    synth = make_project(workdir / f"synth_x{args.factor}", args.factor, annotations=not args.no_annotations)
    corpora = [("source", REAL_ROOT), (f"synthetic ×{args.factor}", synth)]
    results: dict = {}
    for name, root in corpora:
        print(f"[{name}] pipeline stages × {args.reps} …", file=sys.stderr, flush=True)
        results[name] = {"root": str(root), "pipeline": _worker_subprocess(root, args.reps)}
        if args.mkdocs_reps:
            print(f"[{name}] lawref build × {args.mkdocs_reps} …", file=sys.stderr, flush=True)
            site = workdir / f"site-{root.name if root != REAL_ROOT else 'source'}"
            results[name]["mkdocs"] = run_mkdocs(root, site, args.mkdocs_reps, args.keep)
    names = [n for n, _ in corpora]
    results["_meta"] = _code_state()
    print_report(results, names)
    print(f"code: {results['_meta']['commit'][:10]}"
          + (f" + uncommitted changes in {results['_meta']['dirty_files']} pipeline file(s)" if results['_meta']['dirty_files'] else ""))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    if not args.workdir and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
