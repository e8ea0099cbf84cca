"""A process pool for the CPU-bound stages (extraction, dates), shared by a crawl.

trafilatura costs milliseconds to tens of milliseconds per page on one core;
run in the reactor thread it would cap a crawl at one core and stall
downloads. The analyse stage hands a page to ``run(func, page)`` and awaits
the result, so the reactor keeps downloading while every core extracts.

``ARCHIVE_WORKERS`` sets the pool size (default: all cores); 0 runs the stages
in-process, which tests of single stages and debugging prefer.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import logging
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, TypeVar

T = TypeVar("T")
R = TypeVar("R")
logger = logging.getLogger(__name__)

_pool: Executor | None = None
_size: int | None = None
_users = 0


def configure(size: int | None) -> None:
    """Set the pool size before the first ``run``; None means all cores."""
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
        shutdown()


def pool_size() -> int:
    return (os.cpu_count() or 1) if _size is None else _size


def _executor() -> Executor | None:
    global _pool
    if pool_size() == 0:
        return None
    if _pool is None:
        # Spawned, not forked: the crawl process runs threads (reactor, DNS),
        # and a fork would copy their locks mid-use.
        context = multiprocessing.get_context("spawn")
        _pool = ProcessPoolExecutor(max_workers=pool_size(), mp_context=context, initializer=_warm_up)
    return _pool


def _warm_up() -> None:
    """Import the heavy modules once per worker, not on its first page."""
    import crawler.dates  # noqa: F401
    import crawler.extract  # noqa: F401


async def run(func: Callable[[T], R], item: T) -> R:
    """``func(item)`` in a worker process (or in-process when the pool size is 0).

    A worker that dies (killed, out of memory) breaks the pool: the page is
    then processed in-process and a fresh pool is started for the next ones,
    so no page is lost.
    """
    global _pool
    executor = _executor()
    if executor is None:
        return func(item)
    try:
        return await asyncio.get_running_loop().run_in_executor(executor, func, item)
    except BrokenProcessPool:
        logger.error("extraction worker died; processing this page in the crawl process")
        if _pool is executor:
            _pool = None
        return func(item)


def shutdown() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True)
        _pool = None
