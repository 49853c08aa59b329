"""Texts for analysis: redacted before they are stored, their language, their link."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from personakit.access import audit_entries
from personakit.erasure import erase_person
from personakit.errors import InputError, WorkspaceError
from personakit.ingest import import_file
from personakit.sample._interviews import docx_bytes
from personakit.texts import _items as items_module
from personakit.texts import (
    detect_language,
    document_links,
    link_document,
    select_items,
    stored_texts,
    text_items,
)
from personakit.texts._items import DERIVED_DIR, derived_files, scrub_text
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._webapp import copy_ws, template

PLANTED = {
    "email": "j.de.vries@voorbeeld.nl",
    "phone": "+31 6 1234 5678",
    "iban": "NL91 ABNA 0417 1643 00",
    "bsn": "111222333",
    "postcode": "3011 AB 12",
    "name": "Sanne de Vries",
}


def _small(ws: Workspace, tmp_path: Path) -> None:
    """A CRM, a folder of interview notes with personal data, and reviews."""
    crm = tmp_path / "crm.csv"
    crm.write_text("klantnummer;naam;email\n1007156;Karel Appel;karel@appel.nl\n"
                   "1000001;Truus Jansen;truus@example.org\n", encoding="utf-8")
    import_file(ws, crm, key="klantnummer")
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Klantnummer: 1007156\n\nI: Hoe bereiken we u?\n"
        f"R: Mail naar {PLANTED['email']} of bel {PLANTED['phone']}, dat werkt het best.\n"
        "I: En verder?\n"
        f"R: Het geld moest terug op {PLANTED['iban']}. Mijn buurman Karel Appel hielp.\n",
        encoding="utf-8")
    (folder / "b.md").write_text(
        "# Notities\n\nProfiel: Digitale forens\n\n"
        f"Ze vroegen mijn BSN, {PLANTED['bsn']}, en mijn postcode {PLANTED['postcode']}.\n\n"
        f"Groeten, {PLANTED['name']}\n", encoding="utf-8")
    docx_bytes([("The app keeps crashing when I try to log in since the last update.",
                 None)], folder / "c.docx")
    import_file(ws, folder)
    reviews = tmp_path / "recensies.csv"
    reviews.write_text("review_id,datum,sterren,tekst,lidnummer\n"
                       "R1,2026-01-03,5,\"Top hulp, binnen een uur weer op weg.\",1000001\n"
                       "R2,2026-01-04,1,\"Nooit meer, bel me op 06-12345678.\",\n"
                       + "".join(f"R{i},2026-01-05,3,\"Gewone review nummer {i}, het was wel "
                                 "goed geregeld.\",\n" for i in range(3, 30)),
                       encoding="utf-8")
    import_file(ws, reviews, kind="review")


@pytest.fixture
def small(workspace: Workspace, tmp_path: Path) -> Workspace:
    _small(workspace, tmp_path)
    return workspace


def test_personal_data_is_gone_before_anything_is_stored(small: Workspace) -> None:
    items = text_items(small)
    files = derived_files(small)
    assert len(files) == 1 and files[0].startswith(DERIVED_DIR)
    stored = (small.root / files[0]).read_bytes()
    table = pq.read_table(small.root / files[0])
    for value in [*PLANTED.values(), "Karel Appel", "06-12345678"]:
        assert value.encode() not in stored, value
        assert not any(value in str(t) for t in table["text"].to_pylist()), value
    by_id = {i.id: i for i in items}
    answer = by_id["interviews:a.txt:1"]
    assert answer.text == "Mail naar [e-mail] of bel [telefoon], dat werkt het best."
    assert answer.redactions == {"email": 1, "phone": 1}
    assert answer.question == "Hoe bereiken we u?" and answer.kind == "interview"
    second = by_id["interviews:a.txt:2"]
    assert "[IBAN]" in second.text and "[naam]" in second.text  # a known CRM name too
    note = by_id["interviews:b.md:1"]
    assert note.kind == "note" and "[BSN]" in note.text and "[postcode]" in note.text


def test_placeholders_follow_the_text_language() -> None:
    text, lang, found = scrub_text("Bel me op 06-12345678, ik ben er de hele dag.", "en")
    assert lang == "nl" and text == "Bel me op [telefoon], ik ben er de hele dag."
    text, lang, _ = scrub_text("Please call me on 06-12345678 when you can.", "nl")
    assert lang == "en" and text == "Please call me on [phone] when you can."
    assert found == {"phone": 1}


def test_items_carry_kind_key_rating_language_and_document(small: Workspace) -> None:
    items = text_items(small)
    by_id = {i.id: i for i in items}
    assert set(by_id) >= {"interviews:a.txt:1", "interviews:c.docx:1", "recensies:R1",
                          "recensies:R29"}
    assert by_id["interviews:a.txt:1"].key == "1007156"
    assert by_id["interviews:c.docx:1"].lang == "en"
    review = by_id["recensies:R1"]
    assert (review.kind, review.rating, review.key, review.date, review.document) == (
        "review", 5.0, "1000001", "2026-01-03", "R1")
    assert by_id["recensies:R2"].key is None
    assert all(i.linked_by == "none" for i in items)  # no personas yet
    assert [i.id for i in select_items(items, source="interviews")] == [
        i.id for i in items if i.source == "interviews"]


def test_stored_texts_are_reused_until_a_snapshot_changes(small: Workspace, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    first = stored_texts(small)
    before = derived_files(small)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("redacted again although nothing changed")

    monkeypatch.setattr(items_module, "redact", refuse)
    pd.testing.assert_frame_equal(stored_texts(small), first)
    monkeypatch.undo()
    more = tmp_path / "interviews" / "d.md"
    more.write_text("Een nieuw verslag, zonder klantnummer.", encoding="utf-8")
    import_file(small, tmp_path / "interviews")
    assert len(stored_texts(small)) == len(first) + 1
    after = derived_files(small)
    assert after != before and len(after) == 1  # the old file went with its snapshots


@pytest.mark.parametrize(("text", "lang"), [
    ("De monteur was er binnen een half uur en hij was heel vriendelijk.", "nl"),
    ("The mechanic arrived within half an hour and he was very friendly.", "en"),
    ("Der Mechaniker war sehr freundlich und die Hilfe kam schnell.", "de"),
    ("Le mécanicien était très aimable et il est arrivé rapidement.", "fr"),
    ("Super, dank je!", "nl"),  # too little to tell: the default
    ("Top!", "nl"),
    ("Helemaal top, aanrader", "nl"),
    ("Great service, highly recommended to all my friends!", "en"),
    ("[naam] belde me op [telefoon] en het was zo geregeld.", "nl"),
])
def test_language_of_a_text(text: str, lang: str) -> None:
    assert detect_language(text, default="nl") == lang


def test_language_detection_on_the_sample(tmp_path: Path) -> None:
    """Accuracy on the sample organisation's reviews and interview notes (nl and en)."""
    from personakit.sample import generate_sample

    generate_sample(tmp_path, customers=300, seed=5)
    truth = pd.read_csv(tmp_path / "_truth" / "texts.csv", sep=";", dtype=str)
    reviews = pd.read_csv(tmp_path / "recensies.csv", dtype=str).set_index("review_id")
    club = truth[truth["source"] == "recensies"]
    guessed = [detect_language(reviews.at[d, "tekst"]) for d in club["document"]]
    accuracy = (pd.Series(guessed, index=club.index) == club["lang"]).mean()
    assert (club["lang"] == "en").sum() >= 50
    assert accuracy >= 0.99


