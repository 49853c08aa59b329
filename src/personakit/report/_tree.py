"""The format-neutral report tree: what every renderer (and the web app) shows.

compute (personas, versions) → structure (this tree) → render (one small renderer per
format). The tree is in one language; numbers are already formatted.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from personakit.i18n import format_count, t
from personakit.model import Persona, PersonaVersion, Statement
from personakit.persona import SECTION_ORDER
from personakit.persona import label as label_text
from personakit.report._format import evidence_text, figure, number, percent
from personakit.report._journeymap import JourneyMap
from personakit.report._steering import SteeringPart

MAX_CHART_BARS = 6


class Fact(BaseModel):
    label: str
    value: str


class EvidenceNote(BaseModel):
    """A footnote: the statement's number on the page and its evidence lines."""

    number: int
    lines: list[str]
    assumption: bool = False


class StatementItem(BaseModel):
    id: str
    number: int
    text: str
    assumption: bool = False
    evidence: list[str] = Field(default_factory=list)


class CanvasSection(BaseModel):
    key: str
    title: str
    items: list[StatementItem]


class CanvasGap(BaseModel):
    """A canvas section without a statement, and what data would fill it (issue 10)."""

    key: str
    title: str
    text: str


class Bar(BaseModel):
    label: str
    profile: float
    rest: float
    profile_text: str
    rest_text: str


class Chart(BaseModel):
    title: str
    series: tuple[str, str] = ("", "")
    bars: list[Bar]


class QuoteItem(BaseModel):
    text: str
    source: str
    date: str | None = None


class ThemeRow(BaseModel):
    """One of the persona's themes (issue 11): its share against the rest, its sentiment and
    one snippet, as the report and the persona page show it."""

    id: str
    label: str
    section: str = ""
    share_text: str
    rest_text: str
    interval_text: str
    lift_text: str
    sentiment_text: str
    over: bool = False
    count_text: str = ""
    snippet: str = ""
    source: str = ""


class TextPart(BaseModel):
    """Narrative text with footnote marks: plain text, or a reference to statement n."""

    text: str = ""
    ref: int | None = None


class PersonaPage(BaseModel):
    id: str
    name: str
    title: str
    age: int | None
    avatar_svg: str
    picture: str | None = None
    quote: str
    biography: str
    narrative: list[TextPart]
    facts: list[Fact]
    sections: list[CanvasSection]
    chart: Chart | None
    quotes: list[QuoteItem]
    quote_note: str = ""
    gaps: list[CanvasGap] = Field(default_factory=list)
    approach: list[Fact]
    notes: list[EvidenceNote]
    size: int
    share: float
    share_text: str
    # Themes from interviews, reviews and open answers (issue 11); empty without texts.
    themes: list[ThemeRow] = Field(default_factory=list)


class ReportTree(BaseModel):
    """A whole report: overview of all personas, then one page per persona."""

    lang: str
    title: str
    subtitle: str
    version: dict[str, Any]
    personas: list[PersonaPage]
    overview_chart: Chart
    method: list[str]
    # Validation, drift, KPI trends, actions and lint (issue 13); None when not asked for.
    steering: SteeringPart | None = None
    # The customer journey map per persona (issue 12); None without a journey or events.
    journey: JourneyMap | None = None


def _statement_item(statement: Statement, number_: int, lang: str) -> StatementItem:
    return StatementItem(
        id=statement.id, number=number_,
        text=statement.text.get(lang) or next(iter(statement.text.values()), ""),
        assumption=statement.assumption or not statement.evidence,
        evidence=[evidence_text(e, lang) for e in statement.evidence]
        or [t("report.evidence.assumption", lang)],
    )


def _layout(persona: Persona, lang: str) -> tuple[list[str], dict[str, str]]:
    """Section order and titles: the persona's canvas template (issue 14), else b2c's."""
    layout = persona.extra.get("canvas") or {}
    sections = layout.get("sections") or []
    if not sections:
        return list(SECTION_ORDER), {}
    titles = {s["id"]: s["title"].get(lang) or s["title"].get("en", s["id"]) for s in sections}
    return [s["id"] for s in sections], titles


def section_choices(persona: Persona, lang: str) -> list[tuple[str, str]]:
    """The persona's canvas sections in order, with their titles in *lang* (its template's;
    the web editor offers these)."""
    layout, titles = _layout(persona, lang)
    return [(section, _title(section, titles, lang)) for section in layout]


def _title(section: str, titles: dict[str, str], lang: str) -> str:
    return titles.get(section) or t(f"persona.section.{section}", lang)


