"""The one process pool for CPU-bound analysis, shared by a crawl and by ``crawler reextract``.

trafilatura costs milliseconds to tens of milliseconds per page on one core;
run in the reactor thread it would cap a crawl at one core and stall
downloads. The analysis stage awaits ``run(func, *args)`` so the reactor keeps
downloading while every core works; ``reextract`` streams pages through
``imap``. ``ARCHIVE_WORKERS`` sets the size (empty: all cores; 0: in-process).

Workers are spawned, not forked (the crawl process runs threads whose locks a
fork would copy mid-use), and they die with the process that started them: a
parent-death signal on Linux, and a check of the parent's pid everywhere, so a
crawl killed with SIGKILL under cron leaves no orphans.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, TypeVar

R = TypeVar("R")
logger = logging.getLogger(__name__)

_pool: Executor | None = None
_size: int | None = None
_users = 0


def configure(size: int | None) -> None:
    """Set the pool size before the first use; None means all cores."""
    global _size
    _size = size


def configure_from(crawler) -> None:
    """Size the pool from ARCHIVE_WORKERS; the last crawl of the process to stop shuts it down.

    Several crawlers (one per site) share the pool in one process: shutting it
    down when the first of them stops would cancel the others' pages.
    """
    global _users
    from scrapy import signals

    value = crawler.settings.get("ARCHIVE_WORKERS")
    configure(None if value in (None, "") else int(value))
    _users += 1
    crawler.signals.connect(_release, signal=signals.engine_stopped, weak=False)


def _release() -> None:
    global _users
    _users -= 1
    if _users <= 0:
        _users = 0
        # Not waiting: joining the workers blocks the reactor thread for a second or more
        # (a worker still importing finishes first), while Scrapy's download handlers close
        # their connections against a one-second timer; the late timer then fired a
        # Deferred that had fired already (AlreadyCalledError after "Spider closed").
        # The workers end on their own; the interpreter joins them at exit.
        shutdown(wait=False)


def pool_size() -> int:
    return (os.cpu_count() or 1) if _size is None else _size


def die_with(parent: int) -> None:
    """In a child process: end when ``parent`` ends, however it ends."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)

    def watch():
        while True:
            if os.getppid() != parent:
                os._exit(1)
            threading.Event().wait(2.0)

    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _start_worker(parent: int) -> None:
    die_with(parent)
    # Import the heavy modules once per worker, not on its first page.
    import crawler.analyse  # noqa: F401


def _executor() -> Executor | None:
    global _pool
    if pool_size() == 0:
        return None
    if _pool is None:
        context = multiprocessing.get_context("spawn")
        _pool = ProcessPoolExecutor(
            max_workers=pool_size(), mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
        )
    return _pool


async def run(func: Callable[..., R], *args) -> R:
    """``func(*args)`` in a worker process (or in-process when the pool size is 0).

    A worker that dies (killed, out of memory) breaks the pool: the call then
    runs in-process and a fresh pool starts for the next ones, so nothing is lost.
    """
    global _pool
    executor = _executor()
    if executor is None:
        return func(*args)
    try:
        return await asyncio.get_running_loop().run_in_executor(executor, func, *args)
    except BrokenProcessPool:
        logger.error("analysis worker died; running this page in the crawl process")
        if _pool is executor:
            _pool = None
        return func(*args)


def imap(func: Callable[..., R], *iterables: Iterable, chunksize: int = 8) -> Iterator[R]:
    """``map(func, *iterables)`` over the pool, results in order, for batch work outside a crawl."""
    executor = _executor()
    if executor is None:
        return map(func, *iterables)
    return executor.map(func, *iterables, chunksize=chunksize)


def shutdown(wait: bool = True) -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=wait)
        _pool = None
