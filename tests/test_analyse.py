"""crawler.analyse: extraction, page dates and key of a page from one parse of it.

The date rules and the canonical link read the page's tree before the
extraction changes it (scripts, JSON-LD among them, leave the tree); these
tests hold pages whose dates live where the extraction removes them.
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.analyse import analyse
from crawler.items import PageItem
from crawler.sites import Site

REAL_VI = Path(__file__).parent / "fixtures" / "real-pages-vi"
FETCHED = datetime(2026, 12, 1, tzinfo=timezone.utc)  # after every saved page


def site_of(url: str) -> Site:
    host = urlsplit(url).hostname
    return Site(slug="test", name=host, province="Hà Nội", kind="newspaper", domains=(host,),
                start_urls=(f"https://{host}/",))


def page_item(url: str, body: bytes) -> PageItem:
    return PageItem(url, url, 200, [("Content-Type", "text/html; charset=utf-8")], body, "test", FETCHED)


@pytest.mark.parametrize("name", sorted(p.name[: -len(".json")] for p in REAL_VI.glob("*.json")))
def test_real_pages_get_the_date_they_print_and_their_own_key(name):
    expected = json.loads((REAL_VI / f"{name}.json").read_text(encoding="utf-8"))
    body = gzip.decompress((REAL_VI / f"{name}.html.gz").read_bytes())
    analysis = analyse(page_item(expected["url"], body), site_of(expected["url"]))
    assert analysis.error is None
    assert analysis.article.published.isoformat(timespec="minutes") == expected["published"]
    assert analysis.key == expected["url"]


PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Khánh thành cầu Nậm Mu - Báo Thử</title>
<link rel="canonical" href="/thoi-su/khanh-thanh-cau-nam-mu-123.html">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Khánh thành cầu Nậm Mu", "datePublished": "2024-05-17T07:45:00+07:00",
 "dateModified": "2024-05-18T10:05:00+07:00"}</script>
<script>var tracking = {"updated": "2031-01-01"};</script>
</head><body><nav><a href="/">Trang chủ</a> <a href="/thoi-su/">Thời sự</a></nav>
<article><h1>Khánh thành cầu Nậm Mu</h1>
<p>Sáng 17/5, UBND huyện Than Uyên tổ chức lễ khánh thành cầu Nậm Mu nối hai bờ suối, thay cho
chiếc cầu treo đã xuống cấp sau nhiều mùa lũ, với tổng mức đầu tư hơn 12 tỷ đồng từ ngân sách tỉnh.</p>
<p>Cây cầu dài 96 mét, rộng 7,5 mét, giúp hơn 3.000 hộ dân của ba xã đi lại thuận tiện, nhất là vào
mùa mưa khi nước suối dâng cao và việc vận chuyển nông sản ra chợ trung tâm trước đây rất khó khăn.</p>
</article><footer>Báo Thử - Cơ quan của Đảng bộ tỉnh</footer></body></html>"""


def test_dates_in_json_ld_are_read_though_the_extraction_drops_scripts():
    url = "https://baothu.vn/thoi-su/khanh-thanh-cau-nam-mu-123.html?utm_source=feed"
    analysis = analyse(page_item(url, PAGE.encode("utf-8")), site_of(url))
    article = analysis.article
    assert article.published.isoformat() == "2024-05-17T07:45:00+07:00"
    assert article.published_source == "jsonld:datePublished"
    assert article.updated.isoformat() == "2024-05-18T10:05:00+07:00"
    assert analysis.key == "https://baothu.vn/thoi-su/khanh-thanh-cau-nam-mu-123.html"
    assert analysis.key_source == "canonical"
    assert article.text.startswith("Sáng 17/5, UBND huyện Than Uyên")
    assert "tracking" not in article.text and "Trang chủ" not in article.text
    assert article.dateline is not None and (article.dateline.month, article.dateline.day) == (5, 17)


def test_a_page_that_is_not_html_is_an_extraction_error_with_no_dates():
    url = "https://baothu.vn/thoi-su/bai-123.html"
    analysis = analyse(page_item(url, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40), site_of(url))
    assert analysis.article is None
    assert analysis.error.startswith("extract: ")
