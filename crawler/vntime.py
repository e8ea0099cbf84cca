"""Vietnam time, as every date rule reads it: the zone, the moment a date is read against, a
stated offset as the archive keeps it, and the days the archive accepts.

Split from ``crawler.dates``, which re-exports ``VN_TZ`` and ``as_reference``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MIN_YEAR = 1990


def stated(moment: datetime) -> datetime:
    """An aware moment as the archive keeps it: in the offset the page states, the instant unchanged.

    The stored date is then the page's own date (a page stating 18:20+01:00 on the 16th stays on
    the 16th, where Vietnam time would make it the 17th), and the year and date facets with it.
    +07:00 is written as Vietnam's own zone.
    """
    if moment.utcoffset() == timedelta(hours=7):
        return moment.astimezone(VN_TZ)
    return moment


def as_reference(reference) -> datetime:
    """The moment a date is read against (now by default), aware: Vietnam time, or the offset it states."""
    if reference is None:
        return datetime.now(VN_TZ)
    if isinstance(reference, str):
        reference = datetime.fromisoformat(reference) if "T" in reference or " " in reference else date.fromisoformat(reference)
    if isinstance(reference, datetime):
        return stated(reference) if reference.tzinfo else reference.replace(tzinfo=VN_TZ)
    return datetime.combine(reference, time(23, 59, 59), VN_TZ)


def valid(year: int, month: int, day: int) -> date | None:
    """The day, if it exists and falls in the years the archive covers (1990-2100)."""
    if not MIN_YEAR <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def combine(day: date, at: time | None) -> datetime | date:
    """The day at ``at`` in Vietnam time, or the day alone when the time is not known."""
    return datetime.combine(day, at, VN_TZ) if at is not None else day
