"""Sniffing a delimited text file: encoding, binary content, delimiter and header rows.

Everything here looks at a sample of the first bytes only (``SAMPLE_BYTES``); the full read
is done once, fast, with the dialect found here (see ``_csv.py``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from personakit.errors import InputError

# The dialect is decided on the first MiB: enough for a few thousand rows of a wide export,
# small enough that sniffing a 200 MB file costs milliseconds (issue 2, import benchmark).
SAMPLE_BYTES = 1 << 20
# Rows parsed from the sample to decide the delimiter and the column types.
SAMPLE_ROWS = 5000
DELIMITERS = (";", ",", "\t", "|")
# Control characters (other than tab, CR, LF, FF) above this share mean "not a text file".
BINARY_CONTROL_SHARE = 0.01
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_QUALTRICS_IMPORT_ID = re.compile(r'^\{"ImportId"', re.IGNORECASE)
_SECOND_HEADER_WORDS = {"response", "open-ended response", "antwoord", "open antwoord", ""}


@dataclass
class Sniffed:
    """What the sample says about a delimited text file."""

    encoding: str
    delimiter: str
    header: list[str]
    header_rows: int  # physical header records (2 or 3 for survey-tool exports)
    rows: list[list[str]]  # sample data records (after the header rows)
    line_ending: str
    newlines_in_values: bool
    confident_encoding: bool = True
    notes: list[str] = field(default_factory=list)


def read_sample(path: Path) -> tuple[bytes, int]:
    """The first ``SAMPLE_BYTES`` of *path* and the file size."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        return handle.read(SAMPLE_BYTES), size


_PRINTABLE_AND_WHITESPACE = bytes([9, 10, 12, 13, *range(32, 256)])


def check_text(path: Path, head: bytes, size: int) -> None:
    """Raise for a 0-byte file or a binary file (whatever its extension says)."""
    if size == 0 or not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError("ingest.error.empty", file=str(path))
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    nul = head.find(b"\x00")
    if nul >= 0:
        raise InputError("ingest.error.binary", file=str(path), position=nul)
    # Deleting the allowed bytes leaves the control bytes (one pass in C, not 28).
    controls = len(head.translate(None, _PRINTABLE_AND_WHITESPACE))
    if controls > BINARY_CONTROL_SHARE * len(head):
        raise InputError("ingest.error.binary", file=str(path), position=_first_control(head))


def _first_control(head: bytes) -> int:
    for i, byte in enumerate(head):
        if byte < 32 and byte not in (9, 10, 12, 13):
            return i
    return 0


