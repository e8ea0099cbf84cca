"""Times of day as Vietnamese pages write them, found and taken out of a date string.

``find_time(text) -> (time | None, rest)``: the first time of day in ``text`` and
the text with every time blanked out (so that "15h ngày 15/2" leaves "ngày 15/2").
Shapes: ``15:30``, ``16:6`` (16:06), ``9:05:12``, ``22h30``, ``15g30``, ``20 giờ 04 phút``,
``17 giờ 30``, an hour alone where it is a clock time (``vào 15h``, ``khoảng 1 giờ ngày 2.7``,
``6 giờ sáng``), the 12-hour clock (``03:40 PM``, ``3:25 CH``, ``9-56-05 AM``), and the part
of the day after the hour (``8 giờ tối`` is 20:00, ``1 giờ trưa`` 13:00, ``10 giờ đêm`` 22:00).
"""

from __future__ import annotations

import re
from datetime import time

_AMPM = r"(?:\s*(?P<ampm>SA|CH|AM|PM|A\.M\.|P\.M\.)(?![\w]))?"
# The part of the day after the hour is read but left in the text: it also leads the date ("tối 12/5").
_PART = r"(?:(?=\s*(?P<part>sáng|trưa|chiều|tối|đêm|khuya)(?!\w)))?"

# 15:30, 16:6, 9:05:12, 03:40 PM: not inside a number or a date.
_COLON = re.compile(
    r"(?<![\d/.:,])(?P<H>\d{1,2})\s*:\s*(?P<M>\d{1,2})(?:\s*:\s*(?P<S>\d{1,2})(?:\.\d{1,6}(?![/.]\d))?)?(?![\d:]|[/.]\d)" + _AMPM + _PART,
    re.IGNORECASE,
)
# 9-56-05 AM (SharePoint): only with AM/PM, as "27-4-25" is a date.
_DASHED = re.compile(
    r"(?<![\d/.-])(?P<H>\d{1,2})-(?P<M>\d{2})-(?P<S>\d{2})\s*(?P<ampm>SA|CH|AM|PM)(?!\w)", re.IGNORECASE
)
# 22h30, 15g30, 20 giờ 04 phút, 17 giờ 30, 15h, 8 giờ sáng.
_WORD = re.compile(
    r"(?<![\d/.,:-])(?P<H>\d{1,2})\s*(?:giờ|h(?![a-zà-ỹđ])|g(?=\s*\d))"
    r"(?:\s*(?P<M>\d{1,2})(?![\d]|\s*[/.-]\s*\d)(?:\s*(?:phút|p(?![a-zà-ỹ])|')(?:\s*(?P<S>\d{1,2})\s*giây)?)?)?"
    + _AMPM + _PART,
    re.IGNORECASE,
)
# Cheap tests that say which of the patterns above can match at all.
_AMPM_WORD = re.compile(r"\b(?:SA|CH|AM|PM)\b", re.IGNORECASE)
_HOUR_MARK = re.compile(r"\d\s*(?:giờ|h|g|H|G)")
# Where an hour alone ("15h", "6 giờ") is a clock time and not a duration ("trong 24 giờ", "sau 48 giờ").
_HOUR_BEFORE = re.compile(r"(?:^|\b(?:lúc|vào|hồi|khoảng|từ|đến|tới|chừng|đúng|gần|trước))\W*$", re.IGNORECASE)
_HOUR_AFTER = re.compile(r"^\s*(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|khuya|rạng|,?\s*\d{1,2}\s*[/.-]\s*\d)", re.IGNORECASE)


def find_time(text: str) -> tuple[time | None, str]:
    """The first time of day in ``text`` (or None) and ``text`` with the times blanked out."""
    found: list[tuple[int, int, time]] = []
    patterns = []
    if "-" in text and _AMPM_WORD.search(text):
        patterns.append(_DASHED)
    if ":" in text:
        patterns.append(_COLON)
    if _HOUR_MARK.search(text):
        patterns.append(_WORD)
    for pattern in patterns:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end, _ in found):
                continue
            at = _clock(match, text)
            if at is not None:
                found.append((match.start(), match.end(), at))
    if not found:
        return None, text
    found.sort()
    rest = text
    for start, end, _ in reversed(found):
        rest = rest[:start] + " " + rest[end:]
    return found[0][2], rest


def _clock(match: re.Match, text: str) -> time | None:
    groups = match.groupdict()
    hour = int(groups["H"])
    minute = int(groups.get("M") or 0)
    second = int(groups.get("S") or 0)
    if groups.get("M") is None and match.re is _WORD:
        before, after = text[: match.start()], text[match.end():]
        if not (_HOUR_BEFORE.search(before) or groups.get("part") or groups.get("ampm") or _HOUR_AFTER.match(after)):
            return None
    hour = _twelve_hour(hour, (groups.get("ampm") or "").upper().replace(".", ""), (groups.get("part") or "").lower())
    if hour is None or not (hour < 24 and minute < 60 and second < 60):
        return None
    return time(hour, minute, second)


def _twelve_hour(hour: int, ampm: str, part: str) -> int | None:
    if ampm:
        if hour > 12:
            return hour if ampm in ("PM", "CH") else None
        if ampm in ("PM", "CH"):
            return hour if hour == 12 else hour + 12
        return 0 if hour == 12 else hour
    if part in ("chiều", "tối") and hour < 12:
        return hour + 12
    if part == "trưa" and hour <= 2:  # "1 giờ trưa" is 13:00; "11 giờ trưa" stays
        return hour + 12
    if part in ("đêm", "khuya") and 7 <= hour < 12:  # "10 giờ đêm" is 22:00; "2 giờ đêm" stays
        return hour + 12
    return hour
