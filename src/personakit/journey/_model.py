"""Models of customer journeys (issue 13's sibling, issue 12): the journey a persona goes
through, what the data say about it, and where to act.

A :class:`Journey` is defined by people (editors in the web app, ``personakit.toml`` or a
YAML file) or drafted from an analytics export: stages, touchpoints in order, and per
persona per touchpoint what they expect, what stops them and what fits (copy, call to
action, tone), each with its evidence. A :class:`FunnelReport` is what an analytics event
export says per persona; :class:`ActionPoint` is where to act; :class:`Approach` goes back
into operations (CRM, marketing tools).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from personakit.model import Evidence

Texts = dict[str, str]  # language -> text ({"nl": ..., "en": ...})
EVERYONE = "*"  # persona id of the figures over all sessions
UNASSIGNED = "?"  # persona id of sessions no persona could be given


class Stage(BaseModel):
    """A stage of the journey (orientation, choice, purchase, use, service ...)."""

    id: str
    label: Texts = Field(default_factory=dict)


class Touchpoint(BaseModel):
    """A moment of contact, in journey order.

    Parameters
    ----------
    step
        The step (page, event name) that marks this touchpoint in an analytics export;
        ``None`` for a touchpoint the data do not see (a phone call, a letter).
    channel
        ``web``, ``app``, ``phone``, ``mail``, ``shop``, ``letter``, ... (free text).
    """

    id: str
    stage: str
    label: Texts = Field(default_factory=dict)
    channel: str = "web"
    step: str | None = None


class PersonaTouchpoint(BaseModel):
    """One persona at one touchpoint: what they expect, what stops them, what fits.

    Every text is per language. ``evidence`` backs the texts (a funnel figure, a statement
    of the persona's canvas, a quote); without evidence the entry is an ``assumption`` and
    shown as such, as on the persona canvas.
    """

    expectation: Texts = Field(default_factory=dict)
    barrier: Texts = Field(default_factory=dict)
    message: Texts = Field(default_factory=dict)  # the copy that fits
    cta: Texts = Field(default_factory=dict)
    tone: Texts = Field(default_factory=dict)
    # The channel that fits this persona here ("by phone, never a bare link"), from the
    # persona's approach; the touchpoint's own channel is where it happens.
    channel: Texts = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    statements: list[str] = Field(default_factory=list)  # ids of canvas statements used
    assumption: bool = False
    author: str | None = None


class Journey(BaseModel):
    """A customer journey and, per persona, what happens at each touchpoint.

    Parameters
    ----------
    name
        Unique in the workspace (``default`` when drafted from data).
    source
        The analytics source whose steps mark the touchpoints, if any.
    personas
        Persona id -> touchpoint id -> :class:`PersonaTouchpoint`.
    revision
        Increases with every saved change (versioned like personas).
    """

    name: str
    label: Texts = Field(default_factory=dict)
    stages: list[Stage] = Field(default_factory=list)
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    personas: dict[str, dict[str, PersonaTouchpoint]] = Field(default_factory=dict)
    source: str | None = None
    revision: int = 1
    author: str | None = None
    created_at: datetime | None = None

    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        return next(t for t in self.touchpoints if t.id == touchpoint_id)

    def steps(self) -> list[str]:
        """The analytics steps of the touchpoints that have one, in journey order."""
        return [t.step for t in self.touchpoints if t.step]


class Share(BaseModel):
    """A share of sessions with its 95 % Wilson interval (``None`` below the minimum)."""

    n: int
    share: float | None = None
    low: float | None = None
    high: float | None = None


class StepStat(BaseModel):
    """One step of one persona's funnel.

    Parameters
    ----------
    reached
        Sessions that reached this step (or a later one: a funnel counts depth).
    conversion, conversion_low, conversion_high
        Share of the sessions at the previous step that reached this one, with its Wilson
        interval; ``None`` for the first step and below the minimum group size.
    drop_off
        ``1 - conversion``.
    median_seconds
        Median time from the previous step to this one, in sessions that made both.
    """

    touchpoint: str
    step: str
    reached: int = 0
    share_of_start: float | None = None
    conversion: float | None = None
    conversion_low: float | None = None
    conversion_high: float | None = None
    drop_off: float | None = None
    median_seconds: float | None = None


class PersonaFunnel(BaseModel):
    """A persona's journey through the analytics data (``"*"``: everyone; ``"?"``:
    sessions no persona could be given)."""

    persona_id: str
    name: str = ""
    sessions: int = 0
    customers: int = 0
    anonymous_sessions: int = 0
    entry: dict[str, Share] = Field(default_factory=dict)
    device: dict[str, Share] = Field(default_factory=dict)
    steps: list[StepStat] = Field(default_factory=list)


class SessionAssignment(BaseModel):
    """How the sessions got a persona.

    Parameters
    ----------
    by_key
        Sessions with a customer key (logged in): the customer's persona.
    by_visitor
        Anonymous sessions of a browser that logged in on another visit.
    by_behaviour
        Anonymous sessions given the persona their behaviour (entry source, device, time of
        day, depth) most resembles, learnt from the linked sessions.
    unassigned
        Sessions left without a persona (too unlike any, or no persona fits the customer).
    holdout_accuracy
        Share of linked sessions the behaviour model gives their true persona when it did
        not learn from them: how far to trust ``by_behaviour``.
    holdout_sessions
        Linked sessions behind ``holdout_accuracy``.
    baseline_accuracy
        Share of the held-out sessions a guess of the largest persona gets right: the
        behaviour model is worth something only above it.
    assigned_accuracy
        ``holdout_accuracy`` among the held-out sessions whose best probability reaches
        ``min_posterior`` (the ones the model would assign).
    min_posterior
        Below this best probability an anonymous session is left unassigned.
    """

    by_key: int = 0
    by_visitor: int = 0
    by_behaviour: int = 0
    unassigned: int = 0
    holdout_accuracy: float | None = None
    holdout_sessions: int = 0
    baseline_accuracy: float | None = None
    assigned_accuracy: float | None = None
    min_posterior: float | None = None


class Repair(BaseModel):
    """A counted, documented repair of the event data (nothing is dropped silently)."""

    kind: Literal["no_timestamp", "out_of_order", "unknown_step", "time_zone",
                  "duplicate_event"]
    rows: int
    action: Literal["dropped", "reordered", "kept_outside_journey", "converted_to_utc",
                    "merged"]
    example: str = ""


class FunnelReport(BaseModel):
    """What an analytics event export says about the journey, per persona."""

    journey: str
    source: str
    snapshot: str
    build_id: int
    start: datetime | None = None
    end: datetime | None = None
    events: int = 0
    sessions: int = 0
    repairs: list[Repair] = Field(default_factory=list)
    assignment: SessionAssignment = Field(default_factory=SessionAssignment)
    personas: list[PersonaFunnel] = Field(default_factory=list)
    min_group_size: int = 10
    seconds: float = 0.0

    def funnel(self, persona_id: str) -> PersonaFunnel | None:
        return next((p for p in self.personas if p.persona_id == persona_id), None)


class ActionPoint(BaseModel):
    """Where to act for one persona: the step where they drop off most against the others,
    the barrier from their canvas that explains it, and what to do.

    Parameters
    ----------
    gap, gap_low, gap_high
        The persona's conversion into ``to_touchpoint`` minus the other personas', with
        its 95 % interval (negative: they drop off more).
    people
        Sessions (and customers) that would pass the step if the persona converted as the
        others do: what ranks quick wins.
    """

    persona_id: str
    name: str = ""
    from_touchpoint: str
    to_touchpoint: str
    conversion: float
    others: float
    gap: float
    gap_low: float
    gap_high: float
    sessions_lost: int = 0
    customers: int = 0
    barrier: Texts = Field(default_factory=dict)
    barrier_statement: str | None = None
    action: Texts = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    rank: int = 0


class Approach(BaseModel):
    """Per persona, how to approach them: back into the CRM or a marketing tool."""

    persona_id: str
    name: str
    profile_id: str
    channel: Texts = Field(default_factory=dict)
    tone: Texts = Field(default_factory=dict)
    message: Texts = Field(default_factory=dict)
    cta: Texts = Field(default_factory=dict)
    barrier: Texts = Field(default_factory=dict)
    entry_point: str | None = None
    action: Texts = Field(default_factory=dict)
    # Where the barrier is: the touchpoint of the persona's action point, if any.
    touchpoint: str | None = None
