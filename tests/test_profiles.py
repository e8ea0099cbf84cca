"""CMS profiles: read and checked as data, versioned by fetch time, applied before extraction, named by sites."""

from __future__ import annotations

import dataclasses
import re
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from lxml import html as lxml_html

from crawler import profiles
from crawler.extract import EXTRACTOR_VERSION, extract_article
from crawler.pagedates import page_date
from crawler.sites import RegistryError, check_registry, load_site, registry, site_for_url
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SITE_TESTS = Path(__file__).parent / "sites"
UTC = timezone.utc

TWO_VERSIONS = '''name = "thu"
description = "A test platform."
evidence = "The test suite."
[[versions]]
version = 1
valid_until = 2025-06-30
furniture = [".quang-cao"]
byline = [".tac-gia"]
[[versions]]
version = 2
furniture = [".quang-cao", ".ghi-chu"]
'''


def real_article_urls() -> dict[str, list[str]]:
    """Real article URLs of registered sites (tests/fixtures/site-urls.tsv), by slug."""
    found: dict[str, list[str]] = {}
    for line in (FIXTURES / "site-urls.tsv").read_text(encoding="utf-8").splitlines():
        role, url = (line.split("\t") + [""])[:2]
        if role == "article" and (site := site_for_url(url)) is not None:
            found.setdefault(site.slug, []).append(url)
    return found


# --- the profiles as data ---------------------------------------------------------------


def test_every_packaged_profile_is_read_and_says_where_it_comes_from():
    files = sorted(p.stem for p in (ROOT / "crawler" / "profiles").glob("*.toml"))
    known = profiles.packaged()
    assert sorted(known) == files and len(files) >= 5
    for profile in known.values():
        assert profile.description and profile.evidence
        assert profile.versions[-1].valid_until is None
        assert profile.fingerprint.markup or profile.fingerprint.article_urls, profile.name


@pytest.mark.parametrize("slug", sorted(s for s, site in registry().items() if site.profile and site.article_pattern))
def test_a_site_named_for_its_url_shape_has_the_real_urls_of_that_shape(slug):
    """Where a site's profile was chosen by its URL shape, its real article URLs have that shape, or
    half of them do: a site that moved to the platform keeps older URLs of the one before
    (baogialai's /channel/, baonghean's -<id>.html beside -post<id>.html), a video section may have
    its own (baohatinh's /tv/)."""
    site = registry()[slug]
    urls = real_article_urls().get(slug)
    if not urls:
        pytest.skip("no real article URL of the site in site-urls.tsv")
    share = site.profile.fingerprint.url_share(urls)
    assert share >= 0.5, urls


def test_sites_on_the_sharepoint_platform_are_those_the_field_data_calls_sharepoint():
    rows = (FIXTURES / "sites-seen.tsv").read_text(encoding="utf-8").splitlines()
    sharepoint = {line.split("\t")[0] for line in rows if not line.startswith("#") and "SharePoint" in line}
    named = {d for site in registry().values() if site.profile and site.profile.name == "sharepoint" for d in site.domains}
    assert {d.removeprefix("www.") for d in sharepoint} == named


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.replace('name = "thu"', 'name = "khac"'), r"thu.toml: name must be the file's name \('thu'\)"),
        (lambda t: t.replace("version = 2", "version = 3"), r"thu.toml: versions\[2\]: version must be 2"),
        (lambda t: t.replace("valid_until = 2025-06-30\n", ""), r"versions\[1\]: every version but the newest needs valid_until"),
        (lambda t: t + "valid_until = 2026-01-01\n", r"versions\[2\]: the newest version has no valid_until"),
        (lambda t: t.replace("2025-06-30", '"30/6/2025"'), r"versions\[1\]: valid_until must be a date"),
        (lambda t: t.replace('".ghi-chu"', '"p[["'), r"versions\[2\]: 'p\[\[' is not a valid selector"),
        (lambda t: t + 'date = ["//span"]\n', r"versions\[2\]: '//span': date places are CSS selectors"),
        (lambda t: t.replace("[[versions]]", "[fingerprint]\nmarkup = ['(']\n[[versions]]", 1), r"fingerprint.markup: '\(' is not a valid regex"),
        (lambda t: t.replace('evidence = "The test suite."', ""), "thu.toml: 'evidence' must say where its rules come from"),
        (lambda t: t.replace("[[versions]]", "colour = 1\n[[versions]]", 1), "thu.toml: unknown field 'colour'"),
    ],
)
def test_a_malformed_profile_is_refused_with_its_file_and_field(change, message):
    with pytest.raises(profiles.ProfileError, match=message):
        profiles.load_profile(change(TWO_VERSIONS), "thu.toml")


