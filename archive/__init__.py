"""The SQLite archive: schema, storage, full-text search, WARC files, Datasette set-up."""
