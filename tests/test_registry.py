"""The site registry against the sources seen in the field, and the spiders generated from it."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.sites import RegistryError, check_registry, load_site, registry, site_for_url
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"

# The TSV's words for a source's kind, and the registry's kind for them.
KIND_OF = {
    "newspaper": "newspaper", "provincial youth paper": "newspaper", "literary magazine": "newspaper",
    "police": "police", "police newspaper": "police",
    "government portal": "portal", "provincial Party portal": "portal", "gov": "portal",
    "gov/mass org": "portal", "mass org": "portal",
    "radio-TV": "broadcaster",
}
# The TSV writes one unit by its everyday name.
UNIT_NAMES = {"TP.HCM": "Hồ Chí Minh"}


def plain(name: str) -> str:
    """Letters only, no accents, lower case: how the test compares names written two ways."""
    decomposed = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed.lower() if c.isalnum())


def sources_seen() -> list[dict]:
    rows = []
    for line in (FIXTURES / "sites-seen.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        domain, province, kind, urls, shape = line.split("\t")
        unit = province.split("→ ")[1].split(";")[0].rstrip(")").strip() if "→" in province else None
        rows.append({
            "domain": domain, "province": province.split(" (")[0], "unit": UNIT_NAMES.get(unit, unit),
            "kind": next(KIND_OF[k] for k in sorted(KIND_OF, key=len, reverse=True) if kind.startswith(k)),
            "shape": shape,
        })
    return rows


def labelled_urls() -> list[tuple[str, str]]:
    lines = (FIXTURES / "site-urls.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")[:2]) for line in lines if not line.startswith("#")]


SEEN = sources_seen()


def test_sixty_nine_sources_seen():
    assert len(SEEN) == 69 and len({row["domain"] for row in SEEN}) == 69


@pytest.mark.parametrize("row", SEEN, ids=[row["domain"] for row in SEEN])
def test_every_source_seen_is_registered_with_its_province_unit_and_kind(row):
    site = site_for_url(f"https://{row['domain']}/")
    assert site is not None, f"{row['domain']} is not registered"
    assert plain(site.province) == plain(row["province"])
    if row["unit"]:
        assert plain(site.unit) == plain(row["unit"])
    assert site.kind == row["kind"]
    assert site.status in ("verified", "unverified")
    assert any(site.owns(url) for url in site.start_urls)


def test_the_registry_reaches_every_province_the_sources_come_from():
    seen = {plain(row["province"]) for row in SEEN}
    registered = {plain(site.province) for site in registry().values()}
    assert len(seen) == 44 and seen <= registered
    assert len(registry()) >= 69


@pytest.mark.parametrize("role, url", labelled_urls(), ids=lambda value: value[:80])
def test_article_patterns_on_real_urls(role, url):
    site = site_for_url(url)
    assert site is not None, url
    verdict = site.is_article_url(url)
    if role == "article":
        if verdict is None:
            # Only where the source says the site's URLs carry no id: the page's metadata decides.
            [row] = [r for r in SEEN if site.owns(f"https://{r['domain']}/")]
            assert "no id" in row["shape"].lower(), (site.slug, url)
        else:
            assert verdict is True
    elif role == "listing":
        assert verdict in (False, None)


def test_a_home_page_is_never_an_article():
    for site in registry().values():
        assert [u for u in site.start_urls if site.is_article_url(u)] == [], site.slug


def test_owns_rejects_other_schemes_and_lookalike_domains():
    site = site_for_url("https://baohagiang.vn/")
    assert site.owns("https://www.baohagiang.vn/x")
    assert not site.owns("mailto:toasoan@baohagiang.vn")
    assert not site.owns("javascript:void(0)")
    assert not site.owns("https://fakebaohagiang.vn/x")
    assert not site.owns("https://baohagiang.vn.example.com/x")


BASE = 'name = "X"\nprovince = "Sơn La"\nkind = "police"\ndomains = ["x.vn"]\nstart_urls = ["https://x.vn/"]\n'


@pytest.mark.parametrize(
    "text, message",
    [
        (BASE.replace('"police"', '"blog"'), "x.toml: kind must be one of"),
        (BASE.replace('start_urls = ["https://x.vn/"]\n', ""), "x.toml: missing 'start_urls'"),
        (BASE.replace('["https://x.vn/"]', '["https://y.vn/"]'), "x.toml: https://y.vn/ is not on the site's domains"),
        (BASE + 'article_pattern = "(["', "x.toml: article_pattern is not a valid regex"),
        (BASE + 'status = "checked"', "x.toml: status must be one of verified, unverified"),
        (BASE + 'artcle_pattern = "x"', "x.toml: unknown field 'artcle_pattern'"),
        (BASE.replace("Sơn La", "Atlantis"), "x.toml: province 'Atlantis' is none of the 63 provinces"),
        ('name = "X\nprovince', "x.toml"),
    ],
)
def test_malformed_site_files_name_the_file_and_field(tmp_path, text, message):
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_site(path)


def test_province_is_written_as_the_province_list_writes_it(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text(BASE.replace("Sơn La", "tinh Hoà Bình"), encoding="utf-8")
    site = load_site(path)
    assert (site.province, site.unit, site.status) == ("Hòa Bình", "Phú Thọ", "unverified")


def test_two_sites_cannot_share_a_domain(tmp_path):
    (tmp_path / "a.toml").write_text(BASE.replace("x.vn", "tinh.vn"), encoding="utf-8")
    (tmp_path / "b.toml").write_text(BASE.replace("x.vn", "tin.tinh.vn"), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"b.toml: domains: tin.tinh.vn overlaps tinh.vn of a.toml"):
        check_registry(tmp_path)


def test_the_registry_folder_comes_from_archive_sites_dir(tmp_path, monkeypatch):
    (tmp_path / "lone.toml").write_text(BASE, encoding="utf-8")
    monkeypatch.setenv("ARCHIVE_SITES_DIR", str(tmp_path))
    assert list(registry()) == ["lone"]
    monkeypatch.delenv("ARCHIVE_SITES_DIR")
    assert "lone" not in registry()


def test_a_malformed_site_file_is_one_line_from_the_command(tmp_path):
    (tmp_path / "x.toml").write_text(BASE.replace('"police"', '"blog"'), encoding="utf-8")
    result = run_cli("sites", env={"ARCHIVE_SITES_DIR": str(tmp_path)}, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: x.toml: kind must be one of newspaper, police, portal, broadcaster"


def test_scrapy_list_shows_one_spider_per_site_and_check_passes():
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == sorted(registry())
    checked = subprocess.run([sys.executable, "-m", "scrapy", "check"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stderr[-3000:]
    assert "OK" in checked.stderr


def test_crawler_sites_lists_every_source_with_its_unit():
    result = run_cli("sites", timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = {line.split()[0]: line for line in lines[1:] if line.strip() and not line.endswith("sites.")}
    assert set(rows) == set(registry())
    for row in SEEN:
        line = rows[site_for_url(f"https://{row['domain']}/").slug]
        domains = line.split()[-1].split(",")
        assert plain(row["province"]) in plain(line) and row["kind"] in line
        assert any(row["domain"] == d or row["domain"].endswith("." + d) for d in domains)
        assert row["unit"] is None or plain(row["unit"]) in plain(line)


def _archive_with_runs(db: Path, recent: str, old: str) -> None:
    from archive import schema, store

    database = schema.connect(db)
    for slug, days_ago in ((recent, 2), (old, 10)):
        run = store.start_run(database, [slug])
        store.add_run_stats(database, run, slug, {"pages": 3})
        started = (datetime.now(timezone.utc) - timedelta(days=days_ago)).isoformat(timespec="seconds")
        database["runs"].update(run, {"started": started})
    database.close()


def coverage_rows(stdout: str, *, unit_column: bool = True) -> dict[str, tuple[str, list[str]]]:
    """The table of `crawler sites --coverage`: name -> (unit, the four kinds' cells)."""
    start = 38 if unit_column else 21
    rows = {}
    for line in stdout.split("\n\n")[0].splitlines()[1:]:
        cells = [line[start + 13 * i: start + 13 * i + 12].strip() for i in range(4)]
        rows[line[:20].strip()] = (line[21:37].strip() if unit_column else "", cells)
    return rows


def test_coverage_per_province_with_what_was_crawled_this_week(tmp_path):
    sites = registry().values()
    yenbai = site_for_url("https://baoyenbai.com.vn/")  # TSV: Yên Bái (→ Lào Cai), newspaper
    hagiang = site_for_url("https://baohagiang.vn/")  # TSV: Hà Giang (→ Tuyên Quang), newspaper
    db = tmp_path / "archive.db"
    _archive_with_runs(db, recent=yenbai.slug, old=hagiang.slug)

    result = run_cli("sites", "--coverage", "--db", str(db), timeout=120)
    assert result.returncode == 0, result.stderr
    rows = coverage_rows(result.stdout)
    assert len(rows) == 63

    def expected(province, crawled_kind):
        counts = [sum(1 for s in sites if s.province == province and s.kind == k) for k in ("newspaper", "police", "portal", "broadcaster")]
        kinds = ("newspaper", "police", "portal", "broadcaster")
        return [("-" if not n else f"{n} c1" if kind == crawled_kind else str(n)) for n, kind in zip(counts, kinds)]

    assert rows["Yên Bái"] == ("Lào Cai", expected("Yên Bái", "newspaper"))
    assert rows["Hà Giang"] == ("Tuyên Quang", expected("Hà Giang", None))  # crawled 10 days ago
    assert rows["Hà Giang"][1][0] != "-" and rows["Yên Bái"][1][0].endswith("c1")
    assert f"{len({s.province for s in sites})} of 63 provinces" in result.stdout
    assert "Crawled in the last 7 days: 1 sources." in result.stdout

    units = run_cli("sites", "--coverage", "--by", "unit", "--db", str(tmp_path / "none.db"), timeout=120)
    assert units.returncode == 0, units.stderr
    rows = coverage_rows(units.stdout, unit_column=False)
    assert len(rows) == 34
    lao_cai = [sum(1 for s in sites if s.unit == "Lào Cai" and s.kind == k) for k in ("newspaper", "police", "portal", "broadcaster")]
    assert rows["Lào Cai"][1] == [str(n) if n else "-" for n in lao_cai]
    assert "Crawled" not in units.stdout  # no archive: quietly no crawl column


@pytest.mark.parametrize("role, url", [r for r in labelled_urls() if r[0] in ("article", "listing")], ids=lambda value: value[:80])
def test_tracking_parameters_from_feeds_and_shares_change_no_verdict(role, url):
    """Feeds and share buttons append utm_… to article links: the link is still an article (a
    listing verdict would fetch it for its links only, and the article would never be stored)."""
    site = site_for_url(url)
    tagged = url + ("&" if "?" in url else "?") + "utm_source=rss&utm_medium=feed&fbclid=IwAR0x"
    assert site.is_article_url(tagged) == site.is_article_url(url), tagged
