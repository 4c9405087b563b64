"""Run the browser's citation code (lawref-citation.js, segment.js) under node, with the grammar script that the
build generates (``grammar.grammar_script``) loaded first, exactly as the site loads them."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from lawref.cite.grammar import Catalog, grammar_script

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "site_templates" / "docs" / "assets"
CITATION_JS = ASSETS / "lawref-citation.js"
SEGMENT_JS = ASSETS / "search" / "segment.js"


def node() -> str:
    """The node binary; installed by .ci/run and `make test` (a missing node is a failure, not a skip)."""
    found = shutil.which("node") or shutil.which("nodejs")
    assert found, "node is not installed (apt-get install nodejs; .ci/run and `make chromium` install it)"
    return found


def run_node(catalog: Catalog, body: str, arg, wait: bool = False) -> object:
    """Run ``body`` (JS using ``C`` = LawrefCitation, ``S`` = LawrefSegment and ``ARG``) and return its JSON result
    (with ``wait``, ``body`` may ``await``: its result is awaited)."""
    with tempfile.TemporaryDirectory() as tmp:
        grammar = Path(tmp) / "lawref-grammar.js"
        grammar.write_bytes(grammar_script(catalog))
        argf = Path(tmp) / "arg.json"
        argf.write_text(json.dumps(arg, ensure_ascii=False), encoding="utf-8")
        script = (f"globalThis.LawrefGrammar = require({json.dumps(str(grammar))});\n"
                  f"const C = require({json.dumps(str(CITATION_JS))});\n"
                  f"const S = require({json.dumps(str(SEGMENT_JS))});\n"
                  f"const ARG = JSON.parse(require('fs').readFileSync({json.dumps(str(argf))}, 'utf8'));\n"
                  + (f"(async function(){{{body}}})().then(r => process.stdout.write(JSON.stringify(r)));\n" if wait
                     else f"process.stdout.write(JSON.stringify((function(){{{body}}})()));\n"))
        out = subprocess.run([node(), "-"], input=script, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)
