"""CSV sniffing on files written the way Excel, LibreOffice and survey tools write them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from personakit.ingest import read_table
from personakit.model import ColumnRole

DATA = Path(__file__).parent / "data" / "ingest"


def roles(result: object) -> dict[str, str]:
    return {c.name: c.role.value for c in result.columns}  # type: ignore[attr-defined]


def test_excel_dutch_cp1252_semicolon_crlf() -> None:
    result = read_table(DATA / "excel_nl_cp1252.csv")
    assert result.dialect["encoding"] == "cp1252"
    assert result.dialect["delimiter"] == ";"
    assert result.dialect["line_ending"] == "CRLF"
    assert result.dialect["decimal"] == ","
    assert result.dialect["thousands"] == "."
    assert result.dialect["date_format"] == "%d-%m-%Y"
    rows = result.table.to_pylist()
    assert rows[0]["naam"] == "José Peña"
    assert rows[1]["naam"] == "Anaïs de Vries"
    assert [r["omzet"] for r in rows] == [1234.56, 89.90, 12.5, 0.99]
    assert [r["geboortedatum"] for r in rows] == [
        dt.date(1975, 4, 3), dt.date(1948, 11, 17), dt.date(1990, 2, 1), dt.date(2001, 2, 28)]
    assert rows[0]["opmerking"] == "Prima; snel geholpen"
    assert rows[1]["opmerking"] is None
    assert result.rows == 4
    assert roles(result)["tevredenheid"] == "ordinal"
    levels = result.columns[5].levels
    assert levels == ["Ontevreden", "Neutraal", "Tevreden", "Zeer tevreden"]


def test_excel_csv_utf8_with_bom() -> None:
    result = read_table(DATA / "excel_utf8_bom.csv")
    assert result.dialect["encoding"] == "utf-8-sig"
    assert result.table.column_names[0] == "id"  # the BOM is not part of the name
    assert result.table["prijs"].to_pylist() == [1299.0, 49.95, 2450.10, 59.0]
    assert result.table["datum"].to_pylist()[0] == dt.date(2024, 12, 31)
    kanalen = result.columns[-1]
    assert kanalen.role == ColumnRole.MULTISELECT
    assert kanalen.separator == ","
    assert set(kanalen.options or []) == {"app", "email", "telefoon", "chat"}


def test_libreoffice_comma_quotes_and_newlines() -> None:
    result = read_table(DATA / "libreoffice.csv")
    assert result.dialect["delimiter"] == ","
    assert result.dialect["decimal"] == "."
    assert result.table["bedrag"].to_pylist() == [1234.5, 99.0, 12000.0]
    notes = result.table["toelichting"].to_pylist()
    assert notes[0] == "Eerste regel\nTweede regel, met komma"
    assert notes[1] == 'Zegt "graag" tegen de app'
    assert result.table["datum"].type == pa.date32()


def test_qualtrics_export_skips_question_and_import_id_rows() -> None:
    result = read_table(DATA / "qualtrics.csv")
    assert result.dialect["header_rows"] == 3
    assert result.table.column_names == ["ResponseId", "Q1", "Q2", "Q3"]
    assert result.table["ResponseId"].to_pylist() == ["R_1", "R_2", "R_3"]
    assert roles(result)["Q1"] == "ordinal"
    assert roles(result)["Q2"] == "ordinal"


def test_surveymonkey_export_combines_two_header_rows() -> None:
    result = read_table(DATA / "surveymonkey.csv")
    assert result.dialect["header_rows"] == 2
    assert result.table.column_names == [
        "Respondent ID", "Welke kanalen gebruikt u? - App", "Welke kanalen gebruikt u? - E-mail",
        "Welke kanalen gebruikt u? - Telefoon", "Cijfer"]
    assert result.table["Cijfer"].to_pylist() == [8, 6, 9]


def test_tab_separated_with_pipes_inside() -> None:
    result = read_table(DATA / "export.tsv")
    assert result.dialect["delimiter"] == "\t"
    assert result.table["status"].to_pylist() == ["actief|nieuw", "actief", "gestopt"]


@pytest.mark.parametrize(("delimiter", "text"), [
    ("|", "a|b|c\n1|x|2,5\n2|y|3,5\n"),
    (";", "a;b;c\n1;x;2,5\n2;y;3,5\n"),
    ("\t", "a\tb\tc\n1\tx\t2,5\n2\ty\t3,5\n"),
    (",", 'a,b,c\n1,x,"2,5"\n2,y,"3,5"\n'),
])
def test_delimiters(tmp_path: Path, delimiter: str, text: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    result = read_table(path)
    assert result.dialect["delimiter"] == delimiter
    assert result.table["c"].to_pylist() == [2.5, 3.5]


@pytest.mark.parametrize(("values", "expected"), [
    (["1.234,56", "12,00", "-3,5"], [1234.56, 12.0, -3.5]),
    (["1,234.56", "12.00", "-3.5"], [1234.56, 12.0, -3.5]),
    (["1.234.567", "2.000", "12"], [1234567, 2000, 12]),
    (["0,5", "10", "7,25"], [0.5, 10.0, 7.25]),
])
def test_numbers_decimal_and_thousands(tmp_path: Path, values: list[str],
                                       expected: list[float]) -> None:
    path = tmp_path / "n.csv"
    path.write_text("n;x\n" + "".join(f"{v};a\n" for v in values), encoding="utf-8")
    assert read_table(path).table["n"].to_pylist() == expected


@pytest.mark.parametrize(("values", "fmt"), [
    (["03-04-2024", "28-02-2023"], "%d-%m-%Y"),
    (["3-4-2024", "1-12-2023"], "%d-%m-%Y"),
    (["03/04/2024", "28/02/2023"], "%d/%m/%Y"),
    (["2024-04-03", "2023-02-28"], "%Y-%m-%d"),
])
def test_dates(tmp_path: Path, values: list[str], fmt: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text("d;x\n" + "".join(f"{v};a\n" for v in values), encoding="utf-8")
    result = read_table(path)
    assert result.table["d"].to_pylist()[0] == dt.date(2024, 4, 3)
    assert result.dialect["date_format"] == fmt


def test_ids_with_leading_zeros_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "z.csv"
    path.write_text("code;telefoon\n0012;0612345678\n0345;0201234567\n", encoding="utf-8")
    table = read_table(path).table
    assert table["code"].to_pylist() == ["0012", "0345"]
    assert table["telefoon"].to_pylist() == ["0612345678", "0201234567"]


def test_impossible_date_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("d;x\n31-02-2024;a\n01-03-2024;b\n", encoding="utf-8")
    assert read_table(path).table["d"].to_pylist() == ["31-02-2024", "01-03-2024"]


def test_ascii_head_then_cp1252_byte_later(tmp_path: Path) -> None:
    """An Excel export whose first accented name comes after the sniffed sample."""
    head = "".join(f"{i};Jansen\r\n" for i in range(80_000))
    data = ("id;naam\r\n" + head).encode("ascii") + "80000;Peña\r\n".encode("cp1252")
    path = tmp_path / "late.csv"
    path.write_bytes(data)
    result = read_table(path)
    assert result.dialect["encoding"] == "cp1252"
    assert result.table["naam"].to_pylist()[-1] == "Peña"
    assert result.rows == 80_001


def test_quoted_newline_beyond_the_sample(tmp_path: Path) -> None:
    rows = "".join(f"{i};gewoon\n" for i in range(60_000))
    path = tmp_path / "late_quote.csv"
    path.write_text("id;tekst\n" + rows + '60000;"twee\nregels"\n', encoding="utf-8")
    result = read_table(path)
    assert result.table["tekst"].to_pylist()[-1] == "twee\nregels"
    assert result.rows == 60_001


def test_numbers_only_in_head_then_text_keeps_text(tmp_path: Path) -> None:
    rows = "".join(f"{i};{i % 7}\n" for i in range(50_000))
    path = tmp_path / "mixed.csv"
    path.write_text("id;waarde\n" + rows + "50000;onbekend\n", encoding="utf-8")
    table = read_table(path).table
    assert table["waarde"].type == pa.string()
    assert table["waarde"].to_pylist()[-1] == "onbekend"
    assert table.num_rows == 50_001
