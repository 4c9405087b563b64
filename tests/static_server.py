"""A static server as hosts serve the built site: files from a folder, a missing address gets the site's
``404.html`` with status 404. Used by the browser tests' fixtures and by the benchmarks."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass

    def send_error(self, code, message=None, explain=None):
        """A missing address gets the site's 404.html with status 404, as static hosts serve it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(directory: Path, handler: type[StaticHandler] = StaticHandler) -> http.server.ThreadingHTTPServer:
    """Serve ``directory`` on 127.0.0.1 at a free port, in a daemon thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextlib.contextmanager
def served(directory: Path, handler: type[StaticHandler] = StaticHandler, path: str = "/") -> Iterator[str]:
    """Serve ``directory`` while the block runs; yields ``http://127.0.0.1:PORT{path}``."""
    server = serve(directory, handler)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
