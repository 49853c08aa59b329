"""Text documents in: .txt, .md, .docx and folders of them; reviews; bad input refused."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personakit.errors import InputError
from personakit.ingest import import_file, linked_frame, read_table
from personakit.ingest._documents import (
    Document,
    Line,
    TextImportSettings,
    is_tabular,
    parse,
    read_docx,
    read_plain,
    text_limits,
)
from personakit.ingest._kinds import kind_columns
from personakit.model import ColumnInfo, ColumnRole
from personakit.sample._interviews import docx_bytes
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint

TRANSCRIPT = """Klantnummer: 1007156
Datum: 2 maart 2026
Interviewer: Anne Smit

I: Hoe vaak gebruikt u de app?
R: Eigenlijk elke dag. Ik rijd naar mijn werk over de A12 en
als er iets is, meld ik het meteen.
I: En wat kan beter?
Respondent: Het inloggen, na elke update opnieuw.
"""
NOTES_MD = """# Interview 07

**Datum:** 2026-02-12
**Profiel:** Zorgzame gezinsplanner

## Wat wilt u vooral bereiken?

Dat het hele **gezin** gedekt is, ook als mijn partner met de kinderen op pad is.

- Rust met kinderen achterin
- Een [goede website](https://example.org) met uitleg

## Observaties

Mevrouw vertelt rustig en zeker.
"""


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# -- readers --------------------------------------------------------------------------------
def test_transcript_keeps_the_respondents_lines_with_the_question(tmp_path: Path) -> None:
    result = read_table(_write(tmp_path / "gesprek.txt", TRANSCRIPT))
    rows = result.table.to_pylist()
    assert [r["text"] for r in rows] == [
        "Eigenlijk elke dag. Ik rijd naar mijn werk over de A12 en als er iets is, meld ik "
        "het meteen.", "Het inloggen, na elke update opnieuw."]
    assert [r["question"] for r in rows] == ["Hoe vaak gebruikt u de app?",
                                             "En wat kan beter?"]
    assert {r["speaker"] for r in rows} == {"respondent"}
    assert {str(r["key"]) for r in rows} == {"1007156"}
    assert {str(r["date"]) for r in rows} == {"2026-03-02"}
    assert [r["part"] for r in rows] == [1, 2] and {r["document"] for r in rows} == {
        "gesprek.txt"}
    roles = {c.name: c.role for c in result.columns}
    assert roles["text"] == ColumnRole.TEXT and roles["key"] == ColumnRole.IDENTIFIER
    assert roles["question"] == ColumnRole.IGNORE  # the interviewer is never quoted
    assert result.dialect["format"] == "text" and result.dialect["speakers"] is True


def test_markdown_paragraphs_with_headings_as_context(tmp_path: Path) -> None:
    rows = read_table(_write(tmp_path / "notities.md", NOTES_MD)).table.to_pylist()
    assert [r["text"] for r in rows] == [
        "Dat het hele gezin gedekt is, ook als mijn partner met de kinderen op pad is.",
        "Rust met kinderen achterin\nEen goede website met uitleg",
        "Mevrouw vertelt rustig en zeker."]
    assert [r["question"] for r in rows] == ["Wat wilt u vooral bereiken?"] * 2 + [None]
    assert [r["section"] for r in rows] == ["Interview 07", "Interview 07", "Observaties"]
    assert {r["profile"] for r in rows} == {"Zorgzame gezinsplanner"}
    assert "key" not in rows[0]


def test_docx_paragraphs_in_order_headings_kept(tmp_path: Path) -> None:
    path = tmp_path / "verslag.docx"
    docx_bytes([("Interviewverslag", "Heading1"), ("Lidnummer: 1002003", None),
                ("Wat ergert u?", "Heading2"),
                ("De app loopt vast, echt waar. Daarna moet ik opnieuw inloggen.", None),
                ("", None), ("Tweede alinea & meer <tekst>.", None)], path)
    rows = read_table(path).table.to_pylist()
    assert [r["text"] for r in rows] == [
        "De app loopt vast, echt waar. Daarna moet ik opnieuw inloggen.",
        "Tweede alinea & meer <tekst>."]
    assert {str(r["key"]) for r in rows} == {"1002003"}
    assert {r["question"] for r in rows} == {"Wat ergert u?"}
    assert {r["section"] for r in rows} == {"Interviewverslag"}


def test_docx_speaker_labels_and_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "labels.docx"
    docx_bytes([("Vraag: Wat vindt u van de prijs?", None),
                ("Antwoord: Te duur. Mijn pensioen wordt niet hoger.", None),
                ("Vraag: Hoe bedoelt u?", None), ("Antwoord: Elk jaar meer.", None)], path)
    rows = read_table(path).table.to_pylist()
    assert [(r["question"], r["text"]) for r in rows] == [
        ("Wat vindt u van de prijs?", "Te duur. Mijn pensioen wordt niet hoger."),
        ("Hoe bedoelt u?", "Elk jaar meer.")]


def test_a_txt_table_is_still_read_as_csv(tmp_path: Path) -> None:
    result = read_table(_write(tmp_path / "export.txt", "naam\tleeftijd\nJan\t40\nPiet\t50\n"))
    assert result.dialect["format"] == "csv" and result.table.column_names == ["naam",
                                                                               "leeftijd"]
    prose = _write(tmp_path / "notitie.txt", "Dit is een notitie, met een komma.\n"
                                             "Nog een regel, ook met komma.\n")
    assert not is_tabular(prose)
    assert read_table(prose).dialect["format"] == "text"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_notepad_writes(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path / "n.txt", "Repatriëring van de auto, één zorg minder.\r\n",
                  encoding)
    rows = read_table(path).table.to_pylist()
    assert rows[0]["text"] == "Repatriëring van de auto, één zorg minder."


def test_a_long_part_is_split_at_sentence_ends(tmp_path: Path) -> None:
    sentence = "De wegenwacht kwam snel en was heel vriendelijk tegen de kinderen. "
    path = _write(tmp_path / "lang.txt", sentence * 50)
    with text_limits(TextImportSettings(max_part_chars=500)):
        rows = read_table(path).table.to_pylist()
    assert len(rows) > 1 and all(len(r["text"]) <= 500 for r in rows)
    assert " ".join(r["text"] for r in rows) == (sentence * 50).strip()


# -- folders --------------------------------------------------------------------------------
def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "interviews"
    folder.mkdir()
    _write(folder / "a.txt", TRANSCRIPT)
    _write(folder / "b.md", NOTES_MD)
    docx_bytes([("Klantnr: 1000001", None), ("Alles digitaal, fijn.", None)],
               folder / "c.docx")
    _write(folder / "foto.png", "not a document")
    _write(folder / ".DS_Store", "x")
    _write(folder / "~$c.docx", "Word's lock file")
    return folder


def test_folder_is_one_source_with_rows_from_every_document(workspace: Workspace,
                                                            tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = import_file(workspace, folder, kind="interview")
    snapshot = result.snapshot
    assert result.created and snapshot.source == "interviews" and snapshot.rows == 6
    assert snapshot.dialect["format"] == "folder" and snapshot.dialect["skipped"] == [
        "foto.png"]
    table = pq.read_table(workspace.root / snapshot.path)
    assert sorted(set(table["document"].to_pylist())) == ["a.txt", "b.md", "c.docx"]
    config = workspace.config.sources["interviews"]
    assert config.kind == "text" and config.link == "key"
    assert config.options == {"kind": "interview"}
    again = import_file(workspace, folder)
    assert not again.created and again.snapshot.id == snapshot.id
    _write(folder / "d.md", "Een nieuw verslag.")
    assert import_file(workspace, folder).snapshot.rows == 7


def test_folder_is_all_or_nothing(workspace: Workspace, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _write(folder / "kapot.docx", "this is not a zip")
    workspace.close()
    before = tree_fingerprint(workspace.root)
    with pytest.raises(InputError) as caught:
        import_file(workspace, folder)
    workspace.close()
    assert str(folder / "kapot.docx") in str(caught.value)
    assert tree_fingerprint(workspace.root) == before


def test_folder_without_documents(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "leeg"
    folder.mkdir()
    _write(folder / "data.csv", "a;b\n1;2\n")
    with pytest.raises(InputError) as caught:
        import_file(workspace, folder)
    assert str(caught.value) == (f"{folder}: the folder holds no text documents; expected "
                                 "files ending in .txt, .md, .markdown, .docx.")


def test_text_sources_stay_out_of_the_linked_data(workspace: Workspace,
                                                  tmp_path: Path) -> None:
    crm = _write(tmp_path / "crm.csv", "klantnummer;leeftijd\n1007156;40\n1000001;50\n")
    import_file(workspace, crm, key="klantnummer")
    import_file(workspace, _folder(tmp_path))
    assert set(linked_frame(workspace).inputs) == {"crm"}
    assert set(linked_frame(workspace, sources=["crm", "interviews"]).inputs) == {
        "crm", "interviews"}


# -- reviews, kinds and competitors ---------------------------------------------------------
def test_reviews_get_a_text_and_a_numeric_rating(tmp_path: Path) -> None:
    csv = _write(tmp_path / "reviews.csv", "review_id,datum,sterren,tekst\n" + "".join(
        f"R{i},2026-01-{1 + i % 28:02d},{1 + i % 5},Review nummer {i}: de hulp kwam "
        f"{'snel' if i % 2 else 'laat'} en de monteur was vriendelijk.\n" for i in range(40)))
    roles = {c.name: c.role for c in read_table(csv).columns}
    assert roles["tekst"] == ColumnRole.TEXT and roles["sterren"] == ColumnRole.NUMERIC
    records = [{"id": f"V{i}", "rating": 1 + i % 5, "text": f"Goede app, versie {i} werkt "
                "prima, ik kan alles zelf regelen."} for i in range(30)]
    path = tmp_path / "app.json"
    path.write_text(json.dumps({"reviews": records}), encoding="utf-8")
    roles = {c.name: c.role for c in read_table(path).columns}
    assert roles["text"] == ColumnRole.TEXT and roles["rating"] == ColumnRole.NUMERIC


def test_kind_review_makes_short_texts_text_and_a_scale_a_number() -> None:
    columns = [ColumnInfo(name="beoordeling", role=ColumnRole.ORDINAL, dtype="int64",
                          levels=["1", "2", "3", "4", "5"]),
               ColumnInfo(name="recensie", role=ColumnRole.CATEGORICAL, dtype="string",
                          n_unique=25),
               ColumnInfo(name="bron", role=ColumnRole.CATEGORICAL, dtype="string",
                          n_unique=2)]
    out = {c.name: c for c in kind_columns(columns, "review")}
    assert out["beoordeling"].role == ColumnRole.NUMERIC and out["beoordeling"].levels is None
    assert out["recensie"].role == ColumnRole.TEXT
    assert out["recensie"].inferred_role == ColumnRole.CATEGORICAL
    assert out["bron"].role == ColumnRole.CATEGORICAL
    assert kind_columns(columns, "chat") == columns


def test_competitor_and_kind_are_stored_as_options(workspace: Workspace,
                                                   tmp_path: Path) -> None:
    path = _write(tmp_path / "wegwijs.csv", "id;beoordeling;recensie\n" + "".join(
        f"W{i};{1 + i % 5};Goedkoop maar lang wachten, dag {i}.\n" for i in range(30)))
    result = import_file(workspace, path, competitor=" Wegwijs  Pechhulp ")
    options = workspace.config.sources["wegwijs"].options
    assert options == {"competitor": "Wegwijs Pechhulp", "kind": "review"}
    roles = {c.name: c.role for c in result.snapshot.columns}
    assert roles["beoordeling"] == ColumnRole.NUMERIC and roles["recensie"] == ColumnRole.TEXT
    import_file(workspace, path, kind="other")  # the same file, now said to be another kind
    assert workspace.config.sources["wegwijs"].options["kind"] == "other"


def test_unknown_kind_is_refused_before_anything(workspace: Workspace,
                                                 tmp_path: Path) -> None:
    path = _write(tmp_path / "x.csv", "a;b\n1;2\n")
    workspace.close()
    before = tree_fingerprint(workspace.root)
    with pytest.raises(InputError) as caught:
        import_file(workspace, path, kind="tweet")
    assert str(caught.value) == ("Unknown kind of texts 'tweet'; choose one of: interview, "
                                 "review, chat, open_answer, note, other.")
    with pytest.raises(InputError, match="competitor's name"):
        import_file(workspace, path, competitor="  ")
    workspace.close()
    assert tree_fingerprint(workspace.root) == before


# -- bad input ------------------------------------------------------------------------------
Write = Callable[[Path], None]


def _zip_without_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/styles.xml", "<styles/>")


def _bad_xml(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><w:body>")


def _entity_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE lolz ['
                         '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>')


BAD: list[tuple[str, str, Write, str]] = [
    ("empty", "leeg.md", lambda p: p.write_bytes(b""),
     "{file}: the document has no text (it is empty, or holds only header lines such as "
     "'Klantnummer: ...')."),
    ("only a header", "kop.txt", lambda p: p.write_text("Klantnummer: 1007156\n\n",
                                                        encoding="utf-8"),
     "{file}: the document has no text (it is empty, or holds only header lines such as "
     "'Klantnummer: ...')."),
    ("empty docx", "leeg.docx", lambda p: docx_bytes([("", None)], p),
     "{file}: the document has no text (it is empty, or holds only header lines such as "
     "'Klantnummer: ...')."),
    ("docx not a zip", "nep.docx", lambda p: p.write_text("hallo", encoding="utf-8"),
     "{file}: not a Word document (.docx): expected a zip archive with word/document.xml "
     "(File is not a zip file)."),
    ("docx without document.xml", "half.docx", _zip_without_document,
     "{file}: not a Word document (.docx): the archive has no word/document.xml. Save it "
     "again from Word as .docx."),
    ("docx with broken xml", "stuk.docx", _bad_xml,
     "{file}: the Word document's text (word/document.xml) cannot be read: unbound prefix: "
     "line 1, column 0."),
    ("docx with entities", "bom.docx", _entity_bomb,
     "{file}: the Word document's text (word/document.xml) cannot be read: DOCTYPE."),
    ("utf-32", "u32.txt", lambda p: p.write_bytes("Hallo wereld".encode("utf-32")),
     "{file}: not readable as text in UTF-8, UTF-16 or Windows-1252 (UTF-32). Save the "
     "document as UTF-8 text (.txt, .md) or as a Word document (.docx)."),
    ("binary", "foto.md", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
     "{file}: not readable as text in UTF-8, UTF-16 or Windows-1252 (byte 8). Save the "
     "document as UTF-8 text (.txt, .md) or as a Word document (.docx)."),
    ("shift-jis", "jp.txt", lambda p: p.write_bytes("日本語のインタビュー記録です。".encode(
        "shift_jis") * 20),
     "{file}: not readable as text in UTF-8, UTF-16 or Windows-1252 (byte 0x93). Save the "
     "document as UTF-8 text (.txt, .md) or as a Word document (.docx)."),
    ("cp1252 garbled", "gr.txt", lambda p: p.write_bytes(bytes(range(0xA0, 0x100)) * 20),
     "{file}: not readable as text in UTF-8, UTF-16 or Windows-1252 (cp1252?). Save the "
     "document as UTF-8 text (.txt, .md) or as a Word document (.docx)."),
    ("damaged utf-8", "kapot.md", lambda p: p.write_bytes(
        "Regel één\nRepatriëring\n".encode() + b"fout \x81 hier\n"),
     "{file}: line 3: byte 0x81 is not valid utf-8. Save the document as UTF-8 text."),
    ("10 MB on one line", "enorm.txt", lambda p: p.write_bytes(b"a" * 10_000_000),
     "{file}: the document holds 10000000 characters, more than the limit of 2000000 "
     "([settings.text_import] max_document_chars). Split it into several documents, or "
     "raise the limit."),
    ("bad date", "datum.md", lambda p: p.write_text("Klantnummer: 12\nDatum: gisteren\n\n"
                                                    "Tekst.", encoding="utf-8"),
     "{file}: line 2: date 'gisteren' not recognised; expected a date such as 2026-03-02, "
     "2-3-2026 or 2 maart 2026."),
]


@pytest.mark.parametrize(("name", "filename", "write", "message"), BAD,
                         ids=[c[0] for c in BAD])
def test_bad_document_leaves_workspace_unchanged(workspace: Workspace, tmp_path: Path,
                                                 name: str, filename: str, write: Write,
                                                 message: str) -> None:
    path = tmp_path / filename
    write(path)
    workspace.close()
    before = tree_fingerprint(workspace.root)
    with pytest.raises(InputError) as caught:
        import_file(workspace, path)
    workspace.close()
    assert str(caught.value) == message.format(file=path)
    assert tree_fingerprint(workspace.root) == before


def test_a_stretch_without_sentence_end_names_the_line(workspace: Workspace,
                                                       tmp_path: Path) -> None:
    doc = workspace.config_document()
    doc["settings"] = {"text_import": {"max_part_chars": 1000}}
    workspace.config_path.write_text(__import__("tomlkit").dumps(doc), encoding="utf-8")
    ws = Workspace.open(workspace.root)
    path = _write(tmp_path / "lijst.txt", "Eerste alinea.\n\n" + "woord " * 400)
    with pytest.raises(InputError) as caught:
        import_file(ws, path)
    ws.close()
    assert str(caught.value) == (
        f"{path}: line 3: more than 1000 characters without the end of a sentence (. ! ?), "
        "so the text cannot be split into parts ([settings.text_import] max_part_chars). "
        "Is this really running text?")


def test_dutch_messages(tmp_path: Path) -> None:
    from personakit.i18n import language

    path = tmp_path / "nep.docx"
    path.write_text("hallo", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table(path)
    with language("nl"):
        assert caught.value.message() == (
            f"{path}: geen Word-document (.docx): verwacht een zip-archief met "
            "word/document.xml (File is not a zip file).")


# -- property tests of the parsers ----------------------------------------------------------
_WORDS = st.text(alphabet=st.characters(whitelist_categories=("L", "N"),
                                        max_codepoint=0x24F), min_size=1, max_size=12)
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=12).map(lambda w: " ".join(w) + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=8))
def test_docx_round_trip(tmp_path: Path, paragraphs: list[str]) -> None:
    path = tmp_path / "rt.docx"
    docx_bytes([(p, None) for p in paragraphs], path)
    parsed = parse(read_docx(path))
    assert [p.text for p in parsed.parts] == [p for p in paragraphs if not _header_like(p)]


def _header_like(text: str) -> bool:
    from personakit.ingest._documents import header_field, speaker_of

    return header_field(text) is not None or speaker_of(text) is not None


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=8),
       newline=st.sampled_from(["\n", "\r\n"]), blank=st.sampled_from(["\n", "\n  \n\n"]))
def test_txt_paragraphs_round_trip(tmp_path: Path, paragraphs: list[str], newline: str,
                                   blank: str) -> None:
    path = tmp_path / "rt.txt"
    path.write_bytes(blank.join(p + "\n" for p in paragraphs).replace("\n", newline)
                     .encode("utf-8"))
    parsed = parse(read_plain(path, markdown=False))
    assert [p.text for p in parsed.parts] == paragraphs


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(st.text(max_size=80), max_size=30), docx=st.booleans())
def test_parser_never_crashes(lines: list[str], docx: bool) -> None:
    doc = Document("x.txt", Path("x.txt"), [Line(text, i) for i, text in enumerate(lines, 1)],
                   unit="paragraph" if docx else "line")
    try:
        parsed = parse(doc)
    except InputError as exc:
        assert exc.key.startswith("texts.import.error.")  # a bad date header, said clearly
        return
    assert all(p.text.strip() for p in parsed.parts)