# --- versions by fetch time -------------------------------------------------------------


def test_the_version_is_the_one_valid_on_the_vietnamese_day_of_the_fetch():
    profile = profiles.load_profile(TWO_VERSIONS, "thu.toml")
    first, second = profile.versions
    # 30 June 2025, 23:59 in Vietnam is 16:59 UTC; a minute later it is 1 July there.
    assert profile.version_at(datetime(2025, 6, 30, 16, 59, tzinfo=UTC)) is first
    assert profile.version_at(datetime(2025, 6, 30, 17, 0, tzinfo=UTC)) is second
    assert profile.version_at(date(2025, 6, 30)) is first
    assert profile.version_at("2025-07-01T09:00:00+07:00") is second
    assert profile.version_at(None) is second  # fetched now


def test_a_version_names_what_changed_and_keeps_the_rest():
    first, second = profiles.load_profile(TWO_VERSIONS, "thu.toml").versions
    assert (first.furniture, first.byline) == ((".quang-cao",), (".tac-gia",))
    assert (second.furniture, second.byline) == ((".quang-cao", ".ghi-chu"), (".tac-gia",))
    assert (first.tag, second.tag) == ("thu@1", "thu@2")
    assert profiles.stamp("2026.12.0", second) == "2026.12.0+thu@2"
    assert profiles.stamp("2026.12.0", None) == "2026.12.0"


# --- applying a version -----------------------------------------------------------------


PAGE = """<html><body><div class="bai"><h1>Tiêu đề</h1><p class="tac-gia">Tin, ảnh: <b>Ngọc Sơn</b></p>
<p>Đoạn một.<span class="quang-cao">Mua ngay</span> tiếp theo.</p>
<div class="ghi-chu">Ghi chú</div></div></body></html>"""


def test_applying_a_version_drops_its_furniture_and_hands_over_the_byline():
    first, second = profiles.load_profile(TWO_VERSIONS, "thu.toml").versions
    tree = lxml_html.fromstring(PAGE)
    places = profiles.apply(tree, first)
    assert places.dropped == 1 and [" ".join(el.text_content().split()) for el in places.bylines] == ["Tin, ảnh: Ngọc Sơn"]
    text = " ".join(tree.text_content().split())
    assert text == "Tiêu đề Đoạn một. tiếp theo. Ghi chú"  # the text after a dropped block stays in place
    tree = lxml_html.fromstring(PAGE)
    profiles.apply(tree, second)
    assert " ".join(tree.text_content().split()) == "Tiêu đề Đoạn một. tiếp theo."
    untouched = lxml_html.fromstring(PAGE)
    assert profiles.apply(untouched, None).dropped == 0 and "Mua ngay" in untouched.text_content()


def test_the_sharepoint_profile_drops_the_portal_chrome_of_the_fixture_portal():
    tree = lxml_html.fromstring((SITE_TESTS / "quangninh_portal" / "seed-001.html").read_bytes())
    profiles.apply(tree, registry()["quangninh_portal"].profile.version_at(None))
    text = tree.text_content()
    for chrome in ("DetailController", "In trang", "Tin khác"):
        assert chrome not in text
    assert "Công an tỉnh tổ chức Hội nghị tổng kết 10 năm" in text


