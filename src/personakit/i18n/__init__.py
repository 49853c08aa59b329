"""Translation layer: every user-facing text goes through :func:`t`.

Catalogues live in ``catalogues/*.json``, one file per domain, each mapping a key to
``{"en": ..., "nl": ...}``. Messages use ``str.format`` named fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Literal

from personakit.i18n._numbers import (
    format_count,
    format_number,
    format_p,
    format_percent,
    format_signed,
    format_year,
    has_e_notation,
    is_year_variable,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Lang",
    "both",
    "catalogue",
    "check_language",
    "format_count",
    "format_number",
    "format_p",
    "format_percent",
    "format_signed",
    "format_year",
    "get_language",
    "has_e_notation",
    "is_year_variable",
    "language",
    "set_language",
    "t",
]

Lang = Literal["nl", "en"]
LANGUAGES: tuple[Lang, ...] = ("nl", "en")
DEFAULT_LANGUAGE: Lang = "en"

_current: ContextVar[Lang] = ContextVar("personakit_lang", default=DEFAULT_LANGUAGE)


def check_language(value: str) -> Lang:
    """Return *value* as a supported language or raise ``ValueError``."""
    lowered = value.strip().lower()
    if lowered not in LANGUAGES:
        raise ValueError(f"unsupported language {value!r}; choose one of: nl, en")
    return lowered


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All messages of all domains, merged; a key defined twice is a bug."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files("personakit.i18n") / "catalogues"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        data: dict[str, dict[str, str]] = json.loads(entry.read_text(encoding="utf-8"))
        for key, texts in data.items():
            if key in merged:
                raise RuntimeError(f"translation key {key!r} defined twice ({entry.name})")
            merged[key] = texts
    return merged


def get_language() -> Lang:
    return _current.get()


def set_language(lang: str) -> Lang:
    checked = check_language(lang)
    _current.set(checked)
    return checked


@contextmanager
def language(lang: str) -> Iterator[Lang]:
    """Use *lang* inside the ``with`` block only."""
    token = _current.set(check_language(lang))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """Translate *key* into *lang* (default: the current language) and fill in *params*.

    An unknown key raises ``KeyError``: a missing translation is a bug, caught by the tests.
    """
    texts = catalogue()[key]
    chosen = check_language(lang) if lang else get_language()
    template = texts.get(chosen) or texts["en"]
    return template.format(**params) if params else template


def both(key: str, /, **params: object) -> dict[str, str]:
    """The message in every language, for stored bilingual texts."""
    return {lang: t(key, lang, **params) for lang in LANGUAGES}
