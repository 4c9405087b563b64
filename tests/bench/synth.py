"""A synthetic corpus: the real source page made ``factor`` times larger, for benchmarks.

The regulation's body (第六条 … 第五十三条 with its chapter headings) is repeated
``factor`` times. Copy ``k`` renumbers article ``n`` to ``n + 53k`` and chapter ``c``
to ``c + 9k`` (Chinese numerals via ``lawref.source.numerals.to_numeral``), so the numbering
keeps the real page's shape: each copy lacks its 第一条–第五条 and its 第四十六条
(lacunae), and its 第二章 heading is printed (copy 0 keeps the real page's orphan
articles; 第一章's heading stays unprinted, as on the real page). The news article's sections (关键词之二 … 之五) are repeated the same way
(之六 … 之九 …). Copy 0 is the real text verbatim; later copies are varied
deterministically: clauses (text between ，、；。：) are replaced by clauses drawn from
the rest of the same document with an RNG seeded by the copy number, so the index
does not see ``factor`` copies of one text. Line structure (labels, item markers,
breaks that end mid-sentence, terminal punctuation) is never changed, so the
synthetic page parses into the same structure with the same kinds of repairs.

Deterministic: the same ``factor`` gives the same bytes; copy ``k`` does not
depend on ``factor`` (a factor-2 page is a prefix of a factor-50 page, up to the
news article).

    >>> from pathlib import Path
    >>> root = make_project(Path("/tmp/synth-x2"), factor=2)   # doctest: +SKIP
    >>> # lawref --root /tmp/synth-x2 build --site-dir /tmp/synth-x2-site

``make_library`` makes a *library* instead: the real page (its regulation and news report
verbatim, with the real witnesses and annotations), then synthetic documents, one source file each, of several sizes until the library holds ``factor`` times the real
regulation's articles: regulations of 12 to 110 articles in chapters of 3 to 12 (articles drawn from the
real regulation's self-contained articles, varied as above and renumbered from 第一条), and one news report
(the real one's shape, varied) for every eight regulations. Each document has its own slug, title and
heading in ``corpus.yml``; copy 0 keeps the real slugs, so the real annotations still apply.

Usable as a script: ``python tests/bench/synth.py DEST [--factor N] [--library]``.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

REAL_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REAL_ROOT / "build"))

from lawref.source.numerals import NUMERAL_CHARS, parse_numeral, to_numeral  # noqa: E402

CORPUS_YML = "content/corpus.yml"
WITNESSES = "content/witnesses.yml"
# Top-level folders of the real project that a synthetic project does not link to.
_NOT_LINKED = {"content", "annotations", "site", "tests", "node_modules", "__pycache__"}
_N = f"[{NUMERAL_CHARS}]+"
_ARTICLE_LINE = re.compile(rf"^\*\*第(?P<num>{_N})条\*\*(?P<rest>.*)$")
_CHAPTER_LINE = re.compile(rf"^## 第(?P<num>{_N})章(?P<rest>.*)$")
_SECTION_LINE = re.compile(rf"^(?P<head>##[^之]*之)(?P<num>{_N})(?P<rest>.*)$")
# What precedes the varied text on a line: a list marker and an item label.
_LINE_PREFIX = re.compile(rf"^(?:[-*+] )?(?:[(（]{_N}[)）])?[ \u3000]*")
_DELIMS = re.compile(r"([，,、；;。：:])")
# A clause that may be swapped: Chinese characters only (no quotes, brackets or
# digits, so a swap never unbalances a pair or changes a number).
_CLEAN_CLAUSE = re.compile(r"^[\u4e00-\u9fff]{2,24}$")
# Words that make a reference (本条例, 前款, 第X条, 参照…的规定, lists of chapter subjects): a line
# holding one is copied unvaried and no clause holding one is moved, so every reference still resolves.
_REFERENCE = re.compile(r"本条例|本章|本节|本条|本款|前款|前两款|前项|下列|上述|第.{1,8}?[条款项章节]|参照|依照|依据|按照|规定")


def _pool(lines: list[str]) -> list[str]:
    """Every clean clause of ``lines``, sorted and deduplicated (the RNG draws from it)."""
    found: set[str] = set()
    for line in lines:
        for piece in _DELIMS.split(line):
            if _CLEAN_CLAUSE.match(piece) and not _REFERENCE.search(piece):
                found.add(piece)
    return sorted(found)


def vary_line(line: str, rng: random.Random, pool: list[str], rate: float = 0.5) -> str:
    """Replace some clean clauses of ``line`` by clauses from ``pool``.

    Invariant: the prefix (list marker, item label), every delimiter and the last
    fragment (what follows the last delimiter, e.g. a line cut mid-sentence) are kept;
    a line with a reference word (``_REFERENCE``) is returned as it is.

    >>> vary_line("- (一)甲乙丙,丁戊;", random.Random(1), ["子丑"], rate=1.0)
    '- (一)子丑,子丑;'
    """
    if _REFERENCE.search(line):
        return line
    m = _LINE_PREFIX.match(line)
    prefix, body = line[:m.end()], line[m.end():]
    pieces = _DELIMS.split(body)
    # pieces = [clause, delim, clause, delim, ..., last fragment]
    for i in range(0, len(pieces) - 1, 2):
        if _CLEAN_CLAUSE.match(pieces[i]) and rng.random() < rate:
            pieces[i] = rng.choice(pool)
    return prefix + "".join(pieces)


def _strip_blank_edges(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def synth_source(text: str, factor: int, unprinted_chapters: list[tuple[int, str, int]], articles_per_copy: int) -> str:
    """The source page with its regulation and news sections repeated ``factor`` times.

    Invariant: ``synth_source(text, 1, …) == text`` up to trailing blank lines.
    """
    if factor < 1:
        raise ValueError("factor must be ≥ 1")
    lines = text.split("\n")
    doc_heads = [i for i, line in enumerate(lines) if line.startswith("# ")]
    if len(doc_heads) != 2:
        raise ValueError(f"expected two '# ' document headings, found {len(doc_heads)}")
    reg, news = lines[:doc_heads[1]], lines[doc_heads[1]:]
    first_art = next(i for i, line in enumerate(reg) if _ARTICLE_LINE.match(line))
    reg_head, reg_body = reg[:first_art], _strip_blank_edges(reg[first_art:])
    chapters_per_copy = max(parse_numeral(m["num"]) for line in reg_body if (m := _CHAPTER_LINE.match(line)))
    first_sec = next(i for i, line in enumerate(news) if _SECTION_LINE.match(line))
    dateline = max(i for i, line in enumerate(news) if line.strip())
    news_head, news_body, news_tail = news[:first_sec], _strip_blank_edges(news[first_sec:dateline]), news[dateline:]
    sec_nums = [parse_numeral(m["num"]) for line in news_body if (m := _SECTION_LINE.match(line))]
    sec_step = max(sec_nums) - min(sec_nums) + 1
    reg_pool, news_pool = _pool(reg_body), _pool(news_body)
    first_art_num = parse_numeral(_ARTICLE_LINE.match(reg_body[0])["num"])

    out = list(reg_head)
    for k in range(factor):
        rng = random.Random(f"lawref-synth-regulation-{k}")
        if k:
            # Copy 0 has page 1's orphan articles; later copies print the heading of their chapter
            # (a heading with no article under it is an error, so chapters wholly on page 1 stay unprinted).
            for num, title, last_article in unprinted_chapters:
                if last_article >= first_art_num:
                    out += [f"## 第{to_numeral(num + chapters_per_copy * k)}章 {title}", ""]
        for line in reg_body:
            if m := _ARTICLE_LINE.match(line):
                rest = vary_line(m["rest"], rng, reg_pool) if k else m["rest"]
                line = f"**第{to_numeral(parse_numeral(m['num']) + articles_per_copy * k)}条**{rest}"
            elif m := _CHAPTER_LINE.match(line):
                line = f"## 第{to_numeral(parse_numeral(m['num']) + chapters_per_copy * k)}章{m['rest']}"
            elif k and line.strip():
                line = vary_line(line, rng, reg_pool)
            out.append(line)
        out.append("")
    out += news_head
    for k in range(factor):
        rng = random.Random(f"lawref-synth-news-{k}")
        for line in news_body:
            if m := _SECTION_LINE.match(line):
                line = f"{m['head']}{to_numeral(parse_numeral(m['num']) + sec_step * k)}{m['rest']}"
            elif k and line.strip():
                line = vary_line(line, rng, news_pool)
            out.append(line)
        out.append("")
    out += news_tail
    return "\n".join(out)


def synth_meta(meta_text: str, source_path: str, data: bytes, factor: int, articles_per_copy: int,
               chapters_per_copy: int) -> str:
    """corpus.yml for the synthetic page: new source path and pin, article count and chapter facts."""
    meta = yaml.safe_load(meta_text)
    meta["sources"][0]["file"] = source_path
    meta["sources"][0]["sha256"] = hashlib.sha256(data).hexdigest()
    for doc in meta["documents"]:
        doc["sources"] = [source_path]
        if doc["kind"] != "regulation":
            continue
        doc["article_count"] = articles_per_copy * factor
        facts = doc.get("chapters", [])
        doc["chapters"] = [
            {"num": f["num"] + chapters_per_copy * k, "title": f["title"],
             "first_article": f["first_article"] + articles_per_copy * k,
             "last_article": f["last_article"] + articles_per_copy * k}
            for k in range(factor) for f in facts]
        doc["summary"] = f"合成语料：来源版面放大{factor}倍，供基准测试使用（非真实文本）。"
    return ("# Synthetic corpus generated by tests/bench/synth.py: do not edit.\n"
            + yaml.dump(meta, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000))


def make_project(dest: Path, factor: int = 50, annotations: bool = False) -> Path:
    """Create a complete project in ``dest`` that ``lawref --root dest build`` builds.

    ``content/source/synth_x{factor}.txt`` + ``content/corpus.yml`` (pin, article
    count and chapter facts fitting the new numbering), ``annotations/`` (empty, or
    a copy of the real one with ``annotations=True``: copy 0 is the real text, so
    its anchors still hold), ``mkdocs.yml`` (a copy: the plugin takes the project
    root from its resolved path) and symlinks to the real project's other folders
    (``site_templates``, ``build`` …: templates, overrides, watched paths).

    Invariant: the same ``factor`` writes the same bytes; returns ``dest``.
    """
    dest = Path(dest)
    real_meta_text = (REAL_ROOT / CORPUS_YML).read_text(encoding="utf-8")
    real_meta = yaml.safe_load(real_meta_text)
    reg = next(d for d in real_meta["documents"] if d["kind"] == "regulation")
    articles_per_copy = int(reg["article_count"])
    unprinted = sorted((f["num"], f["title"], f["last_article"]) for f in reg["chapters"])
    text = (REAL_ROOT / real_meta["sources"][0]["file"]).read_bytes().decode("utf-8")
    synth = synth_source(text, factor, unprinted, articles_per_copy)
    chapters_per_copy = max(parse_numeral(m["num"]) for line in text.split("\n") if (m := _CHAPTER_LINE.match(line)))
    data = synth.encode("utf-8")
    source_path = f"content/source/synth_x{factor}.txt"

    if (dest / "content").exists():
        shutil.rmtree(dest / "content")
    (dest / "content" / "source").mkdir(parents=True)
    (dest / source_path).write_bytes(data)
    (dest / CORPUS_YML).write_text(
        synth_meta(real_meta_text, source_path, data, factor, articles_per_copy, chapters_per_copy),
        encoding="utf-8", newline="\n")
    if (dest / "annotations").exists():
        shutil.rmtree(dest / "annotations")
    if annotations and (REAL_ROOT / "annotations").is_dir():
        shutil.copytree(REAL_ROOT / "annotations", dest / "annotations")
        if (REAL_ROOT / WITNESSES).exists():  # the real annotations' errata cite these witnesses
            shutil.copyfile(REAL_ROOT / WITNESSES, dest / WITNESSES)
    else:
        (dest / "annotations").mkdir()
    shutil.copyfile(REAL_ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    # Templates, theme overrides and the paths mkdocs.yml watches are the real project's.
    _link_real_dirs(dest)
    return dest


LIBRARY_SIZES = (12, 24, 36, 53, 18, 70, 30, 110, 45, 20)
"""Articles per synthetic regulation, cycled (most 党内法规 are short; a few are long)."""
NEWS_EVERY = 8
"""One synthetic news report per this many synthetic regulations."""
# An article that names another article, chapter or list by number or position is not moved to another
# document (its reference might not resolve there).
_CROSS_REFERENCE = re.compile(rf"第{_N}[条章节]|上述|前条|本章|本节|前两款|第{_N}款|参照本条例关于")


def _article_blocks(reg_body: list[str]) -> tuple[list[list[str]], list[str]]:
    """The regulation's articles as line blocks (without chapter headings), and its chapter titles."""
    blocks: list[list[str]] = []
    titles: list[str] = []
    for line in reg_body:
        if m := _CHAPTER_LINE.match(line):
            titles.append(m["rest"].strip())
        elif _ARTICLE_LINE.match(line):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    return [_strip_blank_edges(b) for b in blocks], titles


