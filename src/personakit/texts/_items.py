"""Texts for analysis: every text of every source, redacted first, its language known.

``stored_texts`` reads every text of the newest snapshot of every source (document parts,
reviews, the customer's own chat lines, open answers), removes personal data with
:func:`personakit.privacy.scrub` (the workspace's own names, e-mail addresses, phone numbers
and account numbers as a second line of defence), detects the language, and keeps the
result as ``data/_texts/<stamp>.parquet``. The stamp is a hash of the snapshots read (id
and file), the column roles and the options, so a new snapshot or an erasure gives a new
file; analyses read this file, never the originals, which stay only in the snapshots.

``text_items`` adds the links, which change without the texts changing (a new persona
build, an analyst's answer): see :mod:`personakit.texts._linking`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from personakit.model import ColumnInfo, ColumnRole, SnapshotInfo
from personakit.texts._language import detect_language
from personakit.workspace import Workspace

DERIVED_DIR = "data/_texts"
# Bumped whenever extraction, redaction or language detection changes what is stored.
DERIVED_VERSION = 1
# A known personal value shorter than this is not looked for (house numbers, "NL").
MIN_KNOWN_LENGTH = 5
COLUMNS = ("id", "source", "kind", "document", "part", "text", "lang", "date", "rating",
           "key", "competitor", "profile_hint", "question", "speaker", "redactions")
Progress = Callable[[str, float], None]
"""Called as ``progress(step, share_done)`` with step in read, redact, store."""


@dataclass
class _Source:
    """One source as read for its texts."""

    name: str
    snapshot: SnapshotInfo
    columns: list[ColumnInfo]
    options: dict[str, Any]
    link: str | None

    @property
    def is_document(self) -> bool:
        names = {c.name for c in self.columns}
        return self.snapshot.dialect.get("format") in ("text", "folder") and \
            {"document", "part", "text"} <= names

    def stamp(self) -> list[Any]:
        return [self.name, self.snapshot.id, self.snapshot.path, self.link,
                sorted((c.name, c.role.value) for c in self.columns),
                sorted((k, str(v)) for k, v in self.options.items())]


def _plan(ws: Workspace) -> list[_Source]:
    from personakit.ingest._link import link_columns
    from personakit.ingest._sources import snapshot_of, source_names

    names = source_names(ws)
    links = link_columns(ws) if names else {}
    plan = []
    for name in names:
        snapshot = snapshot_of(ws, name)
        config = ws.config.sources.get(name)
        options = dict(config.options) if config else {}
        if options.get("kpi"):
            continue
        link = None if options.get("competitor") else links.get(name)
        plan.append(_Source(name, snapshot, snapshot.columns, options, link))
    return [s for s in plan if s.is_document or any(c.role == ColumnRole.TEXT
                                                     for c in s.columns)]


def texts_stamp(ws: Workspace) -> str:
    """The name of the derived file for the workspace's current snapshots."""
    return _stamp(ws, _plan(ws))


def _stamp(ws: Workspace, plan: list[_Source]) -> str:
    content = json.dumps([DERIVED_VERSION, ws.language, [s.stamp() for s in plan]],
                         default=str, sort_keys=True)
    return hashlib.sha256(content.encode()).hexdigest()[:32]


def stored_texts(ws: Workspace, *, refresh: bool = False,
                 progress: Progress | None = None) -> pd.DataFrame:
    """The redacted texts of the workspace (one row per text, :data:`COLUMNS`), from the
    derived file when it is current, else read, redacted and stored again."""
    report = progress or (lambda _step, _share: None)
    plan = _plan(ws)
    stamp = _stamp(ws, plan)
    path = ws.root / DERIVED_DIR / f"{stamp}.parquet"
    if path.exists() and not refresh:
        return pd.DataFrame(pq.read_table(path).to_pandas())
    report("read", 0.0)
    raw = pd.concat([_extract(ws, s) for s in plan] or [_empty()], ignore_index=True)
    report("redact", 0.2)
    frame = redact(ws, raw, lambda share: report("redact", 0.2 + 0.7 * share))
    report("store", 0.9)
    _write(ws, frame, stamp)
    return pd.DataFrame(pq.read_table(path).to_pandas())  # as every later call reads it


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})


