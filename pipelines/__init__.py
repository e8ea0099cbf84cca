"""Item pipelines, in the order settings.ITEM_PIPELINES runs them: archive (WARC) →
analyse (extract → dates → dedupe, one module each, run together in a worker
process) → store."""