def synth_regulation(k: int, size: int, blocks: list[list[str]], titles: list[str], pool: list[str]) -> list[str]:
    """The lines of synthetic regulation ``k``: ``# heading``, chapters of 3–12 articles, ``size`` articles
    numbered from 第一条, each a varied self-contained article of the real regulation."""
    rng = random.Random(f"lawref-synth-library-{k}")
    usable = [b for b in blocks
              if not any(_CROSS_REFERENCE.search(_ARTICLE_LINE.sub(r"\g<rest>", line)) for line in b)]
    out = [f"# {library_heading('regulation', k)}", ""]
    n = chapter = 0
    while n < size:
        chapter += 1
        out += [f"## 第{to_numeral(chapter)}章 {titles[(k + chapter) % len(titles)]}", ""]
        for _ in range(min(rng.randint(3, 12), size - n)):
            n += 1
            block = usable[rng.randrange(len(usable))]
            m = _ARTICLE_LINE.match(block[0])
            out.append(f"**第{to_numeral(n)}条**{vary_line(m['rest'], rng, pool)}")
            out += [vary_line(line, rng, pool) if line.strip() else line for line in block[1:]]
            out.append("")
    return out


def library_heading(kind: str, k: int) -> str:
    return f"合成条例第{k}号" if kind == "regulation" else f"合成报道第{k}号"


