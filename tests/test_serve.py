"""`lawref serve` (what `make serve` runs): serves the site and rebuilds when annotations/ or content/ change."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def _wait_for(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


@pytest.fixture
def project_copy(tmp_path) -> Path:
    for name in ("content", "annotations", "site_templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "lawref").symlink_to(ROOT / "build" / "lawref")
    return tmp_path


@contextlib.contextmanager
def _serving(project: Path):
    """``lawref serve`` on ``project`` at a free port: yields {"base": URL}; "out" holds its output once stopped."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "build"))
    proc = subprocess.Popen([sys.executable, "-m", "lawref.cli", "--root", str(project), "serve",
                             "--addr", f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env, start_new_session=True)
    run = {"base": f"http://127.0.0.1:{port}/", "out": ""}
    try:
        yield run
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        run["out"] = proc.communicate(timeout=20)[0].decode("utf-8", "replace")


def test_serve_rebuilds_when_an_annotation_changes(project_copy):
    with _serving(project_copy) as run:
        url = f"{run['base']}xunshi/art_17/"
        assert _wait_for(lambda: "第十七条" in _get(url), 90), "the site was not served"
        marker = "编者在此处加的测试标记"
        assert marker not in _get(url)
        notes = project_copy / "annotations" / "xrefs.yml"
        text = notes.read_text(encoding="utf-8")
        # the reason of the first cross-reference (第十七条 → 第十六条) is shown under 第十七条
        first_reason = text.index("reason: ") + len("reason: ")
        notes.write_text(text[:first_reason] + marker + text[first_reason:], encoding="utf-8")
        assert _wait_for(lambda: marker in _get(url), 90), "the page did not change after the annotation did"
    out = run["out"]
    assert "Serving on" in out
    # The first build renders every page; the edit changes the page of 第十七条 (and of 第十六条, whose
    # backlink quotes the reason), and only the pages that changed are rebuilt.
    counts = [(int(a), int(b)) for a, b in re.findall(r"lawref: (\d+) of (\d+) pages changed", out)]
    assert len(counts) >= 2 and counts[0][0] == counts[0][1] > 50, out[-2000:]
    assert 1 <= counts[-1][0] <= 3, out[-2000:]


def test_serve_keeps_the_last_good_site_while_a_build_is_broken(project_copy):
    banner = 'class="lr-serve-broken"'
    with _serving(project_copy) as run:
        url = f"{run['base']}xunshi/art_17/"
        assert _wait_for(lambda: "第十七条" in _get(url), 90), "the site was not served"
        assert banner not in _get(url)
        xrefs = project_copy / "annotations" / "xrefs.yml"
        good = xrefs.read_text(encoding="utf-8")
        first_target = good.index("target: ") + len("target: ")
        line_end = good.index("\n", first_target)
        xrefs.write_text(good[:first_target] + "art_999" + good[line_end:], encoding="utf-8")  # an unknown id
        # every request is answered (within _get's 5 s), with the last good page and a banner naming the error
        assert _wait_for(lambda: banner in _get(url), 90), "no banner after the build broke"
        page = _get(url)
        assert "第十七条" in page and "annotations/xrefs.yml:" in page and "art_999" in page
        assert "第十六条" in _get(f"{run['base']}xunshi/art_16/")
        xrefs.write_text(good, encoding="utf-8")
        assert _wait_for(lambda: banner not in _get(url), 90), "the banner stayed after the fix"
    out = run["out"]
    assert "serving the last good site" in out and "Traceback" not in out
