"""Check the archive of record: every WARC file readable, digests right, pointers resolving."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archive.warc import TruncatedWarc, iter_records, read_record


@dataclass
class FileReport:
    name: str
    records: int = 0
    responses: int = 0
    problem: str | None = None  # a damaged record: the file is readable up to it
    tail_only: bool = False  # the damage is the file's last record (a crash mid-write)


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    pointers_checked: int = 0
    broken_pointers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Damage other than a truncated last record, or a dangling pointer, fails the check."""
        return not self.broken_pointers and all(f.problem is None or f.tail_only for f in self.files)

    def lines(self) -> list[str]:
        out = []
        for f in self.files:
            if f.problem is None:
                out.append(f"ok      {f.name}: {f.records} records, {f.responses} responses")
            elif f.tail_only:
                out.append(f"skipped {f.name}: last record truncated, {f.records} complete records kept ({f.problem})")
            else:
                out.append(f"DAMAGED {f.name}: {f.problem}; {f.records} records readable before it")
        out.append(f"{self.pointers_checked} article pointers checked, {len(self.broken_pointers)} broken")
        out.extend(f"BROKEN  {p}" for p in self.broken_pointers)
        out.append("verify: ok" if self.ok else "verify: problems found")
        return out


def check_file(path: Path) -> FileReport:
    report = FileReport(Path(path).name)
    try:
        for record, _body, _offset in iter_records(path):
            report.records += 1
            report.responses += record.rec_type == "response"
    except TruncatedWarc as exc:
        report.problem = str(exc)
        report.tail_only = _is_tail(path, exc.offset)
    return report


def _is_tail(path: Path, offset: int, attempts: int = 200) -> bool:
    """True when no readable WARC record starts after ``offset`` (the damage is the end)."""
    import zlib

    data = Path(path).read_bytes()
    start = offset + 1
    for _ in range(attempts):
        start = data.find(b"\x1f\x8b\x08", start)
        if start < 0:
            return True
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[start : start + 4096], 64)
        except zlib.error:
            head = b""
        if head.startswith(b"WARC/1."):
            return False
        start += 1
    return False


def verify(warc_dir: Path, db=None) -> Report:
    """Check every WARC file in ``warc_dir`` and, with ``db``, every article's pointer."""
    report = Report()
    for path in sorted(Path(warc_dir).glob("*.warc.gz")):
        report.files.append(check_file(path))
    if db is not None:
        for url, fetched, file, offset in db.execute(
            "select url, fetched_url, warc_file, warc_offset from articles where warc_file is not null"
        ).fetchall():
            report.pointers_checked += 1
            try:
                record = read_record(Path(warc_dir) / file, offset)
                if record.uri != fetched:
                    raise ValueError(f"record is for {record.uri}")
            except (OSError, ValueError, TruncatedWarc) as exc:
                report.broken_pointers.append(f"{url} -> {file}:{offset} ({exc})")
    return report
