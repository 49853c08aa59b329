"""Web analytics funnel events: home → product → offerte → afrekenen → bevestiging.

One row per page step with the customer id (logged-in sessions only), a browser's visitor id
(every session), the session, the time, the device, the entry source and the step. Anonymous
sessions have no customer id; part of them come from a browser that logged in during another
session (the visitor id links them), the rest from browsers never seen logged in.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from personakit.sample import _segments as sg

STEPS = ("home", "product", "offerte", "afrekenen", "bevestiging")
ANONYMOUS_SHARE = 0.08  # sessions of visitors who did not log in: no klant_id
PERIOD_START = np.datetime64("2025-11-02T00:00:00")
PERIOD_DAYS = 91
# Entry source of a session, per segment (order of SEGMENTS): commuters and starters come
# through ads and search on their phones, seniors type the address or follow the newsletter.
SOURCES = ("advertentie", "organisch", "direct", "nieuwsbrief", "verwijzing")
SOURCE_P = np.array([
    [0.35, 0.30, 0.15, 0.10, 0.10],
    [0.20, 0.30, 0.15, 0.20, 0.15],
    [0.05, 0.20, 0.40, 0.30, 0.05],
    [0.20, 0.40, 0.15, 0.10, 0.15],
    [0.45, 0.25, 0.10, 0.05, 0.15],
])
RETURNING_SHARE = 0.4  # anonymous sessions from a browser that logged in on another visit


def web_frame(rng: np.random.Generator, members: pd.DataFrame) -> pd.DataFrame:
    """The event export (see :func:`web_events`), without the hidden truth."""
    return web_events(rng, members)[0]


def web_events(rng: np.random.Generator, members: pd.DataFrame
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per page step; sessions go deeper or drop off by segment.

    Returns the export and the truth per session (``sessie_id, segment``) for tests and
    benchmarks of the assignment of anonymous sessions.
    """
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
    # Drawn after everything above, so the older columns stay byte-identical per seed.
    source = sg.pick(rng, seg, SOURCE_P)[order]
    visitor = _visitors(rng, seg, owner, seg_all, anonymous)[order]
    seg = seg[order]
    session_ids = np.char.add("S", np.char.zfill(np.arange(s).astype(str), 8))
    frame = pd.DataFrame({
        "klant_id": pd.array(keys[session], dtype="Int64"),
        "sessie_id": session_ids[session],
        "tijdstip": np.datetime_as_string(moment, unit="s"),
        "apparaat": np.array(sg.DEVICES, dtype=object)[device[session]],
        "stap": np.array(STEPS, dtype=object)[step],
        "bezoeker_id": np.char.add("V", np.char.zfill(visitor.astype(str), 8))[session],
        "bron": np.array(SOURCES, dtype=object)[source[session]],
    })
    codes = np.array([x.code for x in sg.SEGMENTS], dtype=object)
    truth = pd.DataFrame({"sessie_id": session_ids, "segment": codes[seg],
                          "anoniem": np.isnan(keys).astype(np.int8)})
    return frame, truth


def _visitors(rng: np.random.Generator, seg: np.ndarray, owner: np.ndarray,
              seg_all: np.ndarray, anonymous: int) -> np.ndarray:
    """A visitor (browser) id per session: the member's own for logged-in sessions; for an
    anonymous session either a member of the same segment (a returning browser) or new."""
    members = seg_all.shape[0]
    anon_seg = seg[owner.shape[0]:]
    returning = rng.random(anonymous) < RETURNING_SHARE
    borrowed = np.full(anonymous, -1, dtype=np.int64)
    visited = np.unique(owner)
    for code in range(len(sg.SEGMENTS)):
        pool = visited[seg_all[visited] == code]
        chosen = returning & (anon_seg == code)
        if pool.size and chosen.any():
            borrowed[chosen] = rng.choice(pool, size=int(chosen.sum()))
    fresh = members + np.arange(anonymous)
    return np.concatenate([owner, np.where(borrowed >= 0, borrowed, fresh)]).astype(np.int64)


def write_web(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, sep=",", index=False, encoding="utf-8", lineterminator="\n")


def write_web_truth(truth: pd.DataFrame, path: Path) -> None:
    truth.to_csv(path, sep=";", index=False, encoding="utf-8", lineterminator="\n")
