"""Shared fixtures: the project root, the real corpus, one real site build per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/* from the current output instead of comparing")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def project():
    from lawref.pipeline import load_project
    return load_project(ROOT)


@pytest.fixture(scope="session")
def parsed_corpus(project):
    """The parsed real source alone (read + parse, no link/render stage): for tests independent of those."""
    from lawref.pipeline import build_corpus
    c, diags = build_corpus(project)
    assert c is not None, diags
    return c


@pytest.fixture(scope="session")
def build_result(project):
    from lawref.pipeline import build_site
    res = build_site(project)
    assert res.site is not None, "\n".join(map(str, res.diagnostics))
    return res


@pytest.fixture(scope="session")
def corpus(build_result):
    return build_result.corpus


@pytest.fixture(scope="session")
def regulation(corpus):
    return corpus.document("xunshi")


def build_site_dir(dest: Path) -> Path:
    """Run the real ``lawref build`` into ``dest``."""
    from lawref.cli import main
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1708560000")
    if dest.exists():
        shutil.rmtree(dest)
    rc = main(["--root", str(ROOT), "build", "--site-dir", str(dest)])
    assert rc == 0, "lawref build failed"
    return dest


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real built site (one build per test session)."""
    return build_site_dir(tmp_path_factory.mktemp("site") / "site")
