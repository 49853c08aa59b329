"""Large files are read in parts (``ingest._split``): the result must be exactly what the
whole-file read gives, and every case the parts cannot be sure of must fall back to it.

The size thresholds are lowered so that small files take the large-file path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from personakit.errors import InputError
from personakit.ingest import _import, _sniff, _split, import_file
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint

ROWS = 4000
Edit = Callable[[list[list[str]]], None]


def _rows(rows: int = ROWS, seed: int = 3) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    cities = ["Amsterdam", "Zwolle", "Den Haag", "'s-Hertogenbosch", "Utrecht"]
    likert = ["Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens"]
    out = [["klantnr", "plaats", "omzet", "korting", "lid_sinds", "leeftijd", "kanalen",
            "tevreden", "email", "opmerking"]]
    for i in range(rows):
        amount = f"{rng.gamma(2, 800):,.2f}".replace(",", "_").replace(".", ",") \
            .replace("_", ".")
        out.append([
            str(10_000 + i), cities[int(rng.integers(0, 5))], amount,
            f"{rng.uniform(0, 30):.1f}".replace(".", ","),
            f"{int(rng.integers(1, 29)):02d}-{int(rng.integers(1, 13)):02d}-"
            f"{int(rng.integers(1990, 2024))}",
            str(int(rng.integers(18, 90))),
            '"' + ";".join(sorted({"app", "email", "telefoon"}
                                  - {["app", "email", "telefoon"][i % 3]})) + '"',
            likert[int(rng.integers(0, 4))], f"k{i}@voorbeeld.nl",
            "" if i % 7 else '"Snel geholpen; prima"',
        ])
    return out


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig",
           newline: str = "\r\n") -> Path:
    path.write_bytes(newline.join(";".join(r) for r in rows).encode(encoding)
                     + newline.encode())
    return path


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every file counts as large; records which imports took the parts path."""
    monkeypatch.setattr(_import, "SMALL_FILE_BYTES", 0)
    monkeypatch.setattr(_split, "SPLIT_BYTES", 0)
    # The sniffed head (which types columns for the reader) is the first 200 rows, so a
    # surprise further down is as far from it as in a file of millions of rows.
    monkeypatch.setattr(_sniff, "SAMPLE_ROWS", 200)
    taken: list[str] = []
    real = _split.split_import

    def spy(path: Path, *args: Any, **kwargs: Any) -> Any:
        try:
            result = real(path, *args, **kwargs)
        except InputError:
            taken.append("parts")  # the parts path itself found the error
            raise
        taken.append("parts" if result is not None else "whole")
        return result

    monkeypatch.setattr(_import, "split_import", spy)
    yield taken


def _import_both(tmp_path: Path, file: Path, monkeypatch: pytest.MonkeyPatch,
                 **kwargs: Any) -> tuple[Any, Any]:
    """The file imported through the parts path and through the whole-file path."""
    parts_ws = Workspace.init(tmp_path / "parts", language="en")
    parts = import_file(parts_ws, file, **kwargs)
    monkeypatch.setattr(_split, "SPLIT_BYTES", 1 << 62)
    whole_ws = Workspace.init(tmp_path / "whole", language="en")
    whole = import_file(whole_ws, file, **kwargs)
    return (parts_ws, parts), (whole_ws, whole)


def _assert_same(a: tuple[Workspace, Any], b: tuple[Workspace, Any]) -> None:
    (ws_a, res_a), (ws_b, res_b) = a, b
    table_a = pq.read_table(ws_a.root / res_a.snapshot.path)
    table_b = pq.read_table(ws_b.root / res_b.snapshot.path)
    assert table_a.schema == table_b.schema
    assert table_a.equals(table_b)
    assert res_a.snapshot.columns == res_b.snapshot.columns
    assert res_a.snapshot.dialect == res_b.snapshot.dialect


