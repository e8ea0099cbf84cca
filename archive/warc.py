"""WARC files (ISO 28500) of every fetched page: writing during a crawl, reading after.

The archive of record. Each page is a response record followed by its request
record, gzip-compressed per record so any record can be read from its offset.
Files rotate by size and are named ``<run name>-<sequence>.warc.gz``. A page
whose payload is byte-identical to the last capture of the same URL is written
as a ``revisit`` record that refers to it instead of a second copy.

Scrapy hands us the body already decoded (gzip/deflate/br removed), so the
stored HTTP headers drop Content-Encoding and Transfer-Encoding and carry the
decoded Content-Length: the record describes the bytes it holds.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.items import Capture

DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
SOFTWARE = "vn-provincial-archive"
# The revisit profile of a 304 answer to a conditional request (WARC 1.1, section 6.7.3).
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest value for a body: ``sha1:<base32>``."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Exchange:
    """One HTTP exchange as fetched: what a response record and its request record hold.

    headers, request_headers: (name, value) pairs; body: the payload as
    received, content-encoding removed; fetched_at: aware datetime.
    """

    uri: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    ip_address: str | None = None


class WarcWriter:
    """Appends exchanges to size-rotated WARC files in ``directory``.

    previous: looks up the last response capture of a URL (from the archive
    database); the writer also remembers the captures it made itself.
    """

    def __init__(
        self,
        directory: str | Path,
        run_name: str,
        *,
        max_size: int,
        compresslevel: int,
        previous: Callable[[str], Capture | None] | None = None,
    ):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.run_name = run_name
        self.max_size = max_size
        self.compresslevel = compresslevel
        self.previous = previous or (lambda url: None)
        self.sequence = -1
        self._file = None
        self._writer: WARCWriter | None = None
        self.path: Path | None = None
        self._seen: dict[str, Capture] = {}
        self._buffer = io.BytesIO()

    # --- files ------------------------------------------------------------------

    def _open_next(self) -> None:
        self.close()
        while True:
            self.sequence += 1
            path = self.directory / f"{self.run_name}-{self.sequence:05d}.warc.gz"
            if not path.exists():
                break
        self.path = path
        self._file = open(path, "ab")
        self._writer = WARCWriter(self._buffer, gzip=False)
        info = self._writer.create_warcinfo_record(
            path.name, {"software": SOFTWARE, "format": "WARC File Format 1.1"}
        )
        self._emit(info)

    def _emit(self, record) -> None:
        """Write one record as its own gzip member.

        warcio compresses at level 9, too slow for a crawl. Level 3 costs half
        of level 6 and stores real pages about 15 % larger (see ARCHIVE_WARC_COMPRESSLEVEL).
        """
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.write_record(record)
        self._file.write(gzip.compress(self._buffer.getvalue(), compresslevel=self.compresslevel, mtime=0))

    def close(self) -> None:
        if self._file is not None:
            self._file.flush()
            self._file.close()
            self._file = None
            self._writer = None

    def _ensure_file(self) -> None:
        if self._file is None or self._file.tell() >= self.max_size:
            self._open_next()

    # --- records ----------------------------------------------------------------

    def write(self, exchange: Exchange) -> Capture:
        """Write the exchange's response (or revisit) record and its request record.

        Returns where the payload is: the new response record, or for a revisit
        (payload identical to the last capture of the URL, or a 304 answer to a
        conditional request) the earlier response it refers to, with
        ``record_type`` "revisit".
        """
        self._ensure_file()
        assert self._writer is not None and self._file is not None and self.path is not None
        uri = exchange.uri
        date = warc_date(exchange.fetched_at)
        digest = payload_digest(exchange.body)
        http_headers = StatusAndHeaders(
            f"{exchange.status} {_reason(exchange.status)}",
            [(k, v) for k, v in exchange.headers if k.lower() not in DROPPED_HEADERS]
            + [("Content-Length", str(len(exchange.body)))],
            protocol="HTTP/1.1",
        )
        warc_headers = {"WARC-Date": date}
        if exchange.ip_address:
            warc_headers["WARC-IP-Address"] = exchange.ip_address
        earlier = self._seen.get(uri) or self.previous(uri)
        offset = self._file.tell()
        not_modified = exchange.status == 304 and earlier is not None
        if not_modified or (earlier is not None and earlier.digest == digest):
            digest = earlier.digest
            record = self._writer.create_revisit_record(
                uri, digest=digest, refers_to_uri=earlier.uri, refers_to_date=earlier.date,
                http_headers=http_headers, warc_headers_dict=warc_headers,
            )
            if not_modified:
                record.rec_headers.replace_header("WARC-Profile", SERVER_NOT_MODIFIED)
        else:
            record = self._writer.create_warc_record(
                uri, "response", payload=io.BytesIO(exchange.body), length=len(exchange.body),
                http_headers=http_headers, warc_headers_dict=warc_headers,
            )
            earlier = None
        self._emit(record)
        self._emit(self._request_record(exchange, date, record.rec_headers.get_header("WARC-Record-ID")))
        self._file.flush()
        if earlier is not None:
            return Capture(uri, earlier.file, earlier.offset, "revisit", digest, date)
        capture = Capture(uri, self.path.name, offset, "response", digest, date)
        self._seen[uri] = capture
        return capture

    def _request_record(self, exchange: Exchange, date: str, concurrent_to: str):
        uri = exchange.uri
        return self._writer.create_warc_record(
            uri,
            "request",
            http_headers=StatusAndHeaders(
                f"GET {_request_target(uri)} HTTP/1.1",
                [("Host", urlsplit(uri).netloc)] + [(k, v) for k, v in exchange.request_headers if k.lower() != "host"],
                is_http_request=True,
            ),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": concurrent_to},
        )


def _request_target(uri: str) -> str:
    parts = urlsplit(uri)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


# --- reading ------------------------------------------------------------------------


@dataclass
class ArchivedResponse:
    """A response record read back from a WARC file."""

    uri: str
    date: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    file: str
    offset: int
    record_type: str


def read_record(path: str | Path, offset: int) -> ArchivedResponse:
    """The response record at ``offset`` in ``path``."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            body = record.content_stream().read()
            _check_payload(record, body)
            return _archived(record, body, Path(path).name, offset)
    raise ValueError(f"no WARC record at {path}:{offset}")


