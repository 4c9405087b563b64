"""The permalink contract: the committed lock, the build failing when an address would disappear, ``lawref lock``."""

from __future__ import annotations

import shutil

from lawref.check.contract import LOCK_FILE, check_contract, parse_lock, render_lock
from lawref.cli import main
from lawref.pipeline import ProjectInput, build_site


def test_check_contract_findings():
    lock = b"# c\n/\n/a/\n/b/#x\nno-slash\n"
    ds = check_contract(["", "a/", "c/"], lock)
    got = [(d.line, d.severity, d.code) for d in ds]
    assert (4, "error", "permalink-removed") in got
    assert (5, "error", "permalink-lock") in got
    assert (1, "note", "permalink-new") in got
    assert any("/b/#x would disappear" in d.message for d in ds)
    assert any("new address /c/" in d.message for d in ds)
    assert [d.severity for d in check_contract(["a/"], None)] == ["note"]
    assert check_contract(["", "a/"], b"/\n/a/\n") == ()


def test_lock_round_trip():
    text = render_lock(["xunshi/", "", "xunshi/art_23/#art_23__para_1"])
    assert [a for _, a in parse_lock(text)[0]] == ["", "xunshi/", "xunshi/art_23/#art_23__para_1"]


def test_committed_lock_holds(build_result, root):
    lines = (root / LOCK_FILE).read_text(encoding="utf-8").splitlines()
    locked = [l[1:] for l in lines if l.startswith("/")]
    published = set(build_result.site.files["data/addresses.txt"].decode().splitlines())
    assert len(locked) > 500
    assert [a for a in locked if "/" + a not in published] == []
    assert not [d for d in build_result.diagnostics if d.code == "permalink-removed"]


def test_build_fails_naming_the_missing_address(project):
    lock = project.get(LOCK_FILE)
    extra = lock + b"/xunshi/art_99/\n"
    files = tuple((p, extra if p == LOCK_FILE else d) for p, d in project.files)
    res = build_site(ProjectInput(project.root, files))
    assert res.site is None
    errors = [d for d in res.diagnostics if d.severity == "error"]
    assert [(d.file, d.line, d.code) for d in errors] == [(LOCK_FILE, len(lock.splitlines()) + 1, "permalink-removed")]
    assert "/xunshi/art_99/ would disappear" in errors[0].message


def test_lock_command(tmp_path, root, capsys):
    for sub in ("content", "annotations"):
        if (root / sub).is_dir():
            shutil.copytree(root / sub, tmp_path / sub)
    lock = tmp_path / LOCK_FILE
    lock.write_text(lock.read_text(encoding="utf-8") + "/xunshi/art_99/\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "lock", "--check"]) == 1
    assert "/xunshi/art_99/ would disappear" in capsys.readouterr().err
    assert main(["--root", str(tmp_path), "lock"]) == 0
    assert "/xunshi/art_99/" not in lock.read_text(encoding="utf-8")
    assert main(["--root", str(tmp_path), "lock", "--check"]) == 0
