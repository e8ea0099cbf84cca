"""Scrapy settings for the Vietnamese provincial news archive: every knob of a crawl, declared once.

Code reads these with ``settings.get*`` and repeats no default. `crawler crawl`
and `crawler demo` override a few (database path, run id, refresh) from their
command-line options; `-s NAME=VALUE` overrides any.
"""

BOT_NAME = "vn-provincial-archive"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- Politeness -------------------------------------------------------------
# A descriptive User-Agent with a contact URL, so site operators know who we are.
ARCHIVE_CONTACT_URL = "https://github.com/vn-provincial-archive/archive"
USER_AGENT = f"vn-provincial-archive/0.1 (+{ARCHIVE_CONTACT_URL})"
ROBOTSTXT_OBEY = True
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
# Scrapy's default is 1 GiB; no news page comes near 20 MiB (decompressed, too).
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
HTTPERROR_ALLOW_ALL = False
REFERER_ENABLED = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- The downloader: robots.txt, archiving, incremental fetches -------------------
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's own lets requests queued behind a robots.txt download through (spiders/robots.py).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "spiders.robots.SafeRobotsTxtMiddleware": 100,
    "pipelines.incremental.ConditionalRequests": 560,
    # Responses pass these from the highest number down: decompression (590),
    # then WARC (588) sees every response, redirects included, then a redirect
    # to an archived article is dropped (586), then redirects are followed
    # (585: moved below decompression for the archiver's sake).
    "pipelines.archiver.WarcArchiver": 588,
    "pipelines.incremental.SkipKnownRedirects": 586,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": 585,
}

# --- Discovery and the frontier ------------------------------------------------------
SPIDER_MIDDLEWARES = {
    # Closest to the engine, so it records what the other middlewares let through.
    "pipelines.frontier.Frontier": 30,
}
# How many hops of non-article pages (home → section → subsection) the spider
# follows from a start URL; pagination links do not count as a hop.
ARCHIVE_LISTING_DEPTH = 3
# Most pages of one listing followed through pagination in one run.
ARCHIVE_MAX_LISTING_PAGES = 50
# A listing stops paginating after this many pages in a row brought no unseen article.
ARCHIVE_STALE_PAGES = 1
# Fetch article URLs the archive holds again (`crawler crawl --refresh`).
ARCHIVE_REFRESH = False
# Backfill bound, YYYY-MM-DD: skip sitemap entries and dated URLs older than this.
ARCHIVE_SINCE = None
# A URL that failed is tried again on later runs, waiting this long doubled per
# failure (20 h: the next night), and given up after this many tries.
ARCHIVE_RETRY_BACKOFF_HOURS = 20.0
ARCHIVE_MAX_TRIES = 4

# --- Revisits: the archive's memory of changed and removed articles (archive/memory.py) ---
# A known article is fetched again (conditionally) this many days after it was first seen.
ARCHIVE_REVISIT_DAYS = [1, 7, 30, 365]
# At most this many revisits per site per run, so politeness holds on a large archive.
ARCHIVE_REVISIT_PER_SITE = 200
# Revisit every article first seen at least this many days ago, whatever its schedule
# (`crawler revisit --older-than D`); None: the schedule decides.
ARCHIVE_REVISIT_OLDER_THAN = None
# Place every new or changed article in its story (near-copies across sites,
# archive/stories.py); off, the crawl leaves story_id empty (to measure the step's cost).
ARCHIVE_STORIES = True
# Discover new URLs (sitemaps, feeds, listings); off for `crawler revisit`, which only revisits.
ARCHIVE_DISCOVER = True

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
ADDONS = {"pipelines.replay.ReplayAddon": 0}

# --- Pipelines and extensions -------------------------------------------------------
ITEM_PIPELINES = {
    # extract → dates → key, in one round trip to a worker process
    "pipelines.analyse.AnalysePipeline": 200,
    "pipelines.store.StorePipeline": 500,
}
EXTENSIONS = {
    "pipelines.database.ArchiveDatabase": 100,
    "pipelines.runstats.RunStats": 500,
    "pipelines.progress.CrawlProgress": 510,
    # After RunStats: the run's statistics are in the shard.
    "pipelines.shard.ShardExport": 520,
}
# Worker processes for the analysis: None uses every core, 0 analyses in the crawl process.
ARCHIVE_WORKERS = None
# A live progress line on a terminal; elsewhere LogStats logs each site's rate.
ARCHIVE_PROGRESS = True
LOGSTATS_INTERVAL = 60.0
# Scrapy starts this many asyncio tasks for the output of every response (its
# default, 100, costs more than parsing the page); a page yields one item and a
# handful of requests, and pages are processed concurrently anyway.
CONCURRENT_ITEMS = 8

# --- Archive ------------------------------------------------------------------------
# The SQLite archive; WARC files and run state live in folders beside it (crawler/paths.py).
ARCHIVE_DB = "archive.db"
# The WARC folder, when not warc/ beside the database.
ARCHIVE_WARC_DIR = None
ARCHIVE_WARC_ENABLED = True
ARCHIVE_WARC_MAX_SIZE = 1024 ** 3
# gzip level of each record: 3 costs half the CPU of 6 for about 15 % more bytes
# on real pages; 6 or 9 for an archive short of disk rather than of CPU.
ARCHIVE_WARC_COMPRESSLEVEL = 3
# On a crawl node (Scrapyd): write each run's rows as a shard into this folder for the
# archive host to collect (archive/shards.py; `crawler schedule` sets it). None: off.
ARCHIVE_SHARD_DIR = None
# The `runs` row a crawl reports to; set by `crawler crawl`, empty for `scrapy crawl`
# (the crawl then starts a run of its own).
ARCHIVE_RUN_ID = None

LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.logs.PoliteLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"