# -- extraction ---------------------------------------------------------------------------
def _extract(ws: Workspace, source: _Source) -> pd.DataFrame:
    from personakit.ingest._sources import load_source

    frame = load_source(ws, source.name, source.snapshot.id)
    if source.is_document:
        return _document_rows(source, frame)
    return _table_rows(source, frame)


def _text(values: pd.Series) -> pd.Series:
    from personakit.ingest._link import _key_text

    keys: pd.Series = _key_text(values)
    return keys


def _dates(values: pd.Series | None, index: pd.Index) -> pd.Series:
    if values is None:
        return pd.Series(None, index=index, dtype=object)
    if not pd.api.types.is_datetime64_any_dtype(values):
        # A date the importer could not type stays as written.
        return values.astype("string").astype(object).where(values.notna(), None)
    parsed = values
    text = parsed.dt.strftime("%Y-%m-%d")
    has_time = (parsed.dt.hour.fillna(0) + parsed.dt.minute.fillna(0)
                + parsed.dt.second.fillna(0)) > 0
    text = text.where(~has_time, parsed.dt.strftime("%Y-%m-%dT%H:%M:%S"))
    out: pd.Series = text.astype(object).where(parsed.notna(), None)
    return out


def _document_rows(source: _Source, frame: pd.DataFrame) -> pd.DataFrame:
    kind = source.options.get("kind") or _document_kinds(frame)
    text = frame["text"].astype("string").str.strip()
    keep = text.notna() & text.ne("")
    frame = frame[keep]
    document = frame["document"].astype(str)
    part = frame["part"].astype(str)
    out = pd.DataFrame({
        "id": source.name + ":" + document + ":" + part,
        "source": source.name, "kind": kind, "document": document, "part": part,
        "text": text[keep].astype(str),
        "date": _dates(frame["date"] if "date" in frame.columns else None, frame.index),
        "rating": None,
        "key": _text(frame["key"]).astype(object) if "key" in frame.columns else None,
        "competitor": source.options.get("competitor"),
        "profile_hint": frame["profile"].astype(object) if "profile" in frame.columns
        else None,
        "question": _context(frame),
        "speaker": frame["speaker"].astype(object) if "speaker" in frame.columns else None,
    })
    return _clean(out)


def _document_kinds(frame: pd.DataFrame) -> pd.Series:
    """Per part: ``interview`` when its document has questions or speakers, else ``note``."""
    asked = pd.Series(False, index=frame.index)
    for column in ("speaker", "question"):
        if column in frame.columns:
            asked |= frame[column].notna()
    per_document = asked.groupby(frame["document"]).transform("any").astype(bool)
    kinds: pd.Series = per_document.map({True: "interview", False: "note"})
    return kinds


def _context(frame: pd.DataFrame) -> pd.Series:
    """The interviewer's question, else the heading the part stands under."""
    question = frame["question"] if "question" in frame.columns else None
    section = frame["section"] if "section" in frame.columns else None
    if question is None and section is None:
        return pd.Series(None, index=frame.index, dtype=object)
    if question is None:
        assert section is not None
        return section.astype(object)
    if section is None:
        return question.astype(object)
    return question.astype(object).where(question.notna(), section.astype(object))


