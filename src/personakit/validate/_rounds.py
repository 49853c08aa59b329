"""Validation rounds: start one on a persona version, share links, take answers, close it.

A round judges one persona version (a build) as it was when the round started: the
persona revisions are fixed in the round, so later edits do not change what respondents
saw. Links need no account: a signed, expiring token per link (``_tokens``), accepted as
many times as the round allows (one by default). Every check runs before anything is
written, and the answer count of a link is raised with a conditional update in the same
transaction as the answers, so two submissions racing on a one-answer link cannot both win.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import Connection, exists, select, update

from personakit.access import audit
from personakit.errors import InputError, PersonakitError, WorkspaceError
from personakit.model import Persona
from personakit.validate import _tokens as tk
from personakit.validate._questions import BY_ID, MAX_TEXT, Question
from personakit.validate._settings import validate_settings
from personakit.validate._tables import validation_answers, validation_links, validation_rounds
from personakit.workspace import Workspace

Audience = Literal["staff", "supplier", "customer", "mixed"]
RespondentRole = Literal["staff", "supplier", "customer"]
AUDIENCES: tuple[str, ...] = ("staff", "supplier", "customer", "mixed")
ROLES: tuple[str, ...] = ("staff", "supplier", "customer")
LINK_PATH = "/r/"


class LinkError(PersonakitError):
    """A questionnaire link that cannot be used: malformed, forged, expired, closed or used.

    ``reason`` is one of ``invalid``, ``expired``, ``closed``, ``used``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"validate.error.link_{reason}")
        self.reason = reason


class JudgedPersona(BaseModel):
    """A persona as a round judges it: its id, the revision shown and its name."""

    id: str
    revision: int
    name: str


class ValidationRound(BaseModel):
    """One validation round.

    Parameters
    ----------
    build_id
        The persona version (build) the round judges.
    personas
        The personas in the round, each at the revision respondents see.
    max_answers_per_link
        How many submissions one link accepts.
    status
        ``open`` or ``closed``; an open round past ``expires_at`` takes no answers.
    """

    id: str
    build_id: int
    personas: list[JudgedPersona]
    title: str
    audience: str
    created_at: datetime
    created_by: str
    expires_at: datetime
    max_answers_per_link: int
    status: Literal["open", "closed"]
    closed_at: datetime | None = None
    closed_by: str | None = None
    archive: dict[str, Any] | None = None
    links: int = 0
    submissions: int = 0

    def expired(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) >= self.expires_at

    def accepting(self, now: datetime | None = None) -> bool:
        return self.status == "open" and not self.expired(now)


class RoundLink(BaseModel):
    """A link just made: the token (shown once) and the path to share."""

    token: str
    path: str
    role: str
    max_answers: int
    expires_at: datetime


class OpenLink(BaseModel):
    """What a respondent's link opens: the round and the personas to judge."""

    round: ValidationRound
    role: str
    link_id: int
    remaining: int
    personas: list[Persona] = Field(default_factory=list)