def test_parts_give_what_the_whole_file_gives(tmp_path: Path, large: list[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    file = _write(tmp_path / "crm.csv", _rows())
    parts, whole = _import_both(tmp_path, file, monkeypatch, key="klantnr")
    assert large == ["parts", "whole"]
    _assert_same(parts, whole)
    snapshot = pq.ParquetFile(parts[0].root / parts[1].snapshot.path)
    assert snapshot.metadata.num_row_groups == len(_split.PART_ENDS) + 1
    table = snapshot.read()
    assert pa.types.is_string(table.schema.field("plaats").type)  # not a dictionary
    assert pa.types.is_date32(table.schema.field("lid_sinds").type)
    assert pa.types.is_float64(table.schema.field("omzet").type)
    assert table.num_rows == ROWS
    assert table["klantnr"].to_pylist() == list(range(10_000, 10_000 + ROWS))


def _late(row: int, column: str, value: str) -> Edit:
    def edit(rows: list[list[str]]) -> None:
        rows[row][rows[0].index(column)] = value
    return edit


@pytest.mark.parametrize(("edit", "expect_kind"), [
    # text in a number column far down: the whole column stays text
    (_late(ROWS - 10, "omzet", "n.v.t."), "string"),
    # amounts in whole euros ("12.345") in the first part, one with cents in the last
    (lambda rows: [r.__setitem__(2, f"{1000 + i:,}".replace(",", "."))
                   for i, r in enumerate(rows[1:])], "double"),
    # a day that does not exist, far down: the dates stay text
    (_late(ROWS - 5, "lid_sinds", "31-02-2020"), "string"),
], ids=["text-in-number", "fraction-late", "impossible-date"])
def test_a_later_part_that_does_not_fit_falls_back(tmp_path: Path, large: list[str],
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   edit: Edit, expect_kind: str) -> None:
    rows = _rows()
    edit(rows)
    if expect_kind == "double":
        rows[-1][2] = "4.321,50"
    file = _write(tmp_path / "crm.csv", rows)
    parts, whole = _import_both(tmp_path, file, monkeypatch, key="klantnr")
    assert large[0] == "whole"  # the parts path stepped aside
    _assert_same(parts, whole)
    column = {"text-in-number": "omzet", "fraction-late": "omzet",
              "impossible-date": "lid_sinds"}
    kinds = {str(pq.read_table(parts[0].root / parts[1].snapshot.path).schema.field(c).type)
             for c in column.values()}
    assert expect_kind in kinds


def test_a_quoted_line_break_after_the_sample_falls_back(tmp_path: Path, large: list[str],
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    rows = _rows()
    rows[ROWS // 2][9] = '"eerste regel\r\ntweede regel"'
    file = _write(tmp_path / "crm.csv", rows)
    parts, whole = _import_both(tmp_path, file, monkeypatch, key="klantnr")
    assert large[0] == "whole"
    _assert_same(parts, whole)
    table = pq.read_table(parts[0].root / parts[1].snapshot.path)
    assert "eerste regel\r\ntweede regel" in table["opmerking"].to_pylist()


def test_cuts_are_never_inside_quotes() -> None:
    data = b'a;b\n1;"x\n' + b'y"\n' * 3 + b"2;z\n"
    buffer = pa.py_buffer(data)
    cuts = _split.line_cuts(buffer, (0.5,))
    assert cuts is not None
    inside = data[:cuts[1]].count(b'"') % 2 == 1
    assert _split.outside_quotes(buffer, cuts) is not inside
    assert _split.outside_quotes(pa.py_buffer(b'a;b\n"1";"2"\n3;4\n'), [0, 12, 16])


@pytest.mark.parametrize(("edit", "message"), [
    (_late(ROWS - 3, "klantnr", "10005"),
     "row {row}: key 'klantnr' value 10005 occurs more than once (first in row 7)."),
    (_late(ROWS - 3, "klantnr", ""), "row {row}: key 'klantnr' has no value."),
], ids=["duplicate-key", "missing-key"])
def test_key_errors_name_the_row_and_leave_nothing(tmp_path: Path, large: list[str],
                                                   edit: Edit, message: str) -> None:
    rows = _rows()
    edit(rows)
    file = _write(tmp_path / "crm.csv", rows)
    ws = Workspace.init(tmp_path / "ws", language="en")
    before = tree_fingerprint(ws.root)
    with pytest.raises(InputError) as caught:
        import_file(ws, file, key="klantnr")
    assert caught.value.message("en").endswith(message.format(row=ROWS - 2))
    assert tree_fingerprint(ws.root) == before
    assert large == ["parts"]


def test_lenient_key_problems_are_quarantined_by_the_whole_path(
        tmp_path: Path, large: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows()
    _late(ROWS - 3, "klantnr", "10005")(rows)
    file = _write(tmp_path / "crm.csv", rows)
    parts, whole = _import_both(tmp_path, file, monkeypatch, key="klantnr", lenient=True)
    assert large[0] == "whole"
    assert parts[1].rejects == whole[1].rejects == 1
    _assert_same(parts, whole)


def test_invalid_utf8_far_down_gives_the_exact_error(tmp_path: Path, large: list[str]) -> None:
    file = _write(tmp_path / "crm.csv", _rows())
    data = file.read_bytes()
    at = data.index(b"Utrecht", len(data) * 9 // 10)
    file.write_bytes(data[:at] + b"Utr\xf1cht" + data[at + 7:])
    ws = Workspace.init(tmp_path / "ws", language="en")
    before = tree_fingerprint(ws.root)
    with pytest.raises(InputError) as caught:
        import_file(ws, file, key="klantnr")
    assert "byte 0xF1" in caught.value.message("en")
    assert "is not valid utf-8" in caught.value.message("en")
    assert tree_fingerprint(ws.root) == before
    assert large == ["whole"]


def test_other_encodings_and_declared_numbers_take_the_whole_path(
        tmp_path: Path, large: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    cp1252 = _write(tmp_path / "oud.csv", [[*r[:3], "Café"] for r in _rows(500)],
                    encoding="cp1252")
    parts, whole = _import_both(tmp_path, cp1252, monkeypatch)
    assert large[0] == "parts"  # a single-byte encoding can be cut at line ends
    _assert_same(parts, whole)
    monkeypatch.setattr(_split, "SPLIT_BYTES", 0)
    ws = Workspace.init(tmp_path / "declared", language="en")
    import_file(ws, _write(tmp_path / "crm.csv", _rows(500)))
    ws.config_path.write_text(ws.config_path.read_text(encoding="utf-8")
                              + '\n[sources.crm.roles]\nomzet = "numeric"\n', encoding="utf-8")
    ws = Workspace.open(ws.root)
    declared = import_file(ws, _write(tmp_path / "crm.csv", _rows(500, seed=4)))
    assert large[-2:] == ["parts", "whole"]
    assert any(c.name == "omzet" and c.role == "numeric" for c in declared.snapshot.columns)


def test_same_content_again_is_a_no_op(tmp_path: Path, large: list[str]) -> None:
    rows = _rows(800)
    ws = Workspace.init(tmp_path / "ws", language="en")
    first = import_file(ws, _write(tmp_path / "crm.csv", rows), key="klantnr")
    again = import_file(ws, _write(tmp_path / "crm.csv", rows), key="klantnr")
    # saved again with other line endings: the same data, the same snapshot
    resaved = import_file(ws, _write(tmp_path / "crm.csv", rows, newline="\n"),
                          key="klantnr")
    assert first.created and not again.created and not resaved.created
    assert again.snapshot.id == resaved.snapshot.id == first.snapshot.id
    leftovers = [p.name for p in (ws.root / "data").rglob("*") if p.name.startswith(".")]
    assert leftovers == []
