"""Vietnam's provinces before and after the 1 July 2025 reorganisation.

63 provincial units became 34. Articles keep the province their site belonged
to when it published (history is not rewritten); ``merged_into`` lets
researchers group old provinces by the unit they belong to now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from crawler.vntext import fold

DATA = Path(__file__).parent / "data" / "provinces-2025.tsv"
MERGER_DATE = "2025-07-01"


@dataclass(frozen=True)
class Province:
    code: str  # ascii slug of the name: "yen-bai"
    name: str
    name_ascii: str
    merged_into: str  # code of the unit after 2025-07-01 (itself when unchanged)
    valid_from: str | None
    valid_to: str | None  # 2025-06-30 for provinces merged into another


def code_for(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


@cache
def provinces() -> dict[str, Province]:
    """Every province, old and new, by code."""
    result: dict[str, Province] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        unit, formed_from, _centre = line.split("\t")
        unit_code = code_for(unit)
        for old in (part.strip() for part in formed_from.split(",")):
            code = code_for(old)
            survives = code == unit_code
            result[code] = Province(
                code=code,
                name=old,
                name_ascii=fold(old),
                merged_into=unit_code,
                valid_from=None,
                valid_to=None if survives else "2025-06-30",
            )
        if unit_code not in result:
            # A unit whose name is new (none today, but the file allows it).
            result[unit_code] = Province(unit_code, unit, fold(unit), unit_code, MERGER_DATE, None)
    return result


def find(name: str) -> Province | None:
    """The province called ``name`` (any accents, tone placement or case)."""
    return provinces().get(code_for(name))
