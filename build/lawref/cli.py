"""Command line: ``lawref build | serve | check | dump-model``. The only other layer that touches files."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from .diagnostics import format_all, has_errors
from .pipeline import build_corpus, build_site, load_project, parse_source_file
from .plugin import SOURCE_DATE_EPOCH


def _root(args) -> Path:
    return Path(args.root).resolve()


def cmd_build(args) -> int:
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    if args.strict:
        os.environ["LAWREF_STRICT"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    try:
        cfg = load_config(str(_root(args) / "mkdocs.yml"), site_dir=str(Path(args.site_dir).resolve()), strict=True)
        build(cfg)
    except MkDocsException as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args) -> int:
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException
    try:
        serve(config_file=str(_root(args) / "mkdocs.yml"), dev_addr=args.addr, livereload=True)
    except MkDocsException as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


def cmd_check(args) -> int:
    """Diagnostics and anomalies of the project's source, or of the files given."""
    from .proofread import find_anomalies
    from .read import read_source
    results = []
    if args.files:
        for f in args.files:
            try:
                data = Path(f).read_bytes()
            except OSError as e:
                print(f"{f}:1:1: error: cannot read the file: {e.strerror} (expected a readable text file) [io]")
                results.append(("error",))
                continue
            corpus, diags = parse_source_file(f, data)
            anomalies = ()
            if corpus is not None:
                anomalies = find_anomalies(corpus, read_source(f, data)[0])
            print(format_all(diags + anomalies))
            results.append(diags)
    else:
        project = load_project(_root(args))
        res = build_site(project)
        print(format_all(res.diagnostics + res.anomalies))
        results.append(res.diagnostics)
    failed = any(has_errors(r, strict=args.strict) if r != ("error",) else True for r in results)
    return 1 if failed else 0


def cmd_dump_model(args) -> int:
    corpus, diags = build_corpus(load_project(_root(args)))
    if corpus is None:
        print(format_all(diags), file=sys.stderr)
        return 1
    try:
        json.dump(asdict(corpus), sys.stdout, ensure_ascii=False, sort_keys=True, indent=1)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # `lawref dump-model | head`: the reader left; not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="lawref", description="Build the annotated legal reference site.")
    p.add_argument("--root", default=".", help="project root (holds mkdocs.yml, content/, annotations/)")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build the static site")
    b.add_argument("--site-dir", default="site")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help="build, serve with live reload")
    s.add_argument("--addr", default="127.0.0.1:8000")
    s.set_defaults(func=cmd_serve)
    c = sub.add_parser("check", help="list every diagnostic and anomaly of the source (or of FILES)")
    c.add_argument("files", nargs="*")
    c.add_argument("--strict", action="store_true")
    c.set_defaults(func=cmd_check)
    d = sub.add_parser("dump-model", help="print the document model as JSON")
    d.set_defaults(func=cmd_dump_model)
    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
