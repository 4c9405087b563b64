"""The Content-Security-Policy the site works under, shipped in every page as ``<meta http-equiv>``.

Scripts only from the site itself; the few inline scripts Material writes into each page are allowed by their
sha256, computed from the page as built (one of them names the page's depth, so hashes differ by page).
Styles, images (``data:`` for Material's icons in CSS), fonts, fetches and the search worker: the site only.
A server can send the same policy as a header (README.md, "Content-Security-Policy"), adding
``frame-ancestors 'self'``, which a ``<meta>`` cannot carry.
"""

from __future__ import annotations

import base64
import hashlib
import re

BASE_POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self'{style_hashes}; img-src 'self' data:; "
               "font-src 'self'; connect-src 'self'; worker-src 'self'; frame-src 'self'; object-src 'none'; "
               "base-uri 'self'; form-action 'self'")

REDIRECT_POLICY = "default-src 'none'; script-src 'self'"
"""The redirect pages' policy: they load one script (``assets/lawref-redirect.js``) and nothing else, no style,
image, font, fetch or frame. (``base-uri`` and ``form-action``, which ``default-src`` does not cover, guard against
injected markup; a redirect page carries no text but its own label.)"""

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_INLINE_STYLE = re.compile(r"<style(?:\s[^>]*)?>(?P<body>.*?)</style>", re.S | re.I)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)


def _runs(attrs: str) -> bool:
    """Whether a ``<script>`` with these attributes is inline JavaScript (not ``src=``, not a JSON data block)."""
    if re.search(r"\bsrc\s*=", attrs, re.I):
        return False
    m = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
    return m is None or m.group(1).lower() in ("text/javascript", "module", "application/javascript")


def script_hashes(html: str) -> list[str]:
    """The CSP source expressions (``'sha256-…'``) of the page's inline scripts, in order, without repeats.

    >>> script_hashes('<script>a()</script><script src="x.js"></script><script type="application/json">{}</script>')
    ["'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"]
    """
    out: list[str] = []
    for m in _INLINE_SCRIPT.finditer(html):
        if _runs(m.group("attrs")):
            digest = base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode()
            h = f"'sha256-{digest}'"
            if h not in out:
                out.append(h)
    return out


def style_hashes(html: str) -> list[str]:
    """The CSP source expressions of the page's inline ``<style>`` blocks (the print frame: ``@page`` margin boxes
    naming the page's document and unit), in order, without repeats.

    >>> style_hashes('<style media="print">@page{}</style>')
    ["'sha256-RgCvZ/jhCU/O4A8ZJODcXGIew7YsFZAjzeJX/qsj6pI='"]
    """
    out: list[str] = []
    for m in _INLINE_STYLE.finditer(html):
        digest = base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode()
        if f"'sha256-{digest}'" not in out:
            out.append(f"'sha256-{digest}'")
    return out


def policy(html: str) -> str:
    """The policy for this page."""
    hashes = script_hashes(html)
    return BASE_POLICY.format(hashes="".join(" " + h for h in hashes),
                              style_hashes="".join(" " + h for h in style_hashes(html)))


def add_policy(html: str) -> str:
    """The page with its policy as ``<meta http-equiv="Content-Security-Policy">`` right after ``<meta charset>``
    (a policy applies only to what follows it), or first in ``<head>``; unchanged if it has neither.

    >>> print(add_policy('<head><meta charset="utf-8"><script>a()</script>')[28:126])
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'sha256-
    """
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    m = _CHARSET.search(html) or re.search(r"<head(?:\s[^>]*)?>", html, re.I)
    if m is None:
        return html
    return html[:m.end()] + tag + html[m.end():]