def synth_library(text: str, factor: int, articles_per_copy: int) -> list[tuple[str, int, int, str]]:
    """The synthetic documents that, beside the real page, make a library of ``factor`` times its
    regulation's articles: [(kind, number, articles, source text)], one source text per document."""
    lines = text.rstrip("\n").split("\n")
    doc_heads = [i for i, line in enumerate(lines) if line.startswith("# ")]
    reg, news = lines[:doc_heads[1]], lines[doc_heads[1] + 1:]
    first_art = next(i for i, line in enumerate(reg) if _ARTICLE_LINE.match(line))
    blocks, titles = _article_blocks(_strip_blank_edges(reg[first_art:]))
    pool, news_pool = _pool(reg[first_art:]), _pool(news)
    docs = []
    total, k = articles_per_copy, 0
    while total < articles_per_copy * factor:
        k += 1
        size = min(LIBRARY_SIZES[(k - 1) % len(LIBRARY_SIZES)], articles_per_copy * factor - total)
        docs.append(("regulation", k, size, "\n".join(synth_regulation(k, size, blocks, titles, pool)) + "\n"))
        total += size
        if k % NEWS_EVERY == 0:
            rng = random.Random(f"lawref-synth-library-news-{k}")
            body = [line if not line.strip() or line.startswith("#") else vary_line(line, rng, news_pool)
                    for line in news]
            docs.append(("news_article", k, 0, "\n".join([f"# {library_heading('news', k)}", ""] + body) + "\n"))
    return docs


