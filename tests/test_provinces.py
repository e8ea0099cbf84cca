"""The 63 provinces, the 34 units of 1 July 2025, and the names pages give them.

Expected values are written from shared/data/provinces-2025.tsv and vn-field-notes.md (§4, §5.6),
not read from the module's data file.
"""

from __future__ import annotations

import pytest

from crawler import provinces

# The 63 provinces until 30 June 2025, as the 2025 list writes them.
HISTORICAL = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng",
    "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam",
    "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
]
# The provinces that became part of another unit (or, Thừa Thiên Huế, a unit of a new name).
MERGED = {
    "Hà Giang": "Tuyên Quang", "Yên Bái": "Lào Cai", "Bắc Kạn": "Thái Nguyên", "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ", "Bắc Giang": "Bắc Ninh", "Thái Bình": "Hưng Yên", "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình", "Quảng Bình": "Quảng Trị", "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi", "Bình Định": "Gia Lai", "Ninh Thuận": "Khánh Hòa", "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng", "Phú Yên": "Đắk Lắk", "Bình Dương": "Hồ Chí Minh", "Bà Rịa - Vũng Tàu": "Hồ Chí Minh",
    "Bình Phước": "Đồng Nai", "Long An": "Tây Ninh", "Sóc Trăng": "Cần Thơ", "Hậu Giang": "Cần Thơ",
    "Bến Tre": "Vĩnh Long", "Trà Vinh": "Vĩnh Long", "Tiền Giang": "Đồng Tháp", "Bạc Liêu": "Cà Mau",
    "Kiên Giang": "An Giang", "Thừa Thiên Huế": "Huế",
}
UNITS = sorted({MERGED.get(name, name) for name in HISTORICAL})


def test_sixty_three_provinces_and_thirty_four_units():
    assert sorted(p.name for p in provinces.historical().values()) == sorted(HISTORICAL)
    assert sorted(u.name for u in provinces.units().values()) == UNITS
    assert len(UNITS) == 34 and len(MERGED) == 30


@pytest.mark.parametrize("name", HISTORICAL)
def test_every_province_belongs_to_its_unit_since_2025(name):
    assert provinces.find(name).name == name
    assert provinces.unit_of(name).name == MERGED.get(name, name)


def test_units_are_formed_from_their_provinces():
    formed = {u.name: sorted(provinces.historical()[code].name for code in u.formed_from) for u in provinces.units().values()}
    assert formed["Hồ Chí Minh"] == ["Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"]
    assert formed["Ninh Bình"] == ["Hà Nam", "Nam Định", "Ninh Bình"]
    assert formed["Huế"] == ["Thừa Thiên Huế"]
    assert formed["Sơn La"] == ["Sơn La"]
    assert sum(len(parts) for parts in formed.values()) == 63


def test_centres_and_whether_they_were_seen_quoted():
    gia_lai, da_nang = provinces.unit_of("Bình Định"), provinces.unit_of("Quảng Nam")
    assert (gia_lai.centre, gia_lai.centre_confirmed) == ("Quy Nhơn (Bình Định)", True)
    assert (da_nang.centre, da_nang.centre_confirmed) == ("Đà Nẵng", False)


def test_the_provinces_table_rows():
    rows = provinces.provinces()
    assert len(rows) == 64  # the 63, and Huế, the one unit whose name is new
    assert rows["hue"].valid_from == "2025-07-01" and rows["hue"].valid_to is None
    assert {p.name for p in rows.values() if p.valid_to == "2025-06-30"} == set(MERGED)
    assert rows["yen-bai"].merged_into == "lao-cai" and rows["yen-bai"].name_ascii == "yen bai"
    assert rows["ba-ria-vung-tau"].merged_into == "ho-chi-minh"


@pytest.mark.parametrize(
    "written, province, unit",
    [
        # Accents, case, tone placement.
        ("Hoà Bình", "Hòa Bình", "Phú Thọ"),
        ("hoa binh", "Hòa Bình", "Phú Thọ"),
        ("HÒA BÌNH", "Hòa Bình", "Phú Thọ"),
        ("Thanh Hoá", "Thanh Hóa", "Thanh Hóa"),
        ("Khánh Hoà", "Khánh Hòa", "Khánh Hòa"),
        ("Ðắk Lắk", "Đắk Lắk", "Đắk Lắk"),  # Ð U+00D0, as baocamau writes it
        ("Yen Bai", "Yên Bái", "Lào Cai"),
        # Prefixes.
        ("Tỉnh Yên Bái", "Yên Bái", "Lào Cai"),
        ("tỉnh Hà Giang", "Hà Giang", "Tuyên Quang"),
        ("Thành phố Hải Phòng", "Hải Phòng", "Hải Phòng"),
        ("TP. Đà Nẵng", "Đà Nẵng", "Đà Nẵng"),
        ("TP Cần Thơ", "Cần Thơ", "Cần Thơ"),
        # Hồ Chí Minh City.
        ("TP HCM", "Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP.HCM", "Hồ Chí Minh", "Hồ Chí Minh"),
        ("TPHCM", "Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", "Hồ Chí Minh", "Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh", "Hồ Chí Minh"),
        ("Sài Gòn", "Hồ Chí Minh", "Hồ Chí Minh"),
        ("Saigon", "Hồ Chí Minh", "Hồ Chí Minh"),
        # Huế.
        ("Thừa Thiên Huế", "Thừa Thiên Huế", "Huế"),
        ("Thừa Thiên - Huế", "Thừa Thiên Huế", "Huế"),
        ("Thừa Thiên-Huế", "Thừa Thiên Huế", "Huế"),
        ("TT-Huế", "Thừa Thiên Huế", "Huế"),
        ("Huế", "Thừa Thiên Huế", "Huế"),
        ("Thành phố Huế", "Thừa Thiên Huế", "Huế"),
        # Spellings seen on the provinces' own pages (field notes §5.6).
        ("Đắk Lắk", "Đắk Lắk", "Đắk Lắk"),
        ("Đăk Lăk", "Đắk Lắk", "Đắk Lắk"),
        ("Đắc Lắc", "Đắk Lắk", "Đắk Lắk"),
        ("Dak Lak", "Đắk Lắk", "Đắk Lắk"),
        ("Daklak", "Đắk Lắk", "Đắk Lắk"),
        ("Đăk Nông", "Đắk Nông", "Lâm Đồng"),
        ("Đak Nông", "Đắk Nông", "Lâm Đồng"),
        ("Bắc Cạn", "Bắc Kạn", "Thái Nguyên"),
        ("Kontum", "Kon Tum", "Quảng Ngãi"),
        # Hyphens and spaces in two-part names; post-2025 "(cũ)".
        ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("BR-VT", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Phú Yên (cũ)", "Phú Yên", "Đắk Lắk"),
        ("Hanoi", "Hà Nội", "Hà Nội"),
        ("Thủ đô Hà Nội", "Hà Nội", "Hà Nội"),
    ],
)
def test_names_as_pages_write_them(written, province, unit):
    assert provinces.find(written).name == province
    assert provinces.unit_of(written).name == unit


@pytest.mark.parametrize("written", ["Atlantis", "", "Tỉnh", "TP", "Hà", "Quảng", "Công an tỉnh Sơn La"])
def test_what_is_not_a_province(written):
    assert provinces.find(written) is None and provinces.unit_of(written) is None
