"""Linking sources on the customer key: one row per customer, behaviour as features.

A source with one row per key (CRM, survey) is joined as it is; a source with several rows
per key (chat lines, web events) is summarised per key: row counts, counts per level of its
low-cardinality columns (funnel steps) and means of its numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

import numpy as np
import pandas as pd

from personakit.errors import InputError, WorkspaceError
from personakit.ingest._model import LinkedData, LinkPair, LinkReport
from personakit.ingest._sources import (
    load_source,
    snapshot_of,
    source_key,
    source_names,
)
from personakit.model import ColumnInfo, ColumnRole
from personakit.workspace import Workspace

# Levels of a column counted per key when a source has several rows per key.
MAX_COUNTED_LEVELS = 12
# A column links an unkeyed source when this share of its values are keys of the base.
MIN_LINK_SHARE = 0.5
SEPARATOR = "__"
ROW_KEY = "_row"
_SENDER_WORDS = {"klant", "customer", "client", "user", "gebruiker", "lid", "member",
                 "burger", "citizen", "respondent", "bezoeker", "visitor"}
_LINK_HINT_ROLES = {ColumnRole.IDENTIFIER, ColumnRole.NUMERIC, ColumnRole.CATEGORICAL}


def _norm(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())


def _key_text(series: pd.Series) -> pd.Series:
    """Keys compared as text: ``1007156`` in one file matches ``"1007156"`` in another."""
    text = series.astype("string").str.strip()
    return text.str.replace(r"\.0$", "", regex=True)


class _Sources:
    """Frames and columns of the sources, loaded once per call (the newest snapshot of
    each, or the one named in *pinned*)."""

    def __init__(self, ws: Workspace, names: list[str],
                 pinned: Mapping[str, str] | None = None) -> None:
        self.ws = ws
        self.names = names
        self.pinned = dict(pinned or {})
        self.frames: dict[str, pd.DataFrame] = {}
        self.snapshots = {n: snapshot_of(ws, n, self.pinned.get(n)) for n in names}

    def frame(self, name: str) -> pd.DataFrame:
        if name not in self.frames:
            self.frames[name] = load_source(self.ws, name, self.snapshots[name].id)
        return self.frames[name]

    def columns(self, name: str) -> list[ColumnInfo]:
        return self.snapshots[name].columns

    def key(self, name: str) -> str | None:
        return source_key(self.ws, name)


def _choose_base(src: _Sources, base: str | None) -> str | None:
    if base is not None:
        if base not in src.names:
            raise WorkspaceError("ingest.error.unknown_source", source=base,
                                 sources=", ".join(src.names))
        return base
    keyed = [n for n in src.names if src.key(n)]
    if not keyed:
        return None
    return max(keyed, key=lambda n: (src.snapshots[n].rows, n))


def link_column(src: _Sources, source: str, base: str) -> str | None:
    """The column of *source* holding the base source's keys (declared, named or found)."""
    config = src.ws.config.sources.get(source)
    declared = (config.link or config.options.get("link")) if config else None
    if declared:
        return str(declared)
    own = src.key(source)
    if own:
        return own
    base_key = src.key(base)
    if base_key is None:
        return None
    frame = src.frame(source)
    candidates = [c.name for c in src.columns(source)
                  if c.role in _LINK_HINT_ROLES and c.name in frame.columns]
    named = [c for c in candidates if _norm(c) == _norm(base_key)]
    keys = set(_key_text(src.frame(base)[base_key]).dropna())
    best, best_share = None, MIN_LINK_SHARE
    for column in named + [c for c in candidates if c not in named]:
        values = _key_text(frame[column]).dropna().unique()
        if len(values) == 0:
            continue
        share = float(np.isin(values, list(keys)).mean()) if keys else 0.0
        if share > best_share or (share >= MIN_LINK_SHARE and column in named and best is None):
            best, best_share = column, share
    return best


def link_columns(ws: Workspace) -> dict[str, str]:
    """Per source, the column that holds the customer key, found as :func:`linked_frame`
    finds it (declared link, own key, or a column holding the base source's keys)."""
    names = source_names(ws)
    src = _Sources(ws, names)
    base = _choose_base(src, None) if names else None
    if base is None:
        return {}
    return {name: column for name in names if (column := link_column(src, name, base))}


def linked_frame(ws: Workspace, sources: list[str] | None = None,
                 base: str | None = None,
                 snapshots: Mapping[str, str] | None = None) -> LinkedData:
    """The sources linked on the customer key, one row per key of *base*.

    *base* defaults to the keyed source with the most rows (the CRM). Sources that cannot be
    linked (no key column found) are left out; ``inputs`` lists the ones used. KPI sources
    (``[sources.NAME.options] kpi = true``: outcomes per customer per period, issue 13) are
    outcomes over time, not traits, and text documents and reviews are evidence, not
    traits (issue 11), so they are left out unless named in *sources*.
    *snapshots* (source name to snapshot id, like a segmentation's ``inputs``) links the
    data as it was then instead of the newest snapshots.
    """
    names = source_names(ws)
    if not names:
        raise WorkspaceError("ingest.error.no_sources")
    chosen = sources or [n for n in names if not is_kpi_source(ws, n)
                         and not is_evidence(ws, n)] or names
    unknown = [n for n in chosen if n not in names]
    if unknown:
        raise WorkspaceError("ingest.error.unknown_source", source=", ".join(unknown),
                             sources=", ".join(names))
    if base is not None and base not in chosen:
        chosen = [base, *chosen]
    src = _Sources(ws, list(chosen), snapshots)
    base_name = _choose_base(src, base)
    if base_name is None or src.key(base_name) is None:
        return _unkeyed(src, base_name or chosen[0])
    return _link(src, base_name)


