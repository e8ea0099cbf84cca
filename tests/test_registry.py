"""The site registry and the spiders generated from it."""

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.sites import RegistryError, load_site, registry

ROOT = Path(__file__).resolve().parents[1]


def test_registry_holds_the_seed_sources():
    sites = registry()
    assert {"baoyenbai", "baohagiang", "congan_sonla", "congan_yenbai", "quangninh_portal"} <= set(sites)
    kinds = {site.kind for site in sites.values()}
    assert {"newspaper", "police", "portal"} <= kinds


def test_every_site_starts_on_its_own_domains():
    for site in registry().values():
        assert site.start_urls, site.slug
        for url in site.start_urls + site.feeds + site.sitemaps:
            assert site.owns(url), (site.slug, url)


def test_url_patterns_match_real_article_urls():
    sites = registry()
    # Article URLs seen on the real sites (shared/data/sites-seen.tsv).
    assert sites["baohagiang"].is_article_url(
        "https://baohagiang.vn/ve-bao-ha-giang/201904/bao-ha-giang-55-nam-xay-dung-va-phat-trien-1341964-2019-743622/"
    )
    assert sites["baohagiang"].is_article_url(
        "https://www.baohagiang.vn/multimedia/truyen-hinh/202404/bao-ha-giang-tien-phong-tren-mat-tran-tu-tuong-van-hoa-67b4c0c/"
    )
    assert sites["baoyenbai"].is_article_url(
        "https://baoyenbai.com.vn/11/193923/Bao-Yen-Bai-huong-toi-chuyen-nghiep-hien-dai-nhan-van.aspx"
    )
    assert sites["quangninh_portal"].is_article_url("https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=113139")
    assert not sites["baohagiang"].is_article_url("https://baohagiang.vn/an-ninh-quoc-phong/")
    assert sites["congan_sonla"].is_article_url("https://congan.sonla.gov.vn/chong-dien-bien-hoa-binh/") is None


def test_owns_rejects_other_schemes_and_lookalike_domains():
    site = registry()["baohagiang"]
    assert site.owns("https://www.baohagiang.vn/x")
    assert not site.owns("mailto:toasoan@baohagiang.vn")
    assert not site.owns("javascript:void(0)")
    assert not site.owns("https://fakebaohagiang.vn/x")
    assert not site.owns("https://baohagiang.vn.example.com/x")


@pytest.mark.parametrize(
    "text, message",
    [
        ('name = "X"\nprovince = "Sơn La"\nkind = "blog"\ndomains = ["x.vn"]\nstart_urls = ["https://x.vn/"]', "kind must be one of"),
        ('name = "X"\nprovince = "Sơn La"\nkind = "police"\ndomains = ["x.vn"]', "missing 'start_urls'"),
        ('name = "X"\nprovince = "Sơn La"\nkind = "police"\ndomains = ["x.vn"]\nstart_urls = ["https://y.vn/"]', "not on the site's domains"),
        ('name = "X"\nprovince = "Sơn La"\nkind = "police"\ndomains = ["x.vn"]\nstart_urls = ["https://x.vn/"]\narticle_pattern = "(["', "not a valid regex"),
        ('name = "X\nprovince', "x.toml"),
    ],
)
def test_malformed_site_files_name_the_problem(tmp_path, text, message):
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_site(path)


def test_scrapy_list_shows_one_spider_per_site():
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == sorted(registry())
