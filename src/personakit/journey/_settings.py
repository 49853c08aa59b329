"""``[settings.journey]`` in personakit.toml: which columns of the analytics export are
what, and the limits of the funnel engine, with safe defaults."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from personakit.workspace import Workspace


class JourneySettings(BaseModel):
    """Settings read from ``[settings.journey]`` (all optional).

    Parameters
    ----------
    source
        The analytics event export (a source name); default: the source that has a
        session, a timestamp and a step column (the one with the most rows if several).
    session, timestamp, step, visitor, device, entry, key
        The column of that source holding the session id, the time of the event, the step
        (page or event name), the browser's visitor id (cookie, GA ``client_id``), the
        device, the entry source (``bron``, ``utm_source``, channel) and the customer key;
        default: found by name in Dutch and English and by role (the key: the source's
        link column).
    naive_time_zone
        Time zone of timestamps written without one, when other events of the export carry
        a zone (``Z``, ``+01:00``): everything is converted to UTC (``UTC``; set
        ``Europe/Amsterdam`` for exports in Dutch local time).
    min_posterior
        An anonymous session is given the persona its behaviour resembles most only when
        the model's probability for that persona is at least this (0.5); below it the
        session stays unassigned.
    holdout_share
        Share of the linked sessions held out to measure how often the behaviour model is
        right (0.2: train on 80 %, test on 20 %).
    max_training_sessions
        Most linked sessions the behaviour model learns from (50,000, a seeded sample; the
        holdout is capped at a quarter of it): on seven features more adds seconds, not
        accuracy.
    min_step_share
        A drafted journey leaves out steps seen in fewer than this share of the sessions
        (0.01); their events are then kept outside the journey and counted.
    max_steps
        Most steps in a journey (30): a drafted journey keeps the most visited, and a
        longer journey is refused (the funnel computes one column per step).
    draft_sessions
        Sessions a drafted journey's step order is read from (200,000, chosen by a hash of
        the session id): a median place is known well long before 4 million sessions, and
        the full window over 10 million events costs 4 s.
    threads
        DuckDB threads for the funnel (default: all cores).
    memory_limit
        DuckDB's memory limit, e.g. ``"4GB"`` (default: DuckDB's own, 80 % of RAM); beyond
        it DuckDB spills to disk.
    """

    # A misspelt key is an error naming it, as in every other settings section.
    model_config = ConfigDict(extra="forbid")

    source: str | None = None
    session: str | None = None
    timestamp: str | None = None
    step: str | None = None
    visitor: str | None = None
    device: str | None = None
    entry: str | None = None
    key: str | None = None
    naive_time_zone: str = "UTC"
    min_posterior: float = Field(default=0.5, ge=0, le=1)
    holdout_share: float = Field(default=0.2, gt=0, lt=1)
    max_training_sessions: int = Field(default=50_000, ge=100)
    min_step_share: float = Field(default=0.01, ge=0, lt=1)
    max_steps: int = Field(default=30, ge=1, le=200)
    draft_sessions: int = Field(default=200_000, ge=1_000)
    threads: int | None = Field(default=None, ge=1, le=256)
    memory_limit: str | None = Field(default=None, pattern=r"^\d+(\.\d+)?\s*[KMGT]i?B$")

    @field_validator("naive_time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


def journey_settings(ws: Workspace) -> JourneySettings:
    return ws.settings_section("journey", JourneySettings)
