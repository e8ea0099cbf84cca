"""One contract test for every registered site × field: its saved pages extract to their expected values.

A site's saved pages are
- ``<slug>/<name>.html`` (or ``.html.gz``) + ``<name>.json`` in the contract fixtures folder
  (tests/sites/, ``ARCHIVE_SITE_TESTS_DIR``), as ``crawler new-site`` writes them;
- every real page ``<domain>.<name>.html.gz`` + ``<domain>.<name>.json`` under
  tests/fixtures/real-pages/ whose URL (the .json's "url") the site owns. A real page there
  that no registered site owns is still checked, with generic extraction. (The national
  papers of real-pages-vi/ are measured by the extraction harness, benchmarks/bench_extract.py.)

A registered site without a saved page is skipped as "unverified: no saved page"; a site
marked ``status = "verified"`` needs a real one (the fixture web's copies, ``"real": false``,
do not count). See tests/sites/README.md for the two expected-values formats.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.extract import extract_article
from crawler.pagedates import page_date
from crawler.sites import RegistryError, load_site, registry, site_tests_dir, sites_dir

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
# Real pages held to every field. tests/fixtures/real-pages-vi/ (national papers, no registered
# site) is the extraction harness's (benchmarks/bench_extract.py), which measures rather than asserts.
REAL_PAGE_DIRS = [FIXTURES / "real-pages"]
VNEXPRESS = FIXTURES / "real-pages" / "vnexpress.net.lymphoma.json"


@dataclasses.dataclass(frozen=True)
class SavedPage:
    html: Path
    expected: dict = dataclasses.field(hash=False, compare=False)

    @property
    def name(self) -> str:
        return self.html.name.removesuffix(".gz").removesuffix(".html")

    @property
    def real(self) -> bool:
        return self.expected.get("real", True)

    @property
    def domain(self) -> str:
        return (urlsplit(self.expected["url"]).hostname or "").removeprefix("www.")


def _page(json_path: Path) -> SavedPage:
    stem = json_path.name.removesuffix(".json")
    html = next((p for p in (json_path.parent / f"{stem}.html", json_path.parent / f"{stem}.html.gz") if p.exists()), None)
    if html is None:
        raise AssertionError(f"{json_path} has no {stem}.html or {stem}.html.gz beside it")
    return SavedPage(html, json.loads(json_path.read_text(encoding="utf-8")))


def site_pages(slug: str, tests_dir: Path | None = None) -> list[SavedPage]:
    """The pages in the site's own fixtures folder."""
    return [_page(p) for p in sorted(((tests_dir or site_tests_dir()) / slug).glob("*.json"))]


def real_pages(dirs=REAL_PAGE_DIRS) -> list[SavedPage]:
    """Every real page; its file name starts with its URL's domain (the naming rule)."""
    pages = [_page(p) for d in dirs for p in sorted(Path(d).glob("*.json"))]
    for page in pages:
        if not page.html.name.startswith(page.domain + "."):
            raise AssertionError(f"{page.html.name}: a real page is named <domain>.<name>.html.gz, its URL is on {page.domain}")
    return pages


def cases(sites: dict, dirs=REAL_PAGE_DIRS, tests_dir: Path | None = None) -> list:
    """(slug, page, field) for every site × saved page × field it has expected values for."""
    reals = real_pages(dirs)
    params = []
    for slug, site in sorted(sites.items()):
        pages = site_pages(slug, tests_dir) + [p for p in reals if site.owns(p.expected["url"])]
        if not pages:
            params.append(pytest.param(slug, None, None, id=slug))
        for page in pages:
            params += [pytest.param(slug, page, f, id=f"{slug}/{page.name}/{f}") for f in fields(page.expected)]
    for page in reals:
        if not any(site.owns(page.expected["url"]) for site in sites.values()):
            params += [pytest.param(None, page, f, id=f"{page.domain}/{page.name}/{f}") for f in fields(page.expected)]
    return params


