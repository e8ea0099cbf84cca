"""A small archive with the traps of Vietnamese search, built through the real schema."""

from __future__ import annotations

import unicodedata

from archive import schema

DOCS = {
    "hoa-giai-new": ("Tổ hòa giải ở cơ sở", "Tổ hòa giải thôn Nà Hẩu đã giải quyết ba vụ tranh chấp đất đai."),
    "hoa-giai-old": ("Hoà giải thành nhiều vụ việc", "Năm qua các tổ hoà giải của xã hoà giải thành công 40 vụ việc."),
    "hoa-giai-nfd": (
        "Tập huấn nghiệp vụ",
        unicodedata.normalize("NFD", "Lớp tập huấn kỹ năng hòa giải cho hòa giải viên cơ sở."),
    ),
    "dang": ("Đại hội Đảng bộ tỉnh", "ĐẢNG bộ tỉnh tổ chức đại hội đại biểu lần thứ XVII."),
    "an-ninh": ("Bảo vệ an ninh Tổ quốc", "Phong trào toàn dân bảo vệ an ninh Tổ quốc được phát động rộng khắp."),
    "bao-storm": ("Ứng phó cơn bão số 3", "Cơn bão số 3 gây mưa lớn tại các huyện vùng cao."),
    "bao-paper": ("Báo Hà Giang đưa tin", "Báo Hà Giang tổ chức hội nghị cộng tác viên năm 2024."),
    "an-toan": ("An toàn giao thông dịp lễ", "Đảm bảo an toàn giao thông trên quốc lộ qua tỉnh Ninh Bình và Nam Định."),
    "in-text-only": ("Hội nghị công tác dân vận", "Hội nghị bàn về công tác hòa giải ở cơ sở trong năm tới."),
}


def build(path) -> dict[str, int]:
    """Create the archive at ``path`` with DOCS; returns {name: article id}."""
    db = schema.connect(path)
    db["sites"].insert({"slug": "test", "name": "Test", "province": "Hà Giang", "kind": "newspaper"}, pk="slug")
    ids = {}
    for i, (name, (title, text)) in enumerate(DOCS.items()):
        ids[name] = db["articles"].insert(
            {
                "url": f"https://test.vn/{name}",
                "site": "test",
                "province": "Hà Giang" if i % 2 else "Yên Bái",
                "title": title,
                "text": text,
                "published": f"2024-0{1 + i % 9}-1{i % 9}T08:00:00+07:00",
                "year": 2024,
            }
        ).last_pk
    db.close()
    return ids
