"""Command line: ``lawref build | serve | check | dump-model``. The only other layer that touches files."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import stat
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import format_all, has_errors
from .pipeline import build_corpus, build_site, load_project
from .plugin import SOURCE_DATE_EPOCH

if TYPE_CHECKING:
    from .cite.permalinks import Permalink


def _root(args) -> Path:
    return Path(args.root).resolve()


def cmd_build(args) -> int:
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    if args.strict:
        os.environ["LAWREF_STRICT"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    # MkDocs reports a plugin's error (our diagnostics) through its logger; without its own CLI
    # nothing would print it, and the build would fail saying only "Aborted with a BuildError!".
    handler = _stderr_handler()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    # The plugin's own summary (editorial coverage) is INFO: shown too, on stderr.
    lawref_log, info = logging.getLogger("mkdocs.plugins.lawref"), _stderr_handler(logging.INFO, only_below=logging.WARNING)
    lawref_log.setLevel(logging.INFO)
    lawref_log.addHandler(info)
    site_dir = Path(args.site_dir).resolve()
    staging = staging_dir(site_dir)
    try:
        cfg = load_config(str(_root(args) / "mkdocs.yml"), site_dir=str(staging or site_dir), strict=True)
        if args.base is not None:
            cfg.plugins["lawref"].config["base"] = args.base
        build(cfg)
        if staging is not None:
            update_tree(staging, site_dir)
    except MkDocsException as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        mkdocs_log.removeHandler(handler)
        lawref_log.removeHandler(info)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return 0


RAM_DIR = Path("/dev/shm")
"""A RAM file system (tmpfs) where ``lawref build`` builds before updating an existing site folder."""


def staging_dir(site_dir: Path, ram: Path | None = None) -> Path | None:
    """A new empty folder in ``ram`` (default ``RAM_DIR``) to build in when ``site_dir`` holds a previous build
    (something besides hidden entries) on another file system and ``ram`` has room for twice its size; else None (build into
    ``site_dir`` itself).

    Why: MkDocs empties the site folder and writes every file again. On this project's VM disk (ext4) creating
    the 24,541 files of a 50× site right after deleting the previous ones took 5–17 s of system time, against
    about 1 s into a folder that nothing was deleted from and 0 s for a file left as it is (README, "Benchmarks").
    Built in RAM, then ``update_tree``: the files that did not change stay as they are."""
    ram = RAM_DIR if ram is None else ram
    try:
        if (not site_dir.is_dir() or not any(not p.name.startswith(".") for p in site_dir.iterdir())
                or not ram.is_dir() or not os.access(ram, os.W_OK) or ram.stat().st_dev == site_dir.stat().st_dev):
            return None
        size = sum(os.lstat(os.path.join(site_dir, f)).st_size for f in _tree(str(site_dir), hidden=False)[1])
        if shutil.disk_usage(ram).free < 2 * size + (64 << 20):
            return None
        return Path(tempfile.mkdtemp(prefix="lawref-build-", dir=ram))
    except OSError:
        return None


def _tree(top: str, hidden: bool = True) -> tuple[list[str], list[str]]:
    """(folders, files) under ``top`` as relative paths, each folder before what it holds; links not followed.
    ``hidden=False``: without the entries of ``top`` whose name starts with a dot (and what they hold)."""
    dirs: list[str] = []
    files: list[str] = []
    stack = [""]
    while stack:
        rel = stack.pop()
        with os.scandir(os.path.join(top, rel)) as it:
            for e in it:
                if not rel and not hidden and e.name.startswith("."):
                    continue
                sub = rel + e.name if not rel else rel + "/" + e.name
                if e.is_dir(follow_symlinks=False):
                    dirs.append(sub)
                    stack.append(sub)
                else:
                    files.append(sub)
    return sorted(dirs), sorted(files)


def _read(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def update_tree(src: Path, dst: Path) -> tuple[int, int, int]:
    """Make ``dst`` hold exactly the files and folders of ``src`` (rsync without its deltas): a file whose bytes
    are the same is left as it is (same inode and mtime), a changed file is replaced (written beside it, then renamed
    over it: a server never sends half of it), a missing one created, and what ``src`` does not have deleted, except the entries of ``dst``
    whose name starts with a dot (``.git``, ``.nojekyll``: MkDocs leaves them too). Returns (written, unchanged,
    deleted).

    >>> import tempfile; a, b = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> for d, files in ((a, {"x/i.html": "new", "same.txt": "="}), (b, {"x/i.html": "old", "same.txt": "=", "gone/o": ""})):
    ...     for rel, text in files.items():
    ...         (d / rel).parent.mkdir(parents=True, exist_ok=True); _ = (d / rel).write_text(text)
    >>> update_tree(a, b), sorted(p.relative_to(b).as_posix() for p in b.rglob("*")), (b / "x/i.html").read_text()
    ((1, 1, 2), ['same.txt', 'x', 'x/i.html'], 'new')
    """
    written = unchanged = deleted = 0
    s, d = str(src), str(dst)
    dst.mkdir(parents=True, exist_ok=True)
    dirs, files = _tree(s)
    for rel in dirs:
        target = os.path.join(d, rel)
        if os.path.islink(target) or (os.path.lexists(target) and not os.path.isdir(target)):
            os.unlink(target)
            deleted += 1
        if not os.path.isdir(target):
            os.mkdir(target)
    for rel in files:
        data, target = _read(os.path.join(s, rel)), os.path.join(d, rel)
        try:
            st = os.lstat(target)
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            shutil.rmtree(target)
            deleted += 1
            st = None
        elif st is not None and not stat.S_ISREG(st.st_mode):
            os.unlink(target)  # a symbolic link: not followed (a file other hard links share is replaced, not written through)
            st = None
        if st is not None and st.st_size == len(data) and _read(target) == data:
            unchanged += 1
            continue
        # Written beside it and renamed over it: a server reading the site meanwhile sends the old file or the new
        # one, never a file half written.
        part = target + ".lawref-part"
        with open(part, "wb") as f:
            f.write(data)
        os.replace(part, target)
        written += 1
    keep = set(dirs) | set(files)
    old_dirs, old_files = _tree(d, hidden=False)
    for rel in old_files:
        if rel not in keep:
            os.unlink(os.path.join(d, rel))
            deleted += 1
    for rel in reversed(old_dirs):  # a folder after what it holds
        if rel not in keep:
            os.rmdir(os.path.join(d, rel))
            deleted += 1
    return written, unchanged, deleted


def _stderr_handler(level: int = logging.WARNING, only_below: int | None = None) -> logging.Handler:
    """Warnings and errors of MkDocs (and of the lawref plugin) on stderr, one ``LEVEL: message`` each.

    ``only_below`` drops records at or above it (so a second handler does not print them twice).
    """
    class _Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if only_below is None or record.levelno < only_below:
                print(f"{record.levelname}: {record.getMessage()}", file=sys.stderr)
    h = _Handler(level)
    return h


def cmd_serve(args) -> int:
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException
    # What `mkdocs serve` prints: the address, each rebuild, and every diagnostic of a failed rebuild.
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.addHandler(_stderr_handler(logging.INFO))
    import tempfile

    from .plugin import PAGES_DIR_ENV
    # A rebuild renders only the pages an edit changed: the plugin writes the generated pages to a folder as
    # files, rewriting a page only when it changed, and MkDocs' dirty build renders only rewritten files.
    # MkDocs warns that a dirty build may leave other pages' nav stale; ours holds only the site-wide pages (each
    # page's own navigation is in its rewritten file), so the warning would only fail the strict build.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda r: "'dirty' build" not in r.getMessage())
    with tempfile.TemporaryDirectory(prefix="lawref-pages-") as pages_dir:
        os.environ[PAGES_DIR_ENV] = pages_dir
        try:
            serve(config_file=str(_root(args) / "mkdocs.yml"), dev_addr=args.addr, livereload=True, build_type="dirty")
        except MkDocsException as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        finally:
            os.environ.pop(PAGES_DIR_ENV, None)
    return 0


def cmd_render(args) -> int:
    """Write the Markdown tree MkDocs publishes: the generated pages, the static assets, the data files.

    What the plugin hands MkDocs in memory, as files: ``DIR`` is a ``docs_dir`` that MkDocs (or its
    successor) can build without the lawref plugin, given the nav in ``DIR/../<DIR name>.nav.yml``.
    """
    import shutil

    import yaml

    from .publish.render import html_nav  # nav titles are HTML to MkDocs and its successor
    from .publish.templates import STATIC_DOCS
    root = _root(args)
    res = build_site(load_project(root), search=not args.no_search)
    if res.site is None or has_errors(res.diagnostics, strict=args.strict):
        print(format_all(res.diagnostics), file=sys.stderr)
        return 1
    out = Path(args.docs_dir).resolve()
    if out.exists():
        shutil.rmtree(out)
    static = STATIC_DOCS
    shutil.copytree(static, out)
    written: dict[str, bytes] = {rel: text.encode("utf-8") for rel, text in res.site.pages.items()}
    written.update(res.site.files)
    for rel in sorted(written):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(written[rel])
    nav_file = out.parent / f"{out.name}.nav.yml"
    nav_file.write_text(yaml.safe_dump({"nav": html_nav(res.site.nav)}, allow_unicode=True, sort_keys=False),
                        encoding="utf-8", newline="\n")
    print(f"{out}: {len(res.site.pages)} pages, {len(written) - len(res.site.pages)} other files; nav in {nav_file}",
          file=sys.stderr)
    return 0


def cmd_check(args) -> int:
    """Diagnostics and anomalies of the project's source, or of the files given."""
    from .check.proofread import find_anomalies
    from .source.corpus import read_and_parse
    failed = False
    if args.files:
        for f in args.files:
            try:
                data = Path(f).read_bytes()
            except OSError as e:
                print(f"{f}:1:1: error: cannot read the file: {e.strerror} (expected a readable text file) [io]")
                failed = True
                continue
            corpus, text, diags = read_and_parse(f, data)
            anomalies: tuple = ()
            if corpus is not None:
                anomalies = find_anomalies(corpus, text)
            print(format_all(diags + anomalies))
            failed = failed or has_errors(diags, strict=args.strict)
    else:
        from .editorial.witnesses import load_witness_register
        from .pipeline import proofread
        project = load_project(_root(args))
        res = build_site(project)
        anomalies = res.anomalies
        if res.corpus is not None and res.sources is not None and not anomalies:
            # The build stopped at an error before proofreading; the findings are still worth listing.
            anomalies = proofread(res.sources, load_witness_register(project, res.corpus)[0].persons)
        print(format_all(res.diagnostics + anomalies))
        failed = has_errors(res.diagnostics, strict=args.strict)
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


