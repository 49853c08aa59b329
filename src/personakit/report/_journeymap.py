"""The journey map (issue 12, point 4): stages across, personas down, per persona the share
still in the journey at each touchpoint, the drop-off curve, the barriers, and where to act.

compute → structure → render, as the rest of the report: :func:`journey_map` turns a
:class:`~personakit.journey.Journey`, its :class:`~personakit.journey.FunnelReport` and the
:class:`~personakit.journey.ActionPoint` list into a format-neutral :class:`JourneyMap` in
one language (numbers already formatted, no column names); :mod:`._journeysvg` draws it
(inline SVG and the A3 poster), :mod:`._pptx`, :mod:`._markdown` and the HTML template
render it. :func:`build_journey_part` is what the report tree calls,
:func:`journey_inputs` what the web app calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from personakit.i18n import format_count, format_number, format_percent, format_signed, t
from personakit.report._format import evidence_text

if TYPE_CHECKING:
    from personakit.journey import (
        ActionPoint,
        FunnelReport,
        Journey,
        PersonaFunnel,
        PersonaTouchpoint,
        StepStat,
    )
    from personakit.model import Evidence, Persona
    from personakit.workspace import Workspace

# Known entry sources in the words an analytics export uses, Dutch or English.
ENTRY_WORDS = {"advertentie": "ad", "advert": "ad", "ad": "ad", "ads": "ad", "cpc": "ad",
               "organisch": "organic", "organic": "organic", "seo": "organic",
               "zoekmachine": "organic", "direct": "direct", "nieuwsbrief": "newsletter",
               "newsletter": "newsletter", "email": "newsletter", "e-mail": "newsletter",
               "verwijzing": "referral", "referral": "referral", "social": "social",
               "sociaal": "social"}
DEVICE_WORDS = {"mobiel": "mobile", "mobile": "mobile", "telefoon": "mobile",
                "desktop": "desktop", "computer": "desktop", "tablet": "tablet"}
CHANNELS = ("web", "app", "phone", "mail", "shop", "letter", "chat")
ENTRY_FIELDS = ("expectation", "barrier", "message", "cta", "tone", "channel")


# ---- structure ------------------------------------------------------------------------------

class MapStage(BaseModel):
    """A stage across the top, spanning touchpoints ``first`` .. ``first + count - 1``."""

    id: str
    label: str
    first: int
    count: int


class MapTouchpoint(BaseModel):
    id: str
    stage: str
    label: str
    channel: str
    measured: bool  # the analytics export marks it (a letter or a call it does not)


class MapEntry(BaseModel):
    """What a persona expects at a touchpoint, what stops them and what fits."""

    expectation: str = ""
    barrier: str = ""
    message: str = ""
    cta: str = ""
    tone: str = ""
    channel: str = ""  # the channel that fits this persona here
    assumption: bool = False
    evidence: list[str] = Field(default_factory=list)
    author: str | None = None


class MapCell(BaseModel):
    """One persona at one touchpoint; ``share`` is the share of the start still there."""

    touchpoint: str
    share: float | None = None
    share_text: str = "–"
    conversion: float | None = None
    conversion_text: str = ""
    interval_text: str = ""
    reached: int | None = None
    reached_text: str = ""
    time_text: str = ""
    drop: bool = False  # the persona's biggest drop-off against the others lands here
    entry: MapEntry | None = None


class MapAction(BaseModel):
    """Where to act: the step, the gap against the others, the barrier and the action."""

    from_touchpoint: str
    to_touchpoint: str
    from_label: str
    to_label: str
    conversion_text: str
    others_text: str
    gap_text: str
    people_text: str
    barrier: str
    action: str
    rank: int
    evidence: list[str] = Field(default_factory=list)
    line: str


class MixItem(BaseModel):
    key: str
    label: str
    share: float | None
    text: str


class MapRow(BaseModel):
    """One persona across the journey."""

    persona_id: str
    name: str
    sessions: int = 0
    sessions_text: str = ""
    cells: list[MapCell]
    curve: list[float | None]  # share of the start per touchpoint (None: not measured)
    action: MapAction | None = None
    entry_mix: list[MixItem] = Field(default_factory=list)
    device_mix: list[MixItem] = Field(default_factory=list)
    assumptions: int = 0


class JourneyMap(BaseModel):
    """The journey map in one language: what every renderer draws.

    Parameters
    ----------
    everyone
        The share of the start per touchpoint over all sessions: the dashed reference line.
    note
        Where the figures come from: source, period, sessions, the minimum group size.
    problem
        Why the funnel is missing (the error of the funnel engine), if it is.
    """

    lang: str
    title: str
    name: str
    label: str
    revision: int
    subtitle: str = ""  # the journey's label and revision ("not saved yet": drafted)
    stages: list[MapStage]
    touchpoints: list[MapTouchpoint]
    rows: list[MapRow]
    everyone: list[float | None] = Field(default_factory=list)
    note: str = ""
    problem: str = ""

    def row(self, persona_id: str) -> MapRow | None:
        return next((r for r in self.rows if r.persona_id == persona_id), None)

    def touchpoint_label(self, touchpoint_id: str) -> str:
        return next((t.label for t in self.touchpoints if t.id == touchpoint_id), touchpoint_id)

    @property
    def has_entries(self) -> bool:
        return any(c.entry for r in self.rows for c in r.cells)


# ---- compute ------------------------------------------------------------------------------

def _text(texts: Mapping[str, str], lang: str) -> str:
    return texts.get(lang) or next((v for v in texts.values() if v), "")


def channel_label(channel: str, lang: str) -> str:
    key = channel.strip().lower()
    return t(f"report.journey.channel.{key}", lang) if key in CHANNELS else channel


def mix_label(value: str, lang: str, words: Mapping[str, str], kind: str) -> str:
    """An entry source or device as a reader says it (``advertentie`` → "ad")."""
    known = words.get(value.strip().lower())
    return t(f"report.journey.{kind}.{known}", lang) if known else value


def _stages(journey: Journey, lang: str) -> list[MapStage]:
    labels = {s.id: _text(s.label, lang) or s.id for s in journey.stages}
    stages: list[MapStage] = []
    for i, touchpoint in enumerate(journey.touchpoints):
        if stages and stages[-1].id == touchpoint.stage:
            stages[-1].count += 1
        else:
            stages.append(MapStage(id=touchpoint.stage, first=i, count=1,
                                   label=heading(labels.get(touchpoint.stage,
                                                             touchpoint.stage))))
    return stages


def touchpoint_label(touchpoint: Any, lang: str) -> str:
    from personakit.persona import label as column_label

    return _text(touchpoint.label, lang) or column_label(touchpoint.step or touchpoint.id, lang)


def heading(text: str) -> str:
    """A drafted journey's label ("startpagina") as a column heading ("Startpagina")."""
    return text[:1].upper() + text[1:]


