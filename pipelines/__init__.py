"""Item pipelines, one stage per module, in the order settings.ITEM_PIPELINES runs them:
archive (WARC) → extract → dates → dedupe → store."""
