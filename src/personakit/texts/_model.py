"""Models of qualitative evidence (issue 11): texts, themes, codes, and what they say per
persona.

A :class:`TextItem` is one document or message (an interview, a review, a chat line, an
open answer) as stored for analysis: personal data already removed, its language known,
linked to a customer, to a profile, or to nothing yet. A :class:`Theme` groups texts by
what they are about, named by its key terms and its most typical snippets, with its
prevalence per profile. A :class:`Code` is an analyst's tag on a snippet (goal,
frustration, barrier, objection, driver, or a free tag); it becomes evidence on a persona.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Texts = dict[str, str]  # language -> text
TextKind = Literal["interview", "review", "chat", "open_answer", "note", "other"]
LinkedBy = Literal["key", "profile", "content", "none"]
CodeKind = Literal["goal", "frustration", "barrier", "objection", "driver", "free"]
# Where each code kind lands on the persona canvas (the model's Section names).
CODE_SECTION: dict[str, str] = {"goal": "goals", "frustration": "frustrations",
                                "barrier": "barriers", "objection": "fears",
                                "driver": "drivers", "free": "notes"}


class TextItem(BaseModel):
    """One text as analysed: redacted, with its language and its link to people.

    Parameters
    ----------
    id
        Stable: ``<source>:<document>[:<part>]`` (a chat message or an interview answer
        is a part of its document).
    text
        The text with personal data replaced (``[naam]``, ``[e-mail]`` ...); the original
        is only in the immutable snapshot, readable by admins.
    key
        The customer key the text belongs to, when one links it.
    profile_id, persona_id
        The profile (and so persona) the text is assigned to: through the key's
        assignment, by a person (``linked_by == "profile"``), or by its content
        (``"content"``, with ``confidence``).
    competitor
        For reviews of another organisation: its name (source marked ``competitor``).
    """

    id: str
    source: str
    kind: TextKind = "other"
    document: str = ""
    text: str
    lang: str = "nl"
    date: str | None = None
    rating: float | None = None
    key: str | None = None
    profile_id: str | None = None
    persona_id: str | None = None
    linked_by: LinkedBy = "none"
    confidence: float | None = None
    competitor: str | None = None
    redactions: dict[str, int] = Field(default_factory=dict)  # kind of PII -> count


class Snippet(BaseModel):
    """A short passage of a text (redacted), where it is in the text."""

    item_id: str
    text: str
    start: int = 0
    end: int = 0
    source: str = ""
    date: str | None = None


class ThemeShare(BaseModel):
    """A theme's prevalence in one profile (or persona) against the rest.

    ``share`` is the share of the profile's texts in the theme (Wilson interval);
    ``lift`` the share over the rest's; below the minimum group size nothing is given.
    """

    profile_id: str
    persona_id: str | None = None
    texts: int = 0
    in_theme: int = 0
    share: float | None = None
    low: float | None = None
    high: float | None = None
    rest_share: float | None = None
    lift: float | None = None
    p_value: float | None = None


class Theme(BaseModel):
    """A group of texts about one thing.

    Parameters
    ----------
    label
        Its name per language (its key terms, or the name an analyst gave it).
    terms
        The terms that set it apart (highest weight first).
    snippets
        Its most typical snippets (closest to the theme's centre), personal data removed.
    sentiment
        Mean sentiment of its texts, -1 (negative) .. 1 (positive).
    section
        The canvas section it speaks to (goals, frustrations, barriers, fears, drivers,
        expectations ...), from its terms and sentiment or set by an analyst.
    """

    id: str
    label: Texts = Field(default_factory=dict)
    terms: list[str] = Field(default_factory=list)
    size: int = 0
    snippets: list[Snippet] = Field(default_factory=list)
    sentiment: float | None = None
    section: str | None = None
    competitor: str | None = None
    shares: list[ThemeShare] = Field(default_factory=list)
    merged_from: list[str] = Field(default_factory=list)
    renamed_by: str | None = None


class ThemeModel(BaseModel):
    """One run of theming: how it was made, so it can be reproduced."""

    id: str
    created_at: datetime
    method: Literal["embedding", "tfidf"]
    model: str = ""  # the embedding model's name and version, or the TF-IDF settings
    seed: int = 0
    items: int = 0
    themes: list[Theme] = Field(default_factory=list)
    unthemed: int = 0
    seconds: float = 0.0


class Code(BaseModel):
    """An analyst's tag on a snippet of a text (as Dovetail does): evidence on a persona."""

    id: str
    item_id: str
    start: int
    end: int
    text: str
    kind: CodeKind
    tag: str | None = None  # the free tag's name, or a refinement of the kind
    persona_id: str | None = None
    author: str
    created_at: datetime
    revision: int = 1
