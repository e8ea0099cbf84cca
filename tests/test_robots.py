"""robots.txt is obeyed for every request queued behind its download (spiders/robots.py)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.crawl


ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r'''
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess
from fixtureweb import server

fetched = []

class Probe(scrapy.Spider):
    name = "probe"

    async def start(self):
        # Four disallowed pages of one host before its robots.txt is known.
        for i in (160123, 220415, 231077, 238840):
            yield scrapy.Request(f"https://baoyenbai.com.vn/99/{i}/Ban-in.aspx", callback=self.parse)
        yield scrapy.Request("https://baoyenbai.com.vn/", callback=self.parse)

    def parse(self, response):
        fetched.append(response.url)

    if "--failing-handler" in sys.argv:
        def robots_txt_fetched(self, response):
            raise RuntimeError("archive unavailable")

if "--project" in sys.argv:
    # The project's own spider and settings, everything included (archive, frontier).
    from scrapy.utils.project import get_project_settings
    from crawler.items import Discovery
    from spiders.registered import spider_class_for

    class Probe(spider_class_for("baoyenbai")):
        async def start(self):
            for i in (160123, 220415, 231077, 238840):
                yield self.request_for(f"https://baoyenbai.com.vn/99/{i}/Ban-in.aspx", Discovery("article"))
            yield self.request_for("https://baoyenbai.com.vn/", Discovery("listing"))

        def parse_page(self, response):
            fetched.append(response.url)
            return []

with server.serve() as web:
    if "--project" in sys.argv:
        settings = get_project_settings()
        settings.setdict({**server.crawl_settings(web.port), "ARCHIVE_DB": sys.argv[2], "LOG_LEVEL": "ERROR"}, priority="cmdline")
    else:
        settings = server.crawl_settings(web.port)
        settings.update(ROBOTSTXT_OBEY=True, LOG_LEVEL="ERROR", DOWNLOADER_MIDDLEWARES=json.loads(sys.argv[1]))
    process = CrawlerProcess(settings)
    process.crawl(Probe)
    process.start()
print(json.dumps(sorted(fetched)))
'''


def crawl(middlewares: dict, *flags: str) -> list[str]:
    """Run the probe in a fresh process (one reactor each); the URLs its callbacks received."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(middlewares), *flags], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_waiting_request_is_checked_against_robots_txt():
    fetched = crawl(
        {"scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None, "spiders.robots.SafeRobotsTxtMiddleware": 100}
    )
    assert fetched == ["https://baoyenbai.com.vn/"]


def test_robots_txt_is_obeyed_when_handing_it_to_the_spider_fails():
    fetched = crawl(
        {"scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None, "spiders.robots.SafeRobotsTxtMiddleware": 100},
        "--failing-handler",
    )
    assert fetched == ["https://baoyenbai.com.vn/"]


def test_project_settings_use_the_safe_middleware():
    import settings

    assert settings.DOWNLOADER_MIDDLEWARES["scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"] is None
    assert "spiders.robots.SafeRobotsTxtMiddleware" in settings.DOWNLOADER_MIDDLEWARES
    assert settings.ROBOTSTXT_OBEY is True