# The article part of NukeViet 4's default news template (themes/default/modules/news/detail.tpl of
# github.com/nukeviet/nukeviet, commit 6ecfa29d), filled in as a provincial department's site would.
NUKEVIET_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta name="generator" content="NukeViet v4.5"><title>Tuyên truyền pháp luật cho đồng bào vùng cao - Sở Tư pháp</title></head>
<body><div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">Tuyên truyền pháp luật cho đồng bào vùng cao</h1>
<div class="row margin-bottom-lg"><div class="col-md-12"><span class="h5">Thứ năm - 14/03/2024 09:15</span></div>
<div class="col-md-12"><ul class="list-inline text-right"><li><a class="dimgray" title="Gửi bài viết qua email">Gửi</a></li>
<li><a class="dimgray" title="In ra">In</a></li></ul></div></div>
<div class="clearfix"><div class="hometext m-bottom">Ngày 13/3, Sở Tư pháp phối hợp với UBND xã tổ chức hội nghị tuyên truyền pháp luật cho hơn 200 người dân là đồng bào dân tộc thiểu số.</div></div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
<p>Tại hội nghị, báo cáo viên pháp luật đã phổ biến các quy định về phòng, chống ma túy, an toàn giao thông và phòng, chống mua bán người cho bà con ở các thôn vùng cao.</p>
<p>Người dân được hướng dẫn cách nhận biết các thủ đoạn lừa đảo qua mạng xã hội và được phát tài liệu tuyên truyền bằng tiếng Việt và tiếng Mông.</p>
</div>
<div class="margin-bottom-lg"><p class="h5 text-right"><strong>Tác giả bài viết: </strong>Bảo Linh</p>
<p class="h5 text-right"><strong>Nguồn tin: </strong>Sở Tư pháp</p></div>
</div></div></body></html>"""
NUKEVIET_URL = "https://pbgdplthainguyen.gov.vn/news/hoat-dong-pbgdpl-cap-tinh/tuyen-truyen-phap-luat-cho-dong-bao-vung-cao-1700.html"


def test_a_nukeviet_page_reads_its_labelled_byline_and_date_place():
    site = site_for_url(NUKEVIET_URL)
    assert site.profile.name == "nukeviet"
    article = extract_article(NUKEVIET_PAGE, NUKEVIET_URL, site)
    assert article.author == "Bảo Linh"
    assert "Nguồn tin" not in article.text and "Tác giả" not in article.text and "In" not in article.text.split()
    assert article.text.split("\n\n")[-1].startswith("Người dân được hướng dẫn")
    assert article.extractor_version == f"{EXTRACTOR_VERSION}+nukeviet@1"
    found = page_date(NUKEVIET_PAGE, url=NUKEVIET_URL, site=site)
    assert (found.value, found.source) == (datetime(2024, 3, 14, 9, 15, tzinfo=found.value.tzinfo), "site-selector")
    assert found.value.utcoffset() == timedelta(hours=7)


def test_related_boxes_inside_the_body_of_the_post_platform_are_not_text():
    url = "https://baohatinh.vn/nong-dan-ha-tinh-thu-hoach-lua-xuan-som-post171451.html"
    related = "Tin liên quan: Giá lúa tăng cao trong vụ xuân năm nay"
    page = f"""<html lang="vi"><body><h1 class="article__title cms-title">Nông dân Hà Tĩnh thu hoạch lúa xuân sớm</h1>