def fields(expected: dict) -> list[str]:
    """The fields a page's expected values speak of (either format)."""
    keys = {
        "title": ("title",), "author": ("author", "authors"), "published": ("published", "publishing_date"),
        "lead": ("lead",), "text": ("text_contains", "text_excludes", "paragraphs"), "captions": ("captions",),
    }
    return [name for name, names in keys.items() if any(k in expected for k in names)]


@cache
def analysed(html: Path, url: str, site, fetched: str | None = None):
    """The page's article and date as the archive makes them (``fetched``: the ``fetched_at`` that
    new-site and probe record, which picks the version of the site's profile; None: the newest.
    The real pages' own "fetched" is not read: their saved clocks slipped)."""
    body = html.read_bytes()
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    return extract_article(body, url, site, fetched), page_date(body, url=url, site=site, fetched=fetched)


def check(site, page: SavedPage | None, field: str | None) -> None:
    """What the contract test does for one case."""
    if page is None:
        assert site.status != "verified", f"{site.slug} is marked verified but has no saved page"
        pytest.skip("unverified: no saved page")
    expected = page.expected
    assert expected.get("checked", True), (
        f"{page.html.parent / page.name}.json holds values the extractor found (crawler new-site): "
        "read them against the page, correct them, and set \"checked\": true"
    )
    article, found = analysed(page.html, expected["url"], site, expected.get("fetched_at"))
    if field == "title":
        assert article.title == expected["title"]
    elif field == "author":
        if "author" in expected:
            assert article.author == expected["author"]
        else:
            assert re.split(r"\s+[-–]\s+|,\s*", article.author or "") == expected["authors"]
    elif field == "published":
        want = datetime.fromisoformat(expected.get("published") or expected["publishing_date"])
        assert found is not None and found.value == want and found.value.utcoffset() == want.utcoffset(), found
    elif field == "lead":
        lead = expected["lead"]
        assert ([article.lead] if isinstance(lead, list) else article.lead) == lead
    elif field == "captions":
        assert article.captions == expected["captions"]
    elif "paragraphs" in expected:
        assert article.text.split("\n\n") == expected.get("lead", []) + expected["paragraphs"]
    else:
        for sentence in expected.get("text_contains", []):
            assert sentence in article.text, sentence
        for unwanted in expected.get("text_excludes", []):
            assert unwanted not in article.text, unwanted


@pytest.mark.parametrize("slug, page, field", cases(registry()))
def test_site_contract(slug, page, field):
    check(registry()[slug] if slug else None, page, field)


def test_verified_means_a_real_saved_page():
    reals = real_pages()
    lacking = [
        slug for slug, site in registry().items()
        if site.status == "verified"
        and not any(p.real for p in site_pages(slug)) and not any(site.owns(p.expected["url"]) for p in reals)
    ]
    assert lacking == []


# --- the contract test itself -------------------------------------------------------------


def unused_slug(prefix: str = "probe") -> str:
    taken = set(registry())
    return next(f"{prefix}_{n}" for n in range(1000) if f"{prefix}_{n}" not in taken)


def any_site():
    return next(iter(registry().values()))


def vnexpress_page() -> SavedPage:
    return _page(VNEXPRESS)


def test_a_site_without_a_saved_page_is_skipped_unless_marked_verified(tmp_path):
    newcomer = dataclasses.replace(any_site(), slug=unused_slug(), domains=("contract-probe.invalid",))
    [param] = [p for p in cases({newcomer.slug: newcomer}, tests_dir=tmp_path) if p.values[0] == newcomer.slug]
    assert param.values[1:] == (None, None)
    with pytest.raises(pytest.skip.Exception, match="unverified: no saved page"):
        check(newcomer, None, None)
    with pytest.raises(AssertionError, match="marked verified but has no saved page"):
        check(dataclasses.replace(newcomer, status="verified"), None, None)


