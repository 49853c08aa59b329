"""Qualitative evidence (issue 11): interviews, reviews, chats and open answers become
themes per persona, coded by analysts, and feed the persona canvas."""

from personakit.texts._model import (
    CODE_SECTION,
    Code,
    Snippet,
    TextItem,
    Theme,
    ThemeModel,
    ThemeShare,
)

__all__ = [
    "CODE_SECTION",
    "Code",
    "Snippet",
    "TextItem",
    "Theme",
    "ThemeModel",
    "ThemeShare",
]