def _utc(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


def _round(row: Any, links: int = 0, submissions: int = 0) -> ValidationRound:
    return ValidationRound(
        id=row.id, build_id=row.build_id,
        personas=[JudgedPersona.model_validate(p) for p in row.personas], title=row.title,
        audience=row.audience, created_at=_utc(row.created_at), created_by=row.created_by,
        expires_at=_utc(row.expires_at), max_answers_per_link=row.max_answers_per_link,
        status=row.status, closed_at=_utc(row.closed_at), closed_by=row.closed_by,
        archive=row.archive, links=links, submissions=submissions,
    )


def _judged(ws: Workspace, build_id: int | None,
            persona_ids: list[str] | None) -> tuple[int, list[JudgedPersona]]:
    from personakit.track import get_version

    version = get_version(ws, build_id)  # WorkspaceError for a version that does not exist
    chosen = version.personas
    if persona_ids:
        known = {p.id: p for p in version.personas}
        named = list(dict.fromkeys(persona_ids))  # a persona named twice is judged once
        unknown = [p for p in named if p not in known]
        if unknown:
            raise WorkspaceError("validate.error.unknown_persona", persona=", ".join(unknown),
                                 version=version.id,
                                 personas=", ".join(known) or "-")
        chosen = [known[p] for p in named]
    if not chosen:
        raise WorkspaceError("validate.error.no_personas", version=version.id)
    return version.id, [JudgedPersona(id=p.id, revision=p.revision, name=p.name) for p in chosen]


def start_round(ws: Workspace, *, build_id: int | None = None,
                personas: list[str] | None = None, title: str | None = None,
                audience: str = "staff", expires_days: float | None = None,
                max_answers_per_link: int | None = None,
                actor: str = "cli") -> ValidationRound:
    """Start a round on persona version *build_id* (default: the newest), all its personas or
    the ones named. Raises before writing anything if the version or a persona is unknown."""
    settings = validate_settings(ws)
    if audience not in AUDIENCES:
        raise InputError("validate.error.audience", value=audience, allowed=", ".join(AUDIENCES))
    days = settings.expires_days if expires_days is None else expires_days
    if not 0 < days <= 365:
        raise InputError("validate.error.expires_days", value=days)
    # ``is None``, not ``or``: an explicit 0 is refused, not silently replaced by the default.
    per_link = (settings.max_answers_per_link if max_answers_per_link is None
                else max_answers_per_link)
    if not 1 <= per_link <= 10_000:
        raise InputError("validate.error.per_link", value=per_link)
    version_id, judged = _judged(ws, build_id, personas)
    now = datetime.now(UTC)
    round_id = tk.new_round_id()
    values = {
        "id": round_id, "build_id": version_id,
        "personas": [p.model_dump() for p in judged],
        "title": (title or "").strip()[:200] or f"#{version_id}", "audience": audience,
        "created_at": now, "created_by": actor, "expires_at": now + timedelta(days=days),
        "max_answers_per_link": per_link, "status": "open", "signing_key": tk.new_key(),
    }
    with ws.transaction() as st:
        st.connection.execute(validation_rounds.insert().values(**values))
        audit(ws, actor, "validate.start", round_id, {"build": version_id,
              "personas": [p.id for p in judged]}, connection=st.connection)
    return get_round(ws, round_id)


def _row(con: Connection, round_id: str) -> Any:
    row = con.execute(select(validation_rounds).where(validation_rounds.c.id == round_id)).first()
    if row is None:
        raise WorkspaceError("validate.error.unknown_round", round=round_id)
    return row


def _counts(con: Connection, round_id: str) -> tuple[int, int]:
    links = con.execute(select(validation_links.c.id).where(
        validation_links.c.round_id == round_id)).all()
    subs = con.execute(select(validation_answers.c.submission).where(
        validation_answers.c.round_id == round_id).distinct()).all()
    return len(links), len(subs)


def get_round(ws: Workspace, round_id: str) -> ValidationRound:
    with ws.engine.connect() as con:
        row = _row(con, round_id)
        return _round(row, *_counts(con, round_id))


def list_rounds(ws: Workspace) -> list[ValidationRound]:
    """Every round, newest first."""
    with ws.engine.connect() as con:
        rows = con.execute(select(validation_rounds)
                           .order_by(validation_rounds.c.created_at.desc())).all()
        return [_round(r, *_counts(con, r.id)) for r in rows]


def make_links(ws: Workspace, round_id: str, count: int = 1, *, role: str = "staff",
               max_answers: int | None = None, actor: str = "cli") -> list[RoundLink]:
    """*count* new links for an open round; the tokens are returned once and never stored."""
    settings = validate_settings(ws)
    if not 1 <= count <= settings.max_links:
        raise InputError("validate.error.link_count", value=count, maximum=settings.max_links)
    if role not in ROLES:
        raise InputError("validate.error.role", value=role, allowed=", ".join(ROLES))
    now = datetime.now(UTC)
    with ws.transaction() as st:
        row = _row(st.connection, round_id)
        found = _round(row)
        if not found.accepting(now):
            raise WorkspaceError("validate.error.round_not_open", round=round_id)
        per_link = found.max_answers_per_link if max_answers is None else max_answers
        if not 1 <= per_link <= 10_000:
            raise InputError("validate.error.per_link", value=per_link)
        expires = int(found.expires_at.timestamp())
        made = []
        for _ in range(count):
            nonce = tk.new_nonce()
            token = tk.sign(row.signing_key, round_id, nonce, expires)
            st.connection.execute(validation_links.insert().values(
                round_id=round_id, nonce_hash=tk.nonce_hash(nonce), role=role,
                max_answers=per_link, answers=0, created_at=now))
            made.append(RoundLink(token=token, path=LINK_PATH + token, role=role,
                                  max_answers=per_link, expires_at=found.expires_at))
        audit(ws, actor, "validate.links", round_id, {"count": count, "role": role},
              connection=st.connection)
    return made


def _check_link(con: Connection, token: str | None, now: datetime) -> tuple[Any, Any]:
    """(round row, link row) of a usable token, or :class:`LinkError`."""
    parts = tk.parse(token)
    if parts is None:
        raise LinkError("invalid")
    row = con.execute(select(validation_rounds).where(
        validation_rounds.c.id == parts.round_id)).first()
    # A wrong round id and a wrong signature look the same to the client: no oracle.
    if row is None or not tk.signature_ok(row.signing_key, parts):
        raise LinkError("invalid")
    link = con.execute(select(validation_links).where(
        (validation_links.c.nonce_hash == tk.nonce_hash(parts.nonce))
        & (validation_links.c.round_id == row.id))).first()
    if link is None:
        raise LinkError("invalid")
    expires = min(parts.expires, int(_utc(row.expires_at).timestamp()))  # type: ignore[union-attr]
    if now.timestamp() >= expires:
        raise LinkError("expired")
    if row.status != "open":
        raise LinkError("closed")
    if link.answers >= link.max_answers:
        raise LinkError("used")
    return row, link


def open_link(ws: Workspace, token: str | None) -> OpenLink:
    """The round and personas behind a link; :class:`LinkError` if it cannot be used."""
    from personakit.track import get_persona

    with ws.engine.connect() as con:
        row, link = _check_link(con, token, datetime.now(UTC))
        found = _round(row)
    personas = [get_persona(ws, p.id, p.revision) for p in found.personas]
    return OpenLink(round=found, role=link.role, link_id=link.id,
                    remaining=link.max_answers - link.answers, personas=personas)


def _clean_value(question: Question, persona_id: str, raw: Any, lang: str) -> Any:
    """One answer as stored, or an :class:`InputError` naming persona, question and rule."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if question.kind == "scale":
        try:
            value = int(str(raw).strip())
        except ValueError:
            value = None
        if value is None or not 1 <= value <= question.points or str(raw).strip() != str(value):
            raise InputError("validate.error.answer_range", persona=persona_id,
                             question=question.id, value=str(raw)[:40],
                             expected=f"1-{question.points}")
        return value
    if question.kind == "choice":
        if str(raw) not in question.options:
            raise InputError("validate.error.answer_choice", persona=persona_id,
                             question=question.id, value=str(raw)[:40],
                             expected=", ".join(question.options))
        return str(raw)
    text = str(raw).strip()
    if len(text) > MAX_TEXT:
        raise InputError("validate.error.answer_long", persona=persona_id, question=question.id,
                         length=len(text), maximum=MAX_TEXT)
    from personakit.privacy import scrub

    # Respondents may name a customer or colleague: stored and shown without personal data.
    return scrub(text, lang).text


def clean_answers(round_: ValidationRound, answers: dict[str, dict[str, Any]],
                  lang: str) -> dict[str, dict[str, Any]]:
    """Every answer checked against its question; unknown personas or questions refused."""
    judged = {p.id for p in round_.personas}
    cleaned: dict[str, dict[str, Any]] = {}
    for persona_id, given in answers.items():
        if persona_id not in judged:
            raise InputError("validate.error.answer_persona", persona=persona_id[:100],
                             personas=", ".join(sorted(judged)))
        values = {}
        for qid, raw in given.items():
            if qid not in BY_ID:
                raise InputError("validate.error.answer_question", persona=persona_id,
                                 question=qid[:60])
            value = _clean_value(BY_ID[qid], persona_id, raw, lang)
            if value is not None:
                values[qid] = value
        if values:
            cleaned[persona_id] = values
    if not cleaned:
        raise InputError("validate.error.answer_empty")
    return cleaned


def _take_answer(con: Connection, round_id: str, link_id: int) -> bool:
    """Count one answer on the link if it has one left and the round is still open.

    One conditional UPDATE, so two submissions racing on a one-answer link cannot both win,
    and none lands after :func:`close_round` has archived the results. PostgreSQL checks the
    round's status under a share lock (``close_round`` updates that row first, so it waits
    for submissions under way and they see it closed); SQLite has one writer at a time and
    ignores the lock clause.
    """
    status = con.execute(select(validation_rounds.c.status)
                         .where(validation_rounds.c.id == round_id)
                         .with_for_update(read=True)).scalar()
    if status != "open":
        return False
    still_open = exists().where((validation_rounds.c.id == round_id)
                                & (validation_rounds.c.status == "open"))
    taken = con.execute(
        update(validation_links)
        .where((validation_links.c.id == link_id)
               & (validation_links.c.answers < validation_links.c.max_answers)
               & still_open)
        .values(answers=validation_links.c.answers + 1))
    return bool(taken.rowcount == 1)


def submit_answers(ws: Workspace, token: str | None, answers: dict[str, dict[str, Any]], *,
                   lang: str = "nl") -> str:
    """Store one submission (answers per persona) through a link; returns its id.

    Raises :class:`LinkError` for an unusable link and :class:`InputError` for a bad answer;
    in both cases nothing is written.
    """
    if lang not in ("nl", "en"):
        lang = "nl"
    now = datetime.now(UTC)
    with ws.transaction() as st:
        con = st.connection
        row, link = _check_link(con, token, now)
        cleaned = clean_answers(_round(row), answers, lang)
        if not _take_answer(con, row.id, link.id):
            # Another submission took the last answer, or the round was closed meanwhile.
            _check_link(con, token, now)
            raise LinkError("used")
        submission = secrets.token_hex(8)
        con.execute(validation_answers.insert(), [
            {"round_id": row.id, "link_id": link.id, "submission": submission,
             "persona_id": persona_id, "respondent_role": link.role, "lang": lang,
             "created_at": now, "answers": values}
            for persona_id, values in cleaned.items()])
    return submission


def round_answers(ws: Workspace, round_id: str) -> list[dict[str, Any]]:
    """Every stored answer row of a round (id, persona, role, language, time, answers)."""
    with ws.engine.connect() as con:
        _row(con, round_id)
        return _answer_rows(con, round_id)


def _answer_rows(con: Connection, round_id: str) -> list[dict[str, Any]]:
    rows = con.execute(select(validation_answers).where(
        validation_answers.c.round_id == round_id).order_by(validation_answers.c.id)).all()
    return [{"id": r.id, "submission": r.submission, "persona_id": r.persona_id,
             "role": r.respondent_role, "lang": r.lang, "created_at": _utc(r.created_at),
             "answers": r.answers} for r in rows]


def close_round(ws: Workspace, round_id: str, *, actor: str = "cli") -> ValidationRound:
    """Close a round and archive its results with the persona version it judged.

    The round is marked closed first and the results are read in the same transaction, so
    an answer submitted while closing is either in the archive or refused, never stored
    beside it.
    """
    from personakit.track import get_persona
    from personakit.validate._results import summarise_rows

    found = get_round(ws, round_id)
    if found.status == "closed":
        raise WorkspaceError("validate.error.round_closed", round=round_id)
    judged = [get_persona(ws, p.id, p.revision).model_dump(mode="json", exclude={"avatar_svg"})
              for p in found.personas]
    min_answers = validate_settings(ws).min_answers
    now = datetime.now(UTC)
    with ws.transaction() as st:
        con = st.connection
        done = con.execute(
            update(validation_rounds)
            .where((validation_rounds.c.id == round_id) & (validation_rounds.c.status == "open"))
            .values(status="closed", closed_at=now, closed_by=actor))
        if done.rowcount != 1:
            raise WorkspaceError("validate.error.round_closed", round=round_id)
        summary = summarise_rows(found.id, found.build_id, found.personas,
                                 _answer_rows(con, round_id), min_answers)
        archive = {"build_id": found.build_id, "summary": summary.model_dump(mode="json"),
                   "personas": judged}
        con.execute(update(validation_rounds).where(validation_rounds.c.id == round_id)
                    .values(archive=archive))
        audit(ws, actor, "validate.close", round_id, {"build": found.build_id,
              "submissions": summary.submissions}, connection=st.connection)
    return get_round(ws, round_id)