def _catalog(args):
    """The titles and aliases citations may use (``grammar.Catalog``), from the project's metadata; None (the
    manifest's full titles only) when the metadata cannot be read."""
    from .cite.grammar import catalog_of
    from .pipeline import CORPUS_META
    from .source.metadata import load_corpus_meta
    path = _root(args) / CORPUS_META
    if not path.is_file():
        return None
    meta, _ = load_corpus_meta(CORPUS_META, path.read_text(encoding="utf-8"))
    return catalog_of(meta) if meta is not None else None


def _manifest(args) -> list[Permalink] | None:
    """The permalinks: read from ``--permalinks FILE`` (a site's permalinks.json), else built from the project."""
    from .cite.permalinks import Permalink, build_permalinks
    if getattr(args, "permalinks", None):
        try:
            data = json.loads(Path(args.permalinks).read_text(encoding="utf-8"))
            if not isinstance(data, list):
                raise ValueError(f"the file holds {type(data).__name__} (expected a list of entries)")
            return [Permalink.from_json(e) for e in data]
        except (OSError, ValueError) as e:
            print(f"{args.permalinks}:1:1: error: cannot read the manifest: {e} (expected permalinks.json) [io]",
                  file=sys.stderr)
            return None
    corpus, diags = build_corpus(load_project(_root(args)))
    if corpus is None or has_errors(diags):
        print(format_all(diags), file=sys.stderr)
        return None
    return build_permalinks(corpus)


