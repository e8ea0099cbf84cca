"""Vietnamese lunar-calendar phrases ("mùng 1 Tết", "30 tháng Chạp", "10/3 âm lịch") as solar dates.

The Vietnamese calendar is computed on UTC+7 and so differs from the Chinese
one (UTC+8) in some years: Tết 1985 fell on 21 January in Vietnam and on
20 February in China, Tết 2007 on 17 and 18 February. The conversion is
``lunar_vn``'s (Hồ Ngọc Đức's algorithm, time zone +7); this module reads the
phrases and picks the lunar year.

- ``find(text)``: the lunar phrases in (cleaned) text, as ``LunarPhrase``.
- ``to_solar(phrase, reference)``: the solar date; without a year, the latest
  one not after the reference ("mùng 1 Tết" read in March 2024 is 10 Feb 2024).
- ``tet(year)``: the solar date of Tết (1st day of the 1st lunar month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from lunar_vn import LunarDate, lunar_to_solar, solar_to_lunar

_CAN = ("canh", "tân", "nhâm", "quý", "giáp", "ất", "bính", "đinh", "mậu", "kỷ")  # year % 10
_CHI = ("thân", "dậu", "tuất", "hợi", "tý", "sửu", "dần", "mão", "thìn", "tỵ", "ngọ", "mùi")  # year % 12
_CHI_ALIASES = {"tí": "tý", "mẹo": "mão", "tị": "tỵ"}
_MONTH_WORDS = {
    "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
    "mười": 10, "mười một": 11, "chạp": 12,
}

_CAN_CHI = r"(?P<can>canh|tân|nhâm|quý|giáp|ất|bính|đinh|mậu|kỷ)\s+(?P<chi>tý|tí|sửu|dần|mão|mẹo|thìn|tỵ|tị|ngọ|mùi|thân|dậu|tuất|hợi)"
# What may name the lunar year after a phrase: "Tết Giáp Thìn", "năm Quý Mão", "năm 2024", "Tết Nguyên đán Ất Tỵ".
_YEAR = rf"(?:\s*,?\s*(?:tết\s+)?(?:nguyên\s+đán\s+)?(?:năm\s+)?(?:{_CAN_CHI}|(?<=năm )(?P<year>\d{{4}})))?"
_MARK = r"\s*\(?\s*(?:âm\s+lịch|âl|al)\b\)?"
# Days as figures or words: "mùng 1", "mùng Một", "ba mươi Tết", "Rằm".
_DAY_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
    "mười": 10, "ba mươi": 30,
}
_DAY = (
    r"(?:(?:ngày\s+)?(?:mùng|mồng)\s*(?P<mung>\d{1,2}|một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười)\b"
    r"|(?:ngày\s+)?(?<![\d/.,-])(?P<day>\d{1,2}|ba\s+mươi)|(?P<ram>rằm))"
)

_PATTERNS = (
    # "mùng 1 Tết", "30 Tết", "ngày 28 Tết", "mùng 6 Tết Ất Tỵ": days 1-10 of the 1st month, 15-30 of the 12th.
    ("tet", re.compile(rf"{_DAY}\s+tết(?:\s+nguyên\s+đán)?{_YEAR}", re.IGNORECASE)),
    # "mùng 10 tháng Giêng", "Rằm tháng Giêng", "30 tháng Chạp âm lịch", "rằm tháng Bảy".
    ("named", re.compile(rf"{_DAY}\s+tháng\s+(?P<word>giêng|chạp)(?:{_MARK})?{_YEAR}", re.IGNORECASE)),
    ("ram", re.compile(rf"(?P<ram>rằm)\s+tháng\s+(?P<word>mười\s+một|mười|hai|ba|tư|năm|sáu|bảy|tám|chín|\d{{1,2}})\b{_YEAR}", re.IGNORECASE)),
    # "10/3 âm lịch", "ngày 10 tháng 3 âm lịch", "(10/3 Âm lịch)", "mùng 5/5".
    ("marked", re.compile(
        rf"{_DAY}\s*(?:[/.-]\s*|\s+tháng\s+)(?P<month>\d{{1,2}})(?:\s*(?:[/.-]|năm)\s*(?P<year2>\d{{4}}))?{_MARK}{_YEAR}",
        re.IGNORECASE)),
    # "ngày 10/3 năm Quý Mão", "ngày 30 tháng Chạp năm Nhâm Dần": a can-chi year makes the date lunar.
    ("canchi", re.compile(rf"{_DAY}\s*(?:[/.-]\s*|\s+tháng\s+)(?P<month>\d{{1,2}})\s+năm\s+{_CAN_CHI}", re.IGNORECASE)),
    ("mung", re.compile(r"(?:mùng|mồng)\s*(?P<mung>\d{1,2})\s*(?:[/.-]\s*|\s+tháng\s+)(?P<month>\d{1,2})(?![\d/.])", re.IGNORECASE)),
    # "đêm giao thừa", "giao thừa Tết Quý Mão": the last day of the 12th month.
    ("eve", re.compile(rf"giao\s+thừa{_YEAR}", re.IGNORECASE)),
)
# A cheap test before the patterns: no lunar phrase lacks all of these.
_ANY = re.compile(r"tết|âm\s+lịch|\b(?:al|âl)\b|chạp|giêng|rằm|giao\s+thừa|mùng|mồng|\bnăm\s+" + _CAN_CHI, re.IGNORECASE)


@dataclass(frozen=True)
class LunarPhrase:
    """A lunar date as written.

    ``day``, ``month``: of the lunar calendar (``day`` 0: the 12th month's last day, "giao thừa");
    ``year``: the lunar year when the text gives it in figures; ``cycle``: the year modulo 60
    when the text names it (Giáp Thìn: 2024 % 60); ``before_tet``: the year named is that of
    the Tết the day leads to ("29 Tết Giáp Thìn", "giao thừa Tết Quý Mão": the days before
    that Tết, in the year before); ``span``: where the phrase stands in the text.
    """

    day: int
    month: int
    year: int | None
    cycle: int | None
    before_tet: bool
    span: tuple[int, int]


# Substrings of those words, tested first: most strings have none.
_HINTS = ("tết", "âm", "al", "âl", "chạp", "giêng", "rằm", "giao", "mùng", "mồng", "năm ")


def mentions_lunar(text: str) -> bool:
    """Whether the text has a word of the lunar calendar (Tết, âm lịch, tháng Chạp, ...)."""
    low = text.lower()
    return any(hint in low for hint in _HINTS) and _ANY.search(text) is not None


def find(text: str) -> list[LunarPhrase]:
    """The lunar dates written in ``text``, in order, none overlapping."""
    found: list[LunarPhrase] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < p.span[1] and p.span[0] < match.end() for p in found):
                continue
            phrase = _phrase(kind, match)
            if phrase is not None:
                found.append(phrase)
    return sorted(found, key=lambda p: p.span)


def _phrase(kind: str, match: re.Match) -> LunarPhrase | None:
    groups = match.groupdict()
    written = " ".join((groups.get("mung") or groups.get("day") or "0").lower().split())
    day = 15 if groups.get("ram") else int(written) if written.isdigit() else _DAY_WORDS[written]
    if kind == "eve":
        month = 12
    elif kind == "tet":
        # "mùng 3 Tết" is the 1st month; "28 Tết", "30 Tết" the last days of the 12th.
        if groups.get("mung") or day <= 10:
            month = 1
        elif day >= 20:
            month = 12
        else:
            return None
    elif groups.get("word"):
        word = " ".join(groups["word"].lower().split())
        month = int(word) if word.isdigit() else _MONTH_WORDS[word]
    else:
        month = int(groups["month"])
    if not (1 <= month <= 12 and (kind == "eve" or 1 <= day <= 30)):
        return None
    figures = groups.get("year") or groups.get("year2")
    cycle = None
    if groups.get("can"):
        chi = groups["chi"].lower()
        cycle = _CYCLE[(groups["can"].lower(), _CHI_ALIASES.get(chi, chi))]
    before_tet = kind == "eve" or (kind == "tet" and month == 12)
    return LunarPhrase(day, month, int(figures) if figures else None, cycle, before_tet, match.span())


# A can-chi name comes back every 60 years: (can, chi) -> year % 60.
_CYCLE = {(_CAN[y % 10], _CHI[y % 12]): y % 60 for y in range(60)}


@lru_cache(maxsize=4096)
def solar(day: int, month: int, lunar_year: int) -> date | None:
    """The solar date of a lunar day (not a leap month), or None when that month has no such day."""
    try:
        if day == 0:  # the 12th month's last day: the eve of the next Tết
            return lunar_to_solar(LunarDate(1, 1, lunar_year + 1)) - timedelta(days=1)
        found = lunar_to_solar(LunarDate(day, month, lunar_year))
        back = solar_to_lunar(found)
    except ValueError:
        return None
    # A 29-day month has no 30th: the library would roll over into the next month.
    return found if (back.day, back.month, back.leap) == (day, month, False) else None


def tet(year: int) -> date:
    """The solar date of Tết Nguyên Đán of ``year``."""
    return solar(1, 1, year)


def to_solar(phrase: LunarPhrase, reference: date) -> date | None:
    """The solar date of ``phrase``: of its named year, or the latest one not after ``reference``."""
    year = phrase.year
    if phrase.cycle is not None:
        # The year of that name nearest the reference, at most one lunar year after it.
        year = reference.year + 1 - (reference.year + 1 - phrase.cycle) % 60
    if year is not None:
        return solar(phrase.day, phrase.month, year - 1 if phrase.before_tet else year)
    for year in range(reference.year, reference.year - 4, -1):
        found = solar(phrase.day, phrase.month, year)
        if found is not None and found <= reference:
            return found
    return None


def strip(text: str, phrases: list[LunarPhrase]) -> str:
    """``text`` without the lunar phrases, and without the "tức" that joins one to a solar date."""
    for phrase in reversed(phrases):
        start, end = phrase.span
        text = text[:start] + " " + text[end:]
    return re.sub(r"\btức\s+là\b|\btức\b|\bnhằm\b|\bâm\s+lịch\b", " ", text, flags=re.IGNORECASE)
