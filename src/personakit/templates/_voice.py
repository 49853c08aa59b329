"""A template's narrative, biography and one-line quote (the b2c canvas keeps the catalogue's).

The paragraph follows ``persona._narrative.narrative`` (per section a lead-in and its
strongest two statements with their footnote marks) with the template's lead-ins and
opening; a ``first_person`` template says "I" in those, so an employee's paragraph reads as
her own account of her working day, while the figures stay in their evidence form.
"""

from __future__ import annotations

import hashlib

from personakit.i18n import LANGUAGES, catalogue, format_count, t
from personakit.model import CustomerProfile, Statement
from personakit.templates._model import CanvasTemplate

NARRATIVE_SECTIONS = 5
PER_SECTION = 2


def uses_catalogue(template: CanvasTemplate) -> bool:
    """Whether *template* has no voice of its own (the b2c canvas): the persona's narrative,
    biography and quote then come from ``persona._narrative`` unchanged."""
    own = (template.narrative.opening or template.narrative.biography or template.quote.default
           or template.narrative.form != "third_person")
    return not own and not any(s.lead or s.quote for s in template.sections)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _pick(key: str, count: int) -> int:
    return hashlib.sha256(key.encode("utf-8")).digest()[1] % count


def _lead(template: CanvasTemplate, section: str, lang: str, first: str) -> str:
    found = template.section(section)
    if found is not None and found.lead:
        return found.lead[lang].format(first=first)
    return t(f"persona.narr.lead.{section}", lang, first=first)


def template_narrative(template: CanvasTemplate, first: str, statements: list[Statement],
                       persona_key: str, size: int) -> dict[str, str]:
    """The persona's paragraph per language in *template*'s voice, with footnote marks."""
    groups: dict[str, list[tuple[int, Statement]]] = {}
    for number, statement in enumerate(statements, start=1):
        if not statement.assumption:
            groups.setdefault(statement.section, []).append((number, statement))
    chosen = [s for s in template.order if s in groups and s != "demographics"]
    chosen = chosen[:NARRATIVE_SECTIONS]
    first_person = template.narrative.form == "first_person"
    result: dict[str, str] = {}
    for lang in LANGUAGES:
        sentences = []
        if template.narrative.opening and chosen:
            sentences.append(template.narrative.opening[lang].format(
                first=first, size=format_count(size, lang)))
        for section in chosen:
            joined = t("persona.narr.and", lang).join(
                f"{_lower_first(s.text[lang].rstrip('.'))} [{n}]"
                for n, s in groups[section][:PER_SECTION])
            lead = _lead(template, section, lang, first)
            # A first-person lead-in is a heading of her own ("Mijn werkdag:"); a third-person
            # one varies its place, as the b2c paragraph does.
            if first_person or _pick(persona_key + section, 2) == 0:
                sentence = f"{lead} {joined}."
            else:
                sentence = t("persona.narr.after", lang, text=joined, lead=lead.rstrip(":"))
            sentences.append(sentence[:1].upper() + sentence[1:])
        result[lang] = " ".join(sentences) or t("persona.narr.empty", lang, first=first)
    return result


def template_biography(template: CanvasTemplate, first: str, age: int,
                       profile: CustomerProfile, top: Statement | None) -> dict[str, str]:
    """The biography's first sentence in the template's words, then the strongest trait."""
    result: dict[str, str] = {}
    for lang in LANGUAGES:
        title = profile.name.get(lang) or profile.name.get("en") or str(profile.index)
        params = {"first": first, "age": age, "size": format_count(profile.size, lang),
                  "share": f"{profile.share * 100:.0f}", "profile": title}
        intro = template.narrative.biography
        text = (intro[lang].format(**params) if intro else t("persona.bio.intro", lang, **params))
        if top is not None:
            text += " " + t("persona.bio.top", lang, text=_lower_first(top.text[lang]))
        result[lang] = text
    return result


def template_quote(template: CanvasTemplate, top: Statement | None,
                   going_up: bool) -> dict[str, str]:
    """A first-person line for the section of the persona's strongest statement."""
    section = template.section(top.section) if top is not None else None
    for lang_texts in (
        (section.quote_down if section is not None and not going_up else {}),
        (section.quote if section is not None else {}),
    ):
        if lang_texts:
            return dict(lang_texts)
    key = f"persona.quote.{top.section}" if top is not None else ""
    if key in catalogue() and not template.quote.default:
        return {lang: t(key, lang) for lang in LANGUAGES}
    if template.quote.default:
        return dict(template.quote.default)
    return {lang: t("persona.quote.default", lang) for lang in LANGUAGES}
