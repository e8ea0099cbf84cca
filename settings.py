"""Scrapy settings for the Vietnamese provincial news archive.

Every knob the crawl has is a setting here; `crawler crawl` and `crawler demo`
override a few (database path, WARC folder) from their command-line options.
"""

BOT_NAME = "vn-provincial-archive"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- Politeness -------------------------------------------------------------
# A descriptive User-Agent with a contact URL, so site operators know who we are.
ARCHIVE_CONTACT_URL = "https://github.com/vn-provincial-archive/archive"
USER_AGENT = f"vn-provincial-archive/0.1 (+{ARCHIVE_CONTACT_URL})"
ROBOTSTXT_OBEY = True
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's own lets requests queued behind a robots.txt download through (see crawler/robots.py).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.SafeRobotsTxtMiddleware": 100,
    # These see responses before RedirectMiddleware (600) does: archive first, then skip.
    "pipelines.archive.ArchiveRedirects": 660,
    "crawler.incremental.SkipKnownRedirects": 650,
}
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2

# --- Safety -------------------------------------------------------------------
# Scrapy's default is 1 GiB; no news page comes near 20 MiB.
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
# Broken pages are items with an error reason, not lost responses.
HTTPERROR_ALLOW_ALL = False
REFERER_ENABLED = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- Discovery ------------------------------------------------------------------
# How many hops of non-article pages (home → section → subsection) the spider
# follows from a start URL; pagination links do not count as a hop.
ARCHIVE_LISTING_DEPTH = 3
# Most pages of one listing followed through pagination in one run.
ARCHIVE_MAX_LISTING_PAGES = 50

# --- Registry -------------------------------------------------------------------
# Read before any Scrapy setting exists (spiders are generated from the registry
# when Scrapy imports them), so these are environment variables, not settings,
# read in crawler/sites/__init__.py and nowhere else:
#   ARCHIVE_SITES_DIR       the site files, one TOML per site (default: crawler/sites/)
#   ARCHIVE_SITE_TESTS_DIR  their saved pages and expected values (default: tests/sites/)

# --- Replay ---------------------------------------------------------------------
# A WARC file or folder: requests are answered from it instead of the network
# (`crawler crawl --replay`, `scrapy crawl SITE -s ARCHIVE_REPLAY=warc/`).
ARCHIVE_REPLAY = None
ADDONS = {"crawler.replay.ReplayAddon": 0}

# --- Pipelines --------------------------------------------------------------------
ITEM_PIPELINES = {
    "pipelines.archive.ArchivePipeline": 100,
    # extract → dates → dedupe, in one round trip to a worker process
    "pipelines.analyse.AnalysePipeline": 200,
    "pipelines.store.StorePipeline": 500,
}
EXTENSIONS = {
    "pipelines.runstats.RunStats": 500,
    "pipelines.progress.CrawlProgress": 510,
}

# --- Archive ------------------------------------------------------------------------
# The SQLite archive; WARC files and run state live in folders beside it.
ARCHIVE_DB = "archive.db"
ARCHIVE_WARC_DIR = None  # default: <db folder>/warc
ARCHIVE_WARC_MAX_SIZE = 1024 ** 3
# gzip level of each record: 3 costs half the CPU of 6 for about 15 % more bytes
# on real pages; 6 or 9 for an archive short of disk rather than of CPU.
ARCHIVE_WARC_COMPRESSLEVEL = 3

LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.logs.PoliteLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
# Scrapy starts this many asyncio tasks for the output of every response (its
# default, 100, costs more than parsing the page); a page yields one item and a
# handful of requests, and pages are processed concurrently anyway.
CONCURRENT_ITEMS = 8