def _seconds(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    if value < 90:
        return t("report.journey.seconds", lang, n=format_count(value, lang))
    return t("report.journey.minutes", lang, n=format_number(value / 60, lang, 1))


def map_entry(entry: PersonaTouchpoint | None, lang: str) -> MapEntry | None:
    if entry is None:
        return None
    texts = {f: _text(getattr(entry, f), lang) for f in ENTRY_FIELDS}
    if not any(texts.values()):
        return None
    return MapEntry(**texts, assumption=entry.assumption or not entry.evidence,
                    evidence=[evidence_text(e, lang) for e in entry.evidence],
                    author=entry.author)


def _cell(touchpoint_id: str, stat: StepStat | None, entry: MapEntry | None,
          lang: str, minimum: int) -> MapCell:
    cell = MapCell(touchpoint=touchpoint_id, entry=entry)
    if stat is None:
        return cell
    cell.share, cell.share_text = stat.share_of_start, format_percent(stat.share_of_start, lang)
    if stat.reached >= minimum:  # a count below the minimum group size is never shown
        cell.reached, cell.reached_text = stat.reached, format_count(stat.reached, lang)
    cell.conversion = stat.conversion
    if stat.conversion is not None:
        cell.conversion_text = format_percent(stat.conversion, lang)
    if stat.conversion_low is not None and stat.conversion_high is not None:
        cell.interval_text = t("report.journey.interval", lang,
                               low=format_percent(stat.conversion_low, lang),
                               high=format_percent(stat.conversion_high, lang))
    cell.time_text = _seconds(stat.median_seconds, lang)
    return cell


def _sentence(text: str) -> str:
    """*text* ending in one full stop (texts from the canvas often bring their own)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…", ".”", "!”", "?”")) else text + "."


def _evidence(evidence: Evidence, steps: set[str], lang: str) -> str:
    """One evidence line; the funnel's own figure (a conversion against the others, whose
    label says both) as its label and n, not as a mean of 0,4 against 0,8."""
    if evidence.kind == "statistic" and evidence.level is None and evidence.variable in steps \
            and evidence.label.get(lang):
        return f"{evidence.label[lang]}; n = {format_count(evidence.n, lang)}"
    return evidence_text(evidence, lang)


def _action(point: ActionPoint, labels: Mapping[str, str], name: str, lang: str,
            steps: set[str]) -> MapAction:
    def points(value: float) -> str:
        return format_signed(value * 100, lang, 0)

    barrier = _text(point.barrier, lang)
    action = _text(point.action, lang)
    values = {"name": name, "start": labels.get(point.from_touchpoint, point.from_touchpoint),
              "end": labels.get(point.to_touchpoint, point.to_touchpoint),
              "conversion": format_percent(point.conversion, lang),
              "others": format_percent(point.others, lang)}
    line = t("report.journey.where", lang, **values)
    line += " " + (_sentence(t("report.journey.barrier_is", lang, barrier=barrier))
                   if barrier else t("report.journey.no_barrier", lang))
    if action:
        line += " " + _sentence(t("report.journey.action_is", lang, action=action))
    return MapAction(
        from_touchpoint=point.from_touchpoint, to_touchpoint=point.to_touchpoint,
        from_label=values["start"], to_label=values["end"],
        conversion_text=values["conversion"], others_text=values["others"],
        gap_text=t("report.journey.gap", lang, gap=points(point.gap), low=points(point.gap_low),
                   high=points(point.gap_high)),
        people_text=t("report.journey.people", lang,
                      sessions=format_count(point.sessions_lost, lang),
                      customers=format_count(point.customers, lang)),
        barrier=barrier, action=action, rank=point.rank, line=line,
        evidence=[_evidence(e, steps, lang) for e in point.evidence])


def _mix(shares: Mapping[str, Any], lang: str, words: Mapping[str, str],
         kind: str) -> list[MixItem]:
    items = [MixItem(key=k, label=mix_label(k, lang, words, kind), share=s.share,
                     text=format_percent(s.share, lang)) for k, s in shares.items()]
    return sorted(items, key=lambda i: -(i.share or 0))


def _row(persona_id: str, name: str, journey: Journey, funnel: PersonaFunnel | None,
         point: ActionPoint | None, labels: Mapping[str, str], lang: str,
         minimum: int) -> MapRow:
    stats = {s.touchpoint: s for s in funnel.steps} if funnel else {}
    entries = journey.personas.get(persona_id, {})
    cells = [_cell(tp.id, stats.get(tp.id), map_entry(entries.get(tp.id), lang), lang, minimum)
             for tp in journey.touchpoints]
    row = MapRow(persona_id=persona_id, name=name, cells=cells,
                 curve=[c.share for c in cells],
                 assumptions=sum(1 for c in cells if c.entry and c.entry.assumption))
    if funnel is not None:
        row.sessions = funnel.sessions
        row.sessions_text = t("report.journey.sessions", lang,
                              n=format_count(funnel.sessions, lang))
        row.entry_mix = _mix(funnel.entry, lang, ENTRY_WORDS, "entry")
        row.device_mix = _mix(funnel.device, lang, DEVICE_WORDS, "device")
    if point is not None:
        row.action = _action(point, labels, name, lang, set(journey.steps()))
        for cell in cells:
            cell.drop = cell.touchpoint == point.to_touchpoint
    return row


def _note(report: FunnelReport | None, lang: str) -> str:
    if report is None:
        return ""
    period = ""
    if report.start and report.end:
        period = t("report.journey.period", lang, start=report.start.strftime("%Y-%m-%d"),
                   end=report.end.strftime("%Y-%m-%d"))
    return t("report.journey.note", lang, source=report.source, period=period,
             sessions=format_count(report.sessions, lang),
             events=format_count(report.events, lang), n=report.min_group_size)


def journey_map(journey: Journey, report: FunnelReport | None, actions: list[ActionPoint],
                lang: str, *, names: Mapping[str, str] | None = None,
                problem: str = "") -> JourneyMap:
    """The map of *journey* in *lang*: one row per persona of *names* (id → name, in that
    order), else per persona the funnel or the journey knows."""
    from personakit.journey import EVERYONE, UNASSIGNED

    funnels = {f.persona_id: f for f in report.personas} if report else {}
    if names is None:
        found = {f.persona_id: f.name for f in funnels.values()}
        found.update({p: found.get(p, p) for p in journey.personas})
        names = {k: v for k, v in found.items() if k not in (EVERYONE, UNASSIGNED)}
    labels = {tp.id: touchpoint_label(tp, lang) for tp in journey.touchpoints}
    points = {a.persona_id: a for a in actions}
    minimum = report.min_group_size if report else 0
    rows = [_row(pid, name, journey, funnels.get(pid), points.get(pid), labels, lang, minimum)
            for pid, name in names.items()
            if pid in funnels or pid in journey.personas or pid in points]
    everyone = funnels.get(EVERYONE)
    reference = {s.touchpoint: s.share_of_start for s in everyone.steps} if everyone else {}
    label = _text(journey.label, lang) or journey.name
    subtitle = t("report.journey.revision", lang, label=label, revision=journey.revision) \
        if journey.revision else t("report.journey.unsaved", lang, label=label)
    return JourneyMap(
        lang=lang, title=t("report.journey.title", lang), name=journey.name,
        label=label, revision=journey.revision, subtitle=subtitle,
        stages=_stages(journey, lang),
        touchpoints=[MapTouchpoint(id=tp.id, stage=tp.stage, label=heading(labels[tp.id]),
                                   channel=channel_label(tp.channel, lang),
                                   measured=tp.id in reference or bool(tp.step))
                     for tp in journey.touchpoints],
        rows=rows, everyone=[reference.get(tp.id) for tp in journey.touchpoints],
        note=_note(report, lang), problem=problem)


# ---- the workspace: thin adapters over personakit.journey ------------------------------------

@dataclass
class JourneyInputs:
    """What the map is made of: the journey as defined (stored, configured or drafted from
    the events), the same with entries drafted where nobody wrote one, its funnel, where to
    act, and why the funnel is missing if it is."""

    defined: Journey
    journey: Journey
    report: FunnelReport | None
    actions: list[ActionPoint]
    problem: str = ""


def journey_inputs(ws: Workspace, lang: str, name: str | None = None) -> JourneyInputs | None:
    """The journey of *ws* and its figures; ``None`` when there is no journey and no event
    source to draft one from."""
    from personakit.errors import PersonakitError
    from personakit.journey import fill_journey, funnel_report, get_journey, where_to_act

    try:
        journey = get_journey(ws, name)
    except PersonakitError:  # nothing defined, and no event export to draft one from
        return None
    found = JourneyInputs(defined=journey, journey=journey, report=None, actions=[])
    if journey.steps():
        try:
            found.report = funnel_report(ws, journey)
            found.actions = where_to_act(ws, found.report, journey)
        except PersonakitError as exc:  # the map still shows the touchpoints and entries
            found.problem = exc.message(lang)
    found.journey = fill_journey(ws, journey, found.report, found.actions)
    return found


def build_journey_part(ws: Workspace, personas: list[Persona], lang: str) -> JourneyMap | None:
    """The report's journey part for *personas*, or ``None`` (no journey, no events)."""
    found = journey_inputs(ws, lang)
    if found is None:
        return None
    return journey_map(found.journey, found.report, found.actions, lang,
                       names={p.id: p.name for p in personas}, problem=found.problem)


# ---- what every renderer shows the same way ----------------------------------------------

def stages_shown(jmap: JourneyMap) -> bool:
    """No stage band when every stage is one touchpoint of the same name (a journey
    drafted from the data): it would only repeat the column headings."""
    return any(s.count > 1 or s.label.lower() != jmap.touchpoints[s.first].label.lower()
               for s in jmap.stages)


def second_line(row: MapRow, i: int, lang: str) -> str:
    """Under the share: the sessions at the start, the conversion, or why it is missing."""
    cell = row.cells[i]
    first = next((k for k, c in enumerate(row.cells) if c.share is not None), None)
    if i == first:
        return t("report.journey.start_n", lang, n=cell.reached_text)
    if cell.conversion is None:
        return t("report.journey.hidden", lang)
    return t("report.journey.conversion_short", lang, value=cell.conversion_text)