def is_evidence(ws: Workspace, name: str) -> bool:
    """Documents and reviews are qualitative evidence (issue 11): themed and quoted, left
    out of the linked data unless named."""
    from personakit.ingest._kinds import is_evidence_source

    config = ws.config.sources.get(name)
    return bool(config and is_evidence_source(config.kind, config.options))


def is_kpi_source(ws: Workspace, name: str) -> bool:
    config = ws.config.sources.get(name)
    return bool(config and config.options.get("kpi"))


def _unkeyed(src: _Sources, name: str) -> LinkedData:
    """No key anywhere: the rows of one source, numbered."""
    frame = src.frame(name).copy()
    frame.insert(0, ROW_KEY, np.arange(1, len(frame) + 1))
    columns = [ColumnInfo(name=ROW_KEY, role=ColumnRole.IDENTIFIER, dtype="int64"),
               *src.columns(name)]
    return LinkedData(frame, ROW_KEY, columns, {name: src.snapshots[name].id}, base=name)


def _link(src: _Sources, base: str) -> LinkedData:
    key = src.key(base)
    assert key is not None
    frame = src.frame(base).copy()
    columns = [c.model_copy() for c in src.columns(base)]
    keys = _key_text(frame[key])
    inputs = {base: src.snapshots[base].id}
    links: dict[str, str] = {base: key}
    for name in src.names:
        if name == base:
            continue
        column = link_column(src, name, base)
        if column is None or column not in src.frame(name).columns:
            continue
        other = src.frame(name)
        per_key = _key_text(other[column])
        aggregated = bool(per_key.duplicated().any() or per_key.isna().any())
        if aggregated:
            extra, infos = _aggregate(name, other, per_key, src.columns(name), column)
        else:
            extra, infos = _one_per_key(name, other, per_key, src.columns(name), column)
        taken = set(frame.columns)
        renamed = {c: (f"{name}{SEPARATOR}{c}" if c in taken else c) for c in extra.columns}
        extra = extra.rename(columns=renamed)
        for info in infos:
            info.name = renamed.get(info.name, info.name)
        aligned = extra.reindex(keys.to_numpy())
        aligned.index = frame.index
        frame = pd.concat([frame, aligned], axis=1)
        columns.extend(infos)
        inputs[name] = src.snapshots[name].id
        links[name] = column
        if aggregated:
            _fill_counts(frame, infos)
    return LinkedData(frame, key, columns, inputs, base=base, links=links)


def _one_per_key(name: str, other: pd.DataFrame, per_key: pd.Series,
                 infos: list[ColumnInfo], column: str) -> tuple[pd.DataFrame, list[ColumnInfo]]:
    extra = other.drop(columns=[column])
    extra.index = per_key.to_numpy()
    kept = [c.model_copy() for c in infos if c.name != column]
    return extra, kept


def _aggregate(name: str, other: pd.DataFrame, per_key: pd.Series, infos: list[ColumnInfo],
               column: str) -> tuple[pd.DataFrame, list[ColumnInfo]]:
    """Behaviour per key: rows, counts per level, means, distinct ids, last date, texts."""
    keys = per_key.to_numpy()
    count = f"{name}{SEPARATOR}n"
    parts: dict[str, pd.Series] = {count: per_key.value_counts(sort=False)}
    roles = {count: _derived(count, ColumnRole.NUMERIC, "int64")}
    customer = _customer_rows(other, infos)
    for info in infos:
        if info.name == column or info.name not in other.columns:
            continue
        for label, series, role, dtype in _features(name, info, other[info.name], keys,
                                                    customer):
            parts[label] = series
            roles[label] = _derived(label, role, dtype, info)
    extra = pd.DataFrame(parts)
    return extra, [roles[c] for c in extra.columns]


