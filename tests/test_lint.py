"""The code stays typed, linted and its docstring examples true: mypy and ruff as configured in pyproject.toml,
and every docstring example of every module of the package run (an example that is not run is not written)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import lawref


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(lawref.__path__, "lawref."))


@pytest.mark.parametrize("module", _modules())
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{module}: {result.failed} of {result.attempted} examples failed"


def test_every_stage_has_examples():
    """The stages' modules carry runnable examples (a regression to none would pass the test above)."""
    attempted = sum(doctest.testmod(importlib.import_module(m)).attempted for m in _modules())
    assert attempted >= 50


def test_mypy_is_clean(root):
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=root, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_is_clean(root):
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=root, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
