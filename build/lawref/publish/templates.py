"""Where the site templates are: shipped inside the package (a wheel), or the checkout's ``site_templates/``.

A wheel carries ``site_templates/`` as ``lawref/site_templates`` (``[tool.hatch.build.targets.wheel.force-include]``
in pyproject.toml), so a non-editable install renders pages without the checkout; an editable install (and the
test suite) reads the checkout's folder, so an edit there shows on the next build.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).resolve().parents[1] / "site_templates"
_CHECKOUT = Path(__file__).resolve().parents[3] / "site_templates"

SITE_TEMPLATES = _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT
"""The folder holding ``pages/`` (Jinja page templates), ``overrides/`` (theme) and ``docs/`` (static assets)."""

PAGES = SITE_TEMPLATES / "pages"
"""Jinja templates of the generated Markdown pages."""

STATIC_DOCS = SITE_TEMPLATES / "docs"
"""Static assets copied into every site (CSS, JS)."""
