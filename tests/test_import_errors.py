"""Bad input: a clear error naming file, line/row and column; the workspace stays as it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import tomlkit
from typer.testing import CliRunner

from personakit.cli import app
from personakit.errors import InputError, PersonakitError
from personakit.i18n import language
from personakit.ingest import import_file
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint

Write = Callable[[Path], None]


def _text(content: str, encoding: str = "utf-8") -> Write:
    return lambda path: path.write_bytes(content.encode(encoding))


def _bytes(content: bytes) -> Write:
    return lambda path: path.write_bytes(content)


CASES: list[tuple[str, str, Write, dict[str, object], str]] = [
    ("empty", "leeg.csv", _bytes(b""), {}, "{file}: the file is empty."),
    ("blank", "blank.csv", _text("\r\n\r\n  \r\n"), {}, "{file}: the file is empty."),
    ("header only", "kop.csv", _text("a;b;c\r\n"), {},
     "{file}: the file has no data rows (only a header, or nothing at all)."),
    ("binary", "foto.csv", _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
     {}, "{file}: this is not a text file (binary content at byte 8). Export the data as "
         "CSV, Excel (.xlsx), Parquet, JSON or JSONL."),
    ("too many fields", "veel.csv", _text("a;b;c\n1;2;3\n4;5;6;7\n8;9;10\n"), {},
     "{file}: line 3: expected 3 fields (as in the header), found 4."),
    ("too few fields", "weinig.csv", _text("a;b;c\n1;2;3\n4;5;6\n7;8\n"), {},
     "{file}: line 4: expected 3 fields (as in the header), found 2."),
    ("unterminated quote", "quote.csv", _text('a;b;c\n1;2;3\n4;"open;6\n7;8;9\n'), {},
     '{file}: line 3: a quoted field starts here but its closing quote (") is missing.'),
    ("invalid bytes", "bytes.csv",
     _bytes("naam;plaats\nJosé;Den Haag\n".encode() + b"Pe\xf1a;Utrecht\n"), {},
     "{file}: line 3: byte 0xF1 at byte position 29 is not valid utf-8. Save the file as "
     'UTF-8 ("CSV UTF-8" in Excel).'),
    ("duplicate key", "dubbel.csv", _text("id;x\n1;a\n2;b\n1;c\n"), {"key": "id"},
     "{file}: row 4: key 'id' value 1 occurs more than once (first in row 2)."),
    ("missing key", "leegsleutel.csv", _text("id;x\n1;a\n;b\n3;c\n"), {"key": "id"},
     "{file}: row 3: key 'id' has no value."),
    ("unknown key column", "k.csv", _text("id;x\n1;a\n"), {"key": "klant"},
     "{file}: key column 'klant' not found. Columns: id, x."),
    ("unknown type", "data.xls", _bytes(b"whatever"), {},
     "{file}: unknown file type '.xls'. Supported: .csv, .docx, .json, .jsonl, .markdown, "
     ".md, .ndjson, .parquet, .pq, .tab, .tsv, .txt, .xlsm, .xlsx."),
    ("bad json line", "chat.jsonl", _text('{"a": 1}\n{"a": 2\n'), {},
     "{file}: line 2: invalid JSON: Expecting ',' delimiter."),
    ("fake excel", "boek.xlsx", _text("not a zip"), {},
     "{file}: cannot read this Excel workbook (.xlsx): File is not a zip file"),
]


@pytest.mark.parametrize(("name", "filename", "write", "kwargs", "message"), CASES,
                         ids=[c[0] for c in CASES])
def test_bad_input_leaves_workspace_unchanged(
    workspace: Workspace, tmp_path: Path, name: str, filename: str, write: Write,
    kwargs: dict[str, object], message: str,
) -> None:
    path = tmp_path / filename
    write(path)
    workspace.close()
    before = tree_fingerprint(workspace.root)
    with pytest.raises(InputError) as caught:
        import_file(workspace, path, **kwargs)  # type: ignore[arg-type]
    workspace.close()
    assert str(caught.value) == message.format(file=path)
    assert tree_fingerprint(workspace.root) == before


def test_missing_path(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        import_file(workspace, tmp_path / "nergens.csv")
    assert str(caught.value) == f"{tmp_path / 'nergens.csv'}: file not found."


def test_declared_numeric_holding_text(workspace: Workspace, tmp_path: Path) -> None:
    doc = workspace.config_document()
    doc["sources"]["crm"] = {"file": "crm.csv", "roles": {"omzet": "numeric"}}  # type: ignore[index]
    workspace.config_path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    ws = Workspace.open(workspace.root)
    path = tmp_path / "crm.csv"
    path.write_text("id;omzet\n1;12,50\n2;1.200,00\n3;onbekend\n4;7\n", encoding="utf-8")
    ws.close()
    before = tree_fingerprint(ws.root)
    with pytest.raises(InputError) as caught:
        import_file(ws, path, name="crm")
    ws.close()
    assert str(caught.value) == (
        f"{path}: row 4, column 'omzet': 'onbekend' is not a number, but the column is "
        "declared numeric in personakit.toml.")
    assert tree_fingerprint(ws.root) == before


def test_error_in_dutch(tmp_path: Path, workspace: Workspace) -> None:
    path = tmp_path / "veel.csv"
    path.write_text("a;b;c\n1;2;3\n4;5;6;7\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_file(workspace, path)
    with language("nl"):
        assert caught.value.message() == (
            f"{path}: regel 3: 3 velden verwacht (zoals in de kopregel), 4 gevonden.")


def test_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(PersonakitError) as caught:
        Workspace.open(tmp_path)
    assert "is not a personakit workspace" in str(caught.value)


def test_lenient_quarantines_and_says_how_many(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "rommel.csv"
    path.write_text("id;naam;bedrag\n1;a;1,5\n2;b;2,5;extra\n3;c\n4;d;4,5\n4;e;5,5\n",
                    encoding="utf-8")
    result = import_file(workspace, path, key="id", lenient=True)
    assert result.rejects == 3
    assert result.snapshot.rows == 2
    rejects_path = workspace.root / result.snapshot.path.replace(".parquet", ".rejects.parquet")
    rejects = pq.read_table(rejects_path).to_pylist()
    assert [r["line"] for r in rejects] == [3, 4, 6]
    assert rejects[0]["reason"] == f"{path}: line 3: expected 3 fields (as in the header), found 4."
    assert "occurs more than once" in rejects[2]["reason"]


def test_cli_error_exit_code_and_json(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "veel.csv"
    path.write_text("a;b\n1;2;3\n", encoding="utf-8")
    workspace.close()
    before = tree_fingerprint(workspace.root)
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(path), "-w", str(workspace.root), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["error"] == "ingest.error.field_count"
    assert data["line"] == 2
    assert data["expected"] == 2 and data["found"] == 3
    assert tree_fingerprint(workspace.root) == before


def test_cli_not_a_workspace(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(path), "-w", str(tmp_path / "geen")])
    assert result.exit_code == 1
    assert "is not a personakit workspace" in result.stderr