def _sections(persona: Persona, lang: str) -> tuple[list[CanvasSection], list[EvidenceNote]]:
    items = [_statement_item(s, i, lang) for i, s in enumerate(persona.statements, start=1)]
    by_section: dict[str, list[StatementItem]] = {}
    for statement, item in zip(persona.statements, items, strict=True):
        by_section.setdefault(statement.section, []).append(item)
    layout, titles = _layout(persona, lang)
    # A section an editor added that the template lacks still shows, after the template's.
    order = [s for s in layout if s in by_section] + [s for s in by_section if s not in layout]
    sections = [CanvasSection(key=s, title=_title(s, titles, lang), items=by_section[s])
                for s in order]
    notes = [EvidenceNote(number=i.number, lines=i.evidence, assumption=i.assumption)
             for i in items]
    return sections, notes


def _gaps(persona: Persona, lang: str) -> list[CanvasGap]:
    """Empty canvas sections in canvas order (a section an editor has filled since is not)."""
    filled = {s.section for s in persona.statements}
    layout, titles = _layout(persona, lang)
    return [CanvasGap(key=k, title=_title(k, titles, lang), text=persona.gaps[k][lang])
            for k in layout if k in persona.gaps and k not in filled
            and lang in persona.gaps[k]]


def _chart(persona: Persona, lang: str) -> Chart | None:
    rows = [s for s in persona.statements if s.evidence and s.evidence[0].effect is not None
            and s.evidence[0].profile_value is not None and s.evidence[0].rest_value is not None]
    rows.sort(key=lambda s: -abs(s.evidence[0].effect or 0))
    bars = []
    for statement in rows[:MAX_CHART_BARS]:
        e = statement.evidence[0]
        name = e.label.get(lang) or str(e.variable)
        label = f"{name}: {e.level}" if e.level is not None else name
        bars.append(Bar(label=label, profile=max(e.profile_value or 0, 0),
                        rest=max(e.rest_value or 0, 0),
                        profile_text=figure(e.profile_value, e, lang),
                        rest_text=figure(e.rest_value, e, lang)))
    if not bars:
        return None
    return Chart(title=t("report.chart.differences", lang, name=persona.name),
                 series=(persona.name, t("report.chart.rest", lang)), bars=bars)


REF = re.compile(r"\s?\[(\d+)\]")


def _narrative(text: str) -> list[TextPart]:
    parts: list[TextPart] = []
    position = 0
    for match in REF.finditer(text):
        parts.append(TextPart(text=text[position:match.start()]))
        parts.append(TextPart(ref=int(match.group(1))))
        position = match.end()
    parts.append(TextPart(text=text[position:]))
    return [p for p in parts if p.text or p.ref is not None]


