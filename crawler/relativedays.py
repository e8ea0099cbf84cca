"""Days said relative to the reference: "2 giờ trước", "3 ngày trước", "hôm qua", "hôm kia", "sáng nay".

- ``ago(text, reference)``: "N phút/giờ/ngày/tuần/tháng/năm trước" (a datetime for minutes
  and hours, a date for longer), or None.
- ``named_day(text, reference)``: the day "hôm nay", "hôm qua", "hôm kia" (and "tối qua",
  "sáng nay", ...) name, or None.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from crawler.vntime import as_reference

_RELATIVE = re.compile(r"(?P<n>\d+)\s*(?P<unit>phút|giờ|tiếng|ngày|tuần|tháng|năm)\s*trước", re.IGNORECASE)
_YESTERDAY = re.compile(r"\b(hôm qua|tối qua|chiều qua|sáng qua|trưa qua|đêm qua)\b", re.IGNORECASE)
_DAY_BEFORE = re.compile(r"\bhôm\s+kia\b", re.IGNORECASE)  # the day before yesterday ("ngày kia" is after tomorrow)
_TODAY = re.compile(r"\b(hôm nay|sáng nay|trưa nay|chiều nay|tối nay|đêm nay)\b", re.IGNORECASE)


def ago(text: str, reference) -> datetime | date | None:
    """The moment "N <unit> trước" names, counted back from the reference."""
    match = _RELATIVE.search(text)
    if not match:
        return None
    ref = as_reference(reference)
    n, unit = int(match["n"]), match["unit"].lower()
    if unit == "phút":
        return (ref - timedelta(minutes=n)).replace(second=0, microsecond=0)
    if unit in ("giờ", "tiếng"):
        return (ref - timedelta(hours=n)).replace(second=0, microsecond=0)
    days = {"ngày": 1, "tuần": 7, "tháng": 30, "năm": 365}[unit]
    return ref.date() - timedelta(days=n * days)


def named_day(text: str, reference) -> date | None:
    """The day "hôm kia", "hôm qua" or "hôm nay" (and their parts of the day) name."""
    if _DAY_BEFORE.search(text):
        return as_reference(reference).date() - timedelta(days=2)
    if _YESTERDAY.search(text):
        return as_reference(reference).date() - timedelta(days=1)
    if _TODAY.search(text):
        return as_reference(reference).date()
    return None
