"""Turning the edit forms into a new persona revision (texts, insights, picture)."""

from __future__ import annotations

import base64
import secrets
from datetime import date
from typing import Any

from personakit.errors import InputError
from personakit.i18n import LANGUAGES
from personakit.model import Evidence, Persona, Statement
from personakit.report._tree import section_choices
from personakit.web._context import Posted

TEXT_FIELDS = ("title", "quote", "biography")
APPROACH_KEYS = ("channels", "tone", "barriers")
MAX_TEXT = 5000
# Magic numbers of the picture types we accept; the file name and browser's type are not
# trusted (an "image" that is really HTML or SVG could carry a script).
PICTURE_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"GIF87a": "gif",
                 b"GIF89a": "gif"}


def _limited(value: str, field: str) -> str:
    if len(value) > MAX_TEXT:
        raise InputError("web.error.too_long", field=field, limit=MAX_TEXT)
    return value


def _given(post: Posted, name: str) -> str | None:
    """A form field's text, or ``None`` when the form did not send it (left unchanged)."""
    value = post.form.get(name)
    return _limited(value.strip(), name) if isinstance(value, str) else None


def apply_texts(persona: Persona, post: Posted) -> Persona:
    """The persona with the edit form's texts and statement texts.

    Fields the form did not send stay as they were.
    """
    lang = post.viewer.lang
    update: dict[str, Any] = {"name": _given(post, "name") or persona.name}
    for field in TEXT_FIELDS:
        texts = dict(getattr(persona, field))
        for code in LANGUAGES:
            given = _given(post, f"{field}_{code}")
            if given is not None:
                texts[code] = given
        update[field] = texts
    extra = dict(persona.extra)
    stored: dict[str, dict[str, str]] = dict(extra.get("approach", {}))
    bilingual: dict[str, dict[str, str]] = {
        code: dict(stored.get(code, persona.approach)) for code in LANGUAGES}
    for code in LANGUAGES:
        for key in APPROACH_KEYS:
            given = _given(post, f"approach_{code}_{key}")
            if given is not None:
                bilingual[code][key] = given
    extra["approach"] = bilingual
    update["extra"] = extra
    update["approach"] = dict(bilingual.get(lang, persona.approach))
    update["statements"] = [_statement(s, i, post) for i, s in enumerate(persona.statements)]
    return persona.model_copy(update=update)


def _statement(statement: Statement, index: int, post: Posted) -> Statement:
    given = _given(post, f"stmt_{index}_text")
    if given is None:
        return statement
    lang = post.viewer.lang
    changed = bool(given) and given != statement.text.get(lang)
    text = {**statement.text, lang: given} if changed else statement.text
    return statement.model_copy(update={
        "text": text, "author": post.viewer.name if changed else statement.author})


def add_insight(persona: Persona, post: Posted) -> Persona:
    """An interview insight as evidence for an existing statement or for a new one; or a
    new hand-written statement without evidence, which the persona then shows as an
    assumption (``track`` marks every statement without evidence as one).
    """
    text = _limited(post.text("text"), "text")
    if not text:
        raise InputError("web.error.required", field="text")
    source = _limited(post.text("source"), "source") or "interview"
    when = post.text("date") or date.today().isoformat()
    evidence = Evidence(kind="insight", text=text, source=source, date=when,
                        author=post.viewer.name)
    assumption = post.form.get("assumption") == "on"
    target = "new" if assumption else post.text("statement")
    statements = list(persona.statements)
    if target and target != "new":
        index = next((i for i, s in enumerate(statements) if s.id == target), None)
        if index is None:
            raise InputError("web.error.required", field="statement")
        old = statements[index]
        statements[index] = old.model_copy(update={
            "evidence": [*old.evidence, evidence], "assumption": False})
    else:
        section = post.text("section") or "notes"
        if section not in {key for key, _ in section_choices(persona, post.viewer.lang)}:
            raise InputError("web.error.required", field="section")
        statements.append(Statement.model_validate({
            "id": f"insight:{secrets.token_hex(6)}", "section": section,
            "text": dict.fromkeys(LANGUAGES, text),
            "evidence": [] if assumption else [evidence.model_dump()],
            "assumption": assumption, "author": post.viewer.name}))
    return persona.model_copy(update={"statements": statements})


def picture_data_uri(data: bytes, limit: int) -> str:
    """A validated picture as a data URI; an error naming what is wrong otherwise."""
    if not data:
        raise InputError("web.error.required", field="picture")
    if len(data) > limit:
        raise InputError("web.error.picture_size", limit=limit // 1000)
    kind = next((k for magic, k in PICTURE_TYPES.items() if data.startswith(magic)), None)
    if kind is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind = "webp"
    if kind is None:
        raise InputError("web.error.picture_type")
    return f"data:image/{kind};base64," + base64.b64encode(data).decode("ascii")
