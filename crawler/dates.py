"""Vietnamese date strings, as provincial pages write them: the one place for parsing them.

- ``parse_date(text, url=None, reference=None)``: an aware datetime in Vietnam
  time when the time of day is known, a ``date`` when only the day is, None
  when the text holds no date. Day before month, always. Fast explicit rules
  for the common shapes come first; dateparser takes the long tail.
- ``find_dateline(text)``: the dateline opening an article body ("BHG - Chiều 6.11").
- ``year_from_url`` / ``date_from_url``: what an article URL says of its date.

Dating a whole page (metadata, visible dates, htmldate) is ``crawler.pagedates``.
``crawler date "Chiều 6.11" --reference 2020-11-07`` prints a parse.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MIN_YEAR = 1990

# --- text clean-up ------------------------------------------------------------------

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2019": "", "\u00a0": " ", "\u202f": " "})
_GMT = re.compile(r"\(?\s*(GMT|UTC)\s*\+\s*0?7(:?00)?\s*\)?", re.IGNORECASE)
_SPACES = re.compile(r"\s+")

# --- what is not a date -------------------------------------------------------------

# Decree/document numbers: 06/2014/NĐ-CP, 07/CT-BCA-V28, 31-NQ/TW.
_DOC_NUMBER = re.compile(r"\d+\s*/\s*(\d{4}\s*/\s*)?[A-ZĐ]{1,}[A-ZĐ0-9-]*", re.UNICODE)
# A period "2013 - 2020" or "(2014 – 2024)" with no day in it.
_PERIOD = re.compile(r"^\D*\b(19|20)\d{2}\s*-\s*(19|20)\d{2}\b\D*$")

# An anniversary range "(19/8/1945 - 19/8/2015)": two dates, neither the publication's.
_RANGE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\s*-\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")

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
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s*(?:,|năm)\s*(?P<y>\d{4}))?", re.IGNORECASE
)
_MONTH_YEAR_ONLY = re.compile(r"tháng\s+\d{1,2}\s*[./,]\s*\d{4}", re.IGNORECASE)
# Year-less "6.11", "22/3", "17-8", "24/ 4" (datelines): not part of a longer number.
_DM = re.compile(r"(?<![\d.,/-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?![\d]|[.,/]\d|\s*%)")
# What may stand before a year-less day.month for it to be a date: an outlet tag,
# weekday, day part, "ngày", "lúc", a label. "đạt 12.5", "tăng 3.4 lần" are figures.
_DM_LEAD = re.compile(
    r"^[\s,.|:(\[-]*(?:[(\[]?[\w.]{2,20}[)\]]?\s*[-:]\s*)?"
    r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|t[2-7]|cn|rạng|sáng|trưa|chiều|tối|đêm|khuya|"
    r"nay|qua|mai|hôm|ngày|lúc|cập\s+nhật|đăng|ngày\s+đăng|vào)[\s,.|:(\[-]*)*$",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?<![\d/.])(?P<H>\d{1,2})\s*(?::|h|g|giờ)\s*(?P<M>\d{2})(?:\s*(?::|phút|p)\s*(?P<S>\d{2})?)?"
    r"(?:\s*(?P<ampm>SA|CH|AM|PM|sáng|chiều|tối)\b)?(?![\d/])",
    re.IGNORECASE,
)
_HOUR_ONLY = re.compile(r"\blúc\s+(?P<H>\d{1,2})\s*(?:giờ|h)\b(?!\s*\d)", re.IGNORECASE)
_RELATIVE = re.compile(r"(?P<n>\d+)\s*(?P<unit>phút|giờ|tiếng|ngày|tuần|tháng|năm)\s*trước", re.IGNORECASE)
_YESTERDAY = re.compile(r"\b(hôm qua|tối qua|chiều qua|sáng qua|trưa qua|đêm qua)\b", re.IGNORECASE)
_TODAY = re.compile(r"\b(hôm nay|sáng nay|trưa nay|chiều nay|tối nay|đêm nay)\b", re.IGNORECASE)
# Lunar-calendar phrases are not solar dates.
_LUNAR = re.compile(r"\b(âm lịch|mùng\s+\d+\s+tết|tháng chạp|tháng giêng|\bal\b)", re.IGNORECASE)

_URL_YMD = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/-]?(?P<m>0[1-9]|1[0-2])[/-]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_URL_YM = re.compile(r"/(?P<y>(?:19|20)\d{2})/?(?P<m>0[1-9]|1[0-2])/")
_URL_Y = re.compile(r"/(?P<y>(?:19|20)\d{2})/")

_DATELINE = re.compile(
    r"^\s*(?:[(\[]?[\w.]{2,20}[)\]]?\s*[-–—:]\s*)?"  # outlet tag: (QNO) -, BHG -, YBĐT -
    r"(?P<line>(?:(?:rạng\s+)?(?:sáng|trưa|chiều|tối|đêm|ngày|hôm)\s+(?:nay|qua|mai)?\s*)?"
    r"\(?\d{1,2}\s*[./-]\s*\d{1,2}(?:\s*[./-]\s*\d{2,4})?\)?)",
    re.IGNORECASE,
)


# --- parse_date ------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    text = _GMT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def as_reference(reference) -> datetime:
    """The moment a date is read against (now by default), as an aware datetime in Vietnam time."""
    if reference is None:
        return datetime.now(VN_TZ)
    if isinstance(reference, str):
        reference = datetime.fromisoformat(reference) if "T" in reference or " " in reference else date.fromisoformat(reference)
    if isinstance(reference, datetime):
        return reference.astimezone(VN_TZ) if reference.tzinfo else reference.replace(tzinfo=VN_TZ)
    return datetime.combine(reference, time(23, 59, 59), VN_TZ)


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


def _valid(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year4(value: str) -> int:
    year = int(value)
    return year + 2000 if year < 100 else year


def _time_of(text: str) -> time | None:
    match = _TIME.search(text)
    if match:
        hour, minute = int(match.group("H")), int(match.group("M"))
        second = int(match.group("S") or 0)
        ampm = (match.group("ampm") or "").lower()
        if ampm in ("ch", "pm", "chiều", "tối") and hour < 12:
            hour += 12
        elif ampm in ("sa", "am") and hour == 12:
            hour = 0
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
        return None
    match = _HOUR_ONLY.search(text)
    if match and int(match.group("H")) < 24:
        return time(int(match.group("H")), 0)
    return None


def _combine(day: date, at: time | None):
    return datetime.combine(day, at, VN_TZ) if at is not None else day


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


def _strip_times(text: str) -> str:
    return _TIME.sub(" ", text)


def parse_date(text: str | None, *, url: str | None = None, reference=None) -> datetime | date | None:
    """A date or aware datetime (Asia/Ho_Chi_Minh) from Vietnamese text, or None."""
    if not text:
        return None
    cleaned = _clean(text)
    if not cleaned or not any(ch.isdigit() for ch in cleaned):
        return _relative_words(cleaned, reference)
    if _LUNAR.search(cleaned) and not _DMY.search(cleaned):
        return None
    if _PERIOD.match(cleaned) or _RANGE.search(cleaned):
        return None
    without_docs = _DOC_NUMBER.sub(" ", cleaned)
    if without_docs.strip() != cleaned and not any(ch.isdigit() for ch in without_docs):
        return None
    cleaned = without_docs
    # ISO 8601 and "2020-11-06 08:30:00".
    match = _ISO.search(cleaned)
    if match:
        day = _valid(int(match["y"]), int(match["m"]), int(match["d"]))
        if day:
            if match["H"] is None:
                return day
            at = time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
            if match["tz"]:
                tz = match["tz"].replace("Z", "+00:00")
                if ":" not in tz:
                    tz = tz[:3] + ":" + tz[3:]
                moment = datetime.fromisoformat(f"{day.isoformat()}T{at.isoformat()}{tz}")
                return moment.astimezone(VN_TZ)
            return datetime.combine(day, at, VN_TZ)
    at = _time_of(cleaned)
    rest = _strip_times(cleaned)
    match = _DMY.search(rest)
    if match:
        day = _valid(_year4(match["y"]), int(match["m"]), int(match["d"]))
        if day:
            return _combine(day, at)
    match = _WORDS_DMY.search(rest)
    if match and (match["y"] or re.search(r"\bngày\b", match.group(0), re.IGNORECASE) or "tháng" in match.group(0)):
        if match["y"]:
            day = _valid(int(match["y"]), int(match["m"]), int(match["d"]))
        else:
            day = _infer_year(int(match["m"]), int(match["d"]), as_reference(reference), url)
        if day:
            return _combine(day, at)
    if _MONTH_YEAR_ONLY.search(rest):
        return None  # "tháng 11.2020": a month, not a day
    match = _DM.search(rest)
    if match and _DM_LEAD.match(rest[: match.start()]):
        day = _infer_year(int(match["m"]), int(match["d"]), as_reference(reference), url)
        if day:
            return _combine(day, at)
    relative = _relative(cleaned, reference)
    if relative is not None:
        return relative
    return _dateparser(cleaned, reference)


def _relative(text: str, reference) -> datetime | date | None:
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


def _relative_words(text: str, reference) -> date | None:
    if _YESTERDAY.search(text):
        return as_reference(reference).date() - timedelta(days=1)
    if _TODAY.search(text):
        return as_reference(reference).date()
    return None


@lru_cache(maxsize=1)
def _dateparser_module():
    import dateparser

    return dateparser


def _dateparser(text: str, reference) -> datetime | date | None:
    """The long tail: dateparser in Vietnamese, day before month, never the future."""
    if len(text) > 80:
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
    if _time_of(text) is None:
        return found.date()
    if found.tzinfo is None:
        return found.replace(tzinfo=VN_TZ)
    return found.astimezone(VN_TZ)


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
    return line if re.search(r"\d", line) else None
