"""Linking on the customer key: joins, behaviour features per key, texts, match rates."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from personakit.errors import InputError
from personakit.ingest import import_file, link_report, linked_frame, text_items
from personakit.model import ColumnRole
from personakit.workspace import Workspace


@pytest.fixture
def linked_ws(workspace: Workspace, tmp_path: Path) -> Workspace:
    crm = tmp_path / "crm.csv"
    crm.write_text(
        "klantnummer;naam;leeftijd;segment\n"
        "1;Jan de Vries;34;A\n2;Sanne Bakker;51;B\n3;Piet Smit;68;A\n4;Noor Visser;22;B\n",
        encoding="utf-8")
    survey = tmp_path / "enquete.csv"
    survey.write_text(
        "Klantnummer,segment,Wat kunnen wij verbeteren\n"
        "1,X,De app is traag bij het inloggen\n3,Y,Meer persoonlijk contact graag\n"
        "9,Z,Ik ben geen klant meer maar vul dit toch in\n", encoding="utf-8")
    web = tmp_path / "web.csv"
    web.write_text(
        "klant_id,sessie,stap,duur\n"
        "1,S1,home,10\n1,S1,offerte,30\n1,S2,home,5\n2,S3,home,8\n4,S4,afrekenen,50\n",
        encoding="utf-8")
    chats = tmp_path / "chats.jsonl"
    chats.write_text("\n".join(json.dumps(x) for x in [
        {"klantnummer": 2, "afzender": "klant", "tekst": "Mijn pas is kwijt, wat nu?",
         "tijdstip": "2025-01-02T10:00:00"},
        {"klantnummer": 2, "afzender": "medewerker", "tekst": "Ik stuur een nieuwe pas op.",
         "tijdstip": "2025-01-02T10:01:00"},
        {"klantnummer": 3, "afzender": "klant", "tekst": "Wanneer komt de monteur?",
         "tijdstip": "2025-01-03T09:00:00"},
    ]) + "\n", encoding="utf-8")
    import_file(workspace, crm, key="klantnummer")
    import_file(workspace, survey, key="Klantnummer")
    import_file(workspace, web)
    import_file(workspace, chats)
    return workspace


def test_one_row_per_base_key(linked_ws: Workspace) -> None:
    data = linked_frame(linked_ws)
    assert data.key == "klantnummer"
    assert data.base == "crm"
    assert list(data.frame["klantnummer"]) == [1, 2, 3, 4]
    assert set(data.inputs) == {"crm", "enquete", "web", "chats"}
    assert data.links["web"] == "klant_id"
    assert [c.name for c in data.columns] == list(data.frame.columns)


def test_one_row_sources_join_with_prefix_on_collision(linked_ws: Workspace) -> None:
    frame = linked_frame(linked_ws).frame
    assert list(frame["segment"]) == ["A", "B", "A", "B"]
    assert frame["enquete__segment"].tolist()[0] == "X"
    assert pd.isna(frame["enquete__segment"].tolist()[1])
    assert "Klantnummer" not in frame.columns


def test_event_sources_become_behaviour_features(linked_ws: Workspace) -> None:
    data = linked_frame(linked_ws)
    frame = data.frame.set_index("klantnummer")
    assert frame["web__n"].tolist() == [3, 1, 0, 1]
    assert frame["web__stap__home"].tolist() == [2, 1, 0, 0]
    assert frame["web__stap__afrekenen"].tolist() == [0, 0, 0, 1]
    assert frame.loc[1, "web__duur__mean"] == pytest.approx(15.0)
    assert pd.isna(frame.loc[3, "web__duur__mean"])
    roles = {c.name: c.role for c in data.columns}
    assert roles["web__n"] == ColumnRole.NUMERIC
    assert roles["web__stap__home"] == ColumnRole.NUMERIC
    assert roles["naam"] == ColumnRole.PII_NAME
    assert roles["chats__tekst"] == ColumnRole.TEXT
    # Only the customer's own chat lines are carried.
    assert frame.loc[2, "chats__tekst"] == "Mijn pas is kwijt, wat nu?"


def test_base_and_subset(linked_ws: Workspace) -> None:
    data = linked_frame(linked_ws, sources=["enquete", "crm"], base="enquete")
    assert data.key == "Klantnummer"
    assert list(data.frame["Klantnummer"]) == [1, 3, 9]
    assert set(data.inputs) == {"enquete", "crm"}
    assert data.frame["naam"].tolist()[:2] == ["Jan de Vries", "Piet Smit"]


def test_text_items(linked_ws: Workspace) -> None:
    items = text_items(linked_ws)
    assert list(items.columns) == ["key", "source", "column", "text", "date"]
    chats = items[items["source"] == "chats"]
    assert chats["text"].tolist() == ["Mijn pas is kwijt, wat nu?", "Wanneer komt de monteur?"]
    assert chats["key"].tolist() == ["2", "3"]
    assert not chats["date"].isna().any()
    survey = items[items["source"] == "enquete"]
    assert survey["column"].unique().tolist() == ["Wat kunnen wij verbeteren"]
    assert len(survey) == 3


def test_link_report_match_rates(linked_ws: Workspace) -> None:
    report = link_report(linked_ws)
    assert report.keys["web"] == "klant_id"
    pair = next(p for p in report.pairs if {p.a, p.b} == {"crm", "enquete"})
    crm_side = "a" if pair.a == "crm" else "b"
    if crm_side == "a":
        assert (pair.a_keys, pair.b_keys, pair.a_in_b) == (4, 3, 2)
        assert pair.share_a_in_b == 0.5 and pair.share_b_in_a == pytest.approx(2 / 3)
    else:
        assert (pair.b_keys, pair.a_keys, pair.b_in_a) == (4, 3, 2)


def test_no_sources_is_a_clear_error(workspace: Workspace) -> None:
    from personakit.errors import WorkspaceError

    with pytest.raises(WorkspaceError, match="no imported sources yet"):
        linked_frame(workspace)
    assert text_items(workspace).empty


def test_unkeyed_single_source_gets_row_numbers(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "kpi.csv"
    path.write_text("maand;nps\n2025-01;17\n2025-02;20\n", encoding="utf-8")
    import_file(workspace, path)
    data = linked_frame(workspace)
    assert data.key == "_row" and data.frame["_row"].tolist() == [1, 2]


def test_import_with_link_column_records_it_and_unknown_link_is_an_error(
    workspace: Workspace, tmp_path: Path
) -> None:
    from tests.conftest import tree_fingerprint

    crm = tmp_path / "crm.csv"
    crm.write_text("id;leeftijd\n1;30\n2;40\n3;50\n", encoding="utf-8")
    events = tmp_path / "events.csv"
    events.write_text("klant,stap\n1,home\n1,offerte\n3,home\n", encoding="utf-8")
    import_file(workspace, crm, name="crm", key="id")
    workspace.close()
    before = tree_fingerprint(workspace.root)
    with pytest.raises(InputError, match=r"events.csv: there is no column 'klnt' to link on"):
        import_file(workspace, events, name="events", link="klnt")
    workspace.close()
    assert tree_fingerprint(workspace.root) == before
    import_file(workspace, events, name="events", link="klant")
    assert workspace.config.sources["events"].link == "klant"
    linked = linked_frame(workspace)
    assert linked.links["events"] == "klant"
    assert linked.frame.set_index(linked.key).loc[1, "events__n"] == 2
