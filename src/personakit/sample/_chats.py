"""Support chats in JSONL (one message per line), Dutch, with segment-typical topics."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pandas as pd

from personakit.sample import _phrases as ph
from personakit.sample import _segments as sg
from personakit.sample._people import bsns
from personakit.sample._text import Person, Planted, fill, plant

PII_SHARE = 0.05  # of customer messages
# Which personal data people give away depends on the topic (a refund: the IBAN).
PII_KIND_BY_TOPIC: dict[str, tuple[str, ...]] = {
    "pech_buitenland": ("phone", "name", "email"),
    "pech_nederland": ("address", "postcode", "phone", "name"),
    "factuur": ("iban", "iban", "email", "name", "bsn"),
    "app_storing": ("email", "phone", "name"),
    "opzeggen": ("iban", "name", "postcode", "bsn"),
    "lidmaatschap_wijzigen": ("name", "email", "address", "bsn"),
    "fietspech": ("address", "phone", "name"),
    "reisverzekering": ("email", "iban", "bsn", "phone"),
}
START = np.datetime64("2025-02-01T00:00:00")
SPAN_DAYS = 365


def _conversation_owners(rng: np.random.Generator, segment: np.ndarray) -> np.ndarray:
    """Row numbers of the members, once per conversation they had."""
    per_member = rng.poisson(sg.CHATS_PER_MEMBER[segment])
    return np.repeat(np.arange(segment.shape[0]), per_member)


def _starts(rng: np.random.Generator, topics: np.ndarray) -> np.ndarray:
    day = rng.integers(0, SPAN_DAYS, size=topics.shape[0])
    abroad = topics == ph.CHAT_TOPIC_NAMES.index("pech_buitenland")
    summer = rng.integers(120, 212, size=topics.shape[0])  # June-August
    day = np.where(abroad & (rng.random(topics.shape[0]) < 0.7), summer, day)
    seconds = rng.integers(7 * 3600, 23 * 3600, size=topics.shape[0])
    return START + (day * 86_400 + seconds).astype("timedelta64[s]")


def chat_lines(rng: np.random.Generator, members: pd.DataFrame, persons: dict[int, Person],
               cities: dict[int, str]) -> tuple[list[str], list[tuple[str, str, str, Planted]], int]:
    """JSON lines of every message, the planted items, and the number of conversations."""
    seg_all = members["segment"].to_numpy()
    owners = _conversation_owners(rng, seg_all)
    seg = seg_all[owners]
    topics = sg.pick(rng, seg, np.array(ph.CHAT_TOPIC_P))
    starts = _starts(rng, topics)
    order = np.argsort(starts, kind="stable")
    owners, topics, starts = owners[order], topics[order], starts[order]
    lengths = rng.integers(3, 9, size=owners.shape[0])
    rnd = random.Random(int(rng.integers(2**62)))
    bsn_pool = bsns(rng, max(8, owners.shape[0] // 20))
    keys = members["klantnummer"].to_numpy()
    lines: list[str] = []
    planted: list[tuple[str, str, str, Planted]] = []
    for c in range(owners.shape[0]):
        member = int(owners[c])
        topic = ph.CHAT_TOPIC_NAMES[int(topics[c])]
        customer_turns, agent_turns = ph.CHAT_TOPICS[topic]
        conversation = f"G{c + 1:07d}"
        moment = starts[c]
        for m in range(int(lengths[c])):
            turns = customer_turns if m % 2 == 0 else agent_turns
            text = fill(rnd, rnd.choice(turns[min(m // 2, len(turns) - 1)]), cities[member])
            if m % 2 == 0 and rnd.random() < PII_SHARE:
                kind = rnd.choice(PII_KIND_BY_TOPIC[topic])
                text, item = plant(rnd, text, kind, persons[member], rnd.choice(bsn_pool))
                planted.append(("chats.jsonl", f"{conversation}/{m + 1}", "tekst", item))
            moment = moment + np.timedelta64(rnd.randrange(15, 240), "s")
            lines.append(json.dumps({
                "gesprek_id": conversation,
                "bericht_nr": m + 1,
                "klantnummer": int(keys[member]),
                "tijdstip": str(moment),
                "afzender": "klant" if m % 2 == 0 else "medewerker",
                "tekst": text,
            }, ensure_ascii=False))
    return lines, planted, int(owners.shape[0])


def write_chats(lines: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write(line + "\n")
