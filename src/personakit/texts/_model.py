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
from typing import Any, Literal

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
    part
        Where in its document the text is: the part number of a document, the message's
        row in a chat, the question (column) of an open answer; empty for a one-text row.
    question
        Context, redacted: the interviewer's question before an answer, the heading a
        paragraph stands under, or the survey question of an open answer.
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
    part: str = ""
    question: str | None = None


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
    # The rest's counts behind ``rest_share`` (optional; merging themes and the canvas rule
    # use them, and derive them from the other profiles' shares when absent).
    rest_texts: int | None = None
    rest_in_theme: int | None = None


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
    # Ids of the texts in the theme (optional): filters texts by theme and finds a
    # persona's own snippet when none of ``snippets`` is theirs.
    item_ids: list[str] = Field(default_factory=list)


class ContentLink(BaseModel):
    """A text linked to nobody, given the persona its content resembles most."""

    item_id: str
    persona_id: str | None = None
    profile_id: str | None = None
    confidence: float


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
    # The saved state of the run this is (``theme_revisions.revision``) and who saved it:
    # set when read back; an analyst's rename or merge saves the next revision.
    revision: int = 1
    author: str | None = None
    # How the run was made (optional; set by ``personakit.texts.find_themes``): why this
    # method (``"asked"``, ``"auto"``, or the reason for a fallback: ``"no_model"``,
    # ``"languages"``), the passages themed, the embedding step's speed, the score of each
    # candidate number of themes, the settings used and a hash of the inputs (the same
    # hash, settings and seed give the same themes).
    method_reason: str = ""
    passages: int = 0
    embedded: int = 0  # distinct passages embedded (each once)
    embed_seconds: float | None = None
    texts_per_second: float | None = None
    k_scores: dict[int, float] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)
    input_hash: str = ""
    min_group_size: int = 0
    languages: dict[str, int] = Field(default_factory=dict)
    # Texts linked to nobody that were given a persona by their content, the share of
    # linked texts the classifier placed right on a held-out part, and the texts left
    # without a persona (confidence below ``[settings.texts] min_confidence``).
    content_links: list[ContentLink] = Field(default_factory=list)
    assign_accuracy: float | None = None
    unassigned: int = 0


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
    deleted: bool = False  # a deleted code keeps its history: its last revision says so
