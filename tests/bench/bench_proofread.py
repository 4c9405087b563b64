"""Proofreader benchmark (a script, not a test): ``lawref check FILE`` time and peak memory on large sources.

Sources (written to a temp dir; deterministic):

- ``synthetic 1 MB`` / ``synthetic 5 MB``: the real page made 35 / 170 times larger (``tests/bench/synth.py``);
- ``one 1 MB line``: the text of the real page repeated on a single line (no line breaks at all);
- ``random 1 MB``: random ideographs with a pause or stop mark now and then (no term repeats: the worst case
  of the first term-variant detector, which stored every n-gram).

Each source runs in a fresh worker process doing what ``lawref check FILE`` does (read + parse,
proofread, format every diagnostic); it reports the wall time of each step, the CPU time of the whole
(the figure to compare on a shared machine) and its peak RSS (``ru_maxrss``).
``--code DIR`` measures another checkout's ``build/`` (e.g. the code before a change); ``--timeout``
stops a worker that takes longer (reported as such).

    python tests/bench/bench_proofread.py [--sizes 1,5] [--code /path/to/other/build] [--timeout 300] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL_ROOT = HERE.parents[1]
MB = 1_000_000


def make_sources(dest: Path, sizes: list[int]) -> list[tuple[str, Path]]:
    """(name, path) of each benchmark source, written under ``dest``."""
    sys.path.insert(0, str(HERE))
    from synth import make_project
    out: list[tuple[str, Path]] = []
    real = REAL_ROOT / "content" / "source"
    text = next(sorted(real.glob("*.txt")).__iter__()).read_text(encoding="utf-8")
    per_copy = len(text.encode())
    for size in sizes:
        factor = max(1, round(size * MB / per_copy))
        root = make_project(dest / f"synth{size}", factor)
        out.append((f"synthetic {size} MB", next((root / "content" / "source").glob("*.txt"))))
    body = "".join(line for line in text.split("\n") if line.strip() and not line.startswith("#"))
    line = (body * (MB // len(body.encode()) + 1))
    line = line[:len(line) * MB // len(line.encode())]
    p = dest / "one-line.txt"
    p.write_text("# 一行\n\n" + line + "\n", encoding="utf-8")
    out.append(("one 1 MB line", p))
    rng = random.Random("lawref-bench-proofread")
    ideographs = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    paras = []
    n = 0
    while n < MB:
        para = "".join(rng.choice(ideographs) + ("，" if rng.random() < 0.06 else "") for _ in range(300)) + "。"
        paras.append(para)
        n += len(para.encode()) + 2
    p = dest / "random.txt"
    p.write_text("# 随机\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    out.append(("random 1 MB", p))
    return out


def run_worker(path: Path) -> dict:
    """What ``lawref check FILE`` does, timed step by step, in this (fresh) process."""
    from lawref.check.proofread import find_anomalies
    from lawref.diagnostics import format_all
    from lawref.pipeline import parse_source_file
    from lawref.source.read import read_source
    data = path.read_bytes()
    c0 = time.process_time()
    t0 = time.perf_counter()
    corpus, diags = parse_source_file(str(path), data)
    t1 = time.perf_counter()
    anomalies = find_anomalies(corpus, read_source(str(path), data)[0]) if corpus is not None else ()
    t2 = time.perf_counter()
    report = format_all(diags + anomalies)
    t3 = time.perf_counter()
    c3 = time.process_time()
    return {"check_cpu_s": c3 - c0, "bytes": len(data), "read_parse_s": t1 - t0, "proofread_s": t2 - t1, "format_s": t3 - t2,
            "check_s": t3 - t0, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "diagnostics": len(diags) + len(anomalies), "report_bytes": len(report.encode())}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1,5", help="sizes of the synthetic sources in MB (comma-separated)")
    p.add_argument("--code", type=Path, default=REAL_ROOT / "build", help="the build/ folder whose lawref is measured")
    p.add_argument("--timeout", type=float, default=600, help="seconds before a worker is stopped")
    p.add_argument("--json", type=Path, help="also write the figures as JSON")
    p.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        sys.path.insert(0, str(args.code))
        json.dump(run_worker(args.worker), sys.stdout)
        return 0
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="lawref-bench-proofread-") as tmp:
        sources = make_sources(Path(tmp), [int(s) for s in args.sizes.split(",")])
        print(f"code: {args.code}", flush=True)
        print(f"{'source':<18} {'MB':>5} {'parse s':>8} {'proofread s':>12} {'format s':>9} {'check s':>8} "
              f"{'CPU s':>6} {'CPU s/MB':>8} {'peak RSS MB':>12} {'findings':>9}", flush=True)
        for name, path in sources:
            try:
                r = subprocess.run([sys.executable, __file__, "--worker", str(path), "--code", str(args.code)],
                                   capture_output=True, text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                results[name] = {"timeout_s": args.timeout}
                print(f"{name:<18} did not finish in {args.timeout:.0f} s", flush=True)
                continue
            if r.returncode:
                print(f"{name:<18} failed:\n{r.stderr}", flush=True)
                results[name] = {"failed": r.stderr[-2000:]}
                continue
            f = json.loads(r.stdout)
            results[name] = f
            mb = f["bytes"] / MB
            print(f"{name:<18} {mb:>5.2f} {f['read_parse_s']:>8.2f} {f['proofread_s']:>12.2f} {f['format_s']:>9.2f} "
                  f"{f['check_s']:>8.2f} {f['check_cpu_s']:>6.2f} {f['check_cpu_s'] / mb:>8.2f} {f['peak_rss_mb']:>12.0f} {f['diagnostics']:>9}",
                  flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
