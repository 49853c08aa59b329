"""Questionnaire links: not guessable, not forgeable, not reusable beyond their rules, and no
personal data kept (issue 13, "Security")."""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select, text, update

import personakit.validate._results as results
import personakit.validate._rounds as rounds
from personakit.errors import WorkspaceError
from personakit.validate import (
    LinkError,
    ValidationRound,
    close_round,
    get_round,
    make_links,
    open_link,
    round_answers,
    start_round,
    submit_answers,
    summarise_round,
)
from personakit.validate import _tokens as tk
from personakit.validate._tables import validation_links, validation_rounds
from personakit.workspace import Workspace
from tests._webapp import copy_ws, template

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return template(tmp_path_factory)  # the 800-customer demo, built once per session


@pytest.fixture
def ws(demo: Path, tmp_path: Path) -> Iterator[Workspace]:
    workspace = copy_ws(demo, tmp_path / "ws")
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def shared(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[Workspace, ValidationRound, str]]:
    """A workspace with an open round and one unused link, for tests that only read."""
    workspace = copy_ws(demo, tmp_path_factory.mktemp("validate-security") / "ws")
    found = start_round(workspace)
    token = make_links(workspace, found.id)[0].token
    yield workspace, found, token
    workspace.close()


def answers_for(found: ValidationRound, **extra: Any) -> dict[str, dict[str, Any]]:
    return {p.id: {"recognise": 4, **extra} for p in found.personas}


def refused(call: Any, *args: Any, **kwargs: Any) -> str:
    """The reason of the LinkError *call* raises (and nothing else may be raised)."""
    with pytest.raises(LinkError) as raised:
        call(*args, **kwargs)
    return str(raised.value.reason)


def replace_part(token: str, index: int, value: str) -> str:
    parts = token.split(".")
    parts[index] = value
    return ".".join(parts)


def signing_key(ws: Workspace, round_id: str) -> str:
    with ws.engine.connect() as con:
        return str(con.execute(select(validation_rounds.c.signing_key).where(
            validation_rounds.c.id == round_id)).scalar_one())


# -- forged and altered tokens ---------------------------------------------------------------
def test_a_real_link_opens(shared: tuple[Workspace, ValidationRound, str]) -> None:
    ws, found, token = shared
    opened = open_link(ws, token)
    assert opened.round.id == found.id and opened.remaining == 1


def test_a_forged_signature_is_invalid(shared: tuple[Workspace, ValidationRound, str]) -> None:
    ws, found, token = shared
    round_id, nonce, expiry, _ = token.split(".")
    forged = tk.sign(tk.new_key(), round_id, nonce, int(expiry, 36))  # someone else's key
    assert forged != token and tk.parse(forged) is not None
    assert refused(open_link, ws, forged) == "invalid"
    assert refused(submit_answers, ws, forged, answers_for(found)) == "invalid"


@pytest.mark.parametrize(("index", "value"), [
    (0, "0123456789ab"),  # another round id
    (1, tk.new_nonce()),  # another nonce
    (2, "zzzzzz"),  # a later expiry
    (2, "0"),  # an earlier one
    (3, "A" * 43),
])
def test_an_altered_part_is_invalid(shared: tuple[Workspace, ValidationRound, str],
                                    index: int, value: str) -> None:
    ws, found, token = shared
    altered = replace_part(token, index, value)
    assert altered != token and tk.parse(altered) is not None  # well-formed, just wrong
    assert refused(open_link, ws, altered) == "invalid"
    assert refused(submit_answers, ws, altered, answers_for(found)) == "invalid"


def test_a_token_signed_with_the_rounds_key_for_no_link_is_invalid(
        shared: tuple[Workspace, ValidationRound, str]) -> None:
    # Even a leaked round key makes no working link: the nonce must be one that was issued.
    ws, found, token = shared
    expiry = int(token.split(".")[2], 36)
    made_up = tk.sign(signing_key(ws, found.id), found.id, tk.new_nonce(), expiry)
    assert refused(open_link, ws, made_up) == "invalid"


