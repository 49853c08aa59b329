"""``[settings.web]`` in personakit.toml: limits of the web app, with safe defaults."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from personakit.workspace import Workspace


class WebSettings(BaseModel):
    """Settings read from ``[settings.web]`` (all optional).

    Parameters
    ----------
    session_hours
        A web session ends this long after login (8 h: one working day).
    secure_cookies
        Send cookies only over HTTPS; turn on when the app runs behind TLS.
    max_upload_bytes
        Largest persona picture accepted (2 MB; a picture is stored in every revision).
    max_body_bytes
        Largest request body of any kind (API assign calls included).
    max_assign_records
        Most records in one API assign call (10,000).
    lookup_rows
        Most rows shown per source in a personal profile (newest first).
    min_password_length
        Shortest password accepted for a user.
    max_login_attempts
        Failed logins in a row before a user name is locked out (5).
    lockout_seconds
        The first lockout (60 s); it doubles with every further failure ...
    max_lockout_seconds
        ... up to this (3,600 s). A successful login ends the series.
    worker_threads
        Requests handled at once (8). Python runs one request's code at a time, so more
        threads only make requests take turns at random: 8 keeps the slowest pages close to
        the median with 20 busy users, and still lets slow calls (login, large assign
        calls) wait without blocking the rest.
    """

    model_config = ConfigDict(extra="forbid")

    session_hours: float = Field(default=8.0, gt=0, le=24 * 30)
    secure_cookies: bool = False
    max_upload_bytes: int = Field(default=2_000_000, ge=1_000)
    max_body_bytes: int = Field(default=20_000_000, ge=10_000)
    max_assign_records: int = Field(default=10_000, ge=1)
    lookup_rows: int = Field(default=200, ge=1)
    min_password_length: int = Field(default=10, ge=4)
    worker_threads: int = Field(default=8, ge=1, le=200)
    max_login_attempts: int = Field(default=5, ge=1, le=100)
    lockout_seconds: int = Field(default=60, ge=1)
    max_lockout_seconds: int = Field(default=3_600, ge=1)


def web_settings(ws: Workspace) -> WebSettings:
    return ws.settings_section("web", WebSettings)