def test_a_real_page_belongs_to_the_site_owning_its_domain(tmp_path):
    page = vnexpress_page()
    owner = dataclasses.replace(any_site(), slug=unused_slug(), domains=(page.domain,))
    only = [FIXTURES / "real-pages"]
    found = {p.id for p in cases({owner.slug: owner}, dirs=only, tests_dir=tmp_path) if p.values[0] == owner.slug}
    assert found == {f"{owner.slug}/vnexpress.net.lymphoma/{f}" for f in ("title", "author", "published", "lead", "text", "captions")}
    alone = {p.id for p in cases({}, dirs=only, tests_dir=tmp_path)}
    assert "vnexpress.net/vnexpress.net.lymphoma/title" in alone  # owned by no site: checked all the same
    shutil.copy(page.html, tmp_path / "lymphoma.html.gz")
    shutil.copy(VNEXPRESS, tmp_path / "lymphoma.json")
    with pytest.raises(AssertionError, match="named <domain>.<name>.html.gz"):
        real_pages([tmp_path])


@pytest.mark.parametrize(
    "field, change",
    [
        ("title", {"title": "Đau bụng kéo dài"}),
        ("author", {"authors": ["Lê Phương", "Hải Âu"]}),
        ("published", {"publishing_date": "2025-10-22 19:25:00+07:00"}),
        ("text", {"paragraphs": ["Ngày 22/10, BS.CK2 Cao Thị Hồng cho biết."]}),
        ("captions", {"captions": []}),
    ],
)
def test_a_page_that_no_longer_matches_fails(field, change):
    page = vnexpress_page()
    check(None, page, field)  # as saved, it passes
    with pytest.raises(AssertionError):
        check(None, SavedPage(page.html, {**page.expected, **change}), field)


def test_an_unchecked_fixture_fails_the_contract():
    page = vnexpress_page()
    with pytest.raises(AssertionError, match='set "checked": true'):
        check(None, SavedPage(page.html, dict(page.expected, checked=False)), "title")


def test_new_site_writes_a_registry_file_and_a_contract_fixture(tmp_path):
    from crawler.newsite import create

    [saved] = [p for p in site_pages("baohagiang") if p.html.name == "seed-004.html"]
    slug = unused_slug()
    (tmp_path / "sites").mkdir()
    written = create(
        slug, name="Báo Thử", province="Tuyen Quang", kind="newspaper",
        home="https://contract-probe.example/", article_pattern=r"^https://contract-probe\.example/[a-z0-9-]+-\d+\.html$",
        page=saved.html, url="https://contract-probe.example/bai-viet-ve-an-ninh-123.html",
        sites_dir=tmp_path / "sites", tests_dir=tmp_path / "tests",
    )
    site = load_site(written.site_file)
    assert (site.slug, site.province, site.domains, site.status) == (slug, "Tuyên Quang", ("contract-probe.example",), "unverified")
    assert site.is_article_url("https://contract-probe.example/bai-viet-ve-an-ninh-123.html")
    values = json.loads(written.expected.read_text(encoding="utf-8"))
    assert (values["checked"], values["real"]) == (False, True)
    assert (values["title"], values["author"], values["published"]) == tuple(saved.expected[k] for k in ("title", "author", "published"))
    assert values["captions"] == saved.expected["captions"]
    assert written.page.read_bytes() == saved.html.read_bytes()


