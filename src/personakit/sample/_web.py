"""Web analytics funnel events: home → product → offerte → afrekenen → bevestiging."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from personakit.sample import _segments as sg

STEPS = ("home", "product", "offerte", "afrekenen", "bevestiging")
ANONYMOUS_SHARE = 0.08  # sessions of visitors who did not log in: no klant_id
PERIOD_START = np.datetime64("2025-11-02T00:00:00")
PERIOD_DAYS = 91


def web_frame(rng: np.random.Generator, members: pd.DataFrame) -> pd.DataFrame:
    """One row per page step; sessions go deeper or drop off by segment."""
    seg_all = members["segment"].to_numpy()
    sessions = rng.poisson(sg.WEB_SESSIONS[seg_all])
    owner = np.repeat(np.arange(seg_all.shape[0]), sessions)
    keys = members["klantnummer"].to_numpy()[owner].astype("float64")
    seg = seg_all[owner]
    anonymous = int(owner.shape[0] * ANONYMOUS_SHARE)
    seg = np.concatenate([seg, sg.draw_segments(rng, anonymous)])
    keys = np.concatenate([keys, np.full(anonymous, np.nan)])
    s = seg.shape[0]
    go_on = np.cumprod(rng.random((s, 4)) < sg.FUNNEL_NEXT[seg], axis=1)
    depth = 1 + go_on.sum(axis=1)
    device = sg.pick(rng, seg, sg.DEVICE_P)
    day = rng.integers(0, PERIOD_DAYS, size=s)
    second = np.clip(rng.normal(14.5 * 3600, 4 * 3600, size=s), 0, 86_399).astype(np.int64)
    start = PERIOD_START + (day * 86_400 + second).astype("timedelta64[s]")
    order = np.argsort(start, kind="stable")
    depth, device, start, keys = depth[order], device[order], start[order], keys[order]
    session = np.repeat(np.arange(s), depth)
    first = np.repeat(np.cumsum(depth) - depth, depth)
    step = np.arange(session.shape[0]) - first
    gap = rng.exponential(70.0, size=len(session)).astype(np.int64) + 5
    gap[step == 0] = 0
    cumulative = np.cumsum(gap)
    offset = cumulative - cumulative[first]
    moment = start[session] + offset.astype("timedelta64[s]")
    return pd.DataFrame({
        "klant_id": pd.array(keys[session], dtype="Int64"),
        "sessie_id": np.char.add("S", np.char.zfill(np.arange(s).astype(str), 8))[session],
        "tijdstip": np.datetime_as_string(moment, unit="s"),
        "apparaat": np.array(sg.DEVICES, dtype=object)[device[session]],
        "stap": np.array(STEPS, dtype=object)[step],
    })


def write_web(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, sep=",", index=False, encoding="utf-8", lineterminator="\n")
