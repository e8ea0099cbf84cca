"""Vietnamese date strings, as provincial pages write them: the one place for parsing them.

- ``parse_date(text, url=None, reference=None)``: an aware datetime when the
  time of day is known — in the offset the text states, else Vietnam time —, a
  ``date`` when only the day is, None when the text holds no date. Day before
  month, always. Fast explicit rules for the common shapes come first;
  dateparser takes the long tail.
- ``find_dateline(text)``: the dateline opening an article body ("BHG - Chiều 6.11").
- ``year_from_url`` / ``date_from_url``: what an article URL says of its date.

Its parts: times of day are ``crawler.timeofday``, event ranges
``crawler.dateranges``, lunar-calendar phrases ``crawler.lunar``, "hôm qua" and
"2 giờ trước" ``crawler.relativedays``, the zone,
references and offsets ``crawler.vntime``. Dating a
whole page (metadata, visible dates, htmldate) is ``crawler.pagedates``.
``crawler date "Chiều 6.11" --reference 2020-11-07`` prints a parse.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from email.utils import parsedate_to_datetime
from functools import lru_cache

from crawler import lunar
from crawler.dateranges import range_start
from crawler.relativedays import ago as _relative, named_day as _relative_words
from crawler.timeofday import find_time
from crawler.vntime import MIN_YEAR, VN_TZ, as_reference, combine as _combine, stated as _stated, valid as _valid

__all__ = ["VN_TZ", "MIN_YEAR", "as_reference", "parse_date", "find_dateline", "year_from_url", "date_from_url"]

# --- text clean-up ------------------------------------------------------------------

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2019": "", "\u00a0": " ", "\u202f": " "})
_ODD_CHARS = re.compile("[\u2013\u2014\u2212\u2019\u00a0\u202f]")
_GMT = re.compile(r"\(?\s*(GMT|UTC)\s*\+\s*0?7(:?00)?\s*\)?", re.IGNORECASE)

# --- what is not a date -------------------------------------------------------------

# Decree/document numbers: 06/2014/NĐ-CP, 07/CT-BCA-V28, 31-NQ/TW.
_DOC_NUMBER = re.compile(r"\d+\s*/\s*(\d{4}\s*/\s*)?[A-ZĐ]{1,}[A-ZĐ0-9-]*", re.UNICODE)
# A period "2013 - 2020" or "(2014 – 2024)" with no day in it.
_PERIOD = re.compile(r"^\D*\b(19|20)\d{2}\s*-\s*(19|20)\d{2}\b\D*$")
# What follows a figure but never a date: "đạt 12.5 tỷ đồng", "tăng 3.4 lần".
_FIGURE_UNIT = r"(?!\s*(?:%|triệu|tỷ|nghìn|ngàn|đồng|lần|điểm|tấn|kg|km|ha\b|USD))"

# --- shapes ---------------------------------------------------------------------------

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_DMY = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4}|\d{2})(?![\d/])"
)
_WORDS_DMY = re.compile(
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2}|mười\s+một|mười\s+hai|mười|một|hai|ba|tư|năm|sáu|bảy|tám|chín)\b"
    r"(?:\s*(?:,|năm)?\s*(?P<y>\d{4}))?",
    re.IGNORECASE,
)
# Months in words ("17 Tháng Tư 2024"); Giêng and Chạp name lunar months (crawler.lunar).
_MONTH_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
    "mười": 10, "mười một": 11, "mười hai": 12,
}
_MONTH_YEAR_ONLY = re.compile(r"tháng\s+\d{1,2}\s*[./,]\s*\d{4}", re.IGNORECASE)
# Year-less "6.11", "22/3", "17-8", "24/ 4" (datelines): not part of a longer number.
_DM = re.compile(r"(?<![\d.,/-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?![\d]|[.,/]\d|\s*%)" + _FIGURE_UNIT)
# An outlet tag before a dateline: "(QNO) -", "(Mặt trận) -", "( HGĐT ) -", "Báo Cà Mau (CMO)",
# "BHG -", "Kinhtedothi –", "VOV4.Sêdang -", and a bare acronym "( CTTS Trưa 15-1)".
_TAG = (
    r"(?:[(\[]\s*[^()\[\]]{1,30}?\s*[)\]]\s*[-:]?"
    r"|(?:[\w.]+\s+){1,3}\([^()]{1,12}\)"
    r"|[\w.]{2,24}\s*[-:]"
    r"|[(\[]?\s*(?-i:[A-ZĐ][A-ZĐ0-9]{1,9})(?=\s))\s*"
)
_LEAD_WORDS = (
    r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|t[2-7]|cn|rạng|sáng|trưa|chiều|tối|đêm|khuya|"
    r"nay|qua|kia|mai|hôm|ngày|lúc|vào|hồi|c[ậạâa]p\s+nh[ậâạa][tp]|đăng|ngày\s+đăng"
)
# What may stand before a year-less day.month for it to be a date: an outlet tag, weekday, day part,
# "ngày", "lúc", a label. "đạt 12.5", "tăng 3.4 lần" are figures.
_DM_LEAD = re.compile(rf"^[\s,.|:(\[-]*(?:{_TAG})?[\s,.|:(\[-]*(?:(?:{_LEAD_WORDS})[\s,.|:(\[-]*)*$", re.IGNORECASE)
# ... or, after a time of day, "khoảng"/"từ"/"đến" ("khoảng 1 giờ ngày 2.7", "đến 11 giờ trưa 26.4").
_DM_LEAD_TIMED = re.compile(
    rf"^[\s,.|:(\[-]*(?:{_TAG})?[\s,.|:(\[-]*(?:(?:{_LEAD_WORDS}|khoảng|chừng|từ|đến|tới)[\s,.|:(\[-]*)*$", re.IGNORECASE
)
# ... or, in running text, the word just before it: "trong 2 ngày 9/12", "Tối hôm kia (8/3)".
_DM_NEAR = re.compile(
    r"\b(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|khuya|nay|qua|kia|vào|thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"
    r"\s*[(,]?\s*$",
    re.IGNORECASE,
)

_URL_YMD = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/-]?(?P<m>0[1-9]|1[0-2])[/-]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_URL_YM = re.compile(r"/(?P<y>(?:19|20)\d{2})/?(?P<m>0[1-9]|1[0-2])/")
_URL_Y = re.compile(r"/(?P<y>(?:19|20)\d{2})/")

_DATELINE = re.compile(
    rf"^\s*(?:{_TAG})?"
    r"(?P<line>(?:(?:rạng\s+)?(?:sáng|trưa|chiều|tối|đêm|ngày|hôm)\s+(?:nay|qua|mai|kia)?\s*)?"
    r"\(?\d{1,2}\s*[./-]\s*\d{1,2}(?:\s*[./-]\s*\d{2,4})?\)?)",
    re.IGNORECASE,
)


# --- clean-up, URLs, year inference ------------------------------------------------------


def _clean(text: str) -> str:
    # Each step only where it has work: this runs on every string (see benchmarks/bench_dates.py).
    text = unicodedata.normalize("NFC", text)
    if _ODD_CHARS.search(text):
        text = text.translate(_DASHES)
    if "GMT" in text or "UTC" in text or "gmt" in text:
        text = _GMT.sub(" ", text)
    return " ".join(text.split())


def year_from_url(url: str | None) -> int | None:
    """The publication year an article URL carries (/2020/11/06/, /202011/, -20201106), or None."""
    if not url:
        return None
    path = url.split("?", 1)[0]
    for pattern in (_URL_YMD, _URL_YM, _URL_Y):
        match = pattern.search(path)
        if match:
            return int(match.group("y"))
    return None


def date_from_url(url: str | None) -> date | None:
    """A full date written in the URL path (/2020/11/06/ or -20201106), or None."""
    if not url:
        return None
    match = _URL_YMD.search(url.split("?", 1)[0])
    if not match:
        return None
    return _valid(int(match.group("y")), int(match.group("m")), int(match.group("d")))


def _year4(value: str) -> int:
    year = int(value)
    return year + 2000 if year < 100 else year


def _infer_year(month: int, day: int, ref: datetime, url: str | None) -> date | None:
    year = year_from_url(url)
    if year:
        return _valid(year, month, day)
    # The latest year that does not put the date after the reference (29.2 may go back years).
    for candidate in range(ref.year, ref.year - 9, -1):
        found = _valid(candidate, month, day)
        if found and found <= ref.date():
            return found
    return None


# --- parse_date ------------------------------------------------------------------------


def parse_date(text: str | None, *, url: str | None = None, reference=None) -> datetime | date | None:
    """A date or aware datetime from Vietnamese text, or None (see the module docstring)."""
    if not text:
        return None
    cleaned = _clean(text)
    if not cleaned:
        return None
    if lunar.mentions_lunar(cleaned):
        return _lunar_or_solar(cleaned, url, reference)
    return _solar(cleaned, url, reference)


def _lunar_or_solar(cleaned: str, url: str | None, reference) -> datetime | date | None:
    """A solar date written beside a lunar one wins ("ngày 21/1, tức mùng 1 Tết"); else the lunar one."""
    phrases = lunar.find(cleaned)
    solar_text = lunar.strip(cleaned, phrases)
    found = _solar(solar_text, url, reference, long_tail=False)
    if found is not None or not phrases:
        return found
    day = lunar.to_solar(phrases[0], as_reference(reference).date())
    if day is None or day.year < MIN_YEAR:
        return None
    return _combine(day, find_time(solar_text)[0])


def _solar(cleaned: str, url: str | None, reference, *, long_tail: bool = True) -> datetime | date | None:
    if not any(ch.isdigit() for ch in cleaned):
        return _relative_words(cleaned, reference)
    if _PERIOD.match(cleaned):
        return None
    without_docs = _DOC_NUMBER.sub(" ", cleaned)
    if without_docs.strip() != cleaned and not any(ch.isdigit() for ch in without_docs):
        return None
    cleaned = without_docs
    found = _iso(cleaned) or _rfc2822(cleaned)
    if found is not None:
        return found
    at, rest = find_time(cleaned)
    rest, range_at = range_start(rest)
    found = _written_date(rest, at, url, reference, range_at)
    if found is not None:
        return found
    relative = _relative(cleaned, reference)
    if relative is not None:
        return relative
    named = _relative_words(cleaned, reference)  # "7 giờ sáng nay", "18 giờ hôm qua"
    if named is not None:
        return _combine(named, at)
    return _dateparser(cleaned, reference) if long_tail else None


_RFC2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|GMT|UT|Z)$")


def _rfc2822(text: str) -> datetime | None:
    """Feeds' pubDate, "Thu, 16 Jan 2020 18:20:00 +0100", in the offset stated."""
    if not _RFC2822.match(text):
        return None
    try:
        found = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if found.tzinfo is None or _valid(found.year, found.month, found.day) is None:
        return None
    return _stated(found)


