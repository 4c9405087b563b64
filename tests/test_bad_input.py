"""Malformed sources through ``lawref check FILE`` and through the real build.

Every case gives diagnostics naming ``file:line:col`` with what was expected, all of them listed
before the build fails, and never a traceback. The build runs on a temporary copy of the project
with the source replaced and its sha256 pin updated (so that only the bad input is at fault).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "fixtures" / "bad"
SOURCE = "content/source/000_288ed703bd6b73ca.txt"


def real_source() -> bytes:
    return (ROOT / SOURCE).read_bytes()


def _small_valid() -> bytes:
    return (BAD / "fullwidth.txt").read_bytes().replace("１６".encode(), "十六".encode()).replace("６".encode(), b"6")


# name → bytes. Binary ones are generated here rather than stored.
INPUTS = {
    "empty": lambda: b"",
    "blank": lambda: (BAD / "blank.txt").read_bytes(),
    "order": lambda: (BAD / "order.txt").read_bytes(),
    "repeated": lambda: (BAD / "repeated.txt").read_bytes(),
    "heading": lambda: (BAD / "heading.txt").read_bytes(),
    "many": lambda: (BAD / "many.txt").read_bytes(),
    "fullwidth": lambda: (BAD / "fullwidth.txt").read_bytes(),
    "binary": lambda: bytes(range(256)) * 4,
    "utf16": lambda: _small_valid().decode().encode("utf-16"),
    "utf16-nobom": lambda: _small_valid().decode().encode("utf-16-le"),
    "gb18030": lambda: _small_valid().decode().encode("gb18030"),
    "crlf": lambda: real_source().replace(b"\n", b"\r\n"),
    "bom": lambda: b"\xef\xbb\xbf" + real_source(),
    "fullwidth-real": lambda: real_source().replace("为期6个月".encode(), "为期６个月".encode()),
    "oversized": lambda: real_source() * (10_000_000 // len(real_source()) + 1),
}

# name → every (line, col, severity, code) the input must produce, and whether it is fatal.
EXPECTED = {
    "empty": ([(1, 1, "error", "empty-source")], True),
    "blank": ([(1, 1, "error", "empty-source")], True),
    "order": ([(10, 3, "warning", "article-gap"), (12, 3, "error", "article-order")], True),
    "repeated": ([(9, 3, "error", "article-repeated")], True),
    "heading": ([(7, 4, "error", "unknown-heading"), (11, 5, "error", "unknown-heading")], True),
    "many": ([(3, 1, "error", "outside-article"), (9, 3, "error", "article-repeated"),
              (11, 4, "error", "unknown-heading"), (13, 3, "error", "article-order")], True),
    "fullwidth": ([(5, 4, "warning", "fullwidth-digit"), (5, 5, "warning", "fullwidth-digit"),
                   (5, 12, "warning", "fullwidth-digit")], False),
    "binary": ([(1, 1, "error", "binary")], True),
    "utf16": ([(1, 1, "error", "encoding")], True),
    "utf16-nobom": ([(1, 2, "error", "binary")], True),
    "gb18030": ([(1, 3, "error", "encoding")], True),
    "crlf": ([(1, 1, "warning", "line-endings")], False),
    "bom": ([(1, 1, "warning", "bom")], False),
    "fullwidth-real": ([(193, 38, "warning", "fullwidth-digit")], False),
    "oversized": ([(1, 1, "error", "source-size")], True),
}

EXPECTED_WORDS = {"binary": "expected UTF-8 text", "utf16": "UTF-16", "utf16-nobom": "UTF-16", "gb18030": "GB18030",
                  "crlf": "expected LF", "bom": "expected plain UTF-8", "empty": "expected the text of a document"}


@pytest.fixture
def lawref(capsys, monkeypatch):
    """Run ``lawref ARGS`` in this process (cwd given): (exit code, stdout + stderr). A traceback would fail the test."""
    from lawref.cli import main

    def call(*args: str, cwd: Path | None = None) -> tuple[int, str]:
        monkeypatch.delenv("LAWREF_STRICT", raising=False)  # cmd_build --strict sets it; undone after the test
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        rc = main(list(args))
        out = capsys.readouterr()
        return rc, out.out + out.err
    return call


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``lawref ARGS`` as a separate process (to see exactly what a user sees, tracebacks included)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "build"), SOURCE_DATE_EPOCH="1708560000")
    return subprocess.run([sys.executable, "-m", "lawref.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def assert_listed(output: str, file: str, expected: list[tuple[int, int, str, str]]) -> None:
    assert "Traceback" not in output, output
    for line, col, severity, code in expected:
        pattern = re.compile(rf"^{re.escape(file)}:{line}:{col}: {severity}: .*expected.* \[{re.escape(code)}\]$", re.M)
        assert pattern.search(output), f"{file}:{line}:{col}: {severity} [{code}] not listed in:\n{output}"


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_check_file(name, tmp_path, lawref):
    (tmp_path / f"{name}.txt").write_bytes(INPUTS[name]())
    expected, fatal = EXPECTED[name]
    rc, out = lawref("check", f"{name}.txt", cwd=tmp_path)
    assert_listed(out, f"{name}.txt", expected)
    if name in EXPECTED_WORDS:
        assert EXPECTED_WORDS[name] in out
    assert re.search(r"^\d+ error\(s\), \d+ warning\(s\)", out, re.M), out
    assert rc == (1 if fatal else 0), out
    if not fatal:
        assert lawref("check", "--strict", f"{name}.txt", cwd=tmp_path)[0] == 1


@pytest.mark.parametrize("name", ["gb18030", "binary"])
def test_check_in_a_separate_process_shows_no_traceback(name, tmp_path):
    (tmp_path / f"{name}.txt").write_bytes(INPUTS[name]())
    r = run("check", f"{name}.txt", cwd=tmp_path)
    assert r.returncode == 1
    assert_listed(r.stdout + r.stderr, f"{name}.txt", EXPECTED[name][0])


def test_check_of_a_missing_file(tmp_path, lawref):
    rc, out = lawref("check", "nowhere.txt", cwd=tmp_path)
    assert rc == 1
    assert re.search(r"^nowhere\.txt:1:1: error: .*expected a readable text file", out, re.M), out


def test_check_lists_every_file(tmp_path, lawref):
    for name in ("order", "repeated"):
        (tmp_path / f"{name}.txt").write_bytes(INPUTS[name]())
    rc, out = lawref("check", "order.txt", "repeated.txt", cwd=tmp_path)
    assert_listed(out, "order.txt", EXPECTED["order"][0])
    assert_listed(out, "repeated.txt", EXPECTED["repeated"][0])
    assert rc == 1


# through the real build -------------------------------------------------------------------------

def project_copy(tmp: Path, source: bytes, update_pin: bool = True) -> Path:
    root = tmp / "project"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for sub in ("content", "annotations", "site_templates"):
        if (ROOT / sub).exists():
            shutil.copytree(ROOT / sub, root / sub)
    (root / "build").symlink_to(ROOT / "build")  # mkdocs.yml watches build/lawref
    (root / SOURCE).write_bytes(source)
    if update_pin:
        meta = root / "content" / "corpus.yml"
        text = meta.read_text(encoding="utf-8")
        text, n = re.subn(r"^( *)sha256: [0-9a-f]{64}$", rf"\g<1>sha256: {hashlib.sha256(source).hexdigest()}", text, flags=re.M)
        assert n == 1
        meta.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("name", sorted(n for n in INPUTS if EXPECTED[n][1]))
def test_build_fails_listing_every_diagnostic(name, tmp_path):
    root = project_copy(tmp_path, INPUTS[name]())
    r = run("--root", str(root), "build", "--site-dir", str(tmp_path / "site"))
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert_listed(out, SOURCE, EXPECTED[name][0])
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.parametrize("name", ["crlf", "bom", "fullwidth-real"])
def test_warnings_fail_only_a_strict_build(name, tmp_path):
    root = project_copy(tmp_path, INPUTS[name]())
    r = run("--root", str(root), "build", "--strict", "--site-dir", str(tmp_path / "site"))
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert_listed(out, SOURCE, EXPECTED[name][0])


def test_a_bom_source_still_builds(tmp_path):
    root = project_copy(tmp_path, INPUTS["bom"]())
    r = run("--root", str(root), "build", "--site-dir", str(tmp_path / "site"))
    assert r.returncode == 0, r.stdout + r.stderr
    page = (tmp_path / "site" / "xunshi" / "art_7" / "index.html").read_text(encoding="utf-8")
    assert "统筹加强巡视机构和干部队伍建设和；" in page or "统筹加强巡视机构和干部队伍建设" in page


def test_a_changed_source_without_a_new_pin_fails_the_build(tmp_path):
    root = project_copy(tmp_path, real_source() + "附加一行。\n".encode(), update_pin=False)
    r = run("--root", str(root), "build", "--site-dir", str(tmp_path / "site"))
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "Traceback" not in out
    assert re.search(r"content/corpus\.yml:\d+:\d+: error: .*the source changed; review the change and update the pin\)"
                     r" \[source-pin\]", out), out
    # The check command says so too.
    c = run("--root", str(root), "check")
    assert c.returncode == 1 and "[source-pin]" in c.stdout


@pytest.mark.parametrize("base", ["//evil.example/", "/%2F/../", "/laws/../", "/a\\b/", "/a b/", "/a?b/", "/a#b/",
                                  "http://evil.example/", "laws/", "/laws//x/"])
def test_an_unsafe_base_path_is_refused(base):
    """The 404 page's base path (``lawref build --base``) can only be a clean path on the site's own origin."""
    from lawref.plugin import site_base
    with pytest.raises(ValueError, match="not a clean absolute path"):
        site_base(base, None)
    assert site_base(None, "https://example.org/laws") == "/laws/"
