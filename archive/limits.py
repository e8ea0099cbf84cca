"""Bounds on the work one request can make SQLite do.

``time_limit`` interrupts a connection's statements after a number of
seconds (SQLite's progress handler, as Datasette's own ``sql_time_limit_ms``
does for the SQL it runs itself); ``bound_connection`` caps the length of
any string or blob SQLite builds, so ``randomblob(1e9)`` or
``printf('%.*c', 1e9, 'x')`` fails at once instead of allocating gigabytes.
SQLite's own printf keeps looping over a huge width after the cap (10 s for
1e9 in SQLite 3.40, beyond the progress handler's reach), so ``printf`` and
``format`` are replaced on these connections by one that refuses a width or
precision past the cap and otherwise asks SQLite's own.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from contextlib import contextmanager

# No article, caption or page field comes near this; a query building more is a load, not a question.
MAX_VALUE_BYTES = 50 * 1024 * 1024


class TooSlow(Exception):
    """A statement ran past its time limit (``seconds``)."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


@contextmanager
def time_limit(conn: sqlite3.Connection, seconds: float | None):
    """Interrupt ``conn``'s statements after ``seconds`` (None: no limit), raising ``TooSlow``."""
    if not seconds:
        yield
        return
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 1000)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc) and time.monotonic() > deadline:
            raise TooSlow(seconds) from exc
        raise
    finally:
        conn.set_progress_handler(None, 1000)


def bound_connection(conn: sqlite3.Connection, max_bytes: int = MAX_VALUE_BYTES) -> None:
    """Cap the length of strings and blobs SQLite will build on ``conn``."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, max_bytes)
    guard_printf(conn, max_bytes)


_SPEC = re.compile(r"%[-+ 0#,!]*(\d+|\*)?(?:\.(\d+|\*))?")
_local = threading.local()


def _sizes(fmt: str, args: tuple) -> list[float]:
    """The widths and precisions a printf format asks for, literal or from ``*`` arguments."""
    sizes, position = [], 0
    for match in _SPEC.finditer(fmt):
        for part in match.groups():
            if part == "*":
                value = args[position] if position < len(args) else 0
                sizes.append(abs(float(value)) if isinstance(value, (int, float)) else 0)
                position += 1
            elif part:
                sizes.append(float(part))
        position += 1
    return sizes


def _printf(max_bytes: int):
    def printf(fmt, *args):
        if fmt is None:
            return None
        if any(size > max_bytes for size in _sizes(str(fmt), args)):
            return _too_big(max_bytes)
        conn = getattr(_local, "conn", None)
        if conn is None:
            conn = _local.conn = sqlite3.connect(":memory:")
            conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, max_bytes)
        marks = ", ".join("?" for _ in range(len(args) + 1))
        return conn.execute(f"SELECT printf({marks})", (fmt, *args)).fetchone()[0]

    return printf


def _too_big(max_bytes: int) -> memoryview:
    """A result one byte past the cap: SQLite refuses it with its own "string or blob too big".

    An anonymous mapping is never touched, so it costs address space, not memory;
    an exception would reach the user as "user-defined function raised exception".
    """
    import mmap

    return memoryview(mmap.mmap(-1, max_bytes + 1))


def guard_printf(conn: sqlite3.Connection, max_bytes: int = MAX_VALUE_BYTES) -> None:
    """Replace ``printf`` and ``format`` on ``conn`` by ones that refuse a width or precision past ``max_bytes``."""
    for name in ("printf", "format"):
        conn.create_function(name, -1, _printf(max_bytes), deterministic=True)
