"""Excel, Parquet, JSON and JSONL readers, and the reader registry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from personakit.errors import InputError
from personakit.ingest import Loaded, Reader, read_table, reader_for, readers, register_reader
from personakit.model import ColumnRole


def test_excel_workbook(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["klantnummer", "naam", "lid sinds", "omzet", "tekst als getal", None])
    sheet.append([1, "Jan de Vries", dt.datetime(2020, 1, 31), 12.5, "1.234,50", None])
    sheet.append([2, "Sanne Bakker", dt.datetime(2021, 6, 1), 8, "99,95", None])
    sheet.append([None, None, None, None, None, None])  # Excel's trailing blank rows
    path = tmp_path / "crm.xlsx"
    book.save(path)
    result = read_table(path, key="klantnummer")
    assert result.table.column_names == ["klantnummer", "naam", "lid sinds", "omzet",
                                         "tekst als getal"]
    assert result.rows == 2
    assert result.table["lid sinds"].to_pylist() == [dt.date(2020, 1, 31), dt.date(2021, 6, 1)]
    assert result.table["omzet"].to_pylist() == [12.5, 8.0]
    assert result.table["tekst als getal"].to_pylist() == [1234.5, 99.95]
    assert result.dialect["format"] == "xlsx"


def test_excel_duplicate_key_names_the_sheet_row(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["id", "x"], [1, "a"], [2, "b"], [2, "c"]):
        sheet.append(row)
    path = tmp_path / "dubbel.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_table(path, key="id")
    assert caught.value.params["row"] == 4 and caught.value.params["first"] == 3


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    pq.write_table(pa.table({"id": [1, 2], "stap": ["home", "offerte"]}), path)
    result = read_table(path)
    assert result.table.to_pylist() == [{"id": 1, "stap": "home"}, {"id": 2, "stap": "offerte"}]


def test_json_array_of_objects(tmp_path: Path) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([
        {"klant": 1, "score": 4, "kanalen": ["app", "email"], "datum": "2025-03-01"},
        {"klant": 2, "score": 5, "kanalen": ["telefoon"], "datum": "2025-03-02", "extra": True},
    ]), encoding="utf-8")
    result = read_table(path)
    rows = result.table.to_pylist()
    assert rows[0]["kanalen"] == "app;email"
    assert rows[0]["extra"] is None and rows[1]["extra"] is True
    assert rows[1]["datum"] == dt.date(2025, 3, 2)


def test_json_wrapped_list(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"data": [{"a": 1}, {"a": 2}]}), encoding="utf-8")
    assert read_table(path).table["a"].to_pylist() == [1, 2]


def test_json_wrong_shape(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(InputError, match="expected a JSON array of objects"):
        read_table(path)


def test_jsonl_chat_log(tmp_path: Path) -> None:
    lines = [
        {"gesprek": "G1", "klantnummer": 7, "tijdstip": "2025-02-01T16:41:30",
         "afzender": "klant", "tekst": "Mijn auto start niet meer, wat nu?"},
        {"gesprek": "G1", "klantnummer": 7, "tijdstip": "2025-02-01T16:42:00",
         "afzender": "medewerker", "tekst": "Vervelend! Ik stuur direct iemand langs."},
    ]
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    result = read_table(path)
    assert result.rows == 2
    assert result.table["tijdstip"].type == pa.timestamp("s")


def test_jsonl_lenient(tmp_path: Path) -> None:
    path = tmp_path / "chats.jsonl"
    path.write_text('{"a": 1}\n{"a": \n[1]\n{"a": 3}\n', encoding="utf-8")
    result = read_table(path, lenient=True)
    assert result.table["a"].to_pylist() == [1, 3]
    assert [r.line for r in result.rejects] == [2, 3]


def test_registry_takes_new_readers_like_the_builtins(tmp_path: Path) -> None:
    def read_lines(path: Path, lenient: bool) -> Loaded:
        lines = path.read_text(encoding="utf-8").splitlines()
        return Loaded(pa.table({"regel": lines}), {"format": "notes"})

    assert {r.kind for r in readers()} >= {"csv", "xlsx", "parquet", "json", "jsonl"}
    register_reader(Reader("notes", (".notes",), read_lines))
    try:
        path = tmp_path / "interview.notes"
        path.write_text("Ik bel liever dan dat ik mail.\nDe app is onhandig.\n", encoding="utf-8")
        result = read_table(path)
        assert reader_for(path).kind == "notes"
        assert result.table["regel"].to_pylist()[1] == "De app is onhandig."
        assert result.columns[0].role in (ColumnRole.TEXT, ColumnRole.CATEGORICAL)
    finally:
        from personakit.ingest import _registry

        del _registry._READERS[".notes"]


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "map.csv"
    folder.mkdir()
    with pytest.raises(InputError, match="is a folder, not a file"):
        read_table(folder)