def test_a_link_of_one_round_does_not_open_another(ws: Workspace) -> None:
    first, second = start_round(ws), start_round(ws)
    token_first = make_links(ws, first.id)[0].token
    token_second = make_links(ws, second.id)[0].token
    spliced = replace_part(token_first, 0, second.id)
    assert refused(open_link, ws, spliced) == "invalid"
    # The second round's own key over the first round's nonce is still no link of it.
    _, nonce, expiry, _ = token_first.split(".")
    resigned = tk.sign(signing_key(ws, second.id), second.id, nonce, int(expiry, 36))
    assert refused(open_link, ws, resigned) == "invalid"
    assert open_link(ws, token_second).round.id == second.id


@SETTINGS
@given(garbage=st.one_of(st.none(), st.text(max_size=300),
                         st.from_regex(tk.TOKEN_PATTERN, fullmatch=True)))
def test_garbage_is_only_ever_an_invalid_link(
        shared: tuple[Workspace, ValidationRound, str], garbage: str | None) -> None:
    ws, found, _ = shared
    assert refused(open_link, ws, garbage) == "invalid"
    assert refused(submit_answers, ws, garbage, answers_for(found)) == "invalid"


@SETTINGS
@given(data=st.data())
def test_any_one_character_changed_is_an_invalid_link(
        shared: tuple[Workspace, ValidationRound, str], data: st.DataObject) -> None:
    ws, _, token = shared
    position = data.draw(st.integers(0, len(token) - 1))
    char = data.draw(st.sampled_from(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-.=\n ").filter(
        lambda c: c != token[position]))
    changed = token[:position] + char + token[position + 1:]
    assert refused(open_link, ws, changed) == "invalid"


@pytest.mark.parametrize("suffix", ["\n", " ", "=", ".x"])
def test_a_real_token_with_something_appended_is_invalid(
        shared: tuple[Workspace, ValidationRound, str], suffix: str) -> None:
    ws, _, token = shared
    assert tk.parse(token + suffix) is None
    assert refused(open_link, ws, token + suffix) == "invalid"


# -- expiry, closing and reuse ---------------------------------------------------------------
class _Later(datetime):
    """The clock of ``_rounds`` moved 15 days on: past the default 14-day expiry."""

    @classmethod
    def now(cls, tz: Any = None) -> Any:
        return datetime.now(tz) + timedelta(days=15)


