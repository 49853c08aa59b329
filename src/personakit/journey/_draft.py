"""A journey drafted from an analytics export: the steps in the order sessions take them.

Each session's steps are put in the order it first reached them; a step's place in the
journey is its median place over the sessions (ties: the mean place, then the most
visited). Steps seen in fewer than ``min_step_share`` of the sessions are left out (they
count as unknown steps in the funnel), and at most ``max_steps`` are kept. Every step is
a touchpoint on the web; consecutive steps whose names share a first word
(``checkout_address``, ``checkout_payment``; ``/product/a``, ``/product/b``) form one
stage, any other step is a stage of its own.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from personakit.i18n import LANGUAGES, catalogue, t
from personakit.journey._events import EventScan, event_source, normal_step
from personakit.journey._model import Journey, Stage, Touchpoint
from personakit.journey._settings import JourneySettings, journey_settings
from personakit.workspace import Workspace

CHANNEL = "web"
DRAFT_NAME = "default"


def step_order(scan: EventScan, settings: JourneySettings) -> tuple[pd.DataFrame, int]:
    """Per step (compared without case): its spelling, median and mean place in the
    sessions' order of first visits, and the sessions that reached it; and the sessions
    read (at most about ``draft_sessions``, picked by a hash of their id). After
    :meth:`EventScan.validate`."""
    every = max(1, math.ceil(scan.sessions_estimate / settings.draft_sessions))
    picked = "TRUE" if every == 1 else f"hash(session) % {every} = 0"
    frame: pd.DataFrame = scan.con.execute(
        "WITH firsts AS (SELECT session, lower(trim(step)) AS norm, min(trim(step)) AS step, "
        f"min(ts) AS first FROM _ev WHERE ts IS NOT NULL AND trim(step) <> '' AND {picked} "
        "GROUP BY session, norm), "
        "ranked AS (SELECT session, norm, step, row_number() OVER (PARTITION BY session "
        "ORDER BY first, norm) AS place FROM firsts) "
        "SELECT norm, min(step) AS step, median(place) AS median, avg(place) AS mean, "
        "count(*) AS sessions, (SELECT count(DISTINCT session) FROM firsts) AS total "
        "FROM ranked GROUP BY norm ORDER BY norm").df()
    read = int(frame["total"].iloc[0]) if len(frame) else 0
    return frame.drop(columns="total"), read


def chosen_steps(order: pd.DataFrame, sessions: int, settings: JourneySettings) -> list[str]:
    """The steps of the draft, in journey order."""
    kept = order[order["sessions"] >= settings.min_step_share * sessions]
    if kept.empty:
        kept = order
    kept = kept.sort_values(["sessions", "norm"], ascending=[False, True])
    kept = kept.head(settings.max_steps)
    kept = kept.sort_values(["median", "mean", "sessions", "norm"],
                            ascending=[True, True, False, True])
    return [str(s) for s in kept["step"]]


def _first_word(step: str) -> str:
    words = [w for w in re.split(r"[^0-9A-Za-zÀ-ÿ]+", step.lower()) if w]
    return words[0] if words else step.lower()


def step_label(step: str, lang: str) -> str:
    """A step's label: the web vocabulary of personakit's catalogue, else the column
    label rules of :func:`personakit.persona.label`, else the step as written."""
    from personakit.persona import label

    key = "journey.event.step." + re.sub(r"[^a-z0-9]+", "_", normal_step(step)).strip("_")
    if key in catalogue():
        return t(key, lang)
    text = label(step, lang)
    if text in (t("voice.label.column.plain", lang), ""):
        return re.sub(r"[_/\-.]+", " ", step).strip() or step
    return text


def _unique(base: str, taken: set[str]) -> str:
    from personakit.ingest import slugify

    name = slugify(base)
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    taken.add(candidate)
    return candidate


def journey_from_steps(steps: list[str], *, source: str | None = None,
                       name: str = DRAFT_NAME) -> Journey:
    """A journey with one web touchpoint per step, grouped into stages by first word."""
    words = [_first_word(s) for s in steps]
    stages: list[Stage] = []
    touchpoints: list[Touchpoint] = []
    stage_ids: set[str] = set()
    touch_ids: set[str] = set()
    for i, step in enumerate(steps):
        grouped = (i > 0 and words[i] == words[i - 1]) or \
            (i + 1 < len(steps) and words[i] == words[i + 1])
        if grouped and i > 0 and words[i] == words[i - 1]:
            stage = stages[-1]
        else:
            base = words[i] if grouped else step
            stage = Stage(id=_unique(base, stage_ids),
                          label={lang: step_label(base, lang) for lang in LANGUAGES})
            stages.append(stage)
        touchpoints.append(Touchpoint(
            id=_unique(step, touch_ids), stage=stage.id, channel=CHANNEL, step=step,
            label={lang: step_label(step, lang) for lang in LANGUAGES}))
    label = {lang: t("journey.event.drafted", lang, source=source or "-")
             for lang in LANGUAGES}
    return Journey(name=name, label=label, stages=stages, touchpoints=touchpoints,
                   source=source)


def draft_journey(ws: Workspace, source: str | None = None) -> Journey:
    """A journey drafted from the event export (see the module's docstring)."""
    settings = journey_settings(ws)
    with EventScan(event_source(ws, source), settings) as scan:
        scan.validate()
        return drafted(scan, settings)


def drafted(scan: EventScan, settings: JourneySettings) -> Journey:
    """The journey the checked events of *scan* suggest."""
    order, sessions = step_order(scan, settings)
    return journey_from_steps(chosen_steps(order, sessions, settings),
                              source=scan.columns.source)
