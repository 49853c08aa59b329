"""Assignment of individuals to profiles: the personal-profile layer.

Every record gets its most likely profile, the posterior probability as confidence, and the
variables that decided it (the largest log-likelihood differences between the chosen profile
and the runner-up). Missing and unseen values drop out of the likelihood, so such a record
still gets an answer, with a lower confidence. A record whose log-likelihood per observed
variable is below the ``fits_none_quantile`` (0.5 %) of the training rows fits no profile.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from personakit.i18n import get_language, t
from personakit.model import Assignment, Segmentation
from personakit.segment._encode import OTHER_LEVEL, SMALL_BATCH, Batch, RecordBatch
from personakit.segment._mixture import LOG_2PI, Design
from personakit.segment._model import StoredModel, load_model
from personakit.segment._naming import readable
from personakit.segment._segmenter import RowScores, single_threaded_blas
from personakit.segment._workspace import _segmentation_row
from personakit.store.tables import profiles as profiles_table
from personakit.workspace import Workspace

TOP_REASONS = 3


@dataclass
class _Loaded:
    model: StoredModel
    names: dict[str, dict[str, str]]


def _load(ws: Workspace, segmentation: Segmentation | str | None) -> _Loaded:
    seg_id = segmentation.id if isinstance(segmentation, Segmentation) else segmentation
    row = _segmentation_row(ws, seg_id)
    model = load_model(ws.root / row.model_path)
    # Names are read each time: a rename in another process must show up at once.
    with ws.engine.connect() as con:
        rows = con.execute(select(profiles_table.c.id, profiles_table.c.name_nl,
                                  profiles_table.c.name_en).where(
            profiles_table.c.segmentation_id == row.id)).all()
    return _Loaded(model, {r.id: {"nl": r.name_nl, "en": r.name_en} for r in rows})


def assign_frame(ws: Workspace, frame: pd.DataFrame,
                 segmentation: Segmentation | str | None = None, *, reasons: bool = True,
                 lang: str | None = None) -> pd.DataFrame:
    """Assign every row of *frame* to a profile of a stored segmentation (default: current).

    Returns ``key, profile_id, profile_name, confidence, reasons, fits_none``; columns are
    matched by name (also without a ``source__`` prefix); missing columns count as missing.
    """
    loaded = _load(ws, segmentation)
    return _assign(loaded, frame, reasons, lang or get_language())[0]


def assign_records(ws: Workspace, records: Sequence[dict[str, Any]],
                   segmentation: Segmentation | str | None = None, *,
                   lang: str | None = None) -> list[Assignment]:
    """Assign a few records (the web API's path: one record costs a few milliseconds)."""
    loaded = _load(ws, segmentation)
    records = [_flat(r) for r in records]
    batch: Batch = (RecordBatch(records) if len(records) <= SMALL_BATCH
                    else pd.DataFrame.from_records(list(records)))
    out, reasons = _assign(loaded, batch, True, lang or get_language())
    return [
        Assignment(key=str(r.key), profile_id=r.profile_id or None,
                   profile_name=r.profile_name or None, confidence=float(r.confidence),  # type: ignore[arg-type]
                   reasons=texts, fits_none=bool(r.fits_none))
        for r, texts in zip(out.itertuples(index=False), reasons, strict=True)
    ]


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """A record with lists and objects (JSON from the API) as the JSON reader stores them:
    ``["app", "mail"]`` as ``app;mail``, an object as JSON text. pandas cannot group
    unhashable values (TypeError on a batch past ``SMALL_BATCH``: tests/test_fuzz_payloads)."""
    if not any(isinstance(v, list | dict) for v in record.values()):
        return record
    from personakit.ingest._formats import _as_text

    return {k: _as_text(v) if isinstance(v, list | dict) else v for k, v in record.items()}


def _assign(loaded: _Loaded, frame: Batch, with_reasons: bool,
            lang: str) -> tuple[pd.DataFrame, list[list[str]]]:
    model = loaded.model
    seg = model.segmenter
    frame = _with_derived(_align(frame, seg.encoder_), getattr(model, "derived", {}))
    design, far = seg._encode(frame)
    # BLAS never threads products this small, and setting its limit costs ~3 ms (finding
    # the loaded libraries): only worth it for real batches.
    with single_threaded_blas() if design.n > SMALL_BATCH else nullcontext():
        scores = seg._apply(design, far)
    fits_none = scores.fits_none(seg.fit_threshold_)
    ids = np.array(model.profile_ids, dtype=object)
    names = np.array([loaded.names.get(i, {}).get(lang, i) for i in model.profile_ids],
                     dtype=object)
    key = model.key
    if key not in frame.columns:
        keys = np.arange(len(frame)).astype(str).astype(object)
    elif isinstance(frame, RecordBatch):
        keys = np.array([str(v) for v in frame[key]], dtype=object)
    else:
        keys = frame[key].astype(str).to_numpy(dtype=object)
    result = pd.DataFrame({
        "key": keys,
        "profile_id": np.where(fits_none, "", ids[scores.labels]),
        "profile_name": np.where(fits_none, "", names[scores.labels]),
        "confidence": np.round(np.where(fits_none, 0.0, scores.confidence), 4),
        "fits_none": fits_none,
    })
    texts = _reasons(model, frame, design, scores, fits_none, lang) if with_reasons else []
    result.insert(4, "reasons", ["; ".join(r) for r in texts] if with_reasons else "")
    return result, texts


def _align(frame: Batch, encoder: Any) -> Batch:
    """Match the model's columns, also when the file lacks the ``source__`` prefix."""
    wanted = {v.column for v in encoder.numeric_} | {v.column for v in encoder.categorical_}
    renames = {}
    present = set(frame.columns)
    for column in wanted - present:
        short = column.split("__", 1)[-1]
        if short in present:
            renames[short] = column
    return frame.rename(columns=renames) if renames else frame


def _with_derived(frame: Batch, derived: dict[str, tuple[str, float]]) -> Batch:
    """The ages the model derived from a date of birth, derived the same way for these
    records (a record that carries the age itself keeps it)."""
    from personakit.segment._workspace import age_from_birth

    for name, (column, reference) in derived.items():
        if name in frame.columns or column not in frame.columns:
            continue
        if isinstance(frame, RecordBatch):
            ages = age_from_birth(pd.Series(frame[column], dtype=object), reference)
            frame.data[name] = [None if math.isnan(a) else float(a) for a in ages]
        else:
            frame = frame.assign(**{name: age_from_birth(frame[column], reference)})
    return frame


def _reasons(model: StoredModel, frame: Batch, d: Design, scores: RowScores,
             fits_none: np.ndarray, lang: str) -> list[list[str]]:
    seg = model.segmenter
    k = seg.params_.k
    contrib, observed_vars = _contributions(d, seg.params_, scores.labels, scores.runner_up)
    top = np.argsort(-contrib, axis=1)[:, :TOP_REASONS]
    n_vars = contrib.shape[1]
    texts = _ReasonTexts(model, frame, d, lang)
    out: list[list[str]] = []
    for i in range(d.n):
        if fits_none[i]:
            if scores.n_observed[i] == 0:
                out.append([t("segment.reason.no_data", lang)])
            elif scores.far[i] > 0:
                out.append([t("segment.reason.far_value", lang, count=int(scores.far[i]))])
            else:
                out.append([t("segment.reason.fits_none", lang)])
            continue
        row: list[str] = []
        for j in top[i]:
            if k > 1 and contrib[i, j] <= 0:
                break
            text = texts.text(i, int(j), int(scores.labels[i]))
            if text:
                row.append(text)
        missing = n_vars - int(observed_vars[i])
        if missing:
            row.append(t("segment.reason.missing", lang, count=missing, total=n_vars))
        out.append(row)
    return out


def _contributions(d: Design, params: Any, labels: np.ndarray,
                   other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n, variables) log-likelihood of the chosen profile minus the runner-up, per variable."""
    def num_ll(c: np.ndarray) -> np.ndarray:
        mu, var = params.means[c], params.variances[c]
        return np.asarray(-0.5 * (np.log(var) + LOG_2PI + (d.x - mu) ** 2 / var)
                          * d.mask * d.w_num)

    parts = [num_ll(labels) - num_ll(other)] if d.x.shape[1] else []
    if d.onehot.shape[1]:
        logp = np.log(params.probs)
        diff = (logp[labels] - logp[other]) * d.onehot * d.w_lev
        parts.append(np.add.reduceat(diff, d.starts, axis=1))
        cat_obs = np.add.reduceat(d.onehot, d.starts, axis=1)
    else:
        cat_obs = np.zeros((d.n, 0))
    contrib = np.hstack(parts) if parts else np.zeros((d.n, 0))
    observed = d.mask.sum(axis=1) + cat_obs.sum(axis=1)
    return contrib, observed


class _ReasonTexts:
    """Reason sentences; a categorical sentence depends only on (variable, level, profile),
    so it is formatted once and reused for every row that shares it."""

    def __init__(self, model: StoredModel, frame: Batch, d: Design, lang: str) -> None:
        self.model, self.d, self.lang = model, d, lang
        self.seg = model.segmenter
        self.num_vars = self.seg.encoder_.numeric_
        self.frame = frame
        self.raw: dict[str, np.ndarray] = {}  # read when a reason first needs the column
        self.cache: dict[tuple[int, int, int], str] = {}

    def _raw(self, var: Any) -> np.ndarray:
        if var.name not in self.raw:
            frame = self.frame
            self.raw[var.name] = (self.seg.encoder_.raw_column(frame[var.column], var)
                                  if var.column in frame.columns
                                  else np.full(len(frame), np.nan))
        return self.raw[var.name]

    def text(self, i: int, j: int, label: int) -> str | None:
        if j < len(self.num_vars):
            var = self.num_vars[j]
            if var.kind == "text":
                return t("segment.reason.text", self.lang, variable=readable(var.column))
            means = self.model.profile_means.get(var.column)
            mean = means[label] if means else math.nan
            value = float(self._raw(var)[i])
            shown = _fmt(value)
            if var.kind == "ordinal" and var.levels and math.isfinite(value):
                shown = var.levels[min(max(int(round(value)), 1), len(var.levels)) - 1]
            return t("segment.reason.numeric", self.lang, variable=readable(var.column),
                     value=shown, mean=_fmt(mean))
        v = j - len(self.num_vars)
        cat = self.seg.encoder_.categorical_[v]
        start = int(self.d.starts[v])
        block = self.d.onehot[i, start:start + len(cat.levels)]
        if not block.any():
            return None
        level_index = int(block.argmax())
        key = (v, level_index, label)
        if key not in self.cache:
            self.cache[key] = self._level_text(cat, start, level_index, label)
        return self.cache[key]

    def _level_text(self, cat: Any, start: int, level_index: int, label: int) -> str:
        params = self.seg.params_
        probs = params.probs[:, start + level_index]
        share, overall = float(probs[label]), float(probs @ params.weights)
        level = cat.levels[level_index]
        if cat.kind == "multiselect":
            key = "segment.reason.option_yes" if level == "1" else "segment.reason.option_no"
            return t(key, self.lang, variable=readable(cat.column), option=cat.option,
                     share=f"{share:.0%}", rest=f"{overall:.0%}")
        if cat.kind == "boolean":
            key = "segment.reason.bool_yes" if level == "1" else "segment.reason.bool_no"
            return t(key, self.lang, variable=readable(cat.column), share=f"{share:.0%}",
                     rest=f"{overall:.0%}")
        if level == OTHER_LEVEL:
            level = t("segment.level.other", self.lang)
        return t("segment.reason.level", self.lang, variable=readable(cat.column),
                 level=level, share=f"{share:.0%}", rest=f"{overall:.0%}")


def _fmt(value: float) -> str:
    if not math.isfinite(value):
        return "?"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}".replace(",", "\u2009")
    return f"{value:.1f}"
