"""Comments of a round turned into an edit or an assumption on the persona's next revision.

An *assumption* is a new statement without evidence, marked as such (seed 004: a persona
built on assumptions is a mistake, so what respondents add stays visibly unproven until an
analyst attaches evidence). An *edit* rewrites one existing statement and keeps its
evidence. Either way the persona gets a new revision through ``track.save_persona`` (so a
concurrent edit is a conflict, not a lost change) and the link to the comment is recorded.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import select

from personakit.access import audit
from personakit.errors import InputError, WorkspaceError
from personakit.model import Persona, Statement
from personakit.model._persona import Section
from personakit.validate._questions import TEXT_QUESTIONS
from personakit.validate._tables import validation_answers, validation_applied
from personakit.workspace import Workspace

ApplyKind = Literal["assumption", "edit"]
# Where a comment lands by default: what is missing and how to reach them are canvas notes
# and channels; what we must do differently is an expectation of the customer.
DEFAULT_SECTION: dict[str, Section] = {"missing": "notes", "reach": "channels",
                                       "do_differently": "expectations"}
SECTIONS: tuple[str, ...] = ("goals", "frustrations", "drivers", "fears", "dreams",
                             "expectations", "barriers", "skills", "channels", "tone", "buying",
                             "media", "kpis", "demographics", "notes")


class AppliedComment(BaseModel):
    """What applying a comment did."""

    round_id: str
    answer_id: int
    question: str
    persona_id: str
    kind: ApplyKind
    statement_id: str
    revision: int


def _comment(ws: Workspace, round_id: str, answer_id: int, question: str) -> tuple[str, str, str]:
    """(persona id, comment text, language) of one open answer of the round."""
    if question not in TEXT_QUESTIONS:
        raise InputError("validate.error.apply_question", question=question,
                         allowed=", ".join(TEXT_QUESTIONS))
    with ws.engine.connect() as con:
        row = con.execute(select(validation_answers).where(
            (validation_answers.c.id == answer_id)
            & (validation_answers.c.round_id == round_id))).first()
    if row is None or not row.answers.get(question):
        raise WorkspaceError("validate.error.unknown_comment", round=round_id,
                             answer=answer_id, question=question)
    return row.persona_id, str(row.answers[question]), row.lang


def _free_id(wanted: str, taken: set[str]) -> str:
    """*wanted*, or ``wanted:2``, ``:3``... when a comment is applied again: two statements
    sharing one id would make the second impossible to edit or remove."""
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}:{n}"
    return candidate


def _edited(persona: Persona, kind: ApplyKind, statement_id: str | None, text: str,
            section: Section, ref: str, actor: str) -> tuple[Persona, str]:
    texts = {"nl": text, "en": text}
    ids = [s.id for s in persona.statements]
    if kind == "assumption":
        new_id = _free_id(f"validation:{ref}", set(ids))
        statement = Statement(id=new_id, section=section, text=texts, evidence=[],
                              assumption=True, author=actor)
        return persona.model_copy(update={"statements": [*persona.statements, statement]}), new_id
    if statement_id not in ids:
        raise InputError("validate.error.apply_statement", statement=statement_id or "-",
                         persona=persona.id, statements=", ".join(ids[:20]) or "-")
    changed = [s.model_copy(update={"text": {**s.text, **texts}, "author": actor})
               if s.id == statement_id else s for s in persona.statements]
    return persona.model_copy(update={"statements": changed}), str(statement_id)


def apply_comment(ws: Workspace, round_id: str, answer_id: int, question: str, *,
                  kind: ApplyKind = "assumption", statement_id: str | None = None,
                  text: str | None = None, section: str | None = None,
                  base_revision: int | None = None, actor: str = "cli") -> AppliedComment:
    """Turn one comment into an assumption (new statement) or an edit of *statement_id*.

    *text* is the analyst's wording (default: the comment itself, personal data already
    removed when it was stored). The base is *base_revision*, the revision the analyst
    looked at (default: the newest); when someone saved a newer one since, this raises
    :class:`personakit.track.ConflictError` and nothing is written.
    """
    from personakit.track import get_persona, save_persona

    if kind not in ("assumption", "edit"):
        raise InputError("validate.error.apply_kind", value=kind)
    persona_id, comment, _lang = _comment(ws, round_id, answer_id, question)
    chosen_section = section or DEFAULT_SECTION[question]
    if chosen_section not in SECTIONS:
        raise InputError("validate.error.apply_section", value=chosen_section,
                         allowed=", ".join(SECTIONS))
    wording = (text or comment).strip()[:2000]
    if not wording:
        raise InputError("validate.error.answer_empty")
    base = get_persona(ws, persona_id, base_revision)
    edited, sid = _edited(base, kind, statement_id, wording, chosen_section,  # type: ignore[arg-type]
                          f"{round_id}:{answer_id}:{question}", actor)
    saved = save_persona(ws, edited, base_revision=base.revision, author=actor)
    with ws.transaction() as st:
        st.connection.execute(validation_applied.insert().values(
            round_id=round_id, answer_id=answer_id, question=question, persona_id=persona_id,
            kind=kind, statement_id=sid, revision=saved.revision, author=actor,
            at=datetime.now(UTC)))
        audit(ws, actor, f"validate.apply.{kind}", persona_id,
              {"round": round_id, "answer": answer_id, "revision": saved.revision},
              connection=st.connection)
    return AppliedComment(round_id=round_id, answer_id=answer_id, question=question,
                          persona_id=persona_id, kind=kind, statement_id=sid,
                          revision=saved.revision)


def applied_comments(ws: Workspace, round_id: str) -> list[AppliedComment]:
    with ws.engine.connect() as con:
        rows = con.execute(select(validation_applied).where(
            validation_applied.c.round_id == round_id).order_by(validation_applied.c.id)).all()
    return [AppliedComment(round_id=r.round_id, answer_id=r.answer_id, question=r.question,
                           persona_id=r.persona_id, kind=r.kind, statement_id=r.statement_id,
                           revision=r.revision) for r in rows]
