"""Datasette plugin: no redirect may leave the archive's own origin, and no address answers 500.

Datasette 0.65.5 answers ``/\\example.com/`` with a redirect to
``/\\example.com``, which browsers follow to https://example.com (issue #2680,
fixed only in the 1.0 alphas). Any redirect whose Location is not a path on
this server becomes a 404.

Its default error page prints the traceback with rich whenever rich is
installed (the crawler's progress display needs it). An address no route
matches (``/archive/articles/1/versions``) is a 404 raised outside any
``except`` block: rich then raises instead of printing, and the 404 becomes a
500. The error page goes on without rich (real errors still print their
traceback, through the standard library).
"""

from __future__ import annotations

from datasette import hookimpl


def _leaves_origin(location: str) -> bool:
    location = location.strip()
    if not location.startswith("/"):
        # Absolute URLs: Datasette itself only redirects within the instance.
        return "://" in location or location.startswith("\\")
    return location[1:2] in ("/", "\\") or location.startswith("/%5c") or location.startswith("/%5C")


def guard(app):
    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        raw = scope.get("raw_path") or scope.get("path", "").encode()
        if raw.startswith((b"//", b"/\\", b"/%5c", b"/%5C")):
            return await _not_found(send)
        blocked = False

        async def checked_send(event):
            nonlocal blocked
            if event["type"] == "http.response.start" and 300 <= event["status"] < 400:
                for name, value in event.get("headers", []):
                    if name.lower() == b"location" and _leaves_origin(value.decode("latin-1")):
                        blocked = True
                        return await _not_found(send)
            if blocked:
                return None
            return await send(event)

        return await app(scope, receive, checked_send)

    return wrapped


async def _not_found(send):
    body = b"Not found"
    await send(
        {
            "type": "http.response.start",
            "status": 404,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


@hookimpl
def asgi_wrapper(datasette):
    return guard


@hookimpl
def startup(datasette):
    from datasette import handle_exception

    handle_exception.rich = None
