"""``lawref check``: on the content, or on any source file given; compiler-style output, a summary, exit codes."""

from __future__ import annotations

import re
import shutil

import pytest

from lawref.cli import main

SOURCE = "content/source/000_288ed703bd6b73ca.txt"
DIAG = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note): (?P<msg>.+) \[(?P<code>[a-z0-9-]+)\]$")


@pytest.fixture
def check(capsys, monkeypatch):
    def call(*args: str, cwd=None) -> tuple[int, str]:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        rc = main(list(args))
        return rc, capsys.readouterr().out
    return call


def parsed(out: str) -> list[dict]:
    return [m.groupdict() for m in map(DIAG.match, out.split("\n")) if m]


def test_check_on_the_content(check, root):
    rc, out = check("--root", str(root), "check")
    assert rc == 0, out
    ds = [d for d in parsed(out) if d["file"] == SOURCE]
    found = {(int(d["line"]), d["code"]) for d in ds}
    # a few findings read by hand from the source (the full list is in test_proofread)
    assert {(113, "doubled-char"), (266, "lead-in-mismatch"), (286, "article-gap"), (153, "term-variant"),
            (19, "dangling-conjunction"), (310, "quote-misplaced")} <= found
    assert all("expected" in d["msg"] for d in ds)
    last = out.rstrip("\n").split("\n")[-1]
    m = re.fullmatch(r"(\d+) error\(s\), (\d+) warning\(s\), (\d+) note\(s\)", last)
    assert m, last
    all_ds = parsed(out)
    assert int(m[1]) == sum(d["sev"] == "error" for d in all_ds) == 0
    assert int(m[2]) == sum(d["sev"] == "warning" for d in all_ds) == 0
    assert int(m[3]) == sum(d["sev"] == "note" for d in all_ds)
    # 第四十六条 is a lacuna the metadata acknowledges (known_lacunae): its gap is a note
    assert any(d["code"] == "article-gap" and d["sev"] == "note" for d in ds)


def test_each_diagnostic_shows_its_source_line_and_a_caret(check, root):
    _, out = check("--root", str(root), "check")
    lines = out.split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith(f"{SOURCE}:266:") and "[doubled-char]" in line)
    assert lines[i + 1] == "    " + (root / SOURCE).read_text(encoding="utf-8").split("\n")[265]
    # the caret sits under 罪罪: wide characters take two cells
    prefix = lines[i + 1][4:].split("罪罪")[0]
    cells = sum(2 if ord(c) > 0x2E80 else 1 for c in prefix)
    assert lines[i + 2] == "    " + " " * cells + "^~~~"


def test_strict_fails_on_warnings(check, root, tmp_path):
    # the content passes --strict: its only gap is acknowledged in corpus.yml
    rc, out = check("--root", str(root), "check", "--strict")
    assert rc == 0, out
    # the same page without metadata: the unexplained gap is a warning, and --strict fails on it
    shutil.copy(root / SOURCE, tmp_path / "page.txt")
    rc, out = check("check", "--strict", "page.txt", cwd=tmp_path)
    assert rc == 1 and "warning: 第四十七条 follows 第四十五条" in out and "[article-gap]" in out


def test_check_on_a_file_infers_its_documents(check, root, tmp_path):
    shutil.copy(root / SOURCE, tmp_path / "page.txt")
    rc, out = check("check", "page.txt", cwd=tmp_path)
    assert rc == 0, out
    ds = parsed(out)
    assert {d["file"] for d in ds} == {"page.txt"}
    # Without metadata nothing is known of chapters 1–2: one note for the run of articles before 第三章.
    (nc,) = [d for d in ds if d["code"] == "no-chapter"]
    assert (nc["line"], nc["sev"]) == ("7", "note") and "第六条–第十五条 (10 article(s))" in nc["msg"]
    assert ("286", "article-gap") in {(d["line"], d["code"]) for d in ds}
    assert ("113", "doubled-char") in {(d["line"], d["code"]) for d in ds}


def test_check_on_another_text(check, tmp_path):
    # An editor proofreading another regulation: its own numbering, quotes and doubled characters.
    (tmp_path / "other.txt").write_text(
        "# 某某条例\n\n## 第一章 总则\n\n**第一条** 为了加强管理,制定本条例。\n\n"
        "**第三条** 本条例所称“单位,是指机关。\n\n**第四条** 单位应当当遵守本条例。\n", encoding="utf-8")
    rc, out = check("check", "other.txt", cwd=tmp_path)
    assert rc == 0, out
    got = {(d["line"], d["col"], d["code"]) for d in parsed(out)}
    assert ("7", "3", "article-gap") in got
    assert ("7", "14", "quote-unbalanced") in got
    assert ("9", "12", "doubled-char") in got


def test_errors_exit_1(check, tmp_path):
    (tmp_path / "bad.txt").write_text("# 条例\n\n**第二条** 甲。\n\n**第二条** 乙。\n", encoding="utf-8")
    rc, out = check("check", "bad.txt", cwd=tmp_path)
    assert rc == 1
    assert re.search(r"^bad\.txt:5:3: error: 第二条 appears again \(first at line 3; expected 第三条\) \[article-repeated\]$",
                     out, re.M), out
    assert out.rstrip().endswith("1 error(s), 0 warning(s)")  # no note: a text may have no chapters


def test_check_on_content_with_errors_still_lists_the_findings(check, root, tmp_path):
    # A stale pin stops the build, but check lists the pin error and the proofreading findings alike.
    proj = tmp_path / "p"
    shutil.copytree(root / "content", proj / "content")
    src = proj / SOURCE
    src.write_bytes(src.read_bytes() + "\n附加。\n".encode())
    rc, out = check("--root", str(proj), "check")
    assert rc == 1
    codes = {d["code"] for d in parsed(out)}
    assert {"source-pin", "doubled-char", "term-variant"} <= codes, out[-2000:]