def make_library(dest: Path, factor: int = 50, annotations: bool = True) -> Path:
    """Create a project in ``dest`` holding a synthetic library of ``factor`` times the real regulation's
    articles (see the module docstring): the real source and its documents as they are, and one source file
    per synthetic document (``content/source/synth-{slug}.txt``, pinned). Otherwise like ``make_project``.

    Invariant: the same ``factor`` writes the same bytes; returns ``dest``.
    """
    dest = Path(dest)
    real_meta_text = (REAL_ROOT / CORPUS_YML).read_text(encoding="utf-8")
    meta = yaml.safe_load(real_meta_text)
    reg = next(d for d in meta["documents"] if d["kind"] == "regulation")
    text = (REAL_ROOT / meta["sources"][0]["file"]).read_bytes().decode("utf-8")
    provenance = dict(meta["sources"][0]["provenance"], note="合成语料，供基准测试使用（非真实文本）。")
    files = {s["file"]: (REAL_ROOT / s["file"]).read_bytes() for s in meta["sources"]}
    for kind, k, size, source in synth_library(text, factor, int(reg["article_count"])):
        heading = library_heading(kind, k)
        slug = f"{'reg' if kind == 'regulation' else 'news'}-{k:04d}"
        path = f"content/source/synth-{slug}.txt"
        data = source.encode("utf-8")
        files[path] = data
        meta["sources"].append({"file": path, "sha256": hashlib.sha256(data).hexdigest(), "provenance": provenance})
        entry = {"slug": slug, "sources": [path], "kind": kind, "title": heading, "short_title": heading,
                 "heading": heading, "issuer": "合成", "dates": [["2024-01-01", "合成"]],
                 "published_in": "合成语料，供基准测试使用（非真实文本）",
                 "summary": "合成语料，供基准测试使用（非真实文本）。"}
        if kind == "regulation":
            entry["article_count"] = size
        meta["documents"].append(entry)
    _write_project(dest, files, "# Synthetic library generated by tests/bench/synth.py: do not edit.\n"
                   + yaml.dump(meta, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000), annotations)
    return dest