def test_new_site_refuses_what_the_registry_would_refuse(tmp_path):
    from crawler.newsite import create

    folder = tmp_path / "sites"
    shutil.copytree(sites_dir(), folder, ignore=lambda _d, names: [n for n in names if not n.endswith(".toml")])
    before = sorted(p.name for p in folder.iterdir())
    taken = any_site().domains[0]
    common = dict(name="X", kind="police", sites_dir=folder, tests_dir=tmp_path / "tests")
    with pytest.raises(RegistryError, match="unknown province"):
        create(unused_slug(), province="Atlantis", home="https://contract-probe.example/", **common)
    with pytest.raises(RegistryError, match="slug must be"):
        create("Công-an", province="Tuyên Quang", home="https://contract-probe.example/", **common)
    with pytest.raises(RegistryError, match=f"overlaps {re.escape(taken)}"):
        create(unused_slug(), province="Tuyên Quang", home=f"https://tin.{taken}/", **common)
    with pytest.raises(RegistryError, match="not on the site's domains"):
        create(unused_slug(), province="Tuyên Quang", home="https://contract-probe.example/",
               page=vnexpress_page().html, url="https://elsewhere.example/x-1.html", **common)
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing half-written stays


def _tree_digest(*folders: Path) -> dict[str, str]:
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()
    }


class RegistryCopy:
    """The registry and its saved pages copied into ``folder``, less any site that owns ``url``:
    a maintainer's routine runs in the copy, and the repository's own registry stays as it is."""

    def __init__(self, folder: Path, url: str):
        self.sites, self.tests = folder / "sites", folder / "site-tests"
        shutil.copytree(sites_dir(), self.sites, ignore=lambda _d, names: [n for n in names if not n.endswith(".toml")])
        shutil.copytree(site_tests_dir(), self.tests)
        for path in self.sites.glob("*.toml"):
            if load_site(path).owns(url):
                path.unlink()
                shutil.rmtree(self.tests / path.stem, ignore_errors=True)
        self.copied = sorted(p.name for p in self.sites.iterdir()), sorted(p.name for p in self.tests.iterdir())
        self.repository = _tree_digest(sites_dir(), site_tests_dir())
        self.env = {**os.environ, "ARCHIVE_SITES_DIR": str(self.sites), "ARCHIVE_SITE_TESTS_DIR": str(self.tests)}

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=600)

    def assert_only_added(self, slug: str) -> None:
        """The copy gained the site's file and its saved pages; nothing else changed, anywhere."""
        sites, tests = self.copied
        assert sorted(p.name for p in self.sites.iterdir()) == sorted(sites + [f"{slug}.toml"])
        assert sorted(p.name for p in self.tests.iterdir()) == sorted(tests + [slug])
        assert _tree_digest(sites_dir(), site_tests_dir()) == self.repository


@pytest.mark.crawl  # the contract tests again, in a subprocess
def test_adding_a_site_as_a_maintainer_does(tmp_path):
    """new-site on a saved real page, correct and check the values, run the tests: green, one place touched."""
    page = vnexpress_page()
    copy = RegistryCopy(tmp_path, page.expected["url"])  # without any site already owning the page's domain
    run = copy.run
    slug = unused_slug("newsite")
    made = run("-m", "crawler", "new-site", slug, "--name", "VnExpress", "--province", "Hà Nội", "--kind", "newspaper",
               "--home", "https://vnexpress.net/", "--article-pattern", r"^https://vnexpress\.net/[a-z0-9-]+-\d+\.html$",
               "--page", str(page.html), "--url", page.expected["url"])
    assert made.returncode == 0, made.stderr
    [fixture] = (copy.tests / slug).glob("*.json")
    unchecked = run("-m", "pytest", "tests/test_site_contracts.py", "-q", "-p", "no:cacheprovider", "-k", slug)
    assert unchecked.returncode == 1 and 'set "checked": true' in unchecked.stdout, unchecked.stdout[-3000:]

    # The maintainer reads the page and writes what it says (here: the page's own expected values).
    values = json.loads(fixture.read_text(encoding="utf-8"))
    truth = page.expected
    values.update(
        title=truth["title"], author=truth["authors"][0], captions=truth["captions"],
        published=datetime.fromisoformat(truth["publishing_date"]).isoformat(),
        text_contains=[truth["lead"][0], truth["paragraphs"][-1]], text_excludes=truth["captions"] + truth["authors"],
        checked=True,
    )
    fixture.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")

    green = run("-m", "pytest", "tests/test_registry.py", "tests/test_site_contracts.py", "-v", "-rs",
                "-p", "no:cacheprovider", "-k", "not as_a_maintainer")
    assert green.returncode == 0, green.stdout[-5000:] + green.stderr[-2000:]
    passed = set(re.findall(rf"test_site_contract\[{slug}/([^\]]+)\] PASSED", green.stdout))
    # Its own saved page, and the real page of its domain under tests/fixtures/real-pages/.
    assert {f"{fixture.stem}/{f}" for f in ("title", "author", "published", "text", "captions")} | {
        f"vnexpress.net.lymphoma/{f}" for f in ("title", "author", "published", "lead", "text", "captions")
    } == passed
    assert "unverified: no saved page" in green.stdout
    copy.assert_only_added(slug)


