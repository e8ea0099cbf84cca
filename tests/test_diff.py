"""Word-level differences between versions (archive/diff.py), on texts written out here."""

from __future__ import annotations

from archive.diff import Block, Piece, text, words

BEFORE = [
    "YBĐT - Những ngày cuối tháng 9, ruộng bậc thang ở Mù Cang Chải vào độ chín vàng.",
    "Tuần Văn hóa - Du lịch Mù Cang Chải năm nay có nhiều hoạt động hấp dẫn.",
    "Huyện đã chỉ đạo các xã đảm bảo vệ sinh môi trường.",
]


def test_an_added_sentence_is_the_only_mark_and_unchanged_paragraphs_fold():
    after = [BEFORE[0], BEFORE[1] + " Số liệu được cập nhật đến hết tháng 3.", BEFORE[2]]
    assert text("\n\n".join(BEFORE), "\n\n".join(after)) == [
        Block(changed=False, paragraphs=(BEFORE[0],)),
        Block(changed=True, pieces=(Piece("same", BEFORE[1]),
                                    Piece("ins", "Số liệu được cập nhật đến hết tháng 3."))),
        Block(changed=False, paragraphs=(BEFORE[2],)),
    ]


def test_changed_words_are_deleted_then_inserted_in_place():
    before, after = "Khai mạc Tuần Văn hóa - Du lịch Mù Cang Chải", "Bế mạc Tuần Văn hóa - Du lịch Mù Cang Chải năm 2025"
    assert words(before, after) == (
        Piece("del", "Khai"), Piece("ins", "Bế"), Piece("same", "mạc Tuần Văn hóa - Du lịch Mù Cang Chải"),
        Piece("ins", "năm 2025"),
    )


def test_one_shared_word_between_two_changes_joins_them():
    # "và" alone is not worth reading as kept between two rewritten halves.
    assert words("mưa lớn và lũ quét", "nắng nóng và hạn hán") == (
        Piece("del", "mưa lớn và lũ quét"), Piece("ins", "nắng nóng và hạn hán"),
    )


def test_a_rewritten_paragraph_reads_removed_then_added_and_a_new_one_stands_alone():
    after = [BEFORE[0], "Ảnh: Thanh Miền", BEFORE[2]]
    assert text("\n".join(BEFORE), "\n".join(after)) == [
        Block(changed=False, paragraphs=(BEFORE[0],)),
        Block(changed=True, pieces=(Piece("del", BEFORE[1]), Piece("ins", "Ảnh: Thanh Miền"))),
        Block(changed=False, paragraphs=(BEFORE[2],)),
    ]
    assert text("\n".join(BEFORE[:2]), "\n".join(BEFORE)) == [
        Block(changed=False, paragraphs=tuple(BEFORE[:2])),
        Block(changed=True, pieces=(Piece("ins", BEFORE[2]),)),
    ]


def test_paragraphs_joined_or_split_follow_the_new_version_with_the_break_marked():
    joined = BEFORE[0] + " " + BEFORE[1]
    assert text("\n".join(BEFORE), "\n".join([joined, BEFORE[2]])) == [
        Block(changed=True, pieces=(Piece("same", BEFORE[0]), Piece("del", "¶"), Piece("same", BEFORE[1]))),
        Block(changed=False, paragraphs=(BEFORE[2],)),
    ]
    assert text("\n".join([joined, BEFORE[2]]), "\n".join(BEFORE)) == [
        Block(changed=True, pieces=(Piece("same", BEFORE[0]), Piece("ins", "¶"))),
        Block(changed=True, pieces=(Piece("same", BEFORE[1]),)),
        Block(changed=False, paragraphs=(BEFORE[2],)),
    ]


def test_nothing_to_compare():
    assert text(None, "") == [] and words(None, None) == ()
    assert text("Một đoạn.", "Một đoạn.") == [Block(changed=False, paragraphs=("Một đoạn.",))]