def picture_uri(picture: str | None, root: Path | None) -> str | None:
    """A user's own picture as a data URI (the report must work offline), or None."""
    if not picture:
        return None
    if re.fullmatch(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+", picture):
        return picture
    path = Path(picture) if Path(picture).is_absolute() or root is None else root / picture
    kinds = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp"}
    if path.suffix.lower() in kinds and path.is_file():
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"data:image/{kinds[path.suffix.lower()]};base64,{data}"
    return None


def avatar_uri(persona: Persona) -> str:
    """The avatar as a data URI: an SVG in an <img> cannot run scripts, whoever edited it."""
    from personakit.persona import avatar_shapes, avatar_svg

    key = persona.extra.get("avatar_key")
    svg = avatar_svg(avatar_shapes(str(key), gender=persona.gender, age=persona.age),
                     title=persona.name) if key else persona.avatar_svg
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _kpi_label(persona: Persona, name: str, lang: str) -> str:
    """The KPI's label as its statement's evidence carries it (with the workspace's
    ``[sources.NAME.labels]`` overrides, issue 10), else the label derived from its name."""
    for statement in persona.statements:
        for evidence in statement.evidence:
            if evidence.variable == name and evidence.label.get(lang):
                return evidence.label[lang]
    return label_text(name, lang)


def _sentiment(value: float | None, lang: str) -> str:
    from personakit.texts._canvas import SENTIMENT_BAND

    if value is None:
        return t("report.themes.sentiment.unknown", lang)
    mood = ("negative" if value <= -SENTIMENT_BAND else "positive" if value >= SENTIMENT_BAND
            else "neutral")
    return t(f"report.themes.sentiment.{mood}", lang, value=number(value, lang, 1))


def theme_rows(persona: Persona, lang: str) -> list[ThemeRow]:
    """The themes kept with *persona* at its build, over-represented ones first."""
    from personakit.texts._canvas import stored_themes, theme_label

    rows = []
    for theme in stored_themes(persona.extra):
        snippet = theme.snippet
        rows.append(ThemeRow(
            id=theme.id, label=theme_label(theme, lang),
            section=t(f"persona.section.{theme.section}", lang) if theme.section else "",
            share_text=percent(theme.share, lang),
            rest_text=percent(theme.rest_share, lang) if theme.rest_share is not None else "–",
            interval_text=t("report.themes.interval", lang, low=percent(theme.low, lang),
                            high=percent(theme.high, lang)),
            lift_text=number(theme.lift, lang, 1) if theme.lift is not None else "–",
            sentiment_text=_sentiment(theme.sentiment, lang), over=theme.over,
            count_text=t("report.themes.count", lang, k=format_count(theme.in_theme, lang),
                         n=format_count(theme.texts, lang)),
            snippet=snippet.text if snippet else "", source=snippet.source if snippet else ""))
    return rows


def persona_page(persona: Persona, lang: str, root: Path | None = None) -> PersonaPage:
    sections, notes = _sections(persona, lang)
    approach = persona.extra.get("approach", {}).get(lang) or persona.approach
    facts = [Fact(label=t("report.fact.size", lang), value=format_count(persona.size, lang)),
             Fact(label=t("report.fact.share", lang), value=percent(persona.share, lang))]
    if persona.age is not None:
        facts.insert(0, Fact(label=t("report.fact.age", lang), value=str(persona.age)))
    for name, figures in sorted(persona.kpis.items()):
        facts.append(Fact(label=_kpi_label(persona, name, lang), value=t(
            "report.fact.kpi", lang, profile=number(figures.get("profile"), lang, 2),
            rest=number(figures.get("rest"), lang, 2))))
    return PersonaPage(
        id=persona.id, name=persona.name,
        title=persona.title.get(lang) or persona.title.get("en") or "",
        age=persona.age, avatar_svg=avatar_uri(persona),
        picture=picture_uri(persona.picture, root),
        quote=persona.quote.get(lang, ""), biography=persona.biography.get(lang, ""),
        narrative=_narrative(persona.narrative.get(lang, "")), facts=facts,
        sections=sections, chart=_chart(persona, lang),
        quotes=[QuoteItem(text=q.text, source=q.source, date=q.date) for q in persona.quotes],
        quote_note=persona.quote_note.get(lang, ""), gaps=_gaps(persona, lang),
        approach=[Fact(label=t(f"report.approach.{k}", lang), value=v)
                  for k, v in approach.items() if k in ("channels", "tone", "barriers")],
        notes=notes, size=persona.size, share=persona.share,
        share_text=percent(persona.share, lang), themes=theme_rows(persona, lang),
    )


def build_report_tree(
    personas: list[Persona], *, lang: str, version: PersonaVersion | None = None,
    root: Path | None = None,
) -> ReportTree:
    """The report of *personas* in *lang*; *version* adds where they came from."""
    pages = [persona_page(p, lang, root) for p in personas]
    chart = Chart(title=t("report.chart.sizes", lang), bars=[
        Bar(label=p.name, profile=p.share, rest=0,
            profile_text=f"{p.share_text} ({format_count(p.size, lang)})", rest_text="")
        for p in pages
    ])
    info: dict[str, Any] = {}
    if version is not None:
        info = {"id": version.id, "created_at": version.created_at.strftime("%Y-%m-%d %H:%M"),
                "content_hash": version.content_hash[:12], "seed": version.seed,
                "inputs": version.inputs, "author": version.author}
    settings = version.settings if version is not None else {}
    method = [t("report.method.thresholds", lang,
                q=number(settings.get("q_max", 0.01), lang, None),
                effect=number(settings.get("min_effect", 0.2), lang, None),
                n=settings.get("min_group_size", 10)),
              t("report.method.privacy", lang, n=settings.get("min_group_size", 10)),
              t("report.method.assumption", lang)]
    if any(p.themes for p in pages):
        from personakit.texts._canvas import THEME_MIN_LIFT

        method.append(t("report.themes.method", lang, n=settings.get("min_group_size", 10),
                        lift=number(THEME_MIN_LIFT, lang, 1)))
    return ReportTree(
        lang=lang, title=t("report.title", lang),
        subtitle=t("report.subtitle", lang, count=len(pages),
                   total=format_count(sum(p.size for p in pages), lang)),
        version=info, personas=pages, overview_chart=chart, method=method,
    )
