"""Vietnam's provinces before and after the 1 July 2025 reorganisation.

63 provinces became 34 units. Articles keep the province their site belonged
to when it published (history is not rewritten); ``unit_of`` says which unit
that province belongs to since 1 July 2025, and ``merged_into`` in the
``provinces`` table lets researchers group old provinces by it.

Names are matched the way pages write them: with or without accents, any case,
either tone placement (Hoà/Hòa), with "Tỉnh", "Thành phố", "TP." in front,
with spaces or hyphens anywhere ("Bà Rịa-Vũng Tàu", "Daklak"), "(cũ)"/"(mới)"
after, and the variants listed in ``data/province-aliases.tsv`` (Sài Gòn,
TT-Huế, Đắc Lắc, Bắc Cạn).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from crawler.vntext import fold

# Read through importlib.resources: a Scrapyd node runs the project from a zipped egg.
DATA = resources.files("crawler").joinpath("data", "provinces-2025.tsv")
ALIASES = resources.files("crawler").joinpath("data", "province-aliases.tsv")
MERGER_DATE = "2025-07-01"

# Words in front of a name that are not part of it: "Tỉnh", "Thành phố", "TP", "T.P.".
_PREFIXES = (("tinh",), ("thanh", "pho"), ("tp",), ("t", "p"))
# "(cũ)", "(mới)": "old"/"new" after a name in post-2025 articles.
_OLD_NEW = re.compile(r"\(\s*(cu|moi)\s*\)")


@dataclass(frozen=True)
class Province:
    """A row of the archive's ``provinces`` table (its columns, in order)."""

    code: str  # ascii slug of the name: "yen-bai"
    name: str  # as the 2025 list writes it: "Yên Bái"
    name_ascii: str  # folded: "yen bai"
    merged_into: str  # code of the unit it belongs to since 2025-07-01 (its own when unchanged)
    valid_from: str | None  # 2025-07-01 for a unit whose name is new (Huế), else None
    valid_to: str | None  # 2025-06-30 for provinces merged into another, else None


@dataclass(frozen=True)
class Unit:
    """One of the 34 provincial units since 1 July 2025."""

    code: str  # "lao-cai"
    name: str  # "Lào Cai"
    formed_from: tuple[str, ...]  # codes of the provinces it was formed from: ("lao-cai", "yen-bai")
    centre: str  # the administrative centre as the 2025 list gives it: "Yên Bái"
    centre_confirmed: bool  # False where the list marks the centre "*" (not seen quoted)


def code_for(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@cache
def units() -> dict[str, Unit]:
    """The 34 units of 1 July 2025 by code, in the order of the 2025 list."""
    result = {}
    for name, formed_from, centre in _rows(DATA):
        code = code_for(name)
        parts = tuple(code_for(part) for part in formed_from.split(","))
        result[code] = Unit(code, name, parts, centre.rstrip("*").strip(), not centre.endswith("*"))
    return result


@cache
def historical() -> dict[str, Province]:
    """The 63 provinces as they were until 30 June 2025, by code."""
    result = {}
    for name, formed_from, _centre in _rows(DATA):
        unit = code_for(name)
        for old in (part.strip() for part in formed_from.split(",")):
            code = code_for(old)
            valid_to = None if code == unit else "2025-06-30"
            result[code] = Province(code, old, fold(old), unit, None, valid_to)
    return result


@cache
def provinces() -> dict[str, Province]:
    """Every row of the ``provinces`` table: the 63, and the units whose name is new (Huế)."""
    result = dict(historical())
    for unit in units().values():
        if unit.code not in result:
            result[unit.code] = Province(unit.code, unit.name, fold(unit.name), unit.code, MERGER_DATE, None)
    return result


def name_key(text: str) -> str:
    """What two spellings of one name have in common: ``TP. Hồ Chí Minh`` → ``hochiminh``."""
    words = re.sub(r"[^a-z0-9]+", " ", _OLD_NEW.sub(" ", fold(text or ""))).split()
    stripped = True
    while stripped:
        stripped = False
        for prefix in _PREFIXES:
            if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
                words, stripped = words[len(prefix):], True
    return "".join(words)


@cache
def _by_key() -> dict[str, str]:
    """Name key → code of the province before 2025 that the name means."""
    table = {name_key(p.name): p.code for p in historical().values()}
    for unit in units().values():
        # A unit named like one of its provinces means that province; a new name (Huế)
        # comes from the aliases file, which says which province it was.
        table.setdefault(name_key(unit.name), unit.code if unit.code in historical() else None)
    for name, aliases in _rows(ALIASES):
        code = table[name_key(name)]
        for alias in aliases.split("|"):
            key = name_key(alias)
            if table.get(key) not in (None, code):
                raise ValueError(f"{ALIASES.name}: '{alias}' already names {table[key]}")
            table[key] = code
    return {key: code for key, code in table.items() if code}


def find(name: str) -> Province | None:
    """The province (before 1 July 2025) that ``name`` means, or None.

    ``find("TP HCM").name == "Hồ Chí Minh"``; ``find("Huế").name == "Thừa Thiên Huế"``.
    """
    code = _by_key().get(name_key(name))
    return historical()[code] if code else None


def unit_of(name: str) -> Unit | None:
    """The unit since 1 July 2025 that the province or unit ``name`` belongs to.

    ``unit_of("Yên Bái").name == "Lào Cai"``; ``unit_of("Sài Gòn").name == "Hồ Chí Minh"``.
    """
    province = find(name)
    return units()[province.merged_into] if province else None
