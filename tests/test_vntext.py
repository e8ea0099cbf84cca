"""crawler.vntext: tone-mark placement, folding, repair of legacy Đ."""

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.vntext import clean, fold, fold_aligned, has_accents, normalize

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
text = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " ,.-0123456789\n", max_size=80)


@pytest.mark.parametrize(
    "given_, expected",
    [
        ("hoà", "hòa"), ("Hoà Bình", "Hòa Bình"), ("thuỷ", "thủy"), ("Uỳ ban", "Ùy ban"),
        ("Thành uỷ", "Thành ủy"), ("khoẻ", "khỏe"), ("hoạ", "họa"), ("HOÀ", "HÒA"), ("xoá", "xóa"),
        ("công nghiệp hoá, hiện đại hóa", "công nghiệp hóa, hiện đại hóa"),
        # Already canonical, or a syllable with a final consonant: unchanged.
        ("hòa", "hòa"), ("thủy", "thủy"), ("hoàng", "hoàng"), ("khuyến", "khuyến"), ("toán", "toán"),
        # "qu" + y: the u is part of the consonant.
        ("quý", "quý"), ("Quỳnh", "Quỳnh"),
        # A vowel with a breve or circumflex and a dot below is not an open oa/uy syllable.
        ("hoặc", "hoặc"), ("thuật", "thuật"), ("phẫu thuật", "phẫu thuật"), ("quặng", "quặng"),
        ("khoắt", "khoắt"), ("thuở", "thuở"), ("Thuận", "Thuận"), ("hoạt động", "hoạt động"),
    ],
)
def test_normalize_puts_tone_marks_in_one_place(given_, expected):
    assert normalize(given_) == expected


@pytest.mark.parametrize(
    "given_, expected",
    [("Đảng", "dang"), ("hòa giải", "hoa giai"), ("hoà giải", "hoa giai"), ("ĐẢNG ỦY", "dang uy"),
     ("Ðảng", "dang"), ("Tổ quốc", "to quoc"), ("bảo bão báo", "bao bao bao")],
)
def test_fold_gives_the_search_key(given_, expected):
    assert fold(given_) == expected


def test_clean_repairs_the_icelandic_eth_used_for_dd():
    assert clean("Ðảng bộ tỉnh, Ðồng chí ðến") == "Đảng bộ tỉnh, Đồng chí đến"
    assert fold(clean("Ðảng")) == fold("Đảng")


def test_has_accents():
    assert has_accents("hòa giải") and has_accents("đang")
    assert not has_accents("hoa giai") and not has_accents("An Ninh")


@given(text)
def test_normalize_is_idempotent_and_keeps_case(value):
    once = normalize(value)
    assert normalize(once) == once
    assert [c.isupper() for c in fold(once)] == [False] * len(fold(once))
    assert len(once) == len(unicodedata.normalize("NFC", value))


@given(text)
def test_fold_is_idempotent_and_ignores_placement(value):
    key = fold(value)
    assert fold(key) == key
    assert fold(normalize(value)) == key
    assert not has_accents(key)


@given(text)
def test_nfd_input_gives_the_same_results_as_nfc(value):
    nfd = unicodedata.normalize("NFD", value)
    nfc = unicodedata.normalize("NFC", value)
    assert normalize(nfd) == normalize(nfc)
    assert fold(nfd) == fold(nfc)
    assert clean(nfd) == clean(nfc)


MARKS = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
# The placement rule stated on decomposed text: o/u, then a/e/y with a tone, ending the syllable.
REFERENCE_PLACEMENT = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_]|[\u0300-\u036f])")


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + "qQ ,." + MARKS, max_size=60))
def test_normalize_is_the_placement_rule_on_decomposed_text(value):
    moved = REFERENCE_PLACEMENT.sub(r"\1\3\2", unicodedata.normalize("NFD", value))
    assert normalize(value) == unicodedata.normalize("NFC", moved)


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + "ÐðqQ " + MARKS, max_size=60))
def test_fold_is_the_definition_accents_dropped_after_nfd(value):
    # fold() is a one-pass translation table: it must agree with the rule it caches.
    decomposed = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d").replace("Ð", "D").replace("ð", "d"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    assert fold(value) == unicodedata.normalize("NFC", bare).lower()


@given(text)
def test_fold_aligned_keeps_offsets(value):
    value = normalize(value)
    aligned = fold_aligned(value)
    assert len(aligned) == len(value)
    assert aligned == fold(value)
