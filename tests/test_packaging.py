"""A non-editable install builds the site: the wheel carries the templates and assets as package data."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path


def test_wheel_install_builds_the_site(tmp_path, root):
    dist = tmp_path / "dist"
    run = subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
                         cwd=root, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    (wheel,) = dist.glob("lawref-*.whl")
    lib = tmp_path / "lib"
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        assert "lawref/site_templates/pages/article.md.j2" in names
        assert "lawref/site_templates/overrides/main.html" in names
        z.extractall(lib)
    # The wheel's copy of lawref comes first on the path, far from the checkout's build/ and site_templates/.
    env = {**os.environ, "PYTHONPATH": str(lib), "SOURCE_DATE_EPOCH": "1708560000"}
    site = tmp_path / "site"
    code = ("import sys, lawref, lawref.publish.templates as t; from lawref.cli import main; "
            "print(lawref.__file__); print(t.PAGES); "
            f"sys.exit(main(['--root', {str(root)!r}, 'build', '--site-dir', {str(site)!r}]))")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    module, pages = run.stdout.splitlines()[:2]
    assert Path(module).is_relative_to(lib), module
    assert Path(pages).is_relative_to(lib), pages
    assert (site / "index.html").exists()
    assert len(list(site.rglob("index.html"))) > 50
