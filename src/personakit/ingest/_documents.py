"""Text documents (interview notes, transcripts): ``.txt``, ``.md`` and ``.docx`` to parts.

A document becomes one row per part: a paragraph, or in a transcript one answer of the
respondent (lines starting ``Respondent:``/``R:``/``Antwoord:``), with the interviewer's
question beside it as context. Header lines at the top (``Klantnummer: 1007156``,
``Datum: 2026-03-02``, ``Profiel: ...``) become the columns ``key``, ``date`` and
``profile`` of every part; the names of interviewer and respondent in the header are
read as header lines and not stored. Headings are kept as the ``section`` of the parts
below them (a heading that asks something is their ``question``).

Limits (``[settings.text_import]``): a part longer than ``max_part_chars`` is split at
sentence ends; a stretch that long without a sentence end, or a document longer than
``max_document_chars``, is refused with the file and line named.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from pydantic import BaseModel, ConfigDict, Field

from personakit.errors import InputError
from personakit.ingest._registry import Loaded
from personakit.ingest._sniff import (
    SAMPLE_BYTES,
    check_text,
    detect_encoding,
    encoding_error,
    read_sample,
)

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".docx")
# An interview transcript of two hours is about 100,000 characters; 2,000,000 leaves room
# for a day of them in one file while a runaway export (a 10 MB line) is refused.
MAX_DOCUMENT_CHARS = 2_000_000
# A paragraph of a few pages; longer parts are split at sentence ends for analysis.
MAX_PART_CHARS = 20_000
# In text decoded as cp1252, more than this share of non-ASCII letters means the file was
# written in another encoding (Shift-JIS, UTF-32 without BOM ...): Dutch text has ~1 %.
MOJIBAKE_SHARE = 0.3
# A damaged UTF-8 file has a few bad bytes; one in another encoding has many.
MAX_BAD_BYTES = 3
# Roles of the columns a document gives, under the user's own overrides.
DOCUMENT_ROLES = {"document": "categorical", "part": "ignore", "text": "text",
                  "speaker": "categorical", "question": "ignore", "section": "ignore",
                  "key": "identifier", "date": "date", "profile": "categorical"}


class TextImportSettings(BaseModel):
    """``[settings.text_import]``: limits of the document readers (all optional).

    Parameters
    ----------
    max_part_chars
        A part (paragraph, answer) longer than this is split at sentence ends (20,000).
    max_document_chars
        A document longer than this is refused (2,000,000 characters, about 2 MB).
    """

    model_config = ConfigDict(extra="forbid")

    max_part_chars: int = Field(default=MAX_PART_CHARS, ge=200)
    max_document_chars: int = Field(default=MAX_DOCUMENT_CHARS, ge=1000)


_LIMITS: ContextVar[TextImportSettings | None] = ContextVar("personakit_text_limits",
                                                            default=None)
_DEFAULT_LIMITS = TextImportSettings()


def limits() -> TextImportSettings:
    """The limits documents are read with now (the workspace's, inside an import)."""
    return _LIMITS.get() or _DEFAULT_LIMITS


@contextmanager
def text_limits(settings: TextImportSettings) -> Iterator[None]:
    """Read documents with *settings* (the workspace's) inside the block."""
    token = _LIMITS.set(settings)
    try:
        yield
    finally:
        _LIMITS.reset(token)


# -- lines ----------------------------------------------------------------------------------
@dataclass
class Line:
    """One line of a document: its text, where it is (line, or paragraph of a .docx)."""

    text: str
    number: int
    heading: bool = False
    item: bool = False  # a list item: kept on its own line


@dataclass
class Document:
    """A document read into lines, before it is cut into parts."""

    name: str
    path: Path
    lines: list[Line]
    unit: str = "line"  # "paragraph" for .docx
    encoding: str = "utf-8"


@dataclass
class Part:
    text: str
    line: int
    speaker: str | None = None
    question: str | None = None
    section: str | None = None


@dataclass
class Parsed:
    """A document cut into parts, with what its header says."""

    name: str
    parts: list[Part]
    header: dict[str, str] = field(default_factory=dict)
    speakers: bool = False


# -- reading bytes --------------------------------------------------------------------------
def document_text(path: Path) -> tuple[str, str]:
    """The text of a .txt/.md file and its encoding (UTF-8, UTF-16 or cp1252)."""
    head, size = read_sample(path)
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputError("texts.import.error.encoding", file=str(path), detail="UTF-32")
    try:
        check_text(path, head, size)
    except InputError as exc:
        if exc.key == "ingest.error.binary":
            raise InputError("texts.import.error.encoding", file=str(path),
                             detail=f"byte {exc.params.get('position')}") from exc
        raise InputError("texts.import.error.empty", file=str(path)) from exc
    limit = limits().max_document_chars
    if size > 4 * limit:  # no encoding packs more than 4 bytes in one character
        raise InputError("texts.import.error.too_long", file=str(path), chars=size,
                         limit=limit)
    data = path.read_bytes()
    try:
        encoding, _ = detect_encoding(path, head, complete=size <= len(head))
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise encoding_error(path, data, encoding, exc.start) from exc
    except InputError as exc:
        if exc.key != "ingest.error.encoding":
            raise
        if data.decode("utf-8", errors="replace").count("\ufffd") > MAX_BAD_BYTES:
            # Many bytes that fit no encoding we read: another encoding altogether.
            raise InputError("texts.import.error.encoding", file=str(path),
                             detail=f"byte 0x{exc.params['byte']}") from exc
        raise InputError("texts.import.error.bad_byte", file=str(path), line=exc.params["line"],
                         byte=exc.params["byte"], encoding=exc.params["encoding"]) from exc
    if encoding == "cp1252" and _garbled(text):
        raise InputError("texts.import.error.encoding", file=str(path), detail="cp1252?")
    return text.lstrip("\ufeff"), encoding


def _garbled(text: str) -> bool:
    letters = [c for c in text[:200_000] if c.isalpha() or ord(c) >= 0x80]
    if len(letters) < 40:
        return False  # "één ding" is too short to tell
    odd = sum(1 for c in letters if ord(c) >= 0x80)
    return odd / len(letters) > MOJIBAKE_SHARE


_HEADING_MD = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_LIST = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s*>\s?")
# Every run is bounded: a line of a hundred thousand asterisks must not take minutes.
_IMAGE = re.compile(r"!\[([^\]]{0,500})\]\([^)]{0,2000}\)")
_LINK = re.compile(r"\[([^\]]{1,500})\]\([^)]{0,2000}\)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]{1,500}?)(?<=\S)\*(?![\w*])|"
                       r"(?<![\w_])_(?=\S)([^_]{1,500}?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"`([^`]{0,500})`")


def markdown_line(raw: str) -> Line:
    """A Markdown line as plain text, headings and list items marked (number not set)."""
    heading = _HEADING_MD.match(raw)
    if heading:
        return Line(_inline(heading.group(1)), 0, heading=True)
    if _RULE.match(raw):
        return Line("", 0)
    text = _QUOTE.sub("", raw)
    item = bool(_LIST.match(text))
    return Line(_inline(_LIST.sub("", text)), 0, item=item)


def _inline(text: str) -> str:
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)


def read_plain(path: Path, markdown: bool) -> Document:
    """A .txt or .md file as lines (Markdown markup removed, headings marked)."""
    text, encoding = document_text(path)
    _check_length(path, text)
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if markdown:
            line = markdown_line(raw)
            line.number = number
            lines.append(line)
        else:
            lines.append(Line(raw, number, item=bool(_LIST.match(raw))))
    return Document(path.name, path, lines, encoding=encoding)


def _check_length(path: Path, text: str) -> None:
    limit = limits().max_document_chars
    if len(text) > limit:
        raise InputError("texts.import.error.too_long", file=str(path), chars=len(text),
                         limit=limit)


# -- .docx ----------------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT_PART = "word/document.xml"
_HEADING_STYLE = re.compile(r"^(heading|kop|title|titel|subtitle|ondertitel)", re.IGNORECASE)


def read_docx(path: Path) -> Document:
    """A Word document's paragraphs in order (tables' paragraphs included), headings
    marked by their style; zipfile and ElementTree only."""
    if path.stat().st_size == 0:
        raise InputError("texts.import.error.empty", file=str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo(_DOCUMENT_PART)
            except KeyError:
                raise InputError("texts.import.error.docx_part", file=str(path),
                                 part=_DOCUMENT_PART) from None
            if info.file_size > 16 * limits().max_document_chars:
                raise InputError("texts.import.error.too_long", file=str(path),
                                 chars=info.file_size, limit=limits().max_document_chars)
            data = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, OSError,
            EOFError, ValueError) as exc:  # a damaged archive (tests/test_fuzz_readers.py)
        raise InputError("texts.import.error.docx_zip", file=str(path), detail=str(exc)) from exc
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        # Word never writes a DTD; one here can only be an entity-expansion attack.
        raise InputError("texts.import.error.docx_xml", file=str(path), detail="DOCTYPE")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise InputError("texts.import.error.docx_xml", file=str(path), detail=str(exc)) from exc
    lines: list[Line] = []
    for number, paragraph in enumerate(root.iter(f"{_W}p"), start=1):
        text, heading = _paragraph(paragraph)
        for piece in text.split("\n"):
            lines.append(Line(piece, number, heading))
        lines.append(Line("", number))  # a Word paragraph is a paragraph
    _check_length(path, "\n".join(line.text for line in lines))
    return Document(path.name, path, lines, unit="paragraph", encoding="docx")


def _paragraph(paragraph: ElementTree.Element) -> tuple[str, bool]:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    outline = paragraph.find(f"{_W}pPr/{_W}outlineLvl")
    heading = outline is not None or (
        style is not None and bool(_HEADING_STYLE.match(style.get(f"{_W}val", ""))))
    pieces: list[str] = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t" and node.text:
            pieces.append(node.text)
        elif node.tag == f"{_W}tab":
            pieces.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            pieces.append("\n")
    return "".join(pieces), heading


# -- header lines ---------------------------------------------------------------------------
_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "key": ("klantnummer", "klantnr", "klant nr", "klant-nr", "klantnummer lid", "lidnummer",
            "lidnr", "relatienummer", "relatienr", "clientnummer", "cliëntnummer",
            "customer", "customer id", "customer number", "customer no", "member number",
            "member id", "member no", "client number", "client id", "key"),
    "date": ("datum", "date", "gespreksdatum", "interviewdatum", "datum gesprek",
             "interview date"),
    "profile": ("profiel", "profile", "klantprofiel", "customer profile", "persona"),
    "interviewer": ("interviewer", "interviewster", "afgenomen door", "interviewed by",
                    "gesprek door", "door", "by"),
    "respondent": ("respondent", "geïnterviewde", "geinterviewde", "interviewee", "naam",
                   "name", "deelnemer", "participant", "klant", "lid"),
    "other": ("onderwerp", "subject", "locatie", "location", "plaats", "duur", "duration",
              "titel", "title", "kanaal", "channel", "tijd", "time", "type", "soort"),
}
_LABEL_FIELD = {label: name for name, labels in _FIELD_LABELS.items() for label in labels}
_HEADER = re.compile(r"^\s*[*_]{0,2}\s*(?P<label>[^\W\d_][\w .'-]{0,29}?)\s*[*_]{0,2}\s*"
                     r"[:=](?P<value>.*)$")
# Header lines are short; a long line is text, whatever it starts with.
MAX_HEADER_LINE = 200
_KEY_VALUE = re.compile(r"^[A-Za-z0-9][\w./-]{0,39}$")
_MONTHS = {m: i for i, names in enumerate((
    ("januari", "january", "jan"), ("februari", "february", "feb"), ("maart", "march", "mrt",
                                                                     "mar"),
    ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("augustus", "august", "aug"), ("september", "sept", "sep"),
    ("oktober", "october", "okt", "oct"), ("november", "nov"), ("december", "dec")),
    start=1) for m in names}


def parse_date(value: str) -> str | None:
    """An ISO date from ``2026-03-02``, ``2-3-2026``, ``2 maart 2026`` or ``March 2, 2026``."""
    text = value.strip().lower().rstrip(".")
    numbers = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    parts: tuple[int, int, int] | None = None
    if numbers:
        parts = (int(numbers[1]), int(numbers[2]), int(numbers[3]))
    elif dmy := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
        parts = (int(dmy[3]), int(dmy[2]), int(dmy[1]))
    elif named := re.fullmatch(r"(?:[a-z]+,? )?(\d{1,2}) ([a-z]+)\.? (\d{4})", text):
        if named[2] in _MONTHS:
            parts = (int(named[3]), _MONTHS[named[2]], int(named[1]))
    elif english := re.fullmatch(r"([a-z]+)\.? (\d{1,2}),? (\d{4})", text):
        if english[1] in _MONTHS:
            parts = (int(english[3]), _MONTHS[english[1]], int(english[2]))
    if parts is None:
        return None
    try:
        return date(*parts).isoformat()
    except ValueError:
        return None


def _name_like(value: str) -> bool:
    """A header value naming a person or a role, not a sentence someone said."""
    words = value.split()
    return 0 < len(words) <= 6 and "?" not in value and not value.rstrip().endswith(
        ("!", "...")) and value.count(",") <= 1


def header_field(line: str) -> tuple[str, str] | None:
    """``(field, value)`` when *line* is a header line this reader knows."""
    if len(line) > MAX_HEADER_LINE:
        return None
    match = _HEADER.match(line)
    if match is None:
        return None
    label = " ".join(match.group("label").casefold().split())
    name = _LABEL_FIELD.get(label)
    value = match.group("value").strip().strip("*_").strip()
    if name is None:
        return None
    if name in ("interviewer", "respondent") and not _name_like(value):
        return None  # "Interviewer: hoe vaak rijdt u?" is a question, not a header
    if name in ("profile", "other") and len(value.split()) > 8:
        return None  # "Plaats: de monteur kwam pas na een uur ..." is what someone said
    return name, value


def _read_header(doc: Document) -> tuple[dict[str, str], int, str | None]:
    """The header fields, the index of the first body line and the title heading."""
    header: dict[str, str] = {}
    title: str | None = None
    for index, line in enumerate(doc.lines):
        text = line.text.strip()
        if not text or _RULE.match(text):
            continue
        if line.heading and not header and title is None:
            title = text
            continue
        found = header_field(text)
        if found is None:
            return header, index, title
        name, value = found
        if name == "key":
            if _KEY_VALUE.match(value) and any(c.isdigit() for c in value):
                header["key"] = value
        elif name == "date":
            iso = parse_date(value)
            if iso is None:
                raise InputError(_located("texts.import.error.date", doc), file=str(doc.path),
                                 line=line.number, value=value)
            header["date"] = iso
        elif name == "profile" and value:
            header["profile"] = value
    return header, len(doc.lines), title


def _located(key: str, doc: Document) -> str:
    return f"{key}_paragraph" if doc.unit == "paragraph" else key


# -- speakers -------------------------------------------------------------------------------
_INTERVIEWER = ("interviewer", "interviewster", "int", "moderator", "vraag", "question", "q",
                "v", "i")
_RESPONDENT = ("respondent", "resp", "geïnterviewde", "geinterviewde", "interviewee",
               "deelnemer", "participant", "antwoord", "answer", "a", "r", "klant", "lid")
_SPEAKER = re.compile(
    r"^\s*[*_]{0,2}\s*(?P<label>" + "|".join(_INTERVIEWER + _RESPONDENT) +
    r")\s*[*_]{0,2}\s*[:：](?P<text>.*)$", re.IGNORECASE)


def speaker_of(line: str) -> tuple[str, str] | None:
    """``("interviewer"|"respondent", text)`` when *line* starts with a speaker label."""
    match = _SPEAKER.match(line)
    if match is None:
        return None
    label = match.group("label").casefold()
    role = "interviewer" if label in _INTERVIEWER else "respondent"
    text = match.group("text").strip()
    if text.startswith(("**", "__")):
        text = text[2:].strip()  # "**Vraag:** ..." read as plain text
    return role, text


# -- parts ----------------------------------------------------------------------------------
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


def _join(lines: Sequence[Line]) -> str:
    """Lines of one paragraph as one text: wrapped lines joined by a space, list items and
    lines that end a sentence kept on their own line."""
    out = ""
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if not out:
            out = text
        elif out.endswith((".", "!", "?", ":", ";", "…")) or line.item:
            out += "\n" + text
        else:
            out += " " + text
    return re.sub(r"[ \t]+", " ", out).strip()


def parse(doc: Document) -> Parsed:
    """Cut *doc* into parts (answers of a transcript, or paragraphs)."""
    header, start, title = _read_header(doc)
    body = doc.lines[start:]
    spoken = [speaker_of(line.text) for line in body]
    respondents = sum(1 for s in spoken if s and s[0] == "respondent")
    labelled = sum(1 for s in spoken if s)
    if labelled >= 2 and respondents >= 1:
        parts = _turns(body, spoken, title)
        speakers = True
    else:
        parts = _paragraphs(body, title)
        speakers = False
    limit = limits().max_part_chars
    split = [piece for part in parts for piece in _split_long(part, limit, doc)]
    return Parsed(doc.name, split, header, speakers)


def _paragraphs(body: Sequence[Line], title: str | None) -> list[Part]:
    parts: list[Part] = []
    section, question = title, None
    current: list[Line] = []

    def flush() -> None:
        text = _join(current)
        if text:
            parts.append(Part(text, current[0].number, question=question, section=section))
        current.clear()

    for line in body:
        if line.heading:
            flush()
            heading = line.text.strip()
            if heading.endswith("?"):
                question = heading
            elif heading:
                section, question = heading, None
        elif not line.text.strip():
            flush()
        else:
            current.append(line)
    flush()
    return parts


def _turns(body: Sequence[Line], spoken: Sequence[tuple[str, str] | None],
           title: str | None) -> list[Part]:
    """A transcript: the respondent's turns, each with the question asked before it."""
    parts: list[Part] = []
    section = title
    question: str | None = None
    role: str | None = None
    current: list[Line] = []
    first = 0

    def flush() -> None:
        nonlocal question
        text = _join(current)
        if text and role == "interviewer":
            question = text
        elif text:
            parts.append(Part(text, first, speaker="respondent" if role else None,
                              question=question if role else None, section=section))
        current.clear()

    for line, said in zip(body, spoken, strict=True):
        if line.heading:
            flush()
            section, role = line.text.strip() or section, None
        elif said is not None:
            flush()
            role, first = said[0], line.number
            current.append(Line(said[1], line.number))
        elif not line.text.strip():
            if role is None:
                flush()  # notes before the conversation: one part per paragraph
        else:
            if not current:
                first = line.number
            current.append(line)
    flush()
    return parts


def _split_long(part: Part, limit: int, doc: Document) -> list[Part]:
    """*part* in pieces of at most *limit* characters, cut at sentence ends."""
    if len(part.text) <= limit:
        return [part]
    pieces: list[Part] = []
    chunk = ""
    for sentence in _SENTENCE_END.split(part.text):
        if len(sentence) > limit:
            raise InputError(_located("texts.import.error.no_sentence_end", doc),
                             file=str(doc.path), line=part.line, limit=limit)
        if chunk and len(chunk) + 1 + len(sentence) > limit:
            pieces.append(Part(chunk, part.line, part.speaker, part.question, part.section))
            chunk = sentence
        else:
            chunk = f"{chunk} {sentence}" if chunk else sentence
    if chunk:
        pieces.append(Part(chunk, part.line, part.speaker, part.question, part.section))
    return pieces


# -- to a table -----------------------------------------------------------------------------
def read_any(path: Path) -> Document:
    """The document at *path* as lines, by its extension."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    return read_plain(path, markdown=suffix in (".md", ".markdown"))


def parse_file(path: Path) -> tuple[Parsed, Document]:
    doc = read_any(path)
    parsed = parse(doc)
    if not parsed.parts:
        raise InputError("texts.import.error.empty", file=str(path))
    return parsed, doc


def documents_table(parsed: Sequence[Parsed]) -> tuple[dict[str, list[Any]], list[int]]:
    """Columns of the parts of *parsed* documents (optional columns only when used), and
    each row's line in its document."""
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    for document in parsed:
        for number, part in enumerate(document.parts, start=1):
            rows.append({"document": document.name, "part": number, "text": part.text,
                         "speaker": part.speaker, "question": part.question,
                         "section": part.section, **document.header})
            lines.append(part.line)
    names = ["document", "part", "text", "speaker", "question", "section", "key", "date",
             "profile"]
    columns = {n: [r.get(n) for r in rows] for n in names}
    used = {n: v for n, v in columns.items()
            if n in ("document", "part", "text") or any(x is not None for x in v)}
    return used, lines


def loaded_documents(parsed: Sequence[Parsed], dialect: dict[str, Any]) -> Loaded:
    from personakit.ingest._formats import table_from_values

    columns, lines = documents_table(parsed)
    # Keys and dates are typed like any text column (a key ``0071`` stays text); the part
    # number is a number already.
    table = table_from_values({n: ([None if x is None else str(x) for x in v]
                                   if n != "part" else v) for n, v in columns.items()})
    link = "key" if "key" in columns else None
    roles = {n: r for n, r in DOCUMENT_ROLES.items() if n in columns}
    speakers = any(p.speakers for p in parsed)
    dialect = {**dialect, "documents": len(parsed), "speakers": speakers}
    return Loaded(table, dialect, lines=lines, roles=roles, link=link)


def read_document(path: Path, lenient: bool) -> Loaded:
    """The reader of ``.md``, ``.docx`` and ``.txt`` (a ``.txt`` that holds a delimited
    table is read as CSV, as before)."""
    if path.suffix.lower() == ".txt" and is_tabular(path):
        from personakit.ingest._formats import read_csv

        return read_csv(path, lenient)
    parsed, doc = parse_file(path)
    return loaded_documents([parsed], {"format": "text", "encoding": doc.encoding})


# -- .txt: a table or a document? -------------------------------------------------------------
_TABLE_DELIMITERS = ("\t", ";", "|", ",")
TABULAR_PROBE_LINES = 50


def is_tabular(path: Path) -> bool:
    """Whether a ``.txt`` file is a delimited table (read as CSV) rather than prose: every
    probed line splits into the header's number (2 or more) of fields, with short headers."""
    head, _ = read_sample(path)
    try:
        encoding, _ = detect_encoding(path, head[:65536], complete=False)
    except InputError:
        return False
    probe = head[:65536]
    sample = codecs.decode(probe, encoding, errors="replace").lstrip("\ufeff")
    lines = [line for line in sample.splitlines() if line.strip()]
    if len(probe) < len(head) or len(head) == SAMPLE_BYTES:
        lines = lines[:-1]  # the sample may end inside a line
    lines = lines[:TABULAR_PROBE_LINES]
    if len(lines) < 2 or lines[0].rstrip().endswith((".", "!", "?", ":")):
        return False
    if header_field(lines[0]) is not None or speaker_of(lines[0]) is not None:
        return False
    for delimiter in _TABLE_DELIMITERS:
        try:
            records = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        except csv.Error:
            continue
        width = len(records[0])
        if width < 2 or any(len(c) > 64 for c in records[0]):
            continue
        if delimiter == "," and any(len(c.split()) > 3 for c in records[0]):
            continue
        same = sum(1 for r in records[1:] if len(r) == width)
        if records[1:] and same >= 0.9 * len(records[1:]):
            return True
    return False