<div class="article__body zce-content-body cms-body">
<p>Những ngày này, nông dân các huyện phía nam Hà Tĩnh tranh thủ thời tiết thuận lợi để thu hoạch lúa xuân sớm hơn mọi năm.</p>
<div class="article-relate"><a href="/gia-lua-post171000.html">{related}</a></div>
<p>Theo ngành nông nghiệp, năng suất lúa vụ này ước đạt hơn 60 tạ mỗi héc-ta, cao nhất trong nhiều năm trở lại đây.</p>
<p class="cms-author">Thiên Vỹ</p></div></body></html>"""
    article = extract_article(page, url, site_for_url(url))
    assert related not in article.text
    assert article.author == "Thiên Vỹ"
    assert article.extractor_version == f"{EXTRACTOR_VERSION}+cms_post@1"


# --- the registry names profiles --------------------------------------------------------


BASE_SITE = 'name = "X"\nprovince = "Sơn La"\nkind = "police"\ndomains = ["x.vn"]\nstart_urls = ["https://x.vn/"]\n'


def test_an_unknown_profile_is_one_line_from_the_command(tmp_path):
    (tmp_path / "x.toml").write_text(BASE_SITE + 'profile = "joomla"\n', encoding="utf-8")
    with pytest.raises(RegistryError, match=r"^x.toml: unknown profile 'joomla' \(profiles: aspnet_news, "):
        load_site(tmp_path / "x.toml")
    result = run_cli("sites", env={"ARCHIVE_SITES_DIR": str(tmp_path)}, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error: x.toml: unknown profile 'joomla' (profiles: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_registry_folder_brings_profiles_of_its_own(tmp_path):
    (tmp_path / "x.toml").write_text(BASE_SITE + 'profile = "thu"\n', encoding="utf-8")
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "thu.toml").write_text(TWO_VERSIONS, encoding="utf-8")
    site = check_registry(tmp_path)["x"]
    assert site.profile.name == "thu" and site.hints == profiles.Discovery()
    shutil.copy(ROOT / "crawler" / "profiles" / "wordpress.toml", tmp_path / "profiles" / "wordpress.toml")
    with pytest.raises(RegistryError, match="profiles/wordpress.toml: a profile named 'wordpress' is packaged already"):
        check_registry(tmp_path)


def test_a_site_without_a_profile_is_extracted_as_before():
    site = registry()["quangninh_portal"]
    html = (SITE_TESTS / "quangninh_portal" / "seed-001.html").read_bytes()
    url = "https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=113139"
    plain = extract_article(html, url, dataclasses.replace(site, profile=None))
    assert plain.extractor_version == EXTRACTOR_VERSION
    assert re.fullmatch(re.escape(EXTRACTOR_VERSION) + r"\+sharepoint@\d+", extract_article(html, url, site).extractor_version)


# --- re-extraction with the version valid at the capture ----------------------------------


NOTE = ("Ghi chú của tòa soạn: bài viết được cập nhật lúc 22 giờ sau khi Ban tổ chức công bố danh sách "
        "các tập thể và cá nhân được khen thưởng tại hội nghị.")
VERSIONED_PAGE = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Hội nghị tổng kết phong trào thi đua</title></head>
<body><div class="bai"><h1>Hội nghị tổng kết phong trào thi đua</h1>
<p>Chiều 30/6, Công an tỉnh tổ chức hội nghị tổng kết phong trào thi đua vì an ninh Tổ quốc năm 2025 với sự tham dự của đại diện các sở, ngành và địa phương.</p>
<p class="ghi-chu">{NOTE}</p>
<p>Dịp này, nhiều tập thể và cá nhân có thành tích xuất sắc được tặng bằng khen, giấy khen vì đã góp phần giữ vững an ninh, trật tự trên địa bàn tỉnh.</p>
<p class="tac-gia">Tin, ảnh: <b>Ngọc Sơn</b></p></div></body></html>"""
VERSIONED_SITE = """slug = "ban_thu"
name = "Báo Bản Thử"
province = "Sơn La"
kind = "newspaper"
domains = ["ban-thu.test"]
start_urls = ["https://ban-thu.test/"]
article_pattern = '^https://ban-thu\\.test/bai/\\d+\\.html$'
profile = "thu"
notes = "A test site on the test platform thu, whose layout changed on 1 July 2025."
"""