def detect_encoding(path: Path, head: bytes, complete: bool) -> tuple[str, bool]:
    """The encoding and whether the sample proves it (non-ASCII bytes that decode).

    UTF-8 is tried first (a BOM settles it); what is not UTF-8 is read as cp1252, the
    encoding of Excel's "CSV (puntkomma gescheiden)" on Dutch Windows.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", True
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", True
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=complete)
        return "utf-8", any(b >= 0x80 for b in head[:SAMPLE_BYTES])
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(head):
            # Well-formed UTF-8 letters (é as C3 A9) and one bad byte: a damaged UTF-8
            # file, not a cp1252 one; reading it as cp1252 would garble every é.
            raise encoding_error(path, head, "utf-8", exc.start) from exc
    try:
        head.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise encoding_error(path, head, "cp1252", exc.start) from exc
    return "cp1252", True


def encoding_error(path: Path, data: bytes, encoding: str, position: int,
                   offset: int = 0, line_offset: int = 0) -> InputError:
    """The error for an invalid byte at *position* of *data* (which starts at *offset*)."""
    line = line_offset + data.count(b"\n", 0, position) + 1
    return InputError(
        "ingest.error.encoding", file=str(path), line=line, position=offset + position,
        byte=f"{data[position]:02X}", encoding=encoding,
    )


def decode_sample(head: bytes, encoding: str) -> str:
    """The sample as text, cut after its last complete line."""
    cut = head.rfind(b"\n")
    body = head if cut < 0 or len(head) < SAMPLE_BYTES else head[: cut + 1]
    return codecs.decode(body, encoding, errors="replace")


def sniff(path: Path, *, delimiter: str | None = None) -> Sniffed:
    """Sniff *path*: encoding, delimiter, header rows and a sample of records."""
    head, size = read_sample(path)
    check_text(path, head, size)
    encoding, confident = detect_encoding(path, head, complete=size <= SAMPLE_BYTES)
    text = decode_sample(head, encoding).lstrip("\ufeff")
    line_ending = "CRLF" if "\r\n" in text[:65536] else "LF"
    chosen = delimiter or choose_delimiter(text, path.suffix.lower())
    records = _records(text, chosen, SAMPLE_ROWS + 3)
    records = [r for r in records if r]
    if not records:
        raise InputError("ingest.error.empty", file=str(path))
    header = [h.strip() for h in records[0]]
    extra, header = _extra_header_rows(header, records[1:])
    return Sniffed(
        encoding=encoding, delimiter=chosen, header=dedupe_names(header),
        header_rows=1 + extra, rows=records[1 + extra:], line_ending=line_ending,
        newlines_in_values=_has_quoted_newline(text, chosen), confident_encoding=confident,
    )


def _records(text: str, delimiter: str, limit: int) -> list[list[str]]:
    """Up to *limit* records of the sample; a record cut off by the sample end is dropped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=False)
    out: list[list[str]] = []
    try:
        for record in reader:
            out.append(record)
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def choose_delimiter(text: str, suffix: str) -> str:
    """The candidate delimiter that splits the first lines into the most, equal, fields."""
    if suffix in (".tsv", ".tab"):
        return "\t"
    lines = "".join(text.splitlines(keepends=True)[:200])
    best: tuple[bool, bool, int, float] | None = None
    chosen = ","
    for candidate in DELIMITERS:
        records = [r for r in _records(lines, candidate, 100) if r]
        if not records:
            continue
        counts = [len(r) for r in records]
        body = counts[1:-1] or counts
        mode = max(set(body), key=body.count)
        consistency = body.count(mode) / len(body)
        score = (mode > 1 and consistency >= 0.9, counts[0] == mode, mode, consistency)
        if best is None or score > best:
            best, chosen = score, candidate
    return chosen


def _has_quoted_newline(text: str, delimiter: str) -> bool:
    """Whether a quoted field of the sample holds a line break (slower parallel parsing)."""
    if '"' not in text:
        return False
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    try:
        records = sum(1 for _ in reader)
    except csv.Error:
        return True
    # A record that took more lines than one held a line break inside quotes.
    return reader.line_num > records


def _extra_header_rows(header: list[str], rows: list[list[str]]) -> tuple[int, list[str]]:
    """Extra header rows written by survey tools, and the combined column names.

    Qualtrics writes the question text in row 2 and ``{"ImportId": ...}`` in row 3;
    SurveyMonkey writes the answer option (or "Response") in row 2 under a question that
    spans several columns.
    """
    if len(rows) >= 2 and any(_QUALTRICS_IMPORT_ID.match(c.strip()) for c in rows[1]):
        return 2, header
    if not rows or len(rows[0]) != len(header):
        return 0, header
    second = [c.strip() for c in rows[0]]
    lowered = [c.lower() for c in second]
    blank_headers = sum(1 for h in header if not h)
    pairs = zip(header, second, strict=True)
    if "response" in lowered or "open-ended response" in lowered or (
        blank_headers and all(c for c in second)
        and all(c.lower() in _SECOND_HEADER_WORDS or not h for h, c in pairs)
    ):
        return 1, _combine(header, second)
    return 0, header


def _combine(first: list[str], second: list[str]) -> list[str]:
    names: list[str] = []
    question = ""
    for top, sub in zip(first, second, strict=True):
        if top:
            question = top
        if sub.lower() in _SECOND_HEADER_WORDS:
            names.append(question or sub)
        else:
            names.append(f"{question} - {sub}" if question else sub)
    return names


def dedupe_names(names: list[str]) -> list[str]:
    """Column names made unique and non-empty: ``column_3``, ``naam_2``."""
    out: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(names, start=1):
        name = raw.strip() or f"column_{i}"
        candidate, n = name, 2
        while candidate in seen:
            candidate, n = f"{name}_{n}", n + 1
        seen.add(candidate)
        out.append(candidate)
    return out
