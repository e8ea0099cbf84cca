"""Article URL patterns proposed from examples, on the real URL shapes of provincial sites."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.urlpattern import propose, structure

FIXTURES = Path(__file__).parent / "fixtures"


def real_urls() -> dict[str, dict[str, list[str]]]:
    """site-urls.tsv by domain: role → URLs (article, listing, other)."""
    found: dict[str, dict[str, list[str]]] = {}
    for line in (FIXTURES / "site-urls.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        role, url = line.split("\t")[:2]
        domain = (urlsplit(url).hostname or "").removeprefix("www.")
        found.setdefault(domain, {}).setdefault(role, []).append(url)
    return found


def _id_style(url: str) -> str:
    """The letters before a URL's trailing id ("post" in -post123.html, "a" in -a123.html)."""
    found = re.search(r"-([a-z]*)\d+/?(?:\.\w+)?(?:/index\.htm)?$", urlsplit(url).path)
    return found.group(1) if found else ""


def _pairs():
    for domain, roles in sorted(real_urls().items()):
        articles = roles.get("article", [])
        for i, first in enumerate(articles):
            for second in articles[i + 1:]:
                if structure(first) == structure(second) and _id_style(first) == _id_style(second):
                    yield pytest.param(first, second, id=domain)


@pytest.mark.parametrize("first, second", list(_pairs()))
def test_a_pattern_learnt_from_one_real_article_url_matches_another_of_its_shape(first, second):
    """What one article address teaches (ids, year-month folders, slugs, fixed words) holds for the next."""
    home = f"https://{urlsplit(first).hostname}/"
    proposal = propose([first], [home], home=home)
    assert proposal.pattern is not None, proposal.why
    assert re.search(proposal.pattern, re.sub(r"\?utm_.*$", "", second)), (proposal.pattern, second)


def test_there_are_enough_real_pairs_to_learn_from():
    assert len(list(_pairs())) >= 8


@pytest.mark.parametrize("domain", sorted(d for d, roles in real_urls().items() if "article" in roles and "listing" in roles))
def test_a_pattern_from_a_site_s_real_articles_refuses_its_real_listings(domain):
    roles = real_urls()[domain]
    home = f"https://{domain}/"
    proposal = propose(roles["article"], roles["listing"], home=home)
    assert proposal.pattern is not None, proposal.why
    assert all(re.search(proposal.pattern, url) for url in roles["article"])
    assert not any(re.search(proposal.pattern, url) for url in roles["listing"] + [home])


def test_shapes_generalise_as_the_sites_write_them():
    home = "https://baoquangngai.vn/"
    articles = [
        "https://baoquangngai.vn/channel/2023/202009/dai-hoi-dai-bieu-3023089/",
        "http://baoquangngai.vn/channel/12863/202109/luc-luong-cong-an-3077923/",
    ]
    proposal = propose(articles, [home], home=home)
    assert proposal.pattern == r"^https?://(www\.)?baoquangngai\.vn/channel/\d+/\d{6}/[a-z0-9-]+-\d+/?$"
    # Ids with a letter prefix keep it; a query keeps its names, its ids become numbers; tracking goes.
    assert propose(["https://baotayninh.vn/khat-vong-a169010.html"], [], home="https://baotayninh.vn/").pattern == (
        r"^https?://(www\.)?baotayninh\.vn/[a-z0-9-]+-a\d+\.html$")
    tinhuy = propose(["http://tinhuyhaiduong.vn/news/Pages/new.aspx?CateID=13&ItemID=6603&utm_source=zalo"], [],
                     home="http://tinhuyhaiduong.vn/")
    assert tinhuy.pattern == r"^https?://(www\.)?tinhuyhaiduong\.vn/news/Pages/new\.aspx\?CateID=\d+&ItemID=\d+$"


def test_links_seen_with_tracking_parameters_are_accepted_with_them():
    home = "https://qrt.vn/"
    feed_link = "https://qrt.vn/chinh-tri/xay-dung-luc-luong/?utm_source=rss&utm_medium=rss"
    proposal = propose([feed_link], [home], home=home)
    assert re.search(proposal.pattern, feed_link) and re.search(proposal.pattern, "https://qrt.vn/xa-hoi/tin-khac/")
    assert not re.search(proposal.pattern, "https://qrt.vn/xa-hoi/tin-khac/?page=2")


def test_no_pattern_when_articles_and_listings_share_their_shape():
    home = "https://congan.sonla.gov.vn/"
    articles = ["https://congan.sonla.gov.vn/bat-giu-doi-tuong-tang-tru-ma-tuy/", "https://congan.sonla.gov.vn/hoi-nghi-tong-ket-nam/"]
    proposal = propose(articles, [home, "https://congan.sonla.gov.vn/chong-dien-bien-hoa-binh/"], home=home)
    assert proposal.pattern is None
    assert "chong-dien-bien-hoa-binh" in proposal.why and "metadata" in proposal.why


def test_few_articles_borrow_the_links_seen_with_their_structure():
    home = "https://phan-trang.test/"
    seen = [f"https://phan-trang.test/tin/{n}.html" for n in range(1, 26)] + ["https://phan-trang.test/?trang=2"]
    proposal = propose(["https://phan-trang.test/tin/1.html"], [home, "https://phan-trang.test/?trang=2"], seen, home=home)
    assert proposal.pattern == r"^https?://(www\.)?phan-trang\.test/tin/\d+\.html$"
    assert propose([], [home], home=home).pattern is None