def test_reextract_uses_the_profile_version_valid_when_each_page_was_fetched(tmp_path):
    import sqlite3

    from archive.warc import Exchange, WarcWriter

    sites = tmp_path / "sites"
    (sites / "profiles").mkdir(parents=True)
    (sites / "ban_thu.toml").write_text(VERSIONED_SITE, encoding="utf-8")
    (sites / "profiles" / "thu.toml").write_text(TWO_VERSIONS, encoding="utf-8")
    writer = WarcWriter(tmp_path / "warc", "ban-thu-test", max_size=1 << 30, compresslevel=3)
    fetched = {
        "https://ban-thu.test/bai/1.html": datetime(2025, 6, 30, 16, 0, tzinfo=UTC),  # 23:00 on 30 June in Vietnam
        "https://ban-thu.test/bai/2.html": datetime(2025, 7, 1, 3, 0, tzinfo=UTC),  # 10:00 on 1 July
    }
    for url, when in fetched.items():
        writer.write(Exchange(url, 200, [("Content-Type", "text/html; charset=utf-8")], VERSIONED_PAGE.encode(), when))
    writer.close()
    db = tmp_path / "archive.db"
    result = run_cli("reextract", "--db", str(db), "--warc-dir", str(tmp_path / "warc"), "--workers", "1",
                     env={"ARCHIVE_SITES_DIR": str(sites)}, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    conn = sqlite3.connect(db)
    rows = {url: (text, author, version) for url, text, author, version in
            conn.execute("select url, text, author, extractor_version from articles")}
    conn.close()
    old_text, old_author, old_version = rows["https://ban-thu.test/bai/1.html"]
    new_text, new_author, new_version = rows["https://ban-thu.test/bai/2.html"]
    assert (old_version, new_version) == (f"{EXTRACTOR_VERSION}+thu@1", f"{EXTRACTOR_VERSION}+thu@2")
    assert NOTE in old_text and NOTE not in new_text  # version 2 knows the note box as furniture
    assert old_author == new_author == "Ngọc Sơn"  # the byline place, kept from version 1


def test_new_site_names_a_profile_and_records_when_its_page_was_fetched(tmp_path):
    import json

    from crawler.newsite import create

    (tmp_path / "sites").mkdir()
    page = SITE_TESTS / "quangninh_portal" / "seed-001.html"
    url = "https://www.cong-thu.example/Trang/ChiTietTinTuc.aspx?nid=113139"
    fetched = datetime(2026, 11, 30, 8, 15, tzinfo=UTC)
    common = dict(name="Cổng thử", province="Quảng Ninh", kind="portal", home="https://www.cong-thu.example/",
                  page=page, url=url, fetched=fetched, sites_dir=tmp_path / "sites", tests_dir=tmp_path / "tests")
    with pytest.raises(RegistryError, match="unknown profile 'sharepont'"):
        create("cong_thu", profile="sharepont", **common)
    assert list((tmp_path / "sites").iterdir()) == [] and not (tmp_path / "tests" / "cong_thu").exists()
    written = create("cong_thu", profile="sharepoint", **common)
    assert load_site(written.site_file).profile.name == "sharepoint"
    values = json.loads(written.expected.read_text(encoding="utf-8"))
    assert (values["url"], values["fetched_at"], values["checked"]) == (url, "2026-11-30T08:15:00+00:00", False)
    assert written.page.name == "trang-chitiettintuc-aspx-nid-113139.html"


def test_a_site_reads_its_platform_s_discovery_hints():
    qrt, portal, plain = registry()["qrt"], registry()["angiang_dcs"], registry()["baocamau"]
    assert qrt.hints.feed_urls(qrt.home_url) == ["https://qrt.vn/feed/"]
    assert qrt.hints.sitemap_urls(qrt.home_url) == ["https://qrt.vn/wp-sitemap.xml"]
    assert qrt.hints.is_listing("https://qrt.vn/category/thoi-su/page/3/")
    assert not qrt.hints.is_listing("https://qrt.vn/chinh-tri/xay-dung-luc-luong-cong-an-chinh-quy/")
    # The real list page of sites-seen.tsv, and its paging.
    listing = "https://www.angiang.dcs.vn/Lists/TuTuongVanHoa/TongQuat.aspx?PageIndex=40"
    assert portal.hints.is_listing(listing) and portal.hints.is_pagination(listing)
    assert plain.profile is None and plain.hints.feed_urls(plain.home_url) == [] and not plain.hints.is_listing(listing)