def _table_rows(source: _Source, frame: pd.DataFrame) -> pd.DataFrame:
    from personakit.ingest._kinds import rating_column
    from personakit.ingest._link import _customer_rows

    texts = [c.name for c in source.columns if c.role == ColumnRole.TEXT
             and c.name in frame.columns]
    customer = _customer_rows(frame, source.columns)
    chat = not bool(customer.all())
    frame = frame.reset_index(drop=True)
    rows = pd.Series(range(1, len(frame) + 1), index=frame.index)
    frame, rows = frame[customer], rows[customer]
    rating = rating_column(source.columns)
    kind = source.options.get("kind") or _table_kind(source, chat, rating)
    if kind != "review":
        rating = None  # a survey's satisfaction score is not a rating of the text
    document, repeats = _documents(source, frame, rows)
    date = next((c.name for c in source.columns if c.role == ColumnRole.DATE
                 and c.name in frame.columns), None)
    parts = []
    for column in texts:
        text = frame[column].astype("string").str.strip()
        keep = (text.notna() & text.ne("")).to_numpy(dtype=bool)
        pieces = [document[keep]]
        if repeats:
            pieces.append(rows[keep].astype(str))
        if len(texts) > 1:
            pieces.append(pd.Series(column, index=document[keep].index))
        ids = pd.concat(pieces, axis=1).astype(str).agg(":".join, axis=1)
        part = rows[keep].astype(str) if repeats else pd.Series(
            column if len(texts) > 1 else "", index=ids.index)
        chosen = frame[keep]
        parts.append(pd.DataFrame({
            "id": source.name + ":" + ids, "source": source.name, "kind": kind,
            "document": document[keep], "part": part, "text": text[keep].astype(str),
            "date": _dates(chosen[date] if date else None, chosen.index),
            "rating": pd.to_numeric(chosen[rating], errors="coerce") if rating else None,
            "key": _text(chosen[source.link]).astype(object) if source.link else None,
            "competitor": source.options.get("competitor"), "profile_hint": None,
            "question": column if kind == "open_answer" else None, "speaker": None,
        }))
    return _clean(pd.concat(parts, ignore_index=True)) if parts else _empty()


def _table_kind(source: _Source, chat: bool, rating: str | None) -> str:
    if chat:
        return "chat"
    if source.options.get("competitor"):
        return "review"
    if source.snapshot.key:
        return "open_answer"  # one row per respondent: a survey
    return "review" if rating is not None else "other"


