"""How the archive shows times, places and sources to readers.

One time zone everywhere: Vietnam (UTC+7), in the Vietnamese order
(``18/08/2022 17:00``) with the zone named once beside it. Stored values stay
ISO 8601 (articles in Vietnam time with +07:00, crawl times in UTC).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7))
ZONE = "GMT+7"


def vn_datetime(value: str | None, *, zone: bool = False) -> str:
    """``2022-08-18T17:00:00+07:00`` → ``18/08/2022 17:00``; a bare date → ``18/08/2022``; '' for nothing.

    Times with another offset (UTC crawl times) are converted to Vietnam time;
    a time without an offset is taken as already in Vietnam time.
    """
    if not value:
        return ""
    text = str(value).strip()
    try:
        if len(text) == 10:
            return datetime.fromisoformat(text).strftime("%d/%m/%Y")
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(VIETNAM)
    shown = moment.strftime("%d/%m/%Y %H:%M")
    return f"{shown} {ZONE}" if zone else shown


def warc_date(value: str | None) -> str:
    """A WARC-Date (UTC, ``2025-10-01T03:00:00Z``) in Vietnam time with the zone."""
    return vn_datetime(value, zone=True)


def vn_day_bounds(since: str | None, until: str | None) -> tuple[str, str]:
    """Vietnam days ``YYYY-MM-DD`` (both optional, inclusive) as UTC bounds ``[low, high)`` of stored crawl times.

    Crawl times are stored in UTC (``2026-12-01T03:00:00+00:00``), so the
    bounds compare as strings. A malformed day raises ValueError with the reason.
    """
    def start(day: str, name: str) -> datetime:
        try:
            return datetime.fromisoformat(day).replace(tzinfo=VIETNAM) if len(day) == 10 else _bad(name, day)
        except ValueError:
            return _bad(name, day)

    low = start(since, "since").astimezone(timezone.utc).isoformat(timespec="seconds") if since else ""
    high = ((start(until, "until") + timedelta(days=1)).astimezone(timezone.utc).isoformat(timespec="seconds")
            if until else "9999")
    return low, high


def _bad(name: str, day: str):
    raise ValueError(f"{name} must be a day written YYYY-MM-DD, not {day!r}")


def removal_words(status: int | None, reason: str | None) -> str:
    """Why the archive took an article for removed, in words: ``the page answered 410 (Gone)``."""
    from http import HTTPStatus

    reason = reason or ""
    if reason.startswith("gone: "):
        what = reason.removeprefix("gone: ")
        return f"the address {what if what.startswith('now ') else 'now ' + what}" + (f" ({status})" if status else "")
    if status:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        return f"the page answered {status}" + (f" ({phrase})" if phrase else "")
    return "the page could no longer be fetched"
