"""Erasure of one person: gone from every snapshot, assignment, quote and audit entry;
all or nothing; counts only in the report and the audit log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from personakit.access import audit_entries, personal_profile
from personakit.cli import app
from personakit.erasure import erase_person
from personakit.errors import InputError
from personakit.ingest._sources import _all_rows
from personakit.privacy import scrub
from personakit.segment import list_segmentations, profile_members
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._webapp import copy_ws, template
from tests.conftest import tree_fingerprint


@pytest.fixture
def ws(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = copy_ws(template(tmp_path_factory), tmp_path / "ws")
    yield workspace
    workspace.close()


def _quoted_person(ws: Workspace) -> tuple[str, str]:
    """A customer one of whose own lines is (or begins with) a quote of a current persona,
    and that quote."""
    quotes = {" ".join(q.text.lower().split()): q.text
              for p in current_personas(ws) for q in p.quotes}
    for snapshot in _all_rows(ws):
        config = ws.config.sources.get(snapshot.source)
        link = config.link or config.key if config else None
        table = pq.read_table(ws.root / snapshot.path)
        texts = [c.name for c in snapshot.columns if c.role == "text"]
        if not link or not texts:
            continue
        for row in table.select([link, *texts]).to_pylist():
            if row[link] is None:
                continue
            for column in texts:
                if row[column]:
                    said = " ".join(scrub(str(row[column]).strip(), ws.language).text
                                    .lower().split())
                    # A long answer is quoted by its first sentences.
                    for quoted, text in quotes.items():
                        if quoted in said:
                            return str(row[link]), text
    raise AssertionError("no quote traced back to its author")


def _current(ws: Workspace) -> str:
    return str(next(s["id"] for s in list_segmentations(ws) if s["current"]))


def _rows_with(ws: Workspace, key: str) -> int:
    """Rows holding *key* in its key or link column, over every snapshot file on disk."""
    found = 0
    for file in (ws.root / "data").rglob("*.parquet"):
        table = pq.read_table(file)
        for column in table.column_names:
            if column in ("klantnummer", "klant_id", "klantnr", "key"):
                text = pc.utf8_trim_whitespace(pc.cast(table[column], "string"))
                found += int(pc.sum(pc.equal(text, key)).as_py() or 0)
    return found


def test_everything_about_the_person_goes(ws: Workspace) -> None:
    key, quote = _quoted_person(ws)
    personal_profile(ws, key, "casemanager")  # a lookup: the audit log names the person
    from personakit.access import audit

    audit(ws, "crm-client", "access.denied", f"/api/v1/people/{key}")  # a refused API call
    audit(ws, "crm-client", "access.denied", f"/api/v1/people/1{key}")  # somebody else
    assert _rows_with(ws, key) > 1
    members = profile_members(ws, _current(ws))
    assert key in set(members["key"].astype(str))

    report = erase_person(ws, key, actor="privacy-officer")

    assert sum(report.rows.values()) >= 2 and report.snapshots >= 2
    assert report.assignments >= 1 and report.quotes >= 1 and report.audit_entries >= 1
    assert _rows_with(ws, key) == 0
    members = profile_members(ws, _current(ws))
    assert key not in set(members["key"].astype(str))
    for persona in current_personas(ws):
        assert quote not in [q.text for q in persona.quotes]
    # the old snapshot files are gone; no staging files are left behind
    on_disk = {p.relative_to(ws.root).as_posix() for p in (ws.root / "data").rglob("*.parquet")
               if not p.name.endswith(".rejects.parquet") and "_assignments" not in p.parts}
    assert on_disk == {s.path for s in _all_rows(ws)}
    assert not list((ws.root / "data").rglob(".*"))
    # the audit log names the erasure's reference, never the key
    erased = audit_entries(ws, action="person.erased")
    assert len(erased) == 1 and erased[0].actor == "privacy-officer"
    assert erased[0].subject == f"erased:{report.reference}"
    assert key not in json.dumps(erased[0].detail)
    assert not audit_entries(ws, subject=key)
    assert not audit_entries(ws, subject=f"/api/v1/people/{key}")
    assert audit_entries(ws, subject=f"/api/v1/people/1{key}")  # not this person
    lookups = audit_entries(ws, action="person.lookup", subject=f"erased:{report.reference}")
    assert lookups, "the earlier lookup keeps who and when, under the reference"
    assert not personal_profile(ws, key, "casemanager").found


def test_unknown_key_changes_nothing(ws: Workspace) -> None:
    ws.close()  # the database's -wal and -shm files go with its last connection
    before = tree_fingerprint(ws.root)
    with pytest.raises(InputError) as caught:
        erase_person(ws, "no-such-customer", actor="x")
    ws.close()
    assert caught.value.message("en") == (
        "Nothing found for key 'no-such-customer': no rows in any source, no assignments, "
        "quotes or audit entries. Nothing was changed.")
    assert tree_fingerprint(ws.root) == before
    with pytest.raises(InputError):
        erase_person(ws, "  ", actor="x")


def test_erasing_twice_finds_nothing_the_second_time(ws: Workspace) -> None:
    key, _ = _quoted_person(ws)
    erase_person(ws, key, actor="a")
    with pytest.raises(InputError):
        erase_person(ws, key, actor="a")


def test_cli_asks_for_yes_without_a_terminal(ws: Workspace) -> None:
    key, _ = _quoted_person(ws)
    runner = CliRunner()
    refused = runner.invoke(app, ["forget", key, "-w", str(ws.root), "--lang", "en"])
    assert refused.exit_code == 1
    assert "confirm with --yes" in refused.output
    assert _rows_with(ws, key) > 0
    done = runner.invoke(app, ["forget", key, "--yes", "--actor", "dpo", "-w", str(ws.root),
                               "--json"])
    assert done.exit_code == 0, done.output
    result = json.loads(done.output)
    assert result["assignments"] >= 1 and sum(result["rows"].values()) >= 2
    assert key not in done.output
    assert _rows_with(ws, key) == 0


def test_a_failure_half_way_leaves_everything_as_it_was(ws: Workspace,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import personakit.access as access

    key, _ = _quoted_person(ws)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(access, "audit", broken)  # the last step inside the transaction
    ws.close()
    before = tree_fingerprint(ws.root)
    with pytest.raises(RuntimeError):
        erase_person(ws, key, actor="x")
    ws.close()
    assert tree_fingerprint(ws.root) == before


def test_a_source_linked_without_being_told_is_erased_too(ws: Workspace,
                                                          tmp_path: Path) -> None:
    from personakit.ingest import import_file, load_source

    keys = load_source(ws, "crm")["klantnummer"].astype(str).tolist()[:40]
    reviews = tmp_path / "reviews.csv"
    reviews.write_text("review_id;klant;sterren\n" + "".join(
        f"R{i};{k};{1 + i % 5}\n" for i, k in enumerate(keys)), encoding="utf-8")
    import_file(ws, reviews)  # no --link: the column is found on its values
    report = erase_person(ws, keys[4], actor="dpo")
    assert report.rows.get("reviews") == 1
    assert keys[4] not in set(load_source(ws, "reviews")["klant"].astype(str))
    assert len(load_source(ws, "reviews")) == 39