def cmd_link(args) -> int:
    """Link citations of the site's documents in a Markdown file (stdout, ``-o FILE`` or ``--in-place``); citations
    of outside documents are listed as notes with line:col (linked when the metadata maps their title to a URL)."""
    from .cite.autolink import link_markdown
    try:
        source = Path(args.file).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print(f"{args.file}:1:1: error: cannot read the file: {e} (expected a UTF-8 Markdown file) [io]",
              file=sys.stderr)
        return 1
    manifest = _manifest(args)
    if manifest is None:
        return 1
    out, links, diags = link_markdown(source, manifest, args.base, args.file, _catalog(args))
    if diags:
        print(format_all(diags), file=sys.stderr)
    print(f"{args.file}: {len(links)} citation(s) linked", file=sys.stderr)
    target = args.file if args.in_place else args.output
    if target:
        Path(target).write_bytes(out.encode("utf-8"))
    else:
        sys.stdout.write(out)
    return 1 if has_errors(diags, strict=args.strict) else 0


def cmd_lock(args) -> int:
    """Write (or ``--check``) the permalink contract ``content/permalinks.lock``."""
    from .check.contract import LOCK_FILE, check_contract, render_lock
    from .pipeline import ProjectInput
    project = load_project(_root(args))
    unlocked = ProjectInput(project.root, tuple(f for f in project.files if f[0] != LOCK_FILE))
    res = build_site(unlocked)
    if res.site is None:
        print(format_all(res.diagnostics), file=sys.stderr)
        return 1
    addresses = list(res.site.addresses)
    findings = check_contract(addresses, project.get(LOCK_FILE))
    if findings:
        print(format_all(findings), file=sys.stderr)
    if args.check:
        return 1 if has_errors(findings) else 0
    (_root(args) / LOCK_FILE).write_text(render_lock(addresses), encoding="utf-8", newline="\n")
    print(f"{LOCK_FILE}: {len(addresses)} addresses", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="lawref", description="Build the annotated legal reference site.")
    p.add_argument("--root", default=".", help="project root (holds mkdocs.yml, content/, annotations/)")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build the static site")
    b.add_argument("--site-dir", default="site")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    b.add_argument("--base", help="the absolute path the site will be served under, e.g. /laws/ (default: "
                                  "site_url's path in mkdocs.yml, else /); only the 404 page depends on it")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help="build, serve with live reload")
    s.add_argument("--addr", default="127.0.0.1:8000")
    s.set_defaults(func=cmd_serve)
    r = sub.add_parser("render", help="write the Markdown tree (pages, assets, data) that MkDocs publishes")
    r.add_argument("--docs-dir", required=True, help="the folder to write (replaced)")
    r.add_argument("--strict", action="store_true", help="fail on warnings too")
    r.add_argument("--no-search", action="store_true", help="without our search index")
    r.set_defaults(func=cmd_render)
    c = sub.add_parser("check", help="list every diagnostic and anomaly of the source (or of FILES)")
    c.add_argument("files", nargs="*")
    c.add_argument("--strict", action="store_true")
    c.set_defaults(func=cmd_check)
    d = sub.add_parser("dump-model", help="print the document model as JSON")
    d.set_defaults(func=cmd_dump_model)
    lk = sub.add_parser("link", help="link citations of the site's documents in a Markdown file")
    lk.add_argument("file")
    lk.add_argument("--base", default="", help="base URL of the site, e.g. https://example.org/laws/ (default: "
                                                 "site-relative addresses)")
    lk.add_argument("--permalinks", help="permalinks.json to use (default: build it from the project)")
    out = lk.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", help="write the linked document here (default: stdout)")
    out.add_argument("--in-place", action="store_true", help="rewrite FILE")
    lk.add_argument("--strict", action="store_true", help="exit 1 when a citation is unresolved or ambiguous")
    lk.set_defaults(func=cmd_link)
    lo = sub.add_parser("lock", help="update the permalink contract content/permalinks.lock (--check: only compare)")
    lo.add_argument("--check", action="store_true")
    lo.set_defaults(func=cmd_lock)
    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