class _NoAliases(yaml.SafeDumper):
    """Writes a repeated value (the synthetic sources' shared provenance) out each time: the project's YAML loader
    allows at most 100 aliases, which a library of 500 documents would pass."""

    def ignore_aliases(self, data) -> bool:
        return True


def _write_project(dest: Path, files: dict[str, bytes], meta_text: str, annotations: bool) -> None:
    """content/ (the sources and corpus.yml), annotations/, mkdocs.yml, and links to the real project's folders."""
    if (dest / "content").exists():
        shutil.rmtree(dest / "content")
    (dest / "content" / "source").mkdir(parents=True)
    for path, data in files.items():
        (dest / path).write_bytes(data)
    if (REAL_ROOT / WITNESSES).exists():  # the real annotations' errata cite these witnesses
        shutil.copyfile(REAL_ROOT / WITNESSES, dest / WITNESSES)
    (dest / CORPUS_YML).write_text(meta_text, encoding="utf-8", newline="\n")
    if (dest / "annotations").exists():
        shutil.rmtree(dest / "annotations")
    if annotations and (REAL_ROOT / "annotations").is_dir():
        shutil.copytree(REAL_ROOT / "annotations", dest / "annotations")
    else:
        (dest / "annotations").mkdir()
    shutil.copyfile(REAL_ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    _link_real_dirs(dest)


def _link_real_dirs(dest: Path) -> None:
    """Templates, theme overrides and the paths mkdocs.yml watches: the real project's, linked into ``dest``."""
    for entry in sorted(REAL_ROOT.iterdir()):
        if entry.name.startswith(".") or entry.name in _NOT_LINKED or not entry.is_dir():
            continue
        link = dest / entry.name
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.exists():
            shutil.rmtree(link)
        link.symlink_to(entry, target_is_directory=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write a synthetic project: the real source made N times larger.")
    p.add_argument("dest", type=Path)
    p.add_argument("--factor", type=int, default=50)
    p.add_argument("--annotations", action="store_true", help="copy the real annotations/")
    p.add_argument("--library", action="store_true", help="a library of documents (make_library)")
    args = p.parse_args(argv)
    root = (make_library(args.dest, args.factor, args.annotations) if args.library
            else make_project(args.dest, args.factor, args.annotations))
    print(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
