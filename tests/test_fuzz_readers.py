"""Fuzzed files for every reader (issue 16, point 2): delimited text and its sniffing, JSON
and JSON Lines, Excel workbooks and text documents give a table or a typed error, never
another exception, a hang or runaway memory (the rules are in ``tests/_fuzz.py``).

Each file is written to a temporary path and read with ``read_table`` (or ``sniff``), the
functions ``personakit import`` calls, without a workspace: milliseconds per input.
Below the fuzz tests: one regression test per bug the fuzzing found.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from personakit.errors import InputError
from personakit.ingest import read_table
from personakit.ingest._documents import TextImportSettings, text_limits
from personakit.ingest._sniff import sniff
from tests._fuzz import bounded_memory, fuzz_settings, ran, typed_only, write_input

pytestmark = pytest.mark.slow

CSV_INPUTS = 2500
SNIFF_INPUTS = 1500
JSON_INPUTS = 1200
DOCUMENT_INPUTS = 1500
EXCEL_INPUTS = 300

# Cells that have broken readers elsewhere: quotes, line ends inside values, Dutch and
# English numbers, impossible dates, NUL, BOM, leading zeros, overflow.
_CELLS = st.one_of(
    st.sampled_from(["a", "1", "1,5", "1.234,56", "1,234.56", "2024-01-31", "31-02-2024",
                     '"', '""', 'a"b', '"x,y"', "\r", "\n", "", " ", "é", "\x00", "\ufeff",
                     "0071", "1e400", "-", "NaN", "true", "99999999999999999999", "=1+1"]),
    st.text(max_size=8),
)
_DELIMITERS = st.sampled_from([",", ";", "\t", "|", " "])
_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"])


def _encode(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


@st.composite
def delimited(draw: st.DrawFn) -> bytes:
    """A table-like text (rows of cells), or now and then plain random bytes."""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.binary(max_size=300))
    sep = draw(_DELIMITERS)
    rows = draw(st.lists(st.lists(_CELLS, min_size=1, max_size=5), min_size=1, max_size=8))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    data = _encode(newline.join(sep.join(r) for r in rows), draw(_ENCODINGS))
    if draw(st.booleans()):  # a damaged byte somewhere
        at = draw(st.integers(0, 10**6)) % (len(data) + 1)
        data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
    return data


@fuzz_settings(CSV_INPUTS)
@given(data=delimited(), suffix=st.sampled_from([".csv", ".tsv", ".tab", ".txt"]),
       lenient=st.booleans(), key=st.sampled_from([None, "a", "1", "column_1"]),
       numeric=st.booleans())
def _delimited_case(tmp: Path, data: bytes, suffix: str, lenient: bool, key: str | None,
                    numeric: bool) -> None:
    path = tmp / f"export{suffix}"
    write_input(path, data)
    roles = {"a": "numeric"} if numeric else None
    typed_only("delimited", lambda: read_table(path, key=key, lenient=lenient, roles=roles))


def test_delimited_files_give_a_table_or_a_typed_error(tmp_path: Path) -> None:
    with bounded_memory():
        _delimited_case(tmp_path)
    ran("delimited", CSV_INPUTS)


@fuzz_settings(SNIFF_INPUTS)
@given(data=st.one_of(delimited(), st.binary(max_size=2000)),
       suffix=st.sampled_from([".csv", ".tsv"]),
       delimiter=st.sampled_from([None, None, ",", ";", "\t"]))
def _sniff_case(tmp: Path, data: bytes, suffix: str, delimiter: str | None) -> None:
    path = tmp / f"sniffed{suffix}"
    write_input(path, data)
    typed_only("sniff", lambda: sniff(path, delimiter=delimiter))


def test_sniffing_any_bytes_gives_a_dialect_or_a_typed_error(tmp_path: Path) -> None:
    with bounded_memory():
        _sniff_case(tmp_path)
    ran("sniff", SNIFF_INPUTS)


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(2**70), 2**70), st.floats(),
    st.text(max_size=6), st.sampled_from(["2024-01-02", "1,5", "", "NaN"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=6)
_RECORDS = st.dictionaries(st.sampled_from(["a", "b", "", "A", " a"]) | st.text(max_size=3),
                           _VALUES, max_size=4)
_DOCUMENTS = st.one_of(st.lists(_RECORDS, max_size=5),
                       st.dictionaries(st.text(max_size=3), st.lists(_RECORDS, max_size=3),
                                       max_size=2),
                       _VALUES)


@st.composite
def json_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A ``.json`` or ``.jsonl`` file (lone surrogate escapes included: ``st.text`` makes
    them and ``json.dumps`` writes them as ``\\ud800``), sometimes with bytes inserted."""
    suffix = draw(st.sampled_from([".json", ".jsonl", ".ndjson"]))
    document = draw(_DOCUMENTS)
    rows = document if isinstance(document, list) else [document]
    text = json.dumps(document) if suffix == ".json" else "\n".join(map(json.dumps, rows))
    data = _encode(text, draw(st.sampled_from(["utf-8", "utf-16", "utf-8-sig"])))
    if draw(st.booleans()):
        at = draw(st.integers(0, 10**6)) % (len(data) + 1)
        data = data[:at] + draw(st.binary(min_size=1, max_size=5)) + data[at:]
    return suffix, data