def test_a_link_expires_with_its_round(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    found = start_round(ws)
    token = make_links(ws, found.id)[0].token
    monkeypatch.setattr(rounds, "datetime", _Later)
    assert refused(open_link, ws, token) == "expired"
    assert refused(submit_answers, ws, token, answers_for(found)) == "expired"
    assert round_answers(ws, found.id) == []
    monkeypatch.undo()
    assert open_link(ws, token).remaining == 1  # nothing was used up meanwhile


def test_a_round_shortened_in_the_database_expires_its_links(ws: Workspace) -> None:
    found = start_round(ws, expires_days=1)
    token = make_links(ws, found.id)[0].token
    with ws.transaction() as st_:
        st_.connection.execute(update(validation_rounds).where(
            validation_rounds.c.id == found.id).values(
            expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert refused(open_link, ws, token) == "expired"
    assert refused(submit_answers, ws, token, answers_for(found)) == "expired"
    assert not get_round(ws, found.id).accepting()


def test_a_round_lengthened_in_the_database_keeps_the_signed_expiry(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    # The token's own expiry is signed: stretching the round does not stretch old links.
    found = start_round(ws)
    token = make_links(ws, found.id)[0].token
    with ws.transaction() as st_:
        st_.connection.execute(update(validation_rounds).where(
            validation_rounds.c.id == found.id).values(
            expires_at=datetime.now(UTC) + timedelta(days=60)))
    monkeypatch.setattr(rounds, "datetime", _Later)
    assert refused(open_link, ws, token) == "expired"


def test_an_expired_round_makes_no_links(ws: Workspace,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    found = start_round(ws)
    monkeypatch.setattr(rounds, "datetime", _Later)
    with pytest.raises(WorkspaceError) as raised:
        make_links(ws, found.id)
    assert raised.value.key == "validate.error.round_not_open"


def test_a_closed_round_takes_no_answers(ws: Workspace) -> None:
    found = start_round(ws)
    token = make_links(ws, found.id)[0].token
    close_round(ws, found.id)
    assert refused(open_link, ws, token) == "closed"
    assert refused(submit_answers, ws, token, answers_for(found)) == "closed"
    assert round_answers(ws, found.id) == []


def test_a_used_link_takes_no_more(ws: Workspace) -> None:
    found = start_round(ws)
    token = make_links(ws, found.id)[0].token
    submit_answers(ws, token, answers_for(found))
    assert refused(open_link, ws, token) == "used"
    assert refused(submit_answers, ws, token, answers_for(found)) == "used"
    assert len({r["submission"] for r in round_answers(ws, found.id)}) == 1


def race_on_one_answer_links(ws: Workspace, pairs: int = 4) -> None:
    """Two submissions at once on each of *pairs* one-answer links: one wins, one is told
    the link is used, and nothing else happens (no lock error, no double answer)."""
    found = start_round(ws)
    tokens = [link.token for link in make_links(ws, found.id, pairs)]
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(token: str, barrier: threading.Barrier) -> None:
        barrier.wait()
        try:
            submit_answers(ws, token, answers_for(found))
            result = "stored"
        except LinkError as exc:
            result = exc.reason
        except Exception as exc:  # noqa: BLE001 - anything else is a failure to report
            result = repr(exc)
        with lock:
            outcomes.append(result)

    for token in tokens:
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=submit, args=(token, barrier)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert sorted(outcomes) == ["stored"] * pairs + ["used"] * pairs
    rows = round_answers(ws, found.id)
    assert len({r["submission"] for r in rows}) == pairs
    assert len(rows) == pairs * len(found.personas)


def answer_while_closing(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """A submission arriving while the round closes is refused, and the archive holds every
    stored answer. Before the fix it was stored beside the archive: counted in the round,
    missing from its archived results."""
    found = start_round(ws)
    submit_answers(ws, make_links(ws, found.id)[0].token, answers_for(found))
    late_token = make_links(ws, found.id)[0].token
    outcome: list[str] = []
    workers: list[threading.Thread] = []
    real = results.summarise_rows

    def late_submission() -> None:
        try:
            submit_answers(ws, late_token, answers_for(found))
            outcome.append("stored")
        except LinkError as exc:
            outcome.append(exc.reason)

    def summarise_while_someone_submits(*args: Any, **kwargs: Any) -> Any:
        if not workers:
            workers.append(threading.Thread(target=late_submission))
            workers[0].start()
            workers[0].join(timeout=0.5)  # blocked while the close holds its lock
        return real(*args, **kwargs)

    monkeypatch.setattr(results, "summarise_rows", summarise_while_someone_submits)
    closed = close_round(ws, found.id)
    monkeypatch.setattr(results, "summarise_rows", real)
    workers[0].join(timeout=30)
    stored = {r["submission"] for r in round_answers(ws, found.id)}
    assert outcome == ["closed"]
    assert closed.archive is not None
    assert closed.archive["summary"]["submissions"] == len(stored) == 1
    assert get_round(ws, found.id).submissions == 1


def test_two_submissions_racing_on_a_one_answer_link_one_wins(ws: Workspace) -> None:
    race_on_one_answer_links(ws)


def test_an_answer_sent_while_closing_is_refused(ws: Workspace,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    answer_while_closing(ws, monkeypatch)


@pytest.mark.postgres
def test_races_on_postgres(tmp_path: Path, postgres_url: str,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The same rules on PostgreSQL, where writers do not queue as on SQLite: the link's
    answer count and the round's status are settled by the database, not by luck."""
    from sqlalchemy import create_engine

    from personakit.persona import build_personas
    from tests.test_persona_build import make_segmentation

    with create_engine(postgres_url, isolation_level="AUTOCOMMIT").connect() as admin:
        admin.execute(text("DROP DATABASE IF EXISTS ws_validate"))
        admin.execute(text("CREATE DATABASE ws_validate"))
    monkeypatch.setenv("PERSONAKIT_DATABASE_URL",
                       postgres_url.rsplit("/", 1)[0] + "/ws_validate")
    ws = Workspace.init(tmp_path / "ws", language="en")
    try:
        build_personas(ws, make_segmentation(), author="analyst")
        race_on_one_answer_links(ws, pairs=6)
        answer_while_closing(ws, monkeypatch)
    finally:
        ws.close()


# -- no personal data, no tokens in the database ---------------------------------------------
PII = {
    "email": "sanne.devries@gmail.com",
    "phone": "06-12345678",
    "iban": "NL91 ABNA 0417 1643 00",
    "bsn": "111222333",
}


def test_personal_data_in_open_answers_is_stored_scrubbed(ws: Workspace) -> None:
    found = start_round(ws)
    persona_id = found.personas[0].id
    submit_answers(ws, make_links(ws, found.id)[0].token, {persona_id: {
        "missing": f"Mail {PII['email']} of bel {PII['phone']}.",
        "reach": f"Rekening {PII['iban']} graag.",
        "do_differently": f"Mijn BSN is {PII['bsn']}.",
        "recognise": 5}}, lang="nl")
    [row] = round_answers(ws, found.id)
    stored = " ".join(str(v) for v in row["answers"].values())
    for value in PII.values():
        assert value not in stored
        assert value.replace(" ", "") not in stored.replace(" ", "")
    assert row["answers"]["recognise"] == 5
    assert row["answers"]["missing"].startswith("Mail ")  # the rest of the comment stays
    comments = [c.text for g in summarise_round(ws, found.id).personas[0].comments
                for c in g.comments]
    assert len(comments) == 3 and not any(v in c for v in PII.values() for c in comments)


def database_text(ws: Workspace) -> str:
    """Every value of every table, as text."""
    parts: list[str] = []
    with ws.engine.connect() as con:
        for table in inspect(con).get_table_names():
            for row in con.execute(text(f'SELECT * FROM "{table}"')):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)


def test_tokens_are_never_stored(ws: Workspace) -> None:
    found = start_round(ws)
    links = make_links(ws, found.id, 5)
    submit_answers(ws, links[0].token, answers_for(found))
    stored = database_text(ws)
    ws.close()  # checkpoint the WAL: every page is in the database file
    raw = b"".join(p.read_bytes() for p in ws.root.glob("personakit.db*"))
    for link in links:
        _, nonce, _, signature = link.token.split(".")
        for secret in (link.token, nonce, signature):
            assert secret not in stored
            assert secret.encode() not in raw
        assert hashlib.sha256(nonce.encode()).hexdigest() in stored  # only its hash


def test_the_nonce_has_128_random_bits(shared: tuple[Workspace, ValidationRound, str]) -> None:
    ws, found, _ = shared
    links = make_links(ws, found.id, 200)
    nonces = [link.token.split(".")[1] for link in links]
    assert all(len(base64.urlsafe_b64decode(n + "==")) == 16 for n in nonces)
    assert len(set(nonces)) == len(nonces)
    # Every bit position takes both values across 200 nonces: nothing fixed or counted.
    bits = [int.from_bytes(base64.urlsafe_b64decode(n + "=="), "big") for n in nonces]
    assert all(any(b >> i & 1 for b in bits) and not all(b >> i & 1 for b in bits)
               for i in range(128))
    with ws.engine.connect() as con:
        hashes = con.execute(select(validation_links.c.nonce_hash)).scalars().all()
    assert all(len(h) == 64 for h in hashes)


def test_the_signing_key_has_256_bits_and_differs_per_round(ws: Workspace) -> None:
    keys = {signing_key(ws, start_round(ws).id) for _ in range(3)}
    assert len(keys) == 3 and all(len(bytes.fromhex(k)) == 32 for k in keys)
    assert tk.nonce_hash("x") == hashlib.sha256(b"x").hexdigest()
