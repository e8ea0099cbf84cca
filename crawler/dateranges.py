"""Date ranges in Vietnamese text, read as the day they start, or as no date at all.

Which ranges say "this event starts on": the days of one event, written as a
span of days or of day.months no longer than a year — "từ 25/4 đến 4/5/2013",
"từ ngày 20-22/10", "(từ ngày 5 đến 10-3)", "trong 2 ngày (7 & 8.4)", "ngày 11 và
12/2/2025" — are rewritten to their first day, which takes the month and year
written at the end ("25/4/2013"). The time of day before them is the start's
(see ``crawler.timeofday``).

Which do not: two full dates years apart — the anniversary "(19/8/1945 -
19/8/2015)", a term "(1/1/2016 - 31/12/2020)" — name neither the page's day
nor an event's; they are blanked out. A period of years ("2013 - 2020") has no
day and is left to the caller.

``range_start(text) -> (text, start)``: the text with its first range replaced
by the start date ("D/M/Y" or "D/M"), and where that date now stands (None
when there was no event range).
"""

from __future__ import annotations

import re
from datetime import date

_SEP = r"\s*[/.-]\s*"
# What may follow a figure but never a date: "từ 12.5 đến 26.4 triệu đồng" is money.
_NOT_AFTER = r"(?!\s*(?:%|triệu|tỷ|nghìn|ngàn|đồng|lần|điểm|tấn|kg|km|ha\b|USD))"

# Days sharing one month: "20-22/10", "5 đến 10-3", "7 & 8.4", "11 và 12/2/2025", "22, 23 và 24.12",
# "5 đến ngày 10 tháng 8 năm 2021". Not after "Thứ" ("Thứ 2, 04/01": a weekday, then the date).
_DAYS = re.compile(
    r"(?<![\w/.,-])(?<!thứ )(?<!Thứ )(?P<d1>\d{1,2})\s*(?P<conn>-|đến|tới|và|&|,)\s*(?:ngày\s+)?"
    r"(?:\d{1,2}\s*(?:,|và|&)\s*)*(?P<d2>\d{1,2})"
    r"(?:\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>\d{4}|\d{2}))?(?![\d/])"
    r"|\s+tháng\s+(?P<mw>\d{1,2})(?:\s*(?:,|năm)\s*(?P<yw>\d{4}))?)" + _NOT_AFTER,
    re.IGNORECASE,
)
# Two day.months: "25/4 đến 4/5/2013", "20/11 - 22/11", "ngày 30/4 đến hết ngày 3/5/2024",
# "28/12/2019 đến ngày 2/1/2020", "(19/8/1945 - 19/8/2015)".
_PAIRS = re.compile(
    r"(?<![\w/.-])(?P<d1>\d{1,2})\s*(?P<s1>[/.-])\s*(?P<m1>\d{1,2})(?:\s*(?P=s1)\s*(?P<y1>\d{4}))?"
    r"\s*(?:-|đến|tới)\s*(?:hết\s+)?(?:ngày\s+)?"
    r"(?P<d2>\d{1,2})\s*(?P<s2>[/.-])\s*(?P<m2>\d{1,2})(?:\s*(?P=s2)\s*(?P<y2>\d{4}|\d{2}))?(?![\d/])" + _NOT_AFTER,
    re.IGNORECASE,
)


# Two numbers joined as a range joins them: a cheap test before the patterns.
_JOINED = re.compile(r"\d\s*(?:-|đến|tới|và|&|,)\s*(?:hết\s+)?(?:ngày\s+)?\d", re.IGNORECASE)
_DAYS_WORD = re.compile(r"ngày\s*\(?\s*$", re.IGNORECASE)


def range_start(text: str) -> tuple[str, int | None]:
    """``text`` with its first event range replaced by the start, and where the start stands."""
    if not _JOINED.search(text):
        return text, None
    for pattern, rewrite in ((_PAIRS, _pair_start), (_DAYS, _days_start)):
        for match in pattern.finditer(text):
            start = rewrite(match)
            if start is None:
                continue
            if start == "":  # an anniversary or a term: blank it, look for an event range further on
                return range_start(text[: match.start()] + " " + text[match.end():])
            return text[: match.start()] + start + text[match.end():], match.start()
    return text, None


def _year4(value: str) -> int:
    year = int(value)
    return year + 2000 if year < 100 else year


def _days_start(match: re.Match) -> str | None:
    d1, d2 = int(match["d1"]), int(match["d2"])
    month = int(match["m"] or match["mw"])
    # "27-4-25" is a date (D-M-YY), not the days 27 to 4; a range runs forward.
    if not (1 <= d1 < d2 <= 31 and 1 <= month <= 12):
        return None
    if match["conn"] == "-" and match["sep"] == "-":
        return None  # "3-4-12": 3 April 2012 rather than the 3rd to 4th of December
    if match["conn"] == "," and not _DAYS_WORD.search(match.string[: match.start()]):
        return None  # "12, 13/8" only as "ngày 12, 13/8" or "3 ngày (22, 23 và 24.12)"
    year = match["y"] or match["yw"]
    return f"{d1}/{month}/{_year4(year)}" if year else f"{d1}/{month}"


def _pair_start(match: re.Match) -> str | None:
    d1, m1, d2, m2 = int(match["d1"]), int(match["m1"]), int(match["d2"]), int(match["m2"])
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12 and 1 <= d1 <= 31 and 1 <= d2 <= 31):
        return None
    y1, y2 = match["y1"], match["y2"]
    if y2 is None:
        return None if y1 else f"{d1}/{m1}"
    y2 = _year4(y2)
    if y1 is None:
        # The start takes the end's year, or the year before when it runs over New Year.
        y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
        return f"{d1}/{m1}/{y1}"
    try:
        first, last = date(int(y1), m1, d1), date(y2, m2, d2)
    except ValueError:
        return None
    # One event lasts days or months; two dates years apart mark an anniversary or a term.
    if first > last or (last - first).days > 366:
        return ""
    return f"{d1}/{m1}/{y1}"