def _iso(text: str) -> datetime | date | None:
    """ISO 8601 and "2020-11-06 08:30:00", in the offset stated (see ``_stated``)."""
    match = _ISO.search(text)
    if not match:
        return None
    day = _valid(int(match["y"]), int(match["m"]), int(match["d"]))
    if day is None:
        return None
    if match["H"] is None:
        return day
    at = time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
    if not match["tz"]:
        return datetime.combine(day, at, VN_TZ)
    tz = match["tz"].replace("Z", "+00:00")
    if ":" not in tz:
        tz = tz[:3] + ":" + tz[3:]
    return _stated(datetime.fromisoformat(f"{day.isoformat()}T{at.isoformat()}{tz}"))


def _written_date(rest: str, at: time | None, url, reference, range_at: int | None) -> datetime | date | None:
    """The day written in ``rest`` (times taken out, a range already turned into its start)."""
    match = _DMY.search(rest)
    if match:
        day, month, year = int(match["d"]), int(match["m"]), _year4(match["y"])
        # Day first; a month-first "5/14/2021" (English-language CMS) only where it cannot be day-first.
        found = _valid(year, month, day) or (_valid(year, day, month) if day <= 12 < month else None)
        if found:
            return _combine(found, at)
    match = _WORDS_DMY.search(rest)
    # "6 tháng một lần" is "every six months": a month in words needs "ngày" or a year with it.
    if match and (match["m"].isdigit() or match["y"] or match.group(0)[:4].lower() == "ngày"):
        word = " ".join(match["m"].lower().split())
        month = int(word) if word.isdigit() else _MONTH_WORDS[word]
        if match["y"]:
            found = _valid(int(match["y"]), month, int(match["d"]))
        else:
            found = _infer_year(month, int(match["d"]), as_reference(reference), url)
        if found:
            return _combine(found, at)
    if _MONTH_YEAR_ONLY.search(rest):
        return None  # "tháng 11.2020": a month, not a day
    lead = _DM_LEAD_TIMED if at is not None else _DM_LEAD
    for match in _DM.finditer(rest):
        before = rest[: match.start()]
        # A lead of tag and words is short; only the last words count in running text.
        if match.start() == range_at or (len(before) <= 80 and lead.match(before)) or _DM_NEAR.search(before[-24:]):
            found = _infer_year(int(match["m"]), int(match["d"]), as_reference(reference), url)
            if found:
                return _combine(found, at)
    return None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@lru_cache(maxsize=1)