class TruncatedWarc(Exception):
    """A WARC file ends inside a record (a crash mid-write)."""

    def __init__(self, path: Path, offset: int, cause: Exception):
        super().__init__(f"{Path(path).name}: truncated or corrupt record at offset {offset} ({cause})")
        self.path = path
        self.offset = offset


def iter_records(
    path: str | Path, *, skip_truncated: bool = False, types: tuple[str, ...] = ("response",), start: int = 0
) -> Iterator[tuple[object, bytes | None, int]]:
    """(warcio record, payload, offset) for every record from offset ``start``; payload only for ``types``.

    warcio finds a record's offset by reading to its end, so the payload is
    read first. A damaged tail raises TruncatedWarc after the complete
    records, or ends the iteration quietly with ``skip_truncated``.
    """
    import zlib

    from warcio.exceptions import ArchiveLoadFailed

    with open(path, "rb") as fh:
        fh.seek(start)
        iterator = ArchiveIterator(fh, check_digests=False)
        next_offset = start  # where the record being read starts
        try:
            for record in iterator:
                body = record.content_stream().read() if record.rec_type in types else None
                offset = iterator.get_record_offset()
                next_offset = offset  # where the damage is, until this record proves whole
                if body is not None:
                    _check_payload(record, body)
                next_offset = offset + iterator.get_record_length()
                yield record, body, offset
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
            if not skip_truncated:
                raise TruncatedWarc(Path(path), next_offset, exc) from exc


def _check_payload(record, body: bytes) -> None:
    declared = record.rec_headers.get_header("WARC-Payload-Digest")
    if declared and declared.startswith("sha1:") and payload_digest(body) != declared:
        # A body cut short by a crash decompresses "fine" up to where it ends.
        raise ValueError(f"payload digest mismatch for {record.rec_headers.get_header('WARC-Target-URI')}")


def iter_responses(path: str | Path, *, skip_truncated: bool = False) -> Iterator[ArchivedResponse]:
    """Every complete response record in a WARC file, in order."""
    for record, body, offset in iter_records(path, skip_truncated=skip_truncated):
        if record.rec_type == "response":
            yield _archived(record, body, Path(path).name, offset)


def _archived(record, body: bytes, file: str, offset: int) -> ArchivedResponse:
    http = record.http_headers
    return ArchivedResponse(
        uri=record.rec_headers.get_header("WARC-Target-URI"),
        date=record.rec_headers.get_header("WARC-Date"),
        status=int(http.get_statuscode()) if http else 0,
        headers=list(http.headers) if http else [],
        body=body,
        file=file,
        offset=offset,
        record_type=record.rec_type,
    )


def warc_files(location: str | Path) -> list[Path]:
    """The WARC files at ``location`` (a file or a folder), in capture order: run name, then sequence."""
    location = Path(location)
    if location.is_file():
        return [location]
    if not location.is_dir():
        raise FileNotFoundError(f"no WARC file or folder at {location}")
    return sorted([*location.glob("*.warc.gz"), *location.glob("*.warc")], key=lambda p: (p.stat().st_mtime, p.name))


def build_index(paths: list[Path]) -> dict[str, tuple[Path, int]]:
    """URL → (file, offset) of its newest response record (revisits resolve to it)."""
    index: dict[str, tuple[Path, int]] = {}
    for path in paths:
        for record, _body, offset in iter_records(path, skip_truncated=True):
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type == "response":
                index[uri] = (path, offset)
            elif record.rec_type == "revisit":
                refers = record.rec_headers.get_header("WARC-Refers-To-Target-URI") or uri
                if refers in index:
                    index[uri] = index[refers]
    return index
