"""The articles of the fixture web: five real seed texts and other realistic provincial news.

Each ``Story`` is one article as its site would publish it: the text in
paragraphs, the sapo, the captions with the paragraph they follow, the byline,
the publication time. ``crawler.demo.web`` renders them in each site's design;
the same data is what tests expect extraction to recover.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SEEDS = Path(__file__).parent / "seeds"


@dataclass
class Story:
    site: str
    slug: str  # the URL's own words; each site shapes its URL from it
    id: str
    title: str
    published: str  # ISO; "+07:00" with a time, a bare date otherwise
    paragraphs: list[str]
    captions: dict[int, list[str]] = field(default_factory=dict)  # after paragraph i
    author: str | None = None
    byline: str | None = None  # the byline as printed ("Tin, ảnh: BIỆN LUÂN"), default: author
    section: str = "an-ninh"
    lead: bool = False  # the first paragraph is the sapo
    seed: str | None = None

    @property
    def caption_list(self) -> list[str]:
        seen: list[str] = []
        for i in sorted(self.captions):
            for caption in self.captions[i]:
                if caption not in seen:
                    seen.append(caption)
        return seen


def _seed_lines(name: str) -> list[str]:
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _seeds() -> list[Story]:
    s000 = _seed_lines("000")
    s001 = _seed_lines("001")
    s002 = _seed_lines("002")
    s003 = _seed_lines("003")
    s004 = _seed_lines("004")
    return [
        Story(
            site="congan_yenbai", slug="cong-an-tinh-yen-bai-tong-ket-phong-trao-toan-dan-bvantq-nam-2020",
            id="2101", title="Công an tỉnh Yên Bái tổng kết phong trào “Toàn dân BVANTQ” năm 2020",
            published="2021-03-05T10:20:00+07:00",
            paragraphs=[s000[0], s000[2], s000[3], s000[5], s000[7], s000[8], s000[9], s000[10], s000[12]],
            captions={0: [s000[1]], 2: [s000[4]], 3: [s000[6]], 7: [s000[11]]},
            author=s000[13], seed="000",
        ),
        Story(
            site="quangninh_portal", slug="", id="113139", title=s001[2],
            published="2024-04-19T16:46:00+07:00",
            paragraphs=[s001[4]] + s001[6:11],
            captions={0: [s001[5]]},
            author=None, seed="001",
        ),
        Story(
            site="baoyenbai", slug="To-chuc-gan-1900-dot-phat-dong-phong-trao-Toan-dan-bao-ve-an-ninh-To-quoc",
            id="160123", title=s002[0], published="2018-03-22T11:05:00+07:00",
            paragraphs=[s002[2], s002[5], s002[6], s002[7]],
            captions={0: [s002[3], s002[4]]},
            author=s002[8], seed="002", section="12",
        ),
        Story(
            site="congan_sonla", slug="hoi-nghi-hoi-y-nghiep-vu-thuc-hien-chi-thi-so-07-ct-bca-v28",
            id="1203", title="Hội nghị hội ý nghiệp vụ thực hiện Chỉ thị số 07/CT-BCA-V28 của Bộ Công an",
            published="2020-09-13T16:30:00+07:00",
            paragraphs=[s003[0]] + s003[2:6],
            captions={0: [s003[1]]},
            author=s003[6], seed="003",
        ),
        Story(
            site="baohagiang", slug="tong-ket-de-an-nang-cao-chat-luong-phong-trao-toan-dan-bao-ve-an-ninh-to-quoc",
            id="743622", title="Tổng kết Đề án nâng cao chất lượng phong trào toàn dân bảo vệ an ninh Tổ quốc",
            published="2020-11-06T18:12:00+07:00",
            paragraphs=[s004[0].replace("date 2020-11", "").strip(), s004[2], s004[4], s004[5]],
            captions={0: [s004[1]], 1: [s004[3]], 3: [s004[6]]},
            author="BIỆN LUÂN", byline=s004[7], seed="004", section="an-ninh-quoc-phong", lead=True,
        ),
    ]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# Other articles, written in the style of each kind of site.
OTHERS = [
    # --- Báo Hà Giang (newspaper) ---
    Story(
        site="baohagiang", slug="xa-lung-cu-ra-mat-mo-hinh-camera-an-ninh", id="751204", section="an-ninh-quoc-phong",
        title="Xã Lũng Cú ra mắt mô hình “Camera an ninh”", published="2021-05-14T09:40:00+07:00", lead=True,
        paragraphs=[
            "BHG - Sáng 13.5, Công an huyện Đồng Văn phối hợp với UBND xã Lũng Cú tổ chức lễ ra mắt mô hình “Camera an ninh” tại trung tâm xã.",
            "Mô hình gồm 12 mắt camera được lắp đặt tại các tuyến đường chính, chợ phiên và khu vực cột cờ Lũng Cú, kinh phí do người dân và các doanh nghiệp trên địa bàn đóng góp.",
            "Theo lãnh đạo Công an huyện, hệ thống camera giúp lực lượng chức năng kịp thời phát hiện, xử lý các hành vi vi phạm pháp luật, góp phần giữ vững an ninh trật tự ở khu vực biên giới.",
            "Dịp này, Công an huyện đã tặng 30 lá cờ Tổ quốc và 20 suất quà cho các hộ gia đình có hoàn cảnh khó khăn.",
        ],
        captions={1: ["Đại diện Công an huyện Đồng Văn và lãnh đạo xã Lũng Cú cắt băng ra mắt mô hình."]},
        author="VĂN TUẤN",
    ),
    Story(
        site="baohagiang", slug="nong-dan-quan-ba-trong-hong-khong-hat", id="755310", section="kinh-te",
        title="Nông dân Quản Bạ mở rộng diện tích hồng không hạt", published="2021-09-20T15:05:00+07:00", lead=True,
        paragraphs=[_nfd(p) for p in [
            "BHG - Năm nay, huyện Quản Bạ có trên 1.000 ha hồng không hạt cho thu hoạch, sản lượng ước đạt 3.500 tấn.",
            "Hồng không hạt là cây đặc sản của vùng cao nguyên đá, được trồng nhiều tại các xã Nậm Đăm, Quyết Tiến và thị trấn Tam Sơn. Giá bán tại vườn dao động từ 25.000 đến 35.000 đồng mỗi ki-lô-gam.",
            "Để nâng cao giá trị sản phẩm, huyện đã hỗ trợ các hợp tác xã xây dựng nhãn hiệu tập thể, truy xuất nguồn gốc và liên kết tiêu thụ với các siêu thị ở Hà Nội.",
            "Nhiều hộ nông dân đã có thu nhập trên 100 triệu đồng mỗi năm từ cây hồng, góp phần giảm nghèo bền vững.",
        ]],
        captions={0: [_nfd("Người dân xã Nậm Đăm thu hoạch hồng không hạt.")]},
        author="THU PHƯƠNG",
    ),
    Story(
        site="baohagiang", slug="dam-bao-trat-tu-an-toan-giao-thong-dip-le-hoi", id="6a1f3c2", section="an-ninh-quoc-phong",
        title="Bảo đảm trật tự, an toàn giao thông dịp lễ hội", published="2024-04-26T20:15:00+07:00", lead=True,
        paragraphs=[
            "HGĐT- Chiều 26.4, Ban An toàn giao thông tỉnh họp triển khai kế hoạch bảo đảm trật tự, an toàn giao thông dịp nghỉ lễ 30.4 và 1.5.",
            "Dự báo lượng du khách đến các huyện vùng cao tăng mạnh, nhất là trên tuyến quốc lộ 4C qua đèo Mã Pì Lèng. Lực lượng Cảnh sát giao thông sẽ tăng cường tuần tra, kiểm soát, xử lý nghiêm các trường hợp chở quá số người quy định.",
            "Các đơn vị quản lý đường bộ được yêu cầu rà soát, khắc phục ngay các điểm sạt lở, bổ sung biển báo tại các khúc cua nguy hiểm.",
        ],
        captions={1: ["Lực lượng Cảnh sát giao thông kiểm tra phương tiện trên quốc lộ 4C. Ảnh: MINH HẢI"]},
        author="Minh Hải - Thu Hà",
    ),
    Story(
        site="baohagiang", slug="ra-quan-dot-cao-diem-tan-cong-tran-ap-toi-pham", id="748102", section="an-ninh-quoc-phong",
        title="Ra quân đợt cao điểm tấn công, trấn áp tội phạm", published="2020-12-15T10:00:00+07:00", lead=True,
        paragraphs=[
            "BHG - Sáng 15.12, Công an tỉnh tổ chức lễ ra quân đợt cao điểm tấn công, trấn áp tội phạm, bảo đảm an ninh trật tự dịp Tết Nguyên đán Tân Sửu 2021.",
            "Đợt cao điểm tập trung đấu tranh với tội phạm ma túy, buôn bán người, xuất nhập cảnh trái phép qua biên giới và các loại tội phạm lợi dụng dịp Tết để trộm cắp tài sản.",
            "Giám đốc Công an tỉnh yêu cầu các đơn vị bám sát địa bàn, phát huy vai trò của lực lượng Công an xã chính quy, không để bị động, bất ngờ trong mọi tình huống.",
        ],
        captions={0: ["Các lực lượng tham gia lễ ra quân."]},
        author="BIỆN LUÂN", byline="Tin, ảnh: BIỆN LUÂN",
    ),
    Story(
        site="baohagiang", slug="khai-mac-le-hoi-hoa-tam-giac-mach-nam-2019", id="736415", section="van-hoa-xa-hoi",
        title="Khai mạc Lễ hội hoa tam giác mạch năm 2019", published="2019-11-09T21:30:00+07:00", lead=True,
        paragraphs=[
            "BHG - Tối 9.11, tại thị trấn Đồng Văn, UBND tỉnh tổ chức khai mạc Lễ hội hoa tam giác mạch năm 2019 với chủ đề “Sắc hoa cao nguyên đá”.",
            "Lễ hội diễn ra trong 3 ngày tại các huyện Quản Bạ, Yên Minh, Đồng Văn và Mèo Vạc với nhiều hoạt động đặc sắc như chợ phiên vùng cao, thi chế biến món ăn từ tam giác mạch, trình diễn trang phục truyền thống của đồng bào Mông, Lô Lô, Giáy, Dao.",
            "Phát biểu khai mạc, đồng chí Phó Chủ tịch UBND tỉnh khẳng định, sau 5 năm tổ chức, lễ hội đã trở thành sản phẩm du lịch đặc trưng của Công viên địa chất toàn cầu Cao nguyên đá Đồng Văn, góp phần quảng bá hình ảnh quê hương, con người Hà Giang tới du khách trong và ngoài nước.",
            "Năm nay, các xã dọc tuyến đường Hạnh Phúc đã gieo trồng trên 600 ha hoa tam giác mạch. Nhiều hộ dân mở dịch vụ homestay, bán bánh tam giác mạch, mật ong bạc hà, có thêm thu nhập đáng kể trong mùa lễ hội.",
            "Ngay sau lễ khai mạc là chương trình nghệ thuật “Tam giác mạch - Sắc màu cao nguyên” do Đoàn Nghệ thuật tỉnh và các nghệ nhân vùng cao biểu diễn.",
        ],
        captions={2: ["Tiết mục văn nghệ chào mừng lễ khai mạc."]},
        author="DUY TUẤN", byline="Bài, ảnh: DUY TUẤN",
    ),
    Story(
        site="baohagiang", slug="vi-xuyen-giu-vung-an-ninh-trat-tu-khu-vuc-cua-khau-thanh-thuy", id="768905",
        section="an-ninh-quoc-phong", title="Vị Xuyên giữ vững an ninh trật tự khu vực cửa khẩu Thanh Thủy",
        published="2022-08-23T16:40:00+07:00", lead=True,
        paragraphs=[
            "BHG - Thời gian qua, Công an huyện Vị Xuyên phối hợp chặt chẽ với Đồn Biên phòng cửa khẩu quốc tế Thanh Thủy và chính quyền địa phương triển khai đồng bộ các giải pháp giữ vững an ninh trật tự tại khu vực cửa khẩu.",
            "Từ đầu năm đến nay, lực lượng chức năng đã phát hiện, xử lý 17 vụ vi phạm về xuất nhập cảnh, buôn lậu và gian lận thương mại; bắt giữ 3 vụ, 5 đối tượng vận chuyển trái phép chất ma túy qua biên giới.",
            "Cùng với đấu tranh trấn áp tội phạm, Công an huyện duy trì hoạt động của 26 tổ tự quản ở các thôn giáp biên; vận động các hộ dân ký cam kết không tham gia xuất nhập cảnh trái phép, không tàng trữ, sử dụng trái phép chất ma túy.",
            "Lãnh đạo Công an huyện Vị Xuyên cho biết, đơn vị tiếp tục bố trí lực lượng thường trực suốt ngày đêm tại khu vực cửa khẩu, bảo đảm hoạt động thông quan hàng hóa thuận lợi, an toàn.",
        ],
        captions={1: ["Cán bộ Công an huyện Vị Xuyên và Bộ đội Biên phòng tuần tra tại khu vực cửa khẩu Thanh Thủy."]},
        author="KIM TIẾN",
    ),
    Story(
        site="baohagiang", slug="bac-quang-mo-rong-vung-cam-sanh-dat-chuan-vietgap", id="7c03b5e", section="kinh-te",
        title="Bắc Quang mở rộng vùng cam sành đạt chuẩn VietGAP", published="2025-02-18T10:25:00+07:00", lead=True,
        paragraphs=[
            "BHG - Năm 2024, huyện Bắc Quang có thêm 120 ha cam sành được cấp giấy chứng nhận VietGAP, nâng tổng diện tích cam đạt chuẩn trên địa bàn lên gần 900 ha.",
            "Cam sành được trồng tập trung tại các xã Tân Quang, Vô Điếm, Việt Vinh, Đông Thành. Nhờ áp dụng quy trình sản xuất sạch, ghi chép nhật ký đồng ruộng, chất lượng quả đồng đều, giá bán cao hơn từ 3.000 đến 5.000 đồng mỗi ki-lô-gam so với cam sản xuất thông thường.",
            "Huyện đã hỗ trợ người dân cải tạo vườn cam già cỗi, thay thế giống mới sạch bệnh; đồng thời hướng dẫn các hợp tác xã đăng ký mã số vùng trồng, sử dụng tem truy xuất nguồn gốc.",
            "Vụ cam năm nay, toàn huyện thu hoạch khoảng 30.000 tấn quả, doanh thu ước đạt trên 300 tỷ đồng. Ngoài các tỉnh phía Bắc, cam sành Hà Giang đã có mặt tại nhiều chuỗi siêu thị lớn.",
        ],
        captions={0: ["Nông dân xã Vô Điếm thu hoạch cam sành."]},
        author="PHẠM HOAN",
    ),
    # --- Báo Yên Bái (newspaper) ---
    Story(
        site="baoyenbai", slug="Mu-Cang-Chai-mua-lua-chin-hut-khach", id="220415", section="15",
        title="Mù Cang Chải mùa lúa chín hút khách", published="2022-09-24T07:30:00+07:00",
        paragraphs=[
            "YBĐT - Những ngày cuối tháng 9, ruộng bậc thang ở Mù Cang Chải vào độ chín vàng, thu hút hàng nghìn lượt du khách trong và ngoài nước.",
            "Tuần Văn hóa - Du lịch Mù Cang Chải năm nay có nhiều hoạt động hấp dẫn như bay dù lượn trên đèo Khau Phạ, chợ phiên vùng cao, trình diễn trang phục dân tộc Mông.",
            "Huyện đã chỉ đạo các xã đảm bảo vệ sinh môi trường, niêm yết giá dịch vụ, không để xảy ra tình trạng chặt chém du khách.",
        ],
        captions={0: ["Du khách check-in trên ruộng bậc thang xã La Pán Tẩn. Ảnh: Thanh Miền"]},
        author="Thanh Miền",
    ),
    Story(
        site="baoyenbai", slug="Dang-bo-xa-Tuy-Loc-lanh-dao-phat-trien-kinh-te", id="231077", section="11",
        title="Đảng bộ xã Tuy Lộc lãnh đạo phát triển kinh tế", published="2023-06-12T14:20:00+07:00",
        paragraphs=[
            "YBĐT - Những năm qua, Ðảng bộ xã Tuy Lộc, thành phố Yên Bái đã tập trung lãnh đạo chuyển dịch cơ cấu kinh tế, phát triển dịch vụ và nông nghiệp hàng hóa.",
            "Ðến nay, thu nhập bình quân đầu người của xã đạt 62 triệu đồng mỗi năm, tỷ lệ hộ nghèo giảm còn 0,8%. Nhiều mô hình trồng cây ăn quả, chăn nuôi gà đồi cho hiệu quả kinh tế cao.",
            "Ðồng chí Bí thư Đảng ủy xã cho biết, thời gian tới xã tiếp tục phát huy vai trò của chi bộ thôn, tổ dân phố trong vận động nhân dân xây dựng nông thôn mới nâng cao.",
        ],
        captions={},
        author="Hoàng Anh",
    ),
    Story(
        site="baoyenbai", slug="Cong-an-tinh-triet-pha-duong-day-mua-ban-trai-phep-chat-ma-tuy", id="238840", section="12",
        title="Công an tỉnh triệt phá đường dây mua bán trái phép chất ma túy", published="2024-01-08T21:45:00+07:00",
        paragraphs=[
            "YBĐT - Ngày 8/1, Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh cho biết vừa triệt phá thành công đường dây mua bán trái phép chất ma túy từ tỉnh Sơn La về địa bàn huyện Văn Chấn.",
            "Tang vật thu giữ gồm 2 bánh heroin, 1.000 viên ma túy tổng hợp, 2 xe máy và nhiều điện thoại di động. Các đối tượng đã khai nhận hành vi phạm tội.",
            "Vụ án đang được tiếp tục điều tra, mở rộng để xử lý theo quy định của pháp luật, góp phần giữ vững an ninh trật tự trên địa bàn tỉnh.",
        ],
        captions={1: ["Tang vật vụ án. Ảnh: Công an cung cấp"]},
        author="Minh Thu",
    ),
    Story(
        site="baoyenbai", slug="Yen-Binh-bao-dam-an-ninh-trat-tu-vung-ho-Thac-Ba", id="176402", section="12",
        title="Yên Bình bảo đảm an ninh trật tự vùng hồ Thác Bà", published="2019-05-16T15:20:00+07:00",
        paragraphs=[
            "YBĐT - Sáng 16.5, Công an huyện Yên Bình tổ chức hội nghị sơ kết công tác bảo đảm an ninh trật tự vùng hồ Thác Bà giai đoạn 2017 - 2019.",
            "Vùng hồ Thác Bà có 12 xã, thị trấn với trên 40.000 nhân khẩu; nhiều hộ dân sinh sống bằng nghề đánh bắt, nuôi trồng thủy sản và kinh doanh dịch vụ du lịch trên lòng hồ.",
            "Trong 2 năm qua, Công an huyện đã phối hợp với các ngành chức năng tổ chức 85 đợt tuần tra trên hồ, phát hiện, xử lý 46 trường hợp sử dụng kích điện, chất nổ khai thác thủy sản trái phép; giải quyết dứt điểm nhiều vụ tranh chấp mặt nước nuôi trồng.",
            "Các mô hình “Tổ tự quản bến thuyền”, “Khu dân cư không có tội phạm” được duy trì hiệu quả, góp phần giữ gìn cuộc sống bình yên cho người dân và du khách.",
            "Dịp này, UBND huyện tặng Giấy khen cho 6 tập thể và 10 cá nhân có thành tích xuất sắc.",
        ],
        captions={0: ["Quang cảnh hội nghị."]},
        author="Thanh Chi",
    ),
    Story(
        site="baoyenbai", slug="Xu-ly-gan-1200-truong-hop-vi-pham-trat-tu-an-toan-giao-thong-dip-Tet", id="205318", section="12",
        title="Xử lý gần 1.200 trường hợp vi phạm trật tự an toàn giao thông dịp Tết", published="2021-02-22T17:10:00+07:00",
        paragraphs=[
            "YBĐT - Chiều 22/2, Phòng Cảnh sát giao thông Công an tỉnh cho biết, trong đợt cao điểm bảo đảm trật tự an toàn giao thông dịp Tết Nguyên đán Tân Sửu 2021, lực lượng chức năng đã kiểm tra, xử lý 1.187 trường hợp vi phạm, phạt tiền trên 1,6 tỷ đồng.",
            "Các lỗi vi phạm chủ yếu là điều khiển phương tiện khi trong máu hoặc hơi thở có nồng độ cồn, không đội mũ bảo hiểm, chở quá số người quy định. Lực lượng chức năng đã tạm giữ 312 mô tô, xe máy, tước giấy phép lái xe có thời hạn 95 trường hợp.",
            "Trên các tuyến quốc lộ 32, quốc lộ 37 và cao tốc Nội Bài - Lào Cai đoạn qua tỉnh, các tổ công tác duy trì tuần tra, kiểm soát cả ngày và đêm, nhất là tại các khu vực đèo dốc nguy hiểm.",
            "Nhờ vậy, tình hình trật tự an toàn giao thông trên địa bàn được giữ vững, không xảy ra ùn tắc kéo dài; tai nạn giao thông giảm cả 3 tiêu chí so với cùng kỳ năm trước.",
        ],
        captions={1: ["Cảnh sát giao thông kiểm tra nồng độ cồn người điều khiển phương tiện. Ảnh: Minh Huyền"]},
        author="Minh Huyền",
    ),
    Story(
        site="baoyenbai", slug="Suoi-Giang-phat-trien-du-lich-gan-voi-che-Shan-tuyet", id="193760", section="15",
        title="Suối Giàng phát triển du lịch gắn với chè Shan tuyết", published="2020-07-11T08:45:00+07:00",
        paragraphs=[
            "YBĐT - Nằm ở độ cao gần 1.400 m so với mực nước biển, xã Suối Giàng, huyện Văn Chấn đang trở thành điểm đến hấp dẫn nhờ khí hậu mát mẻ và những rừng chè Shan tuyết cổ thụ hàng trăm năm tuổi.",
            "Hiện nay, xã có 7 cơ sở lưu trú homestay do đồng bào Mông làm chủ, có thể đón khoảng 150 khách mỗi ngày. Du khách đến đây được tham gia hái chè, sao chè thủ công, thưởng thức các món ăn truyền thống như mèn mén, thắng cố, thịt lợn bản.",
            "Ông Giàng A Páo, chủ một homestay ở bản Pang Cáng cho biết, từ khi làm du lịch, mỗi tháng gia đình có thêm 10 - 15 triệu đồng, các sản phẩm chè cũng bán được giá hơn.",
            "Để du lịch phát triển bền vững, huyện Văn Chấn đang hỗ trợ người dân nâng cấp cơ sở lưu trú, đào tạo kỹ năng phục vụ khách, đồng thời bảo tồn diện tích chè cổ thụ gắn với xây dựng sản phẩm OCOP.",
        ],
        captions={1: ["Du khách trải nghiệm hái chè Shan tuyết tại Suối Giàng. Ảnh: Hoàng Thu"]},
        author="Hoàng Thu",
    ),
    Story(
        site="baoyenbai", slug="Huyen-uy-Tram-Tau-lanh-dao-xoa-nha-tam-nha-dot-nat", id="247615", section="11",
        title="Huyện ủy Trạm Tấu lãnh đạo xóa nhà tạm, nhà dột nát", published="2025-03-14T10:30:00+07:00",
        paragraphs=[
            "YBĐT - Ngày 14/3, Ban Thường vụ Huyện ủy Trạm Tấu tổ chức hội nghị sơ kết công tác lãnh đạo, chỉ đạo thực hiện phong trào thi đua chung tay xóa nhà tạm, nhà dột nát trên địa bàn huyện.",
            "Năm 2024, toàn huyện đã hỗ trợ xây mới, sửa chữa 412 căn nhà cho hộ nghèo, hộ cận nghèo và hộ gia đình có hoàn cảnh khó khăn với tổng kinh phí trên 20 tỷ đồng; nhân dân đóng góp hơn 100.000 ngày công lao động.",
            "Đảng ủy các xã đã phân công cán bộ, đảng viên phụ trách từng hộ, vận động các dòng họ, người có uy tín giúp đỡ vật liệu, nhân công; lực lượng vũ trang huyện và đoàn viên thanh niên hỗ trợ vận chuyển vật liệu đến các bản vùng sâu, vùng xa.",
            "Đồng chí Bí thư Huyện ủy yêu cầu các cấp ủy tiếp tục rà soát, hoàn thành hỗ trợ các hộ còn lại trước ngày 30/6/2025, bảo đảm nhà ở đạt chuẩn “3 cứng”, giúp người dân an cư, yên tâm phát triển kinh tế.",
        ],
        captions={},
        author="Thanh Tâm",
    ),
    # --- Công an tỉnh Sơn La (police) ---
    Story(
        site="congan_sonla", slug="cong-an-huyen-moc-chau-tuyen-truyen-phong-chong-ma-tuy-trong-truong-hoc", id="1311",
        title="Công an huyện Mộc Châu tuyên truyền phòng, chống ma túy trong trường học",
        published="2021-10-20T08:15:00+07:00",
        paragraphs=[
            "Ngày 19/10, Công an huyện Mộc Châu phối hợp với Trường THPT Thảo Nguyên tổ chức buổi tuyên truyền phòng, chống ma túy cho hơn 800 học sinh.",
            "Tại buổi tuyên truyền, báo cáo viên đã thông tin về tình hình tội phạm ma túy trên địa bàn tỉnh, tác hại của ma túy tổng hợp và các thủ đoạn lôi kéo học sinh sử dụng trái phép chất ma túy.",
            "Các em học sinh được hướng dẫn kỹ năng nhận biết, từ chối và tố giác hành vi vi phạm pháp luật về ma túy, góp phần xây dựng môi trường học đường an toàn.",
        ],
        captions={0: ["Quang cảnh buổi tuyên truyền tại Trường THPT Thảo Nguyên"]},
        author="Thu Hương",
    ),
    Story(
        site="congan_sonla", slug="to-chuc-ngay-hoi-toan-dan-bao-ve-an-ninh-to-quoc-tai-ban-pa-khen", id="1402",
        title="Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc tại bản Pá Khen",
        published="2022-08-18T17:00:00+07:00",
        paragraphs=[
            "Chiều 17/8, Công an thành phố Sơn La tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc tại bản Pá Khen, phường Chiềng An.",
            "Ngày hội có nhiều hoạt động văn hóa, văn nghệ, thể thao đặc sắc của đồng bào dân tộc Thái. Nhân dịp này, bản Pá Khen đã ký kết giao ước thi đua đảm bảo an ninh trật tự với các bản lân cận.",
            "Lãnh đạo Công an thành phố đã trao tặng giấy khen cho 5 tập thể, 10 cá nhân có thành tích xuất sắc trong phong trào năm 2022.",
        ],
        captions={2: ["Trao giấy khen cho các tập thể, cá nhân có thành tích xuất sắc"]},
        author="Mạnh Tùng",
    ),
    Story(
        site="congan_sonla", slug="canh-bao-thu-doan-lua-dao-qua-mang-xa-hoi", id="1520",
        title="Cảnh báo thủ đoạn lừa đảo qua mạng xã hội",
        published="2023-03-02T10:45:00+07:00",
        paragraphs=[
            "Thời gian gần đây, trên địa bàn tỉnh xuất hiện nhiều vụ lừa đảo chiếm đoạt tài sản qua mạng xã hội với thủ đoạn giả danh cơ quan Công an gọi điện yêu cầu người dân cài đặt ứng dụng.",
            "Đối tượng thường đề nghị bị hại chuyển tiền vào tài khoản để “phục vụ điều tra”, sau đó chiếm đoạt. Riêng tháng 2, Công an tỉnh đã tiếp nhận 14 tin báo với tổng số tiền bị chiếm đoạt trên 2 tỷ đồng.",
            "Công an tỉnh khuyến cáo người dân không cung cấp thông tin cá nhân, mã OTP cho người lạ; khi có nghi vấn cần báo ngay cho cơ quan Công an gần nhất.",
        ],
        captions={},
        author="Phòng An ninh mạng",
    ),
    Story(
        site="congan_sonla", slug="cong-an-huyen-mai-son-bat-doi-tuong-van-chuyen-2-banh-heroin", id="1150",
        title="Công an huyện Mai Sơn bắt đối tượng vận chuyển 2 bánh heroin",
        published="2019-12-06T09:20:00+07:00",
        paragraphs=[
            "Ngày 5/12, Công an huyện Mai Sơn cho biết, vừa bắt quả tang Lò Văn T. (sinh năm 1988, trú tại xã Chiềng Ban) đang vận chuyển trái phép 2 bánh heroin trên quốc lộ 6, đoạn qua thị trấn Hát Lót.",
            "Khoảng 22 giờ ngày 4/12, tổ công tác phát hiện T. điều khiển xe máy có biểu hiện nghi vấn nên yêu cầu dừng xe kiểm tra. Đối tượng bỏ chạy nhưng đã bị lực lượng chức năng khống chế, thu giữ 2 bánh heroin được giấu trong cốp xe.",
            "Tại cơ quan Công an, T. khai nhận số ma túy trên được mua của một người không quen biết ở khu vực biên giới với giá 180 triệu đồng, mang về xuôi bán kiếm lời.",
            "Công an huyện Mai Sơn đã khởi tố vụ án, khởi tố bị can, tạm giam đối tượng để tiếp tục điều tra, mở rộng vụ án.",
        ],
        captions={3: ["Đối tượng cùng tang vật tại cơ quan Công an"]},
        author="Quang Huy",
    ),
    Story(
        site="congan_sonla", slug="tap-huan-nghiep-vu-phong-chay-chua-chay-cho-luc-luong-dan-phong", id="1448",
        title="Tập huấn nghiệp vụ phòng cháy, chữa cháy cho lực lượng dân phòng",
        published="2022-04-13T14:30:00+07:00",
        paragraphs=[
            "Từ ngày 11 đến 13/4, Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an tỉnh phối hợp với Công an huyện Thuận Châu tổ chức tập huấn nghiệp vụ cho hơn 200 đội viên đội dân phòng, đội phòng cháy, chữa cháy cơ sở.",
            "Các học viên được phổ biến kiến thức pháp luật về phòng cháy, chữa cháy, phương pháp tuyên truyền, kiểm tra an toàn tại hộ gia đình; thực hành sử dụng bình chữa cháy, kỹ năng thoát nạn, sơ cứu người bị nạn.",
            "Thuận Châu hiện có nhiều bản người Thái với nhà sàn bằng gỗ, mái lợp cỏ tranh, nguy cơ cháy lan rất cao vào mùa khô. Lực lượng dân phòng tại chỗ giữ vai trò quan trọng trong việc phát hiện sớm, dập tắt đám cháy ngay từ khi mới phát sinh.",
            "Kết thúc lớp tập huấn, 100% học viên đạt yêu cầu và được cấp giấy chứng nhận huấn luyện nghiệp vụ phòng cháy, chữa cháy.",
        ],
        captions={1: ["Học viên thực hành sử dụng bình chữa cháy"]},
        author="Hoàng Minh",
    ),
    Story(
        site="congan_sonla", slug="xu-ly-nghiem-vi-pham-nong-do-con-tren-quoc-lo-6", id="1655",
        title="Xử lý nghiêm vi phạm nồng độ cồn trên quốc lộ 6",
        published="2024-06-23T07:50:00+07:00",
        paragraphs=[
            "Tối 22/6, Đội Cảnh sát giao thông - Trật tự Công an huyện Mộc Châu tổ chức đợt tuần tra, kiểm soát chuyên đề xử lý vi phạm nồng độ cồn trên quốc lộ 6, đoạn qua thị trấn Nông trường Mộc Châu.",
            "Trong 3 giờ làm nhiệm vụ, tổ công tác đã kiểm tra 126 phương tiện, phát hiện, lập biên bản 14 trường hợp vi phạm nồng độ cồn, tạm giữ 12 xe mô tô và 2 xe ô tô.",
            "Theo Công an huyện Mộc Châu, quốc lộ 6 qua địa bàn có nhiều đèo dốc, khúc cua nguy hiểm, lưu lượng phương tiện lớn, nhất là dịp cuối tuần khi du khách từ Hà Nội, Hòa Bình, Ninh Bình đổ về cao nguyên. Việc xử lý kiên quyết vi phạm nồng độ cồn nhằm kéo giảm tai nạn giao thông, bảo đảm an toàn cho người dân và du khách.",
            "Đợt cao điểm được duy trì đến hết tháng 8, tập trung vào các khung giờ buổi tối và ban đêm.",
        ],
        captions={1: ["Cảnh sát giao thông kiểm tra nồng độ cồn người điều khiển xe mô tô"]},
        author="Đức Anh",
    ),
    Story(
        site="congan_sonla", slug="bao-dam-an-ninh-trat-tu-dip-tet-nguyen-dan-at-ty-2025", id="1712",
        title="Bảo đảm an ninh trật tự dịp Tết Nguyên đán Ất Tỵ 2025",
        published="2025-01-17T16:05:00+07:00",
        paragraphs=[
            "Chiều 16/1, Công an tỉnh tổ chức hội nghị triển khai kế hoạch bảo đảm an ninh trật tự trước, trong và sau Tết Nguyên đán Ất Tỵ 2025.",
            "Theo đánh giá, dịp cuối năm, các loại tội phạm trộm cắp tài sản, cướp giật, đánh bạc, mua bán trái phép pháo nổ có nguy cơ gia tăng; lượng người và phương tiện tham gia giao thông tăng cao, nhất là trên quốc lộ 6 và quốc lộ 279.",
            "Giám đốc Công an tỉnh yêu cầu các đơn vị tăng cường nắm tình hình ở cơ sở, nhất là khu vực biên giới, vùng đồng bào dân tộc thiểu số; mở đợt cao điểm tấn công, trấn áp tội phạm, kiên quyết không để hình thành các điểm nóng về an ninh trật tự.",
            "Công an các xã, phường, thị trấn phối hợp với tổ bảo vệ an ninh, trật tự ở cơ sở tuần tra, kiểm soát địa bàn, bảo vệ tuyệt đối an toàn các chương trình đón giao thừa, lễ hội đầu xuân.",
            "Người dân khi phát hiện hành vi vi phạm pháp luật có thể báo ngay cho Công an nơi gần nhất hoặc gọi số điện thoại 113.",
        ],
        captions={0: ["Quang cảnh hội nghị triển khai nhiệm vụ bảo đảm an ninh trật tự dịp Tết"]},
        author="Lò Thủy",
    ),
    # --- Công an tỉnh Yên Bái (police) ---
    Story(
        site="congan_yenbai", slug="cong-an-xa-hoa-giai-thanh-cong-nhieu-vu-viec-tai-co-so", id="2210",
        title="Công an xã hoà giải thành công nhiều vụ việc tại cơ sở",
        published="2022-11-04T09:00:00+07:00",
        paragraphs=[
            "Năm 2022, lực lượng Công an xã chính quy trên địa bàn tỉnh đã phối hợp với các tổ hoà giải ở cơ sở giải quyết thành công 356 vụ việc mâu thuẫn, tranh chấp trong nhân dân.",
            "Nhiều vụ việc được hoà giải ngay từ khi mới phát sinh, không để phức tạp kéo dài. Công tác hoà giải gắn với tuyên truyền pháp luật, giúp người dân nâng cao ý thức chấp hành.",
            "Đảng uỷ Công an tỉnh chỉ đạo tiếp tục nhân rộng mô hình “Tổ hoà giải kiểu mẫu”, phát huy vai trò của người có uy tín trong đồng bào dân tộc thiểu số.",
        ],
        captions={1: ["Công an xã Mường Lai phối hợp hoà giải một vụ tranh chấp đất đai"]},
        author="Hồng Duyên",
    ),
    Story(
        site="congan_yenbai", slug="dam-bao-an-toan-phong-chay-chua-chay-mua-hanh-kho", id="2255",
        title="Đảm bảo an toàn phòng cháy, chữa cháy mùa hanh khô",
        published="2023-01-10T15:30:00+07:00",
        paragraphs=[
            "Trước diễn biến thời tiết hanh khô, Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ đã tăng cường kiểm tra an toàn tại các chợ, trung tâm thương mại và khu dân cư.",
            "Qua kiểm tra, lực lượng chức năng đã hướng dẫn các hộ kinh doanh sắp xếp hàng hóa gọn gàng, trang bị bình chữa cháy, ngắt điện khi không sử dụng.",
            "Người dân khi phát hiện cháy cần gọi ngay số 114 để được hỗ trợ kịp thời.",
        ],
        captions={},
        author="Ngọc Sơn",
    ),
    Story(
        site="congan_yenbai", slug="trao-tang-nha-dai-doan-ket-cho-ho-ngheo-xa-nam-co", id="2301",
        title="Trao tặng nhà “Đại đoàn kết” cho hộ nghèo xã Nậm Có",
        published="2023-07-21T11:10:00+07:00",
        paragraphs=[
            "Ngày 20/7, Công an tỉnh phối hợp với UBND huyện Mù Cang Chải trao tặng nhà “Đại đoàn kết” cho gia đình ông Giàng A Chua ở bản Tà Ghênh, xã Nậm Có.",
            "Ngôi nhà có diện tích 60 m², tổng kinh phí 80 triệu đồng, trong đó Công an tỉnh hỗ trợ 50 triệu đồng, số còn lại do gia đình và anh em họ hàng đóng góp ngày công.",
            "Đây là một trong những hoạt động thiết thực hưởng ứng phong trào chung tay xóa nhà tạm, nhà dột nát trên địa bàn tỉnh.",
        ],
        captions={0: ["Lãnh đạo Công an tỉnh trao quyết định hỗ trợ xây nhà cho gia đình ông Giàng A Chua"]},
        author="Văn Cường",
    ),
    Story(
        site="congan_yenbai", slug="cong-an-huyen-van-yen-ra-quan-bao-dam-an-ninh-trat-tu-truong-hoc", id="2048",
        title="Công an huyện Văn Yên ra quân bảo đảm an ninh trật tự trường học",
        published="2019-09-06T10:00:00+07:00",
        paragraphs=[
            "Sáng 5/9, Công an huyện Văn Yên tổ chức lễ ra quân bảo đảm an ninh trật tự, an toàn giao thông khu vực trường học năm học 2019 - 2020.",
            "Trên địa bàn huyện hiện có 78 trường học với gần 30.000 học sinh. Tình trạng học sinh đi xe máy khi chưa đủ tuổi, không đội mũ bảo hiểm, tụ tập gây mất trật tự ở khu vực cổng trường vẫn còn diễn ra.",
            "Trong đợt cao điểm, lực lượng Cảnh sát giao thông, Cảnh sát trật tự và Công an các xã, thị trấn bố trí lực lượng phân luồng, bảo đảm giao thông tại các trường học vào giờ tan trường; phối hợp với nhà trường tuyên truyền pháp luật cho học sinh.",
            "Dịp này, Công an huyện đã trao tặng 200 mũ bảo hiểm cho học sinh Trường THCS Mậu A và Trường Tiểu học Yên Thái.",
        ],
        captions={0: ["Lực lượng Công an huyện Văn Yên tham gia lễ ra quân"]},
        author="Thanh Tùng - Minh Phượng",
    ),
    Story(
        site="congan_yenbai", slug="khoi-to-doi-tuong-mua-ban-trai-phep-chat-ma-tuy-tai-luc-yen", id="2186",
        title="Khởi tố đối tượng mua bán trái phép chất ma túy tại Lục Yên",
        published="2022-03-18T15:45:00+07:00",
        paragraphs=[
            "Ngày 17/3, Cơ quan Cảnh sát điều tra Công an huyện Lục Yên đã ra quyết định khởi tố vụ án, khởi tố bị can, bắt tạm giam Hoàng Văn N. (sinh năm 1985, trú tại xã Minh Xuân) về tội mua bán trái phép chất ma túy.",
            "Trước đó, khoảng 14 giờ ngày 15/3, tại thôn Nà Lốc, xã Minh Xuân, tổ công tác Công an huyện bắt quả tang N. đang bán ma túy cho một đối tượng nghiện. Tang vật thu giữ gồm 12 gói heroin, 25 viên ma túy tổng hợp và 3,5 triệu đồng.",
            "Qua đấu tranh, N. khai nhận đã nhiều lần mua ma túy về chia nhỏ để bán kiếm lời. Vụ án đang được Công an huyện Lục Yên tiếp tục điều tra, làm rõ.",
        ],
        captions={},
        author="Minh Khuê",
    ),
    Story(
        site="congan_yenbai", slug="cong-an-tinh-giup-nhan-dan-khac-phuc-hau-qua-bao-so-3", id="2433",
        title="Công an tỉnh giúp nhân dân khắc phục hậu quả bão số 3",
        published="2024-09-14T18:20:00+07:00",
        paragraphs=[
            "Những ngày qua, hàng nghìn cán bộ, chiến sĩ Công an tỉnh đã có mặt tại các địa bàn bị ảnh hưởng nặng nề của hoàn lưu bão số 3 để giúp nhân dân khắc phục hậu quả mưa lũ, sạt lở đất.",
            "Tại thành phố Yên Bái, lực lượng Công an phối hợp với quân đội, đoàn viên thanh niên dọn dẹp bùn đất, vệ sinh nhà cửa, trường học; hỗ trợ di chuyển tài sản cho các hộ dân ở khu vực ven sông Hồng.",
            "Ở các huyện Lục Yên, Văn Yên, Yên Bình, Công an xã chủ động rà soát các điểm có nguy cơ sạt lở, vận động, sơ tán hàng trăm hộ dân đến nơi an toàn; cắm biển cảnh báo, chốt chặn tại các ngầm tràn, tuyến đường bị ngập sâu.",
            "Cùng với đó, Công an tỉnh đã trao tặng hàng nghìn suất quà gồm gạo, mì tôm, nước uống và nhu yếu phẩm thiết yếu cho người dân vùng lũ.",
        ],
        captions={1: ["Cán bộ, chiến sĩ Công an tỉnh dọn dẹp bùn đất tại một trường học ở thành phố Yên Bái"]},
        author="Thanh Nga",
    ),
    Story(
        site="congan_yenbai", slug="tang-cuong-tuan-tra-kiem-soat-tren-cao-toc-noi-bai-lao-cai-dip-nghi-le", id="2471",
        title="Tăng cường tuần tra, kiểm soát trên cao tốc Nội Bài - Lào Cai dịp nghỉ lễ",
        published="2025-04-29T09:40:00+07:00",
        paragraphs=[
            "Ngày 28/4, Phòng Cảnh sát giao thông Công an tỉnh cho biết, đơn vị đã bố trí 5 tổ công tác tuần tra, kiểm soát liên tục trên đoạn cao tốc Nội Bài - Lào Cai qua địa bàn tỉnh trong dịp nghỉ lễ 30/4 và 1/5.",
            "Lực lượng chức năng tập trung xử lý các hành vi chạy quá tốc độ quy định, dừng, đỗ xe trên làn dừng khẩn cấp, đi không đúng làn đường và vi phạm nồng độ cồn.",
            "Cùng với tuần tra, Công an tỉnh tăng cường giám sát qua hệ thống camera tại các nút giao lên, xuống cao tốc, kịp thời phát hiện và gửi thông báo vi phạm đến chủ phương tiện.",
            "Phòng Cảnh sát giao thông khuyến cáo người dân chấp hành nghiêm quy định về tốc độ, khoảng cách an toàn giữa các xe, tuyệt đối không sử dụng rượu, bia khi tham gia giao thông.",
        ],
        captions={},
        author="Hà Anh",
    ),
    # --- Cổng TTĐT tỉnh Quảng Ninh (portal) ---
    Story(
        site="quangninh_portal", slug="", id="113402",
        title="Quảng Ninh đón 1,2 triệu lượt khách du lịch trong quý I",
        published="2024-04-05T08:30:00+07:00",
        paragraphs=[
            "Theo Sở Du lịch, trong quý I/2024, toàn tỉnh đón khoảng 1,2 triệu lượt khách, tăng 15% so với cùng kỳ năm trước; tổng thu từ du lịch ước đạt 8.000 tỷ đồng.",
            "Khách quốc tế chủ yếu đến từ Hàn Quốc, Trung Quốc và các nước châu Âu. Nhiều sản phẩm du lịch mới như tàu đêm trên vịnh Hạ Long, du lịch văn hóa tâm linh Yên Tử được du khách đánh giá cao.",
            "Tỉnh tiếp tục đẩy mạnh quảng bá, xúc tiến du lịch, nâng cao chất lượng dịch vụ, bảo đảm an toàn cho du khách trong mùa cao điểm.",
        ],
        captions={},
    ),
    Story(
        site="quangninh_portal", slug="", id="113510",
        title="Kiểm tra an toàn giao thông đường thủy nội địa trên vịnh Hạ Long",
        published="2024-05-10T14:00:00+07:00",
        paragraphs=[
            "Ngày 10/5, đoàn liên ngành của tỉnh kiểm tra công tác bảo đảm an toàn giao thông đường thủy nội địa tại cảng tàu khách quốc tế Tuần Châu.",
            "Đoàn đã kiểm tra hồ sơ, trang thiết bị cứu sinh trên 40 tàu du lịch, yêu cầu các chủ tàu niêm yết nội quy, hướng dẫn hành khách mặc áo phao trong suốt hành trình.",
            "Đoàn cũng làm việc với Ban Quản lý vịnh về phương án ứng phó khi thời tiết bất thường, ứng dụng phần mềm quản lý tàu thuyền ra vào, không để xảy ra sự cố đáng tiếc. Tuyến đường ven biển đi Ninh Bình cũng được rà soát biển báo.",
        ],
        captions={0: ["Đoàn kiểm tra trang thiết bị cứu sinh trên tàu du lịch"]},
    ),
    Story(
        site="quangninh_portal", slug="", id="113622",
        title="Tăng cường bảo đảm an ninh, trật tự khu vực biên giới Móng Cái",
        published="2024-06-03T10:20:00+07:00",
        paragraphs=[
            "Ngày 3/6, UBND tỉnh tổ chức hội nghị bàn giải pháp tăng cường bảo đảm an ninh, trật tự khu vực biên giới thành phố Móng Cái.",
            "Các lực lượng Công an, Biên phòng, Hải quan thống nhất phối hợp tuần tra, kiểm soát đường mòn, lối mở; đấu tranh với hoạt động buôn lậu, xuất nhập cảnh trái phép.",
            "Chủ tịch UBND tỉnh yêu cầu phát huy vai trò tự quản của nhân dân khu vực biên giới, nhân rộng mô hình “Tổ tự quản đường biên, cột mốc”.",
        ],
        captions={2: ["Quang cảnh hội nghị"]},
    ),
    Story(
        site="quangninh_portal", slug="", id="113705",
        title="Cô Tô hoàn thành đưa điện lưới quốc gia ra đảo Trần",
        published="2024-07-15T16:00:00+07:00",
        paragraphs=[
            "Dự án cấp điện lưới quốc gia cho đảo Trần, huyện Cô Tô đã hoàn thành, đóng điện sau 18 tháng thi công với tổng mức đầu tư gần 200 tỷ đồng.",
            "Công trình gồm tuyến cáp ngầm xuyên biển dài 16 km, trạm biến áp và hệ thống đường dây trung, hạ thế phục vụ người dân và các đơn vị quân đội đóng quân trên đảo.",
            "Có điện lưới, đảo Trần có điều kiện phát triển du lịch, dịch vụ và nuôi trồng thủy sản, nâng cao đời sống của nhân dân.",
        ],
        captions={},
    ),
    Story(
        site="quangninh_portal", slug="", id="113808",
        title="Hội nghị triển khai công tác tuyển sinh đầu cấp năm học 2024 - 2025",
        published="2024-08-02T09:15:00+07:00",
        paragraphs=[
            "Sáng 2/8, Sở Giáo dục và Đào tạo tổ chức hội nghị triển khai công tác tuyển sinh đầu cấp năm học 2024 - 2025.",
            "Năm học mới, toàn tỉnh dự kiến tuyển 21.000 học sinh vào lớp 1, 19.500 học sinh vào lớp 6 và 17.000 học sinh vào lớp 10 công lập.",
            "Ngành giáo dục yêu cầu các địa phương công khai chỉ tiêu, phương thức tuyển sinh, bảo đảm đúng quy chế, công bằng và thuận lợi cho phụ huynh, học sinh.",
        ],
        captions={},
    ),
    Story(
        site="quangninh_portal", slug="", id="113911",
        title="Phát động phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2024",
        published="2024-08-19T15:40:00+07:00",
        paragraphs=[
            "Chiều 19/8, tại thành phố Hạ Long, UBND tỉnh tổ chức lễ phát động phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2024, hướng tới kỷ niệm 79 năm Ngày truyền thống lực lượng Công an nhân dân.",
            "Năm qua, nhân dân đã cung cấp cho cơ quan chức năng trên 3.000 nguồn tin có giá trị, giúp phát hiện, xử lý nhiều vụ việc phức tạp về an ninh trật tự.",
            "Lãnh đạo tỉnh đề nghị các cấp, ngành tiếp tục xây dựng, nhân rộng các mô hình tự quản, tự bảo vệ, tự hòa giải ở cơ sở.",
        ],
        captions={0: ["Các đại biểu bấm nút phát động phong trào"]},
    ),
    Story(
        site="quangninh_portal", slug="", id="114020",
        title="Đông Triều đẩy mạnh xây dựng nông thôn mới kiểu mẫu",
        published="2024-09-09T11:00:00+07:00",
        paragraphs=[
            "Thành phố Đông Triều hiện có 11 xã đạt chuẩn nông thôn mới nâng cao và 6 xã đạt chuẩn nông thôn mới kiểu mẫu.",
            "Thành phố tập trung phát triển các sản phẩm OCOP như gốm Đông Triều, rượu mơ Yên Tử, vải chín sớm Bình Khê, gắn với du lịch trải nghiệm.",
            "Người dân tích cực hiến đất, đóng góp ngày công làm đường giao thông nông thôn, xây dựng các tuyến đường hoa, đường cây xanh.",
        ],
        captions={},
    ),
]


def stories() -> list[Story]:
    """Every article of the fixture web, seeds first."""
    return _seeds() + OTHERS