def _features(name: str, info: ColumnInfo, values: pd.Series, keys: np.ndarray,
              customer: np.ndarray) -> list[tuple[str, pd.Series, ColumnRole, str]]:
    prefix = f"{name}{SEPARATOR}{info.name}"
    role = info.role
    by_key = values.groupby(keys, sort=False)
    if role in (ColumnRole.CATEGORICAL, ColumnRole.BOOLEAN, ColumnRole.ORDINAL) and \
            values.nunique() <= MAX_COUNTED_LEVELS:
        counts = pd.crosstab(keys, values.astype("string").fillna(""))
        return [(f"{prefix}{SEPARATOR}{level}", counts[level], ColumnRole.NUMERIC, "int64")
                for level in counts.columns if level != ""]
    if role == ColumnRole.NUMERIC:
        return [(f"{prefix}{SEPARATOR}mean", by_key.mean(), ColumnRole.NUMERIC, "double")]
    if role == ColumnRole.IDENTIFIER:
        return [(f"{prefix}{SEPARATOR}distinct", by_key.nunique(), ColumnRole.NUMERIC,
                 "int64")]
    if role == ColumnRole.DATE:
        return [(f"{prefix}{SEPARATOR}last", by_key.max(), ColumnRole.DATE, "timestamp")]
    if role == ColumnRole.TEXT or role.is_personal:
        # Only the customer's own lines: a persona quotes customers, not staff.
        texts = pd.DataFrame({"k": keys, "t": values.astype("string")})[customer].dropna()
        joined = texts.groupby("k", sort=False)["t"].agg("\n".join)
        return [(prefix, joined, role, "string")]
    return []


def _derived(label: str, role: ColumnRole, dtype: str,
             origin: ColumnInfo | None = None) -> ColumnInfo:
    return ColumnInfo(name=label, role=role, dtype=dtype,
                      summary={"derived_from": origin.name} if origin else {})


def _fill_counts(frame: pd.DataFrame, infos: list[ColumnInfo]) -> None:
    """A customer without rows in an event source has zero of each, not "unknown"."""
    for info in infos:
        if info.dtype == "int64" and info.role == ColumnRole.NUMERIC and \
                info.name.rsplit(SEPARATOR, 1)[-1] != "mean" and info.name in frame.columns:
            frame[info.name] = frame[info.name].fillna(0).astype("int64")


# -- texts and match rates ----------------------------------------------------------------
def text_items(ws: Workspace) -> pd.DataFrame:
    """Every text of every linked source: ``key, source, column, text, date``.

    Chat logs keep the customer's own lines when a sender column says who wrote what.
    """
    columns = ["key", "source", "column", "text", "date"]
    names = source_names(ws)
    if not names:
        return pd.DataFrame(columns=columns)
    src = _Sources(ws, names)
    base = _choose_base(src, None)
    parts = []
    for name in names:
        texts = [c.name for c in src.columns(name) if c.role == ColumnRole.TEXT]
        if not texts:
            continue
        column = link_column(src, name, base) if base else src.key(name)
        if column is None:
            continue
        parts.extend(_texts_of(name, src.frame(name), src.columns(name), column, texts))
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def _texts_of(name: str, frame: pd.DataFrame, infos: list[ColumnInfo], key: str,
              texts: list[str]) -> list[pd.DataFrame]:
    frame = frame[_customer_rows(frame, infos)]
    date_col = next((c.name for c in infos if c.role == ColumnRole.DATE), None)
    dates = frame[date_col] if date_col else pd.Series(pd.NaT, index=frame.index)
    out = []
    for column in texts:
        text = frame[column].astype("string").str.strip()
        keep = text.notna() & text.ne("")
        out.append(pd.DataFrame({
            "key": _key_text(frame[key])[keep].to_numpy(), "source": name, "column": column,
            "text": text[keep].to_numpy(dtype=object), "date": dates[keep].to_numpy(),
        }))
    return out


def _customer_rows(frame: pd.DataFrame, infos: list[ColumnInfo]) -> np.ndarray:
    for info in infos:
        if info.role != ColumnRole.CATEGORICAL or info.name not in frame.columns:
            continue
        values = frame[info.name].astype("string").str.strip().str.lower()
        levels = set(values.dropna().unique())
        if 2 <= len(levels) <= 4 and levels & _SENDER_WORDS:
            return values.isin(_SENDER_WORDS).fillna(False).to_numpy(dtype=bool)
    return np.ones(len(frame), dtype=bool)


def link_report(ws: Workspace) -> LinkReport:
    """Per pair of linkable sources: keys of each found in the other, with shares."""
    names = source_names(ws)
    if not names:
        raise WorkspaceError("ingest.error.no_sources")
    src = _Sources(ws, names)
    base = _choose_base(src, None)
    if base is None:
        raise InputError("ingest.error.no_keys")
    key_columns: dict[str, str] = {}
    key_sets: dict[str, set[str]] = {}
    for name in names:
        column = src.key(base) if name == base else link_column(src, name, base)
        if column is None or column not in src.frame(name).columns:
            continue
        key_columns[name] = column
        key_sets[name] = set(_key_text(src.frame(name)[column]).dropna())
    pairs = []
    for a, b in combinations(key_columns, 2):
        ka, kb = key_sets[a], key_sets[b]
        both = len(ka & kb)
        pairs.append(LinkPair(a=a, b=b, a_keys=len(ka), b_keys=len(kb), a_in_b=both,
                              b_in_a=both, share_a_in_b=both / len(ka) if ka else 0.0,
                              share_b_in_a=both / len(kb) if kb else 0.0))
    return LinkReport(keys=key_columns, pairs=pairs)