# -- linking ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The demo workspace: the sample's interviews and reviews, personas built."""
    ws = copy_ws(template(tmp_path_factory), tmp_path_factory.mktemp("texts") / "ws")
    yield ws
    ws.close()


def test_texts_are_linked_by_key_else_left_unlinked(demo: Workspace) -> None:
    items = text_items(demo)
    personas = {p.id: p.profile_id for p in current_personas(demo)}
    interviews = [i for i in items if i.source == "interviews"]
    keyed = [i for i in interviews if i.key]
    assert keyed and all(i.linked_by == "key" for i in keyed if i.persona_id)
    assert sum(1 for i in keyed if i.linked_by == "key") >= 0.8 * len(keyed)
    for item in keyed:
        if item.persona_id:
            assert personas[item.persona_id] == item.profile_id
    assert all(i.linked_by == "none" for i in interviews if not i.key)
    rivals = [i for i in items if i.competitor]
    assert {i.competitor for i in rivals} == {"Wegwijs Pechhulp", "RijVrij"}
    assert all(i.linked_by == "none" and i.key is None for i in rivals)
    assert {i.kind for i in items} >= {"interview", "review", "chat", "open_answer"}
    unlinked = select_items(items, unlinked=True)
    assert unlinked and all(i.linked_by == "none" for i in unlinked)


