"""Errors that reach the user: each carries a translation key and the facts it names."""

from __future__ import annotations

from typing import Any

from personakit.i18n import t


class PersonakitError(Exception):
    """Base of every error meant for the user.

    Parameters
    ----------
    key
        Translation key of the message (see ``personakit.i18n``).
    **params
        Values filled into the message, also kept for ``--json`` output and tests.
    """

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.params) if lang else t(self.key, **self.params)

    def __str__(self) -> str:
        return self.message()

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.key, "message": self.message(), **{
            k: v if isinstance(v, str | int | float | bool | None) else str(v)
            for k, v in self.params.items()
        }}


class InputError(PersonakitError):
    """Bad input data: names the file and, where known, the line/row and column."""


class WorkspaceError(PersonakitError):
    """The workspace is missing, invalid or in a state that does not allow the action."""


class ConfigError(PersonakitError):
    """``personakit.toml`` holds something invalid."""