@fuzz_settings(JSON_INPUTS)
@given(file=json_file(), lenient=st.booleans())
def _json_case(tmp: Path, file: tuple[str, bytes], lenient: bool) -> None:
    path = tmp / f"records{file[0]}"
    write_input(path, file[1])
    typed_only("json", lambda: read_table(path, lenient=lenient))


def test_json_files_give_a_table_or_a_typed_error(tmp_path: Path) -> None:
    with bounded_memory():
        _json_case(tmp_path)
    ran("json", JSON_INPUTS)


_LINES = st.one_of(st.text(max_size=30), st.sampled_from([
    "# Kop", "## Vraag?", "Klantnummer: 1007156", "Datum: 2026-03-02", "Datum: 31-02-2026",
    "Datum: morgen", "Profiel: starter", "Interviewer: Jan", "Respondent: ja dat klopt.",
    "R: nee", "I: waarom?", "- item", "1. item", "**vet**", "*", "_a_", "[l](x)", "![i](y)",
    "---", "> quote", "`c`", "a\tb\tc", "a;b;c", "1;2;3", "Naam: Piet Jansen", "",
    "x" * 300, "Zin. " * 60, "Klantnummer: ", "Datum:"]))


def _docx(lines: list[str], styles: list[str], mode: int) -> bytes:
    paragraphs = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{escape(line)}</w:t>'
        f"<w:br/></w:r></w:p>" for line, style in zip(lines, styles, strict=False))
    xml = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{paragraphs}</w:body></w:document>')
    if mode == 1:
        xml = xml[: len(xml) // 2]  # cut off: not well-formed
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        name = "word/other.xml" if mode == 2 else "word/document.xml"
        archive.writestr(name, xml.encode("utf-8", "surrogatepass"))
    return buffer.getvalue()


@st.composite
def document_file(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from([".md", ".markdown", ".txt", ".docx"]))
    lines = draw(st.lists(_LINES, max_size=12))
    if suffix == ".docx":
        mode = draw(st.integers(0, 4))
        if mode == 3:
            return suffix, draw(st.binary(max_size=300))
        styles = draw(st.lists(st.sampled_from(["Heading1", "Normal", "Kop2", ""]),
                               min_size=len(lines), max_size=len(lines)))
        data = _docx(lines, styles, mode)
        if mode == 4:  # damaged inside the archive
            at = draw(st.integers(0, 10**6)) % len(data)
            data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at + 4:]
        return suffix, data
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x0c"]))
    data = _encode(newline.join(lines), draw(st.sampled_from(
        ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-32"])))
    if draw(st.booleans()):
        at = draw(st.integers(0, 10**6)) % (len(data) + 1)
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return suffix, data


# The document limits low enough that the fuzzer reaches them (at 2,000,000 it never would).
_SMALL_LIMITS = TextImportSettings(max_part_chars=200, max_document_chars=1000)


@fuzz_settings(DOCUMENT_INPUTS)
@given(file=document_file(), small=st.booleans())
def _document_case(tmp: Path, file: tuple[str, bytes], small: bool) -> None:
    path = tmp / f"interview{file[0]}"
    write_input(path, file[1])
    with text_limits(_SMALL_LIMITS if small else TextImportSettings()):
        typed_only("documents", lambda: read_table(path))


def test_documents_give_parts_or_a_typed_error(tmp_path: Path) -> None:
    with bounded_memory():
        _document_case(tmp_path)
    ran("documents", DOCUMENT_INPUTS)


_CELL_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6).filter(lambda s: all(ord(c) >= 32 for c in s)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.dates(min_value=date(1900, 3, 1)), st.times(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=100)),
    st.sampled_from(["=1+1", "1,5", "", "2024-01-31"]))


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    book.properties.created = book.properties.modified = datetime(2026, 1, 1)  # same bytes
    sheet = book.active
    assert sheet is not None
    for row in rows:
        try:
            sheet.append(row)
        except (ValueError, TypeError):  # openpyxl refuses some values (huge ints)
            sheet.append([str(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@st.composite
def workbook_file(draw: st.DrawFn) -> bytes:
    """A workbook with cells of every kind; most of them then damaged in a few bytes
    (a flipped byte in a compressed part is only found while the rows are read)."""
    data = _workbook(draw(st.lists(st.lists(_CELL_VALUES, max_size=4), max_size=6)))
    if draw(st.integers(0, 3)):
        at = draw(st.integers(0, 10**6)) % len(data)
        size = draw(st.integers(1, 8))
        data = data[:at] + draw(st.binary(min_size=size, max_size=size)) + data[at + size:]
    return data


@fuzz_settings(EXCEL_INPUTS)
@given(data=workbook_file())
def _excel_case(tmp: Path, data: bytes) -> None:
    path = tmp / "export.xlsx"
    write_input(path, data)
    typed_only("excel", lambda: read_table(path))


def test_excel_workbooks_give_a_table_or_a_typed_error(tmp_path: Path) -> None:
    with bounded_memory():
        _excel_case(tmp_path)
    ran("excel", EXCEL_INPUTS)


def test_the_harness_fails_on_an_untyped_error() -> None:
    """The fuzz tests can fail: a reader raising anything but a typed error is caught."""
    def broken() -> None:
        raise ValueError("a reader's own bug")

    with pytest.raises(ValueError):
        typed_only("harness", broken)
    assert typed_only("harness", lambda: read_table("/nonexistent.csv")) is not None


# -- regressions: one per bug the fuzzing found ---------------------------------------------
def test_json_integers_beyond_int64_stay_exact_as_text(tmp_path: Path) -> None:
    # Was OverflowError from pyarrow (a 20-digit account number in a JSON export).
    path = tmp_path / "accounts.json"
    path.write_text('[{"id": 1, "account": 12345678901234567890123},'
                    ' {"id": 2, "account": 7}]', encoding="utf-8")
    table = read_table(path).table
    assert table["account"].to_pylist() == ["12345678901234567890123", "7"]
    assert table["id"].to_pylist() == [1, 2]


@pytest.mark.parametrize(("suffix", "text", "line"), [
    (".json", '[{"naam": "a"},\n {"naam": "b\\ud800c"}]', 2),
    (".json", '[{"a": 1},\n\n {"\\udc00": 2}]', 3),  # in a column name
    (".jsonl", '{"naam": "a"}\n{"naam": "x"}\n{"naam": "\\udfff"}\n', 3),
])
def test_json_with_half_a_surrogate_pair_is_a_typed_error(
        tmp_path: Path, suffix: str, text: str, line: int) -> None:
    # Was UnicodeEncodeError from pyarrow: ``\ud800`` alone is valid JSON, not text.
    path = tmp_path / f"broken{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert caught.value.key == "ingest.error.json_surrogate"
    assert caught.value.params["line"] == line
    assert "\\u" in caught.value.message()


def test_json_with_a_whole_surrogate_pair_is_read(tmp_path: Path) -> None:
    path = tmp_path / "emoji.json"
    path.write_text('[{"naam": "\\ud83d\\ude00 blij", "echt \\\\ud800": 1}]', encoding="utf-8")
    table = read_table(path).table
    assert table["naam"].to_pylist() == ["\U0001f600 blij"]
    assert table.column_names == ["naam", "echt \\ud800"]


def test_jsonl_lenient_quarantines_half_a_surrogate_pair(tmp_path: Path) -> None:
    path = tmp_path / "chats.jsonl"
    path.write_text('{"a": "ok"}\n{"a": "\\ud800"}\n{"a": "ook"}\n', encoding="utf-8")
    result = read_table(path, lenient=True)
    assert result.table["a"].to_pylist() == ["ok", "ook"]
    assert [r.line for r in result.rejects] == [2]


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_json_nested_past_the_parser_is_a_typed_error(tmp_path: Path, name: str) -> None:
    # Was RecursionError.
    path = tmp_path / name
    path.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert caught.value.key == "ingest.error.json_depth"


def test_jsonl_record_holding_a_line_separator_stays_one_record(tmp_path: Path) -> None:
    # Was cut in two by str.splitlines (U+2028 and NEL are line ends to Python, not to
    # JSON Lines): a "broken" record and a wrong line number for the ones after it.
    path = tmp_path / "notes.jsonl"
    path.write_text('{"n": 1, "t": "een\u2028twee\x85drie"}\r\n{"n": 2, "t": "x"}\n',
                    encoding="utf-8")
    result = read_table(path)
    assert result.table["t"].to_pylist() == ["een\u2028twee\x85drie", "x"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"t": "a\u2028b"}\n{"t": }\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table(bad)
    assert caught.value.params["line"] == 2


def _damaged(data: bytes, member: str) -> bytes:
    """The archive *data* with *member*'s first deflate block made invalid."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return data[:start] + b"\xff\xff" + data[start + 2:]


def test_excel_damaged_inside_a_sheet_is_a_typed_error(tmp_path: Path) -> None:
    # Was zlib.error: the damage is met only while the rows are read, after opening.
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(_damaged(_workbook([["klant", "leeftijd"], ["a", 1]]),
                              "xl/worksheets/sheet1.xml"))
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert caught.value.key == "ingest.error.excel"


def test_docx_damaged_inside_the_document_is_a_typed_error(tmp_path: Path) -> None:
    # Was zlib.error from zipfile.
    path = tmp_path / "interview.docx"
    path.write_bytes(_damaged(_docx(["Respondent: ja."] * 20, ["Normal"] * 20, 0),
                              "word/document.xml"))
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert caught.value.key == "texts.import.error.docx_zip"


def test_excel_without_a_worksheet_is_a_typed_error(tmp_path: Path) -> None:
    # Was IndexError (a workbook whose sheet list is empty).
    source = io.BytesIO(_workbook([["a"], [1]]))
    target = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            content = old.read(item)
            if item.filename == "xl/workbook.xml":
                text = content.decode("utf-8")
                start, end = text.index("<sheets>"), text.index("</sheets>")
                content = (text[:start] + "<sheets/>" + text[end + len("</sheets>"):]).encode()
            new.writestr(item, content)
    path = tmp_path / "empty.xlsx"
    path.write_bytes(target.getvalue())
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert caught.value.key == "ingest.error.excel"


def test_excel_cells_of_every_python_kind_are_read(tmp_path: Path) -> None:
    path = tmp_path / "kinds.xlsx"
    path.write_bytes(_workbook([["tijd", "duur"], [time(9, 30), timedelta(hours=2)],
                                [time(10, 0), timedelta(hours=1)]]))
    assert read_table(path).table.num_rows == 2


@pytest.mark.parametrize(("data", "position"), [
    (b"\xff\xfe" + "a,b\n1,2\n".encode("utf-16-le") + b"\x00", 18),  # UTF-16 cut mid-letter
    ("naam;stad\nJosé;Zwolle\n".encode() + b"x;\xc3", 25),  # UTF-8 cut mid-letter
])
def test_a_file_cut_inside_a_character_names_that_byte(
        tmp_path: Path, data: bytes, position: int) -> None:
    # Was IndexError: the position counted past the end of the file.
    path = tmp_path / "cut.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert caught.value.key == "ingest.error.encoding"
    assert caught.value.params["position"] == position