def test_an_analyst_says_which_profile_a_document_is(demo: Workspace) -> None:
    items = text_items(demo)
    document = next(i.document for i in items if i.source == "interviews" and not i.key)
    persona = current_personas(demo)[1]
    link = link_document(demo, "interviews", document, profile_id=persona.profile_id,
                         actor="analyst")
    assert (link.profile_id, link.persona_id) == (persona.profile_id, persona.id)
    linked = [i for i in text_items(demo) if i.document == document]
    assert linked and all((i.linked_by, i.persona_id, i.profile_id) == (
        "profile", persona.id, persona.profile_id) for i in linked)
    assert select_items(text_items(demo), persona=persona.id)
    entry = audit_entries(demo, action="texts.linked")[0]
    assert entry.subject == f"interviews/{document}" and entry.actor == "analyst"
    other = current_personas(demo)[0]
    link_document(demo, "interviews", document, persona_id=other.id, actor="analyst")
    assert document_links(demo)[("interviews", document)].persona_id == other.id


@pytest.mark.parametrize(("args", "error", "message"), [
    ({"source": "interviews", "document": "nope.md", "profile_id": "x"}, InputError,
     "Source 'interviews' has no document 'nope.md'. Documents: interview_01.txt"),
    ({"source": "nergens", "document": "a", "profile_id": "x"}, WorkspaceError,
     "No source named 'nergens'"),
    ({"source": "interviews", "document": "interview_01.txt"}, InputError,
     "Give exactly one of --profile and --persona"),
    ({"source": "interviews", "document": "interview_01.txt", "profile_id": "P9",
      "persona_id": "x"}, InputError, "Give exactly one of --profile and --persona"),
    ({"source": "interviews", "document": "interview_01.txt", "profile_id": "P99"},
     InputError, "No current profile or persona 'P99'. Known: "),
])
def test_bad_links_are_refused(demo: Workspace, args: dict[str, str],
                               error: type[Exception], message: str) -> None:
    before = len(document_links(demo))
    with pytest.raises(error) as caught:
        link_document(demo, actor="analyst", **args)  # type: ignore[arg-type]
    assert message in str(caught.value)
    assert len(document_links(demo)) == before


def test_a_header_profile_links_the_document(demo: Workspace, tmp_path: Path) -> None:
    persona = current_personas(demo)[0]
    folder = tmp_path / "notities"
    folder.mkdir()
    (folder / "x.md").write_text(f"Profiel: {persona.name}\n\nDe app is top.",
                                 encoding="utf-8")
    (folder / "y.md").write_text("Profiel: onbekend profiel\n\nDe app is top.",
                                 encoding="utf-8")
    import_file(demo, folder, kind="note")
    found = {i.document: i for i in text_items(demo) if i.source == "notities"}
    assert (found["x.md"].linked_by, found["x.md"].persona_id) == ("profile", persona.id)
    assert found["y.md"].linked_by == "none"


def test_forgetting_a_person_removes_their_texts(tmp_path: Path,
                                                 tmp_path_factory: pytest.TempPathFactory
                                                 ) -> None:
    ws = copy_ws(template(tmp_path_factory), tmp_path / "ws")
    items = text_items(ws)
    mine = [i for i in items if i.source == "interviews" and i.key]
    key = mine[0].key
    assert key is not None
    theirs = {i.id for i in items if i.key == key}
    report = erase_person(ws, key, actor="dpo")
    assert report.texts == len(theirs) and report.to_dict()["texts"] == len(theirs)
    assert not derived_files(ws)  # made anew from the rewritten snapshots when next read
    after = text_items(ws)
    assert not [i for i in after if i.key == key]
    assert not theirs & {i.id for i in after}
    assert len(derived_files(ws)) == 1
    stored = (ws.root / derived_files(ws)[0]).read_bytes()
    assert key.encode() not in stored
    ws.close()


def test_the_demo_personas_carry_goals_and_frustrations_backed_by_themes(
        demo: Workspace) -> None:
    # Issue 11's "done when": the pipeline themed the sample's interviews, reviews, chats
    # and open answers, and the build put them on the canvas with their evidence.
    personas = current_personas(demo)
    themed = {s.section for p in personas for s in p.statements
              if any(str(e.variable or "").startswith("theme:") for e in s.evidence)}
    assert {"goals", "frustrations"} <= themed, themed
    for persona in personas:
        for statement in persona.statements:
            figures = [e for e in statement.evidence
                       if str(e.variable or "").startswith("theme:")]
            if not figures:
                continue
            figure = figures[0]
            # A share with its interval against the rest, on at least the minimum group.
            assert figure.n is not None and figure.n >= 10, statement.text["en"]
            assert figure.profile_value is not None and figure.rest_value is not None
            assert figure.profile_value > figure.rest_value, statement.text["en"]
            snippets = [e for e in statement.evidence if e.kind == "quote"]
            assert all("[" not in (e.text or "") for e in snippets), snippets
        assert persona.extra.get("themes"), persona.name
