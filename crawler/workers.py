"""A process pool for the CPU-bound stages (extraction, dates), shared by a crawl.

trafilatura costs tens of milliseconds per real page on one core; run in the
reactor thread it would cap a crawl at one core and stall downloads. Pipeline
stages hand a page to ``run(func, page)`` and await the result, so the reactor
keeps downloading while every core extracts.

``ARCHIVE_WORKERS`` sets the pool size (default: all cores); 0 runs the stages
in-process, which tests of single stages and debugging prefer.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Callable, TypeVar

T = TypeVar("T")

_pool: Executor | None = None
_size: int | None = None


def configure(size: int | None) -> None:
    """Set the pool size before the first ``run``; None means all cores."""
    global _size
    _size = size


def configure_from(crawler) -> None:
    """Size the pool from ARCHIVE_WORKERS and shut it down when the crawl ends."""
    from scrapy import signals

    value = crawler.settings.get("ARCHIVE_WORKERS")
    configure(None if value in (None, "") else int(value))
    crawler.signals.connect(shutdown, signal=signals.engine_stopped)


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


async def run(func: Callable[[T], T], item: T) -> T:
    """``func(item)`` in a worker process (or in-process when the pool size is 0)."""
    executor = _executor()
    if executor is None:
        return func(item)
    return await asyncio.get_running_loop().run_in_executor(executor, func, item)


def shutdown() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
