"""A real local HTTP server for the fixture web, answering by Host header.

Spiders reach it under the sites' real host names through
``fixtureweb.hostmap.HostMapDownloadHandler`` (``crawl_settings(port)``), so URL
patterns, robots.txt and redirects behave as in production. Feeds and sitemaps
answer conditional requests (ETag, Last-Modified) with 304. Every request is
logged in ``server.log`` as (method, host, target, status) for tests.

``python -m fixtureweb.server [PORT]`` serves until Ctrl-C.
"""

from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fixtureweb.web import NOT_FOUND, Web, build


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, web: Web, port: int = 0, delay: float = 0.0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.web = web
        self.delay = delay  # seconds before each answer: a slow site, for tests that stop a crawl midway
        self.log: list[tuple[str, str, str, int]] = []
        self._lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def hosts(self) -> list[str]:
        return self.web.hosts

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that hung up (a cut answer) is no error
            super().handle_error(request, client_address)

    def record(self, entry) -> None:
        with self._lock:
            self.log.append(entry)

    def fetched(self, method: str = "GET") -> list[str]:
        """URLs requested so far (https, as the spiders asked for them)."""
        with self._lock:
            return [f"https://{host}{target}" for m, host, target, _status in self.log if m == method]


class _Handler(BaseHTTPRequestHandler):
    server: FixtureServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # the request log is kept on the server instead
        return

    def _answer(self, head_only: bool) -> None:
        if self.server.delay:
            import time

            time.sleep(self.server.delay)
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        page = self.server.web.page(host, self.path) or NOT_FOUND
        status = page.status
        headers = {"Content-Type": page.content_type, "Server": "fixture-web"}
        body = page.body
        if 300 <= status < 400 and page.location is not None:
            headers["Location"] = page.location
            body = b""
        elif status == 200:
            headers["ETag"] = page.etag
            if page.last_modified:
                headers["Last-Modified"] = page.last_modified
            if self.headers.get("If-None-Match") == page.etag or (
                page.last_modified and self.headers.get("If-Modified-Since") == page.last_modified
            ):
                status, body = 304, b""
        headers.update(page.headers)
        self.server.record((self.command, host, self.path, status))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if head_only or not body:
            return
        if page.truncate is not None and status == 200:
            # A server dying mid-answer: part of the body, then the connection closes.
            self.wfile.write(body[: page.truncate])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def do_GET(self):
        self._answer(head_only=False)

    def do_HEAD(self):
        self._answer(head_only=True)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, for a local server started in another process."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(web: Web | None = None, port: int = 0, delay: float = 0.0) -> FixtureServer:
    server = FixtureServer(web or build(), port, delay)
    threading.Thread(target=server.serve_forever, name="fixture-web", daemon=True).start()
    return server


@contextmanager
def serve(web: Web | None = None, port: int = 0, delay: float = 0.0):
    """The fixture web on 127.0.0.1 for the duration of the block."""
    server = start_server(web, port, delay)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def crawl_settings(port: int) -> dict:
    """Scrapy settings that send every request for the fixture hosts to this server."""
    handler = "fixtureweb.hostmap.HostMapDownloadHandler"
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "HOSTMAP_TARGET": f"127.0.0.1:{port}",
        # Local pages: no need to throttle, and no reason to wait.
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    }


def main(argv=None) -> int:
    import sys
    import time

    port = int((argv or sys.argv[1:] or ["8765"])[0])
    server = start_server(port=port)
    print(f"fixture web on 127.0.0.1:{server.port} for {', '.join(server.hosts)} (Ctrl-C stops)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
