"""Strings per second for crawler.dates.parse_date on common shapes, beside dateparser alone;
or, with --accuracy, how many strings of a date table each gets right.

    python benchmarks/bench_dates.py [--seconds 3]
    python benchmarks/bench_dates.py --accuracy tests/fixtures/dates-heldout.tsv

Speed: one line per parser. The fast path must stay above 20,000 strings/s on
one core on common shapes; dateparser alone does about 1,000/s.

Accuracy: per kind of string, parse_date against bare dateparser
(``dateparser.parse(text, languages=['vi'], settings={'DATE_ORDER': 'DMY'})``).
parse_date is right when its isoformat() is the expected value. dateparser is
given the benefit of the doubt: right when its day is the expected day and,
where a time is expected, its clock time (and offset, if it gives one) too;
right on a non-date when it returns None. It has no reference date, so a
year-less string is read in the current year: shown apart as "with the reference",
where RELATIVE_BASE is the table's reference.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

COMMON = [
    "19/04/2024 16:46", "Thứ Hai, 19/04/2024 - 16:46", "Thứ Sáu, 06/11/2020, 15:30 (GMT+7)",
    "T6, 06/11/2020 - 15:30", "Cập nhật: 08:30 | 22/03/2018", "Cập nhật lúc 15:30 ngày 06/11/2020",
    "Chiều 6.11", "Sáng 22.3", "Ngày 13/9", "2020-11-06T15:30:00+07:00", "06.11.2020",
    "Ngày 6 tháng 11 năm 2020", "Chủ nhật, 22/3/2018", "CN, 22/03/2018 08:05", "Đăng lúc: 06/11/2020 15:30:12",
    "Tối 31/12", "2 giờ trước", "hôm qua", "Nghị định 06/2014/NĐ-CP", "Giai đoạn 2013 - 2020",
]
REFERENCE = date(2024, 4, 20)


def rate(func, strings, seconds: float) -> float:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in strings:
            func(text)
        done += len(strings)
    return done / (time.perf_counter() - start)


def _rows(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        text, reference, url, expected, kind = (line.split("\t") + ["", "", "", ""])[:5]
        yield text, reference, url, expected, kind or "-"


def _reference(value: str):
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def _dateparser_right(found, expected: str) -> bool:
    if not expected:
        return found is None
    if found is None:
        return False
    want = datetime.fromisoformat(expected) if "T" in expected else None
    if want is None:
        return found.date().isoformat() == expected
    if found.tzinfo is not None and found.utcoffset() != want.utcoffset():
        return False
    return found.replace(tzinfo=None) == want.replace(tzinfo=None)


def accuracy(path: Path) -> None:
    import dateparser

    from crawler.dates import parse_date

    scores: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for text, reference, url, expected, kind in _rows(path):
        value = parse_date(text, url=url or None, reference=_reference(reference))
        bare = dateparser.parse(text, languages=["vi"], settings={"DATE_ORDER": "DMY"})
        base = _reference(reference)
        base = base if isinstance(base, datetime) else datetime.combine(base, datetime.max.time())
        based = dateparser.parse(text, languages=["vi"], settings={"DATE_ORDER": "DMY", "RELATIVE_BASE": base.replace(tzinfo=None)})
        for row in (scores[kind], scores["all"]):
            row[0] += 1
            row[1] += (value.isoformat() if value is not None else "") == expected
            row[2] += _dateparser_right(bare, expected)
            row[3] += _dateparser_right(based, expected)
    print(f"{path}: strings right, parse_date | bare dateparser | dateparser with the reference")
    for kind, (n, ours, bare, based) in sorted(scores.items(), key=lambda item: item[0] == "all"):
        print(f"  {kind:12s} {n:4d}   {ours / n:6.1%} | {bare / n:6.1%} | {based / n:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--accuracy", type=Path, help="a date table (TSV as in tests/fixtures/dates-*.tsv)")
    args = parser.parse_args()
    if args.accuracy:
        accuracy(args.accuracy)
        return

    import dateparser

    from crawler.dates import parse_date

    parse_date("Chiều 6.11", reference=REFERENCE)  # warm up
    settings = {"DATE_ORDER": "DMY", "RELATIVE_BASE": __import__("datetime").datetime(2024, 4, 20)}
    dateparser.parse("19/04/2024", languages=["vi"], settings=settings)
    ours = rate(lambda t: parse_date(t, reference=REFERENCE), COMMON, args.seconds)
    theirs = rate(lambda t: dateparser.parse(t, languages=["vi"], settings=settings), COMMON, args.seconds)
    print(f"crawler.dates.parse_date: {ours:,.0f} strings/s over {len(COMMON)} common shapes (one core)")
    print(f"dateparser.parse alone:   {theirs:,.0f} strings/s on the same strings")
    print(f"ratio: {ours / theirs:.1f}x")


if __name__ == "__main__":
    main()