@pytest.mark.crawl  # a probe of the fixture web, then the contract tests in a subprocess
def test_probing_a_site_as_a_maintainer_does(tmp_path):
    """probe on a site's home page, correct and check the values, run the tests: green, one place touched.

    The site is the fixture web's copy of Báo Yên Bái, probed into a copy of the registry without it;
    what its pages print (the maintainer's reading) is the fixture web's own record of its stories.
    """
    from fixtureweb.server import crawl_settings, serve
    from fixtureweb.web import build

    home = "https://baoyenbai.com.vn/"
    copy = RegistryCopy(tmp_path, home)
    run = copy.run
    slug = unused_slug("probed")
    web = build()
    stories = {story["url"]: story for story in web.manifest["sites"]["baoyenbai"]["stories"]}

    with serve(web) as server:
        settings = [f"-s{k}={json.dumps(v) if isinstance(v, dict) else v}" for k, v in crawl_settings(server.port).items()]
        made = run("-m", "crawler", "probe", home, "--slug", slug, "--province", "Yên Bái", "--kind", "newspaper", *settings)
    assert made.returncode == 0, made.stderr[-3000:]
    site = load_site(copy.sites / f"{slug}.toml")
    assert (site.profile.name, site.status, site.province) == ("aspnet_news", "unverified", "Yên Bái")
    assert site.is_article_url("https://baoyenbai.com.vn/41/89163/Bao-Yen-Bai---Nhung-chang-duong-lich-su.aspx")
    fixtures = sorted((copy.tests / slug).glob("*.json"))
    assert len(fixtures) == 2
    unchecked = run("-m", "pytest", "tests/test_site_contracts.py", "-q", "-p", "no:cacheprovider", "-k", slug)
    assert unchecked.returncode == 1 and 'set "checked": true' in unchecked.stdout, unchecked.stdout[-3000:]

    # The maintainer reads each page and writes what it prints.
    for fixture in fixtures:
        values = json.loads(fixture.read_text(encoding="utf-8"))
        assert values["fetched_at"] and values["checked"] is False
        truth = stories[values["url"]]
        values.update(
            title=truth["title"], author=truth["author"], published=truth["published"], captions=truth["captions"],
            text_contains=[truth["paragraphs"][0], truth["paragraphs"][-1]],
            text_excludes=truth["captions"] + [truth["author"]] + ["Trang chủ", "Bản in"], checked=True,
        )
        fixture.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")

    green = run("-m", "pytest", "tests/test_registry.py", "tests/test_site_contracts.py", "-v", "-rs",
                "-p", "no:cacheprovider", "-k", "not as_a_maintainer")
    assert green.returncode == 0, green.stdout[-5000:] + green.stderr[-2000:]
    passed = set(re.findall(rf"test_site_contract\[{slug}/([^\]]+)\] PASSED", green.stdout))
    assert passed == {f"{f.stem}/{field}" for f in fixtures for field in ("title", "author", "published", "text", "captions")}
    assert "unverified: no saved page" in green.stdout
    copy.assert_only_added(slug)
