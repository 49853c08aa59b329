"""What a source of texts is (``--kind``, ``--competitor``) and the column roles that follow.

``[sources.NAME.options] kind`` says what the texts are (interview notes, reviews, chat
lines, open answers, notes); ``competitor`` marks reviews of another organisation. Text
sources are qualitative evidence: they are themed and quoted, never segmentation variables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from personakit.errors import InputError
from personakit.model import ColumnInfo, ColumnRole

TEXT_KINDS = ("interview", "review", "chat", "open_answer", "note", "other")
# Kinds whose sources stay out of the linked data that segmentation reads (as KPI sources
# do): a review count or an interview's part number says nothing about a customer's traits.
EVIDENCE_KINDS = frozenset({"interview", "review", "note"})
_RATING_NAME = re.compile(r"(rating|sterren|stars?\b|beoordeling|waardering|score|cijfer|"
                          r"review ?score|aantal sterren)", re.IGNORECASE)


def source_options(kind: str | None, competitor: str | None) -> dict[str, Any]:
    """``[sources.NAME.options]`` entries for *kind* and *competitor*, checked.

    A competitor's source is reviews unless said otherwise.
    """
    options: dict[str, Any] = {}
    if competitor is not None:
        name = " ".join(competitor.split())
        if not name:
            raise InputError("texts.import.error.competitor")
        options["competitor"] = name
        kind = kind or "review"
    if kind is not None:
        chosen = kind.strip().lower().replace("-", "_")
        if chosen not in TEXT_KINDS:
            raise InputError("texts.import.error.kind", kind=kind, kinds=", ".join(TEXT_KINDS))
        options["kind"] = chosen
    return options


def is_evidence_source(config_kind: str | None, options: Mapping[str, Any]) -> bool:
    """Whether a source is qualitative evidence only: documents, reviews, notes."""
    return config_kind == "text" or options.get("kind") in EVIDENCE_KINDS


def kind_columns(columns: list[ColumnInfo], kind: str | None) -> list[ColumnInfo]:
    """Columns with the roles *kind* implies: a review's text is text (even short ones) and
    its star rating a number."""
    if kind != "review":
        return columns
    out = [c.model_copy(deep=True) for c in columns]
    if not any(c.role == ColumnRole.TEXT for c in out):
        strings = [c for c in out if c.dtype in ("string", "large_string")
                   and c.role in (ColumnRole.CATEGORICAL, ColumnRole.MULTISELECT)]
        if strings:
            chosen = max(strings, key=lambda c: (c.n_unique, c.name))
            chosen.inferred_role = chosen.inferred_role or chosen.role
            chosen.role, chosen.options, chosen.separator = ColumnRole.TEXT, None, None
    for info in out:
        if info.role == ColumnRole.ORDINAL and _RATING_NAME.search(info.name) and \
                info.dtype.startswith(("int", "double", "float")):
            info.inferred_role = info.inferred_role or info.role
            info.role, info.levels = ColumnRole.NUMERIC, None
    return out


def rating_column(columns: list[ColumnInfo]) -> str | None:
    """The column holding a review's rating (stars, score), when there is one."""
    for info in columns:
        if info.role in (ColumnRole.NUMERIC, ColumnRole.ORDINAL) and \
                _RATING_NAME.search(info.name):
            return info.name
    return None
