"""``[settings.validate]`` in personakit.toml: limits of validation rounds, with safe defaults."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from personakit.workspace import Workspace


class ValidateSettings(BaseModel):
    """Settings read from ``[settings.validate]`` (all optional).

    Parameters
    ----------
    expires_days
        A round's links stop working this many days after the round starts (14: two
        working weeks, long enough for a team meeting cycle, short enough that a forwarded
        link dies).
    max_answers_per_link
        Answers one link accepts unless the round says otherwise (1: one person, one say).
    max_links
        Most links made in one call (1,000).
    rate_limit_per_minute
        Questionnaire requests one client address may make per minute (30: a person needs
        two; a script guessing tokens is stopped).
    min_answers
        Fewest answers behind a construct's interval; fewer are counted but no interval is
        drawn (5).
    """

    model_config = ConfigDict(extra="forbid")

    expires_days: float = Field(default=14.0, gt=0, le=365)
    max_answers_per_link: int = Field(default=1, ge=1, le=10_000)
    max_links: int = Field(default=1_000, ge=1, le=100_000)
    rate_limit_per_minute: int = Field(default=30, ge=1)
    min_answers: int = Field(default=5, ge=1)


def validate_settings(ws: Workspace) -> ValidateSettings:
    return ws.settings_section("validate", ValidateSettings)