def _dateparser_module():
    import dateparser

    return dateparser


def _dateparser(text: str, reference) -> datetime | date | None:
    """The long tail: dateparser in Vietnamese, day before month, never the future."""
    # What it reads well has a year ("17 Tháng Tư, 2024", "April 17, 2024"); without one it
    # fills in the reference's day ("16 giờ 5'").
    if len(text) > 80 or not _YEAR.search(text):
        return None
    ref = as_reference(reference)
    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": ref.replace(tzinfo=None),
        "REQUIRE_PARTS": ["day", "month", "year"],
        "STRICT_PARSING": False,
    }
    try:
        found = _dateparser_module().parse(text, languages=["vi", "en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if found is None or not MIN_YEAR <= found.year <= ref.year + 1:
        return None
    if find_time(text)[0] is None:
        return found.date()
    if found.tzinfo is None:
        return found.replace(tzinfo=VN_TZ)
    return _stated(found)


# --- datelines --------------------------------------------------------------------------


def find_dateline(text: str | None) -> str | None:
    """The dateline at the start of an article body ("Chiều 6.11" from "BHG - Chiều 6.11, ...")."""
    if not text:
        return None
    head = _clean(text[:160])
    match = _DATELINE.match(head)
    if not match:
        return None
    line = match.group("line").strip().rstrip(",")
    if line.endswith(")") and "(" not in line:
        line = line[:-1]  # "( CTTS Trưa 15-1)": the tag's parenthesis, not the date's
    return line if re.search(r"\d", line) else None
