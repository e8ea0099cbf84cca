"""The Vietnamese provincial news archive: the library every part shares.

Importable without a running crawl: sites (registry), extract, dates, vntext,
provinces, and the ``crawler`` command line (cli).
"""

__version__ = "0.1.0"