def _documents(source: _Source, frame: pd.DataFrame,
               rows: pd.Series) -> tuple[pd.Series, bool]:
    """Each row's document (its id column, else its row number) and whether documents
    repeat (a conversation of several lines: the row then names the part)."""
    ids = [c.name for c in source.columns if c.role == ColumnRole.IDENTIFIER
           and c.name in frame.columns and c.name != source.link]
    if not ids:
        return "row" + rows.astype(str), False
    values = _text(frame[ids[0]]).fillna("row" + rows.astype(str)).astype(str)
    return values, bool(values.duplicated().any())


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reindex(columns=[c for c in COLUMNS if c != "lang" and c != "redactions"])
    for column in ("date", "key", "competitor", "profile_hint", "question", "speaker"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    frame["rating"] = pd.to_numeric(frame["rating"], errors="coerce")
    return frame.drop_duplicates(subset="id", keep="first")


# -- redaction ------------------------------------------------------------------------------
def known_values(ws: Workspace) -> dict[str, str]:
    """Personal values of the workspace's own data (value -> kind): what the recognisers
    miss is still removed when it stands in a personal-data column somewhere."""
    from personakit.ingest._sources import load_source, source_columns, source_names

    values: dict[str, str] = {}
    for name in source_names(ws):
        columns = [c for c in source_columns(ws, name) if c.role.is_personal
                   and c.role != ColumnRole.PII_BIRTHDATE]
        if not columns:
            continue
        frame = load_source(ws, name)
        names = [c.name for c in columns if c.role == ColumnRole.PII_NAME
                 and c.name in frame.columns]
        for info in columns:
            if info.role == ColumnRole.PII_NAME or info.name not in frame.columns:
                continue
            kind = info.role.value.removeprefix("pii_")
            for value in frame[info.name].dropna().astype(str).unique():
                if len(value.strip()) >= MIN_KNOWN_LENGTH:
                    values[value.strip()] = kind
        if names:
            joined = frame[names].fillna("").astype(str).agg(" ".join, axis=1)
            for full in joined.unique():
                clean = " ".join(full.split())
                if " " in clean and len(clean) >= MIN_KNOWN_LENGTH:
                    values[clean] = "name"
    return values


def redact(ws: Workspace, raw: pd.DataFrame,
           progress: Callable[[float], None] | None = None) -> pd.DataFrame:
    """*raw* with its texts (and questions) scrubbed, their language and redaction counts."""
    from personakit.privacy import KnownValuesRecognizer

    known = known_values(ws)
    extra = [KnownValuesRecognizer(known)] if known else []
    texts, langs, counts = [], [], []
    questions: dict[str, str] = {}
    total = max(len(raw), 1)
    asked = [q if isinstance(q, str) else None for q in raw["question"]]
    for i, (text, question) in enumerate(zip(raw["text"], asked, strict=True)):
        clean, lang, found = scrub_text(str(text), ws.language, extra)
        texts.append(clean)
        langs.append(lang)
        counts.append(json.dumps(found, sort_keys=True))
        if question is not None and question not in questions:
            questions[question] = scrub_text(str(question), ws.language, extra)[0]
        if progress is not None and i % 500 == 0:
            progress(i / total)
    frame = raw.copy()
    frame["text"] = pd.Series(texts, index=raw.index, dtype=object)
    frame["question"] = pd.Series([None if q is None else questions[q] for q in asked],
                                  index=raw.index, dtype=object)
    frame["lang"] = pd.Series(langs, index=raw.index, dtype=object)
    frame["redactions"] = pd.Series(counts, index=raw.index, dtype=object)
    return frame.reindex(columns=list(COLUMNS))


def scrub_text(text: str, default_lang: str,
               extra: Iterable[Any] = ()) -> tuple[str, str, dict[str, int]]:
    """*text* redacted, its language, and what was removed (kind -> count).

    Redaction comes first; the language is detected on the redacted text, and the
    placeholders are then written in that language when it is Dutch or English.
    """
    from personakit.i18n import LANGUAGES
    from personakit.privacy import find_pii, placeholder

    findings = find_pii(text, extra=list(extra))
    neutral = _replace(text, findings, lambda kind: "[]")
    lang = detect_language(neutral, default=default_lang)
    shown = lang if lang in LANGUAGES else default_lang
    redacted = _replace(text, findings, lambda kind: placeholder(kind, shown))
    found: dict[str, int] = {}
    for finding in findings:
        found[finding.kind] = found.get(finding.kind, 0) + 1
    return redacted, lang, found


def _replace(text: str, findings: Iterable[Any], shown: Callable[[str], str]) -> str:
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position:finding.start])
        parts.append(shown(finding.kind))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def _write(ws: Workspace, frame: pd.DataFrame, stamp: str) -> None:
    relative = f"{DERIVED_DIR}/{stamp}.parquet"
    schema = pa.schema([(c, pa.float64() if c == "rating" else pa.string()) for c in COLUMNS])
    table = pa.Table.from_pandas(frame.reindex(columns=list(COLUMNS)), schema=schema,
                                 preserve_index=False)
    with ws.transaction() as st:
        pq.write_table(table, st.file_path(relative))
    for old in (ws.root / DERIVED_DIR).glob("*.parquet"):
        if old.name != f"{stamp}.parquet":
            old.unlink(missing_ok=True)  # texts of snapshots no longer current


def derived_files(ws: Workspace) -> list[str]:
    """The derived text files present (relative paths), for erasure."""
    folder = ws.root / DERIVED_DIR
    return sorted(f"{DERIVED_DIR}/{p.name}" for p in folder.glob("*.parquet")) \
        if folder.is_dir() else []

