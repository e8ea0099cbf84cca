"""Strings per second for crawler.dates.parse_date on common shapes, beside dateparser alone.

    python benchmarks/bench_dates.py [--seconds 3]

Prints one line per parser. The fast path must stay above 20,000 strings/s on
one core on common shapes; dateparser alone does about 1,000/s.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()

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
