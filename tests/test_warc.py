"""WARC writing and reading (archive.warc), checked with warcio's own tools."""

import random
import subprocess
import sys
from datetime import datetime, timezone

from archive.warc import Exchange, WarcWriter, iter_responses, payload_digest, read_record


def page(url="https://baohagiang.vn/an-ninh/202011/hoi-nghi-743622/", body=b"<html>xin chao</html>", status=200):
    return Exchange(
        uri=url,
        status=status,
        headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
        body=body,
        fetched_at=datetime(2026, 11, 20, 1, 2, 3, tzinfo=timezone.utc),
        request_headers=[("User-Agent", "vn-provincial-archive/0.1")],
        ip_address="127.0.0.1",
    )


def writer_in(directory, name="test-run", max_size=1024**3):
    return WarcWriter(directory, name, max_size=max_size, compresslevel=3)


def records(path):
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(fh)]


def test_response_and_request_records_with_pointer(tmp_path):
    writer = writer_in(tmp_path, "test-run")
    item = page()
    capture = writer.write(item)
    writer.close()
    path = tmp_path / capture.file
    assert [t for t, _ in records(path)] == ["warcinfo", "response", "request"]
    archived = read_record(path, capture.offset)
    assert archived.body == item.body
    assert archived.status == 200
    assert archived.uri == item.uri
    assert archived.date == "2026-11-20T01:02:03Z"
    # The body is stored decoded, so the headers must not claim gzip.
    assert all(k.lower() != "content-encoding" for k, _ in archived.headers)
    assert capture.digest == payload_digest(item.body)


def test_unchanged_page_becomes_a_revisit(tmp_path):
    writer = writer_in(tmp_path, "test-run")
    first = writer.write(page())
    second = writer.write(page())
    changed = writer.write(page(body=b"<html>da sua</html>"))
    writer.close()
    types = [t for t, _ in records(tmp_path / first.file)]
    assert types == ["warcinfo", "response", "request", "revisit", "request", "response", "request"]
    # The revisit points at the payload it refers to.
    assert (second.record_type, second.file, second.offset) == ("revisit", first.file, first.offset)
    assert changed.offset != first.offset


def test_files_rotate_by_size(tmp_path):
    writer = writer_in(tmp_path, "test-run", max_size=2000)
    for i in range(6):
        writer.write(page(url=f"https://baohagiang.vn/a/202011/bai-{i}-74362{i}/", body=random.Random(i).randbytes(1500)))
    writer.close()
    files = sorted(p.name for p in tmp_path.glob("*.warc.gz"))
    assert len(files) >= 3
    assert files[0] == "test-run-00000.warc.gz"
    assert sum(1 for f in files for _ in iter_responses(tmp_path / f)) == 6


def test_warcio_tools_accept_the_files(tmp_path):
    writer = writer_in(tmp_path, "test-run")
    writer.write(page())
    writer.write(page())
    writer.close()
    path = next(tmp_path.glob("*.warc.gz"))
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run([sys.executable, "-m", "warcio.cli", "index", str(path)], capture_output=True, text=True)
    assert index.returncode == 0, index.stderr
    assert index.stdout.count('"warc-type": "response"') == 1
    assert index.stdout.count('"warc-type": "revisit"') == 1


def test_truncated_file_yields_every_complete_record(tmp_path):
    import pytest

    from archive.warc import TruncatedWarc

    writer = writer_in(tmp_path, "test-run")
    offsets = [writer.write(page(url=f"https://baohagiang.vn/a/202011/bai-{i}-74362{i}/", body=random.Random(i).randbytes(4000))).offset for i in range(3)]
    writer.close()
    path = next(tmp_path.glob("*.warc.gz"))
    # Cut the file in the middle of the third response record, as a crash would.
    with open(path, "r+b") as fh:
        fh.truncate(offsets[2] + 1500)
    assert len(list(iter_responses(path, skip_truncated=True))) == 2
    seen = []
    with pytest.raises(TruncatedWarc, match="truncated"):
        for record in iter_responses(path):
            seen.append(record.uri)
    assert len(seen) == 2


def test_verify_reports_a_truncated_tail_and_a_damaged_middle(tmp_path):
    from archive.verify import verify

    writer = writer_in(tmp_path, "run-a")
    offsets = [writer.write(page(url=f"https://baohagiang.vn/a/202011/bai-{i}-74362{i}/", body=random.Random(i).randbytes(4000))).offset for i in range(3)]
    writer.close()
    path = next(tmp_path.glob("*.warc.gz"))
    intact = path.read_bytes()
    path.write_bytes(intact[: offsets[2] + 1500])
    report = verify(tmp_path)
    [file_report] = report.files
    assert file_report.tail_only and file_report.responses == 2
    assert report.ok
    assert any(line.startswith("skipped") and "truncated" in line for line in report.lines())
    # Damage in the middle of a file is not a crash tail: the check fails.
    damaged = bytearray(intact)
    damaged[offsets[1] + 200 : offsets[1] + 260] = b"\0" * 60
    path.write_bytes(bytes(damaged))
    report = verify(tmp_path)
    assert not report.ok
    assert report.lines()[-1] == "verify: problems found"
